//! The configuration file (`aws-iam-lint.toml`): which codes run, and
//! suppressions by code, file glob, document, statement `Sid` and action.
//! JSON has no comments, so a finding cannot be silenced where it is: a
//! suppression names the statement's `Sid` here instead. See
//! `docs/config.md`.
//!
//! Suppressions apply to the findings after checking (the checks never see
//! them), so a suppressed finding costs its check and nothing else.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::finding::{Code, Finding};

/// The names looked for in the working directory, in this order.
pub const FILE_NAMES: &[&str] = &["aws-iam-lint.toml", ".aws-iam-lint.toml"];

/// A configuration file as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Only these codes are reported (all when absent).
    pub select: Option<Vec<String>>,
    /// These codes are never reported.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// `text`, `compact`, `json` or `sarif`.
    pub format: Option<String>,
    /// `info`, `warning`, `error` or `never`.
    pub fail_on: Option<String>,
    /// The policy kind (`auto`, `identity`, …).
    pub kind: Option<String>,
    /// Group findings of one code on one statement (default true).
    pub group: Option<bool>,
    /// `--since`: a date, as a TOML date (`since = 2024-01-01`) or a string.
    pub since: Option<toml::Value>,
    /// Suppressions.
    #[serde(default)]
    pub suppress: Vec<Suppression>,
}

/// One suppression: a finding is suppressed when every criterion given
/// matches it (at least one must be given).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// Codes (`IAM008`) or names (`resource-mismatch`).
    #[serde(default)]
    pub codes: Vec<String>,
    /// Globs on the file as printed (`*` within a directory, `**` across).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Globs on the document inside a file (a CloudFormation logical id and
    /// property, a Terraform address, a corpus entry's name).
    #[serde(default)]
    pub documents: Vec<String>,
    /// Statement `Sid`s (exact).
    #[serde(default)]
    pub sids: Vec<String>,
    /// IAM wildcards on the action a finding is about (case-insensitive).
    #[serde(default)]
    pub actions: Vec<String>,
    /// Why (kept for readers; not used).
    pub reason: Option<String>,
}

/// A configuration that cannot be used.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        Config::parse(&text).map_err(|e| ConfigError(format!("{}: {}", path.display(), e.0)))
    }

    /// Parses a configuration's text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError(e.to_string()))
    }

    /// The `since` date, when given; an error naming the value otherwise.
    pub fn since(&self) -> Result<Option<aws_iam_catalog::Date>, ConfigError> {
        let text = match &self.since {
            None => return Ok(None),
            Some(toml::Value::String(s)) => s.clone(),
            Some(toml::Value::Datetime(d)) => d.to_string(),
            Some(other) => other.to_string(),
        };
        crate::check::parse_since(&text)
            .map(Some)
            .map_err(|e| ConfigError(format!("since: {e}")))
    }

    /// The configuration file of `dir`, when there is one.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    }
}

/// Which findings are kept: the codes selected and not ignored, and no
/// suppression matching.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    select: Option<Vec<Code>>,
    ignore: Vec<Code>,
    rules: Vec<Rule>,
}

#[derive(Clone, Debug)]
struct Rule {
    codes: Vec<Code>,
    paths: Vec<String>,
    documents: Vec<String>,
    sids: Vec<String>,
    actions: Vec<String>,
}

fn codes(list: &[String], what: &str) -> Result<Vec<Code>, ConfigError> {
    list.iter()
        .map(|c| {
            c.parse::<Code>()
                .map_err(|e| ConfigError(format!("{what}: {e}")))
        })
        .collect()
}

impl Filter {
    /// The filter of a configuration, with the command line's `--select`
    /// (replacing the file's) and `--ignore` (added to the file's).
    pub fn new(
        config: &Config,
        select: Option<&[String]>,
        ignore: &[String],
    ) -> Result<Filter, ConfigError> {
        let select = match select.or(config.select.as_deref()) {
            Some(list) => Some(codes(list, "select")?),
            None => None,
        };
        let mut ignored = codes(&config.ignore, "ignore")?;
        ignored.extend(codes(ignore, "ignore")?);
        let rules = config
            .suppress
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let what = format!("suppress[{i}]");
                if s.codes.is_empty()
                    && s.paths.is_empty()
                    && s.documents.is_empty()
                    && s.sids.is_empty()
                    && s.actions.is_empty()
                {
                    return Err(ConfigError(format!(
                        "{what}: a suppression needs at least one of codes, paths, documents, sids, actions"
                    )));
                }
                Ok(Rule {
                    codes: codes(&s.codes, &what)?,
                    paths: s.paths.clone(),
                    documents: s.documents.clone(),
                    sids: s.sids.clone(),
                    actions: s.actions.clone(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Filter {
            select,
            ignore: ignored,
            rules,
        })
    }

    /// True when the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty() && self.rules.is_empty()
    }

    /// Whether `finding`, about `doc` (the policy it was found in), is kept.
    pub fn keeps(&self, finding: &Finding, doc: &Value) -> bool {
        if self
            .select
            .as_ref()
            .is_some_and(|s| !s.contains(&finding.code))
            || self.ignore.contains(&finding.code)
        {
            return false;
        }
        !self.rules.iter().any(|r| r.matches(finding, doc))
    }
}

impl Rule {
    fn matches(&self, f: &Finding, doc: &Value) -> bool {
        (self.codes.is_empty() || self.codes.contains(&f.code))
            && (self.paths.is_empty() || self.paths.iter().any(|g| glob(g, &f.file, Some('/'))))
            && (self.documents.is_empty()
                || f.document
                    .as_deref()
                    .is_some_and(|d| self.documents.iter().any(|g| glob(g, d, None))))
            && (self.sids.is_empty() || f.sid.as_ref().is_some_and(|s| self.sids.contains(s)))
            && (self.actions.is_empty()
                || action_of(f, doc).is_some_and(|a| {
                    self.actions
                        .iter()
                        .any(|p| glob(&p.to_ascii_lowercase(), &a.to_ascii_lowercase(), None))
                }))
    }
}

/// The action a finding is about: the string at its path, when the path is
/// an `Action` or `NotAction` element.
fn action_of<'v>(f: &Finding, doc: &'v Value) -> Option<&'v str> {
    let element = f
        .path
        .trim_end_matches(|c: char| c == ']' || c.is_ascii_digit());
    let element = element.strip_suffix('[').unwrap_or(element);
    if !(element.ends_with(".Action") || element.ends_with(".NotAction")) {
        return None;
    }
    crate::jsonpath::get(doc, &f.path)?.as_str()
}

/// Whether `text` matches `pattern`: `?` one character and `*` any run of
/// them, neither crossing `sep` when one is given; `**` crosses it (and
/// `**/` also matches nothing). Dynamic programming over pattern × text:
/// time bounded by their product, whatever the pattern.
pub fn glob(pattern: &str, text: &str, sep: Option<char>) -> bool {
    enum Token {
        Lit(char),
        One,
        Star,
        Any,
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                // `**/` matches zero or more whole directories.
                if sep.is_some() && chars.get(i).copied() == sep {
                    i += 1;
                }
                tokens.push(Token::Any);
                continue;
            }
            '*' => tokens.push(Token::Star),
            '?' => tokens.push(Token::One),
            c => tokens.push(Token::Lit(c)),
        }
        i += 1;
    }
    let text: Vec<char> = text.chars().collect();
    let is_sep = |c: char| Some(c) == sep;
    // fits[j]: the tokens so far match text[..j].
    let mut fits = vec![false; text.len() + 1];
    fits[0] = true;
    for token in &tokens {
        let mut next = vec![false; text.len() + 1];
        match token {
            Token::Star | Token::Any => {
                let crosses = matches!(token, Token::Any) || sep.is_none();
                let mut reach = false;
                for j in 0..=text.len() {
                    if j > 0 && reach && !crosses && is_sep(text[j - 1]) {
                        reach = false;
                    }
                    reach |= fits[j];
                    next[j] = reach;
                }
            }
            Token::One => {
                for j in 1..=text.len() {
                    next[j] = fits[j - 1] && !is_sep(text[j - 1]);
                }
            }
            Token::Lit(c) => {
                for j in 1..=text.len() {
                    next[j] = fits[j - 1] && text[j - 1] == *c;
                }
            }
        }
        fits = next;
    }
    fits[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("*.json", "a.json", Some('/')));
        assert!(!glob("*.json", "d/a.json", Some('/')));
        assert!(glob("**/*.json", "a.json", Some('/')));
        assert!(glob("**/*.json", "d/e/a.json", Some('/')));
        assert!(glob("d/**", "d/e/a.json", Some('/')));
        assert!(glob("d/?.json", "d/a.json", Some('/')));
        assert!(!glob("d/?.json", "d/ab.json", Some('/')));
        assert!(glob("chime:*", "chime:createaccount", None));
        assert!(!glob("chime:list*", "chime:createaccount", None));
        // Linear in practice on a hostile pattern.
        let long = "a".repeat(2000);
        assert!(!glob(&"*a".repeat(500), &format!("{long}b"), None));
    }

    #[test]
    fn config_files_are_strict() {
        let c = Config::parse(
            r#"
            select = ["IAM003", "resource-mismatch"]
            ignore = ["IAM009"]
            [[suppress]]
            sids = ["Legacy"]
            reason = "kept for the old pipeline"
            "#,
        )
        .unwrap();
        let f = Filter::new(&c, None, &[]).unwrap();
        assert!(!f.is_empty());
        assert!(Config::parse("selct = []").unwrap_err().0.contains("selct"));
        let empty = Config::parse("[[suppress]]\nreason = \"x\"").unwrap();
        assert!(
            Filter::new(&empty, None, &[])
                .unwrap_err()
                .0
                .contains("at least one")
        );
        let bad = Config::parse("ignore = [\"IAM999\"]").unwrap();
        assert!(
            Filter::new(&bad, None, &[])
                .unwrap_err()
                .0
                .contains("IAM999")
        );
    }

    #[test]
    fn suppression_by_sid_action_path_and_code() {
        let c = Config::parse(
            r#"
            [[suppress]]
            sids = ["Legacy"]
            codes = ["IAM003"]
            [[suppress]]
            actions = ["chime:*"]
            [[suppress]]
            paths = ["vendor/**"]
            "#,
        )
        .unwrap();
        let filter = Filter::new(&c, None, &[]).unwrap();
        let doc = serde_json::json!({"Statement": [
            {"Sid": "Legacy", "Effect": "Allow", "Action": ["s3:Nope", "chime:CreateAccount"], "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:Nope", "Resource": "*"}
        ]});
        let mut r = crate::check_value("p.json", &doc, crate::Options::default());
        r.place(&doc, None, |_| None);
        let kept: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| filter.keeps(f, &doc))
            .map(|f| f.path.as_str())
            .collect();
        // The Legacy statement's IAM003 and every chime finding are gone; the
        // second statement's IAM003 stays.
        assert!(kept.contains(&"$.Statement[1].Action"), "{kept:?}");
        assert!(
            !kept.iter().any(|p| p.starts_with("$.Statement[0].Action")),
            "{kept:?}"
        );
        let mut vendored = r.findings[0].clone();
        vendored.file = "vendor/x/p.json".to_string();
        assert!(!filter.keeps(&vendored, &doc));
        let only = Filter::new(&Config::default(), Some(&["IAM004".to_string()]), &[]).unwrap();
        assert!(r.findings.iter().all(|f| !only.keeps(f, &doc)));
    }
}
