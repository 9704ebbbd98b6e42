//! The change log: every user action is one [`ChangeSet`] of record-level before/after states,
//! which is what undo, redo and the per-record history read.

use serde::{Deserialize, Serialize};

use super::{ChangeSetId, Customer, Note, Order, Product, Timestamp};

/// Any stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Record {
    Customer(Customer),
    Product(Product),
    Order(Order),
    Note(Note),
}

/// The kind of a record, as used in keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Customer,
    Product,
    Order,
    Note,
}

impl Record {
    /// The record's kind and id.
    pub fn key(&self) -> (RecordKind, u64) {
        match self {
            Record::Customer(c) => (RecordKind::Customer, c.id.0),
            Record::Product(p) => (RecordKind::Product, p.id.0),
            Record::Order(o) => (RecordKind::Order, o.id.0),
            Record::Note(n) => (RecordKind::Note, n.id.0),
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

/// One user action (an edit, a bulk edit, an import, a merge), undone and redone as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub id: ChangeSetId,
    pub at: Timestamp,
    /// What the user did, in their words ("Bulk tag: VIP", "Import customers.csv").
    pub label: String,
    pub changes: Vec<Change>,
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
}
