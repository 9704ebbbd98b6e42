//! The orders area: the list (search, sort, filters, virtualized rows) and the order editor
//! (customer, date, status, lines with a product picker and computed amounts).

mod editor;
mod list;

use crate::i18n::Msg;
use crate::model::OrderStatus;

pub use editor::OrderPage;
pub use list::{provide_order_index, OrdersPage};

/// An order status in the UI's words.
pub fn status_label(status: OrderStatus) -> Msg {
    match status {
        OrderStatus::Pending => Msg::StatusPending,
        OrderStatus::Paid => Msg::StatusPaid,
        OrderStatus::Shipped => Msg::StatusShipped,
        OrderStatus::Completed => Msg::StatusCompleted,
        OrderStatus::Cancelled => Msg::StatusCancelled,
        OrderStatus::Refunded => Msg::StatusRefunded,
        OrderStatus::Return => Msg::StatusReturn,
    }
}
