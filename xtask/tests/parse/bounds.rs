//! Issue 11, bounded in every dimension (parser side): a walk visits each
//! file once whatever its symlinks; archive members and page files are
//! capped; nesting is limited with a clear error; warnings are stored with
//! the snapshot.

use std::io::Write;

use xtask::dataset::{self, Built, block_on};
use xtask::parse::{Problem, WarningClass, source};
use xtask::store::{SnapshotSelector, Store};

use super::proof::chime_2026_07_01;
use crate::util::{fixtures, parse_error, source_from};

#[test]
fn a_symlink_loop_is_walked_once() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    std::fs::create_dir(&a).unwrap();
    std::fs::copy(
        fixtures().join("new-layout/july2026_list_codestar.html"),
        a.join("july2026_list_codestar.html"),
    )
    .unwrap();
    // Two self-links and a link back up: the walk the issue saw exhaust 24 GB.
    std::os::unix::fs::symlink(".", a.join("self")).unwrap();
    std::os::unix::fs::symlink("..", a.join("up")).unwrap();
    std::os::unix::fs::symlink("../a", a.join("again")).unwrap();
    std::os::unix::fs::symlink("july2026_list_codestar.html", a.join("list_alias.html")).unwrap();
    std::os::unix::fs::symlink("missing", a.join("list_dangling.html")).unwrap();
    let pages = source::collect(&[tmp.path().to_path_buf(), a.clone()]).unwrap();
    let names: Vec<&str> = pages.iter().map(|p| p.file_name()).collect();
    // Each file once: the alias and the second path name it again.
    assert_eq!(names, ["july2026_list_codestar.html"], "{names:?}");
}

fn tar_gz(members: &[(&str, usize)]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .suffix(".tar.gz")
        .tempfile()
        .unwrap();
    let gz = flate2::write::GzEncoder::new(file.reopen().unwrap(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, len) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(*len as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, std::io::repeat(b' ').take(*len as u64))
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap().flush().unwrap();
    file
}

use std::io::Read as _;

#[test]
fn an_archive_member_over_the_cap_is_an_error_naming_it() {
    let big = source::MAX_PAGE_BYTES as usize + 1;
    let archive = tar_gz(&[("list_small.html", 10), ("list_huge.html", big)]);
    let err = source::collect(&[archive.path().to_path_buf()]).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("!list_huge.html: larger than the 16 MiB page cap; not read"),
        "{message}"
    );
    // At the cap exactly, it is read.
    let archive = tar_gz(&[("list_edge.html", source::MAX_PAGE_BYTES as usize)]);
    let pages = source::collect(&[archive.path().to_path_buf()]).unwrap();
    assert_eq!(pages[0].bytes.len() as u64, source::MAX_PAGE_BYTES);
}

#[test]
fn nesting_past_the_limit_is_a_clear_error_not_a_long_parse() {
    let Some(page) = chime_2026_07_01() else {
        return;
    };
    // 200,000 unclosed <div> in one cell: over two minutes before the limit.
    let at = page.find("<td id=\"amazonchime-CreateMeeting\"").unwrap();
    let hostile = format!("{}{}{}", &page[..at], "<div>".repeat(200_000), &page[at..]);
    let started = std::time::Instant::now();
    let err = parse_error(&source_from("list_amazonchime.html", hostile));
    assert!(
        matches!(err.problem, Problem::TooDeep { limit: 256, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("elements nest deeper than 256 levels"),
        "{err}"
    );
    // Not a timed assert of performance: a sanity bound far above the scan.
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn warnings_are_stored_with_the_snapshot() {
    let Some(page) = chime_2026_07_01() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(
        pages.join("list_amazonchime.html"),
        page.replacen(
            "                 ds:ConnectDirectory\n",
            "                 DS:ConnectDirectory\n",
            1,
        ),
    )
    .unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_dirs(&[&pages], "2026-07-01"))
        .unwrap();
    assert!(matches!(built, Built::Stored { .. }), "{built:?}");
    let stored = block_on(async {
        let store = Store::open(&db).await.unwrap();
        let snap = store.resolve(&SnapshotSelector::Latest).await.unwrap();
        let w = store.parse_warnings(snap.id).await.unwrap();
        store.close().await;
        w
    })
    .unwrap();
    let [w] = stored.as_slice() else {
        panic!("{stored:#?}")
    };
    assert_eq!(w.page, "list_amazonchime.html");
    assert_eq!(w.class, WarningClass::Normalised);
    assert_eq!(w.table.as_deref(), Some("actions"));
    assert_eq!(w.value.as_deref(), Some("DS:ConnectDirectory"));
}
