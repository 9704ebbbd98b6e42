//! The cleaning area: duplicate customers found, reviewed side by side and merged (one
//! undoable change set per merge); values fixed and filled after a preview. The searching and
//! previewing run in the web worker ([`crate::ui::compute`]).

mod duplicates;
mod review;
mod values;

use leptos::prelude::*;

use crate::clean::dedupe::{Agreement, DedupeParams, Detection, Evidence, Field, Progress, Stage};
use crate::clean::jobs::{self, DedupeJob, Parcel};
use crate::i18n::{Lang, Msg};
use crate::model::Customer;
use crate::ui::areas::Area;
use crate::ui::compute::{self, lines_of, read_stepwise, ComputeError, Job};
use crate::ui::data::today;
use crate::ui::locale::use_locale;

/// The cleaning page.
#[component]
pub fn CleaningPage() -> impl IntoView {
    let locale = use_locale();
    compute::warm_up();
    view! {
        <section class="page" data-testid=format!("page-{}", Area::Cleaning.slug())>
            <h1>{locale.tr(Area::Cleaning.label())}</h1>
            <duplicates::Duplicates />
            <values::FixValues />
        </section>
    }
}

fn field_label(field: Field) -> Msg {
    match field {
        Field::Name => Msg::FieldName,
        Field::Email => Msg::FieldEmail,
        Field::Phone => Msg::FieldPhone,
        Field::BirthDate => Msg::FieldBirthDate,
        Field::Gender => Msg::FieldGender,
        Field::City => Msg::FieldCity,
        Field::Street => Msg::FieldStreet,
        Field::Postcode => Msg::FieldPostcode,
    }
}

/// One piece of evidence in words: "same phone", "name 0.94", "email differs".
fn evidence_text(evidence: &Evidence, lang: Lang) -> String {
    let field = field_label(evidence.field).text(lang);
    let field = match lang {
        Lang::En => field.to_lowercase(),
        _ => field.to_owned(),
    };
    let word = |msg: Msg| msg.text(lang);
    match (evidence.agreement, lang) {
        (Agreement::Similar(similarity), _) => format!("{field} {similarity:.2}"),
        (agreement, Lang::En) => {
            let word = match agreement {
                Agreement::Same => return format!("{} {field}", word(Msg::EvidenceSame)),
                Agreement::Sounds => word(Msg::EvidenceAlike),
                _ => word(Msg::EvidenceDiffers),
            };
            format!("{field} {word}")
        }
        (agreement, _) => {
            let word = match agreement {
                Agreement::Same => word(Msg::EvidenceSame),
                Agreement::Sounds => word(Msg::EvidenceAlike),
                _ => word(Msg::EvidenceDiffers),
            };
            format!("{field}{word}")
        }
    }
}

/// The strongest evidence of a pair, for and against, in words.
pub(crate) fn evidence_summary(evidence: &[Evidence], lang: Lang) -> String {
    let mut strongest: Vec<&Evidence> = evidence.iter().collect();
    strongest.sort_by(|a, b| b.bits.abs().total_cmp(&a.bits.abs()));
    strongest
        .into_iter()
        .take(4)
        .map(|e| evidence_text(e, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the last action of a panel failed, when it did.
fn failure_line(failure: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        failure
            .get()
            .map(|text| view! { <p class="error" role="alert">{text}</p> })
    }
}

/// A confidence as a whole percentage, never showing 100% for less than certainty.
fn percent(confidence: f64) -> String {
    let value = (confidence * 100.0).floor().clamp(0.0, 99.0);
    if confidence >= 0.9999 {
        ">99%".to_owned()
    } else {
        format!("{value:.0}%")
    }
}

/// Finds duplicates among `customers` in the web worker with the default settings.
/// `on_progress` hears where it is: reading covers sending the customers to the worker and
/// its normal forms of them (each half of the reading).
pub(crate) async fn detect_in_worker(
    job: &Job,
    customers: &[Customer],
    on_progress: impl Fn(Progress) + Clone + 'static,
) -> Result<Detection, ComputeError> {
    let total = customers.len().max(1) * 2;
    let sending = on_progress.clone();
    let lines = lines_of(customers, jobs::dedupe_lines, move |done| {
        sending(Progress {
            stage: Stage::Reading,
            done,
            total,
        })
    })
    .await;
    let settings = DedupeJob {
        today: today(),
        params: DedupeParams::default(),
    };
    let parcel = Parcel {
        // Plain data types always serialise.
        header: serde_json::to_string(&settings).unwrap_or_default(),
        sections: vec![lines],
    };
    let sent = customers.len();
    let answer = job
        .run(jobs::DEDUPE, parcel, move |step| {
            on_progress(match step.phase {
                0 => Progress {
                    stage: Stage::Reading,
                    done: sent + step.done,
                    total,
                },
                _ => Progress {
                    stage: Stage::Comparing,
                    done: step.done,
                    total: step.total,
                },
            })
        })
        .await?;
    let pairs = read_stepwise(answer.sections.first().map_or(&[][..], Vec::as_slice)).await?;
    jobs::detection(&answer.header, pairs).map_err(|e| ComputeError::Answer(e.to_string()))
}

/// A worker failure in words; a cancelled job is no failure (`None`).
fn compute_error_text(error: &ComputeError, lang: Lang) -> Option<String> {
    match error {
        ComputeError::Cancelled => None,
        other => Some(format!("{} ({other})", Msg::BackgroundFailed.text(lang))),
    }
}
