//! The read and write deadlines of one connection (docs/spec/decisions.md D-407): a request
//! header must be complete within the header timeout of its first byte; a connection waiting
//! for a request, a body that stops arriving and a client that stops reading the answer are
//! each given up after the idle timeout.
//!
//! The deadlines are kept below HTTP, on the connection's bytes: hyper's own header timeout
//! also runs while a keep-alive connection waits for its next request, which would make the
//! two timeouts one.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep, sleep};

/// How long a connection may wait, in each phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Timeouts {
    /// From the first byte of a request to the end of its header.
    pub(super) header: Duration,
    /// Without a byte while a request is awaited, or its body read, or its answer written.
    pub(super) idle: Duration,
}

/// Where the connection is in its request–response cycle, as its bytes show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Waiting for the first byte of a request.
    Idle,
    /// Reading a request header; `matched` bytes of its closing `\r\n\r\n` seen.
    Head { matched: usize },
    /// Header read: the body, if any, and then the service.
    Body,
    /// Writing the answer.
    Answer,
}

/// A stream with the deadlines of [`Timeouts`]; a deadline passed is a `TimedOut` error, on
/// which the HTTP connection, and so the socket, closes.
#[derive(Debug)]
pub(super) struct TimedIo<S> {
    inner: S,
    timeouts: Timeouts,
    phase: Phase,
    /// The deadline of the current read phase.
    read_deadline: Pin<Box<Sleep>>,
    /// Armed while a write waits for the client to read.
    write_deadline: Option<Pin<Box<Sleep>>>,
}

const END_OF_HEAD: &[u8] = b"\r\n\r\n";

impl<S> TimedIo<S> {
    /// `inner`, waiting for its first request.
    pub(super) fn new(inner: S, timeouts: Timeouts) -> TimedIo<S> {
        TimedIo {
            inner,
            timeouts,
            phase: Phase::Idle,
            read_deadline: Box::pin(sleep(timeouts.idle)),
            write_deadline: None,
        }
    }

    fn rearm(&mut self, after: Duration) {
        self.read_deadline.as_mut().reset(Instant::now() + after);
    }

    /// Follows the phase through bytes just read.
    fn on_read(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut matched = match self.phase {
            Phase::Idle | Phase::Answer => {
                // The first byte of a request: the header clock starts.
                self.rearm(self.timeouts.header);
                0
            }
            Phase::Head { matched } => matched,
            Phase::Body => {
                self.rearm(self.timeouts.idle);
                return;
            }
        };
        for &b in bytes {
            matched = if END_OF_HEAD.get(matched) == Some(&b) {
                matched + 1
            } else {
                usize::from(b == b'\r')
            };
            if matched == END_OF_HEAD.len() {
                self.phase = Phase::Body;
                self.rearm(self.timeouts.idle);
                return;
            }
        }
        self.phase = Phase::Head { matched };
    }

    /// Follows a write that began with `written` (empty for a flush): progress disarms the
    /// stall deadline, a stall arms it. An interim `1xx` answer (`100 Continue`) leaves the
    /// phase as it is: the body is still to come.
    fn on_write<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
        written: &[u8],
    ) -> Poll<io::Result<T>> {
        match result {
            Poll::Ready(r) => {
                let interim = self.phase != Phase::Answer && written.starts_with(b"HTTP/1.1 1");
                if r.is_ok() && !written.is_empty() && !interim {
                    self.phase = Phase::Answer;
                }
                self.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => {
                let idle = self.timeouts.idle;
                let deadline = self
                    .write_deadline
                    .get_or_insert_with(|| Box::pin(sleep(idle)));
                if deadline.as_mut().poll(cx).is_ready() {
                    Poll::Ready(Err(timed_out("the client stopped reading the answer")))
                } else {
                    Poll::Pending
                }
            }
        }
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what.to_owned())
}

impl<S: AsyncRead + Unpin> AsyncRead for TimedIo<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let new = buf.filled().get(before..).unwrap_or_default().to_vec();
                this.on_read(&new);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            // While the answer is written no read is awaited: the write has its own deadline.
            Poll::Pending if this.phase == Phase::Answer => Poll::Pending,
            Poll::Pending => {
                if this.read_deadline.as_mut().poll(cx).is_ready() {
                    Poll::Ready(Err(timed_out(match this.phase {
                        Phase::Head { .. } => "the request header was not complete in time",
                        _ => "the connection was idle too long",
                    })))
                } else {
                    Poll::Pending
                }
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for TimedIo<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.on_write(cx, result, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        let first = bufs
            .iter()
            .find(|b| !b.is_empty())
            .map_or(&[][..], |b| &b[..]);
        this.on_write(cx, result, first)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_flush(cx);
        match this.on_write(cx, result, &[]) {
            // hyper flushes on every turn; only a flushed answer starts the wait for the next
            // request.
            Poll::Ready(Ok(())) if this.phase == Phase::Answer => {
                this.phase = Phase::Idle;
                let idle = this.timeouts.idle;
                this.rearm(idle);
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io() -> TimedIo<()> {
        TimedIo {
            inner: (),
            timeouts: Timeouts {
                header: Duration::from_secs(1),
                idle: Duration::from_secs(2),
            },
            phase: Phase::Idle,
            read_deadline: Box::pin(sleep(Duration::from_secs(2))),
            write_deadline: None,
        }
    }

    #[tokio::test]
    async fn the_phase_follows_the_header_across_reads() {
        let mut t = io();
        t.on_read(b"GET / HTTP/1.1\r\nhost: x\r");
        assert_eq!(t.phase, Phase::Head { matched: 1 });
        t.on_read(b"\n\r");
        assert_eq!(t.phase, Phase::Head { matched: 3 });
        t.on_read(b"\nbody");
        assert_eq!(t.phase, Phase::Body);
        t.on_read(b"more body\r\n\r\n");
        assert_eq!(t.phase, Phase::Body, "a body is not a header");
        t.phase = Phase::Answer;
        t.on_read(b"GET");
        assert_eq!(t.phase, Phase::Head { matched: 0 });
    }
}
