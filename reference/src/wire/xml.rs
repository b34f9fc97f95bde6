//! XML bodies: the JSON body of an answer rendered as the product's XML
//! (docs/spec/kms-api.md §1.6, §1.7; docs/spec/decisions.md D-090 to D-094).
//!
//! The rules, once for every API of every product:
//!
//! * the document starts with `<?xml version="1.0" encoding="UTF-8"?>` and has one root
//!   element (`<EncryptResponse>`, `<KMS>`, `<Error>`; the envelope chooses it);
//! * each field of an object is an element named after the field, in the body's order;
//! * an array is one element per item, each named after the array's field, so
//!   `"Keys": {"Key": [a, b]}` is `<Keys><Key>a</Key><Key>b</Key></Keys>` and an empty array
//!   leaves no element;
//! * strings, numbers and booleans are the element's text (`true`, `10`); `null`, `""` and
//!   `{}` an empty element;
//! * text is escaped (`&amp;` `&lt;` `&gt;`, a carriage return `&#13;`); a character XML 1.0
//!   cannot carry at all (most C0 controls, U+FFFE, U+FFFF) becomes U+FFFD;
//! * a field name that is not an XML name (`ACS::KMS::Key` of a trail event) has each
//!   character that is not allowed replaced by `_` (`ACS__KMS__Key`), and `_` put in front of a
//!   name that would start with a digit, `-` or `.`.

use serde_json::Value;

/// The XML declaration every document starts with.
pub const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// The content type of an XML answer, as the current SDK compares it (tea-openapi
/// `do_request` reads an XML error only for exactly this value).
pub const XML_CONTENT_TYPE: &str = "text/xml;charset=utf-8";

/// The XML document of `body` under the element `root`.
pub fn xml_document(root: &str, body: &Value) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(XML_DECLARATION);
    element(&mut out, &xml_name(root), body);
    out
}

/// Writes `value` as the element `name` (or, for an array, one element `name` per item).
fn element(out: &mut String, name: &str, value: &Value) {
    if let Value::Array(items) = value {
        for item in items {
            element(out, name, item);
        }
        return;
    }
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                element(out, &xml_name(k), v);
            }
        }
        Value::String(s) => escape_text(out, s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null | Value::Array(_) => {}
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// `name` as an XML name without namespaces (an NCName): characters other than letters,
/// digits, `_`, `-`, `.` and the other name characters of XML 1.0 become `_`; a name that
/// would start with a character that cannot start one gets `_` in front; an empty name is `_`.
pub fn xml_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if is_name_char(c) { c } else { '_' })
        .collect();
    if !out.chars().next().is_some_and(is_name_start_char) {
        out.insert(0, '_');
    }
    out
}

/// XML 1.0 (fifth edition) NameStartChar, without `:` (no namespaces).
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 NameChar, without `:`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether XML 1.0 can carry `c` at all (the `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Appends `text` escaped for element content.
fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A literal CR would be normalised away by every parser.
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body(root: &str, v: &Value) -> String {
        xml_document(root, v)
            .strip_prefix(XML_DECLARATION)
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn objects_fields_and_scalars() {
        let v =
            json!({"KeyId": "k", "PageSize": 10, "Ok": true, "Nothing": null, "E": "", "O": {}});
        assert_eq!(
            body("XResponse", &v),
            "<XResponse><KeyId>k</KeyId><PageSize>10</PageSize><Ok>true</Ok><Nothing></Nothing>\
             <E></E><O></O></XResponse>"
        );
    }

    #[test]
    fn arrays_repeat_their_field_name() {
        let v = json!({"Keys": {"Key": [{"KeyId": "a"}, {"KeyId": "b"}]}, "TotalCount": 2});
        assert_eq!(
            body("ListKeysResponse", &v),
            "<ListKeysResponse><Keys><Key><KeyId>a</KeyId></Key><Key><KeyId>b</KeyId></Key></Keys>\
             <TotalCount>2</TotalCount></ListKeysResponse>"
        );
        assert_eq!(
            body("R", &json!({"Keys": {"Key": []}})),
            "<R><Keys></Keys></R>"
        );
        assert_eq!(
            body(
                "R",
                &json!({"Events": [{"a": 1}, {"a": 2}], "Ids": ["x", "y"]})
            ),
            "<R><Events><a>1</a></Events><Events><a>2</a></Events><Ids>x</Ids><Ids>y</Ids></R>"
        );
    }

    #[test]
    fn text_is_escaped_and_made_representable() {
        let v = json!({"M": "a<b & c>d \"q\" 'x'\r\n\u{1}\u{FFFF}ü"});
        assert_eq!(
            body("R", &v),
            "<R><M>a&lt;b &amp; c&gt;d \"q\" 'x'&#13;\n\u{FFFD}\u{FFFD}ü</M></R>"
        );
    }

    #[test]
    fn names_become_xml_names() {
        assert_eq!(xml_name("ACS::KMS::Key"), "ACS__KMS__Key");
        assert_eq!(xml_name("1st"), "_1st");
        assert_eq!(xml_name("-x"), "_-x");
        assert_eq!(xml_name(""), "_");
        assert_eq!(xml_name("a b<c>"), "a_b_c_");
        assert_eq!(xml_name("KeyMetadata"), "KeyMetadata");
        assert_eq!(xml_name("été.v-2"), "été.v-2");
    }
}
