//! `kmsconf`: run the KMS conformance suite.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use kms_conformance::policy_cli::{self, EXIT_USAGE, PolicySource};
use kms_conformance::{InProcessTarget, RunOptions, Target, TargetFactory, run_features};
use kms_reference::{Clock as _, SystemClock};

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
    /// RAM policy tools: a simulator and a linter.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Subcommand, Debug)]
enum PolicyCommand {
    /// Decide whether the policies allow an action on a resource, and say which statements
    /// decided. Exit 0 when allowed, 1 when denied, 2 when the input is unusable.
    Check {
        /// Policy documents (JSON files); all apply together.
        #[arg(long = "policy", required = true, num_args = 1..)]
        policies: Vec<PathBuf>,
        /// The action, e.g. kms:Encrypt.
        #[arg(long)]
        action: String,
        /// The resource ARN, e.g. acs:kms:cn-hangzhou:1234567890123456:key/KEY-ID.
        #[arg(long)]
        resource: String,
        /// Condition keys of the request, as key=value (acs:SourceIp=10.0.0.1,
        /// kms:tag/Project=Apollo, ...). acs:CurrentTime defaults to now.
        #[arg(long = "context")]
        context: Vec<String>,
        /// Print the decision as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print every problem of each document with the offending line underlined.
    /// Exit 0 when all are valid, 1 when any has problems, 2 when a file cannot be read.
    Lint {
        /// Policy documents (JSON files).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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
        Command::Policy(command) => policy(command),
    }
}

fn read_sources(paths: &[PathBuf]) -> Result<Vec<PolicySource>, String> {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Ok(PolicySource {
                name: p.display().to_string(),
                text,
            })
        })
        .collect()
}

fn policy(command: PolicyCommand) -> ExitCode {
    let result = match command {
        PolicyCommand::Check {
            policies,
            action,
            resource,
            context,
            json,
        } => read_sources(&policies).and_then(|sources| {
            let context = policy_cli::parse_context(&context, SystemClock.now())?;
            Ok(policy_cli::check(
                &sources, &action, &resource, &context, json,
            ))
        }),
        PolicyCommand::Lint { files } => read_sources(&files).map(|s| policy_cli::lint(&s)),
    };
    match result {
        Ok((output, code)) => {
            print!("{output}");
            ExitCode::from(code)
        }
        Err(e) => {
            eprintln!("kmsconf: {e}");
            ExitCode::from(EXIT_USAGE)
        }
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
