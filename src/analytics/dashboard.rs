//! Everything the dashboard shows for one scope, computed in one pass of the figures (pure):
//! what the worker sends back after each filter change.

use serde::{Deserialize, Serialize};

use super::facts::Facts;
use super::figures::{order_amounts, top_by, CustomerFigures, Kpis, Rfm, Scope, Segment};
use super::revenue::{
    cohorts, revenue_by, revenue_over_time, Cohort, Period, PeriodRevenue, Share,
};
use super::stats::{describe, Summary};

/// The worker job that computes a [`Dashboard`]: header [`DashboardJob`], and the facts'
/// bytes ([`Facts::to_bytes`]) as the one section when the worker may not have them yet (it
/// keeps the last facts it got); the answer's header is a [`DashboardAnswer`].
pub const DASHBOARD: &str = "dashboard";

/// What the page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardJob {
    /// The data revision the facts were built at; the worker refuses to answer from others.
    pub revision: u64,
    pub scope: Scope,
    /// Also answer every customer's figures ([`customer_lines`]) as a section of JSON lines.
    #[serde(default)]
    pub lines: bool,
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardAnswer {
    pub dashboard: Dashboard,
    /// Milliseconds the figures took in the worker.
    pub compute_ms: f64,
}

/// One customer's figures in scope: a row of the per-customer table and its export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerLine {
    pub id: u64,
    pub name: String,
    pub purchases: u32,
    /// Cents: purchases only, and everything in scope with refunds.
    pub gross: i64,
    pub total: i64,
    pub aov: Option<i64>,
    pub first: Option<i32>,
    pub last: Option<i32>,
    pub recency: Option<i32>,
    pub tenure: Option<i32>,
    /// R, F and M scores and the segment, for customers with purchases.
    pub rfm: Option<(u8, u8, u8, Segment)>,
}

/// Every customer's figures in scope, by id (customers without purchases included).
pub fn customer_lines(facts: &Facts, scope: &Scope) -> Vec<CustomerLine> {
    let amounts = order_amounts(facts, scope);
    let figures = CustomerFigures::of(facts, &amounts);
    let rfm = Rfm::of(&figures);
    let mut scores = vec![None; facts.customers()];
    for (at, &c) in rfm.customers.iter().enumerate() {
        scores[c as usize] = Some((rfm.r[at], rfm.f[at], rfm.m[at], rfm.segment[at]));
    }
    (0..facts.customers())
        .map(|c| {
            let bought = figures.purchases[c] > 0;
            CustomerLine {
                id: facts.customer_ids[c],
                name: facts.customer_names[c].clone(),
                purchases: figures.purchases[c],
                gross: figures.gross[c],
                total: figures.total[c],
                aov: figures.aov(c),
                first: bought.then_some(figures.first[c]),
                last: bought.then_some(figures.last[c]),
                recency: figures.recency(c, scope.as_of),
                tenure: figures.tenure(c, scope.as_of),
                rfm: scores[c],
            }
        })
        .collect()
}

/// What a worker says when it holds no facts of the asked revision (the page then sends them).
pub const NO_FACTS: &str = "no facts of this revision";

/// How many customers and products the rankings list.
pub const TOP: usize = 10;

/// A numeric column of the per-customer table, for summary statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    Purchases,
    /// Total in currency units (cents / 100).
    Total,
    AverageOrder,
    RecencyDays,
    TenureDays,
    Age,
}

/// The dashboard's figures for one scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub scope: Scope,
    pub kpis: Kpis,
    pub months: Vec<PeriodRevenue>,
    pub categories: Vec<Share>,
    /// The [`TOP`] products by revenue.
    pub products: Vec<Share>,
    pub segments: Vec<(Segment, usize)>,
    pub cohorts: Vec<Cohort>,
    /// Per buyer: (customer index, purchases, total in cents), for the scatter and histogram.
    pub buyers: Vec<(u32, u32, i64)>,
    /// The [`TOP`] customers by total and by purchases (indexes).
    pub top_spenders: Vec<u32>,
    pub top_frequent: Vec<u32>,
    pub summaries: Vec<(Measure, Summary)>,
}

impl Dashboard {
    pub fn compute(facts: &Facts, scope: &Scope) -> Dashboard {
        let amounts = order_amounts(facts, scope);
        let figures = CustomerFigures::of(facts, &amounts);
        let rfm = Rfm::of(&figures);
        let mut products = revenue_by(facts, &amounts, scope, true);
        products.truncate(TOP);
        let buyers: Vec<(u32, u32, i64)> = figures
            .buyers()
            .map(|c| (c as u32, figures.purchases[c], figures.total[c]))
            .collect();
        let column = |pick: &dyn Fn(usize) -> Option<f64>| -> Vec<f64> {
            figures.buyers().filter_map(pick).collect()
        };
        let as_of = scope.as_of;
        let mut summaries = vec![
            (
                Measure::Purchases,
                column(&|c| Some(f64::from(figures.purchases[c]))),
            ),
            (
                Measure::Total,
                column(&|c| Some(figures.total[c] as f64 / 100.0)),
            ),
            (
                Measure::AverageOrder,
                column(&|c| figures.aov(c).map(|v| v as f64 / 100.0)),
            ),
            (
                Measure::RecencyDays,
                column(&|c| figures.recency(c, as_of).map(f64::from)),
            ),
            (
                Measure::TenureDays,
                column(&|c| figures.tenure(c, as_of).map(f64::from)),
            ),
        ];
        summaries.push((
            Measure::Age,
            facts
                .customer_age
                .iter()
                .flatten()
                .map(|&a| f64::from(a))
                .collect(),
        ));
        Dashboard {
            scope: *scope,
            kpis: Kpis::of(facts, &amounts, &figures),
            months: revenue_over_time(facts, &amounts, scope, Period::Month),
            categories: revenue_by(facts, &amounts, scope, false),
            products,
            segments: rfm.segment_sizes(),
            cohorts: cohorts(facts, &amounts, &figures),
            top_spenders: top_by(&figures, TOP, |c| figures.total[c]),
            top_frequent: top_by(&figures, TOP, |c| i64::from(figures.purchases[c])),
            buyers,
            summaries: summaries
                .into_iter()
                .filter_map(|(column, values)| describe(&values).map(|s| (column, s)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::figures::tests::{everything, fixture};

    #[test]
    fn the_dashboard_agrees_with_its_parts() {
        let facts = fixture();
        let d = Dashboard::compute(&facts, &everything());
        assert_eq!(d.kpis.revenue, 10_100);
        assert_eq!(
            d.months.iter().map(|m| m.revenue).sum::<i64>(),
            d.kpis.revenue
        );
        assert_eq!(
            d.categories.iter().map(|s| s.revenue).sum::<i64>(),
            d.kpis.revenue
        );
        assert_eq!(d.buyers, vec![(0, 2, 3100), (1, 1, 0), (2, 2, 3500)]);
        assert_eq!(d.top_spenders, vec![2, 0, 1]);
        assert_eq!(d.segments.iter().map(|s| s.1).sum::<usize>(), 3);
        let total = d
            .summaries
            .iter()
            .find(|s| s.0 == Measure::Total)
            .expect("a column");
        assert_eq!((total.1.count, total.1.max), (3, 35.0));
        let json = serde_json::to_string(&d).expect("serialises");
        assert_eq!(serde_json::from_str::<Dashboard>(&json).expect("reads"), d);
    }

    #[test]
    fn every_customer_has_a_line_with_its_scores() {
        let facts = fixture();
        let lines = customer_lines(&facts, &everything());
        assert_eq!(lines.len(), 4);
        assert_eq!(
            (
                lines[0].purchases,
                lines[0].total,
                lines[0].aov,
                lines[0].recency
            ),
            (2, 3100, Some(1550), Some(1))
        );
        assert_eq!(lines[0].rfm, Some((2, 4, 4, Segment::AtRisk)));
        assert_eq!(lines[1].total, 0, "a refund cancels the purchase's money");
        assert_eq!(
            (lines[3].purchases, lines[3].rfm, lines[3].first),
            (0, None, None)
        );
    }
}
