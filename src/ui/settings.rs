//! The settings context: the user's [`Settings`], kept in localStorage when the browser allows,
//! and the reason when it does not.

use leptos::prelude::*;

use crate::store::{Settings, SettingsStore, StoreError};

/// The settings and where they are kept.
#[derive(Debug, Clone, Copy)]
pub struct SettingsContext {
    settings: RwSignal<Settings>,
    store: SettingsStore,
    /// Why settings cannot be saved, if they cannot; shown as a notice.
    problem: RwSignal<Option<StoreError>>,
}

impl SettingsContext {
    /// The current settings (tracked).
    pub fn get(self) -> Settings {
        self.settings.get()
    }

    /// The current settings, untracked.
    pub fn get_untracked(self) -> Settings {
        self.settings.get_untracked()
    }

    /// Changes the settings and saves them; a failed save shows the storage notice.
    pub fn update(self, change: impl FnOnce(&mut Settings)) {
        self.settings.update(change);
        let saved = self
            .settings
            .with_untracked(|settings| self.store.save(settings));
        if let Err(error) = saved {
            self.problem.set(Some(error));
        }
    }

    /// Why settings are not being kept, if they are not (tracked).
    pub fn problem(self) -> Option<StoreError> {
        self.problem.get()
    }

    /// Hides the storage notice.
    pub fn dismiss_problem(self) {
        self.problem.set(None);
    }
}

/// Loads the settings and provides the [`SettingsContext`].
pub fn provide_settings() -> SettingsContext {
    let (store, open_problem) = SettingsStore::open();
    let (settings, load_problem) = match store.load() {
        Ok(settings) => (settings, None),
        Err(error) => {
            leptos::logging::warn!("{error}");
            (Settings::default(), Some(error))
        }
    };
    let context = SettingsContext {
        settings: RwSignal::new(settings),
        store,
        problem: RwSignal::new(open_problem.or(load_problem)),
    };
    provide_context(context);
    context
}

/// The [`SettingsContext`] provided by the app.
pub fn use_settings() -> SettingsContext {
    expect_context::<SettingsContext>()
}
