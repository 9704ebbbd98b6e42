//! "Save as segments": the clustering on screen becomes one stored segment per cluster, named
//! as the names stand, in one undoable change; the segment list is one link away. A result is
//! saved once; after an undo of the save it can be saved again.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::segmentation::Outcome;
use crate::i18n::Msg;
use crate::mining::segments_of;
use crate::model::{Change, Record};
use crate::store::labels;
use crate::ui::analytics::Loaded;
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::data::{now_ms, use_data};
use crate::ui::locale::use_locale;
use crate::ui::marketing::name_problem;
use crate::ui::undo::use_undo;

/// The button, and what became of the last save.
#[component]
pub(super) fn SaveSegments(
    outcome: RwSignal<Option<Arc<Outcome>>>,
    names: RwSignal<Vec<String>>,
    loaded: RwSignal<Option<Arc<Loaded>>>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let base = use_app_base();
    let busy = RwSignal::new(false);
    // The ids of the segments this result was saved as: it is saved once, unless a new run
    // comes or the segments go (an undo, a delete).
    let saved = RwSignal::new(None::<Vec<u64>>);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        outcome.track();
        saved.set(None);
    });
    Effect::new(move |_| {
        data.revision();
        let (Some(ids), Some(db)) = (saved.get_untracked(), data.db()) else {
            return;
        };
        spawn_local(async move {
            if let Ok(stored) = db.segments().await {
                if !stored.iter().any(|s| ids.contains(&s.id.0)) {
                    saved.set(None);
                }
            }
        });
    });
    let save = move |_| {
        let (Some(done), Some(have), Some(db)) =
            (outcome.get_untracked(), loaded.get_untracked(), data.db())
        else {
            return;
        };
        let features: Vec<String> = done
            .features
            .iter()
            .map(|spec| spec.feature.key(&have.categories))
            .collect();
        let now = now_ms();
        let segments = match segments_of(
            &done.sections.customers,
            &done.sections.labels,
            &names.get_untracked(),
            &features,
            now,
        ) {
            Ok(segments) => segments,
            Err((cluster, why)) => {
                let lang = locale.lang_untracked();
                let at = Msg::SegmentNameProblem
                    .text(lang)
                    .replace("{}", &(cluster + 1).to_string());
                return problem.set(Some(format!("{at} {}", name_problem(why).text(lang))));
            }
        };
        problem.set(None);
        busy.set(true);
        let count = segments.len();
        let changes = segments
            .into_iter()
            .map(|segment| Change {
                before: None,
                after: Some(Record::Segment(segment)),
            })
            .collect();
        spawn_local(async move {
            let detail = count.to_string();
            match db.apply(labels::SEGMENTS, &detail, changes, now).await {
                Ok(set) => {
                    let ids = set
                        .changes
                        .iter()
                        .filter_map(|c| match &c.after {
                            Some(Record::Segment(s)) => Some(s.id.0),
                            _ => None,
                        })
                        .collect();
                    saved.set(Some(ids));
                    data.changed();
                    undo.announce(
                        locale
                            .text(Msg::SegmentsSavedNotice)
                            .replace("{}", &count.to_string()),
                        true,
                    );
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" data-testid="save-segments"
            disabled=move || busy.get() || saved.get().is_some() || data.db().is_none()
            on:click=save>
            {locale.tr(Msg::SaveAsSegments)}
        </button>
        {move || saved.get().map(|_| view! {
            <A href=base.href(&Area::Marketing.path()) attr:data-testid="see-segments">{locale.tr(Msg::SeeSegments)}</A>
        })}
        {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="save-segments-error">{text}</p> })}
    }
}
