//! The campaign list on the marketing page: each campaign with its channel, status today,
//! window, members and responses, linked to its page; a new campaign; every campaign as CSV.

use leptos::prelude::*;
use leptos_router::components::A;

use super::campaign::{channel_label, status_label};
use crate::i18n::Msg;
use crate::import::campaigns_csv;
use crate::model::Campaign;
use crate::ui::base::use_app_base;
use crate::ui::data::{format_count, today, use_data};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;
use crate::ui::records_import::{Imported, RecordsImport};

#[component]
pub(super) fn CampaignList() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let listed = LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move { Some(db?.campaigns().await.map_err(|e| e.to_string())) }
    });
    let failure = RwSignal::new(None::<String>);
    let export = move |_| {
        let Some(Some(Ok(campaigns))) = listed.get_untracked() else {
            return;
        };
        let result = campaigns_csv(&campaigns, today())
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                download(
                    &dated_name("campaigns", "csv"),
                    &bytes,
                    "text/csv;charset=utf-8",
                )
            });
        failure.set(result.err());
    };
    let window = |c: &Campaign| match (c.starts, c.ends) {
        (Some(first), Some(last)) => format!("{first} – {last}"),
        (Some(first), None) => format!("{first} –"),
        (None, Some(last)) => format!("– {last}"),
        (None, None) => String::new(),
    };
    let rows = move || {
        let Some(Some(Ok(campaigns))) = listed.get() else {
            return None;
        };
        if campaigns.is_empty() {
            return Some(
                view! { <p class="empty-state" data-testid="campaigns-none">{locale.tr(Msg::CampaignsNone)}</p> }
                    .into_any(),
            );
        }
        let today = today();
        let rows = campaigns
            .into_iter()
            .rev()
            .map(|c| {
                let href = base.href(&format!("/marketing/campaigns/{}", c.id.0));
                let status = status_label(c.status_on(today));
                let (dates, channel) = (window(&c), channel_label(c.channel));
                let members = if c.is_launched() {
                    format_count(c.members.len() as u64)
                } else {
                    "—".to_owned()
                };
                view! {
                    <tr data-testid="campaign-row">
                        <td><A href=href attr:data-testid="campaign-link">{c.name}</A></td>
                        <td>{locale.tr(channel)}</td>
                        <td data-testid="campaign-row-status">{locale.tr(status)}</td>
                        <td>{dates}</td>
                        <td class="num" data-testid="campaign-row-members">{members}</td>
                        <td class="num">{format_count(c.responses.len() as u64)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(
            view! {
                <div class="table-scroll">
                    <table class="preview" data-testid="campaigns-table">
                        <thead>
                            <tr>
                                <th scope="col">{locale.tr(Msg::CampaignName)}</th>
                                <th scope="col">{locale.tr(Msg::CampaignChannel)}</th>
                                <th scope="col">{locale.tr(Msg::FieldStatus)}</th>
                                <th scope="col">{locale.tr(Msg::CampaignWindowColumn)}</th>
                                <th scope="col">{locale.tr(Msg::SegmentMembers)}</th>
                                <th scope="col">{locale.tr(Msg::CampaignResponded)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any(),
        )
    };
    view! {
        <section class="campaigns" data-testid="campaigns" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">{locale.tr(Msg::CampaignsTitle)}</h2>
            <p class="actions">
                <A href=base.href("/marketing/campaigns/new") attr:class="button" attr:data-testid="new-campaign">
                    {locale.tr(Msg::NewCampaign)}
                </A>
                <button type="button" class="button-quiet" data-testid="export-campaigns" on:click=export>
                    {locale.tr(Msg::ExportCampaigns)}
                </button>
                <RecordsImport what=Imported::Campaigns />
            </p>
            {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            {move || match listed.get() {
                Some(Some(Err(reason))) => Some(view! { <p class="error" role="alert">{reason}</p> }.into_any()),
                _ => rows(),
            }}
        </section>
    }
}
