//! `kmsconf serve` over HTTPS: a certificate issued by a generated local CA that survives
//! restarts, or one from PEM files; `kmsconf run --ca-file` trusts the CA, and nothing else
//! does (a client without it fails the handshake, so no pass can come from verification off).

use std::path::{Path, PathBuf};
use std::process::Command;

use kms_conformance::config::http_client;

#[path = "support/serve.rs"]
mod serve;

const KEYS: (&str, &str) = ("LTAItlstest0000000000000", "tls-test-secret");

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("tls-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// GET `url`/healthz with a client trusting only `ca` (or the system roots); the status or
/// the error's text.
fn healthz(url: &str, ca: Option<&Path>) -> Result<u16, String> {
    let client = http_client(std::time::Duration::from_secs(20), ca).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        match client.get(format!("{url}/healthz")).send().await {
            Ok(r) => Ok(r.status().as_u16()),
            Err(e) => {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    text.push_str(&format!(": {s}"));
                    source = s.source();
                }
                Err(text)
            }
        }
    })
}

#[test]
fn a_generated_ca_is_trusted_by_run_and_survives_a_restart() {
    let dir = scratch("generated");
    let tls_dir = dir.join("tls");
    let tls_arg = tls_dir.to_str().unwrap();
    // Test accounts: each scenario gets its own, as the suite needs against a server.
    let flags = ["--tls", "--tls-dir", tls_arg, "--test-mode"];
    let (server, url) = serve::start_server(&flags, KEYS).unwrap();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let ca = tls_dir.join("ca.pem");
    assert_eq!(healthz(&url, Some(&ca)), Ok(200));
    let refused = healthz(&url, None).expect_err("the system roots do not know the local CA");
    assert!(refused.to_lowercase().contains("certificate"), "{refused}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&tls_dir.join("ca-key.pem")), 0o600);
        assert_eq!(mode(&tls_dir), 0o700);
    }

    let output = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args([
            "run",
            "--quiet",
            "--endpoint",
            &url,
            "--tags",
            "@DescribeKey",
        ])
        .args(["--access-key-id", KEYS.0, "--access-key-secret", KEYS.1])
        .arg("--ca-file")
        .arg(&ca)
        .arg("--junit")
        .arg(dir.join("junit.xml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("scenarios: ") && summary.contains(" 0 failed"),
        "{summary}"
    );
    assert!(!summary.starts_with("scenarios: 0 passed"), "{summary}");

    // The same directory after a restart: the same CA, which still verifies the new server.
    let before = std::fs::read(&ca).unwrap();
    drop(server);
    let (_server, url) = serve::start_server(&flags, KEYS).unwrap();
    assert_eq!(std::fs::read(&ca).unwrap(), before, "ca.pem was rewritten");
    assert_eq!(healthz(&url, Some(&ca)), Ok(200));
}

#[test]
fn a_certificate_from_files_is_served() {
    let dir = scratch("files");
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    let cert = params.self_signed(&key).unwrap();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    let (_server, url) = serve::start_server(
        &[
            "--tls-cert",
            cert_path.to_str().unwrap(),
            "--tls-key",
            key_path.to_str().unwrap(),
        ],
        KEYS,
    )
    .unwrap();
    assert!(url.starts_with("https://"), "{url}");
    assert_eq!(healthz(&url, Some(&cert_path)), Ok(200));
}

#[test]
fn an_unreadable_certificate_stops_serve_with_the_file_named() {
    let dir = scratch("bad");
    let not_pem = dir.join("not-a-cert.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&not_pem)
        .arg("--tls-key")
        .arg(&not_pem)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not-a-cert.pem"), "{stderr}");
}
