//! The language context: the current [`Lang`] and how to change it (remembered in settings).

use leptos::prelude::*;

use super::settings::{provide_settings, SettingsContext};
use crate::i18n::{Lang, Msg};

/// The UI language.
#[derive(Debug, Clone, Copy)]
pub struct LocaleContext {
    lang: RwSignal<Lang>,
    settings: SettingsContext,
}

impl LocaleContext {
    /// The current language (tracked).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The current language, untracked (for use outside reactive code).
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
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
        self.settings.update(|settings| settings.lang = Some(lang));
    }
}

/// Provides the settings and the language: the saved one, else the browser's.
pub fn provide_locale() -> LocaleContext {
    let settings = provide_settings();
    let lang = settings.get_untracked().lang.unwrap_or_else(browser_lang);
    set_document_lang(lang);
    let context = LocaleContext {
        lang: RwSignal::new(lang),
        settings,
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
