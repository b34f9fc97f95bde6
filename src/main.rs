//! `kmsconf`: run the KMS conformance suite, serve the reference, simulate RAM policies.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::parser::ValueSource;
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use kms_conformance::cleanup;
use kms_conformance::config::{EXAMPLE_CONFIG, TargetConfig};
use kms_conformance::diff::{self, DiffOptions, Strictness};
use kms_conformance::embedded::ExtractedFeatures;
use kms_conformance::policy_cli::{self, EXIT_USAGE, PolicySource};
use kms_conformance::seed::{SeedError, SeedFile};
use kms_conformance::server::{
    ServeOptions, TestControls, TlsError, TlsSource, root_secret, shutdown_signal,
};
use kms_conformance::store::StoreError;
use kms_conformance::{
    EndpointFlags, HarnessError, InProcessTarget, RemoteOptions, RemoteTarget, RunOptions, Target,
    TargetFactory, html_report, jsonl_report, junit_report, list_scenarios, markdown_matrix,
    new_run_id, run_features,
};
use kms_reference::wire::SignatureVersion;
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
    /// Serve the reference over HTTP(S): KMS, the RAM subset, STS and ActionTrail
    /// LookupEvents. Without --data-dir the state is in memory only: nothing survives a restart.
    Serve(ServeArgs),
    /// RAM policy tools: a simulator and a linter.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Write a commented example target configuration.
    Init {
        /// Where to write it.
        #[arg(default_value = "target.toml")]
        path: PathBuf,
    },
    /// Compare an endpoint with the reference on generated call sequences; the first
    /// disagreement is shrunk and written as a .feature scenario. Exit 0 when none is found,
    /// 1 when one is, 2 on an error.
    Diff(DiffArgs),
    /// Remove what an earlier (crashed) run left on an endpoint: its aliases, and the keys they
    /// name (scheduled for deletion with the shortest window).
    Cleanup(CleanupArgs),
}

#[derive(clap::Args, Debug)]
struct CleanupArgs {
    /// The run's id, as `kmsconf run` printed it.
    #[arg(long)]
    run_id: String,
    /// The endpoint.
    #[arg(long)]
    endpoint: String,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// Trust only the CA certificates of this PEM file for an https endpoint.
    #[arg(long)]
    ca_file: Option<PathBuf>,
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
    /// Test builds only: plant one divergence from the documented behaviour in this process
    /// (reference/src/planted.rs), to show that the suite notices it.
    #[cfg(feature = "planted-divergences")]
    #[arg(long, value_name = "NAME")]
    plant: Option<kms_reference::planted::Divergence>,
    #[command(flatten)]
    target: TargetArgs,
    /// Directory of .feature files (default: the suite built into this binary).
    #[arg(long)]
    features: Option<PathBuf>,
    /// Tag expression selecting scenarios, e.g. '@api and not @needs-clock'.
    #[arg(long, short = 't')]
    tags: Option<String>,
    /// Regular expression selecting scenarios by name.
    #[arg(long, short = 'n')]
    name: Option<String>,
    /// Print what would run, with why a scenario would be skipped on this target, and stop.
    #[arg(long)]
    list: bool,
    /// Stop at the first failing scenario.
    #[arg(long)]
    fail_fast: bool,
    /// Scenarios run at once (default 16, or the config's).
    #[arg(long)]
    concurrency: Option<usize>,
    /// JUnit XML report.
    #[arg(long, default_value = "target/kmsconf/junit.xml")]
    junit: PathBuf,
    /// JSON lines report: one object per scenario.
    #[arg(long)]
    jsonl: Option<PathBuf>,
    /// Markdown conformance matrix.
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Self-contained HTML report.
    #[arg(long)]
    html: Option<PathBuf>,
    /// No live progress; only the summary.
    #[arg(long)]
    quiet: bool,
}

/// The target of `kmsconf run` and `kmsconf diff`: the embedded reference, or an endpoint.
#[derive(clap::Args, Debug)]
struct TargetArgs {
    /// Target configuration (TOML; `kmsconf init` writes an example). Flags override it.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Run against this endpoint (e.g. http://127.0.0.1:8640) instead of the embedded reference.
    #[arg(long)]
    endpoint: Option<String>,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// Signature for requests to the endpoint (default v3, or the config's).
    #[arg(long, value_enum)]
    signature: Option<SignatureArg>,
    /// The endpoint has no ActionTrail LookupEvents: skip @needs-trail scenarios.
    #[arg(long)]
    no_trail: bool,
    /// Trust only the CA certificates of this PEM file for an https endpoint (e.g. the
    /// ca.pem of `kmsconf serve --tls`).
    #[arg(long)]
    ca_file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// Cases to generate; each is a sequence of calls run on the endpoint and on a fresh
    /// reference (in an account of its own where the endpoint offers test accounts).
    #[arg(long, default_value_t = 256)]
    cases: u32,
    /// The generator's seed (default: a random one, printed): the same seed gives the same
    /// cases.
    #[arg(long)]
    seed: Option<u64>,
    /// Stop generating cases after this many seconds (a disagreement is still shrunk).
    #[arg(long, value_name = "SECONDS")]
    time_budget: Option<u64>,
    /// Most operations in one case.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=64))]
    max_ops: u16,
    /// How much of two answers must agree: codes (status and error code), shape (and the
    /// fields' names and types), values (and every normalised value).
    #[arg(long, value_enum, default_value_t = Strictness::default())]
    strictness: Strictness,
    /// Where a disagreement is written: divergence.feature and divergence.txt.
    #[arg(long, default_value = "target/kmsconf/diff")]
    out: PathBuf,
    /// No progress line; only the summary.
    #[arg(long)]
    quiet: bool,
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
    /// Test builds only: plant one divergence from the documented behaviour in this process
    /// (reference/src/planted.rs), to show that the suite notices it.
    #[cfg(feature = "planted-divergences")]
    #[arg(long, value_name = "NAME")]
    plant: Option<kms_reference::planted::Divergence>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8640")]
    listen: std::net::SocketAddr,
    /// Region of the reference.
    #[arg(long, default_value_t = ServeOptions::default().region)]
    region: String,
    /// The account's 16-digit uid.
    #[arg(long, default_value_t = ServeOptions::default().account_id)]
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
    /// Read the root AccessKey secret from the first line of FILE (keep it owner-only) rather
    /// than --access-key-secret, which every local user can read in `ps`.
    #[arg(long, value_name = "FILE")]
    access_key_secret_file: Option<PathBuf>,
    /// Largest request body in bytes (larger ones get 413).
    #[arg(long, default_value_t = ServeOptions::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Bytes of a body over --max-body-bytes read and thrown away before the 413 is answered,
    /// so that clients that write the whole body first still read it; the connection then
    /// closes.
    #[arg(long, default_value_t = ServeOptions::default().max_drain_bytes)]
    max_drain_bytes: usize,
    /// Seconds from the first byte of a request to the end of its header; a slower connection
    /// is closed.
    #[arg(long, default_value_t = ServeOptions::default().header_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_secs: u64,
    /// Seconds a connection may wait for its next request, or stall in a body or an answer,
    /// before it is closed.
    #[arg(long, default_value_t = ServeOptions::default().idle_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_secs: u64,
    /// Connections served at once; further ones wait in the listen queue until one closes.
    #[arg(long, default_value_t = ServeOptions::default().max_connections as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Keys per account before Rejected.LimitExceeded (the documented quota is 200).
    #[arg(long, default_value_t = ServeOptions::default().max_keys)]
    max_keys: usize,
    /// Aliases per account before Rejected.LimitExceeded (the documented quota is 300).
    #[arg(long, default_value_t = ServeOptions::default().max_aliases)]
    max_aliases: usize,
    /// Requests per second per AccessKey before Rejected.Throttling (429).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Do not serve the RAM API (an endpoint without one, for testing reports).
    #[arg(long)]
    no_ram_api: bool,
    /// Do not serve ActionTrail LookupEvents.
    #[arg(long)]
    no_trail_api: bool,
    /// Do not serve STS (AssumeRole, GetCallerIdentity); --no-ram-api implies it.
    #[arg(long)]
    no_sts_api: bool,
    /// Fixtures to make at start (TOML: policies, users with fixed AccessKeys, roles, keys with
    /// fixed ids and material, aliases, tags, secrets); see docs/seed.md. Items already there
    /// are left as they are.
    #[arg(long)]
    seed: Option<PathBuf>,
    /// Keep every key, alias, tag, secret, RAM identity, session and audit event in a durable
    /// store in DIR (made owner-only, with its master key in DIR/master.key), each write
    /// durable before it is answered, and replay it at the next start. Without it the state
    /// is in memory only and nothing survives a restart.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["allow_test_accounts", "test_mode"])]
    data_dir: Option<PathBuf>,
    /// Serve HTTPS with a certificate issued at start by a local CA kept in --tls-dir; hand
    /// its ca.pem to clients (e.g. `kmsconf run --ca-file`).
    #[arg(long)]
    tls: bool,
    /// Where --tls keeps its CA (ca.pem, and ca-key.pem readable by the owner only); made on
    /// first use and reused after, so clients keep trusting it across restarts.
    #[arg(long, default_value = "kmsconf-tls")]
    tls_dir: PathBuf,
    /// A further DNS name or IP address for the --tls certificate (beside localhost,
    /// 127.0.0.1 and ::1); repeatable.
    #[arg(long = "tls-name")]
    tls_names: Vec<String>,
    /// Serve HTTPS with this PEM certificate chain (with --tls-key) instead of a generated one.
    #[arg(long, requires = "tls_key", conflicts_with = "tls")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Only a secret typed on the command line shows in `ps`; one from the environment does not.
    let secret_on_command_line = matches
        .subcommand_matches("serve")
        .and_then(|m| m.value_source("access_key_secret"))
        == Some(ValueSource::CommandLine);
    match cli.command {
        Command::Run(args) => run(args),
        Command::Diff(args) => diff(args),
        Command::Serve(args) => serve(args, secret_on_command_line),
        Command::Policy(command) => policy(command),
        Command::Init { path } => init(&path),
        Command::Cleanup(args) => {
            runtime().map_or_else(|code| code, |rt| rt.block_on(cleanup(args)))
        }
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
    #[cfg(feature = "planted-divergences")]
    if let Err(code) = plant(args.plant) {
        return code;
    }
    let config = match load_config(&args.target) {
        Ok(c) => c,
        Err(code) => return code,
    };
    // The built-in suite lives as long as this run: its directory is removed when it drops.
    let (features, _built_in) = match &args.features {
        Some(dir) => (dir.clone(), None),
        None => match ExtractedFeatures::write() {
            Ok(suite) => (suite.path().to_owned(), Some(suite)),
            Err(e) => {
                eprintln!("kmsconf: cannot write the built-in feature files: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let mut options = RunOptions::from_config(features, &config);
    options.tags = args.tags.clone();
    options.name = args.name.clone();
    if let Some(n) = args.concurrency {
        options.concurrency = n;
    }
    options.fail_fast = args.fail_fast;
    options.progress = !args.quiet;
    options.log = args.junit.with_file_name("steps.log");
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let factory = match factory(&args.target, &config, &runtime) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("kmsconf: {e}");
            return ExitCode::from(2);
        }
    };
    if args.list {
        let caps = factory(0).capabilities();
        return match list_scenarios(&options, caps) {
            Ok(list) => {
                for (scenario, skip) in &list {
                    match skip {
                        None => println!("run   {scenario}"),
                        Some(missing) => println!("skip  {scenario}  ({missing})"),
                    }
                }
                let skipped = list.iter().filter(|(_, s)| s.is_some()).count();
                println!(
                    "{} scenarios: {} would run, {skipped} would be skipped",
                    list.len(),
                    list.len() - skipped
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("kmsconf: {e}");
                ExitCode::from(2)
            }
        };
    }
    println!(
        "kmsconf: run {} against {}",
        options.run_id,
        factory(0).label()
    );
    match runtime.block_on(run_features(options, factory)) {
        Ok(report) => {
            let outputs = [
                (Some(args.junit.clone()), junit_report(&report)),
                (args.jsonl.clone(), jsonl_report(&report)),
                (args.markdown.clone(), markdown_matrix(&report)),
                (args.html.clone(), html_report(&report)),
            ];
            for (path, text) in outputs {
                if let Some(path) = path {
                    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    if let Err(e) = std::fs::write(&path, text) {
                        eprintln!("kmsconf: cannot write {}: {e}", path.display());
                        return ExitCode::from(2);
                    }
                }
            }
            println!("\n{}", report.render());
            println!("{}", report.closing_line());
            if report.is_success() {
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

/// The configuration `--config` names, or the default one.
fn load_config(args: &TargetArgs) -> Result<TargetConfig, ExitCode> {
    match &args.config {
        None => Ok(TargetConfig::default()),
        Some(path) => TargetConfig::load(path).map_err(|e| {
            eprintln!("kmsconf: {e}");
            ExitCode::from(2)
        }),
    }
}

fn diff(args: DiffArgs) -> ExitCode {
    let config = match load_config(&args.target) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let in_process = args.target.endpoint.is_none() && config.endpoint.is_none();
    let endpoint = if in_process {
        Ok(diff::in_process_factory())
    } else {
        factory(&args.target, &config, &runtime)
    };
    let endpoint = match endpoint {
        Ok(f) => f,
        Err(e) => {
            eprintln!("kmsconf: {e}");
            return ExitCode::from(2);
        }
    };
    let label = if in_process {
        "a second in-process reference".to_owned()
    } else {
        endpoint(0).label()
    };
    let seed = args.seed.unwrap_or_else(rand::random);
    let options = DiffOptions {
        cases: args.cases,
        seed,
        time_budget: args.time_budget.map(std::time::Duration::from_secs),
        max_ops: usize::from(args.max_ops),
        strictness: args.strictness,
        out_dir: args.out.clone(),
        progress: !args.quiet,
        known: config
            .divergences()
            .into_iter()
            .filter(|d| d.action.is_some())
            .collect(),
        run_id: new_run_id(),
        endpoint_label: label.clone(),
    };
    println!(
        "kmsconf: diff {} against the reference: {} cases, seed {seed}, strictness {}",
        label, options.cases, options.strictness
    );
    let reference: TargetFactory =
        Arc::new(|seed| Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>);
    let handle = runtime.handle().clone();
    match diff::run_diff(&options, reference, endpoint, &handle) {
        Ok(report) => {
            let secs = report.elapsed.as_secs_f64().max(1e-9);
            let budget = if report.out_of_time {
                " (time budget reached)"
            } else {
                ""
            };
            println!(
                "diff: {} cases, {} calls in {:.1} s ({:.0} cases/s, {:.0} calls/s){budget}; \
                 {} ended at a known divergence",
                report.cases,
                report.calls,
                secs,
                report.cases as f64 / secs,
                report.calls as f64 / secs,
                report.known
            );
            match report.found {
                None => {
                    println!("diff: no divergence (seed {seed})");
                    ExitCode::SUCCESS
                }
                Some(found) => {
                    println!(
                        "diff: DIVERGENCE {}\n  shrunk to {} calls in {} runs (seed {seed})\n  \
                         scenario: {}\n  exchanges: {}",
                        found.summary,
                        found.calls,
                        found.shrink_runs,
                        found.feature.display(),
                        found.transcript.display()
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("kmsconf: {e}");
            ExitCode::from(2)
        }
    }
}

/// The target of a run: the embedded reference, or the endpoint of the flags or the config.
fn factory(
    args: &TargetArgs,
    config: &TargetConfig,
    runtime: &tokio::runtime::Runtime,
) -> Result<TargetFactory, HarnessError> {
    let flags = EndpointFlags {
        endpoint: args.endpoint.clone(),
        access_key_id: args.credentials.access_key_id.clone(),
        access_key_secret: args.credentials.access_key_secret.clone(),
        signature: args.signature.map(|s| match s {
            SignatureArg::V1 => SignatureVersion::V1,
            SignatureArg::V3 => SignatureVersion::V3,
        }),
        no_trail: args.no_trail,
    };
    let Some(options) = RemoteOptions::from_config(config, flags)? else {
        return Ok(Arc::new(|seed| {
            Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>
        }));
    };
    let mut config = config.clone();
    if let Some(ca) = &args.ca_file {
        config.ca_file = Some(ca.clone());
    }
    let client = config.http_client()?;
    let options = Arc::new(runtime.block_on(options.probe(&client)));
    Ok(Arc::new(move |_seed| {
        Arc::new(RemoteTarget::new(client.clone(), Arc::clone(&options))) as Arc<dyn Target>
    }))
}

fn init(path: &std::path::Path) -> ExitCode {
    if path.exists() {
        eprintln!("kmsconf: {} exists; not overwriting it", path.display());
        return ExitCode::from(2);
    }
    match std::fs::write(path, EXAMPLE_CONFIG) {
        Ok(()) => {
            println!(
                "wrote {}; edit it, then: kmsconf run --config {}",
                path.display(),
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kmsconf: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

async fn cleanup(args: CleanupArgs) -> ExitCode {
    let (Some(id), Some(secret)) = (
        args.credentials.access_key_id,
        args.credentials.access_key_secret,
    ) else {
        eprintln!("kmsconf: cleanup needs the endpoint's credentials");
        return ExitCode::from(2);
    };
    let client = match kms_conformance::config::http_client(
        TargetConfig::default().timeout(),
        args.ca_file.as_deref(),
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kmsconf: {e}");
            return ExitCode::from(2);
        }
    };
    let target = RemoteTarget::new(
        client,
        Arc::new(RemoteOptions::new(args.endpoint, id, secret)),
    );
    let leftovers = match cleanup::leftovers_of_run(&target, &args.run_id).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kmsconf: cannot list the run's aliases: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (aliases, keys) = (leftovers.aliases.len(), leftovers.keys.len());
    cleanup::remove(&target, leftovers).await;
    println!(
        "run {}: deleted {aliases} aliases, scheduled {keys} keys for deletion",
        args.run_id
    );
    ExitCode::SUCCESS
}

fn serve(args: ServeArgs, secret_on_command_line: bool) -> ExitCode {
    #[cfg(feature = "planted-divergences")]
    if let Err(code) = plant(args.plant) {
        return code;
    }
    let access_key_secret = match root_secret(
        args.access_key_secret_file.as_deref(),
        args.credentials.access_key_secret.clone(),
        secret_on_command_line,
    ) {
        Ok(secret) => secret,
        Err(e) => {
            eprintln!("kmsconf: {e}");
            return ExitCode::from(2);
        }
    };
    let seed = match &args.seed {
        None => None,
        Some(path) => match SeedFile::load(path) {
            Ok(seed) => Some(Arc::new(seed)),
            Err(e) => {
                eprintln!("kmsconf: {e}");
                return ExitCode::from(2);
            }
        },
    };
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
        access_key_secret,
        controls: TestControls {
            clock: args.allow_clock_control || args.test_mode,
            context: args.allow_context_override || args.test_mode,
            accounts: args.allow_test_accounts || args.test_mode,
        },
        max_body_bytes: args.max_body_bytes,
        max_drain_bytes: args.max_drain_bytes,
        header_timeout: std::time::Duration::from_secs(args.header_timeout_secs),
        idle_timeout: std::time::Duration::from_secs(args.idle_timeout_secs),
        max_connections: args.max_connections as usize,
        max_keys: args.max_keys,
        max_aliases: args.max_aliases,
        rate_limit: args.rate_limit,
        ram_api: !args.no_ram_api,
        trail_api: !args.no_trail_api,
        sts_api: !args.no_sts_api,
        seed,
        data_dir: args.data_dir,
        tls: match (args.tls_cert, args.tls_key) {
            (Some(cert), Some(key)) => Some(TlsSource::Files { cert, key }),
            _ if args.tls => Some(TlsSource::Generated {
                dir: args.tls_dir,
                names: args.tls_names,
            }),
            _ => None,
        },
    };
    let secret_given = options.access_key_secret.is_some();
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    runtime.block_on(async {
        let bound = match kms_conformance::server::bind(&options).await {
            Ok(b) => b,
            Err(e) => {
                let inner = e.get_ref();
                if let Some(tls) = inner.and_then(|i| i.downcast_ref::<TlsError>()) {
                    eprintln!("kmsconf: cannot set up TLS: {tls}");
                } else if let Some(seed) = inner.and_then(|i| i.downcast_ref::<SeedError>()) {
                    eprintln!("kmsconf: cannot apply the seed: {seed}");
                } else if let Some(store) = inner.and_then(|i| i.downcast_ref::<StoreError>()) {
                    eprintln!("kmsconf: cannot use the durable store: {store}");
                } else {
                    eprintln!("kmsconf: cannot listen on {}: {e}", options.listen);
                }
                return ExitCode::from(2);
            }
        };
        println!(
            "kmsconf serve: listening on {}://{}",
            bound.scheme(),
            bound.addr
        );
        match &bound.store {
            Some(store) => println!(
                "  store: {} ({} entries replayed, {} signature nonces still refused)",
                store.dir.display(),
                store.replayed,
                store.nonces_restored
            ),
            None => println!("  store: memory only (nothing survives a restart; see --data-dir)"),
        }
        if let Some(report) = bound.seeded {
            println!(
                "  seed: {} items created, {} already present",
                report.created, report.present
            );
        }
        if let Some(ca) = &bound.ca_file {
            println!("  CA certificate for clients: {}", ca.display());
        }
        println!(
            "  region {}, account {}",
            options.region, options.account_id
        );
        println!("  ALIBABA_CLOUD_ACCESS_KEY_ID={}", bound.access_key_id);
        if !secret_given {
            // Generated (or kept by the store), so that a client can be configured with it.
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

/// Plants the divergence of `--plant` (test builds only), saying so on stderr.
#[cfg(feature = "planted-divergences")]
fn plant(divergence: Option<kms_reference::planted::Divergence>) -> Result<(), ExitCode> {
    let Some(divergence) = divergence else {
        return Ok(());
    };
    match kms_reference::planted::plant(divergence) {
        Ok(()) => {
            eprintln!(
                "kmsconf: PLANTED DIVERGENCE {divergence}: this process is not the reference"
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("kmsconf: {e}");
            Err(ExitCode::from(2))
        }
    }
}
