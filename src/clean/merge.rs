//! Merging duplicate customers into one (pure): which record survives, which value each field
//! keeps (by default the survivor's, else the most recently updated member's; the user can pick
//! another member's per field), and the changes that do it: the survivor updated, the others
//! deleted, their orders and notes moved to the survivor. Applied as one change set, so one
//! undo restores every record exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fix::Column;
use crate::model::{Change, Customer, CustomerId, Note, Order, Record, Ticket};

/// A customer field that merging keeps one value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MergeField {
    Name,
    Gender,
    BirthDate,
    Age,
    Phone,
    Email,
    Street,
    City,
    Postcode,
    Region,
    Country,
    Company,
    ExternalId,
}

impl MergeField {
    pub const ALL: [MergeField; 13] = [
        MergeField::Name,
        MergeField::Gender,
        MergeField::BirthDate,
        MergeField::Age,
        MergeField::Phone,
        MergeField::Email,
        MergeField::Street,
        MergeField::City,
        MergeField::Postcode,
        MergeField::Region,
        MergeField::Country,
        MergeField::Company,
        MergeField::ExternalId,
    ];

    /// The cleaning column of this field (`None` for the source-system id, which only merging
    /// keeps).
    fn column(self) -> Option<Column> {
        Some(match self {
            MergeField::Name => Column::Name,
            MergeField::Gender => Column::Gender,
            MergeField::BirthDate => Column::BirthDate,
            MergeField::Age => Column::Age,
            MergeField::Phone => Column::Phone,
            MergeField::Email => Column::Email,
            MergeField::Street => Column::Street,
            MergeField::City => Column::City,
            MergeField::Postcode => Column::Postcode,
            MergeField::Region => Column::Region,
            MergeField::Country => Column::Country,
            MergeField::Company => Column::Company,
            MergeField::ExternalId => return None,
        })
    }

    /// The field's value in `customer` as text (`None` when missing).
    pub fn value(self, customer: &Customer) -> Option<String> {
        match self.column() {
            Some(column) => column.get(customer),
            None => customer.external_id.clone(),
        }
    }

    /// Copies this field from `from` into `into`.
    fn copy(self, from: &Customer, into: &mut Customer) {
        match self {
            MergeField::Name => into.name.clone_from(&from.name),
            MergeField::Gender => into.gender = from.gender,
            MergeField::BirthDate => into.birth_date = from.birth_date,
            MergeField::Age => into.age = from.age,
            MergeField::Phone => into.phone.clone_from(&from.phone),
            MergeField::Email => into.email.clone_from(&from.email),
            MergeField::Street => into.address.street.clone_from(&from.address.street),
            MergeField::City => into.address.city.clone_from(&from.address.city),
            MergeField::Postcode => into.address.postcode.clone_from(&from.address.postcode),
            MergeField::Region => into.address.region.clone_from(&from.address.region),
            MergeField::Country => into.address.country.clone_from(&from.address.country),
            MergeField::Company => into.company.clone_from(&from.company),
            MergeField::ExternalId => into.external_id.clone_from(&from.external_id),
        }
    }
}

/// How many fields a customer has filled in.
fn filled(customer: &Customer) -> usize {
    MergeField::ALL
        .iter()
        .filter(|f| f.value(customer).is_some())
        .count()
        + customer.tags.len().min(1)
        + customer.custom.len()
}

/// The member that survives by default: the most complete, then the most recently updated,
/// then the oldest id. `None` for no members.
pub fn default_survivor(members: &[Customer]) -> Option<u64> {
    members
        .iter()
        .max_by(|a, b| {
            filled(a)
                .cmp(&filled(b))
                .then(a.updated_at.cmp(&b.updated_at))
                .then(b.id.cmp(&a.id))
        })
        .map(|c| c.id.0)
}

/// Which member's value each field keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeChoice {
    pub survivor: u64,
    /// Field → member id whose value is kept.
    pub fields: BTreeMap<MergeField, u64>,
}

impl MergeChoice {
    /// The default choice: the survivor's value of each field it has, else the value of the
    /// most recently updated member that has one.
    pub fn default_for(members: &[Customer]) -> Option<MergeChoice> {
        let survivor = default_survivor(members)?;
        let mut by_recent: Vec<&Customer> = members.iter().collect();
        by_recent.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
        let fields = MergeField::ALL
            .iter()
            .filter_map(|&field| {
                let from = members
                    .iter()
                    .find(|c| c.id.0 == survivor && field.value(c).is_some())
                    .or_else(|| by_recent.iter().copied().find(|c| field.value(c).is_some()))?;
                Some((field, from.id.0))
            })
            .collect();
        Some(MergeChoice { survivor, fields })
    }
}

/// A stored customer with the gaps filled from an imported row that is the same person: every
/// value it has stays, missing ones come from the row, tags are joined.
pub fn fill_gaps(existing: &Customer, incoming: &Customer) -> Customer {
    let mut row = incoming.clone();
    row.id = CustomerId(existing.id.0.wrapping_add(1).max(1));
    if row.id == existing.id {
        row.id = CustomerId(existing.id.0.wrapping_sub(1));
    }
    let members = [existing.clone(), row.clone()];
    let fields = MergeField::ALL
        .iter()
        .filter_map(|&field| {
            let from = if field.value(existing).is_some() {
                existing
            } else if field.value(&row).is_some() {
                &row
            } else {
                return None;
            };
            Some((field, from.id.0))
        })
        .collect();
    let choice = MergeChoice {
        survivor: existing.id.0,
        fields,
    };
    let mut merged = merged_customer(&members, &choice).unwrap_or_else(|| existing.clone());
    merged.created_at = existing.created_at;
    merged
}

/// The survivor as it will be stored: the chosen value of each field, every member's tags
/// (each once), custom fields from the survivor then from the others, every opt-out, the
/// earliest creation time. A field chosen from nobody is emptied.
pub fn merged_customer(members: &[Customer], choice: &MergeChoice) -> Option<Customer> {
    let survivor = members.iter().find(|c| c.id.0 == choice.survivor)?;
    let mut result = survivor.clone();
    for field in MergeField::ALL {
        let from = choice
            .fields
            .get(&field)
            .and_then(|id| members.iter().find(|c| c.id.0 == *id));
        match from {
            Some(from) => field.copy(from, &mut result),
            None => field.copy(&Customer::new(survivor.id, 0), &mut result),
        }
    }
    for member in members.iter().filter(|c| c.id != survivor.id) {
        for tag in &member.tags {
            if !result.tags.contains(tag) {
                result.tags.push(tag.clone());
            }
        }
        for (key, value) in &member.custom {
            result
                .custom
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
        result.created_at = result.created_at.min(member.created_at);
    }
    // An opt-out given under any of the records holds for the person.
    result.opt_out = crate::model::Channel::OPT_OUT
        .into_iter()
        .filter(|c| members.iter().any(|m| m.opt_out.contains(c)))
        .collect();
    Some(result)
}

/// The changes that merge `members` into the chosen survivor: the survivor updated, the others
/// deleted, and every order, note and ticket of theirs (from `orders`, `notes` and `tickets`,
/// which may hold others too) moved to the survivor. `None` when the survivor is not a member.
pub fn merge_changes(
    members: &[Customer],
    choice: &MergeChoice,
    orders: &[Order],
    notes: &[Note],
    tickets: &[Ticket],
) -> Option<Vec<Change>> {
    let result = merged_customer(members, choice)?;
    let survivor = CustomerId(choice.survivor);
    let gone = |id: Option<CustomerId>| {
        id.is_some_and(|id| id != survivor && members.iter().any(|c| c.id == id))
    };
    let mut changes = Vec::new();
    let before = members.iter().find(|c| c.id == survivor)?;
    if *before != result {
        changes.push(Change {
            before: Some(Record::Customer(before.clone())),
            after: Some(Record::Customer(result)),
        });
    }
    for order in orders.iter().filter(|o| gone(o.customer_id)) {
        let mut moved = order.clone();
        moved.customer_id = Some(survivor);
        changes.push(Change {
            before: Some(Record::Order(order.clone())),
            after: Some(Record::Order(moved)),
        });
    }
    for note in notes.iter().filter(|n| gone(Some(n.customer_id))) {
        let mut moved = note.clone();
        moved.customer_id = survivor;
        changes.push(Change {
            before: Some(Record::Note(note.clone())),
            after: Some(Record::Note(moved)),
        });
    }
    for ticket in tickets.iter().filter(|t| gone(Some(t.customer_id))) {
        let mut moved = ticket.clone();
        moved.customer_id = survivor;
        changes.push(Change {
            before: Some(Record::Ticket(ticket.clone())),
            after: Some(Record::Ticket(moved)),
        });
    }
    for member in members.iter().filter(|c| c.id != survivor) {
        changes.push(Change {
            before: Some(Record::Customer(member.clone())),
            after: None,
        });
    }
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, OrderId, OrderStatus, RecordKind};
    use std::collections::BTreeMap as Map;

    fn customer(id: u64, name: &str, updated: i64) -> Customer {
        let mut c = Customer::new(CustomerId(id), updated);
        c.name = Some(name.to_owned());
        c
    }

    fn order(id: u64, customer: u64) -> Order {
        Order {
            id: OrderId(id),
            customer_id: Some(CustomerId(customer)),
            date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date"),
            status: OrderStatus::default(),
            lines: Vec::new(),
            given_amount: Some(Money(1_000)),
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn the_most_complete_record_survives_and_gaps_come_from_the_newest() {
        let mut old = customer(1, "Ada Lovelace", 10);
        old.email = Some("ada@example.com".into());
        old.phone = Some("+44 20 7946 0958".into());
        old.tags = vec!["vip".into()];
        let mut new = customer(2, "ADA LOVELACE", 20);
        new.address.city = Some("London".into());
        new.tags = vec!["newsletter".into(), "vip".into()];
        new.opt_out = vec![crate::model::Channel::Sms];
        let members = [old.clone(), new.clone()];
        let choice = MergeChoice::default_for(&members).expect("members");
        assert_eq!(choice.survivor, 1);
        assert_eq!(choice.fields.get(&MergeField::City), Some(&2));
        assert_eq!(choice.fields.get(&MergeField::Name), Some(&1));
        let result = merged_customer(&members, &choice).expect("survivor");
        assert_eq!(result.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(result.address.city.as_deref(), Some("London"));
        assert_eq!(result.tags, vec!["vip".to_owned(), "newsletter".to_owned()]);
        assert_eq!(result.opt_out, [crate::model::Channel::Sms]);
        let mut picked = choice.clone();
        picked.fields.insert(MergeField::Name, 2);
        picked.fields.remove(&MergeField::Phone);
        let result = merged_customer(&members, &picked).expect("survivor");
        assert_eq!(result.name.as_deref(), Some("ADA LOVELACE"));
        assert_eq!(result.phone, None);
    }

    #[test]
    fn an_imported_row_only_fills_gaps() {
        let mut stored = customer(5, "Ada Lovelace", 10);
        stored.email = Some("ada@example.com".into());
        stored.tags = vec!["vip".into()];
        let mut row = customer(0, "ADA LOVELACE", 99);
        row.email = Some("other@example.com".into());
        row.phone = Some("+44 20 7946 0958".into());
        row.tags = vec!["import".into()];
        let merged = fill_gaps(&stored, &row);
        assert_eq!(merged.id, stored.id);
        assert_eq!(merged.name, stored.name);
        assert_eq!(merged.email, stored.email);
        assert_eq!(merged.phone, row.phone);
        assert_eq!(merged.tags, vec!["vip".to_owned(), "import".to_owned()]);
        assert_eq!(merged.version, stored.version);
    }

    #[test]
    fn equally_complete_records_keep_the_newest() {
        let members = [
            customer(1, "A", 10),
            customer(2, "B", 30),
            customer(3, "C", 20),
        ];
        assert_eq!(default_survivor(&members), Some(2));
        assert_eq!(default_survivor(&[]), None);
    }

    /// Applies changes to an in-memory copy of the records, as the store would.
    fn apply(state: &mut Map<(RecordKind, u64), Record>, changes: &[Change]) {
        for change in changes {
            if let Some(before) = &change.before {
                assert_eq!(state.get(&before.key()), Some(before), "stale change");
            }
            match (&change.before, &change.after) {
                (_, Some(after)) => {
                    state.insert(after.key(), after.clone());
                }
                (Some(before), None) => {
                    state.remove(&before.key());
                }
                (None, None) => {}
            }
        }
    }

    #[test]
    fn merge_moves_orders_and_notes_and_its_inverse_restores_everything() {
        let members = [customer(1, "Ada", 10), customer(2, "Ada L", 20)];
        let orders = [order(1, 1), order(2, 2), order(3, 9)];
        let notes = [Note {
            id: crate::model::NoteId(1),
            customer_id: CustomerId(2),
            body: "called".into(),
            created_at: 0,
            updated_at: 0,
            version: 1,
        }];
        let mut state: Map<(RecordKind, u64), Record> = Map::new();
        for c in &members {
            state.insert((RecordKind::Customer, c.id.0), Record::Customer(c.clone()));
        }
        for o in &orders {
            state.insert((RecordKind::Order, o.id.0), Record::Order(o.clone()));
        }
        state.insert((RecordKind::Note, 1), Record::Note(notes[0].clone()));
        let original = state.clone();
        let choice = MergeChoice {
            survivor: 1,
            fields: Map::from([(MergeField::Name, 2)]),
        };
        let changes = merge_changes(&members, &choice, &orders, &notes, &[]).expect("survivor");
        apply(&mut state, &changes);
        assert!(!state.contains_key(&(RecordKind::Customer, 2)));
        for id in [1, 2] {
            let Some(Record::Order(o)) = state.get(&(RecordKind::Order, id)) else {
                panic!("order {id} is kept");
            };
            assert_eq!(o.customer_id, Some(CustomerId(1)));
        }
        let Some(Record::Order(other)) = state.get(&(RecordKind::Order, 3)) else {
            panic!("order 3 is kept");
        };
        assert_eq!(other.customer_id, Some(CustomerId(9)));
        let Some(Record::Note(note)) = state.get(&(RecordKind::Note, 1)) else {
            panic!("the note is kept");
        };
        assert_eq!(note.customer_id, CustomerId(1));
        let inverse: Vec<Change> = changes.iter().rev().map(Change::inverse).collect();
        apply(&mut state, &inverse);
        assert_eq!(state, original);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Merge followed by undo restores exactly the previous records, whatever is chosen.
        #[test]
        fn merge_then_undo_restores(
            names in proptest::collection::vec("[a-c]{0,2}", 2..5),
            survivor_at in 0usize..5,
            owners in proptest::collection::vec(1u64..7, 0..8),
            pick in proptest::collection::vec(0usize..5, 13),
        ) {
            let members: Vec<Customer> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let mut c = Customer::new(CustomerId(i as u64 + 1), i as i64);
                    c.name = (!n.is_empty()).then(|| n.clone());
                    c.email = (i % 2 == 0).then(|| format!("{n}@x.org"));
                    c.tags = vec![n.clone()];
                    c
                })
                .collect();
            let survivor = members[survivor_at % members.len()].id.0;
            let fields = MergeField::ALL
                .iter()
                .zip(&pick)
                .map(|(f, p)| (*f, members[p % members.len()].id.0))
                .collect();
            let choice = MergeChoice { survivor, fields };
            let orders: Vec<Order> = owners
                .iter()
                .enumerate()
                .map(|(i, owner)| {
                    let mut o = tests_order(i as u64 + 1);
                    o.customer_id = Some(CustomerId(*owner));
                    o
                })
                .collect();
            let changes = merge_changes(&members, &choice, &orders, &[], &[]).expect("survivor");
            let mut state: BTreeMap<(crate::model::RecordKind, u64), Record> = BTreeMap::new();
            for r in members.iter().cloned().map(Record::Customer).chain(orders.iter().cloned().map(Record::Order)) {
                state.insert(r.key(), r);
            }
            let original = state.clone();
            for change in &changes {
                match (&change.before, &change.after) {
                    (_, Some(after)) => { state.insert(after.key(), after.clone()); }
                    (Some(before), None) => { state.remove(&before.key()); }
                    _ => {}
                }
            }
            let remaining: Vec<u64> = state.keys().filter(|k| k.0 == crate::model::RecordKind::Customer).map(|k| k.1).collect();
            prop_assert_eq!(remaining, vec![survivor]);
            for change in changes.iter().rev().map(Change::inverse) {
                match (&change.before, &change.after) {
                    (_, Some(after)) => { state.insert(after.key(), after.clone()); }
                    (Some(before), None) => { state.remove(&before.key()); }
                    _ => {}
                }
            }
            prop_assert_eq!(state, original);
        }
    }

    fn tests_order(id: u64) -> Order {
        Order {
            id: crate::model::OrderId(id),
            customer_id: None,
            date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date"),
            status: crate::model::OrderStatus::default(),
            lines: Vec::new(),
            given_amount: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }
}
