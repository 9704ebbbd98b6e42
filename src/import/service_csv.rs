//! Tickets and campaigns read from CSV, in the columns Fieldbook exports them with (so an export
//! from one profile imports into another). Each row is checked like the form checks it; a row
//! that fails is refused with its line and why, and the others are kept. Ids in the file are
//! not kept: the store gives new ones. Campaigns come in as drafts (their members are frozen
//! only by a launch in this profile).

use std::collections::{HashMap, HashSet};

use super::Table;
use crate::model::{
    Campaign, CampaignDraft, CampaignField, CampaignProblem, CustomerId, SegmentId, Ticket,
    TicketDraft, TicketField, TicketProblem, Timestamp,
};

/// Why a row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A column the file must have is missing (the whole file is refused).
    MissingColumn(&'static str),
    /// The customer is not stored (or the cell is not a customer number).
    UnknownCustomer(String),
    /// The order is not stored or is another customer's.
    OrderNotOfCustomer(String),
    /// A segment the campaign names is not stored.
    UnknownSegment(String),
    Ticket(TicketField, TicketProblem),
    Campaign(CampaignField, CampaignProblem),
}

/// What a file gave: the records to store and the refused rows (1-based line, problems).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBack<T> {
    pub records: Vec<T>,
    pub refused: Vec<(u64, Vec<RowProblem>)>,
}

impl<T> Default for ReadBack<T> {
    fn default() -> Self {
        ReadBack {
            records: Vec::new(),
            refused: Vec::new(),
        }
    }
}

/// The cells of a row by lower-case header name.
struct Columns<'a> {
    at: HashMap<String, usize>,
    table: &'a Table,
}

impl<'a> Columns<'a> {
    fn new(table: &'a Table, required: &[&'static str]) -> Result<Columns<'a>, RowProblem> {
        let at: HashMap<String, usize> = table
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_lowercase(), i))
            .collect();
        if let Some(missing) = required.iter().find(|c| !at.contains_key(**c)) {
            return Err(RowProblem::MissingColumn(missing));
        }
        Ok(Columns { at, table })
    }

    fn cell(&self, row: usize, column: &str) -> String {
        self.at
            .get(column)
            .and_then(|&i| self.table.rows[row].cells.get(i))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default()
    }
}

/// A number written with or without its letter (`C12`, `12`).
fn number(text: &str, letter: char) -> Option<u64> {
    let text = text.trim();
    text.strip_prefix([letter, letter.to_ascii_lowercase()])
        .unwrap_or(text)
        .parse()
        .ok()
}

/// Tickets from a table: `customer_id` and `subject` are needed; `order_id`, `kind`, `status`,
/// `priority`, `description`, `assignee`, `due` and `notes` (one note per line) are read when
/// present. `customers` are the stored customers' ids; `order_owner` gives each stored order's
/// customer.
pub fn tickets_from_table(
    table: &Table,
    customers: &HashSet<u64>,
    order_owner: &HashMap<u64, u64>,
    now: Timestamp,
) -> Result<ReadBack<Ticket>, RowProblem> {
    let columns = Columns::new(table, &["customer_id", "subject"])?;
    let mut read = ReadBack::default();
    for (row, cells) in table.rows.iter().enumerate() {
        let cell = |c: &str| columns.cell(row, c);
        let mut problems = Vec::new();
        let customer = number(&cell("customer_id"), 'C').filter(|id| customers.contains(id));
        if customer.is_none() {
            problems.push(RowProblem::UnknownCustomer(cell("customer_id")));
        }
        let or_default = |text: String, default: &str| {
            if text.is_empty() {
                default.to_owned()
            } else {
                text
            }
        };
        let draft = TicketDraft {
            kind: or_default(cell("kind"), "inquiry"),
            status: or_default(cell("status"), "new"),
            priority: or_default(cell("priority"), "normal"),
            subject: cell("subject"),
            description: cell("description"),
            assignee: cell("assignee"),
            due: cell("due"),
            order: cell("order_id"),
        };
        let fields = match draft.check() {
            Ok(fields) => Some(fields),
            Err(found) => {
                problems.extend(found.into_iter().map(|(f, p)| RowProblem::Ticket(f, p)));
                None
            }
        };
        if let (Some(fields), Some(customer)) = (&fields, customer) {
            if let Some(order) = fields.order_id {
                if order_owner.get(&order.0) != Some(&customer) {
                    problems.push(RowProblem::OrderNotOfCustomer(cell("order_id")));
                }
            }
        }
        match (fields, customer, problems.is_empty()) {
            (Some(fields), Some(customer), true) => {
                let mut ticket = Ticket::new(CustomerId(customer), fields, now);
                for line in cell("notes").lines().filter(|l| !l.trim().is_empty()) {
                    // A note past the length limit is cut rather than losing the row.
                    let text: String = line
                        .trim()
                        .chars()
                        .take(crate::model::TICKET_TEXT_MAX)
                        .collect();
                    let _ = ticket.add_note(&text, now);
                }
                read.records.push(ticket);
            }
            _ => read.refused.push((cells.line, problems)),
        }
    }
    Ok(read)
}

/// Campaigns from a table, as drafts: `name` is needed; `goal`, `channel`, `target_segments`
/// and `excluded_segments` (segment numbers separated by spaces), `starts`, `ends` and `budget`
/// are read when present. `segments` are the stored segments' ids.
pub fn campaigns_from_table(
    table: &Table,
    segments: &HashSet<u64>,
) -> Result<ReadBack<Campaign>, RowProblem> {
    let columns = Columns::new(table, &["name"])?;
    let mut read = ReadBack::default();
    for (row, cells) in table.rows.iter().enumerate() {
        let cell = |c: &str| columns.cell(row, c);
        let mut problems = Vec::new();
        let mut ids = |column: &str| -> Vec<SegmentId> {
            cell(column)
                .split([' ', ',', ';'])
                .filter(|t| !t.is_empty())
                .filter_map(
                    |t| match number(t, 'S').filter(|id| segments.contains(id)) {
                        Some(id) => Some(SegmentId(id)),
                        None => {
                            problems.push(RowProblem::UnknownSegment(t.to_owned()));
                            None
                        }
                    },
                )
                .collect()
        };
        let (targets, excluded) = (ids("target_segments"), ids("excluded_segments"));
        let channel = cell("channel");
        let draft = CampaignDraft {
            name: cell("name"),
            goal: cell("goal"),
            channel: if channel.is_empty() {
                CampaignDraft::new().channel
            } else {
                channel
            },
            targets,
            excluded,
            starts: cell("starts"),
            ends: cell("ends"),
            budget: cell("budget"),
        };
        let mut campaign = Campaign::blank();
        if let Err(found) = draft.apply_to(&mut campaign) {
            problems.extend(found.into_iter().map(|(f, p)| RowProblem::Campaign(f, p)));
        }
        if problems.is_empty() {
            read.records.push(campaign);
        } else {
            read.refused.push((cells.line, problems));
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{campaigns_csv, read_table, tickets_csv};
    use crate::model::{Channel, OrderId, TicketPriority, TicketStatus};

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn exported_tickets_import_back_and_bad_rows_say_why() {
        let draft = TicketDraft {
            subject: "=Broken lid".into(),
            order: "O5".into(),
            priority: "high".into(),
            status: "open".into(),
            due: "2026-12-01".into(),
            ..TicketDraft::new()
        };
        let mut ticket = Ticket::new(CustomerId(8), draft.check().expect("valid"), 1);
        ticket.add_note("Called back", 2).expect("a note");
        let csv = text(tickets_csv([(&ticket, "Ada")]).expect("csv"));
        let customers: HashSet<u64> = [8, 9].into();
        let owners: HashMap<u64, u64> = [(5, 8), (6, 9)].into();
        let read = tickets_from_table(&read_table(&csv).expect("table"), &customers, &owners, 7)
            .expect("columns");
        assert!(read.refused.is_empty(), "{:?}", read.refused);
        let back = &read.records[0];
        assert_eq!(
            back.subject, "'=Broken lid",
            "the export's neutralised text comes back as is"
        );
        assert_eq!(back.customer_id, CustomerId(8));
        assert_eq!(back.order_id, Some(OrderId(5)));
        assert_eq!(
            (back.status, back.priority),
            (TicketStatus::Open, TicketPriority::High)
        );
        assert_eq!(back.notes.len(), 1);
        assert!(back.notes[0].text.ends_with("Called back"));

        let file = "customer_id,subject,order_id,kind,due\n\
                    C9,Where is it,,inquiry,\n\
                    C77,Unknown customer,,,\n\
                    C9,,O5,return,soon\n\
                    9,Fine,O6,,2026-01-02\n";
        let read = tickets_from_table(&read_table(file).expect("table"), &customers, &owners, 7)
            .expect("columns");
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.refused.len(), 2);
        assert_eq!(
            read.refused[0],
            (3, vec![RowProblem::UnknownCustomer("C77".into())])
        );
        let (line, problems) = &read.refused[1];
        assert_eq!(*line, 4);
        assert!(problems.contains(&RowProblem::Ticket(
            TicketField::Subject,
            TicketProblem::SubjectEmpty
        )));
        assert!(problems.contains(&RowProblem::Ticket(
            TicketField::Due,
            TicketProblem::BadDate
        )));
        assert_eq!(
            tickets_from_table(
                &read_table("subject\nx\n").expect("table"),
                &customers,
                &owners,
                7
            ),
            Err(RowProblem::MissingColumn("customer_id"))
        );
        // An order of another customer is refused.
        let file = "customer_id,subject,order_id\nC8,Other's order,O6\n";
        let read = tickets_from_table(&read_table(file).expect("table"), &customers, &owners, 7)
            .expect("columns");
        assert_eq!(
            read.refused[0].1,
            [RowProblem::OrderNotOfCustomer("O6".into())]
        );
    }

    #[test]
    fn exported_campaigns_import_back_as_drafts() {
        let mut campaign = Campaign::blank();
        CampaignDraft {
            name: "Spring tea".into(),
            goal: "Win back".into(),
            channel: "sms".into(),
            targets: vec![SegmentId(1), SegmentId(2)],
            excluded: vec![SegmentId(3)],
            starts: "2026-03-01".into(),
            ends: "2026-03-31".into(),
            budget: "1500".into(),
        }
        .apply_to(&mut campaign)
        .expect("valid");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).expect("day");
        let csv = text(campaigns_csv(std::slice::from_ref(&campaign), today).expect("csv"));
        let segments: HashSet<u64> = [1, 2, 3].into();
        let read =
            campaigns_from_table(&read_table(&csv).expect("table"), &segments).expect("columns");
        assert!(read.refused.is_empty(), "{:?}", read.refused);
        assert_eq!(read.records, [campaign]);
        assert_eq!(read.records[0].channel, Channel::Sms);

        let file = "name,channel,target_segments,budget\nGood,,S1,\n,fax,S9,-3\n";
        let read =
            campaigns_from_table(&read_table(file).expect("table"), &segments).expect("columns");
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.records[0].channel, Channel::Email, "email unless said");
        let (line, problems) = &read.refused[0];
        assert_eq!(*line, 3);
        assert!(problems.contains(&RowProblem::UnknownSegment("S9".into())));
        assert!(problems.contains(&RowProblem::Campaign(
            CampaignField::Name,
            CampaignProblem::NameEmpty
        )));
        assert!(problems.contains(&RowProblem::Campaign(
            CampaignField::Channel,
            CampaignProblem::UnknownChoice
        )));
        assert!(problems.contains(&RowProblem::Campaign(
            CampaignField::Budget,
            CampaignProblem::Negative
        )));
    }
}
