//! The churn panel: pick the horizon, learn and check the model in the worker (progress,
//! cancel), read its held-out figures against the majority guess and what drives the risk.
//! The scores are kept in the database for the customer list's column and filter.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::run::{failed, is_stale, RunStatus};
use crate::analytics::date_of;
use crate::i18n::format::{decimal, percent};
use crate::i18n::{Lang, Msg};
use crate::mining::{
    ChurnAnswer, ChurnFeature, ChurnJob, ChurnScores, StoredChurn, CHURN, HORIZONS,
};
use crate::ui::analytics::{ask_with_facts, Loaded};
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::compute::{ComputeError, Job};
use crate::ui::customers::forget_customer_index;
use crate::ui::data::{format_count, now_ms, use_data};
use crate::ui::locale::use_locale;

/// The horizon the page starts with.
const DEFAULT_HORIZON: i32 = 90;

/// A finished run as the page keeps it.
struct Scored {
    revision: u64,
    answer: ChurnAnswer,
}

thread_local! {
    /// The last run, shown again when the page is opened again.
    static LAST: std::cell::RefCell<Option<Arc<Scored>>> = const { std::cell::RefCell::new(None) };
}

fn feature_name(feature: ChurnFeature, lang: Lang) -> &'static str {
    match feature {
        ChurnFeature::Recency => Msg::MeasureRecency,
        ChurnFeature::Frequency => Msg::AxisPurchases,
        ChurnFeature::Monetary => Msg::ColumnSpend,
        ChurnFeature::AverageOrder => Msg::FigureAverageOrder,
        ChurnFeature::Tenure => Msg::MeasureTenure,
        ChurnFeature::RecentPurchases => Msg::FeatureRecentPurchases,
    }
    .text(lang)
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), percent)
}

/// The panel.
#[component]
pub fn ChurnPanel(loaded: RwSignal<Option<Arc<Loaded>>>) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let horizon = RwSignal::new(DEFAULT_HORIZON);
    let progress = RwSignal::new(None::<f64>);
    let finished = RwSignal::new(0u32);
    let scored = RwSignal::new(LAST.with(|l| l.borrow().clone()));
    Effect::new(move |_| {
        let kept = scored.get();
        LAST.with(|l| *l.borrow_mut() = kept);
    });
    let failure = RwSignal::new(None::<String>);
    let job = StoredValue::new_local(Job::default());
    on_cleanup(move || {
        job.try_with_value(Job::cancel);
    });
    let stale = move || {
        is_stale(
            scored.with(|s| s.as_ref().map(|s| s.revision)),
            loaded.with(|l| l.as_ref().map(|l| l.revision)),
        )
    };

    // Keeps the scores for the customer list (its index is built again on the next visit).
    let keep = move |answer: &ChurnAnswer, scores: ChurnScores| {
        let Some(db) = data.db() else { return };
        let stored = StoredChurn {
            saved_at: now_ms(),
            horizon_days: answer.horizon_days,
            end_day: answer.end_day,
            scores,
        };
        spawn_local(async move {
            match db.set_churn_scores(&stored).await {
                Ok(()) => forget_customer_index(),
                Err(error) => {
                    let lang = locale.lang_untracked();
                    failure.set(Some(format!("{} {error}", Msg::ChurnKeptFailed.text(lang))));
                }
            }
        });
    };

    let start = move |_| {
        let Some(have) = loaded.get_untracked() else {
            return;
        };
        failure.set(None);
        progress.set(Some(0.0));
        let ask = ChurnJob {
            revision: have.revision,
            horizon_days: horizon.get_untracked(),
        };
        job.set_value(Job::default());
        spawn_local(async move {
            let current = job.get_value();
            let header = serde_json::to_string(&ask).unwrap_or_default();
            let result = ask_with_facts(&current, &have, CHURN, header, move |step| {
                progress.set(Some(step.done as f64 / step.total.max(1) as f64))
            })
            .await
            .and_then(|parcel| {
                let answer = serde_json::from_str::<ChurnAnswer>(&parcel.header)
                    .map_err(|e| ComputeError::Answer(e.to_string()))?;
                let scores = ChurnScores::from_sections(&parcel.sections)
                    .ok_or_else(|| ComputeError::Answer("the scores could not be read".into()))?;
                Ok((answer, scores))
            });
            progress.set(None);
            match result {
                Ok((answer, scores)) => {
                    keep(&answer, scores);
                    scored.set(Some(Arc::new(Scored {
                        revision: have.revision,
                        answer,
                    })));
                    finished.update(|n| *n += 1);
                }
                Err(error) => failure.set(Some(failed(error, locale.lang_untracked()))),
            }
        });
    };

    let summary = move || {
        let done = scored.get()?;
        let a = &done.answer;
        let day = |d: i32| date_of(d).format("%Y-%m-%d").to_string();
        Some(
            Msg::ChurnSummary
                .text(locale.lang())
                .replace("{train}", &format_count(a.train_rows as u64))
                .replace("{train_day}", &day(a.train_cutoff))
                .replace("{test}", &format_count(a.evaluation.rows as u64))
                .replace("{test_day}", &day(a.test_cutoff))
                .replace("{n}", &a.horizon_days.to_string())
                .replace("{scored}", &format_count(a.scored as u64))
                .replace("{risk}", &format_count(a.at_risk as u64)),
        )
    };
    let metrics = move || {
        let done = scored.get()?;
        let e = done.answer.evaluation;
        let lang = locale.lang();
        let guess = if e.baseline_recall > 0.0 {
            Msg::ChurnGuessChurns
        } else {
            Msg::ChurnGuessStays
        };
        let rows = [
            (
                Msg::MetricAccuracy,
                percent(e.accuracy),
                percent(e.baseline_accuracy),
            ),
            (
                Msg::MetricPrecision,
                share(e.precision),
                share(e.baseline_precision),
            ),
            (
                Msg::MetricRecall,
                percent(e.recall),
                percent(e.baseline_recall),
            ),
            (Msg::MetricAuc, decimal(e.auc, 3), decimal(0.5, 3)),
        ];
        let verdict = if e.beats_baseline() {
            Msg::ChurnBeats
        } else {
            Msg::ChurnNoBetter
        };
        Some(view! {
            <div class="table-scroll">
                <table class="preview" data-testid="churn-metrics">
                    <thead>
                        <tr>
                            <th scope="col">{Msg::ChurnMeasure.text(lang)}</th>
                            <th scope="col">{Msg::ChurnModelColumn.text(lang)}</th>
                            <th scope="col">{Msg::ChurnBaseline.text(lang).replace("{}", guess.text(lang))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(label, model, baseline)| view! {
                            <tr><th scope="row">{label.text(lang)}</th><td>{model}</td><td>{baseline}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p data-testid="churn-verdict" data-beats=e.beats_baseline().to_string()>{verdict.text(lang)}</p>
        })
    };
    let weights = move || {
        let done = scored.get()?;
        let lang = locale.lang();
        let mut list = done.answer.weights.clone();
        list.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        Some(view! {
            <h3>{Msg::ChurnWeights.text(lang)}</h3>
            <div class="table-scroll">
                <table class="preview" data-testid="churn-weights">
                    <thead>
                        <tr>
                            <th scope="col">{Msg::ChurnMeasure.text(lang)}</th>
                            <th scope="col">{Msg::ChurnWeight.text(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|(feature, weight)| view! {
                            <tr><th scope="row">{feature_name(feature, lang)}</th><td>{decimal(weight, 2)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <section class="mining-panel" data-testid="churn">
            <h2>{locale.tr(Msg::ChurnTitle)}</h2>
            <p class="help">{locale.tr(Msg::ChurnHelp)}</p>
            <div class="actions">
                <label>
                    <span>{locale.tr(Msg::ChurnHorizon)}</span>
                    <select data-testid="churn-horizon" disabled=move || progress.get().is_some()
                        on:change=move |e| horizon.set(event_target_value(&e).parse().unwrap_or(DEFAULT_HORIZON))>
                        {HORIZONS.map(|n| view! { <option value=n.to_string() selected=move || horizon.get() == n>{n}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="score-churn" disabled=move || progress.get().is_some() || loaded.with(Option::is_none) on:click=start>
                    {locale.tr(Msg::ScoreChurn)}
                </button>
            </div>
            <RunStatus progress=progress failure=failure job=job running=Msg::ChurnRunning name="churn" />
            <Show when=move || scored.get().is_some()>
                <p
                    role="status"
                    data-testid="churn-summary"
                    data-runs=move || finished.get().to_string()
                    data-compute-ms=move || scored.get().map(|s| s.answer.compute_ms.to_string())
                    data-auc=move || scored.get().map(|s| s.answer.evaluation.auc.to_string())
                    data-scored=move || scored.get().map(|s| s.answer.scored.to_string())
                >
                    {summary}
                </p>
                <Show when=stale>
                    <p class="notice" role="status" data-testid="churn-stale">{locale.tr(Msg::ChurnStale)}</p>
                </Show>
                {metrics}
                {weights}
                <p>
                    <A href=base.href(&Area::Customers.path()) attr:data-testid="see-churn-list">{locale.tr(Msg::SeeChurnList)}</A>
                </p>
            </Show>
        </section>
    }
}
