//! Validation of records and of single values, with issues that name the field, the value and
//! what is wrong.

use chrono::{Datelike, NaiveDate};
use std::fmt;

use super::{Customer, Order, Product};

/// A field that an issue refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    Name,
    Gender,
    BirthDate,
    Age,
    Phone,
    Email,
    Postcode,
    Company,
    Tags,
    Price,
    Category,
    Customer,
    OrderDate,
    Status,
    Product,
    Quantity,
    UnitPrice,
    Amount,
    /// A user-defined field, by name.
    Custom(String),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Gender => "gender",
            Field::BirthDate => "birth date",
            Field::Age => "age",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Postcode => "postcode",
            Field::Company => "company",
            Field::Tags => "tags",
            Field::Price => "price",
            Field::Category => "category",
            Field::Customer => "customer",
            Field::OrderDate => "order date",
            Field::Status => "status",
            Field::Product => "product",
            Field::Quantity => "quantity",
            Field::UnitPrice => "unit price",
            Field::Amount => "amount",
            Field::Custom(name) => return write!(f, "'{name}'"),
        };
        f.write_str(name)
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("is required")]
    Missing,
    #[error("needs at least a name, an email or a phone number")]
    NoContact,
    #[error("is not a valid email address (expected name@example.com)")]
    BadEmail,
    #[error("is not a phone number (expected 5 to 15 digits, optionally with +, spaces, dashes or brackets)")]
    BadPhone,
    #[error("must be a whole number from 0 to 130")]
    AgeOutOfRange,
    #[error("is not a whole number")]
    NotAWholeNumber,
    #[error("is not a date (expected e.g. 2024-03-05, 2024/3/5, 05.03.2024 or 2024年3月5日)")]
    BadDate,
    #[error("is in the future")]
    FutureDate,
    #[error("is before 1900")]
    TooOld,
    #[error("is not a known gender (expected F, M, X, female, male, 女 or 男)")]
    BadGender,
    #[error("is not a known order status")]
    BadStatus,
    #[error("must not be negative")]
    Negative,
    #[error("{0}")]
    BadAmount(String),
    #[error("is too long (at most {0} characters)")]
    TooLong(usize),
    #[error("does not match any {0}")]
    UnknownReference(&'static str),
    #[error("needs at least one line or an amount")]
    EmptyOrder,
    #[error("names a different customer or date than the first line of the same order")]
    OrderMismatch,
    #[error(
        "is a returned line (negative quantity) in an order of sold lines, or the other way round"
    )]
    MixedReturn,
    #[error("is not a number")]
    NotANumber,
    #[error("is not one of the choices ({0})")]
    NotAChoice(String),
}

/// One problem with one field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: Field,
    /// The offending value as given (empty when missing).
    pub value: String,
    pub problem: Problem,
}

impl FieldIssue {
    pub fn new(field: Field, value: impl Into<String>, problem: Problem) -> FieldIssue {
        FieldIssue {
            field,
            value: value.into(),
            problem,
        }
    }
}

impl fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{} {}", self.field, self.problem)
        } else {
            write!(f, "{} '{}' {}", self.field, self.value, self.problem)
        }
    }
}

/// Longest text accepted in any single field.
pub const MAX_TEXT: usize = 1000;

/// Checks an email address: one `@`, a local part, and a domain with a dot and a letter TLD.
pub fn validate_email(email: &str) -> Result<(), Problem> {
    let email = email.trim();
    if email.chars().count() > 254 || email.contains(char::is_whitespace) {
        return Err(Problem::BadEmail);
    }
    let parsed: email_address::EmailAddress = email.parse().map_err(|_| Problem::BadEmail)?;
    let domain = parsed.domain();
    let tld = domain.rsplit('.').next().unwrap_or("");
    let domain_ok = domain.contains('.')
        && !domain.starts_with('[')
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && domain.split('.').all(|label| !label.is_empty());
    if domain_ok {
        Ok(())
    } else {
        Err(Problem::BadEmail)
    }
}

/// Checks a phone number: 5–15 digits, with optional leading `+`, spaces, dots, dashes and
/// brackets, and an optional extension (`x123`, `ext. 12`, `转123`).
pub fn validate_phone(phone: &str) -> Result<(), Problem> {
    let lower = phone.trim().to_lowercase();
    let main = ["ext.", "ext", "x", "转", "#"]
        .iter()
        .find_map(|mark| lower.split_once(mark).map(|(main, _)| main.to_owned()))
        .unwrap_or(lower);
    let main = main.trim();
    let body = main.strip_prefix('+').unwrap_or(main);
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '/');
    if !body.chars().all(allowed) {
        return Err(Problem::BadPhone);
    }
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if (5..=15).contains(&digits) {
        Ok(())
    } else {
        Err(Problem::BadPhone)
    }
}

/// Which number comes first in dates like `03/05/2024`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// 03/05/2024 is 3 May (most of the world).
    #[default]
    DayFirst,
    /// 03/05/2024 is March 5 (United States).
    MonthFirst,
}

/// Parses the date formats people and exports use: `2024-03-05`, `2024/3/5`, `2024.3.5`,
/// `20240305`, `2024年3月5日`, `05.03.2024`, `5/3/2024` (day or month first as `order` says, unless
/// one number is above 12), and the date part of `2024-03-05T10:00:00` or `2024-03-05 10:00`.
pub fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let date_part = date_part(text);
    let chinese = date_part
        .replace(['年', '月'], "-")
        .replace(['日', '号'], "");
    let parts: Vec<&str> = chinese
        .split(['-', '/', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    let numbers = numbers?;
    match (parts.as_slice(), numbers.as_slice()) {
        ([only], [_]) if only.len() == 8 => {
            let y = only[..4].parse().ok()?;
            let m = only[4..6].parse().ok()?;
            let d = only[6..].parse().ok()?;
            NaiveDate::from_ymd_opt(y, m, d)
        }
        ([first, _, _], &[a, b, c]) if first.len() == 4 => {
            NaiveDate::from_ymd_opt(i32::try_from(a).ok()?, b, c)
        }
        ([_, _, last], &[a, b, c]) if last.len() == 4 => {
            let year = i32::try_from(c).ok()?;
            let (day, month) = match (a > 12, b > 12, order) {
                (true, _, _) => (a, b),
                (_, true, _) => (b, a),
                (_, _, DateOrder::DayFirst) => (a, b),
                (_, _, DateOrder::MonthFirst) => (b, a),
            };
            NaiveDate::from_ymd_opt(year, month, day)
        }
        _ => None,
    }
}

/// The date of a date-and-time text ("12/1/2010 8:26", "2024-05-01T10:00:00Z"): what comes
/// before the first space or `T`.
pub fn date_part(text: &str) -> &str {
    let text = text.trim();
    text.split(['T', ' ']).next().unwrap_or(text)
}

fn check_text(issues: &mut Vec<FieldIssue>, field: Field, value: &Option<String>) {
    if let Some(text) = value {
        if text.chars().count() > MAX_TEXT {
            issues.push(FieldIssue::new(field, "", Problem::TooLong(MAX_TEXT)));
        }
    }
}

/// Checks a customer against `today`; returns every issue found.
pub fn validate_customer(customer: &Customer, today: NaiveDate) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if customer.name.is_none() && customer.email.is_none() && customer.phone.is_none() {
        issues.push(FieldIssue::new(Field::Name, "", Problem::NoContact));
    }
    if let Some(email) = &customer.email {
        if let Err(problem) = validate_email(email) {
            issues.push(FieldIssue::new(Field::Email, email, problem));
        }
    }
    if let Some(phone) = &customer.phone {
        if let Err(problem) = validate_phone(phone) {
            issues.push(FieldIssue::new(Field::Phone, phone, problem));
        }
    }
    if let Some(age) = customer.age {
        if age > 130 {
            issues.push(FieldIssue::new(
                Field::Age,
                age.to_string(),
                Problem::AgeOutOfRange,
            ));
        }
    }
    if let Some(born) = customer.birth_date {
        if born > today {
            issues.push(FieldIssue::new(
                Field::BirthDate,
                born.to_string(),
                Problem::FutureDate,
            ));
        } else if born.year() < 1900 {
            issues.push(FieldIssue::new(
                Field::BirthDate,
                born.to_string(),
                Problem::TooOld,
            ));
        }
    }
    check_text(&mut issues, Field::Name, &customer.name);
    check_text(&mut issues, Field::Company, &customer.company);
    check_text(&mut issues, Field::Postcode, &customer.address.postcode);
    for (name, value) in &customer.custom {
        check_text(
            &mut issues,
            Field::Custom(name.clone()),
            &Some(value.clone()),
        );
    }
    issues
}

/// Checks a product.
pub fn validate_product(product: &Product) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if product.name.trim().is_empty() {
        issues.push(FieldIssue::new(Field::Name, "", Problem::Missing));
    }
    if product.price.cents() < 0 {
        issues.push(FieldIssue::new(
            Field::Price,
            product.price.to_string(),
            Problem::Negative,
        ));
    }
    check_text(&mut issues, Field::Name, &Some(product.name.clone()));
    check_text(&mut issues, Field::Category, &product.category);
    issues
}

/// Checks an order against `today`.
pub fn validate_order(order: &Order, today: NaiveDate) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if order.date > today {
        issues.push(FieldIssue::new(
            Field::OrderDate,
            order.date.to_string(),
            Problem::FutureDate,
        ));
    }
    if order.lines.is_empty() && order.given_amount.is_none() {
        issues.push(FieldIssue::new(Field::Amount, "", Problem::EmptyOrder));
    }
    for line in &order.lines {
        if line.unit_price.cents() < 0 {
            issues.push(FieldIssue::new(
                Field::UnitPrice,
                line.unit_price.to_string(),
                Problem::Negative,
            ));
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, Money, OrderId, OrderLine, OrderStatus, ProductId};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn emails() {
        let good = [
            "ada@example.com",
            "a.b+tag@mail.example.co.uk",
            "王@例子.中国",
            " x@y.io ",
        ];
        let bad = [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@x.com",
            "a b@x.com",
            "ada@x.c",
            "ada@x..com",
            "ada@x.123",
        ];
        for email in good {
            assert_eq!(validate_email(email), Ok(()), "{email:?} should be valid");
        }
        for email in bad {
            assert_eq!(
                validate_email(email),
                Err(Problem::BadEmail),
                "{email:?} should be invalid"
            );
        }
    }

    #[test]
    fn phones() {
        let good = [
            "+86 138 0013 8000",
            "(020) 7946 0958",
            "555-0100",
            "13800138000",
            "+1 202.555.0143 ext. 12",
            "010-12345678转8",
        ];
        let bad = ["", "12", "phone", "+", "1234567890123456", "555-CALL-NOW"];
        for phone in good {
            assert_eq!(validate_phone(phone), Ok(()), "{phone:?} should be valid");
        }
        for phone in bad {
            assert_eq!(
                validate_phone(phone),
                Err(Problem::BadPhone),
                "{phone:?} should be invalid"
            );
        }
    }

    #[test]
    fn dates_in_common_formats() {
        let day_first = DateOrder::DayFirst;
        let cases = [
            ("2024-03-05", day_first, Some(date(2024, 3, 5))),
            ("2024/3/5", day_first, Some(date(2024, 3, 5))),
            ("2024.3.5", day_first, Some(date(2024, 3, 5))),
            ("20240305", day_first, Some(date(2024, 3, 5))),
            ("2024年3月5日", day_first, Some(date(2024, 3, 5))),
            ("05.03.2024", day_first, Some(date(2024, 3, 5))),
            ("05/03/2024", day_first, Some(date(2024, 3, 5))),
            ("05/03/2024", DateOrder::MonthFirst, Some(date(2024, 5, 3))),
            ("25/03/2024", DateOrder::MonthFirst, Some(date(2024, 3, 25))),
            ("03/25/2024", day_first, Some(date(2024, 3, 25))),
            ("2024-03-05T10:00:00Z", day_first, Some(date(2024, 3, 5))),
            ("2024-03-05 10:00", day_first, Some(date(2024, 3, 5))),
            ("2024-02-29", day_first, Some(date(2024, 2, 29))),
            ("2023-02-29", day_first, None),
            ("2024-13-01", day_first, None),
            ("yesterday", day_first, None),
            ("", day_first, None),
            ("5/3", day_first, None),
        ];
        for (text, order, expected) in cases {
            assert_eq!(parse_date(text, order), expected, "{text:?} {order:?}");
        }
    }

    #[test]
    fn customers() {
        let today = date(2026, 1, 1);
        let mut customer = Customer::new(CustomerId(1), 0);
        assert_eq!(
            validate_customer(&customer, today)[0].problem,
            Problem::NoContact
        );
        customer.name = Some("Ada".into());
        assert!(validate_customer(&customer, today).is_empty());
        customer.email = Some("ada@".into());
        customer.age = Some(131);
        customer.birth_date = Some(date(2027, 1, 1));
        let issues = validate_customer(&customer, today);
        let fields: Vec<_> = issues.iter().map(|i| i.field.clone()).collect();
        assert_eq!(fields, vec![Field::Email, Field::Age, Field::BirthDate]);
        assert_eq!(
            issues[0].to_string(),
            "email 'ada@' is not a valid email address (expected name@example.com)"
        );
    }

    #[test]
    fn orders_and_products() {
        let today = date(2026, 1, 1);
        let mut order = Order {
            id: OrderId(1),
            customer_id: Some(CustomerId(1)),
            date: date(2026, 1, 2),
            status: OrderStatus::Completed,
            lines: vec![],
            given_amount: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        let problems: Vec<_> = validate_order(&order, today)
            .into_iter()
            .map(|i| i.problem)
            .collect();
        assert_eq!(problems, vec![Problem::FutureDate, Problem::EmptyOrder]);
        order.date = today;
        order.lines.push(OrderLine {
            product_id: Some(ProductId(1)),
            quantity: 0,
            unit_price: Money(-1),
        });
        assert_eq!(validate_order(&order, today)[0].problem, Problem::Negative);

        let product = Product {
            id: ProductId(1),
            name: " ".into(),
            sku: None,
            price: Money(-5),
            category: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        let problems: Vec<_> = validate_product(&product)
            .into_iter()
            .map(|i| i.problem)
            .collect();
        assert_eq!(problems, vec![Problem::Missing, Problem::Negative]);
    }
}
