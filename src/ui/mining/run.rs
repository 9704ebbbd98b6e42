//! What every mining panel shows while and after it asks the worker: the progress bar with its
//! cancel button, and the failure line.

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::ui::compute::{ComputeError, Job};
use crate::ui::locale::use_locale;

/// The text of a run that did not finish: stopped by the user, or failed with its reason.
pub(super) fn failed(error: ComputeError, lang: Lang) -> String {
    match error {
        ComputeError::Cancelled => Msg::SearchStopped.text(lang).to_owned(),
        error => format!("{} ({error})", Msg::BackgroundFailed.text(lang)),
    }
}

/// Whether a result computed on data `revision` is older than the data on the page.
pub(super) fn is_stale(computed: Option<u64>, current: Option<u64>) -> bool {
    matches!((computed, current), (Some(a), Some(b)) if a != b)
}

/// The progress bar (`{name}-progress`, `cancel-{name}`) while `progress` is set, and the
/// failure line (`{name}-error`) while `failure` is.
#[component]
pub(super) fn RunStatus(
    progress: RwSignal<Option<f64>>,
    failure: RwSignal<Option<String>>,
    job: StoredValue<Job, LocalStorage>,
    running: Msg,
    name: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let cancel = move |_| job.with_value(Job::cancel);
    view! {
        {move || progress.get().map(|share| view! {
            <div class="progress-block" data-testid=format!("{name}-progress")>
                <label>
                    <span>{locale.tr(running)}</span>
                    <progress max="1000" value=(share * 1000.0).round().to_string()></progress>
                </label>
                <button type="button" class="button-quiet" data-testid=format!("cancel-{name}") on:click=cancel>{locale.tr(Msg::Cancel)}</button>
            </div>
        })}
        {move || failure.get().map(|text| view! { <p class="error" role="alert" data-testid=format!("{name}-error")>{text}</p> })}
    }
}
