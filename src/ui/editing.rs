//! What the record editors share (orders, products): saving a record as one undoable change,
//! deleting it, and the notices that say how that went.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Msg;
use crate::model::{Change, Record};
use crate::store::{labels, StoreError};
use crate::ui::data::{now_ms, use_data, DataContext};
use crate::ui::locale::{use_locale, LocaleContext};
use crate::ui::notices::store_error_text;
use crate::ui::undo::{use_undo, UndoContext};

/// Where an editor's save or delete stands.
#[derive(Clone, Copy)]
pub struct EditState {
    /// A save or delete failed for this reason.
    pub failure: RwSignal<Option<String>>,
    /// The record was saved elsewhere since the editor read it.
    pub conflict: RwSignal<bool>,
    pub saved: RwSignal<bool>,
    pub busy: RwSignal<bool>,
    data: DataContext,
    locale: LocaleContext,
    undo: UndoContext,
}

impl Default for EditState {
    fn default() -> Self {
        EditState::new()
    }
}

impl EditState {
    /// The state of an editor (call while building the component: it reads the contexts).
    pub fn new() -> EditState {
        EditState {
            failure: RwSignal::new(None),
            conflict: RwSignal::new(false),
            saved: RwSignal::new(false),
            busy: RwSignal::new(false),
            data: use_data(),
            locale: use_locale(),
            undo: use_undo(),
        }
    }

    /// Says why the store refused, in the user's language where it is a known case.
    fn refused(self, error: StoreError) {
        let locale = self.locale;
        match error {
            StoreError::Conflict { .. } => self.conflict.set(true),
            StoreError::MissingReference { kind: "order", .. } => self
                .failure
                .set(Some(locale.text(Msg::TicketOrderMissing).to_owned())),
            StoreError::MissingReference { .. } => self
                .failure
                .set(Some(locale.text(Msg::ReferenceMissing).to_owned())),
            StoreError::InUse { .. } => self
                .failure
                .set(Some(locale.text(Msg::ProductInUse).to_owned())),
            other => self
                .failure
                .set(Some(store_error_text(&other, locale.lang_untracked()))),
        }
    }

    /// Saves `after` (a new record when `before` is `None`) as one undoable change, then calls
    /// `done` with the record as stored.
    pub fn save(self, before: Option<Record>, after: Record, done: impl FnOnce(Record) + 'static) {
        let data = self.data;
        let Some(db) = data.db() else { return };
        self.failure.set(None);
        self.saved.set(false);
        self.busy.set(true);
        let label = if before.is_some() {
            labels::EDIT
        } else {
            labels::CREATE
        };
        spawn_local(async move {
            let change = Change {
                before,
                after: Some(after),
            };
            match db.apply(label, "", vec![change], now_ms()).await {
                Ok(set) => {
                    data.changed();
                    if let Some(stored) = set.changes.into_iter().next().and_then(|c| c.after) {
                        done(stored);
                    }
                }
                Err(error) => self.refused(error),
            }
            self.busy.set(false);
        });
    }

    /// Deletes `record` as one undoable change, says `deleted` with an undo button, then calls
    /// `done` (which goes back to the list).
    pub fn delete(self, record: Record, deleted: Msg, done: impl FnOnce() + 'static) {
        let (data, undo, locale) = (self.data, self.undo, self.locale);
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            let change = Change {
                before: Some(record),
                after: None,
            };
            match db.apply(labels::DELETE, "", vec![change], now_ms()).await {
                Ok(_) => {
                    data.changed();
                    undo.announce(locale.text(deleted).to_owned(), true);
                    done();
                }
                Err(error) => self.refused(error),
            }
        });
    }
}

/// The notices above an editor's fields: a conflict, unsaved problems, a failure, "saved".
#[component]
pub fn EditNotices(
    state: EditState,
    /// Whether some field has a problem (nothing was saved).
    #[prop(into)]
    has_problems: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <Show when=move || state.conflict.get()>
            <div class="notice notice-warning" role="alert" data-testid="edit-conflict">
                <p>{locale.tr(Msg::EditConflict)}</p>
            </div>
        </Show>
        <Show when=move || has_problems.get()>
            <p class="error" role="alert" data-testid="edit-problems">{locale.tr(Msg::FixMarkedFields)}</p>
        </Show>
        <Show when=move || state.failure.get().is_some()>
            <p class="error" role="alert" data-testid="edit-failure">
                {move || state.failure.get().unwrap_or_default()}
            </p>
        </Show>
        <Show when=move || state.saved.get()>
            <p class="notice" role="status" data-testid="edit-saved">{locale.tr(Msg::Saved)}</p>
        </Show>
    }
}
