//! Browser tests of the store's reliability (wasm-bindgen-test in headless Chromium): a schema
//! upgrade interrupted midway leaves the old version intact and the next open finishes it, and
//! three connections to one database (what three tabs hold) running random edits, undos and
//! imports at the same time never lose an update silently — checked against the change log,
//! replayed record by record.
#![cfg(target_arch = "wasm32")]

use std::collections::HashMap;

use chrono::NaiveDate;
use fieldbook::demo::{generate, DemoParams};
use fieldbook::import::plan::Records;
use fieldbook::model::{ChangeSet, Customer, Record, RecordKind};
use fieldbook::store::schema::{stores, SCHEMA_VERSION};
use fieldbook::store::{Db, ImportControl, StoreError, WriteBatch};
use rand::{Rng, SeedableRng};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

/// Opens `name` at `version` from JavaScript, creates one store in the upgrade and then aborts
/// the upgrade transaction, as a crash in the middle of a migration would.
async fn abort_an_upgrade(name: &str, version: u32) {
    let factory = web_sys::window()
        .expect("window")
        .indexed_db()
        .expect("indexedDB")
        .expect("indexedDB");
    let request = factory.open_with_u32(name, version).expect("open request");
    let finished = js_sys::Promise::new(&mut |resolve, _| {
        let upgrade_request = request.clone();
        let on_upgrade = wasm_bindgen::closure::Closure::once_into_js(move || {
            let db: web_sys::IdbDatabase = upgrade_request.result().expect("db").unchecked_into();
            db.create_object_store("half_done")
                .expect("a store is created");
            upgrade_request
                .transaction()
                .expect("the upgrade transaction")
                .abort()
                .expect("abort");
        });
        request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let settle = resolve.clone();
        let on_error = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = settle.call0(&wasm_bindgen::JsValue::NULL);
        });
        request.set_onerror(Some(on_error.unchecked_ref()));
        let on_success = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(finished)
        .await
        .expect("settles");
    assert!(
        request.error().is_ok_and(|e| e.is_some()),
        "the upgrade failed"
    );
}

#[wasm_bindgen_test]
async fn an_interrupted_migration_leaves_the_old_version_and_finishes_next_time() {
    let name = "test-migrate-abort";
    Db::delete_named(name).await.expect("delete");
    let first = Db::open_named(name, 1).await.expect("open v1");
    let data = generate(&DemoParams::sized(30, 60, today()));
    first
        .write(&WriteBatch {
            customers: data.customers.clone(),
            orders: data.orders.clone(),
            products: data.products.clone(),
            ..WriteBatch::default()
        })
        .await
        .expect("write at v1");
    first.close();

    abort_an_upgrade(name, SCHEMA_VERSION).await;
    let still = Db::open_named(name, 1).await.expect("still opens at v1");
    assert_eq!(still.version(), 1, "the aborted upgrade changed nothing");
    assert!(!still.store_names().contains(&"half_done".to_owned()));
    let mut customers = still.customers().await.expect("read");
    customers.sort_by_key(|c| c.id);
    assert!(customers == data.customers, "every record is intact");
    still.close();

    let current = Db::open_named(name, SCHEMA_VERSION)
        .await
        .expect("upgrades now");
    assert_eq!(current.version(), SCHEMA_VERSION);
    assert!(current
        .store_names()
        .contains(&stores::CHANGE_REFS.to_owned()));
    assert_eq!(current.counts().await.expect("counts").customers, 30);
    current.close();
}

/// What a connection did, as the test saw it succeed.
#[derive(Debug)]
enum Done {
    Edit(Customer),
    Undo(ChangeSet),
    Import(usize),
}

/// The change of `set` to customer `id`.
fn change_of(set: &ChangeSet, id: u64) -> Option<(Option<&Customer>, Option<&Customer>)> {
    fn customer(record: &Option<Record>) -> Option<&Customer> {
        match record {
            Some(Record::Customer(c)) => Some(c),
            _ => None,
        }
    }
    set.changes
        .iter()
        .find(|c| c.key() == Some((RecordKind::Customer, id)))
        .map(|c| (customer(&c.before), customer(&c.after)))
}

async fn random_step(db: &Db, seed: u64, tab: usize, round: usize) -> Result<Done, StoreError> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let now = (round * 10 + tab) as i64;
    match rng.gen_range(0..10) {
        0..=6 => {
            // Edit one of a few customers, so that the tabs often meet on the same record.
            let id = rng.gen_range(1..=6);
            let Some(mut customer) = db.customer(id).await? else {
                return Err(StoreError::NotFound { id });
            };
            customer.address.city = Some(format!("tab {tab} round {round}"));
            db.update_customer(customer, now).await.map(Done::Edit)
        }
        7..=8 => match db.undo(now).await? {
            Some(set) => Ok(Done::Undo(set)),
            None => Err(StoreError::NotFound { id: 0 }),
        },
        _ => {
            let mut people = Vec::new();
            for i in 0..3 {
                let mut c = Customer::new(fieldbook::model::CustomerId(0), now);
                c.name = Some(format!("Imported {tab}/{round}/{i}"));
                people.push(c);
            }
            let control = ImportControl {
                cancelled: std::rc::Rc::new(std::cell::Cell::new(false)),
                progress: Box::new(|_, _| {}),
            };
            db.import(Records::Customers(people), now, &control)
                .await
                .map(Done::Import)
        }
    }
}

#[wasm_bindgen_test]
async fn three_tabs_of_random_edits_undos_and_imports_never_lose_an_update() {
    let name = "test-three-tabs";
    Db::delete_named(name).await.expect("delete");
    let setup = Db::open_named(name, SCHEMA_VERSION).await.expect("open");
    let data = generate(&DemoParams::sized(12, 30, today()));
    setup
        .write(&WriteBatch {
            customers: data.customers.clone(),
            ..WriteBatch::default()
        })
        .await
        .expect("initial data");
    let tabs = [
        Db::open_named(name, SCHEMA_VERSION).await.expect("tab 1"),
        Db::open_named(name, SCHEMA_VERSION).await.expect("tab 2"),
        Db::open_named(name, SCHEMA_VERSION).await.expect("tab 3"),
    ];
    let mut done = Vec::new();
    let mut refused = 0;
    let mut seeds = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    for round in 0..40 {
        let (a, b, c) = futures::join!(
            random_step(&tabs[0], seeds.gen(), 0, round),
            random_step(&tabs[1], seeds.gen(), 1, round),
            random_step(&tabs[2], seeds.gen(), 2, round),
        );
        for outcome in [a, b, c] {
            match outcome {
                Ok(step) => done.push(step),
                // Refusals are how a stale tab learns of another's change: said, not silent.
                Err(StoreError::Conflict { .. } | StoreError::NotFound { .. }) => refused += 1,
                Err(other) => panic!("unexpected failure: {other}"),
            }
        }
    }
    let edits = done.iter().filter(|d| matches!(d, Done::Edit(_))).count();
    let undos: Vec<&ChangeSet> = done
        .iter()
        .filter_map(|d| match d {
            Done::Undo(set) => Some(set),
            _ => None,
        })
        .collect();
    let imported: usize = done
        .iter()
        .map(|d| match d {
            Done::Import(n) => *n,
            _ => 0,
        })
        .sum();
    assert!(
        edits > 20 && !undos.is_empty() && imported > 0 && refused > 0,
        "the tabs met: {edits} edits, {} undos, {imported} imported, {refused} refused",
        undos.len()
    );
    assert!(undos
        .iter()
        .all(|set| set.step == fieldbook::model::Step::Undone));

    // Replay the change log record by record: each change starts from the state the previous
    // one left, and the stored record is where the last one ended.
    let db = &tabs[0];
    let initial: HashMap<u64, &Customer> = data.customers.iter().map(|c| (c.id.0, c)).collect();
    for id in 1..=6u64 {
        let mut history = db.history(RecordKind::Customer, id).await.expect("history");
        history.reverse();
        let mut state = initial.get(&id).map(|c| (*c).clone());
        for set in &history {
            let (before, after) = change_of(set, id).expect("the set touches the record");
            assert_eq!(
                before,
                state.as_ref(),
                "change set {} starts from the previous state",
                set.id.0
            );
            state = after.cloned();
        }
        assert_eq!(
            db.customer(id).await.expect("read"),
            state,
            "customer {id} ends where its log ends"
        );
        // Every edit a tab saw succeed is in the log: none was overwritten unseen.
        for step in &done {
            if let Done::Edit(saved) = step {
                if saved.id.0 == id {
                    assert!(
                        history
                            .iter()
                            .any(|set| change_of(set, id).and_then(|c| c.1) == Some(saved)),
                        "the saved edit {:?} is in the log",
                        saved.address.city
                    );
                }
            }
        }
    }
    for tab in tabs {
        tab.close();
    }
    setup.close();
}
