//! `kmsconf`: run the KMS conformance suite, serve the reference, simulate RAM policies.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use kms_conformance::policy_cli::{self, EXIT_USAGE, PolicySource};
use kms_conformance::server::{ServeOptions, TestControls, shutdown_signal};
use kms_conformance::{
    InProcessTarget, RemoteControls, RemoteOptions, RemoteTarget, RunOptions, Target,
    TargetFactory, run_features,
};
use kms_reference::{Clock as _, SignatureVersion, SystemClock};

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
    /// Serve the reference over HTTP: KMS, the RAM subset and ActionTrail LookupEvents.
    Serve(ServeArgs),
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
    /// Run against this endpoint (e.g. http://127.0.0.1:8640) instead of the embedded reference.
    #[arg(long)]
    endpoint: Option<String>,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// Signature for requests to the endpoint.
    #[arg(long, value_enum, default_value_t = SignatureArg::V3)]
    signature: SignatureArg,
    /// The endpoint has no ActionTrail LookupEvents: skip @needs-trail scenarios.
    #[arg(long)]
    no_trail: bool,
}

#[derive(clap::Args, Debug)]
struct CredentialArgs {
    /// AccessKey id of the account (root); default: $ALIBABA_CLOUD_ACCESS_KEY_ID.
    #[arg(long, env = "ALIBABA_CLOUD_ACCESS_KEY_ID", hide_env_values = true)]
    access_key_id: Option<String>,
    /// AccessKey secret; default: $ALIBABA_CLOUD_ACCESS_KEY_SECRET.
    #[arg(long, env = "ALIBABA_CLOUD_ACCESS_KEY_SECRET", hide_env_values = true)]
    access_key_secret: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum SignatureArg {
    /// HMAC-SHA1, parameters in the query (older SDKs).
    V1,
    /// ACS3-HMAC-SHA256 in the Authorization header (current SDKs).
    V3,
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8640")]
    listen: std::net::SocketAddr,
    /// Region of the reference.
    #[arg(long, default_value = "cn-hangzhou")]
    region: String,
    /// The account's 16-digit uid.
    #[arg(long, default_value = "1234567890123456")]
    account_id: String,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// Serve /__kmsconf/clock so @needs-clock scenarios can move time.
    #[arg(long)]
    allow_clock_control: bool,
    /// Honour x-kmsconf-source-ip / -secure-transport / -mfa headers (@needs-context).
    #[arg(long)]
    allow_context_override: bool,
    /// Serve /__kmsconf/accounts: a fresh account for each scenario (isolation).
    #[arg(long)]
    allow_test_accounts: bool,
    /// All three test controls above. Never on a shared network.
    #[arg(long)]
    test_mode: bool,
    /// Largest request body in bytes (larger ones get 413).
    #[arg(long, default_value_t = 1 << 20)]
    max_body_bytes: usize,
    /// Requests per second per AccessKey before Rejected.Throttling (429).
    #[arg(long)]
    rate_limit: Option<u32>,
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
        Command::Serve(args) => serve(args),
        Command::Policy(command) => policy(command),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("kmsconf: cannot start the async runtime: {e}");
            ExitCode::from(2)
        })
}

fn run(args: RunArgs) -> ExitCode {
    let options = RunOptions {
        features: args.features,
        tags: args.tags,
        name: args.name,
        concurrency: args.concurrency,
        junit: args.junit,
    };
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let factory: TargetFactory = match args.endpoint {
        None => Arc::new(|seed| Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>),
        Some(endpoint) => {
            let (Some(id), Some(secret)) = (
                args.credentials.access_key_id,
                args.credentials.access_key_secret,
            ) else {
                eprintln!(
                    "kmsconf: --endpoint needs credentials: --access-key-id and --access-key-secret, \
                     or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET"
                );
                return ExitCode::from(2);
            };
            let options = RemoteOptions {
                endpoint,
                access_key_id: id,
                access_key_secret: secret,
                signature: match args.signature {
                    SignatureArg::V1 => SignatureVersion::V1,
                    SignatureArg::V3 => SignatureVersion::V3,
                },
                controls: RemoteControls::default(),
                trail: !args.no_trail,
            };
            let client = reqwest::Client::new();
            let options = Arc::new(runtime.block_on(options.probe(&client)));
            println!(
                "kmsconf: target {} (test controls: {:?})",
                options.endpoint, options.controls
            );
            Arc::new(move |_seed| {
                Arc::new(RemoteTarget::new(client.clone(), Arc::clone(&options))) as Arc<dyn Target>
            })
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

fn serve(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_target(false)
        .init();
    let options = ServeOptions {
        listen: args.listen,
        region: args.region,
        account_id: args.account_id,
        access_key_id: args.credentials.access_key_id,
        access_key_secret: args.credentials.access_key_secret,
        controls: TestControls {
            clock: args.allow_clock_control || args.test_mode,
            context: args.allow_context_override || args.test_mode,
            accounts: args.allow_test_accounts || args.test_mode,
        },
        max_body_bytes: args.max_body_bytes,
        rate_limit: args.rate_limit,
    };
    let generated = options.access_key_secret.is_none();
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    runtime.block_on(async {
        let bound = match kms_conformance::server::bind(&options).await {
            Ok(b) => b,
            Err(e) => {
                eprintln!("kmsconf: cannot listen on {}: {e}", options.listen);
                return ExitCode::from(2);
            }
        };
        println!("kmsconf serve: listening on http://{}", bound.addr);
        println!(
            "  region {}, account {}",
            options.region, options.account_id
        );
        println!("  ALIBABA_CLOUD_ACCESS_KEY_ID={}", bound.access_key_id);
        if generated {
            // Generated for this run only, so that a client can be configured with it.
            println!(
                "  ALIBABA_CLOUD_ACCESS_KEY_SECRET={}",
                bound.access_key_secret.expose()
            );
        }
        if options.controls != TestControls::default() {
            println!(
                "  test controls: {:?} (never expose this server)",
                options.controls
            );
        }
        match bound.serve(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kmsconf: server error: {e}");
                ExitCode::FAILURE
            }
        }
    })
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
