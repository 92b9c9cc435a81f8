//! A snapshot as files: `services/<prefix>.json` (the canonical service files,
//! `canonical.rs`) and `manifest.toml` (data date, source, per-file sha256,
//! overall hash, counts). `snapshots/` in the repository is one of these: the
//! reviewed data that codegen reads.
//!
//! Owns the files of a snapshot directory, the global keys file included
//! ([`GLOBAL_KEYS_FILE`]); knows nothing of the database, codegen or update.
//!
//! The overall hash is the sha256 of the `sha256sum`-style listing of the
//! files, so it depends on content only; the database stores it as the
//! snapshot's `content_sha256`.
//!
//! A snapshot also holds the global condition keys (`global-condition-keys.json`,
//! read from the IAM User Guide), listed in the manifest's files with their
//! own hash. They are left out of the overall hash, which stays the
//! services' (so the identity of every snapshot stored before them holds),
//! and a manifest without them (written before) still imports.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::canonical::{parse_service, service_json};
use crate::digest::sha256_hex;
use crate::model::Service;
use crate::parse::global_keys::{GlobalKey, GlobalKeys};

/// How much a snapshot holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Service prefixes.
    pub services: usize,
    /// Actions.
    pub actions: usize,
    /// Resource types.
    pub resource_types: usize,
    /// Condition keys.
    pub condition_keys: usize,
    /// API operations.
    pub operations: usize,
}

impl Counts {
    /// Counts a set of services.
    pub fn of(services: &[Service]) -> Counts {
        Counts {
            services: services.len(),
            actions: services.iter().map(|s| s.actions.len()).sum(),
            resource_types: services.iter().map(|s| s.resource_types.len()).sum(),
            condition_keys: services.iter().map(|s| s.condition_keys.len()).sum(),
            operations: services.iter().map(|s| s.operations.len()).sum(),
        }
    }
}

/// One canonical service file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalFile {
    /// Service prefix (the file is `services/<prefix>.json`).
    pub prefix: String,
    /// Service name.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Its sha256.
    pub sha256: String,
}

impl CanonicalFile {
    /// Path inside a snapshot directory.
    pub fn relative_path(&self) -> String {
        format!("services/{}.json", self.prefix)
    }
}

/// The canonical files of a snapshot, sorted by prefix, and their overall hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalSet {
    /// The files.
    pub files: Vec<CanonicalFile>,
    /// sha256 of the listing `"<sha256>  services/<prefix>.json\n"…`.
    pub content_sha256: String,
}

impl CanonicalSet {
    /// Serialises services (in parallel).
    pub fn from_services(services: &[Service]) -> CanonicalSet {
        let files = services
            .par_iter()
            .map(|s| {
                let text = service_json(s);
                CanonicalFile {
                    prefix: s.prefix.to_string(),
                    name: s.name.clone(),
                    sha256: sha256_hex(&text),
                    text,
                }
            })
            .collect();
        CanonicalSet::from_files(files)
    }

    /// Wraps files, sorting them and computing the overall hash.
    pub fn from_files(mut files: Vec<CanonicalFile>) -> CanonicalSet {
        files.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        let listing: String = files
            .iter()
            .map(|f| format!("{}  {}\n", f.sha256, f.relative_path()))
            .collect();
        CanonicalSet {
            content_sha256: sha256_hex(listing),
            files,
        }
    }
}

/// `global-condition-keys.json` of a snapshot: its canonical text and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeysFile {
    /// The canonical text ([`crate::parse::global_keys::GlobalKeys::to_json`]).
    pub text: String,
    /// Its sha256.
    pub sha256: String,
}

impl KeysFile {
    /// The file of a set of keys.
    pub fn of(keys: &crate::parse::global_keys::GlobalKeys) -> KeysFile {
        let text = keys.to_json();
        KeysFile {
            sha256: sha256_hex(&text),
            text,
        }
    }

    /// A stored or exported file read back: it must be a canonical keys
    /// file (`name` says where it came from in the error).
    pub fn parse(name: &str, text: String) -> Result<KeysFile> {
        crate::parse::global_keys::GlobalKeys::from_json(name, &text)?;
        Ok(KeysFile {
            sha256: sha256_hex(&text),
            text,
        })
    }

    /// The keys it holds.
    pub fn keys(&self) -> Vec<crate::parse::global_keys::GlobalKey> {
        crate::parse::global_keys::GlobalKeys::from_json(GLOBAL_KEYS_FILE, &self.text)
            .expect("a KeysFile is canonical")
            .keys
    }
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

/// Reads `snapshots/global-condition-keys.json`. A snapshot directory
/// without it is an error: the crate would silently lose its global keys.
pub fn read_global_keys(snapshots: &Path) -> Result<Vec<GlobalKey>> {
    Ok(read_global_keys_file(snapshots)?.keys)
}

/// [`read_global_keys`], with the page's address.
pub fn read_global_keys_file(snapshots: &Path) -> Result<GlobalKeys> {
    let path = snapshots.join(GLOBAL_KEYS_FILE);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {} (the global condition keys: `cargo xtask global-keys --from-dir ../shared/corpus/iam-guide` writes it)",
            path.display()
        )
    })?;
    GlobalKeys::from_json(&path.display().to_string(), &text)
}

/// `manifest.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The data date, `YYYY-MM-DD`.
    pub data_date: String,
    /// What the snapshot was read from.
    pub source: String,
    /// The overall hash ([`CanonicalSet::content_sha256`]).
    pub content_sha256: String,
    /// Counts.
    pub counts: Counts,
    /// `services/<prefix>.json` → sha256.
    pub files: BTreeMap<String, String>,
}

const MANIFEST_HEADER: &str = "# aws-iam-catalog snapshot manifest, written by `cargo xtask export`; do not edit.\n\
                               # content_sha256 is the sha256 of the `sha256sum` listing of the files below.\n\n";

impl Manifest {
    /// The manifest of a set of files.
    pub fn new(data_date: &str, source: &str, counts: Counts, set: &CanonicalSet) -> Manifest {
        Manifest {
            data_date: data_date.to_string(),
            source: source.to_string(),
            content_sha256: set.content_sha256.clone(),
            counts,
            files: set
                .files
                .iter()
                .map(|f| (f.relative_path(), f.sha256.clone()))
                .collect(),
        }
    }

    /// The manifest listing the global keys file too (with its hash), when
    /// the snapshot has one.
    pub fn listing_keys(mut self, keys: Option<&KeysFile>) -> Manifest {
        if let Some(k) = keys {
            self.files
                .insert(GLOBAL_KEYS_FILE.to_string(), k.sha256.clone());
        }
        self
    }

    /// The hash the manifest lists for the global keys file, if it does.
    pub fn keys_sha256(&self) -> Option<&str> {
        self.files.get(GLOBAL_KEYS_FILE).map(String::as_str)
    }

    /// The TOML text (deterministic: fixed field order, sorted files).
    pub fn to_toml(&self) -> String {
        format!(
            "{MANIFEST_HEADER}{}",
            toml::to_string(self).expect("the manifest always serialises")
        )
    }

    /// Reads a manifest.
    pub fn parse(text: &str) -> Result<Manifest> {
        Ok(toml::from_str(text)?)
    }
}

/// Writes a snapshot directory: `services/`, the global keys when the
/// snapshot has them (`keys`, which the manifest must list) and
/// `manifest.toml`, replacing what `dir` held. The new content is written
/// beside `dir` first and swapped in with two renames, so a failure while
/// writing leaves `dir` untouched.
pub fn export_dir(
    dir: &Path,
    manifest: &Manifest,
    set: &CanonicalSet,
    keys: Option<&KeysFile>,
) -> Result<()> {
    if manifest.keys_sha256() != keys.map(|k| k.sha256.as_str()) {
        bail!(
            "{}: the manifest does not list the global keys written beside it",
            dir.display()
        );
    }
    let staging = sibling(dir, "export");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(staging.join("services"))
        .with_context(|| format!("cannot create {}", staging.display()))?;
    for f in &set.files {
        let path = staging.join(f.relative_path());
        fs::write(&path, &f.text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    fs::write(staging.join("manifest.toml"), manifest.to_toml())
        .with_context(|| format!("cannot write {}/manifest.toml", staging.display()))?;
    if let Some(k) = keys {
        let path = staging.join(GLOBAL_KEYS_FILE);
        fs::write(&path, &k.text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // The release's list of removed items lives beside the data and is not
    // part of a snapshot: it survives a re-export; so do the global keys of
    // a snapshot stored without them.
    for kept in KEPT_FILES {
        let file = dir.join(kept);
        let written = keys.is_some() && kept == GLOBAL_KEYS_FILE;
        if file.exists() && !written {
            fs::copy(&file, staging.join(kept))
                .with_context(|| format!("cannot keep {}", file.display()))?;
        }
    }
    replace_dir(dir, &staging)
}

/// `snapshots/tombstones.toml`, written by `cargo xtask release`.
pub const TOMBSTONES: &str = "tombstones.toml";

/// Files of `snapshots/` that an export keeps (when the snapshot does not
/// hold them): the first-recorded dates are history, not part of a snapshot.
pub const KEPT_FILES: [&str; 3] = [
    TOMBSTONES,
    GLOBAL_KEYS_FILE,
    crate::history::first_recorded::FILE,
];

/// Moves `staging` to `dir`, removing the old `dir`.
fn replace_dir(dir: &Path, staging: &Path) -> Result<()> {
    if dir.exists() {
        let old = sibling(dir, "old");
        let _ = fs::remove_dir_all(&old);
        fs::rename(dir, &old).with_context(|| format!("cannot move {} aside", dir.display()))?;
        if let Err(e) = fs::rename(staging, dir) {
            // Put the old content back rather than leave nothing.
            let _ = fs::rename(&old, dir);
            return Err(e)
                .with_context(|| format!("cannot move the new {} into place", dir.display()));
        }
        fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
    } else {
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        fs::rename(staging, dir)
            .with_context(|| format!("cannot move the new {} into place", dir.display()))?;
    }
    Ok(())
}

/// `<dir>.<what>-<pid>` beside `dir`.
fn sibling(dir: &Path, what: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{what}-{}", std::process::id()));
    dir.with_file_name(name)
}

/// A snapshot directory read back.
pub struct Imported {
    /// Its manifest, when it has one.
    pub manifest: Option<Manifest>,
    /// The services.
    pub services: Vec<Service>,
    /// Their canonical files, exactly as read.
    pub set: CanonicalSet,
    /// The global condition keys: the file the manifest lists, or (a
    /// directory written before manifests listed it) the file beside the
    /// services; `None` without one.
    pub global_keys: Option<KeysFile>,
}

/// Reads a snapshot directory, checking every file: it must parse, be in
/// canonical form (so that export gives back the same bytes), and match the
/// manifest's hash when there is a manifest.
pub fn import_dir(dir: &Path) -> Result<Imported> {
    let services_dir = dir.join("services");
    let mut paths: Vec<PathBuf> = fs::read_dir(&services_dir)
        .with_context(|| {
            format!(
                "cannot list {} (expected a snapshot directory with services/*.json)",
                services_dir.display()
            )
        })?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no service files", services_dir.display());
    }
    let manifest = match fs::read_to_string(dir.join("manifest.toml")) {
        Ok(text) => Some(
            Manifest::parse(&text).with_context(|| format!("{}/manifest.toml", dir.display()))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read {}/manifest.toml", dir.display()));
        }
    };
    let read: Vec<(Service, CanonicalFile)> = paths
        .par_iter()
        .map(|path| -> Result<(Service, CanonicalFile)> {
            let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let service = parse_service(&text).with_context(|| format!("{}: not a valid service file", path.display()))?;
            if service_json(&service) != text {
                bail!(
                    "{}: not in canonical form (keys or lists out of order, or hand-edited); regenerate it with `cargo xtask export`",
                    path.display()
                );
            }
            let file = CanonicalFile {
                prefix: service.prefix.to_string(),
                name: service.name.clone(),
                sha256: sha256_hex(&text),
                text,
            };
            if path.file_stem().and_then(|s| s.to_str()) != Some(file.prefix.as_str()) {
                bail!("{}: holds prefix {:?}, not the one its name says", path.display(), file.prefix);
            }
            Ok((service, file))
        })
        .collect::<Result<_>>()?;
    let (services, files): (Vec<Service>, Vec<CanonicalFile>) = read.into_iter().unzip();
    let set = CanonicalSet::from_files(files);
    if let Some(m) = &manifest {
        for f in &set.files {
            match m.files.get(&f.relative_path()) {
                Some(sha) if *sha == f.sha256 => {}
                Some(sha) => bail!(
                    "{}/{}: sha256 {} does not match the manifest ({sha}); the file changed after export",
                    dir.display(),
                    f.relative_path(),
                    f.sha256
                ),
                None => bail!(
                    "{}/{}: not listed in manifest.toml",
                    dir.display(),
                    f.relative_path()
                ),
            }
        }
        let listed_services = m.files.len() - usize::from(m.keys_sha256().is_some());
        if listed_services != set.files.len() {
            bail!(
                "{}: manifest.toml lists {} service files, services/ holds {}",
                dir.display(),
                listed_services,
                set.files.len()
            );
        }
    }
    let global_keys = import_keys(dir, manifest.as_ref())?;
    Ok(Imported {
        manifest,
        services,
        set,
        global_keys,
    })
}

/// The global keys file of a snapshot directory: when the manifest lists
/// it, it must be there with that hash; else it is read when present.
fn import_keys(dir: &Path, manifest: Option<&Manifest>) -> Result<Option<KeysFile>> {
    let path = dir.join(GLOBAL_KEYS_FILE);
    let listed = manifest.and_then(Manifest::keys_sha256);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && listed.is_none() => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| {
                format!("cannot read {} (manifest.toml lists it)", path.display())
            });
        }
    };
    let file = KeysFile::parse(&path.display().to_string(), text)?;
    if let Some(sha) = listed
        && sha != file.sha256
    {
        bail!(
            "{}: sha256 {} does not match the manifest ({sha}); the file changed after export",
            path.display(),
            file.sha256
        );
    }
    Ok(Some(file))
}
