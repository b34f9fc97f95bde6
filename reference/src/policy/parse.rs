//! The policy grammar (docs/spec/kms-api.md §5.1): length check, JSON syntax, then every grammar error.

use super::ast::{
    ActionSpec, Condition, ConditionOperator, Effect, Loc, Node, Policy, Statement, TrustPolicy,
    TrustPrincipal,
};
use super::err::{PolicyError, PolicyErrorKind, PolicyErrors, code, did_you_mean};
use super::json::{Json, Member, Span, Value, parse_json, push_index, push_key};

/// The longest policy document RAM accepts, in characters (docs/spec/kms-api.md §5.5).
pub(crate) const MAX_POLICY_LEN: usize = 6144;

/// A message and an optional help text.
type Problem = (String, &'static str);

const STATEMENT_KEYS: [&str; 6] = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "Condition",
];

/// Parses a RAM identity policy document into its AST.
///
/// Stages: the length check (1..=6144 characters), JSON syntax (the first syntax error only),
/// then the grammar, which reports every problem of the document in document order.
pub fn parse_policy(text: &str) -> Result<Policy, PolicyErrors> {
    parse_in(text, Mode::Identity).map(|(policy, _)| policy)
}

/// The longest trust policy the reference accepts, in characters (docs/spec/decisions-next.md D-304).
pub(crate) const MAX_TRUST_POLICY_LEN: usize = 4096;

/// Parses a RAM role's trust policy (docs/spec/ram-sts.md §2, docs/spec/decisions-next.md D-305): the same
/// grammar as identity policies, except that each statement needs a `Principal` (`RAM`,
/// `Service` or `Federated`) and has no `Resource` or `NotAction`, and every action must match
/// `sts:AssumeRole`. Errors are located like those of [`parse_policy`]. The caller checks the
/// length (1..=4096 characters).
pub fn parse_trust_policy(text: &str) -> Result<TrustPolicy, PolicyErrors> {
    let (policy, principals) = parse_in(text, Mode::Trust)?;
    Ok(TrustPolicy { policy, principals })
}

/// Which kind of document the grammar reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Identity,
    Trust,
}

type Parsed = (Policy, Vec<Vec<TrustPrincipal>>);

/// How a principal type builds its value, and how its values are checked.
type PrincipalKind = (fn(String) -> TrustPrincipal, fn(&str) -> Option<Problem>);

fn parse_in(text: &str, mode: Mode) -> Result<Parsed, PolicyErrors> {
    check_length(text).map_err(PolicyErrors::one)?;
    let json = parse_json(text).map_err(|e| {
        let error = PolicyError::new(PolicyErrorKind::Syntax, e.message, to_loc(e.span, e.path));
        PolicyErrors::one(error.with_help(e.help))
    })?;
    let mut grammar = Grammar {
        errors: Vec::new(),
        mode,
        principals: Vec::new(),
    };
    let policy = grammar.policy(&json);
    let principals = std::mem::take(&mut grammar.principals);
    let mut errors = grammar.errors;
    errors.sort_by_key(|e| e.loc().offset);
    match (PolicyErrors::from_vec(errors), policy) {
        (None, Some(policy)) => Ok((policy, principals)),
        (Some(errors), _) => Err(errors),
        // INVARIANT: the grammar records an error whenever it gives up; this is a fallback.
        (None, None) => {
            let loc = to_loc(json.span, "$".to_owned());
            let message = "invalid policy document".to_owned();
            Err(PolicyErrors::one(PolicyError::new(
                PolicyErrorKind::Grammar,
                message,
                loc,
            )))
        }
    }
}

fn check_length(text: &str) -> Result<(), PolicyError> {
    let count = text.chars().count();
    let (message, offset) = if count == 0 {
        ("policy document is empty".to_owned(), 0)
    } else if count > MAX_POLICY_LEN {
        let message = format!(
            "policy document has {count} characters, more than the limit of {MAX_POLICY_LEN}"
        );
        let offset = text
            .char_indices()
            .nth(MAX_POLICY_LEN)
            .map_or(0, |(i, _)| i);
        (message, offset)
    } else {
        return Ok(());
    };
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    let span = Span {
        offset,
        len: text.len().saturating_sub(offset),
        line: u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    };
    let help = format!("a policy document has 1 to {MAX_POLICY_LEN} characters");
    let loc = to_loc(span, "$".to_owned());
    Err(PolicyError::new(PolicyErrorKind::Length, message, loc).with_help(Some(help)))
}

fn to_loc(span: Span, path: String) -> Loc {
    Loc {
        line: span.line,
        column: span.column,
        offset: span.offset,
        len: span.len,
        path,
    }
}

fn child_key(path: &str, key: &str) -> String {
    let mut child = path.to_owned();
    push_key(&mut child, key);
    child
}

fn child_index(path: &str, index: usize) -> String {
    let mut child = path.to_owned();
    push_index(&mut child, index);
    child
}

/// The grammar pass; records every error it finds. A method that returns `None` has recorded
/// at least one error.
struct Grammar {
    errors: Vec<PolicyError>,
    mode: Mode,
    /// In trust mode, the principals of each statement, in statement order.
    principals: Vec<Vec<TrustPrincipal>>,
}

impl Grammar {
    fn error(&mut self, span: Span, path: &str, message: impl Into<String>, help: Option<&str>) {
        let loc = to_loc(span, path.to_owned());
        let error = PolicyError::new(PolicyErrorKind::Grammar, message.into(), loc);
        self.errors.push(error.with_help(help.map(str::to_owned)));
    }

    /// "`<expected>`, not <what the value is>", at the value.
    fn wrong_type(&mut self, json: &Json, path: &str, expected: &str) {
        let message = format!("{expected}, not {}", json.value.describe());
        self.error(json.span, path, message, None);
    }

    /// The items of a value that is one item or a non-empty array of items, with their paths.
    fn items<'j>(
        &mut self,
        json: &'j Json,
        path: &str,
        empty: &str,
    ) -> Option<Vec<(&'j Json, String)>> {
        match &json.value {
            Value::Array(items) if items.is_empty() => {
                self.error(json.span, path, empty, None);
                None
            }
            Value::Array(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (item, child_index(path, i)))
                    .collect(),
            ),
            _ => Some(vec![(json, path.to_owned())]),
        }
    }

    fn policy(&mut self, json: &Json) -> Option<Policy> {
        let Value::Object(members) = &json.value else {
            self.wrong_type(json, "$", "policy document must be an object");
            return None;
        };
        let (mut version, mut statements) = (None, None);
        let (mut seen_version, mut seen_statement) = (false, false);
        for member in members {
            let path = child_key("$", &member.key);
            match member.key.as_str() {
                "Version" => {
                    seen_version = true;
                    version = self.version(&member.value, &path);
                }
                "Statement" => {
                    seen_statement = true;
                    statements = self.statements(&member.value, &path);
                }
                other => {
                    let help = did_you_mean(other, ["Version", "Statement"]).unwrap_or_else(|| {
                        "a policy document has only `Version` and `Statement`".to_owned()
                    });
                    let message = format!("unknown policy element {}", code(other));
                    self.error(member.key_span, &path, message, Some(help.as_str()));
                }
            }
        }
        if !seen_version {
            let help = Some("add `\"Version\": \"1\"`");
            self.error(json.span, "$", "policy document needs `Version`", help);
        }
        if !seen_statement {
            self.error(json.span, "$", "policy document needs `Statement`", None);
        }
        Some(Policy {
            version: version?,
            statements: statements?,
        })
    }

    fn version(&mut self, json: &Json, path: &str) -> Option<String> {
        let help = match &json.value {
            Value::String(v) if v == "1" => return Some(v.clone()),
            Value::Number(n) if n == "1" => "write the version as a string",
            _ => "`\"1\"` is the only version of the policy language",
        };
        let message = "`Version` must be `\"1\"`".to_owned();
        self.error(json.span, path, message, Some(help));
        None
    }

    fn statements(&mut self, json: &Json, path: &str) -> Option<Vec<Node<Statement>>> {
        match &json.value {
            Value::Object(_) => self.statement(json, path).map(|s| vec![s]),
            Value::Array(_) => {
                let items = self.items(json, path, "`Statement` must not be empty")?;
                let statements: Vec<_> = items
                    .into_iter()
                    .map(|(item, item_path)| self.statement(item, &item_path))
                    .collect();
                statements.into_iter().collect()
            }
            _ => {
                self.wrong_type(
                    json,
                    path,
                    "`Statement` must be an object or an array of objects",
                );
                None
            }
        }
    }

    fn statement(&mut self, json: &Json, path: &str) -> Option<Node<Statement>> {
        let Value::Object(members) = &json.value else {
            self.wrong_type(json, path, "statement must be an object");
            return None;
        };
        let errors_before = self.errors.len();
        let (mut sid, mut effect, mut actions, mut resources) = (None, None, None, None);
        let mut conditions = Vec::new();
        let (mut seen_effect, mut seen_action, mut seen_resource) = (false, false, false);
        let trust = self.mode == Mode::Trust;
        let (mut seen_principal, mut principals) = (false, None);
        for member in members {
            let member_path = child_key(path, &member.key);
            let (value, p) = (&member.value, member_path.as_str());
            match member.key.as_str() {
                "Sid" => match &value.value {
                    Value::String(s) => sid = Some(s.clone()),
                    _ => self.wrong_type(value, p, "`Sid` must be a string"),
                },
                "Effect" => {
                    seen_effect = true;
                    effect = self.effect(value, p);
                }
                "Principal" if trust => {
                    seen_principal = true;
                    principals = self.principals(value, p);
                }
                key @ ("Resource" | "NotAction" | "NotPrincipal") if trust => {
                    let message = format!("a trust policy has no {}", code(key));
                    let help = match key {
                        "Resource" => "the role itself is the resource; remove `Resource`",
                        "NotAction" => "use `\"Action\": \"sts:AssumeRole\"`",
                        _ => "name the trusted principals in `Principal`",
                    };
                    self.error(member.key_span, p, message, Some(help));
                }
                key @ ("Action" | "NotAction") => {
                    if seen_action {
                        let message = "`Action` and `NotAction` cannot both appear".to_owned();
                        let help = Some("keep only one of them");
                        self.error(member.key_span, p, message, help);
                    }
                    let check = if trust {
                        check_trust_action
                    } else {
                        check_action
                    };
                    let list = self.strings(value, p, key, check);
                    if !seen_action {
                        actions = list.map(|list| match key {
                            "Action" => ActionSpec::Action(list),
                            _ => ActionSpec::NotAction(list),
                        });
                    }
                    seen_action = true;
                }
                "Resource" => {
                    seen_resource = true;
                    resources = self.strings(value, p, "Resource", check_resource);
                }
                "Condition" => conditions = self.conditions(value, p),
                other => self.unknown_statement_key(member, p, other),
            }
        }
        let missing = [
            (
                seen_effect,
                "`Effect`",
                "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
            ),
            (
                seen_action,
                "`Action` or `NotAction`",
                "for example `\"Action\": \"kms:*\"`",
            ),
            (
                seen_resource || trust,
                "`Resource`",
                "`\"Resource\": \"*\"` matches every resource",
            ),
            (
                seen_principal || !trust,
                "`Principal`",
                "for example `\"Principal\": {\"RAM\": [\"acs:ram::<account>:root\"]}`",
            ),
        ];
        for (seen, name, help) in missing {
            if !seen {
                let message = format!("statement needs {name}");
                self.error(json.span, path, message, Some(help));
            }
        }
        if self.errors.len() > errors_before {
            return None;
        }
        let (effect, actions) = (effect?, actions?);
        let resources = if trust {
            self.principals.push(principals?);
            // The role is the only resource of a trust statement.
            vec![Node {
                node: "*".to_owned(),
                loc: to_loc(json.span, path.to_owned()),
            }]
        } else {
            resources?
        };
        let statement = Statement {
            sid,
            effect,
            actions,
            resources,
            conditions,
        };
        Some(Node {
            node: statement,
            loc: to_loc(json.span, path.to_owned()),
        })
    }

    fn unknown_statement_key(&mut self, member: &Member, path: &str, key: &str) {
        let help = match key {
            "NotResource" => {
                "RAM identity policies have no `NotResource`; list the resources in `Resource`"
                    .to_owned()
            }
            "Principal" | "NotPrincipal" => {
                "`Principal` belongs in resource policies, not in identity policies".to_owned()
            }
            _ => did_you_mean(key, STATEMENT_KEYS).unwrap_or_else(|| {
                "a statement has `Effect`, `Action` or `NotAction`, `Resource`, and optionally \
                 `Condition` and `Sid`"
                    .to_owned()
            }),
        };
        let message = format!("unknown statement element {}", code(key));
        self.error(member.key_span, path, message, Some(help.as_str()));
    }

    /// `Principal`: an object of `RAM`, `Service` or `Federated`, each a string or a list.
    fn principals(&mut self, json: &Json, path: &str) -> Option<Vec<TrustPrincipal>> {
        let Value::Object(members) = &json.value else {
            self.wrong_type(
                json,
                path,
                "`Principal` must be an object of `RAM`, `Service` or `Federated`",
            );
            return None;
        };
        if members.is_empty() {
            self.error(json.span, path, "`Principal` must not be empty", None);
            return None;
        }
        let errors_before = self.errors.len();
        let mut out = Vec::new();
        for member in members {
            let p = child_key(path, &member.key);
            let (kind, check): PrincipalKind = match member.key.as_str() {
                "RAM" => (TrustPrincipal::Ram, check_ram_principal),
                "Service" => (TrustPrincipal::Service, check_service_principal),
                "Federated" => (TrustPrincipal::Federated, check_federated_principal),
                other => {
                    let help =
                        did_you_mean(other, ["RAM", "Service", "Federated"]).unwrap_or_else(|| {
                            "a principal is `RAM`, `Service` or `Federated`".to_owned()
                        });
                    let message = format!("unknown principal type {}", code(other));
                    self.error(member.key_span, &p, message, Some(help.as_str()));
                    continue;
                }
            };
            let name = format!("Principal.{}", member.key);
            if let Some(list) = self.strings(&member.value, &p, &name, check) {
                out.extend(list.into_iter().map(|n| kind(n.node)));
            }
        }
        (self.errors.len() == errors_before).then_some(out)
    }

    fn effect(&mut self, json: &Json, path: &str) -> Option<Effect> {
        let (found, help) = match &json.value {
            Value::String(s) if s == "Allow" => return Some(Effect::Allow),
            Value::String(s) if s == "Deny" => return Some(Effect::Deny),
            Value::String(s) => (code(s), did_you_mean(s, ["Allow", "Deny"])),
            other => (other.describe().to_owned(), None),
        };
        let message = format!("`Effect` must be `Allow` or `Deny`, not {found}");
        self.error(json.span, path, message, help.as_deref());
        None
    }

    /// A string or a non-empty array of strings, each checked by `check`.
    fn strings(
        &mut self,
        json: &Json,
        path: &str,
        name: &str,
        check: fn(&str) -> Option<Problem>,
    ) -> Option<Vec<Node<String>>> {
        if !matches!(json.value, Value::String(_) | Value::Array(_)) {
            self.wrong_type(
                json,
                path,
                &format!("`{name}` must be a string or an array of strings"),
            );
            return None;
        }
        let items = self.items(json, path, &format!("`{name}` must not be empty"))?;
        let mut out = Vec::new();
        for (item, item_path) in items {
            match &item.value {
                Value::String(s) => match check(s) {
                    None => out.push(Node {
                        node: s.clone(),
                        loc: to_loc(item.span, item_path),
                    }),
                    Some((message, help)) => self.error(item.span, &item_path, message, Some(help)),
                },
                _ => self.wrong_type(
                    item,
                    &item_path,
                    &format!("`{name}` entries must be strings"),
                ),
            }
        }
        Some(out)
    }

    fn conditions(&mut self, json: &Json, path: &str) -> Vec<Node<Condition>> {
        let mut out = Vec::new();
        let Value::Object(operators) = &json.value else {
            self.wrong_type(json, path, "`Condition` must be an object");
            return out;
        };
        for op in operators {
            let op_path = child_key(path, &op.key);
            let operator = ConditionOperator::parse(&op.key);
            if operator.is_none() {
                self.unknown_operator(op, &op_path);
            }
            let Value::Object(keys) = &op.value.value else {
                let expected = format!(
                    "condition operator {} must map to an object of condition keys",
                    code(&op.key)
                );
                self.wrong_type(&op.value, &op_path, &expected);
                continue;
            };
            for key in keys {
                let key_path = child_key(&op_path, &key.key);
                if key.key.is_empty() {
                    let message = "condition key must not be empty".to_owned();
                    self.error(key.key_span, &key_path, message, None);
                }
                let values = self.condition_values(key, &key_path);
                if let (Some(operator), Some(values)) = (operator, values) {
                    let condition = Condition {
                        operator,
                        key: key.key.clone(),
                        values,
                    };
                    let loc = to_loc(key.key_span.to(key.value.span), key_path);
                    out.push(Node {
                        node: condition,
                        loc,
                    });
                }
            }
        }
        out
    }

    fn unknown_operator(&mut self, op: &Member, path: &str) {
        let help = match op
            .key
            .strip_suffix("IfExists")
            .and_then(ConditionOperator::parse)
        {
            Some(base) => Some(format!(
                "RAM has no `IfExists` operators; did you mean `{base}`?"
            )),
            None => did_you_mean(&op.key, ConditionOperator::ALL.iter().map(|o| o.as_str())),
        };
        let message = format!("unknown condition operator {}", code(&op.key));
        self.error(op.key_span, path, message, help.as_deref());
    }

    fn condition_values(&mut self, key: &Member, path: &str) -> Option<Vec<String>> {
        let empty = format!("condition key {} needs at least one value", code(&key.key));
        let items = self.items(&key.value, path, &empty)?;
        let mut values = Vec::new();
        let errors_before = self.errors.len();
        for (item, item_path) in items {
            match &item.value {
                Value::String(s) | Value::Number(s) => values.push(s.clone()),
                Value::Bool(b) => values.push(b.to_string()),
                _ => {
                    let expected = "condition value must be a string, number or boolean";
                    self.wrong_type(item, &item_path, expected);
                }
            }
        }
        (self.errors.len() == errors_before).then_some(values)
    }
}

fn check_action(action: &str) -> Option<Problem> {
    let valid = action == "*"
        || action
            .split_once(':')
            .is_some_and(|(service, pattern)| !service.is_empty() && !pattern.is_empty());
    if valid {
        return None;
    }
    let message = format!(
        "action {} must be `*` or `<service>:<action>`",
        code(action)
    );
    Some((message, "for example `kms:Encrypt` or `kms:*`"))
}

fn check_trust_action(action: &str) -> Option<Problem> {
    if super::wildcard::wildcard_match(action, "sts:AssumeRole", true) {
        return None;
    }
    let message = format!(
        "action {} of a trust policy must be `sts:AssumeRole`",
        code(action)
    );
    Some((message, "a trust policy only grants `sts:AssumeRole`"))
}

/// `acs:ram::<uid>:root`, `acs:ram::<uid>:user/<name>` or `acs:ram::<uid>:role/<name>`, no
/// wildcard (D-305, D-307).
fn check_ram_principal(value: &str) -> Option<Problem> {
    let help = "`acs:ram::<account>:root`, `acs:ram::<account>:user/<name>` or \
                `acs:ram::<account>:role/<name>`";
    let valid = !value.contains(['*', '?'])
        && value.strip_prefix("acs:ram::").is_some_and(|rest| {
            rest.split_once(':').is_some_and(|(uid, who)| {
                !uid.is_empty()
                    && uid.bytes().all(|b| b.is_ascii_digit())
                    && (who == "root"
                        || ["user/", "role/"]
                            .iter()
                            .any(|prefix| who.strip_prefix(prefix).is_some_and(|n| !n.is_empty())))
            })
        });
    (!valid).then(|| (format!("RAM principal {} is not valid", code(value)), help))
}

fn check_service_principal(value: &str) -> Option<Problem> {
    let valid = !value.contains(['*', '?']) && value.ends_with(".aliyuncs.com") && value.len() > 13;
    let message = format!("service principal {} is not valid", code(value));
    (!valid).then_some((message, "for example `ecs.aliyuncs.com`"))
}

fn check_federated_principal(value: &str) -> Option<Problem> {
    let valid = !value.contains(['*', '?'])
        && value.strip_prefix("acs:ram::").is_some_and(|rest| {
            rest.split_once(":saml-provider/")
                .is_some_and(|(uid, n)| !uid.is_empty() && !n.is_empty())
        });
    let message = format!("federated principal {} is not valid", code(value));
    (!valid).then_some((message, "`acs:ram::<account>:saml-provider/<name>`"))
}

fn check_resource(resource: &str) -> Option<Problem> {
    if !resource.is_empty() {
        return None;
    }
    let help = "`*` matches every resource; a key is `acs:kms:<region>:<account>:key/<key-id>`";
    Some(("resource must not be empty".to_owned(), help))
}
