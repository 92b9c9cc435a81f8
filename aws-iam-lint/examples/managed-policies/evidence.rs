//! What the corpus records of services and actions other than the
//! catalog's own data: AWS's JSON reference of February 2026, the reference
//! pages of February and June 2026 (before the catalog's data date), and the
//! redesigned pages of July 2026 and later (after it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One record: which prefixes it lists and the words (lower case) of each
/// prefix's page, which include its action names.
pub struct Record {
    /// `service-reference-json 2026-02-13`, for the evidence column.
    pub label: String,
    /// Older (`true`) or newer than the catalog's data date.
    pub before_data_date: bool,
    /// prefix (lower case) → words of its page(s).
    pub services: BTreeMap<String, BTreeSet<String>>,
}

impl Record {
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.services.contains_key(&prefix.to_ascii_lowercase())
    }

    pub fn has_action(&self, prefix: &str, name: &str) -> bool {
        self.services
            .get(&prefix.to_ascii_lowercase())
            .is_some_and(|words| words.contains(&name.to_ascii_lowercase()))
    }
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// AWS's JSON reference: `{Name: prefix, Actions: [{Name}]}` per file.
fn service_reference(dir: &Path, label: &str) -> Record {
    let mut services = BTreeMap::new();
    for file in files(dir) {
        if file.file_name().is_some_and(|n| n == "aws-servicereference-index.json") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let Some(prefix) = doc["Name"].as_str() else { continue };
        let actions = doc["Actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["Name"].as_str())
            .map(str::to_ascii_lowercase);
        services
            .entry(prefix.to_ascii_lowercase())
            .or_insert_with(BTreeSet::new)
            .extend(actions);
    }
    Record {
        label: label.to_string(),
        before_data_date: true,
        services,
    }
}

/// Reference pages (HTML or Markdown): the prefix follows "service prefix:".
fn pages(dir: &Path, label: &str, before_data_date: bool) -> Record {
    let mut services = BTreeMap::new();
    for file in files(dir) {
        let Ok(bytes) = std::fs::read(&file) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let Some(at) = text.find("service prefix:") else { continue };
        // The next word that is not markup (`<code class="code">`, backticks).
        let after = &text[at + "service prefix:".len()..];
        let after = after.trim_start().trim_start_matches('`');
        let after = match after.strip_prefix("<code") {
            Some(rest) => rest.split_once('>').map_or("", |(_, r)| r),
            None => after,
        };
        let Some(prefix) = words(after).next() else { continue };
        services
            .entry(prefix)
            .or_insert_with(BTreeSet::new)
            .extend(words(&text));
    }
    Record {
        label: label.to_string(),
        before_data_date,
        services,
    }
}

/// The redesigned table of contents: `[Name (prefix)](list_x.md)` lines.
fn table_of_contents(file: &Path, label: &str) -> Record {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut services = BTreeMap::new();
    for line in text.lines() {
        let Some(end) = line.find(")](") else { continue };
        let Some(start) = line[..end].rfind('(') else { continue };
        services.insert(line[start + 1..end].to_ascii_lowercase(), BTreeSet::new());
    }
    Record {
        label: label.to_string(),
        before_data_date: false,
        services,
    }
}

/// Every record of the corpus, older first.
pub fn load(corpus: &Path) -> Vec<Record> {
    let srj = corpus.join("service-reference-json");
    let sar = corpus.join("sar-html");
    let new = corpus.join("new-layout");
    vec![
        service_reference(&srj.join("2026-02-04"), "service-reference-json 2026-02-04"),
        service_reference(&srj.join("2026-02-13"), "service-reference-json 2026-02-13"),
        pages(&sar.join("2026-02-01"), "sar-html 2026-02-01", true),
        pages(&sar.join("2026-06-01"), "sar-html 2026-06-01", true),
        pages(&new, "new-layout (July 2026)", false),
        pages(&new.join("aws-md"), "new-layout/aws-md (July 2026)", false),
        pages(&new.join("crawler-md"), "new-layout/crawler-md (July 2026)", false),
        table_of_contents(
            &new.join("aws-md/reference_policies_actions-resources-contextkeys.md"),
            "new-layout table of contents (July 2026)",
        ),
        table_of_contents(
            &new.join("crawler-md/reference_policies_actions-resources-contextkeys.md"),
            "new-layout/crawler-md table of contents (July 2026)",
        ),
    ]
}
