//! The web worker (web edge): runs heavy jobs off the UI thread and, for jobs that split, on
//! every core through helper workers of its own.
//!
//! Protocol: the worker posts `{ready: true}` once its wasm has started; then each message
//! `{job, …}` gets exactly one reply `{ok: true, …}` or `{ok: false, error}`. Jobs:
//! - `prepare {parts}`: starts the helpers a job split in `parts` needs (done when the app
//!   opens, so a job never waits for a helper's wasm to start).
//! - `segment {file, k, parts}`: the segmentation pipeline on an orders CSV file; replies with
//!   `summary` and `times` (JSON text, see [`crate::mining::PipelineSummary`]).
//! - `read-part {file, start, end, columns}`: reads one line-aligned byte range of an orders
//!   file into columns; replies with `part`, an `ArrayBuffer` moved (not copied) to the asker.
//! - `dedupe` and `clean {header, sections}`: the cleaning jobs of [`crate::clean::jobs`]
//!   (duplicate detection, cleaning preview); `header` is JSON text and `sections` are
//!   `ArrayBuffer`s of JSON lines, moved both ways. Before the answer they post
//!   `{progress: true, phase, done, total}` after each step.
//! - `dashboard {header, sections}`: the dashboard's figures for a scope (see
//!   [`crate::analytics::DASHBOARD`]); the worker keeps the last facts it was sent.

mod jobs;
pub(crate) mod js;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts the worker: listens for jobs and says it is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        wasm_bindgen_futures::spawn_local(jobs::handle(event.data()));
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    js::reply(&js::object(&[("ready", JsValue::TRUE)]), None);
}
