//! The data context: the open customer database, its state, and a revision counter that pages
//! track to reload after any write (in this tab or, through a BroadcastChannel, in another).

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::demo::{generate, DemoParams};
use crate::store::{Counts, Db, Encryption, LockedDb, Opened, StoreError, WriteBatch};

/// Where opening the database stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Opening,
    /// Another tab keeps an older version of the database open; the upgrade waits for it.
    Blocked,
    /// The profile is encrypted: nothing is read before the passphrase is given.
    Locked,
    /// Every record is being sealed or opened (switching encryption on or off).
    Switching {
        done: usize,
        total: usize,
    },
    Ready,
    Failed(String),
}

/// Access to the customer database for every page.
#[derive(Clone, Copy)]
pub struct DataContext {
    db: StoredValue<Option<Rc<Db>>, LocalStorage>,
    /// The encrypted profile while it waits for its passphrase.
    locked: StoredValue<Option<Rc<LockedDb>>, LocalStorage>,
    state: RwSignal<DbState>,
    revision: RwSignal<u64>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Record counts, reloaded after every change; shared so one write costs one count.
    counts: LocalResource<Option<Result<Counts, String>>>,
}

/// The channel other tabs of the same profile listen on.
const CHANNEL: &str = "fieldbook-data";
/// The message that makes other tabs reload: encryption was switched, or the profile locked.
const RELOAD: &str = "reload";

impl DataContext {
    /// Where opening the database stands (tracked).
    pub fn state(self) -> DbState {
        self.state.get()
    }

    /// Where opening the database stands, without tracking.
    pub fn state_untracked(self) -> DbState {
        self.state.get_untracked()
    }

    /// A number that changes after every write to the data (tracked).
    pub fn revision(self) -> u64 {
        self.revision.get()
    }

    /// The data revision without tracking it.
    pub fn revision_untracked(self) -> u64 {
        self.revision.get_untracked()
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
        // Another tab that misses the message still sees the data on its next read.
        self.tell_other_tabs("changed");
    }

    fn tell_other_tabs(self, message: &str) {
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(message));
            }
        });
    }

    /// Whether records are encrypted at rest (untracked; `None` before the database opens).
    pub fn encryption(self) -> Option<Encryption> {
        self.db().map(|db| db.encryption())
    }

    /// Unlocks the encrypted profile; a wrong passphrase is [`StoreError::WrongPassphrase`]
    /// and leaves it locked. An interrupted switch is finished before the app shows data.
    pub async fn unlock(self, passphrase: String) -> Result<(), StoreError> {
        let locked = self.locked.get_value().ok_or(StoreError::Locked)?;
        let db = locked.unlock(&passphrase).await?;
        self.locked.set_value(None);
        let db = self.finish_switch(db).await?;
        self.become_ready(db);
        Ok(())
    }

    async fn finish_switch(self, db: Db) -> Result<Db, StoreError> {
        if !matches!(
            db.encryption(),
            Encryption::TurningOn | Encryption::TurningOff
        ) {
            return Ok(db);
        }
        self.state.set(DbState::Switching { done: 0, total: 0 });
        db.finish_switch(move |done, total| self.state.set(DbState::Switching { done, total }))
            .await
    }

    fn become_ready(self, db: Db) {
        self.db.set_value(Some(Rc::new(db)));
        self.state.set(DbState::Ready);
        self.revision.update(|r| *r += 1);
    }

    /// Switches encryption at rest on (with a new passphrase) or off (with the current one).
    /// A wrong passphrase changes nothing. Once the profile is marked as switching, other tabs
    /// reload (and open locked) so none keeps writing with the old keys; a failure midway
    /// leaves a switch that the next unlock finishes.
    pub async fn switch_encryption(self, on: bool, passphrase: String) -> Result<(), StoreError> {
        let db = self.require()?;
        let turning = if on {
            db.begin_encryption(&passphrase).await?
        } else {
            db.begin_decryption(&passphrase).await?
        };
        self.tell_other_tabs(RELOAD);
        self.db.set_value(None);
        match self.finish_switch(turning).await {
            Ok(done) => {
                self.become_ready(done);
                Ok(())
            }
            Err(error) => {
                self.state.set(DbState::Failed(error.to_string()));
                Err(error)
            }
        }
    }

    /// Locks the profile now: the page reloads, so nothing decrypted stays in memory, and
    /// opens locked. Other tabs lock too.
    pub fn lock(self) {
        self.tell_other_tabs(RELOAD);
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
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
        locked: StoredValue::new_local(None),
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
            Ok(Opened::Ready(db)) => context.become_ready(db),
            Ok(Opened::Locked(locked)) => {
                context.locked.set_value(Some(Rc::new(locked)));
                context.state.set(DbState::Locked);
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

async fn open_and_seed(blocked: impl Fn() + 'static) -> Result<Opened, StoreError> {
    let db = match Db::open(blocked).await? {
        Opened::Ready(db) => db,
        locked @ Opened::Locked(_) => return Ok(locked),
    };
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
    Ok(Opened::Ready(db))
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
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if event.data().as_string().as_deref() == Some(RELOAD) {
                    // Another tab switched encryption or locked: drop every decrypted record
                    // and the old keys with the page.
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                    return;
                }
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
    crate::i18n::format::count(n)
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
