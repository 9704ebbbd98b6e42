//! Bulk actions on the selected customers: add or remove a tag, set a field, export, delete.
//! Each change is one action in the change log, so one undo reverts all of it.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::recovery::begin_write;

use super::delete::DeleteCustomers;
use crate::i18n::Msg;
use crate::import::{customers_csv, TargetField};
use crate::model::{Customer, Gender};
use crate::store::labels;
use crate::ui::data::{format_count, now_ms, use_data};
use crate::ui::database::field_label;
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;
use crate::ui::undo::use_undo;

/// The fields a bulk action can set.
const SETTABLE: [TargetField; 5] = [
    TargetField::City,
    TargetField::Region,
    TargetField::Country,
    TargetField::Company,
    TargetField::Gender,
];

/// A bulk edit: what it does to one customer. Returns whether the customer changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkEdit {
    AddTag(String),
    RemoveTag(String),
    /// Sets a field; `None` clears it.
    Set(TargetField, Option<String>),
}

impl BulkEdit {
    /// The change-set label and detail the log keeps for this edit.
    fn label(&self) -> (&'static str, String) {
        match self {
            BulkEdit::AddTag(tag) => (labels::BULK_TAG, tag.clone()),
            BulkEdit::RemoveTag(tag) => (labels::BULK_UNTAG, tag.clone()),
            BulkEdit::Set(field, value) => (
                labels::BULK_SET,
                format!("{} = {}", field.key(), value.as_deref().unwrap_or("")),
            ),
        }
    }

    /// Applies the edit to one customer; `false` when it already had that value.
    pub fn apply(&self, customer: &mut Customer) -> bool {
        match self {
            BulkEdit::AddTag(tag) => {
                let has = customer.tags.iter().any(|t| t.eq_ignore_ascii_case(tag));
                if !has {
                    customer.tags.push(tag.clone());
                }
                !has
            }
            BulkEdit::RemoveTag(tag) => {
                let before = customer.tags.len();
                customer.tags.retain(|t| !t.eq_ignore_ascii_case(tag));
                customer.tags.len() != before
            }
            BulkEdit::Set(field, value) => {
                let slot = match field {
                    TargetField::City => &mut customer.address.city,
                    TargetField::Region => &mut customer.address.region,
                    TargetField::Country => &mut customer.address.country,
                    TargetField::Company => &mut customer.company,
                    TargetField::Gender => {
                        let gender = value.as_deref().and_then(Gender::parse);
                        let changed = customer.gender != gender;
                        customer.gender = gender;
                        return changed;
                    }
                    _ => return false,
                };
                let changed = *slot != *value;
                slot.clone_from(value);
                changed
            }
        }
    }
}

/// Reads a bulk "set field" form: the value trimmed (empty clears), gender checked.
pub fn set_field_edit(field: TargetField, value: &str) -> Result<BulkEdit, Msg> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(BulkEdit::Set(field, None));
    }
    if field == TargetField::Gender && Gender::parse(value).is_none() {
        return Err(Msg::BulkBadGender);
    }
    Ok(BulkEdit::Set(field, Some(value.to_owned())))
}

/// The bar shown while customers are selected.
#[component]
pub(super) fn BulkBar(
    /// The selected customer ids.
    selected: RwSignal<HashSet<u64>>,
    /// How many orders the selected customers have.
    #[prop(into)]
    order_count: Signal<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let tag = RwSignal::new(String::new());
    let field = RwSignal::new(TargetField::City);
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let ids = Signal::derive(move || {
        let mut ids: Vec<u64> = selected.with(|s| s.iter().copied().collect());
        ids.sort_unstable();
        ids
    });
    let run = move |edit: BulkEdit| {
        let Some(db) = data.db() else { return };
        problem.set(None);
        busy.set(true);
        let ids = ids.get_untracked();
        spawn_local(async move {
            let (label, detail) = edit.label();
            let pending = begin_write(&db, label, &format_count(ids.len() as u64)).await;
            let result = db
                .update_customers(&ids, label, &detail, |c| edit.apply(c), now_ms())
                .await;
            pending.done();
            let lang = locale.lang_untracked();
            match result {
                Ok(set) if set.changes.is_empty() => {
                    undo.announce(Msg::BulkNothingChanged.text(lang).to_owned(), false)
                }
                Ok(set) => {
                    data.changed();
                    let count = format_count(set.changes.len() as u64);
                    undo.announce(format!("{} {count}", Msg::BulkChanged.text(lang)), true);
                }
                Err(error) => undo.fail(error.to_string()),
            }
            busy.set(false);
        });
    };
    let tag_action = move |add: bool| {
        let name = tag.get_untracked().trim().to_owned();
        if name.is_empty() {
            problem.set(Some(Msg::BulkTagMissing));
            return;
        }
        run(if add {
            BulkEdit::AddTag(name)
        } else {
            BulkEdit::RemoveTag(name)
        });
    };
    let set_action = move || match set_field_edit(field.get_untracked(), &value.get_untracked()) {
        Ok(edit) => run(edit),
        Err(msg) => problem.set(Some(msg)),
    };
    let export = move || {
        let Some(db) = data.db() else { return };
        let wanted = selected.get_untracked();
        spawn_local(async move {
            let result = async {
                let customers: Vec<Customer> = db
                    .customers()
                    .await
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .filter(|c| wanted.contains(&c.id.0))
                    .collect();
                let bytes = customers_csv(&customers).map_err(|e| e.to_string())?;
                download(&dated_name("customers-selected", "csv"), &bytes, "text/csv")
            }
            .await;
            if let Err(reason) = result {
                undo.fail(reason);
            }
        });
    };
    let count = move || {
        format!(
            "{} {}",
            format_count(selected.with(HashSet::len) as u64),
            locale.text(Msg::CountSelected)
        )
    };
    view! {
        <section class="bulk-bar" aria-label=locale.tr(Msg::BulkActions) data-testid="bulk-bar">
            <p class="bulk-count" role="status" data-testid="selected-count">{count}</p>
            <div class="bulk-group">
                <label for="bulk-tag">{locale.tr(Msg::BulkTagName)}</label>
                <input
                    id="bulk-tag"
                    data-testid="bulk-tag"
                    autocomplete="off"
                    prop:value=move || tag.get()
                    on:input=move |e| tag.set(event_target_value(&e))
                />
                <button type="button" data-testid="bulk-add-tag" disabled=move || busy.get() on:click=move |_| tag_action(true)>
                    {locale.tr(Msg::BulkAddTag)}
                </button>
                <button type="button" data-testid="bulk-remove-tag" disabled=move || busy.get() on:click=move |_| tag_action(false)>
                    {locale.tr(Msg::BulkRemoveTag)}
                </button>
            </div>
            <div class="bulk-group">
                <label for="bulk-field">{locale.tr(Msg::BulkSetField)}</label>
                <select
                    id="bulk-field"
                    data-testid="bulk-field"
                    on:change=move |e| {
                        let key = event_target_value(&e);
                        if let Some(&f) = SETTABLE.iter().find(|f| f.key() == key) {
                            field.set(f);
                        }
                    }
                >
                    {SETTABLE
                        .iter()
                        .map(|&f| view! { <option value=f.key()>{locale.tr(field_label(f))}</option> })
                        .collect_view()}
                </select>
                <label for="bulk-value" class="visually-hidden">{locale.tr(Msg::BulkFieldValue)}</label>
                <input
                    id="bulk-value"
                    data-testid="bulk-value"
                    placeholder=locale.tr(Msg::BulkFieldValue)
                    autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e))
                />
                <button type="button" data-testid="bulk-set" disabled=move || busy.get() on:click=move |_| set_action()>
                    {locale.tr(Msg::Apply)}
                </button>
            </div>
            <p class="field-problem" role="alert" data-testid="bulk-problem">
                {move || problem.get().map(|m| locale.text(m))}
            </p>
            <div class="bulk-group">
                <button type="button" data-testid="bulk-export" on:click=move |_| export()>
                    {locale.tr(Msg::ExportSelected)}
                </button>
                <DeleteCustomers
                    ids=ids
                    order_count=order_count
                    button=Msg::DeleteSelected
                    question=Msg::DeleteSelectedQuestion
                    testid="bulk-delete"
                    on_deleted=Callback::new(move |n: usize| {
                        selected.set(HashSet::new());
                        undo.announce(
                            format!("{} {}", locale.text(Msg::BulkDeleted), format_count(n as u64)),
                            true,
                        );
                    })
                />
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="clear-selection"
                    on:click=move |_| selected.set(HashSet::new())
                >
                    {locale.tr(Msg::ClearSelection)}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CustomerId;

    #[test]
    fn tags_are_added_once_and_removed_case_insensitively() {
        let mut c = Customer::new(CustomerId(1), 0);
        c.tags = vec!["vip".into()];
        assert!(!BulkEdit::AddTag("VIP".into()).apply(&mut c));
        assert!(BulkEdit::AddTag("north".into()).apply(&mut c));
        assert_eq!(c.tags, ["vip", "north"]);
        assert!(BulkEdit::RemoveTag("Vip".into()).apply(&mut c));
        assert!(!BulkEdit::RemoveTag("Vip".into()).apply(&mut c));
        assert_eq!(c.tags, ["north"]);
    }

    #[test]
    fn setting_a_field_reports_only_real_changes() {
        let mut c = Customer::new(CustomerId(1), 0);
        let paris = set_field_edit(TargetField::City, " Paris ").expect("valid");
        assert!(paris.apply(&mut c));
        assert!(!paris.apply(&mut c));
        assert_eq!(c.address.city.as_deref(), Some("Paris"));
        let clear = set_field_edit(TargetField::City, "").expect("valid");
        assert!(clear.apply(&mut c));
        assert_eq!(c.address.city, None);
        assert_eq!(
            set_field_edit(TargetField::Gender, "maybe"),
            Err(Msg::BulkBadGender)
        );
        assert!(set_field_edit(TargetField::Gender, "女")
            .expect("valid")
            .apply(&mut c));
        assert_eq!(c.gender, Some(Gender::Female));
    }
}
