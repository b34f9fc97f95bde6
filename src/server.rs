//! `kmsconf serve`: the reference behind a real HTTP server, on one port for KMS, the RAM
//! subset and ActionTrail LookupEvents (routed by Version), plus `/healthz` and, only when
//! asked for, test controls (`/__kmsconf/clock`, caller-context override headers).

mod accept;
mod app;
mod body;
mod secret_file;
mod timeouts;
mod tls;

pub use crate::control::TestControls;
pub use app::{ServerState, router};
pub use body::DEFAULT_MAX_DRAIN_BYTES;
pub use secret_file::{COMMAND_LINE_SECRET_WARNING, read_secret_file, root_secret};
pub use tls::{CA_CERT_FILE, TlsError, TlsSource};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use std::time::Duration;

use kms_reference::gateway::{Gateway, GatewayConfig};

use crate::seed::{SeedFile, SeedReport};
use crate::store::{DurableStore, StoreError};
use kms_reference::{Clock as _, Kms, KmsConfig, OffsetClock, Secret};

/// What a durable store held when the server started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreReport {
    /// The data directory.
    pub dir: PathBuf,
    /// Journal entries replayed.
    pub replayed: u64,
    /// Signature nonces of requests accepted before the restart, still refused as replays.
    pub nonces_restored: u64,
    /// Whether the root AccessKey is one the store already held.
    pub root_key_reused: bool,
}

/// How `kmsconf serve` is configured.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Region the reference is.
    pub region: String,
    /// The account's uid.
    pub account_id: String,
    /// Root AccessKey id; generated when absent.
    pub access_key_id: Option<String>,
    /// Root AccessKey secret; generated when absent.
    pub access_key_secret: Option<String>,
    /// Test controls: the clock endpoint (`@needs-clock`), caller-context headers
    /// (`@needs-context`) and fresh accounts per test. Never enable on a shared network.
    pub controls: TestControls,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Bytes of an oversized body read and discarded before the 413 is answered (D-405).
    pub max_drain_bytes: usize,
    /// Time from the first byte of a request to the end of its header (D-407).
    pub header_timeout: Duration,
    /// Time a connection may wait for a request, or stall in a body or an answer (D-407).
    pub idle_timeout: Duration,
    /// Connections served at once; the next waits unaccepted until one closes (D-408).
    pub max_connections: usize,
    /// Keys per account (the root account and every test account) before
    /// `Rejected.LimitExceeded`.
    pub max_keys: usize,
    /// Aliases per account before `Rejected.LimitExceeded`.
    pub max_aliases: usize,
    /// Requests per second per AccessKey before `Rejected.Throttling`.
    pub rate_limit: Option<u32>,
    /// Serve the RAM API subset.
    pub ram_api: bool,
    /// Serve ActionTrail LookupEvents.
    pub trail_api: bool,
    /// Serve STS AssumeRole and GetCallerIdentity (only with the RAM API).
    pub sts_api: bool,
    /// HTTPS instead of HTTP, with this certificate.
    pub tls: Option<TlsSource>,
    /// Fixtures made at start (`--seed FILE`).
    pub seed: Option<Arc<SeedFile>>,
    /// Keep the state in a durable store in this directory (`--data-dir`); `None` keeps it
    /// in memory only, lost when the server stops.
    pub data_dir: Option<PathBuf>,
}

impl Default for ServeOptions {
    /// Region, account and body limit are the reference's own defaults.
    fn default() -> ServeOptions {
        let kms = KmsConfig::default();
        ServeOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 8640)),
            region: kms.region,
            account_id: kms.account_id,
            access_key_id: None,
            access_key_secret: None,
            controls: TestControls::default(),
            max_body_bytes: GatewayConfig::default().max_body_bytes,
            max_drain_bytes: DEFAULT_MAX_DRAIN_BYTES,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_keys: kms.max_keys,
            max_aliases: kms.max_aliases,
            rate_limit: None,
            ram_api: true,
            trail_api: true,
            sts_api: true,
            tls: None,
            seed: None,
            data_dir: None,
        }
    }
}

/// The default header timeout, 10 s: far more than any client needs to send a header.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The default idle timeout, 60 s: a pooled client connection is kept between calls a minute.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The default connection bound, 512: well under the 1024 file descriptors many service
/// managers allow a process, so the server itself never runs out.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// A server bound to its port and ready to serve.
#[derive(Debug)]
pub struct BoundServer {
    /// The address actually bound.
    pub addr: SocketAddr,
    /// The root AccessKey id.
    pub access_key_id: String,
    /// The root AccessKey secret.
    pub access_key_secret: Secret,
    /// What `--seed` made, when given.
    pub seeded: Option<SeedReport>,
    /// The CA certificate to hand to clients, when TLS uses a generated certificate.
    pub ca_file: Option<PathBuf>,
    /// What the durable store held at start, with `--data-dir`.
    pub store: Option<StoreReport>,
    listener: tokio::net::TcpListener,
    tls: Option<tls::TlsSetup>,
    state: Arc<ServerState>,
    bounds: accept::ConnectionBounds,
}

/// Builds the reference, makes the TLS certificate ready (when asked for) and binds the port.
pub async fn bind(options: &ServeOptions) -> std::io::Result<BoundServer> {
    let tls = match &options.tls {
        None => None,
        Some(source) => Some(source.prepare().map_err(std::io::Error::other)?),
    };
    if options.data_dir.is_some() && options.controls.accounts {
        return Err(std::io::Error::other(StoreError::new(
            "test accounts (--allow-test-accounts, --test-mode) live in memory only and cannot \
             be used with --data-dir",
        )));
    }
    let clock = OffsetClock::new();
    let kms = Arc::new(
        Kms::builder()
            .config(
                KmsConfig::new(options.region.clone(), options.account_id.clone())
                    .with_limits(options.max_keys, options.max_aliases),
            )
            .clock(Arc::new(clock.clone()))
            .build_service(),
    );
    let store = match &options.data_dir {
        None => None,
        Some(dir) => Some(open_store(dir, &kms, &clock).map_err(std::io::Error::other)?),
    };
    let (access_key_id, access_key_secret, root_key_reused) =
        root_access_key(&kms, options).map_err(std::io::Error::other)?;
    let seeded = match &options.seed {
        None => None,
        Some(seed) => Some(seed.apply(&kms).map_err(std::io::Error::other)?),
    };
    let mut config = GatewayConfig::default().with_rate_limit(options.rate_limit);
    config.max_body_bytes = options.max_body_bytes;
    config.ram_api = options.ram_api;
    config.trail_api = options.trail_api;
    config.sts_api = options.sts_api;
    let gateway = Gateway::new(kms, config);
    let mut nonces_restored = 0;
    if let Some((store, _)) = &store {
        // Nonces seen before the restart stay refused for the rest of their window (D-506).
        let since = gateway.kms().now().unix() - gateway.nonce_window_seconds();
        for accepted in store
            .accepted_nonces(since)
            .map_err(std::io::Error::other)?
        {
            nonces_restored += u64::from(gateway.restore_nonce(&accepted));
        }
        let _ = gateway.attach_nonce_log(store.clone());
    }
    let report = store.as_ref().map(|(store, replayed)| StoreReport {
        dir: store.dir().to_owned(),
        replayed: *replayed,
        nonces_restored,
        root_key_reused,
    });
    let state = Arc::new(
        ServerState::new(
            gateway,
            clock,
            options.controls,
            store.map(|(store, _)| store),
        )
        .with_max_drain_bytes(options.max_drain_bytes),
    );
    let listener = tokio::net::TcpListener::bind(options.listen).await?;
    let addr = listener.local_addr()?;
    Ok(BoundServer {
        addr,
        access_key_id,
        access_key_secret,
        seeded,
        store: report,
        ca_file: tls.as_ref().and_then(|t| t.ca_file.clone()),
        listener,
        tls,
        state,
        bounds: accept::ConnectionBounds {
            timeouts: timeouts::Timeouts {
                header: options.header_timeout,
                idle: options.idle_timeout,
            },
            max_connections: options.max_connections,
        },
    })
}

/// Opens the store, moves the clock to where it was (never behind the newest entry), replays
/// the journal and journals every call from then on (D-501, D-502).
fn open_store(
    dir: &std::path::Path,
    kms: &Kms,
    clock: &OffsetClock,
) -> Result<(Arc<DurableStore>, u64), StoreError> {
    let store = Arc::new(DurableStore::open(dir)?);
    clock.advance(store.clock_offset()?);
    let replayed = store.replay_into(kms)?;
    if let Some(last) = replayed.last_now {
        // The system clock went back while the server was down: time still only moves on.
        let behind = last - clock.now().unix();
        if behind > 0 {
            clock.advance(behind);
        }
    }
    kms.attach_journal(store.clone())
        .map_err(|e| StoreError::new(e.to_string()))?;
    Ok((store, replayed.entries))
}

/// The root AccessKey to serve (D-504): the one given, added when the store lacks it;
/// else the first one a durable store holds; else a new one.
fn root_access_key(
    kms: &Kms,
    options: &ServeOptions,
) -> Result<(String, Secret, bool), StoreError> {
    let given_secret = options.access_key_secret.as_deref();
    let stored = kms.root_access_keys();
    let found = match &options.access_key_id {
        Some(id) => stored.into_iter().find(|(stored_id, _)| stored_id == id),
        None => stored
            .into_iter()
            .find(|(_, secret)| given_secret.is_none_or(|given| given == secret.expose())),
    };
    if let Some((id, secret)) = found {
        if given_secret.is_some_and(|given| given != secret.expose()) {
            return Err(StoreError::new(format!(
                "the store already holds root AccessKey {id} with another secret; give its \
                 secret, or another --access-key-id"
            )));
        }
        return Ok((id, secret, true));
    }
    let (id, secret) =
        kms.add_root_access_key(options.access_key_id.clone(), given_secret.map(Secret::new));
    if kms.journal_failed() {
        return Err(StoreError::new("the root AccessKey could not be stored"));
    }
    Ok((id, secret, false))
}

impl BoundServer {
    /// `https` with TLS, else `http`.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() { "https" } else { "http" }
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = router(self.state);
        match self.tls {
            None => accept::serve(self.listener, app, self.bounds, shutdown).await,
            Some(setup) => {
                // The deadlines sit above TLS, on the plaintext: the handshake is bounded by
                // the idle timeout, the header by the header timeout.
                let listener = tls::TlsListener::new(self.listener, setup.acceptor);
                accept::serve(listener, app, self.bounds, shutdown).await
            }
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
