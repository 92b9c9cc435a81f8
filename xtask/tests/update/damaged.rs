//! A damaged database stops the update, names the database (the file to
//! move aside) and is left as it was: the update works on a byte copy,
//! checked once, after its writes.

use super::{Checkout, changed, code, text};
use crate::util::corpus;

#[test]
fn a_damaged_database_stops_the_update_naming_it_and_is_left_as_it_was() {
    let Some(corpus) = corpus() else { return };
    let co = Checkout::new();
    let docs = corpus.join("service-docs");
    let dirs = |date: &str| {
        vec![
            "--from-dir".to_string(),
            corpus.join("sar-html").join(date).display().to_string(),
            "--from-dir".to_string(),
            docs.display().to_string(),
        ]
    };
    // June's pages over the checkout's July data: accepted, the database
    // written.
    let june = dirs("2026-06-01");
    let out = co
        .command_reading(&[], &["--accept-shrink"])
        .args(&june)
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", text(&out));

    // A page in the middle of the file zeroed: its B-tree no longer holds.
    let mut bytes = std::fs::read(co.db()).unwrap();
    let page = 4096;
    let middle = (bytes.len() / page / 2) * page;
    bytes[middle..middle + page].fill(0);
    std::fs::write(co.db(), &bytes).unwrap();
    let before = co.state();

    let july = dirs("2026-07-01");
    let out = co.command_reading(&[], &[]).args(&july).output().unwrap();
    let said = text(&out);
    assert_eq!(code(&out), 2, "{said}");
    assert!(
        said.contains(&format!("{} is damaged", co.db().display())),
        "the database is named: {said}"
    );
    assert!(said.contains("move it aside and rebuild it"), "{said}");
    assert!(
        !said.contains("update-staging is damaged"),
        "not the copy, which is gone: {said}"
    );
    assert_eq!(changed(&before, &co.state()), Vec::<String>::new());
    let mut staging = co.db().into_os_string();
    staging.push(".update-staging");
    assert!(!std::path::Path::new(&staging).exists(), "the copy removed");
}
