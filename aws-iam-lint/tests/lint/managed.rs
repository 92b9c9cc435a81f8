//! Every AWS managed policy of the corpus (1,594): each is checked, each
//! statement summarised, and nothing about AWS's own documents is malformed.
//! The per-code figures are in `docs/managed-policies.md` (written by the
//! `managed-policies` example).

use aws_iam_lint::{Code, Options, corpus};

use crate::util::{corpus as corpus_dir, managed_policies};

#[test]
fn every_managed_policy_is_checked() {
    let Some(dir) = corpus_dir() else { return };
    let policies = managed_policies(&dir);
    assert_eq!(policies.len(), 1594);
    let report = corpus::check_all("managed-policies", &policies, Options::default());
    assert_eq!(report.documents, 1594);
    let statements: usize = policies
        .iter()
        .map(|p| match &p.document["Statement"] {
            serde_json::Value::Array(list) => list.len(),
            _ => 1,
        })
        .sum();
    assert_eq!(
        report.statements.len(),
        statements,
        "every statement is summarised"
    );
    let malformed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == Code::Malformed)
        .collect();
    assert!(malformed.is_empty(), "{malformed:#?}");
    // The quirks the corpus README names are found.
    let case: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == Code::ActionCase)
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        case.iter().any(|m| m.contains("\"iam:listRoles\"")),
        "{case:?}"
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == Code::UnknownAction)
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == Code::AllowNotAction)
    );
}

#[test]
fn a_bad_corpus_line_is_an_error_naming_it() {
    let text = "{\"name\": \"A\", \"document\": {}}\n{\"name\": \"B\"}\n";
    let err = corpus::read("x.jsonl", text.as_bytes()).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.to_string()
            .contains("x.jsonl line 2: B: no \"document\""),
        "{err}"
    );
    let err = corpus::read("x.jsonl", "{oops\n".as_bytes()).unwrap_err();
    assert!(err.message.starts_with("not JSON"), "{err}");
}
