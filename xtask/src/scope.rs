//! Which actions an end-of-support notice covers.
//!
//! Amazon Chime's notice retires the Chime service but "does not impact the
//! Amazon Chime SDK", and both share the `chime` prefix. The data says which
//! is which: the SDK clients of the operations that authorize an action, and
//! the resource types the action touches.
//!
//! The rule, for a notice that excludes a part of its service ("does not
//! impact … SDK"): a client named `<prefix>-sdk-…` is the excluded part's
//! (`chime-sdk-meetings`, `chime-sdk-messaging`, …), the client named
//! `<prefix>` is the retired service's. A resource type is *shared* when an
//! action that an excluded client's operation authorizes lists it. Then an
//! action is
//! - **covered** when at least one operation authorizes it, every operation
//!   that does is called through the retired service's client only, and it
//!   lists no shared resource type;
//! - **not covered** when an excluded client's operation authorizes it, or it
//!   lists a shared resource type (the SDK's resources outlive the notice);
//! - **covered** too when no operation authorizes it, it is not
//!   permission-only and it lists no shared resource type: the page lists it
//!   as a call, yet no SDK client's operation makes it, so only the retired
//!   service's console or app does (Chime's `ActivateUsers`, `ListDomains`);
//! - **unknown** otherwise (a permission-only action that touches no shared
//!   resource type: it is not a call, and the data cannot tell whose it is).
//!
//! A service without operations data (a page without an operations table and
//! no JSON twin, or operations without SDK clients) is not scoped: the scope says so rather than guess. A notice
//! that excludes nothing covers every action.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ActionName, NoticeScope, Service};

/// The rule in words, recorded with each scope.
pub const RULE: &str = "not covered: authorized by an operation of a `<prefix>-sdk-*` SDK client, \
     or listing a resource type that an action of such an operation lists; covered: otherwise, \
     when every operation authorizing it is of the `<prefix>` client only, or when no operation \
     authorizes it and it is not permission-only (console or app only); unknown: a \
     permission-only action no operation authorizes";

/// The rule for a notice that excludes nothing.
pub const RULE_WHOLE: &str = "the notice excludes no part of the service: it covers every action";

/// True when a notice says a part of the service is not affected.
fn excludes_a_part(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "does not impact",
        "does not affect",
        "is not affected",
        "are not affected",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// For each action of the service (lowercased name), the SDK clients of the
/// service's operations that authorize it: what an action "knows" of the
/// clients that call it.
pub fn sdk_clients_by_action(service: &Service) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_action: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &service.operations {
        for a in &op.actions {
            if a.action.prefix() != service.prefix.as_str() {
                continue;
            }
            by_action
                .entry(a.action.action().to_ascii_lowercase())
                .or_default()
                .extend(op.sdk_clients.iter().cloned());
        }
    }
    by_action
}

/// Scopes one notice of `service` by the rule above.
pub fn scope(service: &Service, notice_text: &str) -> NoticeScope {
    let all = || service.actions.iter().map(|a| a.name.clone()).collect();
    if !excludes_a_part(notice_text) {
        return NoticeScope {
            rule: RULE_WHOLE.to_string(),
            covered: all(),
            ..NoticeScope::default()
        };
    }
    // Operations without SDK clients (the earliest July 2026 pages) say
    // nothing of who calls them.
    if service.operations.iter().all(|o| o.sdk_clients.is_empty()) {
        return NoticeScope {
            rule: RULE.to_string(),
            unknown_reason: Some(
                "the snapshot has no operations data with SDK clients for this service (no \
                 operations table, no JSON twin): which actions the notice covers is unknown"
                    .to_string(),
            ),
            ..NoticeScope::default()
        };
    }
    let prefix = service.prefix.as_str();
    let excluded_client = |c: &str| c.starts_with(&format!("{prefix}-sdk-"));
    let clients = sdk_clients_by_action(service);
    let of = |name: &ActionName| clients.get(&name.as_str().to_ascii_lowercase());
    let shared: BTreeSet<String> = service
        .actions
        .iter()
        .filter(|a| of(&a.name).is_some_and(|c| c.iter().any(|c| excluded_client(c))))
        .flat_map(|a| {
            a.resource_types
                .iter()
                .map(|r| r.name.as_str().to_ascii_lowercase())
        })
        .collect();
    let mut s = NoticeScope {
        rule: RULE.to_string(),
        ..NoticeScope::default()
    };
    for a in &service.actions {
        let touches_shared = a
            .resource_types
            .iter()
            .any(|r| shared.contains(&r.name.as_str().to_ascii_lowercase()));
        let list = match of(&a.name) {
            Some(c) if c.iter().any(|c| excluded_client(c)) => &mut s.not_covered,
            _ if touches_shared => &mut s.not_covered,
            Some(c) if !c.is_empty() && c.iter().all(|c| c == prefix) => &mut s.covered,
            None if !a.permission_only => &mut s.covered,
            _ => &mut s.unknown,
        };
        list.push(a.name.clone());
    }
    s
}

/// Scopes every end-of-support notice of every service.
pub fn apply(services: &mut [Service]) {
    for service in services {
        let scopes: Vec<Option<NoticeScope>> = service
            .notices
            .iter()
            .map(|n| (n.kind == "end-of-support").then(|| scope(service, &n.text)))
            .collect();
        for (n, s) in service.notices.iter_mut().zip(scopes) {
            n.scope = s;
        }
    }
}
