//! Pages that every area shares for now: home, "not built yet", settings and not found.

use leptos::prelude::*;
use leptos_router::components::A;

use super::areas::Area;
use super::base::use_app_base;
use super::database::DataSettings;
use super::locale::use_locale;
use super::security::EncryptionSettings;
use super::settings::use_settings;
use crate::i18n::{country_name, Lang, Msg, COUNTRIES};
use crate::ui::customers::CustomFieldsEditor;

/// The home page: what Fieldbook is and a card for every area.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    view! {
        <section class="page" data-testid="page-home">
            <h1>{locale.tr(Msg::AppName)}</h1>
            <p class="lead">{locale.tr(Msg::HomeIntro)}</p>
            <h2>{locale.tr(Msg::HomeAreas)}</h2>
            <ul class="area-cards">
                {Area::ALL
                    .into_iter()
                    .map(|area| {
                        view! {
                            <li>
                                <A href=base.href(&area.path())>
                                    <strong>{locale.tr(area.label())}</strong>
                                    <span>{locale.tr(area.about())}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Settings: the language choice.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page" data-testid="page-settings">
            <h1>{locale.tr(Msg::NavSettings)}</h1>
            <fieldset class="field-group">
                <legend>{locale.tr(Msg::Language)}</legend>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <label class="radio">
                                <input
                                    type="radio"
                                    name="language"
                                    data-testid=format!("settings-lang-{}", lang.tag())
                                    prop:checked=move || locale.lang() == lang
                                    on:change=move |_| locale.set_lang(lang)
                                />
                                <span lang=lang.tag()>{lang.native_name()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
                <p class="help">{locale.tr(Msg::SettingsLanguageHelp)}</p>
            </fieldset>
            <DefaultCountry />
            <CustomFieldsEditor />
            <EncryptionSettings />
            <DataSettings />
        </section>
    }
}

/// The default country for phone numbers and addresses without one.
#[component]
fn DefaultCountry() -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let current = move || settings.get().default_country.unwrap_or_default();
    let on_change = move |event: leptos::ev::Event| {
        let code = event_target_value(&event);
        settings.update(|s| s.default_country = (!code.is_empty()).then_some(code));
    };
    view! {
        <fieldset class="field-group">
            <legend>{locale.tr(Msg::DefaultCountry)}</legend>
            <label class="field">
                <span class="visually-hidden">{locale.tr(Msg::DefaultCountry)}</span>
                <select data-testid="settings-country" on:change=on_change>
                    <option value="" selected=move || current().is_empty()>
                        {locale.tr(Msg::NoCountry)}
                    </option>
                    {COUNTRIES
                        .iter()
                        .map(|(code, _, _)| {
                            view! {
                                <option value=*code selected=move || current() == *code>
                                    {move || {
                                        format!(
                                            "{} ({code})",
                                            country_name(code, locale.lang()).unwrap_or(code),
                                        )
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <p class="help">{locale.tr(Msg::DefaultCountryHelp)}</p>
        </fieldset>
    }
}

/// Shown for an address that matches no route, with a way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    view! {
        <section class="page" data-testid="page-not-found">
            <h1>{locale.tr(Msg::NotFoundTitle)}</h1>
            <p>{locale.tr(Msg::NotFoundBody)}</p>
            <A href=base.href("/") exact=true attr:class="button" attr:data-testid="go-home">
                {locale.tr(Msg::GoHome)}
            </A>
        </section>
    }
}
