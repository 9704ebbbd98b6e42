//! The ticket queue: every ticket with its customer's name, filtered by status, priority, kind,
//! overdue and words, sorted by due day, priority, last change, opening or status, in a
//! virtualized body. Overdue tickets are marked.

use std::rc::Rc;

use chrono::NaiveDate;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{kind_label, priority_label, status_label, today};
use crate::analytics::{StatusFilter, TicketFilter, TicketSort};
use crate::i18n::Msg;
use crate::import::tickets_csv;
use crate::model::{Ticket, TicketKind, TicketPriority, TicketStatus};
use crate::store::{Db, StoreError};
use crate::ui::base::use_app_base;
use crate::ui::data::format_count;
use crate::ui::files::{dated_name, download};
use crate::ui::list::{
    cached_index, index_status, list_keys, list_matches, rendered_rows, virtual_body,
    RevisionCache, Scroller, SearchBox,
};
use crate::ui::locale::use_locale;
use crate::ui::records_import::{Imported, RecordsImport};

/// One ticket of the queue.
#[derive(Clone)]
pub(super) struct QueueRow {
    pub ticket: Ticket,
    /// The customer's name (or id, when the name is empty).
    pub customer: String,
}

/// Every ticket with its customer's name.
pub(super) struct TicketIndex {
    rows: Vec<QueueRow>,
}

impl TicketIndex {
    async fn read(db: Rc<Db>) -> Result<TicketIndex, StoreError> {
        let tickets = db.tickets().await?;
        let mut ids: Vec<u64> = tickets.iter().map(|t| t.customer_id.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let names = db.customer_names(&ids).await?;
        let rows = tickets
            .into_iter()
            .map(|ticket| {
                let customer = names
                    .get(&ticket.customer_id.0)
                    .filter(|n| !n.trim().is_empty())
                    .cloned()
                    .unwrap_or_else(|| ticket.customer_id.to_string());
                QueueRow { ticket, customer }
            })
            .collect();
        Ok(TicketIndex { rows })
    }

    fn matching(&self, filter: &TicketFilter, sort: TicketSort, today: NaiveDate) -> Vec<u32> {
        let mut found: Vec<u32> = (0..self.rows.len() as u32)
            .filter(|&r| {
                let row = &self.rows[r as usize];
                filter.matches(&row.ticket, &row.customer, today)
            })
            .collect();
        found.sort_by(|&a, &b| {
            sort.compare(&self.rows[a as usize].ticket, &self.rows[b as usize].ticket)
        });
        found
    }

    fn len(&self) -> usize {
        self.rows.len()
    }
}

#[derive(Clone, Copy)]
pub(super) struct TicketCache(RevisionCache<TicketIndex>);

/// Provides the cache the queue fills.
pub fn provide_ticket_index() {
    provide_context(TicketCache(RevisionCache::new()));
}

fn ticket_index() -> LocalResource<Option<Result<Rc<TicketIndex>, String>>> {
    let cache = expect_context::<TicketCache>().0;
    cached_index(cache, TicketIndex::read)
}

/// The status filter's choices: the active queue, every ticket, or one status.
fn status_choice(value: &str) -> StatusFilter {
    match value {
        "all" => StatusFilter::All,
        other => TicketStatus::from_key(other).map_or(StatusFilter::Active, StatusFilter::Only),
    }
}

/// Sort choices with their labels.
const SORTS: [(TicketSort, Msg); 5] = [
    (TicketSort::Due, Msg::SortDue),
    (TicketSort::Priority, Msg::TicketPriority),
    (TicketSort::Updated, Msg::SortUpdated),
    (TicketSort::Created, Msg::SortCreated),
    (TicketSort::Status, Msg::FieldStatus),
];

#[component]
pub(super) fn TicketQueue() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let index = ticket_index();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(StatusFilter::Active);
    let priority = RwSignal::new(None::<TicketPriority>);
    let kind = RwSignal::new(None::<TicketKind>);
    let overdue = RwSignal::new(false);
    let sort = RwSignal::new(TicketSort::Due);
    let scroller = Scroller::new();
    let search_box = NodeRef::<html::Input>::new();
    let ready = move || index.get().flatten().and_then(Result::ok);
    let matches = list_matches(index, scroller, move |index: &TicketIndex| {
        let filter = TicketFilter {
            status: status.get(),
            priority: priority.get(),
            kind: kind.get(),
            overdue_only: overdue.get(),
            text: query.get(),
        };
        index.matching(&filter, sort.get(), today())
    });
    let len = move || matches.with(Vec::len);
    let visible = rendered_rows(index, scroller, matches, |index: &TicketIndex, r| {
        index.rows[r as usize].clone()
    });
    let open = move |position: usize| {
        let Some(index) = ready() else { return };
        if let Some(row) = matches.with_untracked(|rows| rows.get(position).copied()) {
            let id = index.rows[row as usize].ticket.id.0;
            navigate(&base.href(&format!("/service/{id}")), Default::default());
        }
    };
    list_keys(scroller, search_box, query, len, open, |_| {});
    // The tickets the filters show, as CSV.
    let export_failure = RwSignal::new(None::<String>);
    let export = move |_| {
        let Some(index) = ready() else { return };
        let rows = matches.get_untracked();
        let result = tickets_csv(rows.iter().map(|&r| {
            let row = &index.rows[r as usize];
            (&row.ticket, row.customer.as_str())
        }))
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            download(
                &dated_name("tickets", "csv"),
                &bytes,
                "text/csv;charset=utf-8",
            )
        });
        export_failure.set(result.err());
    };
    let count_text = move || {
        let total = ready().map_or(0, |i| i.len());
        format!(
            "{} / {} {}",
            format_count(len() as u64),
            format_count(total as u64),
            locale.text(Msg::CountTickets)
        )
    };
    let status_options = move || {
        TicketStatus::ALL
            .iter()
            .map(|s| view! { <option value=s.key()>{locale.tr(status_label(*s))}</option> })
            .collect_view()
    };
    let priority_options = move || {
        TicketPriority::ALL
            .iter()
            .rev()
            .map(|p| view! { <option value=p.key()>{locale.tr(priority_label(*p))}</option> })
            .collect_view()
    };
    let kind_options = move || {
        TicketKind::ALL
            .iter()
            .map(|k| view! { <option value=k.key()>{locale.tr(kind_label(*k))}</option> })
            .collect_view()
    };
    let sort_options = move || {
        SORTS
            .iter()
            .map(|(s, label)| view! { <option value=s.key()>{locale.tr(*label)}</option> })
            .collect_view()
    };
    view! {
        <div class="list-tools ticket-tools">
            <SearchBox query=query node=search_box label=Msg::SearchTickets testid="ticket-search" />
            <label>
                <span>{locale.tr(Msg::FieldStatus)}</span>
                <select data-testid="filter-ticket-status" on:change=move |e| status.set(status_choice(&event_target_value(&e)))>
                    <option value="active">{locale.tr(Msg::ActiveTickets)}</option>
                    <option value="all">{locale.tr(Msg::AllTickets)}</option>
                    {status_options}
                </select>
            </label>
            <label>
                <span>{locale.tr(Msg::TicketPriority)}</span>
                <select data-testid="filter-ticket-priority" on:change=move |e| priority.set(TicketPriority::from_key(&event_target_value(&e)))>
                    <option value="">{locale.tr(Msg::FilterAny)}</option>
                    {priority_options}
                </select>
            </label>
            <label>
                <span>{locale.tr(Msg::TicketKind)}</span>
                <select data-testid="filter-ticket-kind" on:change=move |e| kind.set(TicketKind::from_key(&event_target_value(&e)))>
                    <option value="">{locale.tr(Msg::FilterAny)}</option>
                    {kind_options}
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="filter-ticket-overdue" on:change=move |e| overdue.set(event_target_checked(&e)) />
                <span>{locale.tr(Msg::OverdueOnly)}</span>
            </label>
            <label>
                <span>{locale.tr(Msg::SortBy)}</span>
                <select data-testid="ticket-sort" on:change=move |e| sort.set(TicketSort::from_key(&event_target_value(&e)).unwrap_or_default())>
                    {sort_options}
                </select>
            </label>
            <p class="match-count" role="status" data-testid="ticket-count">
                {move || ready().map(|_| count_text())}
            </p>
            <button type="button" class="button-quiet" data-testid="export-tickets" disabled=move || len() == 0 on:click=export>
                {locale.tr(Msg::ExportTickets)}
            </button>
            <RecordsImport what=Imported::Tickets />
        </div>
        {move || export_failure.get().map(|why| view! { <p class="error" role="alert">{why}</p> })}
        {index_status(index, Msg::LoadingTickets, "tickets-loading")}
        <div
            class="vtable vtable-tickets"
            role="table"
            aria-label=locale.tr(Msg::TicketQueue)
            aria-rowcount=move || len() + 1
            data-testid="ticket-list"
        >
            <div role="row" class="vrow vhead">
                <div role="columnheader" class="vcell">{locale.tr(Msg::TicketSubject)}</div>
                <div role="columnheader" class="vcell wide-only">{locale.tr(Msg::ColumnCustomer)}</div>
                <div role="columnheader" class="vcell wide-only">{locale.tr(Msg::TicketKind)}</div>
                <div role="columnheader" class="vcell">{locale.tr(Msg::FieldStatus)}</div>
                <div role="columnheader" class="vcell wide-only">{locale.tr(Msg::TicketPriority)}</div>
                <div role="columnheader" class="vcell">{locale.tr(Msg::TicketDue)}</div>
                <div role="columnheader" class="vcell wide-only">{locale.tr(Msg::TicketAssignee)}</div>
            </div>
            {virtual_body(
                scroller,
                Msg::TicketRowsHint,
                len,
                visible,
                |(position, row)| (*position, row.ticket.id.0, row.ticket.version),
                move |(position, row)| {
                    let active = Signal::derive(move || scroller.active.get() == position);
                    view! { <TicketRowView row=row position=position active=active /> }
                },
            )}
        </div>
        <Show when=move || ready().is_some() && matches.with(Vec::is_empty)>
            <p class="empty-state" data-testid="no-tickets">
                {move || if ready().is_some_and(|i| i.len() == 0) {
                    locale.text(Msg::NoTicketsYet)
                } else {
                    locale.text(Msg::NoTicketMatches)
                }}
            </p>
        </Show>
        <p class="hint">
            {locale.tr(Msg::NewTicketHint)}
            " "
            <A href=base.href("/customers")>{locale.tr(Msg::NavCustomers)}</A>
        </p>
    }
}

#[component]
fn TicketRowView(
    row: QueueRow,
    position: usize,
    #[prop(into)] active: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let ticket = row.ticket;
    let href = base.href(&format!("/service/{}", ticket.id.0));
    let target = href.clone();
    let overdue = ticket.is_overdue(today());
    let due = ticket.due.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <div
            role="row"
            class="vrow"
            class:active=move || active.get()
            class:overdue=overdue
            aria-rowindex=position + 2
            data-testid="ticket-row"
            on:click=move |_| navigate(&target, Default::default())
        >
            <div role="cell" class="vcell">
                <a href=href class="row-link">{format!("{} · {}", ticket.id, ticket.subject)}</a>
            </div>
            <div role="cell" class="vcell wide-only">{row.customer}</div>
            <div role="cell" class="vcell wide-only">{locale.tr(kind_label(ticket.kind))}</div>
            <div role="cell" class="vcell" data-testid="ticket-row-status">{locale.tr(status_label(ticket.status))}</div>
            <div role="cell" class="vcell wide-only">{locale.tr(priority_label(ticket.priority))}</div>
            <div role="cell" class="vcell">
                {due}
                {overdue.then(|| view! { " " <span class="badge badge-overdue" data-testid="overdue-badge">{locale.tr(Msg::Overdue)}</span> })}
            </div>
            <div role="cell" class="vcell wide-only">{ticket.assignee.clone()}</div>
        </div>
    }
}
