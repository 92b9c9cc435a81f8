//! API operations: what a call needs. `s3:GetObject` the operation (an
//! IAM prefix and the operation's name) is a call of the SDK client `s3`,
//! and needs the actions the service's page, or its JSON twin, lists for it.
//!
//! The tables are read by this module alone (`src/generated/operations/`),
//! so a program that never names an operation links none of them. Every
//! function is `#[inline]`: compiled in the crate that calls it, not in
//! this one, so a program without operations carries not even their debug
//! line tables (98 KiB of them in a release binary otherwise, measured).

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use crate::generated::operations::{
    ACTION_OPERATIONS, OPERATION_ACTIONS, OPERATION_CLIENTS, OPERATION_STRS, OPERATIONS,
    SDK_CLIENTS, SDK_INDEX, SERVICE_OPERATIONS,
};
use crate::operation_table::{FROM_JSON_TWIN, NAME_IS_ACTION, OpText, OperationRow};
use crate::table::{Str, cmp_ignore_case};
use crate::{Action, Service};

/// An API operation, such as `s3:GetObject`: the IAM prefix of the service
/// whose page lists it, and the operation's name.
///
/// ```
/// use aws_iam_catalog::{Operation, s3};
/// let op: Operation = "s3:getobject".parse().unwrap();
/// assert_eq!(op.to_string(), "s3:GetObject");
/// assert_eq!(Operation::for_sdk("s3", "get_object"), Some(op));
/// assert!(op.actions().any(|a| a.action() == s3::GET_OBJECT));
/// assert!(s3::GET_OBJECT.operations().any(|o| o == op));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Operation(pub(crate) u16);

/// Where the catalog read that an operation needs an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequirementSource {
    /// The "API operations" table of the service's page.
    Page,
    /// AWS's machine-readable service reference, the page's JSON twin
    /// (`Operations[].AuthorizedActions`).
    JsonTwin,
}

/// An action an operation needs, with the condition keys and their possible
/// values when AWS gives them (the page's table fills only keys with fixed
/// values for the call, such as `iam:PassedToService`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationAction {
    row: u32,
    operation: Operation,
}

impl Operation {
    #[inline]
    fn row(self) -> OperationRow {
        OPERATIONS.get(self.0 as usize)
    }

    /// Every operation of the catalog, by service prefix then name.
    #[inline]
    pub fn all() -> impl Iterator<Item = Operation> {
        (0..OPERATIONS.len() as u16).map(Operation)
    }

    /// `prefix:Name`, ignoring case.
    #[inline]
    pub fn lookup(qualified: &str) -> Option<Operation> {
        qualified.parse().ok()
    }

    /// The operation an SDK calls as `client` (`s3`, `chime-sdk-messaging`,
    /// as boto3 names its clients) and `method`, written as the API does
    /// (`GetObject`) or as the JSON twin and the Python SDK do
    /// (`get_object`): case and `_` are ignored.
    ///
    /// ```
    /// use aws_iam_catalog::Operation;
    /// let op = Operation::for_sdk("chime-sdk-messaging", "send_channel_message").unwrap();
    /// assert_eq!(op.to_string(), "chime:SendChannelMessage");
    /// assert_eq!(Operation::for_sdk("s3", "NoSuchCall"), None);
    /// ```
    #[inline]
    pub fn for_sdk(client: &str, method: &str) -> Option<Operation> {
        let c = SDK_CLIENTS
            .search(0..SDK_CLIENTS.len(), |r| {
                cmp_ignore_case(r.name.bytes(), client.as_bytes())
            })
            .ok()?;
        let run = SDK_CLIENTS.get(c).operations.range();
        let key = |s: &'static str| s.bytes().filter(|&b| b != b'_');
        let wanted = || method.bytes().filter(|&b| b != b'_');
        let cmp = |op: u16| {
            key(Operation(op).name())
                .map(|b| b.to_ascii_lowercase())
                .cmp(wanted().map(|b| b.to_ascii_lowercase()))
        };
        let first = SDK_INDEX.partition_point(run.clone(), |&op| cmp(op) == Ordering::Less);
        (first < run.end && cmp(SDK_INDEX.get(first)) == Ordering::Equal)
            .then(|| Operation(SDK_INDEX.get(first)))
    }

    /// The service whose page lists it (`s3` for `s3:GetObject`).
    #[inline]
    pub fn service(self) -> Service {
        Service(self.row().service)
    }

    /// The operation's name (`GetObject`).
    #[inline]
    pub fn name(self) -> &'static str {
        name_of(&self.row())
    }

    /// The SDK clients that call it, as boto3 names them (`s3`,
    /// `chime-sdk-meetings`), sorted.
    #[inline]
    pub fn sdk_clients(self) -> impl Iterator<Item = &'static str> {
        OPERATION_CLIENTS
            .run(self.row().clients.range())
            .map(|c| SDK_CLIENTS.get(c as usize).name.get())
    }

    /// The actions it needs, in the order of the source (by name).
    #[inline]
    pub fn actions(self) -> impl Iterator<Item = OperationAction> {
        self.row().actions.range().map(move |row| OperationAction {
            row: row as u32,
            operation: self,
        })
    }

    /// Where its actions were read: the page or its JSON twin.
    #[inline]
    pub fn source(self) -> RequirementSource {
        if self.row().flags & FROM_JSON_TWIN != 0 {
            RequirementSource::JsonTwin
        } else {
            RequirementSource::Page
        }
    }
}

impl OperationAction {
    #[inline]
    fn row(self) -> crate::operation_table::OperationActionRow {
        OPERATION_ACTIONS.get(self.row as usize)
    }

    /// The action.
    #[inline]
    pub fn action(self) -> Action {
        Action(self.row().action)
    }

    /// The operation that needs it.
    #[inline]
    pub fn operation(self) -> Operation {
        self.operation
    }

    /// Condition keys the call sets to fixed values for this action
    /// (`iam:PassedToService`), as the source writes them; usually none.
    #[inline]
    pub fn condition_keys(self) -> impl Iterator<Item = &'static str> {
        let row = self.row();
        let r = row.strs.range();
        OPERATION_STRS
            .run(r.start..r.start + row.keys as usize)
            .map(Str::get)
    }

    /// The values those keys take for this call.
    #[inline]
    pub fn possible_values(self) -> impl Iterator<Item = &'static str> {
        let row = self.row();
        let r = row.strs.range();
        OPERATION_STRS
            .run(r.start + row.keys as usize..r.end)
            .map(Str::get)
    }

    /// True when the requirement comes with condition keys: the action is
    /// needed under those conditions.
    #[inline]
    pub fn is_conditional(self) -> bool {
        self.row().keys > 0
    }

    /// Where the catalog read the requirement.
    #[inline]
    pub fn source(self) -> RequirementSource {
        self.operation.source()
    }
}

impl fmt::Debug for OperationAction {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationAction")
            .field("action", &self.action())
            .field("condition_keys", &self.condition_keys().collect::<Vec<_>>())
            .field(
                "possible_values",
                &self.possible_values().collect::<Vec<_>>(),
            )
            .field("source", &self.source())
            .finish()
    }
}

impl Service {
    /// Its API operations, sorted by name ignoring case; `None` when the
    /// service's page (and its JSON twin) gives none: the catalog then does
    /// not know which calls need which actions, which is not the same as
    /// a service without calls.
    ///
    /// ```
    /// use aws_iam_catalog::Service;
    /// assert!(Service::S3.operations().unwrap().count() > 100);
    /// ```
    #[inline]
    pub fn operations(self) -> Option<impl Iterator<Item = Operation>> {
        let run = SERVICE_OPERATIONS.get(self.0 as usize).range();
        (!run.is_empty()).then(|| run.map(|i| Operation(i as u16)))
    }

    /// One of its operations, by name, ignoring case.
    #[inline]
    pub fn operation(self, name: &str) -> Option<Operation> {
        let run = SERVICE_OPERATIONS.get(self.0 as usize).range();
        OPERATIONS
            .search(run, |r| {
                cmp_ignore_case(name_of(r).as_bytes(), name.as_bytes())
            })
            .ok()
            .map(|i| Operation(i as u16))
    }
}

/// An operation row's name: its action's, or its own string.
#[inline]
fn name_of(row: &OperationRow) -> &'static str {
    if row.flags & NAME_IS_ACTION != 0 {
        Action(row.name.0 as u16).name()
    } else {
        Str::<OpText>::new(row.name.0, row.name.1).get()
    }
}

impl Action {
    /// The API operations that need it, from any service's operations
    /// (`s3:GetObject` needs `s3-object-lambda:GetObject`). Empty when no
    /// operation the catalog knows names it: for an action of a service
    /// whose page gives no operations ([`Service::operations`] is `None`),
    /// that means unknown, not "no call needs it".
    #[inline]
    pub fn operations(self) -> impl Iterator<Item = Operation> {
        let all = 0..ACTION_OPERATIONS.len();
        let start = ACTION_OPERATIONS.partition_point(all.clone(), |r| r.action < self.0);
        let end = ACTION_OPERATIONS.partition_point(start..all.end, |r| r.action <= self.0);
        ACTION_OPERATIONS
            .run(start..end)
            .map(|r| Operation(r.operation))
    }
}

/// Why `prefix:Name` does not name an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseOperationError {
    /// No `:` between prefix and name.
    NoPrefix(String),
    /// The prefix is not a service's.
    UnknownService(String),
    /// The service's page gives no operations.
    NoOperations(Service),
    /// The service has no such operation.
    UnknownOperation {
        /// The service.
        service: Service,
        /// The name given.
        name: String,
    },
}

impl ParseOperationError {
    /// The nearest known name, when one is near: an operation of the
    /// service (`s3:GetObjet` → `s3:GetObject`) or a prefix of a service
    /// with operations.
    #[inline]
    pub fn suggestion(&self) -> Option<String> {
        match self {
            ParseOperationError::NoPrefix(_) | ParseOperationError::NoOperations(_) => None,
            ParseOperationError::UnknownService(p) => crate::suggest::nearest(
                p,
                Service::all()
                    .filter(|s| s.operations().is_some())
                    .map(Service::prefix),
            )
            .map(str::to_string),
            ParseOperationError::UnknownOperation { service, name } => crate::suggest::nearest(
                name,
                service
                    .operations()
                    .into_iter()
                    .flatten()
                    .map(Operation::name),
            )
            .map(|n| format!("{}:{n}", service.prefix())),
        }
    }
}

impl fmt::Display for ParseOperationError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseOperationError::NoPrefix(s) => {
                write!(f, "{s:?} is not an operation: expected prefix:Name")?
            }
            ParseOperationError::UnknownService(p) => write!(f, "no service has the prefix {p:?}")?,
            ParseOperationError::NoOperations(s) => write!(
                f,
                "the catalog has no API operations for {} ({}): its page gives none",
                s.prefix(),
                s.name()
            )?,
            ParseOperationError::UnknownOperation { service, name } => write!(
                f,
                "{} ({}) has no API operation {name:?}",
                service.prefix(),
                service.name()
            )?,
        }
        if let Some(s) = self.suggestion() {
            write!(f, " (did you mean {s:?}?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseOperationError {}

impl FromStr for Operation {
    type Err = ParseOperationError;
    /// `s3:GetObject`, `S3:getobject`: case is ignored, as for actions.
    #[inline]
    fn from_str(s: &str) -> Result<Operation, ParseOperationError> {
        let (prefix, name) = s
            .split_once(':')
            .ok_or_else(|| ParseOperationError::NoPrefix(s.to_string()))?;
        let service = Service::lookup(prefix)
            .ok_or_else(|| ParseOperationError::UnknownService(prefix.to_string()))?;
        if service.operations().is_none() {
            return Err(ParseOperationError::NoOperations(service));
        }
        service
            .operation(name)
            .ok_or_else(|| ParseOperationError::UnknownOperation {
                service,
                name: name.to_string(),
            })
    }
}

impl fmt::Display for Operation {
    /// `s3:GetObject`.
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().prefix(), self.name())
    }
}

impl fmt::Debug for Operation {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Operation({self})")
    }
}
