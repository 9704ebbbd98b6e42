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
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardAnswer {
    pub dashboard: Dashboard,
    /// Milliseconds the figures took in the worker.
    pub compute_ms: f64,
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
}
