//! Automation: the rule list on the marketing page (each switched on or off, its settings
//! checked before saving), and the runner that applies the switched-on rules when the app
//! starts and after data changes — one undoable change set per run, announced with what it did.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::analytics::plan_automation;
use crate::i18n::{Lang, Msg};
use crate::model::{AutomationKind, AutomationProblem, AutomationRule, Money};
use crate::store::{labels, Db, StoreError};
use crate::ui::data::{now_ms, today, use_data};
use crate::ui::locale::use_locale;
use crate::ui::undo::use_undo;

fn kind_label(kind: AutomationKind) -> Msg {
    match kind {
        AutomationKind::Lapsed => Msg::AutoLapsed,
        AutomationKind::OverdueTicket => Msg::AutoOverdue,
        AutomationKind::Welcome => Msg::AutoWelcome,
        AutomationKind::BigSpender => Msg::AutoBigSpender,
    }
}

fn problem_text(problem: AutomationProblem) -> Msg {
    match problem {
        AutomationProblem::BadDays => Msg::AutoBadDays,
        AutomationProblem::BadAmount => Msg::AutoBadAmount,
        AutomationProblem::LabelEmpty => Msg::AutoLabelEmpty,
        AutomationProblem::LabelTooLong => Msg::AutoLabelTooLong,
    }
}

/// What one run did, in words: "tagged 3 customers …; raised 1 ticket …".
fn summary(counts: &[(AutomationKind, usize)], rules: &[AutomationRule], lang: Lang) -> String {
    let label = |kind| {
        rules
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.label.trim().to_owned())
            .unwrap_or_default()
    };
    let parts: Vec<String> = counts
        .iter()
        .map(|&(kind, n)| {
            let msg = match kind {
                AutomationKind::Lapsed | AutomationKind::BigSpender => Msg::AutoDidTag,
                AutomationKind::OverdueTicket => Msg::AutoDidRaise,
                AutomationKind::Welcome => Msg::AutoDidWelcome,
            };
            msg.text(lang)
                .replace("{n}", &n.to_string())
                .replace("{label}", &label(kind))
        })
        .collect();
    format!("{} {}", Msg::AutoRan.text(lang), parts.join("; "))
}

/// One run: plans the switched-on rules over the stored records and applies the plan as one
/// change set. Returns what it did (`None`: nothing to do). An automation run the user just
/// undid stays undone until something else changes.
async fn run_once(db: &Db, lang: Lang) -> Result<Option<String>, StoreError> {
    let rules = db.automation_rules().await?;
    if !rules.iter().any(|r| r.enabled) {
        return Ok(None);
    }
    let state = db.undo_state().await?;
    if state
        .redo
        .is_some_and(|set| set.label == labels::AUTOMATION)
    {
        return Ok(None);
    }
    let (customers, orders, tickets, segments) =
        futures::join!(db.customers(), db.orders(), db.tickets(), db.segments());
    let plan = plan_automation(
        &rules,
        &customers?,
        &orders?,
        &tickets?,
        &segments?,
        today(),
        now_ms(),
    );
    if plan.is_empty() {
        return Ok(None);
    }
    let detail = plan.changes.len().to_string();
    db.apply(labels::AUTOMATION, &detail, plan.changes.clone(), now_ms())
        .await?;
    Ok(Some(summary(&plan.counts, &rules, lang)))
}

/// Runs the automation rules once the data is open and again after every change (one run at a
/// time; a change during a run brings one more run after it).
#[component]
pub fn AutomationRunner() -> impl IntoView {
    let data = use_data();
    let undo = use_undo();
    let locale = use_locale();
    let running = StoredValue::new(false);
    let again = StoredValue::new(false);
    let run = move || {
        let Some(db) = data.db() else { return };
        if running.get_value() {
            again.set_value(true);
            return;
        }
        running.set_value(true);
        spawn_local(async move {
            loop {
                again.set_value(false);
                match run_once(&db, locale.lang_untracked()).await {
                    Ok(Some(text)) => {
                        data.changed();
                        undo.announce(text, true);
                    }
                    Ok(None) => {}
                    // Someone else wrote meanwhile: the next change brings another run.
                    Err(StoreError::Conflict { .. }) => {}
                    Err(error) => undo.fail(error.to_string()),
                }
                if !again.get_value() {
                    break;
                }
            }
            running.set_value(false);
        });
    };
    Effect::new(move |_| {
        data.revision();
        run();
    });
}

/// The rule list: switch, settings, save.
#[component]
pub(super) fn AutomationRules() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let rules = RwSignal::new(AutomationRule::defaults());
    let problems = RwSignal::new(Vec::<(AutomationKind, AutomationProblem)>::new());
    let status = RwSignal::new(None::<Result<Msg, String>>);
    // The stored rules, read once the data is open; edits on the page are not overwritten.
    let loaded = RwSignal::new(false);
    Effect::new(move |_| {
        data.state();
        let Some(db) = data.db() else { return };
        if loaded.get_untracked() {
            return;
        }
        spawn_local(async move {
            match db.automation_rules().await {
                Ok(stored) => {
                    rules.set(stored);
                    loaded.set(true);
                }
                Err(error) => status.set(Some(Err(error.to_string()))),
            }
        });
    });
    let save = move || {
        let current = rules.get_untracked();
        let found: Vec<_> = current
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| r.check().err().map(|p| (r.kind, p)))
            .collect();
        if !found.is_empty() {
            problems.set(found);
            status.set(Some(Ok(Msg::RuleNotSaved)));
            return;
        }
        problems.set(Vec::new());
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            match db.save_automation_rules(&current).await {
                Ok(()) => {
                    status.set(Some(Ok(Msg::AutoSaved)));
                    // A data change: the runner applies the rules as they now stand.
                    data.changed();
                }
                Err(error) => status.set(Some(Err(error.to_string()))),
            }
        });
    };
    let row = move |at: usize| {
        let rule = move || rules.with(|r| r[at].clone());
        let kind = rules.with_untracked(|r| r[at].kind);
        let update = move |f: &dyn Fn(&mut AutomationRule)| rules.update(|r| f(&mut r[at]));
        let problem = move || {
            problems.with(|p| {
                p.iter()
                    .find(|(k, _)| *k == kind)
                    .map(|(_, p)| locale.text(problem_text(*p)))
            })
        };
        let key = kind.key();
        let days = matches!(kind, AutomationKind::Lapsed | AutomationKind::Welcome).then(|| {
            view! {
                <label>
                    {locale.tr(Msg::AutoDays)}
                    <input type="text" inputmode="numeric" data-testid=format!("auto-{key}-days")
                        prop:value=move || rule().days.to_string()
                        on:input=move |e| {
                            let days = event_target_value(&e).trim().parse().unwrap_or(0);
                            update(&|r| r.days = days);
                        } />
                </label>
            }
        });
        let amount = (kind == AutomationKind::BigSpender).then(|| {
            view! {
                <label>
                    {locale.tr(Msg::AutoAmount)}
                    <input type="text" inputmode="decimal" data-testid=format!("auto-{key}-amount")
                        prop:value=move || rule().amount.map(|a| a.to_string()).unwrap_or_default()
                        on:input=move |e| {
                            let amount = Money::parse(&event_target_value(&e)).ok();
                            update(&|r| r.amount = amount);
                        } />
                </label>
            }
        });
        let label = (kind != AutomationKind::OverdueTicket).then(|| {
            let name = if kind == AutomationKind::Welcome {
                Msg::AutoSegment
            } else {
                Msg::AutoTag
            };
            view! {
                <label>
                    {locale.tr(name)}
                    <input type="text" maxlength="80" data-testid=format!("auto-{key}-label")
                        prop:value=move || rule().label
                        on:input=move |e| {
                            let text = event_target_value(&e);
                            update(&|r| r.label = text.clone());
                        } />
                </label>
            }
        });
        view! {
            <li class="automation-rule" data-testid=format!("auto-{key}")>
                <label class="check">
                    <input type="checkbox" data-testid=format!("auto-{key}-on")
                        prop:checked=move || rule().enabled
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            update(&|r| r.enabled = on);
                        } />
                    <strong>{locale.tr(kind_label(kind))}</strong>
                </label>
                <div class="automation-settings">{days} {amount} {label}</div>
                {move || problem().map(|text| view! {
                    <p class="field-problem" role="alert" data-testid=format!("auto-{key}-problem")>{text}</p>
                })}
            </li>
        }
    };
    let count = rules.with_untracked(Vec::len);
    view! {
        <section class="automation" data-testid="automation" aria-labelledby="automation-title"
            data-loaded=move || loaded.get().then_some("")>
            <h2 id="automation-title">{locale.tr(Msg::AutoTitle)}</h2>
            <p class="help">{locale.tr(Msg::AutoHelp)}</p>
            <form on:submit=move |e| { e.prevent_default(); save(); }>
                <ul class="automation-rules">{(0..count).map(row).collect_view()}</ul>
                <p class="actions">
                    <button type="submit" data-testid="save-automation">{locale.tr(Msg::AutoSave)}</button>
                </p>
                {move || status.get().map(|s| match s {
                    Ok(msg) => view! { <p role="status" data-testid="automation-status">{locale.tr(msg)}</p> }.into_any(),
                    Err(text) => view! { <p class="error" role="alert">{text}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}
