//! The in-memory customer index, built from the store once per data revision and shared by
//! every visit of the list (so going to a customer and back does not read 100,000 records again).

use std::rc::Rc;

use leptos::prelude::*;

use crate::analytics::{CustomerIndex, CustomerIndexBuilder};
use crate::store::yield_now;
use crate::ui::data::today;
use crate::ui::list::{cached_index, RevisionCache};

/// Customers added to the index between two yields to the page (orders: four times as many).
const STEP: usize = 10_000;

#[derive(Clone, Copy)]
struct IndexCache(RevisionCache<CustomerIndex>);

/// Provides the cache that [`customer_index`] fills.
pub fn provide_customer_index() {
    provide_context(IndexCache(RevisionCache::new()));
}

/// Makes the next visit of the list build its index again (after new churn scores).
pub fn forget_customer_index() {
    if let Some(cache) = use_context::<IndexCache>() {
        cache.0.forget();
    }
}

/// The customer index for the current data; reloads after every write. `None` while loading.
pub fn customer_index() -> LocalResource<Option<Result<Rc<CustomerIndex>, String>>> {
    let cache = expect_context::<IndexCache>().0;
    cached_index(cache, |db| async move {
        let customers = db.customers().await?;
        let orders = db.orders().await?;
        let churn = db.churn_scores().await?;
        // Built in steps that yield, so 100,000 customers never block the page.
        let mut builder = CustomerIndexBuilder::new(today());
        if let Some(churn) = churn {
            builder.add_churn_scores(&churn.scores.customers, &churn.scores.scores);
        }
        for part in orders.chunks(STEP * 4) {
            builder.add_orders(part);
            yield_now().await;
        }
        drop(orders);
        for part in customers.chunks(STEP) {
            builder.add_customers(part);
            yield_now().await;
        }
        Ok(builder.finish())
    })
}
