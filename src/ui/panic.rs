//! The error screen shown when the wasm code panics.
//!
//! It is drawn with plain DOM calls, not Leptos, because after a panic the reactive system may be
//! in any state. The reload control is a link, so it works without any more wasm code running.

use std::panic::PanicHookInfo;

use crate::i18n::{Lang, Msg};

/// The `id` of the error screen's root element.
pub const PANIC_SCREEN_ID: &str = "fatal-error";

/// Installs a panic hook that logs the details to the console and shows the error screen.
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo| {
        console_error_panic_hook::hook(info);
        show_panic_screen();
    }));
}

/// Shows the error screen in the language of the page. Safe to call more than once.
pub fn show_panic_screen() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id(PANIC_SCREEN_ID).is_some() {
        return;
    }
    let lang = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    // Each step can only fail if the document is gone; then there is nothing left to show.
    let _ = build_screen(&document, lang);
}

fn build_screen(document: &web_sys::Document, lang: Lang) -> Result<(), wasm_bindgen::JsValue> {
    let screen = document.create_element("div")?;
    screen.set_id(PANIC_SCREEN_ID);
    screen.set_class_name("fatal-error");
    screen.set_attribute("role", "alert")?;
    screen.set_attribute("data-testid", "panic-screen")?;

    let title = document.create_element("h1")?;
    title.set_text_content(Some(Msg::PanicTitle.text(lang)));
    let body = document.create_element("p")?;
    body.set_text_content(Some(Msg::PanicBody.text(lang)));
    let reload = document.create_element("a")?;
    reload.set_class_name("button");
    reload.set_attribute("data-testid", "panic-reload")?;
    let here = document
        .location()
        .and_then(|location| location.href().ok())
        .unwrap_or_else(|| "./".to_owned());
    reload.set_attribute("href", &here)?;
    reload.set_text_content(Some(Msg::Reload.text(lang)));

    screen.append_child(&title)?;
    screen.append_child(&body)?;
    screen.append_child(&reload)?;
    match document.body() {
        Some(page) => page.append_child(&screen).map(|_| ()),
        None => Ok(()),
    }
}
