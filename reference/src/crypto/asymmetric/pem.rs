//! The PEM armour of GetPublicKey (keys-v2.md §3.5, D-113): `-----BEGIN PUBLIC KEY-----`,
//! Base64 in lines of 64 characters ended by `\n`, `-----END PUBLIC KEY-----` and a newline.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::AsymmetricError;

const BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
const END: &str = "-----END PUBLIC KEY-----";
/// Base64 characters per line.
const LINE: usize = 64;

/// The PEM text of a DER SubjectPublicKeyInfo, exactly in the documented layout.
pub fn encode_public_key_pem(der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out =
        String::with_capacity(body.len() + body.len() / LINE + BEGIN.len() + END.len() + 3);
    out.push_str(BEGIN);
    out.push('\n');
    let mut rest = body.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(LINE));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str(END);
    out.push('\n');
    out
}

/// The DER inside one `PUBLIC KEY` block. Accepts `\n` or `\r\n` line ends, lines of any
/// length and a missing final newline, as PEM readers do; nothing may precede or follow the
/// block.
pub fn decode_public_key_pem(text: &str) -> Result<Vec<u8>, AsymmetricError> {
    let mut lines = text.lines();
    if lines.next() != Some(BEGIN) {
        return Err(AsymmetricError::InvalidPem);
    }
    let mut body = String::with_capacity(text.len());
    let mut ended = false;
    for line in lines.by_ref() {
        if line == END {
            ended = true;
            break;
        }
        body.push_str(line);
    }
    if !ended || lines.next().is_some() {
        return Err(AsymmetricError::InvalidPem);
    }
    STANDARD
        .decode(body.as_bytes())
        .map_err(|_| AsymmetricError::InvalidPem)
}
