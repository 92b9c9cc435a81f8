//! What the corpus records of services and actions other than the
//! catalog's own data: AWS's JSON reference of February 2026, the reference
//! pages of February and June 2026 (before the catalog's data date), and the
//! redesigned pages of July 2026 and later (after it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One record: which prefixes it lists and the words of each prefix's page,
/// which include its action names. Words keep their case: an action name is
/// CamelCase, and matching it without case would let English words ("get")
/// stand for actions.
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
            .is_some_and(|words| words.contains(name))
    }
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
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
        if file
            .file_name()
            .is_some_and(|n| n == "aws-servicereference-index.json")
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let Some(prefix) = doc["Name"].as_str() else {
            continue;
        };
        let actions = doc["Actions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["Name"].as_str())
            .map(str::to_string);
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

/// Reference pages (HTML or Markdown) of a directory.
fn pages(dir: &Path, label: &str, before_data_date: bool) -> Record {
    let texts = files(dir)
        .into_iter()
        .filter_map(|f| std::fs::read(&f).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    record_of_pages(texts, label, before_data_date)
}

/// The pages of a `.tar.gz` archive (ustar: 512-byte headers, octal sizes).
fn archived_pages(file: &Path, label: &str) -> Record {
    use std::io::Read;
    let gz = std::fs::File::open(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut texts = Vec::new();
    let mut at = 0;
    while at + 512 <= bytes.len() && bytes[at] != 0 {
        let header = &bytes[at..at + 512];
        let size_field = String::from_utf8_lossy(&header[124..136]);
        let size =
            usize::from_str_radix(size_field.trim_matches(|c: char| c == '\0' || c == ' '), 8)
                .unwrap_or_else(|_| panic!("{}: bad tar size {size_field:?}", file.display()));
        let body = at + 512;
        let end = body + size;
        assert!(
            end <= bytes.len(),
            "{}: truncated tar entry",
            file.display()
        );
        if header[156] == b'0' || header[156] == 0 {
            texts.push(String::from_utf8_lossy(&bytes[body..end]).into_owned());
        }
        at = body + size.div_ceil(512) * 512;
    }
    record_of_pages(texts.into_iter(), label, true)
}

/// Reference pages: the prefix follows "service prefix:".
fn record_of_pages(
    texts: impl Iterator<Item = String>,
    label: &str,
    before_data_date: bool,
) -> Record {
    let mut services = BTreeMap::new();
    for text in texts {
        let Some(at) = text.find("service prefix:") else {
            continue;
        };
        // The next word that is not markup (`<code class="code">`, backticks).
        let after = &text[at + "service prefix:".len()..];
        let after = after.trim_start().trim_start_matches('`');
        let after = match after.strip_prefix("<code") {
            Some(rest) => rest.split_once('>').map_or("", |(_, r)| r),
            None => after,
        };
        let Some(prefix) = words(after).next().map(|w| w.to_ascii_lowercase()) else {
            continue;
        };
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
        let Some(end) = line.find(")](") else {
            continue;
        };
        let Some(start) = line[..end].rfind('(') else {
            continue;
        };
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
    let eras = sar.join("eras");
    vec![
        archived_pages(
            &eras.join("2020-12-18_2a65063e.tar.gz"),
            "sar-html 2020-12-18",
        ),
        archived_pages(
            &eras.join("2023-02-01_9c8f94e7.tar.gz"),
            "sar-html 2023-02-01",
        ),
        service_reference(&srj.join("2026-02-04"), "service-reference-json 2026-02-04"),
        service_reference(&srj.join("2026-02-13"), "service-reference-json 2026-02-13"),
        pages(&sar.join("2026-02-01"), "sar-html 2026-02-01", true),
        pages(&sar.join("2026-06-01"), "sar-html 2026-06-01", true),
        pages(&new, "new-layout (July 2026)", false),
        pages(&new.join("aws-md"), "new-layout/aws-md (July 2026)", false),
        pages(
            &new.join("crawler-md"),
            "new-layout/crawler-md (July 2026)",
            false,
        ),
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
