//! The typed AST of a RAM policy document. Every node keeps where it came from ([`Loc`]), but
//! equality ignores locations, so a document printed back and re-parsed compares equal.

use std::fmt;

/// Where a node sits in the source: 1-based line and column (in characters), byte offset and
/// length, and the JSON path (`$.Statement[0].Action[1]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte offset of the node's first character.
    pub offset: usize,
    /// Byte length of the node's source text.
    pub len: usize,
    /// JSON path of the node.
    pub path: String,
}

/// A value with its location. `PartialEq` compares only the value.
#[derive(Clone, Debug)]
pub struct Node<T> {
    /// The value.
    pub node: T,
    /// Where it came from.
    pub loc: Loc,
}

impl<T> Node<T> {
    /// A node with a default (unknown) location, for ASTs built in code.
    pub fn new(node: T) -> Node<T> {
        Node {
            node,
            loc: Loc::default(),
        }
    }
}

impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Node<T>) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Node<T> {}

/// A whole policy document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// `Version`; always `"1"` in a valid document.
    pub version: String,
    /// `Statement`, in document order (a single object becomes a list of one).
    pub statements: Vec<Node<Statement>>,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`.
    Deny,
}

/// `Action` or `NotAction`: patterns with `*` and `?`, matched case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionSpec {
    /// The statement applies to these actions.
    Action(Vec<Node<String>>),
    /// The statement applies to every action except these.
    NotAction(Vec<Node<String>>),
}

/// One statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// `Sid`, tolerated and kept for explanations.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub actions: ActionSpec,
    /// `Resource` patterns, matched case-sensitively.
    pub resources: Vec<Node<String>>,
    /// The `Condition` block flattened to one entry per (operator, key), in document order;
    /// all must hold.
    pub conditions: Vec<Node<Condition>>,
}

/// A principal of a trust policy (docs/spec/ram-sts.md §2.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustPrincipal {
    /// `RAM`: `acs:ram::<uid>:root`, `…:user/<name>` or `…:role/<name>`.
    Ram(String),
    /// `Service`: e.g. `ecs.aliyuncs.com`; never an AssumeRole caller.
    Service(String),
    /// `Federated`: a SAML provider; never an AssumeRole caller.
    Federated(String),
}

/// A role's trust policy: the statements (each with `Resource` `*`) and, in the same order,
/// the principals each statement names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustPolicy {
    /// The statements, evaluated like an identity policy's.
    pub policy: Policy,
    /// The principals of each statement, index for index.
    pub principals: Vec<Vec<TrustPrincipal>>,
}

/// One `Operator: { Key: [values] }` entry: true when the request's value for `key` satisfies
/// `operator` against any of `values`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The operator.
    pub operator: ConditionOperator,
    /// The condition key as written, e.g. `acs:SourceIp` or `kms:tag/Project`.
    pub key: String,
    /// The values, as strings (JSON numbers and booleans keep their JSON text).
    pub values: Vec<String>,
}

macro_rules! operators {
    ($( $variant:ident ),* $(,)?) => {
        /// A condition operator of RAM (docs/spec/kms-api.md §5.2).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ConditionOperator {
            $( #[doc = concat!("`", stringify!($variant), "`")] $variant, )*
        }

        impl ConditionOperator {
            /// Every operator.
            pub const ALL: &'static [ConditionOperator] = &[ $( ConditionOperator::$variant, )* ];

            /// The operator's name as written in a policy.
            pub fn as_str(self) -> &'static str {
                match self { $( ConditionOperator::$variant => stringify!($variant), )* }
            }

            /// Parses an operator name (case-sensitive, as RAM documents them).
            pub fn parse(text: &str) -> Option<ConditionOperator> {
                match text { $( stringify!($variant) => Some(ConditionOperator::$variant), )* _ => None }
            }
        }
    };
}

operators!(
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    IpAddress,
    NotIpAddress,
);

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}
