//! One run of the automation rules: what each switched-on rule would add, as the changes to
//! store (one per record, whatever number of rules touch it) and a count per rule. Every rule
//! only adds what is missing, so a run right after a run plans nothing.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{
    AutomationKind, AutomationRule, Change, Customer, Order, Record, Segment, SegmentOrigin,
    Ticket, TicketPriority, Timestamp,
};

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// What a run would change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AutomationPlan {
    pub changes: Vec<Change>,
    /// How many records each rule changes, for the rules that change any.
    pub counts: Vec<(AutomationKind, usize)>,
}

impl AutomationPlan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

fn has_tag(customer: &Customer, tag: &str) -> bool {
    customer
        .tags
        .iter()
        .any(|t| t.trim().eq_ignore_ascii_case(tag))
}

/// Plans a run of the switched-on, valid `rules` over the stored records, as of `today` (and
/// `now`, for "added in the last N days").
pub fn plan_automation(
    rules: &[AutomationRule],
    customers: &[Customer],
    orders: &[Order],
    tickets: &[Ticket],
    segments: &[Segment],
    today: NaiveDate,
    now: Timestamp,
) -> AutomationPlan {
    let on = |kind: AutomationKind| {
        rules
            .iter()
            .find(|r| r.kind == kind && r.enabled && r.check().is_ok())
    };
    let mut counts: HashMap<AutomationKind, usize> = HashMap::new();
    let mut changes = Vec::new();

    // Customers: the tags of the lapsed and of big spenders, in one change per customer.
    let (lapsed, big) = (on(AutomationKind::Lapsed), on(AutomationKind::BigSpender));
    if lapsed.is_some() || big.is_some() {
        // Last purchase and spend per customer id.
        let mut figures: HashMap<u64, (Option<NaiveDate>, i64)> = HashMap::new();
        for order in orders {
            let Some(customer) = order.customer_id else {
                continue;
            };
            let entry = figures.entry(customer.0).or_insert((None, 0));
            entry.1 += order.spend().cents();
            if order.is_purchase() {
                entry.0 = entry.0.max(Some(order.date));
            }
        }
        for customer in customers {
            let (last, spend) = figures.get(&customer.id.0).copied().unwrap_or((None, 0));
            let mut after = customer.clone();
            let mut tag = |rule: &AutomationRule, applies: bool| {
                let label = rule.label.trim();
                if applies && !has_tag(&after, label) {
                    after.tags.push(label.to_owned());
                    *counts.entry(rule.kind).or_default() += 1;
                }
            };
            if let Some(rule) = lapsed {
                let cutoff = today - chrono::Duration::days(i64::from(rule.days));
                tag(rule, last.is_some_and(|day| day <= cutoff));
            }
            if let Some(rule) = big {
                let at_least = rule.amount.map_or(i64::MAX, |a| a.cents());
                tag(rule, spend >= at_least);
            }
            if after.tags != customer.tags {
                changes.push(Change {
                    before: Some(Record::Customer(customer.clone())),
                    after: Some(Record::Customer(after)),
                });
            }
        }
    }

    // Tickets: an overdue one below high priority is raised to high.
    if on(AutomationKind::OverdueTicket).is_some() {
        for ticket in tickets {
            if ticket.is_overdue(today) && ticket.priority < TicketPriority::High {
                let mut after = ticket.clone();
                after.priority = TicketPriority::High;
                changes.push(Change {
                    before: Some(Record::Ticket(ticket.clone())),
                    after: Some(Record::Ticket(after)),
                });
                *counts.entry(AutomationKind::OverdueTicket).or_default() += 1;
            }
        }
    }

    // New customers join the welcome segment (made the first time it has someone to hold).
    if let Some(rule) = on(AutomationKind::Welcome) {
        let since = now - i64::from(rule.days) * DAY_MS;
        let label = rule.label.trim();
        let kept = segments.iter().find(|s| {
            matches!(
                s.origin,
                SegmentOrigin::Automation {
                    rule: AutomationKind::Welcome
                }
            ) && s.name.eq_ignore_ascii_case(label)
        });
        let joining: Vec<_> = customers
            .iter()
            .filter(|c| c.created_at >= since && !kept.is_some_and(|s| s.contains(c.id)))
            .map(|c| c.id)
            .collect();
        if !joining.is_empty() {
            counts.insert(AutomationKind::Welcome, joining.len());
            let change = match kept {
                Some(segment) => {
                    let mut after = segment.clone();
                    after.members.extend(joining);
                    after.members.sort_unstable();
                    after.members.dedup();
                    Change {
                        before: Some(Record::Segment(segment.clone())),
                        after: Some(Record::Segment(after)),
                    }
                }
                None => Change {
                    before: None,
                    after: Some(Record::Segment(Segment::new(
                        label.to_owned(),
                        SegmentOrigin::Automation {
                            rule: AutomationKind::Welcome,
                        },
                        joining,
                    ))),
                },
            };
            changes.push(change);
        }
    }

    let mut counts: Vec<(AutomationKind, usize)> = counts.into_iter().collect();
    counts.sort_unstable();
    AutomationPlan { changes, counts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, OrderStatus, TicketDraft, TicketStatus};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    fn order(id: u64, customer: u64, date: &str, cents: i64) -> Order {
        Order::for_test(id, Some(customer), date, cents, OrderStatus::Completed)
    }

    /// Applies a plan to the records, as the store would.
    fn apply(
        plan: &AutomationPlan,
        customers: &mut [Customer],
        tickets: &mut [Ticket],
        segments: &mut Vec<Segment>,
    ) {
        for change in &plan.changes {
            match change.after.clone() {
                Some(Record::Customer(c)) => {
                    let at = customers.iter().position(|x| x.id == c.id).expect("stored");
                    customers[at] = c;
                }
                Some(Record::Ticket(t)) => {
                    let at = tickets.iter().position(|x| x.id == t.id).expect("stored");
                    tickets[at] = t;
                }
                Some(Record::Segment(s)) if change.before.is_none() => segments.push(s),
                Some(Record::Segment(s)) => {
                    let at = segments.iter().position(|x| x.id == s.id).expect("stored");
                    segments[at] = s;
                }
                _ => unreachable!("automation only edits customers, tickets and segments"),
            }
        }
    }

    #[test]
    fn rules_add_what_is_missing_and_a_second_run_changes_nothing() {
        let today = day("2026-11-26");
        let now = 1_000 * DAY_MS;
        let mut customers: Vec<Customer> = (1..=4)
            .map(|id| Customer::new(CustomerId(id), now - 100 * DAY_MS))
            .collect();
        customers[3].created_at = now - 2 * DAY_MS; // 4: new
        customers[1].tags = vec!["At Risk".into()]; // 2: tagged already, any case
        let orders = [
            order(1, 1, "2026-06-01", 200_000), // 1: lapsed, big spender
            order(2, 2, "2026-01-01", 1_000),   // 2: lapsed, tagged already
            order(3, 3, "2026-11-20", 5_000),   // 3: recent
        ];
        let mut late = Ticket::new(
            CustomerId(3),
            TicketDraft {
                subject: "Late".into(),
                due: "2026-11-01".into(),
                ..TicketDraft::new()
            }
            .check()
            .expect("valid"),
            1,
        );
        late.id = crate::model::TicketId(1);
        let mut done = late.clone();
        done.id = crate::model::TicketId(2);
        done.set_status(TicketStatus::Resolved, 2);
        let mut tickets = vec![late, done];
        let mut segments = Vec::new();
        let mut rules = AutomationRule::defaults();
        // Switched off: nothing.
        let plan = plan_automation(&rules, &customers, &orders, &tickets, &segments, today, now);
        assert!(plan.is_empty());
        for rule in &mut rules {
            rule.enabled = true;
        }
        let plan = plan_automation(&rules, &customers, &orders, &tickets, &segments, today, now);
        assert_eq!(
            plan.counts,
            [
                (AutomationKind::Lapsed, 1),
                (AutomationKind::OverdueTicket, 1),
                (AutomationKind::Welcome, 1),
                (AutomationKind::BigSpender, 1),
            ]
        );
        // Customer 1 gets both tags in one change; the resolved ticket is left alone.
        assert_eq!(plan.changes.len(), 3);
        apply(&plan, &mut customers, &mut tickets, &mut segments);
        assert_eq!(customers[0].tags, ["at risk", "VIP"]);
        assert_eq!(customers[1].tags, ["At Risk"]);
        assert!(customers[2].tags.is_empty());
        assert_eq!(tickets[0].priority, TicketPriority::High);
        assert_eq!(tickets[1].priority, TicketPriority::Normal);
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].name, "welcome");
        assert_eq!(segments[0].members, [CustomerId(4)]);
        // Idempotent: the second run finds nothing to do.
        let again = plan_automation(&rules, &customers, &orders, &tickets, &segments, today, now);
        assert_eq!(again, AutomationPlan::default());
        // A newer customer joins the kept segment: one edit of it, not a second segment.
        let mut newer = Customer::new(CustomerId(5), now);
        newer.name = Some("Eve".into());
        customers.push(newer);
        let plan = plan_automation(&rules, &customers, &orders, &tickets, &segments, today, now);
        assert_eq!(plan.counts, [(AutomationKind::Welcome, 1)]);
        apply(&plan, &mut customers, &mut tickets, &mut segments);
        assert_eq!(segments[0].members, [CustomerId(4), CustomerId(5)]);
        let again = plan_automation(&rules, &customers, &orders, &tickets, &segments, today, now);
        assert!(again.is_empty());
        // An invalid rule does not run.
        let mut broken = rules.clone();
        broken[0].label.clear();
        customers[0].tags.clear();
        let plan = plan_automation(
            &broken, &customers, &orders, &tickets, &segments, today, now,
        );
        assert_eq!(plan.counts, [(AutomationKind::BigSpender, 1)]);
    }
}
