//! Data cleaning (pure): fuzzy duplicate detection, merging duplicates into one customer, and
//! the normal forms both compare on. Everything here returns what it would change; the store
//! applies it as one undoable change set.

pub mod contact;
pub mod dedupe;
pub mod evaluate;
pub mod fill;
pub mod fix;
pub mod fold;
pub mod jobs;
pub mod merge;
pub mod recipe;
pub mod report;
