//! The customer figures a segmentation clusters on, per customer with a purchase in scope, in
//! original units, and their scaling (standardise, or log then standardise for heavy tails).

use serde::{Deserialize, Serialize};

use crate::analytics::{order_amounts, CustomerFigures, Facts, Scope, NONE};

/// A customer figure the segmentation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Feature {
    /// Days since the last purchase.
    Recency,
    /// Purchases.
    Frequency,
    /// Total spent in currency units (refunds and returns included).
    Monetary,
    /// Age in years (customers without one are left out).
    Age,
    /// Average order value in currency units.
    AverageOrder,
    /// Days since the first purchase.
    Tenure,
    /// The share (0–1) of the customer's purchases spent in a category (its index).
    CategoryShare(u32),
}

impl Feature {
    /// The scaling that suits the feature by default: money and counts have long right tails
    /// (a few customers buy far more), so they are logged first.
    pub fn default_scale(self) -> Scale {
        match self {
            Feature::Frequency | Feature::Monetary | Feature::AverageOrder => Scale::LogStandard,
            _ => Scale::Standard,
        }
    }
}

/// How a feature is scaled before clustering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scale {
    /// To mean 0 and standard deviation 1.
    Standard,
    /// Signed ln(1 + |x|) first, then standardised.
    LogStandard,
}

/// A feature and its scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FeatureSpec {
    pub feature: Feature,
    pub scale: Scale,
}

impl FeatureSpec {
    /// The feature with its default scaling.
    pub fn of(feature: Feature) -> FeatureSpec {
        FeatureSpec {
            feature,
            scale: feature.default_scale(),
        }
    }
}

/// The chosen features of every customer who has them all: column-major, original units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeatureTable {
    /// Customer indexes into the facts, one per row.
    pub customers: Vec<u32>,
    pub columns: Vec<Vec<f64>>,
    /// Customers with a purchase left out for lack of a feature (an age).
    pub left_out: usize,
}

impl FeatureTable {
    pub fn rows(&self) -> usize {
        self.customers.len()
    }
}

/// The features of `specs` for every customer with a purchase in `scope`.
pub fn feature_table(facts: &Facts, scope: &Scope, specs: &[FeatureSpec]) -> FeatureTable {
    let amounts = order_amounts(facts, scope);
    let figures = CustomerFigures::of(facts, &amounts);
    let shares = specs
        .iter()
        .any(|s| matches!(s.feature, Feature::CategoryShare(_)))
        .then(|| category_spend(facts, &amounts));
    let mut table = FeatureTable {
        columns: vec![Vec::new(); specs.len()],
        ..FeatureTable::default()
    };
    let money = |cents: i64| cents as f64 / 100.0;
    'customers: for c in figures.buyers() {
        let mut row = Vec::with_capacity(specs.len());
        for spec in specs {
            let value = match spec.feature {
                Feature::Recency => figures.recency(c, scope.as_of).map(f64::from),
                Feature::Frequency => Some(f64::from(figures.purchases[c])),
                Feature::Monetary => Some(money(figures.total[c])),
                Feature::Age => facts.customer_age[c].map(f64::from),
                Feature::AverageOrder => figures.aov(c).map(money),
                Feature::Tenure => figures.tenure(c, scope.as_of).map(f64::from),
                Feature::CategoryShare(category) => shares.as_ref().map(|s| s.share(c, category)),
            };
            match value {
                Some(v) => row.push(v),
                None => {
                    table.left_out += 1;
                    continue 'customers;
                }
            }
        }
        table.customers.push(c as u32);
        for (column, value) in table.columns.iter_mut().zip(row) {
            column.push(value);
        }
    }
    table
}

/// Purchases' line amounts per customer and category, for category shares.
struct CategorySpend {
    categories: usize,
    /// `customer * categories + category` → cents.
    spend: Vec<i64>,
    total: Vec<i64>,
}

impl CategorySpend {
    fn share(&self, customer: usize, category: u32) -> f64 {
        let total = self.total[customer];
        let spent = self
            .spend
            .get(customer * self.categories + category as usize)
            .copied()
            .unwrap_or(0);
        if total > 0 {
            spent as f64 / total as f64
        } else {
            0.0
        }
    }
}

fn category_spend(facts: &Facts, amounts: &[Option<i64>]) -> CategorySpend {
    let categories = facts.categories.len();
    let mut spend = CategorySpend {
        categories,
        spend: vec![0; facts.customers() * categories],
        total: vec![0; facts.customers()],
    };
    for ((&order, &product), &amount) in facts
        .line_order
        .iter()
        .zip(&facts.line_product)
        .zip(&facts.line_amount)
    {
        let order = order as usize;
        let customer = facts.order_customer[order];
        // Purchases only: a return's lines do not make a taste.
        if customer == NONE || amounts[order].is_none_or(|a| a < 0) || amount <= 0 {
            continue;
        }
        let customer = customer as usize;
        spend.total[customer] += amount;
        if product != NONE {
            let category = facts.product_category[product as usize];
            if category != NONE {
                spend.spend[customer * categories + category as usize] += amount;
            }
        }
    }
    spend
}

/// The table scaled for clustering: row-major rows, with each column's log flag, mean and
/// standard deviation to go back to original units.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaled {
    pub rows: Vec<f64>,
    pub dims: usize,
    pub logged: Vec<bool>,
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

/// Signed ln(1 + |x|): defined for refunds' negative totals too.
pub fn signed_log(x: f64) -> f64 {
    x.signum() * x.abs().ln_1p()
}

/// Scales `table` as `specs` say.
pub fn scale(table: &FeatureTable, specs: &[FeatureSpec]) -> Scaled {
    let logged: Vec<bool> = specs
        .iter()
        .map(|s| s.scale == Scale::LogStandard)
        .collect();
    let columns: Vec<Vec<f64>> = table
        .columns
        .iter()
        .zip(&logged)
        .map(|(column, &log)| {
            if log {
                column.iter().map(|&x| signed_log(x)).collect()
            } else {
                column.clone()
            }
        })
        .collect();
    let refs: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let (rows, scaling) = super::standardise(&refs);
    Scaled {
        rows,
        dims: specs.len(),
        logged,
        mean: scaling.mean,
        std: scaling.std,
    }
}
