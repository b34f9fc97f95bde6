//! RAM policy documents: parse once into a typed AST with locations ([`parse_policy`]),
//! evaluate a request against a set of policies with the deciding statements as explanation
//! ([`evaluate`]), and render diagnostics.

mod ast;

pub use ast::{ActionSpec, Condition, ConditionOperator, Effect, Loc, Node, Policy, Statement};
