//! The import wizard's duplicate check: imported customer rows that look like stored customers
//! (found by the same detection as the cleaning page), each with a choice — import as new,
//! skip, or merge into the stored customer (which keeps every value it has and gains the
//! missing ones) — or one choice for all of them.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::clean::dedupe::{incoming_matches, IncomingMatch, DEFAULT_THRESHOLD};
use crate::clean::merge::fill_gaps;
use crate::i18n::Msg;
use crate::import::plan::{Evaluation, Records};
use crate::model::{Change, Customer, CustomerId, Record};
use crate::store::{Db, StoreError};
use crate::ui::base::use_app_base;
use crate::ui::cleaning::{detect_in_worker, evidence_summary as evidence_words};
use crate::ui::compute::{ComputeError, Job};
use crate::ui::data::format_count;
use crate::ui::locale::use_locale;

/// What happens to an imported row that matches a stored customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchAction {
    ImportAsNew,
    Skip,
    Merge,
}

impl MatchAction {
    const ALL: [MatchAction; 3] = [
        MatchAction::ImportAsNew,
        MatchAction::Skip,
        MatchAction::Merge,
    ];

    fn key(self) -> &'static str {
        match self {
            MatchAction::ImportAsNew => "new",
            MatchAction::Skip => "skip",
            MatchAction::Merge => "merge",
        }
    }

    fn label(self) -> Msg {
        match self {
            MatchAction::ImportAsNew => Msg::DupImportNew,
            MatchAction::Skip => Msg::DupSkip,
            MatchAction::Merge => Msg::DupMerge,
        }
    }
}

/// The matches of one checked file, and the stored customers they name.
#[derive(Debug, Default)]
pub struct ImportMatches {
    pub matches: Vec<IncomingMatch>,
    pub existing: HashMap<u64, Customer>,
}

/// Imported rows per row index that match stored customers, found in the web worker.
/// `stored` is consumed (the check reads every stored customer anyway); progress goes to
/// `working` as a share.
pub async fn find_matches(
    stored: Vec<Customer>,
    rows: &[Customer],
    working: impl Fn(f64) + Clone + 'static,
) -> Result<ImportMatches, ComputeError> {
    if stored.is_empty() || rows.is_empty() {
        return Ok(ImportMatches::default());
    }
    let first = stored.iter().map(|c| c.id.0).max().unwrap_or(0) + 1;
    let mut all = stored;
    all.extend(rows.iter().enumerate().map(|(row, c)| {
        let mut c = c.clone();
        c.id = CustomerId(first + row as u64);
        c
    }));
    let report =
        move |at: crate::clean::dedupe::Progress| working(at.done as f64 / at.total.max(1) as f64);
    let detection = detect_in_worker(&Job::default(), &all, report).await?;
    let matches = incoming_matches(&detection, first, DEFAULT_THRESHOLD);
    let named: std::collections::HashSet<u64> = matches.iter().map(|m| m.existing).collect();
    let existing = all
        .into_iter()
        .filter(|c| named.contains(&c.id.0))
        .map(|c| (c.id.0, c))
        .collect();
    Ok(ImportMatches { matches, existing })
}

/// Splits the imported rows by the choices: the rows to import, and (stored id, row) pairs to
/// merge. Rows without a match, or whose choice is "import as new", are imported.
pub fn split_rows(
    rows: Vec<Customer>,
    matches: &ImportMatches,
    choices: &HashMap<usize, MatchAction>,
) -> (Vec<Customer>, Vec<(u64, Customer)>) {
    let by_row: HashMap<usize, u64> = matches
        .matches
        .iter()
        .map(|m| (m.row, m.existing))
        .collect();
    let mut keep = Vec::with_capacity(rows.len());
    let mut merge = Vec::new();
    for (row, customer) in rows.into_iter().enumerate() {
        match (by_row.get(&row), choices.get(&row)) {
            (Some(_), Some(MatchAction::Skip)) => {}
            (Some(&existing), Some(MatchAction::Merge)) => merge.push((existing, customer)),
            _ => keep.push(customer),
        }
    }
    (keep, merge)
}

/// Fills the stored customers' gaps from their matched rows, as one undoable change set.
/// Returns how many customers changed.
pub async fn merge_rows(
    db: &Db,
    merges: &[(u64, Customer)],
    source: &str,
    now: i64,
) -> Result<usize, StoreError> {
    let mut changes = Vec::new();
    for (id, row) in merges {
        let Some(stored) = db.customer(*id).await? else {
            continue;
        };
        let merged = fill_gaps(&stored, row);
        if merged != stored {
            changes.push(Change {
                before: Some(Record::Customer(stored)),
                after: Some(Record::Customer(merged)),
            });
        }
    }
    let count = changes.len();
    if count > 0 {
        db.apply(crate::store::labels::MERGE, source, changes, now)
            .await?;
    }
    Ok(count)
}

/// Rows listed at most (the choice for all covers every row).
const LISTED: usize = 200;

/// The list of matched rows with their choices.
#[component]
pub fn ImportMatchList(
    /// The checked file (its customer rows).
    evaluation: RwSignal<Option<Arc<Evaluation>>>,
    /// Their matches.
    matches: RwSignal<Option<Arc<ImportMatches>>>,
    /// The choice per row index.
    choices: RwSignal<HashMap<usize, MatchAction>>,
) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let count = move || matches.with(|m| m.as_ref().map_or(0, |m| m.matches.len()));
    let set_all = move |e: leptos::ev::Event| {
        let key = event_target_value(&e);
        if let Some(action) = MatchAction::ALL.into_iter().find(|a| a.key() == key) {
            let rows: Vec<usize> = matches.with(|m| {
                m.as_ref()
                    .map(|m| m.matches.iter().map(|x| x.row).collect())
                    .unwrap_or_default()
            });
            choices.set(rows.into_iter().map(|r| (r, action)).collect());
        }
    };
    let options = move || {
        MatchAction::ALL
            .into_iter()
            .map(|a| view! { <option value=a.key()>{locale.tr(a.label())}</option> })
            .collect_view()
    };
    view! {
        <Show when=move || { count() > 0 }>
            <section class="import-matches" data-testid="import-matches">
                <h3>
                    {locale.tr(Msg::ImportMatchesTitle)}
                    ": "
                    <span data-testid="import-match-count">{move || format_count(count() as u64)}</span>
                </h3>
                <label class="select-line">
                    <span>{locale.tr(Msg::ForAllMatches)}</span>
                    <select data-testid="match-all" on:change=set_all>
                        <option value="">"—"</option>
                        {options()}
                    </select>
                </label>
                <div class="table-scroll">
                    <table class="preview">
                        <tbody>
                            {move || {
                                let found = matches.get();
                                let Some(found) = found else { return Vec::new() };
                                evaluation.with(|checked| {
                                    let no_rows = Vec::new();
                                    let rows = match checked.as_ref().map(|e| &e.records) {
                                        Some(Records::Customers(rows)) => rows,
                                        _ => &no_rows,
                                    };
                                    found
                                        .matches
                                        .iter()
                                        .take(LISTED)
                                        .map(|m| {
                                            let row = m.row;
                                            let incoming = rows.get(row).cloned();
                                            let describe = |c: Option<&Customer>| {
                                                c.map(|c| {
                                                    [c.name.clone(), c.email.clone(), c.phone.clone()]
                                                        .into_iter()
                                                        .flatten()
                                                        .collect::<Vec<_>>()
                                                        .join(" · ")
                                                })
                                                .unwrap_or_default()
                                            };
                                            let existing = describe(found.existing.get(&m.existing));
                                            let href = base.href(&format!("/customers/{}", m.existing));
                                            let evidence = m.evidence.clone();
                                            view! {
                                                <tr data-testid="import-match">
                                                    <td>{describe(incoming.as_ref())}</td>
                                                    <td>
                                                        <a href=href>{format!("C{}", m.existing)}</a>
                                                        " "
                                                        {existing}
                                                    </td>
                                                    <td class="status">{move || evidence_words(&evidence, locale.lang())}</td>
                                                    <td>
                                                        <select
                                                            data-testid="match-action"
                                                            prop:value=move || {
                                                                choices.with(|c| c.get(&row).copied().unwrap_or(MatchAction::ImportAsNew).key())
                                                            }
                                                            on:change=move |e| {
                                                                let key = event_target_value(&e);
                                                                if let Some(action) = MatchAction::ALL.into_iter().find(|a| a.key() == key) {
                                                                    choices.update(|c| {
                                                                        c.insert(row, action);
                                                                    });
                                                                }
                                                            }
                                                        >
                                                            {options()}
                                                        </select>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect::<Vec<_>>()
                                })
                            }}
                        </tbody>
                    </table>
                </div>
            </section>
        </Show>
    }
}
