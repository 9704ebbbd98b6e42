//! The customer database in IndexedDB (web edge): opening with migrations, and reads and writes
//! that each run in one transaction, so a failure leaves the previous state intact.
//!
//! IndexedDB is bound by the number of requests and transactions, not bytes: customers and
//! orders are stored in chunks of consecutive ids (see `chunks`), and writes issue their
//! requests without waiting for each in turn.

use std::cell::Cell;
use std::rc::Rc;

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyPath;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::crypto::{Encryption, LockedDb};
use super::record::{record_key, ChangeRef, Envelope, IndexKey, Keys};
use super::schema::{customer_chunk, indexes, migration, stores, DB_NAME, SCHEMA_VERSION};
use super::StoreError;
use super::{changes, chunks};
use crate::import::plan::Records;
use crate::import::{Backup, NextIds};
use crate::mining::{StoredChurn, StoredRules};
use crate::model::{
    Campaign, ChangeSet, CustomFieldDef, Customer, IdRange, Note, Order, Product, ProductId,
    RecordKind, Segment, Ticket, Timestamp,
};

/// Record counts per store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub customers: u32,
    pub products: u32,
    pub orders: u32,
    pub notes: u32,
    /// Demo customers among `customers`.
    pub demo_customers: u32,
}

impl Counts {
    /// Whether the profile holds no records at all.
    pub fn is_empty(&self) -> bool {
        self.customers == 0 && self.products == 0 && self.orders == 0 && self.notes == 0
    }
}

/// A row of the meta store.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct MetaRow<T> {
    key: String,
    value: T,
}

pub(super) const META_INDEX_KEY: &str = "index_key";
pub(super) const META_NEXT_IDS: &str = "next_ids";
const META_DEMO_LOADED: &str = "demo_loaded";
const META_CUSTOM_FIELDS: &str = "custom_fields";
/// Results the mining page computes for other pages: the basket rules last found (for
/// recommendations) and the churn scores (for the customer list). Kept as envelopes under
/// their own ids, sealed when encryption is on; they can be computed again, so switching
/// encryption drops them rather than resealing (see `Db::finish_switch`).
pub(super) const DERIVED: [(&str, u64); 2] = [("basket_rules", 1), ("churn_scores", 2)];
const META_REFS_BUILT: &str = "change_refs_built";

/// An open customer database.
#[derive(Debug, Clone)]
pub struct Db {
    pub(super) db: Database,
    pub(super) keys: Keys,
    /// The object stores this database has (read once at open).
    pub(super) stores: Vec<String>,
    /// Whether records are sealed (see `store::crypto`).
    pub(super) encryption: Encryption,
}

/// A database just opened: ready, or encrypted and waiting for its passphrase.
#[derive(Debug)]
pub enum Opened {
    Ready(Db),
    Locked(LockedDb),
}

pub(crate) fn idb(
    context: &'static str,
) -> impl Fn(indexed_db_futures::error::Error) -> StoreError {
    move |error| StoreError::from_idb(context, &error)
}

/// Lets the UI follow and stop a long import.
pub struct ImportControl {
    /// Set to stop the import; the transaction is then aborted and nothing is stored.
    pub cancelled: Rc<Cell<bool>>,
    /// Called with (records written, total) as the import goes.
    pub progress: Box<dyn Fn(usize, usize)>,
}

/// Records to store together.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    pub customers: Vec<Customer>,
    pub products: Vec<Product>,
    pub orders: Vec<Order>,
    pub notes: Vec<Note>,
    /// Remember that the demo set was loaded.
    pub marks_demo_loaded: bool,
}

impl Db {
    /// Opens (creating or migrating) the profile's database.
    /// `blocked` is called if another tab keeps an older version of the database open, which
    /// holds up the upgrade until that tab closes.
    /// An encrypted profile opens locked.
    pub async fn open(blocked: impl Fn() + 'static) -> Result<Opened, StoreError> {
        Db::open_with(DB_NAME, SCHEMA_VERSION, blocked).await
    }

    /// Opens the database `name` at `version` (tests use their own names and older versions).
    pub async fn open_profile(name: &str, version: u32) -> Result<Opened, StoreError> {
        Db::open_with(name, version, || {}).await
    }

    /// Opens the unencrypted database `name` at `version`; a locked one is
    /// [`StoreError::Locked`].
    pub async fn open_named(name: &str, version: u32) -> Result<Db, StoreError> {
        match Db::open_profile(name, version).await? {
            Opened::Ready(db) => Ok(db),
            Opened::Locked(locked) => {
                locked.close();
                Err(StoreError::Locked)
            }
        }
    }

    async fn open_with(
        name: &str,
        version: u32,
        blocked: impl Fn() + 'static,
    ) -> Result<Opened, StoreError> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                blocked();
                Ok(())
            })
            .with_on_upgrade_needed(move |event: VersionChangeEvent, db: Database| {
                let from = event.old_version() as u32;
                let to = event.new_version().map_or(version, |v| v as u32);
                for step in (from + 1)..=to {
                    for spec in migration(step) {
                        let store = db
                            .create_object_store(spec.name)
                            .with_key_path(KeyPath::One(spec.key_path))
                            .build()?;
                        for (index, field, multi_entry) in spec.indexes {
                            store
                                .create_index(index, KeyPath::One(field))
                                .with_multi_entry(multi_entry)
                                .build()?;
                        }
                    }
                }
                Ok(())
            })
            .await
            .map_err(|error| StoreError::Open {
                reason: error.to_string(),
            })?;
        let stores = db.object_store_names().collect();
        let mut db = Db {
            db,
            keys: Keys::plain(IndexKey::from_bytes([0; 32])),
            stores,
            encryption: Encryption::Off,
        };
        if db.crypto_meta().await?.is_some() {
            return Ok(Opened::Locked(LockedDb { db }));
        }
        db.keys = Keys::plain(load_or_create_key(&db.db).await?);
        db.index_old_change_sets().await?;
        Ok(Opened::Ready(db))
    }

    /// Indexes the change sets written before schema version 2 had the change-reference store,
    /// once, in one transaction (a failure leaves the flag unset, so the next open retries).
    pub(super) async fn index_old_change_sets(&self) -> Result<(), StoreError> {
        if self.version() < 2 {
            return Ok(());
        }
        let tx = self.tx(
            &[stores::CHANGES, stores::CHANGE_REFS, stores::META],
            TransactionMode::Readwrite,
        )?;
        if read_meta::<bool>(&tx, META_REFS_BUILT)
            .await?
            .unwrap_or(false)
        {
            return Ok(());
        }
        let sets = all_envelopes(&tx, stores::CHANGES)
            .await?
            .iter()
            .map(|e| e.to_change_set(&self.keys))
            .collect::<Result<Vec<_>, _>>()?;
        put_change_refs(&tx, sets.iter())?;
        write_meta(&tx, META_REFS_BUILT, &true)?;
        tx.commit().await.map_err(idb("commit"))
    }

    /// Closes the connection (a newer version can then open the database without waiting).
    pub fn close(self) {
        self.db.close();
    }

    /// The database's schema version.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// The names of the object stores.
    pub fn store_names(&self) -> Vec<String> {
        self.stores.clone()
    }

    /// Deletes the database `name` (used by tests).
    pub async fn delete_named(name: &str) -> Result<(), StoreError> {
        let deleting = |error: indexed_db_futures::error::OpenDbError| StoreError::Database {
            context: "delete database",
            reason: error.to_string(),
        };
        Database::delete_by_name(name)
            .map_err(deleting)?
            .await
            .map_err(idb("delete database"))
    }

    pub(super) fn tx(
        &self,
        names: &[&str],
        mode: TransactionMode,
    ) -> Result<Transaction<'_>, StoreError> {
        // A database opened at an older version (tests do) lacks the newer stores.
        let names: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| self.stores.iter().any(|p| p == n))
            .collect();
        self.db
            .transaction(names)
            .with_mode(mode)
            .build()
            .map_err(idb("start transaction"))
    }

    /// Counts the records in every store.
    pub async fn counts(&self) -> Result<Counts, StoreError> {
        let tx = self.tx(&stores::ALL, TransactionMode::Readonly)?;
        let count = |name: &'static str| {
            let tx = &tx;
            async move {
                let store = tx.object_store(name).map_err(idb("count"))?;
                store.count().await.map_err(idb("count"))
            }
        };
        Ok(Counts {
            customers: chunks::count::<Customer>(&tx, false).await?,
            demo_customers: chunks::count::<Customer>(&tx, true).await?,
            orders: chunks::count::<Order>(&tx, false).await?,
            products: count(stores::PRODUCTS).await?,
            notes: count(stores::NOTES).await?,
        })
    }

    /// The next ids to hand out.
    pub async fn next_ids(&self) -> Result<NextIds, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        read_meta(&tx, META_NEXT_IDS)
            .await
            .map(Option::unwrap_or_default)
    }

    /// Whether the demo data set was ever loaded (so removing it does not bring it back).
    pub async fn demo_was_loaded(&self) -> Result<bool, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        read_meta(&tx, META_DEMO_LOADED)
            .await
            .map(|v| v.unwrap_or(false))
    }

    /// Writes records in one transaction: either all of them are stored, or none.
    /// Records keep the ids they have; `next_ids` is raised past them.
    pub async fn write(&self, batch: &WriteBatch) -> Result<(), StoreError> {
        let tx = self.write_tx().await?;
        let mut next = read_meta::<NextIds>(&tx, META_NEXT_IDS)
            .await?
            .unwrap_or_default();
        put_all(
            &tx,
            stores::PRODUCTS,
            batch
                .products
                .iter()
                .map(|p| Envelope::product(p, &self.keys)),
        )?;
        put_all(
            &tx,
            stores::NOTES,
            batch.notes.iter().map(|n| Envelope::note(n, &self.keys)),
        )?;
        chunks::merge(
            &tx,
            &self.keys,
            chunks::group(batch.customers.iter().cloned()),
            |_| true,
        )
        .await?;
        chunks::merge(
            &tx,
            &self.keys,
            chunks::group(batch.orders.iter().cloned()),
            |_| true,
        )
        .await?;
        raise(&mut next.customer, batch.customers.iter().map(|c| c.id.0));
        raise(&mut next.product, batch.products.iter().map(|p| p.id.0));
        raise(&mut next.order, batch.orders.iter().map(|o| o.id.0));
        raise(&mut next.note, batch.notes.iter().map(|n| n.id.0));
        write_meta(&tx, META_NEXT_IDS, &next)?;
        if batch.marks_demo_loaded {
            write_meta(&tx, META_DEMO_LOADED, &true)?;
        }
        tx.commit().await.map_err(idb("commit"))
    }

    /// Stores imported records (see [`Db::import_file`]) from an unnamed source.
    pub async fn import(
        &self,
        records: Records,
        now: Timestamp,
        control: &ImportControl,
    ) -> Result<usize, StoreError> {
        self.import_file(records, "", now, control).await
    }

    /// Stores imported records in one transaction, giving each a new id, chunk by chunk so the
    /// page can show progress. A cancel or a failure aborts the transaction: the database is
    /// then exactly as before. The import is one action in the change log (named by `source`,
    /// the file name), which undo reverts. Returns the number of records stored.
    pub async fn import_file(
        &self,
        records: Records,
        source: &str,
        now: Timestamp,
        control: &ImportControl,
    ) -> Result<usize, StoreError> {
        let tx = self.write_tx().await?;
        let mut next = read_meta::<NextIds>(&tx, META_NEXT_IDS)
            .await?
            .unwrap_or_default();
        next.customer = next.customer.max(1);
        next.product = next.product.max(1);
        next.order = next.order.max(1);
        let total = records.len();
        let cancelled = control.cancelled.clone();
        let progress = |done: usize| {
            if !cancelled.get() {
                (control.progress)(done, total);
            }
            !cancelled.get()
        };
        let (kind, first) = match &records {
            Records::Customers(_) => (RecordKind::Customer, next.customer),
            Records::Orders(_) => (RecordKind::Order, next.order),
            Records::Products(_) => (RecordKind::Product, next.product),
        };
        match records {
            Records::Customers(list) => {
                let grouped = chunks::consecutive(chunks::as_new(list, &mut next.customer, now));
                chunks::merge(&tx, &self.keys, grouped, progress).await?;
            }
            Records::Orders(list) => {
                // A customer's orders get consecutive ids, so they share one or two chunks and
                // a customer's page reads those instead of one chunk per order (unlinked orders
                // last; a customer's orders by date).
                let list = by_customer(list);
                let grouped = chunks::consecutive(chunks::as_new(list, &mut next.order, now));
                chunks::merge(&tx, &self.keys, grouped, progress).await?;
            }
            Records::Products(list) => {
                let products: Vec<Envelope> = list
                    .into_iter()
                    .map(|mut p| {
                        p.id = ProductId(next.product);
                        next.product += 1;
                        (p.created_at, p.updated_at, p.version) = (now, now, 1);
                        Envelope::product(&p, &self.keys)
                    })
                    .collect();
                put_all(&tx, stores::PRODUCTS, products.into_iter())?;
                progress(total);
            }
        }
        if control.cancelled.get() {
            tx.abort().await.map_err(idb("cancel import"))?;
            return Err(StoreError::Cancelled);
        }
        let after = match kind {
            RecordKind::Customer => next.customer,
            RecordKind::Order => next.order,
            _ => next.product,
        };
        if after > first {
            let range = IdRange {
                kind,
                first,
                last: after - 1,
            };
            changes::log_import(&tx, &self.keys, &mut next, source, range, now).await?;
        }
        write_meta(&tx, META_NEXT_IDS, &next)?;
        tx.commit().await.map_err(idb("commit"))?;
        Ok(total)
    }

    /// Every customer, by id.
    pub async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        let tx = self.tx(&[stores::CUSTOMERS], TransactionMode::Readonly)?;
        chunks::read_all(&tx, &self.keys).await
    }

    /// Every order, by id.
    pub async fn orders(&self) -> Result<Vec<Order>, StoreError> {
        let tx = self.tx(&[stores::ORDERS], TransactionMode::Readonly)?;
        chunks::read_all(&tx, &self.keys).await
    }

    /// Every product.
    pub async fn products(&self) -> Result<Vec<Product>, StoreError> {
        self.all(stores::PRODUCTS, Envelope::to_product).await
    }

    /// Every note.
    pub async fn notes(&self) -> Result<Vec<Note>, StoreError> {
        self.all(stores::NOTES, Envelope::to_note).await
    }

    /// Every segment, by id.
    pub async fn segments(&self) -> Result<Vec<Segment>, StoreError> {
        self.all(stores::SEGMENTS, Envelope::to_segment).await
    }

    async fn all<T>(
        &self,
        store: &'static str,
        decode: fn(&Envelope, &Keys) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let tx = self.tx(&[store], TransactionMode::Readonly)?;
        all_envelopes(&tx, store)
            .await?
            .iter()
            .map(|envelope| decode(envelope, &self.keys))
            .collect()
    }

    /// The orders of one customer, by id (reads only the chunks that hold some).
    pub async fn orders_of_customer(&self, customer: u64) -> Result<Vec<Order>, StoreError> {
        let tx = self.tx(&[stores::ORDERS], TransactionMode::Readonly)?;
        let envelopes =
            envelopes_by(&tx, stores::ORDERS, indexes::CHUNK_BY_CUSTOMER, customer).await?;
        let mut orders = Vec::new();
        for envelope in &envelopes {
            orders.extend(envelope.orders_of(customer, &self.keys)?);
        }
        Ok(orders)
    }

    /// The change sets that touched a record, newest first (what changed, when), found through
    /// the change-reference index rather than by reading the whole log.
    pub async fn history(&self, kind: RecordKind, id: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let tx = self.tx(
            &[stores::CHANGES, stores::CHANGE_REFS],
            TransactionMode::Readonly,
        )?;
        let key = record_key(kind, id);
        let refs: Vec<ChangeRef> = tx
            .object_store(stores::CHANGE_REFS)
            .map_err(idb("read"))?
            .index(indexes::BY_RECORD.0)
            .map_err(idb("read"))?
            .get_all()
            .with_query(key.as_str())
            .serde()
            .map_err(idb("read"))?
            .await
            .map_err(idb("read"))?
            .collect::<Result<_, _>>()
            .map_err(idb("read"))?;
        let mut ids: Vec<u64> = refs.into_iter().map(|r| r.s).collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let mut sets = Vec::with_capacity(ids.len());
        for set_id in ids {
            if let Some(envelope) = get_envelope(&tx, stores::CHANGES, set_id).await? {
                sets.push(envelope.to_change_set(&self.keys)?);
            }
        }
        Ok(sets)
    }

    /// A customer's notes (through the notes' customer index).
    pub async fn notes_of_customer(&self, customer: u64) -> Result<Vec<Note>, StoreError> {
        let tx = self.tx(&[stores::NOTES], TransactionMode::Readonly)?;
        let envelopes = envelopes_by(&tx, stores::NOTES, indexes::BY_CUSTOMER, customer).await?;
        envelopes.iter().map(|e| e.to_note(&self.keys)).collect()
    }

    /// Every service ticket, by id.
    pub async fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        self.all(stores::TICKETS, Envelope::to_ticket).await
    }

    /// One ticket by id.
    pub async fn ticket(&self, id: u64) -> Result<Option<Ticket>, StoreError> {
        let tx = self.tx(&[stores::TICKETS], TransactionMode::Readonly)?;
        get_envelope(&tx, stores::TICKETS, id)
            .await?
            .as_ref()
            .map(|e| e.to_ticket(&self.keys))
            .transpose()
    }

    /// Every marketing campaign, by id.
    pub async fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        self.all(stores::CAMPAIGNS, Envelope::to_campaign).await
    }

    /// One campaign by id.
    pub async fn campaign(&self, id: u64) -> Result<Option<Campaign>, StoreError> {
        let tx = self.tx(&[stores::CAMPAIGNS], TransactionMode::Readonly)?;
        get_envelope(&tx, stores::CAMPAIGNS, id)
            .await?
            .as_ref()
            .map(|e| e.to_campaign(&self.keys))
            .transpose()
    }

    /// A customer's tickets (through the tickets' customer index).
    pub async fn tickets_of_customer(&self, customer: u64) -> Result<Vec<Ticket>, StoreError> {
        let tx = self.tx(&[stores::TICKETS], TransactionMode::Readonly)?;
        let envelopes = envelopes_by(&tx, stores::TICKETS, indexes::BY_CUSTOMER, customer).await?;
        envelopes.iter().map(|e| e.to_ticket(&self.keys)).collect()
    }

    /// The names of the customers `ids` that exist, reading each chunk once.
    pub async fn customer_names(
        &self,
        ids: &[u64],
    ) -> Result<std::collections::HashMap<u64, String>, StoreError> {
        let tx = self.tx(&[stores::CUSTOMERS], TransactionMode::Readonly)?;
        let mut chunks_of: Vec<u64> = ids.iter().map(|&id| customer_chunk(id)).collect();
        chunks_of.sort_unstable();
        chunks_of.dedup();
        let wanted: std::collections::HashSet<u64> = ids.iter().copied().collect();
        let mut names = std::collections::HashMap::new();
        for chunk in chunks_of {
            for customer in chunks::read_chunk::<Customer>(&tx, &self.keys, chunk).await? {
                if wanted.contains(&customer.id.0) {
                    names.insert(customer.id.0, customer.name.unwrap_or_default());
                }
            }
        }
        Ok(names)
    }

    /// One customer by id.
    pub async fn customer(&self, id: u64) -> Result<Option<Customer>, StoreError> {
        let tx = self.tx(&[stores::CUSTOMERS], TransactionMode::Readonly)?;
        let chunk = chunks::read_chunk::<Customer>(&tx, &self.keys, customer_chunk(id)).await?;
        Ok(chunk.into_iter().find(|c| c.id.0 == id))
    }

    /// The user's custom customer fields, in the order they were added.
    pub async fn custom_fields(&self) -> Result<Vec<CustomFieldDef>, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        Ok(read_meta(&tx, META_CUSTOM_FIELDS)
            .await?
            .unwrap_or_default())
    }

    /// Replaces the custom customer field definitions (values on customers are kept).
    pub async fn set_custom_fields(&self, fields: &[CustomFieldDef]) -> Result<(), StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readwrite)?;
        write_meta(&tx, META_CUSTOM_FIELDS, &fields)?;
        tx.commit().await.map_err(idb("commit"))
    }

    /// The basket rules last found on the mining page, if any.
    pub async fn basket_rules(&self) -> Result<Option<StoredRules>, StoreError> {
        self.derived(DERIVED[0]).await
    }

    /// Keeps `rules` for recommendations, in place of the last ones.
    pub async fn set_basket_rules(&self, rules: &StoredRules) -> Result<(), StoreError> {
        self.set_derived(DERIVED[0], rules).await
    }

    /// The churn scores last computed on the mining page, if any.
    pub async fn churn_scores(&self) -> Result<Option<StoredChurn>, StoreError> {
        self.derived(DERIVED[1]).await
    }

    /// Keeps `scores` for the customer list, in place of the last ones.
    pub async fn set_churn_scores(&self, scores: &StoredChurn) -> Result<(), StoreError> {
        self.set_derived(DERIVED[1], scores).await
    }

    /// A derived result; `None` when there is none or it cannot be read with the current keys
    /// (it is computed again then).
    async fn derived<T: for<'de> Deserialize<'de>>(
        &self,
        (key, id): (&str, u64),
    ) -> Result<Option<T>, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        let Some(envelope) = read_meta::<Envelope>(&tx, key).await? else {
            return Ok(None);
        };
        Ok((envelope.id == id)
            .then(|| envelope.to_derived(&self.keys).ok())
            .flatten())
    }

    async fn set_derived<T: Serialize>(
        &self,
        (key, id): (&str, u64),
        value: &T,
    ) -> Result<(), StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readwrite)?;
        write_meta(&tx, key, &Envelope::derived(id, value, &self.keys))?;
        tx.commit().await.map_err(idb("commit"))
    }

    /// One order by id.
    pub async fn order(&self, id: u64) -> Result<Option<Order>, StoreError> {
        let tx = self.tx(&[stores::ORDERS], TransactionMode::Readonly)?;
        let chunk =
            chunks::read_chunk::<Order>(&tx, &self.keys, super::schema::order_chunk(id)).await?;
        Ok(chunk.into_iter().find(|o| o.id.0 == id))
    }

    /// One product by id.
    pub async fn product(&self, id: u64) -> Result<Option<Product>, StoreError> {
        let tx = self.tx(&[stores::PRODUCTS], TransactionMode::Readonly)?;
        get_envelope(&tx, stores::PRODUCTS, id)
            .await?
            .as_ref()
            .map(|e| e.to_product(&self.keys))
            .transpose()
    }

    /// Deletes every demo record, in one transaction. Returns how many customers went.
    pub async fn delete_demo(&self) -> Result<u32, StoreError> {
        let tx = self.write_tx().await?;
        let removed = chunks::delete_demo::<Customer>(&tx, &self.keys).await?;
        chunks::delete_demo::<Order>(&tx, &self.keys).await?;
        changes::drop_tickets_without_customer(&tx, &self.keys).await?;
        let products = tx
            .object_store(stores::PRODUCTS)
            .map_err(idb("delete demo"))?;
        let keys: Vec<f64> = products
            .index(indexes::DEMO.0)
            .map_err(idb("delete demo"))?
            .get_all_keys()
            .primitive()
            .map_err(idb("delete demo"))?
            .await
            .map_err(idb("delete demo"))?
            .collect::<Result<_, _>>()
            .map_err(idb("delete demo"))?;
        for key in keys {
            products.delete(key).build().map_err(idb("delete demo"))?;
        }
        changes::forget_undo(&tx)?;
        tx.commit().await.map_err(idb("commit"))?;
        Ok(removed as u32)
    }

    /// Everything, as a backup.
    pub async fn backup(&self, now: Timestamp) -> Result<Backup, StoreError> {
        let custom_fields = self.custom_fields().await?;
        let next_ids = self.next_ids().await?;
        let change_sets = self.all(stores::CHANGES, Envelope::to_change_set).await?;
        Ok(Backup::new(
            now,
            next_ids,
            self.customers().await?,
            self.products().await?,
            self.orders().await?,
            self.notes().await?,
            change_sets,
        )
        .with_custom_fields(custom_fields)
        .with_segments(self.segments().await?)
        .with_tickets(self.tickets().await?)
        .with_campaigns(self.campaigns().await?)
        .with_cleaning(self.cleaning_meta().await?))
    }

    /// Replaces every record with the backup's, in one transaction.
    pub async fn restore(&self, backup: &Backup) -> Result<(), StoreError> {
        let tx = self.write_tx().await?;
        for store in stores::RECORDS {
            tx.object_store(store)
                .and_then(|s| s.clear())
                .map_err(idb("restore"))?;
        }
        chunks::put_fresh(&tx, &self.keys, &backup.customers)?;
        chunks::put_fresh(&tx, &self.keys, &backup.orders)?;
        put_all(
            &tx,
            stores::PRODUCTS,
            backup
                .products
                .iter()
                .map(|p| Envelope::product(p, &self.keys)),
        )?;
        put_all(
            &tx,
            stores::NOTES,
            backup.notes.iter().map(|n| Envelope::note(n, &self.keys)),
        )?;
        put_all(
            &tx,
            stores::SEGMENTS,
            backup
                .segments
                .iter()
                .map(|s| Envelope::segment(s, &self.keys)),
        )?;
        put_all(
            &tx,
            stores::TICKETS,
            backup
                .tickets
                .iter()
                .map(|t| Envelope::ticket(t, &self.keys)),
        )?;
        put_all(
            &tx,
            stores::CAMPAIGNS,
            backup
                .campaigns
                .iter()
                .map(|m| Envelope::campaign(m, &self.keys)),
        )?;
        put_all(
            &tx,
            stores::CHANGES,
            backup
                .change_sets
                .iter()
                .map(|c| Envelope::change_set(c, &self.keys)),
        )?;
        put_change_refs(&tx, backup.change_sets.iter())?;
        write_meta(&tx, META_NEXT_IDS, &backup.next_ids)?;
        write_meta(&tx, META_CUSTOM_FIELDS, &backup.custom_fields)?;
        super::cleaning::restore_meta(&tx, backup)?;
        forget_derived(&tx)?;
        changes::forget_undo(&tx)?;
        tx.commit().await.map_err(idb("commit"))
    }

    /// Deletes every record (the id counters keep counting, so ids are never reused).
    pub async fn clear(&self) -> Result<(), StoreError> {
        let tx = self.write_tx().await?;
        for store in stores::RECORDS {
            tx.object_store(store)
                .and_then(|s| s.clear())
                .map_err(idb("clear"))?;
        }
        chunks::put_fresh::<Customer>(&tx, &self.keys, &[])?;
        chunks::put_fresh::<Order>(&tx, &self.keys, &[])?;
        forget_derived(&tx)?;
        changes::forget_undo(&tx)?;
        tx.commit().await.map_err(idb("commit"))
    }
}

/// Drops the derived results (see [`DERIVED`]): after a restore, a clear or a switch of
/// encryption they no longer fit the records or the keys, and the mining page computes them
/// again.
pub(super) fn forget_derived(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let meta = tx
        .object_store(stores::META)
        .map_err(idb("write settings"))?;
    for (key, _) in DERIVED {
        meta.delete(key).build().map_err(idb("write settings"))?;
    }
    Ok(())
}

/// The stored object of `store` under `key`, if any.
pub(crate) async fn get_envelope(
    tx: &Transaction<'_>,
    store: &'static str,
    key: u64,
) -> Result<Option<Envelope>, StoreError> {
    tx.object_store(store)
        .map_err(idb("read"))?
        .get(key as f64)
        .serde()
        .map_err(idb("read"))?
        .await
        .map_err(idb("read"))
}

/// The keys (ids) of every object in `store`, in order.
pub(super) async fn all_ids(tx: &Transaction<'_>, store: &str) -> Result<Vec<u64>, StoreError> {
    let ids: Vec<f64> = tx
        .object_store(store)
        .map_err(idb("read"))?
        .get_all_keys()
        .primitive()
        .map_err(idb("read"))?
        .await
        .map_err(idb("read"))?
        .collect::<Result<_, _>>()
        .map_err(idb("read"))?;
    Ok(ids.into_iter().map(|id| id as u64).collect())
}

/// Every stored object of `store`.
pub(super) async fn all_envelopes(
    tx: &Transaction<'_>,
    store: &'static str,
) -> Result<Vec<Envelope>, StoreError> {
    tx.object_store(store)
        .map_err(idb("read"))?
        .get_all()
        .serde()
        .map_err(idb("read"))?
        .await
        .map_err(idb("read"))?
        .collect::<Result<_, _>>()
        .map_err(idb("read"))
}

/// The stored objects of `store` whose `index` holds `key`.
pub(super) async fn envelopes_by(
    tx: &Transaction<'_>,
    store: &'static str,
    index: indexes::Index,
    key: u64,
) -> Result<Vec<Envelope>, StoreError> {
    tx.object_store(store)
        .map_err(idb("read"))?
        .index(index.0)
        .map_err(idb("read"))?
        .get_all()
        .with_query(key as f64..=key as f64)
        .serde()
        .map_err(idb("read"))?
        .await
        .map_err(idb("read"))?
        .collect::<Result<_, _>>()
        .map_err(idb("read"))
}

/// Orders by customer, then date (unlinked ones last), keeping file order among equals. Sorts
/// small keys and moves each order once: sorting the orders themselves moved a million lines'
/// worth of structs many times over in one long task.
fn by_customer(orders: Vec<Order>) -> Vec<Order> {
    let mut keys: Vec<(u64, chrono::NaiveDate, u32)> = orders
        .iter()
        .enumerate()
        .map(|(i, o)| (o.customer_id.map_or(u64::MAX, |c| c.0), o.date, i as u32))
        .collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<Order>> = orders.into_iter().map(Some).collect();
    keys.into_iter()
        .filter_map(|(_, _, i)| slots[i as usize].take())
        .collect()
}

pub(super) fn raise(next: &mut u64, ids: impl Iterator<Item = u64>) {
    if let Some(max) = ids.max() {
        *next = (*next).max(max.saturating_add(1));
    }
}

/// Issues one put per envelope without waiting: the transaction's commit waits for them all.
pub(super) fn put_all(
    tx: &Transaction<'_>,
    store: &'static str,
    envelopes: impl Iterator<Item = Envelope>,
) -> Result<(), StoreError> {
    let store = tx.object_store(store).map_err(idb("write"))?;
    for envelope in envelopes {
        store.put(envelope).serde().map_err(idb("write"))?;
    }
    Ok(())
}

/// Indexes which records the change sets touched (see `stores::CHANGE_REFS`).
pub(super) fn put_change_refs<'a>(
    tx: &Transaction<'_>,
    sets: impl Iterator<Item = &'a ChangeSet>,
) -> Result<(), StoreError> {
    if !tx
        .object_store_names()
        .any(|name| name == stores::CHANGE_REFS)
    {
        // A database still at schema version 1 (only in tests): opening it at version 2
        // indexes its change sets then.
        return Ok(());
    }
    let store = tx.object_store(stores::CHANGE_REFS).map_err(idb("write"))?;
    for set in sets {
        for row in ChangeRef::of(set) {
            store.put(row).serde().map_err(idb("write"))?;
        }
    }
    Ok(())
}

pub(crate) async fn read_meta<T: for<'de> Deserialize<'de>>(
    tx: &Transaction<'_>,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let row: Option<MetaRow<T>> = tx
        .object_store(stores::META)
        .map_err(idb("read settings"))?
        .get(key)
        .serde()
        .map_err(idb("read settings"))?
        .await
        .map_err(idb("read settings"))?;
    Ok(row.map(|row| row.value))
}

pub(crate) fn write_meta<T: Serialize>(
    tx: &Transaction<'_>,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    tx.object_store(stores::META)
        .map_err(idb("write settings"))?
        .put(MetaRow {
            key: key.to_owned(),
            value,
        })
        .serde()
        .map_err(idb("write settings"))?;
    Ok(())
}

/// Reads the profile's index key, creating a random one on first use.
async fn load_or_create_key(db: &Database) -> Result<IndexKey, StoreError> {
    let tx = db
        .transaction(stores::META)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(idb("start transaction"))?;
    if let Some(hex) = read_meta::<String>(&tx, META_INDEX_KEY).await? {
        let key = IndexKey::from_hex(&hex).ok_or_else(|| StoreError::CorruptRecord {
            store: stores::META.to_owned(),
            id: 0,
            reason: "the index key is not 32 bytes of hex".to_owned(),
        })?;
        tx.commit().await.map_err(idb("commit"))?;
        return Ok(key);
    }
    let mut bytes = [0u8; 32];
    random_bytes(&mut bytes)?;
    let key = IndexKey::from_bytes(bytes);
    write_meta(&tx, META_INDEX_KEY, &key.to_hex())?;
    tx.commit().await.map_err(idb("commit"))?;
    Ok(key)
}

/// Fills `bytes` from the browser's cryptographic random source.
fn random_bytes(bytes: &mut [u8]) -> Result<(), StoreError> {
    let crypto = web_sys::window()
        .ok_or_else(|| StoreError::Open {
            reason: "no window".to_owned(),
        })?
        .crypto()
        .map_err(|error| StoreError::Open {
            reason: js_text(&error),
        })?;
    crypto
        .get_random_values_with_u8_array(bytes)
        .map_err(|error| StoreError::Open {
            reason: js_text(&error),
        })?;
    Ok(())
}

/// Gives the browser a turn (rendering, input) before continuing: long work calls this between
/// batches so no single task blocks the page for long. The turn is a message to itself (as
/// React's scheduler does), not a timer: browsers hold nested zero-delay timers back by 4 ms,
/// which a loop of short batches would spend mostly waiting.
pub async fn yield_now() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
        if channel.port2().post_message(&JsValue::NULL).is_err() {
            // Posting null to a fresh channel does not fail; never hang if it did.
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    // The channel lives until its message arrives; the promise only resolves.
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}

/// A thrown JavaScript value as text.
pub(crate) fn js_text(value: &JsValue) -> String {
    use wasm_bindgen::JsCast;
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
