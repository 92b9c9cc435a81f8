//! `serde` support (feature `serde`): handles as their AWS strings.

use core::fmt;
use core::str::FromStr;

use serde::de::{Deserialize, Deserializer, Error, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::{AccessLevel, Action, ConditionKeyType, NoticeKind, Operation, Service};

struct FromStrVisitor<T>(core::marker::PhantomData<T>, &'static str);

impl<T: FromStr> Visitor<'_> for FromStrVisitor<T>
where
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

macro_rules! as_string {
    ($($t:ty => $what:literal),+ $(,)?) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(FromStrVisitor(core::marker::PhantomData, $what))
            }
        }
    )+};
}

as_string!(
    Action => "an IAM action, prefix:Name",
    Service => "an IAM service prefix",
    Operation => "an API operation, prefix:Name",
    AccessLevel => "an access level",
    ConditionKeyType => "a condition key type",
    NoticeKind => "a notice kind",
);
