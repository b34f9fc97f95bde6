//! The conformance matrix: one row per API and per area, counts per status with documented
//! and inferred behaviour apart, and a headline conformance percentage.

use kms_reference::Api;

use crate::report::{Counts, RunReport, ScenarioRecord, Status};

/// Areas reported as rows after the APIs.
const AREAS: &[&str] = &[
    "api",
    "lifecycle",
    "crypto",
    "import",
    "aliases",
    "tags",
    "authz",
    "trail",
    "wire",
];

/// One row of the matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatrixRow {
    /// The API name or `@area`.
    pub label: String,
    /// Scenarios tagged `@documented`.
    pub documented: Counts,
    /// Scenarios tagged `@inferred`.
    pub inferred: Counts,
}

impl MatrixRow {
    /// Documented and inferred together.
    pub fn all(&self) -> Counts {
        Counts {
            passed: self.documented.passed + self.inferred.passed,
            failed: self.documented.failed + self.inferred.failed,
            skipped: self.documented.skipped + self.inferred.skipped,
            known: self.documented.known + self.inferred.known,
        }
    }
}

/// The matrix of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    /// API rows (in the order of the API list), then area rows.
    pub rows: Vec<MatrixRow>,
    /// All scenarios.
    pub total: MatrixRow,
}

fn count(row: &mut MatrixRow, r: &ScenarioRecord) {
    if r.has_tag("inferred") {
        row.inferred.add(r.status)
    } else {
        row.documented.add(r.status)
    }
}

impl Matrix {
    /// Builds the matrix of `report`.
    pub fn of(report: &RunReport) -> Matrix {
        let mut rows = Vec::new();
        let apis: Vec<&str> = Api::ALL.iter().map(|a| a.name()).collect();
        let api_rows = apis
            .iter()
            .map(|api| ((*api).to_owned(), Some(*api), (*api).to_owned()));
        let area_rows = AREAS
            .iter()
            .map(|a| (format!("@{a}"), None, (*a).to_owned()));
        for (label, api, tag) in api_rows.chain(area_rows) {
            let mut row = MatrixRow {
                label,
                ..MatrixRow::default()
            };
            let member = |r: &&ScenarioRecord| match api {
                Some(api) => r.is_about(api, &apis),
                None => r.has_tag(&tag),
            };
            for r in report.records.iter().filter(member) {
                count(&mut row, r);
            }
            if row.all().total() > 0 {
                rows.push(row);
            }
        }
        let mut total = MatrixRow {
            label: "all scenarios".into(),
            ..MatrixRow::default()
        };
        for r in &report.records {
            count(&mut total, r);
        }
        Matrix { rows, total }
    }
}

/// Passed out of decided (passed + failed), as a percentage with one decimal.
pub(crate) fn conformance(c: &Counts) -> String {
    let decided = c.passed + c.failed + c.known;
    if decided == 0 {
        "n/a".into()
    } else {
        format!("{:.1}%", 100.0 * c.passed as f64 / decided as f64)
    }
}

fn cell(c: &Counts) -> String {
    let run = c.passed + c.failed + c.known;
    format!("{} / {}", c.passed, run)
}

/// The Markdown report.
pub fn markdown_matrix(report: &RunReport) -> String {
    let matrix = Matrix::of(report);
    let t = &matrix.total;
    let mut out = format!(
        "# KMS conformance: {}\n\nRun `{}`. **Conformance {}** ({} of {} scenarios run passed); documented behaviour {}, inferred {}. Throttled calls retried: {}.\n\n",
        report.target,
        report.run_id,
        conformance(&t.all()),
        t.all().passed,
        t.all().passed + t.all().failed + t.all().known,
        conformance(&t.documented),
        conformance(&t.inferred),
        report.retries(),
    );
    out.push_str("Cells are passed / run. Skipped scenarios did not run (each has a reason); known divergences are failures the target declares.\n\n");
    out.push_str(
        "| API or area | documented | inferred | failed | skipped | known | conformance |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for row in matrix.rows.iter().chain(std::iter::once(t)) {
        let all = row.all();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            row.label,
            cell(&row.documented),
            cell(&row.inferred),
            all.failed,
            all.skipped,
            all.known,
            conformance(&all)
        ));
    }
    let failures: Vec<&ScenarioRecord> = report
        .records
        .iter()
        .filter(|r| r.status == Status::Fail)
        .collect();
    if !failures.is_empty() {
        out.push_str("\n## Failures\n\n");
        for r in failures {
            out.push_str(&format!("- `{}:{}` {}\n", r.feature, r.line, r.name));
        }
    }
    out
}
