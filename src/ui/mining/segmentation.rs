//! The segmentation panel: pick features and their scaling, pick k or let the silhouette
//! suggest it, run k-means in the worker (progress, cancel), then read the k curve (elbow and
//! silhouette), the clusters' profiles with suggested names (renamable), and a scatter of two
//! features or the first two principal components coloured by cluster.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::analytics::{day_of, Scope};
use crate::charts::{self, Text};
use crate::i18n::format::{amount, decimal, percent, whole};
use crate::i18n::{Lang, Msg};
use crate::mining::{
    Feature, FeatureSpec, Leaning, Profile, Scale, SegmentationAnswer, SegmentationJob,
    SegmentationSections, K_RANGE, SEGMENTATION,
};
use crate::ui::analytics::{ask_with_facts, draw_on, ChartCard, Loaded, TableData};
use crate::ui::compute::{ComputeError, Job};
use crate::ui::data::{format_count, today};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;

/// The seed every run uses: the same data and settings give the same clusters.
const SEED: u64 = 42;

/// A finished run as the page keeps it.
struct Outcome {
    /// The data revision it was computed on.
    revision: u64,
    answer: SegmentationAnswer,
    sections: SegmentationSections,
    features: Vec<FeatureSpec>,
}

thread_local! {
    /// The last run and its segment names, shown again when the page is opened again.
    static LAST: std::cell::RefCell<Option<(Arc<Outcome>, Vec<String>)>> =
        const { std::cell::RefCell::new(None) };
}

fn feature_label(feature: Feature, loaded: &Loaded, lang: Lang) -> String {
    match feature {
        Feature::Recency => Msg::MeasureRecency.text(lang).to_owned(),
        Feature::Frequency => Msg::AxisPurchases.text(lang).to_owned(),
        Feature::Monetary => Msg::ColumnSpend.text(lang).to_owned(),
        Feature::Age => Msg::FieldAge.text(lang).to_owned(),
        Feature::AverageOrder => Msg::FigureAverageOrder.text(lang).to_owned(),
        Feature::Tenure => Msg::MeasureTenure.text(lang).to_owned(),
        Feature::CategoryShare(c) => format!(
            "{}: {}",
            Msg::FeatureCategoryShare.text(lang),
            loaded
                .categories
                .get(c as usize)
                .cloned()
                .unwrap_or_default()
        ),
    }
}

/// A feature's value in original units, as text.
fn feature_value(feature: Feature, value: f64) -> String {
    match feature {
        Feature::Monetary | Feature::AverageOrder => amount((value * 100.0).round() as i64),
        Feature::CategoryShare(_) => percent(value),
        Feature::Frequency => decimal(value, 1),
        _ => whole(value),
    }
}

/// The words of one trait of a cluster ("recent", "big spenders", …).
fn trait_words(feature: Feature, leaning: Leaning, loaded: &Loaded, lang: Lang) -> String {
    use Leaning::{High, Low};
    let msg = match (feature, leaning) {
        (Feature::Recency, Low) => Msg::TraitRecent,
        (Feature::Recency, High) => Msg::TraitLapsed,
        (Feature::Frequency, High) => Msg::TraitFrequent,
        (Feature::Frequency, Low) => Msg::TraitOccasional,
        (Feature::Monetary, High) => Msg::TraitBigSpenders,
        (Feature::Monetary, Low) => Msg::TraitLowSpend,
        (Feature::Age, High) => Msg::TraitOlder,
        (Feature::Age, Low) => Msg::TraitYounger,
        (Feature::AverageOrder, High) => Msg::TraitLargeBaskets,
        (Feature::AverageOrder, Low) => Msg::TraitSmallBaskets,
        (Feature::Tenure, High) => Msg::TraitLongStanding,
        (Feature::Tenure, Low) => Msg::TraitNewcomers,
        (Feature::CategoryShare(c), leaning) => {
            let category = loaded
                .categories
                .get(c as usize)
                .cloned()
                .unwrap_or_default();
            let msg = if leaning == High {
                Msg::TraitCategoryFans
            } else {
                Msg::TraitCategoryLittle
            };
            return msg.text(lang).replace("{}", &category);
        }
    };
    msg.text(lang).to_owned()
}

/// Suggested names for the clusters: their traits in words, made unique.
fn suggested_names(profiles: &[Profile], loaded: &Loaded, lang: Lang) -> Vec<String> {
    let mut names: Vec<String> = profiles
        .iter()
        .map(|p| {
            let words: Vec<String> = p
                .traits
                .iter()
                .map(|&(f, l)| trait_words(f, l, loaded, lang))
                .collect();
            if words.is_empty() {
                Msg::TraitTypical.text(lang).to_owned()
            } else {
                let joined = words.join(", ");
                let mut chars = joined.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    let plain = names.clone();
    for (at, name) in names.iter_mut().enumerate() {
        let before = plain[..at].iter().filter(|n| **n == plain[at]).count();
        if before > 0 {
            *name = format!("{} ({})", plain[at], before + 1);
        }
    }
    names
}

/// The features offered: the figures, then one share per category.
fn offered(loaded: &Loaded) -> Vec<Feature> {
    let mut features = vec![
        Feature::Recency,
        Feature::Frequency,
        Feature::Monetary,
        Feature::AverageOrder,
        Feature::Tenure,
        Feature::Age,
    ];
    features.extend((0..loaded.categories.len() as u32).map(Feature::CategoryShare));
    features
}

fn feature_key(feature: Feature) -> String {
    match feature {
        Feature::Recency => "recency".into(),
        Feature::Frequency => "frequency".into(),
        Feature::Monetary => "monetary".into(),
        Feature::Age => "age".into(),
        Feature::AverageOrder => "aov".into(),
        Feature::Tenure => "tenure".into(),
        Feature::CategoryShare(c) => format!("category-{c}"),
    }
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
    let last = LAST.with(|l| l.borrow().clone());
    let outcome = RwSignal::new(last.as_ref().map(|l| l.0.clone()));
    let names = RwSignal::new(last.map(|l| l.1).unwrap_or_default());
    // Kept for the next visit (names as the user left them).
    Effect::new(move |_| {
        let kept = outcome.get().map(|o| (o, names.get()));
        LAST.with(|l| *l.borrow_mut() = kept);
    });
    let stale = move || {
        let computed = outcome.with(|o| o.as_ref().map(|o| o.revision));
        let current = loaded.with(|l| l.as_ref().map(|l| l.revision));
        matches!((computed, current), (Some(a), Some(b)) if a != b)
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
                }
                Err(ComputeError::Cancelled) => {
                    failure.set(Some(locale.text(Msg::SearchStopped).to_owned()))
                }
                Err(error) => failure.set(Some(format!(
                    "{} ({error})",
                    Msg::BackgroundFailed.text(locale.lang_untracked())
                ))),
            }
        });
    };
    let cancel = move |_| job.with_value(Job::cancel);
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
            {move || progress.get().map(|share| view! {
                <div class="progress-block" data-testid="segmentation-progress">
                    <label>
                        <span>{locale.tr(Msg::SegmentationRunning)}</span>
                        <progress max="1000" value=(share * 1000.0).round().to_string()></progress>
                    </label>
                    <button type="button" class="button-quiet" data-testid="cancel-segmentation" on:click=cancel>{locale.tr(Msg::Cancel)}</button>
                </div>
            })}
            {move || failure.get().map(|text| view! { <p class="error" role="alert" data-testid="segmentation-error">{text}</p> })}
            <Show when=move || outcome.get().is_some()>
                <p
                    role="status"
                    data-testid="segmentation-summary"
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

fn summary(
    outcome: RwSignal<Option<Arc<Outcome>>>,
    locale: crate::ui::locale::LocaleContext,
) -> String {
    let Some(done) = outcome.get() else {
        return String::new();
    };
    let lang = locale.lang();
    let a = &done.answer;
    let mut text = format!(
        "{} {} · k = {} · {} {}",
        format_count(a.rows as u64),
        Msg::SegmentedCustomers.text(lang),
        a.k,
        Msg::Inertia.text(lang),
        decimal(a.inertia, 1),
    );
    if let Some(best) = a.suggested {
        text.push_str(&format!(" · {} {best}", Msg::SuggestedK.text(lang)));
    }
    if a.left_out > 0 {
        text.push_str(&format!(
            " · {} {}",
            format_count(a.left_out as u64),
            Msg::LeftOutNoFeature.text(lang)
        ));
    }
    text
}

/// Draws the elbow, the silhouette and the scatter; returns what went wrong, if anything.
fn draw(
    canvases: (NodeRef<Canvas>, NodeRef<Canvas>, NodeRef<Canvas>),
    done: &Outcome,
    loaded: &Loaded,
    names: &[String],
    axes: Option<(usize, usize)>,
    lang: Lang,
) -> Option<String> {
    let curve = &done.answer.curve;
    let k_axis = Msg::AxisClusters.text(lang).to_owned();
    let mut problems = Vec::new();
    let mut line =
        |canvas: NodeRef<Canvas>, title: Msg, y: Msg, pick: fn(&crate::mining::KPoint) -> f64| {
            if let Some(canvas) = canvas.get_untracked() {
                let points: Vec<(String, f64)> =
                    curve.iter().map(|p| (p.k.to_string(), pick(p))).collect();
                let text = Text {
                    title: title.text(lang).to_owned(),
                    x: k_axis.clone(),
                    y: y.text(lang).to_owned(),
                };
                if let Err(e) = draw_on(&canvas, |root, scale| {
                    charts::line(root, &text, scale, &points, &|v| decimal(v, 2))
                }) {
                    problems.push(e.to_string());
                }
            }
        };
    line(canvases.0, Msg::ChartElbow, Msg::Inertia, |p| p.inertia);
    line(canvases.1, Msg::ChartSilhouette, Msg::Silhouette, |p| {
        p.silhouette
    });
    if let (Some(canvas), Some((x, y))) = (canvases.2.get_untracked(), axes) {
        let points = done.sections.points(x, y);
        let text = Text {
            title: Msg::ChartClusters.text(lang).to_owned(),
            x: axis_label(done, loaded, x, lang),
            y: axis_label(done, loaded, y, lang),
        };
        if let Err(e) = draw_on(&canvas, |root, scale| {
            charts::cluster_scatter(
                root,
                &text,
                scale,
                &points,
                names,
                &|v| decimal(v, 1),
                &|v| decimal(v, 1),
            )
        }) {
            problems.push(e.to_string());
        }
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// The name of a value of the sample rows: a feature, or a principal component.
fn axis_label(done: &Outcome, loaded: &Loaded, at: usize, lang: Lang) -> String {
    match done.features.get(at) {
        Some(spec) => feature_label(spec.feature, loaded, lang),
        None => format!(
            "{} {}",
            Msg::PrincipalComponent.text(lang),
            at - done.features.len() + 1
        ),
    }
}

/// The tables behind the charts.
struct Tables {
    curve: Signal<TableData>,
    points: Signal<TableData>,
}

impl Tables {
    fn new(
        outcome: RwSignal<Option<Arc<Outcome>>>,
        names: RwSignal<Vec<String>>,
        loaded: RwSignal<Option<Arc<Loaded>>>,
        locale: crate::ui::locale::LocaleContext,
    ) -> Tables {
        let curve = Signal::derive(move || {
            let lang = locale.lang();
            let rows = outcome.with(|o| {
                o.as_ref().map_or(Vec::new(), |o| {
                    o.answer
                        .curve
                        .iter()
                        .map(|p| {
                            vec![
                                p.k.to_string(),
                                decimal(p.inertia, 2),
                                decimal(p.silhouette, 4),
                            ]
                        })
                        .collect()
                })
            });
            TableData {
                headers: vec![
                    Msg::AxisClusters.text(lang).to_owned(),
                    Msg::Inertia.text(lang).to_owned(),
                    Msg::Silhouette.text(lang).to_owned(),
                ],
                rows,
            }
        });
        let points = Signal::derive(move || {
            let lang = locale.lang();
            let (Some(done), Some(have)) = (outcome.get(), loaded.get()) else {
                return TableData::default();
            };
            let names = names.get();
            let width = done.sections.width;
            let mut headers = vec![Msg::ClusterName.text(lang).to_owned()];
            headers.extend((0..width).map(|at| axis_label(&done, &have, at, lang)));
            let rows = done
                .sections
                .sample_labels
                .iter()
                .enumerate()
                .map(|(r, &label)| {
                    let mut row = vec![names.get(usize::from(label)).cloned().unwrap_or_default()];
                    row.extend(
                        done.sections.sample_values[r * width..(r + 1) * width]
                            .iter()
                            .map(|v| decimal(f64::from(*v), 3)),
                    );
                    row
                })
                .collect();
            TableData { headers, rows }
        });
        Tables { curve, points }
    }
}

/// Which two values the scatter shows.
#[component]
fn AxesPicker(
    outcome: RwSignal<Option<Arc<Outcome>>>,
    loaded: RwSignal<Option<Arc<Loaded>>>,
    axes: RwSignal<Option<(usize, usize)>>,
) -> impl IntoView {
    let locale = use_locale();
    let options = move || {
        let (Some(done), Some(have)) = (outcome.get(), loaded.get()) else {
            return Vec::new();
        };
        (0..done.sections.width)
            .map(|at| (at, axis_label(&done, &have, at, locale.lang())))
            .collect::<Vec<_>>()
    };
    let select = move |testid: &'static str, first: bool| {
        view! {
            <select data-testid=testid on:change=move |e| {
                if let Ok(at) = event_target_value(&e).parse::<usize>() {
                    axes.update(|a| if let Some((x, y)) = a { if first { *x = at } else { *y = at } });
                }
            }>
                {move || options().into_iter().map(|(at, label)| {
                    let chosen = move || axes.get().map(|(x, y)| if first { x } else { y }) == Some(at);
                    view! { <option value=at.to_string() selected=chosen>{label}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <div class="actions axes">
            <label><span>{locale.tr(Msg::AxisHorizontal)}</span>{select("scatter-x", true)}</label>
            <label><span>{locale.tr(Msg::AxisVertical)}</span>{select("scatter-y", false)}</label>
        </div>
    }
}

/// The clusters' profiles: editable names, size, revenue share, feature means, top categories.
#[component]
fn ProfileTable(
    outcome: RwSignal<Option<Arc<Outcome>>>,
    names: RwSignal<Vec<String>>,
    loaded: RwSignal<Option<Arc<Loaded>>>,
) -> impl IntoView {
    let locale = use_locale();
    let failure = RwSignal::new(None::<String>);
    let export = move |_| {
        let (Some(done), Some(have)) = (outcome.get_untracked(), loaded.get_untracked()) else {
            return;
        };
        let result = members_csv(
            &done,
            &have,
            &names.get_untracked(),
            locale.lang_untracked(),
        )
        .and_then(|bytes| {
            download(
                &dated_name("customer-clusters", "csv"),
                &bytes,
                "text/csv;charset=utf-8",
            )
        });
        failure.set(result.err());
    };
    let head = move || {
        let (Some(done), Some(have)) = (outcome.get(), loaded.get()) else {
            return Vec::new();
        };
        let lang = locale.lang();
        let mut headers = vec![
            Msg::ClusterName.text(lang).to_owned(),
            Msg::ClusterSize.text(lang).to_owned(),
            Msg::RevenueShare.text(lang).to_owned(),
        ];
        headers.extend(done.features.iter().map(|s| {
            format!(
                "{} ({})",
                feature_label(s.feature, &have, lang),
                Msg::FillMean.text(lang)
            )
        }));
        headers.push(Msg::TopCategories.text(lang).to_owned());
        headers
    };
    let rows = move || {
        let (Some(done), Some(have)) = (outcome.get(), loaded.get()) else {
            return Vec::new();
        };
        let total: usize = done.answer.profiles.iter().map(|p| p.size).sum();
        done.answer
            .profiles
            .iter()
            .enumerate()
            .map(|(at, p)| {
                let means: Vec<String> = done
                    .features
                    .iter()
                    .zip(&p.means)
                    .map(|(s, &m)| feature_value(s.feature, m))
                    .collect();
                let top = p
                    .top_categories
                    .iter()
                    .map(|&(c, _)| have.categories.get(c as usize).cloned().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <tr data-testid="cluster-row">
                        <td>
                            <input type="text" data-testid=format!("cluster-name-{at}")
                                aria-label=move || locale.text(Msg::ClusterName)
                                prop:value=move || names.with(|n| n.get(at).cloned().unwrap_or_default())
                                on:change=move |e| names.update(|n| if let Some(name) = n.get_mut(at) { *name = event_target_value(&e).trim().to_owned() }) />
                        </td>
                        <td>{format!("{} ({})", format_count(p.size as u64), percent(p.size as f64 / total.max(1) as f64))}</td>
                        <td>{percent(p.revenue_share)}</td>
                        {means.into_iter().map(|m| view! { <td>{m}</td> }).collect_view()}
                        <td>{top}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="chart-card" data-testid="cluster-profiles">
            <header class="chart-head">
                <h3>{locale.tr(Msg::ClusterProfiles)}</h3>
                <div class="actions">
                    <button type="button" class="button-quiet" data-testid="export-clusters" on:click=export>
                        {locale.tr(Msg::ExportClusterMembers)}
                    </button>
                </div>
            </header>
            {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <div class="table-scroll">
                <table class="preview">
                    <thead><tr>{move || head().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Every clustered customer with its cluster's name, as formula-safe CSV.
fn members_csv(
    done: &Outcome,
    loaded: &Loaded,
    names: &[String],
    lang: Lang,
) -> Result<Vec<u8>, String> {
    use crate::import::export::Cell;
    let mut writer = crate::import::CsvWriter::new();
    writer
        .header(&[
            "id",
            Msg::ColumnSourceId.text(lang),
            Msg::FieldName.text(lang),
            Msg::ClusterName.text(lang),
        ])
        .map_err(|e| e.to_string())?;
    for (&id, &label) in done.sections.customers.iter().zip(&done.sections.labels) {
        writer
            .row(&[
                Cell::Value(format!("C{id}")),
                Cell::Text(loaded.source_id(id)),
                Cell::Text(loaded.name(id)),
                Cell::Text(names.get(usize::from(label)).map_or("", String::as_str)),
            ])
            .map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())
}
