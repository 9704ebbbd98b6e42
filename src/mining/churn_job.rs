//! The worker's churn job (pure): train on one window, check on the next, score today's
//! customers with a model of the latest window (see `churn`), and what is kept of the scores.

use serde::{Deserialize, Serialize};

use super::churn::{evaluate, ChurnError, ChurnFeature, ChurnModel, Evaluation, Snapshot};
use crate::analytics::Facts;

/// The job's name.
pub const CHURN: &str = "churn";

/// The horizons the page offers, in days.
pub const HORIZONS: [i32; 4] = [30, 60, 90, 180];

/// A score at or above this flags a customer as at risk.
pub const AT_RISK: f64 = 0.5;

/// What the page asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChurnJob {
    /// The data revision of the facts (as the dashboard job).
    pub revision: u64,
    /// Churned: no purchase in this many days.
    pub horizon_days: i32,
}

/// What the worker answers (header); the scores are [`ChurnScores`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnAnswer {
    pub horizon_days: i32,
    /// The last order day in the data, and the two cutoffs before it.
    pub end_day: i32,
    pub train_cutoff: i32,
    pub test_cutoff: i32,
    pub train_rows: usize,
    /// The model trained at `train_cutoff`, checked at `test_cutoff`.
    pub evaluation: Evaluation,
    /// The weights of the model that scored the customers (scaled features).
    pub weights: Vec<(ChurnFeature, f64)>,
    /// Customers scored, and those at or above [`AT_RISK`].
    pub scored: usize,
    pub at_risk: usize,
    pub compute_ms: f64,
}

/// Every scored customer's id and chance of churning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChurnScores {
    pub customers: Vec<u64>,
    pub scores: Vec<f32>,
}

impl ChurnScores {
    /// Flat little-endian sections: ids (u64), scores (f32).
    pub fn to_sections(&self) -> Vec<Vec<u8>> {
        vec![
            self.customers
                .iter()
                .flat_map(|c| c.to_le_bytes())
                .collect(),
            self.scores.iter().flat_map(|s| s.to_le_bytes()).collect(),
        ]
    }

    /// Reads [`ChurnScores::to_sections`] back; `None` when the lengths disagree.
    pub fn from_sections(sections: &[Vec<u8>]) -> Option<ChurnScores> {
        let [ids, scores] = sections else {
            return None;
        };
        (ids.len() % 8 == 0 && scores.len() % 4 == 0 && ids.len() / 8 == scores.len() / 4).then(
            || ChurnScores {
                customers: ids
                    .chunks_exact(8)
                    .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
                    .collect(),
                scores: scores
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                    .collect(),
            },
        )
    }
}

/// The scores last computed, as kept for the customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredChurn {
    pub saved_at: i64,
    pub horizon_days: i32,
    pub end_day: i32,
    pub scores: ChurnScores,
}

/// Runs the job; `on_step(done, 4)` is told after each of: training, checking, the final
/// model, the scores.
pub fn run_churn(
    facts: &Facts,
    job: &ChurnJob,
    mut on_step: impl FnMut(usize, usize),
) -> Result<(ChurnAnswer, ChurnScores), ChurnError> {
    let horizon = job.horizon_days.max(1);
    let end_day = facts
        .day_span()
        .map(|(_, last)| last)
        .ok_or(ChurnError::NotEnoughHistory { rows: 0 })?;
    let test_cutoff = end_day - horizon;
    let train_cutoff = test_cutoff - horizon;
    let train = Snapshot::at(facts, train_cutoff, horizon);
    let first = ChurnModel::fit(&train)?;
    on_step(1, 4);
    let test = Snapshot::at(facts, test_cutoff, horizon);
    let evaluation = evaluate(&first.scores(&test), &test.churned, AT_RISK);
    on_step(2, 4);
    let latest = ChurnModel::fit(&test)?;
    on_step(3, 4);
    let now = Snapshot::at(facts, end_day, horizon);
    let scores: Vec<f32> = latest.scores(&now).into_iter().map(|s| s as f32).collect();
    on_step(4, 4);
    let at_risk = scores.iter().filter(|&&s| f64::from(s) >= AT_RISK).count();
    let answer = ChurnAnswer {
        horizon_days: horizon,
        end_day,
        train_cutoff,
        test_cutoff,
        train_rows: train.rows(),
        evaluation,
        weights: latest.weights(),
        scored: now.rows(),
        at_risk,
        compute_ms: 0.0,
    };
    let customers = now
        .customers
        .iter()
        .map(|&c| facts.customer_ids[c as usize])
        .collect();
    Ok((answer, ChurnScores { customers, scores }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoParams};

    #[test]
    fn demo_history_gives_a_checked_model_and_a_score_per_buyer() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
        let data = generate(&DemoParams::sized(2_000, 12_000, today));
        let facts =
            crate::analytics::facts_of(&data.customers, &data.products, &data.orders, today);
        let job = ChurnJob {
            revision: 1,
            horizon_days: 90,
        };
        let mut steps = Vec::new();
        let (answer, scores) = run_churn(&facts, &job, |d, t| steps.push((d, t))).expect("runs");
        assert_eq!(steps, vec![(1, 4), (2, 4), (3, 4), (4, 4)]);
        assert_eq!(answer.test_cutoff, answer.end_day - 90);
        assert_eq!(answer.train_cutoff, answer.end_day - 180);
        assert_eq!(scores.customers.len(), answer.scored);
        assert!(scores.scores.iter().all(|s| (0.0..=1.0).contains(s)));
        // Demo customers buy in bursts, so the past says something about the next 90 days.
        assert!(answer.evaluation.auc > 0.6, "{:?}", answer.evaluation);
        let back = ChurnScores::from_sections(&scores.to_sections()).expect("reads back");
        assert_eq!(back, scores);
        assert!(ChurnScores::from_sections(&[vec![0; 8], vec![0; 3]]).is_none());
    }

    #[test]
    fn a_short_history_is_refused() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
        let data = generate(&DemoParams::sized(20, 40, today));
        let facts =
            crate::analytics::facts_of(&data.customers, &data.products, &data.orders, today);
        let job = ChurnJob {
            revision: 1,
            horizon_days: 90,
        };
        assert!(matches!(
            run_churn(&facts, &job, |_, _| {}),
            Err(ChurnError::NotEnoughHistory { .. })
        ));
    }
}
