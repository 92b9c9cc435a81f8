//! Reconciling the renderings of a service: the HTML page, its Markdown twin
//! and the JSON twin.
//!
//! HTML and Markdown are two renderings of one page: when both are read they
//! must agree, and each disagreement is a finding naming the service, the item
//! and both values. The Markdown reading stands when the HTML cannot be read
//! or lost items its twin holds ([`choose`]). The JSON twin is a witness
//! ([`compare`] with a JSON side): it has no descriptions, no required flags
//! and says access level with flags, so each field is compared for what the
//! source means, and its disagreements are classed and counted. The same
//! comparison serves `cargo xtask crosscheck` between any two readings.
//!
//! Pure: no I/O, no parsing; readings in, a choice and findings out.
//!
//! Sits above the page parsers (it takes their [`ServicePage`]s and merge)
//! and below `parse_run.rs`, which calls it: `parse` knows nothing of it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::model::{AccessLevel, Action, Layout, Renderings, Service};
use crate::parse::ServicePage;

/// One rendering of a page, as far as it could be read.
#[derive(Debug)]
pub enum Reading {
    /// Not served (a twin answering 404) or not given.
    Absent,
    /// Served but unreadable: the parse error, naming the page.
    Failed(String),
    /// Read.
    Read(Box<ServicePage>),
}

/// What stands for a page after reading its HTML and Markdown.
#[derive(Debug)]
pub struct Chosen {
    /// The reading that stands.
    pub page: ServicePage,
    /// Why the Markdown stands in, when it does.
    pub fallback: Option<String>,
    /// HTML/Markdown disagreements (empty when only one was read).
    pub findings: Vec<Finding>,
    /// Whether a twin was read beside the standing reading.
    pub twinned: bool,
}

/// What kind of disagreement a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// A service only the first side documents.
    ServiceOnlyFirst,
    /// A service only the second side documents.
    ServiceOnlySecond,
    /// An action only the first side lists.
    ActionOnlyFirst,
    /// An action only the second side lists.
    ActionOnlySecond,
    /// The same action spelt in another case.
    ActionNameCase,
    /// Access levels that mean different things.
    AccessLevel,
    /// A tagging or permissions-management action that the JSON also flags
    /// `IsWrite`: how the JSON says it, not a disagreement.
    FlaggedWriteToo,
    /// Permission-only on one side only.
    PermissionOnly,
    /// Description text.
    Description,
    /// The resource types an action can be scoped to.
    ActionResourceTypes,
    /// Which of an action's resource types are required.
    RequiredFlag,
    /// Action-level condition keys.
    ActionConditionKeys,
    /// A resource type only the first side defines.
    ResourceTypeOnlyFirst,
    /// A resource type only the second side defines.
    ResourceTypeOnlySecond,
    /// ARN formats of a resource type.
    ArnFormats,
    /// Condition keys of a resource type.
    ResourceConditionKeys,
    /// A condition key only the first side defines.
    ConditionKeyOnlyFirst,
    /// A condition key only the second side defines.
    ConditionKeyOnlySecond,
    /// A condition key's value type.
    KeyType,
    /// A condition key's description.
    KeyDescription,
    /// An operation only the first side lists.
    OperationOnlyFirst,
    /// An operation only the second side lists.
    OperationOnlySecond,
    /// The actions an operation authorizes.
    OperationActions,
    /// The SDK clients of an operation.
    SdkClients,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 24] = [
        Class::ServiceOnlyFirst,
        Class::ServiceOnlySecond,
        Class::ActionOnlyFirst,
        Class::ActionOnlySecond,
        Class::ActionNameCase,
        Class::AccessLevel,
        Class::FlaggedWriteToo,
        Class::PermissionOnly,
        Class::Description,
        Class::ActionResourceTypes,
        Class::RequiredFlag,
        Class::ActionConditionKeys,
        Class::ResourceTypeOnlyFirst,
        Class::ResourceTypeOnlySecond,
        Class::ArnFormats,
        Class::ResourceConditionKeys,
        Class::ConditionKeyOnlyFirst,
        Class::ConditionKeyOnlySecond,
        Class::KeyType,
        Class::KeyDescription,
        Class::OperationOnlyFirst,
        Class::OperationOnlySecond,
        Class::OperationActions,
        Class::SdkClients,
    ];

    /// The class as reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::ServiceOnlyFirst => "service only in the first",
            Class::ServiceOnlySecond => "service only in the second",
            Class::ActionOnlyFirst => "action only in the first",
            Class::ActionOnlySecond => "action only in the second",
            Class::ActionNameCase => "action name case",
            Class::AccessLevel => "access level",
            Class::FlaggedWriteToo => "tagging/permissions management flagged IsWrite too",
            Class::PermissionOnly => "permission-only",
            Class::Description => "description",
            Class::ActionResourceTypes => "resource types of an action",
            Class::RequiredFlag => "required flag",
            Class::ActionConditionKeys => "action condition keys",
            Class::ResourceTypeOnlyFirst => "resource type only in the first",
            Class::ResourceTypeOnlySecond => "resource type only in the second",
            Class::ArnFormats => "ARN formats",
            Class::ResourceConditionKeys => "resource type condition keys",
            Class::ConditionKeyOnlyFirst => "condition key only in the first",
            Class::ConditionKeyOnlySecond => "condition key only in the second",
            Class::KeyType => "condition key type",
            Class::KeyDescription => "condition key description",
            Class::OperationOnlyFirst => "operation only in the first",
            Class::OperationOnlySecond => "operation only in the second",
            Class::OperationActions => "actions an operation authorizes",
            Class::SdkClients => "SDK clients",
        }
    }

    /// False for classes that are how one source says the same thing.
    pub fn is_discrepancy(self) -> bool {
        self != Class::FlaggedWriteToo
    }

    /// True for items the first side lacks: on an HTML/Markdown pair, items
    /// the HTML lost.
    fn is_only_second(self) -> bool {
        matches!(
            self,
            Class::ActionOnlySecond | Class::ResourceTypeOnlySecond | Class::ConditionKeyOnlySecond
        )
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One disagreement between two readings.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Its class.
    pub class: Class,
    /// The service prefix.
    pub service: String,
    /// The item: `action CreateMeeting`, `resource type meeting`, ...
    pub item: String,
    /// The first side's value (empty when it lacks the item).
    pub first: String,
    /// The second side's value.
    pub second: String,
}

impl Finding {
    /// One line naming service, item and both values.
    pub fn describe(&self, first: &str, second: &str) -> String {
        format!(
            "{}: {} ({}): {first} {:?}, {second} {:?}",
            self.service, self.item, self.class, self.first, self.second
        )
    }
}

/// What a side of a comparison is, which decides what its silence means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Side {
    /// A JSON twin: no descriptions, no required flags, no permission-only
    /// flag, levels from flags, no per-resource keys on actions.
    pub json: bool,
}

impl Side {
    /// The side a service was read from.
    pub fn of(service: &Service) -> Side {
        Side {
            json: !service.pages.is_empty()
                && service
                    .pages
                    .iter()
                    .all(|p| p.layout == Layout::ServiceReferenceJson),
        }
    }
}

/// Findings of comparing two whole readings, with counts per class.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Findings {
    /// Every finding, sorted.
    pub items: Vec<Finding>,
}

impl Findings {
    /// Counts per class, in report order.
    pub fn counts(&self) -> BTreeMap<Class, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.items {
            *counts.entry(f.class).or_default() += 1;
        }
        counts
    }

    /// How many findings are discrepancies (not a source's way of saying).
    pub fn discrepancies(&self) -> usize {
        self.items
            .iter()
            .filter(|f| f.class.is_discrepancy())
            .count()
    }
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn joined<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Collects findings for one service pair.
struct Comparer<'a> {
    service: &'a str,
    out: &'a mut Vec<Finding>,
}

impl Comparer<'_> {
    fn push(&mut self, class: Class, item: String, first: String, second: String) {
        self.out.push(Finding {
            class,
            service: self.service.to_string(),
            item,
            first,
            second,
        });
    }

    /// Compares two texts, whitespace aside.
    fn text(&mut self, class: Class, item: &str, a: &str, b: &str) {
        if crate::parse::text::collapse(a) != crate::parse::text::collapse(b) {
            self.push(class, item.to_string(), a.to_string(), b.to_string());
        }
    }

    /// Compares two sets by value; a finding when they differ.
    fn sets<T: Ord + fmt::Display + Clone>(
        &mut self,
        class: Class,
        item: &str,
        a: impl IntoIterator<Item = T>,
        b: impl IntoIterator<Item = T>,
    ) {
        let (a, b): (BTreeSet<T>, BTreeSet<T>) = (a.into_iter().collect(), b.into_iter().collect());
        if a != b {
            self.push(class, item.to_string(), joined(&a), joined(&b));
        }
    }

    /// Items of two lists matched by case-insensitive name: those on one side
    /// only become findings, pairs go to `both`.
    fn matched<'t, T>(
        &mut self,
        only: (Class, Class),
        kind: &str,
        a: &'t [T],
        b: &'t [T],
        name: impl Fn(&T) -> &str,
    ) -> Vec<(&'t T, &'t T)> {
        let index = |list: &'t [T]| -> BTreeMap<String, &'t T> {
            list.iter().map(|x| (lower(name(x)), x)).collect()
        };
        let (ia, ib) = (index(a), index(b));
        let mut pairs = Vec::new();
        for (k, x) in &ia {
            match ib.get(k) {
                Some(y) => pairs.push((*x, *y)),
                None => self.push(
                    only.0,
                    format!("{kind} {}", name(x)),
                    name(x).to_string(),
                    String::new(),
                ),
            }
        }
        for (k, y) in &ib {
            if !ia.contains_key(k) {
                self.push(
                    only.1,
                    format!("{kind} {}", name(y)),
                    String::new(),
                    name(y).to_string(),
                );
            }
        }
        pairs
    }

    fn access_level(&mut self, item: &str, a: &Action, b: &Action, sides: (Side, Side)) {
        let (la, lb) = (&a.access_level.levels, &b.access_level.levels);
        if la == lb {
            return;
        }
        // The JSON flags every tagging and permissions-management action
        // IsWrite as well; a page writes "Tagging" (old layout) or "Tagging,
        // Write" (July 2026). Equal up to that Write, they agree.
        let special = |l: &BTreeSet<AccessLevel>| {
            l.contains(&AccessLevel::Tagging) || l.contains(&AccessLevel::PermissionsManagement)
        };
        let without_write = |l: &BTreeSet<AccessLevel>| {
            let mut l = l.clone();
            l.remove(&AccessLevel::Write);
            l
        };
        let class = if (sides.0.json || sides.1.json)
            && special(la)
            && without_write(la) == without_write(lb)
        {
            Class::FlaggedWriteToo
        } else {
            Class::AccessLevel
        };
        self.push(
            class,
            item.to_string(),
            a.access_level.raw.clone(),
            b.access_level.raw.clone(),
        );
    }

    fn action(&mut self, a: &Action, b: &Action, sides: (Side, Side)) {
        let item = format!("action {}", a.name);
        let json = sides.0.json || sides.1.json;
        if a.name != b.name {
            self.push(
                Class::ActionNameCase,
                item.clone(),
                a.name.to_string(),
                b.name.to_string(),
            );
        }
        self.access_level(&item, a, b, sides);
        if !json {
            if a.permission_only != b.permission_only {
                self.push(
                    Class::PermissionOnly,
                    item.clone(),
                    a.permission_only.to_string(),
                    b.permission_only.to_string(),
                );
            }
            self.text(Class::Description, &item, &a.description, &b.description);
        }
        let names = |x: &Action| -> Vec<String> {
            x.resource_types
                .iter()
                .map(|r| lower(r.name.as_str()))
                .collect()
        };
        self.sets(Class::ActionResourceTypes, &item, names(a), names(b));
        if !json {
            let required = |x: &Action| -> Vec<String> {
                x.resource_types
                    .iter()
                    .filter(|r| r.required)
                    .map(|r| r.name.to_string())
                    .collect()
            };
            self.sets(Class::RequiredFlag, &item, required(a), required(b));
        }
        // Action-level keys are the page's row without a resource type and
        // the JSON's ActionConditionKeys. The keys of a page's resource rows
        // are the resource type's, which the JSON lists under Resources (the
        // resource type comparison covers them).
        let keys = |x: &Action, _side: Side| -> Vec<String> {
            x.condition_keys.iter().map(|k| k.to_string()).collect()
        };
        self.sets(
            Class::ActionConditionKeys,
            &item,
            keys(a, sides.0),
            keys(b, sides.1),
        );
        if !json {
            let per_resource = |x: &Action| -> Vec<String> {
                x.resource_types
                    .iter()
                    .flat_map(|r| {
                        r.condition_keys
                            .iter()
                            .map(move |k| format!("{}: {k}", r.name))
                    })
                    .collect()
            };
            self.sets(
                Class::ActionConditionKeys,
                &format!("{item} (per resource type)"),
                per_resource(a),
                per_resource(b),
            );
        }
    }
}

/// Compares two readings of one service.
pub fn compare_service(a: &Service, b: &Service, out: &mut Vec<Finding>) {
    compare_parts(
        a.prefix.as_str(),
        Parts::of_service(a),
        Parts::of_service(b),
        (Side::of(a), Side::of(b)),
        out,
    );
}

/// The lists a reading holds, whether a page or a merged service.
struct Parts<'a> {
    actions: &'a [Action],
    resource_types: &'a [crate::model::ResourceType],
    condition_keys: &'a [crate::model::ConditionKey],
    operations: &'a [crate::model::Operation],
}

impl<'a> Parts<'a> {
    fn of_service(s: &'a Service) -> Self {
        Parts {
            actions: &s.actions,
            resource_types: &s.resource_types,
            condition_keys: &s.condition_keys,
            operations: &s.operations,
        }
    }

    fn of_page(p: &'a ServicePage) -> Self {
        Parts {
            actions: &p.actions,
            resource_types: &p.resource_types,
            condition_keys: &p.condition_keys,
            operations: &p.operations,
        }
    }
}

fn compare_parts(
    service: &str,
    a: Parts<'_>,
    b: Parts<'_>,
    sides: (Side, Side),
    out: &mut Vec<Finding>,
) {
    let json = sides.0.json || sides.1.json;
    let mut c = Comparer { service, out };
    for (x, y) in c.matched(
        (Class::ActionOnlyFirst, Class::ActionOnlySecond),
        "action",
        a.actions,
        b.actions,
        |x| x.name.as_str(),
    ) {
        c.action(x, y, sides);
    }
    for (x, y) in c.matched(
        (Class::ResourceTypeOnlyFirst, Class::ResourceTypeOnlySecond),
        "resource type",
        a.resource_types,
        b.resource_types,
        |x| x.name.as_str(),
    ) {
        let item = format!("resource type {}", x.name);
        c.sets(
            Class::ArnFormats,
            &item,
            x.arn_templates.iter().cloned(),
            y.arn_templates.iter().cloned(),
        );
        c.sets(
            Class::ResourceConditionKeys,
            &item,
            x.condition_keys.iter().cloned(),
            y.condition_keys.iter().cloned(),
        );
    }
    for (x, y) in c.matched(
        (Class::ConditionKeyOnlyFirst, Class::ConditionKeyOnlySecond),
        "condition key",
        a.condition_keys,
        b.condition_keys,
        |x| x.name.as_str(),
    ) {
        let item = format!("condition key {}", x.name);
        // The JSON lists every type a key takes ("ArrayOfString, String"
        // once); a page writes one.
        let types = |t: &str| -> BTreeSet<String> {
            t.split(',')
                .map(|p| lower(p.trim()))
                .filter(|p| !p.is_empty())
                .collect()
        };
        let (ta, tb) = (types(&x.key_type), types(&y.key_type));
        let agree = if json {
            ta.is_subset(&tb) || tb.is_subset(&ta)
        } else {
            ta == tb
        };
        if !agree {
            c.push(
                Class::KeyType,
                item.clone(),
                x.key_type.clone(),
                y.key_type.clone(),
            );
        }
        if !json {
            c.text(Class::KeyDescription, &item, &x.description, &y.description);
        }
    }
    // Operations only where both sides have them (old pages have none).
    if !a.operations.is_empty() && !b.operations.is_empty() {
        for (x, y) in c.matched(
            (Class::OperationOnlyFirst, Class::OperationOnlySecond),
            "operation",
            a.operations,
            b.operations,
            |x| x.name.as_str(),
        ) {
            let item = format!("operation {}", x.name);
            c.sets(
                Class::OperationActions,
                &item,
                x.actions.iter().map(|o| lower(o.action.as_str())),
                y.actions.iter().map(|o| lower(o.action.as_str())),
            );
            // The earliest July 2026 pages had no SDK client column.
            if !x.sdk_clients.is_empty() && !y.sdk_clients.is_empty() {
                c.sets(
                    Class::SdkClients,
                    &item,
                    x.sdk_clients.iter().cloned(),
                    y.sdk_clients.iter().cloned(),
                );
            }
        }
    }
}

/// Compares two whole snapshots (lists of services sorted by prefix).
pub fn compare(a: &[Service], b: &[Service]) -> Findings {
    let mut out = Vec::new();
    let index = |list: &[Service]| -> BTreeMap<String, usize> {
        list.iter()
            .enumerate()
            .map(|(i, s)| (s.prefix.to_string(), i))
            .collect()
    };
    let (ia, ib) = (index(a), index(b));
    for (prefix, &i) in &ia {
        match ib.get(prefix) {
            Some(&j) => compare_service(&a[i], &b[j], &mut out),
            None => out.push(Finding {
                class: Class::ServiceOnlyFirst,
                service: prefix.clone(),
                item: format!("service {prefix}"),
                first: a[i].name.clone(),
                second: String::new(),
            }),
        }
    }
    for (prefix, &j) in &ib {
        if !ia.contains_key(prefix) {
            out.push(Finding {
                class: Class::ServiceOnlySecond,
                service: prefix.clone(),
                item: format!("service {prefix}"),
                first: String::new(),
                second: b[j].name.clone(),
            });
        }
    }
    out.sort();
    Findings { items: out }
}

/// Chooses what stands for one page from its HTML and Markdown readings.
/// `Err` names the page's renderings when none can be read.
pub fn choose(page: &str, html: Reading, markdown: Reading) -> Result<Chosen, String> {
    match (html, markdown) {
        (Reading::Read(h), Reading::Read(m)) => {
            let mut findings = Vec::new();
            compare_parts(
                h.prefix.as_str(),
                Parts::of_page(&h),
                Parts::of_page(&m),
                (Side { json: false }, Side { json: false }),
                &mut findings,
            );
            findings.sort();
            let lost: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.class.is_only_second())
                .collect();
            if lost.is_empty() {
                return Ok(Chosen {
                    page: *h,
                    fallback: None,
                    findings,
                    twinned: true,
                });
            }
            let shown: Vec<&str> = lost.iter().take(5).map(|f| f.item.as_str()).collect();
            let fallback = format!(
                "{}: the HTML lost {} items its Markdown twin holds ({}{}): the Markdown reading stands",
                h.prefix,
                lost.len(),
                shown.join(", "),
                if lost.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            );
            Ok(Chosen {
                page: *m,
                fallback: Some(fallback),
                findings,
                twinned: true,
            })
        }
        (Reading::Failed(e), Reading::Read(m)) => Ok(Chosen {
            fallback: Some(format!(
                "{}: the HTML cannot be read ({e}): the Markdown reading stands",
                m.prefix
            )),
            page: *m,
            findings: Vec::new(),
            twinned: true,
        }),
        (Reading::Absent, Reading::Read(m)) => Ok(Chosen {
            page: *m,
            fallback: None,
            findings: Vec::new(),
            twinned: false,
        }),
        (Reading::Read(h), Reading::Failed(e)) => Ok(Chosen {
            fallback: Some(format!(
                "{}: the Markdown twin cannot be read ({e}): the HTML reading stands",
                h.prefix
            )),
            page: *h,
            findings: Vec::new(),
            twinned: true,
        }),
        (Reading::Read(h), Reading::Absent) => Ok(Chosen {
            page: *h,
            fallback: None,
            findings: Vec::new(),
            twinned: false,
        }),
        (h, m) => {
            let say = |r: &Reading, what: &str| match r {
                Reading::Failed(e) => format!("{what}: {e}"),
                _ => format!("{what}: not served"),
            };
            Err(format!(
                "{page}: no rendering can be read ({}; {})",
                say(&h, "HTML"),
                say(&m, "Markdown")
            ))
        }
    }
}

/// The JSON twin as a witness of a service read from its pages: findings,
/// and actions the JSON lists that the pages do not (never dropped
/// silently: each is a finding, and the caller reports it).
pub fn witness(pages: &Service, json: &Service) -> Vec<Finding> {
    let mut out = Vec::new();
    compare_service(pages, json, &mut out);
    out.sort();
    out
}

/// Where a page has no operations table, the JSON twin's operations stand in:
/// `operations[]` and the dependent actions derived from them, recorded as
/// coming from the JSON. Returns whether anything was filled.
pub fn fill_operations(
    service: &mut Service,
    json: &Service,
) -> Vec<crate::parse::warning::Warning> {
    if !service.operations.is_empty() || json.operations.is_empty() {
        return Vec::new();
    }
    service.operations = json.operations.clone();
    let twin_page = format!("{}.json", json.prefix);
    let warnings = crate::parse::json::derive_dependents(
        &twin_page,
        &service.prefix,
        &service.operations,
        &mut service.actions,
        crate::model::DependencySource::ServiceReferenceJson,
    );
    service.renderings.operations_from = Some(Layout::ServiceReferenceJson);
    service.canonicalize();
    warnings
}

/// What a run's reconciliation did, for the report's "Sources" section.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SourcesReport {
    /// Pages whose fallback rendering stands, each saying why.
    pub fallbacks: Vec<String>,
    /// HTML/Markdown disagreements, one line each naming service, item and
    /// both values.
    pub disagreements: Vec<String>,
    /// The JSON twins' findings against the pages.
    pub witness: Findings,
    /// Prefixes whose operations (and dependent actions) come from the JSON.
    pub operations_from_json: Vec<String>,
    /// Prefixes only the JSON describes while pages were read (not added:
    /// the JSON is a witness, not a source of services, beside pages).
    pub json_only: Vec<String>,
    /// Warnings of the operations the JSON gave.
    pub warnings: Vec<String>,
}

impl SourcesReport {
    /// One line per fallback, disagreement, warning and JSON finding class,
    /// as `parse` and `build` print them.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .fallbacks
            .iter()
            .map(|f| format!("fallback: {f}"))
            .collect();
        out.extend(
            self.disagreements
                .iter()
                .map(|d| format!("HTML/Markdown disagree: {d}")),
        );
        out.extend(
            self.warnings
                .iter()
                .map(|w| format!("JSON twin warning: {w}")),
        );
        out.extend(
            self.witness
                .counts()
                .into_iter()
                .map(|(class, n)| format!("JSON twin vs pages: {class}: {n}")),
        );
        if !self.operations_from_json.is_empty() {
            out.push(format!(
                "operations from the JSON twin: {} services",
                self.operations_from_json.len()
            ));
        }
        if !self.json_only.is_empty() {
            out.push(format!(
                "services only a JSON twin describes (not added): {}",
                self.json_only.join(", ")
            ));
        }
        out
    }
}

/// The services of a run, from its readings, and what reconciling did.
#[derive(Debug, Default)]
pub struct Assembled {
    /// The merged services.
    pub merged: crate::parse::merge::Merged,
    /// What was chosen and found.
    pub report: SourcesReport,
    /// Indexes of failed pages whose twin stood in (not failures of the run).
    pub stood_in: BTreeSet<usize>,
}

/// Which rendering a page file is, by its name.
fn rendering_of(name: &str) -> Option<Layout> {
    if name.ends_with(".md") {
        Some(Layout::Markdown2026)
    } else if name.ends_with(".html") {
        Some(Layout::Html)
    } else {
        None
    }
}

/// Builds the services of a run from every reading: pairs each page's HTML
/// and Markdown (when a page has exactly one of each), merges the pages by
/// prefix, then takes the JSON twins as witnesses and as the source of
/// operations where the pages have none. A run of JSON twins alone makes
/// its services from them.
pub fn assemble(
    names: &[String],
    readings: Vec<(usize, Result<ServicePage, String>)>,
) -> Assembled {
    let mut out = Assembled::default();
    let mut json = Vec::new();
    // slug -> (HTML readings, Markdown readings), with their page indexes.
    type Slot = Vec<(usize, Reading)>;
    let mut by_slug: BTreeMap<String, (Slot, Slot)> = BTreeMap::new();
    let mut others = Vec::new();
    for (i, reading) in readings {
        let name = &names[i];
        let slug = crate::parse::source::slug_of(name).map(str::to_string);
        match reading {
            Ok(page) if page.page.layout == Layout::ServiceReferenceJson => json.push(page),
            Ok(page) => {
                let slot = by_slug.entry(page.page.slug.clone()).or_default();
                match page.page.layout {
                    Layout::Markdown2026 => slot.1.push((i, Reading::Read(Box::new(page)))),
                    _ => slot.0.push((i, Reading::Read(Box::new(page)))),
                }
            }
            Err(e) => match (slug, rendering_of(name)) {
                (Some(slug), Some(Layout::Markdown2026)) => by_slug
                    .entry(slug)
                    .or_default()
                    .1
                    .push((i, Reading::Failed(e))),
                (Some(slug), Some(_)) => by_slug
                    .entry(slug)
                    .or_default()
                    .0
                    .push((i, Reading::Failed(e))),
                _ => {}
            },
        }
    }
    let mut pages = Vec::new();
    let mut records: BTreeMap<String, Renderings> = BTreeMap::new();
    for (slug, (mut html, mut md)) in by_slug {
        if html.len() == 1 && md.len() == 1 {
            let (hi, h) = html.remove(0);
            let (mi, m) = md.remove(0);
            let html_failed = matches!(h, Reading::Failed(_));
            let md_failed = matches!(m, Reading::Failed(_));
            // The HTML's era when it was read (a page that cannot be read
            // is named for its format only).
            let html_layout = match &h {
                Reading::Read(p) => p.page.layout,
                _ => Layout::Html,
            };
            // When neither can be read, both failures stay errors of the
            // run, each naming its page.
            if let Ok(chosen) = choose(&format!("list_{slug}"), h, m) {
                let used = chosen.page.page.layout;
                let twin = if used == Layout::Markdown2026 {
                    html_layout
                } else {
                    Layout::Markdown2026
                };
                if html_failed {
                    out.stood_in.insert(hi);
                }
                if md_failed {
                    out.stood_in.insert(mi);
                }
                out.report.disagreements.extend(
                    chosen
                        .findings
                        .iter()
                        .map(|f| f.describe("HTML", "Markdown")),
                );
                let rec = records.entry(chosen.page.prefix.to_string()).or_default();
                rec.witnesses.push(twin);
                if let Some(f) = &chosen.fallback {
                    out.report.fallbacks.push(f.clone());
                    rec.fallbacks.push(f.clone());
                }
                pages.push(chosen.page);
            }
        }
        for (_, r) in html.into_iter().chain(md) {
            if let Reading::Read(p) = r {
                others.push(*p);
            }
        }
    }
    pages.extend(others);
    if pages.is_empty() {
        out.merged = crate::parse::merge::merge(json);
        return out;
    }
    out.merged = crate::parse::merge::merge(pages);
    // What merging the twins found (one listing an action twice with other
    // flags) is theirs to report, beside the pages as when read alone.
    let crate::parse::merge::Merged {
        services: twins,
        warnings: twin_warnings,
    } = crate::parse::merge::merge(json);
    out.report.warnings.extend(twin_warnings);
    let mut twins: BTreeMap<String, Service> = twins
        .into_iter()
        .map(|s| (s.prefix.to_string(), s))
        .collect();
    for service in &mut out.merged.services {
        let prefix = service.prefix.to_string();
        if let Some(rec) = records.remove(&prefix) {
            service.renderings = rec;
        }
        if let Some(twin) = twins.remove(&prefix) {
            out.report.witness.items.extend(witness(service, &twin));
            let warnings = fill_operations(service, &twin);
            if service.renderings.operations_from.is_some() {
                out.report.operations_from_json.push(prefix.clone());
            }
            out.report
                .warnings
                .extend(warnings.into_iter().map(|w| w.to_string()));
            service
                .renderings
                .witnesses
                .push(Layout::ServiceReferenceJson);
        }
        if !service.renderings.is_empty() {
            let mut used: Vec<Layout> = service.pages.iter().map(|p| p.layout).collect();
            used.sort();
            used.dedup();
            service.renderings.used = used;
            service.renderings.witnesses.sort();
            service.renderings.witnesses.dedup();
        }
    }
    out.report.json_only = twins.into_keys().collect();
    out.report.witness.items.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccessLevels, ActionName, Prefix};

    fn action(name: &str, level: &str) -> Action {
        Action {
            name: ActionName::new(name).unwrap(),
            description: format!("{name} things"),
            access_level: AccessLevels::parse(level).unwrap(),
            permission_only: false,
            resource_types: Vec::new(),
            condition_keys: Vec::new(),
            dependent_actions: Vec::new(),
            scenarios: Vec::new(),
            doc_url: None,
        }
    }

    fn page(layout: Layout, actions: Vec<Action>) -> ServicePage {
        ServicePage {
            page: crate::model::PageRef {
                slug: "x".into(),
                url: "u".into(),
                name: "X".into(),
                layout,
            },
            prefix: Prefix::new("x").unwrap(),
            links: Default::default(),
            actions,
            resource_types: Vec::new(),
            condition_keys: Vec::new(),
            operations: Vec::new(),
            warnings: Vec::new(),
            identity: Default::default(),
        }
    }

    #[test]
    fn a_level_that_differs_is_a_finding_naming_both_values() {
        let h = page(Layout::Html2026, vec![action("Get", "Read")]);
        let m = page(Layout::Markdown2026, vec![action("Get", "Write")]);
        let c = choose("list_x", Reading::Read(h.into()), Reading::Read(m.into())).unwrap();
        assert_eq!(c.page.page.layout, Layout::Html2026);
        assert!(c.fallback.is_none());
        assert_eq!(c.findings.len(), 1);
        let line = c.findings[0].describe("HTML", "Markdown");
        assert_eq!(
            line,
            "x: action Get (access level): HTML \"Read\", Markdown \"Write\""
        );
    }

    #[test]
    fn html_that_lost_actions_gives_way_to_markdown() {
        let h = page(Layout::Html2026, vec![action("Get", "Read")]);
        let m = page(
            Layout::Markdown2026,
            vec![action("Get", "Read"), action("Put", "Write")],
        );
        let c = choose("list_x", Reading::Read(h.into()), Reading::Read(m.into())).unwrap();
        assert_eq!(c.page.actions.len(), 2);
        assert!(c.fallback.unwrap().contains("lost 1 items"));
        let failed = choose(
            "list_x",
            Reading::Failed("stray </table>".into()),
            Reading::Read(page(Layout::Markdown2026, vec![action("Get", "Read")]).into()),
        )
        .unwrap();
        assert!(failed.fallback.unwrap().contains("stray </table>"));
        let none = choose(
            "list_x",
            Reading::Failed("bad html".into()),
            Reading::Failed("bad md".into()),
        )
        .unwrap_err();
        assert!(
            none.contains("list_x") && none.contains("bad html") && none.contains("bad md"),
            "{none}"
        );
    }

    #[test]
    fn json_flags_are_compared_for_what_they_mean() {
        let mut tag = action("TagResource", "Tagging");
        let mut json_tag = action("TagResource", "Tagging, Write");
        json_tag.access_level.raw = "IsWrite, IsTaggingOnly".into();
        let mut out = Vec::new();
        let mut c = Comparer {
            service: "x",
            out: &mut out,
        };
        c.access_level(
            "action TagResource",
            &tag,
            &json_tag,
            (Side { json: false }, Side { json: true }),
        );
        assert_eq!(out[0].class, Class::FlaggedWriteToo);
        tag.access_level = AccessLevels::parse("Read").unwrap();
        out.clear();
        let mut c = Comparer {
            service: "x",
            out: &mut out,
        };
        c.access_level(
            "action TagResource",
            &tag,
            &json_tag,
            (Side { json: false }, Side { json: true }),
        );
        assert_eq!(out[0].class, Class::AccessLevel);
    }
}
