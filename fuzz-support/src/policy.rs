//! `policy_parse` and `policy_eval`: the policy grammar and the evaluator.

mod eval;

use kms_reference::policy::{Policy, parse_policy, render_diagnostics};

use crate::{Violation, ensure};

pub use eval::{EvalInput, NaiveRequest, naive_evaluate, naive_wildcard_match, policy_eval};

const PARSE: &str = "policy_parse";

/// `policy_parse`: any bytes as a policy document. Never panics; an accepted document prints
/// back to canonical JSON that parses to an equal AST (and prints identically); a rejected one
/// carries at least one error, each with a message and a location inside the text.
pub fn policy_parse(data: &[u8]) -> Result<(), Violation> {
    let text = String::from_utf8_lossy(data);
    match parse_policy(&text) {
        Ok(policy) => round_trip(&policy),
        Err(errors) => {
            ensure(PARSE, errors.iter().next().is_some(), || {
                "a rejection carries no error".to_owned()
            })?;
            for error in errors.iter() {
                ensure(PARSE, !error.message().is_empty(), || {
                    format!("error {:?} has an empty message", error.kind())
                })?;
                ensure(PARSE, error.loc().offset <= text.len(), || {
                    format!(
                        "error at offset {} beyond the {}-byte text",
                        error.loc().offset,
                        text.len()
                    )
                })?;
            }
            let rendered = render_diagnostics(&text, "fuzz.json", &errors);
            ensure(PARSE, !rendered.is_empty(), || {
                "diagnostics render to nothing".to_owned()
            })
        }
    }
}

fn round_trip(policy: &Policy) -> Result<(), Violation> {
    let printed = policy.to_string();
    match parse_policy(&printed) {
        Ok(again) => {
            ensure(PARSE, &again == policy, || {
                format!("printed document parses to a different AST: {printed}")
            })?;
            let reprinted = again.to_string();
            ensure(PARSE, reprinted == printed, || {
                format!("printing is not a fixpoint: {printed} then {reprinted}")
            })
        }
        Err(errors) => Err(Violation {
            target: PARSE,
            message: format!(
                "an accepted document prints to a rejected one: {printed}: {}",
                errors.first().message()
            ),
        }),
    }
}
