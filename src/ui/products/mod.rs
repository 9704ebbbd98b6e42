//! The products area: the list (search, sort, category filter, units sold and revenue) and the
//! product editor.

mod editor;
mod list;

pub use editor::ProductPage;
pub use list::{provide_product_index, ProductsPage};
