//! The edit path: every change a person makes (create, edit, delete, bulk actions, imports,
//! undo, redo) is applied here in one transaction together with its change set in the log, so
//! the log, the records and the undo and redo stacks never disagree.
//!
//! Undo applies the inverse of the newest set on the undo stack and logs that as a set of its
//! own (step `Undone`), which goes on the redo stack; redo applies the inverse of that one. An
//! edit checks the record's stored version, an undo or redo its content, so neither overwrites
//! a change made since: it is refused as a conflict and nothing is written. No change leaves a
//! reference dangling (an order without its customer or product). An import is logged as the id
//! ranges it created; undoing it removes them, keeping their states in the undo set for redo.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::{Deserialize, Serialize};

use super::chunks::{self, Chunked};
use super::db::{
    all_envelopes, all_ids, envelopes_by, get_envelope, idb, put_all, put_change_refs, raise,
    read_meta, write_meta, Db, META_NEXT_IDS,
};
use super::record::{decode_json, Envelope, Keys};
use super::schema::{indexes, stores};
use super::StoreError;
use crate::import::NextIds;
use crate::model::{
    Campaign, Change, ChangeSet, ChangeSetId, Customer, IdRange, Note, Order, Product, Record,
    RecordKind, Segment, Step, Ticket, Timestamp,
};

/// Change-set labels, as stored (the UI words them in the user's language).
pub mod labels {
    pub const CREATE: &str = "create";
    pub const EDIT: &str = "edit";
    pub const DELETE: &str = "delete";
    pub const BULK_TAG: &str = "bulk_tag";
    pub const BULK_UNTAG: &str = "bulk_untag";
    pub const BULK_SET: &str = "bulk_set";
    pub const BULK_DELETE: &str = "bulk_delete";
    pub const NOTE: &str = "note";
    pub const IMPORT: &str = "import";
    pub const MERGE: &str = "merge";
    pub const CLEAN: &str = "clean";
    pub const SEGMENTS: &str = "segments";
    pub const AUTOMATION: &str = "automation";
}

/// How many actions can be undone; older ones stay in the log (history) but leave the stack.
pub const UNDO_DEPTH: usize = 100;

const META_UNDO: &str = "undo";

/// The undo and redo stacks: change-set ids, newest last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Stacks {
    undo: Vec<u64>,
    redo: Vec<u64>,
}

/// What undo and redo would do now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoState {
    /// The set that undo would revert.
    pub undo: Option<ChangeSet>,
    /// The set that redo would revert (an undo).
    pub redo: Option<ChangeSet>,
}

/// What happens to a deleted customer's orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrdersOfDeleted {
    /// Delete them with the customer.
    Delete,
    /// Keep them, linked to no customer (revenue figures keep them).
    KeepUnlinked,
}

/// Above this many customers a bulk delete scans every order chunk once instead of asking the
/// customer index per customer.
const SCAN_ALL_ABOVE: usize = 256;

impl Db {
    /// Applies `changes` as one action the user can undo, in one transaction. Each change's
    /// `before` states the version it expects (`None`: the record must not exist); a record
    /// created with id 0 gets the next free id. Saved records get the next version and `now`.
    /// Returns the change set as logged (the states actually written). A stale version is a
    /// [`StoreError::Conflict`] and nothing is written.
    pub async fn apply(
        &self,
        label: &str,
        detail: &str,
        changes: Vec<Change>,
        now: Timestamp,
    ) -> Result<ChangeSet, StoreError> {
        let tx = self.write_tx().await?;
        let mut next = read_next(&tx).await?;
        let how = How {
            now,
            check: Check::Version,
        };
        let applied = apply_in(&tx, &self.keys, &mut next, changes, how).await?;
        let set = log(
            &tx,
            &self.keys,
            &mut next,
            (label, detail, Step::Done, None),
            applied,
            now,
        )?;
        push_done(&tx, set.id).await?;
        write_meta(&tx, META_NEXT_IDS, &next)?;
        tx.commit().await.map_err(idb("commit"))?;
        Ok(set)
    }

    /// Stores a new customer under the next free id and returns it as stored.
    pub async fn create_customer(
        &self,
        mut customer: Customer,
        now: Timestamp,
    ) -> Result<Customer, StoreError> {
        customer.id = crate::model::CustomerId(0);
        customer.demo = false;
        let change = Change {
            before: None,
            after: Some(Record::Customer(customer)),
        };
        let set = self.apply(labels::CREATE, "", vec![change], now).await?;
        saved_customer(set)
    }

    /// Saves an edited customer if nobody saved it since it was read: `customer.version` must
    /// be the stored version, else this is a [`StoreError::Conflict`] (another tab saved
    /// first, and overwriting would lose that change).
    pub async fn update_customer(
        &self,
        customer: Customer,
        now: Timestamp,
    ) -> Result<Customer, StoreError> {
        let change = Change {
            before: Some(Record::Customer(customer.clone())),
            after: Some(Record::Customer(customer)),
        };
        let set = self.apply(labels::EDIT, "", vec![change], now).await?;
        saved_customer(set)
    }

    /// Edits many customers in one transaction: `edit` changes a customer and says whether it
    /// did; unchanged ones are not written. Returns the logged set (empty changes when nothing
    /// changed; then nothing is logged and there is nothing to undo).
    pub async fn update_customers(
        &self,
        ids: &[u64],
        label: &str,
        detail: &str,
        mut edit: impl FnMut(&mut Customer) -> bool,
        now: Timestamp,
    ) -> Result<ChangeSet, StoreError> {
        let tx = self.write_tx().await?;
        let mut changes = Vec::new();
        for (chunk, wanted) in by_chunk::<Customer>(ids) {
            chunks::rewrite::<Customer>(&tx, &self.keys, chunk, |items| {
                for customer in items.iter_mut().filter(|c| wanted.contains(&c.id.0)) {
                    let before = customer.clone();
                    if edit(customer) {
                        customer.version = before.version + 1;
                        customer.updated_at = now;
                        changes.push(Change {
                            before: Some(Record::Customer(before)),
                            after: Some(Record::Customer(customer.clone())),
                        });
                    }
                }
            })
            .await?;
        }
        self.finish(tx, label, detail, changes, now).await
    }

    /// Deletes customers, their notes and tickets, and does with their orders what the user chose:
    /// delete them too, or keep them without a customer. One transaction: all of it or none.
    /// Returns how many orders were deleted or unlinked.
    pub async fn delete_customers(
        &self,
        ids: &[u64],
        orders: OrdersOfDeleted,
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        let tx = self.write_tx().await?;
        let gone: HashSet<u64> = ids.iter().copied().collect();
        let mut changes = Vec::new();
        let mut removed = 0;
        for (chunk, wanted) in by_chunk::<Customer>(ids) {
            removed +=
                chunks::rewrite::<Customer>(&tx, &self.keys, chunk, |items| {
                    changes.extend(items.iter().filter(|c| wanted.contains(&c.id.0)).map(|c| {
                        Change {
                            before: Some(Record::Customer(c.clone())),
                            after: None,
                        }
                    }));
                    items.retain(|c| !wanted.contains(&c.id.0))
                })
                .await?;
        }
        if removed == 0 {
            return Err(StoreError::NotFound {
                id: ids.first().copied().unwrap_or(0),
            });
        }
        let owned = |o: &Order| o.customer_id.is_some_and(|c| gone.contains(&c.0));
        let mut affected = 0usize;
        for chunk in chunks_holding(&tx, stores::ORDERS, indexes::CHUNK_BY_CUSTOMER, ids).await? {
            chunks::rewrite::<Order>(&tx, &self.keys, chunk, |items| {
                affected += items.iter().filter(|o| owned(o)).count();
                match orders {
                    OrdersOfDeleted::Delete => {
                        changes.extend(items.iter().filter(|o| owned(o)).map(|o| Change {
                            before: Some(Record::Order(o.clone())),
                            after: None,
                        }));
                        items.retain(|o| !owned(o));
                    }
                    OrdersOfDeleted::KeepUnlinked => {
                        for order in items.iter_mut().filter(|o| owned(o)) {
                            let before = order.clone();
                            order.customer_id = None;
                            order.version += 1;
                            order.updated_at = now;
                            changes.push(Change {
                                before: Some(Record::Order(before)),
                                after: Some(Record::Order(order.clone())),
                            });
                        }
                    }
                }
            })
            .await?;
        }
        let keys = &self.keys;
        let note = |e: &Envelope| e.to_note(keys).map(Record::Note);
        delete_owned(&tx, stores::NOTES, ids, &gone, note, &mut changes).await?;
        let ticket = |e: &Envelope| e.to_ticket(keys).map(Record::Ticket);
        delete_owned(&tx, stores::TICKETS, ids, &gone, ticket, &mut changes).await?;
        let label = if ids.len() == 1 {
            labels::DELETE
        } else {
            labels::BULK_DELETE
        };
        self.finish(tx, label, "", changes, now).await?;
        Ok(affected)
    }

    /// Deletes one customer (see [`Db::delete_customers`]).
    pub async fn delete_customer(
        &self,
        id: u64,
        orders: OrdersOfDeleted,
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        self.delete_customers(&[id], orders, now).await
    }

    /// Undoes the newest action on the undo stack; `None` when there is nothing to undo.
    pub async fn undo(&self, now: Timestamp) -> Result<Option<ChangeSet>, StoreError> {
        self.revert(now, Step::Undone).await
    }

    /// Redoes the newest undone action; `None` when there is nothing to redo.
    pub async fn redo(&self, now: Timestamp) -> Result<Option<ChangeSet>, StoreError> {
        self.revert(now, Step::Redone).await
    }

    /// The change set `id` of the log, if it exists.
    pub async fn change_set(&self, id: u64) -> Result<Option<ChangeSet>, StoreError> {
        let tx = self.tx(&[stores::CHANGES], TransactionMode::Readonly)?;
        read_set(&tx, &self.keys, Some(id)).await
    }

    /// The customers the newest import created, if that import is still in effect (not
    /// undone): what a cleaning recipe runs on "after an import".
    pub async fn last_import(&self) -> Result<Option<IdRange>, StoreError> {
        let tx = self.tx(&[stores::CHANGES], TransactionMode::Readonly)?;
        let mut reverted = HashSet::new();
        for id in all_ids(&tx, stores::CHANGES).await?.into_iter().rev() {
            let Some(set) = read_set(&tx, &self.keys, Some(id)).await? else {
                continue;
            };
            if let Some(target) = set.reverts {
                reverted.insert(target.0);
            }
            if set.label == labels::IMPORT && set.step == Step::Done && !reverted.contains(&id) {
                return Ok(set
                    .created
                    .iter()
                    .find(|r| r.kind == RecordKind::Customer)
                    .cloned());
            }
        }
        Ok(None)
    }

    /// What undo and redo would revert now.
    pub async fn undo_state(&self) -> Result<UndoState, StoreError> {
        let tx = self.tx(&[stores::CHANGES, stores::META], TransactionMode::Readonly)?;
        let stacks = read_stacks(&tx).await?;
        Ok(UndoState {
            undo: read_set(&tx, &self.keys, stacks.undo.last().copied()).await?,
            redo: read_set(&tx, &self.keys, stacks.redo.last().copied()).await?,
        })
    }

    async fn revert(&self, now: Timestamp, step: Step) -> Result<Option<ChangeSet>, StoreError> {
        let tx = self.write_tx().await?;
        let mut stacks = read_stacks(&tx).await?;
        let (from, to) = match step {
            Step::Redone => (&mut stacks.redo, &mut stacks.undo),
            _ => (&mut stacks.undo, &mut stacks.redo),
        };
        let Some(id) = from.pop() else {
            return Ok(None);
        };
        let Some(target) = read_set(&tx, &self.keys, Some(id)).await? else {
            return Err(StoreError::NotFound { id });
        };
        let mut next = read_next(&tx).await?;
        let how = How {
            now,
            check: Check::Content,
        };
        let applied = if step == Step::Undone && !target.created.is_empty() {
            remove_imported(&tx, &self.keys, &target.created).await?
        } else {
            let changes = target.inverse_changes();
            apply_in(&tx, &self.keys, &mut next, changes, how).await?
        };
        let logged = (&*target.label, &*target.detail, step, Some(target.id));
        let set = log(&tx, &self.keys, &mut next, logged, applied, now)?;
        to.push(set.id.0);
        write_meta(&tx, META_UNDO, &stacks)?;
        write_meta(&tx, META_NEXT_IDS, &next)?;
        tx.commit().await.map_err(idb("commit"))?;
        Ok(Some(set))
    }

    /// Logs `changes` (if any) as a new action and commits.
    async fn finish(
        &self,
        tx: Transaction<'_>,
        label: &str,
        detail: &str,
        changes: Vec<Change>,
        now: Timestamp,
    ) -> Result<ChangeSet, StoreError> {
        let mut next = read_next(&tx).await?;
        if changes.is_empty() {
            return Ok(ChangeSet {
                id: ChangeSetId(0),
                at: now,
                label: label.to_owned(),
                detail: detail.to_owned(),
                step: Step::Done,
                reverts: None,
                changes,
                created: Vec::new(),
            });
        }
        let set = log(
            &tx,
            &self.keys,
            &mut next,
            (label, detail, Step::Done, None),
            changes,
            now,
        )?;
        push_done(&tx, set.id).await?;
        write_meta(&tx, META_NEXT_IDS, &next)?;
        tx.commit().await.map_err(idb("commit"))?;
        Ok(set)
    }
}

/// Logs an import as one action: the id range it created, named by its file.
pub(super) async fn log_import(
    tx: &Transaction<'_>,
    keys: &Keys,
    next: &mut NextIds,
    source: &str,
    range: IdRange,
    now: Timestamp,
) -> Result<(), StoreError> {
    let set = ChangeSet {
        id: ChangeSetId(next.change_set.max(1)),
        at: now,
        label: labels::IMPORT.to_owned(),
        detail: source.to_owned(),
        step: Step::Done,
        reverts: None,
        changes: Vec::new(),
        created: vec![range],
    };
    next.change_set = set.id.0 + 1;
    // The import's records are not in the set (nor in the change references): their history
    // starts at their first edit.
    put_all(
        tx,
        stores::CHANGES,
        std::iter::once(Envelope::change_set(&set, keys)),
    )?;
    push_done(tx, set.id).await
}

/// Undoes an import: removes the records it created, if none was edited since (else a
/// [`StoreError::Conflict`]) and nothing else points at them (else [`StoreError::InUse`]).
/// Returns their removal as changes, which the undo set keeps so that redo can bring them back.
async fn remove_imported(
    tx: &Transaction<'_>,
    keys: &Keys,
    ranges: &[IdRange],
) -> Result<Vec<Change>, StoreError> {
    let mut removed = Vec::new();
    for range in ranges {
        match range.kind {
            RecordKind::Customer => remove_range::<Customer>(tx, keys, range, &mut removed).await?,
            RecordKind::Order => remove_range::<Order>(tx, keys, range, &mut removed).await?,
            RecordKind::Product => {
                let store = tx.object_store(stores::PRODUCTS).map_err(idb("write"))?;
                for id in range.first..=range.last {
                    let Some(envelope) = get_envelope(tx, stores::PRODUCTS, id).await? else {
                        continue;
                    };
                    let product = envelope.to_product(keys)?;
                    unchanged_since_import(product.id.0, product.version)?;
                    store.delete(id as f64).build().map_err(idb("write"))?;
                    removed.push(Change {
                        before: Some(Record::Product(product)),
                        after: None,
                    });
                }
            }
            RecordKind::Note | RecordKind::Segment | RecordKind::Ticket | RecordKind::Campaign => {}
        }
    }
    check_references(tx, keys, &removed).await?;
    Ok(removed)
}

/// Imported records have version 1 until someone edits them.
fn unchanged_since_import(id: u64, version: u32) -> Result<(), StoreError> {
    if version == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            id,
            yours: 1,
            stored: version,
        })
    }
}

async fn remove_range<T: Chunked + Editable>(
    tx: &Transaction<'_>,
    keys: &Keys,
    range: &IdRange,
    removed: &mut Vec<Change>,
) -> Result<(), StoreError> {
    for chunk in T::chunk_of(range.first)..=T::chunk_of(range.last) {
        let mut failure = None;
        chunks::rewrite::<T>(tx, keys, chunk, |items| {
            let (gone, kept): (Vec<T>, Vec<T>) = items
                .drain(..)
                .partition(|t| (range.first..=range.last).contains(&t.id_of()));
            *items = kept;
            for item in gone {
                let record = item.wrap();
                if let Err(error) = unchanged_since_import(record.key().1, record.version()) {
                    failure = Some(error);
                }
                removed.push(Change {
                    before: Some(record),
                    after: None,
                });
            }
        })
        .await?;
        if let Some(error) = failure {
            return Err(error);
        }
    }
    Ok(())
}

/// Forgets the undo and redo stacks (after a restore, clearing everything or removing the demo
/// data, which are not undoable: undoing across them could resurrect or clobber records).
pub(super) fn forget_undo(tx: &Transaction<'_>) -> Result<(), StoreError> {
    write_meta(tx, META_UNDO, &Stacks::default())
}

fn saved_customer(set: ChangeSet) -> Result<Customer, StoreError> {
    match set.changes.into_iter().next().and_then(|c| c.after) {
        Some(Record::Customer(customer)) => Ok(customer),
        _ => Err(StoreError::NotFound { id: 0 }),
    }
}

async fn read_next(tx: &Transaction<'_>) -> Result<NextIds, StoreError> {
    Ok(read_meta::<NextIds>(tx, META_NEXT_IDS)
        .await?
        .unwrap_or_default())
}

async fn read_stacks(tx: &Transaction<'_>) -> Result<Stacks, StoreError> {
    Ok(read_meta::<Stacks>(tx, META_UNDO)
        .await?
        .unwrap_or_default())
}

async fn read_set(
    tx: &Transaction<'_>,
    keys: &Keys,
    id: Option<u64>,
) -> Result<Option<ChangeSet>, StoreError> {
    let Some(id) = id else { return Ok(None) };
    get_envelope(tx, stores::CHANGES, id)
        .await?
        .as_ref()
        .map(|e| e.to_change_set(keys))
        .transpose()
}

/// A new action: onto the undo stack (dropping the oldest past [`UNDO_DEPTH`]); redo is gone.
async fn push_done(tx: &Transaction<'_>, id: ChangeSetId) -> Result<(), StoreError> {
    let mut stacks = read_stacks(tx).await?;
    stacks.undo.push(id.0);
    let excess = stacks.undo.len().saturating_sub(UNDO_DEPTH);
    stacks.undo.drain(..excess);
    stacks.redo.clear();
    write_meta(tx, META_UNDO, &stacks)
}

/// Adds a change set to the log inside `tx`, under the next change-set id from `next`; the
/// caller writes `next` back once with its other counters.
fn log(
    tx: &Transaction<'_>,
    keys: &Keys,
    next: &mut NextIds,
    (label, detail, step, reverts): (&str, &str, Step, Option<ChangeSetId>),
    changes: Vec<Change>,
    now: Timestamp,
) -> Result<ChangeSet, StoreError> {
    let set = ChangeSet {
        id: ChangeSetId(next.change_set.max(1)),
        at: now,
        label: label.to_owned(),
        detail: detail.to_owned(),
        step,
        reverts,
        changes,
        created: Vec::new(),
    };
    next.change_set = set.id.0 + 1;
    put_all(
        tx,
        stores::CHANGES,
        std::iter::once(Envelope::change_set(&set, keys)),
    )?;
    put_change_refs(tx, std::iter::once(&set))?;
    Ok(set)
}

/// Ids grouped by the chunk that holds them.
fn by_chunk<T: Chunked>(ids: &[u64]) -> BTreeMap<u64, HashSet<u64>> {
    let mut chunks: BTreeMap<u64, HashSet<u64>> = BTreeMap::new();
    for &id in ids {
        chunks.entry(T::chunk_of(id)).or_default().insert(id);
    }
    chunks
}

/// The primary keys in `store` whose `index` holds one of `ids`: per id through the index, or
/// every key when there are many ids (one scan beats thousands of index requests).
async fn chunks_holding(
    tx: &Transaction<'_>,
    store: &'static str,
    index: indexes::Index,
    ids: &[u64],
) -> Result<Vec<u64>, StoreError> {
    if ids.len() > SCAN_ALL_ABOVE {
        return all_ids(tx, store).await;
    }
    let store = tx.object_store(store).map_err(idb("read"))?;
    let keys = |found: Vec<f64>| found.into_iter().map(|k| k as u64);
    let index = store.index(index.0).map_err(idb("read"))?;
    let mut found = std::collections::BTreeSet::new();
    for &id in ids {
        let list: Vec<f64> = index
            .get_all_keys()
            .with_query(id as f64..=id as f64)
            .primitive()
            .map_err(idb("read"))?
            .await
            .map_err(idb("read"))?
            .collect::<Result<_, _>>()
            .map_err(idb("read"))?;
        found.extend(keys(list));
    }
    Ok(found.into_iter().collect())
}

/// A kind of record as the edit path sees it.
trait Editable: Sized + Clone {
    const KIND: RecordKind;
    fn id_of(&self) -> u64;
    fn wrap(self) -> Record;
    fn unwrap(record: Record) -> Option<Self>;
}

macro_rules! editable {
    ($type:ty, $kind:ident) => {
        impl Editable for $type {
            const KIND: RecordKind = RecordKind::$kind;
            fn id_of(&self) -> u64 {
                self.id.0
            }
            fn wrap(self) -> Record {
                Record::$kind(self)
            }
            fn unwrap(record: Record) -> Option<Self> {
                match record {
                    Record::$kind(inner) => Some(inner),
                    _ => None,
                }
            }
        }
    };
}
editable!(Customer, Customer);
editable!(Product, Product);
editable!(Order, Order);
editable!(Note, Note);
editable!(Segment, Segment);
editable!(Ticket, Ticket);
editable!(Campaign, Campaign);

/// How the edit path checks that a record is as the change expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// The stored version is the one the change was made from (an edit: a newer version means
    /// someone else saved in between).
    Version,
    /// The stored record is what the reverted set left (undo and redo: versions move on with
    /// every undo, content does not).
    Content,
}

impl Check {
    fn holds(self, expected: &Record, stored: &Record) -> bool {
        match self {
            Check::Version => expected.version() == stored.version(),
            Check::Content => {
                let bare = |record: &Record| {
                    let mut copy = record.clone();
                    copy.stamp(0, 0, false);
                    copy
                };
                bare(expected) == bare(stored)
            }
        }
    }
}

/// When and how changes are applied.
#[derive(Debug, Clone, Copy)]
struct How {
    now: Timestamp,
    check: Check,
}

/// Applies `changes` inside `tx` (see [`Db::apply`]); returns the changes as written.
async fn apply_in(
    tx: &Transaction<'_>,
    keys: &Keys,
    next: &mut NextIds,
    changes: Vec<Change>,
    how: How,
) -> Result<Vec<Change>, StoreError> {
    let mut customers: BTreeMap<u64, Vec<Change>> = BTreeMap::new();
    let mut orders: BTreeMap<u64, Vec<Change>> = BTreeMap::new();
    let mut singles = Vec::new();
    for mut change in changes {
        let Some((kind, id)) = change.key() else {
            continue;
        };
        let id = if change.before.is_none() && id == 0 {
            let counter = match kind {
                RecordKind::Customer => &mut next.customer,
                RecordKind::Product => &mut next.product,
                RecordKind::Order => &mut next.order,
                RecordKind::Note => &mut next.note,
                RecordKind::Segment => &mut next.segment,
                RecordKind::Ticket => &mut next.ticket,
                RecordKind::Campaign => &mut next.campaign,
            };
            let fresh = (*counter).max(1);
            raise(counter, std::iter::once(fresh));
            if let Some(after) = change.after.as_mut() {
                after.set_id(fresh);
                after.stamp(0, how.now, true);
            }
            fresh
        } else {
            id
        };
        if id > chunks::MAX_ID {
            return Err(StoreError::InvalidId { id });
        }
        match kind {
            RecordKind::Customer => customers.entry(Customer::chunk_of(id)).or_default(),
            RecordKind::Order => orders.entry(Order::chunk_of(id)).or_default(),
            RecordKind::Product
            | RecordKind::Note
            | RecordKind::Segment
            | RecordKind::Ticket
            | RecordKind::Campaign => &mut singles,
        }
        .push(change);
    }
    let mut applied = Vec::new();
    apply_chunked::<Customer>(tx, keys, customers, how, &mut applied).await?;
    apply_chunked::<Order>(tx, keys, orders, how, &mut applied).await?;
    for change in singles {
        match change.key() {
            Some((RecordKind::Product, id)) => {
                let codec = (
                    |e: &Envelope| e.to_product(keys),
                    |p: &Product| Envelope::product(p, keys),
                );
                let done = apply_single(tx, stores::PRODUCTS, id, change, how, codec).await?;
                applied.push(done);
            }
            Some((RecordKind::Note, id)) => {
                let codec = (
                    |e: &Envelope| e.to_note(keys),
                    |n: &Note| Envelope::note(n, keys),
                );
                let done = apply_single(tx, stores::NOTES, id, change, how, codec).await?;
                applied.push(done);
            }
            Some((RecordKind::Segment, id)) => {
                let codec = (
                    |e: &Envelope| e.to_segment(keys),
                    |s: &Segment| Envelope::segment(s, keys),
                );
                let done = apply_single(tx, stores::SEGMENTS, id, change, how, codec).await?;
                applied.push(done);
            }
            Some((RecordKind::Ticket, id)) => {
                let codec = (
                    |e: &Envelope| e.to_ticket(keys),
                    |t: &Ticket| Envelope::ticket(t, keys),
                );
                let done = apply_single(tx, stores::TICKETS, id, change, how, codec).await?;
                applied.push(done);
            }
            Some((RecordKind::Campaign, id)) => {
                let codec = (
                    |e: &Envelope| e.to_campaign(keys),
                    |m: &Campaign| Envelope::campaign(m, keys),
                );
                let done = apply_single(tx, stores::CAMPAIGNS, id, change, how, codec).await?;
                applied.push(done);
            }
            _ => {}
        }
    }
    check_references(tx, keys, &applied).await?;
    for change in &applied {
        if let Some((kind, id)) = change.key() {
            let counter = match kind {
                RecordKind::Customer => &mut next.customer,
                RecordKind::Product => &mut next.product,
                RecordKind::Order => &mut next.order,
                RecordKind::Note => &mut next.note,
                RecordKind::Segment => &mut next.segment,
                RecordKind::Ticket => &mut next.ticket,
                RecordKind::Campaign => &mut next.campaign,
            };
            raise(counter, std::iter::once(id));
        }
    }
    Ok(applied)
}

/// After `applied` was written (reads in `tx` see it): every order and note it wrote points at
/// records that exist, and no record it deleted is still pointed at. Otherwise the transaction
/// must not commit: an undo or an edit never leaves an order without its customer.
async fn check_references(
    tx: &Transaction<'_>,
    keys: &Keys,
    applied: &[Change],
) -> Result<(), StoreError> {
    let mut customers_exist: HashMap<u64, bool> = HashMap::new();
    let mut products_exist: HashMap<u64, bool> = HashMap::new();
    let mut gone_customers = Vec::new();
    let mut gone_products = HashSet::new();
    let mut gone_orders = Vec::new();
    for change in applied {
        match (&change.before, &change.after) {
            (Some(Record::Customer(c)), None) => gone_customers.push(c.id.0),
            (Some(Record::Order(o)), None) => gone_orders.push(o.id.0),
            (Some(Record::Product(p)), None) => {
                gone_products.insert(p.id.0);
            }
            (_, Some(Record::Order(order))) => {
                if let Some(customer) = order.customer_id {
                    require_customer(tx, keys, &mut customers_exist, customer.0).await?;
                }
                for product in order.lines.iter().filter_map(|l| l.product_id) {
                    if !exists(tx, &mut products_exist, product.0).await? {
                        return Err(StoreError::MissingReference {
                            kind: "product",
                            id: product.0,
                        });
                    }
                }
            }
            (_, Some(Record::Note(note))) => {
                require_customer(tx, keys, &mut customers_exist, note.customer_id.0).await?;
            }
            (_, Some(Record::Ticket(ticket))) => {
                require_customer(tx, keys, &mut customers_exist, ticket.customer_id.0).await?;
                if let Some(order) = ticket.order_id {
                    require_order_of(tx, keys, order.0, ticket.customer_id.0).await?;
                }
            }
            _ => {}
        }
    }
    for order in gone_orders {
        let naming = envelopes_by(tx, stores::TICKETS, indexes::BY_ORDER, order).await?;
        if !naming.is_empty() {
            return Err(StoreError::OrderHasTickets {
                id: order,
                count: naming.len(),
            });
        }
    }
    if gone_customers.len() > SCAN_ALL_ABOVE {
        customers_unused(tx, &gone_customers.iter().copied().collect()).await?;
        gone_customers.clear();
    }
    for customer in gone_customers {
        let orders = envelopes_by(tx, stores::ORDERS, indexes::CHUNK_BY_CUSTOMER, customer).await?;
        let mut using = 0;
        for envelope in &orders {
            using += envelope
                .to_orders(keys)?
                .iter()
                .filter(|o| o.customer_id.map(|c| c.0) == Some(customer))
                .count();
        }
        for store in [stores::NOTES, stores::TICKETS] {
            using += envelopes_by(tx, store, indexes::BY_CUSTOMER, customer)
                .await?
                .len();
        }
        if using > 0 {
            return Err(StoreError::InUse {
                id: customer,
                count: using,
            });
        }
    }
    if !gone_products.is_empty() {
        product_lines_unused(tx, keys, &gone_products).await?;
    }
    Ok(())
}

/// Fails when an order or a note points at one of `customers`: one pass over every order
/// chunk's customer list and every note, for removals too large to ask the index per customer.
async fn customers_unused(
    tx: &Transaction<'_>,
    customers: &HashSet<u64>,
) -> Result<(), StoreError> {
    let mut using = 0usize;
    for store in [stores::ORDERS, stores::NOTES, stores::TICKETS] {
        let all = all_envelopes(tx, store).await?;
        for envelope in &all {
            using += envelope
                .cs
                .iter()
                .flatten()
                .chain(envelope.c.iter())
                .filter(|c| customers.contains(c))
                .count();
        }
    }
    match customers.iter().next() {
        Some(&id) if using > 0 => Err(StoreError::InUse { id, count: using }),
        _ => Ok(()),
    }
}

/// Deletes the records of `store` (notes, tickets: one record each, indexed by customer) that
/// belong to the customers `gone` (`ids` as a list), adding their deletions to `changes`.
async fn delete_owned(
    tx: &Transaction<'_>,
    store: &'static str,
    ids: &[u64],
    gone: &HashSet<u64>,
    decode: impl Fn(&Envelope) -> Result<Record, StoreError>,
    changes: &mut Vec<Change>,
) -> Result<(), StoreError> {
    let records = tx.object_store(store).map_err(idb("delete"))?;
    for key in chunks_holding(tx, store, indexes::BY_CUSTOMER, ids).await? {
        let Some(envelope) = get_envelope(tx, store, key).await? else {
            continue;
        };
        if envelope.c.is_some_and(|c| gone.contains(&c)) {
            changes.push(Change {
                before: Some(decode(&envelope)?),
                after: None,
            });
            records.delete(key as f64).build().map_err(idb("delete"))?;
        }
    }
    Ok(())
}

/// Deletes the tickets whose customer is gone (demo removal takes the demo customers away
/// without the change log; tickets opened on them go with them).
pub(super) async fn drop_tickets_without_customer(
    tx: &Transaction<'_>,
    keys: &Keys,
) -> Result<(), StoreError> {
    let store = tx.object_store(stores::TICKETS).map_err(idb("delete"))?;
    let mut known = HashMap::new();
    for envelope in all_envelopes(tx, stores::TICKETS).await? {
        let Some(customer) = envelope.c else { continue };
        if require_customer(tx, keys, &mut known, customer)
            .await
            .is_err()
        {
            store
                .delete(envelope.id as f64)
                .build()
                .map_err(idb("delete"))?;
        }
    }
    Ok(())
}

/// Fails unless order `id` exists and belongs to customer `customer` (a ticket's order).
async fn require_order_of(
    tx: &Transaction<'_>,
    keys: &Keys,
    id: u64,
    customer: u64,
) -> Result<(), StoreError> {
    let chunk = chunks::read_chunk::<Order>(tx, keys, Order::chunk_of(id)).await?;
    let found = chunk
        .iter()
        .any(|o| o.id.0 == id && o.customer_id.map(|c| c.0) == Some(customer));
    if found {
        Ok(())
    } else {
        Err(StoreError::MissingReference { kind: "order", id })
    }
}

async fn require_customer(
    tx: &Transaction<'_>,
    keys: &Keys,
    known: &mut HashMap<u64, bool>,
    id: u64,
) -> Result<(), StoreError> {
    let found = match known.get(&id) {
        Some(&found) => found,
        None => {
            let chunk = chunks::read_chunk::<Customer>(tx, keys, Customer::chunk_of(id)).await?;
            let found = chunk.iter().any(|c| c.id.0 == id);
            known.insert(id, found);
            found
        }
    };
    if found {
        Ok(())
    } else {
        Err(StoreError::MissingReference {
            kind: "customer",
            id,
        })
    }
}

async fn exists(
    tx: &Transaction<'_>,
    known: &mut HashMap<u64, bool>,
    product: u64,
) -> Result<bool, StoreError> {
    if let Some(&found) = known.get(&product) {
        return Ok(found);
    }
    let count = tx
        .object_store(stores::PRODUCTS)
        .map_err(idb("read"))?
        .count()
        .with_query(product as f64..=product as f64)
        .await
        .map_err(idb("read"))?;
    known.insert(product, count > 0);
    Ok(count > 0)
}

/// Fails when an order line uses one of `products`. Orders have no index by product, so this
/// reads every order chunk; it only runs when a product is deleted. The JSON is searched for the
/// ids first, and only chunks that mention one are decoded.
async fn product_lines_unused(
    tx: &Transaction<'_>,
    keys: &Keys,
    products: &HashSet<u64>,
) -> Result<(), StoreError> {
    let all = all_envelopes(tx, stores::ORDERS).await?;
    let needles: Vec<String> = products
        .iter()
        .map(|id| format!("\"product_id\":{id}"))
        .collect();
    let mut using = 0;
    for envelope in &all {
        let json = keys.payload(stores::ORDERS, envelope)?;
        if !needles.iter().any(|n| json.contains(n.as_str())) {
            continue;
        }
        using += decode_json::<Vec<Order>>(stores::ORDERS, envelope.id, &json)?
            .iter()
            .flat_map(|o| &o.lines)
            .filter(|l| l.product_id.is_some_and(|p| products.contains(&p.0)))
            .count();
    }
    if using > 0 {
        return Err(StoreError::InUse {
            id: products.iter().copied().next().unwrap_or(0),
            count: using,
        });
    }
    Ok(())
}

async fn apply_chunked<T: Chunked + Editable>(
    tx: &Transaction<'_>,
    keys: &Keys,
    groups: BTreeMap<u64, Vec<Change>>,
    how: How,
    applied: &mut Vec<Change>,
) -> Result<(), StoreError> {
    for (chunk, changes) in groups {
        let mut failure = None;
        chunks::rewrite::<T>(tx, keys, chunk, |items| {
            // By id, so a redo that brings back a whole chunk stays linear.
            let mut by_id: BTreeMap<u64, T> = items.drain(..).map(|t| (t.id_of(), t)).collect();
            for change in changes {
                match apply_to_map(&mut by_id, change, how) {
                    Ok(done) => applied.push(done),
                    Err(error) => {
                        failure = Some(error);
                        break;
                    }
                }
            }
            items.extend(by_id.into_values());
        })
        .await?;
        if let Some(error) = failure {
            // Returning drops the transaction, which aborts it: nothing is written.
            return Err(error);
        }
    }
    Ok(())
}

/// Applies a change to a record stored on its own (products, notes); `codec` reads and writes
/// its envelope.
async fn apply_single<T: Editable>(
    tx: &Transaction<'_>,
    store_name: &'static str,
    id: u64,
    change: Change,
    how: How,
    (decode, envelope): (
        impl Fn(&Envelope) -> Result<T, StoreError>,
        impl Fn(&T) -> Envelope,
    ),
) -> Result<Change, StoreError> {
    let stored = get_envelope(tx, store_name, id).await?;
    let store = tx.object_store(store_name).map_err(idb("write"))?;
    let mut items: BTreeMap<u64, T> = BTreeMap::new();
    if let Some(found) = stored {
        items.insert(id, decode(&found)?);
    }
    let done = apply_to_map(&mut items, change, how)?;
    match items.values().next() {
        Some(item) => {
            store.put(envelope(item)).serde().map_err(idb("write"))?;
        }
        None => {
            store.delete(id as f64).build().map_err(idb("write"))?;
        }
    }
    Ok(done)
}

/// Applies one change to the stored items of its chunk (by id), checking that the record is as
/// the change expects.
fn apply_to_map<T: Editable>(
    items: &mut BTreeMap<u64, T>,
    change: Change,
    how: How,
) -> Result<Change, StoreError> {
    let Some((_, id)) = change.key() else {
        return Err(StoreError::NotFound { id: 0 });
    };
    let current = items.get(&id).map(|item| item.clone().wrap());
    match (&change.before, &current) {
        (None, None) => {}
        (Some(expected), Some(stored)) if how.check.holds(expected, stored) => {}
        (Some(expected), Some(stored)) => {
            return Err(StoreError::Conflict {
                id,
                yours: expected.version(),
                stored: stored.version(),
            })
        }
        (Some(_), None) => return Err(StoreError::NotFound { id }),
        (None, Some(stored)) => {
            return Err(StoreError::Conflict {
                id,
                yours: 0,
                stored: stored.version(),
            })
        }
    }
    let written = match change.after {
        Some(mut after) => {
            if after.key().0 != T::KIND {
                return Err(StoreError::NotFound { id });
            }
            let base = current.as_ref().map_or(0, Record::version);
            after.stamp(base.max(after.version()) + 1, how.now, false);
            let item = T::unwrap(after.clone()).ok_or(StoreError::NotFound { id })?;
            items.insert(id, item);
            Some(after)
        }
        None => {
            items.remove(&id);
            None
        }
    };
    Ok(Change {
        before: current,
        after: written,
    })
}
