//! A customer's page: key figures, every field with inline editing and validation (`form`),
//! deleting (`delete`), the segments it is in, products recommended from the basket rules,
//! notes, history and a timeline of orders and notes (`timeline`).

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::delete::DeleteCustomers;
use super::form::CustomerFields;
use super::personal::{Known, NextStep, PopularInSegment};
use super::timeline::{AddNote, History, Timeline};
use crate::analytics::divide_rounded;
use crate::i18n::format::percent;
use crate::i18n::Msg;
use crate::mining::{recommend, StoredRules};
use crate::model::{
    Campaign, ChangeSet, Customer, CustomerId, Money, Note, Order, RecordKind, Segment, Ticket,
};
use crate::store::{Db, StoreError};
use crate::ui::base::use_app_base;
use crate::ui::data::use_data;
use crate::ui::locale::use_locale;

/// Everything the page shows about one customer.
#[derive(Clone)]
struct Loaded {
    customer: Customer,
    orders: Rc<Vec<Order>>,
    notes: Rc<Vec<Note>>,
    /// The customer's service tickets, newest first.
    tickets: Rc<Vec<Ticket>>,
    product_names: Rc<HashMap<u64, String>>,
    /// What changed and when, newest first.
    history: Rc<Vec<ChangeSet>>,
    /// The segments the customer is in by their kept members, and every rule segment (whether
    /// the customer meets the rule is worked out over all customers, after the page shows).
    segments: Rc<Vec<Segment>>,
    /// Product categories by product id.
    categories: Rc<HashMap<u64, String>>,
    /// Every campaign (the running ones the customer is in shape the next step).
    campaigns: Rc<Vec<Campaign>>,
    /// Products to suggest from the basket rules kept last (`None`: no rules kept yet).
    recommended: Rc<Option<Vec<Suggestion>>>,
}

/// The segments the customer is in, linked to the marketing page. Rule segments are tested
/// against the customer index (built only when a rule segment exists).
#[component]
fn CustomerSegments(id: CustomerId, segments: Rc<Vec<Segment>>) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let rows = segments
        .iter()
        .any(|s| s.rule().is_some())
        .then(crate::ui::marketing::rule_rows);
    let segments = StoredValue::new_local(segments);
    let names = move || {
        let rules = rows.map(|rows| rows.get());
        segments.with_value(|segments| {
            segments
                .iter()
                .filter(|s| match (s.rule(), &rules) {
                    (None, _) => true,
                    (Some(_), Some(Some(Ok(rows)))) => rows.is_member(s, id),
                    (Some(_), _) => false,
                })
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    move || {
        let names = names();
        (!names.is_empty()).then(|| {
            view! {
                <p class="customer-segments" data-testid="customer-segments">
                    {locale.tr(Msg::CustomerSegments)} ": "
                    <A href=base.href(&crate::ui::areas::Area::Marketing.path())>{names}</A>
                </p>
            }
        })
    }
}

/// A recommended product and why.
struct Suggestion {
    product: u64,
    name: String,
    because: String,
    confidence: f64,
}

/// How many products the page recommends at most.
const RECOMMENDED: usize = 5;

/// Recommendations for a customer with `orders` from the kept `rules`, among products that
/// still exist (`names`).
fn suggestions(
    rules: &StoredRules,
    orders: &[Order],
    names: &HashMap<u64, String>,
) -> Vec<Suggestion> {
    let mut owned: Vec<u64> = orders
        .iter()
        .filter(|o| o.is_purchase())
        .flat_map(|o| o.lines.iter())
        .filter(|l| l.quantity > 0)
        .filter_map(|l| l.product_id.map(|p| p.0))
        .collect();
    owned.sort_unstable();
    owned.dedup();
    let named = |ids: &[u64]| {
        ids.iter()
            .filter_map(|id| names.get(id).cloned())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    recommend(&rules.rules, &owned, usize::MAX)
        .into_iter()
        .filter_map(|r| {
            Some(Suggestion {
                product: r.item,
                name: names.get(&r.item)?.clone(),
                because: named(&r.because),
                confidence: r.confidence,
            })
        })
        .take(RECOMMENDED)
        .collect()
}

async fn load(db: Rc<Db>, id: u64) -> Result<Option<Loaded>, StoreError> {
    // Eight independent reads, each its own read-only transaction: run together, their
    // IndexedDB requests overlap instead of queueing one after another.
    let (customer, orders, notes, tickets, products, history, segments, rules, campaigns) = futures::join!(
        db.customer(id),
        db.orders_of_customer(id),
        db.notes_of_customer(id),
        db.tickets_of_customer(id),
        db.products(),
        db.history(RecordKind::Customer, id),
        db.segments(),
        db.basket_rules(),
        db.campaigns(),
    );
    let Some(customer) = customer? else {
        return Ok(None);
    };
    let mut orders = orders?;
    orders.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.0.cmp(&a.id.0)));
    let mut notes: Vec<Note> = notes?;
    notes.sort_by_key(|n| std::cmp::Reverse(n.created_at));
    let mut tickets: Vec<Ticket> = tickets?;
    tickets.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
    let products = products?;
    let categories: HashMap<u64, String> = products
        .iter()
        .filter_map(|p| Some((p.id.0, p.category.clone()?)))
        .collect();
    let product_names: HashMap<u64, String> =
        products.into_iter().map(|p| (p.id.0, p.name)).collect();
    let recommended = rules?.map(|rules| suggestions(&rules, &orders, &product_names));
    let history = Rc::new(history?);
    let segments = segments?
        .into_iter()
        .filter(|s| s.rule().is_some() || s.contains(customer.id))
        .collect();
    Ok(Some(Loaded {
        customer,
        orders: Rc::new(orders),
        notes: Rc::new(notes),
        tickets: Rc::new(tickets),
        product_names: Rc::new(product_names),
        history,
        segments: Rc::new(segments),
        recommended: Rc::new(recommended),
        categories: Rc::new(categories),
        campaigns: Rc::new(campaigns?),
    }))
}

/// The page of one customer, at `/customers/:id`.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()));
    let loaded = LocalResource::new(move || {
        let id = id();
        data.revision();
        let db = data.db();
        async move {
            let (db, id) = (db?, id?);
            Some(load(db, id).await.map_err(|e| e.to_string()))
        }
    });
    // The latest state of the customer. The view below is built once per customer and reads
    // this signal, so a reload (after a save here or in another tab) updates it in place and
    // never throws away an edit in progress.
    let current = RwSignal::new_local(None::<Loaded>);
    Effect::new(move |_| {
        // A customer that is gone (deleted in another tab, or its creation undone) is shown
        // as not found rather than as it was.
        if let Some(Some(Ok(found))) = loaded.get() {
            current.set(found);
        }
    });
    let shown_id = Memo::new(move |_| current.with(|c| c.as_ref().map(|l| l.customer.id.0)));
    let list_href = base.href("/customers");
    let creating = move || params.with(|p| p.get("id").as_deref() == Some("new"));
    view! {
        <section class="page customer-page" data-testid="page-customer">
            <p class="breadcrumb">
                <A href=list_href attr:data-testid="back-to-list">{locale.tr(Msg::AllCustomers)}</A>
            </p>
            {move || {
                if creating() {
                    return view! { <NewCustomer /> }.into_any();
                }
                if shown_id.get().is_some() && shown_id.get() == id() {
                    return view! { <CustomerView current=current /> }.into_any();
                }
                match loaded.get().flatten() {
                    Some(Err(reason)) => view! { <p class="error" role="alert">{reason}</p> }.into_any(),
                    Some(Ok(None)) => view! {
                        <h1 data-testid="customer-not-found">{locale.tr(Msg::CustomerNotFound)}</h1>
                    }
                    .into_any(),
                    _ => view! { <p role="status">{locale.tr(Msg::LoadingCustomers)}</p> }.into_any(),
                }
            }}
        </section>
    }
}

/// The figures, the fields (with editing) and the timeline of one customer.
#[component]
fn CustomerView(
    /// The customer and everything linked to it, as last read.
    current: RwSignal<Option<Loaded>, LocalStorage>,
) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let list_href = base.href("/customers");
    let with = move |f: &dyn Fn(&Loaded) -> String| {
        current.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let title = move || {
        with(&|l| {
            l.customer
                .name
                .clone()
                .unwrap_or_else(|| format!("{} {}", locale.text(Msg::Unnamed), l.customer.id))
        })
    };
    let figure = move |label: Msg, id: &'static str, value: fn(&Loaded) -> String| {
        view! {
            <div class="figure">
                <dt>{locale.tr(label)}</dt>
                <dd data-testid=id>{move || with(&|l| value(l))}</dd>
            </div>
        }
    };
    let customer = Signal::derive(move || {
        current
            .with(|c| c.as_ref().map(|l| l.customer.clone()))
            .unwrap_or_else(|| Customer::new(crate::model::CustomerId(0), 0))
    });
    view! {
        <h1 data-testid="customer-title">{title}</h1>
        <dl class="figures" data-testid="customer-figures">
            {figure(Msg::ColumnOrders, "figure-orders", |l| l.orders.len().to_string())}
            {figure(Msg::ColumnSpend, "figure-spend", |l| {
                l.orders.iter().map(Order::spend).sum::<Money>().to_string()
            })}
            {figure(Msg::FigureAverageOrder, "figure-aov", |l| {
                // Over purchases, as the dashboard: cancelled orders and refunds aside.
                let purchases: Vec<&Order> = l.orders.iter().filter(|o| o.is_purchase()).collect();
                let gross: i64 = purchases.iter().map(|o| o.amount().cents()).sum();
                match purchases.len() {
                    0 => "—".to_owned(),
                    n => Money(divide_rounded(gross, n as i64)).to_string(),
                }
            })}
            {figure(Msg::ColumnLastPurchase, "figure-last", |l| {
                l.orders
                    .iter()
                    .filter(|o| o.is_purchase())
                    .map(|o| o.date)
                    .max()
                    .map_or_else(|| "—".to_owned(), |d| d.format("%Y-%m-%d").to_string())
            })}
        </dl>
        {move || current.with(|c| c.as_ref().map(|l| (l.customer.id, l.segments.clone()))).map(|(id, segments)| view! {
            <CustomerSegments id=id segments=segments />
        })}
        <CustomerFields
            customer=customer
            on_saved=Callback::new(move |saved: Customer| {
                current.update(|c| {
                    if let Some(loaded) = c {
                        loaded.customer = saved;
                    }
                })
            })
        />
        <DeleteCustomers
            ids=Signal::derive(move || current.with(|c| c.iter().map(|l| l.customer.id.0).collect()))
            order_count=Signal::derive(move || current.with(|c| c.as_ref().map_or(0, |l| l.orders.len())))
            button=Msg::DeleteCustomer
            question=Msg::DeleteCustomerQuestion
            testid="delete-customer"
            on_deleted=Callback::new(move |_| navigate(&list_href, Default::default()))
        />
        {move || current.get().map(|l| view! { <NextStep known=known(&l) /> })}
        {move || current.get().map(|l| view! { <Recommended list=l.recommended.clone() known=known(&l) names=l.product_names.clone() /> })}
        {move || current.get().map(|l| view! { <CustomerTickets customer=l.customer.id tickets=l.tickets /> })}
        {move || current.with(|c| c.as_ref().map(|l| l.customer.id)).map(|id| view! { <AddNote customer=id /> })}
        {move || current.get().map(|l| view! { <History sets=l.history /> })}
        {move || {
            current
                .get()
                .map(|l| view! { <Timeline orders=l.orders notes=l.notes tickets=l.tickets product_names=l.product_names /> })
        }}
    }
}

/// The customer's tickets (status, due day, overdue) and a link to open a new one.
#[component]
fn CustomerTickets(customer: crate::model::CustomerId, tickets: Rc<Vec<Ticket>>) -> impl IntoView {
    use crate::ui::service::{status_label, today};
    let locale = use_locale();
    let base = use_app_base();
    let new_href = base.href(&format!("/service/new?customer={}", customer.0));
    let today = today();
    let items = tickets
        .iter()
        .map(|t| {
            let overdue = t.is_overdue(today);
            view! {
                <li class:overdue=overdue data-testid="customer-ticket">
                    <A href=base.href(&format!("/service/{}", t.id.0))>{format!("{} · {}", t.id, t.subject)}</A>
                    " · " {locale.tr(status_label(t.status))}
                    {t.due.map(|d| view! { " · " {locale.tr(Msg::TicketDue)} " " {d.to_string()} })}
                    {overdue.then(|| view! { " " <span class="badge badge-overdue">{locale.tr(Msg::Overdue)}</span> })}
                </li>
            }
        })
        .collect_view();
    let empty = tickets.is_empty();
    view! {
        <section class="customer-tickets" data-testid="customer-tickets" aria-labelledby="customer-tickets-title">
            <h2 id="customer-tickets-title">{locale.tr(Msg::CustomerTickets)}</h2>
            <A href=new_href attr:class="button" attr:data-testid="new-ticket">{locale.tr(Msg::NewTicket)}</A>
            {if empty {
                view! { <p class="empty-state">{locale.tr(Msg::NoTicketsForCustomer)}</p> }.into_any()
            } else {
                view! { <ul class="ticket-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// What the personalisation parts of the page need from what it loaded.
fn known(l: &Loaded) -> Known {
    Known {
        customer: l.customer.id,
        orders: l.orders.clone(),
        tickets: l.tickets.clone(),
        categories: l.categories.clone(),
        campaigns: l.campaigns.clone(),
    }
}

/// Products recommended from the basket rules, each with what it was bought with; without a
/// rule that fits, the products most bought in the customer's segment.
#[component]
fn Recommended(
    list: Rc<Option<Vec<Suggestion>>>,
    known: Known,
    names: Rc<HashMap<u64, String>>,
) -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let body = match list.as_ref() {
        None => view! {
            <p class="empty-state">{locale.tr(Msg::RecommendationsNone)}</p>
            <PopularInSegment known=known names=names />
        }
        .into_any(),
        Some(list) if list.is_empty() => view! {
            <p class="empty-state">{locale.tr(Msg::RecommendationsNoMatch)}</p>
            <PopularInSegment known=known names=names />
        }
        .into_any(),
        Some(list) => {
            let items = list
                .iter()
                .map(|s| {
                    let because = s.because.clone();
                    let confidence = percent(s.confidence);
                    let name = s.name.clone();
                    let href = base.href(&format!("/products/{}", s.product));
                    view! {
                        <li data-testid="recommended-product">
                            <A href=href>{name}</A>
                            " — "
                            {move || locale.text(Msg::RecommendedBecause).replace("{}", &because)}
                            {move || format!(" ({} {confidence})", locale.text(Msg::RuleConfidence))}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="recommended">{items}</ul> }.into_any()
        }
    };
    view! {
        <section class="recommendations" data-testid="recommendations" aria-labelledby="recommended-title">
            <h2 id="recommended-title">{locale.tr(Msg::Recommended)}</h2>
            {body}
        </section>
    }
}

/// The form for a new customer; saving stores it and opens its page.
#[component]
fn NewCustomer() -> impl IntoView {
    let locale = use_locale();
    let blank = Customer::new(crate::model::CustomerId(0), 0);
    view! {
        <h1 data-testid="customer-title">{locale.tr(Msg::NewCustomer)}</h1>
        <CustomerFields
            customer=Signal::derive(move || blank.clone())
            on_saved=Callback::new(|_| {})
            creating=true
        />
    }
}
