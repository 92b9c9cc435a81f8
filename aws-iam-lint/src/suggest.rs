//! Nearest known names for what a policy misspelt, as the catalog's own
//! parse errors suggest them (the lint crate does not rank names itself).

use aws_iam_catalog::{Action, Service};

/// The known prefix nearest to `prefix`, when the catalog has one to offer.
pub(crate) fn prefix(prefix: &str) -> Option<&'static str> {
    prefix.parse::<Service>().err().and_then(|e| e.suggestion())
}

/// The action of `service` nearest to `name`.
pub(crate) fn action(service: Service, name: &str) -> Option<Action> {
    format!("{}:{name}", service.prefix())
        .parse::<Action>()
        .err()
        .and_then(|e| e.suggestion())
        .and_then(|s| s.parse().ok())
}
