//! What the crate's tests compare it with: the committed snapshot the
//! generated tables come from (`snapshots/services/*.json`), read as JSON.
//! Shared by the test files that need it (`mod snapshot;`).

/// Every service of `snapshots/services/`, in file-name order.
pub fn snapshot_services() -> Vec<serde_json::Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/services");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("snapshots/services is in the repository")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a readable snapshot");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}
