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

/// Bounds on the parameters of one request (docs/spec/decisions.md D-403), checked while the
/// text is decoded, so an oversized request costs no more than reading it: no map of
/// thousands of entries, no string to sign, no AccessKey lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParamLimits {
    /// Most parameters in the query and a form body together.
    pub max_parameters: usize,
    /// Longest parameter name, in bytes once decoded.
    pub max_name_bytes: usize,
    /// Longest parameter value, in bytes once decoded.
    pub max_value_bytes: usize,
}

impl Default for ParamLimits {
    /// 1000 parameters, names of 256 bytes, values of 64 KiB: far above any API's own
    /// (a call has at most about 60 parameters; the longest documented value is a 32 768-byte
    /// policy), so every documented limit is still answered by the API with its own code.
    fn default() -> ParamLimits {
        ParamLimits {
            max_parameters: 1000,
            max_name_bytes: 256,
            max_value_bytes: 64 << 10,
        }
    }
}

/// Decodes `k=v&k=v` text (`+` is a space, `%XY` a byte, the result UTF-8) into `into`; with
/// the `held_elsewhere` parameters of the same request (the query's, for a form body) they
/// stay within `limits`. A name given twice is refused: a signature over an ambiguous request
/// proves nothing.
pub(crate) fn decode_form(
    text: &str,
    into: &mut BTreeMap<String, String>,
    limits: &ParamLimits,
    held_elsewhere: usize,
) -> Result<(), KmsError> {
    let refuse = |why: String| {
        KmsError::with_message(
            ErrorCode::ParseRequestParameterException,
            format!("Server parse parameters exception: {why}."),
        )
    };
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        // Counted before the pair is decoded: the cost of a flood of tiny parameters stops
        // at the bound.
        if into.len().saturating_add(held_elsewhere) >= limits.max_parameters {
            return Err(refuse(format!(
                "the request has more than {} parameters",
                limits.max_parameters
            )));
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (unescape(k)?, unescape(v)?);
        if k.len() > limits.max_name_bytes {
            return Err(refuse(format!(
                "a parameter name (`{}`…) is longer than {} bytes",
                printable(&k),
                limits.max_name_bytes
            )));
        }
        if v.len() > limits.max_value_bytes {
            return Err(refuse(format!(
                "parameter `{}` is longer than {} bytes",
                printable(&k),
                limits.max_value_bytes
            )));
        }
        if into.contains_key(&k) {
            return Err(refuse(format!(
                "parameter `{}` appears more than once",
                printable(&k)
            )));
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
        let l = ParamLimits::default();
        let mut m = BTreeMap::new();
        decode_form("a=1&b=x+y%2B%3D&c=&d", &mut m, &l, 0).unwrap();
        assert_eq!(m["b"], "x y+=");
        assert_eq!(m["c"], "");
        assert_eq!(m["d"], "");
        assert!(decode_form("a=2", &mut m, &l, 0).is_err());
        assert!(decode_form("e=%zz", &mut BTreeMap::new(), &l, 0).is_err());
        assert!(decode_form("e=%ff", &mut BTreeMap::new(), &l, 0).is_err());
    }

    /// D-403: count, name and value are bounded; parameters already held count too.
    #[test]
    fn parameters_are_bounded_while_decoding() {
        let l = ParamLimits {
            max_parameters: 3,
            max_name_bytes: 4,
            max_value_bytes: 5,
        };
        let code = |text: &str, into: &mut BTreeMap<String, String>| {
            decode_form(text, into, &l, 0).map_err(|e| (e.code(), e.message().to_owned()))
        };
        let mut m = BTreeMap::new();
        assert_eq!(code("a=&b=&c=", &mut m), Ok(()));
        let (c, message) = code("d=", &mut m).unwrap_err();
        assert_eq!(c, ErrorCode::ParseRequestParameterException);
        assert!(message.contains("more than 3 parameters"), "{message}");
        assert!(decode_form("x=", &mut BTreeMap::new(), &l, 2).is_ok());
        assert!(decode_form("x=&y=", &mut BTreeMap::new(), &l, 2).is_err());
        assert!(
            code("nam%65=1", &mut BTreeMap::new()).is_ok(),
            "4 bytes decoded"
        );
        assert!(code("names=1", &mut BTreeMap::new()).is_err());
        assert!(code("v=%41%41%41%41%41", &mut BTreeMap::new()).is_ok());
        let (_, message) = code("v=AAAAAA", &mut BTreeMap::new()).unwrap_err();
        assert!(message.contains("`v` is longer than 5 bytes"), "{message}");
    }
}
