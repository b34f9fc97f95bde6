//! JSON lines: one object per scenario (feature, name, tags, status, duration,
//! throttled calls retried, detail).

use serde_json::json;

use crate::report::RunReport;

/// One line per scenario, in the order they finished.
pub fn jsonl_report(report: &RunReport) -> String {
    let mut out = String::new();
    for r in &report.records {
        let line = json!({
            "run": report.run_id,
            "target": report.target,
            "feature": r.feature,
            "line": r.line,
            "name": r.name,
            "tags": r.tags,
            "status": r.status.as_str(),
            "duration_ms": r.duration_ms,
            "retries": r.retries,
            "detail": r.detail,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}
