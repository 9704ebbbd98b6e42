//! One group of duplicates side by side: a column per customer, a row per field with the
//! differing ones marked, a choice of the kept record and of the value kept for each field
//! (by default the most complete and most recent), the orders each has; then merge, or mark
//! them as not duplicates.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::duplicates::Found;
use super::{evidence_summary, failure_line, percent};
use crate::clean::dedupe::DuplicateGroup;
use crate::clean::merge::{MergeChoice, MergeField};
use crate::i18n::Msg;
use crate::model::Customer;
use crate::ui::base::use_app_base;
use crate::ui::data::{format_count, now_ms, use_data};
use crate::ui::locale::use_locale;
use crate::ui::notices::store_error_text;
use crate::ui::undo::use_undo;

fn field_label(field: MergeField) -> Msg {
    match field {
        MergeField::Name => Msg::FieldName,
        MergeField::Gender => Msg::FieldGender,
        MergeField::BirthDate => Msg::FieldBirthDate,
        MergeField::Age => Msg::FieldAge,
        MergeField::Phone => Msg::FieldPhone,
        MergeField::Email => Msg::FieldEmail,
        MergeField::Street => Msg::FieldStreet,
        MergeField::City => Msg::FieldCity,
        MergeField::Postcode => Msg::FieldPostcode,
        MergeField::Region => Msg::FieldRegion,
        MergeField::Country => Msg::FieldCountry,
        MergeField::Company => Msg::FieldCompany,
        MergeField::ExternalId => Msg::FieldId,
    }
}

/// The review of one group.
#[component]
pub(super) fn GroupReview(
    /// The search result the group comes from.
    found: RwSignal<Option<Arc<Found>>>,
    /// The group to review.
    group: DuplicateGroup,
    /// Called with the members after they were merged.
    settle: Callback<Vec<u64>>,
    /// Called with the members after they were marked as not duplicates.
    mark: Callback<Vec<u64>>,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let undo = use_undo();
    let base = use_app_base();
    let members: Vec<Customer> =
        found.with_untracked(|f| f.as_ref().map(|f| f.members(&group)).unwrap_or_default());
    let members = StoredValue::new(members);
    let choice = RwSignal::new(members.with_value(|m| MergeChoice::default_for(m)));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let ids: Vec<u64> = members.with_value(|m| m.iter().map(|c| c.id.0).collect());
    let order_counts = LocalResource::new({
        let ids = ids.clone();
        move || {
            let ids = ids.clone();
            async move {
                let db = data.db()?;
                let mut counts = Vec::new();
                for id in ids {
                    counts.push(db.orders_of_customer(id).await.map(|o| o.len()).ok());
                }
                Some(counts)
            }
        }
    });
    // Fields where the members hold more than one distinct value (missing ones aside).
    let differs = move |field: MergeField| {
        members.with_value(|m| {
            let mut values: Vec<String> = m.iter().filter_map(|c| field.value(c)).collect();
            values.sort();
            values.dedup();
            values.len() > 1
        })
    };
    let merge = {
        let ids = ids.clone();
        move |_| {
            let (Some(db), Some(choice)) = (data.db(), choice.get_untracked()) else {
                return;
            };
            let group = (members.get_value(), choice);
            let ids = ids.clone();
            busy.set(true);
            failure.set(None);
            spawn_local(async move {
                match db.merge_customers(&[group], now_ms()).await {
                    Ok(_) => {
                        data.changed();
                        settle.run(ids.clone());
                        let text =
                            format!("{} {}", locale.text(Msg::MergedCustomers), format_count(1));
                        undo.announce(text, true);
                    }
                    Err(error) => {
                        failure.set(Some(store_error_text(&error, locale.lang_untracked())))
                    }
                }
                busy.set(false);
            });
        }
    };
    let not_duplicates = {
        let ids = ids.clone();
        move |_| {
            let Some(db) = data.db() else {
                return;
            };
            let ids = ids.clone();
            busy.set(true);
            spawn_local(async move {
                match db.mark_not_duplicates(&ids).await {
                    Ok(()) => mark.run(ids),
                    Err(error) => {
                        failure.set(Some(store_error_text(&error, locale.lang_untracked())))
                    }
                }
                busy.set(false);
            });
        }
    };
    let links = group.links.clone();
    let header = members.with_value(|m| {
        m.iter()
            .map(|c| {
                let id = c.id.0;
                let href = base.href(&format!("/customers/{id}"));
                view! {
                    <th scope="col">
                        <a href=href data-testid="review-member">{format!("C{id}")}</a>
                    </th>
                }
            })
            .collect_view()
    });
    let survivor_row = members.with_value(|m| {
        m.iter()
            .map(|c| {
                let id = c.id.0;
                view! {
                    <td>
                        <label class="radio">
                            <input
                                type="radio"
                                name=format!("survivor-{}", group.members[0])
                                data-testid="keep-record"
                                prop:checked=move || choice.with(|c| c.as_ref().map(|c| c.survivor) == Some(id))
                                on:change=move |_| choice.update(|c| if let Some(c) = c { c.survivor = id })
                            />
                            {locale.tr(Msg::KeepValue)}
                        </label>
                    </td>
                }
            })
            .collect_view()
    });
    let first = group.members[0];
    let field_rows = MergeField::ALL
        .into_iter()
        .filter(|field| members.with_value(|m| m.iter().any(|c| field.value(c).is_some())))
        .map(|field| {
            let cells = members.with_value(|m| {
                m.iter()
                    .map(|c| {
                        let id = c.id.0;
                        let value = field.value(c);
                        let has = value.is_some();
                        view! {
                            <td class:differs=move || differs(field)>
                                <label class="radio">
                                    <input
                                        type="radio"
                                        name=format!("{field:?}-{first}")
                                        disabled=!has
                                        prop:checked=move || choice.with(|c| {
                                            c.as_ref().and_then(|c| c.fields.get(&field).copied()) == Some(id)
                                        })
                                        on:change=move |_| choice.update(|c| {
                                            if let Some(c) = c {
                                                c.fields.insert(field, id);
                                            }
                                        })
                                    />
                                    <span>{value.unwrap_or_else(|| "—".to_owned())}</span>
                                </label>
                            </td>
                        }
                    })
                    .collect_view()
            });
            view! {
                <tr data-testid=format!("review-field-{field:?}")>
                    <th scope="row">{locale.tr(field_label(field))}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let member_count = ids.len();
    view! {
        <div class="group-review" data-testid="group-review">
            <ul class="evidence">
                {links
                    .into_iter()
                    .map(|link| {
                        let evidence = link.evidence.clone();
                        view! {
                            <li>
                                {format!("C{} ↔ C{} · {} · ", link.a, link.b, percent(link.confidence))}
                                {move || evidence_summary(&evidence, locale.lang())}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="table-scroll">
                <table class="preview side-by-side">
                    <thead>
                        <tr>
                            <th scope="col">{locale.tr(Msg::FieldColumn)}</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">{locale.tr(Msg::KeptRecord)}</th>
                            {survivor_row}
                        </tr>
                        {field_rows}
                        <tr data-testid="review-orders">
                            <th scope="row">{locale.tr(Msg::ColumnOrders)}</th>
                            {move || {
                                let counts = order_counts.get().flatten().unwrap_or_default();
                                (0..member_count)
                                    .map(|at| {
                                        let text = counts
                                            .get(at)
                                            .copied()
                                            .flatten()
                                            .map_or("…".to_owned(), |n| n.to_string());
                                        view! { <td class="number" data-testid="member-orders">{text}</td> }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="merge-group"
                    disabled=move || busy.get() || choice.with(Option::is_none)
                    on:click=merge
                >
                    {locale.tr(Msg::MergeGroup)}
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="not-duplicates"
                    disabled=move || busy.get()
                    on:click=not_duplicates
                >
                    {locale.tr(Msg::NotDuplicates)}
                </button>
            </div>
            {failure_line(failure)}
        </div>
    }
}
