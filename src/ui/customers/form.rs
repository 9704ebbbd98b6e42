//! A customer's fields: read-only until "Edit" (or `e`), then a form that checks every value,
//! saves only valid ones and never overwrites a version saved elsewhere in the meantime: if
//! another tab or window saved first, nothing is overwritten and the form says so, offering to
//! reload that version.

use chrono::NaiveDate;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Msg;
use crate::import::{customer_from_form, TargetField};
use std::collections::BTreeMap;

use super::custom::custom_fields;
use crate::model::{apply_custom, Channel, CustomKind, Customer, Field, FieldIssue};
use crate::store::StoreError;
use crate::ui::base::use_app_base;
use crate::ui::data::{now_ms, today, use_data};
use crate::ui::database::{describe, field_label};
use crate::ui::locale::use_locale;

/// The fields of the edit form, in order.
pub(super) const FORM_FIELDS: [TargetField; 13] = [
    TargetField::Name,
    TargetField::Gender,
    TargetField::BirthDate,
    TargetField::Age,
    TargetField::Phone,
    TargetField::Email,
    TargetField::Street,
    TargetField::City,
    TargetField::Postcode,
    TargetField::Region,
    TargetField::Country,
    TargetField::Company,
    TargetField::Tags,
];

/// A field's current text in the form.
pub(super) fn field_text(customer: &Customer, field: TargetField) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        TargetField::Name => text(&customer.name),
        TargetField::Gender => customer
            .gender
            .map(|g| g.code().to_owned())
            .unwrap_or_default(),
        TargetField::BirthDate => customer
            .birth_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        TargetField::Age => customer.age.map(|a| a.to_string()).unwrap_or_default(),
        TargetField::Phone => text(&customer.phone),
        TargetField::Email => text(&customer.email),
        TargetField::Street => text(&customer.address.street),
        TargetField::City => text(&customer.address.city),
        TargetField::Postcode => text(&customer.address.postcode),
        TargetField::Region => text(&customer.address.region),
        TargetField::Country => text(&customer.address.country),
        TargetField::Company => text(&customer.company),
        TargetField::Tags => customer.tags.join(", "),
        _ => String::new(),
    }
}

/// What opting out of `channel` is called.
fn opt_out_label(channel: Channel) -> Msg {
    match channel {
        Channel::Sms => Msg::OptOutSms,
        Channel::Phone => Msg::OptOutPhone,
        _ => Msg::OptOutEmail,
    }
}

/// A custom field's name as a test id part: lowercase letters, digits and dashes.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// What saving found: the problems to show next to each field.
fn form_problems(
    original: &Customer,
    values: &[(TargetField, String)],
    today: NaiveDate,
) -> Result<Customer, Vec<FieldIssue>> {
    let outcome = customer_from_form(values, today);
    // A warning (an email or phone that looks wrong) blocks saving only where the user changed
    // the value: an imported record with a flagged phone can still get a new address.
    let changed = |issue: &FieldIssue| {
        values
            .iter()
            .filter(|(field, _)| field.field() == issue.field)
            .any(|(field, value)| field_text(original, *field).trim() != value.trim())
    };
    let mut problems = outcome.errors;
    problems.extend(outcome.warnings.into_iter().filter(changed));
    match outcome.record {
        Some(edited) if problems.is_empty() => Ok(Customer {
            id: original.id,
            custom: original.custom.clone(),
            external_id: original.external_id.clone(),
            opt_out: original.opt_out.clone(),
            demo: original.demo,
            created_at: original.created_at,
            updated_at: original.updated_at,
            version: original.version,
            ..edited
        }),
        _ => Err(problems),
    }
}

/// The customer's fields: read-only until "Edit" (or `e`), then a form that saves only valid
/// values and never overwrites a newer version.
#[component]
pub(super) fn CustomerFields(
    /// The customer as last read from the store.
    customer: Signal<Customer>,
    /// Called with the record as saved, so the page shows it before the store is read again.
    on_saved: Callback<Customer>,
    /// A new customer: the form is open from the start, and saving creates the record.
    #[prop(optional)]
    creating: bool,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let app_base = use_app_base();
    let navigate = leptos_router::hooks::use_navigate();
    let navigate_cancel = navigate.clone();
    // The version an edit started from: saving checks it, so a newer version is never lost.
    let base = StoredValue::new(customer.get_untracked());
    let editing = RwSignal::new(creating);
    let values: Vec<(TargetField, RwSignal<String>)> = FORM_FIELDS
        .iter()
        .map(|&f| (f, RwSignal::new(String::new())))
        .collect();
    let values = StoredValue::new(values);
    let problems = RwSignal::new(Vec::<FieldIssue>::new());
    let defs = custom_fields();
    // What is typed into the custom fields, by field name.
    let custom_values = RwSignal::new(BTreeMap::<String, String>::new());
    // The channels ticked as opted out.
    let opt_out = RwSignal::new(Vec::<Channel>::new());
    let conflict = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let start_edit = move || {
        base.set_value(customer.get_untracked());
        base.with_value(|c| {
            values.with_value(|vs| {
                for (field, signal) in vs {
                    signal.set(field_text(c, *field));
                }
            });
            custom_values.set(c.custom.clone());
            opt_out.set(c.opt_out.clone());
        });
        problems.set(Vec::new());
        conflict.set(false);
        failure.set(None);
        saved.set(false);
        editing.set(true);
        // The form appears on the next frame; the focus goes to its first field.
        request_animation_frame(|| {
            let first = document().get_element_by_id("edit-name");
            if let Some(input) =
                first.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
            {
                let _ = input.focus();
            }
        });
    };
    let save = Callback::new(move |_: ()| {
        let Some(db) = data.db() else {
            return;
        };
        let entered: Vec<(TargetField, String)> =
            values.with_value(|vs| vs.iter().map(|(f, s)| (*f, s.get_untracked())).collect());
        let checked = base.with_value(|c| form_problems(c, &entered, today()));
        let mut custom = base.with_value(|c| c.custom.clone());
        let custom_problems = apply_custom(
            &defs.get_untracked().unwrap_or_default(),
            &custom_values.get_untracked(),
            &mut custom,
        );
        let edited = match checked {
            Ok(edited) if custom_problems.is_empty() => Customer {
                custom,
                // In the fixed order of the channels, whatever order they were ticked in.
                opt_out: Channel::OPT_OUT
                    .into_iter()
                    .filter(|c| opt_out.with_untracked(|o| o.contains(c)))
                    .collect(),
                ..edited
            },
            Ok(_) => return problems.set(custom_problems),
            Err(mut found) => {
                found.extend(custom_problems);
                problems.set(found);
                return;
            }
        };
        problems.set(Vec::new());
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            if creating {
                match db.create_customer(edited, now_ms()).await {
                    Ok(created) => {
                        data.changed();
                        let href = app_base.href(&format!("/customers/{}", created.id.0));
                        navigate(&href, Default::default());
                    }
                    Err(error) => failure.set(Some(error.to_string())),
                }
                busy.set(false);
                return;
            }
            match db.update_customer(edited, now_ms()).await {
                Ok(saved_record) => {
                    on_saved.run(saved_record);
                    editing.set(false);
                    saved.set(true);
                    data.changed();
                }
                Err(StoreError::Conflict { .. }) => conflict.set(true),
                Err(error) => failure.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    });
    let cancel = Callback::new(move |_: ()| {
        if creating {
            navigate_cancel(&app_base.href("/customers"), Default::default());
        } else {
            editing.set(false);
        }
    });
    let reload = move |_| {
        editing.set(false);
        conflict.set(false);
        // Reading again shows the version the other tab saved.
        data.changed();
    };
    let keys = window_event_listener(ev::keydown, move |event| {
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        match event.key().as_str() {
            "e" if !typing
                && !editing.get_untracked()
                && !event.ctrl_key()
                && !event.meta_key() =>
            {
                event.prevent_default();
                start_edit();
            }
            "Escape" if editing.get_untracked() => editing.set(false),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let problem_for_field = move |field: &Field| {
        let lang = locale.lang();
        problems.with(|all| {
            all.iter()
                .filter(|issue| issue.field == *field)
                .map(|issue| describe(issue, lang))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let problem_for = move |field: TargetField| problem_for_field(&field.field());
    // Another tab saved a newer version while this one edits: say so before the save fails.
    let changed_elsewhere =
        move || editing.get() && customer.with(|c| c.version) != base.with_value(|b| b.version);
    let read_only = move || {
        customer.with(|c| {
            FORM_FIELDS
                .iter()
                .map(|&field| {
                    // The age shown is today's: from the birth date when there is one.
                    let text = match field {
                        TargetField::Age => {
                            c.age_on(today()).map(|a| a.to_string()).unwrap_or_default()
                        }
                        _ => field_text(c, field),
                    };
                    view! {
                        <div class="field-row">
                            <dt>{locale.tr(field_label(field))}</dt>
                            <dd data-testid=format!("value-{}", field.key())>
                                {if text.is_empty() { "—".to_owned() } else { text }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    let custom_read_only = move || {
        let defs = defs.get().unwrap_or_default();
        customer.with(|c| {
            defs.iter()
                .map(|def| {
                    let text = c.custom.get(&def.name).cloned().unwrap_or_default();
                    view! {
                        <div class="field-row">
                            <dt>{def.name.clone()}</dt>
                            <dd data-testid=format!("value-custom-{}", slug(&def.name))>
                                {if text.is_empty() { "—".to_owned() } else { text }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    let custom_form_fields = move || {
        defs.get()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, def)| {
                let input_id = format!("edit-custom-{i}");
                let error_id = format!("edit-custom-{i}-problem");
                let testid = format!("edit-custom-{}", slug(&def.name));
                let field = Field::Custom(def.name.clone());
                let name = def.name.clone();
                let value = {
                    let name = name.clone();
                    move || custom_values.with(|v| v.get(&name).cloned().unwrap_or_default())
                };
                let set = {
                    let name = name.clone();
                    move |text: String| custom_values.update(|v| {
                        v.insert(name.clone(), text);
                    })
                };
                let problem = {
                    let field = field.clone();
                    move || problem_for_field(&field)
                };
                let invalid = {
                    let problem = problem.clone();
                    move || !problem().is_empty()
                };
                let control = match def.kind.clone() {
                    CustomKind::Choice(choices) => {
                        let set = set.clone();
                        let value = value.clone();
                        view! {
                            <select
                                id=input_id.clone()
                                data-testid=testid.clone()
                                prop:value=value
                                on:change=move |e| set(event_target_value(&e))
                            >
                                <option value="">"—"</option>
                                {choices.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                            </select>
                        }
                        .into_any()
                    }
                    kind => view! {
                        <input
                            id=input_id.clone()
                            data-testid=testid.clone()
                            type=if kind == CustomKind::Date { "date" } else { "text" }
                            inputmode=if kind == CustomKind::Number { "decimal" } else { "text" }
                            aria-invalid=move || invalid().to_string()
                            aria-describedby=error_id.clone()
                            prop:value=value
                            on:input=move |e| set(event_target_value(&e))
                        />
                    }
                    .into_any(),
                };
                view! {
                    <div class="form-row">
                        <label for=input_id.clone()>{def.name.clone()}</label>
                        {control}
                        <p class="field-problem" id=error_id.clone() data-testid=format!("{testid}-problem")>
                            {problem}
                        </p>
                    </div>
                }
            })
            .collect_view()
    };
    let opt_out_read_only = move || {
        let lang = locale.lang();
        customer.with(|c| {
            (!c.opt_out.is_empty()).then(|| {
                let names: Vec<&str> = c
                    .opt_out
                    .iter()
                    .map(|&ch| opt_out_label(ch).text(lang))
                    .collect();
                view! {
                    <div class="field-row">
                        <dt>{locale.tr(Msg::OptOutTitle)}</dt>
                        <dd data-testid="value-opt-out">{names.join(", ")}</dd>
                    </div>
                }
            })
        })
    };
    let opt_out_fields = move || {
        let boxes = Channel::OPT_OUT
            .into_iter()
            .map(|channel| {
                let id = format!("edit-opt-out-{}", channel.key());
                view! {
                    <label class="check">
                        <input type="checkbox" id=id.clone() data-testid=id
                            prop:checked=move || opt_out.with(|o| o.contains(&channel))
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                opt_out.update(|o| {
                                    o.retain(|c| *c != channel);
                                    if on {
                                        o.push(channel);
                                    }
                                });
                            } />
                        {locale.tr(opt_out_label(channel))}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="opt-out">
                <legend>{locale.tr(Msg::OptOutTitle)}</legend>
                {boxes}
            </fieldset>
        }
    };
    let form_fields = move || {
        values.with_value(|vs| {
            vs.iter()
                .map(|&(field, signal)| {
                    let input_id = format!("edit-{}", field.key());
                    let error_id = format!("edit-{}-problem", field.key());
                    let invalid = move || !problem_for(field).is_empty();
                    let control = match field {
                        TargetField::Gender => view! {
                            <select
                                id=input_id.clone()
                                data-testid=input_id.clone()
                                prop:value=move || signal.get()
                                on:change=move |e| signal.set(event_target_value(&e))
                            >
                                <option value="">"—"</option>
                                <option value="F">{locale.tr(Msg::GenderFemale)}</option>
                                <option value="M">{locale.tr(Msg::GenderMale)}</option>
                                <option value="X">{locale.tr(Msg::GenderOther)}</option>
                            </select>
                        }
                        .into_any(),
                        _ => view! {
                            <input
                                id=input_id.clone()
                                data-testid=input_id.clone()
                                type=match field {
                                    TargetField::BirthDate => "date",
                                    TargetField::Email => "email",
                                    TargetField::Phone => "tel",
                                    _ => "text",
                                }
                                inputmode=if field == TargetField::Age { "numeric" } else { "text" }
                                aria-invalid=move || invalid().to_string()
                                aria-describedby=error_id.clone()
                                prop:value=move || signal.get()
                                on:input=move |e| signal.set(event_target_value(&e))
                            />
                        }
                        .into_any(),
                    };
                    view! {
                        <div class="form-row" class:invalid=invalid>
                            <label for=input_id.clone()>{locale.tr(field_label(field))}</label>
                            {control}
                            <p class="field-problem" id=error_id.clone() data-testid=error_id.clone()>
                                {move || problem_for(field)}
                            </p>
                        </div>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <section class="customer-fields" aria-labelledby="fields-title">
            <h2 id="fields-title">{locale.tr(Msg::CustomerDetails)}</h2>
            <Show when=move || conflict.get() || changed_elsewhere()>
                <div class="notice notice-warning" role="alert" data-testid="edit-conflict">
                    <p>{locale.tr(Msg::EditConflict)}</p>
                    <button type="button" data-testid="conflict-reload" on:click=reload>
                        {locale.tr(Msg::Reload)}
                    </button>
                </div>
            </Show>
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-testid="edit-saved">{locale.tr(Msg::Saved)}</p>
            </Show>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <dl class="fields" data-testid="customer-fields">{read_only} {custom_read_only} {opt_out_read_only}</dl>
                        <button
                            type="button"
                            data-testid="edit-customer"
                            aria-keyshortcuts="e"
                            on:click=move |_| start_edit()
                        >
                            {locale.tr(Msg::Edit)}
                        </button>
                    }
                }
            >
                <form
                    class="edit-form"
                    data-testid="customer-form"
                    novalidate=true
                    on:submit=move |e| {
                        e.prevent_default();
                        save.run(());
                    }
                >
                    <Show when=move || !problems.with(Vec::is_empty)>
                        <p class="error" role="alert" data-testid="edit-problems">
                            {locale.tr(Msg::FixMarkedFields)}
                        </p>
                    </Show>
                    {form_fields}
                    {custom_form_fields}
                    {opt_out_fields}
                    <div class="actions">
                        <button type="submit" data-testid="save-customer" disabled=move || busy.get()>
                            {locale.tr(Msg::Save)}
                        </button>
                        <button
                            type="button"
                            class="button-quiet"
                            data-testid="cancel-edit"
                            on:click=move |_| cancel.run(())
                        >
                            {locale.tr(Msg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, Field};

    fn stored() -> Customer {
        let mut c = Customer::new(CustomerId(7), 5);
        c.name = Some("Ada".into());
        c.phone = Some("12".into());
        c.version = 3;
        c.demo = true;
        c
    }

    fn form(c: &Customer, change: &[(TargetField, &str)]) -> Vec<(TargetField, String)> {
        FORM_FIELDS
            .iter()
            .map(|&f| {
                let value = change
                    .iter()
                    .find(|(g, _)| *g == f)
                    .map_or_else(|| field_text(c, f), |(_, v)| (*v).to_owned());
                (f, value)
            })
            .collect()
    }

    #[test]
    fn a_valid_edit_keeps_identity_and_version() {
        let c = stored();
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        let edited =
            form_problems(&c, &form(&c, &[(TargetField::City, "Paris")]), today).expect("valid");
        assert_eq!(edited.address.city.as_deref(), Some("Paris"));
        assert_eq!((edited.id, edited.version, edited.demo), (c.id, 3, true));
    }

    #[test]
    fn only_changed_fields_are_held_to_their_warnings() {
        let c = stored();
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
        // The stored phone "12" looks wrong, but it was not touched: the edit saves.
        assert!(form_problems(&c, &form(&c, &[(TargetField::Company, "Acme")]), today).is_ok());
        let problems =
            form_problems(&c, &form(&c, &[(TargetField::Age, "abc")]), today).expect_err("bad age");
        assert!(problems.iter().any(|p| p.field == Field::Age));
    }
}
