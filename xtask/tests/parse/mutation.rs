//! Issue 11: the mutation campaign, bounded (the full one is
//! `cargo xtask mutate --pages 20 --per-page 200`; figures in the report).

use xtask::mutate::{Campaign, Verdict, run};

use crate::util::{corpus, source};

#[test]
fn mutated_real_pages_never_parse_smaller_without_a_warning() {
    let Some(dir) = corpus() else {
        return;
    };
    let pages: Vec<_> = [
        "list_amazonchime.html",
        "list_awsmarketplace.html",
        "list_amazoncodeguru.html",
    ]
    .iter()
    .map(|p| source(&dir.join("sar-html/2026-07-01").join(p)))
    .collect();
    let campaign = Campaign {
        pages: 3,
        per_page: 24,
        seed: 11,
        slow: std::time::Duration::from_secs(10),
    };
    let outcome = run(&pages, &campaign);
    assert_eq!(outcome.pages.len(), 3);
    assert_eq!(outcome.mutations, 72);
    assert_eq!(outcome.verdicts.values().sum::<usize>(), 72);
    assert!(outcome.clean(), "{:#?}", outcome.findings);
    assert_eq!(outcome.verdicts.get(&Verdict::SilentLoss), None);
    // Every kind ran, and a cut page is refused (or, cut after its last
    // tag, the same page): never a changed service.
    assert_eq!(outcome.by_kind.len(), 4);
    let cuts = &outcome.by_kind[&xtask::mutate::MutationKind::Cut];
    assert!(
        cuts.keys()
            .all(|v| matches!(v, Verdict::Error | Verdict::OkEqual)),
        "{cuts:?}"
    );
    assert!(
        cuts.get(&Verdict::Error).is_some_and(|n| *n >= 12),
        "{cuts:?}"
    );
    // Deterministic: the same seed gives the same counts.
    let again = run(&pages, &campaign);
    assert_eq!(again.verdicts, outcome.verdicts);
}
