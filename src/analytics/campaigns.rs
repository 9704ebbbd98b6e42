//! Campaign audiences and results. The audience at launch is the customers of the target
//! segments, less those of the excluded ones, who can be reached on the channel. A conversion is
//! a purchase by a member placed inside the campaign's window; it is found from the orders, so
//! an order added later for a member on a day of the window counts as soon as it is stored.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::{Campaign, Channel, Customer, CustomerId, OrderId};
use crate::model::{Money, Order};

/// Who a launch would freeze as members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Audience {
    /// Ascending.
    pub members: Vec<CustomerId>,
    /// Customers of the targets (not excluded) left out: no contact for the channel, or opted out.
    pub unreachable: usize,
}

/// The audience: the union of `targets` (each a segment's members now) less the union of
/// `excluded`, of the stored `customers`, those `channel` reaches.
pub fn audience(
    targets: &[Vec<CustomerId>],
    excluded: &[Vec<CustomerId>],
    customers: &[Customer],
    channel: Channel,
) -> Audience {
    let out: HashSet<CustomerId> = excluded.iter().flatten().copied().collect();
    let wanted: HashSet<CustomerId> = targets
        .iter()
        .flatten()
        .copied()
        .filter(|id| !out.contains(id))
        .collect();
    let mut result = Audience::default();
    for customer in customers.iter().filter(|c| wanted.contains(&c.id)) {
        if channel.reaches(customer) {
            result.members.push(customer.id);
        } else {
            result.unreachable += 1;
        }
    }
    result.members.sort_unstable();
    result
}

/// A member's purchase inside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    pub order: OrderId,
    pub customer: CustomerId,
    pub day: NaiveDate,
    pub amount: Money,
}

/// The conversions of `campaign` among `orders` (by day, then order), up to `today` for a
/// window still open; none for a draft.
pub fn conversions(campaign: &Campaign, orders: &[Order], today: NaiveDate) -> Vec<Conversion> {
    let Some((first, last)) = campaign.window(today) else {
        return Vec::new();
    };
    let mut found: Vec<Conversion> = orders
        .iter()
        .filter(|o| o.is_purchase() && o.date >= first && o.date <= last)
        .filter_map(|o| {
            let customer = o.customer_id.filter(|&c| campaign.is_member(c))?;
            Some(Conversion {
                order: o.id,
                customer,
                day: o.date,
                amount: o.amount(),
            })
        })
        .collect();
    found.sort_by_key(|c| (c.day, c.order));
    found
}

/// A campaign's results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CampaignResults {
    /// Members frozen at launch.
    pub reach: usize,
    pub responded: usize,
    /// Members with at least one conversion.
    pub converted: usize,
    /// Orders that converted.
    pub orders: usize,
    pub revenue: Money,
    /// Of the reach; `None` before launch.
    pub response_rate: Option<f64>,
    pub conversion_rate: Option<f64>,
    /// The budget over the converted members; `None` without budget or conversions.
    pub cost_per_conversion: Option<Money>,
    /// Each day of the window with conversions: (day, orders, revenue), in day order.
    pub daily: Vec<(NaiveDate, usize, Money)>,
}

impl CampaignResults {
    pub fn of(campaign: &Campaign, orders: &[Order], today: NaiveDate) -> CampaignResults {
        let found = conversions(campaign, orders, today);
        let reach = campaign.members.len();
        let converted = found
            .iter()
            .map(|c| c.customer)
            .collect::<HashSet<_>>()
            .len();
        let rate = |n: usize| (reach > 0).then(|| n as f64 / reach as f64);
        let mut daily: BTreeMap<NaiveDate, (usize, Money)> = BTreeMap::new();
        for c in &found {
            let day = daily.entry(c.day).or_insert((0, Money::ZERO));
            day.0 += 1;
            day.1 = day.1 + c.amount;
        }
        let revenue = found.iter().fold(Money::ZERO, |sum, c| sum + c.amount);
        CampaignResults {
            reach,
            responded: campaign.responses.len(),
            converted,
            orders: found.len(),
            revenue,
            response_rate: rate(campaign.responses.len()),
            conversion_rate: rate(converted),
            cost_per_conversion: campaign
                .budget
                .filter(|_| converted > 0)
                .map(|b| Money((b.cents() as f64 / converted as f64).round() as i64)),
            daily: daily.into_iter().map(|(d, (n, m))| (d, n, m)).collect(),
        }
    }
}

/// Which campaigns each order converted for (an order may count for several campaigns).
pub fn converting_campaigns(
    campaigns: &[Campaign],
    orders: &[Order],
    today: NaiveDate,
) -> HashMap<OrderId, Vec<usize>> {
    let mut by_order: HashMap<OrderId, Vec<usize>> = HashMap::new();
    for (at, campaign) in campaigns.iter().enumerate() {
        for c in conversions(campaign, orders, today) {
            by_order.entry(c.order).or_default().push(at);
        }
    }
    by_order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CampaignDraft, OrderStatus, SegmentId};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    fn order(id: u64, customer: Option<u64>, date: &str, cents: i64, status: OrderStatus) -> Order {
        Order::for_test(id, customer, date, cents, status)
    }

    /// Launched on 2026-03-01 for March, members 1 and 2, a budget of 100.00.
    fn march() -> Campaign {
        let mut campaign = Campaign::blank();
        CampaignDraft {
            name: "March".into(),
            targets: vec![SegmentId(1)],
            starts: "2026-03-01".into(),
            ends: "2026-03-31".into(),
            budget: "100".into(),
            ..CampaignDraft::new()
        }
        .apply_to(&mut campaign)
        .expect("valid");
        campaign
            .launch(vec![CustomerId(1), CustomerId(2)], day("2026-03-01"), 1)
            .expect("launches");
        campaign
    }

    #[test]
    fn conversions_are_members_purchases_inside_the_window() {
        let campaign = march();
        let today = day("2026-04-10");
        let orders = [
            order(1, Some(1), "2026-02-28", 5_000, OrderStatus::Completed), // the day before
            order(2, Some(1), "2026-03-01", 7_000, OrderStatus::Completed), // first day: counts
            order(3, Some(1), "2026-03-31", 3_000, OrderStatus::Completed), // last day: counts
            order(4, Some(1), "2026-04-01", 9_000, OrderStatus::Completed), // the day after
            order(5, Some(3), "2026-03-10", 8_000, OrderStatus::Completed), // not a member
            order(6, None, "2026-03-10", 8_000, OrderStatus::Completed),    // no customer
            order(7, Some(2), "2026-03-15", 4_000, OrderStatus::Cancelled), // not a sale
            order(8, Some(2), "2026-03-16", 4_000, OrderStatus::Return),    // a return
            order(9, Some(2), "2026-03-20", 2_000, OrderStatus::Pending),   // a sale
        ];
        let found = conversions(&campaign, &orders, today);
        let ids: Vec<u64> = found.iter().map(|c| c.order.0).collect();
        assert_eq!(ids, [2, 9, 3], "by day");
        let results = CampaignResults::of(&campaign, &orders, today);
        assert_eq!(results.reach, 2);
        assert_eq!((results.converted, results.orders), (2, 3));
        assert_eq!(results.revenue, Money(12_000));
        assert_eq!(results.conversion_rate, Some(1.0));
        assert_eq!(results.response_rate, Some(0.0));
        assert_eq!(results.cost_per_conversion, Some(Money(5_000)));
        assert_eq!(results.daily.len(), 3);
        assert_eq!(results.daily[0], (day("2026-03-01"), 1, Money(7_000)));

        // An open window runs to today; before launch nothing counts.
        let mut open = campaign.clone();
        open.ends = None;
        let found = conversions(&open, &orders, day("2026-04-01"));
        assert_eq!(
            found.iter().map(|c| c.order.0).collect::<Vec<_>>(),
            [2, 9, 3, 4]
        );
        assert!(conversions(&open, &orders, day("2026-03-25"))
            .iter()
            .all(|c| c.day <= day("2026-03-25")));
        let draft = Campaign::blank();
        assert!(conversions(&draft, &orders, today).is_empty());
        let none = CampaignResults::of(&draft, &orders, today);
        assert_eq!(
            (none.reach, none.response_rate, none.cost_per_conversion),
            (0, None, None)
        );
        let by_order = converting_campaigns(&[campaign.clone(), open], &orders, today);
        assert_eq!(by_order[&OrderId(2)], [0, 1]);
        assert_eq!(by_order[&OrderId(4)], [1]);
        assert!(!by_order.contains_key(&OrderId(5)));
    }

    #[test]
    fn the_audience_takes_targets_less_exclusions_it_can_reach() {
        let mut customers: Vec<Customer> = (1..=6)
            .map(|id| {
                let mut c = Customer::new(CustomerId(id), 0);
                c.email = Some(format!("c{id}@example.com"));
                c
            })
            .collect();
        customers[1].email = None; // 2: no email
        customers[2].opt_out = vec![Channel::Email]; // 3: opted out of email
        let ids = |v: &[u64]| v.iter().copied().map(CustomerId).collect::<Vec<_>>();
        // Targets overlap; 5 is excluded; 9 is no longer stored.
        let targets = [ids(&[1, 2, 3]), ids(&[3, 4, 5, 9])];
        let excluded = [ids(&[5])];
        let email = audience(&targets, &excluded, &customers, Channel::Email);
        assert_eq!(email.members, ids(&[1, 4]));
        assert_eq!(email.unreachable, 2);
        let in_store = audience(&targets, &excluded, &customers, Channel::InStore);
        assert_eq!(in_store.members, ids(&[1, 2, 3, 4]));
        assert_eq!(in_store.unreachable, 0);
        assert!(audience(&[], &excluded, &customers, Channel::Email)
            .members
            .is_empty());
    }
}
