//! The basket-rules panel: set the bars (support, confidence, lift, products per rule), find
//! the rules in the worker (progress, cancel), read them in a sortable table, export them.
//! The rules found last are kept in the database for the customer pages' recommendations.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::run::{failed, is_stale, RunStatus};
use crate::i18n::format::decimal;
use crate::i18n::{Lang, Msg};
use crate::mining::{
    BasketError, Rule, RuleSettings, RulesAnswer, RulesJob, StoredRules, BASKET_RULES, MAX_ITEMSETS,
};
use crate::ui::analytics::{ask_with_facts, Loaded};
use crate::ui::compute::{ComputeError, Job};
use crate::ui::data::{format_count, now_ms, use_data};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;

/// Rows the table shows at most (the export has every rule the worker kept).
const TABLE_ROWS: usize = 200;

/// The lowest support the page accepts, in percent: below it almost every combination of a
/// large basket is "frequent" and the search only grows.
const LEAST_SUPPORT_PERCENT: f64 = 0.01;

/// A finished search as the page keeps it.
struct Found {
    revision: u64,
    answer: RulesAnswer,
}

thread_local! {
    /// The last search, shown again when the page is opened again.
    static LAST: std::cell::RefCell<Option<Arc<Found>>> = const { std::cell::RefCell::new(None) };
}

/// What the table sorts by (always strongest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Lift,
    Confidence,
    Support,
}

fn sorted(rules: &[Rule], by: SortBy) -> Vec<&Rule> {
    let mut list: Vec<&Rule> = rules.iter().collect();
    let key = |r: &Rule| match by {
        SortBy::Lift => r.lift,
        SortBy::Confidence => r.confidence,
        SortBy::Support => r.support,
    };
    list.sort_by(|a, b| key(b).total_cmp(&key(a)));
    list
}

fn products(items: &[u32], loaded: &Loaded, lang: Lang) -> String {
    items
        .iter()
        .map(|&i| loaded.product(i, lang))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn share(value: f64) -> String {
    format!("{}%", decimal(value * 100.0, 2))
}

/// The settings typed in the form, if they make sense.
fn settings_of(support: &str, confidence: &str, lift: &str, items: usize) -> Option<RuleSettings> {
    let number = |text: &str| text.trim().replace(',', ".").parse::<f64>().ok();
    let (support, confidence, lift) = (number(support)?, number(confidence)?, number(lift)?);
    let valid = (LEAST_SUPPORT_PERCENT..=100.0).contains(&support)
        && (0.0..=100.0).contains(&confidence)
        && lift >= 0.0
        && lift.is_finite();
    valid.then_some(RuleSettings {
        min_support: support / 100.0,
        min_confidence: confidence / 100.0,
        min_lift: lift,
        max_items: items,
    })
}

/// Every kept rule as formula-safe CSV.
fn rules_csv(found: &Found, loaded: &Loaded, lang: Lang) -> Result<Vec<u8>, String> {
    use crate::import::export::Cell;
    let mut writer = crate::import::CsvWriter::new();
    writer
        .header(&[
            Msg::RuleIf.text(lang),
            Msg::RuleThen.text(lang),
            Msg::ColumnOrders.text(lang),
            Msg::RuleSupport.text(lang),
            Msg::RuleConfidence.text(lang),
            Msg::RuleLift.text(lang),
        ])
        .map_err(|e| e.to_string())?;
    for rule in &found.answer.rules {
        writer
            .row(&[
                Cell::Text(&products(&rule.antecedent, loaded, lang)),
                Cell::Text(&products(&rule.consequent, loaded, lang)),
                Cell::Value(rule.count.to_string()),
                Cell::Value(format!("{:.6}", rule.support)),
                Cell::Value(format!("{:.6}", rule.confidence)),
                Cell::Value(format!("{:.6}", rule.lift)),
            ])
            .map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())
}

/// The panel.
#[component]
pub fn RulesPanel(loaded: RwSignal<Option<Arc<Loaded>>>) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let defaults = RuleSettings::default();
    let support = RwSignal::new(decimal(defaults.min_support * 100.0, 2));
    let confidence = RwSignal::new(decimal(defaults.min_confidence * 100.0, 0));
    let lift = RwSignal::new(decimal(defaults.min_lift, 1));
    let items = RwSignal::new(defaults.max_items);
    let progress = RwSignal::new(None::<f64>);
    let finished = RwSignal::new(0u32);
    let found = RwSignal::new(LAST.with(|l| l.borrow().clone()));
    Effect::new(move |_| {
        let kept = found.get();
        LAST.with(|l| *l.borrow_mut() = kept);
    });
    let sort = RwSignal::new(SortBy::Lift);
    let failure = RwSignal::new(None::<String>);
    let job = StoredValue::new_local(Job::default());
    on_cleanup(move || {
        job.try_with_value(Job::cancel);
    });
    let stale = move || {
        is_stale(
            found.with(|f| f.as_ref().map(|f| f.revision)),
            loaded.with(|l| l.as_ref().map(|l| l.revision)),
        )
    };

    // Keeps the rules, by product id, for the customer pages.
    let keep = move |answer: &RulesAnswer, have: &Loaded, settings: RuleSettings| {
        let Some(db) = data.db() else { return };
        let id = |&i: &u32| have.product_ids.get(i as usize).copied().unwrap_or(0);
        let stored = StoredRules {
            saved_at: now_ms(),
            baskets: answer.baskets,
            settings,
            rules: answer.rules.iter().map(|r| r.map(id)).collect(),
        };
        spawn_local(async move {
            if let Err(error) = db.set_basket_rules(&stored).await {
                let lang = locale.lang_untracked();
                failure.set(Some(format!("{} {error}", Msg::RulesKeptFailed.text(lang))));
            }
        });
    };

    let start = move |_| {
        let Some(have) = loaded.get_untracked() else {
            return;
        };
        let Some(settings) = settings_of(
            &support.get_untracked(),
            &confidence.get_untracked(),
            &lift.get_untracked(),
            items.get_untracked(),
        ) else {
            failure.set(Some(locale.text(Msg::RulesInvalid).to_owned()));
            return;
        };
        failure.set(None);
        progress.set(Some(0.0));
        let ask = RulesJob {
            revision: have.revision,
            settings,
        };
        job.set_value(Job::default());
        spawn_local(async move {
            let current = job.get_value();
            let header = serde_json::to_string(&ask).unwrap_or_default();
            let result = ask_with_facts(&current, &have, BASKET_RULES, header, move |step| {
                progress.set(Some(step.done as f64 / step.total.max(1) as f64))
            })
            .await
            .and_then(|parcel| {
                serde_json::from_str::<RulesAnswer>(&parcel.header)
                    .map_err(|e| ComputeError::Answer(e.to_string()))
            });
            progress.set(None);
            match result {
                Ok(answer) => {
                    keep(&answer, &have, settings);
                    found.set(Some(Arc::new(Found {
                        revision: have.revision,
                        answer,
                    })));
                    finished.update(|n| *n += 1);
                }
                Err(ComputeError::Answer(why) | ComputeError::Failed(why))
                    if why == BasketError::TooMany.to_string() =>
                {
                    failure.set(Some(
                        locale
                            .text(Msg::RulesTooMany)
                            .replace("{}", &format_count(MAX_ITEMSETS as u64)),
                    ))
                }
                Err(error) => failure.set(Some(failed(error, locale.lang_untracked()))),
            }
        });
    };
    let export = move |_| {
        let (Some(done), Some(have)) = (found.get_untracked(), loaded.get_untracked()) else {
            return;
        };
        let result = rules_csv(&done, &have, locale.lang_untracked()).and_then(|bytes| {
            download(
                &dated_name("basket-rules", "csv"),
                &bytes,
                "text/csv;charset=utf-8",
            )
        });
        failure.set(result.err());
    };

    let summary = move || {
        let done = found.get()?;
        let lang = locale.lang();
        let a = &done.answer;
        let mut text = Msg::RulesSummary
            .text(lang)
            .replace("{rules}", &format_count(a.found as u64))
            .replace("{baskets}", &format_count(a.baskets as u64))
            .replace("{min}", &format_count(u64::from(a.min_count)))
            .replace("{ms}", &format_count(a.compute_ms.round() as u64));
        if a.found > TABLE_ROWS {
            text.push(' ');
            text.push_str(
                &Msg::RulesShownOf
                    .text(lang)
                    .replace("{}", &format_count(TABLE_ROWS as u64)),
            );
        }
        Some(text)
    };
    let header = move |by: SortBy, label: Msg, key: &'static str| {
        let state = move || {
            if sort.get() == by {
                "descending"
            } else {
                "none"
            }
        };
        view! {
            <th scope="col" aria-sort=state>
                <button type="button" class="sort-button" data-testid=format!("sort-rules-{key}") on:click=move |_| sort.set(by)>
                    {locale.tr(label)}
                    <span aria-hidden="true">{move || if sort.get() == by { " ▼" } else { "" }}</span>
                </button>
            </th>
        }
    };
    let rows = move || {
        let (Some(done), Some(have)) = (found.get(), loaded.get()) else {
            return Vec::new();
        };
        let lang = locale.lang();
        sorted(&done.answer.rules, sort.get())
            .into_iter()
            .take(TABLE_ROWS)
            .map(|rule| {
                view! {
                    <tr data-testid="rule-row">
                        <td>{products(&rule.antecedent, &have, lang)}</td>
                        <td>{products(&rule.consequent, &have, lang)}</td>
                        <td>{format_count(u64::from(rule.count))}</td>
                        <td data-testid="rule-support">{share(rule.support)}</td>
                        <td data-testid="rule-confidence">{share(rule.confidence)}</td>
                        <td data-testid="rule-lift">{decimal(rule.lift, 2)}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    let number_field = move |label: Msg, value: RwSignal<String>, key: &'static str| {
        view! {
            <label>
                <span>{locale.tr(label)}</span>
                <input type="text" inputmode="decimal" data-testid=format!("rules-{key}")
                    prop:value=move || value.get() on:change=move |e| value.set(event_target_value(&e)) />
            </label>
        }
    };
    view! {
        <section class="mining-panel" data-testid="basket-rules">
            <h2>{locale.tr(Msg::RulesTitle)}</h2>
            <p class="help">{locale.tr(Msg::RulesHelp)}</p>
            <fieldset class="field-group rule-bars" disabled=move || progress.get().is_some()>
                {number_field(Msg::MinSupport, support, "support")}
                {number_field(Msg::MinRuleConfidence, confidence, "confidence")}
                {number_field(Msg::MinLift, lift, "lift")}
                <label>
                    <span>{locale.tr(Msg::MaxItems)}</span>
                    <select data-testid="rules-items" on:change=move |e| items.set(event_target_value(&e).parse().unwrap_or(3))>
                        {[2usize, 3, 4].map(|n| view! { <option value=n.to_string() selected=move || items.get() == n>{n}</option> }).collect_view()}
                    </select>
                </label>
            </fieldset>
            <div class="actions">
                <button type="button" data-testid="find-rules" disabled=move || progress.get().is_some() || loaded.with(Option::is_none) on:click=start>
                    {locale.tr(Msg::FindRules)}
                </button>
            </div>
            <RunStatus progress=progress failure=failure job=job running=Msg::RulesRunning name="rules" />
            <Show when=move || found.get().is_some()>
                <p
                    role="status"
                    data-testid="rules-summary"
                    data-runs=move || finished.get().to_string()
                    data-rules=move || found.get().map(|f| f.answer.found.to_string())
                    data-baskets=move || found.get().map(|f| f.answer.baskets.to_string())
                    data-mining-ms=move || found.get().map(|f| f.answer.mining_ms.to_string())
                    data-compute-ms=move || found.get().map(|f| f.answer.compute_ms.to_string())
                >
                    {summary}
                </p>
                <Show when=stale>
                    <p class="notice" role="status" data-testid="rules-stale">{locale.tr(Msg::RulesStale)}</p>
                </Show>
                <Show
                    when=move || found.with(|f| f.as_ref().is_some_and(|f| f.answer.found > 0))
                    fallback=move || view! { <p class="empty-state" data-testid="rules-none">{locale.tr(Msg::RulesNone)}</p> }
                >
                    <div class="actions">
                        <button type="button" class="button-quiet" data-testid="export-rules" on:click=export>
                            {locale.tr(Msg::ExportRules)}
                        </button>
                    </div>
                    <div class="table-scroll rules-scroll">
                        <table class="preview" data-testid="rules-table">
                            <thead>
                                <tr>
                                    <th scope="col">{locale.tr(Msg::RuleIf)}</th>
                                    <th scope="col">{locale.tr(Msg::RuleThen)}</th>
                                    <th scope="col">{locale.tr(Msg::ColumnOrders)}</th>
                                    {header(SortBy::Support, Msg::RuleSupport, "support")}
                                    {header(SortBy::Confidence, Msg::RuleConfidence, "confidence")}
                                    {header(SortBy::Lift, Msg::RuleLift, "lift")}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </Show>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_as_percentages_and_checked() {
        let read = settings_of("0,5", "20", "1.5", 3).expect("valid");
        assert!((read.min_support - 0.005).abs() < 1e-12);
        assert!((read.min_confidence - 0.2).abs() < 1e-12);
        assert_eq!((read.min_lift, read.max_items), (1.5, 3));
        assert!(settings_of("0", "20", "1", 3).is_none(), "support too low");
        assert!(settings_of("1", "120", "1", 3).is_none());
        assert!(settings_of("1", "20", "-1", 3).is_none());
        assert!(settings_of("x", "20", "1", 3).is_none());
    }
}
