//! HTTP as the gateway sees it: a request with raw query and body, a response with status,
//! headers and body, and the strict decoding of `application/x-www-form-urlencoded` text.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::error::{ErrorCode, KmsError};

/// An HTTP request, before any interpretation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, e.g. `/`.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Headers in order; names in any case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Headers by lowercase name, values in order of appearance.
    pub fn header_map(&self) -> BTreeMap<String, Vec<String>> {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in &self.headers {
            map.entry(k.to_ascii_lowercase())
                .or_default()
                .push(v.clone());
        }
        map
    }
}

/// Where a request came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Peer {
    /// The client's address.
    pub ip: Option<IpAddr>,
    /// Whether the connection was TLS.
    pub secure: bool,
    /// Whether the caller authenticated with MFA (`acs:MFAPresent`).
    pub mfa_present: bool,
}

/// An HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// The body (JSON).
    pub body: Vec<u8>,
}

/// Decodes `k=v&k=v` text (`+` is a space, `%XY` a byte, the result UTF-8). A name given twice
/// is refused: a signature over an ambiguous request proves nothing.
pub(crate) fn decode_form(text: &str, into: &mut BTreeMap<String, String>) -> Result<(), KmsError> {
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (unescape(k)?, unescape(v)?);
        if into.contains_key(&k) {
            return Err(KmsError::with_message(
                ErrorCode::ParseRequestParameterException,
                format!(
                    "Server parse parameters exception: parameter `{}` appears more than once.",
                    printable(&k)
                ),
            ));
        }
        into.insert(k, v);
    }
    Ok(())
}

fn unescape(text: &str) -> Result<String, KmsError> {
    let bad = || KmsError::new(ErrorCode::ParseRequestParameterException);
    let mut bytes = Vec::with_capacity(text.len());
    let mut iter = text.bytes();
    while let Some(b) = iter.next() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hi = iter
                    .next()
                    .and_then(|h| char::from(h).to_digit(16))
                    .ok_or_else(bad)?;
                let lo = iter
                    .next()
                    .and_then(|l| char::from(l).to_digit(16))
                    .ok_or_else(bad)?;
                bytes.push(u8::try_from(hi * 16 + lo).map_err(|_| bad())?);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| bad())
}

/// A parameter name safe to quote in a message: at most 64 printable ASCII characters.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses_ambiguity() {
        let mut m = BTreeMap::new();
        decode_form("a=1&b=x+y%2B%3D&c=&d", &mut m).unwrap();
        assert_eq!(m["b"], "x y+=");
        assert_eq!(m["c"], "");
        assert_eq!(m["d"], "");
        assert!(decode_form("a=2", &mut m).is_err());
        assert!(decode_form("e=%zz", &mut BTreeMap::new()).is_err());
        assert!(decode_form("e=%ff", &mut BTreeMap::new()).is_err());
    }
}
