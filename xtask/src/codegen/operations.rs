//! The API operations' tables (`src/generated/operations/`): what a call
//! needs, for the runtime's `Operation` (`src/operation.rs` and its rows in
//! `src/operation_table.rs`).
//!
//! A module of its own, with a blob of its own, and read by nothing else of
//! the crate: a program that never names an operation links none of it.
//!
//! Layout:
//! - `OPERATIONS`: a row per operation, each service's contiguous and
//!   sorted by name ignoring case (so `s3:GetObject` is a binary search in
//!   the service's run); the name is the action's name when an action of the
//!   service has the same (most do), else a string of the blob;
//! - `SERVICE_OPERATIONS`: a run of `OPERATIONS` per service row (empty for
//!   a service whose page gives no operations);
//! - `OPERATION_ACTIONS`: each operation's actions, in the snapshot's
//!   order, with their condition keys and possible values (`OPERATION_STRS`);
//! - `SDK_CLIENTS` (sorted by name) and each client's operations in
//!   `SDK_INDEX`, sorted by name ignoring case and `_`: `("s3", "get_object")`
//!   is two binary searches; `OPERATION_CLIENTS`, each operation's clients;
//! - `ACTION_OPERATIONS`: `(action, operation)` pairs sorted, the other way.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use anyhow::{Result, bail};

use super::Input;
use super::blob::{Blob, byte_literal};
use crate::model::Layout;

/// Row flags, as `src/operation_table.rs` defines them.
const NAME_IS_ACTION: u8 = 1;
const FROM_JSON_TWIN: u8 = 2;

/// What the operations add to the generated files: `(path under
/// src/generated/, text)`, and warnings about the data.
pub fn emit(
    input: &Input,
    prefixes: &[String],
    qualified: &[String],
    header: &str,
) -> Result<(super::blob::Files, Vec<String>)> {
    let t = lay_out(input, prefixes, qualified)?;
    let mut files = Vec::new();
    let mut index =
        format!("{header}\n//! The API operations' tables (read by `crate::operation` alone).\n\n");
    let tables: [(&str, &str, &[u8]); 8] = [
        ("OPERATIONS", "OperationRow", &t.operations),
        ("SERVICE_OPERATIONS", "Span", &t.service_operations),
        (
            "OPERATION_ACTIONS",
            "OperationActionRow",
            &t.operation_actions,
        ),
        ("OPERATION_STRS", "Str<OpText>", &t.strs),
        ("OPERATION_CLIENTS", "u16", &t.operation_clients),
        ("SDK_CLIENTS", "SdkClientRow", &t.sdk_clients),
        ("SDK_INDEX", "u16", &t.sdk_index),
        (
            "ACTION_OPERATIONS",
            "ActionOperationRow",
            &t.action_operations,
        ),
    ];
    for (name, ty, bytes) in tables {
        // `operations/operations.rs` would be a module named as its parent.
        let file = match name {
            "OPERATIONS" => "operation_rows".to_string(),
            _ => name.to_ascii_lowercase(),
        };
        let _ = writeln!(index, "mod {file};\npub(crate) use {file}::{name};");
        files.push((
            format!("operations/{file}.rs"),
            format!(
                "{header}\n#[allow(unused_imports)]\nuse crate::table::*;\n#[allow(unused_imports)]\nuse crate::operation_table::*;\n\n\
                 /// {} bytes.\npub(crate) static {name}: Table<{ty}> = Table::new({});\n",
                bytes.len(),
                byte_literal(bytes)
            ),
        ));
    }
    let mut text = format!(
        "{header}\n/// Operation names that are no action's, SDK client names, condition keys and values, in chunks of at most 1 MiB.\npub(crate) static TEXT: [&str; {}] = [\n",
        t.blob.chunks.len()
    );
    for chunk in &t.blob.chunks {
        let _ = writeln!(text, "{chunk:?},");
    }
    text.push_str("];\n");
    files.push(("operations/text.rs".to_string(), text));
    let _ = writeln!(index, "mod text;\npub(crate) use text::TEXT;");
    files.push(("operations.rs".to_string(), index));
    Ok((files, t.warnings))
}

/// The tables as little-endian bytes (`src/operation_table.rs` reads them).
#[derive(Default)]
struct Tables {
    blob: Blob,
    operations: Vec<u8>,
    service_operations: Vec<u8>,
    operation_actions: Vec<u8>,
    strs: Vec<u8>,
    operation_clients: Vec<u8>,
    sdk_clients: Vec<u8>,
    sdk_index: Vec<u8>,
    action_operations: Vec<u8>,
    warnings: Vec<String>,
}

fn u16_of(what: &str, n: usize) -> Result<u16> {
    match u16::try_from(n) {
        Ok(v) if v < u16::MAX => Ok(v),
        _ => bail!(
            "{n} {what}: more than a 16-bit field of the operations' tables holds; widen it in src/operation_table.rs and xtask/src/codegen/operations.rs"
        ),
    }
}

fn u32_of(what: &str, n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| anyhow::anyhow!("{n} {what}: over 4 GiB"))
}

/// A `Str` or `Span`: start (`u32`) and length (`u16`).
fn push_span(out: &mut Vec<u8>, what: &str, start: u32, len: usize) -> Result<()> {
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&u16_of(what, len)?.to_le_bytes());
    Ok(())
}

fn push_str(out: &mut Vec<u8>, blob: &mut Blob, s: &str) -> Result<()> {
    let (start, len) = blob.add_raw(s);
    push_span(out, "bytes in a string", start, len as usize)
}

/// The key of the SDK index: the method as the SDKs spell it,
/// `GetObject` or `get_object`, ignoring ASCII case and `_`. Bytes, as the
/// runtime compares them.
pub fn sdk_key(method: &str) -> Vec<u8> {
    method
        .bytes()
        .filter(|&b| b != b'_')
        .map(|b| b.to_ascii_lowercase())
        .collect()
}

fn lay_out(input: &Input, prefixes: &[String], qualified: &[String]) -> Result<Tables> {
    let mut t = Tables::default();
    let action_index: HashMap<String, usize> = qualified
        .iter()
        .enumerate()
        .map(|(i, q)| (q.to_ascii_lowercase(), i))
        .collect();
    let by_prefix: HashMap<&str, &crate::model::Service> = input
        .services
        .iter()
        .map(|s| (s.prefix.as_str(), s))
        .collect();

    // Clients, sorted, numbered.
    let client_names: BTreeSet<String> = input
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .flat_map(|o| &o.sdk_clients)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let client_id: HashMap<&str, u16> = client_names
        .iter()
        .enumerate()
        .map(|(i, c)| Ok((c.as_str(), u16_of("SDK clients", i)?)))
        .collect::<Result<_>>()?;
    // Each client's operations, by SDK key.
    let mut client_ops: Vec<Vec<(Vec<u8>, u16)>> = vec![Vec::new(); client_names.len()];

    let mut pairs: Vec<(u16, u16)> = Vec::new();
    let mut n_ops = 0usize;
    for prefix in prefixes {
        let first = n_ops;
        let service_row = u16_of("services", t.service_operations.len() / 6)?;
        let Some(service) = by_prefix.get(prefix.as_str()) else {
            push_span(&mut t.service_operations, "operations", first as u32, 0)?;
            continue;
        };
        let source = match (
            service.renderings.operations_from,
            service.renderings.used.first(),
        ) {
            (Some(Layout::ServiceReferenceJson), _)
            | (None, Some(Layout::ServiceReferenceJson)) => FROM_JSON_TWIN,
            _ => 0,
        };
        let mut ops: Vec<&crate::model::Operation> = service.operations.iter().collect();
        ops.sort_by(|a, b| {
            a.name
                .to_ascii_lowercase()
                .cmp(&b.name.to_ascii_lowercase())
                .then(a.name.cmp(&b.name))
        });
        ops.dedup_by(|a, b| a.name.eq_ignore_ascii_case(&b.name));
        if ops.len() < service.operations.len() {
            t.warnings.push(format!(
                "{prefix}: operations whose names differ only in case; the first of each kept"
            ));
        }
        for o in ops {
            let op = u16_of("operations", n_ops)?;
            n_ops += 1;
            let own = action_index.get(&format!("{prefix}:{}", o.name).to_ascii_lowercase());
            let own = own.filter(|&&i| qualified[i].ends_with(&format!(":{}", o.name)));
            t.operations.extend_from_slice(&service_row.to_le_bytes());
            match own {
                Some(&i) => {
                    t.operations.push(source | NAME_IS_ACTION);
                    push_span(&mut t.operations, "operation name", i as u32, o.name.len())?;
                }
                None => {
                    t.operations.push(source);
                    push_str(&mut t.operations, &mut t.blob, &o.name)?;
                }
            }
            // Its actions.
            let actions_start = t.operation_actions.len() / 10;
            let mut kept = 0;
            for a in &o.actions {
                let Some(&action) = action_index.get(&a.action.as_str().to_ascii_lowercase())
                else {
                    t.warnings.push(format!(
                        "{prefix}:{}: operation needs {}, which is not in the catalog; left out",
                        o.name, a.action
                    ));
                    continue;
                };
                kept += 1;
                let action = u16_of("actions", action)?;
                pairs.push((action, op));
                let strs_start = u32_of("operation strings", t.strs.len() / 6)?;
                for k in &a.condition_keys {
                    push_str(&mut t.strs, &mut t.blob, k.as_str())?;
                }
                for v in &a.possible_values {
                    push_str(&mut t.strs, &mut t.blob, v)?;
                }
                t.operation_actions.extend_from_slice(&action.to_le_bytes());
                push_span(
                    &mut t.operation_actions,
                    "condition keys and values",
                    strs_start,
                    a.condition_keys.len() + a.possible_values.len(),
                )?;
                let keys = u16_of("condition keys", a.condition_keys.len())?;
                t.operation_actions.extend_from_slice(&keys.to_le_bytes());
            }
            push_span(
                &mut t.operations,
                "actions of an operation",
                u32_of("operation actions", actions_start)?,
                kept,
            )?;
            // Its clients.
            let clients_start = u32_of("operation clients", t.operation_clients.len() / 2)?;
            let mut own_clients: Vec<u16> = o
                .sdk_clients
                .iter()
                .map(|c| client_id[c.to_ascii_lowercase().as_str()])
                .collect();
            own_clients.sort_unstable();
            own_clients.dedup();
            for &c in &own_clients {
                t.operation_clients.extend_from_slice(&c.to_le_bytes());
                client_ops[c as usize].push((sdk_key(&o.name), op));
            }
            push_span(
                &mut t.operations,
                "clients of an operation",
                clients_start,
                own_clients.len(),
            )?;
        }
        push_span(
            &mut t.service_operations,
            "operations of a service",
            u32_of("operations", first)?,
            n_ops - first,
        )?;
    }

    for (name, mut ops) in client_names.iter().zip(client_ops) {
        ops.sort();
        if ops.windows(2).any(|w| w[0].0 == w[1].0) {
            t.warnings.push(format!(
                "SDK client {name}: two operations of one method name; `Operation::for_sdk` gives the first"
            ));
        }
        push_str(&mut t.sdk_clients, &mut t.blob, name)?;
        push_span(
            &mut t.sdk_clients,
            "operations of a client",
            u32_of("SDK index", t.sdk_index.len() / 2)?,
            ops.len(),
        )?;
        for (_, op) in ops {
            t.sdk_index.extend_from_slice(&op.to_le_bytes());
        }
    }

    pairs.sort_unstable();
    pairs.dedup();
    for (action, op) in pairs {
        t.action_operations.extend_from_slice(&action.to_le_bytes());
        t.action_operations.extend_from_slice(&op.to_le_bytes());
    }
    Ok(t)
}
