//! Fixing and filling values: the correction rules switched on or off, a fill strategy per
//! column, saved as named recipes; a preview (in the web worker, with cancel) that lists
//! every change, the values that look wrong and the quality of each column before and after
//! with a chart; then one undoable apply. "Only the last import" runs a recipe on the customers
//! the newest import created.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::compute_error_text;
use crate::clean::fill::{strategies, FillStrategy};
use crate::clean::fix::{Column, FlagProblem, Rule};
use crate::clean::jobs::{self, CleanJob, Parcel};
use crate::clean::recipe::{Preview, Recipe};
use crate::clean::report::ColumnQuality;
use crate::i18n::{Lang, Msg};
use crate::import::export::Cell as CsvCell;
use crate::import::CsvWriter;
use crate::model::{CustomFieldDef, Customer};
use crate::ui::base::use_app_base;
use crate::ui::compute::{lines_of, read_stepwise, ComputeError, Job};
use crate::ui::data::{format_count, now_ms, today, use_data, DbState};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;
use crate::ui::notices::store_error_text;
use crate::ui::undo::use_undo;

/// Changed values and flags listed at most (the counts cover all).
const LISTED: usize = 200;

/// Countries offered as the phones' default (ISO codes libphonenumber knows).
const COUNTRIES: [&str; 16] = [
    "CN", "HK", "TW", "SG", "JP", "KR", "IN", "AU", "US", "CA", "GB", "DE", "FR", "ES", "IT", "NL",
];

fn rule_label(rule: Rule) -> Msg {
    match rule {
        Rule::Whitespace => Msg::RuleWhitespace,
        Rule::NameCase => Msg::RuleNameCase,
        Rule::EmailDomain => Msg::RuleEmailDomain,
        Rule::PhoneE164 => Msg::RulePhone,
        Rule::AgeRange => Msg::RuleAgeRange,
        Rule::CustomDates => Msg::RuleCustomDates,
        Rule::Fill => Msg::FillTitle,
    }
}

fn column_label(column: &Column, lang: Lang) -> String {
    let msg = match column {
        Column::Name => Msg::FieldName,
        Column::Email => Msg::FieldEmail,
        Column::Phone => Msg::FieldPhone,
        Column::Gender => Msg::FieldGender,
        Column::BirthDate => Msg::FieldBirthDate,
        Column::Age => Msg::FieldAge,
        Column::Street => Msg::FieldStreet,
        Column::City => Msg::FieldCity,
        Column::Postcode => Msg::FieldPostcode,
        Column::Region => Msg::FieldRegion,
        Column::Country => Msg::FieldCountry,
        Column::Company => Msg::FieldCompany,
        Column::Tags => Msg::FieldTags,
        Column::Custom(name) => return name.clone(),
    };
    msg.text(lang).to_owned()
}

fn strategy_key(strategy: &FillStrategy) -> &'static str {
    match strategy {
        FillStrategy::Leave => "leave",
        FillStrategy::Forward => "forward",
        FillStrategy::Backward => "backward",
        FillStrategy::Mean => "mean",
        FillStrategy::Median => "median",
        FillStrategy::MostFrequent => "frequent",
        FillStrategy::Constant(_) => "constant",
    }
}

fn strategy_label(strategy: &FillStrategy) -> Msg {
    match strategy {
        FillStrategy::Leave => Msg::FillLeave,
        FillStrategy::Forward => Msg::FillForward,
        FillStrategy::Backward => Msg::FillBackward,
        FillStrategy::Mean => Msg::FillMean,
        FillStrategy::Median => Msg::FillMedian,
        FillStrategy::MostFrequent => Msg::FillMostFrequent,
        FillStrategy::Constant(_) => Msg::FillConstant,
    }
}

fn strategy_of(recipe: &Recipe, column: &Column) -> FillStrategy {
    recipe
        .fill
        .iter()
        .find(|(c, _)| c == column)
        .map_or(FillStrategy::Leave, |(_, s)| s.clone())
}

fn set_strategy(recipe: &mut Recipe, column: &Column, strategy: FillStrategy) {
    recipe.fill.retain(|(c, _)| c != column);
    if strategy != FillStrategy::Leave {
        recipe.fill.push((column.clone(), strategy));
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Previews `settings` on `customers` (sorted by id) in the web worker; `on_progress` hears
/// (done, total), where sending the customers is the first half.
async fn preview_in_worker(
    job: &Job,
    customers: &[Customer],
    settings: &CleanJob,
    on_progress: impl Fn((usize, usize)) + Clone + 'static,
) -> Result<Preview, ComputeError> {
    let total = customers.len().max(1) * 2;
    let sending = on_progress.clone();
    let lines = lines_of(
        customers,
        |chunk, out| jobs::write_lines(chunk, out),
        move |done| sending((done, total)),
    )
    .await;
    let parcel = Parcel {
        // Plain data types always serialise.
        header: serde_json::to_string(settings).unwrap_or_default(),
        sections: vec![lines],
    };
    let sent = customers.len();
    let answer = job
        .run(jobs::CLEAN, parcel, move |step| {
            on_progress((sent + step.done, total))
        })
        .await?;
    let section = |i: usize| answer.sections.get(i).map_or(&[][..], Vec::as_slice);
    let lists = (
        read_stepwise(section(0)).await?,
        read_stepwise(section(1)).await?,
        read_stepwise(section(2)).await?,
    );
    jobs::preview(&answer.header, lists, customers).map_err(|e| ComputeError::Answer(e.to_string()))
}

/// The fix-and-fill panel of the cleaning page.
#[component]
pub(super) fn FixValues() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let recipe = RwSignal::new(Recipe::default());
    let only_import = RwSignal::new(false);
    let running = RwSignal::new(None::<(usize, usize)>);
    let preview = RwSignal::new(None::<Arc<Preview>>);
    let failure = RwSignal::new(None::<String>);
    let saved = RwSignal::new(0u32);
    let cancel = StoredValue::new_local(Job::default());
    on_cleanup(move || {
        cancel.try_with_value(Job::cancel);
    });
    let defs = LocalResource::new(move || {
        // The revision changes when the database opens and after every write.
        data.revision();
        async move {
            match data.db() {
                Some(db) => db.custom_fields().await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let recipes = LocalResource::new(move || {
        saved.track();
        data.revision();
        async move {
            match data.db() {
                Some(db) => db.recipes().await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let fillable = move || {
        let defs: Vec<CustomFieldDef> = defs.get().unwrap_or_default();
        let mut columns: Vec<Column> = vec![
            Column::Gender,
            Column::Age,
            Column::City,
            Column::Region,
            Column::Country,
            Column::Company,
        ];
        columns.extend(defs.iter().map(|d| Column::Custom(d.name.clone())));
        columns
            .into_iter()
            .map(|c| {
                let offered = strategies(&c, &defs);
                (c, offered)
            })
            .filter(|(_, offered)| offered.len() > 1)
            .collect::<Vec<_>>()
    };

    let run = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        let job = Job::default();
        cancel.set_value(job.clone());
        preview.set(None);
        failure.set(None);
        running.set(Some((0, 1)));
        let recipe = recipe.get_untracked();
        let only_import = only_import.get_untracked();
        spawn_local(async move {
            let read = async {
                let customers = db.customers().await?;
                let defs = db.custom_fields().await?;
                let range = if only_import {
                    db.last_import().await?
                } else {
                    None
                };
                Ok::<_, crate::store::StoreError>((customers, defs, range))
            };
            let (mut customers, defs, range) = match read.await {
                Ok(read) => read,
                Err(error) => {
                    failure.set(Some(store_error_text(&error, locale.lang_untracked())));
                    running.set(None);
                    return;
                }
            };
            if only_import {
                customers.retain(|c| {
                    range
                        .as_ref()
                        .is_some_and(|r| (r.first..=r.last).contains(&c.id.0))
                });
            }
            customers.sort_by_key(|c| c.id);
            let settings = CleanJob {
                today: today(),
                recipe,
                defs,
            };
            let progress = move |at| running.set(Some(at));
            match preview_in_worker(&job, &customers, &settings, progress).await {
                Ok(done) => preview.set(Some(Arc::new(done))),
                Err(error) => failure.set(compute_error_text(&error, locale.lang_untracked())),
            }
            running.set(None);
        });
    };
    let apply = move |_| {
        let (Some(db), Some(done)) = (data.db(), preview.get_untracked()) else {
            return;
        };
        running.set(Some((0, 1)));
        spawn_local(async move {
            let detail = format_count(done.changed.len() as u64);
            match db.apply_cleaning(&done.changed, &detail, now_ms()).await {
                Ok((set, skipped)) => {
                    data.changed();
                    preview.set(None);
                    let lang = locale.lang_untracked();
                    let mut text = format!(
                        "{} {}",
                        Msg::CleaningApplied.text(lang),
                        format_count(set.changes.len() as u64)
                    );
                    if skipped > 0 {
                        text.push_str(&format!("; {} {skipped}", Msg::CleaningSkipped.text(lang)));
                    }
                    undo.announce(text, !set.changes.is_empty());
                }
                Err(error) => failure.set(Some(store_error_text(&error, locale.lang_untracked()))),
            }
            running.set(None);
        });
    };
    let recipe_name = RwSignal::new(String::new());
    let save = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        let name = recipe_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            failure.set(Some(locale.text(Msg::RecipeNeedsName).to_owned()));
            return;
        }
        let mut current = recipe.get_untracked();
        current.name = name;
        spawn_local(async move {
            match db.save_recipe(&current).await {
                Ok(()) => {
                    saved.update(|n| *n += 1);
                    failure.set(None);
                    undo.announce(locale.text(Msg::RecipeSaved).to_owned(), false);
                }
                Err(error) => failure.set(Some(store_error_text(&error, locale.lang_untracked()))),
            }
        });
    };
    let load = move |e: leptos::ev::Event| {
        let name = event_target_value(&e);
        if let Some(found) = recipes
            .get()
            .unwrap_or_default()
            .into_iter()
            .find(|r| r.name == name)
        {
            recipe_name.set(found.name.clone());
            recipe.set(found);
            preview.set(None);
        }
    };
    let toggle = move |flag: fn(&mut Recipe) -> &mut bool, testid: &'static str, label: Msg| {
        view! {
            <label class="checkbox">
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=move || {
                        // Reads through the setter's path without notifying (nothing changes).
                        recipe.track();
                        recipe.try_update_untracked(|r| *flag(r)).unwrap_or(false)
                    }
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        recipe.update(|r| *flag(r) = on);
                    }
                />
                {locale.tr(label)}
            </label>
        }
    };
    view! {
        <section aria-labelledby="fix-title" data-testid="fix-values">
            <h2 id="fix-title">{locale.tr(Msg::FixValuesTitle)}</h2>
            <p class="help">{locale.tr(Msg::FixValuesHelp)}</p>
            <div class="actions">
                <label>
                    <span>{locale.tr(Msg::LoadRecipe)}</span>
                    <select data-testid="recipe-load" on:change=load>
                        <option value="">"—"</option>
                        {move || {
                            recipes
                                .get()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|r| view! { <option value=r.name.clone()>{r.name.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <fieldset class="field-group rules">
                <legend>{locale.tr(Msg::Corrections)}</legend>
                {toggle(|r| &mut r.fixes.whitespace, "rule-whitespace", Msg::RuleWhitespace)}
                {toggle(|r| &mut r.fixes.name_case, "rule-name-case", Msg::RuleNameCase)}
                {toggle(|r| &mut r.fixes.email_domain, "rule-email", Msg::RuleEmailDomain)}
                <label class="select-line">
                    <span>{locale.tr(Msg::RulePhone)}</span>
                    <select
                        data-testid="rule-phone"
                        prop:value=move || recipe.with(|r| r.fixes.phone_country.clone().unwrap_or_default())
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            recipe.update(|r| r.fixes.phone_country = (!value.is_empty()).then_some(value));
                        }
                    >
                        <option value="">{locale.tr(Msg::RulePhoneOff)}</option>
                        {COUNTRIES.iter().map(|c| view! { <option value=*c>{*c}</option> }).collect_view()}
                    </select>
                </label>
                {toggle(|r| &mut r.fixes.age_range, "rule-ages", Msg::RuleAgeRange)}
                {toggle(|r| &mut r.fixes.custom_dates, "rule-dates", Msg::RuleCustomDates)}
            </fieldset>
            <fieldset class="field-group fill">
                <legend>{locale.tr(Msg::FillTitle)}</legend>
                {move || {
                    fillable()
                        .into_iter()
                        .map(|(column, offered)| {
                            let testid = format!("fill-{}", column_label(&column, Lang::En).to_lowercase().replace(' ', "-"));
                            let key_column = column.clone();
                            let label = column_label(&column, locale.lang());
                            let current = move || recipe.with(|r| strategy_of(r, &key_column));
                            let change_column = column.clone();
                            let constant_column = column.clone();
                            let show_constant = current.clone();
                            view! {
                                <div class="fill-line">
                                    <label>
                                        <span>{label}</span>
                                        <select
                                            data-testid=testid.clone()
                                            prop:value={
                                                let current = current.clone();
                                                move || strategy_key(&current()).to_owned()
                                            }
                                            on:change={
                                                let offered = offered.clone();
                                                move |e| {
                                                let key = event_target_value(&e);
                                                let chosen = offered
                                                    .iter()
                                                    .find(|s| strategy_key(s) == key)
                                                    .cloned()
                                                    .unwrap_or(FillStrategy::Leave);
                                                recipe.update(|r| set_strategy(r, &change_column, chosen));
                                            }}
                                        >
                                            {strategy_options(&offered, locale)}
                                        </select>
                                    </label>
                                    <Show when=move || matches!(show_constant(), FillStrategy::Constant(_))>
                                        <input
                                            type="text"
                                            data-testid=format!("{testid}-value")
                                            prop:value={
                                                let column = constant_column.clone();
                                                move || match recipe.with(|r| strategy_of(r, &column)) {
                                                    FillStrategy::Constant(v) => v,
                                                    _ => String::new(),
                                                }
                                            }
                                            on:input={
                                                let column = constant_column.clone();
                                                move |e| {
                                                    let value = event_target_value(&e);
                                                    recipe.update(|r| set_strategy(r, &column, FillStrategy::Constant(value)));
                                                }
                                            }
                                        />
                                    </Show>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <div class="actions">
                {toggle_import(only_import, locale)}
                <button type="button" class="button" data-testid="preview-cleaning" disabled=move || running.with(Option::is_some) || data.state() != DbState::Ready on:click=run>
                    {locale.tr(Msg::PreviewChanges)}
                </button>
                <Show when=move || running.with(Option::is_some)>
                    <button type="button" class="button-quiet" data-testid="cancel-cleaning" on:click=move |_| cancel.with_value(Job::cancel)>
                        {locale.tr(Msg::Cancel)}
                    </button>
                </Show>
                <label>
                    <span class="visually-hidden">{locale.tr(Msg::RecipeName)}</span>
                    <input
                        type="text"
                        placeholder=locale.tr(Msg::RecipeName)
                        data-testid="recipe-name"
                        prop:value=move || recipe_name.get()
                        on:input=move |e| recipe_name.set(event_target_value(&e))
                    />
                </label>
                <button type="button" class="button-quiet" data-testid="save-recipe" on:click=save>
                    {locale.tr(Msg::SaveRecipe)}
                </button>
            </div>
            <Show when=move || running.with(Option::is_some)>
                <div class="progress-block" data-testid="cleaning-progress">
                    <span>{locale.tr(Msg::CheckingValues)}</span>
                    <progress
                        max=move || running.get().map_or(1, |p| p.1.max(1)).to_string()
                        value=move || running.get().map_or(0, |p| p.0).to_string()
                    ></progress>
                </div>
            </Show>
            {move || failure.get().map(|text| view! { <p class="error" role="alert" data-testid="cleaning-error">{text}</p> })}
            {move || preview.get().map(|done| view! { <PreviewView preview=done apply=Callback::new(apply) /> })}
        </section>
    }
}

fn toggle_import(
    only_import: RwSignal<bool>,
    locale: crate::ui::locale::LocaleContext,
) -> impl IntoView {
    view! {
        <label class="checkbox">
            <input
                type="checkbox"
                data-testid="only-last-import"
                prop:checked=move || only_import.get()
                on:change=move |e| only_import.set(event_target_checked(&e))
            />
            {locale.tr(Msg::OnlyLastImport)}
        </label>
    }
}

fn strategy_options(
    offered: &[FillStrategy],
    locale: crate::ui::locale::LocaleContext,
) -> impl IntoView {
    offered
        .iter()
        .map(|s| view! { <option value=strategy_key(s)>{locale.tr(strategy_label(s))}</option> })
        .collect_view()
}

/// What a preview found: counts per rule, quality before and after with a chart, the values
/// that look wrong, the changed values, and the apply button.
#[component]
fn PreviewView(preview: Arc<Preview>, apply: Callback<leptos::ev::MouseEvent>) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let nothing = preview.changes.is_empty();
    let rules = preview
        .per_rule
        .iter()
        .map(|(rule, count)| {
            let rule = *rule;
            view! {
                <tr data-testid=format!("rule-count-{rule:?}")>
                    <td>{locale.tr(rule_label(rule))}</td>
                    <td class="number">{format_count(*count as u64)}</td>
                </tr>
            }
        })
        .collect_view();
    let quality = preview
        .before
        .iter()
        .zip(&preview.after)
        .map(|(b, a)| {
            let column = b.column.clone();
            let pair = |x: f64, y: f64| format!("{} → {}", percent(x), percent(y));
            view! {
                <tr data-testid="quality-row">
                    <th scope="row">{move || column_label(&column, locale.lang())}</th>
                    <td>{pair(b.completeness, a.completeness)}</td>
                    <td>{pair(b.validity, a.validity)}</td>
                    <td>{pair(b.uniqueness, a.uniqueness)}</td>
                </tr>
            }
        })
        .collect_view();
    let link = move |id: u64| {
        let href = base.href(&format!("/customers/{id}"));
        view! { <a href=href>{format!("C{id}")}</a> }
    };
    let flags = preview
        .flags
        .iter()
        .take(LISTED)
        .map(|f| {
            let problem = match f.problem {
                FlagProblem::InvalidEmail => Msg::FieldEmail,
                FlagProblem::InvalidPhone => Msg::FieldPhone,
                FlagProblem::ImpossibleAge => Msg::FieldAge,
            };
            view! {
                <tr data-testid="flag-row">
                    <td>{link(f.customer)}</td>
                    <td>{locale.tr(problem)}</td>
                    <td>{f.value.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let changes = preview
        .changes
        .iter()
        .take(LISTED)
        .map(|c| {
            let column = c.column.clone();
            let rule = c.rule;
            view! {
                <tr data-testid="change-row">
                    <td>{link(c.customer)}</td>
                    <td>{move || column_label(&column, locale.lang())}</td>
                    <td class="before">{c.before.clone().unwrap_or_else(|| "—".into())}</td>
                    <td class="after">{c.after.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{locale.tr(rule_label(rule))}</td>
                </tr>
            }
        })
        .collect_view();
    let all_changes = preview.clone();
    let download_changes = move |_| {
        let lang = locale.lang_untracked();
        if let Err(reason) = changes_csv(&all_changes, lang)
            .map_err(|e| e.to_string())
            .and_then(|bytes| download(&dated_name("cleaning-changes", "csv"), &bytes, "text/csv"))
        {
            leptos::logging::warn!("download failed: {reason}");
        }
    };
    let flag_count = preview.flags.len();
    let change_count = preview.changes.len();
    view! {
        <div class="cleaning-preview" data-testid="cleaning-preview">
            <Show when=move || nothing>
                <p class="notice" data-testid="nothing-to-clean">{locale.tr(Msg::NothingToClean)}</p>
            </Show>
            <h3>{locale.tr(Msg::ChangesByRule)}</h3>
            <table class="preview">
                <thead><tr><th scope="col">{locale.tr(Msg::RuleColumn)}</th><th scope="col">{locale.tr(Msg::CountColumn)}</th></tr></thead>
                <tbody>{rules}</tbody>
            </table>
            <h3>{locale.tr(Msg::QualityTitle)}</h3>
            <div class="table-scroll">
                <table class="preview" data-testid="quality">
                    <thead>
                        <tr>
                            <th scope="col">{locale.tr(Msg::FieldColumn)}</th>
                            <th scope="col">{locale.tr(Msg::Completeness)}</th>
                            <th scope="col">{locale.tr(Msg::Validity)}</th>
                            <th scope="col">{locale.tr(Msg::Uniqueness)}</th>
                        </tr>
                    </thead>
                    <tbody>{quality}</tbody>
                </table>
            </div>
            <CompletenessChart before=preview.before.clone() after=preview.after.clone() />
            <h3>{locale.tr(Msg::FlaggedValues)} {format!(" ({})", format_count(flag_count as u64))}</h3>
            <div class="table-scroll"><table class="preview" data-testid="flags"><tbody>{flags}</tbody></table></div>
            <h3>{locale.tr(Msg::ChangedValues)} {format!(" ({})", format_count(change_count as u64))}</h3>
            <Show when=move || { change_count > LISTED }>
                <p class="help">{locale.tr(Msg::ShowingFirst)} {LISTED}</p>
            </Show>
            <div class="table-scroll"><table class="preview" data-testid="changes"><tbody>{changes}</tbody></table></div>
            <button type="button" class="button-quiet" data-testid="download-changes" disabled=nothing on:click=download_changes>
                {locale.tr(Msg::DownloadChanges)}
            </button>
            <div class="actions">
                <button type="button" class="button" data-testid="apply-cleaning" disabled=nothing on:click=move |e| apply.run(e)>
                    {locale.tr(Msg::ApplyChanges)}
                </button>
            </div>
        </div>
    }
}

/// Every change of a preview as CSV (formula-safe): customer, column, before, after, rule.
fn changes_csv(preview: &Preview, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut writer = CsvWriter::new();
    writer.header(&["customer", "column", "before", "after", "rule"])?;
    for change in &preview.changes {
        fn text(value: &Option<String>) -> CsvCell<'_> {
            value.as_deref().map_or(CsvCell::Empty, CsvCell::Text)
        }
        let column = column_label(&change.column, lang);
        writer.row(&[
            CsvCell::Value(format!("C{}", change.customer)),
            CsvCell::Text(&column),
            text(&change.before),
            text(&change.after),
            CsvCell::Text(rule_label(change.rule).text(lang)),
        ])?;
    }
    writer.finish()
}

/// Completeness per column before and after, as horizontal bars (SVG: crisp at any size and
/// readable by screen readers through its title and the table above).
#[component]
fn CompletenessChart(before: Vec<ColumnQuality>, after: Vec<ColumnQuality>) -> impl IntoView {
    let locale = use_locale();
    const ROW: f64 = 26.0;
    const LEFT: f64 = 130.0;
    const WIDTH: f64 = 300.0;
    let height = ROW * before.len() as f64 + 40.0;
    let bars = before
        .iter()
        .zip(&after)
        .enumerate()
        .map(|(at, (b, a))| {
            let y = 8.0 + ROW * at as f64;
            let column = b.column.clone();
            view! {
                <text x=(LEFT - 6.0).to_string() y=(y + 14.0).to_string() class="chart-label" text-anchor="end">
                    {move || column_label(&column, locale.lang())}
                </text>
                <rect x=LEFT.to_string() y=y.to_string() width=(WIDTH * b.completeness).to_string() height="9" class="bar-before" />
                <rect x=LEFT.to_string() y=(y + 10.0).to_string() width=(WIDTH * a.completeness).to_string() height="9" class="bar-after" />
            }
        })
        .collect_view();
    let axis_y = 8.0 + ROW * before.len() as f64;
    view! {
        <figure class="chart" data-testid="completeness-chart">
            <svg viewBox=format!("0 0 {} {height}", LEFT + WIDTH + 60.0) role="img" aria-labelledby="completeness-title">
                <title id="completeness-title">{locale.tr(Msg::ChartCompleteness)}</title>
                {bars}
                <line x1=LEFT.to_string() x2=(LEFT + WIDTH).to_string() y1=axis_y.to_string() y2=axis_y.to_string() class="chart-axis" />
                {[0.0, 0.5, 1.0].into_iter().map(|t| view! {
                    <text x=(LEFT + WIDTH * t).to_string() y=(axis_y + 14.0).to_string() class="chart-label" text-anchor="middle">{format!("{:.0}", t * 100.0)}</text>
                }).collect_view()}
                <rect x=(LEFT + WIDTH + 8.0).to_string() y="8" width="10" height="9" class="bar-before" />
                <text x=(LEFT + WIDTH + 22.0).to_string() y="16" class="chart-label">{locale.tr(Msg::Before)}</text>
                <rect x=(LEFT + WIDTH + 8.0).to_string() y="24" width="10" height="9" class="bar-after" />
                <text x=(LEFT + WIDTH + 22.0).to_string() y="32" class="chart-label">{locale.tr(Msg::After)}</text>
            </svg>
            <figcaption>{locale.tr(Msg::ChartCompleteness)}</figcaption>
        </figure>
    }
}
