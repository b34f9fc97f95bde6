//! `${name}` substitution in step arguments: captured values, and `${repeat:N:text}` for long
//! inputs that would not fit in a feature file.

use std::collections::HashMap;

/// Replaces every `${...}` in `text`; an unknown name is an error naming it. A `\"` (how a
/// feature file writes a quote inside a `"..."` argument) becomes `"`.
pub(crate) fn interpolate(text: &str, vars: &HashMap<String, String>) -> Result<String, String> {
    interpolate_with(text, vars, |v| v.to_owned())
}

/// Like [`interpolate`], passing each substituted value through `escape` (e.g. for a regex).
pub(crate) fn interpolate_with(
    text: &str,
    vars: &HashMap<String, String>,
    escape: impl Fn(&str) -> String,
) -> Result<String, String> {
    let unescaped = text.replace("\\\"", "\"");
    let text = unescaped.as_str();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("unclosed `${{` in `{text}`"))?;
        out.push_str(&escape(&expand(&after[..end], vars)?));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn expand(name: &str, vars: &HashMap<String, String>) -> Result<String, String> {
    if let Some(spec) = name.strip_prefix("repeat:") {
        let (count, unit) = spec.split_once(':').ok_or("use ${repeat:N:text}")?;
        let count: usize = count
            .parse()
            .map_err(|_| format!("bad repeat count `{count}`"))?;
        return Ok(unit.repeat(count));
    }
    vars.get(name)
        .cloned()
        .ok_or_else(|| format!("no value captured as `{name}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_and_repeats() {
        let vars = HashMap::from([("k1".to_owned(), "abc".to_owned())]);
        assert_eq!(interpolate("key ${k1}!", &vars).unwrap(), "key abc!");
        assert_eq!(interpolate("${repeat:3:ab}", &vars).unwrap(), "ababab");
        assert!(interpolate("${nope}", &vars).unwrap_err().contains("nope"));
        assert_eq!(interpolate("plain", &vars).unwrap(), "plain");
        assert_eq!(
            interpolate(r#"{\"k\":\"${k1}\"}"#, &vars).unwrap(),
            r#"{"k":"abc"}"#
        );
        assert_eq!(
            interpolate_with("${k1}.", &vars, |v| v.to_uppercase()).unwrap(),
            "ABC."
        );
    }
}
