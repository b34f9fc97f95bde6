//! `kmsconf policy check` and `kmsconf policy lint`: the reference's RAM policy engine as a
//! simulator on the command line. Each function returns the text to print and the exit code,
//! so tests snapshot exactly what a user sees.

use kms_reference::Timestamp;
use kms_reference::policy::{
    AuthzRequest, Decision, Policy, RequestContext, evaluate, parse_policy, render_diagnostics,
};

/// Exit code: allowed, or every document is valid.
pub const EXIT_OK: u8 = 0;
/// Exit code: denied (implicitly or explicitly), or some document has problems.
pub const EXIT_DENIED_OR_INVALID: u8 = 1;
/// Exit code: the input could not be used (unreadable file, malformed policy given to `check`,
/// bad `--context`).
pub const EXIT_USAGE: u8 = 2;

/// A policy document as read from a file.
#[derive(Clone, Debug)]
pub struct PolicySource {
    /// The name shown in explanations and diagnostics (the file name).
    pub name: String,
    /// The document text.
    pub text: String,
}

/// Lints documents: every problem of every document, each with its source line underlined.
pub fn lint(sources: &[PolicySource]) -> (String, u8) {
    let mut out = String::new();
    let mut code = EXIT_OK;
    for source in sources {
        match parse_policy(&source.text) {
            Ok(policy) => {
                out.push_str(&format!(
                    "{}: ok ({} statement(s))\n",
                    source.name,
                    policy.statements.len()
                ));
            }
            Err(errors) => {
                code = EXIT_DENIED_OR_INVALID;
                out.push_str(&render_diagnostics(&source.text, &source.name, &errors));
                out.push_str(&format!("{}: {} problem(s)\n", source.name, errors.len()));
            }
        }
    }
    (out, code)
}

/// Parses `key=value` context arguments.
pub fn parse_context(pairs: &[String], now: Timestamp) -> Result<RequestContext, String> {
    let mut context = RequestContext::new().with("acs:CurrentTime", now.to_string());
    for pair in pairs {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| format!("context `{pair}` is not key=value"))?;
        if k.is_empty() {
            return Err(format!("context `{pair}` has an empty key"));
        }
        context.set(k, v);
    }
    Ok(context)
}

/// Decides `action` on `resource` against the policies, and explains which statements decided.
pub fn check(
    sources: &[PolicySource],
    action: &str,
    resource: &str,
    context: &RequestContext,
    json: bool,
) -> (String, u8) {
    let mut parsed: Vec<(&str, Policy)> = Vec::new();
    let mut problems = String::new();
    for source in sources {
        match parse_policy(&source.text) {
            Ok(p) => parsed.push((&source.name, p)),
            Err(errors) => {
                problems.push_str(&render_diagnostics(&source.text, &source.name, &errors))
            }
        }
    }
    if !problems.is_empty() {
        return (
            format!("{problems}no decision: fix the policies above first\n"),
            EXIT_USAGE,
        );
    }
    let named: Vec<(&str, &Policy)> = parsed.iter().map(|(n, p)| (*n, p)).collect();
    let evaluation = evaluate(
        &named,
        &AuthzRequest {
            action,
            resource,
            context,
        },
    );
    let code = if evaluation.decision == Decision::Allow {
        EXIT_OK
    } else {
        EXIT_DENIED_OR_INVALID
    };
    if json {
        let deciding: Vec<serde_json::Value> = evaluation
            .deciding
            .iter()
            .map(|s| serde_json::json!({"policy": s.policy, "statement": s.index, "sid": s.sid}))
            .collect();
        let body = serde_json::json!({
            "decision": evaluation.decision.to_string(),
            "action": action,
            "resource": resource,
            "deciding": deciding,
        });
        return (format!("{body}\n"), code);
    }
    let mut out = format!(
        "decision: {}\n  action:   {action}\n  resource: {resource}\n",
        evaluation.decision
    );
    let mut context_lines: Vec<String> =
        context.entries().map(|(k, v)| format!("{k}={v}")).collect();
    context_lines.sort();
    out.push_str(&format!("  context:  {}\n", context_lines.join(", ")));
    match evaluation.decision {
        Decision::ImplicitDeny => out.push_str("no statement matched: denied by default\n"),
        Decision::Allow | Decision::ExplicitDeny => {
            out.push_str("decided by:\n");
            for s in &evaluation.deciding {
                let statement = named
                    .iter()
                    .find(|(n, _)| *n == s.policy)
                    .and_then(|(_, p)| p.statements.get(s.index));
                let line = statement.map(|st| st.loc.line).unwrap_or_default();
                out.push_str(&format!(
                    "  {} statement {} (line {line})",
                    s.policy, s.index
                ));
                if let Some(sid) = &s.sid {
                    out.push_str(&format!(" Sid `{sid}`"));
                }
                if let Some(st) = statement {
                    out.push_str(&format!(": {}", st.node.effect));
                }
                out.push('\n');
            }
        }
    }
    (out, code)
}
