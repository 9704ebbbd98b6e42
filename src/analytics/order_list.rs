//! The orders and products lists' in-memory views: one row per order (with its customer's name,
//! line count and amount) or per product (with units sold and revenue), searchable, sortable and
//! filterable like the customers list.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::list_index::{fold, ColumnOrder, SortCache, TextSearch};
use crate::model::{CustomerId, Order, OrderId, OrderStatus, Product, ProductId};

/// One order as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: OrderId,
    /// The order's number in the system it came from, if any.
    pub external_id: String,
    pub customer: Option<CustomerId>,
    /// The customer's name ("" when unlinked or unnamed).
    pub customer_name: String,
    pub date: NaiveDate,
    pub status: OrderStatus,
    pub lines: u32,
    pub amount_cents: i64,
}

/// The columns the orders list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderColumn {
    Id,
    Date,
    Customer,
    Status,
    Lines,
    Amount,
}

impl OrderColumn {
    pub const ALL: [OrderColumn; 6] = [
        OrderColumn::Id,
        OrderColumn::Date,
        OrderColumn::Customer,
        OrderColumn::Status,
        OrderColumn::Lines,
        OrderColumn::Amount,
    ];

    /// A stable name for test ids.
    pub fn key(self) -> &'static str {
        match self {
            OrderColumn::Id => "id",
            OrderColumn::Date => "date",
            OrderColumn::Customer => "customer",
            OrderColumn::Status => "status",
            OrderColumn::Lines => "lines",
            OrderColumn::Amount => "amount",
        }
    }
}

/// Conditions on the orders list; every condition that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    /// On or after this day.
    pub from: Option<NaiveDate>,
    /// On or before this day.
    pub to: Option<NaiveDate>,
    pub min_cents: Option<i64>,
    pub max_cents: Option<i64>,
    /// Only orders linked to no customer.
    pub unlinked: bool,
}

impl OrderFilter {
    pub fn matches(&self, row: &OrderRow) -> bool {
        self.status.is_none_or(|s| row.status == s)
            && self.from.is_none_or(|d| row.date >= d)
            && self.to.is_none_or(|d| row.date <= d)
            && self.min_cents.is_none_or(|m| row.amount_cents >= m)
            && self.max_cents.is_none_or(|m| row.amount_cents <= m)
            && (!self.unlinked || row.customer.is_none())
    }
}

/// Every order, searchable (order number, customer name) and sortable.
#[derive(Debug, Clone, Default)]
pub struct OrderIndex {
    rows: Vec<OrderRow>,
    search: TextSearch,
    orders: SortCache<OrderColumn>,
}

impl OrderIndex {
    /// Adds `orders`; `names` gives customers' names by id.
    pub fn add(&mut self, orders: &[Order], names: &HashMap<u64, String>) {
        for order in orders {
            let customer_name = order
                .customer_id
                .and_then(|c| names.get(&c.0).cloned())
                .unwrap_or_default();
            let external_id = order.external_id.clone().unwrap_or_default();
            let number = order.id.to_string();
            self.search
                .push(&[&number, &external_id, &customer_name], "");
            self.rows.push(OrderRow {
                id: order.id,
                external_id,
                customer: order.customer_id,
                customer_name,
                date: order.date,
                status: order.status,
                lines: order.lines.len() as u32,
                amount_cents: order.amount().cents(),
            });
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn row(&self, index: u32) -> &OrderRow {
        &self.rows[index as usize]
    }

    /// Rows matching every word of `query` (order number, external number, customer name).
    pub fn search(&self, query: &str) -> Vec<u32> {
        self.search.search(query)
    }

    /// The rows among `rows` that meet `filter`.
    pub fn filter(&self, mut rows: Vec<u32>, filter: &OrderFilter) -> Vec<u32> {
        if *filter != OrderFilter::default() {
            rows.retain(|&r| filter.matches(self.row(r)));
        }
        rows
    }

    /// `rows` in the order of `column`; equal values by id.
    pub fn sorted(&self, rows: &[u32], column: OrderColumn, descending: bool) -> Vec<u32> {
        let len = self.rows.len();
        let id = |r: u32| self.row(r).id.0;
        let build = || match column {
            OrderColumn::Id => ColumnOrder::by_key(len, id, id),
            OrderColumn::Date => ColumnOrder::by_key(len, |r| self.row(r).date, id),
            OrderColumn::Status => ColumnOrder::by_key(len, |r| self.row(r).status as u8, id),
            OrderColumn::Lines => ColumnOrder::by_key(len, |r| self.row(r).lines, id),
            OrderColumn::Amount => ColumnOrder::by_key(len, |r| self.row(r).amount_cents, id),
            OrderColumn::Customer => {
                ColumnOrder::by_text(len, |r| self.row(r).customer_name.as_str(), id)
            }
        };
        let is_empty =
            |r: u32| column == OrderColumn::Customer && self.row(r).customer_name.is_empty();
        self.orders
            .sorted(len, rows, column, descending, build, is_empty)
    }
}

/// One product as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub product: Product,
    /// Units on order lines of orders that were not cancelled or refunded.
    pub units: i64,
    pub revenue_cents: i64,
}

/// The columns the products list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductColumn {
    Name,
    Sku,
    Category,
    Price,
    Units,
    Revenue,
}

impl ProductColumn {
    pub const ALL: [ProductColumn; 6] = [
        ProductColumn::Name,
        ProductColumn::Sku,
        ProductColumn::Category,
        ProductColumn::Price,
        ProductColumn::Units,
        ProductColumn::Revenue,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProductColumn::Name => "name",
            ProductColumn::Sku => "sku",
            ProductColumn::Category => "category",
            ProductColumn::Price => "price",
            ProductColumn::Units => "units",
            ProductColumn::Revenue => "revenue",
        }
    }
}

/// Every product with its sales, searchable (name, SKU, category) and sortable.
#[derive(Debug, Clone, Default)]
pub struct ProductIndex {
    rows: Vec<ProductRow>,
    search: TextSearch,
    orders: SortCache<ProductColumn>,
}

/// Units and revenue per product id, from order lines; cancelled and refunded orders do not
/// count as sales.
#[derive(Debug, Clone, Default)]
pub struct ProductSales(HashMap<u64, (i64, i64)>);

impl ProductSales {
    pub fn add(&mut self, orders: &[Order]) {
        for order in orders {
            if !order.status.is_sale() {
                continue;
            }
            for line in &order.lines {
                if let Some(ProductId(id)) = line.product_id {
                    let entry = self.0.entry(id).or_default();
                    entry.0 += order.units(line);
                    entry.1 += order.line_total(line).cents();
                }
            }
        }
    }
}

impl ProductIndex {
    pub fn build(products: Vec<Product>, sales: &ProductSales) -> ProductIndex {
        let mut index = ProductIndex::default();
        for product in products {
            let (units, revenue_cents) = sales.0.get(&product.id.0).copied().unwrap_or_default();
            index.search.push(
                &[
                    &product.name,
                    product.sku.as_deref().unwrap_or(""),
                    product.category.as_deref().unwrap_or(""),
                ],
                "",
            );
            index.rows.push(ProductRow {
                product,
                units,
                revenue_cents,
            });
        }
        index
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn row(&self, index: u32) -> &ProductRow {
        &self.rows[index as usize]
    }

    pub fn search(&self, query: &str) -> Vec<u32> {
        self.search.search(query)
    }

    /// The rows among `rows` in `category` (case- and accent-insensitive; "" for any).
    pub fn in_category(&self, mut rows: Vec<u32>, category: &str) -> Vec<u32> {
        let wanted = fold(category.trim());
        if !wanted.is_empty() {
            rows.retain(|&r| fold(self.row(r).product.category.as_deref().unwrap_or("")) == wanted);
        }
        rows
    }

    /// Every category in use, sorted.
    pub fn categories(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .rows
            .iter()
            .filter_map(|r| r.product.category.clone())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    pub fn sorted(&self, rows: &[u32], column: ProductColumn, descending: bool) -> Vec<u32> {
        let len = self.rows.len();
        let id = |r: u32| self.row(r).product.id.0;
        let text = move |r: u32| -> &str {
            let p = &self.row(r).product;
            match column {
                ProductColumn::Name => &p.name,
                ProductColumn::Sku => p.sku.as_deref().unwrap_or(""),
                ProductColumn::Category => p.category.as_deref().unwrap_or(""),
                _ => "",
            }
        };
        let build = || match column {
            ProductColumn::Price => ColumnOrder::by_key(len, |r| self.row(r).product.price, id),
            ProductColumn::Units => ColumnOrder::by_key(len, |r| self.row(r).units, id),
            ProductColumn::Revenue => ColumnOrder::by_key(len, |r| self.row(r).revenue_cents, id),
            _ => ColumnOrder::by_text(len, text, id),
        };
        self.orders
            .sorted(len, rows, column, descending, build, |r| text(r).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, OrderLine};

    fn order(
        id: u64,
        customer: Option<u64>,
        day: u32,
        status: OrderStatus,
        lines: &[(u64, u32, i64)],
    ) -> Order {
        Order {
            id: OrderId(id),
            customer_id: customer.map(CustomerId),
            date: NaiveDate::from_ymd_opt(2026, 3, day).expect("a date"),
            status,
            lines: lines
                .iter()
                .map(|&(p, q, cents)| OrderLine {
                    product_id: Some(ProductId(p)),
                    quantity: q,
                    unit_price: Money(cents),
                })
                .collect(),
            given_amount: None,
            external_id: Some(format!("SHOP-{id}")),
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    fn orders() -> Vec<Order> {
        vec![
            order(1, Some(7), 3, OrderStatus::Paid, &[(1, 2, 500)]),
            order(
                2,
                None,
                1,
                OrderStatus::Cancelled,
                &[(1, 1, 500), (2, 1, 300)],
            ),
            order(3, Some(8), 2, OrderStatus::Completed, &[(2, 3, 300)]),
        ]
    }

    #[test]
    fn orders_are_found_by_number_and_customer_and_filtered() {
        let names = HashMap::from([(7, "Émile Zola".to_owned()), (8, "王芳".to_owned())]);
        let mut index = OrderIndex::default();
        index.add(&orders(), &names);
        assert_eq!(index.search("shop-3"), [2]);
        assert_eq!(index.search("emile"), [0]);
        assert_eq!(index.search("O2"), [1]);
        let all = index.search("");
        let by_date = index.sorted(&all, OrderColumn::Date, false);
        assert_eq!(by_date, [1, 2, 0]);
        assert_eq!(index.sorted(&all, OrderColumn::Amount, true), [0, 2, 1]);
        // Unlinked orders have no name: last in either direction.
        assert_eq!(index.sorted(&all, OrderColumn::Customer, true), [2, 0, 1]);
        let unlinked = OrderFilter {
            unlinked: true,
            ..OrderFilter::default()
        };
        assert_eq!(index.filter(all.clone(), &unlinked), [1]);
        let march_2_on = OrderFilter {
            from: NaiveDate::from_ymd_opt(2026, 3, 2),
            min_cents: Some(901),
            ..OrderFilter::default()
        };
        assert_eq!(index.filter(all, &march_2_on), [0]);
    }

    #[test]
    fn product_sales_leave_out_cancelled_orders() {
        let product = |id: u64, name: &str, category: &str| Product {
            id: ProductId(id),
            name: name.into(),
            sku: Some(format!("SKU-{id}")),
            price: Money(100 * id as i64),
            category: Some(category.into()),
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        let mut sales = ProductSales::default();
        sales.add(&orders());
        let index = ProductIndex::build(
            vec![
                product(1, "Green tea", "Tea"),
                product(2, "Mug", "Kitchen"),
                product(3, "Spoon", "kitchen"),
            ],
            &sales,
        );
        assert_eq!((index.row(0).units, index.row(0).revenue_cents), (2, 1000));
        assert_eq!((index.row(1).units, index.row(1).revenue_cents), (3, 900));
        assert_eq!(index.row(2).units, 0);
        assert_eq!(index.search("sku-2"), [1]);
        assert_eq!(index.in_category(index.search(""), "KITCHEN"), [1, 2]);
        let all = index.search("");
        assert_eq!(index.sorted(&all, ProductColumn::Revenue, true), [0, 1, 2]);
        assert_eq!(index.sorted(&all, ProductColumn::Name, false), [0, 1, 2]);
        assert_eq!(index.categories(), ["Kitchen", "Tea", "kitchen"]);
    }
}
