//! The language context: the current [`Lang`], how to change it, and whether it is remembered.

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::store::{Settings, SettingsStore, StoreError};

/// The UI language and the settings store that remembers it.
#[derive(Debug, Clone, Copy)]
pub struct LocaleContext {
    lang: RwSignal<Lang>,
    store: SettingsStore,
    /// Why settings cannot be saved, if they cannot; shown as a notice.
    storage_problem: RwSignal<Option<StoreError>>,
}

impl LocaleContext {
    /// The current language (tracked).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The text of `msg` in the current language (tracked).
    pub fn text(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// A reactive closure for use in `view!`.
    pub fn tr(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.text(msg)
    }

    /// Switches the language, updates `<html lang>` and remembers the choice.
    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
        set_document_lang(lang);
        let mut settings = self.store.load().unwrap_or_default();
        settings.lang = Some(lang);
        if let Err(error) = self.store.save(&settings) {
            self.storage_problem.set(Some(error));
        }
    }

    /// Why settings are not being kept, if they are not (tracked).
    pub fn storage_problem(self) -> Option<StoreError> {
        self.storage_problem.get()
    }

    /// Hides the storage notice.
    pub fn dismiss_storage_problem(self) {
        self.storage_problem.set(None);
    }
}

/// Loads the saved language (or the browser's) and provides the [`LocaleContext`].
pub fn provide_locale() -> LocaleContext {
    let (store, open_problem) = SettingsStore::open();
    let (settings, load_problem) = match store.load() {
        Ok(settings) => (settings, None),
        Err(error) => {
            leptos::logging::warn!("{error}");
            (Settings::default(), Some(error))
        }
    };
    let lang = settings.lang.unwrap_or_else(browser_lang);
    set_document_lang(lang);
    let context = LocaleContext {
        lang: RwSignal::new(lang),
        store,
        storage_problem: RwSignal::new(open_problem.or(load_problem)),
    };
    provide_context(context);
    context
}

/// The [`LocaleContext`] provided by the app.
pub fn use_locale() -> LocaleContext {
    expect_context::<LocaleContext>()
}

/// The first language the browser prefers that Fieldbook speaks, else English.
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|window| window.navigator().language())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        // Setting an attribute on <html> cannot fail for a valid attribute name.
        let _ = root.set_attribute("lang", lang.tag());
    }
}
