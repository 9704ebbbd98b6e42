//! The columnar facts the dashboard and the mining page work on: read from the database once
//! per data revision (in yielding steps) and kept for both pages, and the worker protocol that
//! sends them along only when the worker does not hold them yet.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::analytics::{FactsBuilder, NONE, NO_FACTS};
use crate::clean::jobs::{Parcel, Step};
use crate::i18n::{Lang, Msg};
use crate::store::{yield_now, Db, StoreError};
use crate::ui::compute::{ComputeError, Job};
use crate::ui::data::{today, use_data, DbState};
use crate::ui::locale::use_locale;
use crate::ui::notices::store_error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Records added to the facts between yields.
const BATCH: usize = 20_000;

/// What the pages keep of a revision's data.
pub(crate) struct Loaded {
    pub(crate) revision: u64,
    /// The facts as bytes, sent to the worker when it does not hold them.
    pub(crate) bytes: Vec<u8>,
    pub(crate) categories: Vec<String>,
    pub(crate) product_names: Vec<String>,
    /// Product ids by index.
    pub(crate) product_ids: Vec<u64>,
    /// Customer ids by index, and names by id.
    pub(crate) customer_ids: Vec<u64>,
    names: HashMap<u64, String>,
    /// The id each customer had in the file it was imported from, by id (for exports that
    /// are compared with the source).
    source_ids: HashMap<u64, String>,
}

impl Loaded {
    /// A customer by index, as "name (C42)".
    pub(crate) fn customer(&self, index: u32) -> String {
        let id = self.customer_ids.get(index as usize).copied().unwrap_or(0);
        match self.names.get(&id) {
            Some(name) if !name.is_empty() => format!("{name} (C{id})"),
            _ => format!("C{id}"),
        }
    }

    /// A customer's name by id ("" without one).
    pub(crate) fn name(&self, id: u64) -> &str {
        self.names.get(&id).map_or("", String::as_str)
    }

    /// A customer's id in the file it was imported from, by id ("" without one).
    pub(crate) fn source_id(&self, id: u64) -> &str {
        self.source_ids.get(&id).map_or("", String::as_str)
    }

    pub(crate) fn category(&self, index: u32, lang: Lang) -> String {
        if index == NONE {
            return Msg::NoCategory.text(lang).to_owned();
        }
        self.categories
            .get(index as usize)
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn product(&self, index: u32, lang: Lang) -> String {
        if index == NONE {
            return Msg::NoProduct.text(lang).to_owned();
        }
        self.product_names
            .get(index as usize)
            .cloned()
            .unwrap_or_default()
    }
}

thread_local! {
    /// The last facts read, for the other page (and a return to this one) at the same revision.
    static KEPT: RefCell<Option<Arc<Loaded>>> = const { RefCell::new(None) };
}

/// The facts at `revision`: kept from an earlier read, or read now.
pub(crate) async fn load_facts(db: &Db, revision: u64) -> Result<Arc<Loaded>, StoreError> {
    if let Some(kept) = KEPT
        .with(|k| k.borrow().clone())
        .filter(|k| k.revision == revision)
    {
        return Ok(kept);
    }
    let read = Arc::new(read(db, revision).await?);
    KEPT.with(|k| *k.borrow_mut() = Some(read.clone()));
    Ok(read)
}

async fn read(db: &Db, revision: u64) -> Result<Loaded, StoreError> {
    let customers = db.customers().await?;
    let products = db.products().await?;
    let orders = db.orders().await?;
    let mut builder = FactsBuilder::new(today());
    for batch in customers.chunks(BATCH) {
        builder.add_customers(batch);
        yield_now().await;
    }
    builder.add_products(&products);
    for batch in orders.chunks(BATCH) {
        builder.add_orders(batch);
        yield_now().await;
    }
    // Freeing half a million orders at once is a long pause too.
    let mut rest = orders.into_iter();
    while rest.by_ref().take(BATCH).count() == BATCH {
        yield_now().await;
    }
    let source_ids = customers
        .iter()
        .filter_map(|c| Some((c.id.0, c.external_id.clone()?)))
        .collect();
    let names = customers
        .into_iter()
        .map(|c| (c.id.0, c.name.unwrap_or_default()))
        .collect();
    let mut finisher = builder.finisher();
    while finisher.step(BATCH) {
        yield_now().await;
    }
    let facts = finisher.into_facts();
    yield_now().await;
    Ok(Loaded {
        revision,
        bytes: facts.to_bytes(),
        categories: facts.categories,
        product_names: facts.product_names,
        product_ids: facts.product_ids,
        customer_ids: facts.customer_ids,
        names,
        source_ids,
    })
}

/// Reads the facts into `loaded` when a page opens and after every change to the data;
/// `reading` is true meanwhile, a failure is told in `failure`, and `then` runs after each read.
pub(crate) fn watch_facts(
    loaded: RwSignal<Option<Arc<Loaded>>>,
    reading: RwSignal<bool>,
    failure: RwSignal<Option<String>>,
    then: impl Fn() + Copy + 'static,
) {
    let data = use_data();
    let locale = use_locale();
    Effect::new(move |_| {
        let revision = data.revision();
        if data.state() != DbState::Ready {
            return;
        }
        let Some(db) = data.db() else {
            return;
        };
        reading.set(true);
        spawn_local(async move {
            match load_facts(&db, revision).await {
                Ok(read) => {
                    loaded.set(Some(read));
                    then();
                }
                Err(error) => failure.set(Some(store_error_text(&error, locale.lang_untracked()))),
            }
            reading.set(false);
        });
    });
}

/// Runs worker job `name` (header `header`) on the facts: first without them, and again with
/// them when the worker says it holds none of this revision.
pub(crate) async fn ask_with_facts(
    job: &Job,
    loaded: &Loaded,
    name: &str,
    header: String,
    on_step: impl Fn(Step) + Clone + 'static,
) -> Result<Parcel, ComputeError> {
    let ask = |with_facts: bool| Parcel {
        header: header.clone(),
        sections: if with_facts {
            vec![loaded.bytes.clone()]
        } else {
            Vec::new()
        },
    };
    match job.run(name, ask(false), on_step.clone()).await {
        Err(ComputeError::Answer(why)) if why == NO_FACTS => {
            job.run(name, ask(true), on_step).await
        }
        other => other,
    }
}
