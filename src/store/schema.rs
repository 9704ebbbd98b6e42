//! The IndexedDB schema: store and index names, and one migration per schema version.
//!
//! A database at version N has had migrations 1..=N applied, in order. Opening an older
//! database runs the missing ones inside IndexedDB's upgrade transaction, so a migration that
//! fails midway leaves the database at its old version, untouched.

/// The database's name.
pub const DB_NAME: &str = "fieldbook";

/// The current schema version: the number of migrations.
pub const SCHEMA_VERSION: u32 = 1;

/// Object store names.
pub mod stores {
    pub const CUSTOMERS: &str = "customers";
    pub const PRODUCTS: &str = "products";
    pub const ORDERS: &str = "orders";
    pub const NOTES: &str = "notes";
    pub const CHANGES: &str = "changes";
    pub const META: &str = "meta";

    /// Every store that holds records (all but meta).
    pub const RECORDS: [&str; 5] = [CUSTOMERS, PRODUCTS, ORDERS, NOTES, CHANGES];
    /// Every store.
    pub const ALL: [&str; 6] = [CUSTOMERS, PRODUCTS, ORDERS, NOTES, CHANGES, META];
}

/// Index names, and the envelope field each one reads (see `record::Envelope`).
pub mod indexes {
    /// Customers by keyed hash of the email (field `e`).
    pub const BY_EMAIL: (&str, &str) = ("by_email", "e");
    /// Customers by keyed hash of the phone digits (field `p`).
    pub const BY_PHONE: (&str, &str) = ("by_phone", "p");
    /// Customers by keyed hash of the normalised name (field `n`).
    pub const BY_NAME: (&str, &str) = ("by_name", "n");
    /// Products by keyed hash of the category (field `g`).
    pub const BY_CATEGORY: (&str, &str) = ("by_category", "g");
    /// Orders and notes by customer id (field `c`).
    pub const BY_CUSTOMER: (&str, &str) = ("by_customer", "c");
    /// Orders by day number (field `d`).
    pub const BY_DATE: (&str, &str) = ("by_date", "d");
    /// Demo records, in every record store (field `demo`, present only on demo records).
    pub const DEMO: (&str, &str) = ("demo", "demo");
}

/// What one migration creates: stores with their key path and indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSpec {
    pub name: &'static str,
    pub key_path: &'static str,
    pub indexes: Vec<(&'static str, &'static str)>,
}

/// What migration `version` adds. Version 1 is the first schema.
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
                indexes: vec![BY_CUSTOMER, BY_DATE, DEMO],
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
