//! Reading CSV and JSON files into validated records, and writing CSV exports (pure).
//!
//! The pipeline is: bytes → [`decode`] (BOM, UTF-8, UTF-16, GB18030) → [`table`] (delimiter
//! detection, quoted fields, ragged rows) → [`mapping`] (which column is which field, from
//! English and Chinese headers) → [`rows`] (typed drafts, with every problem tied to its line and
//! column). Nothing here stores anything: the store takes the drafts only after the user confirms.

pub mod backup;
pub mod decode;
pub mod export;
pub mod json;
pub mod mapping;
pub mod missing;
pub mod plan;
pub mod rows;
pub mod service_csv;
pub mod table;

pub use backup::{read_backup, write_backup, Backup, BackupError, NextIds};
pub use decode::{decode, Decoded, LegacyDecoder, SourceEncoding};
pub use export::{
    campaigns_csv, contacts_csv, customers_csv, neutralise_formula, orders_csv, products_csv,
    tickets_csv, CsvWriter,
};
pub use json::read_json_table;
pub use mapping::{detect_mapping, ColumnMapping, EntityKind, TargetField};
pub use missing::MissingReferences;
pub use rows::{
    customer_from_form, read_customers, read_orders, read_products, References, RowOutcome,
};
pub use table::{read_table, Table, TableRow};

/// A problem with the file as a whole: nothing can be imported from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has a header row but no data rows")]
    NoRows,
    #[error(
        "the file does not look like text (it contains binary data); choose a CSV or JSON file"
    )]
    Binary,
    #[error("the file could not be read as CSV: {0}")]
    Csv(String),
    #[error("the file is not valid JSON: {0}")]
    Json(String),
    #[error("the JSON must be a list of objects, or an object with such a list")]
    JsonShape,
    #[error("no column could be matched to a field; map the columns by hand")]
    NothingMapped,
}

/// A problem with one row (its 1-based line number in the file) that is not fatal to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// The 1-based line where the row starts.
    pub line: u64,
    /// The column's header, when the issue is about one cell.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(
                f,
                "line {}, column '{}': {}",
                self.line, column, self.message
            ),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}
