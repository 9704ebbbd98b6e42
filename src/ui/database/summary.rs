//! The frame of each data area: how many records there are, import and export, and the area's
//! list; and the banner that labels the demo data and
//! removes it in one click.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::i18n::Msg;
use crate::import::{customers_csv, orders_csv, products_csv, EntityKind};
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::data::{counts_resource, format_count, use_data};
use crate::ui::files::{dated_name, download};
use crate::ui::locale::use_locale;

/// The page of a data area (customers, orders, products): counts, import, export, its list.
#[component]
pub fn DataPage(
    /// Which area.
    area: Area,
    /// Which records it holds.
    kind: EntityKind,
    /// The area's list.
    children: Children,
) -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let counts = counts_resource(data);
    let message = RwSignal::new(None::<String>);
    let count_text = move || {
        let counts = counts.get().flatten()?.ok()?;
        let n = match kind {
            EntityKind::Customers => counts.customers,
            EntityKind::Products => counts.products,
            EntityKind::Orders => counts.orders,
        };
        let label = match kind {
            EntityKind::Customers => Msg::CountCustomers,
            EntityKind::Products => Msg::CountProducts,
            EntityKind::Orders => Msg::CountOrders,
        };
        Some(format!(
            "{} {}",
            format_count(u64::from(n)),
            locale.text(label)
        ))
    };
    let export = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        spawn_local(async move {
            let result = async {
                let (bytes, what) = match kind {
                    EntityKind::Customers => (customers_csv(&db.customers().await?), "customers"),
                    EntityKind::Products => (products_csv(&db.products().await?), "products"),
                    EntityKind::Orders => (orders_csv(&db.orders().await?), "orders"),
                };
                let bytes = bytes.map_err(|e| crate::store::StoreError::Database {
                    context: "export",
                    reason: e.to_string(),
                })?;
                download(&dated_name(what, "csv"), &bytes, "text/csv;charset=utf-8").map_err(
                    |reason| crate::store::StoreError::Database {
                        context: "save the file",
                        reason,
                    },
                )
            }
            .await;
            message.set(result.err().map(|e| e.to_string()));
        });
    };
    let import_href = base.href(&format!("/import?kind={}", kind_key(kind)));
    view! {
        <section class="page" data-testid=format!("page-{}", area.slug())>
            <h1>{locale.tr(area.label())}</h1>
            <p class="record-count" data-testid="record-count">
                {move || count_text().unwrap_or_default()}
            </p>
            <div class="actions">
                <A href=import_href attr:class="button" attr:data-testid="open-import">
                    {locale.tr(Msg::Import)}
                </A>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid=format!("export-{}", kind_key(kind))
                    on:click=export
                >
                    {locale.tr(Msg::ExportCsv)}
                </button>
            </div>
            <Show when=move || message.get().is_some()>
                <p class="error" role="alert">{move || message.get().unwrap_or_default()}</p>
            </Show>
            {children()}
        </section>
    }
}

/// The key of an entity kind in URLs and test ids.
pub fn kind_key(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Customers => "customers",
        EntityKind::Products => "products",
        EntityKind::Orders => "orders",
    }
}

/// Labels the demo data while any is stored, and removes it in one click.
#[component]
pub fn DemoBanner() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let counts = counts_resource(data);
    let busy = RwSignal::new(false);
    let demo_count = move || {
        counts
            .get()
            .flatten()
            .and_then(Result::ok)
            .map_or(0, |c| c.demo_customers)
    };
    let remove = move |_| {
        let Some(db) = data.db() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            if let Err(error) = db.delete_demo().await {
                leptos::logging::error!("{error}");
            }
            busy.set(false);
            data.changed();
        });
    };
    view! {
        <Show when=move || { demo_count() > 0 }>
            <div class="notice notice-demo" role="status" data-testid="demo-banner">
                <span>
                    {move || {
                        format!(
                            "{} {}",
                            locale.text(Msg::DemoBanner),
                            format_count(u64::from(demo_count())),
                        )
                    }}
                </span>
                <button
                    type="button"
                    data-testid="remove-demo"
                    disabled=move || busy.get()
                    on:click=remove
                >
                    {locale.tr(Msg::RemoveDemo)}
                </button>
            </div>
        </Show>
    }
}
