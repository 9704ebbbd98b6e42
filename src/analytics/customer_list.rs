//! The customer list's in-memory view: one row per customer with the figures the list shows,
//! sorts and filters on (orders, spend, last purchase), and instant search over name, email,
//! phone and company — case- and accent-insensitive, digits-only for phone numbers (see
//! `list_index`).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::list_index::{fold, ColumnOrder, SortCache, TextSearch};
use crate::model::{Customer, CustomerId, Gender, Order};

/// One customer as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: CustomerId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub city: String,
    pub tags: Vec<String>,
    pub gender: Option<Gender>,
    /// Age today, from the birth date or the recorded age.
    pub age: Option<u32>,
    pub orders: u32,
    /// Orders that count as purchases (not cancelled, not returns).
    pub purchases: u32,
    pub spend_cents: i64,
    pub last_purchase: Option<NaiveDate>,
    /// The chance of no purchase in the churn horizon, in tenths of a percent (0–1000), from
    /// the scores last computed on the mining page; `None` when not scored.
    pub churn_permille: Option<u16>,
}

/// The columns a list can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    Id,
    Name,
    Email,
    Phone,
    Company,
    City,
    Orders,
    Spend,
    LastPurchase,
    ChurnRisk,
}

impl SortColumn {
    pub const ALL: [SortColumn; 10] = [
        SortColumn::Id,
        SortColumn::Name,
        SortColumn::Email,
        SortColumn::Phone,
        SortColumn::Company,
        SortColumn::City,
        SortColumn::Orders,
        SortColumn::Spend,
        SortColumn::LastPurchase,
        SortColumn::ChurnRisk,
    ];

    /// A stable name for URLs and saved views.
    pub fn key(self) -> &'static str {
        match self {
            SortColumn::Id => "id",
            SortColumn::Name => "name",
            SortColumn::Email => "email",
            SortColumn::Phone => "phone",
            SortColumn::Company => "company",
            SortColumn::City => "city",
            SortColumn::Orders => "orders",
            SortColumn::Spend => "spend",
            SortColumn::LastPurchase => "last_purchase",
            SortColumn::ChurnRisk => "churn_risk",
        }
    }

    pub fn from_key(key: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// Every customer, searchable and sortable.
#[derive(Debug, Clone, Default)]
pub struct CustomerIndex {
    rows: Vec<CustomerRow>,
    /// Name, email, phone and company of every row.
    search: TextSearch,
    orders: SortCache<SortColumn>,
}

/// Builds a [`CustomerIndex`] in steps, so a page can yield between them: every order first
/// (they give the figures), then the customers, then [`CustomerIndexBuilder::finish`].
#[derive(Debug)]
pub struct CustomerIndexBuilder {
    today: NaiveDate,
    /// Orders, purchases, spend and last purchase per customer id.
    figures: HashMap<u64, (u32, u32, i64, Option<NaiveDate>)>,
    risks: HashMap<u64, u16>,
    index: CustomerIndex,
}

impl CustomerIndexBuilder {
    /// A builder for ages as of `today`.
    pub fn new(today: NaiveDate) -> CustomerIndexBuilder {
        CustomerIndexBuilder {
            today,
            figures: HashMap::new(),
            risks: HashMap::new(),
            index: CustomerIndex::default(),
        }
    }

    /// Counts `orders` into their customers' figures.
    pub fn add_orders(&mut self, orders: &[Order]) {
        for order in orders {
            let Some(customer) = order.customer_id else {
                continue;
            };
            let entry = self.figures.entry(customer.0).or_insert((0, 0, 0, None));
            // Every order counts as an order; only sales count as spend, and only purchases
            // as purchases and the last purchase (as on the customer page and the dashboard).
            entry.0 += 1;
            entry.2 += order.spend().cents();
            if order.is_purchase() {
                entry.1 += 1;
                entry.3 = entry.3.max(Some(order.date));
            }
        }
    }

    /// Churn scores (0–1) of customers by id, for the rows added after.
    pub fn add_churn_scores(&mut self, customers: &[u64], scores: &[f32]) {
        for (&id, &score) in customers.iter().zip(scores) {
            let permille = (f64::from(score).clamp(0.0, 1.0) * 1000.0).round() as u16;
            self.risks.insert(id, permille);
        }
    }

    /// Adds rows for `customers`, with the figures of the orders added so far.
    pub fn add_customers(&mut self, customers: &[Customer]) {
        for customer in customers {
            let (orders, purchases, spend_cents, last_purchase) = self
                .figures
                .get(&customer.id.0)
                .copied()
                .unwrap_or_default();
            self.index.push(CustomerRow {
                id: customer.id,
                name: customer.name.clone().unwrap_or_default(),
                email: customer.email.clone().unwrap_or_default(),
                phone: customer.phone.clone().unwrap_or_default(),
                company: customer.company.clone().unwrap_or_default(),
                city: customer.address.city.clone().unwrap_or_default(),
                tags: customer.tags.clone(),
                gender: customer.gender,
                age: customer.age_on(self.today),
                orders,
                purchases,
                spend_cents,
                last_purchase,
                churn_permille: self.risks.get(&customer.id.0).copied(),
            });
        }
    }

    pub fn finish(self) -> CustomerIndex {
        self.index
    }
}

impl CustomerIndex {
    /// Builds the view from the stored customers and orders (orders give the figures).
    pub fn build(customers: &[Customer], orders: &[Order], today: NaiveDate) -> CustomerIndex {
        let mut builder = CustomerIndexBuilder::new(today);
        builder.add_orders(orders);
        builder.add_customers(customers);
        builder.finish()
    }

    fn push(&mut self, row: CustomerRow) {
        self.search.push(
            &[&row.name, &row.email, &row.phone, &row.company],
            &row.phone,
        );
        self.rows.push(row);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn row(&self, index: u32) -> &CustomerRow {
        &self.rows[index as usize]
    }

    /// How many orders the customers with these ids have (asked before a bulk delete).
    pub fn orders_of(&self, ids: &std::collections::HashSet<u64>) -> usize {
        self.rows
            .iter()
            .filter(|row| ids.contains(&row.id.0))
            .map(|row| row.orders as usize)
            .sum()
    }

    /// The rows (their positions) that match every word of `query`, in row order. A word
    /// matches any part of the name, email, phone or company; a word that is a phone number
    /// also matches the phone's digits however it was written. An empty query matches every
    /// row.
    pub fn search(&self, query: &str) -> Vec<u32> {
        self.search.search(query)
    }

    /// `rows` (from [`CustomerIndex::search`]) in the order of `column`: text case- and
    /// accent-insensitively with empty values last in either direction; equal values by id.
    pub fn sorted(&self, rows: &[u32], column: SortColumn, descending: bool) -> Vec<u32> {
        let len = self.rows.len();
        let id = |r: u32| self.row(r).id.0;
        let build = || match column {
            SortColumn::Id => ColumnOrder::by_key(len, id, id),
            SortColumn::Orders => ColumnOrder::by_key(len, |r| self.row(r).orders, id),
            SortColumn::Spend => ColumnOrder::by_key(len, |r| self.row(r).spend_cents, id),
            SortColumn::LastPurchase => ColumnOrder::by_key(len, |r| self.row(r).last_purchase, id),
            SortColumn::ChurnRisk => ColumnOrder::by_key(len, |r| self.row(r).churn_permille, id),
            _ => ColumnOrder::by_text(len, |r| self.text_of(r, column), id),
        };
        let is_empty = |r: u32| self.text_of(r, column).is_empty();
        self.orders
            .sorted(len, rows, column, descending, build, is_empty)
    }

    fn text_of(&self, row: u32, column: SortColumn) -> &str {
        let r = self.row(row);
        match column {
            SortColumn::Name => &r.name,
            SortColumn::Email => &r.email,
            SortColumn::Phone => &r.phone,
            SortColumn::Company => &r.company,
            SortColumn::City => &r.city,
            _ => "",
        }
    }
}

/// Conditions on the list's rows; every condition that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerFilter {
    /// One of the customer's tags (case- and accent-insensitive).
    pub tag: String,
    /// The city (case- and accent-insensitive).
    pub city: String,
    pub gender: Option<Gender>,
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    /// Whether the customer has placed any order.
    pub has_orders: Option<bool>,
    pub min_spend_cents: Option<i64>,
    pub max_spend_cents: Option<i64>,
    /// Last purchase on or after this day.
    pub last_after: Option<NaiveDate>,
    /// Last purchase on or before this day.
    pub last_before: Option<NaiveDate>,
    /// Churn risk at least this many percent (customers without a score fail it).
    pub min_churn_percent: Option<u32>,
}

/// A named list setup that the user saved: search, filter and sort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub filter: CustomerFilter,
    /// A [`SortColumn::key`].
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub descending: bool,
    /// The [`SortColumn::key`]s of the columns the view hides.
    #[serde(default)]
    pub hidden: Vec<String>,
}

impl CustomerFilter {
    pub fn is_empty(&self) -> bool {
        *self == CustomerFilter::default()
    }

    /// Whether `row` meets every condition. A customer without an age or a last purchase
    /// fails a condition on it.
    pub fn matches(&self, row: &CustomerRow) -> bool {
        let tag = fold(self.tag.trim());
        let city = fold(self.city.trim());
        let within = |value: Option<i64>, min: Option<i64>, max: Option<i64>| match value {
            Some(v) => min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m),
            None => min.is_none() && max.is_none(),
        };
        (tag.is_empty() || row.tags.iter().any(|t| fold(t) == tag))
            && (city.is_empty() || fold(&row.city) == city)
            && self.gender.is_none_or(|g| row.gender == Some(g))
            && within(
                row.age.map(i64::from),
                self.min_age.map(i64::from),
                self.max_age.map(i64::from),
            )
            && self.has_orders.is_none_or(|has| (row.orders > 0) == has)
            && within(
                Some(row.spend_cents),
                self.min_spend_cents,
                self.max_spend_cents,
            )
            && self
                .last_after
                .is_none_or(|d| row.last_purchase.is_some_and(|l| l >= d))
            && self
                .last_before
                .is_none_or(|d| row.last_purchase.is_some_and(|l| l <= d))
            && self.min_churn_percent.is_none_or(|min| {
                row.churn_permille
                    .is_some_and(|p| u32::from(p) >= min.saturating_mul(10))
            })
    }
}

impl CustomerIndex {
    /// The rows among `rows` that meet `filter`.
    pub fn filter(&self, mut rows: Vec<u32>, filter: &CustomerFilter) -> Vec<u32> {
        if !filter.is_empty() {
            rows.retain(|&r| filter.matches(self.row(r)));
        }
        rows
    }

    /// Every tag in use, sorted, for the filter's suggestions.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .rows
            .iter()
            .flat_map(|r| r.tags.iter().cloned())
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, OrderId, OrderStatus};

    fn customer(id: u64, name: &str, email: &str, phone: &str, company: &str) -> Customer {
        let mut c = Customer::new(CustomerId(id), 0);
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        c.name = some(name);
        c.email = some(email);
        c.phone = some(phone);
        c.company = some(company);
        c
    }

    fn date(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("a date")
    }

    fn order(id: u64, customer: u64, cents: i64, date: NaiveDate) -> Order {
        Order {
            id: OrderId(id),
            customer_id: Some(CustomerId(customer)),
            date,
            status: OrderStatus::default(),
            lines: Vec::new(),
            given_amount: Some(Money::new(0, cents)),
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    fn index() -> CustomerIndex {
        let customers = [
            customer(
                1,
                "Émile Zola",
                "emile@example.fr",
                "+33 1 42 68 53 00",
                "Rougon SA",
            ),
            customer(2, "王芳", "wangfang@qq.com", "138 0013 8000", "深圳科技"),
            customer(
                3,
                "Ada Lovelace",
                "ADA@Example.com",
                "",
                "Analytical Engines",
            ),
            customer(4, "", "", "(020) 7946-0958", ""),
        ];
        let orders = [
            order(1, 2, 500, date(1, 3)),
            order(2, 2, 250, date(1, 9)),
            order(3, 3, 100, date(1, 5)),
        ];
        CustomerIndex::build(
            &customers,
            &orders,
            NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date"),
        )
    }

    #[test]
    fn search_ignores_case_and_accents_and_matches_any_part() {
        let index = index();
        let check = |query: &str, want: &[u32]| assert_eq!(index.search(query), want, "{query:?}");
        check("", &[0, 1, 2, 3]);
        check("emile", &[0]);
        check("ÉMILE zola", &[0]);
        check("example", &[0, 2]);
        check("ada example", &[2]);
        check("芳", &[1]);
        check("engines", &[2]);
        check("nobody", &[]);
        check("zola ada", &[]);
    }

    #[test]
    fn churn_scores_sort_and_filter_the_list() {
        let customers: Vec<Customer> = (1..=4).map(|id| customer(id, "", "", "", "")).collect();
        let mut builder = CustomerIndexBuilder::new(date(6, 30));
        builder.add_churn_scores(&[2, 3, 4], &[0.8, 0.15, 0.555]);
        builder.add_customers(&customers);
        let index = builder.finish();
        assert_eq!(index.row(0).churn_permille, None);
        assert_eq!(index.row(3).churn_permille, Some(555));
        let all = index.search("");
        // Highest risk first; without a score counts as lowest (as a missing last purchase).
        assert_eq!(
            index.sorted(&all, SortColumn::ChurnRisk, true),
            [1, 3, 2, 0]
        );
        assert_eq!(
            index.sorted(&all, SortColumn::ChurnRisk, false),
            [0, 2, 3, 1]
        );
        let at_least = |percent| CustomerFilter {
            min_churn_percent: Some(percent),
            ..CustomerFilter::default()
        };
        assert_eq!(index.filter(all.clone(), &at_least(50)), [1, 3]);
        assert_eq!(index.filter(all.clone(), &at_least(80)), [1]);
        assert_eq!(index.filter(all, &at_least(0)), [1, 2, 3]);
    }

    #[test]
    fn orders_of_selected_customers_are_counted() {
        let index = index();
        let ids = |list: &[u64]| list.iter().copied().collect();
        assert_eq!(index.orders_of(&ids(&[2, 3])), 3);
        assert_eq!(index.orders_of(&ids(&[1, 4, 99])), 0);
    }

    #[test]
    fn phone_numbers_match_by_digits_however_written() {
        let index = index();
        assert_eq!(index.search("13800138000"), [1]);
        assert_eq!(index.search("138-0013"), [1]);
        assert_eq!(
            index.search("020 7946"),
            [3],
            "two words, both in the digits"
        );
        assert_eq!(index.search("79460958"), [3]);
        assert_eq!(index.search("(020)"), [3]);
    }

    #[test]
    fn filters_combine_and_missing_values_fail_conditions_on_them() {
        let mut customers = vec![
            customer(1, "A", "a@x.io", "", ""),
            customer(2, "B", "b@x.io", "", ""),
            customer(3, "C", "c@x.io", "", ""),
        ];
        customers[0].tags = vec!["VIP".into(), "north".into()];
        customers[0].address.city = Some("Zürich".into());
        customers[0].age = Some(40);
        customers[0].gender = Some(Gender::Female);
        customers[1].tags = vec!["north".into()];
        customers[1].age = Some(25);
        let orders = [
            order(11, 1, 10_000, date(3, 1)),
            order(22, 2, 500, date(3, 20)),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let index = CustomerIndex::build(&customers, &orders, today);
        let all = || index.search("");
        let check = |filter: CustomerFilter, want: &[u32]| {
            assert_eq!(index.filter(all(), &filter), want, "{filter:?}");
        };
        fn with(set: impl Fn(&mut CustomerFilter)) -> CustomerFilter {
            let mut filter = CustomerFilter::default();
            set(&mut filter);
            filter
        }
        check(CustomerFilter::default(), &[0, 1, 2]);
        check(with(|f| f.tag = "vip".into()), &[0]);
        check(with(|f| f.tag = "NORTH".into()), &[0, 1]);
        check(with(|f| f.city = "zurich".into()), &[0]);
        check(with(|f| f.gender = Some(Gender::Female)), &[0]);
        check(with(|f| f.min_age = Some(30)), &[0]);
        check(with(|f| f.max_age = Some(30)), &[1]);
        check(with(|f| f.has_orders = Some(false)), &[2]);
        check(with(|f| f.min_spend_cents = Some(1_000)), &[0]);
        check(with(|f| f.max_spend_cents = Some(1_000)), &[1, 2]);
        check(with(|f| f.last_after = Some(date(3, 10))), &[1]);
        check(with(|f| f.last_before = Some(date(3, 10))), &[0]);
        check(
            CustomerFilter {
                tag: "north".into(),
                max_age: Some(30),
                ..Default::default()
            },
            &[1],
        );
        assert_eq!(index.tags(), ["VIP", "north"]);
    }

    #[test]
    fn figures_come_from_the_orders() {
        let index = index();
        let wang = index.row(1);
        assert_eq!((wang.orders, wang.spend_cents), (2, 750));
        assert_eq!(wang.last_purchase, NaiveDate::from_ymd_opt(2026, 1, 9));
        assert_eq!(index.row(0).orders, 0);
    }

    #[test]
    fn cancelled_orders_count_as_orders_but_not_as_spend_or_purchase() {
        let mut builder = CustomerIndexBuilder::new(date(6, 30));
        let mut cancelled = order(2, 1, 9_900, date(3, 1));
        cancelled.status = OrderStatus::Cancelled;
        builder.add_orders(&[order(1, 1, 500, date(1, 5)), cancelled]);
        builder.add_customers(&[customer(1, "Ada", "", "", "")]);
        let index = builder.finish();
        let row = index.row(0);
        assert_eq!((row.orders, row.spend_cents), (2, 500));
        assert_eq!(row.last_purchase, Some(date(1, 5)));
    }

    #[test]
    fn sorting_by_text_folds_and_puts_empty_values_last() {
        let index = index();
        let sorted = |column, descending| index.sorted(&index.search(""), column, descending);
        assert_eq!(sorted(SortColumn::Name, false), [2, 0, 1, 3]);
        assert_eq!(sorted(SortColumn::Name, true), [1, 0, 2, 3]);
        assert_eq!(sorted(SortColumn::Spend, true), [1, 2, 3, 0]);
        assert_eq!(sorted(SortColumn::Id, true), [3, 2, 1, 0]);
        assert_eq!(sorted(SortColumn::LastPurchase, false), [0, 3, 2, 1]);
        assert_eq!(index.sorted(&[3, 1, 0], SortColumn::Name, false), [0, 1, 3]);
        assert_eq!(index.sorted(&[3, 1, 0], SortColumn::Name, true), [1, 0, 3]);
        for column in SortColumn::ALL {
            assert_eq!(SortColumn::from_key(column.key()), Some(column));
        }
    }
}
