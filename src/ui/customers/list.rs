//! The customers list: instant search, sort by any column, and a virtualized body that renders
//! only the rows in view, so 100,000 customers scroll as smoothly as 100.

use std::collections::HashSet;

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::bulk::BulkBar;
use super::filters::CustomerFilters;
use super::index::customer_index;
use super::views::{ColumnChooser, SavedViews};
use crate::analytics::{CustomerFilter, CustomerIndex, CustomerRow, SortColumn};
use crate::i18n::format::decimal;
use crate::i18n::Msg;
use crate::import::EntityKind;
use crate::model::Money;
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::data::format_count;
use crate::ui::database::DataPage;
use crate::ui::list::{
    index_status, list_keys, list_matches, rendered_rows, sort_header, virtual_body, Scroller,
    SearchBox,
};
use crate::ui::locale::use_locale;

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
const COLUMNS: [(SortColumn, Msg, bool); 9] = [
    (SortColumn::Name, Msg::FieldName, true),
    (SortColumn::Email, Msg::FieldEmail, false),
    (SortColumn::Phone, Msg::FieldPhone, true),
    (SortColumn::Company, Msg::FieldCompany, false),
    (SortColumn::City, Msg::FieldCity, false),
    (SortColumn::Orders, Msg::ColumnOrders, false),
    (SortColumn::Spend, Msg::ColumnSpend, true),
    (SortColumn::LastPurchase, Msg::ColumnLastPurchase, false),
    (SortColumn::ChurnRisk, Msg::ColumnChurnRisk, false),
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
    let hidden = RwSignal::new(Vec::<SortColumn>::new());
    let scroller = Scroller::new();
    let active = scroller.active;
    // Selected customers by id (they stay selected across searches), and where the last
    // click was, for shift-click ranges.
    let selected = RwSignal::new(HashSet::<u64>::new());
    let anchor = RwSignal::new(None::<usize>);
    let search_box = NodeRef::<html::Input>::new();

    let ready = move || index.get().flatten().and_then(Result::ok);
    // A new search or sort starts at the top.
    let matches = list_matches(index, scroller, move |index: &CustomerIndex| {
        let (column, descending) = sort.get();
        let found = filter.with(|f| index.filter(index.search(&query.get()), f));
        if column == SortColumn::Id && !descending {
            found
        } else {
            index.sorted(&found, column, descending)
        }
    });
    let len = move || matches.with(Vec::len);
    let visible = rendered_rows(index, scroller, matches, |index: &CustomerIndex, r| {
        index.row(r).clone()
    });
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
                rows.get(position)
                    .is_some_and(|&row| index.row(row).id.0 == id)
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
            let ids = matches
                .with_untracked(|rows| rows.iter().map(|&r| index.row(r).id.0).collect::<Vec<_>>());
            selected.update(|set| set.extend(ids));
        }
    };
    let selected_orders = Signal::derive(move || {
        let Some(index) = ready() else { return 0 };
        selected.with(|set| index.orders_of(set))
    });
    list_keys(scroller, search_box, query, len, open, move |event| {
        if event.key() == "x" {
            select(active.get_untracked(), event.shift_key());
        }
    });

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
        let figures = matches!(
            column,
            SortColumn::Spend
                | SortColumn::Orders
                | SortColumn::LastPurchase
                | SortColumn::ChurnRisk
        );
        sort_header(sort, column, label, column.key(), phone, figures)
    };

    view! {
        <div class="list-tools">
            <A href=base.href("/customers/new") attr:class="button" attr:data-testid="new-customer">
                {locale.tr(Msg::NewCustomer)}
            </A>
            <SearchBox query=query node=search_box label=Msg::SearchCustomers testid="customer-search" />
            <p class="match-count" role="status" data-testid="match-count">
                {move || ready().map(|_| count_text())}
            </p>
        </div>
        <Show when=move || !selected.with(HashSet::is_empty)>
            <BulkBar selected=selected order_count=selected_orders />
        </Show>
        <div class="view-tools">
            <SavedViews query=query filter=filter sort=sort hidden=hidden />
            <ColumnChooser
                columns=COLUMNS.iter().skip(1).map(|&(c, label, _)| (c, label)).collect()
                hidden=hidden
            />
        </div>
        <CustomerFilters filter=filter tags=Signal::derive(move || ready().map(|i| i.tags()).unwrap_or_default()) />
        {index_status(index, Msg::LoadingCustomers, "customers-loading")}
        <div
            class=move || {
                let mut class = "vtable vtable-customers".to_owned();
                hidden.with(|h| {
                    for column in h {
                        class.push_str(" hide-");
                        class.push_str(column.key());
                    }
                });
                class
            }
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
            {virtual_body(
                scroller,
                Msg::CustomerRowsHint,
                len,
                visible,
                |(position, customer)| (*position, customer.id.0),
                move |(position, customer)| {
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
                },
            )}
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
    let cell = |text: String, phone: bool, column: SortColumn| {
        view! {
            <div role="cell" class=format!("vcell c-{}", column.key()) class:wide-only=!phone>
                {text}
            </div>
        }
    };
    let spend = Money::new(0, customer.spend_cents).to_string();
    let last = customer
        .last_purchase
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let risk = customer
        .churn_permille
        .map(|p| format!("{}%", decimal(f64::from(p) / 10.0, 1)))
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
            <div role="cell" class="vcell c-name">
                <a href=href class="row-link">{name.clone()}</a>
            </div>
            {cell(customer.email.clone(), false, SortColumn::Email)}
            {cell(customer.phone.clone(), true, SortColumn::Phone)}
            {cell(customer.company.clone(), false, SortColumn::Company)}
            {cell(customer.city.clone(), false, SortColumn::City)}
            {cell(customer.orders.to_string(), false, SortColumn::Orders)}
            {cell(spend, true, SortColumn::Spend)}
            {cell(last, false, SortColumn::LastPurchase)}
            {cell(risk, false, SortColumn::ChurnRisk)}
        </div>
    }
}
