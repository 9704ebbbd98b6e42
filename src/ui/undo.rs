//! Undo and redo for the whole app: buttons in the header, Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z
//! (or Ctrl+Y), and one status line that says what was done, with a way back.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Msg;
use crate::model::{ChangeSet, Step};
use crate::store::{labels, StoreError, UndoState};
use crate::ui::data::{now_ms, use_data, DataContext};
use crate::ui::locale::{use_locale, LocaleContext};

/// The status line under the header: what the last action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// An error (shown as an alert) rather than a report.
    pub failed: bool,
    /// Offer undo next to the text (after a bulk action).
    pub offer_undo: bool,
}

/// Undo, redo and the status line, for every page.
#[derive(Clone, Copy)]
pub struct UndoContext {
    data: DataContext,
    locale: LocaleContext,
    notice: RwSignal<Option<Notice>>,
    busy: RwSignal<bool>,
    state: LocalResource<Option<UndoState>>,
}

/// What a change set did, in the UI's words.
pub fn action_label(set: &ChangeSet) -> Msg {
    match set.label.as_str() {
        labels::CREATE => Msg::HistoryCreated,
        labels::DELETE => Msg::HistoryDeleted,
        labels::BULK_TAG => Msg::HistoryTagged,
        labels::BULK_UNTAG => Msg::HistoryUntagged,
        labels::BULK_SET => Msg::HistoryFieldSet,
        labels::BULK_DELETE => Msg::HistoryBulkDeleted,
        labels::NOTE => Msg::HistoryNote,
        labels::IMPORT => Msg::HistoryImported,
        labels::MERGE => Msg::HistoryMerged,
        labels::CLEAN => Msg::HistoryCleaned,
        labels::SEGMENTS => Msg::HistorySegments,
        labels::AUTOMATION => Msg::HistoryAutomation,
        _ => Msg::HistoryEdited,
    }
}

/// A change set as one line: its action, its detail, and whether it was an undo or a redo.
pub fn describe_set(set: &ChangeSet, lang: crate::i18n::Lang) -> String {
    let mut text = action_label(set).text(lang).to_owned();
    if !set.detail.is_empty() {
        text.push_str(": ");
        text.push_str(&set.detail);
    }
    match set.step {
        Step::Undone => {
            text.push(' ');
            text.push_str(Msg::HistoryUndone.text(lang));
        }
        Step::Redone => {
            text.push(' ');
            text.push_str(Msg::HistoryRedone.text(lang));
        }
        Step::Done => {}
    }
    text
}

impl UndoContext {
    /// Shows `text` in the status line.
    pub fn announce(self, text: String, offer_undo: bool) {
        self.notice.set(Some(Notice {
            text,
            failed: false,
            offer_undo,
        }));
    }

    /// Shows an error in the status line.
    pub fn fail(self, text: String) {
        self.notice.set(Some(Notice {
            text,
            failed: true,
            offer_undo: false,
        }));
    }

    /// Undoes the newest action.
    pub fn undo(self) {
        self.revert(false);
    }

    /// Redoes the newest undone action.
    pub fn redo(self) {
        self.revert(true);
    }

    fn revert(self, redo: bool) {
        let (data, locale) = (self.data, self.locale);
        let Some(db) = data.db() else { return };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let now = now_ms();
            let result = if redo {
                db.redo(now).await
            } else {
                db.undo(now).await
            };
            let lang = locale.lang_untracked();
            match result {
                Ok(Some(set)) => {
                    data.changed();
                    let done = if redo {
                        Msg::RedoneNotice
                    } else {
                        Msg::UndoneNotice
                    };
                    let what = action_label(&set).text(lang);
                    let detail = if set.detail.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", set.detail)
                    };
                    self.announce(format!("{} {what}{detail}", done.text(lang)), false);
                }
                Ok(None) => {
                    let none = if redo {
                        Msg::NothingToRedo
                    } else {
                        Msg::NothingToUndo
                    };
                    self.announce(none.text(lang).to_owned(), false);
                }
                Err(StoreError::Conflict { .. } | StoreError::NotFound { .. }) => {
                    self.fail(Msg::UndoConflict.text(lang).to_owned())
                }
                Err(StoreError::InUse { .. } | StoreError::MissingReference { .. }) => {
                    self.fail(Msg::UndoBlocked.text(lang).to_owned())
                }
                Err(error) => self.fail(error.to_string()),
            }
            self.busy.set(false);
        });
    }
}

/// Provides the [`UndoContext`] and listens for the undo and redo shortcuts.
pub fn provide_undo() -> UndoContext {
    let data = use_data();
    let state = LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move { db?.undo_state().await.ok() }
    });
    let context = UndoContext {
        data,
        locale: use_locale(),
        notice: RwSignal::new(None),
        busy: RwSignal::new(false),
        state,
    };
    provide_context(context);
    let keys = window_event_listener(ev::keydown, move |event| {
        if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
            return;
        }
        // In a text field the browser's own undo of the typing applies.
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if typing {
            return;
        }
        match (event.key().to_lowercase().as_str(), event.shift_key()) {
            ("z", false) => {
                event.prevent_default();
                context.undo();
            }
            ("z", true) | ("y", false) => {
                event.prevent_default();
                context.redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    context
}

/// The [`UndoContext`] provided by the app.
pub fn use_undo() -> UndoContext {
    expect_context::<UndoContext>()
}

/// Undo and redo buttons for the header; each says what it would revert.
#[component]
pub fn UndoButtons() -> impl IntoView {
    let locale = use_locale();
    let undo = use_undo();
    let next = move |redo: bool| {
        undo.state.get().flatten().and_then(|state| {
            let set = if redo { state.redo } else { state.undo };
            set.map(|set| action_label(&set))
        })
    };
    let title = move |redo: bool| {
        let (verb, none) = if redo {
            (Msg::Redo, Msg::NothingToRedo)
        } else {
            (Msg::Undo, Msg::NothingToUndo)
        };
        match next(redo) {
            Some(what) => format!("{}: {}", locale.text(verb), locale.text(what)),
            None => locale.text(none).to_owned(),
        }
    };
    view! {
        <div class="undo-buttons" role="group" aria-label=locale.tr(Msg::Undo)>
            <button
                type="button"
                class="icon-button"
                data-testid="undo"
                aria-keyshortcuts="Control+Z Meta+Z"
                aria-label=move || title(false)
                title=move || title(false)
                disabled=move || next(false).is_none()
                on:click=move |_| undo.undo()
            >
                <span aria-hidden="true">"↶"</span>
            </button>
            <button
                type="button"
                class="icon-button"
                data-testid="redo"
                aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
                aria-label=move || title(true)
                title=move || title(true)
                disabled=move || next(true).is_none()
                on:click=move |_| undo.redo()
            >
                <span aria-hidden="true">"↷"</span>
            </button>
        </div>
    }
}

/// The status line: the last action's result, with undo offered after bulk changes.
#[component]
pub fn ActionNotice() -> impl IntoView {
    let locale = use_locale();
    let undo = use_undo();
    move || {
        undo.notice.get().map(|notice| {
            let offer = notice.offer_undo;
            view! {
                <div
                    class="notice action-notice"
                    class:notice-warning=notice.failed
                    role=if notice.failed { "alert" } else { "status" }
                    data-testid="action-notice"
                >
                    <span>{notice.text}</span>
                    {offer
                        .then(|| {
                            view! {
                                <button type="button" data-testid="notice-undo" on:click=move |_| undo.undo()>
                                    {locale.tr(Msg::Undo)}
                                </button>
                            }
                        })}
                    <button
                        type="button"
                        class="button-quiet"
                        data-testid="notice-dismiss"
                        aria-label=locale.tr(Msg::Dismiss)
                        on:click=move |_| undo.notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}
