//! The catalog model: what one snapshot says about AWS IAM.
//!
//! Every stage speaks these types: the parsers produce them, the store and the
//! canonical export persist them, the diff compares them and codegen turns them
//! into the published crate. Names that IAM treats as identifiers get their own
//! types so that a prefix cannot be passed where an action name is expected.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares a validated, string-backed identifier type.
macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $valid:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks `s` and wraps it; the error says what was expected.
            pub fn new(s: impl Into<String>) -> Result<Self, NameError> {
                let s = s.into();
                let valid: fn(&str) -> bool = $valid;
                if valid(&s) {
                    Ok(Self(s))
                } else {
                    Err(NameError { what: $what, value: s })
                }
            }

            /// The name as AWS writes it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;
            fn try_from(s: String) -> Result<Self, NameError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(n: $name) -> String {
                n.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

/// A string that is not a valid identifier of the kind expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {what}")]
pub struct NameError {
    /// What kind of name was expected.
    pub what: &'static str,
    /// The offending text.
    pub value: String,
}

fn is_prefix(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

fn is_action(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// Condition key names: anything printable without spaces. AWS uses
/// `${TagKey}`, `/`, `:` and `.` in them.
fn is_token(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A condition key as AWS may publish it: a token, or (rarely, and always
/// reported by the parser as a warning) one with single inner spaces, which
/// the catalog keeps as written rather than guess at.
fn is_condition_key(s: &str) -> bool {
    is_token(s) || (is_token(&s.replace(' ', "")) && s.trim() == s && !s.contains("  "))
}

/// Resource type names are tokens too, except that a few contain single
/// spaces (Amazon Lex V1: `bot alias`). The `*` required marker is never
/// part of the name.
fn is_resource_type(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains("  ")
        && !s.contains('*')
        && !s
            .chars()
            .any(|c| c.is_control() || (c.is_whitespace() && c != ' '))
}

name_type!(
    /// A service prefix, such as `chime` or `aws-marketplace`.
    Prefix,
    "service prefix (lowercase letters, digits, '-' and '.')",
    is_prefix
);
name_type!(
    /// An action name without its prefix, such as `CreateMeeting`.
    ActionName,
    "action name (letters, digits, '-', '_' and '.')",
    is_action
);
name_type!(
    /// A resource type name, such as `bucket` or `app-instance-user`.
    ResourceTypeName,
    "resource type name (no '*', no leading, trailing or double spaces)",
    is_resource_type
);
name_type!(
    /// A condition key name, such as `aws:ResourceTag/${TagKey}`.
    ConditionKeyName,
    "condition key name (no spaces)",
    is_condition_key
);
name_type!(
    /// A fully qualified action, `prefix:Action`, as dependent actions and the
    /// operations table name them (they may belong to another service).
    QualifiedAction,
    "qualified action (prefix:Action)",
    |s| s
        .split_once(':')
        .is_some_and(|(p, a)| is_prefix(p) && is_action(a))
);

impl QualifiedAction {
    /// The service prefix part.
    pub fn prefix(&self) -> &str {
        self.0.split_once(':').map_or("", |(p, _)| p)
    }

    /// The action name part.
    pub fn action(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, a)| a)
    }
}

/// One access level, as the Actions table classifies an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads resources.
    Read,
    /// Creates, changes or deletes resources.
    Write,
    /// Grants or changes permissions.
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
    /// Changes tags only.
    Tagging,
}

impl AccessLevel {
    /// Every level, in AWS's order.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// The level as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccessLevel {
    type Err = NameError;
    /// Case-insensitive: the 2019 pages capitalise differently.
    fn from_str(s: &str) -> Result<Self, NameError> {
        AccessLevel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| NameError {
                what: "access level (List, Read, Write, Permissions management, Tagging)",
                value: s.to_string(),
            })
    }
}

/// The access level of an action: a set (the July 2026 layout can give two,
/// "Tagging, Write") plus the text as the page wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AccessLevels {
    /// The levels, in AWS's order.
    pub levels: BTreeSet<AccessLevel>,
    /// The cell text, whitespace-normalised.
    pub raw: String,
}

impl AccessLevels {
    /// Reads a cell such as `Write`, `Tagging, Write` or `Permissions management`.
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let raw = raw.trim();
        let levels = raw
            .split([',', '/', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(AccessLevel::from_str)
            .collect::<Result<BTreeSet<_>, _>>()?;
        if levels.is_empty() {
            return Err(NameError {
                what: "access level (List, Read, Write, Permissions management, Tagging)",
                value: raw.to_string(),
            });
        }
        Ok(AccessLevels {
            levels,
            raw: raw.to_string(),
        })
    }
}

impl fmt::Display for AccessLevels {
    /// In AWS's order: a second level is written after the first,
    /// "Tagging, Write", "Permissions management, Write".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut levels: Vec<AccessLevel> = self.levels.iter().copied().collect();
        levels.sort_by_key(|l| (*l == AccessLevel::Write, *l));
        let names: Vec<&str> = levels.iter().map(|l| l.as_str()).collect();
        f.write_str(&names.join(", "))
    }
}

/// How a condition key's values are typed (the "Type" column).
///
/// Kept as the page's text: AWS has added types over the years and the typed
/// crate maps them onto its own closed vocabulary.
pub type ConditionKeyType = String;

/// Which page layout a page was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Layout {
    /// HTML with the six-column actions table (2019 to June 2026).
    #[serde(rename = "html")]
    Html,
    /// HTML of the July 2026 redesign: five-column actions, permission-only
    /// and API operations tables.
    #[serde(rename = "html-2026")]
    Html2026,
    /// AWS's Markdown rendering of the July 2026 layout.
    #[serde(rename = "markdown-2026")]
    Markdown2026,
    /// AWS's machine-readable service reference (the JSON twin): no
    /// descriptions, no required flags, access level from flags.
    #[serde(rename = "service-reference-json")]
    ServiceReferenceJson,
}

impl Layout {
    /// The name used in reports and the canonical files.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Html => "html",
            Layout::Html2026 => "html-2026",
            Layout::Markdown2026 => "markdown-2026",
            Layout::ServiceReferenceJson => "service-reference-json",
        }
    }

    /// True for the July 2026 redesign, in either rendering.
    pub fn is_2026(self) -> bool {
        self != Layout::Html
    }
}

/// A page a service was read from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PageRef {
    /// The `<slug>` of `list_<slug>.html`.
    pub slug: String,
    /// Where AWS serves the page.
    pub url: String,
    /// The service name as this page writes it.
    pub name: String,
    /// Which layout it was read in.
    pub layout: Layout,
}

/// The links a service page carries to the service's own documentation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLinks {
    /// "Learn how to configure this service".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<String>,
    /// "View a list of the API operations available for this service".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_reference: Option<String>,
    /// "Learn how to secure this service ... using IAM": the service's IAM docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_guide: Option<String>,
    /// The machine-readable twin on servicereference.us-east-1.amazonaws.com.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_reference: Option<String>,
}

/// A resource type an action can be scoped to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActionResource {
    /// The resource type, without the `*` marker.
    pub name: ResourceTypeName,
    /// Whether the page marked it required (`*`).
    pub required: bool,
    /// Condition keys listed on this resource type's row of the action.
    pub condition_keys: Vec<ConditionKeyName>,
}

/// Where the catalog learned that an action depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencySource {
    /// The "Dependent actions" column (until June 2026).
    DependentActionsColumn,
    /// An API operation of the same name that authorizes several actions
    /// (the July 2026 "API operations" table).
    OperationsTable,
    /// An operation of the JSON twin (`Operations[].AuthorizedActions`),
    /// for pages without an operations table.
    ServiceReferenceJson,
}

/// Another action that a call of this action may also need.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DependentAction {
    /// The other action.
    pub name: QualifiedAction,
    /// Where this dependency was read.
    pub source: DependencySource,
}

/// An EC2-style "SCENARIO" row group: an alternative set of resource types for
/// one action (RunInstances has several).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Scenario {
    /// The text after `SCENARIO:`.
    pub name: String,
    /// Resource types of the scenario.
    pub resource_types: Vec<ActionResource>,
}

/// An IAM action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// The action name.
    pub name: ActionName,
    /// What it grants permission to do.
    pub description: String,
    /// Access level, parsed and as written.
    #[serde(with = "access_levels_serde", flatten)]
    pub access_level: AccessLevels,
    /// True when no API operation calls it ("permission only").
    pub permission_only: bool,
    /// Resource types, each with its required flag and its row's keys.
    pub resource_types: Vec<ActionResource>,
    /// Action-level condition keys (the row without a resource type).
    pub condition_keys: Vec<ConditionKeyName>,
    /// Other actions a call may need.
    pub dependent_actions: Vec<DependentAction>,
    /// EC2 "SCENARIO" groups, when the page has them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
    /// The documentation link of the action name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
}

/// A resource type a service defines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceType {
    /// Its name.
    pub name: ResourceTypeName,
    /// ARN templates, such as `arn:${Partition}:s3:::${BucketName}`.
    pub arn_templates: Vec<String>,
    /// Condition keys that apply to the resource.
    pub condition_keys: Vec<ConditionKeyName>,
    /// The documentation link of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
}

/// A condition key a service defines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionKey {
    /// Its name, such as `s3:prefix`.
    pub name: ConditionKeyName,
    /// What it filters by.
    pub description: String,
    /// Its value type, as written (`String`, `ArrayOfString`, `ARN`, ...).
    #[serde(rename = "type")]
    pub key_type: ConditionKeyType,
}

/// One action an API operation needs (a row of the operations table).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OperationAction {
    /// The action.
    pub action: QualifiedAction,
    /// Condition keys with fixed values for this call.
    pub condition_keys: Vec<ConditionKeyName>,
    /// The values those keys take.
    pub possible_values: Vec<String>,
    /// The access level as written on the row.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access_level: String,
}

/// An API operation and the actions it needs (July 2026 layout).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// The operation name.
    pub name: String,
    /// SDK clients that expose it (empty on pages without that column).
    pub sdk_clients: Vec<String>,
    /// The actions it needs.
    pub actions: Vec<OperationAction>,
}

/// A notice about the service's availability (filled by the service-docs stage).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Notice {
    /// `end-of-support`, `deprecation`, `availability`.
    pub kind: String,
    /// Effective date, ISO 8601, when the notice gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The notice text.
    pub text: String,
    /// Where it was read.
    pub url: String,
    /// Which of the service's actions the notice covers, when the data can
    /// tell (see `xtask/src/scope.rs`); absent for notices not scoped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<NoticeScope>,
}

/// The actions a notice covers, decided from evidence (the SDK clients of
/// the operations that authorize each action, and the resource types it
/// shares with actions outside the notice).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NoticeScope {
    /// The rule applied, in words.
    pub rule: String,
    /// Actions the notice covers.
    pub covered: Vec<ActionName>,
    /// Actions it does not cover.
    pub not_covered: Vec<ActionName>,
    /// Actions the data cannot decide (permission-only, touching nothing
    /// shared).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<ActionName>,
    /// Set when the whole service could not be scoped (no operations data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_reason: Option<String>,
}

/// Which renderings of a service a snapshot read and which one stands.
/// Filled only when a service had a twin (Markdown beside HTML, or a JSON
/// twin); a service read from one page alone says so in `pages`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renderings {
    /// The rendering whose reading stands for actions, resource types and
    /// keys.
    pub used: Vec<Layout>,
    /// Renderings read as witnesses (compared, not merged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub witnesses: Vec<Layout>,
    /// Where `operations[]` and the dependent actions derived from them
    /// came from, when not from the rendering used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations_from: Option<Layout>,
    /// Why a fallback rendering stands, when one does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<String>,
}

impl Renderings {
    /// True when nothing is recorded (single-rendering services).
    pub fn is_empty(&self) -> bool {
        self == &Renderings::default()
    }
}

/// A row of a service's "X updates to AWS managed policies" table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PolicyChange {
    /// The date, ISO, when the cell could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date cell as written.
    pub date_text: String,
    /// The "Change" cell.
    pub change: String,
    /// The "Description" cell.
    pub description: String,
    /// Managed policies the row names.
    pub policies: Vec<String>,
    /// The page it was read from.
    pub url: String,
}

/// A row of the "IAM features you can use with X" table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Feature {
    /// The IAM feature ("Identity-based policies").
    pub name: String,
    /// `Yes`, `No`, `Partial`, or the cell as written.
    pub support: String,
}

/// An AWS managed policy document shown on a service's docs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    /// The policy name ("AmazonChimeReadOnly").
    pub name: String,
    /// The policy document (validated JSON with a `Statement`).
    pub document: serde_json::Value,
    /// The page it was read from.
    pub url: String,
}

/// A service: everything the catalog knows about one prefix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The service prefix.
    pub prefix: Prefix,
    /// The service name.
    pub name: String,
    /// The pages it was read from (several pages may share a prefix).
    pub pages: Vec<PageRef>,
    /// Links to the service's documentation.
    pub links: ServiceLinks,
    /// Availability notices.
    pub notices: Vec<Notice>,
    /// Actions, sorted by name.
    pub actions: Vec<Action>,
    /// Resource types, sorted by name.
    pub resource_types: Vec<ResourceType>,
    /// Condition keys, sorted by name.
    pub condition_keys: Vec<ConditionKey>,
    /// API operations, sorted by name (July 2026 layout only).
    pub operations: Vec<Operation>,
    /// The service's docs pages read for notices, changelog, features and
    /// policies (absent from files of snapshots that did not read them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<String>,
    /// The managed-policy changelog, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_changes: Vec<PolicyChange>,
    /// IAM features the service supports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// AWS managed policy documents shown in the docs, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<ManagedPolicy>,
    /// Which renderings were read and which stands (twins only).
    #[serde(default, skip_serializing_if = "Renderings::is_empty")]
    pub renderings: Renderings,
}

impl Service {
    /// Puts every list in its canonical order, so that equal content always
    /// serialises to equal bytes whatever order the pages listed it in.
    pub fn canonicalize(&mut self) {
        self.pages.sort();
        self.pages.dedup();
        self.notices.sort();
        self.notices.dedup();
        for a in &mut self.actions {
            a.canonicalize();
        }
        self.actions.sort_by(|a, b| a.name.cmp(&b.name));
        for r in &mut self.resource_types {
            r.arn_templates.sort();
            r.arn_templates.dedup();
            r.condition_keys.sort();
            r.condition_keys.dedup();
        }
        self.resource_types.sort_by(|a, b| a.name.cmp(&b.name));
        self.condition_keys.sort_by(|a, b| a.name.cmp(&b.name));
        for o in &mut self.operations {
            o.sdk_clients.sort();
            o.actions.sort();
            o.actions.dedup();
        }
        self.operations
            .sort_by(|a, b| (&a.name, &a.sdk_clients).cmp(&(&b.name, &b.sdk_clients)));
        self.operations.dedup();
        self.docs.sort();
        self.docs.dedup();
        // Newest first, as the tables list them; undated rows last.
        self.managed_policy_changes.sort_by(|a, b| {
            (b.date.is_some(), &b.date)
                .cmp(&(a.date.is_some(), &a.date))
                .then_with(|| {
                    (&a.change, &a.description, &a.url).cmp(&(&b.change, &b.description, &b.url))
                })
        });
        self.managed_policy_changes.dedup();
        self.features.sort();
        self.features.dedup();
        self.managed_policies
            .sort_by(|a, b| (&a.name, &a.url).cmp(&(&b.name, &b.url)));
        self.managed_policies.dedup_by(|a, b| a.name == b.name);
    }
}

/// Appends the items not already in `list`, keeping first-seen order.
pub fn push_unique<T: PartialEq>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

impl Action {
    /// Adds a resource type; one named twice keeps one entry, required if
    /// either says so, with the condition keys of both.
    pub fn add_resource(&mut self, r: ActionResource) {
        match self.resource_types.iter_mut().find(|x| x.name == r.name) {
            Some(x) => {
                x.required |= r.required;
                push_unique(&mut x.condition_keys, r.condition_keys);
            }
            None => self.resource_types.push(r),
        }
    }

    /// Takes in what another reading of the same action lists that this one
    /// does not: resource types, condition keys, dependent actions,
    /// scenarios. Text fields (description, access level) stay as they are.
    pub fn absorb_lists(&mut self, other: Action) {
        for r in other.resource_types {
            self.add_resource(r);
        }
        push_unique(&mut self.condition_keys, other.condition_keys);
        push_unique(&mut self.dependent_actions, other.dependent_actions);
        push_unique(&mut self.scenarios, other.scenarios);
    }

    /// Puts the action's lists in canonical order.
    pub fn canonicalize(&mut self) {
        let sort_resources = |list: &mut Vec<ActionResource>| {
            for r in list.iter_mut() {
                r.condition_keys.sort();
                r.condition_keys.dedup();
            }
            list.sort();
        };
        sort_resources(&mut self.resource_types);
        self.condition_keys.sort();
        self.condition_keys.dedup();
        self.dependent_actions.sort();
        self.dependent_actions.dedup();
        for s in &mut self.scenarios {
            sort_resources(&mut s.resource_types);
        }
        self.scenarios.sort();
    }
}

/// Serialises [`AccessLevels`] as two fields, `access_level` (array of level
/// names) and `access_level_raw`.
mod access_levels_serde {
    use super::{AccessLevel, AccessLevels};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeSet;

    #[derive(Serialize, Deserialize)]
    struct Fields {
        access_level: BTreeSet<AccessLevel>,
        access_level_raw: String,
    }

    pub fn serialize<S: Serializer>(v: &AccessLevels, s: S) -> Result<S::Ok, S::Error> {
        Fields {
            access_level: v.levels.clone(),
            access_level_raw: v.raw.clone(),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<AccessLevels, D::Error> {
        let f = Fields::deserialize(d)?;
        Ok(AccessLevels {
            levels: f.access_level,
            raw: f.access_level_raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_levels_read_one_and_two_values() {
        let one = AccessLevels::parse("Write").unwrap();
        assert_eq!(
            one.levels.iter().copied().collect::<Vec<_>>(),
            [AccessLevel::Write]
        );
        let two = AccessLevels::parse("Tagging, Write").unwrap();
        assert_eq!(
            two.levels.iter().copied().collect::<Vec<_>>(),
            [AccessLevel::Write, AccessLevel::Tagging]
        );
        assert_eq!(two.raw, "Tagging, Write");
        assert_eq!(two.to_string(), "Tagging, Write");
        let pm = AccessLevels::parse("Permissions Management").unwrap();
        assert!(pm.levels.contains(&AccessLevel::PermissionsManagement));
        let err = AccessLevels::parse("Admin").unwrap_err();
        assert_eq!(err.value, "Admin");
        assert!(AccessLevels::parse("  ").is_err());
    }

    #[test]
    fn names_are_validated() {
        assert!(Prefix::new("aws-marketplace").is_ok());
        assert!(Prefix::new("Chime").is_err());
        assert!(ActionName::new("AssociateViaAWSService-EventsAndStates").is_ok());
        assert!(ActionName::new("Create Meeting").is_err());
        assert!(ConditionKeyName::new("aws:ResourceTag/${TagKey}").is_ok());
        let q = QualifiedAction::new("iam:PassRole").unwrap();
        assert_eq!((q.prefix(), q.action()), ("iam", "PassRole"));
        assert!(QualifiedAction::new("PassRole").is_err());
    }
}
