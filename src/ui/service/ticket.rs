//! A ticket's page at `/service/:id`, and a new ticket at `/service/new?customer=ID`: every field
//! checked before saving, one-click status moves, the notes thread, deleting (undoable).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::{field_problem, kind_label, priority_label, status_label, today};
use crate::i18n::Msg;
use crate::model::{
    CustomerId, Record, Ticket, TicketDraft, TicketField, TicketKind, TicketPriority,
    TicketProblem, TicketStatus,
};
use crate::ui::base::use_app_base;
use crate::ui::data::{now_ms, use_data};
use crate::ui::editing::{EditNotices, EditState};
use crate::ui::locale::use_locale;

/// What the page edits: the ticket as stored (id 0 while new) and its customer's name.
#[derive(Clone)]
struct Opened {
    ticket: Ticket,
    customer: String,
}

/// The page of one ticket.
#[component]
pub fn TicketPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id"));
    let customer = move || {
        query.with(|q| {
            q.get("customer")
                .and_then(|c| c.trim_start_matches(['C', 'c']).parse::<u64>().ok())
        })
    };
    let loaded = LocalResource::new(move || {
        let (id, customer) = (id(), customer());
        // Once the database is open; a write elsewhere shows as a conflict on save.
        data.state();
        let db = data.db();
        async move {
            let db = db?;
            let ticket = match (id.as_deref(), customer) {
                (Some("new"), Some(customer)) => Some(Ticket::blank(CustomerId(customer))),
                (Some(id), _) => match id.parse::<u64>() {
                    Ok(id) => match db.ticket(id).await {
                        Ok(ticket) => ticket,
                        Err(error) => return Some(Err(error.to_string())),
                    },
                    Err(_) => None,
                },
                _ => None,
            };
            let Some(ticket) = ticket else {
                return Some(Ok(None));
            };
            let customer = match db.customer(ticket.customer_id.0).await {
                Ok(Some(c)) => c.name.unwrap_or_else(|| c.id.to_string()),
                Ok(None) => return Some(Ok(None)),
                Err(error) => return Some(Err(error.to_string())),
            };
            Some(Ok(Some(Opened { ticket, customer })))
        }
    });
    view! {
        <section class="page ticket-page" data-testid="page-ticket">
            <p class="breadcrumb">
                <A href=base.href("/service") attr:data-testid="back-to-queue">{locale.tr(Msg::TicketQueue)}</A>
            </p>
            {move || match loaded.get().flatten() {
                None => view! { <p role="status">{locale.tr(Msg::LoadingTickets)}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="error" role="alert">{error}</p> }.into_any(),
                Some(Ok(Some(opened))) => view! { <TicketForm opened=opened /> }.into_any(),
                Some(Ok(None)) => view! {
                    <h1 data-testid="ticket-not-found">{locale.tr(Msg::TicketNotFound)}</h1>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The draft's text fields: label, field, test id, input type.
const TEXT_FIELDS: [(Msg, TicketField, &str, &str); 4] = [
    (
        Msg::TicketSubject,
        TicketField::Subject,
        "ticket-subject",
        "text",
    ),
    (
        Msg::TicketAssignee,
        TicketField::Assignee,
        "ticket-assignee",
        "text",
    ),
    (Msg::TicketDue, TicketField::Due, "ticket-due", "date"),
    (Msg::TicketOrder, TicketField::Order, "ticket-order", "text"),
];

/// The one-click moves: the status and its button's label.
const MOVES: [(TicketStatus, Msg); 5] = [
    (TicketStatus::Open, Msg::MoveOpen),
    (TicketStatus::Waiting, Msg::MoveWaiting),
    (TicketStatus::Resolved, Msg::MoveResolved),
    (TicketStatus::Closed, Msg::MoveClosed),
    (TicketStatus::New, Msg::MoveNew),
];

#[component]
fn TicketForm(opened: Opened) -> impl IntoView {
    let locale = use_locale();
    let app_base = use_app_base();
    let navigate = use_navigate();
    let creating = opened.ticket.id.0 == 0;
    let customer_id = opened.ticket.customer_id;
    let draft = RwSignal::new(TicketDraft::of(&opened.ticket));
    let stored = RwSignal::new(opened.ticket);
    let problems = RwSignal::new(Vec::<(TicketField, TicketProblem)>::new());
    let note = RwSignal::new(String::new());
    let note_problem = RwSignal::new(None::<TicketProblem>);
    let state = EditState::new();
    // Saves `ticket` (from `stored`, changed) as one undoable change.
    let store = {
        let navigate = navigate.clone();
        move |ticket: Ticket| {
            let before = (!creating).then(|| Record::Ticket(stored.get_untracked()));
            let navigate = navigate.clone();
            state.save(before, Record::Ticket(ticket), move |saved| {
                let Record::Ticket(saved) = saved else { return };
                if creating {
                    let href = app_base.href(&format!("/service/{}", saved.id.0));
                    navigate(&href, Default::default());
                } else {
                    draft.set(TicketDraft::of(&saved));
                    stored.set(saved);
                    note.set(String::new());
                    state.saved.set(true);
                }
            });
        }
    };
    let save = {
        let store = store.clone();
        move || match draft.get_untracked().check() {
            Ok(fields) => {
                problems.set(Vec::new());
                let mut ticket = stored.get_untracked();
                ticket.set(fields, now_ms());
                store(ticket);
            }
            Err(found) => problems.set(found),
        }
    };
    let move_to = {
        let store = store.clone();
        move |status: TicketStatus| {
            let mut ticket = stored.get_untracked();
            ticket.set_status(status, now_ms());
            store(ticket);
        }
    };
    let add_note = move || {
        let mut ticket = stored.get_untracked();
        match ticket.add_note(&note.get_untracked(), now_ms()) {
            Ok(()) => {
                note_problem.set(None);
                store(ticket);
            }
            Err(problem) => note_problem.set(Some(problem)),
        }
    };
    let delete = move |_| {
        let navigate = navigate.clone();
        let record = Record::Ticket(stored.get_untracked());
        state.delete(record, Msg::TicketDeleted, move || {
            navigate(&app_base.href("/service"), Default::default())
        });
    };
    let problem_of = move |field: TicketField| {
        let lang = locale.lang();
        problems.with(|all| {
            all.iter()
                .filter(|(f, _)| *f == field)
                .map(|(_, p)| field_problem(*p).text(lang).replace("{max}", &max_of(*p)))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let text_rows = TEXT_FIELDS
        .into_iter()
        .map(|(label, field, id, kind)| {
            let problem_id = format!("{id}-problem");
            let value = move || {
                draft.with(|d| match field {
                    TicketField::Subject => d.subject.clone(),
                    TicketField::Assignee => d.assignee.clone(),
                    TicketField::Due => d.due.clone(),
                    _ => d.order.clone(),
                })
            };
            let set = move |text: String| {
                draft.update(|d| match field {
                    TicketField::Subject => d.subject = text,
                    TicketField::Assignee => d.assignee = text,
                    TicketField::Due => d.due = text,
                    _ => d.order = text,
                })
            };
            view! {
                <div class="form-row" class:invalid=move || !problem_of(field).is_empty()>
                    <label for=id>{locale.tr(label)}</label>
                    <input
                        id=id
                        type=kind
                        data-testid=id
                        aria-describedby=problem_id.clone()
                        prop:value=value
                        on:input=move |e| set(event_target_value(&e))
                    />
                    <p class="field-problem" id=problem_id.clone() data-testid=problem_id.clone()>
                        {move || problem_of(field)}
                    </p>
                </div>
            }
        })
        .collect_view();
    let choice = |label: Msg,
                  id: &'static str,
                  options: Vec<(&'static str, Msg)>,
                  field: TicketField| {
        let value = move || {
            draft.with(|d| match field {
                TicketField::Kind => d.kind.clone(),
                TicketField::Status => d.status.clone(),
                _ => d.priority.clone(),
            })
        };
        let options = options
            .into_iter()
            .map(|(key, text)| {
                view! { <option value=key selected=move || value() == key>{locale.tr(text)}</option> }
            })
            .collect_view();
        view! {
            <div class="form-row">
                <label for=id>{locale.tr(label)}</label>
                <select
                    id=id
                    data-testid=id
                    on:change=move |e| {
                        let text = event_target_value(&e);
                        draft.update(|d| match field {
                            TicketField::Kind => d.kind = text,
                            TicketField::Status => d.status = text,
                            _ => d.priority = text,
                        })
                    }
                >
                    {options}
                </select>
            </div>
        }
    };
    let kinds = TicketKind::ALL
        .iter()
        .map(|k| (k.key(), kind_label(*k)))
        .collect();
    let statuses = TicketStatus::ALL
        .iter()
        .map(|s| (s.key(), status_label(*s)))
        .collect();
    let priorities = TicketPriority::ALL
        .iter()
        .map(|p| (p.key(), priority_label(*p)))
        .collect();
    let title = move || {
        if creating {
            locale.text(Msg::NewTicket).to_owned()
        } else {
            stored.with(|t| format!("{} · {}", t.id, t.subject))
        }
    };
    let customer_href = app_base.href(&format!("/customers/{}", customer_id.0));
    let moves = move || {
        let status = stored.with(|t| t.status);
        MOVES
            .into_iter()
            .filter(|(to, _)| *to != status)
            .filter(|(to, _)| *to != TicketStatus::New || status.is_done())
            .map(|(to, label)| {
                let move_to = move_to.clone();
                view! {
                    <button
                        type="button"
                        class="button-quiet"
                        data-testid=format!("move-{}", to.key())
                        disabled=move || state.busy.get()
                        on:click=move |_| move_to(to)
                    >
                        {locale.tr(label)}
                    </button>
                }
            })
            .collect_view()
    };
    let notes = move || {
        stored.with(|t| {
            t.notes
                .iter()
                .rev()
                .map(|n| {
                    let when = chrono::DateTime::from_timestamp_millis(n.at)
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default();
                    view! {
                        <li class="timeline-entry timeline-note" data-testid="ticket-note">
                            <p class="timeline-head"><time>{when}</time></p>
                            <p class="note-body">{n.text.clone()}</p>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let facts = move || {
        stored.with(|t| {
            let stamp = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms)
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default()
            };
            let overdue = t.is_overdue(today());
            view! {
                <p class="ticket-facts" data-testid="ticket-facts">
                    <span data-testid="ticket-status">{locale.tr(status_label(t.status))}</span>
                    {overdue.then(|| view! { " " <span class="badge badge-overdue" data-testid="overdue-badge">{locale.tr(Msg::Overdue)}</span> })}
                    " · " {locale.tr(Msg::TicketOpened)} " " {stamp(t.created_at)}
                    " · " {locale.tr(Msg::TicketUpdated)} " " {stamp(t.updated_at)}
                    {t.resolved_at.map(|at| view! { " · " {locale.tr(Msg::TicketResolvedAt)} " " {stamp(at)} })}
                </p>
            }
        })
    };
    view! {
        <h1 data-testid="ticket-title">{title}</h1>
        <p>
            {locale.tr(Msg::ColumnCustomer)} ": "
            <A href=customer_href attr:data-testid="ticket-customer">{opened.customer.clone()}</A>
        </p>
        {(!creating).then(|| view! {
            {facts}
            <div class="actions ticket-moves" data-testid="ticket-moves">{moves}</div>
        })}
        <form
            class="edit-form"
            data-testid="ticket-form"
            novalidate=true
            on:submit={
                let save = save.clone();
                move |e| {
                    e.prevent_default();
                    save();
                }
            }
        >
            <EditNotices state=state has_problems=Signal::derive(move || !problems.with(Vec::is_empty)) />
            {choice(Msg::TicketKind, "ticket-kind", kinds, TicketField::Kind)}
            {choice(Msg::FieldStatus, "ticket-status-choice", statuses, TicketField::Status)}
            {choice(Msg::TicketPriority, "ticket-priority", priorities, TicketField::Priority)}
            {text_rows}
            <div class="form-row" class:invalid=move || !problem_of(TicketField::Description).is_empty()>
                <label for="ticket-description">{locale.tr(Msg::TicketDescription)}</label>
                <textarea
                    id="ticket-description"
                    data-testid="ticket-description"
                    rows="5"
                    aria-describedby="ticket-description-problem"
                    prop:value=move || draft.with(|d| d.description.clone())
                    on:input=move |e| draft.update(|d| d.description = event_target_value(&e))
                ></textarea>
                <p class="field-problem" id="ticket-description-problem">
                    {move || problem_of(TicketField::Description)}
                </p>
            </div>
            <div class="actions">
                <button type="submit" data-testid="save-ticket" disabled=move || state.busy.get()>
                    {locale.tr(if creating { Msg::CreateTicket } else { Msg::Save })}
                </button>
                {(!creating).then(|| view! {
                    <button type="button" class="button-quiet button-danger" data-testid="delete-ticket" on:click=delete.clone()>
                        {locale.tr(Msg::DeleteTicket)}
                    </button>
                })}
            </div>
        </form>
        {(!creating).then(|| view! {
            <section class="ticket-notes" aria-labelledby="ticket-notes-title">
                <h2 id="ticket-notes-title">{locale.tr(Msg::TicketNotes)}</h2>
                <form
                    class="add-note"
                    novalidate=true
                    on:submit={
                        let add_note = add_note.clone();
                        move |e| {
                            e.prevent_default();
                            add_note();
                        }
                    }
                >
                    <label for="ticket-note" class="visually-hidden">{locale.tr(Msg::AddNote)}</label>
                    <textarea
                        id="ticket-note"
                        data-testid="ticket-note-text"
                        rows="3"
                        prop:value=move || note.get()
                        on:input=move |e| note.set(event_target_value(&e))
                    ></textarea>
                    <p class="field-problem" data-testid="ticket-note-problem">
                        {move || note_problem.get().map(|p| field_problem(p).text(locale.lang()).replace("{max}", &max_of(p)))}
                    </p>
                    <button type="submit" data-testid="add-ticket-note" disabled=move || state.busy.get()>
                        {locale.tr(Msg::AddNote)}
                    </button>
                </form>
                <ol class="timeline-list" data-testid="ticket-notes">{notes}</ol>
            </section>
        })}
    }
}

/// The limit a "too long" problem names.
fn max_of(problem: TicketProblem) -> String {
    match problem {
        TicketProblem::TooLong { max } => crate::i18n::format::whole(max as f64),
        _ => String::new(),
    }
}
