//! An import from start to summary, before anything is stored: reads the file, detects the
//! mapping, checks every row, and counts what would happen. The wizard shows this; the store
//! takes [`Evaluation::records`] only after the user confirms.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::decode::LegacyDecoder;
use super::export::{Cell, CsvWriter};
use super::mapping::TargetField;
use super::mapping::{ColumnMapping, EntityKind};
use super::rows::{
    cell, read_customer, read_product, DateOrderScan, OrderAssembler, OrderOutcome, References,
    RowOutcome,
};
use super::table::{Table, TableRow};
use super::{decode, read_json_table, read_table, ImportError};
use crate::model::{
    normalise_email, normalise_phone, Customer, CustomerId, FieldIssue, Money, Order, Product,
    ProductId,
};

/// Whether decoded file text is JSON rather than CSV: it starts with `[` or `{`.
pub fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('[' | '{'))
}

/// Reads a CSV or JSON file into a table. JSON is recognised by its first character.
pub fn read_file(
    bytes: &[u8],
    legacy: &dyn LegacyDecoder,
) -> Result<(Table, super::SourceEncoding), ImportError> {
    let decoded = decode(bytes, legacy)?;
    let table = if looks_like_json(&decoded.text) {
        read_json_table(&decoded.text)?
    } else {
        read_table(&decoded.text)?
    };
    Ok((table, decoded.encoding))
}

/// Records that pass, ready to store (ids are assigned by the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Records {
    Customers(Vec<Customer>),
    Products(Vec<Product>),
    Orders(Vec<Order>),
}

impl Records {
    pub fn len(&self) -> usize {
        match self {
            Records::Customers(v) => v.len(),
            Records::Products(v) => v.len(),
            Records::Orders(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A rejected row: its line, its cells as read, and every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: u64,
    pub cells: Vec<String>,
    pub reasons: Vec<String>,
    /// The problems behind the reasons (empty for rows the CSV reader refused), for marking
    /// cells and for showing them in the user's language.
    pub issues: Vec<FieldIssue>,
}

/// A doubtful value that was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flagged {
    pub line: u64,
    pub issue: FieldIssue,
}

/// The result of checking every row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub records: Records,
    pub rejected: Vec<Rejected>,
    /// Accepted rows with values that look wrong but were kept (e.g. an email without domain).
    pub flagged: Vec<Flagged>,
    /// Accepted customers whose email or phone matches a stored customer.
    pub look_like_existing: usize,
    /// How the file's references were read.
    pub ids: IdKinds,
}

/// What is already stored, for matching references and spotting existing customers.
///
/// A file refers to customers and products by the ids they had where the file came from
/// (their source ids: the external id, for products also the SKU or name) or, when it is one
/// of Fieldbook's own exports, by Fieldbook's ids (`C42`, `P7` or `42`). The two can look
/// alike, so one file is read one way: see [`IdKind`].
#[derive(Debug, Default)]
pub struct Existing {
    customers_by_source: HashMap<String, CustomerId>,
    customers_by_own: HashMap<String, CustomerId>,
    customers_by_email: HashMap<String, CustomerId>,
    customer_phones: HashSet<String>,
    products_by_source: HashMap<String, (ProductId, Money)>,
    products_by_own: HashMap<String, (ProductId, Money)>,
}

/// Which ids a file's references are, decided per file and per kind: the rows whose reference
/// only a source id matches against those only a Fieldbook id matches. So a reference that is
/// the source id of a customer the import refused does not land on the stored customer whose
/// Fieldbook id happens to read the same, while a file of Fieldbook's own ids still reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IdKind {
    /// Source ids only (more rows match only them).
    #[default]
    Source,
    /// Fieldbook's ids, then source ids (more rows match only Fieldbook's ids).
    Own,
    /// Source ids, then Fieldbook's ids (as many rows each way: the file mixes them).
    Either,
}

/// How a file's customer and product references are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdKinds {
    pub customers: IdKind,
    pub products: IdKind,
}

/// Counts, over a file's rows, the references only a source id matches and those only a
/// Fieldbook id matches.
#[derive(Debug, Clone, Copy, Default)]
struct IdScan {
    customers: [usize; 2],
    products: [usize; 2],
}

/// Adds one reference to `[source only, own only]`.
fn count_id<T>(
    counts: &mut [usize; 2],
    key: &str,
    source: &HashMap<String, T>,
    own: &HashMap<String, T>,
) {
    match (source.contains_key(key), own.contains_key(key)) {
        (true, false) => counts[0] += 1,
        (false, true) => counts[1] += 1,
        _ => {}
    }
}

impl IdScan {
    fn see(&mut self, row: &TableRow, mapping: &ColumnMapping, existing: &Existing) {
        let key = |field| cell(row, mapping, field).map(|r| r.trim().to_lowercase());
        if let Some(reference) = key(TargetField::CustomerRef) {
            let e = existing;
            count_id(
                &mut self.customers,
                &reference,
                &e.customers_by_source,
                &e.customers_by_own,
            );
        }
        if let Some(reference) = key(TargetField::ProductRef) {
            let e = existing;
            count_id(
                &mut self.products,
                &reference,
                &e.products_by_source,
                &e.products_by_own,
            );
        }
    }

    fn result(self) -> IdKinds {
        let kind = |[source, own]: [usize; 2]| match source.cmp(&own) {
            std::cmp::Ordering::Greater => IdKind::Source,
            std::cmp::Ordering::Less => IdKind::Own,
            std::cmp::Ordering::Equal => IdKind::Either,
        };
        IdKinds {
            customers: kind(self.customers),
            products: kind(self.products),
        }
    }
}

/// [`Existing`] read as one file's references are (see [`IdKinds`]).
pub struct Resolver<'e> {
    existing: &'e Existing,
    kinds: IdKinds,
}

impl Existing {
    /// References read with `kinds` (an evaluation says which: [`Evaluation::ids`]).
    pub fn resolver(&self, kinds: IdKinds) -> Resolver<'_> {
        Resolver {
            existing: self,
            kinds,
        }
    }
}

/// Looks `reference` up as `kind` says.
fn lookup<T: Copy>(
    reference: &str,
    kind: IdKind,
    own: &HashMap<String, T>,
    source: &HashMap<String, T>,
) -> Option<T> {
    let key = reference.trim().to_lowercase();
    match kind {
        IdKind::Source => source.get(&key),
        IdKind::Own => own.get(&key).or_else(|| source.get(&key)),
        IdKind::Either => source.get(&key).or_else(|| own.get(&key)),
    }
    .copied()
}

impl References for Resolver<'_> {
    fn customer_by_ref(&self, reference: &str) -> Option<CustomerId> {
        let e = self.existing;
        lookup(
            reference,
            self.kinds.customers,
            &e.customers_by_own,
            &e.customers_by_source,
        )
    }

    fn customer_by_email(&self, email: &str) -> Option<CustomerId> {
        self.existing
            .customers_by_email
            .get(&normalise_email(email))
            .copied()
    }

    fn product_by_ref(&self, reference: &str) -> Option<(ProductId, Money)> {
        let e = self.existing;
        lookup(
            reference,
            self.kinds.products,
            &e.products_by_own,
            &e.products_by_source,
        )
    }
}

impl Existing {
    /// Indexes stored customers and products.
    pub fn new(customers: &[Customer], products: &[Product]) -> Existing {
        let mut existing = Existing::default();
        existing.add_customers(customers);
        existing.add_products(products);
        existing
    }

    /// Indexes more stored customers (callers with many can add them in batches).
    pub fn add_customers(&mut self, customers: &[Customer]) {
        let existing = self;
        for customer in customers {
            let id = customer.id;
            existing
                .customers_by_own
                .insert(id.to_string().to_lowercase(), id);
            existing.customers_by_own.insert(id.0.to_string(), id);
            if let Some(external) = &customer.external_id {
                existing
                    .customers_by_source
                    .insert(external.trim().to_lowercase(), id);
            }
            if let Some(email) = &customer.email {
                existing
                    .customers_by_email
                    .insert(normalise_email(email), id);
            }
            if let Some(phone) = &customer.phone {
                let digits = normalise_phone(phone);
                if digits.len() >= 5 {
                    existing.customer_phones.insert(digits);
                }
            }
        }
    }

    /// Indexes stored products.
    pub fn add_products(&mut self, products: &[Product]) {
        let existing = self;
        for product in products {
            let entry = (product.id, product.price);
            existing
                .products_by_own
                .insert(product.id.to_string().to_lowercase(), entry);
            existing
                .products_by_own
                .insert(product.id.0.to_string(), entry);
            for name in [
                &product.external_id,
                &product.sku,
                &Some(product.name.clone()),
            ]
            .into_iter()
            .flatten()
            {
                existing
                    .products_by_source
                    .entry(name.trim().to_lowercase())
                    .or_insert(entry);
            }
        }
    }

    fn matches_customer(&self, customer: &Customer) -> bool {
        let by_email = customer
            .email
            .as_deref()
            .is_some_and(|e| self.customers_by_email.contains_key(&normalise_email(e)));
        let by_phone = customer
            .phone
            .as_deref()
            .is_some_and(|p| self.customer_phones.contains(&normalise_phone(p)));
        by_email || by_phone
    }
}

/// What the evaluator builds, per kind of record.
enum Built {
    Customers(Vec<Customer>),
    Products(Vec<Product>),
    Orders(OrderAssembler),
    /// Orders once every row is read: outcomes still to sort, the order-id index still to free.
    FinishingOrders {
        outcomes: std::vec::IntoIter<OrderOutcome>,
        index: std::collections::hash_map::IntoIter<String, usize>,
        orders: Vec<Order>,
    },
}

/// Checks the rows of a table a batch at a time, so a caller can yield to the page between
/// batches of a large file. [`evaluate`] runs it in one go.
pub struct Evaluator<'t> {
    table: &'t Table,
    mapping: ColumnMapping,
    existing: &'t Existing,
    today: NaiveDate,
    date_column: Option<usize>,
    scan: DateOrderScan,
    /// Whether the first pass also reads references (orders: see [`IdKinds`]).
    scan_ids: bool,
    ids: IdScan,
    /// Rows scanned for the date order and the kinds of ids (the first pass), then rows
    /// evaluated.
    scanned: usize,
    evaluated: usize,
    built: Built,
    flagged: Vec<Flagged>,
    rejected: Vec<Rejected>,
    look_like_existing: usize,
}

impl<'t> Evaluator<'t> {
    pub fn new(
        table: &'t Table,
        mapping: &ColumnMapping,
        existing: &'t Existing,
        today: NaiveDate,
    ) -> Result<Evaluator<'t>, ImportError> {
        if mapping.columns.iter().all(Option::is_none) {
            return Err(ImportError::NothingMapped);
        }
        let date_field = match mapping.kind {
            EntityKind::Customers => Some(TargetField::BirthDate),
            EntityKind::Orders => Some(TargetField::OrderDate),
            EntityKind::Products => None,
        };
        let rejected = table
            .issues
            .iter()
            .map(|issue| Rejected {
                line: issue.line,
                cells: Vec::new(),
                reasons: vec![issue.message.clone()],
                issues: Vec::new(),
            })
            .collect();
        Ok(Evaluator {
            table,
            mapping: mapping.clone(),
            existing,
            today,
            date_column: date_field.and_then(|f| mapping.column_of(f)),
            scan: DateOrderScan::default(),
            scan_ids: mapping.kind == EntityKind::Orders,
            ids: IdScan::default(),
            scanned: 0,
            evaluated: 0,
            built: match mapping.kind {
                EntityKind::Customers => Built::Customers(Vec::new()),
                EntityKind::Products => Built::Products(Vec::new()),
                EntityKind::Orders => {
                    Built::Orders(OrderAssembler::with_capacity(table.rows.len()))
                }
            },
            flagged: Vec::new(),
            rejected,
            look_like_existing: 0,
        })
    }

    /// Processes up to `max` more rows. Returns whether there is more to do.
    pub fn step(&mut self, max: usize) -> bool {
        let rows = &self.table.rows;
        if self.has_first_pass() && self.scanned < rows.len() {
            let end = (self.scanned + max).min(rows.len());
            for row in &rows[self.scanned..end] {
                if let Some(value) = self.date_column.and_then(|c| row.cells.get(c)) {
                    self.scan.see(value);
                }
                if self.scan_ids {
                    self.ids.see(row, &self.mapping, self.existing);
                }
            }
            self.scanned = end;
            return true;
        }
        if self.evaluated == rows.len() {
            return self.finish_orders_step(max);
        }
        let date_order = self.scan.result();
        let references = self.existing.resolver(self.ids.result());
        let end = (self.evaluated + max).min(rows.len());
        for row in &rows[self.evaluated..end] {
            match &mut self.built {
                Built::Customers(list) => {
                    let outcome = read_customer(row, &self.mapping, self.today, date_order);
                    if let Some(customer) =
                        accept(outcome, row, &mut self.flagged, &mut self.rejected)
                    {
                        if self.existing.matches_customer(&customer) {
                            self.look_like_existing += 1;
                        }
                        list.push(customer);
                    }
                }
                Built::Products(list) => {
                    let outcome = read_product(row, &self.mapping);
                    if let Some(product) =
                        accept(outcome, row, &mut self.flagged, &mut self.rejected)
                    {
                        list.push(product);
                    }
                }
                Built::Orders(assembler) => {
                    assembler.feed(row, &self.mapping, &references, date_order, self.today)
                }
                Built::FinishingOrders { .. } => {}
            }
        }
        self.evaluated = end;
        end < rows.len() || matches!(self.built, Built::Orders(_))
    }

    /// After the last row of an order file: sorts out up to `max` orders and frees up to `max`
    /// entries of the order-id index per step. Returns whether there is more to do.
    fn finish_orders_step(&mut self, max: usize) -> bool {
        if let Built::Orders(assembler) = &mut self.built {
            let (outcomes, index) = std::mem::take(assembler).into_parts();
            self.built = Built::FinishingOrders {
                orders: Vec::with_capacity(outcomes.len()),
                outcomes: outcomes.into_iter(),
                index: index.into_iter(),
            };
            return true;
        }
        let Built::FinishingOrders {
            outcomes,
            index,
            orders,
        } = &mut self.built
        else {
            return false;
        };
        for (outcome, first_row) in outcomes.by_ref().take(max) {
            let row = &self.table.rows[first_row];
            if let Some(order) = accept(outcome, row, &mut self.flagged, &mut self.rejected) {
                orders.push(order);
            }
        }
        // Each entry's key is freed as it is dropped here.
        index.by_ref().take(max).for_each(drop);
        outcomes.len() > 0 || index.len() > 0
    }

    /// How much of the work is done, from 0 to 1.
    fn has_first_pass(&self) -> bool {
        self.date_column.is_some() || self.scan_ids
    }

    pub fn progress(&self) -> f64 {
        let rows = self.table.rows.len().max(1) as f64;
        let passes = if self.has_first_pass() { 2.0 } else { 1.0 };
        let done = if self.has_first_pass() {
            self.scanned as f64 + self.evaluated as f64
        } else {
            self.evaluated as f64
        };
        (done / (rows * passes)).min(1.0)
    }

    /// The evaluation (call after [`Evaluator::step`] returned false).
    pub fn finish(mut self) -> Evaluation {
        if matches!(self.built, Built::Orders(_) | Built::FinishingOrders { .. }) {
            while self.finish_orders_step(usize::MAX) {}
        }
        let built = std::mem::replace(&mut self.built, Built::Products(Vec::new()));
        let records = match built {
            Built::Customers(list) => Records::Customers(list),
            Built::Products(list) => Records::Products(list),
            Built::FinishingOrders { orders, .. } => Records::Orders(orders),
            Built::Orders(_) => Records::Orders(Vec::new()),
        };
        self.rejected.sort_by_key(|r| r.line);
        Evaluation {
            records,
            rejected: self.rejected,
            flagged: self.flagged,
            look_like_existing: self.look_like_existing,
            ids: self.ids.result(),
        }
    }
}

/// Sorts one outcome into accepted, flagged and rejected.
fn accept<T>(
    outcome: RowOutcome<T>,
    row: &TableRow,
    flagged: &mut Vec<Flagged>,
    rejected: &mut Vec<Rejected>,
) -> Option<T> {
    for warning in &outcome.warnings {
        flagged.push(Flagged {
            line: outcome.line,
            issue: warning.clone(),
        });
    }
    match outcome.record {
        Some(record) => Some(record),
        None => {
            rejected.push(Rejected {
                line: outcome.line,
                cells: row.cells.clone(),
                reasons: outcome.errors.iter().map(ToString::to_string).collect(),
                issues: outcome.errors.clone(),
            });
            None
        }
    }
}

/// Checks every row of `table` under `mapping`. Rows the table reader already refused (ragged,
/// unclosed quote) are rejected too, with their reason.
pub fn evaluate(
    table: &Table,
    mapping: &ColumnMapping,
    existing: &Existing,
    today: NaiveDate,
) -> Result<Evaluation, ImportError> {
    let mut evaluator = Evaluator::new(table, mapping, existing, today)?;
    while evaluator.step(usize::MAX) {}
    Ok(evaluator.finish())
}

/// The rejected rows as CSV, with the original columns plus `line` and `problems`, to fix in a
/// spreadsheet and import again.
pub fn rejected_csv(headers: &[String], rejected: &[Rejected]) -> Result<Vec<u8>, csv::Error> {
    let mut out = CsvWriter::new();
    let mut names: Vec<&str> = headers.iter().map(String::as_str).collect();
    names.push("line");
    names.push("problems");
    out.header(&names)?;
    for row in rejected {
        let mut cells: Vec<Cell<'_>> = (0..headers.len())
            .map(|i| row.cells.get(i).map_or(Cell::Empty, |c| Cell::Text(c)))
            .collect();
        cells.push(Cell::Value(row.line.to_string()));
        let reasons = row.reasons.join("; ");
        cells.push(Cell::Value(reasons.clone()));
        out.row(&cells)?;
    }
    out.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::import::decode::EncodingRs;
    use crate::import::detect_mapping;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")
    }

    /// Customers as a second import stores them: Fieldbook ids 1 and 2, with the source ids
    /// the file gave them, which look like Fieldbook ids of other customers.
    fn shifted_customers() -> Existing {
        let stored: Vec<Customer> = [(1, "C2"), (2, "C3")]
            .into_iter()
            .map(|(id, source)| {
                let mut c = Customer::new(CustomerId(id), 0);
                c.name = Some(source.into());
                c.external_id = Some(source.into());
                c
            })
            .collect();
        Existing::new(&stored, &[])
    }

    fn order_customers(existing: &Existing, csv: &str) -> (Vec<Option<u64>>, IdKinds) {
        let (table, _) = read_file(csv.as_bytes(), &EncodingRs).expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let evaluation = evaluate(&table, &mapping, existing, today()).expect("evaluates");
        let Records::Orders(orders) = evaluation.records else {
            panic!("orders")
        };
        let mut found: Vec<Option<u64>> =
            orders.iter().map(|o| o.customer_id.map(|c| c.0)).collect();
        found.extend(evaluation.rejected.iter().map(|_| None));
        (found, evaluation.ids)
    }

    #[test]
    fn a_file_reads_its_own_ids_never_a_look_alike_fieldbook_id() {
        // C1 is the source id of a customer the customers import refused: its order must not
        // land on the stored customer whose Fieldbook id is C1.
        let existing = shifted_customers();
        let (found, ids) = order_customers(
            &existing,
            "order_id,customer_id,date,amount\nA,C2,2025-01-01,1\nB,C3,2025-01-01,1\n\
             D,C3,2025-01-02,1\nC,C1,2025-01-01,1\n",
        );
        assert_eq!(ids.customers, IdKind::Source);
        assert_eq!(found, [Some(1), Some(2), Some(2), None]);
    }

    #[test]
    fn a_fieldbook_export_reads_by_fieldbook_ids() {
        let mut plain = Customer::new(CustomerId(7), 0);
        plain.name = Some("Ada".into());
        let existing = Existing::new(&[plain], &[]);
        let (found, ids) = order_customers(
            &existing,
            "order_id,customer_id,date,amount\nO1,C7,2025-01-01,1\nO2,7,2025-01-02,1\n",
        );
        assert_eq!(ids.customers, IdKind::Own);
        assert_eq!(found, [Some(7), Some(7)]);
    }

    #[test]
    fn customers_are_split_and_existing_ones_spotted() {
        let (table, _) = read_file(
            "name,email,phone,age\nAda,ada@x.io,,36\nBo,,,abc\nCy,cy@,+44 20 7946 0958,\n\"Dee,x\n"
                .as_bytes(),
            &EncodingRs,
        )
        .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Customers);
        let mut stored = Customer::new(CustomerId(1), 0);
        stored.email = Some("ADA@x.io".into());
        let existing = Existing::new(&[stored], &[]);
        let evaluation = evaluate(&table, &mapping, &existing, today()).expect("evaluates");
        assert_eq!(evaluation.records.len(), 2);
        assert_eq!(evaluation.look_like_existing, 1);
        let lines: Vec<_> = evaluation.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 5]);
        assert_eq!(evaluation.flagged.len(), 1);
        assert!(evaluation.rejected[0].reasons[0].contains("age 'abc'"));

        let csv = rejected_csv(&table.headers, &evaluation.rejected).expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        assert!(text.contains("Bo,,,abc,3,"), "{text}");
    }

    #[test]
    fn orders_link_to_stored_customers_by_external_id_or_email() {
        let mut stored = Customer::new(CustomerId(8), 0);
        stored.external_id = Some("C-100".into());
        stored.email = Some("x@y.io".into());
        let product = Product {
            id: ProductId(2),
            name: "Tea".into(),
            sku: Some("T1".into()),
            price: Money(500),
            category: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        let existing = Existing::new(&[stored], &[product]);
        let (table, _) = read_file(
            "order,customer,date,product,qty\n1,c-100,2025-01-02,t1,2\n2,C8,2025-01-03,Tea,1\n3,C9,2025-01-03,tea,1\n"
                .as_bytes(),
            &EncodingRs,
        )
        .expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let evaluation = evaluate(&table, &mapping, &existing, today()).expect("evaluates");
        let Records::Orders(orders) = &evaluation.records else {
            panic!("orders expected");
        };
        assert_eq!(orders.len(), 2);
        assert!(orders.iter().all(|o| o.customer_id == Some(CustomerId(8))));
        assert_eq!(orders[0].amount(), Money(1000));
        assert_eq!(evaluation.rejected[0].line, 4);
    }

    #[test]
    fn small_steps_give_the_same_result_as_one_go() {
        let mut stored = Customer::new(CustomerId(1), 0);
        stored.email = Some("a@x.io".into());
        let existing = Existing::new(&[stored], &[]);
        let mut csv = String::from("order,email,date,amount\n");
        for i in 0..60 {
            let email = if i % 7 == 0 { "nobody@x.io" } else { "a@x.io" };
            csv.push_str(&format!(
                "{},{email},03/{:02}/2024,{i}.50\n",
                i % 25,
                1 + i % 28
            ));
        }
        csv.push_str("99,a@x.io,03/25/2024,1\n");
        let (table, _) = read_file(csv.as_bytes(), &EncodingRs).expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Orders);
        let whole = evaluate(&table, &mapping, &existing, today()).expect("evaluates");
        let mut stepped = Evaluator::new(&table, &mapping, &existing, today()).expect("starts");
        let mut steps = 0;
        while stepped.step(3) {
            steps += 1;
            assert!((0.0..=1.0).contains(&stepped.progress()));
        }
        assert!(steps > 40, "{steps} steps");
        assert_eq!(stepped.finish(), whole);
        let Records::Orders(orders) = &whole.records else {
            panic!("orders expected");
        };
        // "03/25/2024" makes the whole column month-first.
        assert!(orders
            .iter()
            .any(|o| o.date == NaiveDate::from_ymd_opt(2024, 3, 25).expect("date")));
        assert!(!whole.rejected.is_empty());
    }

    #[test]
    fn nothing_mapped_is_an_error() {
        let (table, _) = read_file(b"foo,bar\n1,2\n", &EncodingRs).expect("reads");
        let mapping = detect_mapping(&table.headers, EntityKind::Customers);
        assert_eq!(
            evaluate(&table, &mapping, &Existing::default(), today()),
            Err(ImportError::NothingMapped)
        );
    }
}
