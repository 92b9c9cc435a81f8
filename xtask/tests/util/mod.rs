//! Shared test helpers: where the real corpus is, and reading pages.

pub mod schema;

pub use test_support::corpus;

use std::path::{Path, PathBuf};

use xtask::parse::{PageOutcome, PageSource, ParseError, ServicePage, parse_page};

/// Test fixtures written by this project.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A page from a file.
pub fn source(path: &Path) -> PageSource {
    PageSource {
        name: path.display().to_string(),
        bytes: std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

/// A page from bytes, reported under `name`.
pub fn source_from(name: &str, bytes: impl Into<Vec<u8>>) -> PageSource {
    PageSource {
        name: name.to_string(),
        bytes: bytes.into(),
    }
}

/// Parses a page that must be a service page.
pub fn service_page(source: &PageSource) -> ServicePage {
    match parse_page(source) {
        Ok(PageOutcome::Service(page)) => *page,
        Ok(other) => panic!("{}: expected a service page, got {other:?}", source.name),
        Err(e) => panic!("{e}"),
    }
}

/// Parses a page that must fail, returning the error.
pub fn parse_error(source: &PageSource) -> ParseError {
    match parse_page(source) {
        Ok(outcome) => panic!(
            "{}: expected an error, parsed {:?}",
            source.name,
            outcome_summary(&outcome)
        ),
        Err(e) => e,
    }
}

fn outcome_summary(o: &PageOutcome) -> String {
    match o {
        PageOutcome::Service(p) => format!("{} with {} actions", p.prefix, p.actions.len()),
        PageOutcome::Moved { location } => format!("moved to {location:?}"),
        PageOutcome::Doc(d) => format!("a docs page {} with {} notices", d.url, d.notices.len()),
    }
}

/// The `xtask` binary built for these tests.
pub fn xtask() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A saved page as AWS serves it after renaming its slug `old` to `new`: its
/// own anchors and links name the new slug (the parser refuses a page whose
/// own anchors name another page than the one it was served as).
pub fn renamed_page(html: &str, old: &str, new: &str) -> String {
    html.replace(&format!("id=\"{old}-"), &format!("id=\"{new}-"))
        .replace(&format!("#{old}-"), &format!("#{new}-"))
        .replace(&format!("id=\"list_{old}\""), &format!("id=\"list_{new}\""))
        .replace(&format!("list_{old}.html"), &format!("list_{new}.html"))
}

/// Issue 11's fault: line 374 of the 2026-07-01 Chime page, `<tr>` →
/// `</table><tr>` (a stray table end that left the page one action).
pub fn stray_table_end(html: &str) -> String {
    let mut lines: Vec<&str> = html.split_inclusive('\n').collect();
    assert_eq!(
        lines[373].trim(),
        "<tr>",
        "line 374 of the Chime page moved"
    );
    let stray = lines[373].replace("<tr>", "</table><tr>");
    lines[373] = &stray;
    lines.concat()
}
