#!/usr/bin/env python3
"""The table of docs/mutation.md from cargo-mutants' outcomes.json files.

Per module (source file): every mutant cargo-mutants generates, how many were tested, and of
those caught, missed, equivalent (listed in the equivalents file, with a reason), unviable
(did not build) and timeouts. The score is caught / (caught + missed), equivalents left out;
unviable mutants and timeouts are counted apart, in neither term. The raw score counts the
equivalents as missed.

    summary.py --list LIST.json [--equivalent FILE] [--only PREFIX] [--totals-only] PATH...

LIST.json is `cargo mutants --list --json --package kms-reference`; each PATH is an
outcomes.json or a directory searched for them. When a mutant was tested in several runs the
latest run counts (a rerun after a new scenario replaces the miss it answers).
"""

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUTCOMES = {
    "CaughtMutant": "caught",
    "MissedMutant": "missed",
    "Unviable": "unviable",
    "Timeout": "timeout",
}


def read_equivalents(path):
    """Mutant name -> reason, from lines `NAME # REASON` (blank lines and `#` lines skipped)."""
    out = {}
    if path is None or not Path(path).exists():
        return out
    for line in Path(path).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, reason = line.partition(" # ")
        if not sep or not reason.strip():
            sys.exit(f"{path}: an equivalent mutant needs its reason after ` # `: {line!r}")
        out[name.strip()] = reason.strip()
    return out


def outcome_files(paths):
    for p in map(Path, paths):
        if p.is_dir():
            yield from p.rglob("outcomes.json")
        elif p.exists():
            yield p


def latest_outcomes(paths):
    """Mutant name -> (file, outcome) of its latest run, runs ordered by their start time."""
    runs = []
    for f in outcome_files(paths):
        data = json.loads(f.read_text())
        runs.append((data.get("start_time", ""), str(f), data))
    latest = {}
    for _, _, data in sorted(runs):
        for o in data["outcomes"]:
            scenario = o["scenario"]
            if not isinstance(scenario, dict) or "Mutant" not in scenario:
                continue  # the baseline
            m = scenario["Mutant"]
            summary = o["summary"]
            if summary not in OUTCOMES:
                sys.exit(f"unexpected outcome {summary!r} for {m['name']}")
            latest[m["name"]] = (m["file"], OUTCOMES[summary])
    return latest


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", required=True)
    ap.add_argument("--equivalent")
    ap.add_argument("--only", default="", help="only modules whose path starts with this")
    ap.add_argument("--totals-only", action="store_true")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()

    generated = json.loads(Path(args.list).read_text())
    names = {m["name"] for m in generated}
    totals = Counter(m["file"] for m in generated)
    equivalents = read_equivalents(args.equivalent)
    stale = sorted(set(equivalents) - names)
    if stale:
        sys.exit("equivalents that cargo-mutants no longer generates:\n  " + "\n  ".join(stale))
    latest = {} if args.totals_only else latest_outcomes(args.paths)

    counts = defaultdict(Counter)
    missed = []
    for name, (file, outcome) in sorted(latest.items()):
        if outcome == "missed" and name in equivalents:
            outcome = "equivalent"
        elif outcome == "missed":
            missed.append(name)
        counts[file][outcome] += 1

    print(
        "| module | mutants | tested | caught | missed | equivalent | unviable | timeout "
        "| score | raw score |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sums = Counter()
    for file in sorted(totals):
        if not file.startswith(args.only):
            continue
        c = counts.get(file, Counter())
        tested = sum(c.values())
        row = Counter(c, mutants=totals[file], tested=tested)
        sums.update(row)
        print(row_text(file.removeprefix("reference/src/"), row))
    print(row_text("**total**", sums))
    if missed:
        print("\nmissed (neither caught nor listed as equivalent):")
        for name in missed:
            print(f"  {name}")


def percent(caught, judged, c):
    if not c["tested"]:
        return "not measured"
    text = f"{100 * caught / judged:.0f}%" if judged else "n/a"
    return text + (" (part)" if c["tested"] < c["mutants"] else "")


def row_text(label, c):
    score = percent(c["caught"], c["caught"] + c["missed"], c)
    raw = percent(c["caught"], c["caught"] + c["missed"] + c["equivalent"], c)
    cols = ["mutants", "tested", "caught", "missed", "equivalent", "unviable", "timeout"]
    return f"| {label} | " + " | ".join(str(c[k]) for k in cols) + f" | {score} | {raw} |"


if __name__ == "__main__":
    main()
