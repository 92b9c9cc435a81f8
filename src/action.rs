//! Actions: `prefix:Name`, parsed as IAM compares them (ignoring case),
//! matched with IAM wildcards.

use core::fmt;
use core::str::FromStr;

use crate::generated::tables::{
    ACTION_DETAILS, ACTION_HASH, ACTION_RESOURCES, ACTIONS, DEPENDENTS, KEY_LISTS, SERVICES,
};
use crate::table::{ActionRow, PERMISSION_ONLY, REMOVED, ServiceRow, probe};
use crate::wildcard;
use crate::{AccessLevels, ConditionKey, Deprecation, Description, ResourceType, Service};

/// An IAM action, such as `chime:CreateMeeting`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Action(pub(crate) u16);

/// A resource type an action can be scoped to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionResource {
    row: u32,
}

impl fmt::Debug for ActionResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionResource")
            .field("resource_type", &self.resource_type())
            .field("required", &self.required())
            .finish()
    }
}

impl ActionResource {
    fn row(self) -> crate::table::ActionResourceRow {
        ACTION_RESOURCES.get(self.row as usize)
    }

    /// The resource type.
    pub fn resource_type(self) -> ResourceType {
        ResourceType(self.row().resource_type)
    }

    /// True when the action requires it (`*` in the docs).
    pub fn required(self) -> bool {
        self.row().required
    }

    /// Condition keys the docs list for this resource type of the action.
    pub fn condition_keys(self) -> impl Iterator<Item = ConditionKey> {
        KEY_LISTS.run(self.row().keys.range()).map(ConditionKey)
    }
}

impl Action {
    fn row(self) -> crate::table::ActionRow {
        ACTIONS.get(self.0 as usize)
    }

    fn details(self) -> crate::table::ActionDetailRow {
        ACTION_DETAILS.get(self.0 as usize)
    }

    pub(crate) fn is_removed(self) -> bool {
        self.row().flags & REMOVED != 0
    }

    /// Every action of the catalog (tombstones left out).
    pub fn all() -> impl Iterator<Item = Action> {
        (0..ACTIONS.len() as u16)
            .map(Action)
            .filter(|a| !a.is_removed())
    }

    /// `prefix:Name`, ignoring case; tombstones are found too.
    pub fn lookup(qualified: &str) -> Option<Action> {
        qualified.parse().ok()
    }

    /// The actions a policy's `Action` element matches: `*` and `?`
    /// wildcards, ignoring case, in the prefix or the name. Tombstones are
    /// left out (IAM matches what exists).
    ///
    /// ```
    /// use aws_iam_catalog::Action;
    /// let lists: Vec<Action> = Action::matching("chime:List*").collect();
    /// assert!(lists.iter().all(|a| a.name().starts_with("List")));
    /// assert_eq!(Action::matching("chime:createmeeting").count(), 1);
    /// ```
    pub fn matching(pattern: &str) -> Matching<'_> {
        let (service, action) = match pattern.split_once(':') {
            Some(parts) => parts,
            // `"Action": "*"` is every action.
            None if pattern.chars().all(|c| c == '*') && !pattern.is_empty() => ("*", "*"),
            None => ("", "\u{0}"),
        };
        let action = wildcard::Prepared::new(action);
        Matching {
            service: wildcard::Prepared::new(service),
            // `Get*` (a literal head, then one `*`): every candidate of the
            // narrowed range matches, no glob needed.
            head_only: action
                .as_str()
                .strip_suffix('*')
                .is_some_and(|head| !head.contains(['*', '?'])),
            action,
            next_service: 0,
            current: 0..0,
        }
    }

    /// The service it belongs to.
    pub fn service(self) -> Service {
        Service(self.row().service)
    }

    /// The name, without the prefix (`CreateMeeting`).
    pub fn name(self) -> &'static str {
        self.row().name.get()
    }

    /// What it grants permission to do, exactly as the reference writes
    /// it. Stored compressed: `Display` (and `to_string()`) writes it out,
    /// and it compares with a `&str`.
    ///
    /// ```
    /// use aws_iam_catalog::s3;
    /// let d = s3::GET_OBJECT.description();
    /// assert_eq!(d, "Grants permission to retrieve objects from Amazon S3");
    /// assert_eq!(d.to_string(), "Grants permission to retrieve objects from Amazon S3");
    /// ```
    pub fn description(self) -> Description {
        let row = self.row();
        Description::new(row.description.get(), row.flags)
    }

    /// Its access level(s).
    pub fn access_level(self) -> AccessLevels {
        AccessLevels::from_bits(self.row().access)
    }

    /// True when no API operation calls it ("permission only").
    pub fn permission_only(self) -> bool {
        self.row().flags & PERMISSION_ONLY != 0
    }

    /// The resource types it can be scoped to, each with its required flag.
    pub fn resource_types(self) -> impl Iterator<Item = ActionResource> {
        self.details()
            .resources
            .range()
            .map(|row| ActionResource { row: row as u32 })
    }

    /// Action-level condition keys (those not tied to a resource type).
    pub fn condition_keys(self) -> impl Iterator<Item = ConditionKey> {
        KEY_LISTS.run(self.details().keys.range()).map(ConditionKey)
    }

    /// Other actions a call of this one may need.
    pub fn dependent_actions(self) -> impl Iterator<Item = Action> {
        DEPENDENTS.run(self.details().deps.range()).map(Action)
    }

    /// The documentation page of the action, as the reference links it:
    /// nearly always an absolute `https://` URL, but a few hundred are
    /// relative (`API_StartTraceRetrieval`) or an unexpanded template
    /// (`${APIReferenceDocPage}API_Decision.html`) in AWS's own pages.
    pub fn doc_url(self) -> Option<&'static str> {
        self.details().doc_url.opt()
    }

    /// Why the action is deprecated, if it is:
    ///
    /// - [`Deprecation::Removed`] when the action was removed from the AWS
    ///   documentation: it is kept (its const `#[deprecated]`) until the
    ///   next half-yearly major release, so that code naming it warns
    ///   before it breaks;
    /// - [`Deprecation::EndOfSupport`] with its service's end-of-support
    ///   notice when that notice **covers** the action, as the notice's
    ///   scope decides from the data (the SDK clients of the operations
    ///   that authorize the action, and the resource types it shares with
    ///   the part of the service the notice excludes; the rule is in the
    ///   README, "End of support, scoped");
    /// - `None` when the notice does not cover it, and `None` as well when
    ///   the data cannot tell: a snapshot without operations data (such as
    ///   the old-layout pages) leaves the scope unknown, and the crate does
    ///   not guess. The notice stays the service's: [`Service::deprecation`]
    ///   answers for the whole service whatever the scope.
    ///
    /// A prefix can outlive a product: Amazon Chime ends support on
    /// 2026-02-20 and its notice says the Amazon Chime SDK, whose actions
    /// share the `chime` prefix, is not affected. Only the actions of the
    /// retired service get the notice.
    ///
    /// ```
    /// use aws_iam_catalog::{chime, Deprecation};
    /// // The data of this crate has no operations for Chime: scope unknown.
    /// assert_eq!(chime::CREATE_MEETING.deprecation(), None);
    /// assert!(matches!(
    ///     chime::CREATE_MEETING.service().deprecation(),
    ///     Some(Deprecation::EndOfSupport { .. })
    /// ));
    /// ```
    pub fn deprecation(self) -> Option<Deprecation> {
        let row = self.row();
        crate::table::removal(row.flags, self.details().removed_on).or_else(|| {
            if row.flags & crate::table::END_OF_SUPPORT == 0 {
                return None;
            }
            let notice = self
                .service()
                .notices()
                .find(|n| n.kind() == crate::NoticeKind::EndOfSupport)?;
            Some(Deprecation::EndOfSupport { notice })
        })
    }
}

/// Why `prefix:Name` does not name an action.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseActionError {
    /// No `:` between prefix and name.
    NoPrefix(String),
    /// The prefix is not a service's.
    UnknownService(String),
    /// The service has no such action.
    UnknownAction {
        /// The service.
        service: Service,
        /// The name given.
        name: String,
    },
}

impl ParseActionError {
    /// The nearest known name, when one is near: an action of the service
    /// (`s3:GetObjet` → `s3:GetObject`) or a service prefix.
    pub fn suggestion(&self) -> Option<String> {
        match self {
            ParseActionError::NoPrefix(_) => None,
            ParseActionError::UnknownService(p) => {
                crate::suggest::nearest(p, Service::all().map(Service::prefix)).map(str::to_string)
            }
            ParseActionError::UnknownAction { service, name } => {
                crate::suggest::nearest(name, service.actions().map(Action::name))
                    .map(|n| format!("{}:{n}", service.prefix()))
            }
        }
    }
}

impl fmt::Display for ParseActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.describe(f)?;
        if let Some(s) = self.suggestion() {
            write!(f, " (did you mean {s:?}?)")?;
        }
        Ok(())
    }
}

impl ParseActionError {
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseActionError::NoPrefix(s) => {
                write!(f, "{s:?} is not an action: expected prefix:Name")
            }
            ParseActionError::UnknownService(p) => write!(f, "no service has the prefix {p:?}"),
            ParseActionError::UnknownAction { service, name } => {
                write!(
                    f,
                    "{} ({}) has no action {name:?}",
                    service.prefix(),
                    service.name()
                )
            }
        }
    }
}

impl std::error::Error for ParseActionError {}

/// True when action row `i` is `prefix:Name` as `s` writes it, ignoring
/// case: the name's length first, which rejects most rows of a probe.
fn is_named(i: usize, s: &[u8]) -> bool {
    let name = ACTIONS.str_field(i, &ActionRow::NAME_AT).bytes();
    let Some(colon) = s.len().checked_sub(name.len() + 1) else {
        return false;
    };
    let service = Service(ACTIONS.u16_field(i, ActionRow::SERVICE_AT));
    s[colon] == b':' && s[colon + 1..].eq_ignore_ascii_case(name) && service.has_prefix(&s[..colon])
}

impl FromStr for Action {
    type Err = ParseActionError;
    /// `chime:CreateMeeting`, `CHIME:createmeeting`: IAM ignores case.
    fn from_str(s: &str) -> Result<Action, ParseActionError> {
        if let Some(i) = probe(&ACTION_HASH, s.as_bytes(), |i| is_named(i, s.as_bytes())) {
            return Ok(Action(i as u16));
        }
        // Not an action: say why.
        let (prefix, name) = s
            .split_once(':')
            .ok_or_else(|| ParseActionError::NoPrefix(s.to_string()))?;
        let service = Service::lookup(prefix)
            .ok_or_else(|| ParseActionError::UnknownService(prefix.to_string()))?;
        // The index holds every action row: the service has no such action.
        Err(ParseActionError::UnknownAction {
            service,
            name: name.to_string(),
        })
    }
}

impl fmt::Display for Action {
    /// `chime:CreateMeeting`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().prefix(), self.name())
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action({self})")
    }
}

/// The actions a wildcard pattern matches, by prefix then name.
pub struct Matching<'a> {
    service: wildcard::Prepared<'a>,
    action: wildcard::Prepared<'a>,
    head_only: bool,
    next_service: usize,
    current: core::ops::Range<usize>,
}

impl Matching<'_> {
    /// Narrows the service's actions to those starting with the pattern's
    /// literal prefix (they are sorted ignoring case).
    fn candidates(&self, service: usize) -> core::ops::Range<usize> {
        let range = SERVICES.get(service).actions.range();
        let literal = wildcard::literal_prefix(self.action.as_str());
        if literal.is_empty() {
            return range;
        }
        let lower = |name: &str| {
            let head = &name.as_bytes()[..name.len().min(literal.len())];
            head.iter()
                .map(u8::to_ascii_lowercase)
                .cmp(literal.bytes().map(|c| c.to_ascii_lowercase()))
        };
        let name = |i: usize| ACTIONS.str_field(i, &ActionRow::NAME_AT).get();
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if lower(name(mid)) == core::cmp::Ordering::Less {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let start = lo;
        hi = range.end;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if lower(name(mid)) != core::cmp::Ordering::Greater {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        start..lo
    }
}

impl Iterator for Matching<'_> {
    type Item = Action;

    fn next(&mut self) -> Option<Action> {
        loop {
            if let Some(i) = self.current.next() {
                let live = ACTIONS.u8_field(i, ActionRow::FLAGS_AT) & REMOVED == 0;
                if live
                    && (self.head_only
                        || self
                            .action
                            .matches_ignore_case(ACTIONS.str_field(i, &ActionRow::NAME_AT).get()))
                {
                    return Some(Action(i as u16));
                }
                continue;
            }
            // The next service whose prefix matches.
            let literal_service = !self.service.as_str().contains(['*', '?']);
            if literal_service {
                if self.next_service > 0 {
                    return None;
                }
                self.next_service = 1;
                let service = Service::lookup(self.service.as_str())?;
                self.current = self.candidates(service.0 as usize);
                continue;
            }
            while self.next_service < SERVICES.len()
                && !self.service.matches_ignore_case(
                    SERVICES
                        .str_field(self.next_service, &ServiceRow::PREFIX_AT)
                        .get(),
                )
            {
                self.next_service += 1;
            }
            if self.next_service >= SERVICES.len() {
                return None;
            }
            self.current = self.candidates(self.next_service);
            self.next_service += 1;
        }
    }
}
