//! A small, strict JSON parser (RFC 8259) that keeps the position of every value and key.
//!
//! `serde_json` throws positions away; the policy grammar needs them for its diagnostics. The
//! parser never panics, bounds nesting at [`MAX_DEPTH`] and rejects duplicate object keys.

use std::collections::BTreeSet;
use std::fmt;

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
}

/// Parses one JSON document (a value surrounded by optional whitespace).
pub(crate) fn parse_json(text: &str) -> Result<Json, JsonError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        column: 1,
        path: Vec::new(),
        depth: 0,
    };
    parser.skip_ws();
    let value = parser.value()?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        let found = parser.found();
        return Err(parser.error(format!("expected end of input, found {found}")));
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
            c if u32::from(c) < 0x20 || c == '\u{7f}' => write!(out, "\\u{:04x}", u32::from(c))?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

/// A position in the source, before the value that starts there has been read.
#[derive(Clone, Copy)]
struct Mark {
    offset: usize,
    line: u32,
    column: u32,
}

enum Segment {
    Key(String),
    Index(usize),
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    column: u32,
    path: Vec<Segment>,
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

    fn mark(&self) -> Mark {
        Mark {
            offset: self.pos,
            line: self.line,
            column: self.column,
        }
    }

    fn span_from(&self, mark: Mark) -> Span {
        Span {
            offset: mark.offset,
            len: self.pos.saturating_sub(mark.offset),
            line: mark.line,
            column: mark.column,
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

    fn path(&self) -> String {
        let mut path = String::from("$");
        for segment in &self.path {
            match segment {
                Segment::Key(key) => push_key(&mut path, key),
                Segment::Index(index) => push_index(&mut path, *index),
            }
        }
        path
    }

    /// An error at the cursor, spanning the character there (nothing at end of input).
    fn error(&self, message: String) -> JsonError {
        let len = self.peek_char().map_or(0, char::len_utf8);
        self.error_at(self.mark(), len, message)
    }

    fn error_at(&self, mark: Mark, len: usize, message: String) -> JsonError {
        JsonError {
            message,
            span: Span {
                offset: mark.offset,
                len,
                line: mark.line,
                column: mark.column,
            },
            path: self.path(),
        }
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
            _ => {
                let found = self.found();
                return Err(self.error(format!("expected a value, found {found}")));
            }
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
            let found = self.found();
            return Err(self.error(format!("expected a digit {after}, found {found}")));
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

    fn hex4(&mut self, escape: Mark) -> Result<u32, JsonError> {
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
    fn escape(&mut self, escape: Mark) -> Result<char, JsonError> {
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

    fn unicode_escape(&mut self, escape: Mark) -> Result<char, JsonError> {
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

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        let mark = self.mark();
        self.enter()?;
        self.bump();
        self.skip_ws();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.bump();
        } else {
            loop {
                self.path.push(Segment::Index(items.len()));
                let item = self.value()?;
                self.path.pop();
                items.push(item);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.bump();
                        self.skip_ws();
                    }
                    Some(b']') => {
                        self.bump();
                        break;
                    }
                    _ => {
                        let found = self.found();
                        let message =
                            format!("expected `,` or `]` after an array element, found {found}");
                        return Err(self.error(message));
                    }
                }
            }
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(Json {
            value: Value::Array(items),
            span: self.span_from(mark),
        })
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        let mark = self.mark();
        self.enter()?;
        self.bump();
        self.skip_ws();
        let mut members: Vec<Member> = Vec::new();
        let mut keys = BTreeSet::new();
        if self.peek() == Some(b'}') {
            self.bump();
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    let found = self.found();
                    return Err(self.error(format!("expected a string key, found {found}")));
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
                    let found = self.found();
                    let message = format!("expected `:` after an object key, found {found}");
                    return Err(self.error(message));
                }
                self.bump();
                self.skip_ws();
                self.path.push(Segment::Key(key.clone()));
                let value = self.value()?;
                self.path.pop();
                members.push(Member {
                    key,
                    key_span,
                    value,
                });
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.bump();
                        self.skip_ws();
                    }
                    Some(b'}') => {
                        self.bump();
                        break;
                    }
                    _ => {
                        let found = self.found();
                        let message =
                            format!("expected `,` or `}}` after an object member, found {found}");
                        return Err(self.error(message));
                    }
                }
            }
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(Json {
            value: Value::Object(members),
            span: self.span_from(mark),
        })
    }
}

/// User input for a message: in backticks, control characters escaped, at most 80 characters.
pub(crate) fn code(input: &str) -> String {
    let mut out = String::from("`");
    for (i, c) in input.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}
