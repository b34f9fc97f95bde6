//! A small, strict JSON parser (RFC 8259) that keeps the position of every value and key.
//!
//! `serde_json` throws positions away; the policy grammar needs them for its diagnostics. The
//! parser never panics, bounds nesting at [`MAX_DEPTH`] and rejects duplicate object keys.

use std::collections::BTreeSet;

use super::err::code;
use super::print::write_string;

/// The deepest nesting of arrays and objects the parser accepts.
pub(crate) const MAX_DEPTH: usize = 64;

/// Where a value or key sits: byte offset and length, 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) offset: usize,
    pub(crate) len: usize,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Span {
    /// The span from the start of `self` to the end of `end`.
    pub(crate) fn to(self, end: Span) -> Span {
        Span {
            len: end
                .offset
                .saturating_add(end.len)
                .saturating_sub(self.offset),
            ..self
        }
    }
}

/// A JSON value without its position.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// The number's source text, exactly as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in document order; keys are unique.
    Object(Vec<Member>),
}

impl Value {
    /// The value's kind for messages: "a string", "an array", "`null`", ...
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Value::Null => "`null`",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A JSON value with its position.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Json {
    pub(crate) value: Value,
    pub(crate) span: Span,
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member {
    pub(crate) key: String,
    pub(crate) key_span: Span,
    pub(crate) value: Json,
}

/// The first syntax error of a document, with where it was found and the JSON path around it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct JsonError {
    pub(crate) message: String,
    pub(crate) span: Span,
    pub(crate) path: String,
    pub(crate) help: Option<String>,
}

/// Parses one JSON document (a value surrounded by optional whitespace).
pub(crate) fn parse_json(text: &str) -> Result<Json, JsonError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        column: 1,
        path: String::from("$"),
        depth: 0,
    };
    parser.skip_ws();
    let value = parser.value()?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        return Err(parser.unexpected("end of input"));
    }
    Ok(value)
}

/// Appends `.key` (or `["key"]` when the key is not an identifier) to a JSON path.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let mut chars = key.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        // Writing to a String cannot fail.
        let _ = write_string(path, key);
        path.push(']');
    }
}

/// Appends `[index]` to a JSON path.
pub(crate) fn push_index(path: &mut String, index: usize) {
    path.push('[');
    path.push_str(&index.to_string());
    path.push(']');
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    column: u32,
    /// The JSON path of the value being read.
    path: String,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    /// Moves past one byte, keeping line and column (columns count characters, not bytes).
    fn bump(&mut self) {
        if let Some(byte) = self.peek() {
            self.pos = self.pos.saturating_add(1);
            if byte == b'\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else if byte & 0xC0 != 0x80 {
                self.column = self.column.saturating_add(1);
            }
        }
    }

    fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    /// An empty span at the cursor.
    fn mark(&self) -> Span {
        Span {
            offset: self.pos,
            len: 0,
            line: self.line,
            column: self.column,
        }
    }

    /// The span from `mark` to the cursor.
    fn span_from(&self, mark: Span) -> Span {
        Span {
            len: self.pos.saturating_sub(mark.offset),
            ..mark
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// The character at the cursor, for messages.
    fn found(&self) -> String {
        match self.peek_char() {
            None => "end of input".to_owned(),
            Some(c) if c.is_control() || c.is_whitespace() => {
                format!("character U+{:04X}", u32::from(c))
            }
            Some('`') => "a backtick".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// An error at the cursor, spanning the character there (nothing at end of input).
    fn error(&self, message: String) -> JsonError {
        let len = self.peek_char().map_or(0, char::len_utf8);
        self.error_at(self.mark(), len, message)
    }

    fn error_at(&self, mark: Span, len: usize, message: String) -> JsonError {
        let span = Span { len, ..mark };
        JsonError {
            message,
            span,
            path: self.path.clone(),
            help: None,
        }
    }

    /// "expected <expected>, found <what is at the cursor>", at the cursor.
    fn unexpected(&self, expected: &str) -> JsonError {
        let found = self.found();
        self.error(format!("expected {expected}, found {found}"))
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        let mark = self.mark();
        let value = match self.peek() {
            Some(b'{') => return self.object(),
            Some(b'[') => return self.array(),
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Json {
            value,
            span: self.span_from(mark),
        })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        let end = self.pos.saturating_add(word.len());
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.bump_n(word.len());
            Ok(value)
        } else {
            Err(self.error(format!("invalid literal, expected `{word}`")))
        }
    }

    fn digits(&mut self, after: &str) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.unexpected(&format!("a digit {after}")));
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
        }
        Ok(())
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        if self.peek() == Some(b'0') {
            self.bump();
        } else {
            self.digits("in a number")?;
        }
        if self.peek() == Some(b'.') {
            self.bump();
            self.digits("after the decimal point")?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            self.digits("in the exponent")?;
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        Ok(Value::Number(text.to_owned()))
    }

    fn hex4(&mut self, escape: Span) -> Result<u32, JsonError> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                let len = self.pos.saturating_sub(escape.offset);
                let message = "invalid unicode escape, expected 4 hex digits after `\\u`";
                return Err(self.error_at(escape, len, message.to_owned()));
            };
            code = code * 16 + digit;
            self.bump();
        }
        Ok(code)
    }

    /// Reads a string literal; the cursor is on its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        let open = self.mark();
        self.bump();
        let mut out = String::new();
        loop {
            let here = self.mark();
            match self.peek() {
                None => return Err(self.error_at(open, 1, "unterminated string".to_owned())),
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    out.push(self.escape(here)?);
                }
                Some(byte) if byte < 0x20 => {
                    let message =
                        format!("control character U+{byte:04X} must be escaped in a string");
                    return Err(self.error(message));
                }
                Some(_) => match self.peek_char() {
                    Some(c) => {
                        out.push(c);
                        self.bump_n(c.len_utf8());
                    }
                    None => return Err(self.error("invalid character".to_owned())),
                },
            }
        }
    }

    /// Reads the escape after a backslash (which starts at `escape`).
    fn escape(&mut self, escape: Span) -> Result<char, JsonError> {
        let simple = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.bump();
                return self.unicode_escape(escape);
            }
            _ => {
                let len = self.peek_char().map_or(1, |c| c.len_utf8() + 1);
                let message = "invalid escape sequence in a string".to_owned();
                return Err(self.error_at(escape, len, message));
            }
        };
        self.bump();
        Ok(simple)
    }

    fn unicode_escape(&mut self, escape: Span) -> Result<char, JsonError> {
        let high = self.hex4(escape)?;
        let code = if (0xD800..0xDC00).contains(&high) {
            let pair = self.pos.saturating_add(2);
            let low = if self.bytes.get(self.pos..pair) == Some(b"\\u") {
                self.bump_n(2);
                Some(self.hex4(escape)?)
            } else {
                None
            };
            match low {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                }
                _ => high,
            }
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| {
            let len = self.pos.saturating_sub(escape.offset);
            self.error_at(
                escape,
                len,
                "unpaired surrogate in a unicode escape".to_owned(),
            )
        })
    }

    /// Enters an array or object; the cursor is on its opening bracket.
    fn open(&mut self) -> Result<Span, JsonError> {
        let mark = self.mark();
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.bump();
        self.skip_ws();
        Ok(mark)
    }

    /// After the opening bracket or an item: true when the container closes here, false when
    /// another item follows (a comma has been read unless `first`).
    fn close(&mut self, close: u8, first: bool, what: &str) -> Result<bool, JsonError> {
        self.skip_ws();
        if self.peek() == Some(close) {
            self.bump();
            return Ok(true);
        }
        if first {
            return Ok(false);
        }
        if self.peek() != Some(b',') {
            let (bracket, item) = if close == b']' {
                ("]", "an array element")
            } else {
                ("}", "an object member")
            };
            let error = self.unexpected(&format!("`,` or `{bracket}` after {item}"));
            let starts_value = matches!(
                self.peek(),
                Some(b'"' | b'{' | b'[' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9')
            );
            let help = starts_value.then(|| format!("is a `,` missing between two {what}?"));
            return Err(JsonError { help, ..error });
        }
        self.bump();
        self.skip_ws();
        Ok(false)
    }

    fn finish(&mut self, mark: Span, value: Value) -> Json {
        self.depth = self.depth.saturating_sub(1);
        Json {
            value,
            span: self.span_from(mark),
        }
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        let mark = self.open()?;
        let mut items = Vec::new();
        while !self.close(b']', items.is_empty(), "elements")? {
            let parent = self.path.len();
            push_index(&mut self.path, items.len());
            items.push(self.value()?);
            self.path.truncate(parent);
        }
        Ok(self.finish(mark, Value::Array(items)))
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        let mark = self.open()?;
        let mut members: Vec<Member> = Vec::new();
        let mut keys = BTreeSet::new();
        while !self.close(b'}', members.is_empty(), "members")? {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key_mark = self.mark();
            let key = self.string()?;
            let key_span = self.span_from(key_mark);
            if !keys.insert(key.clone()) {
                let message = format!("duplicate key {}", code(&key));
                return Err(self.error_at(key_mark, key_span.len, message));
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after an object key"));
            }
            self.bump();
            self.skip_ws();
            let parent = self.path.len();
            push_key(&mut self.path, &key);
            let value = self.value()?;
            self.path.truncate(parent);
            members.push(Member {
                key,
                key_span,
                value,
            });
        }
        Ok(self.finish(mark, Value::Object(members)))
    }
}
