//! `kmsconf`: run the KMS conformance suite.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use kms_conformance::{InProcessTarget, RunOptions, Target, TargetFactory, run_features};

/// Conformance harness for Alibaba Cloud KMS 2016-01-20 compatible endpoints.
#[derive(Parser, Debug)]
#[command(name = "kmsconf", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the feature suite (against the embedded reference by default).
    Run(RunArgs),
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Directory of .feature files.
    #[arg(long, default_value_os_t = default_features_dir())]
    features: PathBuf,
    /// Tag expression selecting scenarios, e.g. '@api and not @needs-clock'.
    #[arg(long, short = 't')]
    tags: Option<String>,
    /// Regular expression selecting scenarios by name.
    #[arg(long, short = 'n')]
    name: Option<String>,
    /// Scenarios run at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Where to write the JUnit XML report.
    #[arg(long, default_value = "target/kmsconf/junit.xml")]
    junit: PathBuf,
}

/// `features/` next to the binary's sources when run from a checkout, else `./features`.
fn default_features_dir() -> PathBuf {
    let beside_sources = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("features");
    if beside_sources.is_dir() {
        beside_sources
    } else {
        PathBuf::from("features")
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(args),
    }
}

fn run(args: RunArgs) -> ExitCode {
    let options = RunOptions {
        features: args.features,
        tags: args.tags,
        name: args.name,
        concurrency: args.concurrency,
        junit: args.junit,
    };
    let factory: TargetFactory =
        Arc::new(|seed| Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kmsconf: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run_features(options, factory)) {
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
            eprintln!("kmsconf: {e}");
            ExitCode::from(2)
        }
    }
}
