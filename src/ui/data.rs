//! The data context: the open customer database, its state, and a revision counter that pages
//! track to reload after any write (in this tab or, through a BroadcastChannel, in another).

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::demo::{generate, DemoParams};
use crate::store::{Counts, Db, StoreError, WriteBatch};

/// Where opening the database stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Opening,
    /// Another tab keeps an older version of the database open; the upgrade waits for it.
    Blocked,
    Ready,
    Failed(String),
}

/// Access to the customer database for every page.
#[derive(Clone, Copy)]
pub struct DataContext {
    db: StoredValue<Option<Rc<Db>>, LocalStorage>,
    state: RwSignal<DbState>,
    revision: RwSignal<u64>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Record counts, reloaded after every change; shared so one write costs one count.
    counts: LocalResource<Option<Result<Counts, String>>>,
}

/// The channel other tabs of the same profile listen on.
const CHANNEL: &str = "fieldbook-data";

impl DataContext {
    /// Where opening the database stands (tracked).
    pub fn state(self) -> DbState {
        self.state.get()
    }

    /// A number that changes after every write to the data (tracked).
    pub fn revision(self) -> u64 {
        self.revision.get()
    }

    /// The database, once open.
    pub fn db(self) -> Option<Rc<Db>> {
        self.db.get_value()
    }

    /// The database, or an error saying it is not open yet.
    pub fn require(self) -> Result<Rc<Db>, StoreError> {
        self.db().ok_or_else(|| StoreError::Open {
            reason: "the database is still opening".to_owned(),
        })
    }

    /// Call after every committed write: pages reload, and other tabs are told.
    pub fn changed(self) {
        self.revision.update(|r| *r += 1);
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                // Another tab that misses the message still sees the data on its next read.
                let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("changed"));
            }
        });
    }
}

/// Opens the database, loads the labelled demo data on the very first visit, and provides
/// the [`DataContext`].
pub fn provide_data() -> DataContext {
    let db = StoredValue::new_local(None::<Rc<Db>>);
    let revision = RwSignal::new(0);
    let counts = LocalResource::new(move || {
        revision.track();
        let db = db.get_value();
        async move {
            match db {
                Some(db) => Some(db.counts().await.map_err(|e| e.to_string())),
                None => None,
            }
        }
    });
    let context = DataContext {
        db,
        state: RwSignal::new(DbState::Opening),
        revision,
        channel: StoredValue::new_local(open_channel()),
        counts,
    };
    provide_context(context);
    listen_to_other_tabs(context);
    spawn_local(async move {
        let blocked = move || context.state.set(DbState::Blocked);
        match open_and_seed(blocked).await {
            Ok(db) => {
                context.db.set_value(Some(Rc::new(db)));
                context.state.set(DbState::Ready);
                context.revision.update(|r| *r += 1);
            }
            Err(error) => context.state.set(DbState::Failed(error.to_string())),
        }
    });
    context
}

/// The [`DataContext`] provided by the app.
pub fn use_data() -> DataContext {
    expect_context::<DataContext>()
}

async fn open_and_seed(blocked: impl Fn() + 'static) -> Result<Db, StoreError> {
    let db = Db::open(blocked).await?;
    request_persistent_storage();
    let counts = db.counts().await?;
    if counts.is_empty() && !db.demo_was_loaded().await? {
        let data = generate(&DemoParams::first_visit(today()));
        db.write(&WriteBatch {
            customers: data.customers,
            products: data.products,
            orders: data.orders,
            notes: Vec::new(),
            marks_demo_loaded: true,
        })
        .await?;
    }
    Ok(db)
}

/// Today's date in the browser's time zone.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Asks the browser not to evict Fieldbook's data under storage pressure.
fn request_persistent_storage() {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return;
    };
    if let Ok(promise) = storage.persist() {
        spawn_local(async move {
            // The answer is shown in Settings; a refusal changes nothing here.
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

fn open_channel() -> Option<web_sys::BroadcastChannel> {
    web_sys::BroadcastChannel::new(CHANNEL).ok()
}

fn listen_to_other_tabs(context: DataContext) {
    context.channel.with_value(|channel| {
        let Some(channel) = channel else {
            return;
        };
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| {
            context.revision.update(|r| *r += 1);
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The listener lives as long as the page.
        on_message.forget();
    });
}

/// Record counts, reloaded after every change; `None` while the database opens.
pub fn counts_resource(data: DataContext) -> LocalResource<Option<Result<Counts, String>>> {
    data.counts
}

/// Formats a count with thousands separators.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_count;

    #[test]
    fn counts_get_thousands_separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (1_234_567, "1,234,567"),
        ];
        for (n, expected) in cases {
            assert_eq!(format_count(n), expected);
        }
    }
}
