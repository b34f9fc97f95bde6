//! HTTPS for `kmsconf serve`: a certificate from PEM files, or one issued at each start by a
//! local CA kept in a directory (so the CA a client trusts survives restarts), and the listener
//! that runs each connection's TLS handshake in that connection's own task.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// The CA certificate a client is handed, in the `--tls-dir` directory.
pub const CA_CERT_FILE: &str = "ca.pem";
/// The CA's private key (owner-only), beside it.
const CA_KEY_FILE: &str = "ca-key.pem";
/// How long a generated CA is valid.
const CA_DAYS: i64 = 3650;
/// How long a server certificate issued at start is valid (within the 398 days browsers accept).
const LEAF_DAYS: i64 = 397;

/// Where the server's certificate comes from.
#[derive(Clone, Debug)]
pub enum TlsSource {
    /// Issued at start by the CA in `dir` (created there on first use) for `localhost`,
    /// `127.0.0.1`, `::1` and `names`.
    Generated {
        /// Holds `ca.pem` and `ca-key.pem`.
        dir: PathBuf,
        /// Further DNS names or IP addresses the certificate is for.
        names: Vec<String>,
    },
    /// A certificate chain and its private key, both PEM.
    Files {
        /// The chain, the server's certificate first.
        cert: PathBuf,
        /// Its private key (PKCS#8, PKCS#1 or SEC1).
        key: PathBuf,
    },
}

/// A source made ready: the acceptor, and the CA file to hand to clients when generated.
#[derive(Clone)]
pub struct TlsSetup {
    /// Accepts TLS on a TCP stream.
    pub acceptor: TlsAcceptor,
    /// The generated CA's certificate (`None` for `--tls-cert`).
    pub ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for TlsSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsSetup")
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

/// Why TLS could not be set up; the message names the file.
#[derive(Debug)]
pub struct TlsError(pub String);

impl std::fmt::Display for TlsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TlsError {}

fn fail(what: impl std::fmt::Display) -> TlsError {
    TlsError(what.to_string())
}

impl TlsSource {
    /// Loads or issues the certificate and builds the acceptor.
    pub fn prepare(&self) -> Result<TlsSetup, TlsError> {
        let (chain, key, ca_file) = match self {
            TlsSource::Files { cert, key } => {
                let chain = CertificateDer::pem_file_iter(cert)
                    .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| {
                        fail(format!(
                            "cannot read certificates from {}: {e}",
                            cert.display()
                        ))
                    })?;
                if chain.is_empty() {
                    return Err(fail(format!("{} holds no certificate", cert.display())));
                }
                let private = PrivateKeyDer::from_pem_file(key).map_err(|e| {
                    fail(format!(
                        "cannot read a private key from {}: {e}",
                        key.display()
                    ))
                })?;
                (chain, private, None)
            }
            TlsSource::Generated { dir, names } => {
                let (chain, private) = issue_from_local_ca(dir, names)?;
                (chain, private, Some(dir.join(CA_CERT_FILE)))
            }
        };
        let config = tokio_rustls::rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| {
                fail(format!(
                    "the certificate and key do not make a TLS server: {e}"
                ))
            })?;
        Ok(TlsSetup {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            ca_file,
        })
    }
}

/// The local CA of `dir` (made on first use), and a server certificate it issues now.
fn issue_from_local_ca(
    dir: &Path,
    names: &[String],
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), TlsError> {
    create_private_dir(dir).map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    let (ca_key_path, ca_cert_path) = (dir.join(CA_KEY_FILE), dir.join(CA_CERT_FILE));
    let ca_key = if ca_key_path.exists() {
        let pem = std::fs::read_to_string(&ca_key_path)
            .map_err(|e| fail(format!("cannot read {}: {e}", ca_key_path.display())))?;
        KeyPair::from_pem(&pem).map_err(|e| {
            fail(format!(
                "{} is not a private key: {e}",
                ca_key_path.display()
            ))
        })?
    } else {
        KeyPair::generate().map_err(fail)?
    };
    let ca_params = ca_params(&ca_key);
    if !ca_key_path.exists() || !ca_cert_path.exists() {
        let ca_cert = ca_params.self_signed(&ca_key).map_err(fail)?;
        write_private(&ca_key_path, &ca_key.serialize_pem())
            .map_err(|e| fail(format!("cannot write {}: {e}", ca_key_path.display())))?;
        std::fs::write(&ca_cert_path, ca_cert.pem())
            .map_err(|e| fail(format!("cannot write {}: {e}", ca_cert_path.display())))?;
    }
    // The issuer of the server certificate is rebuilt from the CA key: the same parameters
    // give the same subject and key identifier as the stored ca.pem.
    let issuer = Issuer::new(ca_params, ca_key);
    let mut sans = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    sans.extend(names.iter().filter(|n| !n.is_empty()).cloned());
    sans.dedup();
    let mut leaf = CertificateParams::new(sans).map_err(fail)?;
    leaf.distinguished_name = DistinguishedName::new();
    leaf.distinguished_name
        .push(DnType::CommonName, "kmsconf serve");
    let now = time::OffsetDateTime::now_utc();
    leaf.not_before = now - time::Duration::hours(1);
    leaf.not_after = now + time::Duration::days(LEAF_DAYS);
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    let leaf_key = KeyPair::generate().map_err(fail)?;
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).map_err(fail)?;
    let key = PrivateKeyDer::try_from(leaf_key.serialize_der()).map_err(fail)?;
    Ok((vec![leaf_cert.der().clone()], key))
}

/// The CA's parameters, all derived from its key (the name carries the key's identifier, so
/// two machines' CAs never share a name).
fn ca_params(key: &KeyPair) -> CertificateParams {
    let mut params = CertificateParams::default();
    let id: String = params
        .key_identifier(key)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, format!("kmsconf local CA {id}"));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    // Fixed dates, so that the parameters rebuilt at a later start equal the stored CA's.
    params.not_before = rcgen::date_time_ymd(2026, 1, 1);
    params.not_after = params.not_before + time::Duration::days(CA_DAYS);
    params
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Writes `text` to a new file only its owner can read.
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

/// Accepts TCP connections and hands each on with its handshake still to run: a slow or
/// silent client delays only its own connection, never the accept loop.
pub(super) struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl TlsListener {
    /// TLS over `tcp`.
    pub(super) fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> TlsListener {
        TlsListener { tcp, acceptor }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsConnection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TlsConnection, SocketAddr) {
        let (tcp, peer) = axum::serve::Listener::accept(&mut self.tcp).await;
        (
            TlsConnection::Handshaking(Box::new(self.acceptor.accept(tcp))),
            peer,
        )
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

/// One connection: the handshake runs on its first read or write.
pub(super) enum TlsConnection {
    /// The handshake in progress.
    Handshaking(Box<tokio_rustls::Accept<TcpStream>>),
    /// The handshake done.
    Ready(Box<TlsStream<TcpStream>>),
    /// The handshake failed; every further call fails.
    Failed,
}

impl TlsConnection {
    /// Drives the handshake; `Ready(Ok)` once the stream is usable.
    fn poll_handshake(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self {
            TlsConnection::Handshaking(accept) => match Pin::new(accept.as_mut()).poll(cx) {
                Poll::Ready(Ok(stream)) => {
                    *self = TlsConnection::Ready(Box::new(stream));
                    Poll::Ready(Ok(()))
                }
                Poll::Ready(Err(e)) => {
                    tracing::debug!("TLS handshake failed: {e}");
                    *self = TlsConnection::Failed;
                    Poll::Ready(Err(e))
                }
                Poll::Pending => Poll::Pending,
            },
            TlsConnection::Ready(_) => Poll::Ready(Ok(())),
            TlsConnection::Failed => Poll::Ready(Err(io::ErrorKind::NotConnected.into())),
        }
    }

    /// The stream, once the handshake is done.
    fn stream(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Pin<&mut TlsStream<TcpStream>>>> {
        match self.poll_handshake(cx) {
            Poll::Ready(Ok(())) => match self {
                TlsConnection::Ready(stream) => Poll::Ready(Ok(Pin::new(stream.as_mut()))),
                _ => Poll::Ready(Err(io::ErrorKind::NotConnected.into())),
            },
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for TlsConnection {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut().stream(cx) {
            Poll::Ready(Ok(stream)) => stream.poll_read(cx, buf),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for TlsConnection {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut().stream(cx) {
            Poll::Ready(Ok(stream)) => stream.poll_write(cx, buf),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut().stream(cx) {
            Poll::Ready(Ok(stream)) => stream.poll_flush(cx),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut().stream(cx) {
            Poll::Ready(Ok(stream)) => stream.poll_shutdown(cx),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }
}
