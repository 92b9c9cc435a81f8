//! `replay` (issue 21), bounded for CI: the real update over the first
//! three recordings of seven years (the IAM User Guide's XHTML of 2019-10
//! and 2019-11, then the `.partial.html` fragments of 2020-01: a layout
//! transition), read from their `.tar.zst` archives; then damaged copies
//! of 2019-11 (pages cut, a stray tag, another service's content, pages
//! dropped), each stopped by the same gates that let the real months in.

use std::path::{Path, PathBuf};

use xtask::parse::source;
use xtask::replay::{self, Recording, Row};

use crate::util::corpus;

fn history(date: &str) -> Option<PathBuf> {
    Some(corpus()?.join(format!("sar-history/{date}.tar.zst")))
}

fn replay_of(recordings: Vec<Recording>, scratch: &Path) -> Vec<Row> {
    let opts = replay::Options {
        recordings,
        template: Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        checkout: None,
        db: None,
        scratch_parent: Some(scratch.to_path_buf()),
        deadline: std::time::Duration::from_secs(600),
    };
    replay::run(&opts, |_| {}).unwrap().rows
}

/// The pages of a recording, unpacked into `dir/<date>` by the reader the
/// update uses.
fn unpack(archive: &Path, dir: &Path, date: &str) -> PathBuf {
    let out = dir.join(date);
    std::fs::create_dir_all(&out).unwrap();
    for page in source::collect(&[archive.to_path_buf()]).unwrap() {
        std::fs::write(out.join(page.file_name()), &page.bytes).unwrap();
    }
    out
}

fn edit(dir: &Path, page: &str, f: impl FnOnce(String) -> String) {
    let path = dir.join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

#[test]
fn three_recordings_across_a_layout_transition_then_damaged_ones_stop() {
    let Some(first) = history("2019-10-18") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let real: Vec<PathBuf> = ["2019-10-18", "2019-11-21", "2020-01-29"]
        .iter()
        .map(|d| history(d).unwrap())
        .collect();
    let rows = replay_of(replay::recordings(&real).unwrap(), tmp.path());
    let summary = replay::markdown(&rows);
    assert_eq!(rows.len(), 3, "{summary}");
    for r in &rows {
        assert_eq!(
            r.outcome, "accepted",
            "{}: {:?} {summary}",
            r.date, r.details
        );
        assert!(r.report_chars <= 60_000, "{summary}");
        assert!(r.version_before != r.version_after, "{summary}");
    }
    // Every page of every recording parsed: AWS IQ's page, which says it
    // has no actions, is a service with none; 2019-11's list_autoscaling
    // redirect stub is "moved".
    let [oct, nov, jan] = [&rows[0], &rows[1], &rows[2]];
    // 180 pages, 177 prefixes (AWS IQ and AWS Support with no actions).
    assert_eq!(oct.services, 177, "{summary}");
    assert!(oct.actions > 5_700 && oct.actions <= 5_843, "{summary}");
    // 206 pages, one of them the redirect stub: 196 prefixes.
    assert_eq!(nov.services, 196, "{summary}");
    assert_eq!(jan.services, 212, "{summary}");
    assert!(jan.actions > nov.actions, "{summary}");
    assert_eq!(jan.date, "2020-01-29");

    // Damage 2019-11: a page cut short, a stray closing tag, another
    // service's content. Each is refused by the page's own checks.
    let damaged = unpack(&real[1], &tmp.path().join("damaged"), "2019-11-21");
    edit(&damaged, "list_amazonchime.html", |t| {
        let at = t.len() * 6 / 10;
        let at = (0..=at).rev().find(|&i| t.is_char_boundary(i)).unwrap();
        t[..at].to_string()
    });
    edit(&damaged, "list_amazondynamodb.html", |t| {
        let table = t.find("<table").unwrap();
        let row = table + t[table..].match_indices("<tr").nth(4).unwrap().0;
        format!("{}</table>{}", &t[..row], &t[row..])
    });
    let ec2 = std::fs::read(damaged.join("list_amazonec2.html")).unwrap();
    std::fs::write(damaged.join("list_amazons3.html"), ec2).unwrap();
    // Another copy with three pages dropped.
    let dropped = unpack(&real[1], &tmp.path().join("dropped"), "2019-11-22");
    for page in [
        "list_amazonsqs.html",
        "list_amazonsns.html",
        "list_awslambda.html",
    ] {
        std::fs::remove_file(dropped.join(page)).unwrap();
    }
    let rows = replay_of(
        replay::recordings(&[first, damaged, dropped]).unwrap(),
        tmp.path(),
    );
    let summary = replay::markdown(&rows);
    assert_eq!(rows[0].outcome, "accepted", "{summary}");
    let (bad, gone) = (&rows[1], &rows[2]);
    assert_eq!(bad.outcome, "rejected", "{summary}");
    assert_eq!(
        bad.gate.as_deref(),
        Some("every page fetched and parsed"),
        "{summary}"
    );
    for page in [
        "list_amazonchime.html",
        "list_amazondynamodb.html",
        "list_amazons3.html",
    ] {
        assert!(
            bad.details.iter().any(|d| d.contains(page)),
            "{page}: {:#?}",
            bad.details
        );
    }
    // A rejected recording leaves the catalog as it was.
    assert_eq!(bad.version_after, rows[0].version_after);
    assert_eq!(bad.actions, rows[0].actions);
    assert_eq!(gone.outcome, "rejected", "{summary}");
    assert_eq!(
        gone.gate.as_deref(),
        Some("every listed page read, no service's pages missing"),
        "{summary}"
    );
    assert_eq!(gone.services_named, ["lambda", "sns", "sqs"], "{summary}");
    assert_eq!(gone.version_after, rows[0].version_after);
}
