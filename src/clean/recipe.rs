//! A cleaning recipe and its preview (pure): the switched-on correction rules and a fill
//! strategy per column, saved under a name and applied again to a later import, as
//! OpenRefine's operation history is. The preview runs in bounded steps ([`Cleaner::step`]) so
//! the page stays responsive and can cancel; nothing is written until the user applies it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fill::{fill, FillError, FillStrategy};
use super::fix::{fix_customer, CellChange, Column, FixSettings, Flag, Rule};
use super::report::{per_rule, quality, ColumnQuality};
use crate::model::{CustomFieldDef, Customer};

/// The chosen steps and settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipe {
    pub name: String,
    pub fixes: FixSettings,
    /// Fill strategies by column (columns left out are left empty).
    pub fill: Vec<(Column, FillStrategy)>,
}

/// What a recipe would do to the customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// The customers it changes, as they were and as they would be.
    pub changed: Vec<(Customer, Customer)>,
    /// Every changed value, customer by customer.
    pub changes: Vec<CellChange>,
    pub flags: Vec<Flag>,
    pub per_rule: Vec<(Rule, usize)>,
    pub before: Vec<ColumnQuality>,
    pub after: Vec<ColumnQuality>,
}

/// Customers corrected per step.
const PER_STEP: usize = 2_000;

/// A preview in bounded steps: call [`Cleaner::step`] until it returns `false`, then
/// [`Cleaner::finish`].
pub struct Cleaner<'a> {
    customers: &'a [Customer],
    recipe: &'a Recipe,
    defs: &'a [CustomFieldDef],
    today: NaiveDate,
    fixed: Vec<Customer>,
    changes: Vec<CellChange>,
    flags: Vec<Flag>,
}

impl<'a> Cleaner<'a> {
    /// `customers` in id order (forward and backward fill follow it).
    pub fn new(
        customers: &'a [Customer],
        recipe: &'a Recipe,
        defs: &'a [CustomFieldDef],
        today: NaiveDate,
    ) -> Self {
        Cleaner {
            customers,
            recipe,
            defs,
            today,
            fixed: Vec::with_capacity(customers.len()),
            changes: Vec::new(),
            flags: Vec::new(),
        }
    }

    /// Customers corrected so far, out of all.
    pub fn progress(&self) -> (usize, usize) {
        (self.fixed.len(), self.customers.len())
    }

    /// Corrects the next customers; `false` once all are done.
    pub fn step(&mut self) -> bool {
        let from = self.fixed.len();
        let until = (from + PER_STEP).min(self.customers.len());
        for customer in &self.customers[from..until] {
            let (fixed, changes, flags) =
                fix_customer(customer, &self.recipe.fixes, self.defs, self.today);
            self.fixed.push(fixed);
            self.changes.extend(changes);
            self.flags.extend(flags);
        }
        until < self.customers.len()
    }

    /// Fills the gaps and measures before and after.
    pub fn finish(mut self) -> Result<Preview, FillError> {
        while self.step() {}
        let plan = self.recipe.fill.iter().cloned().collect();
        let filled = fill(&mut self.fixed, &plan, self.defs)?;
        self.changes.extend(filled);
        self.changes.sort_by_key(|c| c.customer);
        let changed = self
            .customers
            .iter()
            .zip(&self.fixed)
            .filter(|(before, after)| before != after)
            .map(|(b, a)| (b.clone(), a.clone()))
            .collect();
        Ok(Preview {
            changed,
            per_rule: per_rule(&self.changes),
            changes: self.changes,
            flags: self.flags,
            before: quality(self.customers, self.today),
            after: quality(&self.fixed, self.today),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    #[test]
    fn recipes_survive_json_and_preview_what_they_change() {
        let recipe = Recipe {
            name: "monthly import".into(),
            fixes: FixSettings::default(),
            fill: vec![
                (Column::City, FillStrategy::MostFrequent),
                (
                    Column::Custom("Tier".into()),
                    FillStrategy::Constant("gold".into()),
                ),
            ],
        };
        let json = serde_json::to_string(&recipe).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Recipe>(&json).expect("reads"),
            recipe
        );
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date");
        let mut customers: Vec<Customer> =
            (1..=3).map(|i| Customer::new(CustomerId(i), 0)).collect();
        customers[0].name = Some("ADA LOVELACE".into());
        customers[0].address.city = Some("London".into());
        let defs = [CustomFieldDef {
            name: "Tier".into(),
            kind: crate::model::CustomKind::Text,
        }];
        let preview = Cleaner::new(&customers, &recipe, &defs, today)
            .finish()
            .expect("runs");
        assert_eq!(preview.changed.len(), 3);
        assert_eq!(preview.changed[1].1.address.city.as_deref(), Some("London"));
        assert_eq!(preview.per_rule, vec![(Rule::NameCase, 1), (Rule::Fill, 5)]);
        let city = |q: &[ColumnQuality]| {
            q.iter()
                .find(|c| c.column == Column::City)
                .map(|c| c.completeness)
        };
        assert_eq!(city(&preview.before), Some(1.0 / 3.0));
        assert_eq!(city(&preview.after), Some(1.0));
    }
}
