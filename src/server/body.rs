//! Reading a request body within its bound, and draining an oversized one so that the client
//! gets its 413 envelope rather than a broken pipe (docs/spec/decisions.md D-405).

use axum::body::Body;
use axum::http::HeaderMap;
use futures::StreamExt as _;

/// The default number of bytes read and thrown away past `--max-body-bytes`, 64 MiB: a client
/// that writes its whole body before reading (urllib, requests) then reads the 413.
pub const DEFAULT_MAX_DRAIN_BYTES: usize = 64 << 20;

/// A body as read.
#[derive(Debug)]
pub(super) enum ReadBody {
    /// Within the limit.
    Within(Vec<u8>),
    /// Over the limit; the connection must close after the answer, since what is left of the
    /// body (if anything) was not read.
    Oversized,
}

/// Reads `body` up to `limit` bytes. Past it, reads and discards up to `drain` more bytes, so
/// that the client is not cut off while still writing; none when the client waits for
/// `100-continue` (it has sent nothing yet) or declares more than both bounds (draining could
/// not save it).
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    drain: usize,
) -> ReadBody {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let expects_continue = headers
        .get(axum::http::header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    let bound = limit.saturating_add(drain);
    let over = |n: u64, bound: usize| usize::try_from(n).map_or(true, |n| n > bound);
    // Polling the body would send `100 Continue`; answering first spares the upload.
    if declared.is_some_and(|n| over(n, bound) || (expects_continue && over(n, limit))) {
        return ReadBody::Oversized;
    }
    let mut stream = body.into_data_stream();
    let mut kept = Vec::new();
    let mut seen: usize = 0;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            // The client went away or sent a malformed body: nothing more to read.
            return if seen > limit {
                ReadBody::Oversized
            } else {
                ReadBody::Within(kept)
            };
        };
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            kept.extend_from_slice(&chunk);
        } else if seen > bound {
            return ReadBody::Oversized;
        }
    }
    if seen > limit {
        ReadBody::Oversized
    } else {
        ReadBody::Within(kept)
    }
}
