//! `cargo xtask update` end to end: the binary against a mirror of the real
//! pages on 127.0.0.1, on a copy of the checkout. Exit codes, what changes
//! on disk (byte for byte), what the report says.

mod bounds;
mod checkout;
mod damaged;
mod gates;
mod hostile;
mod interrupt;
mod keys;
mod offline;
mod opens;
mod replay;
mod twins;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use xtask::mirror::{Mirror, MirrorConfig};

use crate::util::{corpus, xtask};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let name = entry.unwrap().file_name();
            copy_tree(&from.join(&name), &to.join(&name));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// A copy of the checkout (the committed data of 2026-07-01) and a
/// database beside it.
pub struct Checkout {
    tmp: tempfile::TempDir,
}

impl Checkout {
    pub fn new() -> Checkout {
        let tmp = tempfile::tempdir().unwrap();
        for rel in xtask::update::CHECKOUT_FILES {
            copy_tree(&repo().join(rel), &tmp.path().join("checkout").join(rel));
        }
        Checkout { tmp }
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("checkout")
    }

    pub fn db(&self) -> PathBuf {
        self.tmp.path().join("catalog.sqlite")
    }

    pub fn report_path(&self) -> PathBuf {
        self.tmp.path().join("report.md")
    }

    pub fn report(&self) -> String {
        std::fs::read_to_string(self.report_path()).unwrap()
    }

    /// The update command reading pages as `source` says.
    pub fn command_reading(
        &self,
        source: &[&std::ffi::OsStr],
        extra: &[&str],
    ) -> std::process::Command {
        let mut cmd = xtask();
        cmd.arg("--db")
            .arg(self.db())
            .args(["update", "--checkout"])
            .arg(self.root())
            .args(source)
            .arg("--report")
            .arg(self.report_path())
            .args(extra);
        cmd
    }

    /// The update command against `base_url`.
    pub fn command(&self, base_url: &str, extra: &[&str]) -> std::process::Command {
        self.command_reading(&["--base-url".as_ref(), base_url.as_ref()], extra)
    }

    pub fn update(&self, base_url: &str, extra: &[&str]) -> Output {
        self.command(base_url, extra).output().unwrap()
    }

    /// The update with `--from-dir dir`.
    pub fn update_from_dir(&self, dir: &Path, extra: &[&str]) -> Output {
        self.command_reading(&["--from-dir".as_ref(), dir.as_os_str()], extra)
            .output()
            .unwrap()
    }

    /// Every file of the checkout and the database, by path (lock files
    /// left out: they say who last held them).
    pub fn state(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = crate::util::tree(&self.root());
        out.retain(|rel, _| !rel.ends_with(".lock") || rel == "Cargo.lock");
        if self.db().exists() {
            out.insert("<db>".into(), std::fs::read(self.db()).unwrap());
        }
        out
    }
}

/// Paths whose bytes differ between two states.
pub fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// The reference pages of a date, edited, served on 127.0.0.1.
pub fn mirror(date: &str, edit: impl FnOnce(&mut BTreeMap<String, Vec<u8>>)) -> Option<Mirror> {
    let corpus = corpus()?;
    let mut pages = Mirror::pages_from_dir(&corpus.join("sar-html").join(date)).unwrap();
    edit(&mut pages);
    Some(Mirror::start(pages, MirrorConfig::default()).unwrap())
}

/// Adds the JSON twins of `date` (`service-reference-json/<date>/<prefix>.json`)
/// where the site serves them; the mirror writes their index.
pub fn json_twins(pages: &mut BTreeMap<String, Vec<u8>>, date: &str) {
    let dir = corpus().unwrap().join("service-reference-json").join(date);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if let Some(prefix) = name.strip_suffix(".json")
            && name != "aws-servicereference-index.json"
        {
            pages.insert(
                xtask::mirror::json_path(prefix),
                std::fs::read(&path).unwrap(),
            );
        }
    }
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every `prefix:Action` of a snapshot directory's files.
fn actions_of(snapshots: &Path) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(snapshots.join("services")).unwrap() {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let prefix = v["prefix"].as_str().unwrap();
        for a in v["actions"].as_array().unwrap() {
            out.insert(format!("{prefix}:{}", a["name"].as_str().unwrap()));
        }
    }
    out
}

/// The actions a report lists as added: `**Added actions (n):**` lines
/// under each `### \`prefix\`` heading.
fn added_in_report(report: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut prefix = "";
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("### `") {
            prefix = rest.split('`').next().unwrap();
        } else if line.starts_with("- **Added actions (") {
            let names = line.split_once(":**").unwrap().1;
            for name in names.split("**`").skip(1) {
                out.insert(format!("{prefix}:{}", name.split('`').next().unwrap()));
            }
        }
    }
    out
}

/// June's pages, then July's: both accepted, the report lists exactly the
/// actions July added, and the result is the committed crate byte for
/// byte (so `cargo test` on it is this repository's `cargo test`). A third
/// run changes nothing.
#[test]
fn june_then_july_updates_everything_and_a_rerun_changes_nothing() {
    let Some(june) = mirror("2026-06-01", |_| {}) else {
        return;
    };
    let co = Checkout::new();
    // June has fewer actions than the committed July data: a shrink the
    // maintainer accepts.
    let first = co.update(
        &june.base_url(),
        &["--taken-at", "2026-06-01", "--accept-shrink"],
    );
    assert_eq!(code(&first), 1, "{}", text(&first));
    let after_june = co.state();
    let june_actions = actions_of(&co.root().join("snapshots"));
    drop(june);

    // The committed snapshot took its operations from the JSON twins of
    // 2026-02-13 (the newest recorded): July's mirror serves them too.
    let july = mirror("2026-07-01", |pages| json_twins(pages, "2026-02-13")).unwrap();
    let full_path = co.root().join("reports/2026-07-01.md");
    let full_url = "https://github.com/o/r/blob/catalog-update/reports/2026-07-01.md";
    let second = co.update(
        &july.base_url(),
        &[
            "--taken-at",
            "2026-07-01",
            "--full",
            full_path.to_str().unwrap(),
            "--full-url",
            full_url,
        ],
    );
    assert_eq!(code(&second), 1, "{}", text(&second));
    let after_july = co.state();
    let touched = changed(&after_june, &after_july);
    assert!(
        touched.iter().any(|p| p.starts_with("snapshots/services/")),
        "{touched:?}"
    );
    assert!(
        touched.iter().any(|p| p.starts_with("src/generated/")),
        "{touched:?}"
    );
    assert!(touched.contains(&"<db>".to_string()));

    // The report lists exactly the actions added between the two dates.
    let july_actions = actions_of(&co.root().join("snapshots"));
    let added: std::collections::BTreeSet<String> =
        july_actions.difference(&june_actions).cloned().collect();
    // The body (posted as written by the workflow) stays within GitHub's
    // limit and links the full report, which names every added action.
    let report = co.report();
    let full = std::fs::read_to_string(&full_path).unwrap();
    assert!(report.chars().count() <= 60_000, "{}", report.len());
    assert!(
        report.contains(&format!("]({full_url})")),
        "no link to the full report"
    );
    assert_eq!(added_in_report(&full), added);
    assert_eq!(added.len(), 467);
    assert!(
        report.starts_with("# aws-iam-catalog update: data of 2026-07-01"),
        "{report}"
    );
    assert!(report.contains("| Actions | 467 | 0 |"), "{report}");

    // The committed crate, byte for byte: the same data and code.
    let committed = crate::util::tree(&repo().join("src/generated"));
    let generated: BTreeMap<String, Vec<u8>> = after_july
        .iter()
        .filter_map(|(rel, bytes)| {
            Some((
                rel.strip_prefix("src/generated/")?.to_string(),
                bytes.clone(),
            ))
        })
        .collect();
    assert_eq!(
        changed(&generated, &committed),
        Vec::<String>::new(),
        "src/generated/ differs from the committed files"
    );
    for (rel, bytes) in &after_july {
        if let Some(service) = rel.strip_prefix("snapshots/services/") {
            assert!(
                *bytes == std::fs::read(repo().join("snapshots/services").join(service)).unwrap(),
                "{rel}"
            );
        }
    }
    let cargo_toml = String::from_utf8(after_july["Cargo.toml"].clone()).unwrap();
    // June's mirror serves no JSON twins: the accepted shrink loses the API
    // operations, which no deprecated release keeps (major, 0.2.0). July
    // brings them back and flips access levels and required flags of
    // actions that stay: AWS's answers, a data update (0.2.1).
    assert!(
        cargo_toml.contains("version = \"0.2.1\""),
        "a major then a minor release on 0.1.0: {cargo_toml}"
    );

    // Idempotent: the same pages again change no file.
    let third = co.update(&july.base_url(), &["--taken-at", "2026-07-01"]);
    assert_eq!(code(&third), 0, "{}", text(&third));
    assert_eq!(changed(&after_july, &co.state()), Vec::<String>::new());
    assert!(co.report().contains("no change"));
}

/// The EC2 page without its actions table: rejected, the page named,
/// nothing changed.
#[test]
fn a_page_the_parser_cannot_read_stops_the_update() {
    let Some(m) = mirror("2026-07-01", |pages| {
        let page = pages.get_mut("list_amazonec2.html").unwrap();
        let html = String::from_utf8(page.clone()).unwrap();
        let start = html.find("<table").unwrap();
        let end = html[start..].find("</table>").unwrap() + start + "</table>".len();
        *page = format!("{}{}", &html[..start], &html[end..]).into_bytes();
    }) else {
        return;
    };
    let co = Checkout::new();
    let before = co.state();
    let out = co.update(&m.base_url(), &[]);
    assert_eq!(code(&out), 2, "{}", text(&out));
    let report = co.report();
    assert!(
        report.contains("# aws-iam-catalog update: rejected"),
        "{report}"
    );
    assert!(
        report.contains("**every page fetched and parsed**"),
        "{report}"
    );
    assert!(report.contains("list_amazonec2.html"), "{report}");
    assert!(report.contains("has no actions table"), "{report}");
    assert!(text(&out).contains("list_amazonec2.html"), "{}", text(&out));
    assert_eq!(
        changed(&before, &co.state()),
        Vec::<String>::new(),
        "a rejected update changed files"
    );
    assert!(!co.db().exists(), "no database was created");
}

/// 30% of the services gone from the table of contents: the shrink gate
/// stops the run unless the maintainer accepts it.
#[test]
fn a_shrunken_table_of_contents_needs_accept_shrink() {
    let Some(m) = mirror("2026-07-01", |pages| {
        let names: Vec<String> = pages.keys().cloned().collect();
        let drop = names.len() * 3 / 10;
        for name in names.iter().step_by(names.len() / drop).take(drop) {
            pages.remove(name);
        }
    }) else {
        return;
    };
    let co = Checkout::new();
    let before = co.state();
    let out = co.update(&m.base_url(), &["--taken-at", "2026-07-01"]);
    assert_eq!(code(&out), 2, "{}", text(&out));
    let report = co.report();
    assert!(
        report.contains("**the catalog shrank by at most the threshold**"),
        "{report}"
    );
    assert!(report.contains("more than the 2% allowed"), "{report}");
    assert!(report.contains("rerun with --accept-shrink"), "{report}");
    assert_eq!(changed(&before, &co.state()), Vec::<String>::new());

    let accepted = co.update(
        &m.base_url(),
        &["--taken-at", "2026-07-01", "--accept-shrink"],
    );
    assert_eq!(code(&accepted), 1, "{}", text(&accepted));
    assert!(
        co.report().contains("accepted with --accept-shrink"),
        "{}",
        co.report()
    );
    // The removed services ship as deprecated tombstones.
    let tombstones = std::fs::read_to_string(co.root().join("snapshots/tombstones.toml")).unwrap();
    assert!(
        tombstones.matches("kind = \"service\"").count() > 100,
        "{}",
        &tombstones[..500]
    );
}
