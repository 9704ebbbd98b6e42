//! Duplicate detection against the demo generator's labelled duplicates: quality of the
//! default settings, and that blocking compares a small share of all pairs.

use std::collections::HashSet;

use chrono::NaiveDate;
use fieldbook::clean::dedupe::{detect, DedupeParams, DEFAULT_THRESHOLD};
use fieldbook::clean::evaluate::pairwise_quality;
use fieldbook::demo::{generate, DemoParams};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

#[test]
fn default_settings_find_the_labelled_duplicates_of_10k_customers() {
    let data = generate(&DemoParams::sized(10_000, 0, today()));
    let detection = detect(&data.customers, today(), DedupeParams::default());
    let groups = detection.groups(DEFAULT_THRESHOLD, &HashSet::new());
    let found: Vec<Vec<u64>> = groups.iter().map(|g| g.members.clone()).collect();
    let truth: Vec<Vec<u64>> = data
        .duplicate_groups
        .iter()
        .map(|g| g.iter().map(|id| id.0).collect())
        .collect();
    let quality = pairwise_quality(&found, &truth);
    println!(
        "10k customers: {} comparisons, {} oversized blocks, {} pairs kept; precision {:.4}, recall {:.4}, F1 {:.4} ({} found pairs, {} true pairs)",
        detection.comparisons,
        detection.oversized_blocks,
        detection.pairs.len(),
        quality.precision,
        quality.recall,
        quality.f1,
        quality.found_pairs,
        quality.true_pairs
    );
    assert!(quality.f1 >= 0.95, "{quality:?}");
}

#[test]
fn blocking_never_compares_all_pairs() {
    let data = generate(&DemoParams::sized(10_000, 0, today()));
    let detection = detect(&data.customers, today(), DedupeParams::default());
    let all_pairs = 10_000 * 9_999 / 2;
    assert!(
        detection.comparisons * 100 < all_pairs,
        "{} of {all_pairs} pairs compared",
        detection.comparisons
    );
}
