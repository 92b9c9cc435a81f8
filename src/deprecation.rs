//! `Display` and `FromStr` of [`Deprecation`] and [`DataVersion`]: each
//! prints as a line a user can read and parses back to the same value.

use core::fmt;
use core::str::FromStr;

use crate::suggest::UnknownName;
use crate::{DATA_VERSION, DataVersion, Date, Deprecation};

const REMOVED: &str = "removed from the AWS docs";
const END_OF_SUPPORT: &str = "end of support: ";
const DEPRECATED: &str = "deprecated: ";

impl fmt::Display for Deprecation {
    /// `removed from the AWS docs (data of 2026-07-01)`,
    /// `end of support: chime end-of-support 2026-02-20`,
    /// `deprecated: <notice>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deprecation::Removed { on: Some(d) } => write!(f, "{REMOVED} (data of {d})"),
            Deprecation::Removed { on: None } => f.write_str(REMOVED),
            Deprecation::EndOfSupport { notice } => write!(f, "{END_OF_SUPPORT}{notice}"),
            Deprecation::Deprecated { notice } => write!(f, "{DEPRECATED}{notice}"),
        }
    }
}

impl FromStr for Deprecation {
    type Err = UnknownName;
    /// What `Display` writes.
    fn from_str(s: &str) -> Result<Deprecation, UnknownName> {
        let err = || UnknownName::new("deprecation", s, None);
        if let Some(rest) = s.strip_prefix(REMOVED) {
            if rest.is_empty() {
                return Ok(Deprecation::Removed { on: None });
            }
            let date = rest
                .strip_prefix(" (data of ")
                .and_then(|r| r.strip_suffix(')'))
                .and_then(Date::parse_iso)
                .ok_or_else(err)?;
            return Ok(Deprecation::Removed { on: Some(date) });
        }
        if let Some(n) = s.strip_prefix(END_OF_SUPPORT) {
            return Ok(Deprecation::EndOfSupport { notice: n.parse()? });
        }
        if let Some(n) = s.strip_prefix(DEPRECATED) {
            return Ok(Deprecation::Deprecated { notice: n.parse()? });
        }
        Err(err())
    }
}

impl fmt::Display for DataVersion {
    /// `2026-07-01 (sha256 ee8085c8…)`, the full hash.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (sha256 {})", self.date, self.sha256)
    }
}

impl FromStr for DataVersion {
    type Err = UnknownName;
    /// The crate holds one data version: this parses what its `Display`
    /// writes, or its date alone, and refuses any other version (naming
    /// the one it holds).
    fn from_str(s: &str) -> Result<DataVersion, UnknownName> {
        let ours = DATA_VERSION;
        if s == ours.date || s == ours.to_string() {
            Ok(ours)
        } else {
            Err(UnknownName::new(
                "data version of this crate",
                s,
                Some(ours.to_string()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_round_trips() {
        for d in [
            Deprecation::Removed { on: None },
            Deprecation::Removed {
                on: Date::parse_iso("2026-07-01"),
            },
        ] {
            assert_eq!(d.to_string().parse::<Deprecation>(), Ok(d));
        }
        assert!(
            "removed from the AWS docs (data of soon)"
                .parse::<Deprecation>()
                .is_err()
        );
        assert!("gone".parse::<Deprecation>().is_err());
    }

    #[test]
    fn data_version_is_the_crates_own() {
        assert_eq!(DATA_VERSION.date.parse::<DataVersion>(), Ok(DATA_VERSION));
        let e = "1999-01-01".parse::<DataVersion>().unwrap_err();
        assert_eq!(e.suggestion(), Some(DATA_VERSION.to_string().as_str()));
    }
}
