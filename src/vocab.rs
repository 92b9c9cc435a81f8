//! The closed vocabularies of the catalog: access levels, condition key
//! types, notice kinds, and a plain calendar date.

use core::fmt;
use core::str::FromStr;

/// A value that is not in a vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// Which vocabulary.
    pub vocabulary: &'static str,
    /// The text given.
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a known {}", self.value, self.vocabulary)
    }
}

impl std::error::Error for UnknownValue {}

/// Declares a `#[non_exhaustive]` enum over AWS's words, with `as_str`,
/// `ALL`, `Display` and case-insensitive `FromStr`.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in AWS's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as AWS writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            /// Case-insensitive, as the documentation is not consistent.
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
                    .ok_or_else(|| UnknownValue { vocabulary: $what, value: s.to_string() })
            }
        }
    };
}

vocabulary!(
    /// How an action is classified in the Actions table.
    AccessLevel, "access level", {
        /// Lists resources.
        List => "List",
        /// Reads resources.
        Read => "Read",
        /// Creates, changes or deletes resources.
        Write => "Write",
        /// Grants or changes permissions.
        PermissionsManagement => "Permissions management",
        /// Changes tags only.
        Tagging => "Tagging",
    }
);

vocabulary!(
    /// The type of a condition key's values.
    ConditionKeyType, "condition key type", {
        /// A string.
        String => "String",
        /// Several strings.
        ArrayOfString => "ArrayOfString",
        /// An ARN.
        Arn => "ARN",
        /// Several ARNs.
        ArrayOfArn => "ArrayOfARN",
        /// A boolean.
        Bool => "Bool",
        /// Several booleans.
        ArrayOfBool => "ArrayOfBool",
        /// A number.
        Numeric => "Numeric",
        /// Several numbers.
        ArrayOfNumeric => "ArrayOfNumeric",
        /// A date.
        Date => "Date",
        /// Several dates.
        ArrayOfDate => "ArrayOfDate",
        /// An IP address.
        IpAddress => "IPAddress",
        /// Several IP addresses.
        ArrayOfIpAddress => "ArrayOfIPAddress",
        /// Binary data.
        Binary => "Binary",
        /// Tests whether the key is present.
        Null => "Null",
    }
);

impl ConditionKeyType {
    /// The `ArrayOf…` type of a single-valued type (itself for the rest).
    pub fn array(self) -> ConditionKeyType {
        match self {
            ConditionKeyType::String => ConditionKeyType::ArrayOfString,
            ConditionKeyType::Arn => ConditionKeyType::ArrayOfArn,
            ConditionKeyType::Bool => ConditionKeyType::ArrayOfBool,
            ConditionKeyType::Numeric => ConditionKeyType::ArrayOfNumeric,
            ConditionKeyType::Date => ConditionKeyType::ArrayOfDate,
            ConditionKeyType::IpAddress => ConditionKeyType::ArrayOfIpAddress,
            other => other,
        }
    }

    /// True for the `ArrayOf…` types: the key takes several values.
    pub fn multivalued(self) -> bool {
        matches!(
            self,
            ConditionKeyType::ArrayOfString
                | ConditionKeyType::ArrayOfArn
                | ConditionKeyType::ArrayOfBool
                | ConditionKeyType::ArrayOfNumeric
                | ConditionKeyType::ArrayOfDate
                | ConditionKeyType::ArrayOfIpAddress
        )
    }
}

vocabulary!(
    /// What a service's docs announce.
    NoticeKind, "notice kind", {
        /// Support ends on a date.
        EndOfSupport => "end-of-support",
        /// The service or a part of it is deprecated.
        Deprecation => "deprecation",
        /// Closed to new customers.
        Availability => "availability",
    }
);

/// A set of access levels (the July 2026 pages give some actions two, such
/// as "Tagging, Write").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AccessLevels(u8);

impl AccessLevels {
    pub(crate) const fn from_bits(bits: u8) -> AccessLevels {
        AccessLevels(bits)
    }

    fn bit(level: AccessLevel) -> u8 {
        1 << (level as u8)
    }

    /// True when the set holds `level`.
    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & Self::bit(level) != 0
    }

    /// The levels, in AWS's order.
    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL
            .iter()
            .copied()
            .filter(move |l| self.contains(*l))
    }

    /// How many levels the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// True for the empty set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<AccessLevel> for AccessLevels {
    fn from_iter<I: IntoIterator<Item = AccessLevel>>(iter: I) -> Self {
        AccessLevels(iter.into_iter().fold(0, |bits, l| bits | Self::bit(l)))
    }
}

impl fmt::Display for AccessLevels {
    /// As the reference writes a cell with two levels: in alphabetical
    /// order, "Tagging, Write", "Permissions management, Write".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const AWS_ORDER: [AccessLevel; 5] = [
            AccessLevel::List,
            AccessLevel::PermissionsManagement,
            AccessLevel::Read,
            AccessLevel::Tagging,
            AccessLevel::Write,
        ];
        let levels = AWS_ORDER.iter().filter(|l| self.contains(**l));
        for (i, l) in levels.enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(l.as_str())?;
        }
        Ok(())
    }
}

/// A calendar date, as the documentation gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// Reads `YYYY-MM-DD`: digits only, a day that its month has
    /// (`2026-02-29` is not a date, `2028-02-29` is).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let digits = |r: core::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return None;
        }
        let date = Date {
            year: s[..4].parse().ok()?,
            month: s[5..7].parse().ok()?,
            day: s[8..10].parse().ok()?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&date.day).then_some(date)
    }
}

impl fmt::Display for Date {
    /// `2026-02-20`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(
            Date::parse_iso("2026-02-20")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-02-20")
        );
        assert!(Date::parse_iso("2028-02-29").is_some());
        assert!(Date::parse_iso("2000-02-29").is_some());
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-02-31",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "+202-01-01",
            "2026-+1-01",
            "2026-01-+1",
            "2026/01/01",
            "2026-1-01",
            "20260101",
            "",
            "2026-01-01 ",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn vocabularies_round_trip() {
        for l in AccessLevel::ALL {
            assert_eq!(l.as_str().parse::<AccessLevel>().unwrap(), *l);
        }
        assert_eq!(
            "permissions MANAGEMENT".parse::<AccessLevel>().unwrap(),
            AccessLevel::PermissionsManagement
        );
        assert_eq!(
            "Arn".parse::<ConditionKeyType>().unwrap(),
            ConditionKeyType::Arn
        );
        assert_eq!(ConditionKeyType::Arn.to_string(), "ARN");
        let e = "Admin".parse::<AccessLevel>().unwrap_err();
        assert_eq!(e.to_string(), "\"Admin\" is not a known access level");
    }

    #[test]
    fn access_level_sets() {
        let set: AccessLevels = [AccessLevel::Tagging, AccessLevel::Write]
            .into_iter()
            .collect();
        assert_eq!(set.to_string(), "Tagging, Write");
        let set: AccessLevels = [AccessLevel::Write, AccessLevel::PermissionsManagement]
            .into_iter()
            .collect();
        assert_eq!(set.to_string(), "Permissions management, Write");
        assert!(set.contains(AccessLevel::Write) && !set.contains(AccessLevel::Read));
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn dates() {
        let d = Date::parse_iso("2026-02-20").unwrap();
        assert_eq!((d.year, d.month, d.day), (2026, 2, 20));
        assert_eq!(d.to_string(), "2026-02-20");
        assert_eq!(Date::parse_iso("2026-13-01"), None);
    }
}
