//! Per-customer figures, RFM scores and segments, rankings and the dashboard's key figures
//! (pure), over [`Facts`] for a date range and an optional category.
//!
//! Money is in integer cents throughout; only averages are divided, and they are rounded to
//! the cent half away from zero.

use serde::{Deserialize, Serialize};

use super::facts::{Facts, NONE};

/// What the dashboard looks at: a range of days (inclusive; `None` = open) and a category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Only lines of products in this category (orders without such lines drop out).
    pub category: Option<u32>,
    /// The day recency and tenure are counted to (the range's end, or today).
    pub as_of: i32,
}

impl Scope {
    fn contains(&self, day: i32) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// The orders in scope: per counted order its amount in scope, or `None` when it is out.
pub fn order_amounts(facts: &Facts, scope: &Scope) -> Vec<Option<i64>> {
    let mut amounts: Vec<Option<i64>> = facts
        .order_day
        .iter()
        .zip(&facts.order_amount)
        .map(|(&day, &amount)| scope.contains(day).then_some(amount))
        .collect();
    if let Some(category) = scope.category {
        let mut in_category: Vec<Option<i64>> = vec![None; amounts.len()];
        for ((&order, &product), &amount) in facts
            .line_order
            .iter()
            .zip(&facts.line_product)
            .zip(&facts.line_amount)
        {
            let order = order as usize;
            if amounts[order].is_some()
                && product != NONE
                && facts.product_category[product as usize] == category
            {
                *in_category[order].get_or_insert(0) += amount;
            }
        }
        amounts = in_category;
    }
    amounts
}

/// The orders in scope that belong to a customer: (customer index, day, amount in scope).
pub fn customer_orders<'a>(
    facts: &'a Facts,
    amounts: &'a [Option<i64>],
) -> impl Iterator<Item = (u32, i32, i64)> + 'a {
    facts
        .order_customer
        .iter()
        .zip(&facts.order_day)
        .zip(amounts)
        .filter_map(|((&customer, &day), amount)| {
            amount
                .filter(|_| customer != NONE)
                .map(|a| (customer, day, a))
        })
}

/// Each customer's figures in scope, by customer index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerFigures {
    /// Orders with an amount of zero or more.
    pub purchases: Vec<u32>,
    /// The sum of those purchases, in cents.
    pub gross: Vec<i64>,
    /// The sum of every order in scope, refunds (negative amounts) included, in cents.
    pub total: Vec<i64>,
    /// First and last purchase day ([`i32::MAX`] / [`i32::MIN`] without purchases).
    pub first: Vec<i32>,
    pub last: Vec<i32>,
}

impl CustomerFigures {
    pub fn of(facts: &Facts, amounts: &[Option<i64>]) -> CustomerFigures {
        let n = facts.customers();
        let mut figures = CustomerFigures {
            purchases: vec![0; n],
            gross: vec![0; n],
            total: vec![0; n],
            first: vec![i32::MAX; n],
            last: vec![i32::MIN; n],
        };
        for (customer, day, amount) in customer_orders(facts, amounts) {
            let c = customer as usize;
            figures.total[c] += amount;
            if amount >= 0 {
                figures.purchases[c] += 1;
                figures.gross[c] += amount;
                figures.first[c] = figures.first[c].min(day);
                figures.last[c] = figures.last[c].max(day);
            }
        }
        figures
    }

    /// Average order value of a customer in cents (`None` without purchases).
    pub fn aov(&self, customer: usize) -> Option<i64> {
        let count = i64::from(self.purchases[customer]);
        (count > 0).then(|| divide_rounded(self.gross[customer], count))
    }

    /// Days from the last purchase to `as_of`.
    pub fn recency(&self, customer: usize, as_of: i32) -> Option<i32> {
        (self.purchases[customer] > 0).then(|| as_of - self.last[customer])
    }

    /// Days from the first purchase to `as_of`.
    pub fn tenure(&self, customer: usize, as_of: i32) -> Option<i32> {
        (self.purchases[customer] > 0).then(|| as_of - self.first[customer])
    }

    /// Customer indexes with at least one purchase.
    pub fn buyers(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.purchases.len()).filter(|&c| self.purchases[c] > 0)
    }
}

/// `value / by` rounded to the nearest integer, halves away from zero (`by` > 0).
pub fn divide_rounded(value: i64, by: i64) -> i64 {
    let half = by / 2;
    if value >= 0 {
        (value + half) / by
    } else {
        -((-value + half) / by)
    }
}

/// Scores 1–5 by quintile of rank: a value's score is ⌈5·r/n⌉ where r is its rank from the
/// worst (1-based) and tied values all take the lowest rank of the tie, so ties always share
/// a score. `better` orders values from worst to best.
pub fn quintile_scores<T: Ord + Copy>(values: &[T]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| values[i]);
    let mut scores = vec![0u8; n];
    let mut rank = 0;
    for (at, &i) in order.iter().enumerate() {
        if at == 0 || values[i] != values[order[at - 1]] {
            rank = at + 1;
        }
        scores[i] = (5 * rank).div_ceil(n) as u8;
    }
    scores
}

/// Named RFM segments, from the recency (R) and frequency (F) scores. The first row that
/// matches names the segment, so every (R, F) pair has exactly one:
///
/// | segment      | R     | F     |
/// |--------------|-------|-------|
/// | Champions    | 4–5   | 4–5   |
/// | Can't lose   | 1–2   | 5     |
/// | At risk      | 1–2   | 3–4   |
/// | Loyal        | 3–5   | 3–5   |
/// | New          | 5     | 1     |
/// | Potential    | 3–5   | 1–2   |
/// | Hibernating  | 2     | 1–2   |
/// | Lost         | 1     | 1–2   |
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Segment {
    Champions,
    Loyal,
    Potential,
    New,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

impl Segment {
    pub const ALL: [Segment; 8] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::Potential,
        Segment::New,
        Segment::AtRisk,
        Segment::CantLose,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// The segment of recency score `r` and frequency score `f` (each 1–5).
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (4..=5, 4..=5) => Segment::Champions,
            (..=2, 5..) => Segment::CantLose,
            (..=2, 3..) => Segment::AtRisk,
            (_, 3..) => Segment::Loyal,
            (5.., ..=1) => Segment::New,
            (3.., _) => Segment::Potential,
            (2, _) => Segment::Hibernating,
            _ => Segment::Lost,
        }
    }
}

/// RFM scores of the customers with purchases in scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rfm {
    /// Customer indexes scored, ascending.
    pub customers: Vec<u32>,
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
    pub segment: Vec<Segment>,
}

impl Rfm {
    /// Recency scores higher for a more recent last purchase, frequency for more purchases,
    /// monetary for a larger total (refunds included).
    pub fn of(figures: &CustomerFigures) -> Rfm {
        let customers: Vec<u32> = figures.buyers().map(|c| c as u32).collect();
        let pick = |f: &dyn Fn(usize) -> i64| -> Vec<i64> {
            customers.iter().map(|&c| f(c as usize)).collect()
        };
        let r = quintile_scores(&pick(&|c| i64::from(figures.last[c])));
        let f = quintile_scores(&pick(&|c| i64::from(figures.purchases[c])));
        let m = quintile_scores(&pick(&|c| figures.total[c]));
        let segment = r.iter().zip(&f).map(|(&r, &f)| Segment::of(r, f)).collect();
        Rfm {
            customers,
            r,
            f,
            m,
            segment,
        }
    }

    /// Customers per segment, in [`Segment::ALL`] order.
    pub fn segment_sizes(&self) -> Vec<(Segment, usize)> {
        Segment::ALL
            .iter()
            .map(|&s| (s, self.segment.iter().filter(|&&x| x == s).count()))
            .collect()
    }
}

/// The top `n` customer indexes by `key` (largest first; ties by index), among buyers.
pub fn top_by(figures: &CustomerFigures, n: usize, key: impl Fn(usize) -> i64) -> Vec<u32> {
    let mut ranked: Vec<(i64, u32)> = figures.buyers().map(|c| (key(c), c as u32)).collect();
    let n = n.min(ranked.len());
    if n == 0 {
        return Vec::new();
    }
    let order = |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    ranked.select_nth_unstable_by(n - 1, order);
    ranked.truncate(n);
    ranked.sort_by(order);
    ranked.into_iter().map(|(_, c)| c).collect()
}

/// The dashboard's key figures in scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Every customer, with or without orders.
    pub customers: usize,
    /// Customers with a purchase in scope.
    pub active: usize,
    /// Every order in scope, refunds and orders of deleted customers included, in cents.
    pub revenue: i64,
    /// Purchases (orders of zero or more) in scope, of any customer or none.
    pub purchases: usize,
    /// Average purchase in cents: purchases' sum / their number.
    pub aov: Option<i64>,
    /// Share of active customers with two purchases or more.
    pub repeat_rate: Option<f64>,
}

impl Kpis {
    pub fn of(facts: &Facts, amounts: &[Option<i64>], figures: &CustomerFigures) -> Kpis {
        let (mut revenue, mut gross, mut purchases) = (0i64, 0i64, 0usize);
        for amount in amounts.iter().flatten() {
            revenue += amount;
            if *amount >= 0 {
                gross += amount;
                purchases += 1;
            }
        }
        let active = figures.buyers().count();
        let repeat = figures.purchases.iter().filter(|&&p| p >= 2).count();
        Kpis {
            customers: facts.customers(),
            active,
            revenue,
            purchases,
            aov: (purchases > 0).then(|| divide_rounded(gross, purchases as i64)),
            repeat_rate: (active > 0).then(|| repeat as f64 / active as f64),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::analytics::facts::{day_of, facts_of};
    use crate::model::{
        Customer, CustomerId, Money, Order, OrderId, OrderLine, OrderStatus, Product, ProductId,
    };

    pub(crate) fn day(y: i32, m: u32, d: u32) -> i32 {
        day_of(NaiveDate::from_ymd_opt(y, m, d).expect("a date"))
    }

    /// Products: 1 Tea (Drinks, 3.50), 2 Cake (Food, 12.00), 3 Mystery (no category).
    /// Customers 1–4 (4 never buys); orders of customer 5, since deleted, remain.
    pub(crate) fn fixture() -> Facts {
        let (customers, products, orders, today) = fixture_records();
        facts_of(&customers, &products, &orders, today)
    }

    type Records = (Vec<Customer>, Vec<Product>, Vec<Order>, NaiveDate);

    fn fixture_records() -> Records {
        let product = |id, name: &str, category: Option<&str>| {
            let mut p = Product {
                id: ProductId(id),
                name: name.into(),
                sku: None,
                price: Money(0),
                category: category.map(Into::into),
                external_id: None,
                demo: false,
                created_at: 0,
                updated_at: 0,
                version: 1,
            };
            p.price = Money(350);
            p
        };
        let products = vec![
            product(1, "Tea", Some("Drinks")),
            product(2, "Cake", Some("Food")),
            product(3, "Mystery", None),
        ];
        let customers: Vec<Customer> = (1..=4).map(|i| Customer::new(CustomerId(i), 0)).collect();
        let line = |p, quantity, cents| OrderLine {
            product_id: Some(ProductId(p)),
            quantity,
            unit_price: Money(cents),
        };
        let mut id = 0;
        let mut order = |customer, (y, m, d), lines: Vec<OrderLine>, given: Option<i64>| {
            id += 1;
            Order {
                id: OrderId(id),
                customer_id: Some(CustomerId(customer)),
                date: NaiveDate::from_ymd_opt(y, m, d).expect("a date"),
                status: OrderStatus::Completed,
                lines,
                given_amount: given.map(Money),
                external_id: None,
                demo: false,
                created_at: 0,
                updated_at: 0,
                version: 1,
            }
        };
        let mut cancelled = order(1, (2024, 3, 21), vec![line(1, 1, 350)], None);
        cancelled.status = OrderStatus::Cancelled;
        let orders = vec![
            order(
                1,
                (2024, 2, 28),
                vec![line(1, 2, 350), line(2, 1, 1200)],
                None,
            ),
            order(1, (2024, 2, 29), vec![line(2, 1, 1200)], None),
            order(2, (2024, 3, 1), vec![line(1, 1, 350)], None),
            order(2, (2024, 3, 1), vec![], Some(-350)),
            order(3, (2024, 3, 15), vec![line(3, 3, 1000)], None),
            order(5, (2024, 3, 20), vec![line(1, 10, 350)], None),
            cancelled,
            order(3, (2024, 4, 1), vec![], Some(500)),
        ];
        let today = NaiveDate::from_ymd_opt(2024, 6, 30).expect("a date");
        (customers, products, orders, today)
    }

    #[test]
    fn facts_built_in_small_steps_are_the_same() {
        let (customers, products, orders, today) = fixture_records();
        let mut builder = crate::analytics::FactsBuilder::new(today);
        builder.add_orders(&orders[4..]);
        builder.add_customers(&customers);
        builder.add_orders(&orders[..4]);
        builder.add_products(&products);
        let mut finisher = builder.finisher();
        let mut steps = 0;
        while finisher.step(1) {
            steps += 1;
        }
        // Customers, products, the sort, then one order a step (the last says it is done).
        assert_eq!(steps, 2 + fixture().orders());
        assert_eq!(finisher.into_facts(), fixture());
    }

    #[test]
    fn a_return_lowers_the_total_and_the_units_but_is_no_purchase() {
        let (customers, products, mut orders, today) = fixture_records();
        let mut back = orders[4].clone(); // customer 3's 3 × Mystery at 10.00, 15 March
        back.id = crate::model::OrderId(99);
        back.date = NaiveDate::from_ymd_opt(2024, 4, 2).expect("a date");
        back.status = OrderStatus::Return;
        back.lines[0].quantity = 1;
        orders.push(back);
        let facts = facts_of(&customers, &products, &orders, today);
        let amounts = order_amounts(&facts, &everything());
        let figures = CustomerFigures::of(&facts, &amounts);
        let before = CustomerFigures::of(&fixture(), &order_amounts(&fixture(), &everything()));
        assert_eq!(figures.total[2], before.total[2] - 1000);
        assert_eq!(figures.purchases[2], before.purchases[2]);
        assert_eq!(figures.last[2], before.last[2], "a return is no purchase");
        let by_product = crate::analytics::revenue_by(&facts, &amounts, &everything(), true);
        let mystery = by_product
            .iter()
            .find(|s| s.index == 2)
            .expect("Mystery sold");
        assert_eq!((mystery.units, mystery.revenue), (2, 2000));
    }

    pub(crate) fn everything() -> Scope {
        Scope {
            as_of: day(2024, 3, 1),
            ..Scope::default()
        }
    }

    #[test]
    fn figures_per_customer_with_refunds_leap_days_and_no_orders() {
        let facts = fixture();
        assert_eq!(facts.orders(), 7, "the cancelled order does not count");
        let scope = everything();
        let amounts = order_amounts(&facts, &scope);
        let f = CustomerFigures::of(&facts, &amounts);
        assert_eq!(f.purchases, vec![2, 1, 2, 0]);
        assert_eq!(f.gross, vec![3100, 350, 3500, 0]);
        assert_eq!(f.total, vec![3100, 0, 3500, 0], "a refund lowers the total");
        assert_eq!(f.aov(0), Some(1550));
        assert_eq!(f.aov(3), None);
        // Across the leap day: last purchase 29 Feb, first 28 Feb, as of 1 March 2024.
        assert_eq!(f.recency(0, scope.as_of), Some(1));
        assert_eq!(f.tenure(0, scope.as_of), Some(2));
        assert_eq!(f.recency(3, scope.as_of), None);

        let k = Kpis::of(&facts, &amounts, &f);
        assert_eq!((k.customers, k.active, k.purchases), (4, 3, 6));
        assert_eq!(
            k.revenue, 10_100,
            "the deleted customer's order and the refund count"
        );
        assert_eq!(
            k.aov,
            Some(1742),
            "10,450 / 6 = 1,741.67 rounds to 1,742 cents"
        );
        assert_eq!(k.repeat_rate, Some(2.0 / 3.0));

        assert_eq!(top_by(&f, 2, |c| f.gross[c]), vec![2, 0]);
        // Ties by index: customers 0 and 2 both bought twice.
        assert_eq!(top_by(&f, 5, |c| i64::from(f.purchases[c])), vec![0, 2, 1]);
    }

    #[test]
    fn a_single_day_and_a_category_narrow_everything() {
        let facts = fixture();
        let one_day = Scope {
            from: Some(day(2024, 3, 1)),
            to: Some(day(2024, 3, 1)),
            ..everything()
        };
        let amounts = order_amounts(&facts, &one_day);
        let f = CustomerFigures::of(&facts, &amounts);
        assert_eq!(f.purchases, vec![0, 1, 0, 0]);
        let k = Kpis::of(&facts, &amounts, &f);
        assert_eq!(
            (k.active, k.revenue, k.purchases, k.aov),
            (1, 0, 1, Some(350))
        );
        assert_eq!(k.repeat_rate, Some(0.0));

        let drinks = Scope {
            category: facts.category("Drinks"),
            ..everything()
        };
        let amounts = order_amounts(&facts, &drinks);
        let f = CustomerFigures::of(&facts, &amounts);
        assert_eq!(f.gross, vec![700, 350, 0, 0], "only the tea lines count");
        let k = Kpis::of(&facts, &amounts, &f);
        assert_eq!(k.revenue, 700 + 350 + 3500);
    }

    #[test]
    fn facts_survive_the_byte_form_and_damage_is_refused() {
        let facts = fixture();
        let bytes = facts.to_bytes();
        assert_eq!(Facts::from_bytes(&bytes), Ok(facts.clone()));
        for cut in [0, 9, bytes.len() / 2, bytes.len() - 1] {
            assert!(Facts::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // The first order's customer index points past the customers.
        let mut bad = facts;
        bad.order_customer[0] = 99;
        assert!(Facts::from_bytes(&bad.to_bytes()).is_err());
    }

    #[test]
    fn quintiles_share_scores_on_ties() {
        assert_eq!(quintile_scores(&[10, 20, 30, 40, 50]), vec![1, 2, 3, 4, 5]);
        assert_eq!(
            quintile_scores(&[1, 1, 1, 1, 2, 3, 4, 5, 6, 7]),
            vec![1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
        );
        assert_eq!(quintile_scores(&[3, 3, 3]), vec![2, 2, 2]);
        assert_eq!(quintile_scores::<i64>(&[]), Vec::<u8>::new());
    }

    #[test]
    fn every_score_pair_has_one_segment_as_the_table_says() {
        use Segment::*;
        let table = [
            // F = 1, 2, 3, 4, 5 for R = 1 … 5
            [Lost, Lost, AtRisk, AtRisk, CantLose],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLose],
            [Potential, Potential, Loyal, Loyal, Loyal],
            [Potential, Potential, Loyal, Champions, Champions],
            [New, Potential, Loyal, Champions, Champions],
        ];
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                assert_eq!(
                    Segment::of(r, f),
                    table[r as usize - 1][f as usize - 1],
                    "R{r} F{f}"
                );
            }
        }
    }

    #[test]
    fn rfm_scores_the_buyers_only() {
        let facts = fixture();
        let f = CustomerFigures::of(&facts, &order_amounts(&facts, &everything()));
        let rfm = Rfm::of(&f);
        assert_eq!(rfm.customers, vec![0, 1, 2]);
        // Last purchases 29 Feb, 1 Mar, 1 Apr; purchases 2, 1, 2; totals 31.00, 0, 35.00.
        assert_eq!(rfm.r, vec![2, 4, 5]);
        assert_eq!(rfm.f, vec![4, 2, 4]);
        assert_eq!(rfm.m, vec![4, 2, 5]);
        let sizes = rfm.segment_sizes();
        assert_eq!(sizes.iter().map(|s| s.1).sum::<usize>(), 3);
        assert_eq!(
            rfm.segment,
            vec![Segment::AtRisk, Segment::Potential, Segment::Champions]
        );
    }
}
