//! The segmentation pipeline of the product brief, done properly: order lines → drop duplicate
//! rows → fill missing numbers → per-customer orders and spend → sort by spend → standardise →
//! k-means. Each stage is timed with a clock the caller supplies (`performance.now` in a
//! worker, `Instant` natively), so `make bench` can compare stage by stage with pandas.

use serde::{Deserialize, Serialize};

use super::{kmeans, standardise, KMeansError, KMeansSettings};
use crate::analytics::OrderLines;

/// The stages, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Read,
    Dedupe,
    Fill,
    Aggregate,
    Sort,
    Standardise,
    Kmeans,
}

pub const STAGES: [Stage; 7] = [
    Stage::Read,
    Stage::Dedupe,
    Stage::Fill,
    Stage::Aggregate,
    Stage::Sort,
    Stage::Standardise,
    Stage::Kmeans,
];

/// Milliseconds spent in each stage that ran.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTimes(pub Vec<(Stage, f64)>);

impl StageTimes {
    pub fn total(&self) -> f64 {
        self.0.iter().map(|(_, ms)| ms).sum()
    }
}

/// One segment: its size and the mean figures of its members, in original units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub customers: usize,
    pub mean_orders: f64,
    pub mean_spend_cents: f64,
    /// Share of all revenue that the segment's members spent (0–1).
    pub revenue_share: f64,
}

/// What the pipeline found, with enough detail to check it against another implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineSummary {
    pub rows_read: usize,
    pub rows_kept: usize,
    pub cells_filled: usize,
    pub unreadable_numbers: u64,
    pub short_rows: u64,
    pub customers: usize,
    pub total_cents: i64,
    /// The five biggest spenders: id, orders, spend in cents.
    pub top: Vec<(String, u32, i64)>,
    pub inertia: f64,
    /// Segments, largest first.
    pub segments: Vec<Segment>,
}

/// Runs every stage after reading on `lines`, timing each into `times`.
pub fn segment_lines(
    mut lines: OrderLines,
    settings: &KMeansSettings,
    clock: &mut dyn FnMut() -> f64,
    times: &mut StageTimes,
) -> Result<PipelineSummary, KMeansError> {
    let mut last = clock();
    let mut lap = |stage: Stage, times: &mut StageTimes| {
        let now = clock();
        times.0.push((stage, now - last));
        last = now;
    };
    let rows_read = lines.len();
    lines.drop_duplicate_rows();
    lap(Stage::Dedupe, times);
    let cells_filled = lines.fill_missing();
    lap(Stage::Fill, times);
    let mut per = lines.per_customer();
    lap(Stage::Aggregate, times);
    per.sort_by_total(&lines.customers);
    lap(Stage::Sort, times);
    let orders: Vec<f64> = per.orders.iter().map(|&o| f64::from(o)).collect();
    let spend: Vec<f64> = per.total.iter().map(|&t| t as f64).collect();
    let (rows, _) = standardise(&[&orders, &spend]);
    lap(Stage::Standardise, times);
    let clustering = kmeans(&rows, 2, settings)?;
    lap(Stage::Kmeans, times);

    let total_cents: i64 = lines
        .amount
        .iter()
        .filter(|&&a| a != crate::analytics::MISSING)
        .sum();
    let mut segments: Vec<Segment> = (0..settings.k)
        .map(|_| Segment {
            customers: 0,
            mean_orders: 0.0,
            mean_spend_cents: 0.0,
            revenue_share: 0.0,
        })
        .collect();
    for (row, &label) in clustering.labels.iter().enumerate() {
        let s = &mut segments[label];
        s.customers += 1;
        s.mean_orders += orders[row];
        s.mean_spend_cents += spend[row];
    }
    for s in &mut segments {
        if total_cents != 0 {
            s.revenue_share = s.mean_spend_cents / total_cents as f64;
        }
        if s.customers > 0 {
            s.mean_orders /= s.customers as f64;
            s.mean_spend_cents /= s.customers as f64;
        }
    }
    segments.sort_by_key(|s| std::cmp::Reverse(s.customers));
    let top = (0..per.len().min(5))
        .map(|r| {
            let id = String::from_utf8_lossy(lines.customers.get(per.index[r])).into_owned();
            (id, per.orders[r], per.total[r])
        })
        .collect();
    Ok(PipelineSummary {
        rows_read,
        rows_kept: lines.len(),
        cells_filled,
        unreadable_numbers: lines.unreadable_numbers,
        short_rows: lines.short_rows,
        customers: per.len(),
        total_cents,
        top,
        inertia: clustering.inertia,
        segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::{read_header, read_lines};

    #[test]
    fn the_pipeline_runs_every_stage_and_sums_to_the_cent() {
        let mut text = String::from("order_id,customer_id,quantity,unit_price,amount\n");
        for c in 0..40 {
            for o in 0..(c % 7 + 1) {
                text.push_str(&format!("O{c}-{o},C{c},1,{}.10,{}.10\n", c, c));
            }
        }
        text.push_str("O0-0,C0,1,0.10,0.10\nO1-0,C1,,1.10,\n");
        let (columns, start) = read_header(text.as_bytes()).expect("header");
        let lines = read_lines(&text.as_bytes()[start..], &columns);
        let mut tick = 0.0;
        let mut clock = || {
            tick += 1.0;
            tick
        };
        let mut times = StageTimes::default();
        let summary =
            segment_lines(lines, &KMeansSettings::new(3), &mut clock, &mut times).expect("runs");
        assert_eq!(times.0.len(), STAGES.len() - 1, "every stage after reading");
        assert_eq!(summary.rows_read, 157);
        assert_eq!(summary.rows_kept, 156, "one duplicate row");
        assert_eq!(summary.cells_filled, 2);
        assert_eq!(summary.customers, 40);
        // Customer c has c % 7 + 1 orders of c.10 each, plus C1's filled second line.
        let want: i64 = (0..40).map(|c| (c % 7 + 1) * (c * 100 + 10)).sum::<i64>() + 110;
        assert_eq!(summary.total_cents, want);
        assert_eq!(summary.top[0], ("C34".to_string(), 7, 7 * 3410));
        assert_eq!(
            summary.segments.iter().map(|s| s.customers).sum::<usize>(),
            40
        );
        let share: f64 = summary.segments.iter().map(|s| s.revenue_share).sum();
        assert!((share - 1.0).abs() < 1e-9);
    }
}
