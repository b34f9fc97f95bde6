//! `kmsconf serve` as a child process for the tests that talk to it over real HTTP: started on
//! a free loopback port with a known root AccessKey, killed when dropped.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

/// A `kmsconf serve` child process, killed when dropped.
pub(crate) struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `kmsconf serve` with `flags` and the root AccessKey `(id, secret)` on a free loopback
/// port; returns it with its URL.
pub(crate) fn start_server(
    flags: &[&str],
    (access_key_id, access_key_secret): (&str, &str),
) -> Result<(Server, String), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(flags)
        .args(["--access-key-id", access_key_id])
        // From the environment, as recommended: a secret on the command line shows in `ps`.
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", access_key_secret)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start kmsconf serve: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("kmsconf serve: listening on ") {
                    break url.trim().to_owned();
                }
            }
            _ => return Err("kmsconf serve exited before listening".into()),
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Ok((server, url))
}
