//! Error-correction rules over stored customers (pure), each switchable, each change reported
//! per customer and field so the page can preview it before anything is written: whitespace
//! and zero-width characters, name casing, email domain typos (and invalid emails flagged),
//! phones to E.164 with a default country, out-of-range ages cleared and flagged, custom date
//! fields to ISO dates.
//!
//! Typed fields are already normal forms: gender (`m`, `male`, `男` → M) and birth dates in
//! common formats are read that way by the import ([`crate::model::Gender::parse`],
//! [`crate::model::parse_date`]), so no stored value can need those fixes; values the import
//! could not read were reported there.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::contact::domain_typo_fix;
use crate::model::{parse_date, validate_email, CustomFieldDef, CustomKind, Customer, DateOrder};

/// A customer column that cleaning reads or writes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Column {
    Name,
    Email,
    Phone,
    Gender,
    BirthDate,
    Age,
    Street,
    City,
    Postcode,
    Region,
    Country,
    Company,
    Tags,
    /// A custom field, by name.
    Custom(String),
}

impl Column {
    /// The built-in columns, in display order.
    pub const BUILT_IN: [Column; 13] = [
        Column::Name,
        Column::Email,
        Column::Phone,
        Column::Gender,
        Column::BirthDate,
        Column::Age,
        Column::Street,
        Column::City,
        Column::Postcode,
        Column::Region,
        Column::Country,
        Column::Company,
        Column::Tags,
    ];

    /// The column's value in `customer` as text (`None` when missing).
    pub fn get(&self, customer: &Customer) -> Option<String> {
        let a = &customer.address;
        match self {
            Column::Name => customer.name.clone(),
            Column::Email => customer.email.clone(),
            Column::Phone => customer.phone.clone(),
            Column::Gender => customer.gender.map(|g| g.code().to_owned()),
            Column::BirthDate => customer.birth_date.map(|d| d.to_string()),
            Column::Age => customer.age.map(|age| age.to_string()),
            Column::Street => a.street.clone(),
            Column::City => a.city.clone(),
            Column::Postcode => a.postcode.clone(),
            Column::Region => a.region.clone(),
            Column::Country => a.country.clone(),
            Column::Company => customer.company.clone(),
            Column::Tags => (!customer.tags.is_empty()).then(|| customer.tags.join(", ")),
            Column::Custom(name) => customer.custom.get(name).cloned(),
        }
    }

    /// The text slot of a text column, for the rules that rewrite text.
    fn text_mut<'c>(&self, customer: &'c mut Customer) -> Option<&'c mut Option<String>> {
        let a = &mut customer.address;
        Some(match self {
            Column::Name => &mut customer.name,
            Column::Email => &mut customer.email,
            Column::Phone => &mut customer.phone,
            Column::Street => &mut a.street,
            Column::City => &mut a.city,
            Column::Postcode => &mut a.postcode,
            Column::Region => &mut a.region,
            Column::Country => &mut a.country,
            Column::Company => &mut customer.company,
            _ => return None,
        })
    }

    /// Sets the column from text (the fill step); `false` when the text does not fit it.
    pub fn set(&self, customer: &mut Customer, value: Option<String>) -> bool {
        match self {
            Column::Gender => match value.as_deref().map(crate::model::Gender::parse) {
                Some(Some(g)) => customer.gender = Some(g),
                Some(None) => return false,
                None => customer.gender = None,
            },
            Column::Age => match value.as_deref().map(str::parse::<u8>) {
                Some(Ok(age)) if age <= MAX_AGE => customer.age = Some(age),
                Some(_) => return false,
                None => customer.age = None,
            },
            Column::BirthDate => match value.as_deref().map(|v| v.parse::<NaiveDate>()) {
                Some(Ok(date)) => customer.birth_date = Some(date),
                Some(Err(_)) => return false,
                None => customer.birth_date = None,
            },
            Column::Tags => return false,
            Column::Custom(name) => match value {
                Some(v) => {
                    customer.custom.insert(name.clone(), v);
                }
                None => {
                    customer.custom.remove(name);
                }
            },
            other => match other.text_mut(customer) {
                Some(slot) => *slot = value,
                None => return false,
            },
        }
        true
    }
}

/// The oldest age taken as real; older ones are typing errors.
pub const MAX_AGE: u8 = 120;

/// A correction rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// Trim, collapse runs of whitespace, remove zero-width characters.
    Whitespace,
    /// `ADA LOVELACE` / `ada lovelace` → `Ada Lovelace` (names in one case only).
    NameCase,
    /// Lowercase emails and fix domain typos of popular providers.
    EmailDomain,
    /// Phones to E.164 (`+8613800138000`) with a default country for numbers without one.
    PhoneE164,
    /// Ages over [`MAX_AGE`] and birth dates in the future or over [`MAX_AGE`] years ago cleared.
    AgeRange,
    /// Custom date fields written another way (`05.03.2024`, `2024年3月5日`) to ISO dates.
    CustomDates,
    /// Missing values filled by the column's strategy (see [`super::fill`]).
    Fill,
}

/// Which rules run, and their settings. Serialised into recipes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixSettings {
    pub whitespace: bool,
    pub name_case: bool,
    pub email_domain: bool,
    /// The default country (ISO 3166 code such as `CN` or `GB`) for phones; `None` leaves
    /// phones as they are.
    pub phone_country: Option<String>,
    pub age_range: bool,
    pub custom_dates: bool,
    /// For custom dates like `03/05/2024`: day first (Europe, China's 日/月 order) or month first.
    pub day_first: bool,
}

impl Default for FixSettings {
    fn default() -> FixSettings {
        FixSettings {
            whitespace: true,
            name_case: true,
            email_domain: true,
            phone_country: None,
            age_range: true,
            custom_dates: true,
            day_first: true,
        }
    }
}

/// One changed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellChange {
    pub customer: u64,
    pub column: Column,
    pub rule: Rule,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A value that looks wrong and that no rule can fix: shown, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub customer: u64,
    pub column: Column,
    pub value: String,
    pub problem: FlagProblem,
}

/// Why a value is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagProblem {
    InvalidEmail,
    InvalidPhone,
    /// An age or birth date out of range (cleared by [`Rule::AgeRange`]).
    ImpossibleAge,
}

/// Characters that print as nothing and break matching (zero-width spaces and joiners, BOM).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// Trimmed, whitespace runs as one space, invisible characters removed; empty → `None`.
pub fn tidy_whitespace(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| !is_invisible(*c)).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A Latin name typed in one case, in title case (`o'brien-smith` → `O'Brien-Smith`); names in
/// mixed case (`McDonald`, `van der Berg`) or without cased letters are left as they are.
pub fn name_case(name: &str) -> Option<String> {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let cased = letters
        .iter()
        .filter(|c| c.is_uppercase() || c.is_lowercase())
        .count();
    let all_upper = letters.iter().all(|c| !c.is_lowercase());
    let all_lower = letters.iter().all(|c| !c.is_uppercase());
    if cased == 0 || !(all_upper || all_lower) {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if c.is_alphabetic() {
            // A letter whose other case is two letters (`ß` → `SS`) keeps its case, so that
            // casing twice gives the same name.
            let mut changed = if start {
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                c.to_lowercase().collect()
            };
            if changed.len() != 1 {
                changed = vec![c];
            }
            out.extend(changed);
            start = false;
        } else {
            out.push(c);
            start = matches!(c, ' ' | '-' | '\'' | '’' | '.');
        }
    }
    (out != name).then_some(out)
}

/// The email lowercased with its domain typo fixed, when that changes it.
pub fn email_fix(email: &str) -> Option<String> {
    let lower = email.trim().to_lowercase();
    let fixed = match lower.rsplit_once('@') {
        Some((user, domain)) => match domain_typo_fix(domain) {
            Some(right) => format!("{user}@{right}"),
            None => lower,
        },
        None => lower,
    };
    (fixed != email).then_some(fixed)
}

/// A phone number that libphonenumber does not accept as a valid number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid phone number")]
pub struct InvalidPhone;

/// The phone in E.164 form, read with `country` (ISO code) for numbers without a country code;
/// `Ok(None)` when it already is E.164.
pub fn phone_e164(phone: &str, country: &str) -> Result<Option<String>, InvalidPhone> {
    let region = country
        .trim()
        .to_uppercase()
        .parse::<phonenumber::country::Id>()
        .ok();
    let number = phonenumber::parse(region, phone).map_err(|_| InvalidPhone)?;
    if !phonenumber::is_valid(&number) {
        return Err(InvalidPhone);
    }
    let formatted = number.format().mode(phonenumber::Mode::E164).to_string();
    // The E.164 form must read back (with the same default country) as the same valid number;
    // for a few inputs with runs of leading zeros (kept for Italian numbers) the library writes
    // a form that does not, and a value that the next run would change or flag is flagged now
    // instead of rewritten (found by fuzzing: fuzz/regressions/normalisers).
    let again = phonenumber::parse(region, &formatted).map_err(|_| InvalidPhone)?;
    let rewritten = again.format().mode(phonenumber::Mode::E164).to_string();
    if rewritten != formatted || !phonenumber::is_valid(&again) {
        return Err(InvalidPhone);
    }
    Ok((formatted != phone).then_some(formatted))
}

/// Applies the switched-on rules to one customer: the corrected customer, what changed and
/// what looks wrong. `defs` gives the custom fields' kinds.
pub fn fix_customer(
    customer: &Customer,
    settings: &FixSettings,
    defs: &[CustomFieldDef],
    today: NaiveDate,
) -> (Customer, Vec<CellChange>, Vec<Flag>) {
    let mut fixed = customer.clone();
    let mut changes = Vec::new();
    let mut flags = Vec::new();
    let id = customer.id.0;
    let mut record = |column: Column, rule: Rule, before: Option<String>, after: Option<String>| {
        if before != after {
            changes.push(CellChange {
                customer: id,
                column,
                rule,
                before,
                after,
            });
        }
    };
    if settings.whitespace {
        for column in Column::BUILT_IN {
            if let Some(slot) = column.text_mut(&mut fixed) {
                if let Some(text) = slot.as_deref() {
                    let tidy = tidy_whitespace(text);
                    if tidy.as_deref() != Some(text) {
                        let before = slot.take();
                        *slot = tidy.clone();
                        record(column, Rule::Whitespace, before, tidy);
                    }
                }
            }
        }
        let tags: Vec<String> = fixed
            .tags
            .iter()
            .filter_map(|t| tidy_whitespace(t))
            .collect();
        if tags != fixed.tags {
            let before = Column::Tags.get(&fixed);
            fixed.tags = tags;
            record(
                Column::Tags,
                Rule::Whitespace,
                before,
                Column::Tags.get(&fixed),
            );
        }
        let custom: Vec<(String, String)> = fixed
            .custom
            .iter()
            .filter_map(|(k, v)| match tidy_whitespace(v) {
                Some(tidy) if tidy == *v => None,
                other => Some((k.clone(), other.unwrap_or_default())),
            })
            .collect();
        for (name, tidy) in custom {
            let column = Column::Custom(name.clone());
            let before = fixed.custom.get(&name).cloned();
            let after = (!tidy.is_empty()).then_some(tidy);
            column.set(&mut fixed, after.clone());
            record(column, Rule::Whitespace, before, after);
        }
    }
    if settings.name_case {
        if let Some(cased) = fixed.name.as_deref().and_then(name_case) {
            let before = fixed.name.replace(cased.clone());
            record(Column::Name, Rule::NameCase, before, Some(cased));
        }
    }
    if let Some(email) = fixed.email.clone() {
        let mut current = email.clone();
        if settings.email_domain {
            if let Some(better) = email_fix(&email) {
                fixed.email = Some(better.clone());
                record(
                    Column::Email,
                    Rule::EmailDomain,
                    Some(email),
                    Some(better.clone()),
                );
                current = better;
            }
        }
        if validate_email(&current).is_err() {
            flags.push(Flag {
                customer: id,
                column: Column::Email,
                value: current,
                problem: FlagProblem::InvalidEmail,
            });
        }
    }
    if let (Some(country), Some(phone)) = (&settings.phone_country, fixed.phone.clone()) {
        match phone_e164(&phone, country) {
            Ok(Some(e164)) => {
                fixed.phone = Some(e164.clone());
                record(Column::Phone, Rule::PhoneE164, Some(phone), Some(e164));
            }
            Ok(None) => {}
            Err(InvalidPhone) => flags.push(Flag {
                customer: id,
                column: Column::Phone,
                value: phone,
                problem: FlagProblem::InvalidPhone,
            }),
        }
    }
    let too_old = |age: u32| age > u32::from(MAX_AGE);
    if let Some(age) = fixed.age.filter(|a| *a > MAX_AGE) {
        flags.push(Flag {
            customer: id,
            column: Column::Age,
            value: age.to_string(),
            problem: FlagProblem::ImpossibleAge,
        });
        if settings.age_range {
            fixed.age = None;
            record(Column::Age, Rule::AgeRange, Some(age.to_string()), None);
        }
    }
    if let Some(born) = fixed.birth_date {
        let impossible = born > today || today.years_since(born).is_some_and(too_old);
        if impossible {
            flags.push(Flag {
                customer: id,
                column: Column::BirthDate,
                value: born.to_string(),
                problem: FlagProblem::ImpossibleAge,
            });
            if settings.age_range {
                fixed.birth_date = None;
                record(
                    Column::BirthDate,
                    Rule::AgeRange,
                    Some(born.to_string()),
                    None,
                );
            }
        }
    }
    if settings.custom_dates {
        let order = if settings.day_first {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        };
        for def in defs.iter().filter(|d| d.kind == CustomKind::Date) {
            let Some(value) = fixed.custom.get(&def.name).cloned() else {
                continue;
            };
            if value.parse::<NaiveDate>().is_ok() {
                continue;
            }
            if let Some(date) = parse_date(&value, order) {
                let column = Column::Custom(def.name.clone());
                column.set(&mut fixed, Some(date.to_string()));
                record(
                    column,
                    Rule::CustomDates,
                    Some(value),
                    Some(date.to_string()),
                );
            }
        }
    }
    (fixed, changes, flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    fn check(f: fn(&str) -> Option<String>, cases: &[(&str, Option<&str>)]) {
        for (input, expected) in cases {
            assert_eq!(f(input).as_deref(), *expected, "{input:?}");
        }
    }

    #[test]
    fn whitespace() {
        check(
            tidy_whitespace,
            &[
                ("  Ada   Lovelace ", Some("Ada Lovelace")),
                ("Ada\u{200b}Lovelace", Some("AdaLovelace")),
                ("\u{feff}王芳", Some("王芳")),
                ("a\t\nb", Some("a b")),
                ("   ", None),
                ("\u{200b}", None),
            ],
        );
    }

    #[test]
    fn name_casing() {
        check(
            name_case,
            &[
                ("ADA LOVELACE", Some("Ada Lovelace")),
                ("ada lovelace", Some("Ada Lovelace")),
                ("o'brien-smith", Some("O'Brien-Smith")),
                ("ZOË ÅBERG", Some("Zoë Åberg")),
                ("ß", None),
                ("STRAẞE", Some("Straße")),
                ("McDonald", None),
                ("van der Berg", None),
                ("Ada Lovelace", None),
                ("王芳", None),
            ],
        );
    }

    #[test]
    fn email_fixes() {
        check(
            email_fix,
            &[
                ("Ada@GMIAL.com", Some("ada@gmail.com")),
                ("ada@gmail.con", Some("ada@gmail.com")),
                ("ada@example.com", None),
                ("ADA@EXAMPLE.COM", Some("ada@example.com")),
            ],
        );
    }

    #[test]
    fn phones_to_e164() {
        let cases = [
            ("138 0013 8000", "CN", Ok(Some("+8613800138000"))),
            ("+86 138-0013-8000", "GB", Ok(Some("+8613800138000"))),
            ("020 7946 0958", "GB", Ok(Some("+442079460958"))),
            ("+442079460958", "GB", Ok(None)),
            ("call me", "CN", Err(InvalidPhone)),
            ("12", "CN", Err(InvalidPhone)),
        ];
        for (phone, country, expected) in cases {
            assert_eq!(
                phone_e164(phone, country),
                expected.map(|e| e.map(str::to_owned)),
                "{phone}"
            );
        }
    }

    #[test]
    fn a_customer_through_every_rule() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date");
        let mut c = Customer::new(CustomerId(7), 0);
        c.name = Some("  ADA  LOVELACE ".into());
        c.email = Some("Ada@Gmial.com".into());
        c.phone = Some("020 7946 0958".into());
        c.age = Some(150);
        c.custom.insert("Joined".into(), "05.03.2024".into());
        c.tags = vec![" vip ".into()];
        let defs = [CustomFieldDef {
            name: "Joined".into(),
            kind: CustomKind::Date,
        }];
        let settings = FixSettings {
            phone_country: Some("GB".into()),
            ..FixSettings::default()
        };
        let (fixed, changes, flags) = fix_customer(&c, &settings, &defs, today);
        assert_eq!(fixed.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(fixed.email.as_deref(), Some("ada@gmail.com"));
        assert_eq!(fixed.phone.as_deref(), Some("+442079460958"));
        assert_eq!(fixed.age, None);
        assert_eq!(
            fixed.custom.get("Joined").map(String::as_str),
            Some("2024-03-05")
        );
        assert_eq!(fixed.tags, vec!["vip".to_owned()]);
        let rules: Vec<Rule> = changes.iter().map(|c| c.rule).collect();
        for rule in [
            Rule::Whitespace,
            Rule::NameCase,
            Rule::EmailDomain,
            Rule::PhoneE164,
            Rule::AgeRange,
            Rule::CustomDates,
        ] {
            assert!(rules.contains(&rule), "{rule:?} in {rules:?}");
        }
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].problem, FlagProblem::ImpossibleAge);
        // Every rule is a normal form: a second pass changes nothing.
        let (again, changes, _) = fix_customer(&fixed, &settings, &defs, today);
        assert_eq!(again, fixed);
        assert!(changes.is_empty(), "{changes:?}");
        // Switched off, nothing changes.
        let off = FixSettings {
            whitespace: false,
            name_case: false,
            email_domain: false,
            phone_country: None,
            age_range: false,
            custom_dates: false,
            day_first: true,
        };
        let (same, changes, _) = fix_customer(&c, &off, &defs, today);
        assert_eq!(same, c);
        assert!(changes.is_empty());
    }
}
