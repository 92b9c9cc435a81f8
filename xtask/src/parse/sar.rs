//! Interprets a [`PageDoc`] of a Service Authorization Reference page.
//!
//! Tables are recognised by their headers (the section heading only tells an
//! actions table from a permission-only one, which share headers) and columns
//! are looked up by header text, so the five-column July 2026 actions table,
//! the six-column one before it and the Markdown rendering all go through the
//! same code. Rows continue an action when the action cell spans into them
//! (`rowspan`); EC2's "SCENARIO" rows, which sit inside RunInstances' span,
//! become scenarios of that action.

use crate::model::{
    AccessLevels, Action, ActionName, ActionResource, ConditionKey, ConditionKeyName,
    DependencySource, DependentAction, Layout, Operation, OperationAction, PageRef, Prefix,
    QualifiedAction, ResourceType, ResourceTypeName, Scenario, push_unique,
};

use super::lenient::{NameRead, any, read_name, strict_condition_key};
use super::source::{PageSource, slug_of};
use super::table::Table;
use super::text::{collapse, strip_whitespace, tidy_punctuation};
use super::warning::{Warning, WarningClass};
use super::{PageDoc, Problem, ServicePage};

/// The URL every page lives under.
pub const REFERENCE_BASE: &str =
    "https://docs.aws.amazon.com/service-authorization/latest/reference/";

/// What a table holds, told by its headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Operations,
    Actions,
    ResourceTypes,
    ConditionKeys,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Operations => "API operations",
            Kind::Actions => "actions",
            Kind::ResourceTypes => "resource types",
            Kind::ConditionKeys => "condition keys",
        }
    }

    /// What the headers of this kind of table say.
    fn headers(self) -> &'static str {
        match self {
            Kind::Operations => {
                "Operation | SDK client | IAM action | Condition key | Possible value(s) | Access level"
            }
            Kind::Actions => {
                "Actions | Description | Access level | Resource types (*required) | Condition keys [| Dependent actions]"
            }
            Kind::ResourceTypes => "Resource types | ARN | Condition keys",
            Kind::ConditionKeys => "Condition keys | Description | Type",
        }
    }

    /// Recognises a table by its (normalised) headers.
    fn of_headers(headers: &[String]) -> Option<Kind> {
        let has = |h: &str| headers.iter().any(|x| x == h);
        if has("operation") || has("iam action") {
            Some(Kind::Operations)
        } else if has("arn") {
            Some(Kind::ResourceTypes)
        } else if has("actions") {
            Some(Kind::Actions)
        } else if has("condition keys") && has("type") {
            Some(Kind::ConditionKeys)
        } else {
            None
        }
    }
}

/// What a section heading announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SectionKind {
    Operations,
    Actions,
    PermissionOnly,
    ResourceTypes,
    ConditionKeys,
}

impl SectionKind {
    fn of_heading(heading: &str) -> Option<SectionKind> {
        let h = heading.to_lowercase();
        if h.starts_with("api operations defined by") {
            Some(SectionKind::Operations)
        } else if h.starts_with("permission-only actions") {
            Some(SectionKind::PermissionOnly)
        } else if h.starts_with("actions defined by") {
            Some(SectionKind::Actions)
        } else if h.starts_with("resource types defined by")
            || h.starts_with("resources defined by")
        {
            Some(SectionKind::ResourceTypes)
        } else if h.starts_with("condition keys for") {
            Some(SectionKind::ConditionKeys)
        } else {
            None
        }
    }

    fn table_kind(self) -> Kind {
        match self {
            SectionKind::Operations => Kind::Operations,
            SectionKind::Actions | SectionKind::PermissionOnly => Kind::Actions,
            SectionKind::ResourceTypes => Kind::ResourceTypes,
            SectionKind::ConditionKeys => Kind::ConditionKeys,
        }
    }
}

/// True for the sections only the July 2026 layout has.
pub fn is_july_2026_section(heading: &str) -> bool {
    matches!(
        SectionKind::of_heading(heading),
        Some(SectionKind::Operations | SectionKind::PermissionOnly)
    )
}

/// A table with its columns resolved by header.
struct Columns<'t> {
    table: &'t Table,
    kind: Kind,
    section: &'t str,
    /// The page, for warnings.
    page: &'t str,
}

impl<'t> Columns<'t> {
    fn required(&self, column: &'static str, names: &[&str]) -> Result<usize, Problem> {
        self.table
            .column(names)
            .ok_or_else(|| Problem::MissingColumn {
                table: self.kind.label(),
                section: self.section.to_string(),
                column,
                headers: self.table.headers.join(" | "),
            })
    }

    fn bad_row(&self, row: usize, message: impl Into<String>) -> Problem {
        Problem::BadRow {
            table: self.kind.label(),
            row: row + 1,
            message: message.into(),
        }
    }

    /// The lines of a cell; a row too short to reach the column has none.
    fn lines(&self, row: usize, col: Option<usize>) -> &'t [String] {
        col.and_then(|c| self.table.slot(row, c))
            .map_or(&[], |(_, cell)| cell.lines.as_slice())
    }

    fn text(&self, row: usize, col: usize) -> String {
        self.table
            .slot(row, col)
            .map(|(_, c)| c.text())
            .unwrap_or_default()
    }

    /// A warning about `value` in `row` (0-based) of this table.
    fn warning(
        &self,
        class: WarningClass,
        row: usize,
        value: &str,
        message: impl Into<String>,
    ) -> Warning {
        Warning::cell(self.page, class, self.kind.label(), row + 1, value, message)
    }

    /// Reads a name in a cell leniently (see `lenient.rs`); anything but a
    /// valid name becomes a warning.
    fn name<T>(
        &self,
        row: usize,
        raw: &str,
        what: &str,
        strict: fn(&str) -> bool,
        new: impl Fn(&str) -> Result<T, crate::model::NameError>,
        warnings: &mut Vec<Warning>,
    ) -> Option<T> {
        match read_name(raw, what, strict, new) {
            NameRead::Valid(v) => Some(v),
            NameRead::Changed {
                value,
                class,
                message,
            } => {
                warnings.push(self.warning(class, row, raw, message));
                value
            }
        }
    }

    /// The condition keys of a cell, read leniently.
    fn condition_keys(
        &self,
        row: usize,
        col: Option<usize>,
        owner: &str,
        warnings: &mut Vec<Warning>,
    ) -> Vec<ConditionKeyName> {
        self.lines(row, col)
            .iter()
            .filter_map(|k| {
                self.name(
                    row,
                    k,
                    &format!("condition key of {owner}"),
                    strict_condition_key,
                    |s| ConditionKeyName::new(s),
                    warnings,
                )
            })
            .collect()
    }

    /// A qualified action (`prefix:Action`) of a cell, read leniently.
    fn qualified_action(
        &self,
        row: usize,
        raw: &str,
        what: &str,
        warnings: &mut Vec<Warning>,
    ) -> Option<QualifiedAction> {
        self.name(row, raw, what, any, |s| QualifiedAction::new(s), warnings)
    }

    fn origin(&self, row: usize, col: usize) -> bool {
        self.table.slot(row, col).is_some_and(|(s, _)| s.origin)
    }
}

/// Everything read from the page's tables so far.
#[derive(Default)]
struct Found {
    actions: Vec<Action>,
    resource_types: Vec<ResourceType>,
    condition_keys: Vec<ConditionKey>,
    operations: Vec<Operation>,
    saw_actions_table: bool,
    warnings: Vec<Warning>,
    /// Where each of `actions` was read ("row 3 under \"…\""), for warnings.
    action_rows: Vec<String>,
}

impl Found {
    /// Adds an action read in `row` (0-based) of `cols`; an action already
    /// read is kept once, and a second row that says something different is
    /// a warning naming both rows.
    fn add_action(&mut self, cols: &Columns<'_>, action: Action, row: usize) {
        let here = format!("row {} under \"{}\"", row + 1, cols.section);
        let Some(at) = self.actions.iter().position(|a| a.name == action.name) else {
            self.actions.push(action);
            self.action_rows.push(here);
            return;
        };
        let first = &mut self.actions[at];
        let differs: Vec<&str> = [
            ("description", first.description != action.description),
            ("access level", first.access_level != action.access_level),
            (
                "permission-only",
                first.permission_only != action.permission_only,
            ),
            (
                "resource types",
                first.resource_types != action.resource_types,
            ),
            (
                "condition keys",
                first.condition_keys != action.condition_keys,
            ),
            (
                "dependent actions",
                first.dependent_actions != action.dependent_actions,
            ),
        ]
        .into_iter()
        .filter_map(|(f, d)| d.then_some(f))
        .collect();
        let name = action.name.to_string();
        let (class, message) = if differs.is_empty() {
            (
                WarningClass::Duplicate,
                format!(
                    "{name} is listed twice ({} and {here}); kept once",
                    self.action_rows[at]
                ),
            )
        } else {
            (
                WarningClass::ConflictingDuplicate,
                format!(
                    "{name} is listed twice ({} and {here}) and the rows differ in {}; kept the first row's text, united the lists",
                    self.action_rows[at],
                    differs.join(", ")
                ),
            )
        };
        first.absorb_lists(action);
        self.warnings.push(cols.warning(class, row, &name, message));
    }
}

/// Interprets a page.
pub fn interpret(
    source: &PageSource,
    doc: PageDoc,
    layout: Layout,
) -> Result<ServicePage, Problem> {
    let prefix = Prefix::new(doc.prefix.clone().ok_or(Problem::NoPrefix)?)?;
    let name = service_name(&doc).unwrap_or_else(|| prefix.to_string());
    // The page is where it was served from (the file or URL name); its
    // canonical link only fills in when the name says nothing. That the two
    // agree when both are known was checked before (`evidence.rs`).
    let canonical = doc.canonical_url.as_deref().and_then(slug_of);
    let served = source.slug_from_name();
    let slug = served.or(canonical).unwrap_or(prefix.as_str()).to_string();
    let url = match (&doc.canonical_url, canonical) {
        (Some(url), Some(c)) if c == slug => url.clone(),
        _ => format!("{REFERENCE_BASE}list_{slug}.html"),
    };

    let kinds: Vec<Option<SectionKind>> = doc
        .sections
        .iter()
        .map(|s| SectionKind::of_heading(&s.heading))
        .collect();
    for (wanted, label) in [
        (SectionKind::Actions, "Actions defined by …"),
        (SectionKind::ResourceTypes, "Resource types defined by …"),
        (SectionKind::ConditionKeys, "Condition keys for …"),
    ] {
        if !kinds.contains(&Some(wanted)) {
            return Err(Problem::MissingSection(label));
        }
    }

    let mut found = Found::default();
    for (section, section_kind) in doc.sections.iter().zip(&kinds) {
        for table in &section.tables {
            let table = table.as_ref().map_err(|e| Problem::Table {
                section: section.heading.clone(),
                error: e.clone(),
            })?;
            let Some(kind) =
                Kind::of_headers(&table.headers).or(section_kind.map(SectionKind::table_kind))
            else {
                found.warnings.push(Warning::page(
                    &source.name,
                    WarningClass::IgnoredTable,
                    format!(
                        "ignored a table with unknown headers ({}) under \"{}\"",
                        table.headers.join(" | "),
                        section.heading
                    ),
                ));
                continue;
            };
            let cols = Columns {
                table,
                kind,
                section: &section.heading,
                page: &source.name,
            };
            match kind {
                Kind::Actions => {
                    let permission_only = *section_kind == Some(SectionKind::PermissionOnly);
                    for (action, row) in read_actions(&cols, permission_only, &mut found.warnings)?
                    {
                        found.add_action(&cols, action, row);
                    }
                    found.saw_actions_table = true;
                }
                Kind::ResourceTypes => {
                    let read = read_resource_types(&cols, &mut found.warnings)?;
                    found.resource_types.extend(read);
                }
                Kind::ConditionKeys => {
                    let read = read_condition_keys(&cols, &mut found.warnings)?;
                    found.condition_keys.extend(read);
                }
                Kind::Operations => {
                    let read = read_operations(&cols, &mut found.warnings)?;
                    found.operations.extend(read);
                }
            }
        }
    }
    let actions_heading = || {
        doc.sections[kinds
            .iter()
            .position(|k| *k == Some(SectionKind::Actions))
            .unwrap_or(0)]
        .heading
        .clone()
    };
    // AWS IQ's page (2019–2020) has no actions table: a sentence says the
    // service has no actions ("AWS IQ has no API operations that can be
    // used in the Actions element … specify "Action": "iq:*""). Such a page
    // is a service with no actions; any other page without one is broken.
    let says_none = !found.saw_actions_table && says_no_actions(&source.bytes);
    if !found.saw_actions_table && !says_none {
        return Err(Problem::MissingTable {
            section: actions_heading(),
            expected: "actions",
            headers: Kind::Actions.headers(),
        });
    }
    // A service without actions is what a broken scrape looks like; every
    // page AWS has served lists at least one.
    if found.actions.is_empty() && !says_none {
        return Err(Problem::NoActions(actions_heading()));
    }
    derive_dependents_from_operations(&source.name, &prefix, &mut found);

    Ok(ServicePage {
        page: PageRef {
            slug,
            url,
            name,
            layout,
        },
        prefix,
        links: doc.links,
        actions: found.actions,
        resource_types: found.resource_types,
        condition_keys: found.condition_keys,
        operations: found.operations,
        warnings: found.warnings,
        identity: Default::default(),
    })
}

/// "Amazon Chime (service prefix: chime) provides …" gives "Amazon Chime";
/// failing that, the `h1` "… condition keys for Amazon Chime".
fn service_name(doc: &PageDoc) -> Option<String> {
    let from_intro = doc
        .intro
        .as_deref()
        .and_then(|i| i.split_once("(service prefix"))
        .map(|(name, _)| collapse(name))
        .filter(|n| !n.is_empty());
    from_intro.or_else(|| {
        let title = doc.title.as_deref()?;
        let at = title.to_lowercase().rfind("condition keys for ")? + "condition keys for ".len();
        Some(collapse(&title[at..]))
    })
}

/// Marks that AWS has appended to action names over the years.
const PERMISSION_ONLY_MARK: &str = "[permission only]";

/// Where the rows of the action being read go.
struct ActionInProgress {
    action: Action,
    scenario: Option<Scenario>,
    /// 0-based row where the action starts.
    row: usize,
}

impl ActionInProgress {
    fn finish(mut self) -> (Action, usize) {
        if let Some(s) = self.scenario.take() {
            self.action.scenarios.push(s);
        }
        (self.action, self.row)
    }
}

fn read_actions(
    cols: &Columns<'_>,
    permission_only_table: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<(Action, usize)>, Problem> {
    let c_name = cols.required("Actions", &["actions"])?;
    let c_desc = cols.required("Description", &["description"])?;
    let c_access = cols.required("Access level", &["access level"])?;
    let c_res = cols.required(
        "Resource types (*required)",
        &["resource types (*required)", "resource types"],
    )?;
    let c_keys = cols.required("Condition keys", &["condition keys"])?;
    let c_dep = cols.table.column(&["dependent actions"]);

    let mut actions = Vec::new();
    let mut current: Option<ActionInProgress> = None;
    for row in 0..cols.table.rows.len() {
        let name_text = cols.text(row, c_name);
        let starts_action = cols.origin(row, c_name) && !name_text.is_empty();
        if starts_action {
            if let Some(done) = current.take() {
                actions.push(done.finish());
            }
            current = Some(ActionInProgress {
                action: new_action(cols, row, c_name, c_desc, c_access, permission_only_table)?,
                scenario: None,
                row,
            });
        }
        let Some(cur) = current.as_mut() else {
            return Err(cols.bad_row(row, "a continuation row before any action"));
        };
        let desc = cols.text(row, c_desc);
        if !starts_action
            && cols.origin(row, c_desc)
            && let Some(rest) = desc.strip_prefix("SCENARIO:")
        {
            if let Some(s) = cur.scenario.take() {
                cur.action.scenarios.push(s);
            }
            cur.scenario = Some(Scenario {
                name: collapse(rest),
                resource_types: Vec::new(),
            });
        }

        let owner = cur.action.name.to_string();
        let keys = cols.condition_keys(row, Some(c_keys), &owner, warnings);
        let resources = cols.lines(row, Some(c_res));
        if resources.is_empty() {
            push_unique(&mut cur.action.condition_keys, keys);
        } else {
            for line in resources {
                let (name, required) = match line.trim().strip_suffix('*') {
                    Some(n) => (n.trim(), true),
                    None => (line.trim(), false),
                };
                let Some(name) = cols.name(
                    row,
                    name,
                    &format!("resource type of {owner}"),
                    any,
                    |s| ResourceTypeName::new(s),
                    warnings,
                ) else {
                    continue;
                };
                let resource = ActionResource {
                    name,
                    required,
                    condition_keys: keys.clone(),
                };
                match cur.scenario.as_mut() {
                    Some(s) => s.resource_types.push(resource),
                    None => cur.action.add_resource(resource),
                }
            }
        }
        for line in cols.lines(row, c_dep) {
            let Some(name) =
                cols.qualified_action(row, line, &format!("dependent action of {owner}"), warnings)
            else {
                continue;
            };
            let dep = DependentAction {
                name,
                source: DependencySource::DependentActionsColumn,
            };
            if !cur.action.dependent_actions.contains(&dep) {
                cur.action.dependent_actions.push(dep);
            }
        }
    }
    actions.extend(current.map(ActionInProgress::finish));
    Ok(actions)
}

fn new_action(
    cols: &Columns<'_>,
    row: usize,
    c_name: usize,
    c_desc: usize,
    c_access: usize,
    permission_only_table: bool,
) -> Result<Action, Problem> {
    let (_, name_cell) = cols
        .table
        .slot(row, c_name)
        .expect("caller checked the cell");
    let mut text = name_cell.text();
    let marked = match text.to_lowercase().find(PERMISSION_ONLY_MARK) {
        Some(at) => {
            text.replace_range(at..at + PERMISSION_ONLY_MARK.len(), "");
            true
        }
        None => false,
    };
    let name = ActionName::new(collapse(&text))
        .map_err(|e| cols.bad_row(row, format!("expected an action name: {e}")))?;
    let access_text = cols.text(row, c_access);
    let access_level = AccessLevels::parse(&access_text)
        .map_err(|e| cols.bad_row(row, format!("access level of {name}: {e}")))?;
    Ok(Action {
        description: tidy_punctuation(&cols.text(row, c_desc)),
        access_level,
        permission_only: permission_only_table || marked,
        resource_types: Vec::new(),
        condition_keys: Vec::new(),
        dependent_actions: Vec::new(),
        scenarios: Vec::new(),
        doc_url: name_cell.links.first().map(|l| l.href.clone()),
        name,
    })
}

fn read_resource_types(
    cols: &Columns<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<ResourceType>, Problem> {
    let c_name = cols.required("Resource types", &["resource types", "resources"])?;
    let c_arn = cols.required("ARN", &["arn"])?;
    let c_keys = cols.table.column(&["condition keys"]);
    let mut out: Vec<ResourceType> = Vec::new();
    for row in 0..cols.table.rows.len() {
        let text = cols.text(row, c_name);
        let name = ResourceTypeName::new(text).map_err(|e| cols.bad_row(row, e.to_string()))?;
        let arn_templates: Vec<String> = cols
            .lines(row, Some(c_arn))
            .iter()
            .map(|l| strip_whitespace(l))
            .collect();
        if arn_templates.is_empty() {
            return Err(cols.bad_row(row, format!("resource type {name} has no ARN")));
        }
        let condition_keys = cols.condition_keys(row, c_keys, name.as_str(), warnings);
        let doc_url = cols
            .table
            .slot(row, c_name)
            .and_then(|(_, c)| c.links.first().map(|l| l.href.clone()));
        // The same name twice on one page (Lex V1 and V2 ARNs) is one type
        // with several ARN templates.
        match out.iter_mut().find(|r| r.name == name) {
            Some(r) => {
                push_unique(&mut r.arn_templates, arn_templates);
                push_unique(&mut r.condition_keys, condition_keys);
            }
            None => out.push(ResourceType {
                name,
                arn_templates,
                condition_keys,
                doc_url,
            }),
        }
    }
    Ok(out)
}

fn read_condition_keys(
    cols: &Columns<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<ConditionKey>, Problem> {
    let c_name = cols.required("Condition keys", &["condition keys"])?;
    let c_desc = cols.required("Description", &["description"])?;
    let c_type = cols.required("Type", &["type"])?;
    let mut out = Vec::new();
    for row in 0..cols.table.rows.len() {
        let text = cols.text(row, c_name);
        // The key is the row: one that cannot be held at all is an error.
        let name = cols
            .name(
                row,
                &text,
                "condition key",
                strict_condition_key,
                |s| ConditionKeyName::new(s),
                warnings,
            )
            .ok_or_else(|| {
                cols.bad_row(row, format!("expected a condition key, found {text:?}"))
            })?;
        out.push(ConditionKey {
            description: tidy_punctuation(&cols.text(row, c_desc)),
            key_type: key_type(cols.text(row, c_type)),
            name,
        });
    }
    Ok(out)
}

fn read_operations(
    cols: &Columns<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Operation>, Problem> {
    let c_op = cols.required("Operation", &["operation"])?;
    let c_action = cols.required("IAM action", &["iam action"])?;
    let c_sdk = cols.table.column(&["sdk client"]);
    let c_key = cols.table.column(&["condition key", "condition keys"]);
    let c_values = cols.table.column(&["possible value(s)", "possible values"]);
    let c_access = cols.table.column(&["access level"]);

    let mut out: Vec<Operation> = Vec::new();
    for row in 0..cols.table.rows.len() {
        if cols.origin(row, c_op) {
            let name = cols.text(row, c_op);
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(
                    cols.bad_row(row, format!("expected an operation name, found {name:?}"))
                );
            }
            out.push(Operation {
                name,
                sdk_clients: cols.lines(row, c_sdk).to_vec(),
                actions: Vec::new(),
            });
        }
        let Some(op) = out.last_mut() else {
            return Err(cols.bad_row(row, "a continuation row before any operation"));
        };
        let condition_keys = cols.condition_keys(row, c_key, &op.name, warnings);
        let possible_values = cols.lines(row, c_values).to_vec();
        let access_level = c_access.map(|c| cols.text(row, c)).unwrap_or_default();
        for line in cols.lines(row, Some(c_action)) {
            let what = format!("IAM action of {}", op.name);
            let Some(action) = cols.qualified_action(row, line, &what, warnings) else {
                continue;
            };
            op.actions.push(OperationAction {
                action,
                condition_keys: condition_keys.clone(),
                possible_values: possible_values.clone(),
                access_level: access_level.clone(),
            });
        }
    }
    Ok(out)
}

/// The July 2026 layout dropped the "Dependent actions" column; the API
/// operations table is now the only place that says a call needs several
/// actions. An operation that authorizes its namesake action and others makes
/// those others dependents of the namesake.
fn derive_dependents_from_operations(page: &str, prefix: &Prefix, found: &mut Found) {
    let warnings = super::json::derive_dependents(
        page,
        prefix,
        &found.operations,
        &mut found.actions,
        DependencySource::OperationsTable,
    );
    found.warnings.extend(warnings);
}

/// A condition key's type as the crate names it: the IAM User Guide of
/// 2019 wrote `Boolean` for what the reference has called `Bool` since,
/// and `Long` (secretsmanager:RecoveryWindowInDays) for `Numeric`; the
/// meaning is the same, so they are renamed, not refused (codegen refuses
/// a type the crate does not know).
fn key_type(raw: String) -> String {
    match raw.as_str() {
        "Boolean" => "Bool".to_string(),
        "ArrayOfBoolean" => "ArrayOfBool".to_string(),
        "Long" | "Integer" => "Numeric".to_string(),
        "ArrayOfLong" | "ArrayOfInteger" => "ArrayOfNumeric".to_string(),
        _ => raw,
    }
}

/// The sentence a page without actions says it with, whitespace collapsed.
const NO_ACTIONS_SENTENCE: &str = "has no API operations that can be used in the Actions element";

/// True when the page's text (tags dropped, whitespace collapsed: the
/// sentence has `<code>Actions</code>` in it) says its service has no
/// actions.
fn says_no_actions(bytes: &[u8]) -> bool {
    let raw = String::from_utf8_lossy(bytes);
    let mut text = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => text.push(' '),
            c => text.push(c),
        }
    }
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed.contains(NO_ACTIONS_SENTENCE)
}
