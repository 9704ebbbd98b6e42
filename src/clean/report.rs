//! The cleaning report's figures (pure): per column, how complete, valid and unique the values
//! are, before and after a cleaning plan; and how many values each rule changed.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fix::{CellChange, Column, Rule, MAX_AGE};
use crate::model::{validate_email, validate_phone, Customer};

/// The columns the report measures.
pub const REPORTED: [Column; 9] = [
    Column::Name,
    Column::Email,
    Column::Phone,
    Column::Gender,
    Column::BirthDate,
    Column::Age,
    Column::City,
    Column::Postcode,
    Column::Company,
];

/// One column's quality, each a share from 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnQuality {
    pub column: Column,
    /// Customers with a value, out of all.
    pub completeness: f64,
    /// Values that pass the column's check, out of the values (1 for columns without one).
    pub validity: f64,
    /// Distinct values (case and spacing aside), out of the values.
    pub uniqueness: f64,
}

fn valid(column: &Column, value: &str, today: NaiveDate) -> bool {
    match column {
        Column::Email => validate_email(value).is_ok(),
        Column::Phone => validate_phone(value).is_ok(),
        Column::Age => value.parse::<u8>().is_ok_and(|age| age <= MAX_AGE),
        Column::BirthDate => value.parse::<NaiveDate>().is_ok_and(|born| {
            born <= today
                && today
                    .years_since(born)
                    .is_some_and(|age| age <= u32::from(MAX_AGE))
        }),
        _ => true,
    }
}

/// The quality of each reported column over `customers`.
pub fn quality(customers: &[Customer], today: NaiveDate) -> Vec<ColumnQuality> {
    let total = customers.len().max(1) as f64;
    REPORTED
        .iter()
        .map(|column| {
            let values: Vec<String> = customers.iter().filter_map(|c| column.get(c)).collect();
            let filled = values.len().max(1) as f64;
            let valid = values.iter().filter(|v| valid(column, v, today)).count() as f64;
            let distinct: HashSet<String> = values
                .iter()
                .map(|v| {
                    v.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
                .collect();
            ColumnQuality {
                column: column.clone(),
                completeness: values.len() as f64 / total,
                validity: if values.is_empty() {
                    1.0
                } else {
                    valid / filled
                },
                uniqueness: if values.is_empty() {
                    1.0
                } else {
                    distinct.len() as f64 / filled
                },
            }
        })
        .collect()
}

/// How many values each rule changed, in rule order (rules that changed nothing left out).
pub fn per_rule(changes: &[CellChange]) -> Vec<(Rule, usize)> {
    let mut counts: std::collections::BTreeMap<Rule, usize> = Default::default();
    for change in changes {
        *counts.entry(change.rule).or_default() += 1;
    }
    counts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    #[test]
    fn shares_by_hand() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date");
        let mut list: Vec<Customer> = (1..=4).map(|i| Customer::new(CustomerId(i), 0)).collect();
        list[0].email = Some("a@example.com".into());
        list[1].email = Some("A@example.com ".into());
        list[2].email = Some("broken@".into());
        list[0].age = Some(30);
        list[1].age = Some(200);
        let q = quality(&list, today);
        let email = q
            .iter()
            .find(|c| c.column == Column::Email)
            .expect("reported");
        assert_eq!(email.completeness, 0.75);
        assert!((email.validity - 2.0 / 3.0).abs() < 1e-9);
        assert!((email.uniqueness - 2.0 / 3.0).abs() < 1e-9);
        let age = q
            .iter()
            .find(|c| c.column == Column::Age)
            .expect("reported");
        assert_eq!(
            (age.completeness, age.validity, age.uniqueness),
            (0.5, 0.5, 1.0)
        );
        let phone = q
            .iter()
            .find(|c| c.column == Column::Phone)
            .expect("reported");
        assert_eq!((phone.completeness, phone.validity), (0.0, 1.0));
    }
}
