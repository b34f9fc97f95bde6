//! `kmsconf serve`: the reference behind a real HTTP server, on one port for KMS, the RAM
//! subset and ActionTrail LookupEvents (routed by Version), plus `/healthz` and, only when
//! asked for, test controls (`/__kmsconf/clock`, caller-context override headers).

mod app;

pub use crate::control::TestControls;
pub use app::{ServerState, router};

use std::net::SocketAddr;
use std::sync::Arc;

use kms_reference::gateway::{Gateway, GatewayConfig};
use kms_reference::{Account, Kms, KmsConfig, OffsetClock, Secret};

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
            max_keys: kms.max_keys,
            max_aliases: kms.max_aliases,
            rate_limit: None,
            ram_api: true,
            trail_api: true,
            sts_api: true,
        }
    }
}

/// A server bound to its port and ready to serve.
#[derive(Debug)]
pub struct BoundServer {
    /// The address actually bound.
    pub addr: SocketAddr,
    /// The root AccessKey id.
    pub access_key_id: String,
    /// The root AccessKey secret.
    pub access_key_secret: Secret,
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
}

/// Builds the reference and binds the port.
pub async fn bind(options: &ServeOptions) -> std::io::Result<BoundServer> {
    let clock = OffsetClock::new();
    let mut builder = Kms::builder()
        .config(
            KmsConfig::new(options.region.clone(), options.account_id.clone())
                .with_limits(options.max_keys, options.max_aliases),
        )
        .clock(Arc::new(clock.clone()));
    if let Some(id) = &options.access_key_id {
        builder = builder.root_key_id(id.clone());
    }
    if let Some(secret) = &options.access_key_secret {
        builder = builder.root_key_secret(Secret::new(secret.clone()));
    }
    let Account {
        kms,
        access_key_id,
        access_key_secret,
    } = builder.build();
    let mut config = GatewayConfig::default().with_rate_limit(options.rate_limit);
    config.max_body_bytes = options.max_body_bytes;
    config.ram_api = options.ram_api;
    config.trail_api = options.trail_api;
    config.sts_api = options.sts_api;
    let gateway = Gateway::new(kms, config);
    let state = Arc::new(ServerState::new(gateway, clock, options.controls));
    let listener = tokio::net::TcpListener::bind(options.listen).await?;
    let addr = listener.local_addr()?;
    Ok(BoundServer {
        addr,
        access_key_id,
        access_key_secret,
        listener,
        state,
    })
}

impl BoundServer {
    /// Serves until `shutdown` resolves, then finishes the requests in flight.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
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
