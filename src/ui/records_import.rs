//! Importing tickets (service page) and campaigns (marketing page) from CSV in the columns
//! Fieldbook exports them with: the rows that pass are stored as one undoable change, the others
//! are listed with their line and why — nothing half-written.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{Lang, Msg};
use crate::import::service_csv::{campaigns_from_table, tickets_from_table, RowProblem};
use crate::import::{decode, read_table, Table};
use crate::model::{Change, Record, TicketField};
use crate::store::{labels, Db};
use crate::ui::data::{now_ms, use_data, DbState};
use crate::ui::files::{picked_file, read_file, BrowserDecoder};
use crate::ui::locale::use_locale;
use crate::ui::undo::use_undo;

/// What the file holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Tickets,
    Campaigns,
}

fn ticket_field(field: TicketField) -> Msg {
    match field {
        TicketField::Kind => Msg::TicketKind,
        TicketField::Status => Msg::FieldStatus,
        TicketField::Priority => Msg::TicketPriority,
        TicketField::Subject => Msg::TicketSubject,
        TicketField::Description => Msg::TicketDescription,
        TicketField::Assignee => Msg::TicketAssignee,
        TicketField::Due => Msg::TicketDue,
        TicketField::Order => Msg::FieldOrderId,
    }
}

/// A refused row's problem in words.
fn problem_text(problem: &RowProblem, lang: Lang) -> String {
    match problem {
        RowProblem::MissingColumn(column) => Msg::CsvMissingColumn.text(lang).replace("{}", column),
        RowProblem::UnknownCustomer(text) => Msg::CsvUnknownCustomer.text(lang).replace("{}", text),
        RowProblem::OrderNotOfCustomer(text) => {
            format!("{} ({text})", Msg::TicketOrderMissing.text(lang))
        }
        RowProblem::UnknownSegment(text) => Msg::CsvUnknownSegment.text(lang).replace("{}", text),
        RowProblem::Ticket(field, problem) => format!(
            "{}: {}",
            ticket_field(*field).text(lang),
            crate::ui::service::field_problem(*problem)
                .text(lang)
                .replace("{max}", &max_of_ticket(*problem))
        ),
        RowProblem::Campaign(field, problem) => {
            crate::ui::marketing::campaign_problem(*field, *problem, lang)
        }
    }
}

fn max_of_ticket(problem: crate::model::TicketProblem) -> String {
    match problem {
        crate::model::TicketProblem::TooLong { max } => max.to_string(),
        _ => String::new(),
    }
}

async fn table_of(file: web_sys::File) -> Result<Table, String> {
    let bytes = read_file(&file).await?;
    let decoded = decode(&bytes, &BrowserDecoder).map_err(|e| e.to_string())?;
    read_table(&decoded.text).map_err(|e| e.to_string())
}

/// Reads the table as `what`, against what is stored, into the changes that create the records
/// and the refused rows.
async fn plan(
    db: &Db,
    what: Imported,
    table: &Table,
) -> Result<(Vec<Change>, Vec<(u64, Vec<RowProblem>)>), String> {
    let text = |e: crate::store::StoreError| e.to_string();
    let create = |record: Record| Change {
        before: None,
        after: Some(record),
    };
    match what {
        Imported::Tickets => {
            let (customers, orders) = futures::join!(db.customers(), db.orders());
            let customers: HashSet<u64> = customers.map_err(text)?.iter().map(|c| c.id.0).collect();
            let owners: HashMap<u64, u64> = orders
                .map_err(text)?
                .iter()
                .filter_map(|o| Some((o.id.0, o.customer_id?.0)))
                .collect();
            let read = tickets_from_table(table, &customers, &owners, now_ms())
                .map_err(|p| problem_text(&p, Lang::En))?;
            Ok((
                read.records
                    .into_iter()
                    .map(|t| create(Record::Ticket(t)))
                    .collect(),
                read.refused,
            ))
        }
        Imported::Campaigns => {
            let segments: HashSet<u64> = db
                .segments()
                .await
                .map_err(text)?
                .iter()
                .map(|s| s.id.0)
                .collect();
            let read =
                campaigns_from_table(table, &segments).map_err(|p| problem_text(&p, Lang::En))?;
            Ok((
                read.records
                    .into_iter()
                    .map(|c| create(Record::Campaign(c)))
                    .collect(),
                read.refused,
            ))
        }
    }
}

/// The file button and, after an import, what was refused.
#[component]
pub fn RecordsImport(what: Imported) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let refused = RwSignal::new(Vec::<(u64, Vec<RowProblem>)>::new());
    let failure = RwSignal::new(None::<String>);
    let (label, testid, done) = match what {
        Imported::Tickets => (Msg::ImportTickets, "import-tickets", Msg::TicketsImported),
        Imported::Campaigns => (
            Msg::ImportCampaigns,
            "import-campaigns",
            Msg::CampaignsImported,
        ),
    };
    let chosen = move |event: leptos::ev::Event| {
        let (Some(file), Some(db)) = (picked_file(&event), data.db()) else {
            return;
        };
        failure.set(None);
        refused.set(Vec::new());
        spawn_local(async move {
            let outcome = async {
                let table = table_of(file).await?;
                let (changes, rows) = plan(&db, what, &table).await?;
                let count = changes.len();
                if count > 0 {
                    db.apply(labels::CREATE, &count.to_string(), changes, now_ms())
                        .await
                        .map_err(|e| e.to_string())?;
                    data.changed();
                }
                Ok::<_, String>((count, rows))
            }
            .await;
            match outcome {
                Ok((count, rows)) => {
                    let lang = locale.lang_untracked();
                    let text = done
                        .text(lang)
                        .replace("{n}", &count.to_string())
                        .replace("{refused}", &rows.len().to_string());
                    undo.announce(text, count > 0);
                    refused.set(rows);
                }
                Err(reason) => failure.set(Some(reason)),
            }
        });
    };
    let list = move || {
        let lang = locale.lang();
        refused.with(|rows| {
            (!rows.is_empty()).then(|| {
                let items = rows
                    .iter()
                    .map(|(line, problems)| {
                        let why: Vec<String> = problems.iter().map(|p| problem_text(p, lang)).collect();
                        let line = Msg::CsvLine.text(lang).replace("{}", &line.to_string());
                        view! { <li data-testid="refused-row">{format!("{line}: {}", why.join("; "))}</li> }
                    })
                    .collect_view();
                view! {
                    <div class="notice notice-warning" role="alert" data-testid=format!("{testid}-refused")>
                        <p>{locale.tr(Msg::CsvRefusedRows)}</p>
                        <ul>{items}</ul>
                    </div>
                }
            })
        })
    };
    view! {
        <label class="button button-quiet file-button">
            {locale.tr(label)}
            // Usable once the database is open (the page shows before it is).
            <input type="file" accept=".csv,text/csv" class="visually-hidden" data-testid=testid
                disabled=move || data.state() != DbState::Ready
                on:change=chosen />
        </label>
        {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        {list}
    }
}
