//! When each service, action, resource type and condition key was first
//! recorded: the date of the first recording of the AWS Service
//! Authorization Reference that has it.
//!
//! The dates come from about monthly recordings of the reference since
//! October 2019, then from each update of this catalog; they are as precise
//! as those recordings (a month or two before 2026). What the first
//! recording already had is dated with it, [`HISTORY_SINCE`]: such a date
//! means "on or before". Names are matched ignoring case, as IAM does, so
//! a change of spelling is not a new item.

use crate::generated::tables::first_recorded::{
    ACTIONS, CONDITION_KEYS, DATES, RESOURCE_TYPES, SERVICES, SINCE,
};
use crate::table::Table;
use crate::{Action, ConditionKey, Date, ResourceType, Service};

/// The date of the earliest recording the history holds: a
/// `first_recorded()` equal to it means "on or before".
///
/// ```
/// use aws_iam_catalog::{HISTORY_SINCE, Service};
/// assert!(Service::S3.first_recorded() >= HISTORY_SINCE);
/// ```
pub const HISTORY_SINCE: Date = SINCE;

fn date(table: &Table<u16>, row: u16) -> Date {
    DATES[table.get(row as usize) as usize]
}

impl Service {
    /// The date of the first recording of the reference that has this
    /// service (its prefix); "on or before" when it is [`HISTORY_SINCE`].
    ///
    /// ```
    /// use aws_iam_catalog::{HISTORY_SINCE, Service};
    /// assert_eq!(Service::S3.first_recorded(), HISTORY_SINCE);
    /// ```
    pub fn first_recorded(self) -> Date {
        date(&SERVICES, self.0)
    }
}

impl Action {
    /// The date of the first recording of the reference that lists this
    /// action; "on or before" when it is [`HISTORY_SINCE`]. The answer to
    /// "since when does `s3:Get*` grant this?".
    ///
    /// ```
    /// use aws_iam_catalog::{chime, s3, HISTORY_SINCE};
    /// // In the first recording, 2019-10-18: on or before.
    /// assert_eq!(s3::GET_OBJECT.first_recorded(), HISTORY_SINCE);
    /// // Not in Chime's pages of 2019-10-18 and 2019-11-21.
    /// assert_eq!(chime::CREATE_MEETING.first_recorded().to_string(), "2020-01-29");
    /// ```
    pub fn first_recorded(self) -> Date {
        date(&ACTIONS, self.0)
    }
}

impl ResourceType {
    /// The date of the first recording of the reference that lists this
    /// resource type in its service's table; "on or before" when it is
    /// [`HISTORY_SINCE`].
    pub fn first_recorded(self) -> Date {
        date(&RESOURCE_TYPES, self.0)
    }
}

impl ConditionKey {
    /// The date of the first recording of the reference that lists this
    /// key in its service's table (a global key such as `aws:SourceIp` is
    /// dated per service that lists it); "on or before" when it is
    /// [`HISTORY_SINCE`].
    pub fn first_recorded(self) -> Date {
        date(&CONDITION_KEYS, self.0)
    }
}
