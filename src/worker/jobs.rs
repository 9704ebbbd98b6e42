//! The worker's jobs: reading an orders file in parallel parts, the segmentation pipeline, and
//! the cleaning jobs of [`crate::clean::jobs`].

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, DedicatedWorkerGlobalScope, Worker};

use super::js::{self, ask, describe, event_data, field, number, object, read_bytes, reply};
use crate::analytics::{
    customer_lines, line_start_after, read_header, read_lines, split_points, Columns, Dashboard,
    DashboardAnswer, DashboardJob, Facts, OrderLines, DASHBOARD, NO_FACTS,
};
use crate::clean::jobs::{self, write_lines, Parcel, Step};
use crate::mining::{
    kmeans, run_churn, run_rules, run_segmentation, segment_lines, ChurnAnswer, ChurnJob,
    KMeansSettings, RulesAnswer, RulesJob, SegmentationAnswer, SegmentationJob, Stage, StageTimes,
    BASKET_RULES, CHURN, SEGMENTATION,
};

/// The header line of an orders file must fit in this many bytes.
const HEADER_WINDOW: usize = 1 << 20;
/// A cut point moves to the next line start within this many bytes, or the file is read whole.
const LINE_WINDOW: usize = 1 << 16;
/// More parts than this gains nothing on the machines Fieldbook runs on.
const MAX_PARTS: usize = 8;

thread_local! {
    /// Helper workers, started once and kept.
    static HELPERS: RefCell<Vec<Worker>> = const { RefCell::new(Vec::new()) };
}

/// Runs one job and replies.
pub async fn handle(message: JsValue) {
    let job = field(&message, "job").as_string().unwrap_or_default();
    let result = match job.as_str() {
        "prepare" => prepare(parts_of(&message))
            .await
            .map(|()| (object(&[]), None)),
        "segment" => segment(&message).await.map(|m| (m, None)),
        "read-part" => read_part_job(&message)
            .await
            .map(|(m, b)| (m, Some(Array::of1(&b)))),
        jobs::DEDUPE | jobs::CLEAN => parcel_job(&job, &message).map(|(m, b)| (m, Some(b))),
        DASHBOARD => dashboard_job(&message).map(|(m, b)| (m, Some(b))),
        SEGMENTATION => segmentation_job(&message).map(|(m, b)| (m, Some(b))),
        BASKET_RULES => rules_job(&message).map(|(m, b)| (m, Some(b))),
        CHURN => churn_job(&message).map(|(m, b)| (m, Some(b))),
        "kmeans" => kmeans_job(&message).map(|(m, b)| (m, Some(b))),
        other => Err(format!("unknown job {other:?}")),
    };
    match result {
        Ok((answer, transfer)) => {
            let _ = js_sys::Reflect::set(&answer, &"ok".into(), &JsValue::TRUE);
            reply(&answer, transfer.as_ref());
        }
        Err(error) => reply(
            &object(&[("ok", JsValue::FALSE), ("error", error.into())]),
            None,
        ),
    }
}

fn parts_of(message: &JsValue) -> usize {
    (number(message, "parts", 1.0) as usize).clamp(1, MAX_PARTS)
}

/// Makes sure `parts - 1` helpers are running.
async fn prepare(parts: usize) -> Result<(), String> {
    while HELPERS.with(|h| h.borrow().len()) + 1 < parts {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let script = web_sys::WorkerGlobalScope::location(&scope).href();
        let helper = Worker::new(&script)
            .map_err(|e| format!("could not start a helper: {}", describe(&e)))?;
        let ready = event_data(
            js::next_message(&helper)
                .await
                .map_err(|e| format!("a helper failed to start: {}", describe(&e)))?,
        );
        if field(&ready, "ready") != JsValue::TRUE {
            return Err("a helper did not start properly".into());
        }
        HELPERS.with(|h| h.borrow_mut().push(helper));
    }
    Ok(())
}

fn file_of(message: &JsValue) -> Result<Blob, String> {
    field(message, "file")
        .dyn_into::<Blob>()
        .map_err(|_| "the job names no file".to_string())
}

/// `read-part`: reads bytes `start..end` and sends the columns back as one buffer.
async fn read_part_job(message: &JsValue) -> Result<(JsValue, JsValue), String> {
    let file = file_of(message)?;
    let columns: Vec<usize> = Array::from(&field(message, "columns"))
        .iter()
        .filter_map(|v| v.as_f64().map(|n| n as usize))
        .collect();
    let columns: [usize; 5] = columns
        .try_into()
        .map_err(|_| "the job names no columns".to_string())?;
    let start = number(message, "start", 0.0) as usize;
    let end = number(message, "end", 0.0) as usize;
    let lines = read_lines(
        &read_bytes(&file, start, end).await?,
        &Columns::from_array(columns),
    );
    let bytes = lines.to_bytes();
    drop(lines);
    let buffer = Uint8Array::from(bytes.as_slice()).buffer();
    Ok((object(&[("part", buffer.clone().into())]), buffer.into()))
}

/// Reads a whole orders file into columns, in `parts` line-aligned ranges on as many threads.
async fn read_orders(file: &Blob, parts: usize) -> Result<OrderLines, String> {
    let len = file.size() as usize;
    let head = read_bytes(file, 0, len.min(HEADER_WINDOW)).await?;
    let (columns, start) = read_header(&head).map_err(|e| e.to_string())?;
    drop(head);
    let mut cuts = vec![start];
    for point in split_points(start, len, parts) {
        let window = read_bytes(file, point, len.min(point + LINE_WINDOW)).await?;
        let at = line_start_after(&window).map_or(len, |offset| point + offset);
        cuts.push(at.max(cuts[cuts.len() - 1]));
    }
    cuts.push(len);
    prepare(parts).await?;
    let helpers: Vec<Worker> = HELPERS.with(|h| h.borrow().clone());
    // Helpers start on their ranges first; this worker reads the first range meanwhile.
    let pending: Vec<_> = cuts[1..]
        .windows(2)
        .zip(&helpers)
        .map(|(range, helper)| {
            let message = object(&[
                ("job", "read-part".into()),
                ("file", file.into()),
                ("start", (range[0] as f64).into()),
                ("end", (range[1] as f64).into()),
                (
                    "columns",
                    columns
                        .to_array()
                        .iter()
                        .map(|&c| JsValue::from(c as f64))
                        .collect::<Array>()
                        .into(),
                ),
            ]);
            ask(helper, &message, None)
        })
        .collect();
    let mut lines = read_lines(&read_bytes(file, cuts[0], cuts[1]).await?, &columns);
    let mut cut_inside_quotes = false;
    for answer in pending {
        cut_inside_quotes |= lines.quotes % 2 == 1;
        let answer = event_data(answer.await.map_err(|e| describe(&e))?);
        if field(&answer, "ok") != JsValue::TRUE {
            return Err(field(&answer, "error").as_string().unwrap_or_default());
        }
        let part = OrderLines::from_bytes(&Uint8Array::new(&field(&answer, "part")).to_vec())
            .map_err(|e| e.to_string())?;
        lines.append(part);
    }
    if cut_inside_quotes {
        // A cut fell inside a quoted field that spans lines: the parts are wrong, read again
        // in one go (rare: order exports seldom quote line breaks).
        lines = read_lines(&read_bytes(file, start, len).await?, &columns);
    }
    Ok(lines)
}

/// `segment`: the whole pipeline on an orders file.
async fn segment(message: &JsValue) -> Result<JsValue, String> {
    let file = file_of(message)?;
    let k = number(message, "k", 5.0) as usize;
    let started = js::now();
    let lines = read_orders(&file, parts_of(message)).await?;
    let mut times = StageTimes(vec![(Stage::Read, js::now() - started)]);
    let mut clock = js::now;
    let summary = segment_lines(lines, &KMeansSettings::new(k), &mut clock, &mut times)
        .map_err(|e| e.to_string())?;
    let summary = serde_json::to_string(&summary).map_err(|e| e.to_string())?;
    let times = serde_json::to_string(&times).map_err(|e| e.to_string())?;
    Ok(object(&[
        ("summary", summary.into()),
        ("times", times.into()),
    ]))
}

/// The header and sections of a job message.
fn parcel_of(message: &JsValue) -> Parcel {
    let parcel = Parcel {
        header: field(message, "header").as_string().unwrap_or_default(),
        sections: Array::from(&field(message, "sections"))
            .iter()
            .map(|buffer| Uint8Array::new(&buffer).to_vec())
            .collect(),
    };
    drop(js::take_field(message, "sections"));
    parcel
}

/// An answer of header and sections, its buffers moved to the asker.
fn answer_of(answer: Parcel) -> (JsValue, Array) {
    let buffers: Array = answer
        .sections
        .iter()
        .map(|bytes| JsValue::from(Uint8Array::from(bytes.as_slice()).buffer()))
        .collect();
    (
        object(&[
            ("header", answer.header.into()),
            ("sections", buffers.clone().into()),
        ]),
        buffers,
    )
}

/// A job of header and sections (see [`crate::clean::jobs`]): says where it is after each
/// step with `{progress: true, phase, done, total}` before its one answer.
fn parcel_job(name: &str, message: &JsValue) -> Result<(JsValue, Array), String> {
    let parcel = parcel_of(message);
    let mut progress = |step: Step| {
        reply(
            &object(&[
                ("progress", JsValue::TRUE),
                ("phase", step.phase.into()),
                ("done", (step.done as f64).into()),
                ("total", (step.total as f64).into()),
            ]),
            None,
        )
    };
    let answer = jobs::run(name, &parcel, &mut progress).map_err(|e| e.to_string())?;
    drop(parcel);
    Ok(answer_of(answer))
}

thread_local! {
    /// The last facts the page sent, with their data revision.
    static FACTS: RefCell<Option<(u64, Facts)>> = const { RefCell::new(None) };
}

/// `dashboard`: the dashboard's figures for a scope, from the facts sent now or kept from an
/// earlier job of the same revision.
fn dashboard_job(message: &JsValue) -> Result<(JsValue, Array), String> {
    let parcel = parcel_of(message);
    let job: DashboardJob = serde_json::from_str(&parcel.header).map_err(|e| e.to_string())?;
    keep_facts(job.revision, &parcel)?;
    drop(parcel);
    let started = js::now();
    let dashboard = FACTS.with(|f| match &*f.borrow() {
        Some((revision, facts)) if *revision == job.revision => {
            Ok(Dashboard::compute(facts, &job.scope))
        }
        _ => Err(NO_FACTS.to_owned()),
    })?;
    let answer = DashboardAnswer {
        dashboard,
        compute_ms: js::now() - started,
    };
    let header = serde_json::to_string(&answer).map_err(|e| e.to_string())?;
    let mut sections = Vec::new();
    if job.lines {
        let mut bytes = Vec::new();
        FACTS.with(|f| {
            if let Some((_, facts)) = &*f.borrow() {
                write_lines(&customer_lines(facts, &job.scope), &mut bytes);
            }
        });
        sections.push(bytes);
    }
    Ok(answer_of(Parcel { header, sections }))
}

/// A job over the facts kept by an earlier job of the same revision or sent now: reads the
/// job's header, runs `run` with a progress callback (phase 0) and answers its header and
/// sections, with the job's time in the worker set through `timed`.
fn facts_job<J, A>(
    message: &JsValue,
    revision: impl Fn(&J) -> u64,
    run: impl FnOnce(&Facts, &J, &mut dyn FnMut(usize, usize)) -> Result<(A, Vec<Vec<u8>>), String>,
    timed: impl FnOnce(&mut A, f64),
) -> Result<(JsValue, Array), String>
where
    J: serde::de::DeserializeOwned,
    A: serde::Serialize,
{
    let parcel = parcel_of(message);
    let job: J = serde_json::from_str(&parcel.header).map_err(|e| e.to_string())?;
    keep_facts(revision(&job), &parcel)?;
    drop(parcel);
    let started = js::now();
    let mut progress = |done: usize, total: usize| {
        reply(
            &object(&[
                ("progress", JsValue::TRUE),
                ("phase", 0.into()),
                ("done", (done as f64).into()),
                ("total", (total as f64).into()),
            ]),
            None,
        )
    };
    let (mut answer, sections) = FACTS.with(|f| match &*f.borrow() {
        Some((kept, facts)) if *kept == revision(&job) => run(facts, &job, &mut progress),
        _ => Err(NO_FACTS.to_owned()),
    })?;
    timed(&mut answer, js::now() - started);
    let header = serde_json::to_string(&answer).map_err(|e| e.to_string())?;
    Ok(answer_of(Parcel { header, sections }))
}

/// `segmentation`: k-means on customer features; says after each k of the curve where it is.
fn segmentation_job(message: &JsValue) -> Result<(JsValue, Array), String> {
    facts_job(
        message,
        |job: &SegmentationJob| job.revision,
        |facts, job, progress| {
            run_segmentation(facts, job, &mut js::now, progress)
                .map(|(answer, sections)| (answer, sections.to_sections()))
                .map_err(|e| e.to_string())
        },
        |answer: &mut SegmentationAnswer, ms| answer.compute_ms = ms,
    )
}

/// `churn`: a churn model trained, checked and used to score every buyer.
fn churn_job(message: &JsValue) -> Result<(JsValue, Array), String> {
    facts_job(
        message,
        |job: &ChurnJob| job.revision,
        |facts, job, progress| {
            run_churn(facts, job, progress)
                .map(|(answer, scores)| (answer, scores.to_sections()))
                .map_err(|e| e.to_string())
        },
        |answer: &mut ChurnAnswer, ms| answer.compute_ms = ms,
    )
}

/// `basket_rules`: association rules over the counted orders.
fn rules_job(message: &JsValue) -> Result<(JsValue, Array), String> {
    facts_job(
        message,
        |job: &RulesJob| job.revision,
        |facts, job, progress| {
            run_rules(facts, job, &mut js::now, progress)
                .map(|answer| (answer, Vec::new()))
                .map_err(|e| e.to_string())
        },
        |answer: &mut RulesAnswer, ms| answer.compute_ms = ms,
    )
}

/// Keeps the facts a job brought (its one section), for this and later jobs of the revision.
fn keep_facts(revision: u64, parcel: &Parcel) -> Result<(), String> {
    if let Some(bytes) = parcel.sections.first() {
        let facts = Facts::from_bytes(bytes).map_err(|e| e.to_string())?;
        FACTS.with(|f| *f.borrow_mut() = Some((revision, facts)));
    }
    Ok(())
}

/// `kmeans`: k-means on a matrix the page sends (header `{"dims", "k", "seed"}`, one section
/// of little-endian f64 values row by row), answering the inertia and the milliseconds: the
/// benchmark's like-for-like run against scikit-learn on the very same matrix.
fn kmeans_job(message: &JsValue) -> Result<(JsValue, Array), String> {
    #[derive(serde::Deserialize)]
    struct Ask {
        dims: usize,
        k: usize,
        seed: u64,
    }
    let parcel = parcel_of(message);
    let ask: Ask = serde_json::from_str(&parcel.header).map_err(|e| e.to_string())?;
    let bytes = parcel.sections.first().ok_or("no matrix was sent")?;
    let rows: Vec<f64> = bytes
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
        .collect();
    drop(parcel);
    let started = js::now();
    let settings = KMeansSettings {
        seed: ask.seed,
        ..KMeansSettings::new(ask.k)
    };
    let clustering = kmeans(&rows, ask.dims, &settings).map_err(|e| e.to_string())?;
    let header = serde_json::json!({
        "kmeans_ms": js::now() - started,
        "inertia": clustering.inertia,
        "rows": clustering.labels.len(),
    })
    .to_string();
    Ok(answer_of(Parcel {
        header,
        sections: Vec::new(),
    }))
}
