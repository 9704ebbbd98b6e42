//! Fields the user defines for customers (a loyalty number, a contract end date, a preferred
//! channel): a name and a type. Values live in `Customer::custom` as text in a normal form, so
//! they sort, export and import like the built-in fields.

use serde::{Deserialize, Serialize};

use super::validate::{parse_date, DateOrder, Field, FieldIssue, Problem};

/// The longest text a custom field holds.
pub const CUSTOM_TEXT_MAX: usize = 1_000;
/// The longest name a custom field can have.
pub const CUSTOM_NAME_MAX: usize = 40;

/// What a custom field holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "choices", rename_all = "snake_case")]
pub enum CustomKind {
    Text,
    /// A number (integer or decimal).
    Number,
    /// A day, stored as YYYY-MM-DD.
    Date,
    /// One of a fixed list of values.
    Choice(Vec<String>),
}

impl CustomKind {
    /// A stable name for forms.
    pub fn key(&self) -> &'static str {
        match self {
            CustomKind::Text => "text",
            CustomKind::Number => "number",
            CustomKind::Date => "date",
            CustomKind::Choice(_) => "choice",
        }
    }
}

/// One user-defined customer field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFieldDef {
    pub name: String,
    pub kind: CustomKind,
}

/// Why a field definition cannot be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionProblem {
    /// The name is empty or longer than [`CUSTOM_NAME_MAX`].
    BadName,
    /// Another custom field (or a built-in one) has this name.
    NameTaken,
    /// A choice field needs at least one choice, without repeats.
    BadChoices,
}

/// Names of built-in customer fields, which a custom field may not take.
const BUILT_IN: [&str; 13] = [
    "name",
    "gender",
    "birth date",
    "age",
    "phone",
    "email",
    "street",
    "city",
    "postcode",
    "region",
    "country",
    "company",
    "tags",
];

impl CustomFieldDef {
    /// A new definition from what the user typed; `choices` is comma-separated (choice fields).
    pub fn new(
        name: &str,
        kind: &str,
        choices: &str,
        existing: &[CustomFieldDef],
    ) -> Result<CustomFieldDef, DefinitionProblem> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > CUSTOM_NAME_MAX {
            return Err(DefinitionProblem::BadName);
        }
        let lower = name.to_lowercase();
        if BUILT_IN.contains(&lower.as_str())
            || existing.iter().any(|d| d.name.to_lowercase() == lower)
        {
            return Err(DefinitionProblem::NameTaken);
        }
        let kind = match kind {
            "number" => CustomKind::Number,
            "date" => CustomKind::Date,
            "choice" => {
                let list: Vec<String> = choices
                    .split([',', '，', '\n'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
                let mut seen: Vec<String> = list.iter().map(|c| c.to_lowercase()).collect();
                seen.sort();
                seen.dedup();
                if list.is_empty() || seen.len() != list.len() {
                    return Err(DefinitionProblem::BadChoices);
                }
                CustomKind::Choice(list)
            }
            _ => CustomKind::Text,
        };
        Ok(CustomFieldDef {
            name: name.to_owned(),
            kind,
        })
    }

    /// The value to store for what the user typed: `None` for an empty value, else the value
    /// in its normal form (a date as YYYY-MM-DD, a choice as defined), or what is wrong.
    pub fn check(&self, value: &str) -> Result<Option<String>, FieldIssue> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let issue = |problem| FieldIssue::new(Field::Custom(self.name.clone()), value, problem);
        match &self.kind {
            CustomKind::Text if value.chars().count() > CUSTOM_TEXT_MAX => {
                Err(issue(Problem::TooLong(CUSTOM_TEXT_MAX)))
            }
            CustomKind::Text => Ok(Some(value.to_owned())),
            CustomKind::Number => {
                let plain: String = value.chars().filter(|c| *c != ',' && *c != ' ').collect();
                match plain.parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok(Some(plain)),
                    _ => Err(issue(Problem::NotANumber)),
                }
            }
            CustomKind::Date => parse_date(value, DateOrder::DayFirst)
                .map(|d| Some(d.format("%Y-%m-%d").to_string()))
                .ok_or_else(|| issue(Problem::BadDate)),
            CustomKind::Choice(choices) => choices
                .iter()
                .find(|c| c.to_lowercase() == value.to_lowercase())
                .map(|c| Some(c.clone()))
                .ok_or_else(|| issue(Problem::NotAChoice(choices.join(", ")))),
        }
    }
}

/// Checks the values typed for `defs` (by field name) and writes them into `custom`: a valid
/// value in its normal form, an empty one removed. Values of fields without a definition stay
/// as they are. Returns the problems; `custom` is only meaningful when there are none.
pub fn apply_custom(
    defs: &[CustomFieldDef],
    entered: &std::collections::BTreeMap<String, String>,
    custom: &mut std::collections::BTreeMap<String, String>,
) -> Vec<FieldIssue> {
    let mut problems = Vec::new();
    for def in defs {
        let typed = entered.get(&def.name).map_or("", String::as_str);
        match def.check(typed) {
            Ok(Some(value)) => {
                custom.insert(def.name.clone(), value);
            }
            Ok(None) => {
                custom.remove(&def.name);
            }
            Err(issue) => problems.push(issue),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, kind: &str, choices: &str) -> CustomFieldDef {
        CustomFieldDef::new(name, kind, choices, &[]).expect("valid definition")
    }

    #[test]
    fn definitions_need_a_free_name_and_real_choices() {
        let loyalty = def(" Loyalty number ", "text", "");
        assert_eq!(loyalty.name, "Loyalty number");
        let existing = [loyalty];
        let new = |name: &str, kind: &str, choices: &str| {
            CustomFieldDef::new(name, kind, choices, &existing)
        };
        assert_eq!(
            new("loyalty NUMBER", "text", ""),
            Err(DefinitionProblem::NameTaken)
        );
        assert_eq!(new("Email", "text", ""), Err(DefinitionProblem::NameTaken));
        assert_eq!(new("  ", "text", ""), Err(DefinitionProblem::BadName));
        assert_eq!(
            new("Channel", "choice", " , "),
            Err(DefinitionProblem::BadChoices)
        );
        assert_eq!(
            new("Channel", "choice", "Mail, mail"),
            Err(DefinitionProblem::BadChoices)
        );
        let channel = new("Channel", "choice", "Mail，Phone, Visit").expect("valid");
        assert_eq!(
            channel.kind,
            CustomKind::Choice(vec!["Mail".into(), "Phone".into(), "Visit".into()])
        );
    }

    #[test]
    fn values_are_checked_and_normalised_by_type() {
        let number = def("Credit limit", "number", "");
        assert_eq!(number.check(" 12,500.5 "), Ok(Some("12500.5".into())));
        assert_eq!(number.check(""), Ok(None));
        assert_eq!(
            number.check("lots").map_err(|i| i.problem),
            Err(Problem::NotANumber)
        );
        let date = def("Contract ends", "date", "");
        assert_eq!(date.check("5.3.2027"), Ok(Some("2027-03-05".into())));
        assert_eq!(date.check("2027年3月5日"), Ok(Some("2027-03-05".into())));
        assert_eq!(
            date.check("soon").map_err(|i| i.problem),
            Err(Problem::BadDate)
        );
        let channel = def("Channel", "choice", "Mail, Phone");
        assert_eq!(channel.check("phone"), Ok(Some("Phone".into())));
        let wrong = channel.check("fax").expect_err("not a choice");
        assert_eq!(wrong.field, Field::Custom("Channel".into()));
        assert_eq!(wrong.problem, Problem::NotAChoice("Mail, Phone".into()));
        let text = def("Notes", "text", "");
        assert!(text.check(&"x".repeat(CUSTOM_TEXT_MAX + 1)).is_err());
    }

    #[test]
    fn entered_values_replace_defined_fields_and_keep_the_rest() {
        let defs = [def("Limit", "number", ""), def("Since", "date", "")];
        let mut custom = std::collections::BTreeMap::from([
            ("Limit".to_owned(), "5".to_owned()),
            ("Old field".to_owned(), "kept".to_owned()),
        ]);
        let entered = std::collections::BTreeMap::from([
            ("Limit".to_owned(), "".to_owned()),
            ("Since".to_owned(), "2026/1/2".to_owned()),
        ]);
        assert!(apply_custom(&defs, &entered, &mut custom).is_empty());
        assert_eq!(custom.get("Limit"), None);
        assert_eq!(custom.get("Since").map(String::as_str), Some("2026-01-02"));
        assert_eq!(custom.get("Old field").map(String::as_str), Some("kept"));
        let bad = std::collections::BTreeMap::from([("Limit".to_owned(), "x".to_owned())]);
        let problems = apply_custom(&defs, &bad, &mut custom);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, Field::Custom("Limit".into()));
    }

    #[test]
    fn definitions_round_trip_through_json() {
        let defs = vec![def("A", "text", ""), def("B", "choice", "x, y")];
        let json = serde_json::to_string(&defs).expect("serialises");
        assert_eq!(
            json,
            r#"[{"name":"A","kind":{"type":"text"}},{"name":"B","kind":{"type":"choice","choices":["x","y"]}}]"#
        );
        let back: Vec<CustomFieldDef> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, defs);
    }
}
