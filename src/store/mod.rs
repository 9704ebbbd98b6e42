//! The store: the only owner of persisted data (web edge).
//!
//! For now it holds the user's settings in localStorage; the IndexedDB customer database joins it
//! here. Everything that touches `JsValue` converts it at once into a typed [`StoreError`].

mod automation;
mod changes;
mod chunks;
mod cleaning;
pub mod crypto;
pub mod db;
pub mod record;
pub mod schema;
pub mod settings;

pub use changes::{labels, OrdersOfDeleted, UndoState, UNDO_DEPTH};
pub use cleaning::MergeGroup;
pub use crypto::{Encryption, LockedDb};
pub use db::{yield_now, Counts, Db, ImportControl, Opened, WriteBatch};
pub use settings::{Settings, SettingsStore};

/// What can go wrong when reading or writing persisted data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser refuses local storage (blocked by policy, private mode, or a sandbox).
    #[error("local storage is not available in this browser: {reason}")]
    StorageUnavailable {
        /// What the browser said.
        reason: String,
    },
    /// A stored value could not be read back; defaults are used in its place.
    #[error("the stored value under '{key}' could not be read ({reason}); defaults are used")]
    Corrupt {
        /// The storage key.
        key: String,
        /// Why it could not be decoded.
        reason: String,
    },
    /// A stored record could not be decoded.
    #[error("record {id} in '{store}' is damaged ({reason})")]
    CorruptRecord {
        store: String,
        id: u64,
        reason: String,
    },
    /// The database could not be opened.
    #[error("the customer database could not be opened: {reason}")]
    Open { reason: String },
    /// Another tab (or window) saved the record after it was read here.
    #[error("record {id} was changed elsewhere (version {stored}, this copy is version {yours}); reload to see the other change before editing again")]
    Conflict { id: u64, yours: u32, stored: u32 },
    /// An id too large for the database's keys.
    #[error("id {id} is too large to store")]
    InvalidId { id: u64 },
    /// A change would delete a record that others still point at (an order's customer, a
    /// product on order lines); nothing was written.
    #[error("record {id} is still used by {count} other records (orders, order lines or notes); nothing was changed")]
    InUse { id: u64, count: usize },
    /// A change points at a record that does not exist (any more); nothing was written.
    #[error("the {kind} {id} does not exist (any more); nothing was changed")]
    MissingReference { kind: &'static str, id: u64 },
    /// An order to delete is named by service tickets; nothing was written.
    #[error("order {id} is named by {count} service tickets; take it off them first; nothing was changed")]
    OrderHasTickets { id: u64, count: usize },
    /// The record does not exist (any more).
    #[error("record {id} does not exist; it may have been deleted in another tab")]
    NotFound { id: u64 },
    /// The profile is encrypted and locked: nothing can be read or written before unlocking.
    #[error("the profile is locked; unlock it with its passphrase")]
    Locked,
    /// The passphrase does not open the profile (or the backup); nothing was changed.
    #[error("that passphrase is not the right one; nothing was changed")]
    WrongPassphrase,
    /// Encryption was switched on or off in another tab since this one opened; nothing was
    /// written.
    #[error(
        "encryption was switched on or off in another tab; reload this page (nothing was changed)"
    )]
    EncryptionChanged,
    /// Encryption could not be done (no secure random numbers, unsupported settings, damage).
    #[error("encryption failed: {reason}")]
    Crypto { reason: String },
    /// The user cancelled; nothing was stored.
    #[error("cancelled; nothing was stored")]
    Cancelled,
    /// The browser's storage is full.
    #[error("the browser's storage for Fieldbook is full; export a backup and delete data (for example the demo data) to make room")]
    QuotaExceeded,
    /// The browser's storage failed without saying why (Chromium reports a full disk this
    /// way); nothing of the write was stored.
    #[error("the browser's storage failed ({reason}), most often because it or the disk is full; nothing of this change was stored. Export a backup and make room, for example by deleting the demo data")]
    StorageFailed { reason: String },
    /// An IndexedDB request failed.
    #[error("could not {context}: {reason}")]
    Database {
        context: &'static str,
        reason: String,
    },
    /// A write was refused, for example because the storage quota is full.
    #[error("could not save '{key}': {reason}")]
    WriteFailed {
        /// The storage key.
        key: String,
        /// What the browser said.
        reason: String,
    },
}

impl StoreError {
    /// Wraps an IndexedDB error, recognising a full storage quota.
    pub(crate) fn from_idb(
        context: &'static str,
        error: &indexed_db_futures::error::Error,
    ) -> StoreError {
        let reason = error.to_string();
        if reason.contains("QuotaExceeded") || reason.to_lowercase().contains("quota") {
            StoreError::QuotaExceeded
        } else if reason.contains("UnknownError") {
            StoreError::StorageFailed { reason }
        } else {
            StoreError::Database { context, reason }
        }
    }
}
