//! Revenue over time, by category and by product, and cohort retention (pure), over
//! [`Facts`] and the order amounts in scope ([`super::figures::order_amounts`]).

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::facts::{date_of, Facts, NONE};
use super::figures::{customer_orders, CustomerFigures, Scope};

/// How revenue over time is bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

/// A period as a number that counts up by one per period: months and quarters since year 0.
fn period_of(day: i32, period: Period) -> i32 {
    let date = date_of(day);
    match period {
        Period::Month => date.year() * 12 + date.month0() as i32,
        Period::Quarter => date.year() * 4 + date.month0() as i32 / 3,
        Period::Year => date.year(),
    }
}

/// A period's label: `2024-03`, `2024 Q1` or `2024`.
pub fn period_label(key: i32, period: Period) -> String {
    match period {
        Period::Month => format!("{}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
        Period::Quarter => format!("{} Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
        Period::Year => key.to_string(),
    }
}

/// Revenue of one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRevenue {
    pub key: i32,
    /// Every order in scope, in cents.
    pub revenue: i64,
    pub orders: u32,
}

/// Revenue per period from the first to the last period with orders in scope (or the scope's
/// range when it is bounded), every period listed, empty ones at zero.
pub fn revenue_over_time(
    facts: &Facts,
    amounts: &[Option<i64>],
    scope: &Scope,
    period: Period,
) -> Vec<PeriodRevenue> {
    let in_scope = || {
        facts
            .order_day
            .iter()
            .zip(amounts)
            .filter_map(|(&day, amount)| amount.map(|a| (period_of(day, period), a)))
    };
    let first = scope.from.map(|d| period_of(d, period));
    let last = scope.to.map(|d| period_of(d, period));
    let (Some(first), Some(last)) = (
        first.or_else(|| in_scope().map(|(k, _)| k).min()),
        last.or_else(|| in_scope().map(|(k, _)| k).max()),
    ) else {
        return Vec::new();
    };
    let mut periods: Vec<PeriodRevenue> = (first..=last.max(first))
        .map(|key| PeriodRevenue {
            key,
            revenue: 0,
            orders: 0,
        })
        .collect();
    for (key, amount) in in_scope() {
        if let Some(p) = periods.get_mut((key - first) as usize) {
            p.revenue += amount;
            p.orders += 1;
        }
    }
    periods
}

/// Revenue of one category or product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The category's or product's index, or [`NONE`] (orders without lines, lines without a
    /// product or a category).
    pub index: u32,
    pub revenue: i64,
    pub units: i64,
}

/// Revenue by category (`by_product` false) or by product, largest first (ties by index). An
/// order without lines counts under [`NONE`] with its whole amount; under a category scope
/// only that category's lines count.
pub fn revenue_by(
    facts: &Facts,
    amounts: &[Option<i64>],
    scope: &Scope,
    by_product: bool,
) -> Vec<Share> {
    let groups = if by_product {
        facts.product_ids.len()
    } else {
        facts.categories.len()
    };
    // The last slot collects NONE.
    let mut revenue = vec![0i64; groups + 1];
    let mut units = vec![0i64; groups + 1];
    let mut has_lines = vec![false; amounts.len()];
    for (((&order, &product), &quantity), &amount) in facts
        .line_order
        .iter()
        .zip(&facts.line_product)
        .zip(&facts.line_quantity)
        .zip(&facts.line_amount)
    {
        let order = order as usize;
        has_lines[order] = true;
        if amounts[order].is_none() {
            continue;
        }
        let group = match (product, by_product) {
            (NONE, _) => NONE,
            (p, true) => p,
            (p, false) => facts.product_category[p as usize],
        };
        // Under a category scope only its lines make up the order's amount.
        let category = (product != NONE).then(|| facts.product_category[product as usize]);
        if scope.category.is_some_and(|c| category != Some(c)) {
            continue;
        }
        let slot = if group == NONE {
            groups
        } else {
            group as usize
        };
        revenue[slot] += amount;
        units[slot] += i64::from(quantity);
    }
    for (order, amount) in amounts.iter().enumerate() {
        if let (Some(amount), false) = (amount, has_lines[order]) {
            revenue[groups] += amount;
        }
    }
    let mut shares: Vec<Share> = (0..=groups)
        .filter(|&g| revenue[g] != 0 || units[g] != 0)
        .map(|g| Share {
            index: if g == groups { NONE } else { g as u32 },
            revenue: revenue[g],
            units: units[g],
        })
        .collect();
    shares.sort_by(|a, b| b.revenue.cmp(&a.revenue).then(a.index.cmp(&b.index)));
    shares
}

/// One cohort: the customers whose first purchase in scope fell in one month, and how many of
/// them bought in each month since (index 0 is the first month, so it equals the size).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohort {
    /// Months since year 0 (see [`period_label`] with [`Period::Month`]).
    pub month: i32,
    pub size: u32,
    pub active: Vec<u32>,
}

/// Cohort retention by first-purchase month, over the purchases in scope; each cohort lists
/// every month up to the last month with purchases.
pub fn cohorts(facts: &Facts, amounts: &[Option<i64>], figures: &CustomerFigures) -> Vec<Cohort> {
    let month = |day: i32| period_of(day, Period::Month);
    let buyers: Vec<usize> = figures.buyers().collect();
    let (Some(first), Some(last)) = (
        buyers.iter().map(|&c| month(figures.first[c])).min(),
        buyers.iter().map(|&c| month(figures.last[c])).max(),
    ) else {
        return Vec::new();
    };
    let span = (last - first + 1) as usize;
    let mut cohorts: Vec<Cohort> = (0..span)
        .map(|at| Cohort {
            month: first + at as i32,
            size: 0,
            active: vec![0; span - at],
        })
        .collect();
    for &c in &buyers {
        cohorts[(month(figures.first[c]) - first) as usize].size += 1;
    }
    // Each customer counts once per month it bought in: mark (customer, month) pairs.
    let mut seen: hashbrown::HashSet<(u32, i32), rustc_hash::FxBuildHasher> = Default::default();
    for (customer, day, amount) in customer_orders(facts, amounts) {
        if amount < 0 || !seen.insert((customer, month(day))) {
            continue;
        }
        let cohort = month(figures.first[customer as usize]) - first;
        let offset = month(day) - first - cohort;
        cohorts[cohort as usize].active[offset as usize] += 1;
    }
    cohorts.retain(|c| c.size > 0);
    cohorts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::figures::order_amounts;
    use crate::analytics::figures::tests::{day, everything, fixture};

    #[test]
    fn revenue_by_month_quarter_year_lists_every_period() {
        let facts = fixture();
        let scope = everything();
        let amounts = order_amounts(&facts, &scope);
        let months = revenue_over_time(&facts, &amounts, &scope, Period::Month);
        let got: Vec<(String, i64, u32)> = months
            .iter()
            .map(|p| (period_label(p.key, Period::Month), p.revenue, p.orders))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2024-02".into(), 3100, 2),
                ("2024-03".into(), 6500, 4),
                ("2024-04".into(), 500, 1)
            ]
        );
        let quarters = revenue_over_time(&facts, &amounts, &scope, Period::Quarter);
        assert_eq!(
            quarters
                .iter()
                .map(|p| (period_label(p.key, Period::Quarter), p.revenue))
                .collect::<Vec<_>>(),
            vec![("2024 Q1".into(), 9600), ("2024 Q2".into(), 500)]
        );
        // A bounded range lists its empty months too.
        let wide = Scope {
            from: Some(day(2024, 1, 15)),
            to: Some(day(2024, 5, 2)),
            ..scope
        };
        let amounts = order_amounts(&facts, &wide);
        let months = revenue_over_time(&facts, &amounts, &wide, Period::Month);
        assert_eq!(
            months.iter().map(|p| p.revenue).collect::<Vec<_>>(),
            vec![0, 3100, 6500, 500, 0]
        );
        let years = revenue_over_time(&facts, &amounts, &wide, Period::Year);
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].revenue, 10_100);
    }

    #[test]
    fn revenue_by_category_and_product_to_the_cent() {
        let facts = fixture();
        let scope = everything();
        let amounts = order_amounts(&facts, &scope);
        let drinks = facts.category("Drinks").expect("a category");
        let food = facts.category("Food").expect("a category");
        let by_category = revenue_by(&facts, &amounts, &scope, false);
        assert_eq!(
            by_category,
            vec![
                Share {
                    index: drinks,
                    revenue: 4550,
                    units: 13
                },
                // Mystery has no category; orders without lines (a refund, 5.00) join it.
                Share {
                    index: NONE,
                    revenue: 3000 - 350 + 500,
                    units: 3
                },
                Share {
                    index: food,
                    revenue: 2400,
                    units: 2
                },
            ]
        );
        let total: i64 = by_category.iter().map(|s| s.revenue).sum();
        assert_eq!(total, 10_100, "the parts add up to the revenue");
        let by_product = revenue_by(&facts, &amounts, &scope, true);
        assert_eq!(
            by_product[0],
            Share {
                index: 0,
                revenue: 4550,
                units: 13
            }
        );

        let only_food = Scope {
            category: Some(food),
            ..scope
        };
        let amounts = order_amounts(&facts, &only_food);
        let shares = revenue_by(&facts, &amounts, &only_food, true);
        assert_eq!(
            shares,
            vec![Share {
                index: 1,
                revenue: 2400,
                units: 2
            }]
        );
    }

    #[test]
    fn cohorts_by_first_purchase_month() {
        let facts = fixture();
        let amounts = order_amounts(&facts, &everything());
        let figures = crate::analytics::CustomerFigures::of(&facts, &amounts);
        let got = cohorts(&facts, &amounts, &figures);
        let labels: Vec<String> = got
            .iter()
            .map(|c| period_label(c.month, Period::Month))
            .collect();
        assert_eq!(labels, vec!["2024-02", "2024-03"]);
        assert_eq!((got[0].size, got[0].active.clone()), (1, vec![1, 0, 0]));
        assert_eq!((got[1].size, got[1].active.clone()), (2, vec![2, 1]));
    }
}
