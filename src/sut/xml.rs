//! Reading an XML answer: the document as the JSON-like value steps look into. Elements with
//! children are objects, a name repeated among siblings is a list, every leaf is its text.
//! Attributes, comments and processing instructions are ignored; text beside child elements,
//! a second root or text outside the root makes the document unreadable.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Map, Value};

/// An element being read: its name, its children so far, its text so far.
struct Open {
    name: String,
    children: Vec<(String, Value)>,
    text: String,
}

impl Open {
    fn new(name: String) -> Open {
        Open {
            name,
            children: Vec::new(),
            text: String::new(),
        }
    }

    /// The element's value: its text when it has no children, else its children by name.
    fn close(self) -> Result<(String, Value), String> {
        if self.children.is_empty() {
            return Ok((self.name, Value::String(self.text)));
        }
        if !self.text.trim().is_empty() {
            return Err(format!("<{}> mixes text and elements", self.name));
        }
        let mut fields = Map::new();
        for (name, value) in self.children {
            match fields.get_mut(&name) {
                None => {
                    fields.insert(name, value);
                }
                // Values read are text or objects, so a list here is one this loop made.
                Some(Value::Array(items)) => items.push(value),
                Some(first) => {
                    let first = first.take();
                    fields.insert(name, Value::Array(vec![first, value]));
                }
            }
        }
        Ok((self.name, Value::Object(fields)))
    }
}

/// The root element's name and its value, or why the text is not one XML document.
pub(crate) fn parse_xml(text: &str) -> Result<(String, Value), String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<(String, Value)> = None;
    let name_of = |raw: &[u8]| String::from_utf8_lossy(raw).into_owned();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed at byte {}: {e}", reader.buffer_position()))?;
        let text_of_event = match &event {
            Event::Text(t) => Some(t.xml10_content().map_err(|e| e.to_string())?.into_owned()),
            Event::CData(t) => Some(t.xml10_content().map_err(|e| e.to_string())?.into_owned()),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let entity = format!("&{name};");
                Some(
                    quick_xml::escape::unescape(&entity)
                        .map_err(|e| format!("unknown reference {entity}: {e}"))?
                        .into_owned(),
                )
            }
            _ => None,
        };
        if let Some(t) = text_of_event {
            match stack.last_mut() {
                Some(open) => open.text.push_str(&t),
                None if t.trim().is_empty() => {}
                None => return Err("text outside the root element".into()),
            }
            continue;
        }
        let finished = match event {
            Event::Start(e) => {
                if stack.is_empty() && root.is_some() {
                    return Err("more than one root element".into());
                }
                stack.push(Open::new(name_of(e.name().as_ref())));
                None
            }
            Event::Empty(e) => {
                if stack.is_empty() && root.is_some() {
                    return Err("more than one root element".into());
                }
                Some((name_of(e.name().as_ref()), Value::String(String::new())))
            }
            Event::End(_) => match stack.pop() {
                Some(open) => Some(open.close()?),
                None => return Err("an end tag without a start".into()),
            },
            Event::Eof => break,
            _ => None,
        };
        if let Some(element) = finished {
            match stack.last_mut() {
                Some(parent) => parent.children.push(element),
                None => root = Some(element),
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is not closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_elements_lists_and_text() {
        let (root, v) = parse_xml(
            r#"<?xml version="1.0" encoding="UTF-8"?><ListKeysResponse><Keys><Key><KeyId>a</KeyId></Key><Key><KeyId>b&amp;&lt;&#13;</KeyId></Key></Keys><TotalCount>2</TotalCount><E/><F></F></ListKeysResponse>"#,
        )
        .unwrap();
        assert_eq!(root, "ListKeysResponse");
        assert_eq!(
            v,
            json!({"Keys": {"Key": [{"KeyId": "a"}, {"KeyId": "b&<\r"}]}, "TotalCount": "2", "E": "", "F": ""})
        );
        let (_, three) = parse_xml("<R><a>1</a><a>2</a><a>3</a></R>").unwrap();
        assert_eq!(three, json!({"a": ["1", "2", "3"]}));
    }

    #[test]
    fn refuses_what_is_not_one_document() {
        for bad in [
            "",
            "{\"a\":1}",
            "<a><b></a>",
            "<a>1</a><b>2</b>",
            "<a>x<b>1</b></a>",
            "<a>",
            "<a>&bogus;</a>",
        ] {
            assert!(parse_xml(bad).is_err(), "{bad}");
        }
    }
}
