//! JUnit XML (testsuites / testsuite per feature / testcase per scenario), with the same counts
//! as the terminal summary: a known divergence is a skipped test case with its reason. Each
//! suite's properties carry its throttled calls retried.

use crate::report::{RunReport, Status, escape_markup};

/// The JUnit document of a run.
pub fn junit_report(report: &RunReport) -> String {
    let total = report.total();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"kmsconf\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
        total.total(),
        total.failed,
        total.skipped + total.known
    ));
    for (feature, counts) in report.per_feature() {
        let seconds: f64 = report
            .records
            .iter()
            .filter(|r| r.feature == feature)
            .map(|r| r.duration_ms as f64 / 1000.0)
            .sum();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{seconds:.3}\">\n",
            escape_markup(feature),
            counts.total(),
            counts.failed,
            counts.skipped + counts.known
        ));
        let retries: u64 = report
            .records
            .iter()
            .filter(|r| r.feature == feature)
            .map(|r| u64::from(r.retries))
            .sum();
        out.push_str(&format!(
            "    <properties><property name=\"throttled-retries\" value=\"{retries}\"/></properties>\n"
        ));
        for r in report.records.iter().filter(|r| r.feature == feature) {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                escape_markup(feature),
                escape_markup(&format!("{} (line {})", r.name, r.line)),
                r.duration_ms as f64 / 1000.0
            ));
            let detail = escape_markup(r.detail.as_deref().unwrap_or(""));
            match r.status {
                Status::Pass => out.push_str("/>\n"),
                Status::Fail => out.push_str(&format!(
                    ">\n      <failure message=\"scenario failed\">{detail}</failure>\n    </testcase>\n"
                )),
                Status::Skip => out.push_str(&format!(">\n      <skipped message=\"{detail}\"/>\n    </testcase>\n")),
                Status::Known => out.push_str(&format!(
                    ">\n      <skipped message=\"known divergence\">{detail}</skipped>\n    </testcase>\n"
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
