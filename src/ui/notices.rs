//! Banners that tell the user about the app itself: blocked storage and a ready update.

use leptos::prelude::*;

use super::locale::use_locale;
use super::settings::use_settings;
use crate::i18n::{Lang, Msg};
use crate::store::StoreError;

/// A store error in the user's language where the catalogue has it, else its own text. A full
/// storage quota says what to do about it.
pub fn store_error_text(error: &StoreError, lang: Lang) -> String {
    match error {
        StoreError::QuotaExceeded => Msg::StorageFull.text(lang).to_owned(),
        StoreError::StorageFailed { reason } => {
            format!("{} ({reason})", Msg::StorageFailed.text(lang))
        }
        StoreError::WrongPassphrase => Msg::WrongPassphrase.text(lang).to_owned(),
        StoreError::Locked => Msg::LockedTitle.text(lang).to_owned(),
        StoreError::EncryptionChanged => Msg::EncryptionChangedElsewhere.text(lang).to_owned(),
        StoreError::OrderHasTickets { id, count } => Msg::OrderHasTickets
            .text(lang)
            .replace("{order}", &crate::model::OrderId(*id).to_string())
            .replace("{count}", &count.to_string()),
        other => other.to_string(),
    }
}

/// Says that settings cannot be saved because the browser blocks storage, with a dismiss button.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    view! {
        <Show when=move || settings.problem().is_some()>
            <div class="notice notice-warning" role="status" data-testid="storage-notice">
                <span>{locale.tr(Msg::StorageUnavailable)}</span>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="storage-notice-dismiss"
                    on:click=move |_| settings.dismiss_problem()
                >
                    {locale.tr(Msg::Dismiss)}
                </button>
            </div>
        </Show>
    }
}

/// The attribute that `boot.js` sets on `<html>` once a new version has taken over the page.
const UPDATE_READY_ATTRIBUTE: &str = "data-update-ready";
/// The event that `boot.js` fires on `window` at the same moment.
const UPDATE_READY_EVENT: &str = "fieldbook-update-ready";

/// Offers a reload once a newly deployed version has been installed by the service worker.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let locale = use_locale();
    let ready = RwSignal::new(update_already_ready());
    let handle = window_event_listener_untyped(UPDATE_READY_EVENT, move |_| ready.set(true));
    on_cleanup(move || handle.remove());
    let reload = move |_| {
        if let Some(window) = web_sys::window() {
            // A failed reload leaves the banner in place, so the user can try again.
            let _ = window.location().reload();
        }
    };
    view! {
        <Show when=move || ready.get()>
            <div class="notice notice-info" role="status" data-testid="update-banner">
                <span>{locale.tr(Msg::UpdateReady)}</span>
                <button type="button" data-testid="update-reload" on:click=reload>
                    {locale.tr(Msg::Reload)}
                </button>
            </div>
        </Show>
    }
}

fn update_already_ready() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .is_some_and(|root| root.has_attribute(UPDATE_READY_ATTRIBUTE))
}
