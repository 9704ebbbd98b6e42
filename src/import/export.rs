//! CSV export that spreadsheets open safely: text cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading apostrophe.

use crate::model::{Campaign, Channel, Customer, Money, Order, Product, Ticket};

/// Prefixes an apostrophe to text that a spreadsheet would treat as a formula.
pub fn neutralise_formula(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Writes CSV rows into memory. Text goes through [`neutralise_formula`]; numbers and dates that
/// Fieldbook formats itself are written as they are, so they stay numbers in a spreadsheet.
pub struct CsvWriter {
    writer: csv::Writer<Vec<u8>>,
}

/// One cell of an export row.
pub enum Cell<'a> {
    /// Text from data: neutralised.
    Text(&'a str),
    /// A value Fieldbook formatted (number, date, id): written as is.
    Value(String),
    Empty,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvWriter {
    /// A writer that starts with a UTF-8 byte-order mark, so Excel reads Chinese text correctly.
    pub fn new() -> CsvWriter {
        let mut buffer = Vec::with_capacity(64 * 1024);
        buffer.extend_from_slice(b"\xEF\xBB\xBF");
        CsvWriter {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(buffer),
        }
    }

    /// Writes a header row.
    pub fn header(&mut self, names: &[&str]) -> Result<(), csv::Error> {
        self.writer.write_record(names)
    }

    /// Writes a row of cells.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), csv::Error> {
        let texts: Vec<std::borrow::Cow<'_, str>> = cells
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => neutralise_formula(text),
                Cell::Value(value) => value.as_str().into(),
                Cell::Empty => "".into(),
            })
            .collect();
        self.writer.write_record(texts.iter().map(|t| t.as_ref()))
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.writer
            .into_inner()
            .map_err(|error| csv::Error::from(error.into_error()))
    }
}

fn opt(text: &Option<String>) -> Cell<'_> {
    text.as_deref().map_or(Cell::Empty, Cell::Text)
}

fn money(amount: Money) -> Cell<'static> {
    Cell::Value(amount.to_string())
}

/// Customers as CSV, with the headers the importer recognises, so an export imports back;
/// custom fields follow as one column each, headed by their names.
pub fn customers_csv(customers: &[Customer]) -> Result<Vec<u8>, csv::Error> {
    let mut custom: Vec<&str> = customers
        .iter()
        .flat_map(|c| c.custom.keys().map(String::as_str))
        .collect();
    custom.sort_unstable();
    custom.dedup();
    let mut out = CsvWriter::new();
    let mut header = vec![
        "id",
        "name",
        "gender",
        "birth_date",
        "age",
        "phone",
        "email",
        "street",
        "city",
        "postcode",
        "region",
        "country",
        "company",
        "tags",
    ];
    header.extend(custom.iter().copied());
    out.header(&header)?;
    for c in customers {
        let tags = c.tags.join(", ");
        let mut cells = vec![
            Cell::Value(c.id.to_string()),
            opt(&c.name),
            c.gender
                .map_or(Cell::Empty, |g| Cell::Value(g.code().to_owned())),
            c.birth_date
                .map_or(Cell::Empty, |d| Cell::Value(d.to_string())),
            c.age.map_or(Cell::Empty, |a| Cell::Value(a.to_string())),
            opt(&c.phone),
            opt(&c.email),
            opt(&c.address.street),
            opt(&c.address.city),
            opt(&c.address.postcode),
            opt(&c.address.region),
            opt(&c.address.country),
            opt(&c.company),
            Cell::Text(&tags),
        ];
        cells.extend(
            custom
                .iter()
                .map(|name| c.custom.get(*name).map_or(Cell::Empty, |v| Cell::Text(v))),
        );
        out.row(&cells)?;
    }
    out.finish()
}

/// Products as CSV.
pub fn products_csv(products: &[Product]) -> Result<Vec<u8>, csv::Error> {
    let mut out = CsvWriter::new();
    out.header(&["id", "name", "sku", "price", "category"])?;
    for p in products {
        out.row(&[
            Cell::Value(p.id.to_string()),
            Cell::Text(&p.name),
            opt(&p.sku),
            money(p.price),
            opt(&p.category),
        ])?;
    }
    out.finish()
}

/// Orders as CSV, one row per order line (an order without lines is one row with its amount).
pub fn orders_csv(orders: &[Order]) -> Result<Vec<u8>, csv::Error> {
    let mut out = CsvWriter::new();
    out.header(&[
        "order_id",
        "customer_id",
        "order_date",
        "status",
        "product_id",
        "quantity",
        "unit_price",
        "amount",
    ])?;
    for o in orders {
        let head = |out: &mut CsvWriter, line: Option<&crate::model::OrderLine>| {
            out.row(&[
                Cell::Value(o.id.to_string()),
                o.customer_id
                    .map_or(Cell::Empty, |c| Cell::Value(c.to_string())),
                Cell::Value(o.date.to_string()),
                Cell::Value(o.status.as_str().to_owned()),
                line.and_then(|l| l.product_id)
                    .map_or(Cell::Empty, |p| Cell::Value(p.to_string())),
                line.map_or(Cell::Empty, |l| Cell::Value(l.quantity.to_string())),
                line.map_or(Cell::Empty, |l| money(l.unit_price)),
                money(line.map_or(o.amount(), |l| o.line_total(l))),
            ])
        };
        if o.lines.is_empty() {
            head(&mut out, None)?;
        }
        for line in &o.lines {
            head(&mut out, Some(line))?;
        }
    }
    out.finish()
}

/// Tickets with their customers' names as CSV (one row each, formula-safe), each ticket's notes
/// joined oldest first, one per line.
pub fn tickets_csv<'a>(
    tickets: impl IntoIterator<Item = (&'a Ticket, &'a str)>,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = CsvWriter::new();
    out.header(&[
        "ticket_id",
        "customer_id",
        "customer",
        "order_id",
        "kind",
        "status",
        "priority",
        "subject",
        "description",
        "assignee",
        "due",
        "created",
        "resolved",
        "notes",
    ])?;
    let stamp = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    for (t, name) in tickets {
        let notes: Vec<String> = t
            .notes
            .iter()
            .map(|n| format!("{} {}", stamp(n.at), n.text))
            .collect();
        let notes = notes.join("\n");
        out.row(&[
            Cell::Value(t.id.to_string()),
            Cell::Value(t.customer_id.to_string()),
            Cell::Text(name),
            t.order_id
                .map_or(Cell::Empty, |o| Cell::Value(o.to_string())),
            Cell::Value(t.kind.key().into()),
            Cell::Value(t.status.key().into()),
            Cell::Value(t.priority.key().into()),
            Cell::Text(&t.subject),
            Cell::Text(&t.description),
            Cell::Text(&t.assignee),
            t.due.map_or(Cell::Empty, |d| Cell::Value(d.to_string())),
            Cell::Value(stamp(t.created_at)),
            t.resolved_at
                .map_or(Cell::Empty, |at| Cell::Value(stamp(at))),
            Cell::Text(&notes),
        ])?;
    }
    out.finish()
}

/// A launched campaign's contact list: its members the channel reaches now (the contact field
/// filled in, not opted out since launch), with the contact the channel uses. Returns the CSV
/// and how many customers it lists.
pub fn contacts_csv(
    campaign: &Campaign,
    customers: &[Customer],
) -> Result<(Vec<u8>, usize), csv::Error> {
    let mut out = CsvWriter::new();
    let contact = match campaign.channel {
        Channel::Email => "email",
        Channel::Sms | Channel::Phone => "phone",
        Channel::InStore | Channel::Other => "contact",
    };
    out.header(&["campaign_id", "customer_id", "name", contact, "city"])?;
    let campaign_id = campaign.id.to_string();
    let mut listed = 0;
    for c in customers
        .iter()
        .filter(|c| campaign.is_member(c.id) && campaign.channel.reaches(c))
    {
        let reach = match campaign.channel.contact(c) {
            Some(field) => field.unwrap_or_default().to_owned(),
            // No channel field: whatever there is to reach them by.
            None => [c.email.as_deref(), c.phone.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / "),
        };
        out.row(&[
            Cell::Value(campaign_id.clone()),
            Cell::Value(c.id.to_string()),
            Cell::Text(c.name.as_deref().unwrap_or_default()),
            Cell::Text(&reach),
            Cell::Text(c.address.city.as_deref().unwrap_or_default()),
        ])?;
        listed += 1;
    }
    Ok((out.finish()?, listed))
}

/// Campaigns with their settings and counts, one row each (segments by id).
pub fn campaigns_csv(
    campaigns: &[Campaign],
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = CsvWriter::new();
    out.header(&[
        "campaign_id",
        "name",
        "goal",
        "channel",
        "status",
        "target_segments",
        "excluded_segments",
        "starts",
        "ends",
        "budget",
        "members",
        "responses",
    ])?;
    let ids = |ids: &[crate::model::SegmentId]| {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let day = |d: Option<chrono::NaiveDate>| d.map_or(Cell::Empty, |d| Cell::Value(d.to_string()));
    for m in campaigns {
        out.row(&[
            Cell::Value(m.id.to_string()),
            Cell::Text(&m.name),
            Cell::Text(&m.goal),
            Cell::Value(m.channel.key().into()),
            Cell::Value(m.status_on(today).key().into()),
            Cell::Value(ids(&m.targets)),
            Cell::Value(ids(&m.excluded)),
            day(m.starts),
            day(m.ends),
            m.budget.map_or(Cell::Empty, |b| Cell::Value(b.to_string())),
            Cell::Value(m.members.len().to_string()),
            Cell::Value(m.responses.len().to_string()),
        ])?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    #[test]
    fn formulas_are_neutralised() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Ada", "Ada"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (text, expected) in cases {
            assert_eq!(neutralise_formula(text), expected, "{text:?}");
        }
    }

    #[test]
    fn customer_export_is_safe_and_reimports() {
        let mut customer = Customer::new(CustomerId(3), 0);
        customer.name = Some("=HYPERLINK(\"http://x\",\"y\")".into());
        customer.phone = Some("+86 138 0013 8000".into());
        customer.email = Some("ada@example.com".into());
        let bytes = customers_csv(&[customer]).expect("writes");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            "{text}"
        );
        assert!(text.contains(",'+86 138 0013 8000,"), "{text}");
        let table = crate::import::read_table(&text).expect("reads back");
        let mapping =
            crate::import::detect_mapping(&table.headers, crate::import::EntityKind::Customers);
        assert_eq!(mapping.columns.iter().flatten().count(), 14);
    }

    #[test]
    fn ticket_export_is_formula_safe_with_notes_and_names() {
        use crate::model::{TicketDraft, TicketId, TicketStatus};
        let draft = TicketDraft {
            subject: "=cmd|' /C calc'!A0".into(),
            order: "O4".into(),
            due: "2026-12-01".into(),
            ..TicketDraft::new()
        };
        let mut ticket = Ticket::new(CustomerId(2), draft.check().expect("valid"), 0);
        ticket.id = TicketId(9);
        ticket.add_note("Called", 60_000).expect("note");
        ticket.add_note("+1 callback", 120_000).expect("note");
        ticket.set_status(TicketStatus::Resolved, 3_600_000);
        let bytes = tickets_csv([(&ticket, "@Ada")]).expect("writes");
        let text = String::from_utf8(bytes).expect("utf-8");
        let table = crate::import::read_table(&text).expect("reads back");
        assert_eq!(table.headers[0], "ticket_id");
        let row = &table.rows[0].cells;
        assert_eq!(row[0], "T9");
        assert_eq!(row[1], "C2");
        assert_eq!(row[2], "'@Ada");
        assert_eq!(row[3], "O4");
        assert_eq!((row[4].as_str(), row[5].as_str()), ("inquiry", "resolved"));
        assert_eq!(row[7], "'=cmd|' /C calc'!A0");
        assert_eq!(row[10], "2026-12-01");
        assert_eq!(row[11], "1970-01-01 00:00");
        assert_eq!(row[12], "1970-01-01 01:00");
        assert_eq!(
            row[13],
            "1970-01-01 00:01 Called\n1970-01-01 00:02 +1 callback"
        );
    }

    #[test]
    fn custom_fields_become_columns_of_their_own() {
        let mut a = Customer::new(CustomerId(1), 0);
        a.custom.insert("Loyalty".into(), "=GOLD".into());
        let mut b = Customer::new(CustomerId(2), 0);
        b.custom.insert("Channel".into(), "Mail".into());
        let text = String::from_utf8(customers_csv(&[a, b]).expect("writes")).expect("utf-8");
        let table = crate::import::read_table(&text).expect("reads back");
        assert_eq!(table.headers[14..], ["Channel", "Loyalty"]);
        assert!(text.contains(",,'=GOLD"), "formula-safe: {text}");
        assert!(text.contains(",Mail,"), "{text}");
    }

    #[test]
    fn a_contact_list_holds_reachable_members_only_and_is_formula_safe() {
        use crate::model::{CampaignDraft, CampaignId, SegmentId};
        let mut customers: Vec<Customer> = (1..=5)
            .map(|id| {
                let mut c = Customer::new(CustomerId(id), 0);
                c.name = Some(format!("Customer {id}"));
                c.email = Some(format!("c{id}@example.com"));
                c
            })
            .collect();
        customers[0].name = Some("=cmd|' /C calc'!A0".into());
        customers[1].opt_out = vec![Channel::Email]; // 2 opted out after launch
        customers[2].email = None; // 3 lost the email
        let mut campaign = crate::model::Campaign::blank();
        campaign.id = CampaignId(7);
        CampaignDraft {
            name: "Tea".into(),
            targets: vec![SegmentId(1)],
            ..CampaignDraft::new()
        }
        .apply_to(&mut campaign)
        .expect("valid");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("day");
        campaign
            .launch([1, 2, 3, 4].map(CustomerId).to_vec(), today, 1)
            .expect("launches");
        let (bytes, listed) = contacts_csv(&campaign, &customers).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "campaign_id,customer_id,name,email,city");
        assert_eq!(listed, 2, "{text}");
        assert!(lines[1].starts_with("M7,C1,'=cmd"), "{}", lines[1]);
        assert!(
            lines[2].starts_with("M7,C4,Customer 4,c4@example.com"),
            "{}",
            lines[2]
        );
        assert!(!text.contains("c5@"), "not a member");
        let all = campaigns_csv(&[campaign], today).expect("csv");
        let all = String::from_utf8(all).expect("utf-8");
        assert!(
            all.contains("M7,Tea,,email,running,S1,,2026-03-01,,,4,0"),
            "{all}"
        );
    }
}
