//! User settings kept in localStorage through gloo-storage, with a fallback to defaults when the
//! browser blocks storage (web edge).

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::analytics::SavedView;
use crate::i18n::Lang;

/// The localStorage key that holds [`Settings`] as JSON.
pub const SETTINGS_KEY: &str = "fieldbook.settings";

/// Small per-browser preferences. New fields need `#[serde(default)]` so older saved settings
/// still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The chosen UI language; `None` until the user picks one (then the browser's is used).
    #[serde(default)]
    pub lang: Option<Lang>,
    /// The country assumed for phone numbers and addresses without one (ISO 3166 alpha-2).
    #[serde(default)]
    pub default_country: Option<String>,
    /// The in-app path of the last page shown, to reopen there.
    #[serde(default)]
    pub last_view: Option<String>,
    /// The customers list's saved views, in the order they were saved.
    #[serde(default)]
    pub customer_views: Vec<SavedView>,
    /// Minutes without use after which an encrypted profile locks itself (0: never).
    #[serde(default = "default_auto_lock")]
    pub auto_lock_minutes: u32,
}

fn default_auto_lock() -> u32 {
    15
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: None,
            default_country: None,
            last_view: None,
            customer_views: Vec::new(),
            auto_lock_minutes: default_auto_lock(),
        }
    }
}

/// Access to settings. Created with [`SettingsStore::open`], which probes whether the browser
/// lets us write at all, because gloo-storage itself throws when storage is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsStore {
    available: bool,
}

impl SettingsStore {
    /// Opens the settings store. When the browser blocks localStorage the store still works but
    /// keeps nothing, and the error says why so the UI can show a notice.
    pub fn open() -> (Self, Option<StoreError>) {
        match probe_local_storage() {
            Ok(()) => (Self { available: true }, None),
            Err(error) => (Self { available: false }, Some(error)),
        }
    }

    /// Whether settings survive a reload.
    pub fn is_persistent(self) -> bool {
        self.available
    }

    /// Reads the settings, or the defaults when none are stored or storage is blocked.
    pub fn load(self) -> Result<Settings, StoreError> {
        if !self.available {
            return Ok(Settings::default());
        }
        match LocalStorage::get::<Settings>(SETTINGS_KEY) {
            Ok(settings) => Ok(settings),
            Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => Ok(Settings::default()),
            Err(error) => Err(StoreError::Corrupt {
                key: SETTINGS_KEY.to_owned(),
                reason: error.to_string(),
            }),
        }
    }

    /// Saves the settings; a no-op when storage is blocked.
    pub fn save(self, settings: &Settings) -> Result<(), StoreError> {
        if !self.available {
            return Ok(());
        }
        LocalStorage::set(SETTINGS_KEY, settings).map_err(|error| StoreError::WriteFailed {
            key: SETTINGS_KEY.to_owned(),
            reason: error.to_string(),
        })
    }
}

/// Checks that localStorage exists and accepts a write. Reading `window.localStorage` throws a
/// SecurityError when storage is blocked, and gloo-storage would turn that into a panic.
fn probe_local_storage() -> Result<(), StoreError> {
    let unavailable = |reason: String| StoreError::StorageUnavailable { reason };
    let window = web_sys::window().ok_or_else(|| unavailable("no window".to_owned()))?;
    let storage = window
        .local_storage()
        .map_err(|error| unavailable(js_reason(&error)))?
        .ok_or_else(|| unavailable("the browser has no localStorage".to_owned()))?;
    const PROBE_KEY: &str = "fieldbook.probe";
    storage
        .set_item(PROBE_KEY, "1")
        .map_err(|error| unavailable(js_reason(&error)))?;
    storage
        .remove_item(PROBE_KEY)
        .map_err(|error| unavailable(js_reason(&error)))
}

/// Turns a thrown JavaScript value into a readable reason.
fn js_reason(value: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
