//! The change log: every user action is one [`ChangeSet`] of record-level before/after states,
//! which is what undo, redo and the per-record history read.

use serde::{Deserialize, Serialize};

use super::{Campaign, ChangeSetId, Customer, Note, Order, Product, Segment, Ticket, Timestamp};

/// Any stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Record {
    Customer(Customer),
    Product(Product),
    Order(Order),
    Note(Note),
    Segment(Segment),
    Ticket(Ticket),
    Campaign(Campaign),
}

/// The kind of a record, as used in keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Customer,
    Product,
    Order,
    Note,
    Segment,
    Ticket,
    Campaign,
}

impl Record {
    /// The record's version (bumped on every saved change).
    pub fn version(&self) -> u32 {
        match self {
            Record::Customer(c) => c.version,
            Record::Product(p) => p.version,
            Record::Order(o) => o.version,
            Record::Note(n) => n.version,
            Record::Segment(s) => s.version,
            Record::Ticket(t) => t.version,
            Record::Campaign(m) => m.version,
        }
    }

    /// Marks the record as saved at `now` with `version`; a new record also gets `now` as its
    /// creation time.
    pub fn stamp(&mut self, version: u32, now: Timestamp, new: bool) {
        let (v, created, updated) = match self {
            Record::Customer(c) => (&mut c.version, &mut c.created_at, &mut c.updated_at),
            Record::Product(p) => (&mut p.version, &mut p.created_at, &mut p.updated_at),
            Record::Order(o) => (&mut o.version, &mut o.created_at, &mut o.updated_at),
            Record::Note(n) => (&mut n.version, &mut n.created_at, &mut n.updated_at),
            Record::Segment(s) => (&mut s.version, &mut s.created_at, &mut s.updated_at),
            Record::Ticket(t) => (&mut t.version, &mut t.created_at, &mut t.updated_at),
            Record::Campaign(m) => (&mut m.version, &mut m.created_at, &mut m.updated_at),
        };
        *v = version;
        *updated = now;
        if new {
            *created = now;
        }
    }

    /// Gives the record another id (a new record gets the next free one when stored).
    pub fn set_id(&mut self, id: u64) {
        match self {
            Record::Customer(c) => c.id = super::CustomerId(id),
            Record::Product(p) => p.id = super::ProductId(id),
            Record::Order(o) => o.id = super::OrderId(id),
            Record::Note(n) => n.id = super::NoteId(id),
            Record::Segment(s) => s.id = super::SegmentId(id),
            Record::Ticket(t) => t.id = super::TicketId(id),
            Record::Campaign(m) => m.id = super::CampaignId(id),
        }
    }

    /// The record's kind and id.
    pub fn key(&self) -> (RecordKind, u64) {
        match self {
            Record::Customer(c) => (RecordKind::Customer, c.id.0),
            Record::Product(p) => (RecordKind::Product, p.id.0),
            Record::Order(o) => (RecordKind::Order, o.id.0),
            Record::Note(n) => (RecordKind::Note, n.id.0),
            Record::Segment(s) => (RecordKind::Segment, s.id.0),
            Record::Ticket(t) => (RecordKind::Ticket, t.id.0),
            Record::Campaign(m) => (RecordKind::Campaign, m.id.0),
        }
    }
}

/// One record's change: `before` is `None` for a creation, `after` is `None` for a deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub before: Option<Record>,
    pub after: Option<Record>,
}

impl Change {
    /// The changed record's key, from whichever state exists.
    pub fn key(&self) -> Option<(RecordKind, u64)> {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map(Record::key)
    }

    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        Change {
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }
}

/// Consecutive ids of one kind that an import created (an import logs these instead of every
/// record, which would copy a million order lines into the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdRange {
    pub kind: RecordKind,
    pub first: u64,
    pub last: u64,
}

impl IdRange {
    pub fn contains(&self, kind: RecordKind, id: u64) -> bool {
        self.kind == kind && (self.first..=self.last).contains(&id)
    }
}

/// Whether a change set is a user action or the undoing or redoing of one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Done,
    Undone,
    Redone,
}

/// One user action (an edit, a bulk edit, a merge), undone and redone as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub id: ChangeSetId,
    pub at: Timestamp,
    /// What the user did, as a stable code the UI words in the user's language
    /// ("edit", "bulk_tag"); undoing keeps the label of the action it undoes.
    pub label: String,
    /// The detail of a bulk action (the tag added, the field set), shown after the label.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// A user action, or the undo or redo of the set in `reverts`.
    #[serde(default, skip_serializing_if = "is_done")]
    pub step: Step,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<ChangeSetId>,
    pub changes: Vec<Change>,
    /// Records an import created, by id range (their states are in the store, not here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub created: Vec<IdRange>,
}

fn is_done(step: &Step) -> bool {
    *step == Step::Done
}

impl ChangeSet {
    /// The changes that undo this set, in reverse order.
    pub fn inverse_changes(&self) -> Vec<Change> {
        self.changes.iter().rev().map(Change::inverse).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    #[test]
    fn inverse_swaps_states_and_reverses_order() {
        let a = Customer::new(CustomerId(1), 0);
        let mut b = a.clone();
        b.name = Some("Ada".into());
        let set = ChangeSet {
            id: ChangeSetId(1),
            at: 0,
            label: "edit".into(),
            detail: String::new(),
            step: Step::Done,
            reverts: None,
            created: Vec::new(),
            changes: vec![
                Change {
                    before: None,
                    after: Some(Record::Customer(a.clone())),
                },
                Change {
                    before: Some(Record::Customer(a.clone())),
                    after: Some(Record::Customer(b.clone())),
                },
            ],
        };
        let undo = set.inverse_changes();
        assert_eq!(undo[0].after, Some(Record::Customer(a)));
        assert_eq!(undo[0].before, Some(Record::Customer(b)));
        assert_eq!(undo[1].after, None);
        assert_eq!(undo[1].key(), Some((RecordKind::Customer, 1)));
    }

    #[test]
    fn stamping_sets_version_and_times() {
        let mut record = Record::Customer(Customer::new(CustomerId(0), 1));
        record.set_id(7);
        record.stamp(3, 50, false);
        let Record::Customer(c) = &record else {
            panic!("kind changed")
        };
        assert_eq!(
            (c.id.0, c.version, c.created_at, c.updated_at),
            (7, 3, 1, 50)
        );
        record.stamp(1, 60, true);
        let Record::Customer(c) = &record else {
            panic!("kind changed")
        };
        assert_eq!((record.version(), c.created_at), (1, 60));
    }

    #[test]
    fn a_plain_action_serialises_without_undo_fields() {
        let set = ChangeSet {
            id: ChangeSetId(2),
            at: 0,
            label: "edit".into(),
            detail: String::new(),
            step: Step::Done,
            reverts: None,
            created: Vec::new(),
            changes: Vec::new(),
        };
        let json = serde_json::to_string(&set).expect("serialises");
        assert_eq!(json, r#"{"id":2,"at":0,"label":"edit","changes":[]}"#);
        let back: ChangeSet = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, set);
    }
}
