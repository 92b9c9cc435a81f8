//! `cargo xtask release`: turns a diff's semver verdict into a crate
//! version, a `CHANGELOG.md` entry and an updated tombstone list, then
//! regenerates the crate.
//!
//! Removed items become tombstones (`snapshots/tombstones.toml`) that ship
//! as `#[deprecated]` consts in the release that first lacks them. They are
//! dropped together, and dropping them is what makes a release major: once
//! the oldest shipped tombstone has been deprecated for
//! [`TOMBSTONE_MIN_DAYS`], the next release drops every tombstone that has
//! shipped at least once. AWS removes something nearly every month, so
//! dropping each tombstone after one release made nearly every release
//! breaking (the replay of 2019–2026, docs/versioning.md); batched, the
//! breaking releases come about twice a year and a removal warns for months
//! first. The bump comes from the data, never from a person's guess. Version arithmetic follows Cargo's reading of semver, in
//! which the left-most non-zero component is the breaking one (`0.3.1` →
//! `0.4.0` for a major, → `0.3.2` for a minor or a patch).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::codegen::{self, Tombstone, Tombstones};
use crate::diff::Bump;
use crate::diff::{Diff, Side, compare};

/// A crate version: the `semver` crate's, which cargo itself uses.
pub use semver::Version;

/// Parses a crate version; the catalog uses no pre-releases or build
/// metadata, so a version with either is refused rather than bumped.
pub fn parse_version(s: &str) -> Result<Version> {
    let v = Version::parse(s).with_context(|| format!("version {s:?}"))?;
    if !v.pre.is_empty() || !v.build.is_empty() {
        bail!("version {s:?}: the catalog releases no pre-release or build-metadata versions");
    }
    Ok(v)
}

/// The next version for a bump; `None` for no bump.
pub fn bumped(v: &Version, bump: Bump) -> Option<Version> {
    let (major, minor, patch) = (v.major, v.minor, v.patch);
    Some(match (bump, major) {
        (Bump::None, _) => return None,
        (Bump::Major, 0) => Version::new(0, minor + 1, 0),
        (Bump::Major, _) => Version::new(major + 1, 0, 0),
        (Bump::Minor, 0) | (Bump::Patch, _) => Version::new(major, minor, patch + 1),
        (Bump::Minor, _) => Version::new(major, minor + 1, 0),
    })
}

/// True when `to` is what cargo sees as a breaking release of `from`: a
/// `^from` requirement does not match it.
pub fn is_breaking(from: &Version, to: &Version) -> bool {
    semver::VersionReq::parse(&format!("^{from}")).is_ok_and(|req| !req.matches(to))
}

/// What a release does.
#[derive(Debug)]
pub struct Plan {
    /// The version in `Cargo.toml` now.
    pub from: Version,
    /// The version to release.
    pub to: Version,
    /// The bump, data and tombstones together.
    pub bump: Bump,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
    /// The diff from the previous release's data.
    pub diff: Diff,
    /// Tombstones after the release.
    pub tombstones: Tombstones,
    /// Tombstones this release adds.
    pub added: Vec<Tombstone>,
    /// Tombstones this release drops (shipped once already, and one of them
    /// deprecated for [`TOMBSTONE_MIN_DAYS`]).
    pub dropped: Vec<Tombstone>,
    /// The lint's version now and the one published with this release
    /// ([`lint_version`]), when the plan was made for a checkout
    /// ([`plan_at`]).
    pub lint: Option<(Version, Version)>,
}

/// How long the oldest shipped tombstone has been deprecated (days from its
/// `removed_on` to the new data date) before a release drops tombstones:
/// half a year.
pub const TOMBSTONE_MIN_DAYS: i64 = 182;

/// True when a release of data dated `date` drops the shipped tombstones:
/// one of them has served [`TOMBSTONE_MIN_DAYS`].
fn drop_due(current: &Tombstones, new: &Side, date: &str) -> bool {
    current.items.iter().any(|t| {
        !t.release.is_empty()
            && !exists(new, t)
            && crate::clock::days_between(&t.removed_on, date)
                .is_some_and(|days| days >= TOMBSTONE_MIN_DAYS)
    })
}

/// The tombstone kind for a diff deprecation kind.
fn tombstone_kind(deprecation_kind: &str) -> Option<&'static str> {
    match deprecation_kind {
        "service-removed" | "service-renamed" => Some("service"),
        "action-removed" => Some("action"),
        "resource-type-removed" => Some("resource-type"),
        "condition-key-removed" => Some("condition-key"),
        _ => None,
    }
}

/// What the previous data said an item was, for the tombstone's docs.
fn last_description(old: &Side, kind: &str, name: &str) -> String {
    let (prefix, item) = name.split_once([':', ' ']).unwrap_or((name, ""));
    let Some(service) = old.services.iter().find(|s| s.prefix.as_str() == prefix) else {
        return String::new();
    };
    match kind {
        "service" => service.name.clone(),
        "action" => service
            .actions
            .iter()
            .find(|a| a.name.as_str() == item)
            .map(|a| a.description.clone())
            .unwrap_or_default(),
        "condition-key" => service
            .condition_keys
            .iter()
            .find(|k| k.name.as_str() == item)
            .map(|k| k.description.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// True when `new` has the item again (AWS restored it).
fn exists(new: &Side, t: &Tombstone) -> bool {
    let Some(service) = new
        .services
        .iter()
        .find(|s| s.prefix.as_str() == t.prefix())
    else {
        return false;
    };
    match t.kind.as_str() {
        "service" => true,
        "action" => service
            .actions
            .iter()
            .any(|a| a.name.as_str().eq_ignore_ascii_case(t.item())),
        "resource-type" => service
            .resource_types
            .iter()
            .any(|r| r.name.as_str() == t.item()),
        "condition-key" => service
            .condition_keys
            .iter()
            .any(|k| k.name.as_str().eq_ignore_ascii_case(t.item())),
        _ => false,
    }
}

/// Decides the release from the previous release's data (`old`), the data
/// to release (`new`), the current tombstones and version.
pub fn plan(old: &Side, new: &Side, current: &Tombstones, version: Version) -> Result<Plan> {
    let diff = compare(old, new);
    let removed_on = new.data_date.clone().with_context(|| {
        format!(
            "{}: no data date (export it with `cargo xtask export`)",
            new.label
        )
    })?;

    let mut reasons = diff.semver.reasons.clone();
    let (mut kept, mut dropped, mut restored) = (Vec::new(), Vec::new(), 0);
    let due = drop_due(current, new, &removed_on);
    for t in &current.items {
        if exists(new, t) {
            // Restored: the tombstone goes, and nothing breaks.
            restored += 1;
        } else if t.release.is_empty() || !due {
            kept.push(t.clone());
        } else {
            dropped.push(t.clone());
        }
    }
    if restored > 0 {
        reasons.push(format!(
            "{restored} deprecated item{} back in the AWS docs (tombstone dropped, nothing breaks)",
            if restored == 1 { " is" } else { "s are" }
        ));
    }
    let mut bump = diff.semver.bump;
    if bump == Bump::None && old.content_sha256 != new.content_sha256 {
        // The generated crate changes with the files, so the version must.
        bump = Bump::Patch;
        reasons
            .push("the snapshot's files changed without a change the diff classifies".to_string());
    }
    if let Some(oldest) = dropped.iter().map(|t| t.removed_on.as_str()).min() {
        bump = Bump::Major;
        reasons.insert(
            0,
            format!(
                "{} deprecated item{} removed (shipped as #[deprecated] in an earlier release; the oldest deprecated since {oldest}, {TOMBSTONE_MIN_DAYS} days or more)",
                dropped.len(),
                if dropped.len() == 1 { "" } else { "s" }
            ),
        );
    }
    let Some(to) = bumped(&version, bump) else {
        return Ok(Plan {
            from: version.clone(),
            to: version,
            bump,
            reasons,
            diff,
            tombstones: Tombstones { items: kept },
            added: Vec::new(),
            dropped: Vec::new(),
            lint: None,
        });
    };
    // What went: the diff's removals, and the actions of a renamed prefix
    // (code naming `old_prefix::ACTION` should warn, not break).
    let mut gone: Vec<(&str, String)> = Vec::new();
    for d in &diff.deprecations {
        let Some(kind) = tombstone_kind(&d.kind) else {
            continue;
        };
        gone.push((kind, d.name.clone()));
        if d.kind == "service-renamed"
            && let Some(s) = old.services.iter().find(|s| s.prefix.as_str() == d.name)
        {
            gone.extend(
                s.actions
                    .iter()
                    .map(|a| ("action", format!("{}:{}", s.prefix, a.name))),
            );
        }
    }
    let mut added: Vec<Tombstone> = Vec::new();
    for (kind, name) in gone {
        if kept
            .iter()
            .chain(&added)
            .any(|t| t.kind == kind && t.name == name)
        {
            continue;
        }
        added.push(Tombstone {
            kind: kind.to_string(),
            description: last_description(old, kind, &name),
            name,
            removed_on: removed_on.clone(),
            release: to.to_string(),
        });
    }
    added.sort();
    let mut items: Vec<Tombstone> = kept.into_iter().chain(added.iter().cloned()).collect();
    items.sort();
    Ok(Plan {
        from: version,
        to,
        bump,
        reasons,
        diff,
        tombstones: Tombstones { items },
        added,
        dropped,
        lint: None,
    })
}

/// [`plan`] for the checkout at `root`: from the catalog's version in its
/// `Cargo.toml`, with the lint's version that moves with a release (read
/// from its manifest), so that the changelog and the report name both.
pub fn plan_at(root: &Path, old: &Side, new: &Side, current: &Tombstones) -> Result<Plan> {
    let mut p = plan(old, new, current, current_version(root)?)?;
    // Set whatever the bump: an update accepted for files alone (the global
    // keys) writes the release's files too, the lint's manifest among them.
    let manifest = std::fs::read_to_string(root.join(LINT_MANIFEST))
        .with_context(|| format!("cannot read {LINT_MANIFEST}"))?;
    p.lint = Some(lint_versions(&manifest, &p)?);
    Ok(p)
}

/// The lint's version in its manifest, and the one it is published at
/// with the release `p` ([`lint_version`]).
fn lint_versions(manifest: &str, p: &Plan) -> Result<(Version, Version)> {
    let from = package_version(LINT_MANIFEST, manifest)?;
    let to = lint_version(&from, &p.from, &p.to);
    Ok((from, to))
}

/// The bump of a plan in words.
pub fn bump_label(p: &Plan) -> &str {
    if !p.dropped.is_empty() {
        "deprecated items dropped"
    } else if p.bump == p.diff.semver.bump {
        &p.diff.semver.label
    } else {
        "the files changed"
    }
}

/// The `CHANGELOG.md` entry of a plan: every deprecated item once.
pub fn changelog_entry(p: &Plan) -> String {
    entry(p, true)
}

/// The entry as the update's report shows it, below a Deprecations
/// section that already lists the removed items: they are counted here,
/// not listed a second time.
pub fn changelog_entry_brief(p: &Plan) -> String {
    entry(p, false)
}

fn entry(p: &Plan, list_deprecated: bool) -> String {
    let d = &p.diff;
    let date = d.new.data_date.as_deref().unwrap_or("unknown");
    let mut s = format!("## {} (data of {date})\n\n", p.to);
    let _ = writeln!(
        s,
        "Data {} → {} (sha256 `{}`). Semver: **{}** ({}), because {}.\n",
        d.old.data_date.as_deref().unwrap_or("unknown"),
        date,
        d.new.content_sha256,
        p.bump.as_str(),
        bump_label(p),
        if p.reasons.is_empty() {
            "nothing changed".to_string()
        } else {
            p.reasons.join("; ")
        }
    );
    if let Some((from, to)) = &p.lint {
        let _ = writeln!(
            s,
            "`aws-iam-lint` {from} → {to}, published with it ({}).\n",
            if is_breaking(from, to) {
                "breaking: its API names the catalog's types"
            } else {
                "a patch: the same API, the findings follow the new data"
            }
        );
    }
    let tally = |what: &str, t: &crate::diff::Tally| {
        format!(
            "| {what} | +{} | −{} | ~{} |\n",
            t.added, t.removed, t.changed
        )
    };
    s.push_str("| | added | removed | changed |\n|---|---:|---:|---:|\n");
    s.push_str(&tally("Services", &d.summary.services));
    s.push_str(&tally("Actions", &d.summary.actions));
    s.push_str(&tally("Resource types", &d.summary.resource_types));
    s.push_str(&tally("Condition keys", &d.summary.condition_keys));
    let c = &d.new.counts;
    let _ = writeln!(
        s,
        "\nThe catalog now holds {} services, {} actions, {} resource types and {} condition keys.",
        c.services, c.actions, c.resource_types, c.condition_keys
    );
    if !p.added.is_empty() {
        s.push_str("\n### Deprecated (removed from the AWS docs; kept as `#[deprecated]` until the next major release)\n\n");
        if list_deprecated {
            for t in &p.added {
                let _ = writeln!(s, "- {} `{}`", t.kind, t.name);
            }
        } else {
            let _ = writeln!(
                s,
                "{} item{}, listed under Deprecations above.",
                p.added.len(),
                if p.added.len() == 1 { "" } else { "s" }
            );
        }
    }
    let notices: Vec<_> = d
        .deprecations
        .iter()
        .filter(|x| tombstone_kind(&x.kind).is_none())
        .collect();
    if !notices.is_empty() && !list_deprecated {
        let _ = writeln!(
            s,
            "\n### End-of-support and deprecation notices\n\n{} notice{}, listed under Deprecations above.",
            notices.len(),
            if notices.len() == 1 { "" } else { "s" }
        );
    } else if !notices.is_empty() {
        s.push_str("\n### End-of-support and deprecation notices\n\n");
        // Scraped text: escaped and made inert (no mention, no autolink).
        use crate::report::{Markdown, Style as _};
        for n in notices {
            let _ = write!(
                s,
                "- {}: {}",
                Markdown.code(&n.name),
                Markdown.text(&n.detail)
            );
            if let Some(url) = &n.url {
                let _ = write!(s, " ({})", Markdown.link("source", url));
            }
            s.push('\n');
        }
    }
    if !p.dropped.is_empty() {
        s.push_str("\n### Removed (deprecated in an earlier release)\n\n");
        for t in &p.dropped {
            let _ = writeln!(
                s,
                "- {} `{}` (removed from the AWS docs on {}, deprecated in {})",
                t.kind, t.name, t.removed_on, t.release
            );
        }
    }
    s
}

const CHANGELOG_HEADER: &str = "# Changelog\n\nEvery release of `aws-iam-catalog`, newest first, written by `cargo xtask release`.\n";

/// `CHANGELOG.md` with the entry on top.
pub fn with_entry(changelog: &str, entry: &str) -> String {
    let body = changelog
        .strip_prefix(CHANGELOG_HEADER)
        .unwrap_or(changelog)
        .trim_start_matches('\n');
    if body.is_empty() {
        format!("{CHANGELOG_HEADER}\n{entry}")
    } else {
        format!("{CHANGELOG_HEADER}\n{entry}\n{body}")
    }
}

/// The crate's name, as manifests and `Cargo.lock` spell it.
const CRATE: &str = "aws-iam-catalog";

/// The lint: published with every release of the catalog, so its own
/// version moves too (see [`lint_version`]).
const LINT: &str = "aws-iam-lint";

/// The lint's manifest.
pub const LINT_MANIFEST: &str = "aws-iam-lint/Cargo.toml";

/// The lint's version for a release of the catalog `from` → `to`, the lint
/// being at `lint` now. Every release moves it: the lint asks for the
/// catalog with `=`, so each catalog release changes the lint's
/// dependency, and crates.io never takes a version twice, so the lint
/// published beside the new catalog needs a new version of its own. The
/// lint's API names the catalog's types (`StatementSummary::access` holds
/// `aws_iam_catalog::AccessLevel`), so a breaking catalog release is a
/// breaking lint release (its left-most non-zero component); any other
/// catalog release is a patch of the lint: its API is the same, only the
/// data its findings follow moved.
pub fn lint_version(lint: &Version, from: &Version, to: &Version) -> Version {
    let bump = if is_breaking(from, to) {
        Bump::Major
    } else {
        Bump::Patch
    };
    bumped(lint, bump).expect("a bump that is not None gives a version")
}

/// Parses a TOML file for editing (its formatting and comments kept).
fn edit_doc(path: &str, text: &str) -> Result<toml_edit::DocumentMut> {
    text.parse::<toml_edit::DocumentMut>()
        .with_context(|| format!("{path}: not TOML"))
}

/// Replaces a string value, keeping the comments and spaces around it.
fn set_str(item: &mut toml_edit::Item, value: String) {
    if let Some(v) = item.as_value_mut() {
        let decor = v.decor().clone();
        *v = toml_edit::Value::from(value);
        *v.decor_mut() = decor;
    }
}

/// Sets `package.version` of the package `name` in the manifest `path`,
/// whose version must be `from`.
fn set_package_version(
    path: &str,
    name: &str,
    manifest: &str,
    from: &Version,
    to: &Version,
) -> Result<String> {
    let mut doc = edit_doc(path, manifest)?;
    let package = doc
        .get_mut("package")
        .and_then(|p| p.as_table_like_mut())
        .with_context(|| format!("{path}: no [package] table"))?;
    if package.get("name").and_then(|n| n.as_str()) != Some(name) {
        bail!("{path}: the package is not {name}");
    }
    let version = package
        .get_mut("version")
        .with_context(|| format!("{path}: no package.version"))?;
    if version.as_str() != Some(from.to_string().as_str()) {
        bail!("{path}: package.version is not \"{from}\"");
    }
    set_str(version, to.to_string());
    Ok(doc.to_string())
}

/// The version of the package in the manifest text `manifest` (`path`
/// names it in errors).
fn package_version(path: &str, manifest: &str) -> Result<Version> {
    let value: toml::Value = toml::from_str(manifest).with_context(|| path.to_string())?;
    let v = value
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .with_context(|| format!("{path} has no package.version"))?;
    parse_version(v).with_context(|| path.to_string())
}

/// The manifests that depend on the crate by exact version: each release
/// moves their requirement with the crate.
pub const DEPENDENTS: &[&str] = &["examples/downstream/Cargo.toml", "aws-iam-lint/Cargo.toml"];

/// Sets the exact requirement on the crate (`version = "=from"` in
/// `[dependencies]`, as a table or an inline table) in the manifest `path`.
fn set_requirement(path: &str, manifest: &str, from: &Version, to: &Version) -> Result<String> {
    let mut doc = edit_doc(path, manifest)?;
    let dep = doc
        .get_mut("dependencies")
        .and_then(|d| d.get_mut(CRATE))
        .with_context(|| format!("{path}: no dependency on {CRATE}"))?;
    let version = dep
        .as_table_like_mut()
        .and_then(|t| t.get_mut("version"))
        .with_context(|| format!("{path}: the dependency on {CRATE} has no version"))?;
    let old = format!("={from}");
    if version.as_str() != Some(old.as_str()) {
        bail!("{path}: expected the requirement `version = \"{old}\"` on {CRATE}");
    }
    set_str(version, format!("={to}"));
    Ok(doc.to_string())
}

/// Sets the version of the workspace package `name` in `Cargo.lock`: its
/// own entry (no `source`), the edit `cargo update -p NAME` makes when only
/// the version moved. Done here rather than by running cargo because the
/// update computes every file before it writes any (`update::commit`) and
/// runs where only its own binary is sure to be; the workflow's rehearsal
/// (docs/job-workflow.md) proves cargo takes the result under `--locked`.
fn set_lock_version(lock: &str, name: &str, from: &Version, to: &Version) -> Result<String> {
    let mut doc = edit_doc("Cargo.lock", lock)?;
    let packages = doc
        .get_mut("package")
        .and_then(|p| p.as_array_of_tables_mut())
        .context("Cargo.lock: no [[package]] entries")?;
    let from_text = from.to_string();
    let mut found = 0;
    for p in packages.iter_mut() {
        let ours = p.get("name").and_then(|n| n.as_str()) == Some(name)
            && p.get("source").is_none()
            && p.get("version").and_then(|v| v.as_str()) == Some(from_text.as_str());
        if ours {
            set_str(&mut p["version"], to.to_string());
            found += 1;
        }
    }
    if found != 1 {
        bail!("Cargo.lock: expected one entry for {name} {from}, found {found}");
    }
    Ok(doc.to_string())
}

/// The crate version in the repository's `Cargo.toml`.
pub fn current_version(root: &Path) -> Result<Version> {
    let text =
        std::fs::read_to_string(root.join("Cargo.toml")).context("cannot read Cargo.toml")?;
    package_version("Cargo.toml", &text)
}

/// Every file a release writes under `root` but the tombstones: the
/// version in `Cargo.toml` (with the data version codegen puts there),
/// the manifests of [`DEPENDENTS`] (the lint's own version moved too, by
/// [`lint_version`]), `Cargo.lock` (both versions), the `CHANGELOG.md`
/// entry, and `src/generated/` from `input` (whose tombstones must be the
/// plan's).
/// Computed before anything is written, so an error leaves every file as
/// it was.
pub fn outputs(root: &Path, input: &codegen::Input, p: &Plan) -> Result<codegen::Generated> {
    let read = |rel: &str| {
        std::fs::read_to_string(root.join(rel)).with_context(|| format!("cannot read {rel}"))
    };
    let cargo_toml =
        set_package_version("Cargo.toml", CRATE, &read("Cargo.toml")?, &p.from, &p.to)?;
    let mut generated = codegen::generate_with(input, &cargo_toml)?;
    let out = &mut generated.outputs;
    let file = |path: &str, text: String| codegen::Output {
        path: path.into(),
        text,
    };
    let lint_manifest = read(LINT_MANIFEST)?;
    let (lint_from, lint_to) = match &p.lint {
        Some(versions) => versions.clone(),
        None => lint_versions(&lint_manifest, p)?,
    };
    let lock = set_lock_version(&read("Cargo.lock")?, CRATE, &p.from, &p.to)?;
    out.push(file(
        "Cargo.lock",
        set_lock_version(&lock, LINT, &lint_from, &lint_to)?,
    ));
    for path in DEPENDENTS {
        let mut text = set_requirement(path, &read(path)?, &p.from, &p.to)?;
        if *path == LINT_MANIFEST {
            text = set_package_version(path, LINT, &text, &lint_from, &lint_to)?;
        }
        out.push(file(path, text));
    }
    out.push(file(
        "CHANGELOG.md",
        with_entry(
            &read("CHANGELOG.md").unwrap_or_default(),
            &changelog_entry(p),
        ),
    ));
    Ok(generated)
}

/// Writes the release into the repository at `root` (whose snapshot
/// directory is `snapshots`): the tombstones, then every other output.
pub fn apply(root: &Path, snapshots: &Path, p: &Plan) -> Result<()> {
    if p.bump == Bump::None {
        return Ok(());
    }
    let mut input = codegen::read_input(snapshots)?;
    input.tombstones = p.tombstones.clone();
    let codegen::Generated { outputs, warnings } = outputs(root, &input, p)?;
    for w in &warnings {
        eprintln!("codegen warning: {w}");
    }
    p.tombstones.write(&snapshots.join("tombstones.toml"))?;
    let (generated, others): (Vec<_>, Vec<_>) = outputs
        .into_iter()
        .partition(|o| o.path.starts_with("src/generated"));
    for o in &others {
        codegen::write_atomic(&root.join(&o.path), o.text.as_bytes())?;
    }
    codegen::write(root, &generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        parse_version(s).unwrap()
    }

    #[test]
    fn versions_bump_as_cargo_reads_semver() {
        let b = |s: &str, bump| bumped(&v(s), bump).map(|v| v.to_string());
        assert_eq!(b("0.3.1", Bump::Major).as_deref(), Some("0.4.0"));
        assert_eq!(b("0.3.1", Bump::Minor).as_deref(), Some("0.3.2"));
        assert_eq!(b("0.3.1", Bump::Patch).as_deref(), Some("0.3.2"));
        assert_eq!(b("0.3.1", Bump::None), None);
        assert_eq!(b("1.7.0", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(b("1.7.0", Bump::Minor).as_deref(), Some("1.8.0"));
        assert_eq!(b("1.7.0", Bump::Patch).as_deref(), Some("1.7.1"));
        // Cargo's reading: a major bump is one a `^from` requirement does
        // not accept, and no other bump is.
        for from in ["0.3.1", "1.7.0"] {
            for bump in [Bump::Major, Bump::Minor, Bump::Patch] {
                let to = bumped(&v(from), bump).unwrap();
                assert_eq!(
                    is_breaking(&v(from), &to),
                    bump == Bump::Major,
                    "{from} {bump:?}"
                );
            }
        }
        assert!(parse_version("1.2").is_err());
        assert!(parse_version("1.x.3").is_err());
        let err = parse_version("1.2.3-rc.1").unwrap_err().to_string();
        assert!(err.contains("pre-release"), "{err}");
    }

    #[test]
    fn manifests_are_edited_in_place_keeping_their_formatting() {
        let toml = "# the catalog\n[package]\nname = \"aws-iam-catalog\"\nversion = \"0.3.1\" # moved by releases\nedition = \"2024\"\n\n[features]\ndefault = []\n";
        let out = set_package_version("Cargo.toml", CRATE, toml, &v("0.3.1"), &v("0.4.0")).unwrap();
        assert_eq!(out, toml.replace("\"0.3.1\"", "\"0.4.0\""));
        let err =
            set_package_version("Cargo.toml", CRATE, toml, &v("0.3.0"), &v("0.4.0")).unwrap_err();
        assert!(err.to_string().contains("is not \"0.3.0\""), "{err}");
        let err =
            set_package_version("Cargo.toml", LINT, toml, &v("0.3.1"), &v("0.4.0")).unwrap_err();
        assert!(err.to_string().contains("is not aws-iam-lint"), "{err}");

        let lint = "[package]\nname = \"aws-iam-lint\"\n\n[dependencies]\naws-iam-catalog = { version = \"=0.3.1\", path = \"..\" }\nserde = \"1\"\n";
        let out = set_requirement("lint", lint, &v("0.3.1"), &v("0.4.0")).unwrap();
        assert_eq!(out, lint.replace("=0.3.1", "=0.4.0"));
        let table = "[dependencies.aws-iam-catalog]\nversion = \"=0.3.1\"\npath = \"../..\"\n";
        let out = set_requirement("ex", table, &v("0.3.1"), &v("0.4.0")).unwrap();
        assert_eq!(out, table.replace("=0.3.1", "=0.4.0"));
        assert!(set_requirement("ex", table, &v("0.2.0"), &v("0.4.0")).is_err());

        // Only the workspace's own entry moves, not a registry package of
        // the same name and version.
        let lock = "version = 4\n\n[[package]]\nname = \"aws-iam-catalog\"\nversion = \"0.3.1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"aws-iam-catalog\"\nversion = \"0.3.1\"\ndependencies = [\n \"serde\",\n]\n";
        let out = set_lock_version(lock, CRATE, &v("0.3.1"), &v("0.4.0")).unwrap();
        let at = lock.rfind("0.3.1").unwrap();
        assert_eq!(out, format!("{}0.4.0{}", &lock[..at], &lock[at + 5..]));
        assert!(set_lock_version(lock, CRATE, &v("0.3.0"), &v("0.4.0")).is_err());
        assert!(set_lock_version(lock, LINT, &v("0.3.1"), &v("0.4.0")).is_err());
    }

    /// The lint moves with every catalog release: its breaking component
    /// when the catalog's release is breaking, else its patch.
    #[test]
    fn the_lint_version_follows_the_catalog_release() {
        let lint =
            |l: &str, from: &str, to: &str| lint_version(&v(l), &v(from), &v(to)).to_string();
        assert_eq!(lint("0.1.0", "0.3.1", "0.4.0"), "0.2.0");
        assert_eq!(lint("0.1.0", "0.3.1", "0.3.2"), "0.1.1");
        assert_eq!(lint("1.2.3", "0.3.1", "0.4.0"), "2.0.0");
        assert_eq!(lint("1.2.3", "1.7.0", "1.8.0"), "1.2.4");
        assert_eq!(lint("0.1.4", "1.7.0", "2.0.0"), "0.2.0");
    }

    #[test]
    fn changelog_entries_go_on_top() {
        let one = with_entry("", "## 0.2.0\n");
        assert_eq!(one, format!("{CHANGELOG_HEADER}\n## 0.2.0\n"));
        let two = with_entry(&one, "## 0.3.0\n");
        assert_eq!(two, format!("{CHANGELOG_HEADER}\n## 0.3.0\n\n## 0.2.0\n"));
    }
}
