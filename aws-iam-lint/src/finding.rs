//! What a check reports: a finding with a stable code, a severity, where it
//! is (file, statement, JSON path) and what to do about it.

use core::fmt;
use core::str::FromStr;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing, nothing breaks (a spelling in another case).
    Info,
    /// Probably not what the author meant, or will stop working.
    Warning,
    /// The document is not a valid policy.
    Error,
}

impl Severity {
    /// `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "{s:?} is not a severity: expected info, warning or error"
            )),
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $severity:ident, $summary:literal; )*) => {
        /// The kinds of finding. Codes are stable: a code is never reused for
        /// another meaning, so suppressions and dashboards keep working.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in code order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code (`IAM003`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name (`unknown-action`).
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity findings of this code have.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One sentence on what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    /// Not JSON, or not in IAM's policy grammar.
    Malformed = "IAM001", "malformed-policy", Error,
        "The document is not a valid IAM policy (JSON, element names, types, values).";
    /// An action whose prefix no service has.
    UnknownPrefix = "IAM002", "unknown-prefix", Warning,
        "The action's service prefix is not in the catalog.";
    /// An action the service does not have.
    UnknownAction = "IAM003", "unknown-action", Warning,
        "The service has no action of that name.";
    /// An action written in another case than AWS's.
    ActionCase = "IAM004", "action-case", Info,
        "The action is spelled in another case than AWS's (IAM ignores case).";
    /// A wildcard that matches no action.
    WildcardMatchesNothing = "IAM005", "wildcard-matches-nothing", Warning,
        "The wildcard matches no action of the catalog.";
    /// An action removed from the AWS documentation.
    RemovedAction = "IAM006", "removed-action", Warning,
        "The action was removed from the AWS documentation.";
    /// An action covered by an end-of-support or deprecation notice.
    EndOfSupport = "IAM007", "end-of-support", Warning,
        "The action is covered by an end-of-support or deprecation notice of its service.";
    /// A resource ARN that fits no resource type of the statement's actions.
    ResourceMismatch = "IAM008", "resource-mismatch", Warning,
        "The resource fits no resource type of the statement's actions.";
    /// `"Resource": "*"` where every action can be scoped to a resource type.
    ResourceStar = "IAM009", "resource-star", Info,
        "`Resource: *` where every action requires a resource type: the statement could be scoped.";
    /// A condition key no action of the statement supports, and not global.
    UnsupportedConditionKey = "IAM010", "unsupported-condition-key", Warning,
        "No action of the statement supports the condition key, and it is not a global key.";
    /// `ForAllValues`/`ForAnyValue` on a single-valued key.
    SetOperatorOnSingleValuedKey = "IAM011", "set-operator-single-valued", Warning,
        "A set operator (ForAllValues/ForAnyValue) on a single-valued condition key.";
    /// `Allow` with `NotAction`.
    AllowNotAction = "IAM012", "allow-not-action", Warning,
        "`Allow` with `NotAction` grants every action not listed, including future ones.";
    /// An action none of whose resource types fits a resource of the statement.
    ActionWithoutResource = "IAM013", "action-without-resource", Warning,
        "An action applies to none of the statement's resources: none of its resource types fits them.";
    /// A condition operator of another type than its key's.
    OperatorKeyType = "IAM014", "operator-key-type", Warning,
        "The condition operator compares another type than the key's (a string operator on a Bool, Date, Numeric or IP key…).";
    /// A condition value that cannot be of the operator's type.
    ConditionValueType = "IAM015", "condition-value-type", Warning,
        "A condition value cannot be of the operator's type (Bool/Null with a non-boolean, IpAddress with a non-address, Date with a non-date…).";
    /// Resource patterns too costly to match, left unjudged.
    NotJudged = "IAM016", "resources-not-judged", Info,
        "Resource patterns whose matching would pass the checker's bound on work were not judged.";
    /// A wildcard (or `Allow` with `NotAction`) granting actions first
    /// recorded after the `--since` date (only with `--since`).
    GrantsNewerActions = "IAM017", "grants-newer-actions", Warning,
        "A wildcard (or Allow with NotAction) grants actions first recorded after the --since date: privileges gained without an edit.";
    /// Action strings too costly to resolve, left unjudged with the
    /// statement's resource and condition-key checks.
    ActionsNotJudged = "IAM018", "actions-not-judged", Warning,
        "Action strings whose resolution would pass the checker's bound on work for one document were not judged, nor the statement's resources and condition keys.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;
    /// `IAM003` or `unknown-action`.
    fn from_str(s: &str) -> Result<Code, String> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s) || c.name() == s)
            .ok_or_else(|| {
                let last = Code::ALL[Code::ALL.len() - 1];
                format!("{s:?} is not a finding code (IAM001 … {last} or a name)")
            })
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What kind.
    pub code: Code,
    /// The file (`-` for stdin).
    pub file: String,
    /// The document inside the file, when the file holds several: a corpus
    /// entry's name, a CloudFormation resource's logical id and property
    /// (`CiRole Policies[0].PolicyDocument`), a Terraform resource's address
    /// and attribute. `None` for a file that is one policy.
    pub document: Option<String>,
    /// The `Sid` of the statement, when it has one.
    pub sid: Option<String>,
    /// The statement's index in `Statement` (0 for a single statement object),
    /// `None` for a finding about the whole document.
    pub statement: Option<usize>,
    /// Where in the document, as a JSON path (`$.Statement[0].Action[2]`).
    pub path: String,
    /// The 1-based line the path starts on, when the document's text was
    /// given (not for a document given as a parsed value).
    pub line: Option<usize>,
    /// The 1-based column (in bytes) on that line, when known.
    pub column: Option<usize>,
    /// What is wrong, naming the value.
    pub message: String,
    /// What to write instead, when there is one answer.
    pub suggestion: Option<String>,
    /// How many more findings of this code on this statement this one
    /// stands for, when grouped ([`crate::output::group`]); 0 otherwise.
    pub also: usize,
}

impl Finding {
    /// The severity of its code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}
