//! Tests of the policy parser: JSON layer, grammar rules and messages, locations, printing,
//! properties and rendered diagnostics.

use proptest::prelude::*;

use super::json::{MAX_DEPTH, Value, parse_json};
use super::*;
use crate::error::ErrorCode;

// ---------------------------------------------------------------------------------------------
// Helpers

fn errors(src: &str) -> PolicyErrors {
    match parse_policy(src) {
        Ok(policy) => panic!("expected errors, parsed {policy:?}"),
        Err(errors) => errors,
    }
}

fn messages(src: &str) -> Vec<String> {
    errors(src).iter().map(|e| e.message().to_owned()).collect()
}

/// Asserts that `src` fails with exactly one error with this message and JSON path.
fn expect_one(src: &str, message: &str, path: &str) -> PolicyError {
    let errors = errors(src);
    assert_eq!(errors.len(), 1, "{:?}", errors);
    let error = errors.first().clone();
    assert_eq!(error.message(), message);
    assert_eq!(error.loc().path, path);
    error
}

/// A one-statement policy with `body` as the statement's members.
fn stmt(body: &str) -> String {
    format!(r#"{{"Version": "1", "Statement": [{{{body}}}]}}"#)
}

const OK_BODY: &str = r#""Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*""#;

fn assert_message_rule(error: &PolicyError) {
    let message = error.message();
    assert!(!message.is_empty());
    assert!(
        !message.starts_with(|c: char| c.is_ascii_uppercase()),
        "{message}"
    );
    assert!(!message.ends_with('.'), "{message}");
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// JSON layer

#[test]
fn json_values_and_escapes() {
    let json = parse_json(
        r#" {"a": [1, -2.5e+3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]} "#,
    )
    .unwrap();
    let Value::Object(members) = &json.value else {
        panic!()
    };
    let Value::Array(items) = &members[0].value.value else {
        panic!()
    };
    assert_eq!(items[0].value, Value::Number("1".into()));
    assert_eq!(items[1].value, Value::Number("-2.5e+3".into()));
    assert_eq!(items[2].value, Value::Bool(true));
    assert_eq!(items[4].value, Value::Null);
    assert_eq!(
        items[5].value,
        Value::String("x\"\\/\u{8}\u{c}\n\r\té😀".into())
    );
    assert_eq!((json.span.offset, json.span.len), (1, 77));
}

#[test]
fn json_positions_count_characters() {
    let json = parse_json("{\n  \"é\": \"ü\",\n\t\"k\": [1]}").unwrap();
    let Value::Object(members) = &json.value else {
        panic!()
    };
    assert_eq!(
        (members[0].key_span.line, members[0].key_span.column),
        (2, 3)
    );
    assert_eq!(
        (members[0].value.span.line, members[0].value.span.column),
        (2, 8)
    );
    assert_eq!(members[0].value.span.len, 4);
    assert_eq!(
        (members[1].key_span.line, members[1].key_span.column),
        (3, 2)
    );
    assert_eq!(
        (members[1].value.span.line, members[1].value.span.column),
        (3, 7)
    );
}

#[test]
fn json_rejects() {
    let cases = [
        ("", "expected a value, found end of input"),
        ("{\"a\":1,}", "expected a string key, found `}`"),
        ("[1,]", "expected a value, found `]`"),
        (
            "[1 2]",
            "expected `,` or `]` after an array element, found `2`",
        ),
        ("{\"a\" 1}", "expected `:` after an object key, found `1`"),
        (
            "{\"a\":1 \"b\":2}",
            "expected `,` or `}` after an object member, found `\"`",
        ),
        ("01", "expected end of input, found `1`"),
        (
            "1.",
            "expected a digit after the decimal point, found end of input",
        ),
        ("-", "expected a digit in a number, found end of input"),
        ("1e", "expected a digit in the exponent, found end of input"),
        ("tru", "invalid literal, expected `true`"),
        ("\"abc", "unterminated string"),
        (
            "\"a\nb\"",
            "control character U+000A must be escaped in a string",
        ),
        ("\"\\x\"", "invalid escape sequence in a string"),
        (
            "\"\\u12G4\"",
            "invalid unicode escape, expected 4 hex digits after `\\u`",
        ),
        ("\"\\ud800\"", "unpaired surrogate in a unicode escape"),
        ("\"\\udc00\"", "unpaired surrogate in a unicode escape"),
        (
            "\"\\ud800\\u0041\"",
            "unpaired surrogate in a unicode escape",
        ),
        ("{\"a\":1,\"a\":2}", "duplicate key `a`"),
        ("'a'", "expected a value, found `'`"),
        ("[1] x", "expected end of input, found `x`"),
    ];
    for (src, message) in cases {
        let error = parse_json(src).unwrap_err();
        assert_eq!(error.message, message, "{src:?}");
    }
}

#[test]
fn json_error_paths() {
    let error = parse_json(r#"{"a": [1, {"b c": [tru]}]}"#).unwrap_err();
    assert_eq!(error.path, r#"$.a[1]["b c"][0]"#);
    assert_eq!((error.span.line, error.span.column), (1, 20));
}

#[test]
fn json_depth_is_bounded() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse_json(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(
        parse_json(&deep).unwrap_err().message,
        "nesting deeper than 64 levels"
    );
    let objects = "{\"a\":".repeat(100_000);
    assert!(parse_json(&objects).is_err());
}

// ---------------------------------------------------------------------------------------------
// Valid documents

const FULL_ACCESS: &str = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": ["*"]}]}"#;

const READ_AND_USE: &str = r#"{"Version": "1", "Statement": [{"Effect": "Allow",
  "Action": ["kms:List*", "kms:Describe*", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
  "Resource": ["*"]}]}"#;

const TAGGED_ONLY: &str = r#"{"Version": "1", "Statement": [{"Effect": "Allow",
  "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
  "Resource": ["*"],
  "Condition": {"StringEqualsIgnoreCase": {"kms:tag/Project": ["Apollo"]}}}]}"#;

fn strings(items: &[&str]) -> Vec<Node<String>> {
    items.iter().map(|s| Node::new((*s).to_owned())).collect()
}

#[test]
fn user_guide_examples_parse() {
    let full = parse_policy(FULL_ACCESS).unwrap();
    let expected = Policy {
        version: "1".into(),
        statements: vec![Node::new(Statement {
            sid: None,
            effect: Effect::Allow,
            actions: ActionSpec::Action(strings(&["kms:*"])),
            resources: strings(&["*"]),
            conditions: vec![],
        })],
    };
    assert_eq!(full, expected);

    let read = parse_policy(READ_AND_USE).unwrap();
    let ActionSpec::Action(actions) = &read.statements[0].node.actions else {
        panic!()
    };
    assert_eq!(actions.len(), 5);
    assert_eq!(actions[4].loc.path, "$.Statement[0].Action[4]");
    assert_eq!((actions[4].loc.line, actions[4].loc.column), (2, 74));

    let tagged = parse_policy(TAGGED_ONLY).unwrap();
    let conditions = &tagged.statements[0].node.conditions;
    assert_eq!(
        conditions[0].node,
        Condition {
            operator: ConditionOperator::StringEqualsIgnoreCase,
            key: "kms:tag/Project".into(),
            values: vec!["Apollo".into()],
        }
    );
    let loc = &conditions[0].loc;
    assert_eq!(
        loc.path,
        r#"$.Statement[0].Condition.StringEqualsIgnoreCase["kms:tag/Project"]"#
    );
    assert_eq!((loc.line, loc.column), (4, 44));
    assert_eq!(
        &TAGGED_ONLY[loc.offset..loc.offset + loc.len],
        r#""kms:tag/Project": ["Apollo"]"#
    );
}

#[test]
fn single_strings_single_statement_sid_and_not_action() {
    let src = r#"{"Statement": {"Sid": "s1", "Effect": "Deny", "NotAction": "ram:*",
        "Resource": "acs:kms:*:*:key/*"}, "Version": "1"}"#;
    let policy = parse_policy(src).unwrap();
    let statement = &policy.statements[0];
    assert_eq!(statement.loc.path, "$.Statement");
    assert_eq!(statement.node.sid.as_deref(), Some("s1"));
    assert_eq!(statement.node.effect, Effect::Deny);
    let ActionSpec::NotAction(actions) = &statement.node.actions else {
        panic!()
    };
    assert_eq!(actions[0].node, "ram:*");
    assert_eq!(actions[0].loc.path, "$.Statement.NotAction");
    assert_eq!(statement.node.resources[0].node, "acs:kms:*:*:key/*");
}

#[test]
fn conditions_flatten_in_document_order_and_keep_value_text() {
    let src = stmt(&format!(
        r#"{OK_BODY}, "Condition": {{"Bool": {{"acs:SecureTransport": true, "acs:MFAPresent": [false]}},
            "NumericLessThan": {{"n": [1.50, -0, 2e3]}}, "IpAddress": {{"acs:SourceIp": "10.0.0.0/8"}}}}"#
    ));
    let policy = parse_policy(&src).unwrap();
    let got: Vec<_> = policy.statements[0]
        .node
        .conditions
        .iter()
        .map(|c| (c.node.operator, c.node.key.as_str(), c.node.values.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                ConditionOperator::Bool,
                "acs:SecureTransport",
                vec!["true".to_owned()]
            ),
            (
                ConditionOperator::Bool,
                "acs:MFAPresent",
                vec!["false".to_owned()]
            ),
            (
                ConditionOperator::NumericLessThan,
                "n",
                vec!["1.50".into(), "-0".into(), "2e3".into()]
            ),
            (
                ConditionOperator::IpAddress,
                "acs:SourceIp",
                vec!["10.0.0.0/8".to_owned()]
            ),
        ]
    );
}

#[test]
fn empty_condition_blocks_are_accepted() {
    let policy = parse_policy(&stmt(&format!(r#"{OK_BODY}, "Condition": {{}}"#))).unwrap();
    assert!(policy.statements[0].node.conditions.is_empty());
}

#[test]
fn printing_is_canonical() {
    let policy = parse_policy(TAGGED_ONLY).unwrap();
    assert_eq!(
        policy.to_string(),
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"],"Condition":{"StringEqualsIgnoreCase":{"kms:tag/Project":["Apollo"]}}}]}"#
    );
    let src = stmt(
        r#""Sid": "a\"b\n", "Effect": "Deny", "NotAction": "kms:*", "Resource": "*",
        "Condition": {"Bool": {"x": true, "y": 1}, "StringLike": {"z\u0001": "\\"}}"#,
    );
    let policy = parse_policy(&src).unwrap();
    assert_eq!(
        policy.to_string(),
        r#"{"Version":"1","Statement":[{"Sid":"a\"b\n","Effect":"Deny","NotAction":["kms:*"],"Resource":["*"],"Condition":{"Bool":{"x":["true"],"y":["1"]},"StringLike":{"z\u0001":["\\"]}}}]}"#
    );
    assert_eq!(parse_policy(&policy.to_string()).unwrap(), policy);
}

// ---------------------------------------------------------------------------------------------
// Grammar rules and messages

#[test]
fn length_limits() {
    let empty = errors("");
    assert_eq!(empty.first().kind(), PolicyErrorKind::Length);
    assert_eq!(empty.first().message(), "policy document is empty");

    let at_limit = format!("{FULL_ACCESS}{}", " ".repeat(6144 - FULL_ACCESS.len()));
    assert!(parse_policy(&at_limit).is_ok());
    // Characters, not bytes: 6144 two-byte characters are within the limit.
    let wide = format!("{}{}", "é".repeat(6144 - 2), "{}");
    assert_eq!(errors(&wide).first().kind(), PolicyErrorKind::Syntax);

    let long = format!("{at_limit} ");
    let error = expect_one(
        &long,
        "policy document has 6145 characters, more than the limit of 6144",
        "$",
    );
    assert_eq!(error.kind(), PolicyErrorKind::Length);
    assert_eq!(
        (error.loc().line, error.loc().column, error.loc().offset),
        (1, 6145, 6144)
    );
    let kms = errors(&long).to_kms_error();
    assert_eq!(kms.code(), ErrorCode::InvalidParameterPolicyDocumentLength);
}

#[test]
fn syntax_errors_come_alone() {
    let errors = errors("{\"Version\": \"2\", \"Statement\": [}");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors.first().kind(), PolicyErrorKind::Syntax);
    assert_eq!(errors.first().message(), "expected a value, found `}`");
    assert_eq!(errors.first().loc().path, "$.Statement[0]");
    let errors = super::parse_policy("{\"a\": 1, \"a\": 2}").unwrap_err();
    assert_eq!(errors.first().message(), "duplicate key `a`");
    assert_eq!(
        errors.to_kms_error().code(),
        ErrorCode::MalformedPolicyDocument
    );
    let errors = self::errors(r#"{"Version": "1" "Statement": ["a" "b"]}"#);
    assert_eq!(
        errors.first().help(),
        Some("is a `,` missing between two members?")
    );
    let errors = self::errors(r#"{"Version": "1", "Statement": ["a" "b"]}"#);
    assert_eq!(
        errors.first().help(),
        Some("is a `,` missing between two elements?")
    );
    let errors = self::errors(r#"{"Version": "1", "Statement": ["a" :]}"#);
    assert_eq!(errors.first().help(), None);
}

#[test]
fn top_level_rules() {
    expect_one("[]", "policy document must be an object, not an array", "$");
    assert_eq!(
        messages("{}"),
        [
            "policy document needs `Version`",
            "policy document needs `Statement`"
        ]
    );
    let statement = r#""Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}"#;
    for version in ["\"2\"", "1", "null", "[\"1\"]"] {
        let src = format!(r#"{{"Version": {version}, {statement}}}"#);
        expect_one(&src, "`Version` must be `\"1\"`", "$.Version");
    }
    let src = format!(r#"{{"Version": "1", {statement}, "Id": "x"}}"#);
    expect_one(&src, "unknown policy element `Id`", "$.Id");
    let src = format!(r#"{{"version": "1", {statement}}}"#);
    let errors = errors(&src);
    assert_eq!(errors.len(), 2);
    let unknown = errors.iter().find(|e| e.loc().path == "$.version").unwrap();
    assert_eq!(unknown.message(), "unknown policy element `version`");
    assert_eq!(unknown.help(), Some("did you mean `Version`?"));
    expect_one(
        r#"{"Version": "1", "Statement": []}"#,
        "`Statement` must not be empty",
        "$.Statement",
    );
    expect_one(
        r#"{"Version": "1", "Statement": "x"}"#,
        "`Statement` must be an object or an array of objects, not a string",
        "$.Statement",
    );
    expect_one(
        r#"{"Version": "1", "Statement": [1]}"#,
        "statement must be an object, not a number",
        "$.Statement[0]",
    );
}

#[test]
fn effect_rules() {
    let src = stmt(r#""Effect": "Alow", "Action": "kms:*", "Resource": "*""#);
    let error = expect_one(
        &src,
        "`Effect` must be `Allow` or `Deny`, not `Alow`",
        "$.Statement[0].Effect",
    );
    assert_eq!(error.help(), Some("did you mean `Allow`?"));
    let src = stmt(r#""Effect": "deny", "Action": "kms:*", "Resource": "*""#);
    let error = expect_one(
        &src,
        "`Effect` must be `Allow` or `Deny`, not `deny`",
        "$.Statement[0].Effect",
    );
    assert_eq!(error.help(), Some("did you mean `Deny`?"));
    let src = stmt(r#""Effect": true, "Action": "kms:*", "Resource": "*""#);
    expect_one(
        &src,
        "`Effect` must be `Allow` or `Deny`, not a boolean",
        "$.Statement[0].Effect",
    );
    let src = stmt(r#""Action": "kms:*", "Resource": "*""#);
    expect_one(&src, "statement needs `Effect`", "$.Statement[0]");
}

#[test]
fn action_rules() {
    let src = stmt(r#""Effect": "Allow", "Resource": "*""#);
    expect_one(
        &src,
        "statement needs `Action` or `NotAction`",
        "$.Statement[0]",
    );
    let src =
        stmt(r#""Effect": "Allow", "Action": "kms:*", "NotAction": "ram:*", "Resource": "*""#);
    expect_one(
        &src,
        "`Action` and `NotAction` cannot both appear",
        "$.Statement[0].NotAction",
    );
    let src = stmt(r#""Effect": "Allow", "Action": [], "Resource": "*""#);
    expect_one(&src, "`Action` must not be empty", "$.Statement[0].Action");
    let src = stmt(r#""Effect": "Allow", "NotAction": {}, "Resource": "*""#);
    expect_one(
        &src,
        "`NotAction` must be a string or an array of strings, not an object",
        "$.Statement[0].NotAction",
    );
    let src = stmt(r#""Effect": "Allow", "Action": ["kms:*", 3], "Resource": "*""#);
    expect_one(
        &src,
        "`Action` entries must be strings, not a number",
        "$.Statement[0].Action[1]",
    );
    for bad in ["kms", ":Encrypt", "kms:", "", "**"] {
        let src = stmt(&format!(
            r#""Effect": "Allow", "Action": ["kms:*", "{bad}"], "Resource": "*""#
        ));
        let message = format!("action `{bad}` must be `*` or `<service>:<action>`");
        expect_one(&src, &message, "$.Statement[0].Action[1]");
    }
    for good in ["*", "kms:*", "kms:List*", "k:a:b", "Kms:encrypt"] {
        let src = stmt(&format!(
            r#""Effect": "Allow", "Action": "{good}", "Resource": "*""#
        ));
        assert!(parse_policy(&src).is_ok(), "{good}");
    }
}

#[test]
fn resource_rules() {
    let src = stmt(r#""Effect": "Allow", "Action": "kms:*""#);
    let error = expect_one(&src, "statement needs `Resource`", "$.Statement[0]");
    assert!(error.help().is_some());
    let src = stmt(r#""Effect": "Allow", "Action": "kms:*", "Resource": []"#);
    expect_one(
        &src,
        "`Resource` must not be empty",
        "$.Statement[0].Resource",
    );
    let src = stmt(r#""Effect": "Allow", "Action": "kms:*", "Resource": ["*", ""]"#);
    expect_one(
        &src,
        "resource must not be empty",
        "$.Statement[0].Resource[1]",
    );
    let src = stmt(r##""Effect": "Allow", "Action": "kms:*", "Resource": """##);
    expect_one(
        &src,
        "resource must not be empty",
        "$.Statement[0].Resource",
    );
    let src = stmt(r#""Effect": "Allow", "Action": "kms:*", "Resource": [null]"#);
    expect_one(
        &src,
        "`Resource` entries must be strings, not `null`",
        "$.Statement[0].Resource[0]",
    );
}

#[test]
fn statement_elements() {
    let src = stmt(&format!(r#"{OK_BODY}, "NotResource": "acs:kms:*:*:key/x""#));
    let error = expect_one(
        &src,
        "unknown statement element `NotResource`",
        "$.Statement[0].NotResource",
    );
    assert!(error.help().unwrap().contains("`NotResource`"));
    let src = stmt(&format!(r#"{OK_BODY}, "Principal": {{"RAM": "*"}}"#));
    expect_one(
        &src,
        "unknown statement element `Principal`",
        "$.Statement[0].Principal",
    );
    let src = stmt(r#""Effect": "Allow", "Actions": "kms:*", "Resource": "*""#);
    let errors = errors(&src);
    let got: Vec<_> = errors.iter().map(|e| (e.message(), e.help())).collect();
    assert_eq!(
        got,
        [
            (
                "statement needs `Action` or `NotAction`",
                Some("for example `\"Action\": \"kms:*\"`")
            ),
            (
                "unknown statement element `Actions`",
                Some("did you mean `Action`?")
            ),
        ]
    );
    let src = stmt(&format!(r#""Sid": 1, {OK_BODY}"#));
    expect_one(
        &src,
        "`Sid` must be a string, not a number",
        "$.Statement[0].Sid",
    );
}

#[test]
fn condition_rules() {
    let with = |condition: &str| stmt(&format!(r#"{OK_BODY}, "Condition": {condition}"#));
    expect_one(
        &with("[]"),
        "`Condition` must be an object, not an array",
        "$.Statement[0].Condition",
    );
    let error = expect_one(
        &with(r#"{"StringEqualsIfExists": {"kms:tag/a": "b"}}"#),
        "unknown condition operator `StringEqualsIfExists`",
        "$.Statement[0].Condition.StringEqualsIfExists",
    );
    assert_eq!(
        error.help(),
        Some("RAM has no `IfExists` operators; did you mean `StringEquals`?")
    );
    let error = expect_one(
        &with(r#"{"stringequals": {"kms:tag/a": "b"}}"#),
        "unknown condition operator `stringequals`",
        "$.Statement[0].Condition.stringequals",
    );
    assert_eq!(error.help(), Some("did you mean `StringEquals`?"));
    expect_one(
        &with(r#"{"Bool": true}"#),
        "condition operator `Bool` must map to an object of condition keys, not a boolean",
        "$.Statement[0].Condition.Bool",
    );
    expect_one(
        &with(r#"{"StringEquals": {"": "x"}}"#),
        "condition key must not be empty",
        r#"$.Statement[0].Condition.StringEquals[""]"#,
    );
    expect_one(
        &with(r#"{"StringEquals": {"k": []}}"#),
        "condition key `k` needs at least one value",
        "$.Statement[0].Condition.StringEquals.k",
    );
    expect_one(
        &with(r#"{"StringEquals": {"k": ["a", {}]}}"#),
        "condition value must be a string, number or boolean, not an object",
        "$.Statement[0].Condition.StringEquals.k[1]",
    );
    expect_one(
        &with(r#"{"StringEquals": {"k": null}}"#),
        "condition value must be a string, number or boolean, not `null`",
        "$.Statement[0].Condition.StringEquals.k",
    );
    let every = ConditionOperator::ALL
        .iter()
        .map(|op| format!(r#""{op}": {{"k": "1"}}"#))
        .collect::<Vec<_>>()
        .join(", ");
    let policy = parse_policy(&with(&format!("{{{every}}}"))).unwrap();
    assert_eq!(
        policy.statements[0].node.conditions.len(),
        ConditionOperator::ALL.len()
    );
}

#[test]
fn all_grammar_errors_are_reported_in_document_order() {
    let src = r#"{
  "Version": "2",
  "Statement": [
    {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
    {"Effect": "Maybe", "Action": "kms", "NotAction": "x:y", "Resource": ""},
    {"Condition": {"Foo": {"k": "v"}}}
  ],
  "Extra": 1
}"#;
    let errors = errors(src);
    let got: Vec<_> = errors
        .iter()
        .map(|e| {
            (
                e.message(),
                e.loc().line,
                e.loc().column,
                e.loc().path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("`Version` must be `\"1\"`", 2, 14, "$.Version"),
            (
                "`Effect` must be `Allow` or `Deny`, not `Maybe`",
                5,
                16,
                "$.Statement[1].Effect"
            ),
            (
                "action `kms` must be `*` or `<service>:<action>`",
                5,
                35,
                "$.Statement[1].Action"
            ),
            (
                "`Action` and `NotAction` cannot both appear",
                5,
                42,
                "$.Statement[1].NotAction"
            ),
            (
                "resource must not be empty",
                5,
                74,
                "$.Statement[1].Resource"
            ),
            ("statement needs `Effect`", 6, 5, "$.Statement[2]"),
            (
                "statement needs `Action` or `NotAction`",
                6,
                5,
                "$.Statement[2]"
            ),
            ("statement needs `Resource`", 6, 5, "$.Statement[2]"),
            (
                "unknown condition operator `Foo`",
                6,
                20,
                "$.Statement[2].Condition.Foo"
            ),
            ("unknown policy element `Extra`", 8, 3, "$.Extra"),
        ]
    );
    for error in &errors {
        assert_message_rule(error);
        assert_eq!(error.kind(), PolicyErrorKind::Grammar);
    }
    assert_eq!(errors.to_string(), "`Version` must be `\"1\"`");
    let kms = errors.to_kms_error();
    assert_eq!(kms.code(), ErrorCode::MalformedPolicyDocument);
    assert!(kms.message().starts_with(
        "`Version` must be `\"1\"` at line 2 column 14 ($.Version); `Effect` must be `Allow` or `Deny`, not `Maybe` at line 5 column 16 ($.Statement[1].Effect); "
    ));
    assert!(
        kms.message()
            .ends_with("unknown policy element `Extra` at line 8 column 3 ($.Extra)")
    );
}

#[test]
fn user_input_in_messages_stays_on_one_line() {
    let src = stmt(r#""Effect": "Al\nlow", "Action": "kms:*", "Resource": "*""#);
    let error = expect_one(
        &src,
        "`Effect` must be `Allow` or `Deny`, not `Al\\nlow`",
        "$.Statement[0].Effect",
    );
    assert_message_rule(&error);
    let src = stmt(&format!(r#"{OK_BODY}, "No\tpe": 1"#));
    expect_one(
        &src,
        "unknown statement element `No\\tpe`",
        "$.Statement[0][\"No\\tpe\"]",
    );
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

fn render(src: &str) -> String {
    render_diagnostics(src, "policy.json", &errors(src))
}

#[test]
fn diagnostics_layout() {
    let src = "{\n  \"Version\": \"1\",\n  \"Statement\": [{\n      \"Effect\": \"Alow\",\n      \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";
    assert_eq!(
        render(src),
        "error: `Effect` must be `Allow` or `Deny`, not `Alow`\n  --> policy.json:4:17 ($.Statement[0].Effect)\n   |\n 4 |       \"Effect\": \"Alow\",\n   |                 ^^^^^^\n   = help: did you mean `Allow`?\n"
    );
}

#[test]
fn diagnostics_do_not_panic_on_a_foreign_source() {
    let errors = errors(&stmt(
        r#""Effect": "Alow", "Action": "kms:*", "Resource": "*""#,
    ));
    for source in ["", "x", "é\né\n", "{\"Version\": 1}"] {
        let text = render_diagnostics(source, "p", &errors);
        assert!(text.starts_with("error: "));
    }
}

#[test]
fn snapshot_effect_typo() {
    let src = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Alow",
      "Action": ["kms:Encrypt", "kms:Decrypt"],
      "Resource": "*"
    }
  ]
}"#;
    insta::assert_snapshot!("effect_typo", render(src));
}

#[test]
fn snapshot_not_resource() {
    let src = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "kms:*",
      "NotResource": "acs:kms:cn-hangzhou:*:key/*"
    }
  ]
}"#;
    insta::assert_snapshot!("not_resource", render(src));
}

#[test]
fn snapshot_several_errors() {
    let src = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "kms:Encrypt",
      "NotAction": ["kms:Decrypt"]
    }
  ]
}"#;
    insta::assert_snapshot!("several_errors", render(src));
}

#[test]
fn snapshot_bad_syntax() {
    let src = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow"
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}"#;
    insta::assert_snapshot!("bad_syntax", render(src));
}

#[test]
fn snapshot_too_long() {
    let statement =
        r#"    {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "acs:kms:*:*:key/*"},"#;
    let mut src = String::from("{\n  \"Version\": \"1\",\n  \"Statement\": [\n");
    for _ in 0..80 {
        src.push_str(statement);
        src.push('\n');
    }
    src.push_str("    {\"Effect\": \"Deny\", \"Action\": \"kms:*\", \"Resource\": \"*\"}\n  ]\n}");
    insta::assert_snapshot!("too_long", render(&src));
}

// ---------------------------------------------------------------------------------------------
// Properties

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(&format!("[ -~]{{0,{max}}}")).unwrap(),
        proptest::string::string_regex(&format!("[\"\\\\/\n\r\t\u{1}\u{7f}é€😀 a-z]{{0,{max}}}"))
            .unwrap(),
        proptest::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
    ]
}

fn non_empty(max: usize) -> impl Strategy<Value = String> {
    text(max).prop_filter("non-empty", |s| !s.is_empty())
}

fn action() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        ("[a-z]{1,4}", non_empty(8)).prop_map(|(service, pattern)| format!("{service}:{pattern}")),
    ]
}

fn operator() -> impl Strategy<Value = ConditionOperator> {
    proptest::sample::select(ConditionOperator::ALL)
}

fn conditions() -> impl Strategy<Value = Vec<Node<Condition>>> {
    let keys = proptest::collection::btree_map(
        non_empty(8),
        proptest::collection::vec(text(6), 1..3),
        1..3,
    );
    proptest::collection::vec((operator(), keys), 0..3).prop_map(|blocks| {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (operator, keys) in blocks {
            // One block per operator, as in a parsed document.
            if !seen.insert(operator) {
                continue;
            }
            for (key, values) in keys {
                out.push(Node::new(Condition {
                    operator,
                    key,
                    values,
                }));
            }
        }
        out
    })
}

fn statement() -> impl Strategy<Value = Node<Statement>> {
    let effect = prop_oneof![Just(Effect::Allow), Just(Effect::Deny)];
    let actions =
        (any::<bool>(), proptest::collection::vec(action(), 1..4)).prop_map(|(not, list)| {
            let list = list.into_iter().map(Node::new).collect();
            if not {
                ActionSpec::NotAction(list)
            } else {
                ActionSpec::Action(list)
            }
        });
    let resources = proptest::collection::vec(non_empty(12).prop_map(Node::new), 1..4);
    (
        proptest::option::of(text(8)),
        effect,
        actions,
        resources,
        conditions(),
    )
        .prop_map(|(sid, effect, actions, resources, conditions)| {
            Node::new(Statement {
                sid,
                effect,
                actions,
                resources,
                conditions,
            })
        })
}

fn policy() -> impl Strategy<Value = Policy> {
    proptest::collection::vec(statement(), 1..4).prop_map(|statements| Policy {
        version: "1".to_owned(),
        statements,
    })
}

fn check_rejection(src: &str) {
    match parse_policy(src) {
        Ok(policy) => {
            // Whatever parses prints back to the same AST.
            let printed = policy.to_string();
            if printed.chars().count() <= 6144 {
                assert_eq!(parse_policy(&printed), Ok(policy));
            }
        }
        Err(errors) => {
            assert!(errors.len() >= 1);
            assert_eq!(errors.iter().count(), errors.len());
            for error in &errors {
                assert_message_rule(error);
                assert!(error.loc().path.starts_with('$'));
                assert!(error.loc().line >= 1 && error.loc().column >= 1);
                assert!(error.loc().offset <= src.len());
            }
            let rendered = render_diagnostics(src, "p.json", &errors);
            assert_eq!(rendered.matches("error: ").count(), errors.len());
            let _ = errors.to_kms_error();
        }
    }
}

proptest! {
    #[test]
    fn printed_policies_parse_back(policy in policy()) {
        let printed = policy.to_string();
        prop_assume!(printed.chars().count() <= 6144);
        prop_assert_eq!(parse_policy(&printed), Ok(policy));
    }

    #[test]
    fn arbitrary_strings_never_panic(src in ".{0,200}") {
        check_rejection(&src);
    }

    #[test]
    fn arbitrary_json_like_strings_never_panic(src in "[\\[\\]{}\",:0-9a-zA-Z\\\\ \n.eE+-]{0,120}") {
        check_rejection(&src);
    }

    #[test]
    fn mutated_documents_never_panic(
        policy in policy(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..4u8, text(4)), 1..5),
    ) {
        let mut chars: Vec<char> = policy.to_string().chars().collect();
        for (at, kind, insert) in edits {
            let i = at.index(chars.len() + 1);
            match kind {
                0 => { chars.splice(i..i, insert.chars()); }
                1 if i < chars.len() => { chars.remove(i); }
                2 if i < chars.len() => { chars.splice(i..i + 1, insert.chars()); }
                _ => { chars.truncate(i); }
            }
        }
        let src: String = chars.into_iter().collect();
        check_rejection(&src);
    }
}

// ---------------------------------------------------------------------------------------------
// Trust policies (docs/spec/ram-sts.md §2, docs/spec/decisions-next.md D-305)

fn trust_errors(src: &str) -> Vec<(String, String)> {
    match parse_trust_policy(src) {
        Ok(t) => panic!("expected errors, parsed {t:?}"),
        Err(errors) => errors
            .iter()
            .map(|e| (e.message().to_owned(), e.loc().path.clone()))
            .collect(),
    }
}

#[test]
fn trust_policies_parse_their_principals_in_statement_order() {
    let t = parse_trust_policy(
        r#"{"Version":"1","Statement":[
            {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}},
            {"Effect":"Deny","Action":["sts:*"],"Principal":{"RAM":["acs:ram::1:user/a","acs:ram::1:role/b"],"Service":"ecs.aliyuncs.com"},
             "Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}"#,
    )
    .unwrap();
    assert_eq!(t.policy.statements.len(), 2);
    assert_eq!(
        t.principals,
        vec![
            vec![TrustPrincipal::Ram("acs:ram::1:root".into())],
            vec![
                TrustPrincipal::Ram("acs:ram::1:user/a".into()),
                TrustPrincipal::Ram("acs:ram::1:role/b".into()),
                TrustPrincipal::Service("ecs.aliyuncs.com".into()),
            ],
        ]
    );
    let only = &t.policy.statements[1].node;
    assert_eq!(only.effect, Effect::Deny);
    assert_eq!(only.conditions.len(), 1);
    assert_eq!(only.resources[0].node, "*");
}

#[test]
fn trust_policy_errors_are_located_and_all_reported() {
    let errs = trust_errors(
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*","Principal":{"RAM":"acs:ram::x:root","Foo":"y"}}]}"#,
    );
    let paths: Vec<&str> = errs.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "$.Statement[0].Action",
            "$.Statement[0].Resource",
            "$.Statement[0].Principal.RAM",
            "$.Statement[0].Principal.Foo",
        ],
        "{errs:?}"
    );
    assert_eq!(
        trust_errors(r#"{"Version":"1","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}"#),
        vec![(
            "statement needs `Principal`".to_owned(),
            "$.Statement".to_owned()
        )]
    );
    for bad in [
        r#""acs:ram::1:*""#,
        r#""acs:ram::1:user/""#,
        r#""acs:ram:cn:1:root""#,
        r#""acs:ram::1:group/g""#,
        r#"["acs:ram::1:root", 3]"#,
    ] {
        let src = format!(
            r#"{{"Version":"1","Statement":{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{{"RAM":{bad}}}}}}}"#
        );
        assert_eq!(trust_errors(&src).len(), 1, "{src}");
    }
}

#[test]
fn identity_policies_still_refuse_principal() {
    let errors = messages(&stmt(
        r#""Effect":"Allow","Action":"kms:*","Resource":"*","Principal":{"RAM":"acs:ram::1:root"}"#,
    ));
    assert_eq!(
        errors,
        vec!["unknown statement element `Principal`".to_owned()]
    );
}
