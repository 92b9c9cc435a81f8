//! "Did you mean …?": the nearest known name to one that is not known,
//! and the parse error that says so.

use core::fmt;

/// A name that names nothing the catalog knows (a resource type, a
/// condition key, a notice, …), with the nearest known one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    what: &'static str,
    given: String,
    suggestion: Option<String>,
}

impl UnknownName {
    pub(crate) fn new(what: &'static str, given: &str, suggestion: Option<String>) -> UnknownName {
        UnknownName {
            what,
            given: given.to_string(),
            suggestion,
        }
    }

    /// What kind of name was expected ("resource type", "condition key", …).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The text given.
    pub fn given(&self) -> &str {
        &self.given
    }

    /// The nearest known name, when one is near enough to be a typo.
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a known {}", self.given, self.what)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s:?}?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownName {}

/// The candidate nearest to `given` by edit distance, ignoring ASCII case,
/// when it is near enough to be a likely typo: at most a third of the
/// longer name's length (and at least 1, at most 4 edits).
pub(crate) fn nearest(
    given: &str,
    candidates: impl IntoIterator<Item = &'static str>,
) -> Option<&'static str> {
    // Names are short; a very long input is no typo of one.
    if given.is_empty() || given.len() > 256 {
        return None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    let mut row = Vec::new();
    for c in candidates {
        let limit = (given.len().max(c.len()) / 3).clamp(1, 4);
        if c.len().abs_diff(given.len()) > limit {
            continue;
        }
        let d = distance(given.as_bytes(), c.as_bytes(), &mut row);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over ASCII-lowercased bytes, one row of memory.
fn distance(a: &[u8], b: &[u8], row: &mut Vec<usize>) -> usize {
    row.clear();
    row.extend(0..=b.len());
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(!ca.eq_ignore_ascii_case(&cb));
            let next = (row[j] + 1).min(row[j + 1] + 1).min(diagonal + cost);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["GetObject", "PutObject", "ListBucket"];
        assert_eq!(nearest("GetObjet", names), Some("GetObject"));
        assert_eq!(nearest("getobjects", names), Some("GetObject"));
        assert_eq!(nearest("ListBuckets", names), Some("ListBucket"));
        assert_eq!(nearest("DeleteEverything", names), None);
        assert_eq!(nearest("", names), None);
        assert_eq!(nearest("s4", ["s3", "sts"]), Some("s3"));
    }
}
