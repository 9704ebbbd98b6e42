//! Personalisation for one customer: the next best action to take with them, from where they
//! stand (open tickets first, then their RFM segment and churn risk), and the products most
//! bought by the others of their segment (what the customer page recommends when no basket rule
//! fits them).

use std::collections::{HashMap, HashSet};

use super::figures::Segment;
use crate::model::{CustomerId, Order, ProductId, TicketId};

/// Churn risk (0–100) from which a customer is treated as at risk whatever their segment.
pub const CHURN_RISK_HIGH: f64 = 50.0;

/// What to do next with a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextAction {
    /// An open ticket comes first (the most urgent: overdue, then the oldest).
    ResolveTicket { ticket: TicketId, overdue: bool },
    /// Lapsing or at risk: win them back, with what they bought last and a running campaign
    /// they are in (or could be added to).
    WinBack {
        category: Option<String>,
        campaign: Option<String>,
    },
    /// Best customers: thank and reward them.
    Reward,
    /// Bought recently for the first time: welcome them and suggest a second purchase.
    Welcome,
    /// Promising: suggest related products.
    CrossSell { category: Option<String> },
    /// Gone for long: a last offer, or let them rest.
    LastTry,
    /// Never bought: a first-purchase offer.
    FirstPurchase,
}

/// What the suggestion is made from.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    /// The RFM segment (none before a first purchase).
    pub rfm: Option<Segment>,
    /// Churn risk in percent, when scored.
    pub churn_percent: Option<f64>,
    /// Open tickets: (id, overdue, opened at).
    pub open_tickets: Vec<(TicketId, bool, i64)>,
    pub purchases: u32,
    /// The category of the most recent purchase.
    pub last_category: Option<String>,
    /// Running campaigns the customer is a member of, by name.
    pub campaigns: Vec<String>,
}

impl NextAction {
    pub fn for_customer(standing: &Standing) -> NextAction {
        if let Some(&(ticket, overdue, _)) = standing
            .open_tickets
            .iter()
            .min_by_key(|(id, overdue, at)| (!overdue, *at, *id))
        {
            return NextAction::ResolveTicket { ticket, overdue };
        }
        if standing.purchases == 0 {
            return NextAction::FirstPurchase;
        }
        let win_back = || NextAction::WinBack {
            category: standing.last_category.clone(),
            campaign: standing.campaigns.first().cloned(),
        };
        if standing
            .churn_percent
            .is_some_and(|risk| risk >= CHURN_RISK_HIGH)
        {
            return win_back();
        }
        match standing.rfm {
            Some(Segment::AtRisk | Segment::CantLose | Segment::Hibernating) => win_back(),
            Some(Segment::Champions | Segment::Loyal) => NextAction::Reward,
            Some(Segment::New) => NextAction::Welcome,
            Some(Segment::Lost) => NextAction::LastTry,
            Some(Segment::Potential) | None => NextAction::CrossSell {
                category: standing.last_category.clone(),
            },
        }
    }
}

/// The products most bought by `peers` (counted once per buyer, purchases only), leaving out
/// what `owned` holds, the most buyers first (then the product id); at most `n`.
pub fn popular_among(
    peers: &HashSet<CustomerId>,
    orders: &[Order],
    owned: &HashSet<ProductId>,
    n: usize,
) -> Vec<(ProductId, usize)> {
    let mut buyers: HashMap<ProductId, HashSet<CustomerId>> = HashMap::new();
    for order in orders.iter().filter(|o| o.is_purchase()) {
        let Some(customer) = order.customer_id.filter(|c| peers.contains(c)) else {
            continue;
        };
        for line in &order.lines {
            if let Some(product) = line.product_id.filter(|p| !owned.contains(p)) {
                buyers.entry(product).or_default().insert(customer);
            }
        }
    }
    let mut ranked: Vec<(ProductId, usize)> =
        buyers.into_iter().map(|(p, b)| (p, b.len())).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(n);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, OrderId, OrderLine, OrderStatus};

    fn standing(rfm: Option<Segment>, purchases: u32) -> Standing {
        Standing {
            rfm,
            purchases,
            last_category: Some("Tea".into()),
            ..Standing::default()
        }
    }

    #[test]
    fn the_next_action_follows_tickets_then_risk_then_segment() {
        let at_risk = standing(Some(Segment::AtRisk), 4);
        assert_eq!(
            NextAction::for_customer(&at_risk),
            NextAction::WinBack {
                category: Some("Tea".into()),
                campaign: None
            }
        );
        let mut in_campaign = at_risk.clone();
        in_campaign.campaigns = vec!["Win back".into()];
        assert_eq!(
            NextAction::for_customer(&in_campaign),
            NextAction::WinBack {
                category: Some("Tea".into()),
                campaign: Some("Win back".into())
            }
        );
        // A ticket comes first: the overdue one, else the oldest.
        let mut ticketed = at_risk.clone();
        ticketed.open_tickets = vec![
            (TicketId(3), false, 10),
            (TicketId(9), true, 50),
            (TicketId(2), false, 20),
        ];
        assert_eq!(
            NextAction::for_customer(&ticketed),
            NextAction::ResolveTicket {
                ticket: TicketId(9),
                overdue: true
            }
        );
        ticketed.open_tickets.retain(|t| !t.1);
        assert_eq!(
            NextAction::for_customer(&ticketed),
            NextAction::ResolveTicket {
                ticket: TicketId(3),
                overdue: false
            }
        );
        // A high churn risk wins back even a loyal customer.
        let mut risky = standing(Some(Segment::Loyal), 6);
        assert_eq!(NextAction::for_customer(&risky), NextAction::Reward);
        risky.churn_percent = Some(CHURN_RISK_HIGH);
        assert!(matches!(
            NextAction::for_customer(&risky),
            NextAction::WinBack { .. }
        ));
        assert_eq!(
            NextAction::for_customer(&standing(None, 0)),
            NextAction::FirstPurchase
        );
        assert_eq!(
            NextAction::for_customer(&standing(Some(Segment::New), 1)),
            NextAction::Welcome
        );
        assert_eq!(
            NextAction::for_customer(&standing(Some(Segment::Lost), 2)),
            NextAction::LastTry
        );
        assert_eq!(
            NextAction::for_customer(&standing(Some(Segment::Potential), 2)),
            NextAction::CrossSell {
                category: Some("Tea".into())
            }
        );
    }

    fn order(id: u64, customer: u64, products: &[u64], status: OrderStatus) -> Order {
        Order {
            id: OrderId(id),
            customer_id: Some(CustomerId(customer)),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("day"),
            status,
            lines: products
                .iter()
                .map(|&p| OrderLine {
                    product_id: Some(ProductId(p)),
                    quantity: 1,
                    unit_price: Money(100),
                })
                .collect(),
            given_amount: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn popular_products_count_each_peer_once_and_leave_out_what_is_owned() {
        let orders = [
            order(1, 1, &[10, 11], OrderStatus::Completed),
            order(2, 1, &[10, 10], OrderStatus::Completed), // the same buyer again
            order(3, 2, &[11, 12], OrderStatus::Paid),
            order(4, 3, &[12], OrderStatus::Completed),
            order(5, 4, &[13, 13, 13], OrderStatus::Completed), // not a peer
            order(6, 2, &[14], OrderStatus::Cancelled),         // not a purchase
        ];
        let peers: HashSet<CustomerId> = [1, 2, 3].map(CustomerId).into();
        let ranked = popular_among(&peers, &orders, &HashSet::new(), 5);
        assert_eq!(
            ranked,
            [(ProductId(11), 2), (ProductId(12), 2), (ProductId(10), 1)]
        );
        let owned: HashSet<ProductId> = [ProductId(11)].into();
        let ranked = popular_among(&peers, &orders, &owned, 1);
        assert_eq!(ranked, [(ProductId(12), 2)]);
    }
}
