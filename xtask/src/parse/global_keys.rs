//! The IAM User Guide page "AWS global condition context keys"
//! (`reference_policies_condition-keys`), in AWS's Markdown rendering: one
//! `### prefix:Key` section per key, each with the bullets
//! `**Availability** – …`, `**Data type** – …` and `**Value type** – …`.
//!
//! The page is strict about what it holds: a key section without one of
//! the three bullets, a data type or value type this reader does not know,
//! a key named twice, or a page with no keys at all is an error naming the
//! page and the key, never a shorter list.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The address of the page on the live site.
pub const PAGE_URL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";

/// The page's file name in a corpus directory (AWS's Markdown rendering).
pub const PAGE_FILE: &str = "reference_policies_condition-keys.md";

/// A page larger than this is refused (the real one is 160 kB).
const MAX_PAGE: usize = 8 << 20;

/// A global condition key. Fields in alphabetical order: the snapshot file
/// is serialised from this struct and must be canonical.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalKey {
    /// When the request context holds the key, as the page says (the
    /// bullet's first line, links reduced to their text).
    pub availability: String,
    /// Its data types in the crate's `ConditionKeyType` spelling
    /// (`String`, `ARN`, `Bool`, `Date`, `Numeric`, `IPAddress`), in page
    /// order: `aws:EpochTime` has two.
    pub data_types: Vec<String>,
    /// The `##` section it is listed under ("Properties of the network").
    pub group: String,
    /// True for "Multivalued", false for "Single-valued".
    pub multivalued: bool,
    /// Its name; a tag placeholder (`*tag-key*` on the page) is written
    /// `${TagKey}` as the service pages write it.
    pub name: String,
}

/// What the page holds: the keys in page order, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalKeys {
    /// The keys, sorted by name ignoring case (then exactly).
    pub keys: Vec<GlobalKey>,
    /// The page's address.
    pub source_url: String,
}

/// Why the page could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{page}: {problem}")]
pub struct GlobalKeysError {
    /// The file name.
    pub page: String,
    /// What is wrong.
    pub problem: String,
}

fn error(page: &str, problem: impl Into<String>) -> GlobalKeysError {
    GlobalKeysError {
        page: page.to_string(),
        problem: problem.into(),
    }
}

/// `[text](target)` → `text`, `\*` → `*`, `**b**` → `b`, and collapsed
/// whitespace.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            target.find(')').map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, skip)) => {
                out.push_str(&after[..close]);
                rest = &after[skip..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("\\*", "*").replace("**", "");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `### ` heading that names a key: `prefix:Name`, one word, the
/// placeholder in italics.
fn key_name(heading: &str) -> Option<String> {
    let h = heading.trim();
    let (prefix, rest) = h.split_once(':')?;
    let valid_prefix = !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid_prefix || rest.is_empty() || h.contains(char::is_whitespace) {
        return None;
    }
    Some(match h.strip_suffix("/*tag-key*") {
        Some(head) => format!("{head}/${{TagKey}}"),
        None => h.to_string(),
    })
}

/// One data type as the page writes it → the crate's spelling.
fn data_type(written: &str) -> Option<&'static str> {
    Some(match written.trim().trim_end_matches('*').trim() {
        "String" => "String",
        "ARN" => "ARN",
        "Boolean" => "Bool",
        "Date" => "Date",
        "Numeric" => "Numeric",
        "IP address" => "IPAddress",
        _ => return None,
    })
}

/// The value of a `+ **Label** – value` bullet, when `line` is one.
fn bullet<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let rest = line
        .trim_start()
        .strip_prefix("+ **")?
        .strip_prefix(label)?;
    let rest = rest.strip_prefix("**")?.trim_start();
    let rest = rest
        .strip_prefix('–')
        .or_else(|| rest.strip_prefix('-'))
        .or_else(|| rest.strip_prefix(':'))?;
    Some(rest.trim())
}

/// A key section being read.
struct Pending {
    name: String,
    availability: Option<String>,
    /// The types, and whether the page wrote "(list)".
    types: Option<(Vec<String>, bool)>,
    multivalued: Option<bool>,
}

impl Pending {
    fn new(name: String) -> Pending {
        Pending {
            name,
            availability: None,
            types: None,
            multivalued: None,
        }
    }

    /// Takes what a line of the section says.
    fn read(&mut self, page: &str, line: &str) -> Result<(), GlobalKeysError> {
        let name = &self.name;
        if let Some(v) = bullet(line, "Availability") {
            self.availability.get_or_insert_with(|| plain(v));
        } else if let Some(v) = bullet(line, "Data type") {
            let v = plain(v);
            let (v, listed) = match v.strip_suffix("(list)") {
                Some(v) => (v.trim().to_string(), true),
                None => (v, false),
            };
            let mut parsed = Vec::new();
            for t in v.split(',') {
                let t = data_type(t).ok_or_else(|| {
                    error(
                        page,
                        format!(
                            "key {name}: data type {:?} is not one this reader knows (String, ARN, Boolean, Date, Numeric, IP address)",
                            t.trim()
                        ),
                    )
                })?;
                parsed.push(t.to_string());
            }
            self.types = Some((parsed, listed));
        } else if let Some(v) = bullet(line, "Value type") {
            self.multivalued = Some(match plain(v).as_str() {
                "Single-valued" => false,
                "Multivalued" => true,
                other => {
                    return Err(error(
                        page,
                        format!(
                            "key {name}: value type {other:?}, expected Single-valued or Multivalued"
                        ),
                    ));
                }
            });
        }
        Ok(())
    }

    fn finish(self, page: &str, group: &str) -> Result<GlobalKey, GlobalKeysError> {
        let name = self.name;
        let missing = |what: &str| error(page, format!("key {name}: no **{what}** bullet"));
        let availability = self.availability.ok_or_else(|| missing("Availability"))?;
        let (data_types, listed) = self.types.ok_or_else(|| missing("Data type"))?;
        let multivalued = self.multivalued.ok_or_else(|| missing("Value type"))?;
        if listed && !multivalued {
            return Err(error(
                page,
                format!(
                    "key {name}: the data type says \"(list)\" but the value type is single-valued"
                ),
            ));
        }
        Ok(GlobalKey {
            availability,
            data_types,
            group: group.to_string(),
            multivalued,
            name,
        })
    }
}

/// Reads the page. `page` names it in errors.
pub fn parse(page: &str, text: &str) -> Result<GlobalKeys, GlobalKeysError> {
    if text.len() > MAX_PAGE {
        return Err(error(
            page,
            format!(
                "{} bytes: larger than any IAM User Guide page ({MAX_PAGE})",
                text.len()
            ),
        ));
    }
    if !text.contains("# AWS global condition context keys") {
        return Err(error(
            page,
            "not the \"AWS global condition context keys\" page (no such title)",
        ));
    }
    let mut source_url = PAGE_URL.to_string();
    if let Some(url) = text
        .lines()
        .take(5)
        .find_map(|l| l.trim().strip_prefix("source_url:"))
    {
        source_url = url.trim().to_string();
    }

    let mut keys: Vec<GlobalKey> = Vec::new();
    let mut group = String::new();
    let mut current: Option<Pending> = None;
    for line in text.lines() {
        let heading = line.strip_prefix("### ");
        let group_heading = line.starts_with("## ") || line.starts_with("# ");
        if heading.is_some() || group_heading {
            if let Some(p) = current.take() {
                keys.push(p.finish(page, &group)?);
            }
            match heading {
                Some(h) => current = key_name(h).map(Pending::new),
                None => group = plain(line.trim_start_matches('#')),
            }
            continue;
        }
        if let Some(p) = current.as_mut() {
            p.read(page, line)?;
        }
    }
    if let Some(p) = current.take() {
        keys.push(p.finish(page, &group)?);
    }

    if keys.is_empty() {
        return Err(error(
            page,
            "no `### prefix:Key` sections: the layout is unknown",
        ));
    }
    let mut seen = BTreeSet::new();
    for k in &keys {
        if !seen.insert(k.name.to_ascii_lowercase()) {
            return Err(error(page, format!("key {} is described twice", k.name)));
        }
    }
    keys.sort_by(|a, b| {
        a.name
            .to_ascii_lowercase()
            .cmp(&b.name.to_ascii_lowercase())
            .then(a.name.cmp(&b.name))
    });
    Ok(GlobalKeys { keys, source_url })
}

/// Reads the page from a file, or from a directory holding [`PAGE_FILE`].
pub fn read_path(path: &std::path::Path) -> anyhow::Result<GlobalKeys> {
    let file = if path.is_dir() {
        path.join(PAGE_FILE)
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    if meta.len() as usize > MAX_PAGE {
        anyhow::bail!(
            "{}: {} bytes, larger than any IAM User Guide page",
            file.display(),
            meta.len()
        );
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    Ok(parse(&file.display().to_string(), &text)?)
}

impl GlobalKeys {
    /// The canonical text of `snapshots/global-condition-keys.json`: sorted
    /// keys, two-space indentation, LF, a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain data always serialises");
        s.push('\n');
        s
    }

    /// Reads the snapshot file, refusing a file that is not in canonical
    /// form (so that a hand edit cannot slip past the manifest's hash).
    pub fn from_json(path: &str, text: &str) -> anyhow::Result<GlobalKeys> {
        let keys: GlobalKeys = serde_json::from_str(text)
            .map_err(|e| anyhow::anyhow!("{path}: not a global condition keys file: {e}"))?;
        if keys.to_json() != text {
            anyhow::bail!("{path}: not in canonical form (rewrite it with `cargo xtask export`)");
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_types_and_links() {
        assert_eq!(key_name("aws:SourceIp").as_deref(), Some("aws:SourceIp"));
        assert_eq!(
            key_name("aws:PrincipalTag/*tag-key*").as_deref(),
            Some("aws:PrincipalTag/${TagKey}")
        );
        assert_eq!(key_name("Properties of the principal"), None);
        assert_eq!(data_type("IP address"), Some("IPAddress"));
        assert_eq!(data_type("String*"), Some("String"));
        assert_eq!(plain("[String](x.md#a) (list)"), "String (list)");
        assert_eq!(
            bullet("+ **Value type** – Multivalued", "Value type"),
            Some("Multivalued")
        );
    }
}
