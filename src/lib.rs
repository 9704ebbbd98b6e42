//! Fieldbook: a customer relationship manager that runs entirely in the browser.
//!
//! Code map (see ARCHITECTURE.md for the invariants):
//! - [`analytics`]: columnar order lines and per-customer figures (pure).
//! - [`clean`]: duplicate detection and merge, the normal forms they compare (pure).
//! - [`crypto`]: AES-256-GCM sealing, PBKDF2 keys, encrypted files (pure).
//! - [`demo`]: seeded generator of realistic, messy demo data (pure).
//! - [`i18n`]: the typed English / Simplified Chinese catalogue (pure).
//! - [`import`]: CSV/JSON reading, column mapping, row issues, CSV export (pure).
//! - [`mining`]: scaling, k-means and the segmentation pipeline (pure).
//! - [`model`]: domain types, ids, money and validation (pure).
//! - [`store`]: everything persisted: settings in localStorage, later IndexedDB (web edge).
//! - [`ui`]: the Leptos app: shell, routes, contexts and pages (web edge).
//! - [`worker`]: the web worker that runs heavy jobs off the UI thread (web edge).

pub mod analytics;
pub mod charts;
pub mod clean;
pub mod crypto;
pub mod demo;
pub mod i18n;
pub mod import;
pub mod mining;
pub mod model;
pub mod store;
pub mod ui;
pub mod worker;
