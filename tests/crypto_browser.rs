//! Browser tests of encryption at rest (wasm-bindgen-test in headless Chromium): WebCrypto's
//! key derivation agrees with the host's, switching on seals every stored record, a locked
//! profile reads nothing, a wrong passphrase changes nothing, and switching off brings the
//! records back in plain form.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use fieldbook::crypto::{derive_key, KdfParams, KDF_ALGORITHM, MIN_ITERATIONS};
use fieldbook::demo::{generate, DemoParams};
use fieldbook::model::Customer;
use fieldbook::store::schema::{stores, SCHEMA_VERSION};
use fieldbook::store::{crypto, Db, Encryption, Opened, StoreError, WriteBatch};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSPHRASE: &str = "correct horse battery";

async fn fresh(name: &str) -> Db {
    Db::delete_named(name)
        .await
        .expect("delete old test database");
    Db::open_named(name, SCHEMA_VERSION).await.expect("open")
}

/// Every stored object of every record store, as the browser holds it, in JSON (sealed bytes
/// show as numbers).
async fn raw_contents(name: &str) -> String {
    let factory = web_sys::window()
        .expect("window")
        .indexed_db()
        .expect("indexedDB")
        .expect("indexedDB");
    let request = factory.open(name).expect("open request");
    let db: web_sys::IdbDatabase = wait(&request).await.unchecked_into();
    let mut all = String::new();
    for store in stores::RECORDS {
        let tx = db.transaction_with_str(store).expect("transaction");
        let request = tx
            .object_store(store)
            .expect("store")
            .get_all()
            .expect("getAll");
        let values = wait(&request).await;
        all.push_str(
            &js_sys::JSON::stringify(&values)
                .expect("stringify")
                .as_string()
                .unwrap_or_default(),
        );
    }
    db.close();
    all
}

/// Waits for an IndexedDB request's result.
async fn wait(request: &web_sys::IdbRequest) -> wasm_bindgen::JsValue {
    let request = request.clone();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let target = request.clone();
        let done = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = resolve.call1(
                &wasm_bindgen::JsValue::NULL,
                &target.result().expect("result"),
            );
        });
        request.set_onsuccess(Some(done.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("request succeeds")
}

async fn open_locked(name: &str) -> fieldbook::store::LockedDb {
    match Db::open_profile(name, SCHEMA_VERSION).await.expect("opens") {
        Opened::Locked(locked) => locked,
        Opened::Ready(_) => panic!("an encrypted profile must open locked"),
    }
}

fn sorted(mut customers: Vec<Customer>) -> Vec<Customer> {
    customers.sort_by_key(|c| c.id);
    customers
}

#[wasm_bindgen_test]
async fn webcrypto_derives_the_same_key_as_the_documented_function() {
    let params = KdfParams {
        algorithm: KDF_ALGORITHM.to_owned(),
        iterations: MIN_ITERATIONS,
        salt: "000102030405060708090a0b0c0d0e0f".to_owned(),
    };
    let browser = crypto::derive_key("pässphrase 密码", &params)
        .await
        .expect("WebCrypto");
    let host = derive_key("pässphrase 密码", &params).expect("pbkdf2");
    assert_eq!(browser.bytes(), host.bytes());
}

#[wasm_bindgen_test]
async fn encryption_seals_every_record_and_opens_only_with_the_passphrase() {
    let name = "test-encryption";
    let db = fresh(name).await;
    let data = generate(&DemoParams::sized(
        40,
        200,
        NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"),
    ));
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    let mut renamed = data.customers[0].clone();
    renamed.name = Some("Zerbinetta Quaglieri".into());
    db.update_customer(renamed.clone(), 1)
        .await
        .expect("an edit, in the change log");
    let name_in_plain = "Zerbinetta";
    assert!(
        raw_contents(name).await.contains(name_in_plain),
        "stored in plain form first"
    );
    let before = sorted(db.customers().await.expect("read"));
    let orders_before = db.orders().await.expect("orders");

    // Another tab's connection, opened before the switch.
    let stale = Db::open_named(name, SCHEMA_VERSION)
        .await
        .expect("second tab");
    let seen = std::rc::Rc::new(std::cell::Cell::new((0, 0)));
    let progress = seen.clone();
    let db = db
        .enable_encryption(PASSPHRASE, move |done, total| progress.set((done, total)))
        .await
        .expect("switches on");
    assert_eq!(db.encryption(), Encryption::On);
    let (done, total) = seen.get();
    assert!(
        total > 0 && done == total,
        "progress reaches the end: {done}/{total}"
    );
    let raw = raw_contents(name).await;
    for secret in [name_in_plain, "@", "\"name\""] {
        assert!(!raw.contains(secret), "'{secret}' is readable at rest");
    }
    assert!(sorted(db.customers().await.expect("read")) == before);
    // The other tab's old keys can no longer write: refused, nothing stored in plain form.
    let mut late = renamed.clone();
    late.version += 1;
    late.name = Some("Written With Old Keys".into());
    assert_eq!(
        stale.update_customer(late, 9).await.err(),
        Some(StoreError::EncryptionChanged)
    );
    assert!(!raw_contents(name).await.contains("Old Keys"));
    stale.close();
    db.close();

    let locked = open_locked(name).await;
    assert_eq!(
        locked.unlock("correct horse battery!").await.err(),
        Some(StoreError::WrongPassphrase)
    );
    let db = locked.unlock(PASSPHRASE).await.expect("unlocks");
    assert!(sorted(db.customers().await.expect("read")) == before);
    assert!(db.orders().await.expect("orders") == orders_before);
    // Edits, history and undo work on sealed records.
    let mut again = renamed.clone();
    again.version += 1;
    again.address.city = Some("Ravenna".into());
    db.update_customer(again.clone(), 2)
        .await
        .expect("edit while encrypted");
    assert_eq!(
        db.history(fieldbook::model::RecordKind::Customer, again.id.0)
            .await
            .expect("history")
            .len(),
        2
    );
    db.undo(3).await.expect("undo").expect("something to undo");
    assert_eq!(
        db.customer(again.id.0)
            .await
            .expect("read")
            .map(|c| c.address.city),
        Some(renamed.address.city.clone())
    );
    assert!(!raw_contents(name).await.contains("Ravenna"));

    db.change_passphrase(PASSPHRASE, "a new passphrase")
        .await
        .expect("changes");
    assert_eq!(
        db.change_passphrase(PASSPHRASE, "whatever else").await,
        Err(StoreError::WrongPassphrase)
    );
    db.close();
    let locked = open_locked(name).await;
    assert_eq!(
        locked.unlock(PASSPHRASE).await.err(),
        Some(StoreError::WrongPassphrase)
    );
    let db = locked
        .unlock("a new passphrase")
        .await
        .expect("unlocks with the new one");

    let current = sorted(db.customers().await.expect("read"));
    assert_eq!(
        db.disable_encryption("wrong", |_, _| {}).await.err(),
        Some(StoreError::WrongPassphrase)
    );
    let db = db
        .disable_encryption("a new passphrase", |_, _| {})
        .await
        .expect("switches off");
    assert_eq!(db.encryption(), Encryption::Off);
    assert!(raw_contents(name).await.contains(name_in_plain));
    db.close();
    let db = Db::open_named(name, SCHEMA_VERSION)
        .await
        .expect("opens unlocked");
    assert!(
        sorted(db.customers().await.expect("read")) == current,
        "the same records in plain form"
    );
    db.close();
}
