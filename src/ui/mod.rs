//! The Leptos app (web edge): the shell, routes, state contexts and one folder per area.
//!
//! Pages compose components and read state from small `Copy` contexts; business logic lives in
//! the pure modules so it can be tested without a browser.

pub mod analytics;
pub mod app;
pub mod areas;
pub mod base;
pub mod cleaning;
pub mod compute;
pub mod customers;
pub mod data;
pub mod database;
pub mod editing;
pub mod files;
pub mod list;
pub mod locale;
pub mod marketing;
pub mod mining;
pub mod notices;
pub mod orders;
pub mod pages;
pub mod panic;
pub mod products;
pub mod records_import;
pub mod recovery;
pub mod security;
pub mod service;
pub mod settings;
pub mod undo;

pub use app::App;

/// Starts the app: installs the panic screen, then mounts [`App`] on `<body>`.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(App);
}
