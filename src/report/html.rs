//! A single self-contained HTML page: the conformance matrix as a coloured grid, and every
//! failing, known and skipped scenario with its details. No script, no external resource.

use crate::report::markdown::conformance;
use crate::report::{Counts, Matrix, RunReport, Status, escape_markup};

const STYLE: &str = "
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}
.headline{font-size:1.1rem;margin:.5rem 0 1.5rem}
.pct{font-weight:700;font-size:1.6rem}
table{border-collapse:collapse;margin-bottom:2rem}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
th{background:#f6f8fa}
.full{background:#dafbe1}.partial{background:#fff8c5}.none{background:#ffebe9}.empty{background:#f6f8fa;color:#8c959f}
.fail{color:#cf222e;font-weight:600}.skip{color:#9a6700}.known{color:#8250df}
details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
summary{cursor:pointer}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.6rem;border-radius:6px;font-size:.85rem}
.tag{display:inline-block;background:#ddf4ff;border-radius:1em;padding:0 .5em;margin-right:.25em;font-size:.8rem}
";

fn class(c: &Counts) -> &'static str {
    let run = c.passed + c.failed + c.known;
    if run == 0 {
        "empty"
    } else if c.passed == run {
        "full"
    } else if c.passed == 0 {
        "none"
    } else {
        "partial"
    }
}

fn cell(c: &Counts) -> String {
    let run = c.passed + c.failed + c.known;
    format!("<td class=\"{}\">{} / {run}</td>", class(c), c.passed)
}

/// The HTML report.
pub fn html_report(report: &RunReport) -> String {
    let matrix = Matrix::of(report);
    let all = matrix.total.all();
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str(&format!(
        "<title>KMS conformance: {}</title>",
        escape_markup(&report.target)
    ));
    out.push_str(&format!("<style>{STYLE}</style></head><body>\n"));
    out.push_str(&format!(
        "<h1>KMS conformance: {}</h1>\n",
        escape_markup(&report.target)
    ));
    out.push_str(&format!(
        "<p class=\"headline\"><span class=\"pct\">{}</span> of the scenarios run passed ({} passed, <span class=\"fail\">{} failed</span>, <span class=\"known\">{} known divergences</span>, <span class=\"skip\">{} skipped</span>). Documented behaviour {}, inferred {}. Throttled calls retried: {}. Run <code>{}</code>.</p>\n",
        conformance(&all),
        all.passed,
        all.failed,
        all.known,
        all.skipped,
        conformance(&matrix.total.documented),
        conformance(&matrix.total.inferred),
        report.retries(),
        escape_markup(&report.run_id),
    ));
    out.push_str("<table><thead><tr><th>API or area</th><th>documented</th><th>inferred</th><th>all</th><th>failed</th><th>skipped</th><th>known</th></tr></thead><tbody>\n");
    for row in matrix.rows.iter().chain(std::iter::once(&matrix.total)) {
        let a = row.all();
        out.push_str(&format!(
            "<tr><td>{}</td>{}{}{}<td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape_markup(&row.label),
            cell(&row.documented),
            cell(&row.inferred),
            cell(&a),
            a.failed,
            a.skipped,
            a.known
        ));
    }
    out.push_str("</tbody></table>\n");
    for (status, title) in [
        (Status::Fail, "Failures"),
        (Status::Known, "Known divergences"),
        (Status::Skip, "Skipped"),
    ] {
        let records: Vec<_> = report
            .records
            .iter()
            .filter(|r| r.status == status)
            .collect();
        if records.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<h2 id=\"{}\">{title} ({})</h2>\n",
            status.as_str(),
            records.len()
        ));
        for r in records {
            let tags: String = r
                .tags
                .iter()
                .map(|t| format!("<span class=\"tag\">@{}</span>", escape_markup(t)))
                .collect();
            out.push_str(&format!(
                "<details><summary><span class=\"{}\">{}</span> {} <small>{}:{}</small></summary><p>{tags}</p><pre>{}</pre></details>\n",
                status.as_str(),
                status.as_str(),
                escape_markup(&r.name),
                escape_markup(&r.feature),
                r.line,
                escape_markup(r.detail.as_deref().unwrap_or("no details were reported: the failure still counts"))
            ));
        }
    }
    out.push_str("</body></html>\n");
    out
}
