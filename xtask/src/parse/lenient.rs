//! Lenient reading of the names inside table cells.
//!
//! A condition key, dependent action, resource type or IAM action named in a
//! cell is content, not structure: one malformed name must not reject the
//! whole page (and with it the daily job). [`read_name`] accepts a valid name
//! as is; otherwise it tries the one rewrite IAM's rules make unambiguous
//! (service prefixes are lower-case and no name has whitespace around its
//! `prefix:` separator); failing that it keeps the name as written when the
//! model can hold it, and leaves it out when it cannot. Every case but the
//! first says so, in words a [`Warning`](super::Warning) can carry.

use crate::model::NameError;

use super::warning::WarningClass;

/// What became of a name.
#[derive(Debug, PartialEq, Eq)]
pub enum NameRead<T> {
    /// Valid as written.
    Valid(T),
    /// Not valid as written; here is what was done, for a warning.
    Changed {
        /// The value kept, when one could be.
        value: Option<T>,
        /// Normalised, kept as written, or left out.
        class: WarningClass,
        /// What was done.
        message: String,
    },
}

/// The unambiguous rewrite: whitespace around the first `:` removed and the
/// prefix before it lower-cased. `None` when there is nothing to rewrite.
pub fn normalise_qualified(raw: &str) -> Option<String> {
    let (prefix, rest) = raw.split_once(':')?;
    let fixed = format!(
        "{}:{}",
        prefix.trim().to_ascii_lowercase(),
        rest.trim_start()
    );
    (fixed != raw).then_some(fixed)
}

/// Reads `raw` (a `what`, e.g. "condition key") with `new`, the model type's
/// checked constructor. `strict` is the naming rule the page should follow
/// (the model may hold a little more, such as a condition key with a space,
/// so that such a key can be kept as written).
pub fn read_name<T>(
    raw: &str,
    what: &str,
    strict: fn(&str) -> bool,
    new: impl Fn(&str) -> Result<T, NameError>,
) -> NameRead<T> {
    if strict(raw)
        && let Ok(v) = new(raw)
    {
        return NameRead::Valid(v);
    }
    if let Some(fixed) = normalise_qualified(raw)
        && strict(&fixed)
        && let Ok(v) = new(&fixed)
    {
        return NameRead::Changed {
            value: Some(v),
            class: WarningClass::Normalised,
            message: format!("{what} is not a valid name; read as {fixed:?}"),
        };
    }
    match new(raw) {
        Ok(v) => NameRead::Changed {
            value: Some(v),
            class: WarningClass::KeptAsWritten,
            message: format!("{what} breaks IAM's naming rules; kept as written"),
        },
        Err(e) => NameRead::Changed {
            value: None,
            class: WarningClass::LeftOut,
            message: format!("{what} left out: {e}"),
        },
    }
}

/// IAM's rule for condition keys: no whitespace, no control characters.
pub fn strict_condition_key(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Anything the model accepts (the model's own rule is IAM's).
pub fn any(_: &str) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConditionKeyName, QualifiedAction};

    fn key(raw: &str) -> NameRead<ConditionKeyName> {
        read_name(raw, "condition key", strict_condition_key, |s| {
            ConditionKeyName::new(s)
        })
    }

    fn action(raw: &str) -> NameRead<QualifiedAction> {
        read_name(raw, "dependent action", any, |s| QualifiedAction::new(s))
    }

    #[test]
    fn valid_names_pass_untouched() {
        assert_eq!(
            key("aws:ResourceTag/${TagKey}"),
            NameRead::Valid(ConditionKeyName::new("aws:ResourceTag/${TagKey}").unwrap())
        );
        assert!(matches!(action("iam:PassRole"), NameRead::Valid(_)));
    }

    #[test]
    fn an_upper_case_prefix_is_lower_cased() {
        let NameRead::Changed {
            value,
            class,
            message,
        } = action("Chime:ListUsers")
        else {
            panic!("expected a change")
        };
        assert_eq!(value.unwrap().as_str(), "chime:ListUsers");
        assert_eq!(class, WarningClass::Normalised);
        assert!(
            message.ends_with("read as \"chime:ListUsers\""),
            "{message}"
        );
        let NameRead::Changed { value, .. } = key("EC2 : Region") else {
            panic!("expected a change")
        };
        assert_eq!(value.unwrap().as_str(), "ec2:Region");
    }

    #[test]
    fn a_key_with_a_space_is_kept_as_written() {
        let NameRead::Changed { value, class, .. } = key("chime:Meeting Id") else {
            panic!("expected a change")
        };
        assert_eq!(value.unwrap().as_str(), "chime:Meeting Id");
        assert_eq!(class, WarningClass::KeptAsWritten);
    }

    #[test]
    fn an_unrepresentable_name_is_left_out_and_said() {
        let NameRead::Changed {
            value,
            class,
            message,
        } = action("chime:List Users")
        else {
            panic!("expected a change")
        };
        assert_eq!(value, None);
        assert_eq!(class, WarningClass::LeftOut);
        assert!(
            message.starts_with("dependent action left out"),
            "{message}"
        );
    }
}
