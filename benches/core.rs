//! Native benchmarks of the pure core, run by `make bench` (`cargo bench --profile compute`).
//!
//! A small harness rather than criterion: `make bench` needs each figure as the median of a
//! fixed number of runs with min–max, on the same files as the browser and pandas runs, written
//! as JSON for `benches/report.mjs`; criterion's statistics and HTML reports answer a different
//! question (is this change faster?) and take minutes per stage at these sizes.
//!
//! Usage: cargo bench --profile compute --bench core -- DATA_DIR RUNS OUT.json

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use fieldbook::analytics::{
    day_of, facts_of, plan_automation, read_header, read_lines, CampaignResults, CustomerIndex,
    Dashboard, RuleRows, Scope,
};
use fieldbook::clean::dedupe::{detect, DedupeParams, DEFAULT_THRESHOLD};
use fieldbook::clean::evaluate::pairwise_quality;
use fieldbook::demo::{generate, DemoParams};
use fieldbook::import::plan::{evaluate, Existing, Records};
use fieldbook::import::{detect_mapping, read_table, EntityKind};
use fieldbook::mining::{
    kmeans, prepare, run_rules, segment_lines, silhouette, silhouette_sample, Feature, FeatureSpec,
    KMeansSettings, PipelineSummary, RuleSettings, RulesJob, Scale, StageTimes,
};
use fieldbook::model::{
    AutomationRule, Campaign, CampaignDraft, Combine, Condition, Customer, CustomerId, RuleField,
    RuleOp, SegmentId, SegmentRule,
};
use serde_json::json;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [dir, runs, out] = &args[..] else {
        eprintln!("usage: core DATA_DIR RUNS OUT.json");
        std::process::exit(2);
    };
    let runs: usize = runs.parse().expect("RUNS is a number");
    let read = |name: &str| {
        std::fs::read(format!("{dir}/{name}")).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
    };
    let customers_csv = read("customers.csv");
    let orders_csv = read("orders-raw.csv");
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
    let mut stages: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut record = |name: &str, ms: f64| stages.entry(name.to_string()).or_default().push(ms);
    let mut summary: Option<PipelineSummary> = None;
    let duplicates_csv = String::from_utf8(read("duplicates.csv")).expect("UTF-8");
    let mut dedupe = None;
    // The dashboard's records: the demo generator at this size (the CSVs hold the same kind of
    // data, but building records from them is the import's work, measured elsewhere).
    let customer_rows = customers_csv
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1);
    let order_lines = orders_csv
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1);
    let demo = generate(&DemoParams::sized(customer_rows, order_lines, today));
    let mut dashboard = None;
    let mut mining = Vec::new();
    let mut silhouette_check = None;
    let mut baskets = None;
    let mut marketing = None;

    for run in 0..runs {
        eprint!("\rnative run {}/{runs}", run + 1);
        // Import path: the general CSV table reader, then validation of every customer row.
        let text = std::str::from_utf8(&customers_csv).expect("demo files are UTF-8");
        let start = Instant::now();
        let table = read_table(text).expect("customers.csv reads");
        record("import_csv_table", ms(start));
        let mapping = detect_mapping(&table.headers, EntityKind::Customers);
        let start = Instant::now();
        let evaluation =
            evaluate(&table, &mapping, &Existing::default(), today).expect("evaluates");
        record("import_validate_customers", ms(start));
        assert!(
            evaluation.records.len() > table.rows.len() / 2,
            "most rows pass"
        );
        drop(table);

        // Duplicate detection over the imported customers, scored against the true groups.
        if let Records::Customers(mut customers) = evaluation.records {
            for (at, customer) in customers.iter_mut().enumerate() {
                customer.id = CustomerId(at as u64 + 1);
            }
            let start = Instant::now();
            let detection = detect(&customers, today, DedupeParams::default());
            let groups = detection.groups(DEFAULT_THRESHOLD, &HashSet::new());
            record("duplicate_detection", ms(start));
            let found: Vec<Vec<u64>> = groups.into_iter().map(|g| g.members).collect();
            let quality = pairwise_quality(&found, &true_groups(&customers, &duplicates_csv));
            dedupe = Some(json!({
                "precision": quality.precision,
                "recall": quality.recall,
                "f1": quality.f1,
                "comparisons": detection.comparisons,
                "customers": customers.len(),
            }));
        }

        // The dashboard: the columnar facts from records, then every figure for one scope.
        let start = Instant::now();
        let facts = facts_of(&demo.customers, &demo.products, &demo.orders, today);
        record("dashboard_facts", ms(start));
        let scope = Scope {
            as_of: day_of(today),
            ..Scope::default()
        };
        let start = Instant::now();
        let figures = Dashboard::compute(&facts, &scope);
        record("dashboard_figures", ms(start));
        // Mining: k-means on the standardised (recency, frequency, monetary, tenure) of every
        // buyer, one k-means++ initialisation seeded by the run (scikit-learn gets the same
        // matrix and a seed per run too).
        let specs: Vec<FeatureSpec> = [
            Feature::Recency,
            Feature::Frequency,
            Feature::Monetary,
            Feature::Tenure,
        ]
        .into_iter()
        .map(|feature| FeatureSpec {
            feature,
            scale: Scale::Standard,
        })
        .collect();
        let start = Instant::now();
        let prepared = prepare(&facts, &scope, &specs).expect("features");
        record("mining_features", ms(start));
        let scaled = &prepared.scaled;
        if run == 0 {
            write_matrix(
                &format!("{dir}/kmeans-matrix.f64"),
                &scaled.rows,
                scaled.dims,
            );
        }
        let settings = KMeansSettings {
            seed: run as u64,
            ..KMeansSettings::new(5)
        };
        let start = Instant::now();
        let clustering = kmeans(&scaled.rows, scaled.dims, &settings).expect("k-means");
        record("kmeans_4d", ms(start));
        let n = scaled.rows.len() / scaled.dims;
        let start = Instant::now();
        let sampled = silhouette(
            &scaled.rows,
            scaled.dims,
            &clustering.labels,
            &silhouette_sample(n, run as u64),
        );
        record("silhouette_sampled", ms(start));
        mining.push(json!({
            "rows": n,
            "inertia": clustering.inertia,
            "silhouette_sampled": sampled,
        }));
        if run == 0 {
            // The sample's error: against the exact silhouette up to 20,000 rows, beyond that
            // against a sample of 20,000 (the exact one is 10¹⁰ distances at 100k).
            let reference_rows: Vec<usize> = if n <= 20_000 {
                (0..n).collect()
            } else {
                let mut rows = rand::seq::index::sample(
                    &mut <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(7),
                    n,
                    20_000,
                )
                .into_vec();
                rows.sort_unstable();
                rows
            };
            let start = Instant::now();
            let reference = silhouette(
                &scaled.rows,
                scaled.dims,
                &clustering.labels,
                &reference_rows,
            );
            silhouette_check = Some(json!({
                "reference_rows": reference_rows.len(),
                "reference": reference,
                "sampled": sampled,
                "reference_ms": ms(start),
            }));
        }

        // Basket rules over every counted order, with the page's default bars.
        let rules_job = RulesJob {
            revision: 0,
            settings: RuleSettings::default(),
        };
        let start = Instant::now();
        let found = run_rules(&facts, &rules_job, &mut || 0.0, |_, _| {}).expect("rules");
        record("basket_rules", ms(start));
        baskets = Some(json!({
            "baskets": found.baskets,
            "itemsets": found.itemsets,
            "min_count": found.min_count,
            "rules": found.found,
            "lines": facts.line_amount.len(),
        }));

        // Marketing: a rule segment over the customer list's rows, a launched campaign's
        // results over every order, one automation run with every rule on.
        let start = Instant::now();
        let index = std::rc::Rc::new(CustomerIndex::build(&demo.customers, &demo.orders, today));
        record("customer_index", ms(start));
        let start = Instant::now();
        let rows = RuleRows::new(index, today);
        let rule = SegmentRule {
            combine: Combine::All,
            conditions: vec![
                Condition {
                    field: RuleField::DaysSincePurchase,
                    op: RuleOp::AtLeast,
                    value: "90".into(),
                    negate: false,
                },
                Condition {
                    field: RuleField::Spend,
                    op: RuleOp::Above,
                    value: "100".into(),
                    negate: false,
                },
            ],
        }
        .check()
        .expect("a valid rule");
        let members = rows.members(&rule);
        record("rule_segment", ms(start));
        let mut campaign = Campaign::blank();
        CampaignDraft {
            name: "Win back".into(),
            targets: vec![SegmentId(1)],
            starts: (today - chrono::Duration::days(60)).to_string(),
            budget: "5000".into(),
            ..CampaignDraft::new()
        }
        .apply_to(&mut campaign)
        .expect("a valid campaign");
        campaign
            .launch(members.clone(), today, 0)
            .expect("launches on a non-empty segment");
        let start = Instant::now();
        let results = CampaignResults::of(&campaign, &demo.orders, today);
        record("campaign_results", ms(start));
        let mut rules = AutomationRule::defaults();
        for rule in &mut rules {
            rule.enabled = true;
        }
        let start = Instant::now();
        let plan = plan_automation(&rules, &demo.customers, &demo.orders, &[], &[], today, 0);
        record("automation_plan", ms(start));
        marketing = Some(json!({
            "rule_members": members.len(),
            "campaign_conversions": results.orders,
            "automation_changes": plan.changes.len(),
        }));

        dashboard = Some(json!({
            "customers": facts.customers(),
            "orders": facts.orders(),
            "lines": facts.line_amount.len(),
            "revenue_cents": figures.kpis.revenue,
            "buyers": figures.buyers.len(),
        }));
        drop(facts);

        // The segmentation pipeline, stage by stage, on one thread.
        let start = Instant::now();
        let (columns, offset) = read_header(&orders_csv).expect("orders header");
        let lines = read_lines(&orders_csv[offset..], &columns);
        record("read", ms(start));
        let origin = Instant::now();
        let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
        let mut times = StageTimes::default();
        let result = segment_lines(lines, &KMeansSettings::new(5), &mut clock, &mut times)
            .expect("the pipeline runs");
        for (stage, ms) in &times.0 {
            record(
                &serde_json::to_string(stage)
                    .expect("a name")
                    .replace('"', ""),
                *ms,
            );
        }
        summary = Some(result);
    }
    eprintln!();
    let sizes = json!({
        "customers_csv_bytes": customers_csv.len(),
        "orders_raw_csv_bytes": orders_csv.len(),
    });
    let report = json!({
        "stages": stages,
        "summary": summary,
        "sizes": sizes,
        "dedupe": dedupe,
        "dashboard": dashboard,
        "mining": mining,
        "silhouette_check": silhouette_check,
        "baskets": baskets,
        "marketing": marketing,
    });
    std::fs::write(out, serde_json::to_string_pretty(&report).expect("json"))
        .unwrap_or_else(|e| panic!("{out}: {e}"));
}

/// The true duplicate groups of duplicates.csv (`group,customer_id`), as the ids the
/// customers got here (their position), matched through the id they were exported with.
fn true_groups(customers: &[Customer], csv: &str) -> Vec<Vec<u64>> {
    let by_external: HashMap<&str, u64> = customers
        .iter()
        .filter_map(|c| Some((c.external_id.as_deref()?, c.id.0)))
        .collect();
    let mut groups: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        if let Some((group, id)) = line.split_once(',') {
            if let Some(&id) = by_external.get(id) {
                groups.entry(group).or_default().push(id);
            }
        }
    }
    groups.into_values().collect()
}

/// Writes rows of `dims` values as the reference script reads them: two little-endian u64
/// (rows, columns), then the values as little-endian f64, row by row.
fn write_matrix(path: &str, rows: &[f64], dims: usize) {
    let mut bytes = Vec::with_capacity(16 + rows.len() * 8);
    bytes.extend_from_slice(&((rows.len() / dims) as u64).to_le_bytes());
    bytes.extend_from_slice(&(dims as u64).to_le_bytes());
    for value in rows {
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}
