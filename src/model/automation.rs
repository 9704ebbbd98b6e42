//! Automation rules the user switches on and sets: "no purchase in N days → tag", "ticket
//! overdue → raise its priority", "new customer → add to a segment", "spend crosses X → tag".
//! Every rule only adds what is missing (a tag, a member, a priority of at least high), so
//! running the rules again right after changes nothing: they never loop.

use serde::{Deserialize, Serialize};

use super::Money;

/// The longest tag or segment name a rule sets.
pub const AUTOMATION_LABEL_MAX: usize = 40;
/// The most days a rule can count.
pub const AUTOMATION_DAYS_MAX: u32 = 3_650;

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutomationKind {
    /// A buyer with no purchase in `days` days gets the tag `label`.
    Lapsed,
    /// An overdue ticket below high priority is raised to high.
    OverdueTicket,
    /// A customer added in the last `days` days joins the segment named `label`.
    Welcome,
    /// A customer whose spend reaches `amount` gets the tag `label`.
    BigSpender,
}

keyed!(AutomationKind {
    Lapsed => "lapsed",
    OverdueTicket => "overdue_ticket",
    Welcome => "welcome",
    BigSpender => "big_spender",
});

/// One rule and its settings (the ones its kind does not use are kept but ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomationRule {
    pub kind: AutomationKind,
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The tag (lapsed, big spender) or the segment's name (welcome).
    #[serde(default)]
    pub label: String,
}

/// Why a rule's settings cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutomationProblem {
    /// Days must be from 1 to [`AUTOMATION_DAYS_MAX`].
    BadDays,
    /// The amount must be above zero.
    BadAmount,
    LabelEmpty,
    LabelTooLong,
}

impl AutomationRule {
    /// The rules as they come, each switched off, with sensible settings.
    pub fn defaults() -> Vec<AutomationRule> {
        let rule = |kind, days, amount, label: &str| AutomationRule {
            kind,
            enabled: false,
            days,
            amount,
            label: label.to_owned(),
        };
        vec![
            rule(AutomationKind::Lapsed, 90, None, "at risk"),
            rule(AutomationKind::OverdueTicket, 0, None, ""),
            rule(AutomationKind::Welcome, 30, None, "welcome"),
            rule(AutomationKind::BigSpender, 0, Some(Money(100_000)), "VIP"),
        ]
    }

    /// The stored rules completed with the defaults of any kind they lack, in the defaults'
    /// order (rules saved by an older version keep working).
    pub fn complete(stored: Vec<AutomationRule>) -> Vec<AutomationRule> {
        AutomationRule::defaults()
            .into_iter()
            .map(|d| {
                stored
                    .iter()
                    .find(|r| r.kind == d.kind)
                    .cloned()
                    .unwrap_or(d)
            })
            .collect()
    }

    /// Checks the settings the kind uses.
    pub fn check(&self) -> Result<(), AutomationProblem> {
        let uses_days = matches!(self.kind, AutomationKind::Lapsed | AutomationKind::Welcome);
        if uses_days && !(1..=AUTOMATION_DAYS_MAX).contains(&self.days) {
            return Err(AutomationProblem::BadDays);
        }
        if self.kind == AutomationKind::BigSpender && self.amount.is_none_or(|a| a.cents() <= 0) {
            return Err(AutomationProblem::BadAmount);
        }
        if self.kind != AutomationKind::OverdueTicket {
            let label = self.label.trim();
            if label.is_empty() {
                return Err(AutomationProblem::LabelEmpty);
            }
            if label.chars().count() > AUTOMATION_LABEL_MAX {
                return Err(AutomationProblem::LabelTooLong);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_for_what_the_kind_uses() {
        let mut rules = AutomationRule::defaults();
        assert!(rules.iter().all(|r| r.check().is_ok() && !r.enabled));
        rules[0].days = 0;
        assert_eq!(rules[0].check(), Err(AutomationProblem::BadDays));
        rules[0].days = AUTOMATION_DAYS_MAX + 1;
        assert_eq!(rules[0].check(), Err(AutomationProblem::BadDays));
        rules[0].days = 30;
        rules[0].label = "  ".into();
        assert_eq!(rules[0].check(), Err(AutomationProblem::LabelEmpty));
        rules[2].label = "w".repeat(AUTOMATION_LABEL_MAX + 1);
        assert_eq!(rules[2].check(), Err(AutomationProblem::LabelTooLong));
        rules[3].amount = Some(Money(0));
        assert_eq!(rules[3].check(), Err(AutomationProblem::BadAmount));
        // The overdue rule has no settings to get wrong.
        rules[1].days = 0;
        assert_eq!(rules[1].check(), Ok(()));
    }

    #[test]
    fn stored_rules_are_completed_in_order() {
        let mut lapsed = AutomationRule::defaults().remove(0);
        lapsed.enabled = true;
        lapsed.days = 60;
        let completed = AutomationRule::complete(vec![lapsed.clone()]);
        assert_eq!(completed.len(), 4);
        assert_eq!(completed[0], lapsed);
        assert_eq!(completed[3].kind, AutomationKind::BigSpender);
        let json = serde_json::to_string(&completed).expect("json");
        let back: Vec<AutomationRule> = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, completed);
    }
}
