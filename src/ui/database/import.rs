//! The import wizard: pick or drop a file → check the column mapping → preview with problems
//! marked and a summary → confirm → progress with cancel → result. Nothing is stored before
//! the user confirms, and a cancelled or failed import stores nothing.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::issues::{describe, describe_all, describe_import_error};
use super::matches::{
    find_matches, merge_rows, split_rows, ImportMatchList, ImportMatches, MatchAction,
};
use super::missing::MissingNotice;
use super::summary::kind_key;
use crate::i18n::{Lang, Msg};
use crate::import::mapping::TargetField;
use crate::import::plan::{
    looks_like_json, rejected_csv, Evaluation, Evaluator, Existing, Records, Rejected,
};
use crate::import::table::TableReader;
use crate::import::{
    decode, detect_mapping, read_json_table, ColumnMapping, EntityKind, ImportError,
    MissingReferences, Table,
};
use crate::model::Problem;
use crate::store::db::yield_now;
use crate::store::{labels, ImportControl, StoreError};
use crate::ui::base::use_app_base;
use crate::ui::data::{format_count, now_ms, today, use_data};
use crate::ui::files::{
    dated_name, download, dropped_file, picked_file, read_file as read_picked, BrowserDecoder,
};
use crate::ui::locale::use_locale;
use crate::ui::notices::store_error_text;
use crate::ui::recovery::begin_write;

/// Rows read or checked between two turns of the page.
const STEP_ROWS: usize = 10_000;

/// Decodes a file and reads its table in steps, yielding to the page between them and
/// reporting progress. JSON files are read in one go.
async fn read_table_in_steps(
    bytes: &[u8],
    working: RwSignal<Option<(Msg, f64)>>,
    lang: Lang,
) -> Result<Table, String> {
    let told = |error: ImportError| describe_import_error(&error, lang);
    let decoded = decode(bytes, &BrowserDecoder).map_err(told)?;
    yield_now().await;
    if looks_like_json(&decoded.text) {
        return read_json_table(&decoded.text).map_err(told);
    }
    let mut reader = TableReader::new(&decoded.text).map_err(told)?;
    while reader.read_rows(STEP_ROWS) {
        working.set(Some((Msg::ImportReading, reader.progress())));
        yield_now().await;
    }
    reader.finish().map_err(told)
}

/// Why a row was rejected, in the user's language where the reason is a known problem.
fn reasons_of(rejected: &Rejected, lang: Lang) -> String {
    if rejected.issues.is_empty() {
        rejected.reasons.join("; ")
    } else {
        describe_all(&rejected.issues, lang)
    }
}

/// Frees a large table a batch of rows at a time: freeing millions of cells at once would
/// block the page.
async fn release_in_steps(table: Arc<Table>) {
    let Ok(table) = Arc::try_unwrap(table) else {
        return;
    };
    let mut rows = table.rows.into_iter();
    while rows.by_ref().take(STEP_ROWS).count() == STEP_ROWS {
        yield_now().await;
    }
}

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 20;
/// Rejected rows listed on screen (all of them are in the download).
const LISTED_REJECTS: usize = 200;

fn kind_from_key(key: &str) -> Option<EntityKind> {
    [
        EntityKind::Customers,
        EntityKind::Products,
        EntityKind::Orders,
    ]
    .into_iter()
    .find(|kind| kind_key(*kind) == key)
}

fn kind_label(kind: EntityKind) -> Msg {
    match kind {
        EntityKind::Customers => Msg::NavCustomers,
        EntityKind::Products => Msg::NavProducts,
        EntityKind::Orders => Msg::NavOrders,
    }
}

/// The import wizard page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let query = use_query_map();
    let initial = query
        .with_untracked(|q| q.get("kind").and_then(|k| kind_from_key(&k)))
        .unwrap_or(EntityKind::Customers);
    let kind = RwSignal::new(initial);
    let file_name = RwSignal::new(String::new());
    let table = RwSignal::new(None::<Arc<Table>>);
    let mapping = RwSignal::new(None::<ColumnMapping>);
    let evaluation = RwSignal::new(None::<Arc<Evaluation>>);
    let matches = RwSignal::new(None::<Arc<ImportMatches>>);
    let choices = RwSignal::new(HashMap::<usize, MatchAction>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let result = RwSignal::new(None::<String>);
    let cancel_flag = StoredValue::new_local(Rc::new(Cell::new(false)));
    let working = RwSignal::new(None::<(Msg, f64)>);

    let load = move |file: web_sys::File| {
        let name = file.name();
        busy.set(true);
        error.set(None);
        evaluation.set(None);
        result.set(None);
        spawn_local(async move {
            working.set(Some((Msg::ImportReading, 0.0)));
            let loaded = match read_picked(&file).await {
                Ok(bytes) => read_table_in_steps(&bytes, working, locale.lang_untracked()).await,
                Err(reason) => Err(reason),
            };
            working.set(None);
            match loaded {
                Ok(read) => {
                    mapping.set(Some(detect_mapping(&read.headers, kind.get_untracked())));
                    table.set(Some(Arc::new(read)));
                    file_name.set(name);
                }
                Err(reason) => {
                    table.set(None);
                    mapping.set(None);
                    error.set(Some(format!(
                        "{} {reason}",
                        locale.text(Msg::FileUnreadable)
                    )));
                }
            }
            busy.set(false);
        });
    };
    let on_pick = move |event: leptos::ev::Event| {
        if let Some(file) = picked_file(&event) {
            load(file);
        }
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        if let Some(file) = dropped_file(&event) {
            load(file);
        }
    };
    let on_kind = move |event: leptos::ev::Event| {
        if let Some(chosen) = kind_from_key(&event_target_value(&event)) {
            kind.set(chosen);
            evaluation.set(None);
            table.with_untracked(|t| {
                if let Some(t) = t {
                    mapping.set(Some(detect_mapping(&t.headers, chosen)));
                }
            });
        }
    };
    let missing = RwSignal::new(None::<Arc<MissingReferences>>);
    let check = move || {
        let (Some(read), Some(current)) = (table.get_untracked(), mapping.get_untracked()) else {
            return;
        };
        let Some(db) = data.db() else {
            return;
        };
        busy.set(true);
        error.set(None);
        crate::ui::compute::warm_up();
        working.set(Some((Msg::ImportChecking, 0.0)));
        spawn_local(async move {
            // Products never refer to customers: a products file skips reading them all.
            let customers = if current.kind == EntityKind::Products {
                Ok(Vec::new())
            } else {
                db.customers().await
            };
            let mut stored: Vec<crate::model::Customer>;
            let existing = match (customers, db.products().await) {
                (Ok(customers), Ok(products)) => {
                    let mut existing = Existing::new(&[], &products);
                    for batch in customers.chunks(STEP_ROWS) {
                        existing.add_customers(batch);
                        yield_now().await;
                    }
                    stored = customers;
                    existing
                }
                (Err(e), _) | (_, Err(e)) => {
                    error.set(Some(e.to_string()));
                    working.set(None);
                    busy.set(false);
                    return;
                }
            };
            match Evaluator::new(&read, &current, &existing, today()) {
                Ok(mut evaluator) => {
                    while evaluator.step(STEP_ROWS) {
                        working.set(Some((Msg::ImportChecking, evaluator.progress())));
                        yield_now().await;
                    }
                    let checked = evaluator.finish();
                    // Customers and products the orders name that are not stored: offered to
                    // add first (see `import::missing`).
                    let mut absent = MissingReferences::default();
                    let unknown = checked.rejected.iter().any(|r| {
                        r.issues
                            .iter()
                            .any(|i| matches!(i.problem, Problem::UnknownReference(_)))
                    });
                    if current.kind == EntityKind::Orders && unknown {
                        for rows in read.rows.chunks(STEP_ROWS) {
                            absent.add_rows(rows, &current, &existing.resolver(checked.ids));
                            yield_now().await;
                        }
                    }
                    missing.set((!absent.is_empty()).then(|| Arc::new(absent)));
                    drop(existing);
                    // Customer rows that look like stored customers get a choice each.
                    let found = match &checked.records {
                        Records::Customers(rows) => {
                            working.set(Some((Msg::ImportMatching, 0.0)));
                            let report =
                                move |share| working.set(Some((Msg::ImportMatching, share)));
                            let stored = std::mem::take(&mut stored);
                            match find_matches(stored, rows, report).await {
                                Ok(found) => found,
                                Err(e) => {
                                    // The rows can still be imported; say that they were not
                                    // checked against the stored customers.
                                    let lang = locale.lang_untracked();
                                    let text = format!(
                                        "{} {} ({e})",
                                        Msg::ImportUnmatched.text(lang),
                                        Msg::BackgroundFailed.text(lang)
                                    );
                                    error.set(Some(text));
                                    ImportMatches::default()
                                }
                            }
                        }
                        _ => ImportMatches::default(),
                    };
                    working.set(None);
                    choices.set(HashMap::new());
                    matches.set(Some(Arc::new(found)));
                    evaluation.set(Some(Arc::new(checked)));
                }
                Err(e) => error.set(Some(describe_import_error(&e, locale.lang_untracked()))),
            }
            busy.set(false);
        });
    };
    let undo = crate::ui::undo::use_undo();
    let confirm = move |_| {
        // Take the checked records out rather than copying a million of them; a cancelled
        // import is checked again.
        let Some(shared) = evaluation.try_update(Option::take).flatten() else {
            return;
        };
        let mut checked = Arc::try_unwrap(shared).unwrap_or_else(|shared| (*shared).clone());
        let Some(db) = data.db() else {
            return;
        };
        let found = matches.get_untracked().unwrap_or_default();
        let mut merges = Vec::new();
        if let Records::Customers(rows) = &mut checked.records {
            let chosen = choices.get_untracked();
            let (keep, merge) = split_rows(std::mem::take(rows), &found, &chosen);
            *rows = keep;
            merges = merge;
        }
        let flag = Rc::new(Cell::new(false));
        cancel_flag.set_value(flag.clone());
        progress.set(Some((0, checked.records.len())));
        spawn_local(async move {
            let control = ImportControl {
                cancelled: flag,
                progress: Box::new(move |done, total| progress.set(Some((done, total)))),
            };
            let source = file_name.get_untracked();
            let pending = Rc::new(begin_write(&db, labels::IMPORT, &source).await);
            let beat = pending.clone();
            let control = ImportControl {
                progress: Box::new(move |done, total| {
                    beat.still_running();
                    (control.progress)(done, total)
                }),
                ..control
            };
            let outcome = if checked.records.is_empty() {
                Ok(0)
            } else {
                db.import_file(checked.records, &source, now_ms(), &control)
                    .await
            };
            // Rows merged into stored customers: one more undoable step, after the import.
            let outcome = match outcome {
                Ok(stored) if !merges.is_empty() => merge_rows(&db, &merges, &source, now_ms())
                    .await
                    .map(|merged| (stored, merged)),
                other => other.map(|stored| (stored, 0)),
            };
            drop(control);
            if let Ok(pending) = Rc::try_unwrap(pending) {
                pending.done();
            }
            progress.set(None);
            match outcome {
                Ok((stored, merged)) => {
                    let mut done = format!(
                        "{} {}",
                        locale.text(Msg::ImportDone),
                        format_count(stored as u64)
                    );
                    if merged > 0 {
                        done.push_str(&format!(
                            "; {} {}",
                            locale.text(Msg::ImportMerged),
                            format_count(merged as u64)
                        ));
                    }
                    // The whole import is one action: the status line offers to undo it.
                    undo.announce(done.clone(), true);
                    result.set(Some(done));
                    evaluation.set(None);
                    data.changed();
                    if let Some(done) = table.try_update(Option::take).flatten() {
                        release_in_steps(done).await;
                    }
                }
                Err(StoreError::Cancelled) => {
                    error.set(Some(locale.text(Msg::ImportCancelled).to_owned()))
                }
                Err(e) => error.set(Some(format!(
                    "{} {}",
                    locale.text(Msg::ImportFailed),
                    store_error_text(&e, locale.lang_untracked())
                ))),
            }
        });
    };
    let cancel = move |_| cancel_flag.with_value(|flag| flag.set(true));
    let download_rejected = move |_| {
        let (Some(read), Some(checked)) = (table.get_untracked(), evaluation.get_untracked())
        else {
            return;
        };
        match rejected_csv(&read.headers, &checked.rejected) {
            Ok(bytes) => {
                if let Err(reason) = download(
                    &dated_name("rejected-rows", "csv"),
                    &bytes,
                    "text/csv;charset=utf-8",
                ) {
                    error.set(Some(reason));
                }
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let restart = move |_| {
        table.set(None);
        mapping.set(None);
        evaluation.set(None);
        result.set(None);
        error.set(None);
    };

    view! {
        <section class="page import-page" data-testid="page-import">
            <h1>{locale.tr(Msg::ImportTitle)}</h1>
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert" data-testid="import-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || result.get().is_some()>
                <div class="notice notice-info" role="status" data-testid="import-result">
                    <span>{move || result.get().unwrap_or_default()}</span>
                    <A href=base.href(&format!("/{}", kind_key(kind.get_untracked()))) attr:class="button">
                        {locale.tr(Msg::ImportSeeRecords)}
                    </A>
                    <button type="button" class="button-quiet" on:click=restart>
                        {locale.tr(Msg::ImportAnother)}
                    </button>
                </div>
            </Show>
            <Show when=move || progress.get().is_some()>
                <ImportProgress progress=progress on_cancel=Callback::new(cancel) />
            </Show>
            <Show when=move || working.get().is_some()>
                <div class="progress-block" data-testid="import-working">
                    <label>
                        <span>{move || working.get().map_or("", |(msg, _)| locale.text(msg))}</span>
                        <progress
                            max="1000"
                            value=move || {
                                working.get().map_or(0.0, |(_, done)| (done * 1000.0).round()).to_string()
                            }
                        ></progress>
                    </label>
                </div>
            </Show>
            <Show when=move || progress.get().is_none() && result.get().is_none()>
                <fieldset class="field-group import-source" disabled=move || busy.get()>
                    <legend>{locale.tr(Msg::ImportStepFile)}</legend>
                    <label class="field">
                        <span>{locale.tr(Msg::ImportKind)}</span>
                        <select data-testid="import-kind" on:change=on_kind>
                            {[EntityKind::Customers, EntityKind::Products, EntityKind::Orders]
                                .into_iter()
                                .map(|k| {
                                    view! {
                                        <option value=kind_key(k) selected=move || kind.get() == k>
                                            {locale.tr(kind_label(k))}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label
                        class="drop-zone"
                        on:dragover=|event: leptos::ev::DragEvent| event.prevent_default()
                        on:drop=on_drop
                    >
                        <span>{locale.tr(Msg::ImportDrop)}</span>
                        <input
                            type="file"
                            accept=".csv,.tsv,.txt,.json,text/csv,application/json"
                            data-testid="import-file"
                            on:change=on_pick
                        />
                    </label>
                    <p class="help">{locale.tr(Msg::ImportFileHelp)}</p>
                    <Show when=move || !file_name.get().is_empty() && table.get().is_some()>
                        <p data-testid="import-file-summary">
                            {move || {
                                let rows = table.get().map_or(0, |t| t.rows.len() + t.issues.len());
                                format!(
                                    "{}: {} {}",
                                    file_name.get(),
                                    format_count(rows as u64),
                                    locale.text(Msg::ImportRowsRead),
                                )
                            }}
                        </p>
                    </Show>
                </fieldset>
                <Show when=move || table.get().is_some()>
                    <MappingEditor table=table mapping=mapping evaluation=evaluation />
                    <Show when=move || evaluation.get().is_none()>
                        <button
                            type="button"
                            data-testid="import-check"
                            disabled=move || busy.get()
                            on:click=move |_| check()
                        >
                            {locale.tr(Msg::ImportCheck)}
                        </button>
                    </Show>
                </Show>
                <Show when=move || evaluation.get().is_some()>
                    <ImportPreview table=table mapping=mapping evaluation=evaluation />
                    <ImportSummary evaluation=evaluation on_download=Callback::new(download_rejected) />
                    <MissingNotice
                        missing=missing
                        source=file_name
                        on_added=Callback::new(move |()| {
                            evaluation.set(None);
                            check();
                        })
                    />
                    <ImportMatchList evaluation=evaluation matches=matches choices=choices />
                    <div class="actions">
                        <button
                            type="button"
                            data-testid="import-confirm"
                            disabled=move || evaluation.with(|e| e.as_ref().is_none_or(|e| e.records.is_empty()))
                            on:click=confirm
                        >
                            {move || {
                                let n = evaluation.get().map_or(0, |e| e.records.len());
                                format!("{} ({})", locale.text(Msg::ImportConfirm), format_count(n as u64))
                            }}
                        </button>
                        <button type="button" class="button-quiet" data-testid="import-back" on:click=move |_| evaluation.set(None)>
                            {locale.tr(Msg::Back)}
                        </button>
                    </div>
                </Show>
            </Show>
        </section>
    }
}

/// The progress bar of a running import, with its cancel button.
#[component]
fn ImportProgress(
    /// (records written, total).
    progress: RwSignal<Option<(usize, usize)>>,
    /// Stops the import.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let (done, total) = (
        move || progress.get().map_or(0, |p| p.0),
        move || progress.get().map_or(1, |p| p.1.max(1)),
    );
    view! {
        <div class="progress-block" data-testid="import-progress">
            <label>
                <span>{locale.tr(Msg::ImportRunning)}</span>
                <progress max=move || total().to_string() value=move || done().to_string()></progress>
            </label>
            <span>{move || format!("{} / {}", format_count(done() as u64), format_count(total() as u64))}</span>
            <button type="button" class="button-quiet" data-testid="import-cancel" on:click=move |_| on_cancel.run(())>
                {locale.tr(Msg::Cancel)}
            </button>
        </div>
    }
}

/// The label of a field, as the import wizard and the edit forms show it.
pub fn field_label(field: TargetField) -> Msg {
    use TargetField::*;
    match field {
        ExternalId => Msg::FieldId,
        Name => Msg::FieldName,
        ProductName => Msg::FieldProductName,
        FirstName => Msg::FieldFirstName,
        LastName => Msg::FieldLastName,
        Gender => Msg::FieldGender,
        BirthDate => Msg::FieldBirthDate,
        Age => Msg::FieldAge,
        Phone => Msg::FieldPhone,
        Email => Msg::FieldEmail,
        Street => Msg::FieldStreet,
        City => Msg::FieldCity,
        Postcode => Msg::FieldPostcode,
        Region => Msg::FieldRegion,
        Country => Msg::FieldCountry,
        Company => Msg::FieldCompany,
        Tags => Msg::FieldTags,
        Sku => Msg::FieldSku,
        Price => Msg::FieldPrice,
        Category => Msg::FieldCategory,
        OrderId => Msg::FieldOrderId,
        CustomerRef => Msg::FieldCustomerRef,
        CustomerEmail => Msg::FieldCustomerEmail,
        OrderDate => Msg::FieldOrderDate,
        Status => Msg::FieldStatus,
        ProductRef => Msg::FieldProductRef,
        Quantity => Msg::FieldQuantity,
        UnitPrice => Msg::FieldUnitPrice,
        Amount => Msg::FieldAmount,
    }
}

/// One select per column: which field it fills, or none.
#[component]
fn MappingEditor(
    table: RwSignal<Option<Arc<Table>>>,
    mapping: RwSignal<Option<ColumnMapping>>,
    evaluation: RwSignal<Option<Arc<Evaluation>>>,
) -> impl IntoView {
    let locale = use_locale();
    let headers = move || table.get().map(|t| t.headers.clone()).unwrap_or_default();
    let notes = move || {
        table
            .get()
            .map(|t| t.header_notes.clone())
            .unwrap_or_default()
    };
    view! {
        <fieldset class="field-group mapping" data-testid="import-mapping">
            <legend>{locale.tr(Msg::ImportStepMapping)}</legend>
            <ul class="help">{move || notes().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            <div class="mapping-grid">
                {move || {
                    let kind = mapping.get().map_or(EntityKind::Customers, |m| m.kind);
                    headers()
                        .into_iter()
                        .enumerate()
                        .map(|(column, header)| {
                            let current = move || mapping.get().and_then(|m| m.columns.get(column).copied().flatten());
                            let on_change = move |event: leptos::ev::Event| {
                                let key = event_target_value(&event);
                                let chosen = TargetField::for_kind(kind).iter().copied().find(|f| f.key() == key);
                                mapping.update(|m| {
                                    if let Some(m) = m {
                                        m.set(column, chosen);
                                    }
                                });
                                evaluation.set(None);
                            };
                            view! {
                                <label class="field">
                                    <span class="column-name">{header.clone()}</span>
                                    <select data-testid=format!("import-map-{column}") on:change=on_change>
                                        <option value="" selected=move || current().is_none()>
                                            {locale.tr(Msg::NotImported)}
                                        </option>
                                        {TargetField::for_kind(kind)
                                            .iter()
                                            .copied()
                                            .map(|field| {
                                                view! {
                                                    <option value=field.key() selected=move || current() == Some(field)>
                                                        {locale.tr(field_label(field))}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </fieldset>
    }
}

/// The first rows as they will be read, with rejected rows and doubtful cells marked.
#[component]
fn ImportPreview(
    table: RwSignal<Option<Arc<Table>>>,
    mapping: RwSignal<Option<ColumnMapping>>,
    evaluation: RwSignal<Option<Arc<Evaluation>>>,
) -> impl IntoView {
    let locale = use_locale();
    let body = move || {
        let (Some(table), Some(mapping), Some(checked)) =
            (table.get(), mapping.get(), evaluation.get())
        else {
            return ().into_any();
        };
        let rejected: HashMap<u64, (HashSet<String>, String)> = checked
            .rejected
            .iter()
            .map(|r| {
                let fields = r.issues.iter().map(|i| i.field.to_string()).collect();
                (r.line, (fields, reasons_of(r, locale.lang())))
            })
            .collect();
        let mut flagged: HashMap<u64, (HashSet<String>, Vec<String>)> = HashMap::new();
        for flag in &checked.flagged {
            let entry = flagged.entry(flag.line).or_default();
            entry.0.insert(flag.issue.field.to_string());
            entry.1.push(describe(&flag.issue, locale.lang()));
        }
        let columns: Vec<(usize, TargetField)> = mapping
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.map(|f| (i, f)))
            .collect();
        let head = columns
            .iter()
            .map(|(i, field)| view! { <th scope="col" title=table.headers[*i].clone()>{locale.text(field_label(*field))}</th> })
            .collect_view();
        let rows = table
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|row| {
                let rejection = rejected.get(&row.line);
                let flags = flagged.get(&row.line);
                let status = match (rejection, flags) {
                    (Some((_, reasons)), _) => reasons.clone(),
                    (None, Some((_, messages))) => messages.join("; "),
                    (None, None) => locale.text(Msg::RowOk).to_owned(),
                };
                let row_class = if rejection.is_some() { "row-rejected" } else if flags.is_some() { "row-flagged" } else { "" };
                let cells = columns
                    .iter()
                    .map(|(i, field)| {
                        let name = field.field().to_string();
                        let bad = rejection.is_some_and(|(fields, _)| fields.contains(&name));
                        let doubtful = flags.is_some_and(|(fields, _)| fields.contains(&name));
                        let class = if bad { "cell-error" } else if doubtful { "cell-warning" } else { "" };
                        view! { <td class=class>{row.cells.get(*i).cloned().unwrap_or_default()}</td> }
                    })
                    .collect_view();
                view! {
                    <tr class=row_class data-line=row.line.to_string()>
                        <td class="line">{row.line.to_string()}</td>
                        {cells}
                        <td class="status">{status}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="preview" data-testid="import-preview">
                    <thead>
                        <tr>
                            <th scope="col">{locale.text(Msg::Line)}</th>
                            {head}
                            <th scope="col">{locale.text(Msg::Problems)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="import-preview">
            <h2>{locale.tr(Msg::ImportStepPreview)}</h2>
            {body}
        </section>
    }
}

/// Counts of what the import would do, and every rejected row with its reason.
#[component]
fn ImportSummary(
    evaluation: RwSignal<Option<Arc<Evaluation>>>,
    /// Downloads the rejected rows.
    on_download: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let figure = move |pick: fn(&Evaluation) -> usize| {
        move || {
            evaluation
                .get()
                .map_or(String::new(), |e| format_count(pick(&e) as u64))
        }
    };
    let rejected_list = move || {
        evaluation.get().map(|e| {
            e.rejected
                .iter()
                .take(LISTED_REJECTS)
                .map(|r| {
                    view! {
                        <li>
                            <strong>{format!("{} {}", locale.text(Msg::Line), r.line)}</strong>
                            ": "
                            {reasons_of(r, locale.lang())}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let has_rejects = move || evaluation.get().is_some_and(|e| !e.rejected.is_empty());
    let lang_is_zh = move || locale.lang() == Lang::Zh;
    view! {
        <section class="import-summary" data-testid="import-summary">
            <h2>{locale.tr(Msg::ImportStepSummary)}</h2>
            <dl class="figures">
                <div><dt>{locale.tr(Msg::RowsValid)}</dt><dd data-testid="import-valid">{figure(|e| e.records.len())}</dd></div>
                <div><dt>{locale.tr(Msg::RowsRejected)}</dt><dd data-testid="import-rejected">{figure(|e| e.rejected.len())}</dd></div>
                <div><dt>{locale.tr(Msg::RowsExisting)}</dt><dd data-testid="import-existing">{figure(|e| e.look_like_existing)}</dd></div>
                <div><dt>{locale.tr(Msg::ValuesFlagged)}</dt><dd data-testid="import-flagged">{figure(|e| e.flagged.len())}</dd></div>
            </dl>
            <Show when=has_rejects>
                <h3>{locale.tr(Msg::RejectedRows)}</h3>
                <p class="help" class:zh=lang_is_zh>{locale.tr(Msg::RejectedHelp)}</p>
                <ul class="rejected-list" data-testid="import-rejected-list">{rejected_list}</ul>
                <button type="button" class="button-quiet" data-testid="import-download-rejected" on:click=move |_| on_download.run(())>
                    {locale.tr(Msg::DownloadRejected)}
                </button>
            </Show>
        </section>
    }
}
