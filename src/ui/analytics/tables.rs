//! The dashboard's figures as tables: each chart's table, the rankings and the summary
//! statistics, all exportable as CSV.

use std::sync::Arc;

use leptos::prelude::*;

use super::card::{TableCard, TableData};
use super::{cohort_rows, segment_label, Loaded};
use crate::analytics::{DashboardAnswer, Measure, Share};
use crate::charts::histogram_bins;
use crate::i18n::format::{amount, month, percent, whole};
use crate::i18n::{Lang, Msg};
use crate::ui::locale::LocaleContext;

fn measure_label(measure: Measure) -> Msg {
    match measure {
        Measure::Purchases => Msg::AxisPurchases,
        Measure::Total => Msg::ColumnSpend,
        Measure::AverageOrder => Msg::FigureAverageOrder,
        Measure::RecencyDays => Msg::MeasureRecency,
        Measure::TenureDays => Msg::MeasureTenure,
        Measure::Age => Msg::FieldAge,
    }
}

/// Every table of the dashboard, recomputed when the figures or the language change.
pub(super) struct Tables {
    pub revenue: Signal<TableData>,
    pub categories: Signal<TableData>,
    pub scatter: Signal<TableData>,
    pub spend: Signal<TableData>,
    pub segments: Signal<TableData>,
    pub cohorts: Signal<TableData>,
    top_spenders: Signal<TableData>,
    top_frequent: Signal<TableData>,
    products: Signal<TableData>,
    summary: Signal<TableData>,
}

type Source = (
    RwSignal<Option<Arc<DashboardAnswer>>>,
    RwSignal<Option<Arc<Loaded>>>,
);

/// A table from the figures, empty until there are some.
fn table(
    (answer, loaded): Source,
    locale: LocaleContext,
    build: impl Fn(&DashboardAnswer, &Loaded, Lang) -> TableData + Send + Sync + 'static,
) -> Signal<TableData> {
    Signal::derive(move || {
        let lang = locale.lang();
        match (answer.get(), loaded.get()) {
            (Some(a), Some(l)) => build(&a, &l, lang),
            _ => TableData::default(),
        }
    })
}

/// A customer who bought: name, purchases, total spent.
const BUYER_HEADERS: [Msg; 3] = [Msg::FieldName, Msg::AxisPurchases, Msg::ColumnSpend];

fn buyer_row(loaded: &Loaded, (customer, purchases, total): (u32, u32, i64)) -> Vec<String> {
    vec![
        loaded.customer(customer),
        whole(f64::from(purchases)),
        amount(total),
    ]
}

/// A category's or product's revenue and units.
fn share_row(name: String, share: &Share) -> Vec<String> {
    vec![name, amount(share.revenue), whole(share.units as f64)]
}

fn headers(lang: Lang, msgs: &[Msg]) -> Vec<String> {
    msgs.iter().map(|m| m.text(lang).to_owned()).collect()
}

impl Tables {
    pub fn new(
        answer: RwSignal<Option<Arc<DashboardAnswer>>>,
        loaded: RwSignal<Option<Arc<Loaded>>>,
        locale: LocaleContext,
    ) -> Tables {
        let source = (answer, loaded);
        let revenue = table(source, locale, |a, _, lang| TableData {
            headers: headers(lang, &[Msg::AxisMonth, Msg::ColumnRevenue, Msg::NavOrders]),
            rows: a
                .dashboard
                .months
                .iter()
                .map(|m| {
                    vec![
                        month(m.key, lang),
                        amount(m.revenue),
                        whole(f64::from(m.orders)),
                    ]
                })
                .collect(),
        });
        let categories = table(source, locale, |a, l, lang| TableData {
            headers: headers(
                lang,
                &[Msg::FieldCategory, Msg::ColumnRevenue, Msg::UnitsSold],
            ),
            rows: a
                .dashboard
                .categories
                .iter()
                .map(|s| share_row(l.category(s.index, lang), s))
                .collect(),
        });
        let scatter = table(source, locale, |a, l, lang| TableData {
            headers: headers(lang, &BUYER_HEADERS),
            rows: a
                .dashboard
                .buyers
                .iter()
                .map(|&b| buyer_row(l, b))
                .collect(),
        });
        let spend = table(source, locale, |a, _, lang| {
            let totals: Vec<f64> = a
                .dashboard
                .buyers
                .iter()
                .map(|b| b.2 as f64 / 100.0)
                .collect();
            TableData {
                headers: headers(lang, &[Msg::AxisTotalSpent, Msg::AxisCustomerCount]),
                rows: histogram_bins(&totals, 20)
                    .into_iter()
                    .map(|(from, to, n)| {
                        vec![
                            format!("{} – {}", whole(from), whole(to)),
                            whole(f64::from(n)),
                        ]
                    })
                    .collect(),
            }
        });
        let segments = table(source, locale, |a, _, lang| TableData {
            headers: headers(lang, &[Msg::AxisSegment, Msg::AxisCustomerCount]),
            rows: a
                .dashboard
                .segments
                .iter()
                .map(|&(s, n)| vec![segment_label(s).text(lang).to_owned(), whole(n as f64)])
                .collect(),
        });
        let cohorts = table(source, locale, |a, _, lang| {
            let rows = cohort_rows(a, lang);
            let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
            let mut head = vec![Msg::AxisCohort.text(lang).to_owned()];
            head.extend((0..width).map(|m| format!("+{m}")));
            TableData {
                headers: head,
                rows: rows
                    .into_iter()
                    .map(|(label, shares)| {
                        let mut row = vec![label];
                        row.extend(
                            shares
                                .into_iter()
                                .map(|s| s.map(percent).unwrap_or_default()),
                        );
                        row
                    })
                    .collect(),
            }
        });
        let ranking = |spend_first: bool| {
            table(source, locale, move |a, l, lang| {
                let d = &a.dashboard;
                let order = if spend_first {
                    &d.top_spenders
                } else {
                    &d.top_frequent
                };
                TableData {
                    headers: headers(lang, &BUYER_HEADERS),
                    rows: order
                        .iter()
                        .filter_map(|&c| d.buyers.iter().find(|b| b.0 == c))
                        .map(|&b| buyer_row(l, b))
                        .collect(),
                }
            })
        };
        let products = table(source, locale, |a, l, lang| TableData {
            headers: headers(
                lang,
                &[Msg::NavProducts, Msg::ColumnRevenue, Msg::UnitsSold],
            ),
            rows: a
                .dashboard
                .products
                .iter()
                .map(|s| share_row(l.product(s.index, lang), s))
                .collect(),
        });
        let summary = table(source, locale, |a, _, lang| TableData {
            headers: headers(
                lang,
                &[
                    Msg::StatMeasure,
                    Msg::StatCount,
                    Msg::StatMean,
                    Msg::StatStd,
                    Msg::StatMin,
                    Msg::StatQ1,
                    Msg::StatMedian,
                    Msg::StatQ3,
                    Msg::StatMax,
                ],
            ),
            rows: a
                .dashboard
                .summaries
                .iter()
                .map(|(m, s)| {
                    let n = |v: f64| format!("{v:.2}");
                    vec![
                        measure_label(*m).text(lang).to_owned(),
                        whole(s.count as f64),
                        n(s.mean),
                        s.std.map(n).unwrap_or_default(),
                        n(s.min),
                        n(s.q1),
                        n(s.median),
                        n(s.q3),
                        n(s.max),
                    ]
                })
                .collect(),
        });
        Tables {
            revenue,
            categories,
            scatter,
            spend,
            segments,
            cohorts,
            top_spenders: ranking(true),
            top_frequent: ranking(false),
            products,
            summary,
        }
    }

    /// The rankings and the summary statistics.
    pub fn view(&self) -> impl IntoView {
        view! {
            <div class="table-grid">
                <TableCard id="top-spenders" title=Msg::TopSpenders table=self.top_spenders />
                <TableCard id="top-frequent" title=Msg::TopFrequent table=self.top_frequent />
                <TableCard id="top-products" title=Msg::TopProducts table=self.products />
                <TableCard id="summary" title=Msg::SummaryStats table=self.summary />
            </div>
        }
    }
}
