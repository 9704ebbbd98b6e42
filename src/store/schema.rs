//! The IndexedDB schema: store and index names, and one migration per schema version.
//!
//! A database at version N has had migrations 1..=N applied, in order. Opening an older
//! database runs the missing ones inside IndexedDB's upgrade transaction, so a migration that
//! fails midway leaves the database at its old version, untouched.

/// The database's name.
pub const DB_NAME: &str = "fieldbook";

/// The current schema version: the number of migrations.
pub const SCHEMA_VERSION: u32 = 5;

/// Customers per record of the customers store; customer `id` lives in chunk
/// `(id - 1) / CUSTOMERS_PER_CHUNK`. Storing 100,000 customers one record each took 10 s in the
/// benchmark; chunks cut the number of IndexedDB requests a thousandfold.
pub const CUSTOMERS_PER_CHUNK: u64 = 2048;

/// The chunk that holds customer `id`.
pub fn customer_chunk(id: u64) -> u64 {
    id.saturating_sub(1) / CUSTOMERS_PER_CHUNK
}

/// Orders per record of the orders store. IndexedDB is bound by requests, not bytes: a million
/// order lines as one record per order took about 30 s to store in the benchmark, as chunks a
/// small fraction of that. Order `id` lives in chunk `(id - 1) / ORDERS_PER_CHUNK`.
pub const ORDERS_PER_CHUNK: u64 = 2048;

/// The chunk that holds order `id`.
pub fn order_chunk(id: u64) -> u64 {
    id.saturating_sub(1) / ORDERS_PER_CHUNK
}

/// Object store names.
pub mod stores {
    pub const CUSTOMERS: &str = "customers";
    pub const PRODUCTS: &str = "products";
    /// Orders, in chunks of [`super::ORDERS_PER_CHUNK`] consecutive ids per record.
    pub const ORDERS: &str = "orders";
    pub const NOTES: &str = "notes";
    pub const CHANGES: &str = "changes";
    /// Which change sets touched which record: one row per (record, change set), so a record's
    /// history is read through an index instead of the whole log (schema version 2).
    pub const CHANGE_REFS: &str = "change_refs";
    /// Segments, one per record (schema version 3).
    pub const SEGMENTS: &str = "segments";
    /// Service tickets, one per record (schema version 4).
    pub const TICKETS: &str = "tickets";
    /// Marketing campaigns, one per record (schema version 5).
    pub const CAMPAIGNS: &str = "campaigns";
    pub const META: &str = "meta";

    /// Every store that holds records (all but meta).
    pub const RECORDS: [&str; 9] = [
        CUSTOMERS,
        PRODUCTS,
        ORDERS,
        NOTES,
        CHANGES,
        CHANGE_REFS,
        SEGMENTS,
        TICKETS,
        CAMPAIGNS,
    ];
    /// Every store.
    pub const ALL: [&str; 10] = [
        CUSTOMERS,
        PRODUCTS,
        ORDERS,
        NOTES,
        CHANGES,
        CHANGE_REFS,
        SEGMENTS,
        TICKETS,
        CAMPAIGNS,
        META,
    ];
}

/// Index names, the envelope field each one reads (see `record::Envelope`), and whether the
/// field is a list with one index entry per element (IndexedDB's `multiEntry`).
pub mod indexes {
    /// One index: (name, field, multi-entry).
    pub type Index = (&'static str, &'static str, bool);
    /// Customer chunks by keyed hashes of their emails (field `es`).
    pub const BY_EMAIL: Index = ("by_email", "es", true);
    /// Customer chunks by keyed hashes of their phone digits (field `ps`).
    pub const BY_PHONE: Index = ("by_phone", "ps", true);
    /// Customer chunks by keyed hashes of their normalised names (field `ns`).
    pub const BY_NAME: Index = ("by_name", "ns", true);
    /// Products by keyed hash of the category (field `g`).
    pub const BY_CATEGORY: Index = ("by_category", "g", false);
    /// Notes by customer id (field `c`).
    pub const BY_CUSTOMER: Index = ("by_customer", "c", false);
    /// Tickets by the order they name (field `o`).
    pub const BY_ORDER: Index = ("by_order", "o", false);
    /// Order chunks by the customer ids of their orders (field `cs`).
    pub const CHUNK_BY_CUSTOMER: Index = ("by_customer", "cs", true);
    /// Order chunks by the day numbers of their orders (field `ds`).
    pub const CHUNK_BY_DATE: Index = ("by_date", "ds", true);
    /// Change references by record key (field `k`, e.g. "c42").
    pub const BY_RECORD: Index = ("by_record", "k", false);
    /// Demo records, in every record store (field `demo`, present only on demo records).
    pub const DEMO: Index = ("demo", "demo", false);
}

/// What one migration creates: stores with their key path and indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSpec {
    pub name: &'static str,
    pub key_path: &'static str,
    pub indexes: Vec<indexes::Index>,
}

/// What migration `version` adds. Version 1 is the first schema; version 2 adds the index of
/// which change sets touched which record (existing change sets are indexed once when the
/// database is opened, see `Db::open_named`); version 3 adds the segments store, version 4
/// the tickets store (by customer and by order), version 5 the campaigns store.
pub fn migration(version: u32) -> Vec<StoreSpec> {
    use indexes::*;
    use stores::*;
    match version {
        1 => vec![
            StoreSpec {
                name: CUSTOMERS,
                key_path: "id",
                indexes: vec![BY_EMAIL, BY_PHONE, BY_NAME, DEMO],
            },
            StoreSpec {
                name: PRODUCTS,
                key_path: "id",
                indexes: vec![BY_CATEGORY, DEMO],
            },
            StoreSpec {
                name: ORDERS,
                key_path: "id",
                indexes: vec![CHUNK_BY_CUSTOMER, CHUNK_BY_DATE, DEMO],
            },
            StoreSpec {
                name: NOTES,
                key_path: "id",
                indexes: vec![BY_CUSTOMER],
            },
            StoreSpec {
                name: CHANGES,
                key_path: "id",
                indexes: vec![],
            },
            StoreSpec {
                name: META,
                key_path: "key",
                indexes: vec![],
            },
        ],
        2 => vec![StoreSpec {
            name: CHANGE_REFS,
            key_path: "r",
            indexes: vec![BY_RECORD],
        }],
        3 => vec![StoreSpec {
            name: SEGMENTS,
            key_path: "id",
            indexes: vec![],
        }],
        4 => vec![StoreSpec {
            name: TICKETS,
            key_path: "id",
            indexes: vec![BY_CUSTOMER, BY_ORDER],
        }],
        5 => vec![StoreSpec {
            name: CAMPAIGNS,
            key_path: "id",
            indexes: vec![],
        }],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_up_to_the_current_version_create_every_store_once() {
        let created: Vec<&str> = (1..=SCHEMA_VERSION)
            .flat_map(migration)
            .map(|spec| spec.name)
            .collect();
        let mut sorted = created.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), created.len(), "a store is created twice");
        for store in stores::ALL {
            assert!(created.contains(&store), "{store} is never created");
        }
        assert!(migration(SCHEMA_VERSION + 1).is_empty());
    }
}
