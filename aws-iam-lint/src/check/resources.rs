//! `Resource`/`NotResource` against the resource types of the statement's
//! actions: an ARN that fits none of them, and `*` where every action
//! could be scoped to a resource type.

use aws_iam_catalog::{Action, ArnTemplate, ResourceType};

use super::Sink;
use super::actions::Resolved;
use super::memo::Memo;
use crate::finding::Code;
use crate::policy::{Effect, Statement};

pub(super) fn check(statement: &Statement, resolved: &Resolved, memo: &mut Memo, sink: &mut Sink) {
    let Some(resources) = &statement.resources else {
        return;
    };
    let actions = &resolved.actions;
    if actions.is_empty() {
        return; // nothing known to judge the resources by
    }
    let at = Some(statement.index);
    let types = &resolved.types;
    // Every template once, with its type and service segment, so that each
    // ARN is matched only against templates of a service it can name; made
    // when the first ARN other than `*` asks (most statements have none).
    let mut templates: Option<Vec<(ArnTemplate, usize, &str)>> = None;
    // Per resource type (index in `types`): some ARN of the statement fits
    // it. `None` when the resources cannot all be judged (`*`, an ARN of an
    // action the catalog lacks, a string that is not an ARN).
    let mut fitting: Option<Vec<bool>> = (!resources.not).then(|| vec![false; types.len()]);
    // The work spent matching, in word operations (see [`BUDGET`]), and
    // the patterns left unjudged past it.
    let mut spent = 0usize;
    let mut unjudged = 0usize;
    for item in &resources.items {
        let arn = item.value.as_str();
        if arn == "*" {
            fitting = None;
            continue;
        }
        let Some(service) = arn_service(arn) else {
            sink.push(
                Code::ResourceMismatch,
                at,
                &item.path,
                format!("{arn:?} is not an ARN (arn:partition:service:region:account:resource) nor \"*\""),
                None,
            );
            fitting = None;
            continue;
        };
        if resolved.is_unresolved(service) {
            fitting = None;
            continue; // may be a resource of the action the catalog lacks
        }
        let pattern = without_policy_variables(arn);
        let templates = templates.get_or_insert_with(|| {
            types
                .iter()
                .enumerate()
                .flat_map(|(i, t)| t.arn_templates().map(move |tpl| (tpl, i)))
                .map(|(tpl, i)| (tpl, i, arn_service(tpl.as_str()).unwrap_or("*")))
                .collect()
        });
        let candidates: Vec<(ArnTemplate, usize)> = templates
            .iter()
            .filter(|(_, _, template_service)| may_share_service(service, template_service))
            .map(|&(tpl, i, _)| (tpl, i))
            .collect();
        let list: Vec<ArnTemplate> = candidates.iter().map(|&(tpl, _)| tpl).collect();
        let cost = (pattern.len() / 64 + 1) * list.iter().map(|t| t.as_str().len()).sum::<usize>();
        if spent.saturating_add(cost) > BUDGET {
            unjudged += 1;
            fitting = None;
            continue;
        }
        spent += cost;
        let fits = memo.fits_each(arn, &pattern, &list);
        if let Some(fitting) = &mut fitting {
            for (&(_, i), &f) in candidates.iter().zip(&fits) {
                fitting[i] |= f;
            }
        }
        if !fits.contains(&true) {
            sink.push(
                Code::ResourceMismatch,
                at,
                &item.path,
                format!(
                    "{arn:?} fits no resource type of the statement's {} action(s) ({})",
                    actions.len(),
                    type_names(types)
                ),
                None,
            );
        }
    }
    if unjudged > 0 {
        sink.push(
            Code::NotJudged,
            at,
            &resources.path,
            format!(
                "{unjudged} of the {} resource patterns were not matched against the ARN templates of the statement's {} action(s): matching them would pass this checker's bound on work (a pattern's length times the templates' length); they are neither accepted nor reported",
                resources.items.len(),
                actions.len()
            ),
            Some("name the resources with shorter patterns, or split the statement".to_string()),
        );
    }
    if let Some(fitting) = fitting
        && fitting.contains(&true)
    {
        let fits: Vec<ResourceType> = types
            .iter()
            .zip(&fitting)
            .filter(|&(_, &f)| f)
            .map(|(&t, _)| t)
            .collect();
        actions_without_resource(statement, &fits, memo, sink);
    }
    let star = resources.items.iter().find(|i| i.value == "*");
    // Narrowing a `Deny` to resources weakens it: only an `Allow` is
    // worth scoping.
    if let Some(star) = star
        && !resources.not
        && statement.effect == Some(Effect::Allow)
        && resolved.all_require_type
    {
        sink.push(
            Code::ResourceStar,
            at,
            &star.path,
            format!(
                "\"Resource\": \"*\" although each of the {} action(s) requires a resource type ({})",
                actions.len(),
                type_names(types)
            ),
            Some("name the resources by ARN".to_string()),
        );
    }
}

/// The work a statement's resource patterns may cost: a pattern's 64-bit
/// words times the bytes of the templates it is met with, summed. About a
/// tenth of a second; a real statement needs a thousandth of it (a few
/// dozen short ARNs, even against every template of `"Action": "*"`).
/// Past it the remaining patterns are left unjudged (IAM016), so that a
/// document of hostile patterns stays bounded.
const BUDGET: usize = 1 << 25;

/// How many actions a finding names as examples.
const EXAMPLES: usize = 3;

/// IAM013: each `Action` string none of whose actions has a resource type
/// that fits a resource of the statement (`fits`: the types some resource
/// fits, sorted), so the statement grants or denies it nothing. Called
/// only when every resource was judged and some fits an action: when none
/// fits any, IAM008 already names each resource. One finding per string,
/// with a count and examples for a wildcard.
fn actions_without_resource(
    statement: &Statement,
    fits: &[ResourceType],
    memo: &mut Memo,
    sink: &mut Sink,
) {
    let (deprecation, since) = (memo.deprecation, memo.since);
    for item in &statement.actions.items {
        let outcome = memo.actions.get_or_insert_with(&item.value, || {
            super::actions::outcome(&item.value, deprecation, since)
        });
        let matched = outcome.actions();
        let unused: Vec<Action> = matched
            .iter()
            .map(|k| k.action)
            .filter(|a| {
                !a.resource_types()
                    .any(|r| fits.binary_search(&r.resource_type()).is_ok())
            })
            .collect();
        let Some(&first) = unused.first() else {
            continue;
        };
        // A wildcard is judged on all it matches: `s3:*` on a bucket's ARN
        // means "what applies to it", and the actions that do not are no
        // mistake. It is reported only when none of them applies: then
        // the string grants (or denies) nothing.
        if unused.len() < matched.len() {
            continue;
        }
        let takes = |a: Action| {
            let mut names: Vec<String> = a
                .resource_types()
                .map(|r| r.resource_type().name().to_string())
                .collect();
            names.dedup();
            if names.is_empty() {
                "it takes only \"*\"".to_string()
            } else {
                format!("it takes {}", names.join(", "))
            }
        };
        let message = if matched.len() == 1 {
            format!(
                "{first} applies to none of the statement's resources ({}), so the statement {} it nothing",
                takes(first),
                verb(statement)
            )
        } else {
            let examples: Vec<String> = unused
                .iter()
                .take(EXAMPLES)
                .map(|&a| format!("{a} ({})", takes(a)))
                .collect();
            format!(
                "{:?}: none of the {} actions it matches applies to the statement's resources, such as {}",
                item.value,
                matched.len(),
                examples.join("; ")
            )
        };
        sink.push(
            Code::ActionWithoutResource,
            Some(statement.index),
            &item.path,
            message,
            None,
        );
    }
}

fn verb(statement: &Statement) -> &'static str {
    match statement.effect {
        Some(Effect::Deny) => "denies",
        _ => "grants",
    }
}

/// The service segment of an ARN (`arn:aws:s3:::b` → `s3`).
fn arn_service(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(4, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(_)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(service)
}

/// False only when both service segments are literal and differ: a
/// segment-aware match (the catalog's) can then never succeed, so the
/// template need not be tried.
fn may_share_service(arn_service: &str, template_service: &str) -> bool {
    arn_service.contains(['*', '?', '$'])
        || template_service.contains(['$', '*'])
        || arn_service.eq_ignore_ascii_case(template_service)
}

/// Policy variables (`${aws:username}`) stand for a value known only when
/// the request is made: for matching they are a wildcard. `${*}`, `${?}`
/// and `${$}` are the escapes for the literal characters.
fn without_policy_variables(arn: &str) -> std::borrow::Cow<'_, str> {
    if !arn.contains("${") {
        return arn.into();
    }
    let mut out = String::with_capacity(arn.len());
    let mut rest = arn;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                out.push_str(match name {
                    "*" | "?" | "$" => name,
                    _ => "*",
                });
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// `chime app-instance, chime channel, … (+3)`, for messages.
fn type_names(types: &[ResourceType]) -> String {
    const SHOWN: usize = 4;
    if types.is_empty() {
        return "none of them has a resource type".to_string();
    }
    let mut s: Vec<String> = types
        .iter()
        .take(SHOWN)
        .map(|t| format!("{} {}", t.service().prefix(), t.name()))
        .collect();
    if types.len() > SHOWN {
        s.push(format!("+{} more", types.len() - SHOWN));
    }
    s.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_variables_become_wildcards() {
        assert_eq!(
            without_policy_variables("arn:aws:iam::*:user/${aws:username}"),
            "arn:aws:iam::*:user/*"
        );
        assert_eq!(
            without_policy_variables("arn:aws:s3:::b/${*}x"),
            "arn:aws:s3:::b/*x"
        );
        assert_eq!(
            without_policy_variables("arn:aws:s3:::b/${oops"),
            "arn:aws:s3:::b/${oops"
        );
        assert_eq!(arn_service("arn:aws:s3:::b"), Some("s3"));
        assert_eq!(arn_service("s3:::b"), None);
    }
}
