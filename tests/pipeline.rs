//! The segmentation pipeline over a whole generated export: demo data → orders CSV with export
//! noise → columns read in parts (as the worker does, through the transfer format) → pipeline.

use chrono::NaiveDate;
use fieldbook::analytics::{line_start_after, read_header, read_lines, split_points, OrderLines};
use fieldbook::demo::{add_export_noise, generate, DemoParams};
use fieldbook::import::orders_csv;
use fieldbook::mining::{segment_lines, KMeansSettings, PipelineSummary, StageTimes};

fn raw_export() -> Vec<u8> {
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
    let data = generate(&DemoParams::sized(600, 6_000, today));
    let clean = orders_csv(&data.orders).expect("csv");
    add_export_noise(&clean, 0.02, 9)
}

fn run(lines: OrderLines) -> PipelineSummary {
    let mut tick = 0.0;
    let mut clock = || {
        tick += 1.0;
        tick
    };
    segment_lines(
        lines,
        &KMeansSettings::new(5),
        &mut clock,
        &mut StageTimes::default(),
    )
    .expect("pipeline runs")
}

#[test]
fn parts_moved_between_workers_give_the_same_segments_as_one_read() {
    let bytes = raw_export();
    let (columns, start) = read_header(&bytes).expect("header");
    let whole = run(read_lines(&bytes[start..], &columns));
    assert!(
        whole.rows_read > whole.rows_kept,
        "the noise repeated some lines"
    );
    assert!(whole.cells_filled > 0, "the noise blanked some cells");
    assert_eq!(whole.unreadable_numbers + whole.short_rows, 0);
    assert_eq!(whole.segments.len(), 5);

    for parts in [2, 3, 8] {
        let mut cuts = vec![start];
        for point in split_points(start, bytes.len(), parts) {
            let at = line_start_after(&bytes[point..]).map_or(bytes.len(), |o| point + o);
            cuts.push(at);
        }
        cuts.push(bytes.len());
        let mut lines = OrderLines::default();
        for range in cuts.windows(2) {
            let part = read_lines(&bytes[range[0]..range[1]], &columns);
            lines.append(OrderLines::from_bytes(&part.to_bytes()).expect("transfer"));
        }
        assert_eq!(run(lines), whole, "{parts} parts");
    }
}

#[test]
fn the_total_is_the_sum_of_the_kept_lines_to_the_cent() {
    let bytes = raw_export();
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let mut seen = std::collections::HashSet::new();
    let mut want = 0i64;
    for line in text.lines().skip(1) {
        if !seen.insert(line.to_string()) {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        let cents = |s: &str| -> Option<i64> {
            let (units, decimals) = s.split_once('.').unwrap_or((s, "0"));
            Some(units.parse::<i64>().ok()? * 100 + format!("{decimals:0<2}").parse::<i64>().ok()?)
        };
        want += match cents(f[7]) {
            Some(amount) => amount,
            None => f[5].parse::<i64>().unwrap_or(1) * cents(f[6]).expect("a unit price"),
        };
    }
    let (columns, start) = read_header(&bytes).expect("header");
    assert_eq!(run(read_lines(&bytes[start..], &columns)).total_cents, want);
}
