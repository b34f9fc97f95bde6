//! RAM policy documents: parse once into a typed AST with locations ([`parse_policy`]),
//! evaluate a request against a set of policies with the deciding statements as explanation
//! ([`evaluate`], or [`evaluate_indexed`] on policies indexed once by [`IndexedPolicy`]), and
//! render diagnostics.

mod ast;
mod condition;
mod err;
mod eval;
mod index;
mod json;
mod parse;
mod print;
mod wildcard;

pub use ast::{
    ActionSpec, Condition, ConditionOperator, Effect, Loc, Node, Policy, Statement, TrustPolicy,
    TrustPrincipal,
};
pub use condition::{RequestContext, condition_holds};
pub use err::{PolicyError, PolicyErrorKind, PolicyErrors, render_diagnostics};
pub use eval::{
    AuthzRequest, Decision, Evaluation, StatementRef, evaluate, evaluate_indexed, statement_matches,
};
pub use index::IndexedPolicy;
pub(crate) use parse::MAX_TRUST_POLICY_LEN;
pub use parse::{parse_policy, parse_trust_policy};
pub use wildcard::wildcard_match;

#[cfg(test)]
mod tests;
