//! The service desk's queue (which tickets, in which order) and its figures: open and overdue
//! tickets, the median time to resolve, tickets per customer.

use chrono::NaiveDate;

use crate::model::{Ticket, TicketKind, TicketPriority, TicketStatus, Timestamp};

/// Which statuses the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// New, open or waiting on the customer.
    #[default]
    Active,
    All,
    Only(TicketStatus),
}

/// The queue's filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketFilter {
    pub status: StatusFilter,
    pub priority: Option<TicketPriority>,
    pub kind: Option<TicketKind>,
    pub overdue_only: bool,
    /// Words every one of which the subject, the customer's name, the assignee or the ticket's
    /// id contains (any case).
    pub text: String,
}

impl TicketFilter {
    /// Whether `ticket` (of the customer named `customer`) passes, on `today`.
    pub fn matches(&self, ticket: &Ticket, customer: &str, today: NaiveDate) -> bool {
        let status = match self.status {
            StatusFilter::Active => !ticket.status.is_done(),
            StatusFilter::All => true,
            StatusFilter::Only(status) => ticket.status == status,
        };
        if !status
            || self.priority.is_some_and(|p| p != ticket.priority)
            || self.kind.is_some_and(|k| k != ticket.kind)
            || (self.overdue_only && !ticket.is_overdue(today))
        {
            return false;
        }
        let words: Vec<String> = self
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return true;
        }
        let haystack = format!(
            "{} {} {} {}",
            ticket.id, ticket.subject, customer, ticket.assignee
        )
        .to_lowercase();
        words.iter().all(|word| haystack.contains(word.as_str()))
    }
}

/// The queue's sort orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TicketSort {
    /// Soonest due first; tickets without a due day last.
    #[default]
    Due,
    /// Most urgent first.
    Priority,
    /// Most recently changed first.
    Updated,
    /// Newest first.
    Created,
    /// New, open, waiting, resolved, closed.
    Status,
}

impl TicketSort {
    pub const ALL: [TicketSort; 5] = [
        TicketSort::Due,
        TicketSort::Priority,
        TicketSort::Updated,
        TicketSort::Created,
        TicketSort::Status,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketSort::Due => "due",
            TicketSort::Priority => "priority",
            TicketSort::Updated => "updated",
            TicketSort::Created => "created",
            TicketSort::Status => "status",
        }
    }

    pub fn from_key(key: &str) -> Option<TicketSort> {
        TicketSort::ALL.into_iter().find(|s| s.key() == key)
    }

    /// How two tickets compare in this order; ties go to the more urgent, then the older one.
    pub fn compare(self, a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
        let first = match self {
            TicketSort::Due => match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            TicketSort::Priority => b.priority.cmp(&a.priority),
            TicketSort::Updated => b.updated_at.cmp(&a.updated_at),
            TicketSort::Created => b.created_at.cmp(&a.created_at),
            TicketSort::Status => a.status.cmp(&b.status),
        };
        first
            .then(b.priority.cmp(&a.priority))
            .then(a.id.cmp(&b.id))
    }
}

/// The desk's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceFigures {
    pub tickets: usize,
    /// Not resolved or closed.
    pub open: usize,
    pub overdue: usize,
    /// Median from opening to resolving, over tickets resolved or closed; none without any.
    pub median_resolve_ms: Option<Timestamp>,
    /// Tickets per customer with at least one ticket.
    pub per_customer: Option<f64>,
}

impl ServiceFigures {
    pub fn of<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, today: NaiveDate) -> Self {
        let mut figures = ServiceFigures::default();
        let mut durations = Vec::new();
        let mut customers = Vec::new();
        for ticket in tickets {
            figures.tickets += 1;
            figures.open += usize::from(!ticket.status.is_done());
            figures.overdue += usize::from(ticket.is_overdue(today));
            if let Some(resolved) = ticket.resolved_at {
                durations.push((resolved - ticket.created_at).max(0));
            }
            customers.push(ticket.customer_id);
        }
        durations.sort_unstable();
        figures.median_resolve_ms = match durations.len() {
            0 => None,
            n if n % 2 == 1 => Some(durations[n / 2]),
            n => Some((durations[n / 2 - 1] + durations[n / 2]) / 2),
        };
        customers.sort_unstable();
        customers.dedup();
        if !customers.is_empty() {
            figures.per_customer = Some(figures.tickets as f64 / customers.len() as f64);
        }
        figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, TicketDraft, TicketId};

    const HOUR: Timestamp = 3_600_000;

    fn ticket(id: u64, customer: u64, status: TicketStatus, due: Option<&str>) -> Ticket {
        let draft = TicketDraft {
            subject: format!("Ticket {id}"),
            status: status.key().into(),
            due: due.unwrap_or_default().into(),
            ..TicketDraft::new()
        };
        let mut t = Ticket::new(CustomerId(customer), draft.check().expect("valid"), 0);
        t.id = TicketId(id);
        t
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn figures_count_open_overdue_and_the_median_time_to_resolve() {
        let today = day("2026-11-26");
        let mut tickets = vec![
            ticket(1, 1, TicketStatus::New, Some("2026-11-25")),
            ticket(2, 1, TicketStatus::Waiting, Some("2026-11-26")),
            ticket(3, 2, TicketStatus::Open, None),
            ticket(4, 3, TicketStatus::Open, Some("2026-11-01")),
        ];
        for (id, hours) in [(5, 2), (6, 10), (7, 4), (8, 30)] {
            let mut done = ticket(id, 3, TicketStatus::Open, Some("2026-01-01"));
            done.set_status(TicketStatus::Resolved, hours * HOUR);
            tickets.push(done);
        }
        let figures = ServiceFigures::of(&tickets, today);
        assert_eq!(figures.tickets, 8);
        assert_eq!(figures.open, 4);
        assert_eq!(figures.overdue, 2, "1 and 4; 2 is due today, 5-8 are done");
        assert_eq!(
            figures.median_resolve_ms,
            Some(7 * HOUR),
            "(4 + 10) / 2 hours"
        );
        assert_eq!(figures.per_customer, Some(8.0 / 3.0));
        let none = ServiceFigures::of(&[], today);
        assert_eq!((none.median_resolve_ms, none.per_customer), (None, None));
        let odd = ServiceFigures::of(&tickets[4..7], today);
        assert_eq!(odd.median_resolve_ms, Some(4 * HOUR));
    }

    #[test]
    fn the_filter_combines_status_priority_kind_overdue_and_words() {
        let today = day("2026-11-26");
        let mut late = ticket(1, 1, TicketStatus::Open, Some("2026-11-20"));
        late.priority = TicketPriority::High;
        late.kind = TicketKind::Complaint;
        late.assignee = "Wang Fang".into();
        let done = ticket(2, 1, TicketStatus::Closed, None);
        let active = TicketFilter::default();
        assert!(active.matches(&late, "Ada Lovelace", today));
        assert!(
            !active.matches(&done, "Ada Lovelace", today),
            "done tickets leave the active queue"
        );
        let all = TicketFilter {
            status: StatusFilter::All,
            ..TicketFilter::default()
        };
        assert!(all.matches(&done, "", today));
        let only_closed = TicketFilter {
            status: StatusFilter::Only(TicketStatus::Closed),
            ..TicketFilter::default()
        };
        assert!(only_closed.matches(&done, "", today) && !only_closed.matches(&late, "", today));
        let narrow = TicketFilter {
            priority: Some(TicketPriority::High),
            kind: Some(TicketKind::Complaint),
            overdue_only: true,
            text: "ada FANG t1".into(),
            ..TicketFilter::default()
        };
        assert!(narrow.matches(&late, "Ada Lovelace", today));
        assert!(
            !narrow.matches(&late, "Grace Hopper", today),
            "every word must match"
        );
        assert!(
            !narrow.matches(&late, "Ada Lovelace", day("2026-11-19")),
            "not yet overdue"
        );
        let urgent = TicketFilter {
            priority: Some(TicketPriority::Urgent),
            ..TicketFilter::default()
        };
        assert!(!urgent.matches(&late, "", today));
    }

    #[test]
    fn sorting_by_due_puts_undated_last_and_breaks_ties_by_priority_then_id() {
        let mut tickets = [
            ticket(1, 1, TicketStatus::Open, None),
            ticket(2, 1, TicketStatus::Open, Some("2026-12-01")),
            ticket(3, 1, TicketStatus::Open, Some("2026-11-01")),
            ticket(4, 1, TicketStatus::Open, Some("2026-12-01")),
        ];
        tickets[3].priority = TicketPriority::Urgent;
        tickets.sort_by(|a, b| TicketSort::Due.compare(a, b));
        let ids: Vec<u64> = tickets.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [3, 4, 2, 1]);
        tickets.sort_by(|a, b| TicketSort::Priority.compare(a, b));
        assert_eq!(tickets[0].id.0, 4);
        tickets[2].updated_at = 50;
        let newest = tickets[2].id;
        tickets.sort_by(|a, b| TicketSort::Updated.compare(a, b));
        assert_eq!(tickets[0].id, newest);
        tickets[1].status = TicketStatus::Closed;
        tickets.sort_by(|a, b| TicketSort::Status.compare(a, b));
        assert_eq!(tickets[3].status, TicketStatus::Closed);
        assert_eq!(TicketSort::from_key("priority"), Some(TicketSort::Priority));
    }
}
