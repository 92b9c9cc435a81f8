//! What a page parse had to say without failing: a [`Warning`] names the
//! page, the table, the row and the value it is about, and its
//! [`WarningClass`] says what kind of oddity it is, so that a run can count
//! them by class and `parse --strict` can refuse them.
//!
//! The parser is strict on structure (a missing table, column or section, a
//! page cut short: errors) and lenient on content: a value inside a cell that
//! breaks a naming rule is normalised where IAM's own rules make that
//! unambiguous (prefixes are lower-case, names carry no surrounding
//! whitespace) and kept as written otherwise. Either way it is a warning.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of oddity a [`Warning`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WarningClass {
    /// A value rewritten by a rule IAM makes unambiguous (an upper-case
    /// prefix lower-cased, whitespace inside a name removed or trimmed).
    Normalised,
    /// A value that breaks a naming rule and was kept as written.
    KeptAsWritten,
    /// A value that breaks a naming rule, cannot be represented, and was
    /// left out (named in the warning).
    LeftOut,
    /// One action listed in two rows that say different things.
    ConflictingDuplicate,
    /// The same action row twice, saying the same thing (kept once).
    Duplicate,
    /// A table whose headers name no known table kind (not read).
    IgnoredTable,
    /// An API operation authorizes its namesake action, which the page lacks.
    OperationWithoutAction,
    /// A JSON twin read with a caveat (another schema version, a file name
    /// that names another service, a flag or key type not known).
    TwinOddity,
    /// A text longer than the catalog keeps, cut at its limit
    /// (`parse/limits.rs`).
    TextCut,
}

impl WarningClass {
    /// Every class, in report order.
    pub const ALL: [WarningClass; 9] = [
        WarningClass::Normalised,
        WarningClass::KeptAsWritten,
        WarningClass::LeftOut,
        WarningClass::ConflictingDuplicate,
        WarningClass::Duplicate,
        WarningClass::IgnoredTable,
        WarningClass::OperationWithoutAction,
        WarningClass::TwinOddity,
        WarningClass::TextCut,
    ];

    /// The class's stable name (as in JSON output and the database).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningClass::Normalised => "normalised",
            WarningClass::KeptAsWritten => "kept-as-written",
            WarningClass::LeftOut => "left-out",
            WarningClass::ConflictingDuplicate => "conflicting-duplicate",
            WarningClass::Duplicate => "duplicate",
            WarningClass::IgnoredTable => "ignored-table",
            WarningClass::OperationWithoutAction => "operation-without-action",
            WarningClass::TwinOddity => "twin-oddity",
            WarningClass::TextCut => "text-cut",
        }
    }
}

impl fmt::Display for WarningClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One oddity of one page, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Warning {
    /// The page (file, archive member or URL path) it is on.
    pub page: String,
    /// What kind of oddity.
    pub class: WarningClass,
    /// The table kind it is in ("actions", "resource types", …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The 1-based body row of that table, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The value concerned, as written on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What was found and what was done about it.
    pub message: String,
}

impl Warning {
    /// A warning about `page` that is not tied to a table row.
    pub fn page(page: &str, class: WarningClass, message: impl Into<String>) -> Self {
        Warning {
            page: page.to_string(),
            class,
            table: None,
            row: None,
            value: None,
            message: message.into(),
        }
    }

    /// A warning about `value` in row `row` (1-based) of `table`.
    pub fn cell(
        page: &str,
        class: WarningClass,
        table: &str,
        row: usize,
        value: &str,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            page: page.to_string(),
            class,
            table: Some(table.to_string()),
            row: Some(row),
            value: Some(value.to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: [{}] ", self.page, self.class)?;
        match (&self.table, self.row) {
            (Some(t), Some(r)) => write!(f, "the {t} table, row {r}: ")?,
            (Some(t), None) => write!(f, "the {t} table: ")?,
            _ => {}
        }
        f.write_str(&self.message)?;
        if let Some(v) = &self.value {
            write!(f, " (value {v:?})")?;
        }
        Ok(())
    }
}

/// Counts warnings by class, every class present (zero when none).
pub fn count_by_class<'a>(
    warnings: impl IntoIterator<Item = &'a Warning>,
) -> BTreeMap<WarningClass, usize> {
    let mut counts: BTreeMap<WarningClass, usize> =
        WarningClass::ALL.iter().map(|c| (*c, 0)).collect();
    for w in warnings {
        *counts.entry(w.class).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_warning_names_page_table_row_and_value() {
        let w = Warning::cell(
            "list_chime.html",
            WarningClass::Normalised,
            "actions",
            7,
            "Chime:ListUsers",
            "dependent action prefix lower-cased to chime:ListUsers",
        );
        assert_eq!(
            w.to_string(),
            "list_chime.html: [normalised] the actions table, row 7: dependent action prefix \
             lower-cased to chime:ListUsers (value \"Chime:ListUsers\")"
        );
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(json["class"], "normalised");
        assert_eq!(serde_json::from_value::<Warning>(json).unwrap(), w);
    }

    #[test]
    fn counts_list_every_class() {
        let w = Warning::page("p", WarningClass::IgnoredTable, "x");
        let counts = count_by_class([&w, &w]);
        assert_eq!(counts.len(), WarningClass::ALL.len());
        assert_eq!(counts[&WarningClass::IgnoredTable], 2);
        assert_eq!(counts[&WarningClass::Normalised], 0);
        for c in WarningClass::ALL {
            let json = serde_json::to_value(c).unwrap();
            assert_eq!(json, c.as_str());
        }
    }
}
