//! The dashboard's charts (pure): each draws on any plotters [`DrawingBackend`], so the host
//! tests render them to SVG and check their series, and the page draws the same code on a
//! canvas (the glue lives in the UI).
//!
//! Every chart gets its words from the caller ([`Text`]: title, axis names with units)
//! and formats its numbers with the caller's formatter, so charts speak the page's language.

use plotters::coord::Shift;
use plotters::prelude::*;

/// What went wrong while drawing, as text (the backends' error types differ).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the chart could not be drawn: {0}")]
pub struct DrawError(pub String);

fn failed<E: std::fmt::Debug>(error: E) -> DrawError {
    DrawError(format!("{error:?}"))
}

/// A chart's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub title: String,
    /// The horizontal axis, with its unit.
    pub x: String,
    /// The vertical axis, with its unit.
    pub y: String,
}

/// Formats an axis value for people (money, counts, percentages in the page's language).
pub type Format<'a> = &'a dyn Fn(f64) -> String;

/// Colours of the series, in order; dark enough on white for text and thin lines.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 94, 168),
    RGBColor(196, 90, 20),
    RGBColor(46, 125, 50),
    RGBColor(156, 39, 120),
    RGBColor(96, 96, 96),
    RGBColor(0, 121, 134),
    RGBColor(170, 120, 0),
    RGBColor(181, 39, 39),
];

/// The font scale: 1 on a normal screen, 2 on a HiDPI one (the canvas is drawn at device
/// pixels, so text and lines must grow with it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(pub f64);

impl Scale {
    fn px(self, size: f64) -> u32 {
        (size * self.0).round() as u32
    }
}

fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
) -> Result<ChartBuilder<'a, 'a, DB>, DrawError> {
    root.fill(&WHITE).map_err(failed)?;
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(&text.title, ("sans-serif", scale.px(16.0)))
        .margin(scale.px(10.0))
        .x_label_area_size(scale.px(44.0))
        .y_label_area_size(scale.px(72.0));
    Ok(builder)
}

/// A line over labelled points in order (revenue per month).
pub fn line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
    points: &[(String, f64)],
    y_format: Format<'_>,
) -> Result<(), DrawError> {
    let top = points.iter().map(|p| p.1).fold(0.0f64, f64::max);
    let bottom = points.iter().map(|p| p.1).fold(0.0f64, f64::min);
    let n = points.len().max(1) as i32;
    let mut chart = frame(root, text, scale)?
        .build_cartesian_2d(0..n - 1, bottom..padded(top))
        .map_err(failed)?;
    let label = |i: &i32| {
        points
            .get(*i as usize)
            .map(|p| p.0.clone())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .x_desc(&text.x)
        .y_desc(&text.y)
        .x_labels(points.len().clamp(2, 12))
        .x_label_formatter(&label)
        .y_label_formatter(&|v| y_format(*v))
        .label_style(("sans-serif", scale.px(12.0)))
        .draw()
        .map_err(failed)?;
    let colour = PALETTE[0];
    chart
        .draw_series(LineSeries::new(
            points.iter().enumerate().map(|(i, p)| (i as i32, p.1)),
            colour.stroke_width(scale.px(2.0)),
        ))
        .map_err(failed)?;
    chart
        .draw_series(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| Circle::new((i as i32, p.1), scale.px(2.5), colour.filled())),
        )
        .map_err(failed)?;
    root.present().map_err(failed)
}

/// Vertical bars with a label each (revenue by category, RFM segment sizes).
pub fn bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
    bars: &[(String, f64)],
    y_format: Format<'_>,
) -> Result<(), DrawError> {
    let top = bars.iter().map(|b| b.1).fold(0.0f64, f64::max);
    let bottom = bars.iter().map(|b| b.1).fold(0.0f64, f64::min);
    let n = bars.len().max(1) as u32;
    let mut chart = frame(root, text, scale)?
        // An integer range is inclusive for plotters: 0..n - 1 makes n slots, one per bar (a
        // single bar keeps a second, empty slot).
        .build_cartesian_2d((0..(n - 1).max(1)).into_segmented(), bottom..padded(top))
        .map_err(failed)?;
    let label = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) => bars
            .get(*i as usize)
            .map(|b| b.0.clone())
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(&text.x)
        .y_desc(&text.y)
        .x_labels(bars.len().max(1))
        .x_label_formatter(&label)
        .y_label_formatter(&|v| y_format(*v))
        .label_style(("sans-serif", scale.px(12.0)))
        .draw()
        .map_err(failed)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let i = i as u32;
            let colour = PALETTE[i as usize % PALETTE.len()];
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), b.1),
                ],
                colour.filled(),
            );
            bar.set_margin(0, 0, scale.px(6.0), scale.px(6.0));
            bar
        }))
        .map_err(failed)?;
    root.present().map_err(failed)
}

/// Points (purchases against total spent per customer), optionally on log scales (values
/// below 1 are drawn at 1 there).
pub fn scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
    points: &[(f64, f64)],
    log: bool,
    x_format: Format<'_>,
    y_format: Format<'_>,
) -> Result<(), DrawError> {
    let max_x = padded(points.iter().map(|p| p.0).fold(1.0f64, f64::max));
    let max_y = padded(points.iter().map(|p| p.1).fold(1.0f64, f64::max));
    let min_y = points.iter().map(|p| p.1).fold(0.0f64, f64::min);
    let colour = PALETTE[0].mix(0.45).filled();
    let size = scale.px(2.0);
    let builder = frame(root, text, scale)?;
    macro_rules! draw {
        ($chart:expr, $map:expr) => {{
            let mut chart = $chart;
            chart
                .configure_mesh()
                .x_desc(&text.x)
                .y_desc(&text.y)
                .x_label_formatter(&|v| x_format(*v))
                .y_label_formatter(&|v| y_format(*v))
                .label_style(("sans-serif", scale.px(12.0)))
                .draw()
                .map_err(failed)?;
            let map = $map;
            chart
                .draw_series(points.iter().map(|&p| Circle::new(map(p), size, colour)))
                .map_err(failed)?;
        }};
    }
    let mut builder = builder;
    if log {
        let chart = builder
            .build_cartesian_2d((1.0..max_x).log_scale(), (1.0..max_y).log_scale())
            .map_err(failed)?;
        draw!(chart, |(x, y): (f64, f64)| (x.max(1.0), y.max(1.0)));
    } else {
        let chart = builder
            .build_cartesian_2d(0.0..max_x, min_y..max_y)
            .map_err(failed)?;
        draw!(chart, |p: (f64, f64)| p);
    }
    root.present().map_err(failed)
}

/// Colours of up to twelve clusters: the series palette, then four more.
pub const CLUSTER_COLOURS: [RGBColor; 12] = [
    PALETTE[0],
    PALETTE[1],
    PALETTE[2],
    PALETTE[3],
    PALETTE[4],
    PALETTE[5],
    PALETTE[6],
    PALETTE[7],
    RGBColor(90, 60, 160),
    RGBColor(120, 140, 20),
    RGBColor(200, 60, 120),
    RGBColor(20, 70, 90),
];

/// Points coloured by cluster (`names[cluster]` in the legend), on axes that fit the points
/// (negative values included, as principal components have).
pub fn cluster_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
    points: &[(f64, f64, u8)],
    names: &[String],
    x_format: Format<'_>,
    y_format: Format<'_>,
) -> Result<(), DrawError> {
    let span = |pick: fn(&(f64, f64, u8)) -> f64| {
        let (lo, hi) = points
            .iter()
            .map(pick)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        if lo.is_finite() && hi > lo {
            let pad = (hi - lo) * 0.05;
            (lo - pad)..(hi + pad)
        } else if lo.is_finite() {
            (lo - 1.0)..(lo + 1.0)
        } else {
            0.0..1.0
        }
    };
    let mut chart = frame(root, text, scale)?
        .build_cartesian_2d(span(|p| p.0), span(|p| p.1))
        .map_err(failed)?;
    chart
        .configure_mesh()
        .x_desc(&text.x)
        .y_desc(&text.y)
        .x_label_formatter(&|v| x_format(*v))
        .y_label_formatter(&|v| y_format(*v))
        .label_style(("sans-serif", scale.px(12.0)))
        .draw()
        .map_err(failed)?;
    let size = scale.px(2.0);
    for cluster in 0..names.len() {
        let colour = CLUSTER_COLOURS[cluster % CLUSTER_COLOURS.len()];
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| usize::from(p.2) == cluster)
                    .map(|p| Circle::new((p.0, p.1), size, colour.mix(0.55).filled())),
            )
            .map_err(failed)?;
    }
    legend(root, scale, names)?;
    root.present().map_err(failed)
}

/// A legend of coloured dots and names in the top right corner. Drawn here rather than with
/// plotters' series labels, which measure their text through the page's DOM on the web
/// (inline styles, which the page's Content Security Policy refuses); this measures through
/// the backend, as the canvas backend of the page does with the canvas itself.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: Scale,
    names: &[String],
) -> Result<(), DrawError> {
    let style = TextStyle::from(("sans-serif", scale.px(12.0)).into_font()).color(&BLACK);
    let mut widest = 0;
    for name in names {
        widest = widest.max(root.estimate_text_size(name, &style).map_err(failed)?.0);
    }
    let (width, _) = root.dim_in_pixel();
    let line = scale.px(16.0) as i32;
    let dot = scale.px(4.0) as i32;
    let pad = scale.px(8.0) as i32;
    let left = width as i32 - widest as i32 - 3 * pad - 2 * dot - scale.px(10.0) as i32;
    let top = scale.px(34.0) as i32;
    let bottom = top + pad * 2 + line * names.len() as i32;
    root.draw(&Rectangle::new(
        [(left, top), (width as i32 - scale.px(10.0) as i32, bottom)],
        WHITE.mix(0.85).filled(),
    ))
    .map_err(failed)?;
    for (at, name) in names.iter().enumerate() {
        let y = top + pad + line * at as i32 + line / 2;
        let colour = CLUSTER_COLOURS[at % CLUSTER_COLOURS.len()];
        root.draw(&Circle::new(
            (left + pad + dot, y),
            dot as u32,
            colour.filled(),
        ))
        .map_err(failed)?;
        root.draw(&plotters::element::Text::new(
            name.clone(),
            (
                left + 2 * pad + 2 * dot,
                y - line / 2 + scale.px(2.0) as i32,
            ),
            style.clone(),
        ))
        .map_err(failed)?;
    }
    Ok(())
}

/// Equal-width bins of `values`: (lower bound, upper bound, count), `bins` of them (at least
/// one; every value falls in a bin, the largest in the last).
pub fn histogram_bins(values: &[f64], bins: usize) -> Vec<(f64, f64, u32)> {
    let bins = bins.max(1);
    let (Some(low), Some(high)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) else {
        return Vec::new();
    };
    let width = ((high - low) / bins as f64).max(f64::MIN_POSITIVE);
    let mut counts = vec![0u32; bins];
    for &v in values {
        let at = (((v - low) / width) as usize).min(bins - 1);
        counts[at] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| (low + width * i as f64, low + width * (i + 1) as f64, c))
        .collect()
}

/// A histogram of bins from [`histogram_bins`] (the spend distribution).
pub fn histogram<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
    bins: &[(f64, f64, u32)],
    x_format: Format<'_>,
) -> Result<(), DrawError> {
    let (low, high) = match (bins.first(), bins.last()) {
        (Some(first), Some(last)) => (first.0, last.1.max(first.0 + 1.0)),
        _ => (0.0, 1.0),
    };
    let top = bins.iter().map(|b| b.2).max().unwrap_or(0);
    let mut chart = frame(root, text, scale)?
        .build_cartesian_2d(low..high, 0u32..(top + top / 10 + 1))
        .map_err(failed)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(&text.x)
        .y_desc(&text.y)
        .x_label_formatter(&|v| x_format(*v))
        .label_style(("sans-serif", scale.px(12.0)))
        .draw()
        .map_err(failed)?;
    chart
        .draw_series(bins.iter().map(|&(from, to, count)| {
            Rectangle::new([(from, 0), (to, count)], PALETTE[0].filled())
        }))
        .map_err(failed)?;
    root.present().map_err(failed)
}

/// A heat map of shares 0–1 (cohort retention): one row per labelled cohort, one column per
/// period since; missing cells (`None`) are left blank. Darker is more.
pub fn heat_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &Text,
    scale: Scale,
    rows: &[(String, Vec<Option<f64>>)],
) -> Result<(), DrawError> {
    let columns = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(1) as u32;
    let n = rows.len().max(1) as u32;
    let mut chart = frame(root, text, scale)?
        .build_cartesian_2d(0..columns, 0..n)
        .map_err(failed)?;
    let row_label = |v: &u32| {
        // Row 0 is drawn at the top: the oldest cohort first.
        n.checked_sub(1 + *v)
            .and_then(|at| rows.get(at as usize))
            .map(|r| r.0.clone())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(&text.x)
        .y_desc(&text.y)
        .x_labels(columns.min(24) as usize)
        .y_labels(rows.len().clamp(1, 24))
        .y_label_formatter(&row_label)
        .label_style(("sans-serif", scale.px(11.0)))
        .draw()
        .map_err(failed)?;
    chart
        .draw_series(rows.iter().enumerate().flat_map(|(r, (_, cells))| {
            let y = n - 1 - r as u32;
            cells.iter().enumerate().filter_map(move |(c, cell)| {
                cell.map(|share| {
                    let shade = |full: u8| {
                        (255.0 - (255.0 - f64::from(full)) * share.clamp(0.0, 1.0)) as u8
                    };
                    let colour = RGBColor(
                        shade(PALETTE[0].0),
                        shade(PALETTE[0].1),
                        shade(PALETTE[0].2),
                    );
                    Rectangle::new([(c as u32, y), (c as u32 + 1, y + 1)], colour.filled())
                })
            })
        }))
        .map_err(failed)?;
    root.present().map_err(failed)
}

/// The top of an axis: a little above the largest value so it does not touch the frame.
fn padded(top: f64) -> f64 {
    if top <= 0.0 {
        1.0
    } else {
        top * 1.08
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str) -> Text {
        Text {
            title: title.into(),
            x: "Month".into(),
            y: "Revenue (¥)".into(),
        }
    }

    fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), DrawError>) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (640, 360)).into_drawing_area();
            draw(&root).expect("draws");
        }
        out
    }

    fn money(v: f64) -> String {
        format!("¥{v:.0}")
    }

    /// Shapes filled with the first series colour.
    fn filled(svg: &str) -> usize {
        svg.matches("fill=\"#1F5EA8\"").count()
    }

    #[test]
    fn a_line_has_its_title_axes_labels_and_points() {
        let points: Vec<(String, f64)> = vec![
            ("2024-01".into(), 120.0),
            ("2024-02".into(), 0.0),
            ("2024-03".into(), 310.5),
        ];
        let out = svg(|root| {
            line(
                root,
                &text("Revenue over time"),
                Scale(1.0),
                &points,
                &money,
            )
        });
        for expected in [
            "Revenue over time",
            "Month",
            "Revenue (¥)",
            "2024-01",
            "2024-03",
        ] {
            assert!(out.contains(expected), "{expected} in the SVG");
        }
        assert!(out.contains("<polyline"), "the line is drawn");
        assert_eq!(filled(&out), 3, "one marker per point");
    }

    #[test]
    fn bars_one_per_value_with_their_labels() {
        let data: Vec<(String, f64)> = vec![
            ("Drinks".into(), 45.5),
            ("Food".into(), 24.0),
            ("饮料".into(), 3.0),
        ];
        let out = svg(|root| {
            bars(
                root,
                &text("Revenue by category"),
                Scale(1.0),
                &data,
                &money,
            )
        });
        for label in ["Drinks", "Food", "饮料", "Revenue by category"] {
            assert!(out.contains(label), "{label} in the SVG");
        }
        assert_eq!(filled(&out), 1, "the first bar in the first colour");
        assert_eq!(out.matches("<rect").count(), 4, "background + three bars");
        // The bars fill the plot: no empty slot after the last one.
        let right = |svg: &str, colour: &str| -> i64 {
            let at = svg.find(&format!("fill=\"{colour}\"")).expect("the bar");
            let tag = &svg[svg[..at].rfind("<rect").expect("a rect")..at];
            let number = |name: &str| -> i64 {
                let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
                tag[start..]
                    .split('"')
                    .next()
                    .expect("value")
                    .parse()
                    .expect("a number")
            };
            number("x") + number("width")
        };
        let last = right(&out, "#2E7D32");
        assert!(
            last > 560,
            "the last bar reaches the plot's right end: {last} of 640"
        );
    }

    #[test]
    fn scatter_draws_every_point_on_linear_and_log_scales() {
        let points: Vec<(f64, f64)> = (1..=50).map(|i| (f64::from(i), f64::from(i * i))).collect();
        for log in [false, true] {
            let out = svg(|root| {
                scatter(
                    root,
                    &text("Purchases and spend"),
                    Scale(2.0),
                    &points,
                    log,
                    &|v| format!("{v:.0}"),
                    &money,
                )
            });
            assert_eq!(out.matches("<circle").count(), 50, "log {log}");
        }
    }

    #[test]
    fn clusters_are_coloured_and_named_in_a_legend() {
        // Three clusters, negative coordinates as principal components have.
        let points: Vec<(f64, f64, u8)> = (0..30)
            .map(|i| (f64::from(i) - 15.0, f64::from(i % 7) - 3.0, (i % 3) as u8))
            .collect();
        let names = ["Big spenders", "Recent", "Lapsed"].map(String::from);
        let out = svg(|root| {
            cluster_scatter(
                root,
                &text("Customers by segment"),
                Scale(1.0),
                &points,
                &names,
                &|v| format!("{v:.0}"),
                &|v| format!("{v:.0}"),
            )
        });
        // One dot per point and one per legend entry.
        assert_eq!(out.matches("<circle").count(), 30 + 3);
        for name in &names {
            assert!(out.contains(name.as_str()), "{name} in the legend");
        }
        for colour in &CLUSTER_COLOURS[..3] {
            let hex = format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2);
            assert!(out.contains(&hex), "cluster colour {hex}");
        }
        assert!(
            out.contains(">\n-10\n<") || out.contains(">-10<"),
            "negative axis labels: {}",
            &out[..out.len().min(4000)]
        );
    }

    #[test]
    fn histogram_bins_count_every_value() {
        let values = [0.0, 1.0, 2.0, 2.5, 10.0];
        let bins = histogram_bins(&values, 4);
        assert_eq!(
            bins.iter().map(|b| b.2).collect::<Vec<_>>(),
            vec![3, 1, 0, 1]
        );
        assert_eq!((bins[0].0, bins[3].1), (0.0, 10.0));
        assert_eq!(histogram_bins(&[], 4), vec![]);
        assert_eq!(
            histogram_bins(&[5.0, 5.0], 3)
                .iter()
                .map(|b| b.2)
                .sum::<u32>(),
            2
        );
        let out = svg(|root| histogram(root, &text("Spend"), Scale(1.0), &bins, &money));
        assert_eq!(filled(&out), 4, "a bar per bin, empty ones flat");
    }

    #[test]
    fn heat_map_shades_each_known_cell() {
        let rows = vec![
            ("2024-01".to_string(), vec![Some(1.0), Some(0.5), Some(0.0)]),
            ("2024-02".to_string(), vec![Some(1.0), None]),
        ];
        let out = svg(|root| heat_map(root, &text("Cohorts"), Scale(1.0), &rows));
        assert_eq!(filled(&out), 2, "full retention in the full colour");
        assert!(out.contains("2024-02"));
        assert_eq!(
            out.matches("<rect").count(),
            1 + 4,
            "background + four known cells"
        );
    }
}
