//! A customer's page: key figures, every field with inline editing and validation, and a
//! timeline of orders (with lines and totals) and notes, newest first.
//!
//! Editing keeps the version it started from. Saving checks it in the same transaction as the
//! write; if another tab or window saved first, nothing is overwritten and the page says so,
//! offering to reload that version.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::i18n::Msg;
use crate::import::{customer_from_form, TargetField};
use crate::model::{
    ChangeSet, Customer, FieldIssue, Money, Note, Order, OrderStatus, Record, RecordKind,
};
use crate::store::{Db, OrdersOfDeleted, StoreError};
use crate::ui::base::use_app_base;
use crate::ui::data::{now_ms, today, use_data};
use crate::ui::database::{describe, field_label};
use crate::ui::locale::use_locale;

/// Everything the page shows about one customer.
#[derive(Clone)]
struct Loaded {
    customer: Customer,
    orders: Vec<Order>,
    notes: Vec<Note>,
    product_names: Rc<HashMap<u64, String>>,
    /// What changed and when, newest first.
    history: Vec<ChangeSet>,
}

async fn load(db: Rc<Db>, id: u64) -> Result<Option<Loaded>, StoreError> {
    let Some(customer) = db.customer(id).await? else {
        return Ok(None);
    };
    let mut orders = db.orders_of_customer(id).await?;
    orders.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.0.cmp(&a.id.0)));
    let mut notes: Vec<Note> = db.notes_of_customer(id).await?;
    notes.sort_by_key(|n| std::cmp::Reverse(n.created_at));
    let product_names = db
        .products()
        .await?
        .into_iter()
        .map(|p| (p.id.0, p.name))
        .collect();
    let history = db.history(RecordKind::Customer, id).await?;
    Ok(Some(Loaded {
        customer,
        orders,
        notes,
        product_names: Rc::new(product_names),
        history,
    }))
}

/// The fields of the edit form, in order.
const FORM_FIELDS: [TargetField; 13] = [
    TargetField::Name,
    TargetField::Gender,
    TargetField::BirthDate,
    TargetField::Age,
    TargetField::Phone,
    TargetField::Email,
    TargetField::Street,
    TargetField::City,
    TargetField::Postcode,
    TargetField::Region,
    TargetField::Country,
    TargetField::Company,
    TargetField::Tags,
];

/// A field's current text in the form.
fn field_text(customer: &Customer, field: TargetField) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        TargetField::Name => text(&customer.name),
        TargetField::Gender => customer
            .gender
            .map(|g| g.code().to_owned())
            .unwrap_or_default(),
        TargetField::BirthDate => customer
            .birth_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        TargetField::Age => customer.age.map(|a| a.to_string()).unwrap_or_default(),
        TargetField::Phone => text(&customer.phone),
        TargetField::Email => text(&customer.email),
        TargetField::Street => text(&customer.address.street),
        TargetField::City => text(&customer.address.city),
        TargetField::Postcode => text(&customer.address.postcode),
        TargetField::Region => text(&customer.address.region),
        TargetField::Country => text(&customer.address.country),
        TargetField::Company => text(&customer.company),
        TargetField::Tags => customer.tags.join(", "),
        _ => String::new(),
    }
}

/// What saving found: the problems to show next to each field.
fn form_problems(
    original: &Customer,
    values: &[(TargetField, String)],
    today: NaiveDate,
) -> Result<Customer, Vec<FieldIssue>> {
    let outcome = customer_from_form(values, today);
    // A warning (an email or phone that looks wrong) blocks saving only where the user changed
    // the value: an imported record with a flagged phone can still get a new address.
    let changed = |issue: &FieldIssue| {
        values
            .iter()
            .filter(|(field, _)| field.field() == issue.field)
            .any(|(field, value)| field_text(original, *field).trim() != value.trim())
    };
    let mut problems = outcome.errors;
    problems.extend(outcome.warnings.into_iter().filter(changed));
    match outcome.record {
        Some(edited) if problems.is_empty() => Ok(Customer {
            id: original.id,
            custom: original.custom.clone(),
            external_id: original.external_id.clone(),
            demo: original.demo,
            created_at: original.created_at,
            updated_at: original.updated_at,
            version: original.version,
            ..edited
        }),
        _ => Err(problems),
    }
}

/// The page of one customer, at `/customers/:id`.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()));
    let loaded = LocalResource::new(move || {
        let id = id();
        data.revision();
        let db = data.db();
        async move {
            let (db, id) = (db?, id?);
            Some(load(db, id).await.map_err(|e| e.to_string()))
        }
    });
    // The latest state of the customer. The view below is built once per customer and reads
    // this signal, so a reload (after a save here or in another tab) updates it in place and
    // never throws away an edit in progress.
    let current = RwSignal::new_local(None::<Loaded>);
    Effect::new(move |_| {
        if let Some(Some(Ok(Some(found)))) = loaded.get() {
            current.set(Some(found));
        }
    });
    let shown_id = Memo::new(move |_| current.with(|c| c.as_ref().map(|l| l.customer.id.0)));
    let list_href = base.href("/customers");
    let creating = move || params.with(|p| p.get("id").as_deref() == Some("new"));
    view! {
        <section class="page customer-page" data-testid="page-customer">
            <p class="breadcrumb">
                <A href=list_href attr:data-testid="back-to-list">{locale.tr(Msg::AllCustomers)}</A>
            </p>
            {move || {
                if creating() {
                    return view! { <NewCustomer /> }.into_any();
                }
                if shown_id.get().is_some() && shown_id.get() == id() {
                    return view! { <CustomerView current=current /> }.into_any();
                }
                match loaded.get().flatten() {
                    Some(Err(reason)) => view! { <p class="error" role="alert">{reason}</p> }.into_any(),
                    Some(Ok(None)) => view! {
                        <h1 data-testid="customer-not-found">{locale.tr(Msg::CustomerNotFound)}</h1>
                    }
                    .into_any(),
                    _ => view! { <p role="status">{locale.tr(Msg::LoadingCustomers)}</p> }.into_any(),
                }
            }}
        </section>
    }
}

/// The figures, the fields (with editing) and the timeline of one customer.
#[component]
fn CustomerView(
    /// The customer and everything linked to it, as last read.
    current: RwSignal<Option<Loaded>, LocalStorage>,
) -> impl IntoView {
    let locale = use_locale();
    let with = move |f: &dyn Fn(&Loaded) -> String| {
        current.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let title = move || {
        with(&|l| {
            l.customer
                .name
                .clone()
                .unwrap_or_else(|| format!("{} {}", locale.text(Msg::Unnamed), l.customer.id))
        })
    };
    let figure = move |label: Msg, id: &'static str, value: fn(&Loaded) -> String| {
        view! {
            <div class="figure">
                <dt>{locale.tr(label)}</dt>
                <dd data-testid=id>{move || with(&|l| value(l))}</dd>
            </div>
        }
    };
    let customer = Signal::derive(move || {
        current
            .with(|c| c.as_ref().map(|l| l.customer.clone()))
            .unwrap_or_else(|| Customer::new(crate::model::CustomerId(0), 0))
    });
    view! {
        <h1 data-testid="customer-title">{title}</h1>
        <dl class="figures" data-testid="customer-figures">
            {figure(Msg::ColumnOrders, "figure-orders", |l| l.orders.len().to_string())}
            {figure(Msg::ColumnSpend, "figure-spend", |l| {
                l.orders.iter().map(Order::amount).sum::<Money>().to_string()
            })}
            {figure(Msg::FigureAverageOrder, "figure-aov", |l| {
                let total: Money = l.orders.iter().map(Order::amount).sum();
                let count = l.orders.len().max(1) as i64;
                Money::new(0, total.cents() / count).to_string()
            })}
            {figure(Msg::ColumnLastPurchase, "figure-last", |l| {
                l.orders.first().map_or_else(|| "—".to_owned(), |o| o.date.format("%Y-%m-%d").to_string())
            })}
        </dl>
        <CustomerFields
            customer=customer
            on_saved=Callback::new(move |saved: Customer| {
                current.update(|c| {
                    if let Some(loaded) = c {
                        loaded.customer = saved;
                    }
                })
            })
        />
        <DeleteCustomer current=current />
        {move || current.get().map(|l| view! { <History sets=l.history /> })}
        {move || {
            current
                .get()
                .map(|l| view! { <Timeline orders=l.orders notes=l.notes product_names=l.product_names /> })
        }}
    }
}

/// The form for a new customer; saving stores it and opens its page.
#[component]
fn NewCustomer() -> impl IntoView {
    let locale = use_locale();
    let blank = Customer::new(crate::model::CustomerId(0), 0);
    view! {
        <h1 data-testid="customer-title">{locale.tr(Msg::NewCustomer)}</h1>
        <CustomerFields
            customer=Signal::derive(move || blank.clone())
            on_saved=Callback::new(|_| {})
            creating=true
        />
    }
}

/// The customer's fields: read-only until "Edit" (or `e`), then a form that saves only valid
/// values and never overwrites a newer version.
#[component]
fn CustomerFields(
    /// The customer as last read from the store.
    customer: Signal<Customer>,
    /// Called with the record as saved, so the page shows it before the store is read again.
    on_saved: Callback<Customer>,
    /// A new customer: the form is open from the start, and saving creates the record.
    #[prop(optional)]
    creating: bool,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let app_base = use_app_base();
    let navigate = leptos_router::hooks::use_navigate();
    let navigate_cancel = navigate.clone();
    // The version an edit started from: saving checks it, so a newer version is never lost.
    let base = StoredValue::new(customer.get_untracked());
    let editing = RwSignal::new(creating);
    let values: Vec<(TargetField, RwSignal<String>)> = FORM_FIELDS
        .iter()
        .map(|&f| (f, RwSignal::new(String::new())))
        .collect();
    let values = StoredValue::new(values);
    let problems = RwSignal::new(Vec::<FieldIssue>::new());
    let conflict = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let start_edit = move || {
        base.set_value(customer.get_untracked());
        base.with_value(|c| {
            values.with_value(|vs| {
                for (field, signal) in vs {
                    signal.set(field_text(c, *field));
                }
            })
        });
        problems.set(Vec::new());
        conflict.set(false);
        failure.set(None);
        saved.set(false);
        editing.set(true);
    };
    let save = Callback::new(move |_: ()| {
        let Some(db) = data.db() else {
            return;
        };
        let entered: Vec<(TargetField, String)> =
            values.with_value(|vs| vs.iter().map(|(f, s)| (*f, s.get_untracked())).collect());
        let checked = base.with_value(|c| form_problems(c, &entered, today()));
        let edited = match checked {
            Ok(edited) => edited,
            Err(found) => {
                problems.set(found);
                return;
            }
        };
        problems.set(Vec::new());
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            if creating {
                match db.create_customer(edited, now_ms()).await {
                    Ok(created) => {
                        data.changed();
                        let href = app_base.href(&format!("/customers/{}", created.id.0));
                        navigate(&href, Default::default());
                    }
                    Err(error) => failure.set(Some(error.to_string())),
                }
                busy.set(false);
                return;
            }
            match db.update_customer(edited, now_ms()).await {
                Ok(saved_record) => {
                    on_saved.run(saved_record);
                    editing.set(false);
                    saved.set(true);
                    data.changed();
                }
                Err(StoreError::Conflict { .. }) => conflict.set(true),
                Err(error) => failure.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    });
    let cancel = Callback::new(move |_: ()| {
        if creating {
            navigate_cancel(&app_base.href("/customers"), Default::default());
        } else {
            editing.set(false);
        }
    });
    let reload = move |_| {
        editing.set(false);
        conflict.set(false);
        // Reading again shows the version the other tab saved.
        data.changed();
    };
    let keys = window_event_listener(ev::keydown, move |event| {
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        match event.key().as_str() {
            "e" if !typing
                && !editing.get_untracked()
                && !event.ctrl_key()
                && !event.meta_key() =>
            {
                event.prevent_default();
                start_edit();
            }
            "Escape" if editing.get_untracked() => editing.set(false),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let problem_for = move |field: TargetField| {
        let lang = locale.lang();
        problems.with(|all| {
            all.iter()
                .filter(|issue| issue.field == field.field())
                .map(|issue| describe(issue, lang))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    // Another tab saved a newer version while this one edits: say so before the save fails.
    let changed_elsewhere =
        move || editing.get() && customer.with(|c| c.version) != base.with_value(|b| b.version);
    let read_only = move || {
        customer.with(|c| {
            FORM_FIELDS
                .iter()
                .map(|&field| {
                    // The age shown is today's: from the birth date when there is one.
                    let text = match field {
                        TargetField::Age => {
                            c.age_on(today()).map(|a| a.to_string()).unwrap_or_default()
                        }
                        _ => field_text(c, field),
                    };
                    view! {
                        <div class="field-row">
                            <dt>{locale.tr(field_label(field))}</dt>
                            <dd data-testid=format!("value-{}", field.key())>
                                {if text.is_empty() { "—".to_owned() } else { text }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    let form_fields = move || {
        values.with_value(|vs| {
            vs.iter()
                .map(|&(field, signal)| {
                    let input_id = format!("edit-{}", field.key());
                    let error_id = format!("edit-{}-problem", field.key());
                    let invalid = move || !problem_for(field).is_empty();
                    let control = match field {
                        TargetField::Gender => view! {
                            <select
                                id=input_id.clone()
                                data-testid=input_id.clone()
                                prop:value=move || signal.get()
                                on:change=move |e| signal.set(event_target_value(&e))
                            >
                                <option value="">"—"</option>
                                <option value="F">{locale.tr(Msg::GenderFemale)}</option>
                                <option value="M">{locale.tr(Msg::GenderMale)}</option>
                                <option value="X">{locale.tr(Msg::GenderOther)}</option>
                            </select>
                        }
                        .into_any(),
                        _ => view! {
                            <input
                                id=input_id.clone()
                                data-testid=input_id.clone()
                                type=match field {
                                    TargetField::BirthDate => "date",
                                    TargetField::Email => "email",
                                    TargetField::Phone => "tel",
                                    _ => "text",
                                }
                                inputmode=if field == TargetField::Age { "numeric" } else { "text" }
                                aria-invalid=move || invalid().to_string()
                                aria-describedby=error_id.clone()
                                prop:value=move || signal.get()
                                on:input=move |e| signal.set(event_target_value(&e))
                            />
                        }
                        .into_any(),
                    };
                    view! {
                        <div class="form-row" class:invalid=invalid>
                            <label for=input_id.clone()>{locale.tr(field_label(field))}</label>
                            {control}
                            <p class="field-problem" id=error_id.clone() data-testid=error_id.clone()>
                                {move || problem_for(field)}
                            </p>
                        </div>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <section class="customer-fields" aria-labelledby="fields-title">
            <h2 id="fields-title">{locale.tr(Msg::CustomerDetails)}</h2>
            <Show when=move || conflict.get() || changed_elsewhere()>
                <div class="notice notice-warning" role="alert" data-testid="edit-conflict">
                    <p>{locale.tr(Msg::EditConflict)}</p>
                    <button type="button" data-testid="conflict-reload" on:click=reload>
                        {locale.tr(Msg::Reload)}
                    </button>
                </div>
            </Show>
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-testid="edit-saved">{locale.tr(Msg::Saved)}</p>
            </Show>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <dl class="fields" data-testid="customer-fields">{read_only}</dl>
                        <button
                            type="button"
                            data-testid="edit-customer"
                            aria-keyshortcuts="e"
                            on:click=move |_| start_edit()
                        >
                            {locale.tr(Msg::Edit)}
                        </button>
                    }
                }
            >
                <form
                    class="edit-form"
                    data-testid="customer-form"
                    novalidate=true
                    on:submit=move |e| {
                        e.prevent_default();
                        save.run(());
                    }
                >
                    <Show when=move || !problems.with(Vec::is_empty)>
                        <p class="error" role="alert" data-testid="edit-problems">
                            {locale.tr(Msg::FixMarkedFields)}
                        </p>
                    </Show>
                    {form_fields}
                    <div class="actions">
                        <button type="submit" data-testid="save-customer" disabled=move || busy.get()>
                            {locale.tr(Msg::Save)}
                        </button>
                        <button
                            type="button"
                            class="button-quiet"
                            data-testid="cancel-edit"
                            on:click=move |_| cancel.run(())
                        >
                            {locale.tr(Msg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// Deleting the customer, after asking what to do with their orders (never orphaned silently).
#[component]
fn DeleteCustomer(
    /// The customer shown.
    current: RwSignal<Option<Loaded>, LocalStorage>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let app_base = use_app_base();
    let navigate = leptos_router::hooks::use_navigate();
    let asking = RwSignal::new(false);
    let choice = RwSignal::new(None::<OrdersOfDeleted>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let order_count = move || current.with(|c| c.as_ref().map_or(0, |l| l.orders.len()));
    let ready = move || order_count() == 0 || choice.get().is_some();
    let confirm = Callback::new(move |_: ()| {
        let Some(db) = data.db() else {
            return;
        };
        let Some(id) = current.with_untracked(|c| c.as_ref().map(|l| l.customer.id.0)) else {
            return;
        };
        let orders = choice.get_untracked().unwrap_or(OrdersOfDeleted::Delete);
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match db.delete_customer(id, orders, now_ms()).await {
                Ok(_) => {
                    data.changed();
                    navigate(&app_base.href("/customers"), Default::default());
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
                        data-testid="delete-customer"
                        on:click=move |_| {
                            choice.set(None);
                            asking.set(true);
                        }
                    >
                        {locale.tr(Msg::DeleteCustomer)}
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
                <h2 id="delete-title">{locale.tr(Msg::DeleteCustomerQuestion)}</h2>
                <p>{locale.tr(Msg::DeleteCustomerNotes)}</p>
                <Show when=move || { order_count() > 0 }>
                    <fieldset>
                        <legend>
                            {move || format!("{} {}", locale.text(Msg::TheirOrders), order_count())}
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
                        {locale.tr(Msg::DeleteCustomer)}
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

/// The customer's fields that differ between two states, as labels.
fn changed_fields(before: &Customer, after: &Customer) -> Vec<TargetField> {
    FORM_FIELDS
        .iter()
        .copied()
        .filter(|&f| field_text(before, f) != field_text(after, f))
        .collect()
}

/// The record's history: each change set that touched it, when, and which fields changed.
#[component]
fn History(
    /// Change sets touching this customer, newest first.
    sets: Vec<ChangeSet>,
) -> impl IntoView {
    let locale = use_locale();
    let empty = sets.is_empty();
    let items = sets
        .into_iter()
        .map(|set| {
            let when = chrono::DateTime::from_timestamp_millis(set.at)
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default();
            let customer_change = set.changes.iter().find(|c| {
                matches!(c.after, Some(Record::Customer(_)))
                    || matches!(c.before, Some(Record::Customer(_)))
            });
            let fields = match customer_change.map(|c| (&c.before, &c.after)) {
                Some((Some(Record::Customer(before)), Some(Record::Customer(after)))) => {
                    changed_fields(before, after)
                }
                _ => Vec::new(),
            };
            let label = match set.label.as_str() {
                "create" => Msg::HistoryCreated,
                "delete" => Msg::HistoryDeleted,
                _ => Msg::HistoryEdited,
            };
            let lang = locale.lang();
            let separator = if lang == crate::i18n::Lang::Zh {
                "、"
            } else {
                ", "
            };
            let names = fields
                .iter()
                .map(|&f| field_label(f).text(lang))
                .collect::<Vec<_>>()
                .join(separator);
            view! {
                <li data-testid="history-entry">
                    <time>{when}</time>
                    " · "
                    {locale.tr(label)}
                    {(!names.is_empty()).then(|| format!(": {names}"))}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">{locale.tr(Msg::History)}</h2>
            {empty.then(|| view! { <p class="empty-state">{locale.tr(Msg::NoHistory)}</p> })}
            <ol class="history-list" data-testid="history">{items}</ol>
        </section>
    }
}

/// An order status in the UI's words.
fn status_label(status: OrderStatus) -> Msg {
    match status {
        OrderStatus::Pending => Msg::StatusPending,
        OrderStatus::Paid => Msg::StatusPaid,
        OrderStatus::Shipped => Msg::StatusShipped,
        OrderStatus::Completed => Msg::StatusCompleted,
        OrderStatus::Cancelled => Msg::StatusCancelled,
        OrderStatus::Refunded => Msg::StatusRefunded,
    }
}

/// Orders (with their lines and totals) and notes, newest first.
#[component]
fn Timeline(
    /// The customer's orders, newest first.
    orders: Vec<Order>,
    /// The customer's notes, newest first.
    notes: Vec<Note>,
    /// Product names by id, for the order lines.
    product_names: Rc<HashMap<u64, String>>,
) -> impl IntoView {
    let locale = use_locale();
    enum Entry {
        Order(Order),
        Note(Note),
    }
    let day_of_note = |n: &Note| {
        chrono::DateTime::from_timestamp_millis(n.created_at)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    };
    let mut entries: Vec<(NaiveDate, Entry)> = orders
        .into_iter()
        .map(|o| (o.date, Entry::Order(o)))
        .chain(notes.into_iter().map(|n| (day_of_note(&n), Entry::Note(n))))
        .collect();
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    let empty = entries.is_empty();
    let items = entries
        .into_iter()
        .map(|(day, entry)| match entry {
            Entry::Order(order) => {
                let lines = order
                    .lines
                    .iter()
                    .map(|line| {
                        let product = line
                            .product_id
                            .and_then(|p| product_names.get(&p.0).cloned())
                            .unwrap_or_else(|| "—".into());
                        view! {
                            <li>
                                {format!("{product} × {} @ {} = {}", line.quantity, line.unit_price, line.total())}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <li class="timeline-entry" data-testid="timeline-order">
                        <p class="timeline-head">
                            <time datetime=day.to_string()>{day.format("%Y-%m-%d").to_string()}</time>
                            " · "
                            {order.id.to_string()}
                            " · "
                            {locale.tr(status_label(order.status))}
                            " · "
                            <strong>{order.amount().to_string()}</strong>
                        </p>
                        <ul class="order-lines">{lines}</ul>
                    </li>
                }
                .into_any()
            }
            Entry::Note(note) => view! {
                <li class="timeline-entry timeline-note" data-testid="timeline-note">
                    <p class="timeline-head">
                        <time datetime=day.to_string()>{day.format("%Y-%m-%d").to_string()}</time>
                        " · "
                        {locale.tr(Msg::Note)}
                    </p>
                    <p class="note-body">{note.body}</p>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{locale.tr(Msg::Timeline)}</h2>
            {if empty {
                view! { <p class="empty-state">{locale.tr(Msg::NoOrdersYet)}</p> }.into_any()
            } else {
                view! { <ol class="timeline-list" data-testid="timeline">{items}</ol> }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, Field};

    fn stored() -> Customer {
        let mut c = Customer::new(CustomerId(7), 5);
        c.name = Some("Ada".into());
        c.phone = Some("12".into());
        c.version = 3;
        c.demo = true;
        c
    }

    fn form(c: &Customer, change: &[(TargetField, &str)]) -> Vec<(TargetField, String)> {
        FORM_FIELDS
            .iter()
            .map(|&f| {
                let value = change
                    .iter()
                    .find(|(g, _)| *g == f)
                    .map_or_else(|| field_text(c, f), |(_, v)| (*v).to_owned());
                (f, value)
            })
            .collect()
    }

    #[test]
    fn a_valid_edit_keeps_identity_and_version() {
        let c = stored();
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let edited =
            form_problems(&c, &form(&c, &[(TargetField::City, "Paris")]), today).expect("valid");
        assert_eq!(edited.address.city.as_deref(), Some("Paris"));
        assert_eq!((edited.id, edited.version, edited.demo), (c.id, 3, true));
    }

    #[test]
    fn only_changed_fields_are_held_to_their_warnings() {
        let c = stored();
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        // The stored phone "12" looks wrong, but it was not touched: the edit saves.
        assert!(form_problems(&c, &form(&c, &[(TargetField::Company, "Acme")]), today).is_ok());
        let problems =
            form_problems(&c, &form(&c, &[(TargetField::Age, "abc")]), today).expect_err("bad age");
        assert!(problems.iter().any(|p| p.field == Field::Age));
    }
}
