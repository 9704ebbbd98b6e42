//! Finding duplicate customers: the search runs in the web worker (progress bar, cancel),
//! then the groups above a movable confidence are listed,
//! strongest first, each with the evidence in words; one can be reviewed and merged, or every
//! group above a confidence merged after a summary.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::review::GroupReview;
use super::{compute_error_text, detect_in_worker, evidence_summary, failure_line, percent};
use crate::clean::dedupe::{Detection, DuplicateGroup, Progress, Stage, DEFAULT_THRESHOLD};
use crate::clean::merge::MergeChoice;
use crate::i18n::Msg;
use crate::model::Customer;
use crate::store::{labels, MergeGroup};
use crate::ui::compute::Job;
use crate::ui::data::{format_count, now_ms, use_data, DbState};
use crate::ui::locale::use_locale;
use crate::ui::notices::store_error_text;
use crate::ui::recovery::begin_write;
use crate::ui::undo::use_undo;

/// Groups listed at first, and added by "show more".
const PAGE: usize = 50;

/// A finished search: the scored pairs and the customers they name.
pub(super) struct Found {
    pub detection: Detection,
    pub customers: HashMap<u64, Customer>,
    /// Reading the customers and the pairs marked "not duplicates".
    pub read_ms: f64,
    /// Finding the duplicates (sending the customers to the worker, normal forms, blocking,
    /// comparing, reading the answer).
    pub detect_ms: f64,
}

impl Found {
    /// A group's members as they were read, in id order.
    pub fn members(&self, group: &DuplicateGroup) -> Vec<Customer> {
        group
            .members
            .iter()
            .filter_map(|id| self.customers.get(id).cloned())
            .collect()
    }

    /// A customer's name for lists (or its id when it has none).
    pub fn name(&self, id: u64) -> String {
        self.customers
            .get(&id)
            .and_then(|c| c.name.clone())
            .unwrap_or_else(|| format!("C{id}"))
    }
}

/// Where the search is.
#[derive(Clone, Copy, PartialEq)]
enum Search {
    Idle,
    Loading,
    Running(Progress),
    Stopped,
}

/// The duplicates panel of the cleaning page.
#[component]
pub(super) fn Duplicates() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let search = RwSignal::new(Search::Idle);
    let found = RwSignal::new(None::<Arc<Found>>);
    let searched_at = RwSignal::new(0u64);
    let threshold = RwSignal::new(DEFAULT_THRESHOLD);
    let not_duplicates = RwSignal::new(HashSet::<(u64, u64)>::new());
    // Customers merged or marked since the search: their groups leave the list.
    let settled = RwSignal::new(HashSet::<u64>::new());
    let shown = RwSignal::new(PAGE);
    let open = RwSignal::new(None::<u64>);
    let failure = RwSignal::new(None::<String>);
    let cancel = StoredValue::new_local(Job::default());
    on_cleanup(move || {
        cancel.try_with_value(Job::cancel);
    });

    let groups = Memo::new(move |_| {
        let threshold = threshold.get();
        found.with(|found| {
            let Some(found) = found else {
                return Vec::new();
            };
            let settled = settled.read();
            not_duplicates.with(|marked| {
                found
                    .detection
                    .groups(threshold, marked)
                    .into_iter()
                    .filter(|g| !g.members.iter().any(|id| settled.contains(id)))
                    .collect::<Vec<_>>()
            })
        })
    });
    let stale = move || found.with(Option::is_some) && data.revision() != searched_at.get();

    let start = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        let job = Job::default();
        cancel.set_value(job.clone());
        search.set(Search::Loading);
        failure.set(None);
        open.set(None);
        spawn_local(async move {
            let revision = data.revision_untracked();
            let started = now_ms();
            let read = async {
                Ok::<_, crate::store::StoreError>((
                    db.customers().await?,
                    db.not_duplicates().await?,
                ))
            };
            let (customers, marked) = match read.await {
                Ok(read) => read,
                Err(error) => {
                    failure.set(Some(store_error_text(&error, locale.lang_untracked())));
                    search.set(Search::Idle);
                    return;
                }
            };
            let read_at = now_ms();
            let progress = move |at| search.set(Search::Running(at));
            let detection = match detect_in_worker(&job, &customers, progress).await {
                Ok(detection) => detection,
                Err(error) => {
                    let text = compute_error_text(&error, locale.lang_untracked());
                    search.set(if text.is_none() {
                        Search::Stopped
                    } else {
                        Search::Idle
                    });
                    failure.set(text);
                    return;
                }
            };
            let named: HashSet<u64> = detection.pairs.iter().flat_map(|p| [p.a, p.b]).collect();
            let customers = customers
                .into_iter()
                .filter(|c| named.contains(&c.id.0))
                .map(|c| (c.id.0, c))
                .collect();
            found.set(Some(Arc::new(Found {
                detection,
                customers,
                read_ms: (read_at - started) as f64,
                detect_ms: (now_ms() - read_at) as f64,
            })));
            not_duplicates.set(marked);
            settled.set(HashSet::new());
            searched_at.set(revision);
            shown.set(PAGE);
            search.set(Search::Idle);
        });
    };

    // After this page's own merge the data changed as expected; keep the result current.
    let settle = Callback::new(move |ids: Vec<u64>| {
        settled.update(|s| s.extend(ids));
        searched_at.set(data.revision_untracked());
        open.set(None);
    });
    let mark = Callback::new(move |ids: Vec<u64>| {
        not_duplicates.update(|marked| {
            for (at, &a) in ids.iter().enumerate() {
                for &b in &ids[at + 1..] {
                    marked.insert((a.min(b), a.max(b)));
                }
            }
        });
        open.set(None);
        undo.announce(locale.text(Msg::MarkedNotDuplicates).to_owned(), false);
    });

    let running = move || matches!(search.get(), Search::Loading | Search::Running(_));
    let progress = move || match search.get() {
        Search::Running(p) => (p.done, p.total.max(1), p.stage),
        _ => (0, 1, Stage::Reading),
    };
    view! {
        <section aria-labelledby="duplicates-title" data-testid="duplicates">
            <h2 id="duplicates-title">{locale.tr(Msg::DuplicatesTitle)}</h2>
            <p class="help">{locale.tr(Msg::DuplicatesHelp)}</p>
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="find-duplicates"
                    disabled=move || running() || data.state() != DbState::Ready
                    on:click=start
                >
                    {locale.tr(Msg::FindDuplicates)}
                </button>
                <Show when=running>
                    <button
                        type="button"
                        class="button-quiet"
                        data-testid="cancel-duplicates"
                        on:click=move |_| cancel.with_value(Job::cancel)
                    >
                        {locale.tr(Msg::Cancel)}
                    </button>
                </Show>
            </div>
            <Show when=running>
                <div class="progress-block" data-testid="duplicates-progress">
                    <span>
                        {move || {
                            let msg = match progress().2 {
                                Stage::Reading => Msg::ReadingCustomers,
                                _ => Msg::ComparingCustomers,
                            };
                            locale.text(msg)
                        }}
                    </span>
                    <progress
                        max=move || progress().1.to_string()
                        value=move || progress().0.to_string()
                    ></progress>
                </div>
            </Show>
            <Show when=move || search.get() == Search::Stopped>
                <p class="notice" role="status" data-testid="duplicates-stopped">
                    {locale.tr(Msg::SearchStopped)}
                </p>
            </Show>
            {failure_line(failure)}
            <Show when=stale>
                <p class="notice" role="status" data-testid="duplicates-stale">
                    {locale.tr(Msg::DuplicatesStale)}
                </p>
            </Show>
            <Show when=move || found.with(Option::is_some)>
                <Results
                    found=found
                    groups=groups
                    threshold=threshold
                    shown=shown
                    open=open
                    settle=settle
                    mark=mark
                />
            </Show>
        </section>
    }
}

/// The figures, the confidence control, the group list and merging all above a confidence.
#[component]
fn Results(
    found: RwSignal<Option<Arc<Found>>>,
    groups: Memo<Vec<DuplicateGroup>>,
    threshold: RwSignal<f64>,
    shown: RwSignal<usize>,
    open: RwSignal<Option<u64>>,
    settle: Callback<Vec<u64>>,
    mark: Callback<Vec<u64>>,
) -> impl IntoView {
    let locale = use_locale();
    let customers_in = move || groups.with(|g| g.iter().map(|g| g.members.len()).sum::<usize>());
    let stats = move || {
        found.with(|f| {
            f.as_ref().map_or((0, 0, 0.0, 0.0), |f| {
                (
                    f.detection.customers,
                    f.detection.comparisons,
                    f.read_ms,
                    f.detect_ms,
                )
            })
        })
    };
    view! {
        <dl
            class="figures"
            data-testid="duplicates-figures"
            data-read-ms=move || stats().2.to_string()
            data-detect-ms=move || stats().3.to_string()
        >
            <div>
                <dt>{locale.tr(Msg::DuplicateGroups)}</dt>
                <dd data-testid="group-count">{move || format_count(groups.with(Vec::len) as u64)}</dd>
            </div>
            <div>
                <dt>{locale.tr(Msg::CustomersInGroups)}</dt>
                <dd>{move || format_count(customers_in() as u64)}</dd>
            </div>
            <div>
                <dt>{locale.tr(Msg::PairsCompared)}</dt>
                <dd data-testid="pairs-compared">
                    {move || {
                        let (customers, pairs, read, detect) = stats();
                        format!(
                            "{} / {} · {:.1} s",
                            format_count(pairs as u64),
                            format_count(customers as u64),
                            (read + detect) / 1000.0,
                        )
                    }}
                </dd>
            </div>
        </dl>
        <label class="slider">
            <span>{locale.tr(Msg::MinConfidence)}</span>
            <input
                type="range"
                min="50"
                max="99"
                step="1"
                data-testid="confidence"
                prop:value=move || ((threshold.get() * 100.0).round() as i64).to_string()
                on:input=move |e| {
                    if let Ok(value) = event_target_value(&e).parse::<f64>() {
                        threshold.set(value / 100.0);
                        shown.set(PAGE);
                    }
                }
            />
            <output>{move || format!("{:.0}%", threshold.get() * 100.0)}</output>
        </label>
        <MergeAll found=found groups=groups settle=settle />
        <Show
            when=move || groups.with(|g| !g.is_empty())
            fallback=move || view! { <p class="empty-state" data-testid="no-duplicates">{locale.tr(Msg::NoDuplicates)}</p> }
        >
            <div class="table-scroll">
            <table class="preview duplicate-groups" data-testid="duplicate-groups">
                <thead>
                    <tr>
                        <th scope="col">{locale.tr(Msg::Confidence)}</th>
                        <th scope="col">{locale.tr(Msg::Members)}</th>
                        <th scope="col">{locale.tr(Msg::WhyAlike)}</th>
                        <th scope="col"><span class="visually-hidden">{locale.tr(Msg::ReviewGroup)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || {
                            groups.with(|g| g.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                        }
                        key=|g| (g.members.clone(), (g.confidence * 1e6) as i64)
                        children=move |group| {
                            let first = group.members[0];
                            let names = found.with_untracked(|f| {
                                f.as_ref()
                                    .map(|f| {
                                        group.members.iter().map(|id| f.name(*id)).collect::<Vec<_>>().join(" · ")
                                    })
                                    .unwrap_or_default()
                            });
                            let why = group
                                .links
                                .first()
                                .map(|l| l.evidence.clone())
                                .unwrap_or_default();
                            let confidence = percent(group.confidence);
                            let review = group.clone();
                            view! {
                                <tr data-testid="duplicate-group">
                                    <td class="number">{confidence}</td>
                                    <td>{names}</td>
                                    <td class="why">{move || evidence_summary(&why, locale.lang())}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="button-quiet"
                                            data-testid="review-group"
                                            aria-expanded=move || (open.get() == Some(first)).to_string()
                                            on:click=move |_| {
                                                open.update(|o| {
                                                    *o = if *o == Some(first) { None } else { Some(first) }
                                                })
                                            }
                                        >
                                            {locale.tr(Msg::ReviewGroup)}
                                        </button>
                                    </td>
                                </tr>
                                <Show when=move || open.get() == Some(first)>
                                    <tr class="review-row">
                                        <td colspan="4">
                                            <GroupReview
                                                found=found
                                                group=review.clone()
                                                settle=settle
                                                mark=mark
                                            />
                                        </td>
                                    </tr>
                                </Show>
                            }
                        }
                    />
                </tbody>
            </table>
            </div>
            <Show when=move || { groups.with(Vec::len) > shown.get() }>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="more-groups"
                    on:click=move |_| shown.update(|s| *s += PAGE)
                >
                    {locale.tr(Msg::ShowMoreGroups)}
                </button>
            </Show>
        </Show>
    }
}

/// Merging every listed group at or above a confidence, after a summary of what happens.
#[component]
fn MergeAll(
    found: RwSignal<Option<Arc<Found>>>,
    groups: Memo<Vec<DuplicateGroup>>,
    settle: Callback<Vec<u64>>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let at_least = RwSignal::new(95.0f64);
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let chosen = move || {
        let floor = at_least.get() / 100.0;
        groups.with(|g| {
            g.iter()
                .filter(|g| g.confidence >= floor)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let summary = move || {
        let chosen = chosen();
        let customers: usize = chosen.iter().map(|g| g.members.len()).sum();
        format!(
            "{} / {}",
            format_count(chosen.len() as u64),
            format_count(customers as u64)
        )
    };
    let confirm = move |_| {
        let (Some(db), Some(found)) = (data.db(), found.get_untracked()) else {
            return;
        };
        let plans: Vec<MergeGroup> = chosen()
            .iter()
            .filter_map(|group| {
                let members = found.members(group);
                let choice = MergeChoice::default_for(&members)?;
                Some((members, choice))
            })
            .collect();
        if plans.is_empty() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let ids: Vec<u64> = plans
                .iter()
                .flat_map(|(m, _)| m.iter().map(|c| c.id.0))
                .collect();
            let pending = begin_write(&db, labels::MERGE, &format_count(ids.len() as u64)).await;
            let merged = db.merge_customers(&plans, now_ms()).await;
            pending.done();
            match merged {
                Ok(_) => {
                    asking.set(false);
                    data.changed();
                    settle.run(ids);
                    let text = format!(
                        "{} {}",
                        locale.text(Msg::MergedCustomers),
                        format_count(plans.len() as u64)
                    );
                    undo.announce(text, true);
                }
                Err(error) => failure.set(Some(store_error_text(&error, locale.lang_untracked()))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="merge-all">
            <label>
                <span>{locale.tr(Msg::MergeAllAbove)}</span>
                <input
                    type="number"
                    min="50"
                    max="99"
                    step="1"
                    data-testid="merge-all-at"
                    prop:value=move || at_least.get().to_string()
                    on:change=move |e| {
                        if let Ok(value) = event_target_value(&e).parse::<f64>() {
                            at_least.set(value.clamp(50.0, 99.0));
                        }
                    }
                />
                "%"
            </label>
            <button
                type="button"
                class="button-quiet"
                data-testid="merge-all"
                disabled=move || chosen().is_empty() || busy.get()
                on:click=move |_| asking.set(true)
            >
                {locale.tr(Msg::MergeAllConfirm)}
            </button>
            <Show when=move || asking.get()>
                <div class="confirm-panel" role="alertdialog" aria-labelledby="merge-all-title" data-testid="merge-all-dialog">
                    <h3 id="merge-all-title">{summary}</h3>
                    <p>{locale.tr(Msg::MergeAllSummary)}</p>
                    <div class="actions">
                        <button
                            type="button"
                            class="button"
                            data-testid="merge-all-confirm"
                            disabled=move || busy.get()
                            on:click=confirm
                        >
                            {locale.tr(Msg::MergeAllConfirm)}
                        </button>
                        <button type="button" class="button-quiet" on:click=move |_| asking.set(false)>
                            {locale.tr(Msg::Cancel)}
                        </button>
                    </div>
                </div>
            </Show>
            {failure_line(failure)}
        </div>
    }
}
