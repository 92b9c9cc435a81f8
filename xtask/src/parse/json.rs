//! AWS's machine-readable service reference (the JSON twin of each page,
//! `servicereference.us-east-1.amazonaws.com/v1/<prefix>/<prefix>.json`).
//!
//! Schema v1.4: `Name, Actions[Name, Annotations.Properties, Resources,
//! ActionConditionKeys], Resources[Name, ARNFormats, ConditionKeys],
//! ConditionKeys[Name, Types], Operations[Name, SDK[Name, Method, Package],
//! AuthorizedActions[Name, Service]], Version`. It has no descriptions, no
//! required flags and no access-level text: a reading of it says so (empty
//! descriptions, `required: false`, levels from the annotation flags) and is
//! marked [`Layout::ServiceReferenceJson`], so that no later stage takes its
//! silence for the page's.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::source::is_index_name;
use super::warning::{Warning, WarningClass};
use super::{PageSource, Problem, ServicePage};
use crate::model::{
    AccessLevel, AccessLevels, Action, ActionName, ActionResource, ConditionKey, ConditionKeyName,
    DependencySource, DependentAction, Layout, Operation, OperationAction, PageRef, Prefix,
    QualifiedAction, ResourceType, ResourceTypeName, ServiceLinks,
};

/// Where AWS serves the JSON twins.
pub const SERVICE_REFERENCE_BASE: &str = "https://servicereference.us-east-1.amazonaws.com/v1/";

/// Largest JSON twin accepted: EC2's, the largest, is about 1 MB.
const MAX_BYTES: usize = 32 << 20;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefService {
    name: String,
    actions: Vec<RefAction>,
    #[serde(default)]
    resources: Vec<RefResource>,
    #[serde(default)]
    condition_keys: Vec<RefKey>,
    #[serde(default)]
    operations: Vec<RefOperation>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefAction {
    name: String,
    annotations: Annotations,
    #[serde(default)]
    resources: Vec<Named>,
    #[serde(default)]
    action_condition_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Annotations {
    properties: Flags,
}

/// The access-level flags. A tagging or permissions-management action is
/// flagged `IsWrite` too, as the July 2026 pages write "Tagging, Write".
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "PascalCase")]
struct Flags {
    #[serde(default)]
    is_list: bool,
    #[serde(default)]
    is_permission_management: bool,
    #[serde(default)]
    is_tagging_only: bool,
    #[serde(default)]
    is_write: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Named {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefResource {
    name: String,
    #[serde(rename = "ARNFormats", default)]
    arn_formats: Vec<String>,
    #[serde(default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefKey {
    name: String,
    #[serde(default)]
    types: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RefOperation {
    name: String,
    #[serde(rename = "SDK", default)]
    sdk: Vec<Named>,
    #[serde(default)]
    authorized_actions: Vec<Authorized>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Authorized {
    name: String,
    service: String,
}

/// The access levels the flags mean, and the flags as written.
fn access_levels(f: Flags) -> AccessLevels {
    let mut levels = BTreeSet::new();
    let mut raw = Vec::new();
    for (set, flag, level) in [
        (f.is_list, "IsList", AccessLevel::List),
        (f.is_write, "IsWrite", AccessLevel::Write),
        (
            f.is_permission_management,
            "IsPermissionManagement",
            AccessLevel::PermissionsManagement,
        ),
        (f.is_tagging_only, "IsTaggingOnly", AccessLevel::Tagging),
    ] {
        if set {
            levels.insert(level);
            raw.push(flag);
        }
    }
    // No flag at all is how the reference marks a read.
    if levels.is_empty() {
        levels.insert(AccessLevel::Read);
    }
    AccessLevels {
        levels,
        raw: if raw.is_empty() {
            "no flags".to_string()
        } else {
            raw.join(", ")
        },
    }
}

/// The URL AWS serves a prefix's twin at.
pub fn twin_url(prefix: &str) -> String {
    format!("{SERVICE_REFERENCE_BASE}{prefix}/{prefix}.json")
}

/// Reads one service reference document.
pub fn read(source: &PageSource, text: &str) -> Result<ServicePage, Problem> {
    if is_index_name(source.file_name()) {
        return Err(Problem::ServiceIndex);
    }
    if text.len() > MAX_BYTES {
        return Err(Problem::Json(format!(
            "{} bytes, more than the {MAX_BYTES} accepted",
            text.len()
        )));
    }
    let doc: RefService =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            // The canonical files of a snapshot are `<prefix>.json` too.
            let hint = if text.contains("\"access_level_raw\"") {
                " (it is a canonical snapshot file: diff or import its directory)"
            } else {
                ""
            };
            Problem::Json(format!(
                "not a service reference document (v1.4): {e}{hint}"
            ))
        })?;
    let prefix = Prefix::new(doc.name.clone())?;
    // Every real twin lists at least one action; none is a truncated or
    // emptied document, never an empty service.
    if doc.actions.is_empty() {
        return Err(Problem::NoActions(format!("Actions of {prefix}")));
    }
    let mut warnings = Vec::new();
    match doc.version.as_deref() {
        Some(v) if v.starts_with("v1.") => {}
        other => warnings.push(Warning::page(
            &source.name,
            WarningClass::TwinOddity,
            format!(
                "schema version {} (read as v1.4)",
                other.unwrap_or("absent")
            ),
        )),
    }
    if let Some(stem) = source.file_name().strip_suffix(".json")
        && stem != prefix.as_str()
    {
        warnings.push(Warning::page(
            &source.name,
            WarningClass::TwinOddity,
            format!("served as {stem}.json but names the service {prefix}"),
        ));
    }
    let mut actions = Vec::with_capacity(doc.actions.len());
    for a in doc.actions {
        let mut resource_types = Vec::new();
        for r in a.resources {
            let r = ActionResource {
                name: ResourceTypeName::new(r.name)?,
                required: false,
                condition_keys: Vec::new(),
            };
            if !resource_types.contains(&r) {
                resource_types.push(r);
            }
        }
        actions.push(Action {
            name: ActionName::new(a.name)?,
            description: String::new(),
            access_level: access_levels(a.annotations.properties),
            permission_only: false,
            resource_types,
            condition_keys: keys(a.action_condition_keys)?,
            dependent_actions: Vec::new(),
            scenarios: Vec::new(),
            doc_url: None,
        });
    }
    let resource_types = doc
        .resources
        .into_iter()
        .map(|r| {
            Ok(ResourceType {
                name: ResourceTypeName::new(r.name)?,
                arn_templates: r.arn_formats,
                condition_keys: keys(r.condition_keys)?,
                doc_url: None,
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    let condition_keys = doc
        .condition_keys
        .into_iter()
        .map(|k| {
            Ok(ConditionKey {
                name: ConditionKeyName::new(k.name)?,
                description: String::new(),
                key_type: k.types.join(", "),
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    let operations = doc
        .operations
        .into_iter()
        .map(|o| {
            let mut sdk_clients: Vec<String> = o.sdk.into_iter().map(|s| s.name).collect();
            sdk_clients.sort();
            sdk_clients.dedup();
            let actions = o
                .authorized_actions
                .into_iter()
                .map(|a| {
                    Ok(OperationAction {
                        action: QualifiedAction::new(format!("{}:{}", a.service, a.name))?,
                        condition_keys: Vec::new(),
                        possible_values: Vec::new(),
                        access_level: String::new(),
                    })
                })
                .collect::<Result<Vec<_>, Problem>>()?;
            Ok(Operation {
                name: o.name,
                sdk_clients,
                actions,
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    let url = twin_url(prefix.as_str());
    let mut page = ServicePage {
        page: PageRef {
            slug: prefix.to_string(),
            url: url.clone(),
            name: prefix.to_string(),
            layout: Layout::ServiceReferenceJson,
        },
        prefix,
        links: ServiceLinks {
            service_reference: Some(url),
            ..ServiceLinks::default()
        },
        actions,
        resource_types,
        condition_keys,
        operations,
        warnings,
        // A twin names its service, not a page: its file name is all it has.
        identity: super::evidence::PageIdentity {
            served_slug: source.file_name().strip_suffix(".json").map(str::to_string),
            ..Default::default()
        },
    };
    let (prefix, ops) = (page.prefix.clone(), std::mem::take(&mut page.operations));
    page.warnings.extend(derive_dependents(
        &source.name,
        &prefix,
        &ops,
        &mut page.actions,
        DependencySource::ServiceReferenceJson,
    ));
    page.operations = ops;
    Ok(page)
}

fn keys(names: Vec<String>) -> Result<Vec<ConditionKeyName>, Problem> {
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let k = ConditionKeyName::new(n)?;
        if !out.contains(&k) {
            out.push(k);
        }
    }
    Ok(out)
}

/// An operation that authorizes its namesake action and others makes those
/// others dependents of the namesake (the only statement of dependencies
/// since the July 2026 layout dropped the "Dependent actions" column).
/// Returns a warning for each operation whose namesake the service lacks.
pub(crate) fn derive_dependents(
    page: &str,
    prefix: &Prefix,
    operations: &[Operation],
    actions: &mut [Action],
    source: DependencySource,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for op in operations {
        let own = |a: &QualifiedAction| a.prefix() == prefix.as_str() && a.action() == op.name;
        if !op.actions.iter().any(|a| own(&a.action)) {
            continue;
        }
        let Some(action) = actions.iter_mut().find(|a| a.name.as_str() == op.name) else {
            warnings.push(Warning::page(
                page,
                WarningClass::OperationWithoutAction,
                format!(
                    "operation {} authorizes {prefix}:{} but the page has no such action",
                    op.name, op.name
                ),
            ));
            continue;
        };
        for other in op.actions.iter().filter(|a| !own(&a.action)) {
            if !action
                .dependent_actions
                .iter()
                .any(|d| d.name == other.action)
            {
                action.dependent_actions.push(DependentAction {
                    name: other.action.clone(),
                    source,
                });
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, text: &str) -> Result<ServicePage, Problem> {
        let source = PageSource {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        };
        read(&source, text)
    }

    #[test]
    fn flags_become_levels_and_tagging_stays_a_write() {
        let p = page(
            "x.json",
            r#"{"Name":"x","Version":"v1.4","Actions":[
              {"Name":"TagResource","Annotations":{"Properties":{"IsList":false,"IsPermissionManagement":false,"IsTaggingOnly":true,"IsWrite":true}}},
              {"Name":"GetThing","Annotations":{"Properties":{"IsList":false,"IsPermissionManagement":false,"IsTaggingOnly":false,"IsWrite":false}},
               "Resources":[{"Name":"thing"}],"ActionConditionKeys":["aws:RequestTag/${TagKey}"]}]}"#,
        )
        .unwrap();
        let tag = &p.actions[0];
        assert_eq!(
            tag.access_level.levels,
            BTreeSet::from([AccessLevel::Write, AccessLevel::Tagging])
        );
        assert_eq!(tag.access_level.raw, "IsWrite, IsTaggingOnly");
        let get = &p.actions[1];
        assert_eq!(get.access_level.levels, BTreeSet::from([AccessLevel::Read]));
        assert_eq!(get.resource_types[0].name.as_str(), "thing");
        assert!(!get.resource_types[0].required);
        assert_eq!(get.condition_keys[0].as_str(), "aws:RequestTag/${TagKey}");
        assert_eq!(p.page.layout, Layout::ServiceReferenceJson);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn operations_give_sdk_clients_and_dependents() {
        let p = page(
            "x.json",
            r#"{"Name":"x","Version":"v1.4","Actions":[
              {"Name":"Run","Annotations":{"Properties":{"IsWrite":true}}}],
              "Operations":[{"Name":"Run","SDK":[{"Name":"x-b","Method":"run","Package":"Boto3"},{"Name":"x-a","Method":"run","Package":"Boto3"}],
               "AuthorizedActions":[{"Name":"Run","Service":"x"},{"Name":"PassRole","Service":"iam"}]}]}"#,
        )
        .unwrap();
        assert_eq!(p.operations[0].sdk_clients, ["x-a", "x-b"]);
        let deps = &p.actions[0].dependent_actions;
        assert_eq!(deps.len(), 1);
        assert_eq!(deps[0].name.as_str(), "iam:PassRole");
        assert_eq!(deps[0].source, DependencySource::ServiceReferenceJson);
    }

    #[test]
    fn bad_documents_say_what_is_wrong() {
        let e = page("x.json", r#"{"Name":"x","Version":"v1.4"}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `Actions`"), "{e}");
        let e = page("x.json", r#"{"Name":"x","Actions":[{"Name":"A""#).unwrap_err();
        assert!(e.to_string().contains("EOF"), "{e}");
        let e = page("x.json", r#"{"Name":"Bad Prefix","Actions":[]}"#).unwrap_err();
        assert!(e.to_string().contains("service prefix"), "{e}");
        let e = page("service-list.json", "[]").unwrap_err();
        assert!(matches!(e, Problem::ServiceIndex), "{e}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(page("x.json", &deep).is_err());
    }
}
