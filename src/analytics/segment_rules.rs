//! Rule-based segments over the customer list's rows: each row answers a rule's fields, its RFM
//! segment scored over every buyer (recency from the last purchase, frequency from the purchases,
//! in quintiles with ties sharing a score, as the dashboard scores them without a date filter).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use chrono::NaiveDate;

use super::customer_list::{CustomerIndex, CustomerRow};
use super::figures::{quintile_scores, Segment};
use crate::model::{
    CheckedRule, CustomerId, Gender, RuleField, RuleSubject, Segment as Saved, RFM_SEGMENT_KEYS,
};

/// The key a rule uses for an RFM segment.
pub fn rfm_key(segment: Segment) -> &'static str {
    let at = Segment::ALL
        .iter()
        .position(|&s| s == segment)
        .expect("every segment is listed");
    RFM_SEGMENT_KEYS[at]
}

/// The customer list's rows, ready for rules: each row's RFM segment worked out once.
pub struct RuleRows {
    index: Rc<CustomerIndex>,
    rfm: Vec<Option<Segment>>,
    today: NaiveDate,
    /// Each customer's row, by id.
    at: HashMap<u64, usize>,
}

impl RuleRows {
    pub fn new(index: Rc<CustomerIndex>, today: NaiveDate) -> RuleRows {
        let rows: Vec<&CustomerRow> = (0..index.len() as u32).map(|r| index.row(r)).collect();
        let buyers: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.purchases > 0 && row.last_purchase.is_some())
            .map(|(at, _)| at)
            .collect();
        let last: Vec<NaiveDate> = buyers
            .iter()
            .map(|&at| rows[at].last_purchase.unwrap_or_default())
            .collect();
        let purchases: Vec<u32> = buyers.iter().map(|&at| rows[at].purchases).collect();
        let (r, f) = (quintile_scores(&last), quintile_scores(&purchases));
        let mut rfm = vec![None; rows.len()];
        for (i, &at) in buyers.iter().enumerate() {
            rfm[at] = Some(Segment::of(r[i], f[i]));
        }
        let at = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (row.id.0, i))
            .collect();
        RuleRows {
            index,
            rfm,
            today,
            at,
        }
    }

    /// The members of a saved segment among the stored customers, by id ascending: whoever
    /// meets its rule now, or the kept members still stored. A stored rule that no longer
    /// passes its check (it always did when saved) takes nobody.
    pub fn members_of(&self, segment: &Saved) -> Vec<CustomerId> {
        match segment.rule() {
            Some(rule) => {
                let mut ids = rule.check().map(|r| self.members(&r)).unwrap_or_default();
                ids.sort_unstable();
                ids
            }
            None => segment
                .members
                .iter()
                .copied()
                .filter(|id| self.at.contains_key(&id.0))
                .collect(),
        }
    }

    /// The RFM segment of the stored customer `id` (none before a first purchase).
    pub fn rfm_of(&self, id: CustomerId) -> Option<Segment> {
        self.rfm[*self.at.get(&id.0)?]
    }

    /// The list row of the stored customer `id`.
    pub fn row_of(&self, id: CustomerId) -> Option<&CustomerRow> {
        Some(self.index.row(*self.at.get(&id.0)? as u32))
    }

    /// The customers of RFM segment `segment`; for `None`, every customer who bought.
    pub fn peers(&self, segment: Option<Segment>) -> HashSet<CustomerId> {
        self.rfm
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_some() && (segment.is_none() || **s == segment))
            .map(|(at, _)| self.index.row(at as u32).id)
            .collect()
    }

    /// Whether the stored customer `id` is in `segment` now.
    pub fn is_member(&self, segment: &Saved, id: CustomerId) -> bool {
        let Some(&at) = self.at.get(&id.0) else {
            return false;
        };
        match segment.rule() {
            Some(rule) => rule
                .check()
                .is_ok_and(|rule| rule.matches(&self.subject(at))),
            None => segment.contains(id),
        }
    }

    /// The ids of the customers `rule` takes, in list order.
    pub fn members(&self, rule: &CheckedRule) -> Vec<CustomerId> {
        (0..self.index.len())
            .filter(|&at| rule.matches(&self.subject(at)))
            .map(|at| self.index.row(at as u32).id)
            .collect()
    }

    fn subject(&self, at: usize) -> RowSubject<'_> {
        RowSubject {
            row: self.index.row(at as u32),
            rfm: self.rfm[at],
            today: self.today,
        }
    }
}

/// One row as a rule sees it.
struct RowSubject<'a> {
    row: &'a CustomerRow,
    rfm: Option<Segment>,
    today: NaiveDate,
}

impl RuleSubject for RowSubject<'_> {
    fn text(&self, field: RuleField) -> Option<String> {
        let row = self.row;
        let text = match field {
            RuleField::Name => &row.name,
            RuleField::Email => &row.email,
            RuleField::Phone => &row.phone,
            RuleField::Company => &row.company,
            RuleField::City => &row.city,
            RuleField::RfmSegment => return self.rfm.map(|s| rfm_key(s).to_owned()),
            _ => return None,
        };
        (!text.trim().is_empty()).then(|| text.clone())
    }

    fn number(&self, field: RuleField) -> Option<f64> {
        let row = self.row;
        match field {
            RuleField::Age => row.age.map(f64::from),
            RuleField::Orders => Some(f64::from(row.orders)),
            RuleField::Spend => Some(row.spend_cents as f64),
            RuleField::AverageOrder => {
                (row.purchases > 0).then(|| row.spend_cents as f64 / f64::from(row.purchases))
            }
            RuleField::DaysSincePurchase => row
                .last_purchase
                .map(|day| (self.today - day).num_days() as f64),
            RuleField::ChurnRisk => row.churn_permille.map(|p| f64::from(p) / 10.0),
            _ => None,
        }
    }

    fn day(&self, field: RuleField) -> Option<NaiveDate> {
        match field {
            RuleField::LastPurchase => self.row.last_purchase,
            _ => None,
        }
    }

    fn gender(&self) -> Option<Gender> {
        self.row.gender
    }

    fn tags(&self) -> &[String] {
        &self.row.tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Combine, Condition, Customer, Order, OrderStatus, RuleOp, SegmentOrigin, SegmentRule,
    };

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    fn customer(id: u64, name: &str, city: &str) -> Customer {
        let mut c = Customer::new(CustomerId(id), 0);
        c.name = Some(name.into());
        c.address.city = Some(city.into());
        c
    }

    fn order(id: u64, customer: u64, date: &str, cents: i64, status: OrderStatus) -> Order {
        Order::for_test(id, Some(customer), date, cents, status)
    }

    fn rule(conditions: Vec<Condition>) -> CheckedRule {
        SegmentRule {
            combine: Combine::All,
            conditions,
        }
        .check()
        .expect("valid")
    }

    fn when(field: RuleField, op: RuleOp, value: &str) -> Condition {
        Condition {
            field,
            op,
            value: value.into(),
            negate: false,
        }
    }

    #[test]
    fn rules_read_the_list_rows_with_rfm_recency_and_average_order() {
        let today = day("2026-11-26");
        let customers = [
            customer(1, "Ada", "Shanghai"),
            customer(2, "Bo", "Shanghai"),
            customer(3, "Cy", "Beijing"),
            customer(4, "Di", "Shanghai"),
        ];
        let orders = [
            // Ada: bought long ago, once. Of two buyers the lower ranks score 3 (⌈5·1/2⌉) in
            // recency and frequency: "loyal", as the dashboard would put her.
            order(1, 1, "2025-01-10", 50_000, OrderStatus::Completed),
            // Bo: recent and frequent.
            order(2, 2, "2026-11-20", 10_000, OrderStatus::Completed),
            order(3, 2, "2026-11-01", 30_000, OrderStatus::Completed),
            order(4, 2, "2026-10-01", 20_000, OrderStatus::Completed),
            // Cy: a cancelled order only: no purchase, no RFM segment.
            order(5, 3, "2026-11-25", 99_000, OrderStatus::Cancelled),
        ];
        let index = CustomerIndex::build(&customers, &orders, today);
        let rows = RuleRows::new(Rc::new(index), today);
        let ids = |rule: &CheckedRule| -> Vec<u64> {
            rows.members(rule).into_iter().map(|c| c.0).collect()
        };
        assert_eq!(
            ids(&rule(vec![when(
                RuleField::RfmSegment,
                RuleOp::Is,
                "loyal"
            )])),
            [1]
        );
        assert_eq!(
            ids(&rule(vec![when(
                RuleField::RfmSegment,
                RuleOp::Is,
                "champions"
            )])),
            [2]
        );
        assert_eq!(
            ids(&rule(vec![when(RuleField::RfmSegment, RuleOp::Empty, "")])),
            [3, 4]
        );
        // No purchase in 90 days among those who bought.
        assert_eq!(
            ids(&rule(vec![when(
                RuleField::DaysSincePurchase,
                RuleOp::AtLeast,
                "90"
            )])),
            [1]
        );
        assert_eq!(
            ids(&rule(vec![
                when(RuleField::City, RuleOp::Is, "shanghai"),
                when(RuleField::AverageOrder, RuleOp::Below, "300"),
            ])),
            [2],
            "Bo's 600.00 over three purchases is 200.00 an order"
        );
        assert_eq!(
            ids(&rule(vec![when(RuleField::Orders, RuleOp::Is, "1")])),
            [1, 3]
        );
        assert_eq!(
            ids(&rule(vec![when(RuleField::Spend, RuleOp::AtLeast, "500")])),
            [1, 2]
        );
        assert_eq!(rows.rfm_of(CustomerId(2)), Some(Segment::Champions));
        assert_eq!(rows.rfm_of(CustomerId(3)), None);
        assert_eq!(rows.row_of(CustomerId(2)).map(|r| r.purchases), Some(3));
        let sorted = |set: std::collections::HashSet<CustomerId>| {
            let mut ids: Vec<u64> = set.into_iter().map(|c| c.0).collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(sorted(rows.peers(Some(Segment::Loyal))), [1]);
        assert_eq!(sorted(rows.peers(None)), [1, 2], "every buyer");
        for segment in Segment::ALL {
            assert!(RFM_SEGMENT_KEYS.contains(&rfm_key(segment)));
        }
    }

    #[test]
    fn saved_segments_take_the_rule_s_customers_now_or_the_kept_members_still_stored() {
        let today = day("2026-11-26");
        let customers = [
            customer(1, "Ada", "Shanghai"),
            customer(2, "Bo", "Beijing"),
            customer(3, "Cy", "Shanghai"),
        ];
        let index = CustomerIndex::build(&customers, &[], today);
        let rows = RuleRows::new(Rc::new(index), today);
        let by_rule = Saved::new(
            "Shanghai".into(),
            SegmentOrigin::Rule {
                rule: SegmentRule {
                    combine: Combine::All,
                    conditions: vec![when(RuleField::City, RuleOp::Is, "Shanghai")],
                },
            },
            Vec::new(),
        );
        assert_eq!(rows.members_of(&by_rule), [1, 3].map(CustomerId));
        assert!(rows.is_member(&by_rule, CustomerId(3)));
        assert!(!rows.is_member(&by_rule, CustomerId(2)));
        assert!(!rows.is_member(&by_rule, CustomerId(9)), "not stored");
        let origin = SegmentOrigin::Cluster {
            saved_at: 1,
            cluster: 0,
            k: 2,
            features: Vec::new(),
        };
        // Customer 7 was deleted after the clustering was saved.
        let kept = Saved::new("C".into(), origin, [2, 7].map(CustomerId).to_vec());
        assert_eq!(rows.members_of(&kept), [CustomerId(2)]);
        assert!(rows.is_member(&kept, CustomerId(2)));
        assert!(!rows.is_member(&kept, CustomerId(7)));
        assert!(!rows.is_member(&kept, CustomerId(1)));
        // A stored rule that no longer passes its check takes nobody.
        let mut broken = by_rule.clone();
        broken.origin = SegmentOrigin::Rule {
            rule: SegmentRule::default(),
        };
        assert!(rows.members_of(&broken).is_empty());
        assert!(!rows.is_member(&broken, CustomerId(1)));
    }
}
