//! The customer database's screens: record counts and exports per area, the import wizard,
//! and the data section of Settings (storage, backup, restore, delete).

mod backup;
mod import;
mod issues;
mod matches;
mod missing;
mod summary;

pub use backup::DataSettings;
pub use import::{field_label, ImportPage};
pub use issues::describe;
pub use summary::{DataPage, DemoBanner};
