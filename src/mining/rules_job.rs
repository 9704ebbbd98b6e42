//! The worker's basket-rules job (pure): one basket per counted order from the facts the
//! worker keeps, frequent itemsets by FP-Growth, and the rules that pass the user's bars.

use serde::{Deserialize, Serialize};

use super::baskets::{
    frequent_itemsets, min_count, rules, BasketError, Baskets, Rule, RuleSettings,
};
use crate::analytics::Facts;

/// The job's name.
pub const BASKET_RULES: &str = "basket_rules";

/// The strongest rules the answer carries (the count of all that passed is given too).
pub const RULES_KEPT: usize = 5_000;

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesJob {
    /// The data revision of the facts (as the dashboard job).
    pub revision: u64,
    pub settings: RuleSettings,
}

/// What the worker answers. Items are product indexes into the facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesAnswer {
    /// Orders with at least one product bought.
    pub baskets: usize,
    /// Frequent itemsets found, and the fewest baskets that made one frequent.
    pub itemsets: usize,
    pub min_count: u32,
    /// Rules that passed, before keeping the strongest [`RULES_KEPT`].
    pub found: usize,
    pub rules: Vec<Rule>,
    /// Milliseconds: baskets, itemsets and rules together; all of the job in the worker.
    pub mining_ms: f64,
    pub compute_ms: f64,
}

/// Finds the rules; `on_step(done, 3)` is told after the baskets, the itemsets and the rules.
pub fn run_rules(
    facts: &Facts,
    job: &RulesJob,
    clock: &mut dyn FnMut() -> f64,
    mut on_step: impl FnMut(usize, usize),
) -> Result<RulesAnswer, BasketError> {
    let started = clock();
    let baskets = Baskets::from_lines(
        &facts.line_order,
        &facts.line_product,
        &facts.line_quantity,
        facts.orders(),
    );
    on_step(1, 3);
    let settings = job.settings;
    let min = min_count(baskets.len(), settings.min_support);
    let itemsets = frequent_itemsets(&baskets, min, settings.max_items)?;
    on_step(2, 3);
    let mut found = rules(&itemsets, baskets.len(), &settings);
    let count = found.len();
    found.truncate(RULES_KEPT);
    on_step(3, 3);
    Ok(RulesAnswer {
        baskets: baskets.len(),
        itemsets: itemsets.len(),
        min_count: min,
        found: count,
        rules: found,
        mining_ms: clock() - started,
        compute_ms: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::fixtures::fixture;

    #[test]
    fn rules_come_from_the_counted_orders_of_the_facts() {
        let facts = fixture();
        let job = RulesJob {
            revision: 1,
            settings: RuleSettings {
                min_support: 0.0,
                min_confidence: 0.0,
                min_lift: 0.0,
                max_items: 2,
            },
        };
        let mut steps = Vec::new();
        let answer =
            run_rules(&facts, &job, &mut || 0.0, |d, t| steps.push((d, t))).expect("few rules");
        assert_eq!(steps, vec![(1, 3), (2, 3), (3, 3)]);
        let expected = Baskets::from_lines(
            &facts.line_order,
            &facts.line_product,
            &facts.line_quantity,
            facts.orders(),
        );
        assert_eq!(answer.baskets, expected.len());
        assert_eq!(answer.min_count, 1);
        assert_eq!(answer.found, answer.rules.len());
        // Every pair bought together in an order gives a rule each way.
        let pairs: std::collections::HashSet<(u32, u32)> = (0..expected.len())
            .flat_map(|b| {
                let items = expected.basket(b).to_vec();
                let mut pairs = Vec::new();
                for (i, &a) in items.iter().enumerate() {
                    pairs.extend(items[i + 1..].iter().map(|&c| (a, c)));
                }
                pairs
            })
            .collect();
        assert!(
            !pairs.is_empty(),
            "the fixture has orders of several products"
        );
        assert_eq!(answer.rules.len(), pairs.len() * 2);
        let json = serde_json::to_string(&answer).expect("serialises");
        let back: RulesAnswer = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, answer);
    }
}
