//! Personalisation on a customer's page: the next best action (from their open tickets, RFM
//! segment, churn risk, last category and running campaigns), and the products most bought in
//! their RFM segment when no basket rule recommends anything.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::analytics::{popular_among, NextAction, Standing};
use crate::i18n::Msg;
use crate::model::{Campaign, CampaignStatus, CustomerId, Order, ProductId, Ticket};
use crate::ui::analytics::segment_label;
use crate::ui::base::use_app_base;
use crate::ui::data::{today, use_data};
use crate::ui::locale::use_locale;
use crate::ui::marketing::rule_rows;

/// How many popular products are suggested.
const POPULAR: usize = 5;

/// What the customer's page knows that the suggestion needs.
#[derive(Clone)]
pub(super) struct Known {
    pub customer: CustomerId,
    pub orders: Rc<Vec<Order>>,
    pub tickets: Rc<Vec<Ticket>>,
    pub categories: Rc<HashMap<u64, String>>,
    pub campaigns: Rc<Vec<Campaign>>,
}

impl Known {
    /// The category of the newest purchase's first product with one.
    fn last_category(&self) -> Option<String> {
        // Orders are newest first on the page.
        self.orders
            .iter()
            .filter(|o| o.is_purchase())
            .flat_map(|o| o.lines.iter())
            .find_map(|l| self.categories.get(&l.product_id?.0).cloned())
            .filter(|c| !c.trim().is_empty())
    }
}

/// The next best action, once the customers' RFM segments are known.
#[component]
pub(super) fn NextStep(known: Known) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let rows = rule_rows();
    let known = StoredValue::new_local(known);
    let action = move || {
        let today = today();
        let (rfm, churn) = rows.with(|r| match r {
            Some(Ok(rows)) => Some(known.with_value(|k| {
                (
                    rows.rfm_of(k.customer),
                    rows.row_of(k.customer)
                        .and_then(|row| row.churn_permille)
                        .map(|p| f64::from(p) / 10.0),
                )
            })),
            _ => None,
        })?;
        Some(known.with_value(|k| {
            let standing = Standing {
                rfm,
                churn_percent: churn,
                open_tickets: k
                    .tickets
                    .iter()
                    .filter(|t| !t.status.is_done())
                    .map(|t| (t.id, t.is_overdue(today), t.created_at))
                    .collect(),
                purchases: k.orders.iter().filter(|o| o.is_purchase()).count() as u32,
                last_category: k.last_category(),
                campaigns: k
                    .campaigns
                    .iter()
                    .filter(|c| {
                        c.is_member(k.customer) && c.status_on(today) == CampaignStatus::Running
                    })
                    .map(|c| c.name.clone())
                    .collect(),
            };
            (rfm, NextAction::for_customer(&standing))
        }))
    };
    let text = move || {
        let lang = locale.lang();
        let (rfm, action) = action()?;
        let segment = rfm.map(|s| segment_label(s).text(lang)).unwrap_or_default();
        let category = |c: &Option<String>| c.clone().unwrap_or_else(|| "—".to_owned());
        let (text, link) = match &action {
            NextAction::ResolveTicket { ticket, overdue } => (
                if *overdue {
                    Msg::NextResolveOverdue
                } else {
                    Msg::NextResolveTicket
                }
                .text(lang)
                .replace("{}", &ticket.to_string()),
                Some(base.href(&format!("/service/{}", ticket.0))),
            ),
            NextAction::WinBack {
                category: c,
                campaign: Some(name),
            } => (
                Msg::NextWinBackCampaign
                    .text(lang)
                    .replace("{segment}", segment)
                    .replace("{category}", &category(c))
                    .replace("{campaign}", name),
                None,
            ),
            NextAction::WinBack { category: c, .. } => (
                Msg::NextWinBack
                    .text(lang)
                    .replace("{segment}", segment)
                    .replace("{category}", &category(c)),
                Some(base.href("/marketing")),
            ),
            NextAction::Reward => (
                Msg::NextReward.text(lang).replace("{segment}", segment),
                None,
            ),
            NextAction::Welcome => (Msg::NextWelcome.text(lang).to_owned(), None),
            NextAction::CrossSell { category: c } => (
                Msg::NextCrossSell
                    .text(lang)
                    .replace("{category}", &category(c)),
                None,
            ),
            NextAction::LastTry => (Msg::NextLastTry.text(lang).to_owned(), None),
            NextAction::FirstPurchase => (Msg::NextFirstPurchase.text(lang).to_owned(), None),
        };
        Some(view! {
            <p data-testid="next-action">{text}</p>
            {link.map(|href| view! { <A href=href attr:data-testid="next-action-link">{locale.tr(Msg::NextGo)}</A> })}
        })
    };
    view! {
        <section class="next-step" data-testid="next-step" aria-labelledby="next-step-title">
            <h2 id="next-step-title">{locale.tr(Msg::NextStepTitle)}</h2>
            {move || match text() {
                Some(view) => view.into_any(),
                None => view! { <p role="status">{locale.tr(Msg::RuleCounting)}</p> }.into_any(),
            }}
        </section>
    }
}

/// The products most bought by the other customers of the customer's RFM segment (by all
/// buyers for a customer without one), leaving out what they bought.
#[component]
pub(super) fn PopularInSegment(known: Known, names: Rc<HashMap<u64, String>>) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let rows = rule_rows();
    let customer = known.customer;
    let owned: HashSet<ProductId> = known
        .orders
        .iter()
        .filter(|o| o.is_purchase())
        .flat_map(|o| o.lines.iter().filter_map(|l| l.product_id))
        .collect();
    let owned = StoredValue::new_local(owned);
    let names = StoredValue::new_local(names);
    let orders = LocalResource::new(move || {
        data.revision();
        let db = data.db();
        async move { Some(db?.orders().await.map(Rc::new).map_err(|e| e.to_string())) }
    });
    let popular = move || {
        let orders = orders.get().flatten()?.ok()?;
        rows.with(|r| {
            let rows = r.as_ref()?.as_ref().ok()?;
            let rfm = rows.rfm_of(customer);
            let mut peers = rows.peers(rfm);
            peers.remove(&customer);
            let ranked = owned.with_value(|owned| popular_among(&peers, &orders, owned, POPULAR));
            Some((rfm, ranked))
        })
    };
    move || {
        let lang = locale.lang();
        let (rfm, ranked) = popular()?;
        if ranked.is_empty() {
            return None;
        }
        let title = match rfm {
            Some(s) => Msg::PopularInSegment
                .text(lang)
                .replace("{}", segment_label(s).text(lang)),
            None => Msg::PopularWithBuyers.text(lang).to_owned(),
        };
        let items = ranked
            .into_iter()
            .filter_map(|(product, buyers)| {
                let name = names.with_value(|n| n.get(&product.0).cloned())?;
                let href = base.href(&format!("/products/{}", product.0));
                let count = Msg::PopularBuyers
                    .text(lang)
                    .replace("{}", &buyers.to_string());
                Some(view! {
                    <li data-testid="popular-product"><A href=href>{name}</A> " — " {count}</li>
                })
            })
            .collect_view();
        Some(view! {
            <p data-testid="popular-title">{title}</p>
            <ul class="recommended">{items}</ul>
        })
    }
}
