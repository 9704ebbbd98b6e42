//! The in-memory customer index, built from the store once per data revision and shared by
//! every visit of the list (so going to a customer and back does not read 100,000 records again).

use std::rc::Rc;

use leptos::prelude::*;

use crate::analytics::{CustomerIndex, CustomerIndexBuilder};
use crate::store::yield_now;
use crate::ui::data::{today, use_data};

/// Customers added to the index between two yields to the page (orders: four times as many).
const STEP: usize = 10_000;

#[derive(Clone, Copy)]
struct IndexCache(StoredValue<Option<(u64, Rc<CustomerIndex>)>, LocalStorage>);

/// Provides the cache that [`customer_index`] fills.
pub fn provide_customer_index() {
    provide_context(IndexCache(StoredValue::new_local(None)));
}

/// The customer index for the current data; reloads after every write. `None` while loading.
pub fn customer_index() -> LocalResource<Option<Result<Rc<CustomerIndex>, String>>> {
    let data = use_data();
    let cache = expect_context::<IndexCache>();
    LocalResource::new(move || {
        let revision = data.revision();
        let db = data.db();
        async move {
            let db = db?;
            if let Some((built, index)) = cache.0.get_value() {
                if built == revision {
                    return Some(Ok(index));
                }
            }
            let result = async {
                let customers = db.customers().await?;
                let orders = db.orders().await?;
                // Built in steps that yield, so 100,000 customers never block the page.
                let mut builder = CustomerIndexBuilder::new(today());
                for part in orders.chunks(STEP * 4) {
                    builder.add_orders(part);
                    yield_now().await;
                }
                drop(orders);
                for part in customers.chunks(STEP) {
                    builder.add_customers(part);
                    yield_now().await;
                }
                Ok::<_, crate::store::StoreError>(Rc::new(builder.finish()))
            }
            .await
            .map_err(|e| e.to_string());
            if let Ok(index) = &result {
                cache.0.set_value(Some((revision, index.clone())));
            }
            Some(result)
        }
    })
}
