//! Service tickets: a customer's inquiry, feedback, complaint or return, worked through its
//! statuses until resolved and closed, with a thread of notes. A ticket belongs to one customer
//! and may name one of their orders.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CustomerId, OrderId, TicketId, Timestamp};

/// The longest subject.
pub const TICKET_SUBJECT_MAX: usize = 200;
/// The longest description or note (a long email pasted in fits).
pub const TICKET_TEXT_MAX: usize = 10_000;
/// The longest assignee.
pub const TICKET_ASSIGNEE_MAX: usize = 80;

/// What the customer came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Inquiry,
    Feedback,
    Complaint,
    Return,
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    New,
    Open,
    #[serde(rename = "waiting_on_customer")]
    Waiting,
    Resolved,
    Closed,
}

/// How urgent a ticket is, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketPriority {
    Low,
    Normal,
    High,
    Urgent,
}

keyed!(TicketKind { Inquiry => "inquiry", Feedback => "feedback", Complaint => "complaint", Return => "return" });
keyed!(TicketStatus {
    New => "new",
    Open => "open",
    Waiting => "waiting_on_customer",
    Resolved => "resolved",
    Closed => "closed",
});
keyed!(TicketPriority { Low => "low", Normal => "normal", High => "high", Urgent => "urgent" });

impl TicketStatus {
    /// Resolved or closed: no longer in the queue's active work and never overdue.
    pub fn is_done(self) -> bool {
        matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }
}

/// One entry of a ticket's notes thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketNote {
    pub at: Timestamp,
    pub text: String,
}

/// A service ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub customer_id: CustomerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub subject: String,
    #[serde(default)]
    pub description: String,
    /// Who works on it: free text (a single-user tool, but teams share exports).
    #[serde(default)]
    pub assignee: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Oldest first.
    #[serde(default)]
    pub notes: Vec<TicketNote>,
    /// When it was last resolved or closed; none while it is being worked on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: u32,
}

/// What a ticket form holds, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TicketDraft {
    pub kind: String,
    pub status: String,
    pub priority: String,
    pub subject: String,
    pub description: String,
    pub assignee: String,
    /// `YYYY-MM-DD` (what a date input gives) or empty.
    pub due: String,
    /// An order id as typed (`O7` or `7`) or empty.
    pub order: String,
}

/// A draft's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFields {
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub subject: String,
    pub description: String,
    pub assignee: String,
    pub due: Option<NaiveDate>,
    pub order_id: Option<OrderId>,
}

/// A ticket form's fields, for saying where a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketField {
    Kind,
    Status,
    Priority,
    Subject,
    Description,
    Assignee,
    Due,
    Order,
}

/// Why a field cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketProblem {
    /// Not one of the listed choices.
    UnknownChoice,
    SubjectEmpty,
    TooLong {
        max: usize,
    },
    /// Not a date (`YYYY-MM-DD`).
    BadDate,
    /// Not an order id.
    BadOrder,
    NoteEmpty,
}

impl TicketDraft {
    /// A draft with a new ticket's defaults.
    pub fn new() -> TicketDraft {
        TicketDraft {
            kind: TicketKind::Inquiry.key().into(),
            status: TicketStatus::New.key().into(),
            priority: TicketPriority::Normal.key().into(),
            ..TicketDraft::default()
        }
    }

    /// What `ticket` holds, as a form shows it.
    pub fn of(ticket: &Ticket) -> TicketDraft {
        TicketDraft {
            kind: ticket.kind.key().into(),
            status: ticket.status.key().into(),
            priority: ticket.priority.key().into(),
            subject: ticket.subject.clone(),
            description: ticket.description.clone(),
            assignee: ticket.assignee.clone(),
            due: ticket.due.map(|d| d.to_string()).unwrap_or_default(),
            order: ticket.order_id.map(|o| o.to_string()).unwrap_or_default(),
        }
    }

    /// Checks every field; on failure every problem, in form order.
    pub fn check(&self) -> Result<TicketFields, Vec<(TicketField, TicketProblem)>> {
        let mut problems = Vec::new();
        let kind = chosen(
            &mut problems,
            TicketField::Kind,
            TicketKind::from_key(&self.kind),
        );
        let status = chosen(
            &mut problems,
            TicketField::Status,
            TicketStatus::from_key(&self.status),
        );
        let priority = chosen(
            &mut problems,
            TicketField::Priority,
            TicketPriority::from_key(&self.priority),
        );
        let subject = self.subject.trim().to_owned();
        if subject.is_empty() {
            problems.push((TicketField::Subject, TicketProblem::SubjectEmpty));
        }
        let long = [
            (TicketField::Subject, &subject, TICKET_SUBJECT_MAX),
            (TicketField::Description, &self.description, TICKET_TEXT_MAX),
            (TicketField::Assignee, &self.assignee, TICKET_ASSIGNEE_MAX),
        ];
        for (field, text, max) in long {
            if text.chars().count() > max {
                problems.push((field, TicketProblem::TooLong { max }));
            }
        }
        let due = match self.due.trim() {
            "" => None,
            text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(day) => Some(day),
                Err(_) => {
                    problems.push((TicketField::Due, TicketProblem::BadDate));
                    None
                }
            },
        };
        let order_id = match parse_order_id(&self.order) {
            Ok(order) => order,
            Err(()) => {
                problems.push((TicketField::Order, TicketProblem::BadOrder));
                None
            }
        };
        problems.sort_by_key(|&(field, _)| field as u8);
        match (kind, status, priority) {
            (Some(kind), Some(status), Some(priority)) if problems.is_empty() => Ok(TicketFields {
                kind,
                status,
                priority,
                subject,
                description: self.description.trim_end().to_owned(),
                assignee: self.assignee.trim().to_owned(),
                due,
                order_id,
            }),
            _ => Err(problems),
        }
    }
}

/// `found`, or a problem for `field` when the value was not one of the choices.
fn chosen<T>(
    problems: &mut Vec<(TicketField, TicketProblem)>,
    field: TicketField,
    found: Option<T>,
) -> Option<T> {
    if found.is_none() {
        problems.push((field, TicketProblem::UnknownChoice));
    }
    found
}

/// `O7`, `o7` or `7`; empty is none.
fn parse_order_id(text: &str) -> Result<Option<OrderId>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits = text.strip_prefix(['O', 'o']).unwrap_or(text);
    match digits.parse::<u64>() {
        Ok(id) if id > 0 => Ok(Some(OrderId(id))),
        _ => Err(()),
    }
}

impl Ticket {
    /// A ticket for `customer` not filled in yet (id 0: the store gives it the next free one);
    /// a form checks its fields before it is saved.
    pub fn blank(customer: CustomerId) -> Ticket {
        Ticket {
            id: TicketId(0),
            customer_id: customer,
            order_id: None,
            kind: TicketKind::Inquiry,
            status: TicketStatus::New,
            priority: TicketPriority::Normal,
            subject: String::new(),
            description: String::new(),
            assignee: String::new(),
            due: None,
            notes: Vec::new(),
            resolved_at: None,
            created_at: 0,
            updated_at: 0,
            version: 0,
        }
    }

    /// A new ticket for `customer` with `fields`.
    pub fn new(customer: CustomerId, fields: TicketFields, now: Timestamp) -> Ticket {
        let mut ticket = Ticket::blank(customer);
        ticket.created_at = now;
        ticket.updated_at = now;
        ticket.set(fields, now);
        ticket
    }

    /// Takes the checked fields (a status change keeps [`Ticket::resolved_at`] right).
    pub fn set(&mut self, fields: TicketFields, now: Timestamp) {
        self.kind = fields.kind;
        self.priority = fields.priority;
        self.subject = fields.subject;
        self.description = fields.description;
        self.assignee = fields.assignee;
        self.due = fields.due;
        self.order_id = fields.order_id;
        self.set_status(fields.status, now);
    }

    /// Moves to `status`: becoming resolved or closed records when (once: closing a resolved
    /// ticket keeps the time it was resolved); reopening clears it.
    pub fn set_status(&mut self, status: TicketStatus, now: Timestamp) {
        if status.is_done() {
            if self.resolved_at.is_none() {
                self.resolved_at = Some(now);
            }
        } else {
            self.resolved_at = None;
        }
        self.status = status;
    }

    /// Adds a note to the thread.
    pub fn add_note(&mut self, text: &str, now: Timestamp) -> Result<(), TicketProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TicketProblem::NoteEmpty);
        }
        if text.chars().count() > TICKET_TEXT_MAX {
            return Err(TicketProblem::TooLong {
                max: TICKET_TEXT_MAX,
            });
        }
        self.notes.push(TicketNote {
            at: now,
            text: text.to_owned(),
        });
        Ok(())
    }

    /// Past its due day and not done.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.status.is_done() && self.due.is_some_and(|due| due < today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(subject: &str) -> TicketDraft {
        TicketDraft {
            subject: subject.into(),
            ..TicketDraft::new()
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn a_draft_checks_every_field_and_says_which_failed() {
        let fields = TicketDraft {
            kind: "Complaint".into(),
            priority: " urgent ".into(),
            assignee: "  Li Na ".into(),
            due: "2026-12-01".into(),
            order: "o17".into(),
            description: "Broken lid.\n\n".into(),
            ..draft("  Teapot arrived broken ")
        }
        .check()
        .expect("valid");
        assert_eq!(fields.kind, TicketKind::Complaint);
        assert_eq!(fields.priority, TicketPriority::Urgent);
        assert_eq!(fields.status, TicketStatus::New);
        assert_eq!(fields.subject, "Teapot arrived broken");
        assert_eq!(fields.description, "Broken lid.");
        assert_eq!(fields.assignee, "Li Na");
        assert_eq!(fields.due, Some(day("2026-12-01")));
        assert_eq!(fields.order_id, Some(OrderId(17)));

        let problems = TicketDraft {
            kind: "praise".into(),
            due: "1 December".into(),
            order: "order 5".into(),
            assignee: "x".repeat(81),
            ..draft("   ")
        }
        .check()
        .expect_err("invalid");
        assert_eq!(
            problems,
            vec![
                (TicketField::Kind, TicketProblem::UnknownChoice),
                (TicketField::Subject, TicketProblem::SubjectEmpty),
                (TicketField::Assignee, TicketProblem::TooLong { max: 80 }),
                (TicketField::Due, TicketProblem::BadDate),
                (TicketField::Order, TicketProblem::BadOrder),
            ]
        );
        let long = draft(&"s".repeat(201)).check().expect_err("too long");
        assert_eq!(
            long,
            vec![(TicketField::Subject, TicketProblem::TooLong { max: 200 })]
        );
        assert_eq!(parse_order_id("0"), Err(()));
    }

    #[test]
    fn resolving_records_when_and_reopening_clears_it() {
        let fields = draft("Where is my order?").check().expect("valid");
        let mut ticket = Ticket::new(CustomerId(3), fields, 1_000);
        assert_eq!(
            (ticket.status, ticket.resolved_at),
            (TicketStatus::New, None)
        );
        ticket.set_status(TicketStatus::Waiting, 2_000);
        assert_eq!(ticket.resolved_at, None);
        ticket.set_status(TicketStatus::Resolved, 3_000);
        assert_eq!(ticket.resolved_at, Some(3_000));
        ticket.set_status(TicketStatus::Closed, 4_000);
        assert_eq!(
            ticket.resolved_at,
            Some(3_000),
            "closing keeps when it was resolved"
        );
        ticket.set_status(TicketStatus::Open, 5_000);
        assert_eq!(ticket.resolved_at, None);
        let round = TicketDraft::of(&ticket)
            .check()
            .expect("its own draft is valid");
        assert_eq!(round.status, TicketStatus::Open);
        assert_eq!(round.subject, ticket.subject);
    }

    #[test]
    fn overdue_is_past_the_due_day_and_not_done() {
        let fields = TicketDraft {
            due: "2026-11-20".into(),
            ..draft("Refund")
        }
        .check()
        .expect("valid");
        let mut ticket = Ticket::new(CustomerId(1), fields, 0);
        assert!(
            !ticket.is_overdue(day("2026-11-20")),
            "due today is not late"
        );
        assert!(ticket.is_overdue(day("2026-11-21")));
        ticket.set_status(TicketStatus::Resolved, 1);
        assert!(!ticket.is_overdue(day("2026-11-21")));
        ticket.set_status(TicketStatus::Open, 2);
        ticket.due = None;
        assert!(
            !ticket.is_overdue(day("2030-01-01")),
            "no due day, never late"
        );
    }

    #[test]
    fn notes_are_trimmed_and_refused_when_empty_or_too_long() {
        let fields = draft("Feedback on tea").check().expect("valid");
        let mut ticket = Ticket::new(CustomerId(1), fields, 0);
        ticket
            .add_note("  Called back, left a message. ", 10)
            .expect("kept");
        assert_eq!(
            ticket.notes,
            vec![TicketNote {
                at: 10,
                text: "Called back, left a message.".into()
            }]
        );
        assert_eq!(ticket.add_note(" \n ", 11), Err(TicketProblem::NoteEmpty));
        assert_eq!(
            ticket.add_note(&"x".repeat(10_001), 12),
            Err(TicketProblem::TooLong { max: 10_000 })
        );
        assert_eq!(ticket.notes.len(), 1);
    }

    #[test]
    fn stored_keys_are_stable() {
        let json = serde_json::to_string(&TicketStatus::Waiting).expect("json");
        assert_eq!(json, "\"waiting_on_customer\"");
        for status in TicketStatus::ALL {
            let stored = serde_json::to_string(status).expect("json");
            assert_eq!(stored, format!("\"{}\"", status.key()));
        }
        for kind in TicketKind::ALL {
            assert_eq!(TicketKind::from_key(kind.key()), Some(*kind));
        }
        assert_eq!(
            TicketPriority::from_key("URGENT"),
            Some(TicketPriority::Urgent)
        );
        assert!(TicketPriority::Urgent > TicketPriority::High);
    }
}
