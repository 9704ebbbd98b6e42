//! Custom customer fields: the definitions (kept in the database, so backups carry them),
//! managed in Settings, and their inputs on a customer's form.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Msg;
use crate::model::{CustomFieldDef, CustomKind, DefinitionProblem};
use crate::ui::data::{use_data, DbState};
use crate::ui::locale::use_locale;

/// The custom field definitions for the current data (reloads after every write).
pub fn custom_fields() -> LocalResource<Vec<CustomFieldDef>> {
    let data = use_data();
    LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move {
            match db {
                // A definition list that cannot be read shows no custom fields; the values stay
                // on the customers, so nothing is lost.
                Some(db) => db.custom_fields().await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    })
}

/// The type of a field in the UI's words.
pub fn kind_label(kind: &CustomKind) -> Msg {
    match kind {
        CustomKind::Text => Msg::CustomTypeText,
        CustomKind::Number => Msg::CustomTypeNumber,
        CustomKind::Date => Msg::CustomTypeDate,
        CustomKind::Choice(_) => Msg::CustomTypeChoice,
    }
}

/// Settings: the list of custom fields, adding and removing them.
#[component]
pub fn CustomFieldsEditor() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let defs = custom_fields();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("text".to_owned());
    let choices = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let failure = RwSignal::new(None::<String>);
    let current = move || defs.get().unwrap_or_default();
    let store = move |list: Vec<CustomFieldDef>| {
        let Some(db) = data.db() else { return };
        spawn_local(async move {
            match db.set_custom_fields(&list).await {
                Ok(()) => data.changed(),
                Err(error) => failure.set(Some(error.to_string())),
            }
        });
    };
    let add = move || {
        // Before the database is open (or the definitions read) nothing could be stored: the
        // button waits, and the typed name stays.
        if data.db().is_none() || defs.get_untracked().is_none() {
            return;
        }
        let mut list = current();
        match CustomFieldDef::new(
            &name.get_untracked(),
            &kind.get_untracked(),
            &choices.get_untracked(),
            &list,
        ) {
            Ok(def) => {
                list.push(def);
                problem.set(None);
                name.set(String::new());
                choices.set(String::new());
                store(list);
            }
            Err(DefinitionProblem::BadName) => problem.set(Some(Msg::CustomBadName)),
            Err(DefinitionProblem::NameTaken) => problem.set(Some(Msg::CustomNameTaken)),
            Err(DefinitionProblem::BadChoices) => problem.set(Some(Msg::CustomBadChoices)),
        }
    };
    let remove = move |field: String| {
        let list = current().into_iter().filter(|d| d.name != field).collect();
        store(list);
    };
    view! {
        <fieldset class="field-group custom-fields" data-testid="custom-fields">
            <legend>{locale.tr(Msg::CustomFields)}</legend>
            <p class="help">{locale.tr(Msg::CustomFieldsHelp)}</p>
            <ul class="custom-field-list" data-testid="custom-field-list">
                {move || {
                    let list = current();
                    if list.is_empty() {
                        return view! { <li class="empty-state">{locale.tr(Msg::NoCustomFields)}</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|def| {
                            let detail = match &def.kind {
                                CustomKind::Choice(list) => format!(" ({})", list.join(", ")),
                                _ => String::new(),
                            };
                            let field = def.name.clone();
                            view! {
                                <li data-testid="custom-field">
                                    <strong>{def.name.clone()}</strong>
                                    " · "
                                    {locale.tr(kind_label(&def.kind))}
                                    {detail}
                                    " "
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        data-testid="remove-custom-field"
                                        aria-label=format!("{} {}", locale.text(Msg::RemoveCustomField), def.name)
                                        on:click=move |_| remove(field.clone())
                                    >
                                        {locale.tr(Msg::RemoveCustomField)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <form
                class="custom-field-form"
                novalidate=true
                on:submit=move |e| {
                    e.prevent_default();
                    add();
                }
            >
                <div class="form-row">
                    <label for="custom-name">{locale.tr(Msg::CustomFieldName)}</label>
                    <input
                        id="custom-name"
                        data-testid="custom-name"
                        autocomplete="off"
                        aria-describedby="custom-problem"
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </div>
                <div class="form-row">
                    <label for="custom-kind">{locale.tr(Msg::CustomFieldType)}</label>
                    <select id="custom-kind" data-testid="custom-kind" on:change=move |e| kind.set(event_target_value(&e))>
                        <option value="text">{locale.tr(Msg::CustomTypeText)}</option>
                        <option value="number">{locale.tr(Msg::CustomTypeNumber)}</option>
                        <option value="date">{locale.tr(Msg::CustomTypeDate)}</option>
                        <option value="choice">{locale.tr(Msg::CustomTypeChoice)}</option>
                    </select>
                </div>
                <Show when=move || kind.get() == "choice">
                    <div class="form-row">
                        <label for="custom-choices">{locale.tr(Msg::CustomChoices)}</label>
                        <input
                            id="custom-choices"
                            data-testid="custom-choices"
                            autocomplete="off"
                            prop:value=move || choices.get()
                            on:input=move |e| choices.set(event_target_value(&e))
                        />
                    </div>
                </Show>
                <p class="field-problem" id="custom-problem" role="alert" data-testid="custom-problem">
                    {move || problem.get().map(|m| locale.text(m))}
                </p>
                <button
                    type="submit"
                    data-testid="add-custom-field"
                    disabled=move || data.state() != DbState::Ready || defs.get().is_none()
                >{locale.tr(Msg::AddCustomField)}</button>
            </form>
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get().unwrap_or_default()}</p>
            </Show>
        </fieldset>
    }
}
