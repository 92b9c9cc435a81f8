//! Lays the catalog out as the runtime crate's tables and writes them as
//! Rust source.
//!
//! Layout (the runtime's `src/table.rs` defines the row types): services
//! sorted by prefix; each service's actions contiguous and sorted by name
//! ignoring case (so a lookup is two binary searches), likewise its resource
//! types and condition keys; lists (an action's resource types, keys,
//! dependents; a resource type's ARNs) as runs of side tables; every string
//! once in the blob of its kind (names, descriptions coded as `describe.rs`
//! says, doc URLs, ARN templates, other text: a static each, so a program
//! links only the kinds it reads). Tombstones are rows flagged removed.
//! Files stay small (a module file per service, a file per table and per
//! blob, chunks of at most 1 MiB)
//! so that none is large and a data update's diff shows what changed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use anyhow::{Result, bail};

use super::blob::{Blob, byte_literal};
use super::describe;
use super::names::{dedupe, module_name, screaming_snake};
use super::{Input, Tombstone};
use crate::model::{AccessLevel, Service};

/// The blobs, a kind of string each, as the runtime's `Kind`s in
/// `src/table.rs`: each is a static of its own, so that the linker of a
/// program keeps only the kinds it reads.
#[derive(Default)]
struct Blobs {
    /// Service prefixes and action names.
    names: Blob,
    /// Action descriptions.
    descriptions: Blob,
    /// Action documentation URLs.
    doc_urls: Blob,
    /// ARN templates.
    arns: Blob,
    /// Everything else.
    text: Blob,
}

impl Blobs {
    /// Each blob with the name of its static and what it holds.
    fn all(&self) -> [(&'static str, &'static str, &Blob); 5] {
        [
            ("NAMES", "Service prefixes and action names", &self.names),
            ("DESCRIPTIONS", "Action descriptions", &self.descriptions),
            ("DOC_URLS", "Action documentation URLs", &self.doc_urls),
            ("ARNS", "ARN templates", &self.arns),
            ("TEXT", "Every other string of the tables", &self.text),
        ]
    }
}

/// Row flags, as the runtime defines them.
const PERMISSION_ONLY: u8 = 1;
const REMOVED: u8 = 2;
const END_OF_SUPPORT: u8 = 4;

/// Condition key types in the runtime's `ConditionKeyType::ALL` order.
pub(crate) const KEY_TYPES: [&str; 14] = [
    "String",
    "ArrayOfString",
    "ARN",
    "ArrayOfARN",
    "Bool",
    "ArrayOfBool",
    "Numeric",
    "ArrayOfNumeric",
    "Date",
    "ArrayOfDate",
    "IPAddress",
    "ArrayOfIPAddress",
    "Binary",
    "Null",
];

/// Notice kinds in the runtime's `NoticeKind::ALL` order.
const NOTICE_KINDS: [&str; 3] = ["end-of-support", "deprecation", "availability"];

fn key_type(service: &str, key: &str, t: &str) -> Result<u8> {
    match KEY_TYPES.iter().position(|k| k.eq_ignore_ascii_case(t)) {
        Some(i) => Ok(i as u8 + 1),
        None => bail!(
            "{service}: condition key {key} has the type {t:?}, which the crate's ConditionKeyType does not know; \
             add a variant to src/vocab.rs and to KEY_TYPES in xtask/src/codegen/emit.rs"
        ),
    }
}

fn access_bits(levels: &BTreeSet<AccessLevel>) -> u8 {
    levels.iter().fold(0, |bits, l| {
        bits | 1 << (AccessLevel::ALL.iter().position(|x| x == l).unwrap_or(0))
    })
}

/// Escapes text for a Markdown doc comment so that it shows as written:
/// every ASCII punctuation character is backslash-escaped (CommonMark
/// allows it for all of them), and line breaks stay line breaks.
pub fn doc_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\\n"),
            '\r' | '\t' => out.push(' '),
            // rustdoc looks for intra-doc links even in escaped brackets
            // (`\[x\]` warns "unresolved link to `x`"); entities it does
            // not look into.
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL for a Markdown link target: characters that would end it are
/// percent-encoded.
fn link_target(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            ' ' => "%20".into(),
            '(' => "%28".into(),
            ')' => "%29".into(),
            '<' => "%3C".into(),
            '>' => "%3E".into(),
            '\\' => "%5C".into(),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect()
}

/// `#[doc = "…"]` with the text as a Rust string literal.
fn doc_attr(text: &str) -> String {
    format!("#[doc = {text:?}]")
}

/// One item of a service, tombstone or not.
struct Item<'a, T> {
    data: Option<&'a T>,
    name: String,
    tomb: Option<&'a Tombstone>,
}

fn check_limit(what: &str, n: usize) -> Result<()> {
    if n > u16::MAX as usize {
        bail!(
            "{n} {what}: more than a 16-bit handle addresses; widen the handle types in src/table.rs and the generator"
        );
    }
    Ok(())
}

/// A service's module of action consts: declared in `consts.rs`, its
/// body in `consts/<name>.rs` (one file per service keeps files small and
/// a data update's diff to the services that changed).
struct Module {
    name: String,
    doc: String,
    body: String,
}

/// Everything laid out, ready to print.
struct Tables {
    blobs: Blobs,
    services: Vec<String>,
    actions: Vec<String>,
    /// What an action has beyond what parsing, `Display`, the description
    /// and the access level read: a table of its own, so a program that
    /// reads only those links a third of the bytes.
    action_details: Vec<String>,
    /// The words of the coded descriptions (`describe.rs`).
    description_words: Vec<String>,
    action_resources: Vec<String>,
    resource_types: Vec<String>,
    condition_keys: Vec<String>,
    /// Each condition key row's name and service prefix, for the index.
    key_names: Vec<(String, String)>,
    /// Each resource type row's service prefix and name (first-recorded dates).
    resource_names: Vec<(String, String)>,
    /// Each service row's prefix and each action row's `prefix:Name`, for
    /// the name indexes (`hash.rs`).
    prefixes: Vec<String>,
    qualified: Vec<String>,
    global_keys: Vec<String>,
    notices: Vec<String>,
    key_lists: Vec<u16>,
    dependents: Vec<u16>,
    str_lists: Vec<String>,
    modules: Vec<Module>,
    service_consts: String,
    warnings: Vec<String>,
}

pub use super::blob::Files;

/// Writes the files, and what the
/// generator warns about (the command prints them, the update's report
/// lists them).
pub fn emit(input: &Input, header: &str) -> Result<(Files, Vec<String>)> {
    let t = lay_out(input)?;
    let mut files = Vec::new();
    files.push((
        "mod.rs".to_string(),
        format!(
            "{header}\n//! The catalog's data, generated from `snapshots/`.\n\n\
             pub(crate) mod consts;\npub(crate) mod operations;\npub(crate) mod strings;\npub(crate) mod tables;\n\n\
             /// The snapshot of the AWS documentation this version holds.\n\
             pub const DATA_VERSION: crate::DataVersion = crate::DataVersion {{\n    date: {:?},\n    sha256: {:?},\n}};\n",
            input.manifest.data_date, input.manifest.content_sha256
        ),
    ));

    // The string blobs: a file per kind, one static holding its chunks as
    // literals (a chunk as a static of its own, read into the array, would
    // put its text in the object files twice).
    let mut strings = format!("{header}\n");
    for (name, what, blob) in t.blobs.all() {
        let stem = name.to_ascii_lowercase();
        let _ = writeln!(strings, "mod {stem};\npub(crate) use {stem}::{name};");
        let mut text = format!(
            "{header}\n/// {what}, in chunks of at most 1 MiB (`Str` says which).\npub(crate) static {name}: [&str; {}] = [\n",
            blob.chunks.len()
        );
        for chunk in &blob.chunks {
            let _ = writeln!(text, "{chunk:?},");
        }
        text.push_str("];\n");
        files.push((format!("strings/{stem}.rs"), text));
    }
    files.push(("strings.rs".to_string(), strings));

    // A file per table; rows are positional (`src/table.rs` says the order).
    let numbers = |v: &[u16]| v.iter().map(u16::to_string).collect::<Vec<_>>();
    let key_index = key_index(&t.key_names);
    let service_hash = super::hash::index("services", &t.prefixes)?;
    let action_hash = super::hash::index("actions", &t.qualified)?;
    let tables: [(&str, &str, &[String]); 15] = [
        ("SERVICES", "ServiceRow", &t.services),
        ("ACTIONS", "ActionRow", &t.actions),
        ("ACTION_DETAILS", "ActionDetailRow", &t.action_details),
        (
            "DESCRIPTION_WORDS",
            "Str<Descriptions>",
            &t.description_words,
        ),
        ("ACTION_RESOURCES", "ActionResourceRow", &t.action_resources),
        ("RESOURCE_TYPES", "ResourceTypeRow", &t.resource_types),
        ("CONDITION_KEYS", "ConditionKeyRow", &t.condition_keys),
        ("NOTICES", "NoticeRow", &t.notices),
        ("STR_LISTS", "Str<Arns>", &t.str_lists),
        ("KEY_LISTS", "u16", &numbers(&t.key_lists)),
        ("DEPENDENTS", "u16", &numbers(&t.dependents)),
        ("KEY_INDEX", "u16", &numbers(&key_index)),
        ("SERVICE_HASH", "u16", &numbers(&service_hash)),
        ("ACTION_HASH", "u16", &numbers(&action_hash)),
        ("GLOBAL_KEYS", "GlobalKeyRow", &t.global_keys),
    ];
    let mut index = format!("{header}\n");
    for (name, ty, rows) in tables {
        let file = name.to_ascii_lowercase();
        let _ = writeln!(index, "mod {file};\npub(crate) use {file}::{name};");
        let widths = layout(name);
        let mut bytes =
            Vec::with_capacity(rows.len() * widths.iter().map(|&w| w as usize).sum::<usize>());
        for r in rows {
            encode_row(name, r, widths, &mut bytes)?;
        }
        let mut text = format!("{header}\n#[allow(unused_imports)]\nuse crate::table::*;\n\n");
        let _ = writeln!(
            text,
            "/// {} rows.\npub(crate) static {name}: Table<{ty}> = Table::new({});",
            rows.len(),
            byte_literal(&bytes)
        );
        files.push((format!("tables/{file}.rs"), text));
    }
    let (first_recorded, first_warnings) = super::first_recorded::emit(
        header,
        input.first_recorded.as_ref(),
        &input.manifest.data_date,
        &super::first_recorded::Rows {
            services: &t.prefixes,
            actions: &t.qualified,
            resource_types: &t.resource_names,
            condition_keys: &t.key_names,
        },
        byte_literal,
    )?;
    index.push_str("pub(crate) mod first_recorded;\n");
    files.push(("tables/first_recorded.rs".to_string(), first_recorded));
    files.push(("tables.rs".to_string(), index));

    // Service consts, and a type per service whose associated consts are
    // its actions (an enum without variants: a namespace, never a value,
    // so `let s3 = …` stays a binding where the type is in scope): rustdoc renders them on the type's one page (a module
    // of consts would be a page per action, 21,000 pages), and
    // `s3::GET_OBJECT` reads the same. The impl of each is a file of its own.
    let mut consts = format!(
        "{header}\n//! A type per service with an associated const per action, and `Service::<PREFIX>` consts.\n\n\
         #![allow(non_camel_case_types)]\n\n\
         use crate::Service;\n\n#[allow(missing_docs)]\nimpl Service {{\n{}}}\n",
        t.service_consts
    );
    for m in &t.modules {
        let _ = write!(
            consts,
            "\n{}\npub enum {name} {{}}\n",
            doc_attr(&m.doc),
            name = m.name
        );
        if !m.body.is_empty() {
            let _ = writeln!(
                consts,
                "#[path = \"consts/{name}.rs\"]\nmod impl_{name};",
                name = m.name
            );
            files.push((
                format!("consts/{}.rs", m.name),
                format!("{header}\n{}", m.body),
            ));
        }
    }
    files.push(("consts.rs".to_string(), consts));
    let mut warnings = t.warnings;
    warnings.extend(first_warnings);
    let (operations, more) = super::operations::emit(input, &t.prefixes, &t.qualified, header)?;
    files.extend(operations);
    warnings.extend(more);
    Ok((files, warnings))
}

/// The global keys' rows, in the order given (sorted by name ignoring
/// case). Types are bits over `ConditionKeyType::ALL`.
fn global_key_rows(
    keys: &[crate::parse::global_keys::GlobalKey],
    blob: &mut Blob,
) -> Result<Vec<String>> {
    check_limit("global condition keys", keys.len())?;
    keys.iter()
        .map(|k| {
            let mut bits = 0u16;
            for t in &k.data_types {
                bits |= 1 << (key_type("global", &k.name, t)? - 1);
            }
            Ok(format!(
                "GlobalKeyRow::new({},{bits},{},{})",
                blob.add(&k.name),
                k.multivalued,
                blob.add(&k.availability)
            ))
        })
        .collect()
}

/// One condition key row per distinct name, sorted by name ignoring case
/// (the order `ConditionKey::find` searches): of the services listing a
/// name, the one whose prefix the key has, else the first by prefix.
fn key_index(keys: &[(String, String)]) -> Vec<u16> {
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (row, (name, prefix)) in keys.iter().enumerate() {
        let own = |name: &str, prefix: &str| {
            name.split_once(':')
                .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix))
        };
        best.entry(name.to_ascii_lowercase())
            .and_modify(|b| {
                if !own(&keys[*b].0, &keys[*b].1) && own(name, prefix) {
                    *b = row;
                }
            })
            .or_insert(row);
    }
    best.into_values().map(|r| r as u16).collect()
}

/// The byte widths of a table's row fields, in the order the runtime's
/// `src/table.rs` reads them (`Row::read`): a `Str` or a `Span` is a `u32`
/// (start) and a `u16` (length).
fn layout(table: &str) -> &'static [u8] {
    const STR: [u8; 2] = [4, 2];
    match table {
        // prefix, name, 4 spans, flags, removed_on
        "SERVICES" => &[4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 1, 4, 2],
        // service, name, description, access, flags
        "ACTIONS" => &[2, 4, 2, 4, 2, 1, 1],
        // resources, keys, deps (spans), doc_url, removed_on
        "ACTION_DETAILS" => &[4, 2, 4, 2, 4, 2, 4, 2, 4, 2],
        // resource_type, required, keys
        "ACTION_RESOURCES" => &[2, 1, 4, 2],
        // service, name, arns, keys, flags, removed_on
        "RESOURCE_TYPES" => &[2, 4, 2, 4, 2, 4, 2, 1, 4, 2],
        // service, name, description, key_type, flags, removed_on
        "CONDITION_KEYS" => &[2, 4, 2, 4, 2, 1, 1, 4, 2],
        // kind, date, text, url
        "NOTICES" => &[1, 4, 2, 4, 2, 4, 2],
        // name, types, multivalued, availability
        "GLOBAL_KEYS" => &[4, 2, 2, 1, 4, 2],
        "STR_LISTS" | "DESCRIPTION_WORDS" => &STR,
        _ => &[2],
    }
}

/// Encodes a row, as the layout step wrote it (`ActionRow::new(3,Str(5,9),…)`
/// or a bare number), into little-endian fields of the table's widths:
/// its numbers (and `true`/`false`) in order. A value too large for its
/// field, or a row with too many or too few, stops the generator.
fn encode_row(table: &str, row: &str, widths: &[u8], out: &mut Vec<u8>) -> Result<()> {
    let values: Vec<u64> = row
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|t| match t {
            "true" => Some(1),
            "false" => Some(0),
            t => t.parse().ok(),
        })
        .collect();
    if values.len() != widths.len() {
        bail!(
            "{table}: a row with {} fields, the layout has {}: {row}",
            values.len(),
            widths.len()
        );
    }
    for (field, (&v, &w)) in values.iter().zip(widths).enumerate() {
        if w < 8 && v >= 1 << (8 * w as u32) {
            bail!(
                "{table}: field {field} is {v}, more than its {w}-byte field holds (a string over 65,535 bytes, or a table over 4 GiB); widen it in src/table.rs and here"
            );
        }
        out.extend_from_slice(&v.to_le_bytes()[..w as usize]);
    }
    Ok(())
}

fn lay_out(input: &Input) -> Result<Tables> {
    let mut t = Tables {
        blobs: Blobs::default(),
        services: Vec::new(),
        actions: Vec::new(),
        action_details: Vec::new(),
        description_words: Vec::new(),
        action_resources: Vec::new(),
        resource_types: Vec::new(),
        condition_keys: Vec::new(),
        key_names: Vec::new(),
        resource_names: Vec::new(),
        prefixes: Vec::new(),
        qualified: Vec::new(),
        global_keys: Vec::new(),
        notices: Vec::new(),
        key_lists: Vec::new(),
        dependents: Vec::new(),
        str_lists: Vec::new(),
        modules: Vec::new(),
        service_consts: String::new(),
        warnings: Vec::new(),
    };
    let tombs = &input.tombstones;
    t.global_keys = global_key_rows(&input.global_keys, &mut t.blobs.text)?;

    // Services: the data's, plus tombstones of removed ones.
    let mut services: BTreeMap<String, (Option<&Service>, Option<&Tombstone>)> = input
        .services
        .iter()
        .map(|s| (s.prefix.to_string(), (Some(s), None)))
        .collect();
    for tomb in tombs.items.iter().filter(|t| t.kind == "service") {
        services
            .entry(tomb.name.clone())
            .or_insert((None, Some(tomb)));
    }
    check_limit("services", services.len())?;

    // First pass: every item's index, so that references can be resolved.
    struct Laid<'a> {
        prefix: String,
        service: Option<&'a Service>,
        tomb: Option<&'a Tombstone>,
        actions: Vec<Item<'a, crate::model::Action>>,
        resources: Vec<Item<'a, crate::model::ResourceType>>,
        keys: Vec<Item<'a, crate::model::ConditionKey>>,
        first_action: usize,
        first_resource: usize,
        first_key: usize,
    }
    let mut laid: Vec<Laid<'_>> = Vec::new();
    let (mut n_actions, mut n_resources, mut n_keys) = (0, 0, 0);
    for (prefix, (service, tomb)) in &services {
        let mut actions: Vec<Item<'_, crate::model::Action>> = service
            .map(|s| {
                s.actions
                    .iter()
                    .map(|a| Item {
                        data: Some(a),
                        name: a.name.to_string(),
                        tomb: None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for tomb in tombs.of("action", prefix) {
            if !actions
                .iter()
                .any(|a| a.name.eq_ignore_ascii_case(tomb.item()))
            {
                actions.push(Item {
                    data: None,
                    name: tomb.item().to_string(),
                    tomb: Some(tomb),
                });
            }
        }
        actions.sort_by(|a, b| {
            a.name
                .to_ascii_lowercase()
                .cmp(&b.name.to_ascii_lowercase())
                .then(a.name.cmp(&b.name))
        });

        // Resource types and keys: defined, referenced without a definition
        // (the docs do that), and tombstones.
        let mut resources: Vec<Item<'_, crate::model::ResourceType>> = service
            .map(|s| {
                s.resource_types
                    .iter()
                    .map(|r| Item {
                        data: Some(r),
                        name: r.name.to_string(),
                        tomb: None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut keys: Vec<Item<'_, crate::model::ConditionKey>> = service
            .map(|s| {
                s.condition_keys
                    .iter()
                    .map(|k| Item {
                        data: Some(k),
                        name: k.name.to_string(),
                        tomb: None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut referenced_rt = BTreeSet::new();
        let mut referenced_keys = BTreeSet::new();
        if let Some(s) = service {
            for a in &s.actions {
                for r in &a.resource_types {
                    referenced_rt.insert(r.name.to_string());
                    referenced_keys.extend(r.condition_keys.iter().map(|k| k.to_string()));
                }
                referenced_keys.extend(a.condition_keys.iter().map(|k| k.to_string()));
            }
            for r in &s.resource_types {
                referenced_keys.extend(r.condition_keys.iter().map(|k| k.to_string()));
            }
        }
        for name in referenced_rt {
            if !resources.iter().any(|r| r.name == name) {
                t.warnings.push(format!("{prefix}: resource type {name} is used by actions but not defined; added without ARN"));
                resources.push(Item {
                    data: None,
                    name,
                    tomb: None,
                });
            }
        }
        for name in referenced_keys {
            if !keys.iter().any(|k| k.name.eq_ignore_ascii_case(&name)) {
                t.warnings.push(format!(
                    "{prefix}: condition key {name} is used but not defined; added without a type"
                ));
                keys.push(Item {
                    data: None,
                    name,
                    tomb: None,
                });
            }
        }
        for tomb in tombs.of("resource-type", prefix) {
            if !resources.iter().any(|r| r.name == tomb.item()) {
                resources.push(Item {
                    data: None,
                    name: tomb.item().to_string(),
                    tomb: Some(tomb),
                });
            }
        }
        for tomb in tombs.of("condition-key", prefix) {
            if !keys
                .iter()
                .any(|k| k.name.eq_ignore_ascii_case(tomb.item()))
            {
                keys.push(Item {
                    data: None,
                    name: tomb.item().to_string(),
                    tomb: Some(tomb),
                });
            }
        }
        resources.sort_by(|a, b| a.name.cmp(&b.name));
        keys.sort_by(|a, b| {
            a.name
                .to_ascii_lowercase()
                .cmp(&b.name.to_ascii_lowercase())
                .then(a.name.cmp(&b.name))
        });

        laid.push(Laid {
            prefix: prefix.clone(),
            service: *service,
            tomb: *tomb,
            first_action: n_actions,
            first_resource: n_resources,
            first_key: n_keys,
            actions,
            resources,
            keys,
        });
        let l = laid.last().expect("just pushed");
        n_actions += l.actions.len();
        n_resources += l.resources.len();
        n_keys += l.keys.len();
    }
    check_limit("actions", n_actions)?;
    check_limit("resource types", n_resources)?;
    check_limit("condition keys", n_keys)?;

    // Qualified action name (lowercase) → index, for dependents.
    let mut action_index: HashMap<String, usize> = HashMap::new();
    for l in &laid {
        for (i, a) in l.actions.iter().enumerate() {
            action_index.insert(
                format!("{}:{}", l.prefix, a.name).to_ascii_lowercase(),
                l.first_action + i,
            );
        }
    }

    // The word table of the descriptions, from all of them (prefix left out).
    let descriptions: BTreeSet<&str> = laid
        .iter()
        .flat_map(|l| &l.actions)
        .map(|a| match (a.data, a.tomb) {
            (Some(d), _) => d.description.as_str(),
            (None, Some(tomb)) => tomb.description.as_str(),
            (None, None) => "",
        })
        .map(|d| d.strip_prefix(describe::PREFIX).unwrap_or(d))
        .collect();
    let codec = describe::Codec::new(descriptions);
    for w in &codec.words {
        let s = t.blobs.descriptions.add(w);
        t.description_words.push(s);
    }

    let module_names = dedupe(laid.iter().map(|l| module_name(&l.prefix)).collect());
    let service_consts = dedupe(module_names.iter().map(|m| screaming_snake(m)).collect());

    for (si, l) in laid.iter().enumerate() {
        let key_of = |name: &str| -> Option<u16> {
            l.keys
                .iter()
                .position(|k| k.name.eq_ignore_ascii_case(name))
                .map(|i| (l.first_key + i) as u16)
        };
        let rt_of = |name: &str| -> Option<u16> {
            l.resources
                .iter()
                .position(|r| r.name == name)
                .map(|i| (l.first_resource + i) as u16)
        };

        // Notices.
        let notice_start = t.notices.len();
        for n in l.service.map(|s| s.notices.as_slice()).unwrap_or_default() {
            let kind = NOTICE_KINDS
                .iter()
                .position(|k| *k == n.kind)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: notice kind {:?} unknown to the crate's NoticeKind",
                        l.prefix,
                        n.kind
                    )
                })?;
            let row = format!(
                "NoticeRow::new({kind},{},{},{})",
                t.blobs.text.add(n.date.as_deref().unwrap_or("")),
                t.blobs.text.add(&n.text),
                t.blobs.text.add(&n.url)
            );
            t.notices.push(row);
        }
        check_limit("notices", t.notices.len())?;
        let notices = t.notices.len() - notice_start;

        // Service row.
        let name = l
            .service
            .map(|s| s.name.clone())
            .or_else(|| l.tomb.map(|t| t.description.clone()))
            .unwrap_or_default();
        let (flags, removed_on) = match l.tomb {
            Some(tomb) => (REMOVED, tomb.removed_on.as_str()),
            None => (0, ""),
        };
        let row = format!(
            "ServiceRow::new({},{},Span({},{}),Span({},{}),Span({},{}),Span({notice_start},{notices}),{flags},{})",
            t.blobs.names.add(&l.prefix),
            t.blobs.text.add(&name),
            l.first_action,
            l.actions.len(),
            l.first_resource,
            l.resources.len(),
            l.first_key,
            l.keys.len(),
            t.blobs.text.add(removed_on)
        );
        t.services.push(row);
        t.prefixes.push(l.prefix.clone());

        // Resource types.
        for r in &l.resources {
            let arns_start = t.str_lists.len();
            let mut keys_start = t.key_lists.len();
            if let Some(data) = r.data {
                for arn in &data.arn_templates {
                    let s = t.blobs.arns.add(arn);
                    t.str_lists.push(s);
                }
                keys_start = t.key_lists.len();
                for k in &data.condition_keys {
                    t.key_lists.extend(key_of(k.as_str()));
                }
            }
            let (flags, removed_on) = r
                .tomb
                .map_or((0, ""), |tomb| (REMOVED, tomb.removed_on.as_str()));
            let row = format!(
                "ResourceTypeRow::new({si},{},Span({arns_start},{}),Span({keys_start},{}),{flags},{})",
                t.blobs.text.add(&r.name),
                t.str_lists.len() - arns_start,
                t.key_lists.len() - keys_start,
                t.blobs.text.add(removed_on)
            );
            t.resource_types.push(row);
            t.resource_names.push((l.prefix.clone(), r.name.clone()));
        }

        // Condition keys.
        for k in &l.keys {
            let (description, kt) = match k.data {
                Some(data) => (
                    data.description.clone(),
                    key_type(&l.prefix, &k.name, &data.key_type)?,
                ),
                None => (k.tomb.map(|t| t.description.clone()).unwrap_or_default(), 0),
            };
            let (flags, removed_on) = k
                .tomb
                .map_or((0, ""), |tomb| (REMOVED, tomb.removed_on.as_str()));
            let row = format!(
                "ConditionKeyRow::new({si},{},{},{kt},{flags},{})",
                t.blobs.text.add(&k.name),
                t.blobs.text.add(&description),
                t.blobs.text.add(removed_on)
            );
            t.condition_keys.push(row);
            t.key_names.push((k.name.clone(), l.prefix.clone()));
        }

        // The actions the service's first end-of-support notice covers, as
        // its scope says (the runtime answers `Action::deprecation` with
        // that notice); none when the notice is not scoped or its scope is
        // unknown.
        let covered: HashSet<String> = l
            .service
            .and_then(|s| s.notices.iter().find(|n| n.kind == "end-of-support"))
            .and_then(|n| n.scope.as_ref())
            .map(|scope| {
                scope
                    .covered
                    .iter()
                    .map(|a| a.as_str().to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();

        // Actions, and their consts.
        let const_names = dedupe(l.actions.iter().map(|a| screaming_snake(&a.name)).collect());
        let mut module = String::new();
        for (a, const_name) in l.actions.iter().zip(&const_names) {
            let index = t.actions.len();
            let resources_start = t.action_resources.len();
            let keys_start;
            let deps_start = t.dependents.len();
            let (description, access, mut flags, doc_url) = match a.data {
                Some(d) => (
                    d.description.clone(),
                    access_bits(&d.access_level.levels),
                    if d.permission_only {
                        PERMISSION_ONLY
                    } else {
                        0
                    },
                    d.doc_url.clone().unwrap_or_default(),
                ),
                None => (
                    a.tomb.map(|t| t.description.clone()).unwrap_or_default(),
                    0,
                    0,
                    String::new(),
                ),
            };
            if a.data.is_some() && covered.contains(&a.name.to_ascii_lowercase()) {
                flags |= END_OF_SUPPORT;
            }
            if let Some(d) = a.data {
                for r in &d.resource_types {
                    let row_keys = t.key_lists.len();
                    for k in &r.condition_keys {
                        t.key_lists.extend(key_of(k.as_str()));
                    }
                    let rt =
                        rt_of(r.name.as_str()).expect("every referenced resource type has a row");
                    t.action_resources.push(format!(
                        "ActionResourceRow::new({rt},{},Span({row_keys},{}))",
                        r.required,
                        t.key_lists.len() - row_keys
                    ));
                }
                keys_start = t.key_lists.len();
                for k in &d.condition_keys {
                    t.key_lists.extend(key_of(k.as_str()));
                }
                for dep in &d.dependent_actions {
                    match action_index.get(&dep.name.as_str().to_ascii_lowercase()) {
                        Some(&i) => t.dependents.push(i as u16),
                        None => t.warnings.push(format!(
                            "{}:{}: dependent action {} is not in the catalog; left out",
                            l.prefix, a.name, dep.name
                        )),
                    }
                }
            } else {
                keys_start = t.key_lists.len();
            }
            let removed_on = match a.tomb {
                Some(tomb) => {
                    flags |= REMOVED;
                    tomb.removed_on.as_str()
                }
                None => "",
            };
            let (stored, description_flags) = codec.encode(&description);
            flags |= description_flags;
            t.qualified.push(format!("{}:{}", l.prefix, a.name));
            t.actions.push(format!(
                "ActionRow::new({si},{},{},{access},{flags})",
                t.blobs.names.add(&a.name),
                t.blobs.descriptions.add(&stored),
            ));
            t.action_details.push(format!(
                "ActionDetailRow::new(Span({resources_start},{}),Span({keys_start},{}),Span({deps_start},{}),{},{})",
                t.action_resources.len() - resources_start,
                t.key_lists.len() - keys_start,
                t.dependents.len() - deps_start,
                t.blobs.doc_urls.add(&doc_url),
                t.blobs.text.add(removed_on)
            ));

            // The const and its docs.
            let mut doc = format!("`{}:{}`", l.prefix, a.name);
            if let Some(d) = a.data {
                // Alphabetical, as the reference writes two levels
                // ("Tagging, Write") and the crate displays them.
                let mut levels: Vec<&str> =
                    d.access_level.levels.iter().map(|l| l.as_str()).collect();
                levels.sort_unstable();
                let _ = write!(doc, " ({})", levels.join(", "));
                if !d.description.is_empty() {
                    let _ = write!(doc, ": {}", doc_text(&d.description));
                }
                // Name, access level and description only: the resource
                // types and the doc link (`resource_types()`, `doc_url()`)
                // would triple the doc text rustc parses and writes into the
                // metadata of every user's build (0.5 s of CPU per clean
                // build, measured).
            }
            if flags & END_OF_SUPPORT != 0 {
                doc.push_str(
                    "\n\nCovered by the service's end-of-support notice (see `deprecation()`).",
                );
            }
            if let Some(tomb) = a.tomb {
                let _ = write!(
                    doc,
                    "\n\nRemoved from the AWS documentation (data of {}).",
                    tomb.removed_on
                );
                if !tomb.description.is_empty() {
                    let _ = write!(doc, " It was: {}", doc_text(&tomb.description));
                }
                let _ = writeln!(
                    module,
                    "#[deprecated(note = {:?})]",
                    format!(
                        "removed from the AWS docs on {}: {}:{} goes in the next major release",
                        tomb.removed_on, l.prefix, a.name
                    )
                );
            }
            let _ = writeln!(
                module,
                "{}\npub const {const_name}: Action = Action({index});",
                doc_attr(&doc)
            );
        }

        // The module, and the Service const.
        let service_name = if name.is_empty() {
            l.prefix.clone()
        } else {
            name.clone()
        };
        let mut module_doc = format!(
            "{} (`{}`): {} actions, {} resource types, {} condition keys.",
            doc_text(&service_name),
            l.prefix,
            l.actions.len(),
            l.resources.len(),
            l.keys.len()
        );
        let retirement = l.service.and_then(|s| {
            s.notices
                .iter()
                .find(|n| n.kind == "end-of-support" || n.kind == "deprecation")
        });
        for n in l.service.map(|s| s.notices.as_slice()).unwrap_or_default() {
            let date = n
                .date
                .as_deref()
                .map(|d| format!(" ({})", doc_text(d)))
                .unwrap_or_default();
            let _ = write!(
                module_doc,
                "\n\n**{}**{date}: {}",
                doc_text(&n.kind),
                doc_text(&n.text)
            );
        }
        // A service can have no actions (a removed one, or a page that
        // lists none): no import then, or it would be unused.
        let body = if l.actions.is_empty() {
            String::new()
        } else {
            format!(
                "use crate::Action;\n\nimpl super::{} {{\n{module}}}\n",
                module_names[si]
            )
        };
        t.modules.push(Module {
            name: module_names[si].clone(),
            doc: module_doc,
            body,
        });
        let deprecated = match (l.tomb, retirement) {
            (Some(tomb), _) => Some(format!(
                "removed from the AWS docs on {}: the `{}` service goes in the next major release",
                tomb.removed_on, l.prefix
            )),
            // rustdoc renders the note as Markdown and rustc prints it as
            // plain text, so it holds only text that reads the same in both:
            // the validated prefix, an ISO date, the URL as an autolink.
            (None, Some(n)) => Some(format!(
                "AWS announced {} for the `{}` service{}: <{}>",
                if n.kind == "end-of-support" {
                    "end of support"
                } else {
                    "deprecation"
                },
                l.prefix,
                n.date
                    .as_deref()
                    .filter(|d| d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default(),
                link_target(&n.url)
            )),
            _ => None,
        };
        if let Some(note) = deprecated {
            let _ = writeln!(t.service_consts, "    #[deprecated(note = {note:?})]");
        }
        let _ = writeln!(
            t.service_consts,
            "    {}\n    pub const {}: Service = Service({si});",
            doc_attr(&format!("{} (`{}`).", doc_text(&service_name), l.prefix)),
            service_consts[si]
        );
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_shows_hostile_text_as_written() {
        assert_eq!(doc_text("a*/b"), "a\\*\\/b");
        assert_eq!(doc_text("x</details>"), "x\\<\\/details\\>");
        assert_eq!(doc_text("line\nbreak"), "line\\\nbreak");
        assert_eq!(doc_text("naïve"), "naïve");
        assert_eq!(link_target("https://x/a b(c)"), "https://x/a%20b%28c%29");
    }
}
