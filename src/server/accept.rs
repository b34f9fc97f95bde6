//! The accept loop of `kmsconf serve`: at most `max_connections` connections at once (the next
//! waits, unaccepted, until one closes), each HTTP/1.1 with the deadlines of
//! [`super::timeouts`], and a graceful stop (docs/spec/decisions.md D-407, D-408).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::serve::Listener;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt as _;

use super::timeouts::{TimedIo, Timeouts};

/// The bounds of the accept loop.
#[derive(Clone, Copy, Debug)]
pub(super) struct ConnectionBounds {
    pub(super) timeouts: Timeouts,
    pub(super) max_connections: usize,
}

/// Serves `router` on `listener` until `shutdown` resolves; then stops accepting, lets the
/// requests in flight finish and closes idle connections.
pub(super) async fn serve<L>(
    mut listener: L,
    router: Router,
    bounds: ConnectionBounds,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: Listener<Addr = SocketAddr>,
{
    // The semaphore's permits are the free connection slots; a connection holds one until it
    // closes, and the loop takes one before it accepts, so a connection past the bound stays
    // in the listen queue instead of holding a file descriptor here.
    let max = bounds
        .max_connections
        .clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let slots = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => slot,
        };
        let Ok(slot) = slot else { break };
        let (io, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let router = router.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let io = TokioIo::new(TimedIo::new(io, bounds.timeouts));
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    router.clone().oneshot(request)
                });
            let mut builder = hyper::server::conn::http1::Builder::new();
            // hyper's own header timeout would also cut keep-alive waits (see timeouts.rs).
            builder.timer(TokioTimer::new()).header_read_timeout(None);
            let connection = builder.serve_connection(io, service);
            tokio::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = result {
                // Timeouts and clients going away are routine; the peer's address is all.
                tracing::debug!(%peer, "connection closed: {e}");
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every slot back means every connection has finished.
    let _ = slots
        .acquire_many(u32::try_from(max).unwrap_or(u32::MAX))
        .await;
    Ok(())
}
