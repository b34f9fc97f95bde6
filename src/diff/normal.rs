//! Answers made comparable across implementations: ids and other values an endpoint chooses
//! become symbols in the order they appear, times become `<time>`, lists become sets, and an
//! error is its status and code (docs/spec/decisions.md D-602).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::sut::Outcome;

/// How much of two answers must agree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Strictness {
    /// The HTTP status and the error code.
    Codes,
    /// Also the names and JSON types of every field of a success.
    Shape,
    /// Also every normalised value.
    #[default]
    Values,
}

impl fmt::Display for Strictness {
    /// The command-line name (`values`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Strictness::Codes => "codes",
            Strictness::Shape => "shape",
            Strictness::Values => "values",
        })
    }
}

/// An answer, normalised.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Normal {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The error code of a failure.
    pub(crate) code: Option<String>,
    /// The body of a success, normalised (`Null` for a failure).
    pub(crate) body: Value,
}

impl fmt::Display for Normal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "HTTP {} {code}", self.status),
            None => write!(f, "HTTP {} {}", self.status, self.body),
        }
    }
}

/// The values a case has named, on one target: its key ids are `k1`, `k2`, ..., its blobs
/// `b1`, ...; values of fields an endpoint chooses that the case did not name get a name of
/// their field (`UserId#1`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Symbols {
    by_value: HashMap<String, String>,
    /// Longest first, for substitution inside other strings (ARNs).
    by_length: Vec<(String, String)>,
    minted: HashMap<String, usize>,
}

impl Symbols {
    /// Names `value` (first name wins).
    pub(crate) fn name(&mut self, value: &str, name: &str) {
        if value.is_empty() || self.by_value.contains_key(value) {
            return;
        }
        self.by_value.insert(value.to_owned(), name.to_owned());
        if value.len() >= 6 {
            let at = self
                .by_length
                .partition_point(|(v, _)| v.len() >= value.len());
            self.by_length
                .insert(at, (value.to_owned(), name.to_owned()));
        }
    }

    /// The value named `name`.
    pub(crate) fn value_of(&self, name: &str) -> Option<String> {
        self.by_value
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(v, _)| v.clone())
    }

    fn mint(&mut self, field: &str, value: &str) -> String {
        let name = if matches!(field, "Creator" | "AccountId") {
            "account".to_owned()
        } else {
            let n = self.minted.entry(field.to_owned()).or_insert(0);
            *n += 1;
            format!("{field}#{n}")
        };
        self.name(value, &name);
        self.by_value.get(value).cloned().unwrap_or(name)
    }

    /// `text` with every named value of 6 characters or more inside it replaced by `${name}`.
    fn substitute(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (value, name) in &self.by_length {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), &format!("${{{name}}}"));
            }
        }
        out
    }
}

/// Fields whose values an endpoint chooses: named at first sight.
const CHOSEN: &[&str] = &[
    "KeyId",
    "KeyVersionId",
    "PrimaryKeyVersion",
    "CiphertextBlob",
    "ImportToken",
    "PublicKey",
    "AccessKeyId",
    "AccessKeySecret",
    "SecurityToken",
    "RoleId",
    "AssumedRoleId",
    "UserId",
    "PrincipalId",
    "Creator",
    "AccountId",
    "ExportedDataKey",
    "RandomPassword",
    "EventId",
];

/// Whether the endpoint chooses the value of `field` in an answer to `action`: a data key's
/// plaintext and a signature are fresh bytes; a decrypted plaintext is not.
fn chosen(action: &str, field: &str) -> bool {
    CHOSEN.contains(&field)
        || (field == "Plaintext" && action.starts_with("Generate"))
        || (field == "Value" && action == "AsymmetricSign")
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static ACCOUNT_IN_ARN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(acs:[a-z-]+:[^:]*:)(\d{5,})(:)").unwrap_or_else(|e| unreachable!("{e}"))
});

/// `outcome`, the answer to `action`, normalised with `symbols` (which learns the values the
/// endpoint chose).
pub(crate) fn normalise(action: &str, outcome: &Outcome, symbols: &mut Symbols) -> Normal {
    if !outcome.is_success() {
        return Normal {
            status: outcome.http_status,
            code: Some(
                outcome
                    .error_code()
                    .map_or_else(|| "<no Code>".to_owned(), str::to_owned),
            ),
            body: Value::Null,
        };
    }
    let body = match &outcome.body {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "RequestId")
                .map(|(k, v)| (k.clone(), value(action, k, v, symbols)))
                .collect(),
        ),
        other => value(action, "", other, symbols),
    };
    Normal {
        status: outcome.http_status,
        code: None,
        body,
    }
}

fn value(action: &str, field: &str, v: &Value, symbols: &mut Symbols) -> Value {
    match v {
        Value::String(s) => {
            if let Some(name) = symbols.by_value.get(s) {
                return Value::String(format!("${{{name}}}"));
            }
            if TIME.is_match(s) {
                return Value::String("<time>".into());
            }
            if chosen(action, field) && !s.is_empty() {
                return Value::String(format!("${{{}}}", symbols.mint(field, s)));
            }
            let text = symbols.substitute(s);
            Value::String(
                ACCOUNT_IN_ARN
                    .replace_all(&text, "${1}$${account}${3}")
                    .into_owned(),
            )
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items
                .iter()
                .map(|i| value(action, field, i, symbols))
                .collect();
            items.sort_by_cached_key(|i| i.to_string());
            Value::Array(items)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value(action, k, v, symbols)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// One difference between two normalised answers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Difference {
    /// Dotted path of the field (empty for the status or code).
    pub(crate) path: String,
    /// The reference's side (`None`: absent).
    pub(crate) reference: Option<Value>,
    /// The endpoint's side.
    pub(crate) endpoint: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map_or("absent".to_owned(), Value::to_string);
        let what = if self.path.is_empty() {
            "outcome".to_owned()
        } else {
            format!("field `{}`", self.path)
        };
        write!(
            f,
            "{what}: reference {}, endpoint {}",
            show(&self.reference),
            show(&self.endpoint)
        )
    }
}

/// Where `endpoint` differs from `reference` at `strictness`; empty when they agree.
pub(crate) fn differences(
    reference: &Normal,
    endpoint: &Normal,
    strictness: Strictness,
) -> Vec<Difference> {
    if reference.status != endpoint.status || reference.code != endpoint.code {
        let side = |n: &Normal| {
            Some(Value::String(match &n.code {
                Some(code) => format!("HTTP {} {code}", n.status),
                None => format!("HTTP {}", n.status),
            }))
        };
        return vec![Difference {
            path: String::new(),
            reference: side(reference),
            endpoint: side(endpoint),
        }];
    }
    let mut out = Vec::new();
    if strictness >= Strictness::Shape {
        walk(
            "",
            Some(&reference.body),
            Some(&endpoint.body),
            strictness,
            &mut out,
        );
    }
    out
}

fn walk(
    path: &str,
    a: Option<&Value>,
    b: Option<&Value>,
    strictness: Strictness,
    out: &mut Vec<Difference>,
) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                walk(&join(k), Some(v), y.get(k), strictness, out);
            }
            for (k, v) in y {
                if !x.contains_key(k) {
                    walk(&join(k), None, Some(v), strictness, out);
                }
            }
        }
        (Some(x), Some(y)) => {
            let differ = if strictness == Strictness::Values {
                x != y
            } else {
                shape(x) != shape(y)
            };
            if differ {
                out.push(Difference {
                    path: path.to_owned(),
                    reference: Some(x.clone()),
                    endpoint: Some(y.clone()),
                });
            }
        }
        (None, None) => {}
        (x, y) => out.push(Difference {
            path: path.to_owned(),
            reference: x.cloned(),
            endpoint: y.cloned(),
        }),
    }
}

/// A value with every leaf replaced by its JSON type.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => {
            let mut shapes: Vec<Value> = items.iter().map(shape).collect();
            shapes.dedup();
            Value::Array(shapes)
        }
        Value::String(_) => Value::String("string".into()),
        Value::Number(_) => Value::String("number".into()),
        Value::Bool(_) => Value::String("boolean".into()),
        Value::Null => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(body: Value) -> Outcome {
        Outcome {
            http_status: 200,
            body,
            content_type: None,
            xml_root: None,
        }
    }

    #[test]
    fn chosen_values_become_names_in_the_order_they_appear() {
        let mut a = Symbols::default();
        let mut b = Symbols::default();
        a.name("1111-key", "k1");
        b.name("2222-key", "k1");
        let left = normalise(
            "DescribeKey",
            &ok(
                json!({"RequestId": "r1", "KeyMetadata": {"KeyId": "1111-key",
                "Arn": "acs:kms:cn-hangzhou:1234567890123456:key/1111-key",
                "CreationDate": "2026-12-06T10:00:00Z", "UserId": "u-aaa"}}),
            ),
            &mut a,
        );
        let right = normalise(
            "DescribeKey",
            &ok(
                json!({"RequestId": "r2", "KeyMetadata": {"KeyId": "2222-key",
                "Arn": "acs:kms:cn-hangzhou:9999999999999999:key/2222-key",
                "CreationDate": "2027-01-01T00:00:00Z", "UserId": "u-bbb"}}),
            ),
            &mut b,
        );
        assert_eq!(left, right);
        assert_eq!(
            left.body["KeyMetadata"]["Arn"],
            "acs:kms:cn-hangzhou:${account}:key/${k1}"
        );
        assert_eq!(left.body["KeyMetadata"]["UserId"], "${UserId#1}");
    }

    #[test]
    fn lists_compare_as_sets_but_values_count() {
        let mut s = Symbols::default();
        let x = normalise("ListKeys", &ok(json!({"Keys": ["a", "b"]})), &mut s);
        let y = normalise("ListKeys", &ok(json!({"Keys": ["b", "a"]})), &mut s);
        let z = normalise("ListKeys", &ok(json!({"Keys": ["b", "c"]})), &mut s);
        assert!(differences(&x, &y, Strictness::Values).is_empty());
        assert_eq!(differences(&x, &z, Strictness::Values).len(), 1);
        assert!(differences(&x, &z, Strictness::Shape).is_empty());
    }

    #[test]
    fn errors_compare_by_status_and_code_only() {
        let fail = |code: &str, status: u16| Outcome {
            http_status: status,
            body: json!({"Code": code, "Message": format!("{code} at {status}")}),
            content_type: None,
            xml_root: None,
        };
        let mut s = Symbols::default();
        let a = normalise("Encrypt", &fail("Rejected.Disabled", 409), &mut s);
        let b = normalise("Encrypt", &fail("Rejected.Disabled", 409), &mut s);
        let c = normalise("Encrypt", &fail("Rejected.Disabled", 400), &mut s);
        assert!(differences(&a, &b, Strictness::Codes).is_empty());
        assert_eq!(differences(&a, &c, Strictness::Codes).len(), 1);
    }

    #[test]
    fn a_decrypted_plaintext_is_compared_but_a_data_key_is_named() {
        let mut s = Symbols::default();
        let d = normalise("Decrypt", &ok(json!({"Plaintext": "aGVsbG8="})), &mut s);
        assert_eq!(d.body["Plaintext"], "aGVsbG8=");
        let g = normalise(
            "GenerateDataKey",
            &ok(json!({"Plaintext": "ZGF0YWtleQ=="})),
            &mut s,
        );
        assert_eq!(g.body["Plaintext"], "${Plaintext#1}");
    }
}
