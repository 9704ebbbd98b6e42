//! Saying what happened to a long write that the page did not live to finish (a closed tab, a
//! crash, a power cut). Every such write is one IndexedDB transaction, so the data is either as
//! before or as after; this module only tells the user which. Before the write starts, a note
//! goes to localStorage with the id the write's change set will get; the note is removed when
//! the write ends either way. A note found at the next start means the page died during the
//! write: if the change log holds that change set, the write was stored, else nothing of it was.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::data::{now_ms, use_data, DbState};
use super::locale::use_locale;
use crate::i18n::Msg;
use crate::store::Db;

const KEY: &str = "fieldbook.pending_write";

/// How long a note may go without news before it counts as left behind by a page that died
/// (another tab may be running a long write and refreshing it every second).
const STALE_MS: i64 = 5_000;

/// The note about a write under way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PendingWrite {
    /// The change-set label the write logs (`store::labels`).
    label: String,
    /// What the user would recognise: a file name, a number of customers.
    detail: String,
    /// The id its change set gets if it is stored.
    change_set: u64,
    /// When the note was last refreshed (ms since the epoch).
    at: i64,
}

/// A write under way; [`PendingGuard::done`] (or dropping it) removes the note.
pub struct PendingGuard {
    active: bool,
    refreshed: std::cell::Cell<i64>,
}

impl PendingGuard {
    /// Refreshes the note during a long write, so other tabs do not take it for left behind.
    pub fn still_running(&self) {
        let now = now_ms();
        if !self.active || now - self.refreshed.get() < 1_000 {
            return;
        }
        self.refreshed.set(now);
        if let Ok(mut note) = LocalStorage::get::<PendingWrite>(KEY) {
            note.at = now;
            let _ = LocalStorage::set(KEY, &note);
        }
    }

    /// The write ended (stored, refused or cancelled): the note goes.
    pub fn done(mut self) {
        self.clear();
    }

    fn clear(&mut self) {
        if self.active {
            LocalStorage::delete(KEY);
            self.active = false;
        }
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Notes a write about to start. If the note cannot be written (storage blocked), the write
/// still runs; only the report after a crash is lost.
pub async fn begin_write(db: &Db, label: &str, detail: &str) -> PendingGuard {
    let refreshed = std::cell::Cell::new(now_ms());
    let Ok(next) = db.next_ids().await else {
        return PendingGuard {
            active: false,
            refreshed,
        };
    };
    let note = PendingWrite {
        label: label.to_owned(),
        detail: detail.to_owned(),
        change_set: next.change_set.max(1),
        at: now_ms(),
    };
    PendingGuard {
        active: LocalStorage::set(KEY, &note).is_ok(),
        refreshed,
    }
}

/// What became of a write the page did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    detail: String,
    stored: bool,
}

/// Looks at a note left in storage: `Err(wait)` when it is too fresh to judge yet (another tab
/// may still be writing), `Ok(None)` when there is none.
async fn check(db: &Db) -> Result<Option<Outcome>, i64> {
    let Ok(note) = LocalStorage::get::<PendingWrite>(KEY) else {
        return Ok(None);
    };
    let age = now_ms() - note.at;
    if age < STALE_MS {
        return Err(STALE_MS - age + 100);
    }
    let stored = matches!(
        db.change_set(note.change_set).await,
        Ok(Some(set)) if set.label == note.label
    );
    LocalStorage::delete(KEY);
    Ok(Some(Outcome {
        detail: note.detail,
        stored,
    }))
}

/// Once the database is open, says whether a write interrupted last time was stored or not.
#[component]
pub fn RecoveryNotice() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let outcome = RwSignal::new(None::<Outcome>);
    let checked = StoredValue::new(false);
    Effect::new(move |_| {
        if data.state() != DbState::Ready || checked.get_value() {
            return;
        }
        checked.set_value(true);
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            loop {
                match check(&db).await {
                    Ok(found) => {
                        outcome.set(found);
                        break;
                    }
                    Err(wait) => sleep(wait).await,
                }
            }
        });
    });
    move || {
        outcome.get().map(|found| {
            let msg = if found.stored {
                Msg::InterruptedButStored
            } else {
                Msg::InterruptedNothingStored
            };
            view! {
                <div class="notice notice-warning" role="alert" data-testid="recovery-notice">
                    <span>{locale.tr(msg)} " " <strong>{found.detail.clone()}</strong></span>
                    <button type="button" class="button-quiet" on:click=move |_| outcome.set(None)>
                        {locale.tr(Msg::Dismiss)}
                    </button>
                </div>
            }
        })
    }
}

async fn sleep(ms: i64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
