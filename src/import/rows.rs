//! Table rows into typed records, with every problem tied to its line and column.
//!
//! A value that cannot be stored in its typed field (an age of "abc", a date of "yesterday") or
//! a row that cannot be a record at all (no name, email or phone) rejects the row; the user gets
//! it back in the rejected-rows file to fix. A value that can be stored but looks wrong (an
//! email without a domain) is kept and flagged, so cleaning can fix it later.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::mapping::{ColumnMapping, TargetField};
use super::table::{Table, TableRow};
use crate::model::{
    parse_date, validate_email, validate_phone, Customer, CustomerId, DateOrder, Field, FieldIssue,
    Gender, Money, Order, OrderId, OrderLine, OrderStatus, Problem, Product, ProductId,
};

/// What became of one row (or, for orders, one order's rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOutcome<T> {
    /// The 1-based line where the row (or the order's first row) starts.
    pub line: u64,
    /// The record, when the row is accepted. Ids are placeholders until the store assigns them.
    pub record: Option<T>,
    /// Problems that reject the row.
    pub errors: Vec<FieldIssue>,
    /// Problems that are flagged but do not reject the row.
    pub warnings: Vec<FieldIssue>,
}

/// Cell texts that mean "no value".
const NULL_TOKENS: &[&str] = &[
    "", "null", "none", "n/a", "na", "nan", "nil", "-", "--", "?", "unknown", "未知", "无", "空",
    "不详",
];

pub(super) fn cell<'a>(
    row: &'a TableRow,
    mapping: &ColumnMapping,
    field: TargetField,
) -> Option<&'a str> {
    let text = row.cells.get(mapping.column_of(field)?)?.trim();
    // Undo the apostrophe that formula-safe exports (ours included) put before = + - @.
    let text = match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    };
    let is_null = NULL_TOKENS
        .iter()
        .any(|token| text.eq_ignore_ascii_case(token));
    (!is_null).then_some(text)
}

pub(super) fn text(row: &TableRow, mapping: &ColumnMapping, field: TargetField) -> Option<String> {
    cell(row, mapping, field).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn is_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c))
}

/// Whether a column's dates put the month first: true when some value can only be read that
/// way (03/25/2024) and none can only be read day first.
pub fn infer_date_order<'a>(values: impl Iterator<Item = &'a str>) -> DateOrder {
    let mut scan = DateOrderScan::default();
    for value in values {
        scan.see(value);
    }
    scan.result()
}

/// Collects evidence for [`infer_date_order`] one value at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateOrderScan {
    day_first: bool,
    month_first: bool,
}

impl DateOrderScan {
    /// Looks at one date text.
    pub fn see(&mut self, value: &str) {
        let mut parts = crate::model::date_part(value)
            .split(['/', '.', '-'])
            .map(|p| p.parse::<u32>().ok());
        if let (Some(Some(a)), Some(Some(b)), Some(Some(year)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            if year > 31 {
                self.day_first |= a > 12;
                self.month_first |= b > 12;
            }
        }
    }

    /// The order the evidence points to (day first when in doubt).
    pub fn result(self) -> DateOrder {
        if self.month_first && !self.day_first {
            DateOrder::MonthFirst
        } else {
            DateOrder::DayFirst
        }
    }
}

pub fn date_order_of(table: &Table, mapping: &ColumnMapping, field: TargetField) -> DateOrder {
    match mapping.column_of(field) {
        Some(column) => infer_date_order(
            table
                .rows
                .iter()
                .filter_map(|row| row.cells.get(column).map(String::as_str)),
        ),
        None => DateOrder::DayFirst,
    }
}

fn whole_number(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    trimmed.parse::<i64>().ok().or_else(|| {
        let (int, frac) = trimmed.split_once('.')?;
        frac.chars().all(|c| c == '0').then(|| int.parse().ok())?
    })
}

/// Reads customers. `today` bounds birth dates.
pub fn read_customers(
    table: &Table,
    mapping: &ColumnMapping,
    today: NaiveDate,
) -> Vec<RowOutcome<Customer>> {
    let date_order = date_order_of(table, mapping, TargetField::BirthDate);
    table
        .rows
        .iter()
        .map(|row| read_customer(row, mapping, today, date_order))
        .collect()
}

pub fn read_customer(
    row: &TableRow,
    mapping: &ColumnMapping,
    today: NaiveDate,
    date_order: DateOrder,
) -> RowOutcome<Customer> {
    use TargetField as T;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut customer = Customer::new(CustomerId(0), 0);

    customer.external_id = text(row, mapping, T::ExternalId);
    customer.name = text(row, mapping, T::Name).or_else(|| {
        let first = text(row, mapping, T::FirstName);
        let last = text(row, mapping, T::LastName);
        match (first, last) {
            (Some(first), Some(last)) if is_cjk(&first) || is_cjk(&last) => {
                Some(format!("{last}{first}"))
            }
            (Some(first), Some(last)) => Some(format!("{first} {last}")),
            (one, other) => one.or(other),
        }
    });
    if let Some(value) = cell(row, mapping, T::Gender) {
        match Gender::parse(value) {
            Some(gender) => customer.gender = Some(gender),
            None => errors.push(FieldIssue::new(Field::Gender, value, Problem::BadGender)),
        }
    }
    if let Some(value) = cell(row, mapping, T::Age) {
        match whole_number(value) {
            Some(age @ 0..=130) => customer.age = u8::try_from(age).ok(),
            Some(_) => errors.push(FieldIssue::new(Field::Age, value, Problem::AgeOutOfRange)),
            None => errors.push(FieldIssue::new(Field::Age, value, Problem::NotAWholeNumber)),
        }
    }
    if let Some(value) = cell(row, mapping, T::BirthDate) {
        match parse_date(value, date_order) {
            Some(date) if date > today => errors.push(FieldIssue::new(
                Field::BirthDate,
                value,
                Problem::FutureDate,
            )),
            Some(date) => customer.birth_date = Some(date),
            None => errors.push(FieldIssue::new(Field::BirthDate, value, Problem::BadDate)),
        }
    }
    customer.phone = text(row, mapping, T::Phone);
    if let Some(phone) = &customer.phone {
        if let Err(problem) = validate_phone(phone) {
            warnings.push(FieldIssue::new(Field::Phone, phone, problem));
        }
    }
    customer.email = text(row, mapping, T::Email);
    if let Some(email) = &customer.email {
        if let Err(problem) = validate_email(email) {
            warnings.push(FieldIssue::new(Field::Email, email, problem));
        }
    }
    customer.address.street = text(row, mapping, T::Street);
    customer.address.city = text(row, mapping, T::City);
    customer.address.postcode = text(row, mapping, T::Postcode);
    customer.address.region = text(row, mapping, T::Region);
    customer.address.country = text(row, mapping, T::Country);
    customer.company = text(row, mapping, T::Company);
    if let Some(tags) = cell(row, mapping, T::Tags) {
        let mut list: Vec<String> = tags
            .split([',', ';', '|', '、', '，'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        list.dedup();
        customer.tags = list;
    }
    // Validation of the whole record catches what single cells cannot (no contact, too long).
    for issue in crate::model::validate_customer(&customer, today) {
        let known = errors
            .iter()
            .chain(&warnings)
            .any(|seen| seen.field == issue.field);
        if !known {
            errors.push(issue);
        }
    }
    outcome(row.line, customer, errors, warnings)
}

fn outcome<T>(
    line: u64,
    record: T,
    errors: Vec<FieldIssue>,
    warnings: Vec<FieldIssue>,
) -> RowOutcome<T> {
    RowOutcome {
        line,
        record: errors.is_empty().then_some(record),
        errors,
        warnings,
    }
}

fn money(
    row: &TableRow,
    mapping: &ColumnMapping,
    target: TargetField,
    field: Field,
    errors: &mut Vec<FieldIssue>,
) -> Option<Money> {
    let value = cell(row, mapping, target)?;
    match Money::parse(value) {
        Ok(amount) => Some(amount),
        Err(error) => {
            errors.push(FieldIssue::new(
                field,
                value,
                Problem::BadAmount(error.to_string()),
            ));
            None
        }
    }
}

/// A customer as typed into a form, field by field: read and checked exactly like an imported
/// row, so a value the import would refuse is refused here too, with the same message. The
/// record (when valid) has placeholder id and timestamps; the caller keeps the original's.
pub fn customer_from_form(
    values: &[(TargetField, String)],
    today: NaiveDate,
) -> RowOutcome<Customer> {
    let mapping = ColumnMapping {
        kind: crate::import::EntityKind::Customers,
        columns: values.iter().map(|(field, _)| Some(*field)).collect(),
    };
    let row = TableRow {
        line: 0,
        cells: values.iter().map(|(_, value)| value.clone()).collect(),
    };
    // Forms send dates as ISO (YYYY-MM-DD), which reads the same in either order.
    read_customer(&row, &mapping, today, DateOrder::DayFirst)
}

/// Reads products.
pub fn read_products(table: &Table, mapping: &ColumnMapping) -> Vec<RowOutcome<Product>> {
    table
        .rows
        .iter()
        .map(|row| read_product(row, mapping))
        .collect()
}

/// Reads one product row.
pub fn read_product(row: &TableRow, mapping: &ColumnMapping) -> RowOutcome<Product> {
    use TargetField as T;
    let mut errors = Vec::new();
    let price = money(row, mapping, T::Price, Field::Price, &mut errors);
    let name = text(row, mapping, T::ProductName);
    if name.is_none() {
        errors.push(FieldIssue::new(Field::Name, "", Problem::Missing));
    }
    if price.is_none() && errors.iter().all(|e| e.field != Field::Price) {
        errors.push(FieldIssue::new(Field::Price, "", Problem::Missing));
    }
    let product = Product {
        id: ProductId(0),
        name: name.unwrap_or_default(),
        sku: text(row, mapping, T::Sku),
        price: price.unwrap_or_default(),
        category: text(row, mapping, T::Category),
        external_id: text(row, mapping, T::ExternalId),
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 1,
    };
    for issue in crate::model::validate_product(&product) {
        if errors.iter().all(|seen| seen.field != issue.field) {
            errors.push(issue);
        }
    }
    outcome(row.line, product, errors, Vec::new())
}

/// How orders find the customers and products they refer to: among those already stored and
/// those in the same import.
pub trait References {
    /// A customer by the id it had in the source system (or its Fieldbook id, `C42` or `42`).
    fn customer_by_ref(&self, reference: &str) -> Option<CustomerId>;
    /// A customer by email address (case-insensitive).
    fn customer_by_email(&self, email: &str) -> Option<CustomerId>;
    /// A product and its price by its source id, SKU or name.
    fn product_by_ref(&self, reference: &str) -> Option<(ProductId, Money)>;
}

/// Reads orders. Rows with the same order id are the lines of one order (they need not be
/// adjacent); without an order id column every row is one order. Unknown customers and
/// products are reported, never invented.
pub fn read_orders(
    table: &Table,
    mapping: &ColumnMapping,
    references: &dyn References,
    today: NaiveDate,
) -> Vec<RowOutcome<Order>> {
    let date_order = date_order_of(table, mapping, TargetField::OrderDate);
    let mut assembler = OrderAssembler::default();
    for row in &table.rows {
        assembler.feed(row, mapping, references, date_order, today);
    }
    assembler.finish()
}

/// An order's outcome with the table index of its first row.
pub type OrderOutcome = (RowOutcome<Order>, usize);

/// Builds orders from rows fed one at a time (see [`read_orders`]).
#[derive(Debug, Default)]
pub struct OrderAssembler {
    outcomes: Vec<RowOutcome<Order>>,
    /// For each outcome, the index of its first row in the table.
    first_rows: Vec<usize>,
    rows_seen: usize,
    by_order_id: HashMap<String, usize>,
}

impl OrderAssembler {
    /// An assembler for a file of about `rows` lines. Reserving up front (for about two lines an
    /// order) keeps the order-id table from being rehashed while a large file is checked, which
    /// was the page's longest pause (a rehash of half a million ids in one step).
    pub fn with_capacity(rows: usize) -> OrderAssembler {
        let orders = rows / 2 + 1;
        OrderAssembler {
            outcomes: Vec::with_capacity(orders),
            first_rows: Vec::with_capacity(orders),
            rows_seen: 0,
            by_order_id: HashMap::with_capacity(orders),
        }
    }

    /// Adds one row: a new order, or another line of an order seen before.
    pub fn feed(
        &mut self,
        row: &TableRow,
        mapping: &ColumnMapping,
        references: &dyn References,
        date_order: DateOrder,
        today: NaiveDate,
    ) {
        let row_index = self.rows_seen;
        self.rows_seen += 1;
        let (order, line, mut errors) = read_order_row(row, mapping, references, date_order, today);
        let order_key = text(row, mapping, TargetField::OrderId);
        let existing = order_key
            .as_ref()
            .and_then(|key| self.by_order_id.get(key).copied());
        match (existing, order) {
            (Some(index), order) => {
                let target = &mut self.outcomes[index];
                if let (Some(kept), Some(order)) = (&mut target.record, order) {
                    if kept.customer_id != order.customer_id || kept.date != order.date {
                        errors.push(FieldIssue::new(
                            Field::Customer,
                            format!("line {}", row.line),
                            Problem::OrderMismatch,
                        ));
                    } else if (kept.status == OrderStatus::Return)
                        != (order.status == OrderStatus::Return)
                    {
                        errors.push(FieldIssue::new(
                            Field::Quantity,
                            format!("line {}", row.line),
                            Problem::MixedReturn,
                        ));
                    } else {
                        kept.lines.extend(order.lines);
                        if let Some(amount) = order.given_amount {
                            kept.given_amount =
                                Some(kept.given_amount.unwrap_or_default() + amount);
                        }
                    }
                }
                if !errors.is_empty() {
                    target.record = None;
                    target.errors.extend(errors);
                }
            }
            (None, order) => {
                if let Some(key) = order_key {
                    self.by_order_id.insert(key, self.outcomes.len());
                }
                let record = if errors.is_empty() { order } else { None };
                if record.is_none() && errors.is_empty() {
                    errors.push(FieldIssue::new(Field::Amount, "", Problem::EmptyOrder));
                }
                self.outcomes.push(RowOutcome {
                    line,
                    record,
                    errors,
                    warnings: Vec::new(),
                });
                self.first_rows.push(row_index);
            }
        }
    }

    /// The orders, each with the table index of its first row, and the order-id index (which
    /// a caller may drop bit by bit: freeing a million keys at once blocks the page).
    pub fn into_parts(self) -> (Vec<OrderOutcome>, HashMap<String, usize>) {
        (
            self.outcomes.into_iter().zip(self.first_rows).collect(),
            self.by_order_id,
        )
    }

    /// The orders.
    pub fn finish(self) -> Vec<RowOutcome<Order>> {
        self.outcomes
    }
}

fn read_order_row(
    row: &TableRow,
    mapping: &ColumnMapping,
    references: &dyn References,
    date_order: DateOrder,
    today: NaiveDate,
) -> (Option<Order>, u64, Vec<FieldIssue>) {
    use TargetField as T;
    let mut errors = Vec::new();
    let customer_id = if let Some(reference) = cell(row, mapping, T::CustomerRef) {
        let found = references.customer_by_ref(reference);
        if found.is_none() {
            errors.push(FieldIssue::new(
                Field::Customer,
                reference,
                Problem::UnknownReference("customer"),
            ));
        }
        found
    } else if let Some(email) = cell(row, mapping, T::CustomerEmail) {
        let found = references.customer_by_email(email);
        if found.is_none() {
            errors.push(FieldIssue::new(
                Field::Email,
                email,
                Problem::UnknownReference("customer's email"),
            ));
        }
        found
    } else {
        errors.push(FieldIssue::new(Field::Customer, "", Problem::Missing));
        None
    };
    let date = match cell(row, mapping, T::OrderDate) {
        None => {
            errors.push(FieldIssue::new(Field::OrderDate, "", Problem::Missing));
            None
        }
        Some(value) => match parse_date(value, date_order) {
            Some(date) if date > today => {
                errors.push(FieldIssue::new(
                    Field::OrderDate,
                    value,
                    Problem::FutureDate,
                ));
                None
            }
            Some(date) => Some(date),
            None => {
                errors.push(FieldIssue::new(Field::OrderDate, value, Problem::BadDate));
                None
            }
        },
    };
    let status = match cell(row, mapping, T::Status) {
        None => OrderStatus::default(),
        Some(value) => OrderStatus::parse(value).unwrap_or_else(|| {
            errors.push(FieldIssue::new(Field::Status, value, Problem::BadStatus));
            OrderStatus::default()
        }),
    };
    let product = cell(row, mapping, T::ProductRef).and_then(|reference| {
        let found = references.product_by_ref(reference);
        if found.is_none() {
            errors.push(FieldIssue::new(
                Field::Product,
                reference,
                Problem::UnknownReference("product"),
            ));
        }
        found
    });
    // A negative quantity is goods coming back: the order is a return (see
    // `OrderStatus::Return`), its lines hold what came back.
    let signed = cell(row, mapping, T::Quantity).map(|value| (value, whole_number(value)));
    let returned = matches!(signed, Some((_, Some(q))) if q < 0);
    let quantity = match signed {
        None => None,
        Some((value, q)) => q
            .and_then(|q| u32::try_from(q.unsigned_abs()).ok())
            .or_else(|| {
                errors.push(FieldIssue::new(
                    Field::Quantity,
                    value,
                    Problem::NotAWholeNumber,
                ));
                None
            }),
    };
    let unit_price = money(row, mapping, T::UnitPrice, Field::UnitPrice, &mut errors);
    if let Some(price) = unit_price.filter(|p| p.cents() < 0) {
        errors.push(FieldIssue::new(
            Field::UnitPrice,
            price.to_string(),
            Problem::Negative,
        ));
    }
    let amount = money(row, mapping, T::Amount, Field::Amount, &mut errors);
    let has_line = product.is_some() || quantity.is_some() || unit_price.is_some();
    let line = has_line.then(|| OrderLine {
        product_id: product.map(|(id, _)| id),
        quantity: quantity.unwrap_or(1),
        unit_price: unit_price
            .or(product.map(|(_, price)| price))
            .unwrap_or_default(),
    });
    if line.is_none() && amount.is_none() && errors.is_empty() {
        errors.push(FieldIssue::new(Field::Amount, "", Problem::EmptyOrder));
    }
    let status = if returned {
        OrderStatus::Return
    } else {
        status
    };
    let order = match (date, errors.is_empty()) {
        (Some(date), true) => Some(Order {
            id: OrderId(0),
            customer_id,
            date,
            status,
            lines: line.into_iter().collect(),
            given_amount: if has_line { None } else { amount },
            external_id: text(row, mapping, T::OrderId),
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }),
        _ => None,
    };
    (order, row.line, errors)
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn a_form_is_checked_like_an_imported_row() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let form = |email: &str, age: &str| {
            customer_from_form(
                &[
                    (TargetField::Name, "  Ada   Lovelace ".into()),
                    (TargetField::Email, email.into()),
                    (TargetField::Age, age.into()),
                    (TargetField::Tags, "vip, north".into()),
                ],
                today,
            )
        };
        let ok = form("ada@example.com", "36");
        let customer = ok.record.expect("valid");
        assert_eq!(customer.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(customer.tags, ["vip", "north"]);
        let bad = form("ada@", "200");
        assert!(bad.record.is_none());
        let fields: Vec<&Field> = bad.errors.iter().map(|e| &e.field).collect();
        assert!(fields.contains(&&Field::Age), "{:?}", bad.errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::{detect_mapping, EntityKind};
    use crate::import::table::read_table;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date")
    }

    fn customers(csv: &str) -> Vec<RowOutcome<Customer>> {
        let table = read_table(csv).expect("table reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Customers);
        read_customers(&table, &mapping, today())
    }

    #[test]
    fn good_and_bad_customer_rows() {
        let outcomes = customers(
            "姓名,性别,年龄,手机,邮箱,生日\n\
             王芳,女,34,13800138000,wang@example.cn,1991/2/3\n\
             Ada,x,abc,,,\n\
             ,M,40,,,\n\
             Bo,N/A,,+44 20 7946 0958,bo@,\n\
             Cy,male,131,,,2030-01-01\n",
        );
        let lines: Vec<_> = outcomes
            .iter()
            .map(|o| (o.line, o.record.is_some()))
            .collect();
        assert_eq!(
            lines,
            vec![(2, true), (3, false), (4, false), (5, true), (6, false)]
        );
        let wang = outcomes[0].record.as_ref().expect("row 2 accepted");
        assert_eq!(wang.name.as_deref(), Some("王芳"));
        assert_eq!(wang.gender, Some(Gender::Female));
        assert_eq!(wang.age, Some(34));
        assert_eq!(wang.birth_date, NaiveDate::from_ymd_opt(1991, 2, 3));
        assert_eq!(outcomes[1].errors.len(), 1, "{:?}", outcomes[1].errors);
        assert_eq!(outcomes[1].errors[0].problem, Problem::NotAWholeNumber);
        assert_eq!(outcomes[2].errors[0].problem, Problem::NoContact);
        assert_eq!(outcomes[3].warnings[0].field, Field::Email);
        assert_eq!(outcomes[3].record.as_ref().and_then(|c| c.gender), None);
        let problems: Vec<_> = outcomes[4]
            .errors
            .iter()
            .map(|e| e.problem.clone())
            .collect();
        assert_eq!(problems, vec![Problem::AgeOutOfRange, Problem::FutureDate]);
    }

    #[test]
    fn first_and_last_names_are_joined_by_script() {
        let outcomes = customers("first name,last name\nAda,Lovelace\n芳,王\n");
        let names: Vec<_> = outcomes
            .iter()
            .map(|o| o.record.as_ref().and_then(|c| c.name.clone()))
            .collect();
        assert_eq!(
            names,
            vec![Some("Ada Lovelace".into()), Some("王芳".into())]
        );
    }

    #[test]
    fn month_first_columns_are_detected() {
        let values = ["03/25/2024", "04/01/2024"];
        assert_eq!(infer_date_order(values.into_iter()), DateOrder::MonthFirst);
        let values = ["25/03/2024", "04/01/2024"];
        assert_eq!(infer_date_order(values.into_iter()), DateOrder::DayFirst);
        // With times, as shops export them.
        let values = ["12/1/2010 8:26", "12/13/2010 9:41"];
        assert_eq!(infer_date_order(values.into_iter()), DateOrder::MonthFirst);
    }

    struct Known;
    impl References for Known {
        fn customer_by_ref(&self, reference: &str) -> Option<CustomerId> {
            (reference == "c1").then_some(CustomerId(1))
        }
        fn customer_by_email(&self, email: &str) -> Option<CustomerId> {
            email
                .eq_ignore_ascii_case("a@x.io")
                .then_some(CustomerId(2))
        }
        fn product_by_ref(&self, reference: &str) -> Option<(ProductId, Money)> {
            (reference == "p1").then_some((ProductId(7), Money(250)))
        }
    }

    #[test]
    fn order_lines_group_by_order_id_and_references_are_checked() {
        let table = read_table(
            "order id,customer id,date,product,qty,unit price\n\
             o1,c1,2024-05-01,p1,2,\n\
             o2,c9,2024-05-02,p1,1,3.00\n\
             o1,c1,2024-05-01,p1,1,9.99\n\
             o3,c1,2024-05-03,zz,1,1\n",
        )
        .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let outcomes = read_orders(&table, &mapping, &Known, today());
        assert_eq!(outcomes.len(), 3);
        let o1 = outcomes[0].record.as_ref().expect("o1 accepted");
        assert_eq!(o1.lines.len(), 2);
        assert_eq!(o1.amount(), Money(2 * 250 + 999));
        assert_eq!(
            outcomes[1].errors[0].problem,
            Problem::UnknownReference("customer")
        );
        assert_eq!(
            outcomes[2].errors[0].problem,
            Problem::UnknownReference("product")
        );
    }

    #[test]
    fn negative_quantities_make_a_return_that_counts_negatively() {
        // As in a public retail history: a cancellation invoice ("C…") with negative
        // quantities, a date with a time, and an order mixing sold and returned lines.
        let table = read_table(
            "Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID\n\
             C9,p1,-12,2010-12-01 10:33:00,2.95,c1\n\
             C9,p1,-1,2010-12-01 10:33:00,2.95,c1\n\
             9,p1,2,2010-12-01 11:00:00,2.95,c1\n\
             9,p1,-1,2010-12-01 11:00:00,2.95,c1\n\
             10,p1,0,2010-12-02 11:00:00,2.95,c1\n",
        )
        .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let outcomes = read_orders(&table, &mapping, &Known, today());
        let back = outcomes[0].record.as_ref().expect("the return is accepted");
        assert_eq!(back.status, OrderStatus::Return);
        assert_eq!(back.external_id.as_deref(), Some("C9"));
        let quantities: Vec<u32> = back.lines.iter().map(|l| l.quantity).collect();
        assert_eq!(quantities, [12, 1]);
        assert_eq!(back.amount(), Money(-13 * 295));
        assert_eq!(
            back.date,
            NaiveDate::from_ymd_opt(2010, 12, 1).expect("a date")
        );
        assert!(
            outcomes[1].record.is_none(),
            "sold and returned lines mixed"
        );
        assert_eq!(outcomes[1].errors[0].problem, Problem::MixedReturn);
        let zero = outcomes[2]
            .record
            .as_ref()
            .expect("a zero quantity is a line");
        assert_eq!(
            (zero.status, zero.amount()),
            (OrderStatus::Completed, Money::ZERO)
        );
    }

    #[test]
    fn orders_by_email_with_amounts_only() {
        let table =
            read_table("email;date;amount\nA@x.io;05.03.2024;-15,00\nb@x.io;2024-03-05;1\n")
                .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let outcomes = read_orders(&table, &mapping, &Known, today());
        let first = outcomes[0].record.as_ref().expect("first accepted");
        assert_eq!(first.customer_id, Some(CustomerId(2)));
        assert_eq!(first.amount(), Money(-1500));
        assert!(outcomes[1].record.is_none());
    }

    #[test]
    fn products_need_a_name_and_a_price() {
        let table =
            read_table("name,price,category\nTea,12.50,Drinks\n,1,X\nCup,abc,Y\nMug,-1,Z\n")
                .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Products);
        let outcomes = read_products(&table, &mapping);
        let accepted: Vec<_> = outcomes.iter().map(|o| o.record.is_some()).collect();
        assert_eq!(accepted, vec![true, false, false, false]);
        assert_eq!(
            outcomes[0].record.as_ref().map(|p| p.price),
            Some(Money(1250))
        );
    }
}
