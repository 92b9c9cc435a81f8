//! Word-level differences of text fields (descriptions), with `similar`.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A run of words that is kept, deleted or inserted.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct WordOp {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    /// The words, with their spacing.
    pub text: String,
}

/// The word-level diff of `old` → `new`, adjacent runs of one kind merged.
pub fn word_diff(old: &str, new: &str) -> Vec<WordOp> {
    let diff = TextDiff::from_words(old, new);
    let mut ops: Vec<WordOp> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match ops.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => ops.push(WordOp {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_not_characters() {
        let ops = word_diff(
            "Grants permission to list buckets",
            "Grants permission to list all buckets",
        );
        let shown: Vec<(&str, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                ("equal", "Grants permission to list "),
                ("insert", "all "),
                ("equal", "buckets")
            ]
        );
        let replaced = word_diff("an ACM Private CA", "an AWS Private CA");
        assert!(replaced.iter().any(|o| o.op == "delete" && o.text == "ACM"));
        assert!(replaced.iter().any(|o| o.op == "insert" && o.text == "AWS"));
    }
}
