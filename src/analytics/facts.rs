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

use super::transfer::{put_texts, Cursor};
use super::LinesError;
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
    /// Names (empty when unknown), for tables and exports.
    pub customer_names: Vec<String>,
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
    /// Negative on a return.
    pub line_quantity: Vec<i32>,
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

/// Fixed-width little-endian numbers, for the byte form.
trait Le: Sized + Copy {
    const WIDTH: usize;
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8]) -> Self;
}

macro_rules! le {
    ($($t:ty),*) => {$(
        impl Le for $t {
            const WIDTH: usize = std::mem::size_of::<$t>();
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().expect("the cursor cut WIDTH bytes"))
            }
        }
    )*};
}
le!(u16, u32, i32, u64, i64);

fn put<T: Le>(out: &mut Vec<u8>, column: &[T]) {
    out.extend_from_slice(&(column.len() as u64).to_le_bytes());
    for &v in column {
        v.put(out);
    }
}

fn get<T: Le>(r: &mut Cursor<'_>) -> Result<Vec<T>, LinesError> {
    let n = r.count()?;
    r.column(n, T::WIDTH, T::get)
}

/// An age the byte form writes for "unknown".
const NO_AGE: u16 = u16::MAX;

impl Facts {
    /// The facts as one buffer, to move them to the worker (an `ArrayBuffer` is transferred,
    /// not copied; column by column, little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.customers() * 10 + self.orders() * 16 + self.line_amount.len() * 20 + 1024,
        );
        put(&mut out, &self.customer_ids);
        let ages: Vec<u16> = self
            .customer_age
            .iter()
            .map(|a| a.unwrap_or(NO_AGE))
            .collect();
        put(&mut out, &ages);
        put_texts(&mut out, &self.customer_names);
        put(&mut out, &self.product_ids);
        put_texts(&mut out, &self.product_names);
        put(&mut out, &self.product_category);
        put_texts(&mut out, &self.categories);
        put(&mut out, &self.order_customer);
        put(&mut out, &self.order_day);
        put(&mut out, &self.order_amount);
        put(&mut out, &self.line_order);
        put(&mut out, &self.line_product);
        put(&mut out, &self.line_quantity);
        put(&mut out, &self.line_amount);
        out
    }

    /// Facts from [`Facts::to_bytes`]; a damaged buffer (lengths that disagree, indexes out
    /// of range) is an error, never a panic later.
    pub fn from_bytes(bytes: &[u8]) -> Result<Facts, LinesError> {
        let mut r = Cursor { bytes, at: 0 };
        let customer_ids = get(&mut r)?;
        let ages: Vec<u16> = get(&mut r)?;
        let facts = Facts {
            customer_ids,
            customer_names: r.texts()?,
            customer_age: ages
                .into_iter()
                .map(|a| (a != NO_AGE).then_some(a))
                .collect(),
            product_ids: get(&mut r)?,
            product_names: r.texts()?,
            product_category: get(&mut r)?,
            categories: r.texts()?,
            order_customer: get(&mut r)?,
            order_day: get(&mut r)?,
            order_amount: get(&mut r)?,
            line_order: get(&mut r)?,
            line_product: get(&mut r)?,
            line_quantity: get(&mut r)?,
            line_amount: get(&mut r)?,
        };
        let (customers, products, orders) =
            (facts.customers(), facts.product_ids.len(), facts.orders());
        let index_ok =
            |column: &[u32], len: usize| column.iter().all(|&i| i == NONE || (i as usize) < len);
        let consistent = r.at == bytes.len()
            && facts.customer_age.len() == customers
            && facts.customer_names.len() == customers
            && facts.product_names.len() == products
            && facts.product_category.len() == products
            && facts.order_customer.len() == orders
            && facts.order_amount.len() == orders
            && facts.line_product.len() == facts.line_order.len()
            && facts.line_quantity.len() == facts.line_order.len()
            && facts.line_amount.len() == facts.line_order.len()
            && index_ok(&facts.product_category, facts.categories.len())
            && index_ok(&facts.order_customer, customers)
            && index_ok(&facts.line_product, products)
            && facts.line_order.iter().all(|&o| (o as usize) < orders);
        if consistent {
            Ok(facts)
        } else {
            Err(LinesError::BadPart)
        }
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
    customers: Vec<(u64, Option<u16>, String)>,
    products: Vec<(u64, String, Option<String>)>,
    orders: Vec<RawOrder>,
    /// (product id, quantity, amount) per line.
    lines: Vec<(Option<u64>, i32, i64)>,
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
            (c.id.0, age, c.name.clone().unwrap_or_default())
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
            self.lines.extend(order.lines.iter().map(|l| {
                let units = order.units(l).clamp(i32::MIN.into(), i32::MAX.into()) as i32;
                (
                    l.product_id.map(|p| p.0),
                    units,
                    order.line_total(l).cents(),
                )
            }));
            self.orders.push(RawOrder {
                customer: order.customer_id.map(|c| c.0),
                day: day_of(order.date),
                amount: order.amount().cents(),
                lines: start..self.lines.len(),
            });
        }
    }

    /// The facts, in one go.
    pub fn finish(self) -> Facts {
        let mut finisher = self.finisher();
        while finisher.step(usize::MAX) {}
        finisher.into_facts()
    }

    /// The facts in bounded steps (see [`FactsFinisher::step`]), so a page can yield between
    /// them.
    pub fn finisher(self) -> FactsFinisher {
        FactsFinisher {
            builder: self,
            facts: Facts::default(),
            customer_at: HashMap::new(),
            product_at: HashMap::new(),
            stage: FinishStage::Customers,
            next_order: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FinishStage {
    Customers,
    Products,
    SortOrders,
    Orders,
    Done,
}

/// Turns what a [`FactsBuilder`] gathered into [`Facts`], a part at a time.
pub struct FactsFinisher {
    builder: FactsBuilder,
    facts: Facts,
    customer_at: HashMap<u64, u32>,
    product_at: HashMap<u64, u32>,
    stage: FinishStage,
    next_order: usize,
}

impl FactsFinisher {
    /// Does one part: the customers, the products, the orders' sort, or up to `orders` orders
    /// with their lines. Returns whether there is more to do.
    pub fn step(&mut self, orders: usize) -> bool {
        let (b, facts) = (&mut self.builder, &mut self.facts);
        match self.stage {
            FinishStage::Customers => {
                b.customers.sort_unstable_by_key(|c| c.0);
                b.customers.dedup_by_key(|c| c.0);
                self.customer_at = b
                    .customers
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.0, i as u32))
                    .collect();
                for (id, age, name) in std::mem::take(&mut b.customers) {
                    facts.customer_ids.push(id);
                    facts.customer_age.push(age);
                    facts.customer_names.push(name);
                }
                self.stage = FinishStage::Products;
            }
            FinishStage::Products => {
                b.products.sort_unstable_by_key(|p| p.0);
                b.products.dedup_by_key(|p| p.0);
                let mut categories: Vec<String> =
                    b.products.iter().filter_map(|p| p.2.clone()).collect();
                categories.sort_unstable();
                categories.dedup();
                self.product_at = b
                    .products
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.0, i as u32))
                    .collect();
                for (id, name, category) in std::mem::take(&mut b.products) {
                    facts.product_ids.push(id);
                    facts.product_names.push(name);
                    let at = category.and_then(|c| categories.binary_search(&c).ok());
                    facts.product_category.push(at.map_or(NONE, |i| i as u32));
                }
                facts.categories = categories;
                self.stage = FinishStage::SortOrders;
            }
            FinishStage::SortOrders => {
                // Orders in date order, so that anything read in order reads in time; orders
                // of one day stay in the order they were added (a stable sort).
                b.orders.sort_by_key(|o| o.day);
                let (n, lines) = (b.orders.len(), b.lines.len());
                facts.order_customer.reserve_exact(n);
                facts.order_day.reserve_exact(n);
                facts.order_amount.reserve_exact(n);
                facts.line_order.reserve_exact(lines);
                facts.line_product.reserve_exact(lines);
                facts.line_quantity.reserve_exact(lines);
                facts.line_amount.reserve_exact(lines);
                self.stage = FinishStage::Orders;
            }
            FinishStage::Orders => {
                let end = self.next_order.saturating_add(orders).min(b.orders.len());
                for index in self.next_order..end {
                    let order = &b.orders[index];
                    let customer = order
                        .customer
                        .and_then(|c| self.customer_at.get(&c).copied());
                    facts.order_customer.push(customer.unwrap_or(NONE));
                    facts.order_day.push(order.day);
                    facts.order_amount.push(order.amount);
                    for &(product, quantity, amount) in &b.lines[order.lines.clone()] {
                        facts.line_order.push(index as u32);
                        let product = product.and_then(|p| self.product_at.get(&p).copied());
                        facts.line_product.push(product.unwrap_or(NONE));
                        facts.line_quantity.push(quantity);
                        facts.line_amount.push(amount);
                    }
                }
                self.next_order = end;
                if end == b.orders.len() {
                    self.stage = FinishStage::Done;
                }
            }
            FinishStage::Done => {}
        }
        self.stage != FinishStage::Done
    }

    /// The facts (after [`FactsFinisher::step`] returned false).
    pub fn into_facts(self) -> Facts {
        self.facts
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
