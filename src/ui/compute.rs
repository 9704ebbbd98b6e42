//! The page's side of the web worker: heavy jobs (duplicate detection, cleaning previews; see
//! [`crate::clean::jobs`]) run there, with progress and cancel, so the page never stalls.
//!
//! A started worker is kept for the next job. Cancelling terminates the worker (whatever it
//! was doing is dropped with it) and a worker that failed is never used again; the next job
//! starts a fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Uint8Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

use crate::clean::jobs::{read_lines, Parcel, Step};
use crate::store::yield_now;
use crate::worker::js::{describe, field, number, object};

/// The worker's script (Trunk's loader for the worker's wasm), beside the app's.
const SCRIPT: &str = "fieldbook-worker_loader.js";
/// List items written or read between two looks at the clock.
const ITEMS_PER_CHUNK: usize = 250;
/// Page work between two yields, in milliseconds: short enough for input to feel immediate.
const SLICE_MS: f64 = 12.0;

/// A started worker and the promise of its `{ready}` message.
struct Started {
    worker: Worker,
    ready: Promise,
}

thread_local! {
    /// Workers started and not busy.
    static IDLE: RefCell<Vec<Started>> = const { RefCell::new(Vec::new()) };
}

/// Why a job gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    #[error("stopped")]
    Cancelled,
    #[error("the background worker could not start: {0}")]
    Start(String),
    #[error("the background worker failed: {0}")]
    Failed(String),
    #[error("the background worker's answer could not be read: {0}")]
    Answer(String),
}

fn start() -> Result<Started, ComputeError> {
    let worker = Worker::new(SCRIPT).map_err(|e| ComputeError::Start(describe(&e)))?;
    let ready = Promise::new(&mut |resolve, reject| {
        worker.set_onmessage(Some(&resolve));
        worker.set_onerror(Some(&reject));
    });
    Ok(Started { worker, ready })
}

/// Starts a worker before it is needed (when a page that uses it opens), so the first job
/// does not wait for the worker's wasm to load.
pub fn warm_up() {
    if IDLE.with(|idle| idle.borrow().is_empty()) {
        if let Ok(started) = start() {
            IDLE.with(|idle| idle.borrow_mut().push(started));
        }
    }
}

#[derive(Default)]
struct JobState {
    worker: Option<Worker>,
    /// Rejects the promise a running job waits on.
    stop: Option<Function>,
    cancelled: bool,
}

/// One job's handle: [`Job::run`] it, and [`Job::cancel`] it from elsewhere (a Cancel
/// button, the page closing).
#[derive(Clone, Default)]
pub struct Job(Rc<RefCell<JobState>>);

impl Job {
    /// Stops the job: its worker is terminated and `run` returns
    /// [`ComputeError::Cancelled`]. Cancelling before `run` makes `run` return at once.
    pub fn cancel(&self) {
        let mut state = self.0.borrow_mut();
        state.cancelled = true;
        if let Some(worker) = state.worker.take() {
            worker.terminate();
        }
        if let Some(stop) = state.stop.take() {
            let _ = stop.call1(&JsValue::NULL, &JsValue::NULL);
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.borrow().cancelled
    }

    /// Waits for `promise` unless the job is cancelled first.
    async fn wait(&self, promise: &Promise) -> Result<JsValue, ComputeError> {
        let stopped = Promise::new(&mut |_, reject| self.0.borrow_mut().stop = Some(reject));
        let outcome = JsFuture::from(Promise::race(&Array::of2(promise, &stopped))).await;
        self.0.borrow_mut().stop = None;
        if self.is_cancelled() {
            return Err(ComputeError::Cancelled);
        }
        outcome.map_err(|e| ComputeError::Failed(error_text(&e)))
    }

    /// Runs the job `name` on `parcel` in a worker; `on_step` hears its progress.
    pub async fn run(
        &self,
        name: &str,
        parcel: Parcel,
        on_step: impl Fn(Step) + 'static,
    ) -> Result<Parcel, ComputeError> {
        if self.is_cancelled() {
            return Err(ComputeError::Cancelled);
        }
        let started = match IDLE.with(|idle| idle.borrow_mut().pop()) {
            Some(started) => started,
            None => start()?,
        };
        let worker = started.worker.clone();
        self.0.borrow_mut().worker = Some(worker.clone());
        let outcome = match self.wait(&started.ready).await {
            Ok(_) => self.ask(&worker, name, parcel, on_step).await,
            Err(ComputeError::Failed(why)) => Err(ComputeError::Start(why)),
            Err(other) => Err(other),
        };
        self.0.borrow_mut().worker = None;
        worker.set_onmessage(None);
        worker.set_onerror(None);
        match &outcome {
            // The worker answered (even "could not"): it can take the next job.
            Ok(_) | Err(ComputeError::Answer(_)) => IDLE.with(|idle| {
                idle.borrow_mut().push(Started {
                    worker,
                    ready: Promise::resolve(&JsValue::TRUE),
                })
            }),
            Err(_) => worker.terminate(),
        }
        outcome
    }

    async fn ask(
        &self,
        worker: &Worker,
        name: &str,
        parcel: Parcel,
        on_step: impl Fn(Step) + 'static,
    ) -> Result<Parcel, ComputeError> {
        let sections: Array = parcel
            .sections
            .iter()
            .map(|bytes| JsValue::from(Uint8Array::from(bytes.as_slice()).buffer()))
            .collect();
        drop(parcel.sections);
        let message = object(&[
            ("job", name.into()),
            ("header", parcel.header.into()),
            ("sections", sections.clone().into()),
        ]);
        let answered: Rc<RefCell<Option<Function>>> = Rc::default();
        let answer = {
            let answered = answered.clone();
            Promise::new(&mut move |resolve, _| *answered.borrow_mut() = Some(resolve))
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if field(&data, "progress") == JsValue::TRUE {
                on_step(Step {
                    phase: number(&data, "phase", 0.0) as u32,
                    done: number(&data, "done", 0.0) as usize,
                    total: number(&data, "total", 0.0) as usize,
                });
            } else if let Some(resolve) = answered.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let failed = Promise::new(&mut |_, reject| worker.set_onerror(Some(&reject)));
        worker
            .post_message_with_transfer(&message, &sections)
            .map_err(|e| ComputeError::Failed(describe(&e)))?;
        let data = self
            .wait(&Promise::race(&Array::of2(&answer, &failed)))
            .await?;
        drop(on_message);
        if field(&data, "ok") != JsValue::TRUE {
            let why = field(&data, "error").as_string().unwrap_or_default();
            return Err(ComputeError::Answer(why));
        }
        Ok(Parcel {
            header: field(&data, "header").as_string().unwrap_or_default(),
            sections: Array::from(&field(&data, "sections"))
                .iter()
                .map(|buffer| Uint8Array::new(&buffer).to_vec())
                .collect(),
        })
    }
}

/// The text of an error event (a worker that threw or did not load) or a thrown value.
fn error_text(error: &JsValue) -> String {
    let text = match error.dyn_ref::<web_sys::ErrorEvent>() {
        Some(event) => event.message(),
        None if error.is_instance_of::<web_sys::Event>() => String::new(),
        None => describe(error),
    };
    if text.is_empty() {
        "its script did not run".to_owned()
    } else {
        text
    }
}

/// `items` as lines written by `write` (JSON lines), in slices of a few milliseconds between
/// yields; `on_written` hears how many are written.
pub async fn lines_of<T>(
    items: &[T],
    write: impl Fn(&[T], &mut Vec<u8>),
    on_written: impl Fn(usize),
) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut slice = Slice::start();
    for (at, chunk) in items.chunks(ITEMS_PER_CHUNK).enumerate() {
        write(chunk, &mut bytes);
        if slice.used_up() {
            on_written(at * ITEMS_PER_CHUNK + chunk.len());
            yield_now().await;
            slice = Slice::start();
        }
    }
    bytes
}

/// The values of JSON lines, read in slices of a few milliseconds between yields.
pub async fn read_stepwise<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, ComputeError> {
    let mut values = Vec::new();
    let mut at = 0;
    let mut slice = Slice::start();
    while at < bytes.len() {
        let (mut read, next) = read_lines(bytes, at, ITEMS_PER_CHUNK)
            .map_err(|e| ComputeError::Answer(e.to_string()))?;
        values.append(&mut read);
        at = next;
        if at < bytes.len() && slice.used_up() {
            yield_now().await;
            slice = Slice::start();
        }
    }
    Ok(values)
}

/// A stretch of page work that ends after [`SLICE_MS`].
struct Slice(f64);

impl Slice {
    fn start() -> Slice {
        Slice(js_sys::Date::now())
    }

    fn used_up(&self) -> bool {
        js_sys::Date::now() - self.0 >= SLICE_MS
    }
}
