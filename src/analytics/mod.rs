//! Analytics over columnar in-memory views (pure): order lines read straight from an orders
//! file or loaded from the store, and the per-customer figures built from them.
//!
//! The columnar view is what makes analysis fast at a million order lines: every column is a
//! plain vector, text keys are interned once into small integers, and money stays in cents.

mod customer_list;
mod dict;
mod lines;
mod list_index;
mod order_list;
mod per_customer;
mod transfer;

pub use customer_list::{
    CustomerFilter, CustomerIndex, CustomerIndexBuilder, CustomerRow, SavedView, SortColumn,
};
pub use dict::Dict;
pub use lines::{
    line_start_after, parse_cents, read_header, read_lines, split_points, Columns, LinesError,
    OrderLines, MISSING,
};
pub use list_index::{fold, ColumnOrder, SortCache, TextSearch};
pub use order_list::{
    OrderColumn, OrderFilter, OrderIndex, OrderRow, ProductColumn, ProductIndex, ProductRow,
    ProductSales,
};
pub use per_customer::PerCustomer;
