//! The segmentation panel: pick features and their scaling, pick k or let the silhouette
//! suggest it, run k-means in the worker (progress, cancel), then read the k curve (elbow and
//! silhouette), the clusters' profiles with suggested names (renamable), and a scatter of two
//! features or the first two principal components coloured by cluster.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::results::{draw, summary, AxesPicker, ProfileTable, Tables};
use super::run::{failed, is_stale, RunStatus};
use super::words::{feature_key, feature_label, offered, suggested_names};
use crate::analytics::{day_of, Scope};
use crate::i18n::Msg;
use crate::mining::{
    Feature, FeatureSpec, Scale, SegmentationAnswer, SegmentationJob, SegmentationSections,
    K_RANGE, SEGMENTATION,
};
use crate::ui::analytics::{ask_with_facts, ChartCard, Loaded};
use crate::ui::compute::{ComputeError, Job};
use crate::ui::data::today;
use crate::ui::locale::use_locale;

/// The seed every run uses: the same data and settings give the same clusters.
const SEED: u64 = 42;

/// A finished run as the page keeps it.
pub(super) struct Outcome {
    /// The data revision it was computed on.
    pub(super) revision: u64,
    pub(super) answer: SegmentationAnswer,
    pub(super) sections: SegmentationSections,
    pub(super) features: Vec<FeatureSpec>,
}

thread_local! {
    /// The last run and its segment names, shown again when the page is opened again.
    static LAST: std::cell::RefCell<Option<(Arc<Outcome>, Vec<String>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Asks the worker for a segmentation, telling `on_share` how far it is.
async fn run(
    job: &Job,
    loaded: &Loaded,
    ask: &SegmentationJob,
    on_share: impl Fn(f64) + Clone + 'static,
) -> Result<Outcome, ComputeError> {
    let header = serde_json::to_string(ask).unwrap_or_default();
    let answer = ask_with_facts(job, loaded, SEGMENTATION, header, move |step| {
        on_share(step.done as f64 / step.total.max(1) as f64)
    })
    .await?;
    let parsed: SegmentationAnswer =
        serde_json::from_str(&answer.header).map_err(|e| ComputeError::Answer(e.to_string()))?;
    let sections = SegmentationSections::from_sections(&answer.sections)
        .ok_or_else(|| ComputeError::Answer("the clusters could not be read".into()))?;
    Ok(Outcome {
        revision: loaded.revision,
        answer: parsed,
        sections,
        features: ask.features.clone(),
    })
}

/// The panel.
#[component]
pub fn SegmentationPanel(loaded: RwSignal<Option<Arc<Loaded>>>) -> impl IntoView {
    let locale = use_locale();
    let chosen = RwSignal::new(vec![
        FeatureSpec::of(Feature::Recency),
        FeatureSpec::of(Feature::Frequency),
        FeatureSpec::of(Feature::Monetary),
    ]);
    let k = RwSignal::new(None::<usize>);
    let progress = RwSignal::new(None::<f64>);
    // Runs finished since the page opened (tests and benchmarks wait for the next one).
    let finished = RwSignal::new(0u32);
    let last = LAST.with(|l| l.borrow().clone());
    let outcome = RwSignal::new(last.as_ref().map(|l| l.0.clone()));
    let names = RwSignal::new(last.map(|l| l.1).unwrap_or_default());
    // Kept for the next visit (names as the user left them).
    Effect::new(move |_| {
        let kept = outcome.get().map(|o| (o, names.get()));
        LAST.with(|l| *l.borrow_mut() = kept);
    });
    let stale = move || {
        is_stale(
            outcome.with(|o| o.as_ref().map(|o| o.revision)),
            loaded.with(|l| l.as_ref().map(|l| l.revision)),
        )
    };
    let failure = RwSignal::new(None::<String>);
    // The scatter's axes: positions in a sample row (features, then PC1, PC2).
    let axes = RwSignal::new(
        outcome.with_untracked(|o| o.as_ref().map(|o| (o.features.len(), o.features.len() + 1))),
    );
    let job = StoredValue::new_local(Job::default());
    on_cleanup(move || {
        job.try_with_value(Job::cancel);
    });
    let canvases = (
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
        NodeRef::<Canvas>::new(),
    );

    let redraw = move || {
        let (Some(done), Some(have)) = (outcome.get_untracked(), loaded.get_untracked()) else {
            return;
        };
        let lang = locale.lang_untracked();
        if let Some(problem) = draw(
            canvases,
            &done,
            &have,
            &names.get_untracked(),
            axes.get_untracked(),
            lang,
        ) {
            failure.set(Some(problem));
        }
    };

    let start = move |_| {
        let Some(have) = loaded.get_untracked() else {
            return;
        };
        let features = chosen.get_untracked();
        if features.is_empty() {
            failure.set(Some(locale.text(Msg::ChooseAFeature).to_owned()));
            return;
        }
        failure.set(None);
        progress.set(Some(0.0));
        let ask = SegmentationJob {
            revision: have.revision,
            scope: Scope {
                as_of: day_of(today()),
                ..Scope::default()
            },
            features,
            k: k.get_untracked(),
            curve: true,
            seed: SEED,
        };
        job.set_value(Job::default());
        spawn_local(async move {
            let current = job.get_value();
            let result = run(&current, &have, &ask, move |share| {
                progress.set(Some(share))
            })
            .await;
            progress.set(None);
            match result {
                Ok(done) => {
                    names.set(suggested_names(
                        &done.answer.profiles,
                        &have,
                        locale.lang_untracked(),
                    ));
                    let dims = done.features.len();
                    axes.set(Some((dims, dims + 1)));
                    outcome.set(Some(Arc::new(done)));
                    finished.update(|n| *n += 1);
                }
                Err(error) => failure.set(Some(failed(error, locale.lang_untracked()))),
            }
        });
    };
    // Drawn once the charts are on the page (after a run shows them), and again when the
    // language, the axes or the names change.
    Effect::new(move |_| {
        locale.lang();
        axes.track();
        names.track();
        outcome.track();
        request_animation_frame(redraw);
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| redraw());
    on_cleanup(move || resized.remove());

    let toggle = move |feature: Feature, on: bool| {
        chosen.update(|list| {
            list.retain(|s| s.feature != feature);
            if on {
                list.push(FeatureSpec::of(feature));
                list.sort_by_key(|s| s.feature);
            }
        })
    };
    let set_scale = move |feature: Feature, scale: Scale| {
        chosen.update(|list| {
            for spec in list.iter_mut().filter(|s| s.feature == feature) {
                spec.scale = scale;
            }
        })
    };
    let feature_rows = move || {
        let Some(have) = loaded.get() else {
            return Vec::new();
        };
        offered(&have)
            .into_iter()
            .map(|feature| {
                let key = feature_key(feature);
                let label = feature_label(feature, &have, locale.lang());
                let on = move || chosen.with(|l| l.iter().any(|s| s.feature == feature));
                let logged = move || {
                    chosen.with(|l| l.iter().any(|s| s.feature == feature && s.scale == Scale::LogStandard))
                };
                view! {
                    <div class="feature-row">
                        <label class="check">
                            <input type="checkbox" data-testid=format!("feature-{key}") prop:checked=on on:change=move |e| toggle(feature, event_target_checked(&e)) />
                            <span>{label}</span>
                        </label>
                        <label class="check">
                            <input type="checkbox" data-testid=format!("log-{key}") prop:checked=logged disabled=move || !on()
                                on:change=move |e| set_scale(feature, if event_target_checked(&e) { Scale::LogStandard } else { Scale::Standard }) />
                            <span>{locale.tr(Msg::LogThenStandardise)}</span>
                        </label>
                    </div>
                }
            })
            .collect::<Vec<_>>()
    };
    let tables = Tables::new(outcome, names, loaded, locale);
    view! {
        <section class="mining-panel" data-testid="segmentation">
            <h2>{locale.tr(Msg::SegmentationTitle)}</h2>
            <p class="help">{locale.tr(Msg::SegmentationHelp)}</p>
            <fieldset class="field-group features" disabled=move || progress.get().is_some()>
                <legend>{locale.tr(Msg::SegmentationFeatures)}</legend>
                {feature_rows}
            </fieldset>
            <div class="actions">
                <label>
                    <span>{locale.tr(Msg::ClusterCount)}</span>
                    <select data-testid="cluster-count" on:change=move |e| k.set(event_target_value(&e).parse().ok())>
                        <option value="" selected=move || k.get().is_none()>{locale.tr(Msg::SuggestK)}</option>
                        {K_RANGE.map(|n| view! { <option value=n.to_string() selected=move || k.get() == Some(n)>{n}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="run-segmentation" disabled=move || progress.get().is_some() || loaded.with(Option::is_none) on:click=start>
                    {locale.tr(Msg::RunSegmentation)}
                </button>
            </div>
            <RunStatus progress=progress failure=failure job=job running=Msg::SegmentationRunning name="segmentation" />
            <Show when=move || outcome.get().is_some()>
                <p
                    role="status"
                    data-testid="segmentation-summary"
                    data-runs=move || finished.get().to_string()
                    data-kmeans-ms=move || outcome.get().map(|o| o.answer.kmeans_ms.to_string())
                    data-compute-ms=move || outcome.get().map(|o| o.answer.compute_ms.to_string())
                    data-inertia=move || outcome.get().map(|o| o.answer.inertia.to_string())
                >
                    {move || summary(outcome, locale)}
                </p>
                <Show when=stale>
                    <p class="notice" role="status" data-testid="segmentation-stale">{locale.tr(Msg::StaleResults)}</p>
                </Show>
                <div class="chart-grid">
                    <ChartCard id="elbow" title=Msg::ChartElbow canvas=canvases.0 table=tables.curve />
                    <ChartCard id="silhouette" title=Msg::ChartSilhouette canvas=canvases.1 table=tables.curve />
                    <ChartCard id="clusters" title=Msg::ChartClusters canvas=canvases.2 table=tables.points />
                </div>
                <AxesPicker outcome=outcome loaded=loaded axes=axes />
                <ProfileTable outcome=outcome names=names loaded=loaded />
            </Show>
        </section>
    }
}
