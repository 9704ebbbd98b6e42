//! Churn risk: the chance that a customer makes no purchase in the next N days, learned with
//! logistic regression (linfa-logistic) from the customers' own history.
//!
//! Time decides everything, so nothing from the future leaks into the past: with `end` the
//! last day of the data, the model is trained on the customers as they stood at `end − 2N`
//! (their features from the orders up to then; churned: no purchase in the N days after),
//! and checked on the customers as they stood at `end − N` (the following N days, which the
//! training never saw). The model that scores today's customers is then trained on that
//! later window, the most recent one whose outcome is known.

use linfa::prelude::*;
use linfa_logistic::{FittedLogisticRegression, LogisticRegression};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::scale::{standardise, Scaling};
use crate::analytics::{order_amounts, CustomerFigures, Facts, Scope};

/// What the model reads about a customer at a cutoff day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChurnFeature {
    /// Days since the last purchase.
    Recency,
    /// Purchases so far.
    Frequency,
    /// Spent so far (refunds and returns included).
    Monetary,
    /// Average purchase.
    AverageOrder,
    /// Days since the first purchase.
    Tenure,
    /// Purchases in the N days before the cutoff.
    RecentPurchases,
}

/// Every feature, in the order of a snapshot's columns.
pub const CHURN_FEATURES: [ChurnFeature; 6] = [
    ChurnFeature::Recency,
    ChurnFeature::Frequency,
    ChurnFeature::Monetary,
    ChurnFeature::AverageOrder,
    ChurnFeature::Tenure,
    ChurnFeature::RecentPurchases,
];

/// Fewest customers in a window (and of each outcome) to learn from.
pub const LEAST_ROWS: usize = 30;

/// Why there is no model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChurnError {
    #[error("not enough history: {rows} customers with purchases before the training cutoff (at least {LEAST_ROWS} needed, with some who bought again and some who did not)")]
    NotEnoughHistory { rows: usize },
    #[error("the model could not be fitted: {0}")]
    Fit(String),
}

/// Customers as they stood at `cutoff`: every customer with a purchase on or before it, their
/// features (one column per [`CHURN_FEATURES`], original units) and whether they then made
/// no purchase in the `horizon` days after it (all false when that future is not in the data).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Customer indexes into the facts.
    pub customers: Vec<u32>,
    pub columns: Vec<Vec<f64>>,
    pub churned: Vec<bool>,
}

impl Snapshot {
    pub fn rows(&self) -> usize {
        self.customers.len()
    }

    /// Customers as they stood at the end of `cutoff`, with the outcome over `horizon` days.
    pub fn at(facts: &Facts, cutoff: i32, horizon: i32) -> Snapshot {
        let figures = |from: Option<i32>, to: i32| {
            let scope = Scope {
                from,
                to: Some(to),
                category: None,
                as_of: to,
            };
            CustomerFigures::of(facts, &order_amounts(facts, &scope))
        };
        let past = figures(None, cutoff);
        let recent = figures(Some(cutoff - horizon + 1), cutoff);
        let future = figures(Some(cutoff + 1), cutoff + horizon);
        let mut snapshot = Snapshot {
            columns: vec![Vec::new(); CHURN_FEATURES.len()],
            ..Snapshot::default()
        };
        for c in (0..facts.customers()).filter(|&c| past.purchases[c] > 0) {
            let purchases = f64::from(past.purchases[c]);
            let values = [
                f64::from(cutoff - past.last[c]),
                purchases,
                past.total[c] as f64 / 100.0,
                past.gross[c] as f64 / 100.0 / purchases,
                f64::from(cutoff - past.first[c]),
                f64::from(recent.purchases[c]),
            ];
            for (column, value) in snapshot.columns.iter_mut().zip(values) {
                column.push(value);
            }
            snapshot.customers.push(c as u32);
            snapshot.churned.push(future.purchases[c] == 0);
        }
        snapshot
    }

    /// The columns as the model reads them: each after a signed ln(1 + |x|), since days,
    /// counts and money all have long right tails.
    fn logged(&self) -> Vec<Vec<f64>> {
        self.columns
            .iter()
            .map(|column| {
                column
                    .iter()
                    .map(|&x| x.signum() * x.abs().ln_1p())
                    .collect()
            })
            .collect()
    }
}

/// A fitted churn model: its scaling and the logistic regression over scaled features.
pub struct ChurnModel {
    scaling: Scaling,
    fitted: FittedLogisticRegression<f64, bool>,
}

impl ChurnModel {
    /// Learns from `snapshot` (its outcomes must be known).
    pub fn fit(snapshot: &Snapshot) -> Result<ChurnModel, ChurnError> {
        let churned = snapshot.churned.iter().filter(|&&c| c).count();
        let rows = snapshot.rows();
        if rows < LEAST_ROWS || churned == 0 || churned == rows {
            return Err(ChurnError::NotEnoughHistory { rows });
        }
        let logged = snapshot.logged();
        let columns: Vec<&[f64]> = logged.iter().map(Vec::as_slice).collect();
        let (scaled, scaling) = standardise(&columns);
        let x = Array2::from_shape_vec((rows, columns.len()), scaled)
            .map_err(|e| ChurnError::Fit(e.to_string()))?;
        let y = Array1::from_vec(snapshot.churned.clone());
        let fitted = LogisticRegression::default()
            .max_iterations(200)
            .fit(&Dataset::new(x, y))
            .map_err(|e| ChurnError::Fit(e.to_string()))?;
        Ok(ChurnModel { scaling, fitted })
    }

    /// Each customer's chance (0–1) of making no purchase in the horizon.
    pub fn scores(&self, snapshot: &Snapshot) -> Vec<f64> {
        let logged = snapshot.logged();
        let dims = logged.len();
        let rows = snapshot.rows();
        let mut x = Array2::zeros((rows, dims));
        for (d, column) in logged.iter().enumerate() {
            let (m, s) = (self.scaling.mean[d], self.scaling.std[d]);
            let scale = if s > 0.0 { 1.0 / s } else { 0.0 };
            for (r, value) in column.iter().enumerate() {
                x[(r, d)] = (value - m) * scale;
            }
        }
        // The probability of the larger label, `true`: churned.
        self.fitted.predict_probabilities(&x).to_vec()
    }

    /// Each feature's weight on the scaled features (positive: more of it, more risk).
    pub fn weights(&self) -> Vec<(ChurnFeature, f64)> {
        CHURN_FEATURES
            .iter()
            .copied()
            .zip(self.fitted.params().iter().copied())
            .collect()
    }
}

/// How well scores separate churned from retained customers, next to always guessing the
/// more common outcome.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub rows: usize,
    /// The share that churned.
    pub churn_rate: f64,
    pub threshold: f64,
    pub accuracy: f64,
    /// Of those flagged (score ≥ threshold), the share that churned; `None` when none is.
    pub precision: Option<f64>,
    /// Of those who churned, the share flagged.
    pub recall: f64,
    pub auc: f64,
    /// The majority guess: its accuracy, precision and recall (its ROC AUC is 0.5).
    pub baseline_accuracy: f64,
    pub baseline_precision: Option<f64>,
    pub baseline_recall: f64,
}

impl Evaluation {
    /// Whether the scores beat the majority guess: more accurate, and ranking churners above
    /// the rest clearly better than chance (ROC AUC at least 0.6).
    pub fn beats_baseline(&self) -> bool {
        self.accuracy > self.baseline_accuracy && self.auc >= 0.6
    }
}

/// Scores against the truth at `threshold`.
pub fn evaluate(scores: &[f64], churned: &[bool], threshold: f64) -> Evaluation {
    let n = churned.len();
    let positives = churned.iter().filter(|&&c| c).count();
    let (mut hits, mut flagged, mut correct) = (0usize, 0usize, 0usize);
    for (&score, &truth) in scores.iter().zip(churned) {
        let flag = score >= threshold;
        flagged += usize::from(flag);
        hits += usize::from(flag && truth);
        correct += usize::from(flag == truth);
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let churn_rate = share(positives, n);
    let majority_churns = positives * 2 >= n && n > 0;
    Evaluation {
        rows: n,
        churn_rate,
        threshold,
        accuracy: share(correct, n),
        precision: (flagged > 0).then(|| share(hits, flagged)),
        recall: share(hits, positives),
        auc: roc_auc(scores, churned),
        baseline_accuracy: churn_rate.max(1.0 - churn_rate),
        baseline_precision: majority_churns.then_some(churn_rate),
        baseline_recall: if majority_churns { 1.0 } else { 0.0 },
    }
}

/// The area under the ROC curve: the chance that a random churner scores above a random
/// customer who stayed (ties count half), by ranks (Mann–Whitney U).
pub fn roc_auc(scores: &[f64], truth: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let positives = truth.iter().filter(|&&t| t).count() as f64;
    let negatives = truth.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return 0.5;
    }
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && scores[order[end + 1]] == scores[order[start]] {
            end += 1;
        }
        // Tied scores share the mean of their ranks (1-based).
        let rank = (start + end) as f64 / 2.0 + 1.0;
        rank_sum += rank * order[start..=end].iter().filter(|&&i| truth[i]).count() as f64;
        start = end + 1;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot_of(rows: Vec<[f64; 6]>, churned: Vec<bool>) -> Snapshot {
        let mut columns = vec![Vec::new(); 6];
        for row in &rows {
            for (column, value) in columns.iter_mut().zip(row) {
                column.push(*value);
            }
        }
        Snapshot {
            customers: (0..rows.len() as u32).collect(),
            columns,
            churned,
        }
    }

    /// A seeded stream of numbers in [0, 1).
    fn uniform(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Customers whose churn depends on recency (planted) or on nothing (noise).
    fn synthetic(n: usize, seed: u64, planted: bool) -> Snapshot {
        let mut u = uniform(seed);
        let mut rows = Vec::new();
        let mut churned = Vec::new();
        for _ in 0..n {
            let recency = (u() * 400.0).floor();
            let frequency = 1.0 + (u() * 10.0).floor();
            let monetary = 20.0 + u() * 500.0;
            let tenure = recency + (u() * 700.0).floor();
            let recent = (u() * 3.0).floor();
            let chance = if planted {
                // Long absence makes churn likely.
                0.1 + 0.8 * (recency / 400.0)
            } else {
                0.35
            };
            rows.push([
                recency,
                frequency,
                monetary,
                monetary / frequency,
                tenure,
                recent,
            ]);
            churned.push(u() < chance);
        }
        snapshot_of(rows, churned)
    }

    #[test]
    fn the_model_beats_the_majority_guess_on_a_planted_signal() {
        let model = ChurnModel::fit(&synthetic(3_000, 1, true)).expect("fits");
        let held_out = synthetic(3_000, 2, true);
        let scores = model.scores(&held_out);
        let result = evaluate(&scores, &held_out.churned, 0.5);
        assert!(result.auc > 0.7, "{result:?}");
        assert!(
            result.accuracy > result.baseline_accuracy + 0.03,
            "{result:?}"
        );
        assert!(result.beats_baseline());
        // Recency carries the risk: the largest weight, and positive.
        let weights = model.weights();
        let (top, weight) = weights
            .iter()
            .copied()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .expect("weights");
        assert_eq!(top, ChurnFeature::Recency);
        assert!(weight > 0.0);
    }

    #[test]
    fn the_model_does_not_beat_the_majority_guess_on_noise() {
        let model = ChurnModel::fit(&synthetic(3_000, 3, false)).expect("fits");
        let held_out = synthetic(3_000, 4, false);
        let result = evaluate(&model.scores(&held_out), &held_out.churned, 0.5);
        assert!((result.auc - 0.5).abs() < 0.05, "{result:?}");
        assert!(
            result.accuracy <= result.baseline_accuracy + 0.01,
            "{result:?}"
        );
        assert!(!result.beats_baseline());
    }

    #[test]
    fn metrics_match_a_hand_count() {
        // Scores and truth: flagged at 0.5 are the first three.
        let scores = [0.9, 0.8, 0.6, 0.4, 0.3, 0.1];
        let truth = [true, false, true, true, false, false];
        let result = evaluate(&scores, &truth, 0.5);
        // Correct: 0.9 (churned, flagged), 0.6 (churned, flagged), 0.3 and 0.1 (stayed, not).
        assert!((result.accuracy - 4.0 / 6.0).abs() < 1e-12);
        assert_eq!(result.precision, Some(2.0 / 3.0));
        assert!((result.recall - 2.0 / 3.0).abs() < 1e-12);
        // Pairs (churner, stayer) ordered right: 0.9 beats 3, 0.6 beats 2, 0.4 beats 2 → 7/9.
        assert!((result.auc - 7.0 / 9.0).abs() < 1e-12);
        // Half churned: the majority guess is "churns" (ties go to churn).
        assert!((result.baseline_accuracy - 0.5).abs() < 1e-12);
        assert_eq!(result.baseline_precision, Some(0.5));
        assert_eq!(result.baseline_recall, 1.0);
        // Ties count half; one class alone has no curve.
        assert!((roc_auc(&[0.5, 0.5], &[true, false]) - 0.5).abs() < 1e-12);
        assert_eq!(roc_auc(&[0.1, 0.2], &[true, true]), 0.5);
        assert_eq!(evaluate(&[0.1], &[false], 0.5).precision, None);
    }

    #[test]
    fn too_little_history_is_said_not_fitted() {
        let few = synthetic(10, 5, true);
        assert!(matches!(
            ChurnModel::fit(&few),
            Err(ChurnError::NotEnoughHistory { rows: 10 })
        ));
        let mut all_stay = synthetic(100, 6, true);
        all_stay.churned.iter_mut().for_each(|c| *c = false);
        assert!(ChurnModel::fit(&all_stay).is_err());
    }
}
