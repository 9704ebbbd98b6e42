//! A campaign's page at `/marketing/campaigns/:id`, and a new one at `/marketing/campaigns/new`.
//! A draft is edited with every field checked, shows who a launch would reach now, and launches
//! (refused on an empty audience). A launched campaign keeps its frozen members; its page shows
//! the results with charts, the conversions found, the contact list export, the responses
//! recorded, and ends it.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::rules::{rule_rows, Rows};
use crate::analytics::{audience, conversions, Audience, CampaignResults, Conversion};
use crate::charts::{self, Text};
use crate::i18n::format::{amount, percent, whole};
use crate::i18n::{Lang, Msg};
use crate::import::contacts_csv;
use crate::model::{
    Campaign, CampaignDraft, CampaignField, CampaignProblem, CampaignStatus, Channel, Customer,
    CustomerId, LaunchProblem, Order, Record, ResponseProblem, Segment, SegmentId,
};
use crate::ui::analytics::{draw_on, ChartCard, TableData};
use crate::ui::base::use_app_base;
use crate::ui::data::{format_count, now_ms, today, use_data};
use crate::ui::editing::{EditNotices, EditState};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;

pub(crate) fn channel_label(channel: Channel) -> Msg {
    match channel {
        Channel::Email => Msg::ChannelEmail,
        Channel::Sms => Msg::ChannelSms,
        Channel::Phone => Msg::ChannelPhone,
        Channel::InStore => Msg::ChannelInStore,
        Channel::Other => Msg::ChannelOther,
    }
}

pub(crate) fn status_label(status: CampaignStatus) -> Msg {
    match status {
        CampaignStatus::Draft => Msg::CampaignDraft,
        CampaignStatus::Scheduled => Msg::CampaignScheduled,
        CampaignStatus::Running => Msg::CampaignRunning,
        CampaignStatus::Done => Msg::CampaignDone,
    }
}

fn problem_text(problem: CampaignProblem) -> Msg {
    match problem {
        CampaignProblem::NameEmpty => Msg::CampaignNameEmpty,
        CampaignProblem::TooLong { .. } => Msg::TicketTooLong,
        CampaignProblem::UnknownChoice => Msg::TicketUnknownChoice,
        CampaignProblem::BadDate => Msg::TicketBadDate,
        CampaignProblem::EndsBeforeStart => Msg::CampaignEndsBeforeStart,
        CampaignProblem::BadAmount => Msg::RuleBadAmount,
        CampaignProblem::Negative => Msg::CampaignBudgetNegative,
    }
}

fn field_label(field: CampaignField) -> Msg {
    match field {
        CampaignField::Name => Msg::CampaignName,
        CampaignField::Goal => Msg::CampaignGoal,
        CampaignField::Channel => Msg::CampaignChannel,
        CampaignField::Starts => Msg::CampaignStarts,
        CampaignField::Ends => Msg::CampaignEnds,
        CampaignField::Budget => Msg::CampaignBudget,
    }
}

/// A field's problem in words, with the field's name (for rows of an imported file).
pub(crate) fn campaign_problem(
    field: CampaignField,
    problem: CampaignProblem,
    lang: Lang,
) -> String {
    let max = match problem {
        CampaignProblem::TooLong { max } => max.to_string(),
        _ => String::new(),
    };
    format!(
        "{}: {}",
        field_label(field).text(lang),
        problem_text(problem).text(lang).replace("{max}", &max)
    )
}

fn launch_problem(problem: LaunchProblem) -> Msg {
    match problem {
        LaunchProblem::AlreadyLaunched => Msg::CampaignAlreadyLaunched,
        LaunchProblem::NoTarget => Msg::CampaignNoTarget,
        LaunchProblem::NoMembers => Msg::CampaignEmptyAudience,
    }
}

/// What the page edits: the campaign as stored (id 0 while new) and the saved segments.
#[derive(Clone)]
struct Opened {
    campaign: Campaign,
    segments: Rc<Vec<Segment>>,
}

/// The page of one campaign.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id"));
    let loaded = LocalResource::new(move || {
        let id = id();
        data.state();
        let db = data.db();
        async move {
            let db = db?;
            let segments = match db.segments().await {
                Ok(s) => Rc::new(s),
                Err(error) => return Some(Err(error.to_string())),
            };
            let campaign = match id.as_deref() {
                Some("new") => Some(Campaign::blank()),
                Some(id) => match id.trim_start_matches(['M', 'm']).parse::<u64>() {
                    Ok(id) => match db.campaign(id).await {
                        Ok(c) => c,
                        Err(error) => return Some(Err(error.to_string())),
                    },
                    Err(_) => None,
                },
                None => None,
            };
            Some(Ok(campaign.map(|campaign| Opened { campaign, segments })))
        }
    });
    view! {
        <section class="page campaign-page" data-testid="page-campaign">
            <p class="breadcrumb">
                <A href=base.href("/marketing") attr:data-testid="back-to-marketing">{locale.tr(Msg::NavMarketing)}</A>
            </p>
            {move || match loaded.get().flatten() {
                None => view! { <p role="status">{locale.tr(Msg::LoadingCampaign)}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="error" role="alert">{error}</p> }.into_any(),
                Some(Ok(Some(opened))) => view! { <CampaignView opened=opened /> }.into_any(),
                Some(Ok(None)) => view! {
                    <h1 data-testid="campaign-not-found">{locale.tr(Msg::CampaignNotFound)}</h1>
                }.into_any(),
            }}
        </section>
    }
}

/// A text field of the form: label, test id, input type, how it reads and sets the draft.
type TextField = (
    Msg,
    CampaignField,
    &'static str,
    &'static str,
    fn(&CampaignDraft) -> String,
    fn(&mut CampaignDraft, String),
);

const TEXT_FIELDS: [TextField; 4] = [
    (
        Msg::CampaignName,
        CampaignField::Name,
        "campaign-name",
        "text",
        |d| d.name.clone(),
        |d, t| d.name = t,
    ),
    (
        Msg::CampaignStarts,
        CampaignField::Starts,
        "campaign-starts",
        "date",
        |d| d.starts.clone(),
        |d, t| d.starts = t,
    ),
    (
        Msg::CampaignEnds,
        CampaignField::Ends,
        "campaign-ends",
        "date",
        |d| d.ends.clone(),
        |d, t| d.ends = t,
    ),
    (
        Msg::CampaignBudget,
        CampaignField::Budget,
        "campaign-budget",
        "text",
        |d| d.budget.clone(),
        |d, t| d.budget = t,
    ),
];

#[component]
fn CampaignView(opened: Opened) -> impl IntoView {
    let locale = use_locale();
    let app_base = use_app_base();
    let navigate = use_navigate();
    let creating = opened.campaign.id.0 == 0;
    let segments = StoredValue::new_local(opened.segments);
    let draft = RwSignal::new(CampaignDraft::of(&opened.campaign));
    let stored = RwSignal::new(opened.campaign);
    let launched = move || stored.with(Campaign::is_launched);
    let problems = RwSignal::new(Vec::<(CampaignField, CampaignProblem)>::new());
    let launch_failure = RwSignal::new(None::<LaunchProblem>);
    let state = EditState::new();
    // Saves `campaign` as one undoable change; a new one opens its own page.
    let store = {
        let navigate = navigate.clone();
        move |campaign: Campaign| {
            let before = (!creating).then(|| Record::Campaign(stored.get_untracked()));
            let navigate = navigate.clone();
            state.save(before, Record::Campaign(campaign), move |saved| {
                let Record::Campaign(saved) = saved else {
                    return;
                };
                if creating {
                    let href = app_base.href(&format!("/marketing/campaigns/{}", saved.id.0));
                    navigate(&href, Default::default());
                } else {
                    draft.set(CampaignDraft::of(&saved));
                    stored.set(saved);
                    state.saved.set(true);
                }
            });
        }
    };
    // The draft applied to the stored campaign, or its problems shown.
    let checked = move || {
        let mut campaign = stored.get_untracked();
        match draft.get_untracked().apply_to(&mut campaign) {
            Ok(()) => {
                problems.set(Vec::new());
                Some(campaign)
            }
            Err(found) => {
                problems.set(found);
                None
            }
        }
    };
    let save = {
        let store = store.clone();
        move || {
            if let Some(campaign) = checked() {
                store(campaign);
            }
        }
    };
    let rows = rule_rows();
    let reach = Reach::new(rows, draft, segments, Signal::derive(move || !launched()));
    let launch = {
        let store = store.clone();
        move |_| {
            let Some(mut campaign) = checked() else {
                return;
            };
            let Some(found) = reach.audience.get_untracked() else {
                return;
            };
            match campaign.launch(found.members, today(), now_ms()) {
                Ok(()) => {
                    launch_failure.set(None);
                    store(campaign);
                }
                Err(problem) => launch_failure.set(Some(problem)),
            }
        }
    };
    let end = {
        let store = store.clone();
        move |_| {
            let mut campaign = stored.get_untracked();
            campaign.end(today());
            store(campaign);
        }
    };
    let delete = move |_| {
        let navigate = navigate.clone();
        let record = Record::Campaign(stored.get_untracked());
        state.delete(record, Msg::CampaignDeleted, move || {
            navigate(&app_base.href("/marketing"), Default::default())
        });
    };
    let problem_of = move |field: CampaignField| {
        let lang = locale.lang();
        problems.with(|all| {
            all.iter()
                .filter(|(f, _)| *f == field)
                .map(|(_, p)| {
                    let max = match p {
                        CampaignProblem::TooLong { max } => max.to_string(),
                        _ => String::new(),
                    };
                    problem_text(*p).text(lang).replace("{max}", &max)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    // Fields fixed at launch: the channel, the segments and the first day.
    let fixed = move |field: CampaignField| {
        launched() && matches!(field, CampaignField::Channel | CampaignField::Starts)
    };
    let text_rows = TEXT_FIELDS
        .into_iter()
        .map(|(label, field, id, kind, get, set)| {
            let problem_id = format!("{id}-problem");
            view! {
                <div class="form-row" class:invalid=move || !problem_of(field).is_empty()>
                    <label for=id>{locale.tr(label)}</label>
                    <input id=id type=kind data-testid=id maxlength="200"
                        aria-describedby=problem_id.clone()
                        disabled=move || fixed(field)
                        prop:value=move || draft.with(get)
                        on:input=move |e| draft.update(|d| set(d, event_target_value(&e))) />
                    <p class="field-problem" id=problem_id.clone() data-testid=problem_id.clone()>
                        {move || problem_of(field)}
                    </p>
                </div>
            }
        })
        .collect_view();
    let channel_options = Channel::ALL
        .iter()
        .map(|&c| {
            let key = c.key();
            view! {
                <option value=key selected=move || draft.with(|d| d.channel == key)>
                    {locale.tr(channel_label(c))}
                </option>
            }
        })
        .collect_view();
    let title = move || {
        if creating {
            locale.text(Msg::NewCampaign).to_owned()
        } else {
            stored.with(|c| c.name.clone())
        }
    };
    let status = move || locale.text(status_label(stored.with(|c| c.status_on(today()))));
    view! {
        <h1 data-testid="campaign-title">{title}</h1>
        {(!creating).then(|| view! {
            <p class="campaign-status">
                {locale.tr(Msg::FieldStatus)} ": "
                <span class="badge" data-testid="campaign-status">{status}</span>
            </p>
        })}
        <form class="edit-form campaign-form" data-testid="campaign-form"
            on:submit=move |e| { e.prevent_default(); save(); }>
            <EditNotices state=state has_problems=Signal::derive(move || problems.with(|p| !p.is_empty())) />
            {text_rows}
            <div class="form-row" class:invalid=move || !problem_of(CampaignField::Channel).is_empty()>
                <label for="campaign-channel">{locale.tr(Msg::CampaignChannel)}</label>
                <select id="campaign-channel" data-testid="campaign-channel"
                    disabled=move || fixed(CampaignField::Channel)
                    on:change=move |e| draft.update(|d| d.channel = event_target_value(&e))>
                    {channel_options}
                </select>
                <p class="field-problem">{move || problem_of(CampaignField::Channel)}</p>
            </div>
            <div class="form-row" class:invalid=move || !problem_of(CampaignField::Goal).is_empty()>
                <label for="campaign-goal">{locale.tr(Msg::CampaignGoal)}</label>
                <textarea id="campaign-goal" data-testid="campaign-goal" rows="3" maxlength="2000"
                    aria-describedby="campaign-goal-problem"
                    prop:value=move || draft.with(|d| d.goal.clone())
                    on:input=move |e| draft.update(|d| d.goal = event_target_value(&e))></textarea>
                <p class="field-problem" id="campaign-goal-problem" data-testid="campaign-goal-problem">
                    {move || problem_of(CampaignField::Goal)}
                </p>
            </div>
            <SegmentPicker draft=draft segments=segments fixed=Signal::derive(launched) />
            <p class="actions">
                <button type="submit" data-testid="save-campaign" disabled=move || state.busy.get()>
                    {locale.tr(Msg::Save)}
                </button>
                {(!creating).then(|| view! {
                    <button type="button" class="button-quiet" data-testid="delete-campaign" on:click=delete>
                        {locale.tr(Msg::DeleteCampaign)}
                    </button>
                })}
            </p>
        </form>
        {move || (!creating && !launched()).then(|| view! {
            <section class="campaign-launch" data-testid="campaign-launch" aria-labelledby="launch-title">
                <h2 id="launch-title">{locale.tr(Msg::CampaignLaunchTitle)}</h2>
                <p role="status" data-testid="campaign-audience">{move || reach.text(locale.lang())}</p>
                <button type="button" data-testid="launch-campaign"
                    disabled=move || state.busy.get() || reach.audience.with(Option::is_none)
                    on:click=launch.clone()>
                    {locale.tr(Msg::LaunchCampaign)}
                </button>
                {move || launch_failure.get().map(|p| view! {
                    <p class="error" role="alert" data-testid="launch-problem">{locale.tr(launch_problem(p))}</p>
                })}
            </section>
        })}
        {move || launched().then(|| view! {
            <LaunchedCampaign stored=stored busy=state.busy end=end.clone() store=store.clone() />
        })}
    }
}

/// The audience a launch would freeze now: target segments' members (rules evaluated now)
/// less the excluded ones, of the stored customers, reachable on the draft's channel.
#[derive(Clone, Copy)]
struct Reach {
    audience: Memo<Option<Audience>>,
    rows: Rows,
}

impl Reach {
    fn new(
        rows: Rows,
        draft: RwSignal<CampaignDraft>,
        segments: StoredValue<Rc<Vec<Segment>>, LocalStorage>,
        draft_only: Signal<bool>,
    ) -> Reach {
        let data = use_data();
        // Read only while the campaign is a draft: a launched one keeps its members.
        let customers = LocalResource::new(move || {
            data.revision();
            let db = data.db().filter(|_| draft_only.get());
            async move {
                Some(
                    db?.customers()
                        .await
                        .map(Rc::new)
                        .map_err(|e| e.to_string()),
                )
            }
        });
        let picked = Memo::new(move |_| {
            draft.with(|d| (d.targets.clone(), d.excluded.clone(), d.channel.clone()))
        });
        let audience = Memo::new(move |_| {
            let (targets, excluded, channel) = picked.get();
            let channel = Channel::from_key(&channel)?;
            let customers = customers.get().flatten()?.ok()?;
            rows.with(|rows| {
                let rows = rows.as_ref()?.as_ref().ok()?;
                let members = |ids: &[SegmentId]| -> Vec<Vec<CustomerId>> {
                    segments.with_value(|all| {
                        all.iter()
                            .filter(|s| ids.contains(&s.id))
                            .map(|s| rows.members_of(s))
                            .collect()
                    })
                };
                Some(audience(
                    &members(&targets),
                    &members(&excluded),
                    &customers,
                    channel,
                ))
            })
        });
        Reach { audience, rows }
    }

    fn text(self, lang: Lang) -> String {
        match self.audience.get() {
            Some(found) => {
                let mut text = Msg::CampaignAudience
                    .text(lang)
                    .replace("{}", &format_count(found.members.len() as u64));
                if found.unreachable > 0 {
                    text.push(' ');
                    text.push_str(
                        &Msg::CampaignUnreachable
                            .text(lang)
                            .replace("{}", &format_count(found.unreachable as u64)),
                    );
                }
                text
            }
            None => match self
                .rows
                .with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned()))
            {
                Some(reason) => reason,
                None => Msg::RuleCounting.text(lang).to_owned(),
            },
        }
    }
}

/// The target and excluded segments, as two lists of check boxes.
#[component]
fn SegmentPicker(
    draft: RwSignal<CampaignDraft>,
    segments: StoredValue<Rc<Vec<Segment>>, LocalStorage>,
    fixed: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let list = move |excluded: bool| {
        let testid = if excluded {
            "campaign-excluded"
        } else {
            "campaign-targets"
        };
        let boxes = segments.with_value(|all| {
            all.iter()
                .map(|s| {
                    let id = s.id;
                    let picked = move || {
                        draft
                            .with(|d| if excluded { &d.excluded } else { &d.targets }.contains(&id))
                    };
                    let toggle = move |on: bool| {
                        draft.update(|d| {
                            let list = if excluded {
                                &mut d.excluded
                            } else {
                                &mut d.targets
                            };
                            list.retain(|s| *s != id);
                            if on {
                                list.push(id);
                            }
                        })
                    };
                    view! {
                        <li>
                            <label>
                                <input type="checkbox" data-testid=format!("{testid}-{}", id.0)
                                    disabled=move || fixed.get()
                                    prop:checked=picked
                                    on:change=move |e| toggle(event_target_checked(&e)) />
                                {s.name.clone()}
                            </label>
                        </li>
                    }
                })
                .collect_view()
        });
        view! { <ul class="segment-picks" data-testid=testid>{boxes}</ul> }
    };
    let missing = move || {
        // Segments deleted since they were picked.
        let gone = draft.with(|d| {
            segments.with_value(|all| {
                d.targets
                    .iter()
                    .chain(&d.excluded)
                    .filter(|id| !all.iter().any(|s| s.id == **id))
                    .count()
            })
        });
        (gone > 0).then(|| {
            view! {
                <p class="help" data-testid="campaign-segments-gone">
                    {locale.text(Msg::CampaignSegmentsGone).replace("{}", &gone.to_string())}
                </p>
            }
        })
    };
    view! {
        <fieldset class="campaign-segments">
            <legend>{locale.tr(Msg::CampaignTargets)}</legend>
            {move || segments.with_value(|s| s.is_empty()).then(|| view! {
                <p class="help">{locale.tr(Msg::CampaignNoSegments)}</p>
            })}
            {list(false)}
        </fieldset>
        <fieldset class="campaign-segments">
            <legend>{locale.tr(Msg::CampaignExcluded)}</legend>
            {list(true)}
        </fieldset>
        {missing}
    }
}

/// What a launched campaign's page adds: results and charts, conversions, contacts, responses.
#[component]
fn LaunchedCampaign<S, E>(
    stored: RwSignal<Campaign>,
    busy: RwSignal<bool>,
    end: E,
    store: S,
) -> impl IntoView
where
    S: Fn(Campaign) + Clone + Send + Sync + 'static,
    E: Fn(leptos::ev::MouseEvent) + Clone + Send + Sync + 'static,
{
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    // The orders (for conversions) and the names of the members the page shows.
    let orders = LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move { Some(db?.orders().await.map(Rc::new).map_err(|e| e.to_string())) }
    });
    // Worked out once per change of the orders or the campaign, for every part of the page.
    let found = Memo::new(
        move |_| -> Option<Result<(CampaignResults, Vec<Conversion>), String>> {
            let orders: Rc<Vec<Order>> = match orders.get().flatten()? {
                Ok(o) => o,
                Err(e) => return Some(Err(e)),
            };
            let campaign = stored.get();
            let today = today();
            Some(Ok((
                CampaignResults::of(&campaign, &orders, today),
                conversions(&campaign, &orders, today),
            )))
        },
    );
    let found = move || found.get();
    let names = LocalResource::new(move || {
        data.revision();
        let ids: Vec<u64> = stored.with(|c| c.members.iter().map(|m| m.0).collect());
        let db = data.db();
        async move {
            let db = db?;
            Some(Rc::new(db.customer_names(&ids).await.unwrap_or_default()))
        }
    });
    let name_of = move |id: CustomerId| -> String {
        names
            .get()
            .flatten()
            .and_then(|n: Rc<HashMap<u64, String>>| n.get(&id.0).cloned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.to_string())
    };
    let failure = RwSignal::new(None::<String>);
    let export = move |_| {
        let Some(db) = data.db() else { return };
        let campaign = stored.get_untracked();
        spawn_local(async move {
            let result = async {
                let customers: Vec<Customer> = db.customers().await.map_err(|e| e.to_string())?;
                let (bytes, _) = contacts_csv(&campaign, &customers).map_err(|e| e.to_string())?;
                let what = format!("campaign-{}-contacts", campaign.id.0);
                download(&dated_name(&what, "csv"), &bytes, "text/csv;charset=utf-8")
            }
            .await;
            failure.set(result.err());
        });
    };
    let canvases = (NodeRef::<Canvas>::new(), NodeRef::<Canvas>::new());
    let tables = move || -> (TableData, TableData) {
        let lang = locale.lang();
        let Some(Ok((results, _))) = found() else {
            return Default::default();
        };
        let funnel = TableData {
            headers: vec![
                Msg::CampaignStep.text(lang).to_owned(),
                Msg::CampaignCustomers.text(lang).to_owned(),
            ],
            rows: [
                (Msg::CampaignReach, results.reach),
                (Msg::CampaignResponded, results.responded),
                (Msg::CampaignConverted, results.converted),
            ]
            .into_iter()
            .map(|(m, n)| vec![m.text(lang).to_owned(), n.to_string()])
            .collect(),
        };
        let daily = TableData {
            headers: vec![
                Msg::CampaignDay.text(lang).to_owned(),
                Msg::CampaignOrders.text(lang).to_owned(),
                Msg::CampaignRevenue.text(lang).to_owned(),
            ],
            rows: results
                .daily
                .iter()
                .map(|(d, n, m)| vec![d.to_string(), n.to_string(), amount(m.cents())])
                .collect(),
        };
        (funnel, daily)
    };
    let funnel_table = Signal::derive(move || tables().0);
    let daily_table = Signal::derive(move || tables().1);
    Effect::new(move |_| {
        let lang = locale.lang();
        let Some(Ok((results, _))) = found() else {
            return;
        };
        let mut problems = Vec::new();
        if let Some(canvas) = canvases.0.get() {
            let bars: Vec<(String, f64)> = [
                (Msg::CampaignReach, results.reach),
                (Msg::CampaignResponded, results.responded),
                (Msg::CampaignConverted, results.converted),
            ]
            .into_iter()
            .map(|(m, n)| (m.text(lang).to_owned(), n as f64))
            .collect();
            let text = Text {
                title: Msg::ChartCampaignFunnel.text(lang).to_owned(),
                x: Msg::CampaignStep.text(lang).to_owned(),
                y: Msg::CampaignCustomers.text(lang).to_owned(),
            };
            if let Err(e) = draw_on(&canvas, |root, scale| {
                charts::bars(root, &text, scale, &bars, &whole)
            }) {
                problems.push(e.to_string());
            }
        }
        if let Some(canvas) = canvases.1.get() {
            let bars: Vec<(String, f64)> = results
                .daily
                .iter()
                .map(|(d, _, m)| (d.format("%m-%d").to_string(), m.cents() as f64 / 100.0))
                .collect();
            let text = Text {
                title: Msg::ChartCampaignRevenue.text(lang).to_owned(),
                x: Msg::CampaignDay.text(lang).to_owned(),
                y: Msg::CampaignRevenue.text(lang).to_owned(),
            };
            if let Err(e) = draw_on(&canvas, |root, scale| {
                charts::bars(root, &text, scale, &bars, &whole)
            }) {
                problems.push(e.to_string());
            }
        }
        if !problems.is_empty() {
            failure.set(Some(problems.join("; ")));
        }
    });
    let figures = move || match found() {
        None => view! { <p role="status">{locale.tr(Msg::LoadingCampaign)}</p> }.into_any(),
        Some(Err(reason)) => view! { <p class="error" role="alert">{reason}</p> }.into_any(),
        Some(Ok((r, _))) => {
            let rate = |share: Option<f64>| share.map_or_else(|| "—".to_owned(), percent);
            let tiles = [
                (
                    "campaign-reach",
                    Msg::CampaignReach,
                    format_count(r.reach as u64),
                ),
                (
                    "campaign-response-rate",
                    Msg::CampaignResponseRate,
                    format!(
                        "{} ({})",
                        rate(r.response_rate),
                        format_count(r.responded as u64)
                    ),
                ),
                (
                    "campaign-conversion-rate",
                    Msg::CampaignConversionRate,
                    format!(
                        "{} ({})",
                        rate(r.conversion_rate),
                        format_count(r.converted as u64)
                    ),
                ),
                (
                    "campaign-revenue",
                    Msg::CampaignRevenue,
                    amount(r.revenue.cents()),
                ),
                (
                    "campaign-cost",
                    Msg::CampaignCostPerConversion,
                    r.cost_per_conversion
                        .map_or_else(|| "—".to_owned(), |m| amount(m.cents())),
                ),
            ];
            view! {
                <dl class="figures" data-testid="campaign-figures">
                    {tiles.into_iter().map(|(id, label, value)| view! {
                        <div class="figure" data-testid=id>
                            <dt>{locale.tr(label)}</dt>
                            <dd>{value}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            }
            .into_any()
        }
    };
    let conversion_rows = move || {
        let Some(Ok((_, found))) = found() else {
            return None;
        };
        if found.is_empty() {
            return Some(
                view! { <p class="empty-state" data-testid="no-conversions">{locale.tr(Msg::CampaignNoConversions)}</p> }
                    .into_any(),
            );
        }
        let shown = found.len().min(CONVERSIONS_SHOWN);
        let rows = found
            .into_iter()
            .rev()
            .take(shown)
            .map(|c| {
                let order_href = base.href(&format!("/orders/{}", c.order.0));
                let customer_href = base.href(&format!("/customers/{}", c.customer.0));
                view! {
                    <tr data-testid="conversion-row">
                        <td><A href=order_href>{c.order.to_string()}</A></td>
                        <td><A href=customer_href>{name_of(c.customer)}</A></td>
                        <td>{c.day.to_string()}</td>
                        <td class="num">{amount(c.amount.cents())}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(
            view! {
                <div class="table-scroll">
                    <table class="preview" data-testid="conversions">
                        <thead><tr>
                            <th scope="col">{locale.tr(Msg::FieldOrderId)}</th>
                            <th scope="col">{locale.tr(Msg::ColumnCustomer)}</th>
                            <th scope="col">{locale.tr(Msg::FieldOrderDate)}</th>
                            <th scope="col">{locale.tr(Msg::FieldAmount)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        )
    };
    let done = move || stored.with(|c| c.status_on(today()) == CampaignStatus::Done);
    view! {
        <section class="campaign-results" data-testid="campaign-results" aria-labelledby="results-title">
            <h2 id="results-title">{locale.tr(Msg::CampaignResults)}</h2>
            <p class="help">{move || {
                let lang = locale.lang();
                stored.with(|c| match c.window(today()) {
                    Some((first, last)) => Msg::CampaignWindow
                        .text(lang)
                        .replace("{from}", &first.to_string())
                        .replace("{to}", &last.to_string()),
                    None => String::new(),
                })
            }}</p>
            {figures}
            {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <div class="chart-grid">
                <ChartCard id="campaign-funnel" title=Msg::ChartCampaignFunnel canvas=canvases.0 table=funnel_table />
                <div class="chart-slot" class:hidden=move || daily_table.with(|t| t.rows.is_empty())>
                    <ChartCard id="campaign-revenue" title=Msg::ChartCampaignRevenue canvas=canvases.1 table=daily_table />
                </div>
            </div>
            <h3>{locale.tr(Msg::CampaignConversionsTitle)}</h3>
            <p class="help">{locale.tr(Msg::CampaignConversionsHelp)}</p>
            {conversion_rows}
            <p class="actions">
                <button type="button" data-testid="export-contacts" on:click=export>
                    {locale.tr(Msg::ExportContacts)}
                </button>
                <button type="button" class="button-quiet" data-testid="end-campaign"
                    disabled=move || busy.get() || done()
                    on:click=end>
                    {locale.tr(Msg::EndCampaign)}
                </button>
            </p>
        </section>
        <Responses stored=stored busy=busy store=store name_of=Callback::new(name_of) />
    }
}

/// The most conversions listed (the newest; the figures count them all).
const CONVERSIONS_SHOWN: usize = 200;

/// Recording who responded: by customer number or email; each can be taken back.
#[component]
fn Responses<S>(
    stored: RwSignal<Campaign>,
    busy: RwSignal<bool>,
    store: S,
    name_of: Callback<CustomerId, String>,
) -> impl IntoView
where
    S: Fn(Campaign) + Clone + Send + Sync + 'static,
{
    let locale = use_locale();
    let data = use_data();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let record = {
        let store = store.clone();
        move || {
            let text = typed.get_untracked().trim().to_owned();
            if text.is_empty() {
                return;
            }
            let Some(db) = data.db() else { return };
            let store = store.clone();
            spawn_local(async move {
                let id = match text.trim_start_matches(['C', 'c']).parse::<u64>() {
                    Ok(id) => Some(CustomerId(id)),
                    Err(_) => {
                        let email = crate::model::normalise_email(&text);
                        db.customers().await.ok().and_then(|all| {
                            all.into_iter()
                                .find(|c| {
                                    c.email.as_deref().map(crate::model::normalise_email)
                                        == Some(email.clone())
                                })
                                .map(|c| c.id)
                        })
                    }
                };
                let mut campaign = stored.get_untracked();
                match id.map(|id| campaign.respond(id)) {
                    Some(Ok(true)) => {
                        problem.set(None);
                        typed.set(String::new());
                        store(campaign);
                    }
                    Some(Ok(false)) => problem.set(Some(Msg::ResponseAlready)),
                    Some(Err(ResponseProblem::NotLaunched)) => {
                        problem.set(Some(Msg::CampaignNotLaunched))
                    }
                    Some(Err(ResponseProblem::NotAMember)) | None => {
                        problem.set(Some(Msg::ResponseNotAMember))
                    }
                }
            });
        }
    };
    let take_back = move |id: CustomerId| {
        let mut campaign = stored.get_untracked();
        if campaign.unrespond(id) {
            store(campaign);
        }
    };
    let list = move || {
        stored.with(|c| {
            c.responses
                .iter()
                .rev()
                .map(|&id| {
                    let take_back = take_back.clone();
                    view! {
                        <li data-testid="response">
                            <span>{name_of.run(id)}</span> " "
                            <button type="button" class="button-quiet" data-testid="take-back-response"
                                aria-label=move || format!("{} {}", locale.text(Msg::TakeBackResponse), id)
                                on:click=move |_| take_back(id)>
                                {locale.tr(Msg::TakeBackResponse)}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="campaign-responses" data-testid="campaign-responses" aria-labelledby="responses-title">
            <h2 id="responses-title">{locale.tr(Msg::CampaignResponsesTitle)}</h2>
            <form class="inline-form" on:submit=move |e| { e.prevent_default(); record(); }>
                <label>
                    {locale.tr(Msg::RecordResponseLabel)}
                    <input type="text" data-testid="response-customer" maxlength="200"
                        prop:value=move || typed.get()
                        on:input=move |e| typed.set(event_target_value(&e)) />
                </label>
                <button type="submit" data-testid="record-response" disabled=move || busy.get()>
                    {locale.tr(Msg::RecordResponse)}
                </button>
            </form>
            {move || problem.get().map(|p| view! {
                <p class="error" role="alert" data-testid="response-problem">{locale.tr(p)}</p>
            })}
            <ul class="responses">{list}</ul>
        </section>
    }
}
