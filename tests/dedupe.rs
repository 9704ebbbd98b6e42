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

#[test]
#[ignore]
fn show_mistakes() {
    let size = std::env::var("SIZE").map_or(10_000, |s| s.parse().expect("a number"));
    let data = generate(&DemoParams::sized(size, 0, today()));
    let detection = detect(&data.customers, today(), DedupeParams::default());
    let mut truth = HashSet::new();
    for g in &data.duplicate_groups {
        for a in g {
            for b in g {
                if a.0 < b.0 {
                    truth.insert((a.0, b.0));
                }
            }
        }
    }
    let c = |id: u64| &data.customers[id as usize - 1];
    let show = |id: u64| {
        let x = c(id);
        format!(
            "{:?} {:?} {:?} {:?} {:?}/{:?} {:?} {:?} {:?}",
            x.name,
            x.email,
            x.phone,
            x.gender,
            x.birth_date,
            x.age,
            x.address.city,
            x.address.street,
            x.address.postcode
        )
    };
    for p in detection
        .pairs
        .iter()
        .filter(|p| p.confidence >= DEFAULT_THRESHOLD && !truth.contains(&(p.a, p.b)))
        .take(25)
    {
        println!(
            "FP {:.3}\n  {}\n  {}\n  {:?}",
            p.confidence,
            show(p.a),
            show(p.b),
            p.evidence
                .iter()
                .map(|e| format!("{:?} {:?} {:.1}", e.field, e.agreement, e.bits))
                .collect::<Vec<_>>()
        );
    }
    let found: HashSet<(u64, u64)> = detection.pairs.iter().map(|p| (p.a, p.b)).collect();
    for (a, b) in truth
        .iter()
        .filter(|t| {
            detection
                .pairs
                .iter()
                .find(|p| (p.a, p.b) == **t)
                .map_or(true, |p| p.confidence < DEFAULT_THRESHOLD)
        })
        .take(15)
    {
        let p = detection.pairs.iter().find(|p| (p.a, p.b) == (*a, *b));
        println!(
            "FN {:?} in candidates {}\n  {}\n  {}\n  {:?}",
            p.map(|p| p.confidence),
            found.contains(&(*a, *b)),
            show(*a),
            show(*b),
            p.map(|p| p
                .evidence
                .iter()
                .map(|e| format!("{:?} {:?} {:.1}", e.field, e.agreement, e.bits))
                .collect::<Vec<_>>())
        );
    }
}

#[test]
#[ignore]
fn quality_and_time_at_100k() {
    let data = generate(&DemoParams::sized(100_000, 0, today()));
    let started = std::time::Instant::now();
    let detection = detect(&data.customers, today(), DedupeParams::default());
    let groups = detection.groups(DEFAULT_THRESHOLD, &HashSet::new());
    let took = started.elapsed();
    let found: Vec<Vec<u64>> = groups.iter().map(|g| g.members.clone()).collect();
    let truth: Vec<Vec<u64>> = data
        .duplicate_groups
        .iter()
        .map(|g| g.iter().map(|id| id.0).collect())
        .collect();
    let q = pairwise_quality(&found, &truth);
    println!(
        "100k: {took:?}, {} comparisons, {} oversized; P {:.4} R {:.4} F1 {:.4}",
        detection.comparisons, detection.oversized_blocks, q.precision, q.recall, q.f1
    );
}

#[test]
#[ignore]
fn phases_at_100k() {
    use fieldbook::clean::dedupe::{Detector, Stage};
    let data = generate(&DemoParams::sized(100_000, 0, today()));
    let t = std::time::Instant::now();
    let mut d = Detector::new(&data.customers, today(), DedupeParams::default());
    let mut p = d.step();
    while p.stage == Stage::Reading {
        println!("reading {:?}", t.elapsed());
        p = d.step();
    }
    println!(
        "profiles+blocking {:?} (total pairs {})",
        t.elapsed(),
        p.total
    );
    while d.step().stage != Stage::Done {}
    println!("compared {:?}", t.elapsed());
}
