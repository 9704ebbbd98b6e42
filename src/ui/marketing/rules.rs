//! The rule builder: conditions (field, comparison, value, NOT) combined with AND or OR, each
//! checked where it is typed, the count of customers who meet the rule now, and saving it as a
//! segment — or changing the rule of a saved one. The segment keeps the rule, not the members.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::segments::name_problem;
use crate::analytics::{CustomerIndex, RuleRows, Segment as Rfm};
use crate::i18n::{Lang, Msg};
use crate::model::{
    Change, CheckedRule, Combine, Condition, Record, RuleField, RuleOp, RuleProblem, Segment,
    SegmentOrigin, SegmentRule, ValueKind, RFM_SEGMENT_KEYS, RULE_CONDITIONS_MAX,
};
use crate::store::labels;
use crate::ui::analytics::segment_label;
use crate::ui::customers::customer_index;
use crate::ui::data::{format_count, now_ms, today, use_data};
use crate::ui::locale::use_locale;
use crate::ui::undo::use_undo;

/// The customers as rule subjects, once loaded (an error says why they could not be read).
pub(crate) type Rows = RwSignal<Option<Result<Rc<RuleRows>, String>>, LocalStorage>;

/// The rule subjects made last and the index they were made from.
type KeptRows = Option<(Rc<CustomerIndex>, Rc<RuleRows>)>;

/// The rule subjects made last, with the index they were made from: the parts of a page that
/// need them share one scoring.
#[derive(Clone, Copy)]
pub(crate) struct RuleRowsCache(StoredValue<KeptRows, LocalStorage>);

/// Provides the cache [`rule_rows`] keeps its last result in.
pub(crate) fn provide_rule_rows() {
    provide_context(RuleRowsCache(StoredValue::new_local(None)));
}

/// The customers as rule subjects for the current data: the customer list's index (kept per
/// data revision) with each row's RFM segment scored once per index.
pub(crate) fn rule_rows() -> Rows {
    let index = customer_index();
    let cache = use_context::<RuleRowsCache>();
    let rows: Rows = RwSignal::new_local(None);
    Effect::new(move |_| {
        let next = index.get().flatten().map(|read| {
            read.map(|index| {
                let kept = cache.and_then(|c| c.0.get_value());
                match kept {
                    Some((built, rows)) if Rc::ptr_eq(&built, &index) => rows,
                    _ => {
                        let made = Rc::new(RuleRows::new(index.clone(), today()));
                        if let Some(c) = cache {
                            c.0.set_value(Some((index, made.clone())));
                        }
                        made
                    }
                }
            })
        });
        if next.is_some() {
            rows.set(next);
        }
    });
    rows
}

/// A field's name.
pub(crate) fn field_label(field: RuleField) -> Msg {
    match field {
        RuleField::Name => Msg::FieldName,
        RuleField::Email => Msg::FieldEmail,
        RuleField::Phone => Msg::FieldPhone,
        RuleField::Company => Msg::FieldCompany,
        RuleField::City => Msg::FieldCity,
        RuleField::Tag => Msg::FieldTags,
        RuleField::Gender => Msg::FieldGender,
        RuleField::Age => Msg::FieldAge,
        RuleField::Orders => Msg::ColumnOrders,
        RuleField::Spend => Msg::ColumnSpend,
        RuleField::AverageOrder => Msg::FigureAverageOrder,
        RuleField::LastPurchase => Msg::ColumnLastPurchase,
        RuleField::DaysSincePurchase => Msg::MeasureRecency,
        RuleField::RfmSegment => Msg::AxisSegment,
        RuleField::ChurnRisk => Msg::RuleChurnRisk,
    }
}

/// A comparison's words for a field of `kind` (days are after and before).
fn op_label(op: RuleOp, kind: ValueKind) -> Msg {
    let day = kind == ValueKind::Day;
    match op {
        RuleOp::Is => Msg::RuleOpIs,
        RuleOp::Contains => Msg::RuleOpContains,
        RuleOp::Above if day => Msg::RuleOpAfter,
        RuleOp::Below if day => Msg::RuleOpBefore,
        RuleOp::AtLeast if day => Msg::RuleOpOnOrAfter,
        RuleOp::AtMost if day => Msg::RuleOpOnOrBefore,
        RuleOp::Above => Msg::RuleOpAbove,
        RuleOp::Below => Msg::RuleOpBelow,
        RuleOp::AtLeast => Msg::RuleOpAtLeast,
        RuleOp::AtMost => Msg::RuleOpAtMost,
        RuleOp::Empty => Msg::RuleOpEmpty,
    }
}

fn problem_text(problem: RuleProblem) -> Msg {
    match problem {
        RuleProblem::NoConditions => Msg::RuleNoConditions,
        RuleProblem::TooManyConditions => Msg::RuleTooManyConditions,
        RuleProblem::OpNotForField => Msg::RuleOpNotForField,
        RuleProblem::ValueMissing => Msg::RuleValueMissing,
        RuleProblem::BadNumber => Msg::RuleBadNumber,
        RuleProblem::BadAmount => Msg::RuleBadAmount,
        RuleProblem::BadDay => Msg::RuleBadDay,
        RuleProblem::UnknownChoice => Msg::TicketUnknownChoice,
    }
}

/// The choices of a choice field: (stored value, words).
fn choices(field: RuleField) -> Vec<(&'static str, Msg)> {
    match field {
        RuleField::Gender => vec![
            ("F", Msg::GenderFemale),
            ("M", Msg::GenderMale),
            ("X", Msg::GenderOther),
        ],
        _ => Rfm::ALL
            .iter()
            .zip(RFM_SEGMENT_KEYS)
            .map(|(&segment, key)| (key, segment_label(segment)))
            .collect(),
    }
}

/// A rule in words, e.g. "City is Shanghai and not Orders at least 3".
pub(crate) fn rule_text(rule: &SegmentRule, lang: Lang) -> String {
    let joiner = match rule.combine {
        Combine::All => Msg::RuleAnd,
        Combine::Any => Msg::RuleOr,
    };
    let joiner = format!(" {} ", joiner.text(lang));
    rule.conditions
        .iter()
        .map(|c| {
            let kind = c.field.kind();
            let value = match kind {
                ValueKind::Choice => choices(c.field)
                    .into_iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(c.value.trim()))
                    .map_or_else(|| c.value.clone(), |(_, msg)| msg.text(lang).to_owned()),
                _ => c.value.trim().to_owned(),
            };
            let mut words = Vec::new();
            if c.negate {
                words.push(Msg::RuleNot.text(lang).to_owned());
            }
            words.push(field_label(c.field).text(lang).to_owned());
            words.push(op_label(c.op, kind).text(lang).to_owned());
            if c.op != RuleOp::Empty {
                words.push(value);
            }
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join(&joiner)
}

fn blank_condition() -> Condition {
    Condition {
        field: RuleField::City,
        op: RuleOp::Is,
        value: String::new(),
        negate: false,
    }
}

/// What the builder holds: the conditions (each with a key that stays while it is listed), how
/// they combine, the name, and the saved segment whose rule is being changed, if any.
#[derive(Clone, Copy)]
pub(super) struct RuleDraft {
    combine: RwSignal<Combine>,
    conditions: RwSignal<Vec<(u32, RwSignal<Condition>)>>,
    next_key: StoredValue<u32>,
    name: RwSignal<String>,
    pub(super) editing: RwSignal<Option<Segment>>,
    /// Problems show for every condition once a save was tried, else for those typed in.
    tried: RwSignal<bool>,
}

impl RuleDraft {
    pub(super) fn new() -> RuleDraft {
        let draft = RuleDraft {
            combine: RwSignal::new(Combine::All),
            conditions: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            name: RwSignal::new(String::new()),
            editing: RwSignal::new(None),
            tried: RwSignal::new(false),
        };
        draft.add(blank_condition());
        draft
    }

    fn add(&self, condition: Condition) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.conditions
            .update(|list| list.push((key, RwSignal::new(condition))));
    }

    /// The rule as it stands (tracked).
    fn rule(&self) -> SegmentRule {
        SegmentRule {
            combine: self.combine.get(),
            conditions: self
                .conditions
                .with(|list| list.iter().map(|(_, c)| c.get()).collect()),
        }
    }

    /// Fills the builder with a saved rule segment, to change it.
    pub(super) fn load(&self, segment: Segment) {
        let Some(rule) = segment.rule().cloned() else {
            return;
        };
        self.conditions.set(Vec::new());
        self.combine.set(rule.combine);
        for condition in rule.conditions {
            self.add(condition);
        }
        self.name.set(segment.name.clone());
        self.tried.set(false);
        self.editing.set(Some(segment));
    }

    /// Back to one blank condition and no name.
    fn clear(&self) {
        self.conditions.set(Vec::new());
        self.add(blank_condition());
        self.combine.set(Combine::All);
        self.name.set(String::new());
        self.tried.set(false);
        self.editing.set(None);
    }
}

/// The builder.
#[component]
pub(super) fn RuleBuilder(draft: RuleDraft, rows: Rows) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let checked = Memo::new(move |_| draft.rule().check());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let count = move || -> Option<Result<usize, ()>> {
        let Ok(rule) = checked.get() else {
            return Some(Err(()));
        };
        rows.with(|rows| match rows {
            Some(Ok(rows)) => Some(Ok(rows.members(&rule).len())),
            _ => None,
        })
    };
    let save = move || {
        draft.tried.set(true);
        let lang = locale.lang_untracked();
        let name = match Segment::checked_name(&draft.name.get_untracked()) {
            Ok(name) => name,
            Err(problem) => return failure.set(Some(name_problem(problem).text(lang).to_owned())),
        };
        let rule = draft.rule();
        if rule.check().is_err() {
            return failure.set(Some(Msg::RuleNotSaved.text(lang).to_owned()));
        }
        let Some(db) = data.db() else { return };
        failure.set(None);
        let origin = SegmentOrigin::Rule { rule };
        let (label, detail, change, done) = match draft.editing.get_untracked() {
            Some(before) => {
                let mut after = before.clone();
                after.name = name;
                after.origin = origin;
                let change = Change {
                    before: Some(Record::Segment(before)),
                    after: Some(Record::Segment(after)),
                };
                (labels::EDIT, String::new(), change, Msg::RuleSegmentChanged)
            }
            None => {
                let change = Change {
                    before: None,
                    after: Some(Record::Segment(Segment::new(name, origin, Vec::new()))),
                };
                (
                    labels::SEGMENTS,
                    "1".to_owned(),
                    change,
                    Msg::RuleSegmentSaved,
                )
            }
        };
        busy.set(true);
        spawn_local(async move {
            match db.apply(label, &detail, vec![change], now_ms()).await {
                Ok(_) => {
                    draft.clear();
                    data.changed();
                    undo.announce(locale.text(done).to_owned(), true);
                }
                Err(error) => failure.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    };
    let title = move || match draft.editing.get() {
        Some(segment) => locale
            .text(Msg::RuleBuilderEditing)
            .replace("{}", &segment.name),
        None => locale.text(Msg::RuleBuilderTitle).to_owned(),
    };
    let full = move || draft.conditions.with(Vec::len) >= RULE_CONDITIONS_MAX;
    view! {
        <section class="rule-builder" data-testid="rule-builder" aria-labelledby="rule-builder-title">
            <h2 id="rule-builder-title" data-testid="rule-builder-title">{title}</h2>
            <p class="help">{locale.tr(Msg::RuleBuilderHelp)}</p>
            <form on:submit=move |e| { e.prevent_default(); save(); }>
                <label class="rule-combine">
                    {locale.tr(Msg::RuleCombine)} " "
                    <select data-testid="rule-combine"
                        prop:value=move || if draft.combine.get() == Combine::All { "all" } else { "any" }
                        on:change=move |e| draft.combine.set(
                            if event_target_value(&e) == "any" { Combine::Any } else { Combine::All })>
                        <option value="all">{locale.tr(Msg::RuleCombineAll)}</option>
                        <option value="any">{locale.tr(Msg::RuleCombineAny)}</option>
                    </select>
                </label>
                <ol class="rule-conditions">
                    <For each=move || draft.conditions.get() key=|(key, _)| *key let((key, condition))>
                        <ConditionRow draft=draft key=key condition=condition checked=checked />
                    </For>
                </ol>
                {move || {
                    let problems = checked.get().err()?;
                    let whole = problems.iter().find(|(_, p)| {
                        matches!(p, RuleProblem::NoConditions | RuleProblem::TooManyConditions)
                    })?;
                    Some(view! { <p class="field-problem" role="alert" data-testid="rule-problem">{locale.tr(problem_text(whole.1))}</p> })
                }}
                <p>
                    <button type="button" class="button-quiet" data-testid="add-condition"
                        disabled=full
                        on:click=move |_| draft.add(blank_condition())>
                        {locale.tr(Msg::AddCondition)}
                    </button>
                </p>
                <p class="rule-count" role="status" data-testid="rule-count">
                    {move || match count() {
                        Some(Ok(n)) => locale.text(Msg::RuleMatches).replace("{}", &format_count(n as u64)),
                        None => locale.text(Msg::RuleCounting).to_owned(),
                        Some(Err(())) => String::new(),
                    }}
                </p>
                {move || rows.with(|r| match r {
                    Some(Err(reason)) => Some(view! { <p class="error" role="alert">{reason.clone()}</p> }),
                    _ => None,
                })}
                <div class="rule-save">
                    <label>
                        {locale.tr(Msg::SegmentName)}
                        <input type="text" data-testid="rule-name" maxlength="200"
                            prop:value=move || draft.name.get()
                            on:input=move |e| draft.name.set(event_target_value(&e)) />
                    </label>
                    <button type="submit" data-testid="save-rule" disabled=move || busy.get()>
                        {move || locale.tr(if draft.editing.get().is_some() { Msg::SaveRuleChanges } else { Msg::SaveRuleSegment })}
                    </button>
                    {move || draft.editing.get().map(|_| view! {
                        <button type="button" class="button-quiet" data-testid="cancel-rule-edit"
                            on:click=move |_| draft.clear()>
                            {locale.tr(Msg::CancelRuleEdit)}
                        </button>
                    })}
                </div>
                {move || failure.get().map(|text| view! { <p class="error" role="alert" data-testid="rule-error">{text}</p> })}
            </form>
        </section>
    }
}

/// One condition: field, comparison (those that fit the field), value (a list for choices, a
/// day picker for days), NOT, remove; its problem under it.
#[component]
fn ConditionRow(
    draft: RuleDraft,
    key: u32,
    condition: RwSignal<Condition>,
    checked: Memo<Result<CheckedRule, Vec<(usize, RuleProblem)>>>,
) -> impl IntoView {
    let locale = use_locale();
    let touched = RwSignal::new(false);
    let place = move || {
        draft
            .conditions
            .with(|list| list.iter().position(|(k, _)| *k == key))
            .unwrap_or(0)
    };
    // The field alone, so typing a value does not rebuild the value's input.
    let field = Memo::new(move |_| condition.with(|c| c.field));
    let set_field = move |text: String| {
        let Some(next) = RuleField::from_key(&text) else {
            return;
        };
        condition.update(|c| {
            if next.kind() != c.field.kind() || next.kind() == ValueKind::Choice {
                c.value.clear();
            }
            c.field = next;
            if !c.op.fits(next.kind()) {
                c.op = RuleOp::Is;
            }
        });
    };
    let problem = move || {
        let problems = checked.get().err()?;
        let at = place();
        let (_, problem) = problems.into_iter().find(|(p, problem)| {
            *p == at
                && !matches!(
                    problem,
                    RuleProblem::NoConditions | RuleProblem::TooManyConditions
                )
        })?;
        (touched.get() || draft.tried.get()).then_some(problem)
    };
    let number = move || (place() + 1).to_string();
    let value_input = move || {
        let field = field.get();
        let label = move || format!("{} {}", locale.text(Msg::RuleValue), number());
        let hidden = move || condition.with(|c| c.op == RuleOp::Empty);
        let on_value = move |e: leptos::ev::Event| {
            touched.set(true);
            condition.update(|c| c.value = event_target_value(&e));
        };
        match field.kind() {
            ValueKind::Choice => view! {
                <select data-testid="rule-value" aria-label=label hidden=hidden
                    prop:value=move || condition.with(|c| c.value.clone())
                    on:change=on_value>
                    <option value="">{locale.tr(Msg::RuleChoose)}</option>
                    {choices(field).into_iter().map(|(key, msg)| view! {
                        <option value=key>{locale.tr(msg)}</option>
                    }).collect_view()}
                </select>
            }
            .into_any(),
            kind => {
                let (kind_attr, mode) = match kind {
                    ValueKind::Day => ("date", "text"),
                    ValueKind::Number | ValueKind::Amount => ("text", "decimal"),
                    _ => ("text", "text"),
                };
                view! {
                    <input type=kind_attr inputmode=mode data-testid="rule-value" aria-label=label
                        hidden=hidden maxlength="200"
                        aria-invalid=move || problem().is_some().then_some("true")
                        prop:value=move || condition.with(|c| c.value.clone())
                        on:input=on_value />
                }
                .into_any()
            }
        }
    };
    view! {
        <li class="rule-condition" data-testid="rule-condition">
            <div class="rule-condition-fields">
                <label class="rule-not">
                    <input type="checkbox" data-testid="rule-not"
                        prop:checked=move || condition.with(|c| c.negate)
                        on:change=move |e| condition.update(|c| c.negate = event_target_checked(&e)) />
                    {locale.tr(Msg::RuleNegate)}
                </label>
                <select data-testid="rule-field"
                    aria-label=move || format!("{} {}", locale.text(Msg::FieldColumn), number())
                    prop:value=move || field.get().key()
                    on:change=move |e| set_field(event_target_value(&e))>
                    {RuleField::ALL.into_iter().map(|f| view! {
                        <option value=f.key()>{locale.tr(field_label(f))}</option>
                    }).collect_view()}
                </select>
                <select data-testid="rule-op"
                    aria-label=move || format!("{} {}", locale.text(Msg::RuleComparison), number())
                    prop:value=move || condition.with(|c| c.op.key())
                    on:change=move |e| {
                        if let Some(op) = RuleOp::from_key(&event_target_value(&e)) {
                            condition.update(|c| c.op = op);
                        }
                    }>
                    {move || {
                        let kind = field.get().kind();
                        RuleOp::ALL.into_iter().filter(|op| op.fits(kind)).map(|op| view! {
                            <option value=op.key() selected=move || condition.with(|c| c.op == op)>
                                {locale.tr(op_label(op, kind))}
                            </option>
                        }).collect_view()
                    }}
                </select>
                {value_input}
                <button type="button" class="button-quiet" data-testid="remove-condition"
                    aria-label=move || locale.text(Msg::RemoveCondition).replace("{}", &number())
                    on:click=move |_| draft.conditions.update(|list| list.retain(|(k, _)| *k != key))>
                    "×"
                </button>
            </div>
            {move || problem().map(|p| view! {
                <p class="field-problem" role="alert" data-testid="rule-condition-problem">{locale.tr(problem_text(p))}</p>
            })}
        </li>
    }
}
