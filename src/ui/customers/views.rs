//! Saved views of the customers list: a name for the current search, filter, sort and columns,
//! kept in this browser's settings; choosing one restores all of them. And the column chooser.

use leptos::prelude::*;

use crate::analytics::{CustomerFilter, SavedView, SortColumn};
use crate::i18n::Msg;
use crate::ui::locale::use_locale;
use crate::ui::settings::use_settings;

/// The saved-views picker and the "save view" form.
#[component]
pub fn SavedViews(
    /// The list's search text.
    query: RwSignal<String>,
    /// The list's filter.
    filter: RwSignal<CustomerFilter>,
    /// The list's sort column and direction.
    sort: RwSignal<(SortColumn, bool)>,
    /// The columns the list hides.
    hidden: RwSignal<Vec<SortColumn>>,
) -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let views = move || settings.get().customer_views;
    let apply = move |view_name: String| {
        chosen.set(view_name.clone());
        if let Some(view) = views().into_iter().find(|v| v.name == view_name) {
            query.set(view.query);
            filter.set(view.filter);
            sort.set((
                SortColumn::from_key(&view.sort).unwrap_or(SortColumn::Id),
                view.descending,
            ));
            hidden.set(
                view.hidden
                    .iter()
                    .filter_map(|key| SortColumn::from_key(key))
                    .collect(),
            );
        }
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let view_name = name.get_untracked().trim().to_owned();
        if view_name.is_empty() {
            return;
        }
        let (column, descending) = sort.get_untracked();
        let view = SavedView {
            name: view_name.clone(),
            query: query.get_untracked(),
            filter: filter.get_untracked(),
            sort: column.key().to_owned(),
            descending,
            hidden: hidden
                .get_untracked()
                .iter()
                .map(|c| c.key().to_owned())
                .collect(),
        };
        settings.update(|s| {
            // Saving under an existing name replaces that view.
            match s.customer_views.iter_mut().find(|v| v.name == view_name) {
                Some(existing) => *existing = view,
                None => s.customer_views.push(view),
            }
        });
        chosen.set(view_name);
        name.set(String::new());
    };
    let delete = move |_| {
        let view_name = chosen.get_untracked();
        settings.update(|s| s.customer_views.retain(|v| v.name != view_name));
        chosen.set(String::new());
    };
    view! {
        <div class="saved-views">
            <label>
                <span class="visually-hidden">{locale.tr(Msg::SavedViews)}</span>
                <select
                    data-testid="saved-views"
                    prop:value=move || chosen.get()
                    on:change=move |e| apply(event_target_value(&e))
                >
                    <option value="">{locale.tr(Msg::SavedViews)}</option>
                    {move || {
                        views()
                            .into_iter()
                            .map(|v| view! { <option value=v.name.clone()>{v.name.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <Show when=move || !chosen.get().is_empty()>
                <button type="button" class="button-quiet" data-testid="delete-view" on:click=delete>
                    {locale.tr(Msg::DeleteView)}
                </button>
            </Show>
            <form class="save-view" on:submit=save>
                <label>
                    <span class="visually-hidden">{locale.tr(Msg::ViewName)}</span>
                    <input
                        type="text"
                        data-testid="view-name"
                        placeholder=locale.tr(Msg::ViewName)
                        prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e))
                    />
                </label>
                <button type="submit" class="button-quiet" data-testid="save-view">
                    {locale.tr(Msg::SaveView)}
                </button>
            </form>
        </div>
    }
}

/// Checkboxes that show or hide the list's optional columns.
#[component]
pub fn ColumnChooser(
    /// The optional columns with their labels.
    columns: Vec<(SortColumn, Msg)>,
    /// The columns hidden now.
    hidden: RwSignal<Vec<SortColumn>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <details class="columns-menu" data-testid="columns-menu">
            <summary>{locale.tr(Msg::Columns)}</summary>
            {columns
                .into_iter()
                .map(|(column, label)| {
                    view! {
                        <label class="check-row">
                            <input
                                type="checkbox"
                                data-testid=format!("column-{}", column.key())
                                prop:checked=move || !hidden.with(|h| h.contains(&column))
                                on:change=move |e| {
                                    let shown = event_target_checked(&e);
                                    hidden.update(|h| {
                                        h.retain(|c| *c != column);
                                        if !shown {
                                            h.push(column);
                                        }
                                    });
                                }
                            />
                            {locale.tr(label)}
                        </label>
                    }
                })
                .collect_view()}
        </details>
    }
}
