//! Condition operators and the request context they read (docs/spec/kms-api.md §5.2, §5.3).

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::clock::Timestamp;
use crate::policy::ast::{Condition, ConditionOperator};
use crate::policy::wildcard::wildcard_match;

/// The condition keys of one request, looked up case-insensitively (`acs:SourceIp`,
/// `kms:tag/Project`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Lowercased key → (key as given, value).
    values: BTreeMap<String, (String, String)>,
}

impl RequestContext {
    /// An empty context: every condition on it is false.
    pub fn new() -> RequestContext {
        RequestContext::default()
    }

    /// Sets `key` to `value`, replacing an earlier value.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.values
            .insert(key.to_lowercase(), (key.to_owned(), value.into()));
    }

    /// The same context with `key` set.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> RequestContext {
        self.set(key, value);
        self
    }

    /// The value of `key`, if the request has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(&key.to_lowercase())
            .map(|(_, v)| v.as_str())
    }

    /// Every key (as given) and value.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.values().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Whether `condition` holds for `context`. A key absent from the request makes the condition
/// false, negated operators included (docs/spec/decisions.md D-045).
pub fn condition_holds(condition: &Condition, context: &RequestContext) -> bool {
    use ConditionOperator as Op;
    let Some(actual) = context.get(&condition.key) else {
        return false;
    };
    let any = |f: &dyn Fn(&str) -> bool| condition.values.iter().any(|v| f(v));
    match condition.operator {
        Op::StringEquals => any(&|v| v == actual),
        Op::StringNotEquals => !any(&|v| v == actual),
        Op::StringEqualsIgnoreCase => any(&|v| v.to_lowercase() == actual.to_lowercase()),
        Op::StringNotEqualsIgnoreCase => !any(&|v| v.to_lowercase() == actual.to_lowercase()),
        Op::StringLike => any(&|v| wildcard_match(v, actual, false)),
        Op::StringNotLike => !any(&|v| wildcard_match(v, actual, false)),
        Op::NumericEquals => numeric(actual, &condition.values, |a, b| a == b),
        Op::NumericNotEquals => {
            !numeric(actual, &condition.values, |a, b| a == b) && number(actual).is_some()
        }
        Op::NumericLessThan => numeric(actual, &condition.values, |a, b| a < b),
        Op::NumericLessThanEquals => numeric(actual, &condition.values, |a, b| a <= b),
        Op::NumericGreaterThan => numeric(actual, &condition.values, |a, b| a > b),
        Op::NumericGreaterThanEquals => numeric(actual, &condition.values, |a, b| a >= b),
        Op::DateEquals => date(actual, &condition.values, |a, b| a == b),
        Op::DateNotEquals => {
            !date(actual, &condition.values, |a, b| a == b) && parse_date(actual).is_some()
        }
        Op::DateLessThan => date(actual, &condition.values, |a, b| a < b),
        Op::DateLessThanEquals => date(actual, &condition.values, |a, b| a <= b),
        Op::DateGreaterThan => date(actual, &condition.values, |a, b| a > b),
        Op::DateGreaterThanEquals => date(actual, &condition.values, |a, b| a >= b),
        Op::Bool => any(&|v| v.eq_ignore_ascii_case(actual)),
        Op::IpAddress => ip_in_any(actual, &condition.values),
        Op::NotIpAddress => {
            actual.parse::<IpAddr>().is_ok() && !ip_in_any(actual, &condition.values)
        }
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// True when the request's number and any policy value satisfy `cmp(request, value)`.
fn numeric(actual: &str, values: &[String], cmp: fn(f64, f64) -> bool) -> bool {
    let Some(a) = number(actual) else {
        return false;
    };
    values.iter().filter_map(|v| number(v)).any(|v| cmp(a, v))
}

/// ISO 8601 date-time (RFC 3339), or a plain `YYYY-MM-DD` date at midnight UTC.
fn parse_date(text: &str) -> Option<Timestamp> {
    Timestamp::parse_iso(text).or_else(|| Timestamp::parse_iso(&format!("{text}T00:00:00Z")))
}

fn date(actual: &str, values: &[String], cmp: fn(Timestamp, Timestamp) -> bool) -> bool {
    let Some(a) = parse_date(actual) else {
        return false;
    };
    values
        .iter()
        .filter_map(|v| parse_date(v))
        .any(|v| cmp(a, v))
}

/// Whether `actual` lies in any of `ranges` (single addresses or CIDR blocks).
fn ip_in_any(actual: &str, ranges: &[String]) -> bool {
    let Ok(ip) = actual.parse::<IpAddr>() else {
        return false;
    };
    ranges.iter().any(|r| in_range(ip, r))
}

fn in_range(ip: IpAddr, range: &str) -> bool {
    let (base, prefix) = match range.split_once('/') {
        Some((b, p)) => match p.parse::<u32>() {
            Ok(p) => (b, Some(p)),
            Err(_) => return false,
        },
        None => (range, None),
    };
    let Ok(base) = base.parse::<IpAddr>() else {
        return false;
    };
    let (ip, base, width) = match (ip, base) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        (IpAddr::V6(a), IpAddr::V4(b)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
            None => return false,
        },
        (IpAddr::V4(_), IpAddr::V6(_)) => return false,
    };
    let prefix = prefix.unwrap_or(width);
    if prefix > width {
        return false;
    }
    let shift = width - prefix;
    let (ip, base) = if shift >= 128 {
        (0, 0)
    } else {
        (ip >> shift, base >> shift)
    };
    ip == base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(operator: ConditionOperator, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator,
            key: key.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn operator_families_true_and_false() {
        use ConditionOperator as Op;
        let ctx = RequestContext::new()
            .with("kms:tag/Project", "apollo")
            .with("acs:SourceIp", "192.168.1.7")
            .with("acs:SecureTransport", "true")
            .with("acs:CurrentTime", "2026-01-01T00:00:00Z")
            .with("n", "5");
        let cases: &[(Op, &str, &[&str], bool)] = &[
            (Op::StringEquals, "kms:tag/Project", &["apollo"], true),
            (Op::StringEquals, "KMS:TAG/PROJECT", &["Apollo"], false),
            (
                Op::StringEqualsIgnoreCase,
                "kms:tag/Project",
                &["Apollo"],
                true,
            ),
            (Op::StringNotEquals, "kms:tag/Project", &["x", "y"], true),
            (
                Op::StringNotEquals,
                "kms:tag/Project",
                &["x", "apollo"],
                false,
            ),
            (
                Op::StringNotEqualsIgnoreCase,
                "kms:tag/Project",
                &["APOLLO"],
                false,
            ),
            (Op::StringLike, "kms:tag/Project", &["ap*"], true),
            (Op::StringNotLike, "kms:tag/Project", &["ap*"], false),
            (Op::NumericLessThan, "n", &["6"], true),
            (Op::NumericGreaterThanEquals, "n", &["6"], false),
            (Op::NumericNotEquals, "n", &["5"], false),
            (
                Op::DateLessThan,
                "acs:CurrentTime",
                &["2026-06-01T00:00:00Z"],
                true,
            ),
            (
                Op::DateGreaterThan,
                "acs:CurrentTime",
                &["2026-06-01"],
                false,
            ),
            (Op::Bool, "acs:SecureTransport", &["true"], true),
            (Op::Bool, "acs:SecureTransport", &["false"], false),
            (Op::IpAddress, "acs:SourceIp", &["192.168.1.0/24"], true),
            (
                Op::IpAddress,
                "acs:SourceIp",
                &["10.0.0.0/8", "192.168.1.8"],
                false,
            ),
            (Op::NotIpAddress, "acs:SourceIp", &["10.0.0.0/8"], true),
            // An absent key makes even a negated condition false.
            (Op::StringNotEquals, "acs:MFAPresent", &["true"], false),
            (Op::NotIpAddress, "absent", &["10.0.0.0/8"], false),
        ];
        for (op, key, values, expected) in cases {
            assert_eq!(
                condition_holds(&cond(*op, key, values), &ctx),
                *expected,
                "{op} {key} {values:?}"
            );
        }
    }

    #[test]
    fn cidr_edges() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(in_range(ip("10.1.2.3"), "0.0.0.0/0"));
        assert!(in_range(ip("10.1.2.3"), "10.1.2.3/32"));
        assert!(!in_range(ip("10.1.2.3"), "10.1.2.3/33"));
        assert!(in_range(ip("::ffff:10.1.2.3"), "10.1.0.0/16"));
        assert!(in_range(ip("2001:db8::1"), "2001:db8::/32"));
        assert!(!in_range(ip("2001:db9::1"), "2001:db8::/32"));
    }
}
