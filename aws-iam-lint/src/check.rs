//! Runs every check on a document: the grammar (`policy`), then per
//! statement the actions, resources and condition keys. A statement is
//! always checked in full: an unknown action is reported and the rest of
//! the statement is judged on the actions that are known.

mod actions;
mod bounded;
mod conditions;
mod key_index;
mod kind;
mod memo;
mod resources;
mod since;
#[cfg(test)]
mod tests;
mod values;
#[cfg(test)]
mod verdicts;

use aws_iam_catalog::{AccessLevel, Date};
use serde_json::Value;

use self::actions::{DeprecationOf, Known};
use self::memo::Memo;
use crate::finding::{Code, Finding};
use crate::policy::{self, Effect, PolicyKind, Statement};

pub use self::since::{history_note, parse_since};
pub use crate::document::MAX_DOCUMENT_BYTES;

/// How to check.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The kind of policy, which decides what `Principal`/`Resource` must be.
    pub kind: PolicyKind,
    /// `--since DATE`: report what wildcards grant that was first recorded
    /// after the date (IAM017); off when `None`.
    pub since: Option<Date>,
}

/// What checking one or more documents found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The findings, in document order.
    pub findings: Vec<Finding>,
    /// One access-level summary per statement that could be read.
    pub statements: Vec<StatementSummary>,
    /// How many documents were checked.
    pub documents: usize,
}

impl Report {
    /// Adds another report's content.
    pub fn extend(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.statements.extend(other.statements);
        self.documents += other.documents;
    }

    /// The report of one document with one finding.
    pub(crate) fn single(finding: Finding) -> Report {
        Report {
            findings: vec![finding],
            statements: Vec::new(),
            documents: 1,
        }
    }

    /// Names the document of every finding and statement, and places the
    /// findings (see [`crate::document::place`]).
    pub(crate) fn place(
        &mut self,
        doc: &Value,
        document: Option<&str>,
        line_of: impl Fn(&str) -> Option<(usize, usize)>,
    ) {
        for s in &mut self.statements {
            if s.document.is_none() {
                s.document = document.map(str::to_string);
            }
        }
        crate::document::place(&mut self.findings, doc, document, line_of);
    }
}

/// The access levels a statement's actions grant or deny.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementSummary {
    /// The file.
    pub file: String,
    /// The document inside the file, as [`Finding::document`].
    pub document: Option<String>,
    /// The statement's index.
    pub statement: usize,
    /// `Sid`, when given.
    pub sid: Option<String>,
    /// `Effect`, when valid.
    pub effect: Option<Effect>,
    /// True for `NotAction`: the counts are of the actions it excludes.
    pub not_action: bool,
    /// Distinct known actions its `Action` (or `NotAction`) matches.
    pub actions: usize,
    /// Per access level, how many of them have it (an action with two levels
    /// counts in both), in AWS's order; levels with none are left out.
    pub access: Vec<(AccessLevel, usize)>,
}

/// Checks a document given as text (JSON). To check many, use one
/// [`Checker`]: it works out each distinct action string once.
pub fn check_text(file: &str, text: &str, options: Options) -> Report {
    Checker::new(options).check_text(file, text)
}

/// Checks a parsed document (see [`check_text`]).
pub fn check_value(file: &str, document: &Value, options: Options) -> Report {
    Checker::new(options).check_value(file, document)
}

/// Checks documents one after another, keeping for the run what depends
/// on a string alone (what an action string resolves to and its findings,
/// whether a resource string fits a template), so that a corpus is not
/// resolved string by string again. Its findings are those of
/// [`check_text`] on each document; its memory is bounded.
pub struct Checker {
    options: Options,
    memo: Memo,
}

impl Checker {
    /// A checker with nothing worked out yet.
    pub fn new(options: Options) -> Checker {
        Checker::with_deprecation(options, actions::catalog_deprecation)
    }

    /// A checker that asks `deprecation` rather than the catalog whether an
    /// action is removed or ending support (the unit tests of those
    /// findings: the committed catalog holds neither yet).
    pub(crate) fn with_deprecation(options: Options, deprecation: DeprecationOf) -> Checker {
        Checker {
            options,
            memo: Memo::new(deprecation, options.since),
        }
    }

    /// Checks a document given as text (JSON): a byte-order mark is
    /// skipped, keys given twice are findings, each finding has its line.
    pub fn check_text(&mut self, file: &str, text: &str) -> Report {
        self.check_json(file, text, false).0
    }

    /// [`Checker::check_text`], and the document when it was JSON.
    /// `in_string`: the text was a string inside another file, whose own
    /// lines mean nothing there.
    pub(crate) fn check_json(
        &mut self,
        file: &str,
        text: &str,
        in_string: bool,
    ) -> (Report, Option<Value>) {
        use crate::document::{duplicate_keys, lines_for, strip_bom, too_large, whole};
        let text = strip_bom(text);
        if text.len() > MAX_DOCUMENT_BYTES {
            return (Report::single(too_large(file, text.len(), None)), None);
        }
        let doc = match serde_json::from_str::<Value>(text) {
            Ok(doc) => doc,
            Err(e) => {
                let line = (e.line() > 0).then_some(e.line());
                let f = whole(file, Code::Malformed, line, format!("not JSON: {e}"));
                return (Report::single(f), None);
            }
        };
        let mut report = self.check_value(file, &doc);
        let duplicates = duplicate_keys(file, text, "$", in_string);
        report.findings.extend(duplicates);
        let lines = lines_for(text, "$", &report.findings);
        report.place(&doc, None, |path| lines.get(path).copied());
        (report, Some(doc))
    }

    /// Checks a parsed document. A CloudFormation intrinsic function in
    /// it (a policy copied out of a template: `{"Fn::Sub": "arn:…"}` in
    /// `Resource`) is judged leniently, as in a template: `Fn::Sub`'s text
    /// with each `${…}` as `*`, a value only known at deploy time (`Ref`,
    /// `Fn::GetAtt`…) as `*` with no finding about it.
    pub fn check_value(&mut self, file: &str, document: &Value) -> Report {
        if !crate::intrinsic::has_intrinsic(document) {
            return self.check_policy(file, document);
        }
        let Some(resolved) = crate::intrinsic::resolve_policy(document) else {
            // The whole policy is a deploy-time value: nothing to judge.
            return Report {
                documents: 1,
                ..Report::default()
            };
        };
        let mut report = self.check_policy(file, &resolved.doc);
        report.findings.retain(|f| resolved.judged(f));
        report
    }

    /// Checks a parsed document free of intrinsic functions.
    fn check_policy(&mut self, file: &str, document: &Value) -> Report {
        let mut sink = Sink::new(file);
        let (policy, problems) = policy::read(document, self.options.kind);
        for p in problems {
            sink.push(Code::Malformed, p.statement, &p.path, p.message, None);
        }
        kind::check(document, self.options.kind, &mut sink);
        // What the document's action strings have cost (against
        // `actions::WORK_BUDGET`).
        let mut action_work = 0;
        let summaries = policy
            .statements
            .iter()
            .map(|s| check_statement(s, &mut self.memo, &mut action_work, &mut sink))
            .collect();
        sink.into_report(summaries)
    }
}

fn check_statement(
    statement: &Statement,
    memo: &mut Memo,
    action_work: &mut usize,
    sink: &mut Sink,
) -> StatementSummary {
    let at = Some(statement.index);
    let resolved = actions::resolve(
        statement,
        memo.deprecation,
        memo.since,
        &mut memo.actions,
        action_work,
        sink,
    );
    if statement.actions.not && statement.effect == Some(Effect::Allow) {
        sink.push(
            Code::AllowNotAction,
            at,
            &statement.actions.path,
            "Allow with NotAction grants every action not listed, including actions AWS adds later"
                .to_string(),
            Some("list the actions to allow in Action, or make the statement a Deny".to_string()),
        );
    }
    // With NotAction the statement applies to every action not listed, so
    // any resource type and any condition key may fit: nothing to judge.
    // Nor when some strings were left unresolved (IAM018): judged on part
    // of its actions, a resource or key could be wrongly reported.
    let all_resolved = resolved.unjudged == 0;
    if !statement.actions.not && all_resolved {
        resources::check(statement, &resolved, memo, sink);
        conditions::check_keys(statement, &resolved, memo, sink);
    }
    if statement.actions.not && statement.effect == Some(Effect::Allow) && all_resolved {
        not_action_since(statement, &resolved.actions, memo, sink);
    }
    conditions::check_set_operators(statement, memo, sink);
    values::check(statement, memo, sink);
    summarize(statement, &resolved.actions, &sink.file)
}

/// IAM017 for `Allow` with `NotAction`: it grants every newer action it
/// does not list (a wildcard's own finding is its string's, in `actions`).
fn not_action_since(statement: &Statement, excluded: &[Known], memo: &mut Memo, sink: &mut Sink) {
    let Some((since, newer)) = memo.newer_than_since() else {
        return;
    };
    let excluded: Vec<aws_iam_catalog::Action> = excluded.iter().map(|k| k.action).collect();
    if let Some(message) = newer.message_except(&excluded, since) {
        sink.push(
            Code::GrantsNewerActions,
            Some(statement.index),
            &statement.actions.path,
            message,
            None,
        );
    }
}

fn summarize(statement: &Statement, actions: &[Known], file: &str) -> StatementSummary {
    let access = AccessLevel::ALL
        .iter()
        .map(|&level| {
            let n = actions.iter().filter(|a| a.access.contains(level)).count();
            (level, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect();
    StatementSummary {
        file: file.to_string(),
        document: None,
        statement: statement.index,
        sid: statement.sid.clone(),
        effect: statement.effect,
        not_action: statement.actions.not,
        actions: actions.len(),
        access,
    }
}

/// Collects the findings of one document.
pub(crate) struct Sink {
    file: String,
    findings: Vec<Finding>,
}

impl Sink {
    fn new(file: &str) -> Sink {
        Sink {
            file: file.to_string(),
            findings: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        code: Code,
        statement: Option<usize>,
        path: &str,
        message: String,
        suggestion: Option<String>,
    ) {
        self.findings.push(Finding {
            code,
            file: self.file.clone(),
            document: None,
            sid: None,
            statement,
            path: path.to_string(),
            line: None,
            column: None,
            message,
            suggestion,
            also: 0,
        });
    }

    fn into_report(self, statements: Vec<StatementSummary>) -> Report {
        Report {
            findings: self.findings,
            statements,
            documents: 1,
        }
    }
}
