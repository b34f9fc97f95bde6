//! The feature suite as a test: every scenario against the embedded reference.
//! Run with `cargo test --test features`; `KMSCONF_TAGS` narrows it by tag expression.

use std::process::ExitCode;
use std::sync::Arc;

use kms_conformance::{InProcessTarget, RunOptions, Target, TargetFactory, run_features};

#[tokio::main]
async fn main() -> ExitCode {
    let mut options = RunOptions::new(concat!(env!("CARGO_MANIFEST_DIR"), "/features"));
    options.tags = std::env::var("KMSCONF_TAGS").ok();
    options.junit = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/kmsconf/features-junit.xml"
    )
    .into();
    let factory: TargetFactory =
        Arc::new(|seed| Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>);
    match run_features(options, factory).await {
        Ok(summary) => {
            println!("\n{}", summary.render());
            println!("{}", summary.closing_line());
            if summary.is_success() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("features: {e}");
            ExitCode::FAILURE
        }
    }
}
