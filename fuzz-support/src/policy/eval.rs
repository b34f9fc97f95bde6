//! `policy_eval`: generated policies and requests, and a deliberately naive second evaluator
//! to hold `evaluate` against.

use arbitrary::Arbitrary;

use kms_reference::policy::{
    ActionSpec, AuthzRequest, Condition, ConditionOperator, Decision, Effect, Node, Policy,
    RequestContext, Statement, condition_holds, evaluate,
};

use crate::{Violation, ensure};

const EVAL: &str = "policy_eval";

/// Words patterns and request strings are built from, so that they often match.
const WORDS: &[&str] = &[
    "kms:",
    "Encrypt",
    "Decrypt",
    "List",
    "Keys",
    "Describe",
    "Key",
    "acs:kms:",
    "cn-hangzhou",
    ":",
    "1234567890123456",
    "key/",
    "alias/",
    "a",
    "b",
    "KMS:",
    "encrypt",
    "ram:",
    "/",
];
const KEYS: &[&str] = &[
    "kms:tag/Project",
    "KMS:TAG/project",
    "acs:SourceIp",
    "acs:CurrentTime",
    "acs:SecureTransport",
    "acs:MFAPresent",
    "kms:EncryptionAlgorithm",
];
const VALUES: &[&str] = &[
    "Apollo",
    "apollo",
    "ap*",
    "A?ollo",
    "10.0.0.0/8",
    "10.1.2.3",
    "192.168.1.0/24",
    "::ffff:10.1.2.3",
    "2026-01-01T00:00:00Z",
    "2026-01-01",
    "2026-06-01T00:00:00+08:00",
    "true",
    "false",
    "TRUE",
    "5",
    "6",
    "5.0",
    "-1e3",
    "SYMMETRIC_DEFAULT",
    "",
];

/// A piece of a generated string.
#[derive(Arbitrary, Clone, Debug)]
enum Piece {
    /// One of [`WORDS`].
    Word(u8),
    /// `*`.
    Star,
    /// `?`.
    Question,
    /// Any character.
    Char(char),
}

/// A pattern or request string: pieces, or any text.
#[derive(Arbitrary, Clone, Debug)]
enum Text {
    /// Built from pieces.
    Pieces(Vec<Piece>),
    /// Any text.
    Raw(String),
}

impl Text {
    fn render(&self) -> String {
        match self {
            Text::Raw(s) => s.clone(),
            Text::Pieces(pieces) => pieces
                .iter()
                .map(|p| match p {
                    Piece::Word(i) => pick(WORDS, *i).to_owned(),
                    Piece::Star => "*".to_owned(),
                    Piece::Question => "?".to_owned(),
                    Piece::Char(c) => c.to_string(),
                })
                .collect(),
        }
    }
}

/// A condition key or value: from a list, or any text.
#[derive(Arbitrary, Clone, Debug)]
enum Word {
    /// Index into the list.
    Known(u8),
    /// Any text.
    Raw(String),
}

impl Word {
    fn render(&self, list: &[&str]) -> String {
        match self {
            Word::Known(i) => pick(list, *i).to_owned(),
            Word::Raw(s) => s.clone(),
        }
    }
}

/// One generated condition.
#[derive(Arbitrary, Clone, Debug)]
struct GenCondition {
    operator: u8,
    key: Word,
    values: Vec<Word>,
}

/// One generated statement.
#[derive(Arbitrary, Clone, Debug)]
struct GenStatement {
    deny: bool,
    not_action: bool,
    actions: Vec<Text>,
    resources: Vec<Text>,
    conditions: Vec<GenCondition>,
}

/// Policies plus one request.
#[derive(Arbitrary, Clone, Debug)]
pub struct EvalInput {
    policies: Vec<Vec<GenStatement>>,
    action: Text,
    resource: Text,
    context: Vec<(Word, Word)>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(usize::from(i) % list.len().max(1))
        .copied()
        .unwrap_or_default()
}

fn build_statement(g: &GenStatement) -> Statement {
    let nodes = |texts: &[Text]| texts.iter().map(|t| Node::new(t.render())).collect();
    Statement {
        sid: None,
        effect: if g.deny { Effect::Deny } else { Effect::Allow },
        actions: if g.not_action {
            ActionSpec::NotAction(nodes(&g.actions))
        } else {
            ActionSpec::Action(nodes(&g.actions))
        },
        resources: nodes(&g.resources),
        conditions: g
            .conditions
            .iter()
            .map(|c| {
                let all = ConditionOperator::ALL;
                let operator = all
                    .get(usize::from(c.operator) % all.len())
                    .copied()
                    .unwrap_or(ConditionOperator::StringEquals);
                Node::new(Condition {
                    operator,
                    key: c.key.render(KEYS),
                    values: c.values.iter().map(|v| v.render(VALUES)).collect(),
                })
            })
            .collect(),
    }
}

/// The request as the naive evaluator sees it: plain strings and an association list.
pub struct NaiveRequest<'a> {
    /// The action.
    pub action: &'a str,
    /// The resource.
    pub resource: &'a str,
    /// Condition keys in the order they were set (a later one replaces an earlier one
    /// whose key is equal ignoring case).
    pub context: &'a [(String, String)],
}

/// `policy_eval`: the production evaluator against [`naive_evaluate`] on generated policies
/// and a generated request; and explicit deny dominates.
pub fn policy_eval(input: &EvalInput) -> Result<(), Violation> {
    let policies: Vec<Policy> = input
        .policies
        .iter()
        .map(|statements| Policy {
            version: "1".to_owned(),
            statements: statements
                .iter()
                .map(|s| Node::new(build_statement(s)))
                .collect(),
        })
        .collect();
    let names: Vec<String> = (0..policies.len()).map(|i| format!("p{i}")).collect();
    let named: Vec<(&str, &Policy)> = names.iter().map(String::as_str).zip(&policies).collect();
    let action = input.action.render();
    let resource = input.resource.render();
    let pairs: Vec<(String, String)> = input
        .context
        .iter()
        .map(|(k, v)| (k.render(KEYS), v.render(VALUES)))
        .collect();
    let mut context = RequestContext::new();
    for (k, v) in &pairs {
        context.set(k, v.clone());
    }
    let request = AuthzRequest {
        action: &action,
        resource: &resource,
        context: &context,
    };
    let fast = evaluate(&named, &request);
    let naive = naive_evaluate(
        &named,
        &NaiveRequest {
            action: &action,
            resource: &resource,
            context: &pairs,
        },
    );
    let fast_deciding: Vec<(String, usize)> = fast
        .deciding
        .iter()
        .map(|r| (r.policy.clone(), r.index))
        .collect();
    ensure(
        EVAL,
        fast.decision == naive.0 && fast_deciding == naive.1,
        || {
            format!(
                "evaluate says {:?} {:?}, the naive evaluator {:?} {:?}; action {action:?}, resource {resource:?}, context {pairs:?}, policies {}",
                fast.decision,
                fast_deciding,
                naive.0,
                naive.1,
                policies
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        },
    )?;
    // Explicit deny dominates: one matching Deny anywhere decides, whatever else matches.
    let any_deny = policies.iter().flat_map(|p| &p.statements).any(|s| {
        s.node.effect == Effect::Deny
            && naive_statement_matches(&s.node, &action, &resource, &pairs)
    });
    ensure(
        EVAL,
        any_deny == (fast.decision == Decision::ExplicitDeny),
        || {
            format!(
                "a matching Deny is {any_deny} but the decision is {:?}",
                fast.decision
            )
        },
    )
}

/// The deliberately naive evaluator: every statement of every policy in turn, no early
/// exit and no shared matcher with the production code. Returns the decision and the
/// deciding statements as (policy, index).
pub fn naive_evaluate(
    policies: &[(&str, &Policy)],
    request: &NaiveRequest<'_>,
) -> (Decision, Vec<(String, usize)>) {
    let mut denies = Vec::new();
    let mut allows = Vec::new();
    for (name, policy) in policies {
        for (index, statement) in policy.statements.iter().enumerate() {
            let s = &statement.node;
            if naive_statement_matches(s, request.action, request.resource, request.context) {
                let r = ((*name).to_owned(), index);
                match s.effect {
                    Effect::Deny => denies.push(r),
                    Effect::Allow => allows.push(r),
                }
            }
        }
    }
    if !denies.is_empty() {
        (Decision::ExplicitDeny, denies)
    } else if !allows.is_empty() {
        (Decision::Allow, allows)
    } else {
        (Decision::ImplicitDeny, Vec::new())
    }
}

fn naive_statement_matches(
    s: &Statement,
    action: &str,
    resource: &str,
    context: &[(String, String)],
) -> bool {
    let action_listed = |patterns: &[Node<String>]| {
        let mut found = false;
        for p in patterns {
            if naive_wildcard_match(&p.node, action, true) {
                found = true;
            }
        }
        found
    };
    let action_ok = match &s.actions {
        ActionSpec::Action(p) => action_listed(p),
        ActionSpec::NotAction(p) => !action_listed(p),
    };
    let mut resource_ok = false;
    for r in &s.resources {
        if naive_wildcard_match(&r.node, resource, false) {
            resource_ok = true;
        }
    }
    let mut conditions_ok = true;
    for c in &s.conditions {
        if !naive_condition(&c.node, context) {
            conditions_ok = false;
        }
    }
    action_ok && resource_ok && conditions_ok
}

/// The string and Bool operators are re-implemented here; the numeric, date and IP
/// families are delegated to [`condition_holds`] on a one-key context (their parsing is
/// unit-tested in `policy::condition`; what is checked here is key lookup and negation).
fn naive_condition(c: &Condition, context: &[(String, String)]) -> bool {
    use ConditionOperator as Op;
    let wanted = c.key.to_lowercase();
    let mut actual = None;
    for (k, v) in context {
        if k.to_lowercase() == wanted {
            actual = Some(v.as_str());
        }
    }
    let Some(actual) = actual else {
        return false;
    };
    let lower = actual.to_lowercase();
    let mut equal = false;
    let mut equal_ignoring_case = false;
    let mut like = false;
    for v in &c.values {
        equal |= v == actual;
        equal_ignoring_case |= v.to_lowercase() == lower;
        like |= naive_wildcard_match(v, actual, false);
    }
    match c.operator {
        Op::StringEquals => equal,
        Op::StringNotEquals => !equal,
        Op::StringEqualsIgnoreCase => equal_ignoring_case,
        Op::StringNotEqualsIgnoreCase => !equal_ignoring_case,
        Op::StringLike => like,
        Op::StringNotLike => !like,
        Op::Bool => c.values.iter().any(|v| v.eq_ignore_ascii_case(actual)),
        _ => condition_holds(c, &RequestContext::new().with(&c.key, actual)),
    }
}

/// Textbook dynamic programming over characters: `table[i][j]` is whether the first `i`
/// characters of the pattern match the first `j` of the text. Case is folded character
/// by character (`char::to_lowercase`) when `ignore_case`.
pub fn naive_wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, t) = (fold(pattern), fold(text));
    // previous[j]: the pattern so far matches the first j text characters.
    let mut previous: Vec<bool> = std::iter::once(true)
        .chain(t.iter().map(|_| false))
        .collect();
    for pc in &p {
        let mut current = Vec::with_capacity(previous.len());
        for j in 0..previous.len() {
            let value = match (*pc, j.checked_sub(1)) {
                ('*', None) => previous.first().copied().unwrap_or(false),
                ('*', Some(before)) => {
                    previous.get(j).copied().unwrap_or(false)
                        || current.get(before).copied().unwrap_or(false)
                }
                (_, None) => false,
                (c, Some(before)) => {
                    let tc = t.get(before).copied();
                    previous.get(before).copied().unwrap_or(false) && (c == '?' || tc == Some(c))
                }
            };
            current.push(value);
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_matcher_examples() {
        assert!(naive_wildcard_match("kms:*", "kms:Encrypt", false));
        assert!(naive_wildcard_match("KMS:encrypt", "kms:Encrypt", true));
        assert!(!naive_wildcard_match("KMS:encrypt", "kms:Encrypt", false));
        assert!(naive_wildcard_match("a?c", "abc", false));
        assert!(!naive_wildcard_match("a?c", "ac", false));
        assert!(naive_wildcard_match("*", "", false));
        assert!(naive_wildcard_match("", "", false));
        assert!(!naive_wildcard_match("", "a", false));
        assert!(naive_wildcard_match("a*b*c", "aXbYbZc", false));
        assert!(!naive_wildcard_match("a*b*c", "aXbYbZ", false));
    }
}
