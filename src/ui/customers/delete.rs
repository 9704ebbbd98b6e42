//! Deleting customers (one from their page, or many from the list), after asking what to do
//! with their orders: delete them too, or keep them unlinked — never orphaned silently.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::labels;
use crate::ui::data::format_count;
use crate::ui::recovery::begin_write;

use crate::i18n::Msg;
use crate::store::OrdersOfDeleted;
use crate::ui::data::{now_ms, use_data};
use crate::ui::locale::use_locale;

/// A delete button that opens a confirmation asking about the customers' orders.
#[component]
pub(super) fn DeleteCustomers(
    /// The customers to delete.
    #[prop(into)]
    ids: Signal<Vec<u64>>,
    /// How many orders they have.
    #[prop(into)]
    order_count: Signal<usize>,
    /// The button's and the confirmation's wording.
    button: Msg,
    question: Msg,
    /// The test id of the button that opens the confirmation.
    testid: &'static str,
    /// Called with the number of customers deleted, after the write.
    on_deleted: Callback<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let asking = RwSignal::new(false);
    let choice = RwSignal::new(None::<OrdersOfDeleted>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let order_count = move || order_count.get();
    let ready = move || order_count() == 0 || choice.get().is_some();
    let confirm = Callback::new(move |_: ()| {
        let Some(db) = data.db() else {
            return;
        };
        let ids = ids.get_untracked();
        if ids.is_empty() {
            return;
        }
        let orders = choice.get_untracked().unwrap_or(OrdersOfDeleted::Delete);
        busy.set(true);
        spawn_local(async move {
            let label = if ids.len() == 1 {
                labels::DELETE
            } else {
                labels::BULK_DELETE
            };
            let pending = begin_write(&db, label, &format_count(ids.len() as u64)).await;
            let deleted = db.delete_customers(&ids, orders, now_ms()).await;
            pending.done();
            match deleted {
                Ok(_) => {
                    asking.set(false);
                    data.changed();
                    on_deleted.run(ids.len());
                }
                Err(error) => failure.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    });
    let choose = move |value: OrdersOfDeleted| move |_| choice.set(Some(value));
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="button-quiet button-danger"
                        data-testid=testid
                        on:click=move |_| {
                            choice.set(None);
                            asking.set(true);
                        }
                    >
                        {locale.tr(button)}
                    </button>
                }
            }
        >
            <div
                class="confirm-panel"
                role="alertdialog"
                aria-labelledby="delete-title"
                data-testid="delete-dialog"
                on:keydown=move |e| {
                    if e.key() == "Escape" {
                        asking.set(false);
                    }
                }
            >
                <h2 id="delete-title">{locale.tr(question)}</h2>
                <p>{locale.tr(Msg::DeleteCustomerNotes)}</p>
                <Show when=move || { order_count() > 0 }>
                    <fieldset>
                        <legend>
                            {move || {
                                let label = if ids.with(Vec::len) == 1 {
                                    Msg::TheirOrders
                                } else {
                                    Msg::SelectedOrders
                                };
                                format!("{} {}", locale.text(label), order_count())
                            }}
                        </legend>
                        <label>
                            <input
                                type="radio"
                                name="orders-of-deleted"
                                data-testid="delete-orders-too"
                                on:change=choose(OrdersOfDeleted::Delete)
                            />
                            {locale.tr(Msg::DeleteOrdersToo)}
                        </label>
                        <label>
                            <input
                                type="radio"
                                name="orders-of-deleted"
                                data-testid="keep-orders"
                                on:change=choose(OrdersOfDeleted::KeepUnlinked)
                            />
                            {locale.tr(Msg::KeepOrdersUnlinked)}
                        </label>
                    </fieldset>
                </Show>
                <Show when=move || failure.get().is_some()>
                    <p class="error" role="alert">{move || failure.get().unwrap_or_default()}</p>
                </Show>
                <div class="actions">
                    <button
                        type="button"
                        class="button-danger"
                        data-testid="confirm-delete"
                        disabled=move || !ready() || busy.get()
                        on:click=move |_| confirm.run(())
                    >
                        {locale.tr(button)}
                    </button>
                    <button
                        type="button"
                        class="button-quiet"
                        data-testid="cancel-delete"
                        on:click=move |_| asking.set(false)
                    >
                        {locale.tr(Msg::Cancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
