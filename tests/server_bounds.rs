//! The connection bounds of `kmsconf serve` over raw TCP (docs/spec/server-bounds.md): the
//! header and idle timeouts (D-407), the connection bound (D-408) and the drained oversized
//! body (D-405). Each test asserts what a client sees (a closed socket, a response or none),
//! never how long something took; socket timeouts are only there so a failure cannot hang.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

#[path = "support/serve.rs"]
mod support;

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use support::start_server;

const KEY: (&str, &str) = ("LTAIbounds00000000000000", "boundssecret");

/// A server with `flags`, and its address.
fn server(flags: &[&str]) -> (support::Server, String) {
    let (server, url) = start_server(flags, KEY).unwrap();
    (server, url.trim_start_matches("http://").to_owned())
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    // A bound on a hang, not an assertion on time.
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
}

/// Whether the server closed `stream` without sending a byte.
fn closed_without_answer(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 1024];
    match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(n) => panic!(
            "the server answered: {:?}",
            String::from_utf8_lossy(&buf[..n])
        ),
        Err(e) if e.kind() == ErrorKind::ConnectionReset => true,
        Err(e) => panic!("the connection is still open: {e}"),
    }
}

/// One response: status, headers (lowercase names) and body, by its Content-Length.
fn read_response(stream: &mut TcpStream) -> (u16, Vec<(String, String)>, String) {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed before a complete response head");
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8(data[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed before the whole body");
        body.extend_from_slice(&buf[..n]);
    }
    (status, headers, String::from_utf8(body).unwrap())
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

/// F5: a connection that sends half a request header is closed once the (tiny) header
/// timeout passes, although the idle timeout is long.
#[test]
fn f5_half_a_header_is_closed_by_the_header_timeout() {
    let (_server, addr) = server(&["--header-timeout-secs", "1", "--idle-timeout-secs", "3600"]);
    let mut slow = connect(&addr);
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    assert!(closed_without_answer(&mut slow));
    // A complete request is still served.
    let mut ok = connect(&addr);
    ok.write_all(HEALTH).unwrap();
    assert_eq!(read_response(&mut ok).0, 200);
}

/// F5: a connection that never sends a byte, and a keep-alive connection after its answer,
/// are closed once the (tiny) idle timeout passes.
#[test]
fn f5_idle_connections_are_closed_by_the_idle_timeout() {
    let (_server, addr) = server(&["--idle-timeout-secs", "1", "--header-timeout-secs", "3600"]);
    let mut silent = connect(&addr);
    assert!(closed_without_answer(&mut silent));
    let mut kept = connect(&addr);
    kept.write_all(HEALTH).unwrap();
    assert_eq!(read_response(&mut kept).0, 200);
    assert!(closed_without_answer(&mut kept));
}

/// F5: with --max-connections 2, a third connection is not served while two are open, and is
/// served as soon as one closes.
#[test]
fn f5_the_connection_past_the_bound_waits_until_one_closes() {
    let (_server, addr) = server(&["--max-connections", "2"]);
    let mut first = connect(&addr);
    let mut second = connect(&addr);
    for open in [&mut first, &mut second] {
        open.write_all(HEALTH).unwrap();
        assert_eq!(read_response(open).0, 200);
    }
    let mut third = connect(&addr);
    third.write_all(HEALTH).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 64];
    match third.read(&mut buf) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("the third connection was answered while two were open: {other:?}"),
    }
    drop(first);
    third
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    assert_eq!(read_response(&mut third).0, 200);
    // The second one is still served.
    second.write_all(HEALTH).unwrap();
    assert_eq!(read_response(&mut second).0, 200);
}

/// F9: a client that writes the whole of an 8 MiB body over a 64 KiB limit before reading
/// gets the complete 413 envelope, and the connection then closes.
#[test]
fn f9_an_oversized_body_written_whole_gets_the_413_envelope() {
    let (_server, addr) = server(&["--max-body-bytes", "65536"]);
    let mut client = connect(&addr);
    client
        .set_write_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let size = 8 << 20;
    let head = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {size}\r\n\r\n"
    );
    client.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'a'; 64 << 10];
    for _ in 0..size / chunk.len() {
        client
            .write_all(&chunk)
            .expect("the server reads the whole body");
    }
    let (status, headers, body) = read_response(&mut client);
    assert_eq!(status, 413);
    assert!(
        headers
            .iter()
            .any(|(k, v)| k == "connection" && v == "close"),
        "{headers:?}"
    );
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["Code"], "RequestEntityTooLarge");
    assert!(closed_without_answer(&mut client));
}

/// F9: a body declared beyond the drain bound, or announced with `Expect: 100-continue`, is
/// answered 413 at once, before a byte of it is sent.
#[test]
fn f9_a_body_past_the_drain_bound_or_awaiting_continue_is_answered_at_once() {
    let (_server, addr) = server(&["--max-body-bytes", "1024", "--max-drain-bytes", "4096"]);
    for (length, expect) in [(8192, ""), (2048, "Expect: 100-continue\r\n")] {
        let mut client = connect(&addr);
        let head =
            format!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n{expect}\r\n");
        client.write_all(head.as_bytes()).unwrap();
        let (status, headers, body) = read_response(&mut client);
        assert_eq!(status, 413, "{length} {expect}");
        assert!(
            headers
                .iter()
                .any(|(k, v)| k == "connection" && v == "close")
        );
        assert!(body.contains("RequestEntityTooLarge"), "{body}");
    }
}

/// The head bound is hyper's: more than 100 header fields is 431 (no envelope: the request
/// was never read as one).
#[test]
fn too_many_header_fields_are_431() {
    let (_server, addr) = server(&[]);
    let mut client = connect(&addr);
    let mut request = String::from("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    for i in 0..120 {
        request.push_str(&format!("X-H{i}: v\r\n"));
    }
    request.push_str("\r\n");
    client.write_all(request.as_bytes()).unwrap();
    assert_eq!(read_response(&mut client).0, 431);
}
