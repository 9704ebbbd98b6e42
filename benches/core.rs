//! Native benchmarks of the pure core, run by `make bench` (`cargo bench --profile compute`).
//!
//! A small harness rather than criterion: `make bench` needs each figure as the median of a
//! fixed number of runs with min–max, on the same files as the browser and pandas runs, written
//! as JSON for `benches/report.mjs`; criterion's statistics and HTML reports answer a different
//! question (is this change faster?) and take minutes per stage at these sizes.
//!
//! Usage: cargo bench --profile compute --bench core -- DATA_DIR RUNS OUT.json

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use fieldbook::analytics::{read_header, read_lines};
use fieldbook::import::plan::{evaluate, Existing};
use fieldbook::import::{detect_mapping, read_table, EntityKind};
use fieldbook::mining::{segment_lines, KMeansSettings, PipelineSummary, StageTimes};
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
    let report = json!({ "stages": stages, "summary": summary, "sizes": sizes });
    std::fs::write(out, serde_json::to_string_pretty(&report).expect("json"))
        .unwrap_or_else(|e| panic!("{out}: {e}"));
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}
