//! A segmentation's results on the page: the summary line, the charts (elbow, silhouette,
//! coloured scatter) with their tables, the scatter's axes, and the renamable profiles with
//! the member export and saving them as segments.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;

use super::save::SaveSegments;
use super::segmentation::Outcome;
use super::words::{feature_label, feature_value};
use crate::charts::{self, Text};
use crate::i18n::format::{decimal, percent};
use crate::i18n::{Lang, Msg};
use crate::ui::analytics::{draw_on, Loaded, TableData};
use crate::ui::data::format_count;
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;

pub(super) fn summary(
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
pub(super) fn draw(
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
pub(super) struct Tables {
    pub(super) curve: Signal<TableData>,
    pub(super) points: Signal<TableData>,
}

impl Tables {
    pub(super) fn new(
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
pub(super) fn AxesPicker(
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
pub(super) fn ProfileTable(
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
                    <SaveSegments outcome=outcome names=names loaded=loaded />
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
