//! Where policies come from: files, directories, `.jsonl` corpus files,
//! CloudFormation templates (YAML or JSON), Terraform plans (`terraform
//! show -json`) and standard input (see `docs/inputs.md`).
//!
//! Bounded whatever the input: every document (a `.json` file, a `.jsonl`
//! line, a template's or a plan's policy) has the same cap,
//! [`MAX_DOCUMENT_BYTES`]; a file that holds many has a cap of its own and
//! is read once; a directory walk visits each real file once (symlink loops
//! and links to the same file included).

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::check::{Checker, MAX_DOCUMENT_BYTES, Options, Report};
use crate::config::Filter;
use crate::container::Sink;
use crate::policy::PolicyKind;
use crate::{cloudformation, corpus, document, terraform};

/// The largest CloudFormation template read (CloudFormation's own limit is
/// 1 MB for a template in S3).
pub const MAX_TEMPLATE_BYTES: usize = 4 << 20;

/// The largest Terraform plan read (plans of big configurations run to tens
/// of megabytes; the policies in them are each capped as any document).
pub const MAX_PLAN_BYTES: usize = 128 << 20;

/// Input that could not be read (exit status 2).
#[derive(Debug)]
pub struct InputError {
    /// The path (`-` for standard input).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            crate::output::escape(&self.path),
            crate::output::escape(&self.message)
        )
    }
}

impl std::error::Error for InputError {}

/// Checks every policy named by `paths` (`-` is standard input).
pub fn check_paths(paths: &[PathBuf], options: Options) -> Result<Report, InputError> {
    check_paths_filtered(paths, options, &Filter::default())
}

/// [`check_paths`], keeping only the findings `filter` keeps. A path that
/// yields no policy document at all is an error.
pub fn check_paths_filtered(
    paths: &[PathBuf],
    options: Options,
    filter: &Filter,
) -> Result<Report, InputError> {
    let mut run = Run {
        options,
        checkers: Vec::new(),
        filter,
        report: Report::default(),
        seen_files: HashSet::new(),
        seen_dirs: HashSet::new(),
    };
    for path in paths {
        let before = run.report.documents;
        let name = path.display().to_string();
        if path.as_os_str() == "-" {
            let text = read_policy_or_container("-", std::io::stdin().lock())?;
            run.text("-", &text, Explicit::Yes)?;
        } else {
            let mut files = Vec::new();
            let matched = run.collect(path, &mut files, 0)?;
            let new = !files.is_empty();
            for file in files {
                run.file(
                    &file,
                    if path == &file {
                        Explicit::Yes
                    } else {
                        Explicit::No
                    },
                )?;
            }
            // Files all read already for an earlier argument: not an error.
            if matched > 0 && !new {
                continue;
            }
        }
        if run.report.documents == before {
            return Err(InputError {
                path: name,
                message: "no policy document found here (files: *.json, *.jsonl, *.yaml, *.yml, *.template, any case)".to_string(),
            });
        }
    }
    Ok(run.report)
}

/// Whether a file was named on the command line (a YAML file that is no
/// template is then an error) or found by a walk (it is skipped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Explicit {
    Yes,
    No,
}

struct Run<'f> {
    options: Options,
    /// One checker per policy kind met: templates say which kind each
    /// policy is; the checkers keep what they worked out for the run.
    checkers: Vec<(PolicyKind, Checker)>,
    filter: &'f Filter,
    report: Report,
    seen_files: HashSet<PathBuf>,
    seen_dirs: HashSet<PathBuf>,
}

/// What a file is, by extension (any case).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Json,
    Jsonl,
    Yaml,
    /// `.template`: CloudFormation's own extension, JSON or YAML.
    Template,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "json" => Kind::Json,
        "jsonl" => Kind::Jsonl,
        "yaml" | "yml" => Kind::Yaml,
        "template" => Kind::Template,
        _ => return None,
    })
}

impl Run<'_> {
    /// The checker for `kind` (`None`: the command line's kind).
    pub(crate) fn checker(&mut self, kind: Option<PolicyKind>) -> &mut Checker {
        let kind = kind.unwrap_or(self.options.kind);
        let at = match self.checkers.iter().position(|(k, _)| *k == kind) {
            Some(at) => at,
            None => {
                let mut options = self.options;
                options.kind = kind;
                self.checkers.push((kind, Checker::new(options)));
                self.checkers.len() - 1
            }
        };
        &mut self.checkers[at].1
    }

    /// Adds a document's report, its findings filtered.
    pub(crate) fn add(&mut self, mut report: Report, doc: Option<&Value>) {
        if !self.filter.is_empty() {
            let null = Value::Null;
            let doc = doc.unwrap_or(&null);
            report.findings.retain(|f| self.filter.keeps(f, doc));
        }
        self.report.extend(report);
    }

    /// Adds to `out` the files of `path` not met before; returns how many
    /// files it matched, met before or not.
    fn collect(
        &mut self,
        path: &Path,
        out: &mut Vec<PathBuf>,
        depth: usize,
    ) -> Result<usize, InputError> {
        let err = |message: String| InputError {
            path: path.display().to_string(),
            message,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
        let real = std::fs::canonicalize(path).map_err(|e| err(e.to_string()))?;
        if !meta.is_dir() {
            if self.seen_files.insert(real) {
                out.push(path.to_path_buf());
            }
            return Ok(1);
        }
        // A directory met again (a symlink to it, a loop) is not read again.
        if !self.seen_dirs.insert(real) {
            return Ok(0);
        }
        if depth >= MAX_DEPTH {
            return Err(err(format!("directories nested deeper than {MAX_DEPTH}")));
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| err(e.to_string()))?
            .map(|e| e.map(|e| e.path()).map_err(|e| err(e.to_string())))
            .collect::<Result<_, _>>()?;
        entries.sort();
        let mut matched = 0;
        for entry in entries {
            let is_dir = std::fs::metadata(&entry).is_ok_and(|m| m.is_dir());
            if is_dir || kind_of(&entry).is_some() {
                matched += self.collect(&entry, out, depth + 1)?;
            }
        }
        Ok(matched)
    }

    fn file(&mut self, file: &Path, explicit: Explicit) -> Result<(), InputError> {
        let name = file.display().to_string();
        let open = std::fs::File::open(file).map_err(|e| InputError {
            path: name.clone(),
            message: e.to_string(),
        })?;
        match kind_of(file) {
            Some(Kind::Jsonl) => {
                let filter = self.filter;
                let checker = self.checker(None);
                let report =
                    corpus::check_stream(checker, &name, std::io::BufReader::new(open), filter)
                        .map_err(|e| InputError {
                            path: name.clone(),
                            message: format!("line {}: {}", e.line, e.message),
                        })?;
                // Filtered entry by entry, against each entry's document.
                self.report.extend(report);
                Ok(())
            }
            Some(Kind::Yaml) => {
                let text = read_text(&name, open, MAX_TEMPLATE_BYTES)?;
                self.yaml(&name, &text, explicit)
            }
            _ => {
                let text = read_policy_or_container(&name, open)?;
                if kind_of(file) == Some(Kind::Template) && !looks_like_json(&text) {
                    return self.yaml(&name, &text, explicit);
                }
                self.text(&name, &text, explicit)
            }
        }
    }

    fn yaml(&mut self, name: &str, text: &str, explicit: Explicit) -> Result<(), InputError> {
        match cloudformation::check_yaml(self, name, text) {
            Ok(()) => Ok(()),
            Err(cloudformation::NotATemplate) if explicit == Explicit::No => Ok(()),
            Err(cloudformation::NotATemplate) => Err(InputError {
                path: name.to_string(),
                message: "not a CloudFormation template (no Resources mapping)".to_string(),
            }),
        }
    }

    /// JSON text: a policy, a CloudFormation template or a Terraform plan,
    /// told apart by the first key of the object.
    fn text(&mut self, name: &str, text: &str, _explicit: Explicit) -> Result<(), InputError> {
        match container_of(text) {
            Some(Container::Template) => cloudformation::check_json(self, name, text),
            Some(Container::Plan) => terraform::check_plan(self, name, text),
            None => {
                let checker = self.checker(None);
                let (report, doc) = checker.check_json(name, text, false);
                self.add(report, doc.as_ref());
            }
        }
        Ok(())
    }
}

/// Directory depth beyond which a tree is refused.
const MAX_DEPTH: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Template,
    Plan,
}

/// CloudFormation's top-level sections: a JSON object whose first key is
/// one of them is a template.
const TEMPLATE_SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    "Hooks",
];

fn looks_like_json(text: &str) -> bool {
    document::strip_bom(text)
        .trim_start()
        .starts_with(['{', '['])
}

/// The first key of a JSON object's text, as written (no unescaping: the
/// keys that matter have no escapes).
fn first_key(text: &str) -> Option<&str> {
    let rest = document::strip_bom(text).trim_start().strip_prefix('{')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(&rest[..end])
}

fn container_of(text: &str) -> Option<Container> {
    let key = first_key(text)?;
    if key == "format_version" {
        Some(Container::Plan)
    } else if TEMPLATE_SECTIONS.contains(&key) {
        Some(Container::Template)
    } else {
        None
    }
}

/// Reads a JSON file: at most one byte past the per-document cap, unless
/// its first key says it is a template or a plan, which are read up to
/// their own caps. A policy over the cap is reported by the checker as too
/// large, having cost no more than the cap.
fn read_policy_or_container(name: &str, reader: impl Read) -> Result<String, InputError> {
    let mut reader = reader;
    let mut bytes = Vec::new();
    read_into(name, &mut reader, MAX_DOCUMENT_BYTES + 1, &mut bytes)?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
        let cap = match container_of(&head) {
            Some(Container::Template) => Some(MAX_TEMPLATE_BYTES),
            Some(Container::Plan) => Some(MAX_PLAN_BYTES),
            None => None,
        };
        if let Some(cap) = cap {
            read_into(name, &mut reader, cap + 1 - bytes.len(), &mut bytes)?;
            if bytes.len() > cap {
                return Err(InputError {
                    path: name.to_string(),
                    message: format!("more than {cap} bytes, the most a file of its kind may have"),
                });
            }
        }
    }
    utf8(name, bytes)
}

fn read_into(
    name: &str,
    reader: &mut impl Read,
    limit: usize,
    bytes: &mut Vec<u8>,
) -> Result<(), InputError> {
    reader
        .take(limit as u64)
        .read_to_end(bytes)
        .map(|_| ())
        .map_err(|e| InputError {
            path: name.to_string(),
            message: e.to_string(),
        })
}

/// Reads at most `cap` bytes; more is an error.
fn read_text(name: &str, mut reader: impl Read, cap: usize) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    read_into(name, &mut reader, cap + 1, &mut bytes)?;
    if bytes.len() > cap {
        return Err(InputError {
            path: name.to_string(),
            message: format!("more than {cap} bytes, the most a file of its kind may have"),
        });
    }
    utf8(name, bytes)
}

fn utf8(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| InputError {
        path: name.to_string(),
        message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
    })
}

impl Sink for Run<'_> {
    fn checker(&mut self, kind: PolicyKind) -> &mut Checker {
        Run::checker(self, Some(kind))
    }
    fn add(&mut self, report: Report, doc: Option<&Value>) {
        Run::add(self, report, doc)
    }
}
