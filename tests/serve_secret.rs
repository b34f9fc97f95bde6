//! F10 through the binary: the root secret from `--access-key-secret-file` or the environment
//! stays out of the command line; one given with `--access-key-secret` is warned about on
//! stderr, without being printed (docs/spec/decisions.md D-409).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command, Stdio};

use kms_reference::wire::{ClientCall, KMS_VERSION, SignatureVersion, sign_request};
use kms_reference::{Clock as _, SystemClock};

const ID: &str = "LTAIsecretfile0000000000";
const SECRET: &str = "file-secret-7f3a9c";
const WARNING: &str = "--access-key-secret is visible to every local user";

/// What one start showed: the server's stdout up to "listening", the command line the OS
/// shows for it, and its whole stderr once stopped; or its exit status when it did not start.
struct Started {
    stdout: String,
    cmdline: String,
    stderr: String,
    exit: Option<i32>,
    /// The status of a DescribeRegions signed with [`SECRET`].
    signed_with_secret: Option<u16>,
}

/// Sends DescribeRegions signed with `ID` / [`SECRET`] to `addr`; the HTTP status.
fn call_signed(addr: &str) -> u16 {
    use std::io::Write as _;
    let params = std::collections::BTreeMap::new();
    let request = sign_request(
        SignatureVersion::V3,
        &ClientCall {
            method: "GET",
            version: KMS_VERSION,
            action: "DescribeRegions",
            params: &params,
            host: addr,
            access_key_id: ID,
            secret: SECRET,
            nonce: "secret-file-test",
            timestamp: SystemClock.now(),
        },
    );
    let mut text = format!("GET /?{} HTTP/1.1\r\nconnection: close\r\n", request.query);
    for (k, v) in &request.headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(text.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn start(args: &[&str], env_secret: Option<&str>) -> Started {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kmsconf"));
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--access-key-id", ID])
        .args(args)
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(secret) = env_secret {
        command.env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
    }
    let mut child = command.spawn().unwrap();
    let mut stdout = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut listening = false;
    let mut addr = String::new();
    while let Some(Ok(line)) = lines.next() {
        if let Some(url) = line.strip_prefix("kmsconf serve: listening on http://") {
            addr = url.trim().to_owned();
        }
        stdout.push_str(&line);
        stdout.push('\n');
        if line.starts_with("  ALIBABA_CLOUD_ACCESS_KEY_ID=") {
            listening = true;
            break;
        }
    }
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id()))
        .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
        .unwrap_or_default();
    let signed_with_secret = listening.then(|| call_signed(&addr));
    if listening {
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Started {
        stdout,
        cmdline,
        stderr,
        exit: if listening { None } else { status.code() },
        signed_with_secret,
    }
}

#[test]
fn f10_the_secret_from_a_file_stays_off_the_command_line() {
    let dir = std::env::temp_dir().join(format!("kmsconf-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let path = file.to_str().unwrap();
    let from_file = start(&["--access-key-secret-file", path], None);
    assert_eq!(from_file.exit, None, "started: {}", from_file.stderr);
    assert!(!from_file.stderr.contains(WARNING), "{}", from_file.stderr);
    assert_eq!(
        from_file.signed_with_secret,
        Some(200),
        "the file's secret is served"
    );
    assert!(!from_file.stderr.contains(SECRET) && !from_file.stdout.contains(SECRET));
    if cfg!(target_os = "linux") {
        assert!(from_file.cmdline.contains("--access-key-secret-file"));
        assert!(!from_file.cmdline.contains(SECRET), "{}", from_file.cmdline);
    }
    // Both ways at once is refused, naming neither value.
    let both = start(
        &[
            "--access-key-secret-file",
            path,
            "--access-key-secret",
            SECRET,
        ],
        None,
    );
    assert_eq!(both.exit, Some(2));
    assert!(both.stderr.contains("not both"), "{}", both.stderr);
    // An empty file is refused.
    std::fs::write(&file, "\n").unwrap();
    let empty = start(&["--access-key-secret-file", path], None);
    assert_eq!(empty.exit, Some(2));
    assert!(
        empty.stderr.contains("empty first line"),
        "{}",
        empty.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn f10_a_secret_on_the_command_line_is_warned_about_and_the_environment_is_not() {
    let typed = start(&["--access-key-secret", SECRET], None);
    assert_eq!(typed.exit, None, "started: {}", typed.stderr);
    assert!(typed.stderr.contains(WARNING), "{}", typed.stderr);
    assert!(typed.stderr.contains("--access-key-secret-file"));
    assert!(typed.stderr.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
    assert!(
        !typed.stderr.contains(SECRET),
        "the warning never shows the secret"
    );
    assert_eq!(typed.signed_with_secret, Some(200));
    let from_env = start(&[], Some(SECRET));
    assert_eq!(from_env.exit, None, "started: {}", from_env.stderr);
    assert!(!from_env.stderr.contains(WARNING), "{}", from_env.stderr);
    assert!(!from_env.cmdline.contains(SECRET));
    assert_eq!(from_env.signed_with_secret, Some(200));
}
