//! Products, orders with their lines, and notes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CustomerId, Money, NoteId, OrderId, ProductId, Timestamp};

/// Something that is sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    pub price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: u32,
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Paid,
    Shipped,
    #[default]
    Completed,
    Cancelled,
    Refunded,
    /// Goods that came back: a document of its own (as a credit note), whose lines say what was
    /// returned and whose amount counts negatively. Files mark returns with negative quantities.
    Return,
}

impl OrderStatus {
    /// Every status.
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Pending,
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
        OrderStatus::Return,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
            OrderStatus::Return => "return",
        }
    }

    /// Whether an order in this status counts as a sale (in revenue and purchase figures):
    /// every status but cancelled and refunded, whose money did not stay. A return counts, with
    /// its amount negative.
    pub fn is_sale(self) -> bool {
        !matches!(self, OrderStatus::Cancelled | OrderStatus::Refunded)
    }

    /// Reads a status in English or Chinese.
    pub fn parse(text: &str) -> Option<OrderStatus> {
        let lower = text.trim().to_lowercase();
        let status = match lower.as_str() {
            "pending" | "new" | "open" | "待付款" | "待处理" => OrderStatus::Pending,
            "paid" | "已付款" => OrderStatus::Paid,
            "shipped" | "sent" | "已发货" => OrderStatus::Shipped,
            "completed" | "complete" | "done" | "delivered" | "closed" | "已完成" | "完成" => {
                OrderStatus::Completed
            }
            "cancelled" | "canceled" | "void" | "已取消" | "取消" => OrderStatus::Cancelled,
            "refunded" | "returned" | "refund" | "已退款" | "退款" => OrderStatus::Refunded,
            "return" | "credit note" | "退货" | "退货单" => OrderStatus::Return,
            _ => return None,
        };
        Some(status)
    }
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<ProductId>,
    pub quantity: u32,
    pub unit_price: Money,
}

impl OrderLine {
    /// Quantity × unit price.
    pub fn total(&self) -> Money {
        self.unit_price * i64::from(self.quantity)
    }
}

/// An order. Its amount is the sum of its lines, or the amount given at import when it has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    /// `None` when the customer was deleted and the user chose to keep the order unlinked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<CustomerId>,
    pub date: NaiveDate,
    #[serde(default)]
    pub status: OrderStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<OrderLine>,
    /// The amount as imported, for orders without lines (negative for refunds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: u32,
}

impl Order {
    /// +1, or −1 for a return (whose lines and amount count negatively).
    pub fn sign(&self) -> i64 {
        if self.status == OrderStatus::Return {
            -1
        } else {
            1
        }
    }

    /// A line's quantity as it counts: negative on a return.
    pub fn units(&self, line: &OrderLine) -> i64 {
        self.sign() * i64::from(line.quantity)
    }

    /// A line's total as it counts: negative on a return.
    pub fn line_total(&self, line: &OrderLine) -> Money {
        line.total() * self.sign()
    }

    /// What the order adds to its customer's spend: its amount when it is a sale (a refund's
    /// negative amount included), nothing when it was cancelled or refunded.
    pub fn spend(&self) -> Money {
        if self.status.is_sale() {
            self.amount()
        } else {
            Money::ZERO
        }
    }

    /// Whether the order is a purchase: a sale of zero or more (a negative sale is a refund).
    pub fn is_purchase(&self) -> bool {
        self.status.is_sale() && self.amount().cents() >= 0
    }

    /// The order's amount: the sum of its lines, else the amount given at import, else zero;
    /// never positive for a return.
    pub fn amount(&self) -> Money {
        if self.lines.is_empty() {
            let given = self.given_amount.unwrap_or(Money::ZERO);
            if self.status == OrderStatus::Return {
                Money(-given.cents().abs())
            } else {
                given
            }
        } else {
            self.lines.iter().map(|line| self.line_total(line)).sum()
        }
    }
}

/// A free-text note on a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub customer_id: CustomerId,
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: u32,
}

/// The most characters a note can hold (a long email pasted in fits; a whole file does not).
pub const NOTE_MAX_CHARS: usize = 10_000;

/// Why a note's text cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteProblem {
    Empty,
    TooLong,
}

impl Note {
    /// The text to store for what the user typed: trimmed, not empty, at most
    /// [`NOTE_MAX_CHARS`] characters.
    pub fn checked_body(text: &str) -> Result<String, NoteProblem> {
        let body = text.trim();
        if body.is_empty() {
            Err(NoteProblem::Empty)
        } else if body.chars().count() > NOTE_MAX_CHARS {
            Err(NoteProblem::TooLong)
        } else {
            Ok(body.to_owned())
        }
    }
}

impl Order {
    /// A one-line order for tests: `cents` for one unit of no product, on day `date`
    /// (`YYYY-MM-DD`).
    #[cfg(test)]
    pub(crate) fn for_test(
        id: u64,
        customer: Option<u64>,
        date: &str,
        cents: i64,
        status: OrderStatus,
    ) -> Order {
        Order {
            id: OrderId(id),
            customer_id: customer.map(CustomerId),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a day"),
            status,
            lines: vec![OrderLine {
                product_id: None,
                quantity: 1,
                unit_price: Money(cents),
            }],
            given_amount: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(lines: Vec<OrderLine>, given: Option<Money>) -> Order {
        Order {
            id: OrderId(1),
            customer_id: Some(CustomerId(1)),
            date: NaiveDate::from_ymd_opt(2024, 2, 29).expect("leap day"),
            status: OrderStatus::Completed,
            lines,
            given_amount: given,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn cancelled_orders_add_no_spend_and_refunds_are_no_purchase() {
        let mut sale = order(vec![], Some(Money::new(12, 50)));
        assert_eq!(
            (sale.spend(), sale.is_purchase()),
            (Money::new(12, 50), true)
        );
        sale.status = OrderStatus::Cancelled;
        assert_eq!((sale.spend(), sale.is_purchase()), (Money::ZERO, false));
        let refund = order(vec![], Some(Money::new(-3, 0)));
        assert_eq!(
            (refund.spend(), refund.is_purchase()),
            (Money::new(-3, 0), false)
        );
    }

    #[test]
    fn amount_is_the_sum_of_lines_not_count_times_price() {
        let lines = vec![
            OrderLine {
                product_id: Some(ProductId(1)),
                quantity: 3,
                unit_price: Money::new(19, 99),
            },
            OrderLine {
                product_id: Some(ProductId(2)),
                quantity: 1,
                unit_price: Money::new(5, 1),
            },
        ];
        assert_eq!(order(lines, Some(Money(1))).amount(), Money(5997 + 501));
        assert_eq!(order(vec![], Some(Money(-1500))).amount(), Money(-1500));
        assert_eq!(order(vec![], None).amount(), Money::ZERO);
    }

    #[test]
    fn a_return_counts_negatively_and_is_no_purchase() {
        let line = OrderLine {
            product_id: Some(ProductId(1)),
            quantity: 12,
            unit_price: Money::new(2, 95),
        };
        let mut back = order(vec![line.clone()], None);
        back.status = OrderStatus::Return;
        assert_eq!(back.amount(), Money(-3540));
        assert_eq!((back.spend(), back.is_purchase()), (Money(-3540), false));
        assert_eq!(
            (back.units(&line), back.line_total(&line)),
            (-12, Money(-3540))
        );
        // A return without lines: the amount is negative whichever sign the file gave.
        let mut given = order(vec![], Some(Money(3540)));
        given.status = OrderStatus::Return;
        assert_eq!(given.amount(), Money(-3540));
        given.given_amount = Some(Money(-3540));
        assert_eq!(given.amount(), Money(-3540));
        assert_eq!(OrderStatus::parse("退货"), Some(OrderStatus::Return));
        assert_eq!(OrderStatus::parse("returned"), Some(OrderStatus::Refunded));
    }

    #[test]
    fn note_text_is_trimmed_and_bounded() {
        assert_eq!(
            Note::checked_body("  call back \n"),
            Ok("call back".to_owned())
        );
        assert_eq!(Note::checked_body(" \n\t"), Err(NoteProblem::Empty));
        let long = "字".repeat(NOTE_MAX_CHARS);
        assert_eq!(Note::checked_body(&long).map(|b| b.len()), Ok(long.len()));
        assert_eq!(
            Note::checked_body(&format!("{long}x")),
            Err(NoteProblem::TooLong)
        );
    }

    #[test]
    fn statuses_round_trip_and_read_chinese() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OrderStatus::parse("已退款"), Some(OrderStatus::Refunded));
        assert_eq!(OrderStatus::parse("lost"), None);
    }
}
