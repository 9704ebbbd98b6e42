//! Missing values filled by a strategy per column (pure): forward or backward fill in id order
//! (the brief's `ffill`), mean or median of a number column, the most frequent value of a
//! category, or a constant. Identifiers, emails, phones, names, streets, postcodes and birth
//! dates are never invented: they accept no strategy but "leave empty".

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::fix::{CellChange, Column, Rule};
use crate::model::{CustomFieldDef, CustomKind, Customer};

/// How a column's missing values are filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FillStrategy {
    Leave,
    /// The previous customer's value (by id).
    Forward,
    /// The next customer's value (by id).
    Backward,
    /// The mean of the known values (numbers), rounded to whole years for ages.
    Mean,
    /// The median of the known values (numbers).
    Median,
    /// The most frequent known value (ties: the one first seen).
    MostFrequent,
    /// This value (checked against the column).
    Constant(String),
}

/// What a column is, for which strategies make sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nature {
    /// Identifies or reaches a person: never filled.
    Identity,
    Number,
    Category,
}

fn nature(column: &Column, defs: &[CustomFieldDef]) -> Nature {
    match column {
        Column::Age => Nature::Number,
        Column::Gender | Column::City | Column::Region | Column::Country | Column::Company => {
            Nature::Category
        }
        Column::Custom(name) => match defs.iter().find(|d| d.name == *name).map(|d| &d.kind) {
            Some(CustomKind::Number) => Nature::Number,
            Some(CustomKind::Choice(_)) | Some(CustomKind::Text) => Nature::Category,
            // A date is a fact about one customer; nobody else's is a fair guess.
            _ => Nature::Identity,
        },
        _ => Nature::Identity,
    }
}

/// The strategies a column accepts (always including [`FillStrategy::Leave`]).
pub fn strategies(column: &Column, defs: &[CustomFieldDef]) -> Vec<FillStrategy> {
    let mut list = vec![FillStrategy::Leave];
    match nature(column, defs) {
        Nature::Identity => {}
        Nature::Number => list.extend([
            FillStrategy::Mean,
            FillStrategy::Median,
            FillStrategy::Forward,
            FillStrategy::Backward,
            FillStrategy::Constant(String::new()),
        ]),
        Nature::Category => list.extend([
            FillStrategy::MostFrequent,
            FillStrategy::Forward,
            FillStrategy::Backward,
            FillStrategy::Constant(String::new()),
        ]),
    }
    list
}

/// Why a fill plan cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    #[error("{column:?} is never filled in (it identifies or reaches a person)")]
    NotFillable { column: Column },
    #[error("{column:?} cannot hold {value:?}")]
    BadConstant { column: Column, value: String },
}

fn number(column: &Column, text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    (value.is_finite() && (*column != Column::Age || (0.0..=120.0).contains(&value)))
        .then_some(value)
}

fn format_number(column: &Column, value: f64) -> String {
    if *column == Column::Age {
        format!("{:.0}", value.round())
    } else {
        let rounded = (value * 100.0).round() / 100.0;
        format!("{rounded}")
    }
}

/// The value a statistic fills in, from the known values of the column.
fn statistic(column: &Column, strategy: &FillStrategy, known: &[String]) -> Option<String> {
    match strategy {
        FillStrategy::Mean | FillStrategy::Median => {
            let mut values: Vec<f64> = known.iter().filter_map(|v| number(column, v)).collect();
            if values.is_empty() {
                return None;
            }
            let value = if *strategy == FillStrategy::Mean {
                values.iter().sum::<f64>() / values.len() as f64
            } else {
                values.sort_by(f64::total_cmp);
                let mid = values.len() / 2;
                if values.len().is_multiple_of(2) {
                    (values[mid - 1] + values[mid]) / 2.0
                } else {
                    values[mid]
                }
            };
            Some(format_number(column, value))
        }
        FillStrategy::MostFrequent => {
            let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
            for (at, value) in known.iter().enumerate() {
                counts.entry(value).or_insert((0, at)).0 += 1;
            }
            counts
                .into_iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(value, _)| value.to_owned())
        }
        _ => None,
    }
}

/// Fills `customers` (in id order) in place by `plan`; returns every cell it filled. A plan
/// naming a column that must not be filled, or a constant the column cannot hold, is refused
/// before anything changes.
pub fn fill(
    customers: &mut [Customer],
    plan: &BTreeMap<Column, FillStrategy>,
    defs: &[CustomFieldDef],
) -> Result<Vec<CellChange>, FillError> {
    for (column, strategy) in plan {
        if *strategy == FillStrategy::Leave {
            continue;
        }
        if !strategies(column, defs)
            .iter()
            .any(|s| std::mem::discriminant(s) == std::mem::discriminant(strategy))
        {
            return Err(FillError::NotFillable {
                column: column.clone(),
            });
        }
        if let FillStrategy::Constant(value) = strategy {
            let mut probe = Customer::new(crate::model::CustomerId(0), 0);
            let fits = !value.trim().is_empty()
                && column.set(&mut probe, Some(value.trim().to_owned()))
                && (nature(column, defs) != Nature::Number || number(column, value).is_some());
            if !fits {
                return Err(FillError::BadConstant {
                    column: column.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    let mut changes = Vec::new();
    for (column, strategy) in plan {
        let known: Vec<String> = customers.iter().filter_map(|c| column.get(c)).collect();
        let fixed = match strategy {
            FillStrategy::Leave => continue,
            FillStrategy::Constant(value) => Some(value.trim().to_owned()),
            FillStrategy::Forward | FillStrategy::Backward => None,
            other => statistic(column, other, &known),
        };
        let order: Vec<usize> = if *strategy == FillStrategy::Backward {
            (0..customers.len()).rev().collect()
        } else {
            (0..customers.len()).collect()
        };
        let mut carried: Option<String> = None;
        for at in order {
            let customer = &mut customers[at];
            match column.get(customer) {
                Some(value) => carried = Some(value),
                None => {
                    let value = match strategy {
                        FillStrategy::Forward | FillStrategy::Backward => carried.clone(),
                        _ => fixed.clone(),
                    };
                    if let Some(value) = value {
                        if column.set(customer, Some(value.clone())) {
                            changes.push(CellChange {
                                customer: customer.id.0,
                                column: column.clone(),
                                rule: Rule::Fill,
                                before: None,
                                after: Some(value),
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, Gender};

    fn customers(ages: &[Option<u8>], cities: &[Option<&str>]) -> Vec<Customer> {
        ages.iter()
            .zip(cities)
            .enumerate()
            .map(|(i, (age, city))| {
                let mut c = Customer::new(CustomerId(i as u64 + 1), 0);
                c.age = *age;
                c.address.city = city.map(str::to_owned);
                c
            })
            .collect()
    }

    fn run(strategy: FillStrategy, column: Column) -> Vec<Option<String>> {
        let mut list = customers(
            &[None, Some(30), None, Some(41), Some(20), None],
            &[None, Some("Paris"), None, Some("Lyon"), Some("Paris"), None],
        );
        let plan = BTreeMap::from([(column.clone(), strategy)]);
        fill(&mut list, &plan, &[]).expect("fillable");
        list.iter().map(|c| column.get(c)).collect()
    }

    #[test]
    fn strategies_fill_as_documented() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            run(FillStrategy::Forward, Column::City),
            vec![
                None,
                s("Paris"),
                s("Paris"),
                s("Lyon"),
                s("Paris"),
                s("Paris")
            ]
        );
        assert_eq!(
            run(FillStrategy::Backward, Column::City),
            vec![
                s("Paris"),
                s("Paris"),
                s("Lyon"),
                s("Lyon"),
                s("Paris"),
                None
            ]
        );
        assert_eq!(
            run(FillStrategy::MostFrequent, Column::City),
            vec![
                s("Paris"),
                s("Paris"),
                s("Paris"),
                s("Lyon"),
                s("Paris"),
                s("Paris")
            ]
        );
        assert_eq!(
            run(FillStrategy::Mean, Column::Age),
            vec![s("30"), s("30"), s("30"), s("41"), s("20"), s("30")]
        );
        assert_eq!(
            run(FillStrategy::Median, Column::Age),
            vec![s("30"), s("30"), s("30"), s("41"), s("20"), s("30")]
        );
        assert_eq!(
            run(FillStrategy::Constant("Berlin".into()), Column::City)[0],
            s("Berlin")
        );
        assert_eq!(run(FillStrategy::Leave, Column::City)[0], None);
    }

    #[test]
    fn identities_are_never_invented_and_constants_are_checked() {
        for column in [
            Column::Email,
            Column::Phone,
            Column::Name,
            Column::Postcode,
            Column::BirthDate,
        ] {
            assert_eq!(strategies(&column, &[]), vec![FillStrategy::Leave]);
            let mut list = customers(&[None, Some(3)], &[None, None]);
            let plan = BTreeMap::from([(column.clone(), FillStrategy::MostFrequent)]);
            assert!(matches!(
                fill(&mut list, &plan, &[]),
                Err(FillError::NotFillable { .. })
            ));
        }
        let mut list = customers(&[None], &[None]);
        for (column, value) in [
            (Column::Age, "abc"),
            (Column::Age, "200"),
            (Column::Gender, "maybe"),
            (Column::City, " "),
        ] {
            let plan = BTreeMap::from([(column, FillStrategy::Constant(value.into()))]);
            assert!(
                matches!(
                    fill(&mut list, &plan, &[]),
                    Err(FillError::BadConstant { .. })
                ),
                "{value}"
            );
        }
        let plan = BTreeMap::from([(Column::Gender, FillStrategy::Constant("男".into()))]);
        fill(&mut list, &plan, &[]).expect("a gender");
        assert_eq!(list[0].gender, Some(Gender::Male));
    }

    #[test]
    fn filling_is_idempotent() {
        let mut list = customers(&[None, Some(30), None], &[None, Some("Paris"), None]);
        let plan = BTreeMap::from([
            (Column::Age, FillStrategy::Median),
            (Column::City, FillStrategy::Forward),
        ]);
        fill(&mut list, &plan, &[]).expect("fillable");
        let once = list.clone();
        let again = fill(&mut list, &plan, &[]).expect("fillable");
        assert_eq!(list, once);
        // The first city has nothing before it, so forward fill leaves it.
        assert_eq!(again.len(), 0);
    }
}
