//! The order editor at `/orders/:id` and `/orders/new`: the customer (picked by search), date,
//! status and lines (product picker, quantity, unit price), with line and order totals computed
//! as you type. Saving checks every value and the version the edit started from.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::status_label;
use crate::i18n::Msg;
use crate::model::{
    CustomerId, LineDraft, Money, Order, OrderDraft, OrderId, OrderIssue, OrderStatus, Product,
    ProductId, Record,
};
use crate::store::{Db, StoreError};
use crate::ui::base::use_app_base;
use crate::ui::customers::customer_index;
use crate::ui::data::{today, use_data};
use crate::ui::database::describe;
use crate::ui::editing::{EditNotices, EditState};
use crate::ui::locale::use_locale;

/// What the editor needs: the order (none for a new one), every product, the customer's name.
#[derive(Clone)]
struct Loaded {
    order: Option<Order>,
    products: Rc<Vec<Product>>,
    customer_name: Option<String>,
}

async fn load(db: Rc<Db>, id: Option<u64>) -> Result<Loaded, StoreError> {
    let order = match id {
        Some(id) => db.order(id).await?,
        None => None,
    };
    let customer_name = match order.as_ref().and_then(|o| o.customer_id) {
        Some(customer) => db
            .customer(customer.0)
            .await?
            .map(|c| c.name.unwrap_or_default()),
        None => None,
    };
    let mut products = db.products().await?;
    products.sort_by_cached_key(|p| crate::analytics::fold(&p.name));
    Ok(Loaded {
        order,
        products: Rc::new(products),
        customer_name,
    })
}

/// A blank order for the editor's "new" mode.
fn blank_order() -> Order {
    Order {
        id: OrderId(0),
        customer_id: None,
        date: today(),
        status: OrderStatus::Pending,
        lines: Vec::new(),
        given_amount: None,
        external_id: None,
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 0,
    }
}

/// The page of one order.
#[component]
pub fn OrderPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let params = use_params_map();
    let creating = move || params.with(|p| p.get("id").as_deref() == Some("new"));
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()));
    let loaded = LocalResource::new(move || {
        let (creating, id) = (creating(), id());
        // Once the database is open; not again after every write (a write elsewhere shows as
        // a conflict on save, not as a form that changes under the user's hands).
        data.state();
        let db = data.db();
        async move { Some(load(db?, if creating { None } else { id }).await) }
    });
    view! {
        <section class="page order-page" data-testid="page-order">
            <p class="breadcrumb">
                <A href=base.href("/orders") attr:data-testid="back-to-orders">{locale.tr(Msg::AllOrders)}</A>
            </p>
            {move || match loaded.get().flatten() {
                None => view! { <p role="status">{locale.tr(Msg::LoadingOrders)}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(found)) => match (creating(), found.order) {
                    (true, _) => view! {
                        <OrderForm original=blank_order() products=found.products customer_name=None />
                    }
                    .into_any(),
                    (false, Some(order)) => view! {
                        <OrderForm original=order products=found.products customer_name=found.customer_name />
                    }
                    .into_any(),
                    (false, None) => view! {
                        <h1 data-testid="order-not-found">{locale.tr(Msg::OrderNotFound)}</h1>
                    }
                    .into_any(),
                },
            }}
        </section>
    }
}

/// One line of the form, with a key that stays when other lines are removed.
type KeyedLine = (u32, RwSignal<LineDraft>);

/// The editor itself.
#[component]
fn OrderForm(
    /// The order as stored (id 0 for a new one).
    original: Order,
    products: Rc<Vec<Product>>,
    customer_name: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let app_base = use_app_base();
    let navigate = use_navigate();
    let creating = original.id.0 == 0;
    let draft = OrderDraft::from_order(&original);
    let base = StoredValue::new(original);
    let products = StoredValue::new_local(products);
    let customer = RwSignal::new(
        draft
            .customer
            .map(|c| (c, customer_name.unwrap_or_default())),
    );
    let date = RwSignal::new(draft.date);
    let status = RwSignal::new(draft.status);
    let next_key = StoredValue::new(draft.lines.len() as u32 + 1);
    let lines: RwSignal<Vec<KeyedLine>> = RwSignal::new(
        draft
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i as u32, RwSignal::new(l)))
            .collect(),
    );
    if creating {
        lines.update(|l| l.push((0, RwSignal::new(LineDraft::default()))));
    }
    let problems = RwSignal::new(Vec::<OrderIssue>::new());
    let state = EditState::new();

    let current_draft = move || OrderDraft {
        customer: customer.with(|c| c.as_ref().map(|(id, _)| *id)),
        date: date.get(),
        status: status.get(),
        lines: lines.with(|ls| ls.iter().map(|(_, l)| l.get()).collect()),
    };
    let add_line = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        lines.update(|ls| ls.push((key, RwSignal::new(LineDraft::default()))));
    };
    let problem_text = move |line: Option<usize>, field: Option<crate::model::Field>| {
        let lang = locale.lang();
        problems.with(|all| {
            all.iter()
                .filter(|p| p.line == line && field.as_ref().is_none_or(|f| *f == p.issue.field))
                .map(|p| describe(&p.issue, lang))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let save = move || {
        let draft = current_draft();
        let checked = base.with_value(|b| draft.to_order(b, today()));
        let order = match checked {
            Ok(order) => order,
            Err(found) => return problems.set(found),
        };
        problems.set(Vec::new());
        let before = (!creating).then(|| Record::Order(base.get_value()));
        let navigate = navigate.clone();
        state.save(before, Record::Order(order), move |stored| {
            let Record::Order(stored) = stored else {
                return;
            };
            if creating {
                let href = app_base.href(&format!("/orders/{}", stored.id.0));
                navigate(&href, Default::default());
            } else {
                base.set_value(stored);
                state.saved.set(true);
            }
        });
    };
    let delete = {
        let navigate = use_navigate();
        move |_| {
            let navigate = navigate.clone();
            let record = Record::Order(base.get_value());
            state.delete(record, Msg::OrderDeleted, move || {
                navigate(&app_base.href("/orders"), Default::default())
            });
        }
    };
    let title = move || {
        if creating {
            locale.text(Msg::NewOrder).to_owned()
        } else {
            base.with_value(|o| {
                let number = o.external_id.clone().unwrap_or_else(|| o.id.to_string());
                format!("{} {number}", locale.text(Msg::OrderOf))
            })
        }
    };
    let total = move || current_draft().total().to_string();
    view! {
        <h1 data-testid="order-title">{title}</h1>
        <form
            class="edit-form order-form"
            data-testid="order-form"
            novalidate=true
            on:submit=move |e| {
                e.prevent_default();
                save();
            }
        >
            <EditNotices state=state has_problems=Signal::derive(move || !problems.with(Vec::is_empty)) />
            <CustomerPicker customer=customer />
            <div class="form-row" class:invalid=move || !problem_text(None, Some(crate::model::Field::OrderDate)).is_empty()>
                <label for="order-date">{locale.tr(Msg::FieldOrderDate)}</label>
                <input
                    id="order-date"
                    data-testid="order-date"
                    type="date"
                    aria-describedby="order-date-problem"
                    prop:value=move || date.get()
                    on:input=move |e| date.set(event_target_value(&e))
                />
                <p class="field-problem" id="order-date-problem" data-testid="order-date-problem">
                    {move || problem_text(None, Some(crate::model::Field::OrderDate))}
                </p>
            </div>
            <div class="form-row">
                <label for="order-status">{locale.tr(Msg::FieldStatus)}</label>
                <select
                    id="order-status"
                    data-testid="order-status"
                    on:change=move |e| {
                        if let Some(s) = OrderStatus::parse(&event_target_value(&e)) {
                            status.set(s);
                        }
                    }
                >
                    {OrderStatus::ALL
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() selected=move || status.get() == s>
                                {locale.tr(status_label(s))}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <fieldset class="order-lines-editor">
                <legend>{locale.tr(Msg::OrderLinesTitle)}</legend>
                <p class="field-problem" data-testid="order-lines-problem">
                    {move || problem_text(None, Some(crate::model::Field::Amount))}
                </p>
                <For
                    each=move || lines.get().into_iter().enumerate()
                    key=|(_, (key, _))| *key
                    children=move |(position, (key, line))| {
                        let position = Signal::derive(move || {
                            lines.with(|ls| ls.iter().position(|(k, _)| *k == key).unwrap_or(position))
                        });
                        view! {
                            <LineEditor
                                line=line
                                position=position
                                products=products.get_value()
                                problems=Signal::derive(move || problem_text(Some(position.get()), None))
                                on_remove=Callback::new(move |_| lines.update(|ls| ls.retain(|(k, _)| *k != key)))
                            />
                        }
                    }
                />
                <button type="button" class="button-quiet" data-testid="add-line" on:click=add_line>
                    {locale.tr(Msg::AddLine)}
                </button>
            </fieldset>
            <p class="order-total">
                {locale.tr(Msg::OrderTotal)} ": " <strong data-testid="order-total">{total}</strong>
            </p>
            <div class="actions">
                <button type="submit" data-testid="save-order" disabled=move || state.busy.get()>
                    {locale.tr(Msg::Save)}
                </button>
                {(!creating).then(|| view! {
                    <button type="button" class="button-quiet button-danger" data-testid="delete-order" on:click=delete.clone()>
                        {locale.tr(Msg::DeleteOrder)}
                    </button>
                })}
            </div>
        </form>
    }
}

/// One order line: product picker, quantity, unit price and the computed line total.
#[component]
fn LineEditor(
    line: RwSignal<LineDraft>,
    /// The line's place in the order (0-based), for labels and problems.
    #[prop(into)]
    position: Signal<usize>,
    products: Rc<Vec<Product>>,
    /// What is wrong with this line, as text.
    #[prop(into)]
    problems: Signal<String>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let prices: Vec<(u64, Money)> = products.iter().map(|p| (p.id.0, p.price)).collect();
    let pick = move |value: String| {
        let id = value.parse::<u64>().ok();
        line.update(|l| {
            let old_price = l
                .product
                .and_then(|p| prices.iter().find(|(id, _)| *id == p.0))
                .map(|(_, price)| price.to_string());
            // The price follows the product unless someone typed a price of their own.
            let typed_own = !l.unit_price.trim().is_empty()
                && old_price.as_deref() != Some(l.unit_price.trim());
            l.product = id.map(ProductId);
            if !typed_own {
                if let Some((_, price)) = id.and_then(|id| prices.iter().find(|(p, _)| *p == id)) {
                    l.unit_price = price.to_string();
                }
            }
            if l.quantity.trim().is_empty() {
                l.quantity = "1".to_owned();
            }
        })
    };
    let options = products
        .iter()
        .map(|p| {
            let id = p.id.0;
            let label = match &p.sku {
                Some(sku) => format!("{} ({sku}) · {}", p.name, p.price),
                None => format!("{} · {}", p.name, p.price),
            };
            view! {
                <option value=id.to_string() selected=move || line.with(|l| l.product == Some(ProductId(id)))>
                    {label}
                </option>
            }
        })
        .collect_view();
    let id = move |what: &str| format!("line-{}-{what}", position.get());
    let total = move || {
        line.with(|l| {
            l.total()
                .map(|m| m.to_string())
                .unwrap_or_else(|| "—".into())
        })
    };
    view! {
        <div class="line-editor" class:invalid=move || !problems.get().is_empty() data-testid="order-line">
            <div class="form-row">
                <label for=move || id("product")>{locale.tr(Msg::LineProduct)}</label>
                <select id=move || id("product") data-testid="line-product" on:change=move |e| pick(event_target_value(&e))>
                    <option value="">{locale.tr(Msg::ChooseProduct)}</option>
                    {options}
                </select>
            </div>
            <div class="form-row">
                <label for=move || id("quantity")>{locale.tr(Msg::FieldQuantity)}</label>
                <input
                    id=move || id("quantity")
                    data-testid="line-quantity"
                    inputmode="numeric"
                    prop:value=move || line.with(|l| l.quantity.clone())
                    on:input=move |e| line.update(|l| l.quantity = event_target_value(&e))
                />
            </div>
            <div class="form-row">
                <label for=move || id("price")>{locale.tr(Msg::FieldUnitPrice)}</label>
                <input
                    id=move || id("price")
                    data-testid="line-price"
                    inputmode="decimal"
                    prop:value=move || line.with(|l| l.unit_price.clone())
                    on:input=move |e| line.update(|l| l.unit_price = event_target_value(&e))
                />
            </div>
            <p class="line-total">
                {locale.tr(Msg::LineTotal)} ": " <span data-testid="line-total">{total}</span>
            </p>
            <button type="button" class="button-quiet" data-testid="remove-line" on:click=move |_| on_remove.run(())>
                {locale.tr(Msg::RemoveLine)}
            </button>
            <p class="field-problem" role="alert" data-testid="line-problem">{move || problems.get()}</p>
        </div>
    }
}

/// Picks the order's customer by searching the customers list (or none).
#[component]
fn CustomerPicker(customer: RwSignal<Option<(CustomerId, String)>>) -> impl IntoView {
    let locale = use_locale();
    let query = RwSignal::new(String::new());
    view! {
        <div class="form-row customer-picker">
            <label for="order-customer">{locale.tr(Msg::ColumnCustomer)}</label>
            <p class="picked" data-testid="order-customer">
                {move || match customer.get() {
                    Some((id, name)) if name.is_empty() => format!("{} {id}", locale.text(Msg::Unnamed)),
                    Some((_, name)) => name,
                    None => locale.text(Msg::NoCustomer).to_owned(),
                }}
                <Show when=move || customer.with(Option::is_some)>
                    " "
                    <button type="button" class="button-quiet" data-testid="unlink-customer" on:click=move |_| customer.set(None)>
                        {locale.tr(Msg::UnlinkCustomer)}
                    </button>
                </Show>
            </p>
            <input
                id="order-customer"
                type="search"
                data-testid="customer-find"
                autocomplete="off"
                placeholder=locale.tr(Msg::FindCustomer)
                prop:value=move || query.get()
                on:input=move |e| query.set(event_target_value(&e))
            />
            // The customers index is loaded only once someone searches: an order opened to
            // change a quantity does not read every customer.
            <Show when=move || !query.with(|q| q.trim().is_empty())>
                <CustomerMatches customer=customer query=query />
            </Show>
        </div>
    }
}

/// Customers matching the picker's search, as buttons that pick one.
#[component]
fn CustomerMatches(
    customer: RwSignal<Option<(CustomerId, String)>>,
    query: RwSignal<String>,
) -> impl IntoView {
    let index = customer_index();
    let matches = move || {
        let text = query.get();
        let Some(Ok(index)) = index.get().flatten() else {
            return Vec::new();
        };
        index
            .search(&text)
            .into_iter()
            .take(8)
            .map(|r| {
                let row = index.row(r);
                let label = [row.name.as_str(), row.email.as_str(), row.phone.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                (row.id, row.name.clone(), label)
            })
            .collect::<Vec<_>>()
    };
    view! {
            <ul class="picker-results" data-testid="customer-matches">
                {move || {
                    matches()
                        .into_iter()
                        .map(|(id, name, label)| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        data-testid="pick-customer"
                                        on:click=move |_| {
                                            customer.set(Some((id, name.clone())));
                                            query.set(String::new());
                                        }
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
    }
}
