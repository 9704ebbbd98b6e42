//! The customers area: the list (search, sort, virtualized rows) and a customer's page (figures,
//! editing, order timeline).

mod bulk;
mod custom;
mod delete;
mod detail;
mod filters;
mod form;
mod index;
mod list;
mod personal;
mod timeline;
mod views;

pub use custom::CustomFieldsEditor;
pub use detail::CustomerPage;
pub use index::{customer_index, forget_customer_index, provide_customer_index};
pub use list::CustomersPage;
