//! Dotted paths into a JSON body, as scenarios write them: `KeyMetadata.KeyState`,
//! `Keys.Key.0.KeyId` or `Keys.Key[0].KeyId`.

use serde_json::Value;

/// The value at `path`, if there is one.
pub(crate) fn lookup<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    let normalised = path.replace('[', ".").replace(']', "");
    normalised
        .split('.')
        .filter(|s| !s.is_empty())
        .try_fold(body, |v, part| match v {
            Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(map) => map.get(part),
            _ => None,
        })
}

/// A JSON value as scenarios compare it: strings bare, everything else as JSON text.
pub(crate) fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_and_indices() {
        let v =
            serde_json::json!({"Keys": {"Key": [{"KeyId": "a"}, {"KeyId": "b"}]}, "TotalCount": 2});
        assert_eq!(
            lookup(&v, "Keys.Key.1.KeyId").map(as_text),
            Some("b".into())
        );
        assert_eq!(
            lookup(&v, "Keys.Key[0].KeyId").map(as_text),
            Some("a".into())
        );
        assert_eq!(lookup(&v, "TotalCount").map(as_text), Some("2".into()));
        assert_eq!(lookup(&v, "Keys.Key.5"), None);
    }
}
