//! One chart of the dashboard: its canvas (drawn at device pixels, so it stays crisp on HiDPI
//! screens), the same figures as a table, "save as PNG" and "export CSV".

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::DrawingBackend;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::charts::{DrawError, Scale};
use crate::i18n::Msg;
use crate::import::export::Cell as CsvCell;
use crate::import::CsvWriter;
use crate::ui::files::{dated_name, download, download_blob};
use crate::ui::locale::use_locale;

/// A table's contents as text: what a chart shows, for reading, copying and export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableData {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl TableData {
    /// The table as formula-safe CSV.
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut writer = CsvWriter::new();
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        writer.header(&headers)?;
        for row in &self.rows {
            let cells: Vec<CsvCell<'_>> = row.iter().map(|c| CsvCell::Text(c)).collect();
            writer.row(&cells)?;
        }
        writer.finish()
    }
}

/// plotters-canvas with text measured by the canvas's own `measureText`.
///
/// Written by hand because plotters measures text on the web by adding a `<span>` with an
/// inline `style` attribute to the page for every label: the page's Content Security Policy
/// forbids inline styles, and each measurement forces a layout of the whole page.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
}

/// plotters-canvas does not export its error type; it is reached through the trait.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
type Failure = DrawingErrorKind<CanvasError>;

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failure> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Failure> {
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let width = self
            .context
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(style.size() * 0.6 * text.chars().count() as f64);
        // A line's height, as the span plotters would have measured.
        Ok((width.ceil() as u32, (style.size() * 1.2).ceil() as u32))
    }
}

/// Draws on `canvas` at its shown size × the device pixel ratio.
pub fn draw_on(
    canvas: &web_sys::HtmlCanvasElement,
    draw: impl FnOnce(&DrawingArea<MeasuredCanvas, Shift>, Scale) -> Result<(), DrawError>,
) -> Result<(), DrawError> {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (width, height) = (canvas.client_width().max(1), canvas.client_height().max(1));
    canvas.set_width((f64::from(width) * ratio).round() as u32);
    canvas.set_height((f64::from(height) * ratio).round() as u32);
    let no_context = || DrawError("the canvas has no 2D context".into());
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or_else(no_context)?
        .unchecked_into();
    let inner = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)?;
    let backend = MeasuredCanvas { inner, context };
    draw(&backend.into_drawing_area(), Scale(ratio))
}

/// Saves a canvas as a PNG download.
fn save_png(canvas: &web_sys::HtmlCanvasElement, name: String) -> Result<(), String> {
    let saved = Closure::once_into_js(move |blob: JsValue| {
        if let Ok(blob) = blob.dyn_into::<web_sys::Blob>() {
            let _ = download_blob(&name, &blob);
        }
    });
    canvas
        .to_blob(saved.unchecked_ref())
        .map_err(|e| crate::store::db::js_text(&e))
}

/// A chart with its table: the canvas is drawn by the page (it knows the figures); this card
/// shows it or the table, and saves either.
#[component]
pub fn ChartCard(
    /// Used in test ids and file names.
    id: &'static str,
    title: Msg,
    canvas: NodeRef<Canvas>,
    table: Signal<TableData>,
    /// A note under the title (what is shown when not everything is).
    #[prop(optional, into)]
    note: Signal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let as_table = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let png = move |_| {
        if let Some(canvas) = canvas.get_untracked() {
            let result = save_png(&canvas, dated_name(&format!("chart-{id}"), "png"));
            failure.set(result.err());
        }
    };
    let export = move |_| failure.set(export_csv(id, table).err());
    view! {
        <section class="chart-card" data-testid=format!("chart-card-{id}") aria-label=move || locale.text(title)>
            <header class="chart-head">
                <h3>{locale.tr(title)}</h3>
                <div class="actions">
                    <button type="button" class="button-quiet" data-testid=format!("toggle-table-{id}") aria-pressed=move || as_table.get().to_string() on:click=move |_| as_table.update(|t| *t = !*t)>
                        {move || locale.text(if as_table.get() { Msg::ShowChart } else { Msg::ShowTable })}
                    </button>
                    <button type="button" class="button-quiet" data-testid=format!("save-png-{id}") on:click=png>
                        {locale.tr(Msg::SavePng)}
                    </button>
                    <button type="button" class="button-quiet" data-testid=format!("export-table-{id}") on:click=export>
                        {locale.tr(Msg::ExportCsv)}
                    </button>
                </div>
            </header>
            {move || note.get().map(|text| view! { <p class="help">{text}</p> })}
            {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <canvas
                node_ref=canvas
                class="chart-canvas"
                class:hidden=move || as_table.get()
                data-testid=format!("chart-{id}")
                role="img"
                aria-label=move || locale.text(title)
            ></canvas>
            <Show when=move || as_table.get()>
                <DataTable id=id table=table />
            </Show>
        </section>
    }
}

/// A table of text with a header row.
#[component]
fn DataTable(id: &'static str, table: Signal<TableData>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="preview" data-testid=format!("table-{id}")>
                <thead>
                    <tr>{move || table.with(|t| t.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view())}</tr>
                </thead>
                <tbody>
                    {move || table.with(|t| t.rows.iter().map(|row| view! {
                        <tr>{row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

/// A table of figures with its title and a CSV export.
#[component]
pub fn TableCard(id: &'static str, title: Msg, table: Signal<TableData>) -> impl IntoView {
    let locale = use_locale();
    let failure = RwSignal::new(None::<String>);
    let export = move |_| failure.set(export_csv(id, table).err());
    view! {
        <section class="chart-card" data-testid=format!("table-card-{id}")>
            <header class="chart-head">
                <h3>{locale.tr(title)}</h3>
                <div class="actions">
                    <button type="button" class="button-quiet" data-testid=format!("export-table-{id}") on:click=export>
                        {locale.tr(Msg::ExportCsv)}
                    </button>
                </div>
            </header>
            {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <DataTable id=id table=table />
        </section>
    }
}

fn export_csv(id: &str, table: Signal<TableData>) -> Result<(), String> {
    let bytes = table
        .with_untracked(TableData::csv)
        .map_err(|e| e.to_string())?;
    download(
        &dated_name(&format!("table-{id}"), "csv"),
        &bytes,
        "text/csv;charset=utf-8",
    )
}
