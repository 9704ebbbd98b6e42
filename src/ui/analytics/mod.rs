//! The analytics dashboard: key figures and six charts over a date range and a product
//! category.
//!
//! The page reads customers, products and orders once per data revision and turns them into
//! columnar facts (`analytics::Facts`) in yielding steps; the facts move to the web worker as
//! one buffer, and every filter change asks the worker for the figures of the new scope
//! (`analytics::Dashboard`), so the page only draws. Requests never overlap: a change made
//! while the worker computes is asked for as soon as it answers (only the latest counts).

mod card;
mod facts;
mod tables;

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::analytics::{
    date_of, day_of, CustomerLine, DashboardAnswer, DashboardJob, Scope, Segment, DASHBOARD,
};
use crate::charts::{self, histogram_bins, Text};
use crate::clean::jobs::Parcel;
use crate::i18n::format::{amount, month, percent, whole};
use crate::i18n::{Lang, Msg};
use crate::import::export::Cell as CsvCell;
use crate::import::CsvWriter;
use crate::model::Money;
use crate::store::yield_now;
use crate::ui::areas::Area;
use crate::ui::compute::{self, read_stepwise, ComputeError, Job};
use crate::ui::data::{format_count, today};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;
use crate::ui::service::ServiceFiguresView;
pub(crate) use card::{draw_on, ChartCard, TableData};
pub(crate) use facts::{ask_with_facts, watch_facts, Loaded};

/// Most points the scatter draws (evenly picked; the table and export have them all).
const SCATTER_POINTS: usize = 8_000;
/// Most cohorts and months the heat map shows (the latest).
const COHORT_SPAN: usize = 24;

/// Asks the worker for the figures of `scope`, sending the facts when it does not hold them.
async fn figures(
    job: &Job,
    loaded: &Loaded,
    scope: Scope,
) -> Result<DashboardAnswer, ComputeError> {
    let answer = ask_worker(job, loaded, scope, false).await?;
    serde_json::from_str(&answer.header).map_err(|e| ComputeError::Answer(e.to_string()))
}

/// Every customer's figures in `scope` as CSV (formula-safe), read from the worker's answer
/// in slices between yields.
async fn customer_figures_csv(
    job: &Job,
    loaded: &Loaded,
    scope: Scope,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let answer = ask_worker(job, loaded, scope, true)
        .await
        .map_err(|e| e.to_string())?;
    let lines: Vec<CustomerLine> =
        read_stepwise(answer.sections.first().map_or(&[][..], Vec::as_slice))
            .await
            .map_err(|e| e.to_string())?;
    let mut writer = CsvWriter::new();
    let head = [
        "id",
        Msg::ColumnSourceId.text(lang),
        Msg::FieldName.text(lang),
        Msg::AxisPurchases.text(lang),
        Msg::ColumnSpend.text(lang),
        Msg::FigureAverageOrder.text(lang),
        Msg::MeasureFirstPurchase.text(lang),
        Msg::ColumnLastPurchase.text(lang),
        Msg::MeasureRecency.text(lang),
        Msg::MeasureTenure.text(lang),
        "R",
        "F",
        "M",
        Msg::AxisSegment.text(lang),
    ];
    writer.header(&head).map_err(|e| e.to_string())?;
    let day = |d: Option<i32>| d.map(|d| date_of(d).to_string()).unwrap_or_default();
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    for (at, line) in lines.iter().enumerate() {
        let score = |pick: fn(&(u8, u8, u8, Segment)) -> u8| {
            line.rfm
                .as_ref()
                .map(|s| pick(s).to_string())
                .unwrap_or_default()
        };
        let segment = line
            .rfm
            .map(|s| segment_label(s.3).text(lang).to_owned())
            .unwrap_or_default();
        writer
            .row(&[
                CsvCell::Value(format!("C{}", line.id)),
                CsvCell::Text(loaded.source_id(line.id)),
                CsvCell::Text(&line.name),
                CsvCell::Value(line.purchases.to_string()),
                CsvCell::Value(Money(line.total).to_string()),
                CsvCell::Value(line.aov.map(|a| Money(a).to_string()).unwrap_or_default()),
                CsvCell::Value(day(line.first)),
                CsvCell::Value(day(line.last)),
                CsvCell::Value(number(line.recency)),
                CsvCell::Value(number(line.tenure)),
                CsvCell::Value(score(|s| s.0)),
                CsvCell::Value(score(|s| s.1)),
                CsvCell::Value(score(|s| s.2)),
                CsvCell::Text(&segment),
            ])
            .map_err(|e| e.to_string())?;
        if at % 5_000 == 4_999 {
            yield_now().await;
        }
    }
    writer.finish().map_err(|e| e.to_string())
}

/// One request to the worker's dashboard job.
async fn ask_worker(
    job: &Job,
    loaded: &Loaded,
    scope: Scope,
    lines: bool,
) -> Result<Parcel, ComputeError> {
    let header = serde_json::to_string(&DashboardJob {
        revision: loaded.revision,
        scope,
        lines,
    })
    .unwrap_or_default();
    ask_with_facts(job, loaded, DASHBOARD, header, |_| {}).await
}

pub(crate) fn segment_label(segment: Segment) -> Msg {
    match segment {
        Segment::Champions => Msg::SegChampions,
        Segment::Loyal => Msg::SegLoyal,
        Segment::Potential => Msg::SegPotential,
        Segment::New => Msg::SegNew,
        Segment::AtRisk => Msg::SegAtRisk,
        Segment::CantLose => Msg::SegCantLose,
        Segment::Hibernating => Msg::SegHibernating,
        Segment::Lost => Msg::SegLost,
    }
}

fn parse_day(text: &str) -> Option<i32> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .map(day_of)
}

/// The six charts' canvases.
#[derive(Clone, Copy)]
struct Canvases {
    revenue: NodeRef<Canvas>,
    categories: NodeRef<Canvas>,
    scatter: NodeRef<Canvas>,
    spend: NodeRef<Canvas>,
    segments: NodeRef<Canvas>,
    cohorts: NodeRef<Canvas>,
}

/// Draws every chart of `answer`; returns the first failure in words.
fn draw_all(
    canvases: Canvases,
    answer: &DashboardAnswer,
    loaded: &Loaded,
    lang: Lang,
    log: bool,
) -> Option<String> {
    let d = &answer.dashboard;
    let text = |title: Msg, x: Msg, y: Msg| Text {
        title: title.text(lang).to_owned(),
        x: x.text(lang).to_owned(),
        y: y.text(lang).to_owned(),
    };
    let money = |v: f64| whole(v);
    let count = |v: f64| whole(v);
    let mut failures = Vec::new();
    let mut draw = |canvas: NodeRef<Canvas>, f: &dyn Fn(&_, _) -> Result<(), charts::DrawError>| {
        if let Some(canvas) = canvas.get_untracked() {
            if let Err(e) = draw_on(&canvas, |root, scale| f(root, scale)) {
                failures.push(e.to_string());
            }
        }
    };
    let months: Vec<(String, f64)> = d
        .months
        .iter()
        .map(|m| (month(m.key, lang), m.revenue as f64 / 100.0))
        .collect();
    draw(canvases.revenue, &|root, scale| {
        charts::line(
            root,
            &text(
                Msg::ChartRevenueTime,
                Msg::AxisMonth,
                Msg::AxisRevenueAmount,
            ),
            scale,
            &months,
            &money,
        )
    });
    let categories: Vec<(String, f64)> = d
        .categories
        .iter()
        .take(12)
        .map(|s| (loaded.category(s.index, lang), s.revenue as f64 / 100.0))
        .collect();
    draw(canvases.categories, &|root, scale| {
        charts::bars(
            root,
            &text(
                Msg::ChartRevenueCategory,
                Msg::FieldCategory,
                Msg::AxisRevenueAmount,
            ),
            scale,
            &categories,
            &money,
        )
    });
    let step = d.buyers.len().div_ceil(SCATTER_POINTS).max(1);
    let points: Vec<(f64, f64)> = d
        .buyers
        .iter()
        .step_by(step)
        .map(|&(_, purchases, total)| (f64::from(purchases), total as f64 / 100.0))
        .collect();
    draw(canvases.scatter, &|root, scale| {
        charts::scatter(
            root,
            &text(Msg::ChartScatter, Msg::AxisPurchases, Msg::AxisTotalSpent),
            scale,
            &points,
            log,
            &count,
            &money,
        )
    });
    let totals: Vec<f64> = d.buyers.iter().map(|b| b.2 as f64 / 100.0).collect();
    let bins = histogram_bins(&totals, 20);
    draw(canvases.spend, &|root, scale| {
        charts::histogram(
            root,
            &text(Msg::ChartSpend, Msg::AxisTotalSpent, Msg::AxisCustomerCount),
            scale,
            &bins,
            &money,
        )
    });
    let segments: Vec<(String, f64)> = d
        .segments
        .iter()
        .map(|&(s, n)| (segment_label(s).text(lang).to_owned(), n as f64))
        .collect();
    draw(canvases.segments, &|root, scale| {
        charts::bars(
            root,
            &text(Msg::ChartSegments, Msg::AxisSegment, Msg::AxisCustomerCount),
            scale,
            &segments,
            &count,
        )
    });
    let rows = cohort_rows(answer, lang);
    draw(canvases.cohorts, &|root, scale| {
        charts::heat_map(
            root,
            &text(Msg::ChartCohorts, Msg::AxisMonthsSince, Msg::AxisCohort),
            scale,
            &rows,
        )
    });
    failures.into_iter().next()
}

/// The latest cohorts as rows of retention shares, month 0 first.
fn cohort_rows(answer: &DashboardAnswer, lang: Lang) -> Vec<(String, Vec<Option<f64>>)> {
    let cohorts = &answer.dashboard.cohorts;
    cohorts[cohorts.len().saturating_sub(COHORT_SPAN)..]
        .iter()
        .map(|c| {
            let shares = c
                .active
                .iter()
                .take(COHORT_SPAN)
                .map(|&a| Some(f64::from(a) / f64::from(c.size.max(1))))
                .collect();
            (month(c.month, lang), shares)
        })
        .collect()
}

/// The analytics page.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let locale = use_locale();
    compute::warm_up();
    let loaded = RwSignal::new(None::<Arc<Loaded>>);
    let reading = RwSignal::new(false);
    let answer = RwSignal::new(None::<Arc<DashboardAnswer>>);
    let failure = RwSignal::new(None::<String>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let log = RwSignal::new(false);
    // Milliseconds from the last filter change to the charts drawn, for the benchmark.
    let update_ms = RwSignal::new(0.0f64);
    let canvases = Canvases {
        revenue: NodeRef::new(),
        categories: NodeRef::new(),
        scatter: NodeRef::new(),
        spend: NodeRef::new(),
        segments: NodeRef::new(),
        cohorts: NodeRef::new(),
    };
    let job = StoredValue::new_local(Job::default());
    // The scope wanted next, and whether a request is on its way.
    let wanted = StoredValue::new_local(None::<(Scope, f64)>);
    let asking = StoredValue::new_local(false);
    on_cleanup(move || {
        job.try_with_value(Job::cancel);
    });

    let redraw = move || {
        let (Some(done), Some(have)) = (answer.get_untracked(), loaded.get_untracked()) else {
            return;
        };
        let problem = draw_all(
            canvases,
            &done,
            &have,
            locale.lang_untracked(),
            log.get_untracked(),
        );
        if problem.is_some() {
            failure.set(problem);
        }
    };

    let scope = move || -> Result<Scope, Msg> {
        let from = parse_day(&from.get_untracked());
        let to = parse_day(&to.get_untracked());
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(Msg::RangeBackwards);
            }
        }
        let category = loaded.with_untracked(|l| {
            let wanted = category.get_untracked();
            l.as_ref()
                .and_then(|l| l.categories.iter().position(|c| *c == wanted))
                .map(|i| i as u32)
        });
        Ok(Scope {
            from,
            to,
            category,
            as_of: to.unwrap_or_else(|| day_of(today())),
        })
    };

    // Asks for the wanted scope, then for any scope wanted meanwhile, one at a time.
    let ask = move || {
        if asking.get_value() {
            return;
        }
        asking.set_value(true);
        spawn_local(async move {
            while let Some((scope, since)) = wanted.try_update_value(Option::take).flatten() {
                let Some(have) = loaded.get_untracked() else {
                    break;
                };
                let current = job.get_value();
                match figures(&current, &have, scope).await {
                    Ok(done) => {
                        answer.set(Some(Arc::new(done)));
                        failure.set(None);
                        redraw();
                        update_ms.set(js_sys::Date::now() - since);
                    }
                    Err(ComputeError::Cancelled) => break,
                    Err(error) => failure.set(Some(format!(
                        "{} ({error})",
                        Msg::BackgroundFailed.text(locale.lang_untracked())
                    ))),
                }
            }
            asking.set_value(false);
        });
    };
    let request = move || match scope() {
        Ok(scope) => {
            wanted.set_value(Some((scope, js_sys::Date::now())));
            ask();
        }
        Err(msg) => failure.set(Some(locale.text(msg).to_owned())),
    };

    // Reads the data when the page opens and after every change to it.
    watch_facts(loaded, reading, failure, request);
    // Language, scales and size change the drawing, not the figures.
    Effect::new(move |_| {
        locale.lang();
        log.track();
        redraw();
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| redraw());
    on_cleanup(move || resized.remove());

    let exporting = RwSignal::new(false);
    let export_figures = move |_| {
        let (Some(have), Some(done)) = (loaded.get_untracked(), answer.get_untracked()) else {
            return;
        };
        exporting.set(true);
        let scope = done.dashboard.scope;
        spawn_local(async move {
            // Its own job: the figures' requests keep their worker.
            let export = Job::default();
            let lang = locale.lang_untracked();
            let result = customer_figures_csv(&export, &have, scope, lang)
                .await
                .and_then(|bytes| {
                    download(
                        &dated_name("customer-figures", "csv"),
                        &bytes,
                        "text/csv;charset=utf-8",
                    )
                });
            if let Err(why) = result {
                failure.set(Some(format!(
                    "{} ({why})",
                    Msg::BackgroundFailed.text(lang)
                )));
            }
            exporting.set(false);
        });
    };
    let kpis = move || answer.get().map(|a| a.dashboard.kpis.clone());
    let tile =
        move |label: Msg, testid: &'static str, value: Box<dyn Fn() -> String + Send + Sync>| {
            view! {
                <div class="kpi" data-testid=testid>
                    <dt>{locale.tr(label)}</dt>
                    <dd>{value}</dd>
                </div>
            }
        };
    let tables = tables::Tables::new(answer, loaded, locale);
    let scatter_note = Signal::derive(move || {
        let n = answer.with(|a| a.as_ref().map_or(0, |a| a.dashboard.buyers.len()));
        (n > SCATTER_POINTS).then(|| {
            let step = n.div_ceil(SCATTER_POINTS);
            format!(
                "{} / {}",
                format_count(n.div_ceil(step) as u64),
                format_count(n as u64)
            )
        })
    });
    view! {
        <section class="page dashboard" data-testid=format!("page-{}", Area::Analytics.slug())>
            <h1>{locale.tr(Area::Analytics.label())}</h1>
            <form class="dashboard-filters" on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); request(); }>
                <label>
                    <span>{locale.tr(Msg::FilterDateFrom)}</span>
                    <input type="date" data-testid="range-from" prop:value=from on:change=move |e| { from.set(event_target_value(&e)); request(); } />
                </label>
                <label>
                    <span>{locale.tr(Msg::FilterDateTo)}</span>
                    <input type="date" data-testid="range-to" prop:value=to on:change=move |e| { to.set(event_target_value(&e)); request(); } />
                </label>
                <label>
                    <span>{locale.tr(Msg::DashboardCategory)}</span>
                    <select data-testid="range-category" prop:value=category on:change=move |e| { category.set(event_target_value(&e)); request(); }>
                        <option value="">{locale.tr(Msg::AnyCategory)}</option>
                        {move || loaded.get().map(|l| l.categories.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view())}
                    </select>
                </label>
                <button type="button" class="button-quiet" data-testid="range-reset" on:click=move |_| { from.set(String::new()); to.set(String::new()); category.set(String::new()); request(); }>
                    {locale.tr(Msg::DashboardReset)}
                </button>
                <label class="check">
                    <input type="checkbox" data-testid="log-scales" prop:checked=log on:change=move |e| log.set(event_target_checked(&e)) />
                    <span>{locale.tr(Msg::LogScales)}</span>
                </label>
            </form>
            <Show when=move || reading.get()>
                <p role="status" data-testid="analytics-reading">{locale.tr(Msg::ReadingOrders)}</p>
            </Show>
            {move || failure.get().map(|text| view! { <p class="error" role="alert" data-testid="analytics-error">{text}</p> })}
            <dl
                class="figures kpis"
                data-testid="kpis"
                data-compute-ms=move || answer.get().map(|a| a.compute_ms.to_string())
                data-update-ms=move || update_ms.get().to_string()
                data-scope=move || answer.get().map(|a| format!("{:?}", a.dashboard.scope))
            >
                {tile(Msg::KpiCustomers, "kpi-customers", Box::new(move || kpis().map(|k| format_count(k.customers as u64)).unwrap_or_default()))}
                {tile(Msg::KpiActive, "kpi-active", Box::new(move || kpis().map(|k| format_count(k.active as u64)).unwrap_or_default()))}
                {tile(Msg::KpiRevenue, "kpi-revenue", Box::new(move || kpis().map(|k| amount(k.revenue)).unwrap_or_default()))}
                {tile(Msg::KpiAov, "kpi-aov", Box::new(move || kpis().and_then(|k| k.aov).map(amount).unwrap_or_else(|| "—".into())))}
                {tile(Msg::KpiRepeat, "kpi-repeat", Box::new(move || kpis().and_then(|k| k.repeat_rate).map(percent).unwrap_or_else(|| "—".into())))}
            </dl>
            <section class="dashboard-service" aria-labelledby="dashboard-service-title">
                <h2 id="dashboard-service-title">{locale.tr(Msg::NavService)}</h2>
                <ServiceFiguresView />
            </section>
            <Show when=move || kpis().is_some_and(|k| k.purchases == 0)>
                <p class="notice" role="status" data-testid="analytics-empty">{locale.tr(Msg::NoOrdersInRange)}</p>
            </Show>
            <div class="chart-grid">
                <ChartCard id="revenue" title=Msg::ChartRevenueTime canvas=canvases.revenue table=tables.revenue />
                <ChartCard id="categories" title=Msg::ChartRevenueCategory canvas=canvases.categories table=tables.categories />
                <ChartCard id="scatter" title=Msg::ChartScatter canvas=canvases.scatter table=tables.scatter note=scatter_note />
                <ChartCard id="spend" title=Msg::ChartSpend canvas=canvases.spend table=tables.spend />
                <ChartCard id="segments" title=Msg::ChartSegments canvas=canvases.segments table=tables.segments />
                <ChartCard id="cohorts" title=Msg::ChartCohorts canvas=canvases.cohorts table=tables.cohorts />
            </div>
            <div class="actions">
                <button type="button" class="button" data-testid="export-customer-figures" disabled=move || answer.with(Option::is_none) || exporting.get() on:click=export_figures>
                    {locale.tr(Msg::ExportFigures)}
                </button>
            </div>
            {tables.view()}
        </section>
    }
}
