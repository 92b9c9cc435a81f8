//! `cargo xtask codegen`: the typed crate's tables from `snapshots/`.
//!
//! Writes `src/generated/` of the root crate: the string blobs, a file
//! per kind (`strings/`), sorted tables of small rows pointing into them (a
//! file per table in `tables/`), `Service` consts (`consts.rs`) and a
//! module of documented action consts per service (`consts/<prefix>.rs`),
//! and `mod.rs` with `DATA_VERSION`; and the data version into
//! `[package.metadata.aws-iam-catalog]` of `Cargo.toml`. Every file opens
//! with an `@generated` line naming the command, the data version and the
//! generator. Output depends on the input only (sorted everything, no
//! times), and the input is validated first: an unknown condition key type
//! or more items than a handle can address stops the generator.

mod describe;
mod emit;
mod hash;
pub mod names;
mod operations;
pub mod tombstones;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::model::Service;
use crate::parse::global_keys::{GlobalKey, GlobalKeys};
use crate::snapshot::{Manifest, import_dir};

pub use tombstones::{Tombstone, Tombstones};

/// The version of the generator, in every header: a change of the output
/// format bumps it.
pub const GENERATOR: &str = concat!("xtask ", env!("CARGO_PKG_VERSION"), " codegen v2");

/// The command that regenerates the files, for headers and error messages.
pub const COMMAND: &str = "cargo xtask codegen";

/// A file the generator owns, with the text it should hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the repository root.
    pub path: PathBuf,
    /// Its content.
    pub text: String,
}

/// What codegen reads.
pub struct Input {
    /// The services.
    pub services: Vec<Service>,
    /// The data version.
    pub manifest: Manifest,
    /// Removed items kept one release.
    pub tombstones: Tombstones,
    /// The IAM User Guide's global condition keys.
    pub global_keys: Vec<GlobalKey>,
}

/// The global condition keys file of a snapshot directory.
pub const GLOBAL_KEYS_FILE: &str = "global-condition-keys.json";

/// The global keys of a snapshot directory, when it has the file (an
/// error when the file is there but unreadable).
pub fn global_keys_if_any(snapshots: &Path) -> Result<Option<Vec<GlobalKey>>> {
    if snapshots.join(GLOBAL_KEYS_FILE).is_file() {
        read_global_keys(snapshots).map(Some)
    } else {
        Ok(None)
    }
}

/// The global keys an update carries: read from the IAM User Guide page
/// when one of the `--from-dir` directories holds it
/// (`../shared/corpus/iam-guide`), else those of the checkout.
pub fn new_global_keys(source: &crate::update::Source, snapshots: &Path) -> Result<GlobalKeys> {
    use crate::parse::global_keys::{PAGE_FILE, read_path};
    let page = match source {
        crate::update::Source::Dirs(dirs) => dirs.iter().find(|d| d.join(PAGE_FILE).is_file()),
        _ => None,
    };
    let keys = match page {
        Some(dir) => read_path(dir)?,
        None => {
            let path = snapshots.join(GLOBAL_KEYS_FILE);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            GlobalKeys::from_json(&path.display().to_string(), &text)?
        }
    };
    Ok(keys)
}

/// Reads `snapshots/global-condition-keys.json`. A snapshot directory
/// without it is an error: the crate would silently lose its global keys.
pub fn read_global_keys(snapshots: &Path) -> Result<Vec<GlobalKey>> {
    let path = snapshots.join(GLOBAL_KEYS_FILE);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {} (the global condition keys: `cargo xtask global-keys --from-dir ../shared/corpus/iam-guide` writes it)",
            path.display()
        )
    })?;
    Ok(GlobalKeys::from_json(&path.display().to_string(), &text)?.keys)
}

/// Reads a snapshot directory (`snapshots/`) and its tombstones.
pub fn read_input(snapshots: &Path) -> Result<Input> {
    let imported = import_dir(snapshots)?;
    let manifest = imported.manifest.with_context(|| {
        format!(
            "{}: no manifest.toml (export the snapshot with `cargo xtask export`)",
            snapshots.display()
        )
    })?;
    let tombstones = Tombstones::read(&snapshots.join("tombstones.toml"))?;
    Ok(Input {
        services: imported.services,
        manifest,
        tombstones,
        global_keys: read_global_keys(snapshots)?,
    })
}

/// What the generator writes, and what it warns about the data (a
/// resource type actions use that no table defines, …).
pub struct Generated {
    pub outputs: Vec<Output>,
    pub warnings: Vec<String>,
}

/// Every output file, for a repository at `root`.
pub fn generate(input: &Input, root: &Path) -> Result<Generated> {
    let cargo_toml =
        std::fs::read_to_string(root.join("Cargo.toml")).context("cannot read Cargo.toml")?;
    generate_with(input, &cargo_toml)
}

/// Every output file, given the text of `Cargo.toml` to write the data
/// version into (a release passes it with the version already bumped).
pub fn generate_with(input: &Input, cargo_toml: &str) -> Result<Generated> {
    let header = format!(
        "// @generated by `{COMMAND}` from snapshots/ (data {}, sha256 {}) with {GENERATOR}. Do not edit.\n",
        input.manifest.data_date, input.manifest.content_sha256
    );
    let (files, warnings) = emit::emit(input, &header)?;
    let mut out: Vec<Output> = files
        .into_iter()
        .map(|(name, text)| Output {
            path: PathBuf::from("src/generated").join(name),
            text,
        })
        .collect();
    out.push(Output {
        path: PathBuf::from("Cargo.toml"),
        text: with_metadata(cargo_toml, &input.manifest)?,
    });
    Ok(Generated {
        outputs: out,
        warnings,
    })
}

/// The marker lines of the metadata section codegen owns in `Cargo.toml`.
const METADATA_START: &str = "[package.metadata.aws-iam-catalog]";

/// `Cargo.toml` with `[package.metadata.aws-iam-catalog]` naming the data.
pub fn with_metadata(cargo_toml: &str, manifest: &Manifest) -> Result<String> {
    let section = format!(
        "{METADATA_START}\n# Written by `{COMMAND}`: the snapshot of the AWS documentation this version holds.\n\
         data-date = \"{}\"\ndata-sha256 = \"{}\"\n",
        manifest.data_date, manifest.content_sha256
    );
    let Some(start) = cargo_toml.find(METADATA_START) else {
        // First run: the section goes after [package]'s fields, before the
        // next table.
        let package = cargo_toml
            .find("[package]")
            .context("Cargo.toml has no [package]")?;
        let next = cargo_toml[package + 9..]
            .find("\n[")
            .map_or(cargo_toml.len(), |i| package + 9 + i + 1);
        return Ok(format!(
            "{}{section}\n{}",
            &cargo_toml[..next],
            &cargo_toml[next..]
        ));
    };
    let end = cargo_toml[start + METADATA_START.len()..]
        .find("\n[")
        .map_or(cargo_toml.len(), |i| start + METADATA_START.len() + i + 1);
    let mut rest = &cargo_toml[end..];
    if !rest.is_empty() {
        rest = rest.trim_start_matches('\n');
        return Ok(format!("{}{section}\n{rest}", &cargo_toml[..start]));
    }
    Ok(format!("{}{section}", &cargo_toml[..start]))
}

/// Writes the outputs under `root`, removing generated files no longer
/// produced.
pub fn write(root: &Path, outputs: &[Output]) -> Result<()> {
    for o in outputs {
        let path = root.join(&o.path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(o.text.as_str()) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            write_atomic(&path, o.text.as_bytes())?;
        }
    }
    for rel in unproduced(root, outputs) {
        std::fs::remove_file(root.join(&rel))
            .with_context(|| format!("cannot remove {}", rel.display()))?;
    }
    Ok(())
}

/// The `.rs` files under `src/generated/` (relative to `root`) that the
/// outputs do not include: left over from an earlier layout or data.
fn unproduced(root: &Path, outputs: &[Output]) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
    }
    let produced: std::collections::BTreeSet<&Path> =
        outputs.iter().map(|o| o.path.as_path()).collect();
    let mut found = Vec::new();
    walk(root, &root.join("src/generated"), &mut found);
    found.retain(|p| !produced.contains(p.as_path()));
    found.sort();
    found
}

/// Writes `path` by way of a temporary file beside it and a rename, so a
/// reader (or an interrupted run) sees the old file or the new, never half
/// of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move {} into place", path.display()))
}

/// The files that differ from what the generator would write.
pub fn stale(root: &Path, outputs: &[Output]) -> Vec<PathBuf> {
    let mut stale: Vec<PathBuf> = outputs
        .iter()
        .filter(|o| {
            std::fs::read_to_string(root.join(&o.path)).ok().as_deref() != Some(o.text.as_str())
        })
        .map(|o| o.path.clone())
        .collect();
    stale.extend(unproduced(root, outputs));
    stale
}

/// Runs codegen (or checks, with `check`) for the repository at `root`.
pub fn run(root: &Path, snapshots: &Path, check: bool) -> Result<usize> {
    let input = read_input(snapshots)?;
    let Generated { outputs, warnings } = generate(&input, root)?;
    for w in &warnings {
        eprintln!("codegen warning: {w}");
    }
    if check {
        let stale = stale(root, &outputs);
        if !stale.is_empty() {
            bail!(
                "generated code is stale or was edited by hand: {}; run `{COMMAND}` and commit the result",
                stale
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    } else {
        write(root, &outputs)?;
    }
    Ok(outputs.iter().map(|o| o.text.len()).sum())
}

/// Sizes of the generated files, for reports.
pub fn sizes(outputs: &[Output]) -> BTreeMap<String, usize> {
    outputs
        .iter()
        .map(|o| (o.path.display().to_string(), o.text.len()))
        .collect()
}
