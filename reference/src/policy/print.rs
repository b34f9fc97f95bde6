//! Prints a [`Policy`] as compact canonical JSON that parses back to an equal AST.

use std::fmt;

use super::ast::{ActionSpec, Condition, Node, Policy, Statement};

/// Compact canonical JSON: `Version`, `Statement` as an array; in each statement `Sid` (if
/// any), `Effect`, `Action` or `NotAction`, `Resource` (lists always as arrays) and
/// `Condition`, where consecutive conditions with the same operator share one operator object.
///
/// `parse_policy(&p.to_string()) == Ok(p)` holds for every policy `parse_policy` can produce:
/// lists non-empty, the conditions of one operator consecutive, no (operator, key) repeated.
impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{\"Version\":")?;
        write_string(f, &self.version)?;
        f.write_str(",\"Statement\":[")?;
        for (i, statement) in self.statements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write_statement(f, &statement.node)?;
        }
        f.write_str("]}")
    }
}

fn write_statement(f: &mut fmt::Formatter<'_>, statement: &Statement) -> fmt::Result {
    f.write_str("{")?;
    if let Some(sid) = &statement.sid {
        f.write_str("\"Sid\":")?;
        write_string(f, sid)?;
        f.write_str(",")?;
    }
    write!(f, "\"Effect\":\"{}\",", statement.effect)?;
    let (name, actions) = match &statement.actions {
        ActionSpec::Action(actions) => ("Action", actions),
        ActionSpec::NotAction(actions) => ("NotAction", actions),
    };
    write!(f, "\"{name}\":")?;
    write_list(f, actions.iter().map(|a| a.node.as_str()))?;
    f.write_str(",\"Resource\":")?;
    write_list(f, statement.resources.iter().map(|r| r.node.as_str()))?;
    if !statement.conditions.is_empty() {
        f.write_str(",\"Condition\":")?;
        write_conditions(f, &statement.conditions)?;
    }
    f.write_str("}")
}

fn write_conditions(f: &mut fmt::Formatter<'_>, conditions: &[Node<Condition>]) -> fmt::Result {
    f.write_str("{")?;
    let mut current = None;
    for condition in conditions {
        let condition = &condition.node;
        if current == Some(condition.operator) {
            f.write_str(",")?;
        } else {
            if current.is_some() {
                f.write_str("},")?;
            }
            write!(f, "\"{}\":{{", condition.operator)?;
            current = Some(condition.operator);
        }
        write_string(f, &condition.key)?;
        f.write_str(":")?;
        write_list(f, condition.values.iter().map(String::as_str))?;
    }
    if current.is_some() {
        f.write_str("}")?;
    }
    f.write_str("}")
}

fn write_list<'a>(f: &mut fmt::Formatter<'_>, items: impl Iterator<Item = &'a str>) -> fmt::Result {
    f.write_str("[")?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write_string(f, item)?;
    }
    f.write_str("]")
}

/// Writes `s` as a JSON string literal, escaping quotes, backslashes and control characters.
pub(crate) fn write_string(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            '\u{8}' => out.write_str("\\b")?,
            '\u{c}' => out.write_str("\\f")?,
            // DEL stays raw: JSON allows it, and `\u007f` would make a printed document up
            // to six times longer than the one parsed, past the length limit (fuzz finding
            // fuzz/regressions/policy_parse/printer-escapes-del-past-length-limit).
            c if u32::from(c) < 0x20 => write!(out, "\\u{:04x}", u32::from(c))?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}
