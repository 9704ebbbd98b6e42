//! What people type into the product and order editors, and turning it into records: every
//! value is checked, and a record comes out only when nothing is wrong.

use chrono::NaiveDate;

use super::validate::{parse_date, DateOrder, Field, FieldIssue, Problem};
use super::{validate_order, validate_product, CustomerId, Money, Order, OrderLine, OrderStatus};
use super::{Product, ProductId};

/// The most units one order line can have (a typo of extra zeros is refused, not stored).
pub const MAX_QUANTITY: u32 = 1_000_000;

/// A product as the editor holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductDraft {
    pub name: String,
    pub sku: String,
    pub price: String,
    pub category: String,
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl ProductDraft {
    pub fn from_product(product: &Product) -> ProductDraft {
        ProductDraft {
            name: product.name.clone(),
            sku: product.sku.clone().unwrap_or_default(),
            price: product.price.to_string(),
            category: product.category.clone().unwrap_or_default(),
        }
    }

    /// `base` with the draft's values, or what is wrong with them.
    pub fn to_product(&self, base: &Product) -> Result<Product, Vec<FieldIssue>> {
        let mut issues = Vec::new();
        let price = match Money::parse(&self.price) {
            Ok(price) => price,
            Err(error) => {
                issues.push(FieldIssue::new(
                    Field::Price,
                    self.price.trim(),
                    Problem::BadAmount(error.to_string()),
                ));
                Money::ZERO
            }
        };
        let product = Product {
            name: self.name.trim().to_owned(),
            sku: optional(&self.sku),
            price,
            category: optional(&self.category),
            ..base.clone()
        };
        issues.extend(validate_product(&product));
        if issues.is_empty() {
            Ok(product)
        } else {
            Err(issues)
        }
    }
}

/// One order line as the editor holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineDraft {
    pub product: Option<ProductId>,
    pub quantity: String,
    pub unit_price: String,
}

impl LineDraft {
    /// The line's amount, when quantity and price can be read.
    pub fn total(&self) -> Option<Money> {
        let quantity: u32 = self.quantity.trim().parse().ok()?;
        let price = Money::parse(&self.unit_price).ok()?;
        Some(Money(price.cents().checked_mul(i64::from(quantity))?))
    }
}

/// An order as the editor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDraft {
    pub customer: Option<CustomerId>,
    pub date: String,
    pub status: OrderStatus,
    pub lines: Vec<LineDraft>,
}

/// A problem in the order editor: the line it is on (`None` for the order's own fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderIssue {
    pub line: Option<usize>,
    pub issue: FieldIssue,
}

impl OrderDraft {
    pub fn from_order(order: &Order) -> OrderDraft {
        OrderDraft {
            customer: order.customer_id,
            date: order.date.format("%Y-%m-%d").to_string(),
            status: order.status,
            lines: order
                .lines
                .iter()
                .map(|line| LineDraft {
                    product: line.product_id,
                    quantity: line.quantity.to_string(),
                    unit_price: line.unit_price.to_string(),
                })
                .collect(),
        }
    }

    /// The order's amount as far as its lines can be read (negative for a return).
    pub fn total(&self) -> Money {
        let sign = if self.status == OrderStatus::Return {
            -1
        } else {
            1
        };
        self.lines
            .iter()
            .filter_map(LineDraft::total)
            .sum::<Money>()
            * sign
    }

    /// `base` with the draft's values, or every problem found. An order needs a date (not in
    /// the future) and at least one line; a line needs a product, a whole quantity from 1 to
    /// [`MAX_QUANTITY`] and a price that is not negative.
    pub fn to_order(&self, base: &Order, today: NaiveDate) -> Result<Order, Vec<OrderIssue>> {
        let mut issues = Vec::new();
        let own = |issue: FieldIssue| OrderIssue { line: None, issue };
        let date = parse_date(&self.date, DateOrder::DayFirst);
        if date.is_none() {
            let problem = if self.date.trim().is_empty() {
                Problem::Missing
            } else {
                Problem::BadDate
            };
            issues.push(own(FieldIssue::new(
                Field::OrderDate,
                self.date.trim(),
                problem,
            )));
        }
        let mut lines = Vec::new();
        for (at, draft) in self.lines.iter().enumerate() {
            let mut on_line = |field: Field, value: &str, problem: Problem| {
                issues.push(OrderIssue {
                    line: Some(at),
                    issue: FieldIssue::new(field, value.trim(), problem),
                })
            };
            if draft.product.is_none() {
                on_line(Field::Product, "", Problem::Missing);
            }
            let quantity = match draft.quantity.trim().parse::<u32>() {
                Ok(q) if (1..=MAX_QUANTITY).contains(&q) => q,
                _ => {
                    on_line(Field::Quantity, &draft.quantity, Problem::NotAWholeNumber);
                    0
                }
            };
            let unit_price = match Money::parse(&draft.unit_price) {
                Ok(price) if price.cents() >= 0 => price,
                Ok(_) => {
                    on_line(Field::UnitPrice, &draft.unit_price, Problem::Negative);
                    Money::ZERO
                }
                Err(error) => {
                    let problem = Problem::BadAmount(error.to_string());
                    on_line(Field::UnitPrice, &draft.unit_price, problem);
                    Money::ZERO
                }
            };
            lines.push(OrderLine {
                product_id: draft.product,
                quantity,
                unit_price,
            });
        }
        let order = Order {
            customer_id: self.customer,
            date: date.unwrap_or(base.date),
            status: self.status,
            lines,
            // The lines give the amount; a total typed in an import no longer applies.
            given_amount: None,
            ..base.clone()
        };
        if date.is_some() {
            issues.extend(validate_order(&order, today).into_iter().map(own));
        }
        if issues.is_empty() {
            Ok(order)
        } else {
            Err(issues)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OrderId;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date")
    }

    fn base() -> Order {
        Order {
            id: OrderId(4),
            customer_id: None,
            date: today(),
            status: OrderStatus::Pending,
            lines: Vec::new(),
            given_amount: Some(Money(999)),
            external_id: Some("SHOP-4".into()),
            demo: false,
            created_at: 1,
            updated_at: 2,
            version: 3,
        }
    }

    fn line(product: Option<u64>, quantity: &str, price: &str) -> LineDraft {
        LineDraft {
            product: product.map(ProductId),
            quantity: quantity.into(),
            unit_price: price.into(),
        }
    }

    #[test]
    fn a_valid_draft_becomes_the_order_with_computed_amount() {
        let draft = OrderDraft {
            customer: Some(CustomerId(9)),
            date: "2026-06-01".into(),
            status: OrderStatus::Paid,
            lines: vec![line(Some(1), "3", "2.50"), line(Some(2), " 1 ", "10")],
        };
        assert_eq!(draft.total(), Money(1750));
        let order = draft.to_order(&base(), today()).expect("valid");
        assert_eq!(order.amount(), Money(1750));
        assert_eq!((order.id, order.version), (OrderId(4), 3));
        assert_eq!(order.external_id.as_deref(), Some("SHOP-4"));
        assert_eq!(
            OrderDraft::from_order(&order),
            OrderDraft {
                date: "2026-06-01".into(),
                lines: vec![line(Some(1), "3", "2.50"), line(Some(2), "1", "10.00")],
                ..draft
            }
        );
    }

    #[test]
    fn every_problem_is_reported_on_its_line() {
        let draft = OrderDraft {
            customer: None,
            date: "31/02/2026".into(),
            status: OrderStatus::Paid,
            lines: vec![
                line(None, "2", "1"),
                line(Some(1), "0", "-1"),
                line(Some(1), "2000000", "lots"),
            ],
        };
        let issues = draft.to_order(&base(), today()).expect_err("invalid");
        let on = |line: Option<usize>, field: Field| {
            issues
                .iter()
                .any(|i| i.line == line && i.issue.field == field)
        };
        assert!(on(None, Field::OrderDate));
        assert!(on(Some(0), Field::Product));
        assert!(on(Some(1), Field::Quantity));
        assert!(on(Some(1), Field::UnitPrice));
        assert!(on(Some(2), Field::Quantity));
        assert!(on(Some(2), Field::UnitPrice));
        let empty = OrderDraft {
            lines: Vec::new(),
            date: "2026-06-01".into(),
            ..draft.clone()
        };
        let issues = empty.to_order(&base(), today()).expect_err("no lines");
        assert_eq!(issues[0].issue.problem, Problem::EmptyOrder);
        let future = OrderDraft {
            date: "2027-01-01".into(),
            lines: vec![line(Some(1), "1", "1")],
            ..draft
        };
        let issues = future.to_order(&base(), today()).expect_err("future");
        assert_eq!(issues[0].issue.problem, Problem::FutureDate);
    }

    #[test]
    fn products_need_a_name_and_a_price_that_reads() {
        let base = Product {
            id: ProductId(2),
            name: "Old".into(),
            sku: None,
            price: Money(100),
            category: None,
            external_id: None,
            demo: true,
            created_at: 0,
            updated_at: 0,
            version: 5,
        };
        let draft = ProductDraft {
            name: " Green tea ".into(),
            sku: "".into(),
            price: "¥12.50".into(),
            category: "Tea".into(),
        };
        let product = draft.to_product(&base).expect("valid");
        assert_eq!(product.name, "Green tea");
        assert_eq!(
            (product.price, product.sku, product.version),
            (Money(1250), None, 5)
        );
        let bad = ProductDraft {
            name: " ".into(),
            price: "-3".into(),
            ..draft
        };
        let issues = bad.to_product(&base).expect_err("invalid");
        let fields: Vec<Field> = issues.into_iter().map(|i| i.field).collect();
        assert_eq!(fields, [Field::Name, Field::Price]);
    }
}
