//! Customers and orders are stored in chunks of consecutive ids: one IndexedDB record per
//! chunk. These helpers read, merge and rewrite chunks inside a caller's transaction.

use std::collections::BTreeMap;

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use wasm_bindgen::JsCast;

use super::db::{all_ids, get_envelope, idb, read_meta, write_meta};
use super::record::{decode_json, Envelope, Keys};
use super::schema::{customer_chunk, indexes, order_chunk, stores};
use super::StoreError;
use crate::model::{Customer, CustomerId, Order, OrderId, Timestamp};

/// The largest id a record can have: IndexedDB keys here are JavaScript numbers, exact up to
/// 2^53.
pub(crate) const MAX_ID: u64 = (1 << 53) - 1;

/// A record kind stored in chunks.
pub(crate) trait Chunked: Sized + Clone {
    /// Its object store.
    const STORE: &'static str;
    /// The meta key of its record count.
    const COUNT_KEY: &'static str;
    /// The meta key of its demo record count.
    const DEMO_COUNT_KEY: &'static str;
    fn id(&self) -> u64;
    /// Makes this a new record: id, creation time, first version.
    fn make_new(&mut self, id: u64, now: Timestamp);
    fn is_demo(&self) -> bool;
    fn chunk_of(id: u64) -> u64;
    fn envelope(chunk: u64, items: &[Self], keys: &Keys) -> Envelope;
    fn decode(envelope: &Envelope, keys: &Keys) -> Result<Vec<Self>, StoreError>;
}

impl Chunked for Customer {
    const STORE: &'static str = stores::CUSTOMERS;
    const COUNT_KEY: &'static str = "customer_count";
    const DEMO_COUNT_KEY: &'static str = "demo_customer_count";
    fn id(&self) -> u64 {
        self.id.0
    }
    fn make_new(&mut self, id: u64, now: Timestamp) {
        self.id = CustomerId(id);
        (self.created_at, self.updated_at, self.version) = (now, now, 1);
    }
    fn is_demo(&self) -> bool {
        self.demo
    }
    fn chunk_of(id: u64) -> u64 {
        customer_chunk(id)
    }
    fn envelope(chunk: u64, items: &[Self], keys: &Keys) -> Envelope {
        Envelope::customer_chunk(chunk, items, keys)
    }
    fn decode(envelope: &Envelope, keys: &Keys) -> Result<Vec<Self>, StoreError> {
        envelope.to_customers(keys)
    }
}

impl Chunked for Order {
    const STORE: &'static str = stores::ORDERS;
    const COUNT_KEY: &'static str = "order_count";
    const DEMO_COUNT_KEY: &'static str = "demo_order_count";
    fn id(&self) -> u64 {
        self.id.0
    }
    fn make_new(&mut self, id: u64, now: Timestamp) {
        self.id = OrderId(id);
        (self.created_at, self.updated_at, self.version) = (now, now, 1);
    }
    fn is_demo(&self) -> bool {
        self.demo
    }
    fn chunk_of(id: u64) -> u64 {
        order_chunk(id)
    }
    fn envelope(chunk: u64, items: &[Self], keys: &Keys) -> Envelope {
        Envelope::order_chunk(chunk, items, keys)
    }
    fn decode(envelope: &Envelope, keys: &Keys) -> Result<Vec<Self>, StoreError> {
        envelope.to_orders(keys)
    }
}

/// Gives imported items the next free ids (advancing `next`) and `now` as creation time.
pub(crate) fn as_new<'a, T: Chunked + 'a>(
    items: Vec<T>,
    next: &'a mut u64,
    now: Timestamp,
) -> impl Iterator<Item = T> + 'a {
    items.into_iter().map(move |mut item| {
        item.make_new(*next, now);
        *next += 1;
        item
    })
}

/// Items already in id order, grouped into chunks lazily: each chunk's list is built only when
/// it is written, so a million imported orders are never regrouped in one long task.
pub(crate) fn consecutive<T: Chunked>(
    items: impl Iterator<Item = T>,
) -> impl Iterator<Item = (u64, Vec<T>)> {
    let mut items = items.peekable();
    std::iter::from_fn(move || {
        let first = items.next()?;
        let chunk = T::chunk_of(first.id());
        let mut list = vec![first];
        while let Some(item) = items.next_if(|next| T::chunk_of(next.id()) == chunk) {
            list.push(item);
        }
        Some((chunk, list))
    })
}

/// Items grouped by the chunk that holds them.
pub(crate) fn group<T: Chunked>(items: impl IntoIterator<Item = T>) -> BTreeMap<u64, Vec<T>> {
    let mut chunks: BTreeMap<u64, Vec<T>> = BTreeMap::new();
    for item in items {
        chunks.entry(T::chunk_of(item.id())).or_default().push(item);
    }
    chunks
}

/// How a write changed the counts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CountChange {
    pub all: i64,
    pub demo: i64,
}

/// Reads one chunk.
pub(crate) async fn read_chunk<T: Chunked>(
    tx: &Transaction<'_>,
    keys: &Keys,
    chunk: u64,
) -> Result<Vec<T>, StoreError> {
    match get_envelope(tx, T::STORE, chunk).await? {
        Some(stored) => T::decode(&stored, keys),
        None => Ok(Vec::new()),
    }
}

/// Writes items into their chunks, replacing stored items with the same id, and updates the
/// counts. `progress` gets the number of items written after each chunk; returning `false`
/// from `go_on` stops early (the caller then aborts the transaction).
pub(crate) async fn merge<T: Chunked>(
    tx: &Transaction<'_>,
    keys: &Keys,
    chunks: impl IntoIterator<Item = (u64, Vec<T>)>,
    mut progress: impl FnMut(usize) -> bool,
) -> Result<(), StoreError> {
    let store = tx.object_store(T::STORE).map_err(idb("write"))?;
    let mut change = CountChange::default();
    let mut written = 0usize;
    for (chunk, incoming) in chunks {
        if let Some(bad) = incoming.iter().find(|item| item.id() > MAX_ID) {
            return Err(StoreError::InvalidId { id: bad.id() });
        }
        let stored = read_chunk::<T>(tx, keys, chunk).await?;
        let mut by_id: BTreeMap<u64, T> = stored.into_iter().map(|t| (t.id(), t)).collect();
        written += incoming.len();
        for item in incoming {
            match by_id.insert(item.id(), item.clone()) {
                None => {
                    change.all += 1;
                    change.demo += i64::from(item.is_demo());
                }
                Some(old) => change.demo += i64::from(item.is_demo()) - i64::from(old.is_demo()),
            }
        }
        let merged: Vec<T> = by_id.into_values().collect();
        // Awaiting each chunk's put keeps the transaction open and lets the page paint.
        store
            .put(T::envelope(chunk, &merged, keys))
            .serde()
            .map_err(idb("write"))?
            .await
            .map_err(idb("write"))?;
        if !progress(written) {
            return Ok(());
        }
    }
    adjust_counts::<T>(tx, change).await
}

/// Rewrites one chunk after `change` edited its items (removing some, or changing them in
/// place), deleting the chunk when nothing is left, and updates the counts. Returns how many
/// items `change` removed.
pub(crate) async fn rewrite<T: Chunked>(
    tx: &Transaction<'_>,
    keys: &Keys,
    chunk: u64,
    change: impl FnOnce(&mut Vec<T>),
) -> Result<usize, StoreError> {
    let store = tx.object_store(T::STORE).map_err(idb("write"))?;
    let mut items = read_chunk::<T>(tx, keys, chunk).await?;
    let before = CountChange {
        all: items.len() as i64,
        demo: items.iter().filter(|t| t.is_demo()).count() as i64,
    };
    change(&mut items);
    if items.is_empty() {
        store.delete(chunk as f64).build().map_err(idb("write"))?;
    } else {
        store
            .put(T::envelope(chunk, &items, keys))
            .serde()
            .map_err(idb("write"))?;
    }
    let after_demo = items.iter().filter(|t| t.is_demo()).count() as i64;
    let removed = before.all - items.len() as i64;
    adjust_counts::<T>(
        tx,
        CountChange {
            all: -removed,
            demo: after_demo - before.demo,
        },
    )
    .await?;
    Ok(removed as usize)
}

/// Puts whole chunks into an emptied store and sets the counts (restore).
pub(crate) fn put_fresh<T: Chunked>(
    tx: &Transaction<'_>,
    keys: &Keys,
    items: &[T],
) -> Result<(), StoreError> {
    let store = tx.object_store(T::STORE).map_err(idb("restore"))?;
    for (chunk, list) in group(items.iter().cloned()) {
        store
            .put(T::envelope(chunk, &list, keys))
            .serde()
            .map_err(idb("restore"))?;
    }
    write_meta(tx, T::COUNT_KEY, &(items.len() as u64))?;
    let demo = items.iter().filter(|t| t.is_demo()).count() as u64;
    write_meta(tx, T::DEMO_COUNT_KEY, &demo)
}

/// Every item, by id.
pub(crate) async fn read_all<T: Chunked + for<'de> serde::Deserialize<'de>>(
    tx: &Transaction<'_>,
    keys: &Keys,
) -> Result<Vec<T>, StoreError> {
    // Chunks are fetched one request at a time: each result is then decoded by the browser in
    // a task of its own instead of one long task for the whole store. Only the id and the
    // payload are read off each stored object, skipping the index keys.
    let ids = all_ids(tx, T::STORE).await?;
    let store = tx.object_store(T::STORE).map_err(idb("read"))?;
    let mut values: Vec<wasm_bindgen::JsValue> = Vec::with_capacity(ids.len());
    for key in ids {
        let value: Option<wasm_bindgen::JsValue> = store
            .get(key as f64)
            .primitive()
            .map_err(idb("read"))?
            .await
            .map_err(idb("read"))?;
        values.extend(value);
    }
    let mut all = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let field = |name: &str| js_sys::Reflect::get(value, &name.into()).ok();
        let id = field("id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
        let sealed = field("x")
            .filter(|v| v.is_instance_of::<js_sys::Uint8Array>())
            .map(|v| js_sys::Uint8Array::from(v).to_vec());
        let payload =
            match sealed {
                Some(bytes) => {
                    let envelope = Envelope::sealed(id, bytes);
                    keys.payload(T::STORE, &envelope)?.into_owned()
                }
                None => field("j").and_then(|v| v.as_string()).ok_or_else(|| {
                    StoreError::CorruptRecord {
                        store: T::STORE.to_owned(),
                        id,
                        reason: "the record has no payload".to_owned(),
                    }
                })?,
            };
        all.extend(decode_json::<Vec<T>>(T::STORE, id, &payload)?);
        // Decoding a chunk takes a few milliseconds; let the page paint now and then.
        if index % 4 == 3 {
            super::db::yield_now().await;
        }
    }
    Ok(all)
}

/// Removes every demo item; chunks left empty are deleted.
pub(crate) async fn delete_demo<T: Chunked>(
    tx: &Transaction<'_>,
    keys: &Keys,
) -> Result<u64, StoreError> {
    let store = tx.object_store(T::STORE).map_err(idb("delete demo"))?;
    let envelopes: Vec<Envelope> = store
        .index(indexes::DEMO.0)
        .map_err(idb("delete demo"))?
        .get_all()
        .serde()
        .map_err(idb("delete demo"))?
        .await
        .map_err(idb("delete demo"))?
        .collect::<Result<_, _>>()
        .map_err(idb("delete demo"))?;
    let mut removed = 0u64;
    for envelope in envelopes {
        let (demo, kept): (Vec<T>, Vec<T>) = T::decode(&envelope, keys)?
            .into_iter()
            .partition(T::is_demo);
        removed += demo.len() as u64;
        if kept.is_empty() {
            store
                .delete(envelope.id as f64)
                .build()
                .map_err(idb("delete demo"))?;
        } else {
            store
                .put(T::envelope(envelope.id, &kept, keys))
                .serde()
                .map_err(idb("delete demo"))?;
        }
    }
    let change = CountChange {
        all: -(removed as i64),
        demo: -(removed as i64),
    };
    adjust_counts::<T>(tx, change).await?;
    Ok(removed)
}

async fn adjust_counts<T: Chunked>(
    tx: &Transaction<'_>,
    change: CountChange,
) -> Result<(), StoreError> {
    for (meta_key, delta) in [(T::COUNT_KEY, change.all), (T::DEMO_COUNT_KEY, change.demo)] {
        if delta != 0 {
            let current = read_meta::<u64>(tx, meta_key).await?.unwrap_or(0) as i64;
            write_meta(tx, meta_key, &((current + delta).max(0) as u64))?;
        }
    }
    Ok(())
}

/// The count of a chunked kind (`demo`: only demo items).
pub(crate) async fn count<T: Chunked>(tx: &Transaction<'_>, demo: bool) -> Result<u32, StoreError> {
    let key = if demo {
        T::DEMO_COUNT_KEY
    } else {
        T::COUNT_KEY
    };
    Ok(read_meta::<u64>(tx, key).await?.unwrap_or(0) as u32)
}
