//! A customer's history (what changed, when) and timeline: orders with their lines and totals,
//! and notes, newest first; notes are added and deleted here, each as an undoable action.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::form::{field_text, FORM_FIELDS};
use crate::i18n::Msg;
use crate::model::{
    Change, ChangeSet, Customer, CustomerId, Note, NoteId, NoteProblem, Order, Record, Ticket,
    NOTE_MAX_CHARS,
};
use crate::store::labels;
use crate::ui::data::{now_ms, use_data};
use crate::ui::database::field_label;
use crate::ui::locale::use_locale;
use crate::ui::orders::status_label;
use crate::ui::undo::{describe_set, use_undo};

/// The customer's fields that differ between two states, named in `lang` (custom fields by
/// their own names).
fn changed_fields(before: &Customer, after: &Customer, lang: crate::i18n::Lang) -> Vec<String> {
    let built_in = FORM_FIELDS
        .iter()
        .copied()
        .filter(|&f| field_text(before, f) != field_text(after, f))
        .map(|f| field_label(f).text(lang).to_owned());
    let mut custom: Vec<&String> = before.custom.keys().chain(after.custom.keys()).collect();
    custom.sort();
    custom.dedup();
    built_in
        .chain(
            custom
                .into_iter()
                .filter(|k| before.custom.get(*k) != after.custom.get(*k))
                .cloned(),
        )
        .collect()
}

/// The record's history: each change set that touched it, when, and which fields changed.
#[component]
pub(super) fn History(
    /// Change sets touching this customer, newest first.
    sets: Rc<Vec<ChangeSet>>,
) -> impl IntoView {
    let locale = use_locale();
    let empty = sets.is_empty();
    let items = sets
        .iter()
        .map(|set| {
            let when = chrono::DateTime::from_timestamp_millis(set.at)
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default();
            let customer_change = set.changes.iter().find(|c| {
                matches!(c.after, Some(Record::Customer(_)))
                    || matches!(c.before, Some(Record::Customer(_)))
            });
            let lang = locale.lang();
            let fields = match customer_change.map(|c| (&c.before, &c.after)) {
                Some((Some(Record::Customer(before)), Some(Record::Customer(after)))) => {
                    changed_fields(before, after, lang)
                }
                _ => Vec::new(),
            };
            let label = describe_set(set, lang);
            let separator = if lang == crate::i18n::Lang::Zh {
                "、"
            } else {
                ", "
            };
            let names = fields.join(separator);
            view! {
                <li data-testid="history-entry">
                    <time>{when}</time>
                    " · "
                    {label}
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

/// Orders (with their lines and totals) and notes, newest first.
#[component]
pub(super) fn Timeline(
    /// The customer's orders, newest first.
    orders: Rc<Vec<Order>>,
    /// The customer's notes, newest first.
    notes: Rc<Vec<Note>>,
    /// The customer's tickets.
    tickets: Rc<Vec<Ticket>>,
    /// Product names by id, for the order lines.
    product_names: Rc<HashMap<u64, String>>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let app_base = crate::ui::base::use_app_base();
    // Deleting needs no confirmation: the status line offers undo.
    let delete_note = move |note: Note| {
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            let change = Change {
                before: Some(Record::Note(note)),
                after: None,
            };
            match db.apply(labels::NOTE, "", vec![change], now_ms()).await {
                Ok(_) => {
                    data.changed();
                    undo.announce(locale.text(Msg::DeleteNote).to_owned(), true);
                }
                Err(error) => undo.fail(error.to_string()),
            }
        });
    };
    let day_of_stamp = |at: i64| {
        chrono::DateTime::from_timestamp_millis(at)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    };
    let day_of_note = |n: &Note| day_of_stamp(n.created_at);
    // Entries point into the shared lists; only the ones shown are copied out to render.
    let mut entries: Vec<(NaiveDate, Entry)> = orders
        .iter()
        .enumerate()
        .map(|(i, o)| (o.date, Entry::Order(i)))
        .chain(
            notes
                .iter()
                .enumerate()
                .map(|(i, n)| (day_of_note(n), Entry::Note(i))),
        )
        .chain(
            tickets
                .iter()
                .enumerate()
                .map(|(i, t)| (day_of_stamp(t.created_at), Entry::Ticket(i))),
        )
        .collect();
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    let empty = entries.is_empty();
    let total = entries.len();
    let entries = StoredValue::new_local(entries);
    let product_names = StoredValue::new_local(product_names);
    let (orders, notes, tickets) = (
        StoredValue::new_local(orders),
        StoredValue::new_local(notes),
        StoredValue::new_local(tickets),
    );
    // A customer with a thousand orders opens with the newest entries; the rest on request.
    let shown = RwSignal::new(TIMELINE_PAGE.min(total));
    let render = move |(day, entry): (NaiveDate, Entry)| match entry {
        Entry::Order(at) => {
            let order = orders.with_value(|all| all[at].clone());
            let lines = order
                    .lines
                    .iter()
                    .map(|line| {
                        let product = match line.product_id {
                            Some(p) => product_names
                                .with_value(|names| names.get(&p.0).cloned())
                                .unwrap_or_else(|| locale.text(Msg::DeletedProduct).to_owned()),
                            None => "—".to_owned(),
                        };
                        view! {
                            <li>
                                {format!("{product} × {} @ {} = {}", order.units(line), line.unit_price, order.line_total(line))}
                            </li>
                        }
                    })
                    .collect_view();
            let number = order
                .external_id
                .clone()
                .unwrap_or_else(|| order.id.to_string());
            view! {
                    <li class="timeline-entry" data-testid="timeline-order">
                        <p class="timeline-head">
                            <time datetime=day.to_string()>{day.format("%Y-%m-%d").to_string()}</time>
                            " · "
                            <a href=app_base.href(&format!("/orders/{}", order.id.0)) data-testid="timeline-order-link">
                                {number}
                            </a>
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
        Entry::Ticket(at) => {
            let ticket = tickets.with_value(|all| all[at].clone());
            view! {
                <li class="timeline-entry timeline-ticket" data-testid="timeline-ticket">
                    <p class="timeline-head">
                        <time datetime=day.to_string()>{day.format("%Y-%m-%d").to_string()}</time>
                        " · "
                        {locale.tr(Msg::TimelineTicket)}
                        " "
                        <a href=app_base.href(&format!("/service/{}", ticket.id.0)) data-testid="timeline-ticket-link">
                            {format!("{} · {}", ticket.id, ticket.subject)}
                        </a>
                        " · "
                        {locale.tr(crate::ui::service::status_label(ticket.status))}
                    </p>
                </li>
            }
            .into_any()
        }
        Entry::Note(at) => {
            let note = notes.with_value(|all| all[at].clone());
            let body = note.body.clone();
            view! {
                <li class="timeline-entry timeline-note" data-testid="timeline-note">
                    <p class="timeline-head">
                        <time datetime=day.to_string()>{day.format("%Y-%m-%d").to_string()}</time>
                        " · "
                        {locale.tr(Msg::Note)}
                        <button
                            type="button"
                            class="button-quiet note-delete"
                            data-testid="delete-note"
                            on:click=move |_| delete_note(note.clone())
                        >
                            {locale.tr(Msg::DeleteNote)}
                        </button>
                    </p>
                    <p class="note-body">{body}</p>
                </li>
            }
            .into_any()
        }
    };
    let items = move || {
        entries.with_value(|all| {
            all[..shown.get()]
                .iter()
                .cloned()
                .map(render)
                .collect_view()
        })
    };
    let more = move |_| shown.update(|n| *n = (*n + TIMELINE_PAGE * 4).min(total));
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{locale.tr(Msg::Timeline)}</h2>
            {if empty {
                view! { <p class="empty-state">{locale.tr(Msg::NoOrdersYet)}</p> }.into_any()
            } else {
                view! { <ol class="timeline-list" data-testid="timeline">{items}</ol> }.into_any()
            }}
            <Show when=move || { shown.get() < total }>
                <button type="button" class="button-quiet" data-testid="timeline-more" on:click=more>
                    {move || format!("{} ({} / {})", locale.text(Msg::ShowMore), shown.get(), total)}
                </button>
            </Show>
        </section>
    }
}

/// Timeline entries shown at first (the newest); "show more" adds four times as many. A page
/// with a thousand orders renders only these when it opens.
const TIMELINE_PAGE: usize = 25;

/// One entry of the timeline: an order, a note or a ticket (on the day it was opened), by its
/// place in the customer's list.
#[derive(Clone, Copy)]
enum Entry {
    Order(usize),
    Note(usize),
    Ticket(usize),
}

/// Adds a note to the customer.
#[component]
pub(super) fn AddNote(
    /// The customer the note is about.
    customer: CustomerId,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let add = move || {
        let Some(db) = data.db() else { return };
        let body = match Note::checked_body(&text.get_untracked()) {
            Ok(body) => body,
            Err(NoteProblem::Empty) => return problem.set(Some(Msg::NoteEmpty)),
            Err(NoteProblem::TooLong) => return problem.set(Some(Msg::NoteTooLong)),
        };
        problem.set(None);
        busy.set(true);
        let note = Note {
            id: NoteId(0),
            customer_id: customer,
            body,
            created_at: 0,
            updated_at: 0,
            version: 0,
        };
        spawn_local(async move {
            let change = Change {
                before: None,
                after: Some(Record::Note(note)),
            };
            match db.apply(labels::NOTE, "", vec![change], now_ms()).await {
                Ok(_) => {
                    text.set(String::new());
                    data.changed();
                }
                Err(error) => undo.fail(error.to_string()),
            }
            busy.set(false);
        });
    };
    view! {
        <form
            class="add-note"
            data-testid="add-note-form"
            novalidate=true
            on:submit=move |e| {
                e.prevent_default();
                add();
            }
        >
            <label for="new-note">{locale.tr(Msg::NewNote)}</label>
            <textarea
                id="new-note"
                data-testid="new-note"
                rows="3"
                maxlength=NOTE_MAX_CHARS.to_string()
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby="new-note-problem"
                prop:value=move || text.get()
                on:input=move |e| text.set(event_target_value(&e))
            ></textarea>
            <p class="field-problem" id="new-note-problem" data-testid="new-note-problem">
                {move || problem.get().map(|m| locale.text(m))}
            </p>
            <button type="submit" data-testid="add-note" disabled=move || busy.get()>
                {locale.tr(Msg::AddNote)}
            </button>
        </form>
    }
}
