//! The orders list: search by order number or customer, sort by any column, filter by status,
//! date and amount, in a virtualized body like the customers list.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::analytics::{OrderColumn, OrderFilter, OrderIndex, OrderRow};
use crate::i18n::Msg;
use crate::import::EntityKind;
use crate::model::{Money, OrderStatus};
use crate::store::yield_now;
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::data::format_count;
use crate::ui::database::DataPage;
use crate::ui::list::{
    cached_index, index_status, list_keys, list_matches, rendered_rows, sort_header, virtual_body,
    RevisionCache, Scroller, SearchBox,
};
use crate::ui::locale::use_locale;

use super::status_label;

/// Orders added to the index between two yields to the page.
const STEP: usize = 40_000;

#[derive(Clone, Copy)]
struct OrderCache(RevisionCache<OrderIndex>);

/// Provides the cache the orders list fills.
pub fn provide_order_index() {
    provide_context(OrderCache(RevisionCache::new()));
}

fn order_index() -> LocalResource<Option<Result<Rc<OrderIndex>, String>>> {
    let cache = expect_context::<OrderCache>().0;
    cached_index(cache, |db| async move {
        let names: HashMap<u64, String> = db
            .customers()
            .await?
            .into_iter()
            .filter_map(|c| Some((c.id.0, c.name?)))
            .collect();
        let orders = db.orders().await?;
        let mut index = OrderIndex::default();
        for part in orders.chunks(STEP) {
            index.add(part, &names);
            yield_now().await;
        }
        Ok(index)
    })
}

/// The orders page: the area frame with the list inside.
#[component]
pub fn OrdersPage() -> impl IntoView {
    view! {
        <DataPage area=Area::Orders kind=EntityKind::Orders>
            <OrderList />
        </DataPage>
    }
}

/// The columns, their labels, whether they stay on a phone, and whether they sort descending
/// first.
const COLUMNS: [(OrderColumn, Msg, bool, bool); 6] = [
    (OrderColumn::Id, Msg::OrderOf, true, false),
    (OrderColumn::Date, Msg::FieldOrderDate, false, true),
    (OrderColumn::Customer, Msg::ColumnCustomer, true, false),
    (OrderColumn::Status, Msg::FieldStatus, false, false),
    (OrderColumn::Lines, Msg::ColumnLines, false, true),
    (OrderColumn::Amount, Msg::FieldAmount, true, true),
];

#[component]
fn OrderList() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let index = order_index();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new((OrderColumn::Date, true));
    let filter = RwSignal::new(OrderFilter::default());
    let scroller = Scroller::new();
    let search_box = NodeRef::<html::Input>::new();
    let ready = move || index.get().flatten().and_then(Result::ok);
    let matches = list_matches(index, scroller, move |index: &OrderIndex| {
        let (column, descending) = sort.get();
        let found = filter.with(|f| index.filter(index.search(&query.get()), f));
        index.sorted(&found, column, descending)
    });
    let len = move || matches.with(Vec::len);
    let visible = rendered_rows(index, scroller, matches, |index: &OrderIndex, r| {
        index.row(r).clone()
    });
    let open = move |position: usize| {
        let Some(index) = ready() else { return };
        if let Some(row) = matches.with_untracked(|rows| rows.get(position).copied()) {
            navigate(
                &base.href(&format!("/orders/{}", index.row(row).id.0)),
                Default::default(),
            );
        }
    };
    list_keys(scroller, search_box, query, len, open, |_| {});
    let count_text = move || {
        let total = ready().map_or(0, |i| i.len());
        format!(
            "{} / {} {}",
            format_count(len() as u64),
            format_count(total as u64),
            locale.text(Msg::CountOrders)
        )
    };
    let header = move |(column, label, phone, descending_first)| {
        sort_header(sort, column, label, column.key(), phone, descending_first)
    };
    view! {
        <div class="list-tools">
            <A href=base.href("/orders/new") attr:class="button" attr:data-testid="new-order">
                {locale.tr(Msg::NewOrder)}
            </A>
            <SearchBox query=query node=search_box label=Msg::SearchOrders testid="order-search" />
            <p class="match-count" role="status" data-testid="match-count">
                {move || ready().map(|_| count_text())}
            </p>
        </div>
        <OrderFilters filter=filter />
        {index_status(index, Msg::LoadingOrders, "orders-loading")}
        <div
            class="vtable vtable-orders"
            role="table"
            aria-label=locale.tr(Msg::NavOrders)
            aria-rowcount=move || len() + 1
            data-testid="order-list"
        >
            <div role="row" class="vrow vhead">{COLUMNS.into_iter().map(header).collect_view()}</div>
            {virtual_body(
                scroller,
                Msg::OrderRowsHint,
                len,
                visible,
                |(position, row)| (*position, row.id.0),
                move |(position, row)| {
                    let active = Signal::derive(move || scroller.active.get() == position);
                    view! { <OrderRowView row=row position=position active=active /> }
                },
            )}
        </div>
        <Show when=move || ready().is_some() && matches.with(Vec::is_empty)>
            <p class="empty-state" data-testid="no-match">{locale.tr(Msg::NoOrderMatches)}</p>
        </Show>
    }
}

/// Status, dates, amounts and unlinked orders.
#[component]
fn OrderFilters(filter: RwSignal<OrderFilter>) -> impl IntoView {
    let locale = use_locale();
    let date = |text: String| chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
    let cents = |text: String| Money::parse(&text).ok().map(Money::cents);
    let text_input =
        move |label: Msg, id: &'static str, apply: fn(&mut OrderFilter, Option<i64>)| {
            view! {
                <div class="form-row">
                    <label for=id>{locale.tr(label)}</label>
                    <input
                        id=id
                        data-testid=id
                        type="text"
                        inputmode="decimal"
                        on:input=move |e| filter.update(|f| apply(f, cents(event_target_value(&e))))
                    />
                </div>
            }
        };
    let date_input =
        move |label: Msg,
              id: &'static str,
              apply: fn(&mut OrderFilter, Option<chrono::NaiveDate>)| {
            view! {
                <div class="form-row">
                    <label for=id>{locale.tr(label)}</label>
                    <input
                        id=id
                        data-testid=id
                        type="date"
                        on:change=move |e| filter.update(|f| apply(f, date(event_target_value(&e))))
                    />
                </div>
            }
        };
    view! {
        <details class="filters" data-testid="filters">
            <summary>{locale.tr(Msg::Filters)}</summary>
            <div class="filter-grid">
                <div class="form-row">
                    <label for="filter-status">{locale.tr(Msg::FieldStatus)}</label>
                    <select
                        id="filter-status"
                        data-testid="filter-status"
                        on:change=move |e| {
                            let status = OrderStatus::parse(&event_target_value(&e));
                            filter.update(|f| f.status = status);
                        }
                    >
                        <option value="">{locale.tr(Msg::AnyStatus)}</option>
                        {OrderStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{locale.tr(status_label(s))}</option> })
                            .collect_view()}
                    </select>
                </div>
                {date_input(Msg::FilterDateFrom, "filter-from", |f, d| f.from = d)}
                {date_input(Msg::FilterDateTo, "filter-to", |f, d| f.to = d)}
                {text_input(Msg::FilterAmountFrom, "filter-min-amount", |f, c| f.min_cents = c)}
                {text_input(Msg::FilterAmountTo, "filter-max-amount", |f, c| f.max_cents = c)}
                <label class="check-row">
                    <input
                        type="checkbox"
                        data-testid="filter-unlinked"
                        on:change=move |e| filter.update(|f| f.unlinked = event_target_checked(&e))
                    />
                    {locale.tr(Msg::FilterUnlinked)}
                </label>
            </div>
        </details>
    }
}

#[component]
fn OrderRowView(
    row: OrderRow,
    position: usize,
    #[prop(into)] active: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let href = base.href(&format!("/orders/{}", row.id.0));
    let number = if row.external_id.is_empty() {
        row.id.to_string()
    } else {
        row.external_id.clone()
    };
    let customer = if row.customer.is_some() && row.customer_name.is_empty() {
        locale.text(Msg::Unnamed).to_owned()
    } else if row.customer.is_none() {
        "—".to_owned()
    } else {
        row.customer_name.clone()
    };
    let target = href.clone();
    let cell = |text: String, phone: bool| {
        view! { <div role="cell" class="vcell" class:wide-only=!phone>{text}</div> }
    };
    view! {
        <div
            role="row"
            class="vrow"
            class:active=move || active.get()
            aria-rowindex=position + 2
            data-testid="order-row"
            on:click=move |_| navigate(&target, Default::default())
        >
            <div role="cell" class="vcell">
                <a href=href class="row-link">{number}</a>
            </div>
            {cell(row.date.format("%Y-%m-%d").to_string(), false)}
            {cell(customer, true)}
            <div role="cell" class="vcell wide-only">{locale.tr(status_label(row.status))}</div>
            {cell(row.lines.to_string(), false)}
            {cell(Money(row.amount_cents).to_string(), true)}
        </div>
    }
}
