//! Policy evaluation: default deny, explicit Deny beats Allow, and the statements that decided
//! as the explanation (kms-api.md §5.2).

use std::fmt;

use crate::policy::ast::{ActionSpec, Effect, Policy, Statement};
use crate::policy::condition::{RequestContext, condition_holds};
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

/// Evaluates `request` against named policies.
pub fn evaluate(policies: &[(&str, &Policy)], request: &AuthzRequest<'_>) -> Evaluation {
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    for (name, policy) in policies {
        for (index, statement) in policy.statements.iter().enumerate() {
            if statement_matches(&statement.node, request) {
                let r = StatementRef {
                    policy: (*name).to_owned(),
                    index,
                    sid: statement.node.sid.clone(),
                };
                match statement.node.effect {
                    Effect::Allow => allows.push(r),
                    Effect::Deny => denies.push(r),
                }
            }
        }
    }
    if !denies.is_empty() {
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
