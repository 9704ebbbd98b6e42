//! The import wizard's offer, for an orders file, to add the customers and products its rows
//! name that are not stored (see `import::missing`): each kind is one import of its own, one
//! transaction and one undoable action; then the orders are checked again.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Msg;
use crate::import::plan::Records;
use crate::import::MissingReferences;
use crate::store::{labels, ImportControl};
use crate::ui::data::{format_count, now_ms, use_data};
use crate::ui::locale::use_locale;
use crate::ui::notices::store_error_text;
use crate::ui::recovery::begin_write;

/// Says what is missing and adds it on request; `on_added` runs once both are stored.
#[component]
pub fn MissingNotice(
    missing: RwSignal<Option<Arc<MissingReferences>>>,
    /// The file's name, which the change log shows for each import.
    source: RwSignal<String>,
    on_added: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let count = move |pick: fn(&MissingReferences) -> usize| {
        move || {
            missing
                .get()
                .map_or(String::new(), |m| format_count(pick(&m) as u64))
        }
    };
    let add = move |_| {
        let (Some(found), Some(db)) = (missing.get_untracked(), data.db()) else {
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let file = source.get_untracked();
            let batches = [
                (
                    Records::Customers(found.customers.clone()),
                    Msg::NavCustomers,
                ),
                (Records::Products(found.products.clone()), Msg::NavProducts),
            ];
            let mut failed = None;
            for (records, what) in batches {
                if records.is_empty() {
                    continue;
                }
                let detail = format!("{file} ({})", locale.text(what));
                let pending = begin_write(&db, labels::IMPORT, &detail).await;
                let control = ImportControl {
                    cancelled: Rc::new(Cell::new(false)),
                    progress: Box::new(|_, _| {}),
                };
                let outcome = db.import_file(records, &detail, now_ms(), &control).await;
                pending.done();
                data.changed();
                if let Err(e) = outcome {
                    failed = Some(e);
                    break;
                }
            }
            busy.set(false);
            match failed {
                Some(e) => error.set(Some(format!(
                    "{} {}",
                    locale.text(Msg::ImportFailed),
                    store_error_text(&e, locale.lang_untracked())
                ))),
                None => {
                    missing.set(None);
                    on_added.run(());
                }
            }
        });
    };
    view! {
        <Show when=move || missing.get().is_some()>
            <section class="notice notice-info import-missing" data-testid="import-missing">
                <p>{locale.tr(Msg::ImportMissing)}</p>
                <dl class="figures">
                    <div>
                        <dt>{locale.tr(Msg::ImportMissingCustomers)}</dt>
                        <dd data-testid="missing-customers">{count(|m| m.customers.len())}</dd>
                    </div>
                    <div>
                        <dt>{locale.tr(Msg::ImportMissingProducts)}</dt>
                        <dd data-testid="missing-products">{count(|m| m.products.len())}</dd>
                    </div>
                </dl>
                <Show when=move || error.get().is_some()>
                    <p class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button
                    type="button"
                    data-testid="import-add-missing"
                    disabled=move || busy.get()
                    on:click=add
                >
                    {move || locale.text(if busy.get() { Msg::ImportAddingMissing } else { Msg::ImportAddMissing })}
                </button>
            </section>
        </Show>
    }
}
