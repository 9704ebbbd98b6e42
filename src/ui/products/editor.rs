//! The product editor at `/products/:id` and `/products/new`: name, SKU, price and category,
//! checked before saving, version-checked against changes made elsewhere.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::i18n::Msg;
use crate::model::{Field, FieldIssue, Money, Product, ProductDraft, ProductId, Record};
use crate::ui::base::use_app_base;
use crate::ui::data::use_data;
use crate::ui::database::describe;
use crate::ui::editing::{EditNotices, EditState};
use crate::ui::locale::use_locale;

fn blank_product() -> Product {
    Product {
        id: ProductId(0),
        name: String::new(),
        sku: None,
        price: Money::ZERO,
        category: None,
        external_id: None,
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 0,
    }
}

/// The page of one product.
#[component]
pub fn ProductPage() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    let base = use_app_base();
    let params = use_params_map();
    let creating = move || params.with(|p| p.get("id").as_deref() == Some("new"));
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()));
    let loaded = LocalResource::new(move || {
        let (creating, id) = (creating(), id());
        // Once the database is open; not again after every write (a write elsewhere shows as
        // a conflict on save, not as a form that changes under the user's hands).
        data.state();
        let db = data.db();
        async move {
            let db = db?;
            Some(match (creating, id) {
                (true, _) => Ok(Some(blank_product())),
                (false, Some(id)) => db.product(id).await,
                (false, None) => Ok(None),
            })
        }
    });
    view! {
        <section class="page product-page" data-testid="page-product">
            <p class="breadcrumb">
                <A href=base.href("/products") attr:data-testid="back-to-products">{locale.tr(Msg::AllProducts)}</A>
            </p>
            {move || match loaded.get().flatten() {
                None => view! { <p role="status">{locale.tr(Msg::LoadingProducts)}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(Some(product))) => view! { <ProductForm original=product /> }.into_any(),
                Some(Ok(None)) => view! {
                    <h1 data-testid="product-not-found">{locale.tr(Msg::ProductNotFound)}</h1>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The fields of the product form: label, field, test id.
const FIELDS: [(Msg, Field, &str); 4] = [
    (Msg::FieldName, Field::Name, "product-name"),
    (Msg::FieldSku, Field::Id, "product-sku"),
    (Msg::FieldPrice, Field::Price, "product-price"),
    (Msg::FieldCategory, Field::Category, "product-category"),
];

#[component]
fn ProductForm(original: Product) -> impl IntoView {
    let locale = use_locale();
    let app_base = use_app_base();
    let navigate = use_navigate();
    let creating = original.id.0 == 0;
    let draft = ProductDraft::from_product(&original);
    let values = [draft.name, draft.sku, draft.price, draft.category].map(RwSignal::new);
    let base = StoredValue::new(original);
    let problems = RwSignal::new(Vec::<FieldIssue>::new());
    let state = EditState::new();
    let save = move || {
        let draft = ProductDraft {
            name: values[0].get_untracked(),
            sku: values[1].get_untracked(),
            price: values[2].get_untracked(),
            category: values[3].get_untracked(),
        };
        let product = match base.with_value(|b| draft.to_product(b)) {
            Ok(product) => product,
            Err(found) => return problems.set(found),
        };
        problems.set(Vec::new());
        let before = (!creating).then(|| Record::Product(base.get_value()));
        let navigate = navigate.clone();
        state.save(before, Record::Product(product), move |stored| {
            let Record::Product(stored) = stored else {
                return;
            };
            if creating {
                let href = app_base.href(&format!("/products/{}", stored.id.0));
                navigate(&href, Default::default());
            } else {
                base.set_value(stored);
                state.saved.set(true);
            }
        });
    };
    let delete = {
        let navigate = use_navigate();
        move |_| {
            let navigate = navigate.clone();
            let record = Record::Product(base.get_value());
            state.delete(record, Msg::ProductDeleted, move || {
                navigate(&app_base.href("/products"), Default::default())
            });
        }
    };
    let problem_for = move |field: Field| {
        let lang = locale.lang();
        problems.with(|all| {
            all.iter()
                .filter(|p| p.field == field)
                .map(|p| describe(p, lang))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let title = move || {
        if creating {
            locale.text(Msg::NewProduct).to_owned()
        } else {
            base.with_value(|p| p.name.clone())
        }
    };
    let rows = FIELDS
        .iter()
        .zip(values)
        .map(|((label, field, id), value)| {
            let (label, id) = (*label, *id);
            let field = field.clone();
            let problem_id = format!("{id}-problem");
            let field_for_invalid = field.clone();
            let field_for_text = field.clone();
            view! {
                <div class="form-row" class:invalid=move || !problem_for(field_for_invalid.clone()).is_empty()>
                    <label for=id>{locale.tr(label)}</label>
                    <input
                        id=id
                        data-testid=id
                        inputmode=if field == Field::Price { "decimal" } else { "text" }
                        aria-describedby=problem_id.clone()
                        prop:value=move || value.get()
                        on:input=move |e| value.set(event_target_value(&e))
                    />
                    <p class="field-problem" id=problem_id.clone() data-testid=problem_id.clone()>
                        {move || problem_for(field_for_text.clone())}
                    </p>
                </div>
            }
        })
        .collect_view();
    view! {
        <h1 data-testid="product-title">{title}</h1>
        <form
            class="edit-form"
            data-testid="product-form"
            novalidate=true
            on:submit=move |e| {
                e.prevent_default();
                save();
            }
        >
            <EditNotices state=state has_problems=Signal::derive(move || !problems.with(Vec::is_empty)) />
            {rows}
            <div class="actions">
                <button type="submit" data-testid="save-product" disabled=move || state.busy.get()>
                    {locale.tr(Msg::Save)}
                </button>
                {(!creating).then(|| view! {
                    <button type="button" class="button-quiet button-danger" data-testid="delete-product" on:click=delete.clone()>
                        {locale.tr(Msg::DeleteProduct)}
                    </button>
                })}
            </div>
        </form>
    }
}
