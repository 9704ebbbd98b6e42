//! The customers list's filter panel: tag, city, gender, age range, has orders, total spent
//! range, last purchase before/after and a least churn risk. A number that cannot be read is said so next to its
//! field and left out of the filter, never guessed.

use leptos::prelude::*;

use crate::analytics::CustomerFilter;
use crate::i18n::Msg;
use crate::model::{Gender, Money};
use crate::ui::locale::use_locale;

/// The filter panel, writing into `filter`.
#[component]
pub fn CustomerFilters(
    /// The filter the list applies.
    filter: RwSignal<CustomerFilter>,
    /// Tags in use, offered as suggestions.
    #[prop(into)]
    tags: Signal<Vec<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let active = move || filter.with(|f| !f.is_empty());
    // Typed texts of the number fields, so a bad one can be shown and kept while it is fixed.
    let texts = [(); 5].map(|_| RwSignal::new(String::new()));
    let [min_age, max_age, min_spend, max_spend, min_churn] = texts;
    let bad = move |signal: RwSignal<String>, read: fn(&str) -> bool| {
        move || {
            let text = signal.get();
            !text.trim().is_empty() && !read(&text)
        }
    };
    let number_field = move |label: Msg,
                             id: &'static str,
                             signal: RwSignal<String>,
                             valid: fn(&str) -> bool,
                             apply: fn(&mut CustomerFilter, &str),
                             shown: fn(&CustomerFilter) -> String| {
        let invalid = bad(signal, valid);
        // When the filter changes from elsewhere (a saved view, "clear"), show its value; a text
        // that is being typed and means the same stays as typed.
        Effect::new(move |_| {
            let wanted = filter.with(shown);
            let text = signal.get_untracked();
            let mut typed = CustomerFilter::default();
            if valid(&text) {
                apply(&mut typed, &text);
            }
            // An unreadable text sets nothing, so it means "no condition".
            let means = shown(&typed);
            if means != wanted {
                signal.set(wanted);
            }
        });
        view! {
            <div class="form-row" class:invalid=invalid>
                <label for=id>{locale.tr(label)}</label>
                <input
                    id=id
                    data-testid=id
                    type="text"
                    inputmode="decimal"
                    prop:value=move || signal.get()
                    aria-invalid=move || invalid().to_string()
                    on:input=move |e| {
                        let text = event_target_value(&e);
                        signal.set(text.clone());
                        filter.update(|f| apply(f, &text));
                    }
                />
                <p class="field-problem" data-testid=format!("{id}-problem")>
                    {move || invalid().then(|| locale.text(Msg::FilterNotANumber))}
                </p>
            </div>
        }
    };
    let text_field = move |label: Msg,
                           id: &'static str,
                           list: Option<&'static str>,
                           apply: fn(&mut CustomerFilter, String),
                           read: fn(&CustomerFilter) -> String| {
        view! {
            <div class="form-row">
                <label for=id>{locale.tr(label)}</label>
                <input
                    id=id
                    data-testid=id
                    type="text"
                    list=list
                    prop:value=move || filter.with(read)
                    on:input=move |e| filter.update(|f| apply(f, event_target_value(&e)))
                />
            </div>
        }
    };
    let date_field =
        move |label: Msg,
              id: &'static str,
              apply: fn(&mut CustomerFilter, Option<chrono::NaiveDate>),
              read: fn(&CustomerFilter) -> Option<chrono::NaiveDate>| {
            view! {
                <div class="form-row">
                    <label for=id>{locale.tr(label)}</label>
                    <input
                        id=id
                        data-testid=id
                        type="date"
                        prop:value=move || filter.with(read).map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |e| {
                            let day = chrono::NaiveDate::parse_from_str(&event_target_value(&e), "%Y-%m-%d").ok();
                            filter.update(|f| apply(f, day));
                        }
                    />
                </div>
            }
        };
    let clear = move |_| {
        for signal in texts {
            signal.set(String::new());
        }
        filter.set(CustomerFilter::default());
    };
    view! {
        <details class="filters" data-testid="filters">
            <summary>
                {locale.tr(Msg::Filters)}
                <Show when=active>
                    <span class="filters-on" data-testid="filters-on">" ●"</span>
                </Show>
            </summary>
            <div class="filter-grid">
                {text_field(Msg::FilterTag, "filter-tag", Some("filter-tags"), |f, v| f.tag = v, |f| f.tag.clone())}
                <datalist id="filter-tags">
                    {move || tags.get().into_iter().map(|t| view! { <option value=t /> }).collect_view()}
                </datalist>
                {text_field(Msg::FieldCity, "filter-city", None, |f, v| f.city = v, |f| f.city.clone())}
                <div class="form-row">
                    <label for="filter-gender">{locale.tr(Msg::FieldGender)}</label>
                    <select
                        id="filter-gender"
                        data-testid="filter-gender"
                        on:change=move |e| {
                            let gender = Gender::parse(&event_target_value(&e));
                            filter.update(|f| f.gender = gender);
                        }
                    >
                        <option value="" selected=move || filter.with(|f| f.gender.is_none())>
                            {locale.tr(Msg::FilterAny)}
                        </option>
                        <option value="F" selected=move || filter.with(|f| f.gender == Some(Gender::Female))>
                            {locale.tr(Msg::GenderFemale)}
                        </option>
                        <option value="M" selected=move || filter.with(|f| f.gender == Some(Gender::Male))>
                            {locale.tr(Msg::GenderMale)}
                        </option>
                        <option value="X" selected=move || filter.with(|f| f.gender == Some(Gender::Other))>
                            {locale.tr(Msg::GenderOther)}
                        </option>
                    </select>
                </div>
                {number_field(Msg::FilterAgeFrom, "filter-min-age", min_age, |t| t.trim().parse::<u32>().is_ok(), |f, t| f.min_age = t.trim().parse().ok(), |f| f.min_age.map(|a| a.to_string()).unwrap_or_default())}
                {number_field(Msg::FilterAgeTo, "filter-max-age", max_age, |t| t.trim().parse::<u32>().is_ok(), |f, t| f.max_age = t.trim().parse().ok(), |f| f.max_age.map(|a| a.to_string()).unwrap_or_default())}
                <div class="form-row">
                    <label for="filter-has-orders">{locale.tr(Msg::FilterHasOrders)}</label>
                    <select
                        id="filter-has-orders"
                        data-testid="filter-has-orders"
                        on:change=move |e| {
                            let value = match event_target_value(&e).as_str() {
                                "yes" => Some(true),
                                "no" => Some(false),
                                _ => None,
                            };
                            filter.update(|f| f.has_orders = value);
                        }
                    >
                        <option value="" selected=move || filter.with(|f| f.has_orders.is_none())>
                            {locale.tr(Msg::FilterAny)}
                        </option>
                        <option value="yes" selected=move || filter.with(|f| f.has_orders == Some(true))>
                            {locale.tr(Msg::FilterYes)}
                        </option>
                        <option value="no" selected=move || filter.with(|f| f.has_orders == Some(false))>
                            {locale.tr(Msg::FilterNo)}
                        </option>
                    </select>
                </div>
                {number_field(Msg::FilterSpendFrom, "filter-min-spend", min_spend, |t| Money::parse(t).is_ok(), |f, t| f.min_spend_cents = Money::parse(t).ok().map(Money::cents), |f| f.min_spend_cents.map(|c| Money::new(0, c).to_string()).unwrap_or_default())}
                {number_field(Msg::FilterSpendTo, "filter-max-spend", max_spend, |t| Money::parse(t).is_ok(), |f, t| f.max_spend_cents = Money::parse(t).ok().map(Money::cents), |f| f.max_spend_cents.map(|c| Money::new(0, c).to_string()).unwrap_or_default())}
                {date_field(Msg::FilterLastAfter, "filter-last-after", |f, d| f.last_after = d, |f| f.last_after)}
                {date_field(Msg::FilterLastBefore, "filter-last-before", |f, d| f.last_before = d, |f| f.last_before)}
                {number_field(Msg::FilterChurnFrom, "filter-min-churn", min_churn, |t| t.trim().trim_end_matches('%').trim().parse::<u32>().is_ok_and(|p| p <= 100), |f, t| f.min_churn_percent = t.trim().trim_end_matches('%').trim().parse().ok().filter(|&p: &u32| p <= 100), |f| f.min_churn_percent.map(|p| p.to_string()).unwrap_or_default())}
            </div>
            <button type="button" class="button-quiet" data-testid="filter-clear" on:click=clear>
                {locale.tr(Msg::ClearFilters)}
            </button>
        </details>
    }
}
