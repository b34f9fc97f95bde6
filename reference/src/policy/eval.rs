//! Policy evaluation: default deny, explicit Deny beats Allow, and the statements that decided
//! as the explanation (docs/spec/kms-api.md §5.2).

use std::fmt;

use crate::policy::ast::{ActionSpec, Effect, Policy, Statement};
use crate::policy::condition::{RequestContext, condition_holds};
use crate::policy::index::{IndexedPolicy, Probe};
use crate::policy::wildcard::wildcard_match;

/// The outcome of evaluating a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Some Allow statement matched and no Deny did.
    Allow,
    /// A Deny statement matched.
    ExplicitDeny,
    /// Nothing matched.
    ImplicitDeny,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        })
    }
}

/// A statement by policy name and 0-based index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StatementRef {
    /// The policy's name.
    pub policy: String,
    /// The statement's index in the policy.
    pub index: usize,
    /// The statement's `Sid`, if it has one.
    pub sid: Option<String>,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.policy, self.index)?;
        if let Some(sid) = &self.sid {
            write!(f, " ({sid})")?;
        }
        Ok(())
    }
}

/// A decision with the statements that made it: the matching Deny statements for an explicit
/// deny, the matching Allow statements for an allow, none for an implicit deny.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// The deciding statements.
    pub deciding: Vec<StatementRef>,
}

/// What is being asked: an action on a resource, with the request's condition keys.
#[derive(Clone, Copy, Debug)]
pub struct AuthzRequest<'a> {
    /// `kms:Encrypt` and the like; matched case-insensitively.
    pub action: &'a str,
    /// The resource ARN; matched case-sensitively.
    pub resource: &'a str,
    /// Condition keys.
    pub context: &'a RequestContext,
}

/// Whether `statement` applies to `request` (action, resource and every condition).
pub fn statement_matches(statement: &Statement, request: &AuthzRequest<'_>) -> bool {
    let action_matches = match &statement.actions {
        ActionSpec::Action(patterns) => patterns
            .iter()
            .any(|p| wildcard_match(&p.node, request.action, true)),
        ActionSpec::NotAction(patterns) => !patterns
            .iter()
            .any(|p| wildcard_match(&p.node, request.action, true)),
    };
    action_matches
        && statement
            .resources
            .iter()
            .any(|r| wildcard_match(&r.node, request.resource, false))
        && statement
            .conditions
            .iter()
            .all(|c| condition_holds(&c.node, request.context))
}

/// Evaluates `request` against named policies, every statement in turn.
pub fn evaluate(policies: &[(&str, &Policy)], request: &AuthzRequest<'_>) -> Evaluation {
    decide(
        policies.iter().flat_map(|(name, policy)| {
            policy
                .statements
                .iter()
                .enumerate()
                .map(move |(index, s)| (*name, index, &s.node))
        }),
        request,
    )
}

/// Evaluates `request` against named indexed policies: the same decision and deciding
/// statements as [`evaluate`] on the same policies, visiting only the statements the index
/// cannot rule out.
pub fn evaluate_indexed(
    policies: &[(&str, &IndexedPolicy)],
    request: &AuthzRequest<'_>,
) -> Evaluation {
    let probe = Probe::new(
        request.action,
        request.resource,
        policies.iter().map(|(_, p)| *p),
    );
    decide(
        policies.iter().flat_map(|(name, indexed)| {
            let statements = &indexed.policy().statements;
            indexed
                .candidates(&probe)
                .filter_map(move |index| statements.get(index).map(|s| (*name, index, &s.node)))
        }),
        request,
    )
}

/// The decision over `statements` (policy name, index in the policy, statement), in order.
fn decide<'p>(
    statements: impl Iterator<Item = (&'p str, usize, &'p Statement)>,
    request: &AuthzRequest<'_>,
) -> Evaluation {
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    for (name, index, statement) in statements {
        if statement_matches(statement, request) {
            let r = StatementRef {
                policy: name.to_owned(),
                index,
                sid: statement.sid.clone(),
            };
            match statement.effect {
                Effect::Allow => allows.push(r),
                Effect::Deny => denies.push(r),
            }
        }
    }
    let deny_wins = !crate::planted::is_planted(crate::planted::Divergence::DenyDoesNotDominate)
        || allows.is_empty();
    if !denies.is_empty() && deny_wins {
        Evaluation {
            decision: Decision::ExplicitDeny,
            deciding: denies,
        }
    } else if !allows.is_empty() {
        Evaluation {
            decision: Decision::Allow,
            deciding: allows,
        }
    } else {
        Evaluation {
            decision: Decision::ImplicitDeny,
            deciding: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ast::{Condition, ConditionOperator, Node};
    use proptest::prelude::*;

    const ACTIONS: &[&str] = &[
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ListKeys",
        "kms:CreateAlias",
    ];
    const RESOURCES: &[&str] = &[
        "acs:kms:r:1:key/a",
        "acs:kms:r:1:key/b",
        "acs:kms:r:1:alias/x",
    ];

    fn statement() -> impl Strategy<Value = Statement> {
        let pattern = prop_oneof![
            proptest::sample::select(ACTIONS).prop_map(str::to_owned),
            Just("kms:*".to_owned()),
            Just("kms:List*".to_owned()),
            Just("KMS:ENCRYPT".to_owned()),
        ];
        let resource = prop_oneof![
            proptest::sample::select(RESOURCES).prop_map(str::to_owned),
            Just("*".to_owned()),
            Just("acs:kms:*:*:key/*".to_owned()),
        ];
        (
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec(pattern, 1..3),
            proptest::collection::vec(resource, 1..3),
            proptest::option::of(proptest::sample::select(&["a", "b"][..])),
        )
            .prop_map(|(allow, not_action, actions, resources, tag)| Statement {
                sid: None,
                effect: if allow { Effect::Allow } else { Effect::Deny },
                actions: {
                    let nodes = actions.into_iter().map(Node::new).collect();
                    if not_action {
                        ActionSpec::NotAction(nodes)
                    } else {
                        ActionSpec::Action(nodes)
                    }
                },
                resources: resources.into_iter().map(Node::new).collect(),
                conditions: tag
                    .map(|t| {
                        vec![Node::new(Condition {
                            operator: ConditionOperator::StringEquals,
                            key: "kms:tag/T".to_owned(),
                            values: vec![t.to_owned()],
                        })]
                    })
                    .unwrap_or_default(),
            })
    }

    fn policy() -> impl Strategy<Value = Policy> {
        proptest::collection::vec(statement(), 0..5).prop_map(|statements| Policy {
            version: "1".to_owned(),
            statements: statements.into_iter().map(Node::new).collect(),
        })
    }

    fn request() -> impl Strategy<Value = (String, String, Option<&'static str>)> {
        (
            proptest::sample::select(ACTIONS).prop_map(str::to_owned),
            proptest::sample::select(RESOURCES).prop_map(str::to_owned),
            proptest::option::of(proptest::sample::select(&["a", "b"][..])),
        )
    }

    fn decide(
        policies: &[Policy],
        (action, resource, tag): &(String, String, Option<&str>),
    ) -> Evaluation {
        let context = match tag {
            Some(t) => RequestContext::new().with("kms:tag/T", *t),
            None => RequestContext::new(),
        };
        let named: Vec<(&str, &Policy)> = policies.iter().map(|p| ("p", p)).collect();
        evaluate(
            &named,
            &AuthzRequest {
                action,
                resource,
                context: &context,
            },
        )
    }

    proptest! {
        #[test]
        fn explicit_deny_dominates(policies in proptest::collection::vec(policy(), 1..4), req in request()) {
            let matching_deny = policies.iter().flat_map(|p| &p.statements).any(|s| {
                s.node.effect == Effect::Deny && {
                    let context = match req.2 { Some(t) => RequestContext::new().with("kms:tag/T", t), None => RequestContext::new() };
                    statement_matches(&s.node, &AuthzRequest { action: &req.0, resource: &req.1, context: &context })
                }
            });
            let evaluation = decide(&policies, &req);
            prop_assert_eq!(evaluation.decision == Decision::ExplicitDeny, matching_deny);
            if matching_deny {
                prop_assert!(!evaluation.deciding.is_empty());
            }
        }

        #[test]
        fn adding_an_allow_never_turns_an_allow_into_a_deny(
            mut policies in proptest::collection::vec(policy(), 1..4),
            extra in statement(),
            req in request(),
        ) {
            let before = decide(&policies, &req).decision;
            let mut extra = extra;
            extra.effect = Effect::Allow;
            policies.push(Policy { version: "1".to_owned(), statements: vec![Node::new(extra)] });
            let after = decide(&policies, &req).decision;
            if before == Decision::Allow {
                prop_assert_eq!(after, Decision::Allow);
            }
            // An added Allow can never create an explicit deny either.
            prop_assert_eq!(after == Decision::ExplicitDeny, before == Decision::ExplicitDeny);
        }

        #[test]
        fn no_policy_means_implicit_deny(req in request()) {
            prop_assert_eq!(decide(&[], &req), Evaluation { decision: Decision::ImplicitDeny, deciding: vec![] });
        }
    }
}
