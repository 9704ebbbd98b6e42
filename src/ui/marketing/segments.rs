//! The segment list: every saved segment with where it came from, its members now (a rule's
//! customers who meet it; a clustering's members still stored), when it was saved; rename,
//! change a rule, export the members, delete — each an undoable change.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::rules::{rule_text, Rows, RuleDraft};
use crate::i18n::{Lang, Msg};
use crate::import::customers_csv;
use crate::model::{Change, Customer, Record, Segment, SegmentOrigin, SegmentProblem, Timestamp};
use crate::store::labels;
use crate::ui::data::{format_count, now_ms, use_data};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;
use crate::ui::mining::stored_feature_label;
use crate::ui::undo::use_undo;

/// Says what a name problem is.
pub(crate) fn name_problem(problem: SegmentProblem) -> Msg {
    match problem {
        SegmentProblem::NameEmpty => Msg::SegmentNameEmpty,
        SegmentProblem::NameTooLong => Msg::SegmentNameTooLong,
    }
}

/// Where a segment came from, in words.
fn origin_text(origin: &SegmentOrigin, lang: Lang) -> String {
    match origin {
        SegmentOrigin::Cluster {
            cluster,
            k,
            features,
            ..
        } => {
            let features: Vec<String> = features
                .iter()
                .map(|key| stored_feature_label(key, lang))
                .collect();
            Msg::SegmentClusterOrigin
                .text(lang)
                .replace("{n}", &(cluster + 1).to_string())
                .replace("{k}", &k.to_string())
                .replace("{features}", &features.join(", "))
        }
        SegmentOrigin::Automation { .. } => Msg::SegmentAutomationOrigin.text(lang).to_owned(),
        SegmentOrigin::Rule { rule } => Msg::SegmentRuleOrigin
            .text(lang)
            .replace("{}", &rule_text(rule, lang)),
    }
}

/// Brings the rule builder into view with its first field focused.
fn focus_builder() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(field) = document
        .query_selector("[data-testid=rule-builder] select")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        field.scroll_into_view();
        let _ = field.focus();
    }
}

fn saved_on(at: Timestamp) -> String {
    chrono::DateTime::from_timestamp_millis(at)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The list of saved segments; "change rule" fills `draft`, `rows` give the members.
#[component]
pub(super) fn SegmentList(draft: RuleDraft, rows: Rows) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let listed = LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move { Some(db?.segments().await.map_err(|e| e.to_string())) }
    });
    let failure = RwSignal::new(None::<String>);
    // One write at a time: the change and its announcement, or the reason it failed.
    let write = move |before: Segment, after: Option<Segment>, done: Msg| {
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            let label = if after.is_some() {
                labels::EDIT
            } else {
                labels::DELETE
            };
            let change = Change {
                before: Some(Record::Segment(before)),
                after: after.map(Record::Segment),
            };
            match db.apply(label, "", vec![change], now_ms()).await {
                Ok(_) => {
                    data.changed();
                    undo.announce(locale.text(done).to_owned(), true);
                }
                Err(error) => undo.fail(error.to_string()),
            }
        });
    };
    let rename = move |segment: Segment, typed: String| match Segment::checked_name(&typed) {
        Ok(name) if name == segment.name => failure.set(None),
        Ok(name) => {
            failure.set(None);
            let mut after = segment.clone();
            after.name = name;
            write(segment, Some(after), Msg::SegmentRenamed);
        }
        Err(problem) => failure.set(Some(locale.text(name_problem(problem)).to_owned())),
    };
    // A segment a campaign uses is deleted only once the user confirms.
    let confirming = RwSignal::new(None::<(Segment, String)>);
    let delete = move |segment: Segment| {
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            match db.campaigns().await {
                Ok(campaigns) => {
                    let using: Vec<String> = campaigns
                        .iter()
                        .filter(|c| c.uses_segment(segment.id))
                        .map(|c| format!("“{}”", c.name))
                        .collect();
                    if using.is_empty() {
                        write(segment, None, Msg::SegmentDeleted);
                    } else {
                        confirming.set(Some((segment, using.join(", "))));
                    }
                }
                Err(error) => failure.set(Some(error.to_string())),
            }
        });
    };
    let confirm = move || {
        confirming.get().map(|(segment, names)| {
            let asked = segment.clone();
            view! {
                <div class="notice notice-warning" role="alert" data-testid="segment-in-use">
                    <p>{locale.text(Msg::SegmentUsedByCampaigns).replace("{}", &names)}</p>
                    <p class="actions">
                        <button type="button" data-testid="delete-segment-anyway"
                            on:click=move |_| {
                                confirming.set(None);
                                write(asked.clone(), None, Msg::SegmentDeleted);
                            }>
                            {locale.tr(Msg::DeleteSegmentAnyway)}
                        </button>
                        <button type="button" class="button-quiet" data-testid="keep-segment"
                            on:click=move |_| confirming.set(None)>
                            {locale.tr(Msg::KeepSegment)}
                        </button>
                    </p>
                </div>
            }
        })
    };
    let export = move |segment: Segment| {
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            let result = async {
                let ids: HashSet<u64> = rows
                    .with_untracked(|r| match r {
                        Some(Ok(rows)) => Some(rows.members_of(&segment)),
                        _ => None,
                    })
                    .unwrap_or_else(|| segment.members.clone())
                    .into_iter()
                    .map(|id| id.0)
                    .collect();
                let members: Vec<Customer> = db
                    .customers()
                    .await
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .filter(|c| ids.contains(&c.id.0))
                    .collect();
                let bytes = customers_csv(&members).map_err(|e| e.to_string())?;
                let what = format!("segment-{}", segment.id.0);
                download(&dated_name(&what, "csv"), &bytes, "text/csv;charset=utf-8")
            }
            .await;
            failure.set(result.err());
        });
    };
    let rows = move || {
        let Some(Some(Ok(segments))) = listed.get() else {
            return None;
        };
        let lang = locale.lang();
        if segments.is_empty() {
            return Some(
                view! { <p class="empty-state" data-testid="segments-none">{locale.tr(Msg::SegmentsNone)}</p> }
                    .into_any(),
            );
        }
        let list = segments
            .into_iter()
            .map(|segment| {
                let now = rows.with(|r| match r {
                    Some(Ok(rows)) => Some(rows.members_of(&segment).len()),
                    _ => None,
                });
                // A clustering's members deleted since it was saved are counted apart.
                let gone = segment.members.len().saturating_sub(now.unwrap_or(0));
                let members = match now {
                    None => "…".to_owned(),
                    Some(now) if gone == 0 || segment.rule().is_some() => format_count(now as u64),
                    Some(now) => format!(
                        "{} ({})",
                        format_count(now as u64),
                        Msg::SegmentMembersGone.text(lang).replace("{}", &gone.to_string())
                    ),
                };
                let for_edit = segment.rule().is_some().then(|| segment.clone());
                let origin = origin_text(&segment.origin, lang);
                let saved = saved_on(segment.created_at);
                let (for_rename, for_export, for_delete) =
                    (segment.clone(), segment.clone(), segment.clone());
                view! {
                    <tr data-testid="segment-row">
                        <td>
                            <input type="text" data-testid="segment-name"
                                aria-label=move || locale.text(Msg::SegmentName)
                                prop:value=segment.name.clone()
                                on:change=move |e| rename(for_rename.clone(), event_target_value(&e)) />
                        </td>
                        <td data-testid="segment-members">{members}</td>
                        <td>{origin}</td>
                        <td>{saved}</td>
                        <td class="actions">
                            {for_edit.map(|segment| view! {
                                <button type="button" class="button-quiet" data-testid="edit-segment-rule"
                                    on:click=move |_| {
                                        draft.load(segment.clone());
                                        focus_builder();
                                    }>
                                    {locale.tr(Msg::EditRule)}
                                </button>
                            })}
                            <button type="button" class="button-quiet" data-testid="export-segment"
                                on:click=move |_| export(for_export.clone())>
                                {locale.tr(Msg::ExportSegment)}
                            </button>
                            <button type="button" class="button-quiet" data-testid="delete-segment"
                                on:click=move |_| delete(for_delete.clone())>
                                {locale.tr(Msg::DeleteSegment)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        Some(
            view! {
                <div class="table-scroll">
                    <table class="preview" data-testid="segments-table">
                        <thead>
                            <tr>
                                <th scope="col">{locale.tr(Msg::SegmentName)}</th>
                                <th scope="col">{locale.tr(Msg::SegmentMembers)}</th>
                                <th scope="col">{locale.tr(Msg::SegmentFrom)}</th>
                                <th scope="col">{locale.tr(Msg::SegmentSavedOn)}</th>
                                <th scope="col"><span class="visually-hidden">{locale.tr(Msg::RowActions)}</span></th>
                            </tr>
                        </thead>
                        <tbody>{list}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        )
    };
    view! {
        <section class="segments" data-testid="segments" aria-labelledby="segments-title">
            <h2 id="segments-title">{locale.tr(Msg::SegmentsTitle)}</h2>
            {move || failure.get().map(|text| view! { <p class="error" role="alert" data-testid="segments-error">{text}</p> })}
            {confirm}
            {move || match listed.get() {
                Some(Some(Err(reason))) => Some(view! { <p class="error" role="alert">{reason}</p> }.into_any()),
                _ => rows(),
            }}
        </section>
    }
}
