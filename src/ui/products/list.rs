//! The products list: search by name, SKU or category, a category filter, sort by any column
//! (units sold and revenue come from the stored orders), in a virtualized body.

use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::analytics::{ProductColumn, ProductIndex, ProductRow, ProductSales};
use crate::i18n::Msg;
use crate::import::EntityKind;
use crate::model::Money;
use crate::store::yield_now;
use crate::ui::areas::Area;
use crate::ui::base::use_app_base;
use crate::ui::data::format_count;
use crate::ui::database::DataPage;
use crate::ui::list::{
    cached_index, index_status, list_keys, list_matches, rendered_rows, sort_header, virtual_body,
    RevisionCache, Scroller, SearchBox,
};
use crate::ui::locale::use_locale;

/// Orders counted into the sales between two yields to the page.
const STEP: usize = 40_000;

#[derive(Clone, Copy)]
struct ProductCache(RevisionCache<ProductIndex>);

/// Provides the cache the products list fills.
pub fn provide_product_index() {
    provide_context(ProductCache(RevisionCache::new()));
}

fn product_index() -> LocalResource<Option<Result<Rc<ProductIndex>, String>>> {
    let cache = expect_context::<ProductCache>().0;
    cached_index(cache, |db| async move {
        let products = db.products().await?;
        let orders = db.orders().await?;
        let mut sales = ProductSales::default();
        for part in orders.chunks(STEP) {
            sales.add(part);
            yield_now().await;
        }
        Ok(ProductIndex::build(products, &sales))
    })
}

/// The products page: the area frame with the list inside.
#[component]
pub fn ProductsPage() -> impl IntoView {
    view! {
        <DataPage area=Area::Products kind=EntityKind::Products>
            <ProductList />
        </DataPage>
    }
}

/// Columns: label, shown on a phone, descending first.
const COLUMNS: [(ProductColumn, Msg, bool, bool); 6] = [
    (ProductColumn::Name, Msg::FieldName, true, false),
    (ProductColumn::Sku, Msg::FieldSku, false, false),
    (ProductColumn::Category, Msg::FieldCategory, false, false),
    (ProductColumn::Price, Msg::FieldPrice, true, true),
    (ProductColumn::Units, Msg::ColumnUnits, false, true),
    (ProductColumn::Revenue, Msg::ColumnRevenue, true, true),
];

#[component]
fn ProductList() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let navigate = use_navigate();
    let index = product_index();
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let sort = RwSignal::new((ProductColumn::Name, false));
    let scroller = Scroller::new();
    let search_box = NodeRef::<html::Input>::new();
    let ready = move || index.get().flatten().and_then(Result::ok);
    let matches = list_matches(index, scroller, move |index: &ProductIndex| {
        let (column, descending) = sort.get();
        let found = index.in_category(index.search(&query.get()), &category.get());
        index.sorted(&found, column, descending)
    });
    let len = move || matches.with(Vec::len);
    let visible = rendered_rows(index, scroller, matches, |index: &ProductIndex, r| {
        index.row(r).clone()
    });
    let open = move |position: usize| {
        let Some(index) = ready() else { return };
        if let Some(row) = matches.with_untracked(|rows| rows.get(position).copied()) {
            let id = index.row(row).product.id.0;
            navigate(&base.href(&format!("/products/{id}")), Default::default());
        }
    };
    list_keys(scroller, search_box, query, len, open, |_| {});
    let count_text = move || {
        let total = ready().map_or(0, |i| i.len());
        format!(
            "{} / {} {}",
            format_count(len() as u64),
            format_count(total as u64),
            locale.text(Msg::CountProducts)
        )
    };
    let header = move |(column, label, phone, descending_first)| {
        sort_header(sort, column, label, column.key(), phone, descending_first)
    };
    view! {
        <div class="list-tools">
            <A href=base.href("/products/new") attr:class="button" attr:data-testid="new-product">
                {locale.tr(Msg::NewProduct)}
            </A>
            <SearchBox query=query node=search_box label=Msg::SearchProducts testid="product-search" />
            <label class="category-filter">
                <span class="visually-hidden">{locale.tr(Msg::FieldCategory)}</span>
                <select data-testid="filter-category" on:change=move |e| category.set(event_target_value(&e))>
                    <option value="">{locale.tr(Msg::AnyCategory)}</option>
                    {move || {
                        ready()
                            .map(|i| i.categories())
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <p class="match-count" role="status" data-testid="match-count">
                {move || ready().map(|_| count_text())}
            </p>
        </div>
        {index_status(index, Msg::LoadingProducts, "products-loading")}
        <div
            class="vtable vtable-products"
            role="table"
            aria-label=locale.tr(Msg::NavProducts)
            aria-rowcount=move || len() + 1
            data-testid="product-list"
        >
            <div role="row" class="vrow vhead">{COLUMNS.into_iter().map(header).collect_view()}</div>
            {virtual_body(
                scroller,
                Msg::ProductRowsHint,
                len,
                visible,
                |(position, row)| (*position, row.product.id.0, row.product.version),
                move |(position, row)| {
                    let active = Signal::derive(move || scroller.active.get() == position);
                    view! { <ProductRowView row=row position=position active=active /> }
                },
            )}
        </div>
        <Show when=move || ready().is_some() && matches.with(Vec::is_empty)>
            <p class="empty-state" data-testid="no-match">{locale.tr(Msg::NoProductMatches)}</p>
        </Show>
    }
}

#[component]
fn ProductRowView(
    row: ProductRow,
    position: usize,
    #[prop(into)] active: Signal<bool>,
) -> impl IntoView {
    let base = use_app_base();
    let navigate = use_navigate();
    let href = base.href(&format!("/products/{}", row.product.id.0));
    let target = href.clone();
    let cell = |text: String, phone: bool| {
        view! { <div role="cell" class="vcell" class:wide-only=!phone>{text}</div> }
    };
    let product = row.product;
    view! {
        <div
            role="row"
            class="vrow"
            class:active=move || active.get()
            aria-rowindex=position + 2
            data-testid="product-row"
            on:click=move |_| navigate(&target, Default::default())
        >
            <div role="cell" class="vcell">
                <a href=href class="row-link">{product.name.clone()}</a>
            </div>
            {cell(product.sku.clone().unwrap_or_default(), false)}
            {cell(product.category.clone().unwrap_or_default(), false)}
            {cell(product.price.to_string(), true)}
            {cell(crate::i18n::format::whole(row.units as f64), false)}
            {cell(Money(row.revenue_cents).to_string(), true)}
        </div>
    }
}
