//! The customers list: instant search, sort by any column, and a virtualized body that renders
//! only the rows in view, so 100,000 customers scroll as smoothly as 100.

use std::collections::HashSet;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::bulk::BulkBar;
use super::filters::CustomerFilters;
use super::index::customer_index;
use super::views::SavedViews;
use crate::analytics::{CustomerFilter, CustomerRow, SortColumn};
use crate::i18n::Msg;
use crate::import::EntityKind;
use crate::model::Money;
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::data::format_count;
use crate::ui::database::DataPage;
use crate::ui::locale::use_locale;

/// Height of one row in pixels; style/main.css gives `.vrow` the same height.
const ROW_HEIGHT: f64 = 44.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

/// The customers page: the area frame with the list inside.
#[component]
pub fn CustomersPage() -> impl IntoView {
    view! {
        <DataPage area=Area::Customers kind=EntityKind::Customers>
            <CustomerList />
        </DataPage>
    }
}

/// The columns, their labels and whether they stay visible on a phone.
const COLUMNS: [(SortColumn, Msg, bool); 8] = [
    (SortColumn::Name, Msg::FieldName, true),
    (SortColumn::Email, Msg::FieldEmail, false),
    (SortColumn::Phone, Msg::FieldPhone, true),
    (SortColumn::Company, Msg::FieldCompany, false),
    (SortColumn::City, Msg::FieldCity, false),
    (SortColumn::Orders, Msg::ColumnOrders, false),
    (SortColumn::Spend, Msg::ColumnSpend, true),
    (SortColumn::LastPurchase, Msg::ColumnLastPurchase, false),
];

/// Search box, column headers and the virtualized rows.
#[component]
fn CustomerList() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let index = customer_index();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((SortColumn::Id, false));
    let filter = RwSignal::new(CustomerFilter::default());
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_height = RwSignal::new(600.0f64);
    let active = RwSignal::new(0usize);
    let viewport = NodeRef::<html::Div>::new();
    // Selected customers by id (they stay selected across searches), and where the last
    // click was, for shift-click ranges.
    let selected = RwSignal::new(HashSet::<u64>::new());
    let anchor = RwSignal::new(None::<usize>);
    let search_box = NodeRef::<html::Input>::new();

    let ready = move || index.get().flatten().and_then(Result::ok);
    let matches = Memo::new(move |_| {
        let Some(index) = ready() else {
            return Vec::new();
        };
        let (column, descending) = sort.get();
        let found = filter.with(|f| index.filter(index.search(&query.get()), f));
        if column == SortColumn::Id && !descending {
            found
        } else {
            index.sorted(&found, column, descending)
        }
    });
    // A new search or sort starts at the top.
    Effect::new(move |_| {
        matches.track();
        active.set(0);
        if let Some(el) = viewport.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });
    // The first rendered row: the first one in view, less the overscan, within the list.
    let first = Memo::new(move |_| {
        let top = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        top.min(matches.with(Vec::len))
    });
    let visible = move || {
        let Some(index) = ready() else {
            return Vec::new();
        };
        let first = first.get();
        let count = (viewport_height.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        matches.with(|rows| {
            let end = (first + count).min(rows.len());
            rows.get(first..end)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(offset, &row)| (first + offset, index.row(row).clone()))
                .collect::<Vec<_>>()
        })
    };
    let offset = move || format!("translateY({}px)", first.get() as f64 * ROW_HEIGHT);
    let on_scroll = move |_| {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport_height.set(f64::from(el.client_height()));
        }
    };
    let open = {
        let navigate = navigate.clone();
        move |position: usize| {
            let Some(index) = ready() else {
                return;
            };
            if let Some(&row) = matches
                .with_untracked(|rows| rows.get(position).copied())
                .as_ref()
            {
                navigate(
                    &base.href(&format!("/customers/{}", index.row(row).id.0)),
                    Default::default(),
                );
            }
        }
    };
    // Moves the keyboard selection and scrolls it into view.
    let move_active = move |delta: isize| {
        let len = matches.with_untracked(Vec::len);
        if len == 0 {
            return;
        }
        let next = (active.get_untracked() as isize + delta).clamp(0, len as isize - 1) as usize;
        active.set(next);
        if let Some(el) = viewport.get_untracked() {
            let top = next as f64 * ROW_HEIGHT;
            let height = f64::from(el.client_height());
            let current = f64::from(el.scroll_top());
            if top < current {
                el.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > current + height {
                el.set_scroll_top((top + ROW_HEIGHT - height) as i32);
            }
        }
    };
    // A click on a row's box: toggles it, or with shift selects the range from the last click.
    let select = move |position: usize, shift: bool| {
        let Some(index) = ready() else { return };
        let ids: Vec<u64> = matches.with_untracked(|rows| {
            let (from, to) = match anchor.get_untracked() {
                Some(last) if shift => (last.min(position), last.max(position)),
                _ => (position, position),
            };
            rows.get(from..=to.min(rows.len().saturating_sub(1)))
                .unwrap_or_default()
                .iter()
                .map(|&row| index.row(row).id.0)
                .collect()
        });
        let Some(&clicked) = ids.iter().find(|&&id| {
            matches.with_untracked(|rows| {
                rows.get(position).is_some_and(|&row| index.row(row).id.0 == id)
            })
        }) else {
            return;
        };
        selected.update(|set| {
            // The range takes the clicked box's new state.
            let on = !set.contains(&clicked);
            for id in ids {
                if on {
                    set.insert(id);
                } else {
                    set.remove(&id);
                }
            }
        });
        anchor.set(Some(position));
    };
    let all_selected = move || {
        let Some(index) = ready() else { return false };
        selected.with(|set| {
            !set.is_empty()
                && matches.with(|rows| {
                    !rows.is_empty() && rows.iter().all(|&r| set.contains(&index.row(r).id.0))
                })
        })
    };
    let toggle_all = move |_| {
        let Some(index) = ready() else { return };
        if all_selected() {
            selected.set(HashSet::new());
        } else {
            let ids = matches.with_untracked(|rows| {
                rows.iter().map(|&r| index.row(r).id.0).collect::<Vec<_>>()
            });
            selected.update(|set| set.extend(ids));
        }
    };
    let selected_orders = Signal::derive(move || {
        let Some(index) = ready() else { return 0 };
        selected.with(|set| index.orders_of(set))
    });
    let keys = window_event_listener(ev::keydown, {
        let open = open.clone();
        move |event| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            let typing = event
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            match event.key().as_str() {
                "/" if !typing => {
                    event.prevent_default();
                    if let Some(input) = search_box.get_untracked() {
                        let _ = input.focus();
                    }
                }
                "ArrowDown" => {
                    event.prevent_default();
                    move_active(1);
                }
                "ArrowUp" => {
                    event.prevent_default();
                    move_active(-1);
                }
                "x" if !typing => select(active.get_untracked(), event.shift_key()),
                "j" if !typing => move_active(1),
                "k" if !typing => move_active(-1),
                "Enter" => {
                    event.prevent_default();
                    open(active.get_untracked());
                }
                "Escape" if typing => {
                    query.set(String::new());
                    if let Some(input) = search_box.get_untracked() {
                        input.set_value("");
                    }
                }
                _ => {}
            }
        }
    });
    on_cleanup(move || keys.remove());

    let count_text = move || {
        let total = ready().map_or(0, |i| i.len());
        let shown = matches.with(Vec::len);
        format!(
            "{} / {} {}",
            format_count(shown as u64),
            format_count(total as u64),
            locale.text(Msg::CountCustomers)
        )
    };
    let header = move |(column, label, phone): (SortColumn, Msg, bool)| {
        let state = move || {
            let (current, descending) = sort.get();
            match (current == column, descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            }
        };
        let toggle = move |_| {
            sort.update(|(current, descending)| {
                if *current == column {
                    *descending = !*descending;
                } else {
                    *current = column;
                    *descending = matches!(
                        column,
                        SortColumn::Spend | SortColumn::Orders | SortColumn::LastPurchase
                    );
                }
            })
        };
        view! {
            <div role="columnheader" class="vcell" class:wide-only=!phone aria-sort=state>
                <button
                    type="button"
                    class="sort-button"
                    data-testid=format!("sort-{}", column.key())
                    on:click=toggle
                >
                    {locale.tr(label)}
                    <span aria-hidden="true">
                        {move || match state() {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </div>
        }
    };

    view! {
        <div class="list-tools">
            <A href=base.href("/customers/new") attr:class="button" attr:data-testid="new-customer">
                {locale.tr(Msg::NewCustomer)}
            </A>
            <label class="search">
                <span class="visually-hidden">{locale.tr(Msg::SearchCustomers)}</span>
                <input
                    type="search"
                    node_ref=search_box
                    data-testid="customer-search"
                    placeholder=locale.tr(Msg::SearchCustomers)
                    aria-keyshortcuts="/"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |event| query.set(event_target_value(&event))
                />
            </label>
            <p class="match-count" role="status" data-testid="match-count">
                {move || ready().map(|_| count_text())}
            </p>
        </div>
        <Show when=move || !selected.with(HashSet::is_empty)>
            <BulkBar selected=selected order_count=selected_orders />
        </Show>
        <SavedViews query=query filter=filter sort=sort />
        <CustomerFilters filter=filter tags=Signal::derive(move || ready().map(|i| i.tags()).unwrap_or_default()) />
        {move || match index.get().flatten() {
            None => view! {
                <p class="loading" role="status" data-testid="customers-loading">
                    {locale.tr(Msg::LoadingCustomers)}
                </p>
            }
            .into_any(),
            Some(Err(reason)) => view! { <p class="error" role="alert">{reason}</p> }.into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        <div
            class="vtable"
            role="table"
            aria-label=locale.tr(Msg::NavCustomers)
            aria-rowcount=move || matches.with(Vec::len) + 1
            data-testid="customer-list"
        >
            <div role="row" class="vrow vhead">
                <div role="columnheader" class="vcell select-cell">
                    <input
                        type="checkbox"
                        data-testid="select-all"
                        aria-label=locale.tr(Msg::SelectAllMatching)
                        title=locale.tr(Msg::SelectAllMatching)
                        prop:checked=all_selected
                        on:change=toggle_all
                    />
                </div>
                {COLUMNS.into_iter().map(header).collect_view()}
            </div>
            <div
                class="vbody"
                role="rowgroup"
                node_ref=viewport
                tabindex="0"
                aria-label=locale.tr(Msg::CustomerRowsHint)
                on:scroll=on_scroll
            >
                <div
                    class="vspacer"
                    role="none"
                    style:height=move || format!("{}px", matches.with(Vec::len) as f64 * ROW_HEIGHT)
                >
                    <div class="vrows" role="none" style:transform=offset>
                        <For
                            each=visible
                            key=|(position, customer)| (*position, customer.id.0)
                            children=move |(position, customer)| {
                                let id = customer.id.0;
                                view! {
                                    <CustomerRowView
                                        customer=customer
                                        position=position
                                        active=Signal::derive(move || active.get() == position)
                                        checked=Signal::derive(move || selected.with(|s| s.contains(&id)))
                                        on_select=Callback::new(move |shift: bool| select(position, shift))
                                    />
                                }
                            }
                        />
                    </div>
                </div>
            </div>
        </div>
        <Show when=move || ready().is_some() && matches.with(Vec::is_empty)>
            <p class="empty-state" data-testid="no-match">{locale.tr(Msg::NoCustomerMatches)}</p>
        </Show>
    }
}

/// One customer row; the name links to the customer's page.
#[component]
fn CustomerRowView(
    /// The customer shown.
    customer: CustomerRow,
    /// The row's position in the current list (for the ARIA row number).
    position: usize,
    /// Whether the keyboard selection is on this row.
    #[prop(into)]
    active: Signal<bool>,
    /// Whether the row is selected for a bulk action.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called when the row's box is clicked, with whether shift was held.
    on_select: Callback<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let href = base.href(&format!("/customers/{}", customer.id.0));
    let name = if customer.name.is_empty() {
        format!("{} {}", locale.text(Msg::Unnamed), customer.id)
    } else {
        customer.name.clone()
    };
    let cell = |text: String, phone: bool| {
        view! { <div role="cell" class="vcell" class:wide-only=!phone>{text}</div> }
    };
    let spend = Money::new(0, customer.spend_cents).to_string();
    let last = customer
        .last_purchase
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let target = href.clone();
    view! {
        <div
            role="row"
            class="vrow"
            class:active=move || active.get()
            aria-rowindex=position + 2
            data-testid="customer-row"
            class:selected=move || checked.get()
            on:click=move |_| navigate(&target, Default::default())
        >
            <div role="cell" class="vcell select-cell">
                <input
                    type="checkbox"
                    data-testid="select-row"
                    aria-label=format!("{} {}", locale.text(Msg::SelectRow), name)
                    prop:checked=move || checked.get()
                    on:click=move |event| {
                        event.stop_propagation();
                        on_select.run(event.shift_key());
                    }
                />
            </div>
            <div role="cell" class="vcell">
                <A href=href attr:class="row-link">{name.clone()}</A>
            </div>
            {cell(customer.email.clone(), false)}
            {cell(customer.phone.clone(), true)}
            {cell(customer.company.clone(), false)}
            {cell(customer.city.clone(), false)}
            {cell(customer.orders.to_string(), false)}
            {cell(spend, true)}
            {cell(last, false)}
        </div>
    }
}
