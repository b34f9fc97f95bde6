//! The indexed decision (`evaluate_indexed`) against the plain scan (`evaluate`) on generated
//! policies: the same decision and the same deciding statements, in the same order.

use kms_reference::policy::{
    ActionSpec, AuthzRequest, Condition, ConditionOperator, Effect, IndexedPolicy, Node, Policy,
    RequestContext, Statement, evaluate, evaluate_indexed,
};
use proptest::prelude::*;

const ACTIONS: &[&str] = &[
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ListKeys",
    "kms:ListAliases",
    "kms:CreateAlias",
    "actiontrail:LookupEvents",
];

const RESOURCES: &[&str] = &[
    "acs:kms:cn-hangzhou:1:key/k-1",
    "acs:kms:cn-hangzhou:1:key/k-12",
    "acs:kms:cn-shanghai:1:key/k-2",
    "acs:kms:cn-hangzhou:1:alias/app",
    "acs:kms:cn-hangzhou:1:alias/app-k",
    "acs:actiontrail:cn-hangzhou:1:*",
    "acs:kms:cn-hangzhou:1:key",
    "",
];

/// Action patterns: literals in any case, wildcards at the start, middle and end, `?`.
fn action_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(ACTIONS).prop_map(str::to_owned),
        proptest::sample::select(ACTIONS).prop_map(|a| a.to_ascii_uppercase()),
        Just("*".to_owned()),
        Just("kms:*".to_owned()),
        Just("kms:List*".to_owned()),
        Just("KMS:list*".to_owned()),
        Just("*crypt".to_owned()),
        Just("kms:?ncrypt".to_owned()),
        Just("kms:*Alias*".to_owned()),
        Just("\u{212A}ms:Encrypt".to_owned()),
        "[kms:*?ELD]{0,8}",
    ]
}

/// Resource patterns: exact ARNs, prefixes, suffixes, a wildcard in the middle only.
fn resource_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(RESOURCES).prop_map(str::to_owned),
        Just("*".to_owned()),
        Just("acs:kms:*:*:key/*".to_owned()),
        Just("acs:kms:*:*:key/k-1".to_owned()),
        Just("acs:kms:cn-hangzhou:1:key/k-?".to_owned()),
        Just("acs:kms:cn-hangzhou:1:*".to_owned()),
        Just("*:alias/app*".to_owned()),
        Just("acs:*:1:key/k-1*".to_owned()),
        Just("*k-1*".to_owned()),
        "[acs:kmy/1*?-]{0,10}",
    ]
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        any::<bool>(),
        0u8..5,
        proptest::collection::vec(action_pattern(), 0..3),
        proptest::collection::vec(resource_pattern(), 0..3),
        proptest::option::of(proptest::sample::select(&["a", "b"][..])),
        proptest::option::of(proptest::sample::select(&["s1", "s2"][..])),
    )
        .prop_map(|(allow, not_action, actions, resources, tag, sid)| {
            let nodes = actions.into_iter().map(Node::new).collect();
            Statement {
                sid: sid.map(str::to_owned),
                effect: if allow { Effect::Allow } else { Effect::Deny },
                // One statement in five uses NotAction.
                actions: if not_action == 0 {
                    ActionSpec::NotAction(nodes)
                } else {
                    ActionSpec::Action(nodes)
                },
                resources: resources.into_iter().map(Node::new).collect(),
                conditions: tag
                    .map(|t| {
                        vec![Node::new(Condition {
                            operator: ConditionOperator::StringEquals,
                            key: "kms:tag/T".to_owned(),
                            values: vec![t.to_owned()],
                        })]
                    })
                    .unwrap_or_default(),
            }
        })
}

fn policy(statements: std::ops::Range<usize>) -> impl Strategy<Value = Policy> {
    proptest::collection::vec(statement(), statements).prop_map(|statements| Policy {
        version: "1".to_owned(),
        statements: statements.into_iter().map(Node::new).collect(),
    })
}

fn request() -> impl Strategy<Value = (String, String, Option<&'static str>)> {
    (
        prop_oneof![
            proptest::sample::select(ACTIONS).prop_map(str::to_owned),
            Just("KMS:ENCRYPT".to_owned()),
            Just("\u{212A}ms:Encrypt".to_owned()),
            "[kms:ELD]{0,6}",
        ],
        prop_oneof![
            proptest::sample::select(RESOURCES).prop_map(str::to_owned),
            "[acs:kmy/1-]{0,12}",
        ],
        proptest::option::of(proptest::sample::select(&["a", "b"][..])),
    )
}

/// Both decisions on the same policies and request, compared.
fn check(
    policies: &[Policy],
    (action, resource, tag): (String, String, Option<&str>),
) -> Result<(), TestCaseError> {
    let context = match tag {
        Some(t) => RequestContext::new().with("kms:tag/T", t),
        None => RequestContext::new(),
    };
    let request = AuthzRequest {
        action: &action,
        resource: &resource,
        context: &context,
    };
    let names = ["p0", "p1", "p2", "p3"];
    let plain: Vec<(&str, &Policy)> = names.iter().copied().zip(policies).collect();
    let indexed_policies: Vec<IndexedPolicy> =
        policies.iter().cloned().map(IndexedPolicy::new).collect();
    let indexed: Vec<(&str, &IndexedPolicy)> =
        names.iter().copied().zip(&indexed_policies).collect();
    prop_assert_eq!(
        evaluate_indexed(&indexed, &request),
        evaluate(&plain, &request)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn indexed_decision_equals_the_scan(
        policies in proptest::collection::vec(policy(0..12), 0..4),
        req in request(),
    ) {
        check(&policies, req)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Policies large enough that both sides have many candidates and are intersected.
    #[test]
    fn indexed_decision_equals_the_scan_on_large_policies(
        policies in proptest::collection::vec(policy(40..120), 1..3),
        req in request(),
    ) {
        check(&policies, req)?;
    }
}

/// A large policy where the index has to pick buckets: every statement names its own key,
/// the deciding ones must come back in document order.
#[test]
fn deciding_statements_keep_document_order_in_a_large_policy() {
    let statement = |effect: Effect, action: &str, resource: String| {
        Node::new(Statement {
            sid: None,
            effect,
            actions: ActionSpec::Action(vec![Node::new(action.to_owned())]),
            resources: vec![Node::new(resource)],
            conditions: Vec::new(),
        })
    };
    let mut statements: Vec<Node<Statement>> = (0..500)
        .map(|i| {
            statement(
                Effect::Allow,
                "kms:Encrypt",
                format!("acs:kms:*:*:key/k-{i}"),
            )
        })
        .collect();
    statements.insert(3, statement(Effect::Allow, "kms:*", "*".to_owned()));
    statements.push(statement(
        Effect::Allow,
        "kms:Encrypt",
        "acs:kms:cn-hangzhou:1:key/*".to_owned(),
    ));
    let policy = Policy {
        version: "1".to_owned(),
        statements,
    };
    let context = RequestContext::new();
    let request = AuthzRequest {
        action: "kms:Encrypt",
        resource: "acs:kms:cn-hangzhou:1:key/k-42",
        context: &context,
    };
    let indexed = IndexedPolicy::new(policy.clone());
    let evaluation = evaluate_indexed(&[("p", &indexed)], &request);
    let deciding: Vec<usize> = evaluation.deciding.iter().map(|s| s.index).collect();
    assert_eq!(deciding, vec![3, 43, 501]);
    assert_eq!(evaluation, evaluate(&[("p", &policy)], &request));
}
