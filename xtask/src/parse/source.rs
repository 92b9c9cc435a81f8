//! Where pages come from: files, directories and `.tar.gz` archives of pages.
//!
//! A directory is walked recursively, in sorted order, for page files
//! (`list_*.html`, `list_*.md`, including the corpus's dated names such as
//! `2019-10-10_43b2221a_list_amazonchime.partial.html`; other `.html` and
//! `.md` files are read as service docs pages; READMEs are skipped) and
//! archives. A file
//! named explicitly is always read, whatever its name, so that a stray file
//! gets a clear error instead of being skipped.
//!
//! Bounded: a walk visits each directory and file once, by its canonical
//! path, so symlink loops and links back up the tree end; a page file or
//! archive member is capped at [`MAX_PAGE_BYTES`] (the fetcher's body cap)
//! and an archive at [`MAX_ARCHIVE_BYTES`] unpacked, so a small `.tar.gz`
//! cannot expand into gigabytes.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// One page's bytes and the name to report it by.
#[derive(Clone, Debug)]
pub struct PageSource {
    /// Path, or `archive.tar.gz!member` for archive members.
    pub name: String,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

impl PageSource {
    /// The file name part of [`PageSource::name`].
    pub fn file_name(&self) -> &str {
        self.name.rsplit(['/', '!']).next().unwrap_or(&self.name)
    }

    /// The `<slug>` of `list_<slug>.html` (or `.partial.html`, `.md`) in the
    /// file name, when the name has that form.
    pub fn slug_from_name(&self) -> Option<&str> {
        slug_of(self.file_name())
    }
}

/// The slug of a page file or URL: what follows `list_` up to the extension.
/// The double dot of `list_x..html` is kept: it is how AWS names that page.
pub fn slug_of(name: &str) -> Option<&str> {
    let name = name.split(['#', '?']).next().unwrap_or(name);
    let name = name.rsplit('/').next().unwrap_or(name);
    let at = name.find("list_")? + "list_".len();
    let rest = &name[at..];
    let slug = [".partial.html", ".html", ".md"]
        .iter()
        .find_map(|ext| rest.strip_suffix(ext))?;
    (!slug.is_empty()).then_some(slug)
}

/// The largest page read, as for fetched bodies (16 MiB).
pub const MAX_PAGE_BYTES: u64 = 16 << 20;
/// The most page bytes one archive may unpack to (the whole corpus is 44 MB).
pub const MAX_ARCHIVE_BYTES: u64 = 512 << 20;

/// File names of the list of services (`v1/service-list.json`, saved by
/// the corpus as `aws-servicereference-index.json`): an index, not a service.
const INDEX_NAMES: [&str; 2] = ["service-list.json", "aws-servicereference-index.json"];

/// True for the file name of the service index.
pub fn is_index_name(file_name: &str) -> bool {
    INDEX_NAMES.contains(&file_name)
}

fn is_archive(name: &str) -> bool {
    name.ends_with(".tar.gz") || name.ends_with(".tgz")
}

/// Pages in a directory: reference pages (`list_*`) and other `.html` or
/// `.md` pages (a service's own docs), but not a directory's README.
/// JSON twins (`<prefix>.json`) are pages too; the service index beside
/// them is not.
fn is_page_name(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    slug_of(name).is_some()
        || ((file.ends_with(".html") || file.ends_with(".md")) && !file.starts_with("README"))
        || (file.ends_with(".json") && !is_index_name(file))
}

/// Reads every page under `paths`; a file reached twice (through a symlink,
/// or named twice) is read once.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PageSource>> {
    let mut pages = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        let meta = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if !first_visit(path, &mut visited)? {
            continue;
        }
        if meta.is_dir() {
            walk(path, &mut pages, &mut visited)?;
        } else {
            read_file(path, &mut pages)?;
        }
    }
    Ok(pages)
}

/// True the first time `path` (by canonical path) is met.
fn first_visit(path: &Path, visited: &mut HashSet<PathBuf>) -> Result<bool> {
    let real =
        fs::canonicalize(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    Ok(visited.insert(real))
}

fn walk(dir: &Path, pages: &mut Vec<PageSource>, visited: &mut HashSet<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot list {}", dir.display()))?;
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let wanted = path.is_dir() || is_archive(name) || is_page_name(name);
        // A dangling symlink cannot be resolved: it names nothing to read.
        if !wanted || !path.exists() || !first_visit(&path, visited)? {
            continue;
        }
        if path.is_dir() {
            walk(&path, pages, visited)?;
        } else {
            read_file(&path, pages)?;
        }
    }
    Ok(())
}

fn read_file(path: &Path, pages: &mut Vec<PageSource>) -> Result<()> {
    let name = path.display().to_string();
    if is_archive(&name) {
        return read_archive(path, pages);
    }
    let file = fs::File::open(path).with_context(|| format!("cannot read {name}"))?;
    let bytes = read_capped(file, &name)?;
    pages.push(PageSource { name, bytes });
    Ok(())
}

/// Reads at most [`MAX_PAGE_BYTES`]; a page larger than that is an error
/// naming it, never read whole.
fn read_capped(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        anyhow::bail!(
            "{name}: larger than the {} MiB page cap; not read",
            MAX_PAGE_BYTES >> 20
        );
    }
    Ok(bytes)
}

/// Reads the page members of a `.tar.gz`, in archive order sorted by name.
fn read_archive(path: &Path, pages: &mut Vec<PageSource>) -> Result<()> {
    let file = fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut members = Vec::new();
    let mut unpacked: u64 = 0;
    for entry in archive
        .entries()
        .with_context(|| format!("{}: not a readable .tar.gz", path.display()))?
    {
        let mut entry =
            entry.with_context(|| format!("{}: corrupt archive entry", path.display()))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let member = entry.path()?.display().to_string();
        if !is_page_name(&member) {
            continue;
        }
        let name = format!("{}!{member}", path.display());
        let bytes = read_capped(&mut entry, &name)?;
        unpacked += bytes.len() as u64;
        if unpacked > MAX_ARCHIVE_BYTES {
            anyhow::bail!(
                "{}: unpacks to more than {} MiB of pages (at {member}); not read",
                path.display(),
                MAX_ARCHIVE_BYTES >> 20
            );
        }
        members.push(PageSource { name, bytes });
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    pages.extend(members);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_every_naming_scheme() {
        assert_eq!(slug_of("list_amazonchime.html"), Some("amazonchime"));
        assert_eq!(
            slug_of("2019-12-17_36586627_list_amazonchime.partial.html"),
            Some("amazonchime")
        );
        assert_eq!(
            slug_of(
                "https://docs.aws.amazon.com/service-authorization/latest/reference/list_chime.html#x"
            ),
            Some("chime")
        );
        assert_eq!(
            slug_of("list_awsmigrationhubstrategyrecommendations..html"),
            Some("awsmigrationhubstrategyrecommendations.")
        );
        assert_eq!(slug_of("list_chime.md"), Some("chime"));
        assert_eq!(slug_of("README.md"), None);
        assert_eq!(slug_of("list_.html"), None);
    }
}
