//! The columnar view the dashboard analyses (pure): customers, products and the orders that
//! count as sales, as plain vectors of small integers, days and cents, loaded from the store
//! in batches.
//!
//! Which orders count: every order except cancelled and refunded ones (their money did not
//! stay). An order with a negative amount is a refund: it lowers its customer's total but is
//! not a purchase. An order whose customer was deleted still counts towards revenue, but
//! towards no customer's figures.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::model::{Customer, Order, Product};

/// No customer, product or category.
pub const NONE: u32 = u32::MAX;

/// A calendar date as days from the common era (dates are calendar dates, never instants).
pub fn day_of(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The date of a day number.
pub fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

/// Customers, products and counted orders, column by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Customer ids in ascending order; a customer's place here is its index everywhere.
    pub customer_ids: Vec<u64>,
    /// Age in whole years on the day the facts were built, when known.
    pub customer_age: Vec<Option<u16>>,
    /// Product ids in ascending order.
    pub product_ids: Vec<u64>,
    pub product_names: Vec<String>,
    /// Each product's category (an index into `categories`), or [`NONE`].
    pub product_category: Vec<u32>,
    /// Category names, sorted.
    pub categories: Vec<String>,
    /// Per counted order: its customer's index or [`NONE`], its date, its amount in cents.
    pub order_customer: Vec<u32>,
    pub order_day: Vec<i32>,
    pub order_amount: Vec<i64>,
    /// Per line of a counted order: the order's index, the product's index or [`NONE`], the
    /// quantity and the line's amount in cents. Orders without lines have none here.
    pub line_order: Vec<u32>,
    pub line_product: Vec<u32>,
    pub line_quantity: Vec<u32>,
    pub line_amount: Vec<i64>,
}

impl Facts {
    pub fn customers(&self) -> usize {
        self.customer_ids.len()
    }

    pub fn orders(&self) -> usize {
        self.order_day.len()
    }

    /// The first and last order day, if there are orders.
    pub fn day_span(&self) -> Option<(i32, i32)> {
        let first = *self.order_day.iter().min()?;
        let last = *self.order_day.iter().max()?;
        Some((first, last))
    }

    /// A category's index by name.
    pub fn category(&self, name: &str) -> Option<u32> {
        self.categories
            .binary_search_by(|c| c.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }
}

/// An order as read, before customers and products are numbered.
struct RawOrder {
    customer: Option<u64>,
    day: i32,
    amount: i64,
    lines: std::ops::Range<usize>,
}

/// Builds [`Facts`] from records added in any order and in batches.
#[derive(Default)]
pub struct FactsBuilder {
    today: Option<NaiveDate>,
    customers: Vec<(u64, Option<u16>)>,
    products: Vec<(u64, String, Option<String>)>,
    orders: Vec<RawOrder>,
    /// (product id, quantity, amount) per line.
    lines: Vec<(Option<u64>, u32, i64)>,
}

impl FactsBuilder {
    /// Ages are worked out on `today`.
    pub fn new(today: NaiveDate) -> FactsBuilder {
        FactsBuilder {
            today: Some(today),
            ..FactsBuilder::default()
        }
    }

    pub fn add_customers(&mut self, customers: &[Customer]) {
        let today = self.today.unwrap_or(NaiveDate::MIN);
        self.customers.extend(customers.iter().map(|c| {
            let age = c.age_on(today).and_then(|a| u16::try_from(a).ok());
            (c.id.0, age)
        }));
    }

    pub fn add_products(&mut self, products: &[Product]) {
        self.products.extend(products.iter().map(|p| {
            let category = p.category.as_ref().map(|c| c.trim().to_owned());
            (p.id.0, p.name.clone(), category.filter(|c| !c.is_empty()))
        }));
    }

    /// Adds the orders that count as sales (see the module's notes).
    pub fn add_orders(&mut self, orders: &[Order]) {
        for order in orders.iter().filter(|o| o.status.is_sale()) {
            let start = self.lines.len();
            self.lines.extend(
                order
                    .lines
                    .iter()
                    .map(|l| (l.product_id.map(|p| p.0), l.quantity, l.total().cents())),
            );
            self.orders.push(RawOrder {
                customer: order.customer_id.map(|c| c.0),
                day: day_of(order.date),
                amount: order.amount().cents(),
                lines: start..self.lines.len(),
            });
        }
    }

    pub fn finish(mut self) -> Facts {
        let mut facts = Facts::default();
        self.customers.sort_unstable_by_key(|c| c.0);
        self.customers.dedup_by_key(|c| c.0);
        let customer_at: HashMap<u64, u32> = self
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.0, i as u32))
            .collect();
        (facts.customer_ids, facts.customer_age) = self.customers.into_iter().unzip();

        self.products.sort_unstable_by_key(|p| p.0);
        self.products.dedup_by_key(|p| p.0);
        let mut categories: Vec<String> =
            self.products.iter().filter_map(|p| p.2.clone()).collect();
        categories.sort_unstable();
        categories.dedup();
        let product_at: HashMap<u64, u32> = self
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.0, i as u32))
            .collect();
        for (id, name, category) in self.products {
            facts.product_ids.push(id);
            facts.product_names.push(name);
            let at = category.and_then(|c| categories.binary_search(&c).ok());
            facts.product_category.push(at.map_or(NONE, |i| i as u32));
        }
        facts.categories = categories;

        // Orders in date order, so that anything read in order reads in time.
        self.orders.sort_by_key(|o| o.day);
        for (index, order) in self.orders.iter().enumerate() {
            let customer = order.customer.and_then(|c| customer_at.get(&c).copied());
            facts.order_customer.push(customer.unwrap_or(NONE));
            facts.order_day.push(order.day);
            facts.order_amount.push(order.amount);
            for &(product, quantity, amount) in &self.lines[order.lines.clone()] {
                facts.line_order.push(index as u32);
                let product = product.and_then(|p| product_at.get(&p).copied());
                facts.line_product.push(product.unwrap_or(NONE));
                facts.line_quantity.push(quantity);
                facts.line_amount.push(amount);
            }
        }
        facts
    }
}

/// Builds facts in one go (tests, benchmarks, the worker).
pub fn facts_of(
    customers: &[Customer],
    products: &[Product],
    orders: &[Order],
    today: NaiveDate,
) -> Facts {
    let mut builder = FactsBuilder::new(today);
    builder.add_customers(customers);
    builder.add_products(products);
    builder.add_orders(orders);
    builder.finish()
}
