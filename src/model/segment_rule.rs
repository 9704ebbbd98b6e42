//! Rule-based segments: conditions over a customer's fields and figures ("RFM segment is at risk
//! AND city is Shanghai", "days since the last purchase at least 90", "total spend above 1,000"),
//! each of which may be negated, all required (AND) or any enough (OR). A rule is checked as it
//! is typed ([`SegmentRule::check`]) and evaluated against anything that can answer for a
//! customer's fields ([`RuleSubject`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Gender, Money};

/// The RFM segments a rule can name, by key (the dashboard's table, in its order).
pub const RFM_SEGMENT_KEYS: [&str; 8] = [
    "champions",
    "loyal",
    "potential",
    "new",
    "at_risk",
    "cant_lose",
    "hibernating",
    "lost",
];

/// The most conditions a rule can hold.
pub const RULE_CONDITIONS_MAX: usize = 20;

/// How the conditions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Every condition holds (AND).
    #[default]
    All,
    /// At least one holds (OR).
    Any,
}

/// What a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleField {
    Name,
    Email,
    Phone,
    Company,
    City,
    Tag,
    Gender,
    Age,
    Orders,
    Spend,
    AverageOrder,
    LastPurchase,
    DaysSincePurchase,
    RfmSegment,
    ChurnRisk,
}

/// The kind of value a field holds, which decides the comparisons it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    /// A whole or decimal number.
    Number,
    /// An amount of money.
    Amount,
    /// A day (`YYYY-MM-DD`).
    Day,
    /// One of a fixed list (gender, RFM segment).
    Choice,
}

impl RuleField {
    pub const ALL: [RuleField; 15] = [
        RuleField::Name,
        RuleField::Email,
        RuleField::Phone,
        RuleField::Company,
        RuleField::City,
        RuleField::Tag,
        RuleField::Gender,
        RuleField::Age,
        RuleField::Orders,
        RuleField::Spend,
        RuleField::AverageOrder,
        RuleField::LastPurchase,
        RuleField::DaysSincePurchase,
        RuleField::RfmSegment,
        RuleField::ChurnRisk,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RuleField::Name => "name",
            RuleField::Email => "email",
            RuleField::Phone => "phone",
            RuleField::Company => "company",
            RuleField::City => "city",
            RuleField::Tag => "tag",
            RuleField::Gender => "gender",
            RuleField::Age => "age",
            RuleField::Orders => "orders",
            RuleField::Spend => "spend",
            RuleField::AverageOrder => "average_order",
            RuleField::LastPurchase => "last_purchase",
            RuleField::DaysSincePurchase => "days_since_purchase",
            RuleField::RfmSegment => "rfm_segment",
            RuleField::ChurnRisk => "churn_risk",
        }
    }

    pub fn from_key(key: &str) -> Option<RuleField> {
        RuleField::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn kind(self) -> ValueKind {
        match self {
            RuleField::Name
            | RuleField::Email
            | RuleField::Phone
            | RuleField::Company
            | RuleField::City
            | RuleField::Tag => ValueKind::Text,
            RuleField::Gender | RuleField::RfmSegment => ValueKind::Choice,
            RuleField::Age
            | RuleField::Orders
            | RuleField::DaysSincePurchase
            | RuleField::ChurnRisk => ValueKind::Number,
            RuleField::Spend | RuleField::AverageOrder => ValueKind::Amount,
            RuleField::LastPurchase => ValueKind::Day,
        }
    }
}

/// How a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleOp {
    /// Equal (text: ignoring case and surrounding spaces; a tag: one of the tags is).
    Is,
    /// Text containing the value (a tag: one of the tags does).
    Contains,
    /// Greater than; for a day, after.
    Above,
    /// Less than; for a day, before.
    Below,
    AtLeast,
    AtMost,
    /// No value (no tags, no purchase yet, no score).
    Empty,
}

impl RuleOp {
    pub const ALL: [RuleOp; 7] = [
        RuleOp::Is,
        RuleOp::Contains,
        RuleOp::Above,
        RuleOp::Below,
        RuleOp::AtLeast,
        RuleOp::AtMost,
        RuleOp::Empty,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RuleOp::Is => "is",
            RuleOp::Contains => "contains",
            RuleOp::Above => "above",
            RuleOp::Below => "below",
            RuleOp::AtLeast => "at_least",
            RuleOp::AtMost => "at_most",
            RuleOp::Empty => "empty",
        }
    }

    pub fn from_key(key: &str) -> Option<RuleOp> {
        RuleOp::ALL.into_iter().find(|o| o.key() == key)
    }

    /// Whether this comparison makes sense for values of `kind`.
    pub fn fits(self, kind: ValueKind) -> bool {
        match self {
            RuleOp::Is | RuleOp::Empty => true,
            RuleOp::Contains => kind == ValueKind::Text,
            RuleOp::Above | RuleOp::Below | RuleOp::AtLeast | RuleOp::AtMost => {
                matches!(kind, ValueKind::Number | ValueKind::Amount | ValueKind::Day)
            }
        }
    }
}

/// One condition, as stored: the value as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: RuleField,
    pub op: RuleOp,
    #[serde(default)]
    pub value: String,
    /// NOT: the condition holds when the comparison does not.
    #[serde(default)]
    pub negate: bool,
}

/// A rule: conditions combined with AND or OR.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SegmentRule {
    pub combine: Combine,
    pub conditions: Vec<Condition>,
}

/// Why a rule cannot be used; a condition's problem comes with its place (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleProblem {
    NoConditions,
    TooManyConditions,
    /// The comparison does not fit the field (e.g. "contains" on an amount).
    OpNotForField,
    /// The comparison needs a value.
    ValueMissing,
    BadNumber,
    BadAmount,
    BadDay,
    /// Not one of the field's choices.
    UnknownChoice,
}

/// A condition's value, read.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    None,
    Text(String),
    Number(f64),
    Day(NaiveDate),
    Gender(Gender),
    Choice(String),
}

/// What a rule needs to know about one customer. A field without a value answers `None`.
pub trait RuleSubject {
    /// The field's text (text fields; the RFM segment's key for [`RuleField::RfmSegment`]).
    fn text(&self, field: RuleField) -> Option<String>;
    /// The field's number (numbers; amounts in cents).
    fn number(&self, field: RuleField) -> Option<f64>;
    fn day(&self, field: RuleField) -> Option<NaiveDate>;
    fn gender(&self) -> Option<Gender>;
    fn tags(&self) -> &[String];
}

fn normal(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Condition {
    fn read(&self) -> Result<Value, RuleProblem> {
        let kind = self.field.kind();
        if !self.op.fits(kind) {
            return Err(RuleProblem::OpNotForField);
        }
        if self.op == RuleOp::Empty {
            return Ok(Value::None);
        }
        let text = self.value.trim();
        if text.is_empty() {
            return Err(RuleProblem::ValueMissing);
        }
        Ok(match kind {
            ValueKind::Text => Value::Text(normal(text)),
            ValueKind::Number => Value::Number(
                text.replace([',', ' ', '%'], "")
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or(RuleProblem::BadNumber)?,
            ),
            ValueKind::Amount => {
                Value::Number(Money::parse(text).map_err(|_| RuleProblem::BadAmount)?.0 as f64)
            }
            ValueKind::Day => Value::Day(
                NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| RuleProblem::BadDay)?,
            ),
            ValueKind::Choice if self.field == RuleField::Gender => {
                Value::Gender(Gender::parse(text).ok_or(RuleProblem::UnknownChoice)?)
            }
            ValueKind::Choice => {
                let key = normal(text).replace([' ', '-'], "_").replace('\'', "");
                if !RFM_SEGMENT_KEYS.contains(&key.as_str()) {
                    return Err(RuleProblem::UnknownChoice);
                }
                Value::Choice(key)
            }
        })
    }

    /// Whether `subject` meets the comparison (before NOT), with `value` read.
    fn compare(&self, value: &Value, subject: &dyn RuleSubject) -> bool {
        let field = self.field;
        if field == RuleField::Tag {
            let tags = subject.tags();
            return match (self.op, value) {
                (RuleOp::Empty, _) => tags.is_empty(),
                (RuleOp::Is, Value::Text(v)) => tags.iter().any(|t| normal(t) == *v),
                (RuleOp::Contains, Value::Text(v)) => tags.iter().any(|t| normal(t).contains(v)),
                _ => false,
            };
        }
        match value {
            Value::None if field == RuleField::Gender => subject.gender().is_none(),
            Value::None => match field.kind() {
                ValueKind::Text | ValueKind::Choice => {
                    subject.text(field).is_none_or(|t| t.trim().is_empty())
                }
                ValueKind::Number | ValueKind::Amount => subject.number(field).is_none(),
                ValueKind::Day => subject.day(field).is_none(),
            },
            Value::Text(v) => subject.text(field).is_some_and(|t| match self.op {
                RuleOp::Is => normal(&t) == *v,
                _ => normal(&t).contains(v.as_str()),
            }),
            Value::Choice(v) => subject.text(field).is_some_and(|t| t == *v),
            Value::Gender(g) => subject.gender() == Some(*g),
            Value::Number(v) => subject.number(field).is_some_and(|n| order(self.op, n, *v)),
            Value::Day(v) => subject.day(field).is_some_and(|d| order(self.op, d, *v)),
        }
    }
}

fn order<T: PartialOrd>(op: RuleOp, have: T, want: T) -> bool {
    match op {
        RuleOp::Is => have == want,
        RuleOp::Above => have > want,
        RuleOp::Below => have < want,
        RuleOp::AtLeast => have >= want,
        RuleOp::AtMost => have <= want,
        RuleOp::Contains | RuleOp::Empty => false,
    }
}

/// A checked rule, ready to test customers.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedRule {
    combine: Combine,
    conditions: Vec<(Condition, Value)>,
}

impl SegmentRule {
    /// Checks every condition; on failure every problem with its condition's place
    /// ([`RuleProblem::NoConditions`] and too many at place 0).
    pub fn check(&self) -> Result<CheckedRule, Vec<(usize, RuleProblem)>> {
        if self.conditions.is_empty() {
            return Err(vec![(0, RuleProblem::NoConditions)]);
        }
        if self.conditions.len() > RULE_CONDITIONS_MAX {
            return Err(vec![(0, RuleProblem::TooManyConditions)]);
        }
        let mut problems = Vec::new();
        let mut conditions = Vec::new();
        for (at, condition) in self.conditions.iter().enumerate() {
            match condition.read() {
                Ok(value) => conditions.push((condition.clone(), value)),
                Err(problem) => problems.push((at, problem)),
            }
        }
        if problems.is_empty() {
            Ok(CheckedRule {
                combine: self.combine,
                conditions,
            })
        } else {
            Err(problems)
        }
    }
}

impl CheckedRule {
    /// Whether `subject` is in the segment.
    pub fn matches(&self, subject: &dyn RuleSubject) -> bool {
        let mut results = self
            .conditions
            .iter()
            .map(|(c, value)| c.compare(value, subject) != c.negate);
        match self.combine {
            Combine::All => results.all(|r| r),
            Combine::Any => results.any(|r| r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A customer for the tables: every field optional.
    #[derive(Default)]
    struct Subject {
        city: Option<&'static str>,
        tags: Vec<String>,
        gender: Option<Gender>,
        orders: Option<f64>,
        spend: Option<f64>,
        last: Option<NaiveDate>,
        days: Option<f64>,
        rfm: Option<&'static str>,
        churn: Option<f64>,
    }

    impl RuleSubject for Subject {
        fn text(&self, field: RuleField) -> Option<String> {
            match field {
                RuleField::City => self.city.map(str::to_owned),
                RuleField::RfmSegment => self.rfm.map(str::to_owned),
                _ => None,
            }
        }
        fn number(&self, field: RuleField) -> Option<f64> {
            match field {
                RuleField::Orders => self.orders,
                RuleField::Spend => self.spend,
                RuleField::DaysSincePurchase => self.days,
                RuleField::ChurnRisk => self.churn,
                _ => None,
            }
        }
        fn day(&self, _: RuleField) -> Option<NaiveDate> {
            self.last
        }
        fn gender(&self) -> Option<Gender> {
            self.gender
        }
        fn tags(&self) -> &[String] {
            &self.tags
        }
    }

    fn when(field: RuleField, op: RuleOp, value: &str) -> Condition {
        Condition {
            field,
            op,
            value: value.into(),
            negate: false,
        }
    }

    fn not(condition: Condition) -> Condition {
        Condition {
            negate: true,
            ..condition
        }
    }

    fn rule(combine: Combine, conditions: Vec<Condition>) -> CheckedRule {
        SegmentRule {
            combine,
            conditions,
        }
        .check()
        .expect("a valid rule")
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    /// The customers of the tables.
    fn people() -> Vec<(&'static str, Subject)> {
        vec![
            (
                "shanghai at risk",
                Subject {
                    city: Some(" Shanghai "),
                    rfm: Some("at_risk"),
                    orders: Some(4.0),
                    spend: Some(150_000.0),
                    days: Some(120.0),
                    last: Some(day("2026-07-01")),
                    tags: vec!["VIP".into()],
                    gender: Some(Gender::Female),
                    churn: Some(72.5),
                },
            ),
            (
                "beijing champion",
                Subject {
                    city: Some("Beijing"),
                    rfm: Some("champions"),
                    orders: Some(12.0),
                    spend: Some(99_999.0),
                    days: Some(3.0),
                    last: Some(day("2026-10-27")),
                    gender: Some(Gender::Male),
                    churn: Some(4.0),
                    ..Subject::default()
                },
            ),
            (
                "never bought",
                Subject {
                    city: Some("Shanghai"),
                    orders: Some(0.0),
                    spend: Some(0.0),
                    tags: vec!["newsletter".into()],
                    ..Subject::default()
                },
            ),
            ("nothing known", Subject::default()),
        ]
    }

    /// Who of [`people`] a rule takes.
    fn members(rule: &CheckedRule) -> Vec<&'static str> {
        people()
            .into_iter()
            .filter(|(_, s)| rule.matches(s))
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn conditions_combine_with_and_or_and_not_and_missing_values_never_compare() {
        use RuleField as F;
        use RuleOp as O;
        let table: Vec<(CheckedRule, Vec<&str>)> = vec![
            // RFM segment = At risk AND city = Shanghai (case and spaces ignored).
            (
                rule(
                    Combine::All,
                    vec![
                        when(F::RfmSegment, O::Is, "At risk"),
                        when(F::City, O::Is, "shanghai"),
                    ],
                ),
                vec!["shanghai at risk"],
            ),
            // OR: either city.
            (
                rule(
                    Combine::Any,
                    vec![
                        when(F::City, O::Is, "Beijing"),
                        when(F::City, O::Contains, "hai"),
                    ],
                ),
                vec!["shanghai at risk", "beijing champion", "never bought"],
            ),
            // No purchase in 90 days: a customer who never bought has no recency and is not
            // taken by the comparison; NOT takes everyone the comparison does not.
            (
                rule(
                    Combine::All,
                    vec![when(F::DaysSincePurchase, O::AtLeast, "90")],
                ),
                vec!["shanghai at risk"],
            ),
            (
                rule(
                    Combine::All,
                    vec![not(when(F::DaysSincePurchase, O::Below, "90"))],
                ),
                vec!["shanghai at risk", "never bought", "nothing known"],
            ),
            // Total spend above 1,000 (an amount, in the shop's format).
            (
                rule(Combine::All, vec![when(F::Spend, O::Above, "1,000")]),
                vec!["shanghai at risk"],
            ),
            (
                rule(Combine::All, vec![when(F::Spend, O::AtMost, "999.99")]),
                vec!["beijing champion", "never bought"],
            ),
            // Missing values: "empty" finds them, NOT empty the others.
            (
                rule(Combine::All, vec![when(F::LastPurchase, O::Empty, "")]),
                vec!["never bought", "nothing known"],
            ),
            (
                rule(Combine::All, vec![not(when(F::Tag, O::Empty, ""))]),
                vec!["shanghai at risk", "never bought"],
            ),
            (
                rule(Combine::All, vec![when(F::Gender, O::Empty, "")]),
                vec!["never bought", "nothing known"],
            ),
            // Tags, gender, days, churn risk.
            (
                rule(Combine::All, vec![when(F::Tag, O::Is, "vip")]),
                vec!["shanghai at risk"],
            ),
            (
                rule(Combine::All, vec![when(F::Gender, O::Is, "男")]),
                vec!["beijing champion"],
            ),
            (
                rule(
                    Combine::All,
                    vec![when(F::LastPurchase, O::Below, "2026-08-01")],
                ),
                vec!["shanghai at risk"],
            ),
            (
                rule(Combine::All, vec![when(F::ChurnRisk, O::AtLeast, "50%")]),
                vec!["shanghai at risk"],
            ),
            // NOT inside OR, and AND of a negation.
            (
                rule(
                    Combine::Any,
                    vec![
                        not(when(F::City, O::Is, "Shanghai")),
                        when(F::Orders, O::Is, "0"),
                    ],
                ),
                vec!["beijing champion", "never bought", "nothing known"],
            ),
            (
                rule(
                    Combine::All,
                    vec![
                        when(F::City, O::Is, "Shanghai"),
                        not(when(F::RfmSegment, O::Is, "at_risk")),
                    ],
                ),
                vec!["never bought"],
            ),
        ];
        for (at, (rule, expected)) in table.iter().enumerate() {
            assert_eq!(&members(rule), expected, "row {at}: {rule:?}");
        }
    }

    #[test]
    fn bad_rules_say_which_condition_and_why() {
        use RuleField as F;
        use RuleOp as O;
        assert_eq!(
            SegmentRule::default().check(),
            Err(vec![(0, RuleProblem::NoConditions)])
        );
        let problems = SegmentRule {
            combine: Combine::All,
            conditions: vec![
                when(F::City, O::Is, "Shanghai"),
                when(F::Spend, O::Contains, "10"),
                when(F::Orders, O::AtLeast, "many"),
                when(F::Spend, O::Above, "lots"),
                when(F::LastPurchase, O::Below, "1 May"),
                when(F::RfmSegment, O::Is, "royalty"),
                when(F::Gender, O::Is, "robot"),
                when(F::City, O::Is, "  "),
            ],
        }
        .check()
        .expect_err("invalid");
        assert_eq!(
            problems,
            vec![
                (1, RuleProblem::OpNotForField),
                (2, RuleProblem::BadNumber),
                (3, RuleProblem::BadAmount),
                (4, RuleProblem::BadDay),
                (5, RuleProblem::UnknownChoice),
                (6, RuleProblem::UnknownChoice),
                (7, RuleProblem::ValueMissing),
            ]
        );
        let many = SegmentRule {
            combine: Combine::Any,
            conditions: vec![when(F::City, O::Is, "x"); 21],
        };
        assert_eq!(many.check(), Err(vec![(0, RuleProblem::TooManyConditions)]));
        assert!(RFM_SEGMENT_KEYS.iter().all(|k| *k == k.to_lowercase()));
    }

    #[test]
    fn keys_read_back() {
        for field in RuleField::ALL {
            assert_eq!(RuleField::from_key(field.key()), Some(field));
        }
        for op in RuleOp::ALL {
            assert_eq!(RuleOp::from_key(op.key()), Some(op));
        }
        let rule = SegmentRule {
            combine: Combine::Any,
            conditions: vec![not(when(RuleField::Tag, RuleOp::Contains, "vip"))],
        };
        let json = serde_json::to_string(&rule).expect("json");
        assert_eq!(
            json,
            r#"{"combine":"any","conditions":[{"field":"tag","op":"contains","value":"vip","negate":true}]}"#
        );
        assert_eq!(
            serde_json::from_str::<SegmentRule>(&json).expect("reads"),
            rule
        );
    }
}
