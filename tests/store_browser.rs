//! Browser tests of the IndexedDB store (wasm-bindgen-test in headless Chromium): CRUD,
//! all-or-nothing writes, migrations from the first schema, demo removal, backup and restore.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::NaiveDate;
use fieldbook::demo::{generate, DemoParams};
use fieldbook::import::plan::Records;
use fieldbook::model::{Customer, CustomerId};
use fieldbook::store::schema::{stores, SCHEMA_VERSION};
use fieldbook::store::{Db, ImportControl, OrdersOfDeleted, StoreError, WriteBatch};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
}

/// A fresh database with a name of its own, so tests do not see each other's data.
async fn fresh(name: &str) -> Db {
    Db::delete_named(name)
        .await
        .expect("delete old test database");
    Db::open_named(name, SCHEMA_VERSION).await.expect("open")
}

fn demo(customers: usize, lines: usize) -> fieldbook::demo::DemoData {
    generate(&DemoParams::sized(customers, lines, today()))
}

#[wasm_bindgen_test]
async fn write_read_and_count_records() {
    let db = fresh("test-crud").await;
    assert!(db.counts().await.expect("counts").is_empty());
    let data = demo(50, 300);
    let batch = WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        ..WriteBatch::default()
    };
    db.write(&batch).await.expect("write");
    let counts = db.counts().await.expect("counts");
    assert_eq!(counts.customers, 50);
    assert_eq!(counts.demo_customers, 50);
    assert_eq!(counts.orders as usize, data.orders.len());
    let mut customers = db.customers().await.expect("read customers");
    customers.sort_by_key(|c| c.id);
    assert_eq!(customers, data.customers);
    let one = db.customer(7).await.expect("read one");
    assert_eq!(
        one.as_ref(),
        data.customers.iter().find(|c| c.id == CustomerId(7))
    );
    assert_eq!(db.customer(9_999).await.expect("read missing"), None);
    let next = db.next_ids().await.expect("next ids");
    assert_eq!(next.customer, 51);

    // An update replaces the record.
    let mut changed = customers[0].clone();
    changed.name = Some("Changed".into());
    changed.version += 1;
    db.write(&WriteBatch {
        customers: vec![changed.clone()],
        ..WriteBatch::default()
    })
    .await
    .expect("update");
    assert_eq!(
        db.customer(changed.id.0).await.expect("read"),
        Some(changed)
    );
    assert_eq!(db.counts().await.expect("counts").customers, 50);
}

#[wasm_bindgen_test]
async fn a_write_that_fails_midway_leaves_nothing_behind() {
    let db = fresh("test-atomic").await;
    let data = demo(20, 50);
    db.write(&WriteBatch {
        customers: data.customers[..10].to_vec(),
        ..WriteBatch::default()
    })
    .await
    .expect("first write");
    let before = db.customers().await.expect("read");

    // Ten good records, then one whose id IndexedDB cannot take: the whole batch must go.
    let mut bad = Customer::new(CustomerId(u64::MAX), 0);
    bad.name = Some("Too big".into());
    let mut customers = data.customers[10..].to_vec();
    customers.push(bad);
    let result = db
        .write(&WriteBatch {
            customers,
            products: data.products.clone(),
            ..WriteBatch::default()
        })
        .await;
    assert!(result.is_err(), "the bad record is refused");
    let counts = db.counts().await.expect("counts");
    assert_eq!(counts.customers, 10);
    assert_eq!(counts.products, 0);
    assert_eq!(db.customers().await.expect("read"), before);
    assert_eq!(db.next_ids().await.expect("ids").customer, 11);
}

#[wasm_bindgen_test]
async fn migrating_from_the_first_schema_keeps_data() {
    Db::delete_named("test-migrate").await.expect("delete");
    let first = Db::open_named("test-migrate", 1).await.expect("open v1");
    assert_eq!(first.version(), 1);
    let data = demo(10, 20);
    first
        .write(&WriteBatch {
            customers: data.customers.clone(),
            ..WriteBatch::default()
        })
        .await
        .expect("write at v1");
    // Change sets logged at version 1 get indexed when version 2 opens the database.
    let mut new = Customer::new(CustomerId(0), 0);
    new.name = Some("Logged at v1".into());
    let created = first.create_customer(new, 5).await.expect("create at v1");
    let mut edited = created.clone();
    edited.name = Some("Edited at v1".into());
    first.update_customer(edited, 6).await.expect("edit at v1");
    first.close();
    let current = Db::open_named("test-migrate", SCHEMA_VERSION)
        .await
        .expect("open current");
    assert_eq!(current.version(), SCHEMA_VERSION);
    let mut names = current.store_names();
    names.sort();
    let mut expected: Vec<String> = stores::ALL.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(current.counts().await.expect("counts").customers, 11);
    let history = current
        .history(fieldbook::model::RecordKind::Customer, created.id.0)
        .await
        .expect("history");
    let labels: Vec<&str> = history.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["edit", "create"]);
}

#[wasm_bindgen_test]
async fn demo_data_is_removed_in_one_step_and_user_data_stays() {
    let db = fresh("test-demo").await;
    let data = demo(30, 100);
    let mut mine = Customer::new(CustomerId(1_000), 0);
    mine.name = Some("Mine".into());
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        marks_demo_loaded: true,
        ..WriteBatch::default()
    })
    .await
    .expect("write demo");
    db.write(&WriteBatch {
        customers: vec![mine.clone()],
        ..WriteBatch::default()
    })
    .await
    .expect("write mine");
    assert!(db.demo_was_loaded().await.expect("flag"));
    assert_eq!(db.delete_demo().await.expect("delete demo"), 30);
    let counts = db.counts().await.expect("counts");
    assert_eq!(
        (counts.customers, counts.products, counts.orders),
        (1, 0, 0)
    );
    assert_eq!(db.customers().await.expect("read"), vec![mine]);
    assert!(db.demo_was_loaded().await.expect("flag stays"));
}

#[wasm_bindgen_test]
async fn backup_restores_into_an_empty_profile_exactly() {
    let source = fresh("test-backup-source").await;
    let data = demo(40, 200);
    source
        .write(&WriteBatch {
            customers: data.customers.clone(),
            products: data.products.clone(),
            orders: data.orders.clone(),
            ..WriteBatch::default()
        })
        .await
        .expect("write");
    // The cleaning settings travel with the data.
    source.mark_not_duplicates(&[3, 1]).await.expect("mark");
    let recipe = fieldbook::clean::recipe::Recipe {
        name: "weekly".into(),
        ..Default::default()
    };
    source.save_recipe(&recipe).await.expect("save recipe");
    let backup = source.backup(42).await.expect("backup");
    assert_eq!(backup.not_duplicates, vec![(1, 3)]);
    assert_eq!(backup.cleaning_recipes.len(), 1);
    let bytes = fieldbook::import::write_backup(&backup, true);
    let read = fieldbook::import::read_backup(&bytes).expect("read backup");

    let target = fresh("test-backup-target").await;
    target.restore(&read).await.expect("restore");
    let again = target.backup(42).await.expect("backup again");
    assert_eq!(again, backup);
    assert_eq!(target.next_ids().await.expect("ids"), backup.next_ids);
    assert!(target
        .not_duplicates()
        .await
        .expect("pairs")
        .contains(&(1, 3)));
    assert_eq!(target.recipes().await.expect("recipes"), vec![recipe]);
}

fn control(cancel_after: Option<usize>) -> (ImportControl, Rc<RefCell<Vec<usize>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let cancelled = Rc::new(Cell::new(false));
    let (seen_in, cancelled_in) = (seen.clone(), cancelled.clone());
    let control = ImportControl {
        cancelled,
        progress: Box::new(move |done, _total| {
            seen_in.borrow_mut().push(done);
            if cancel_after.is_some_and(|limit| done >= limit) {
                cancelled_in.set(true);
            }
        }),
    };
    (control, seen)
}

#[wasm_bindgen_test]
async fn import_assigns_new_ids_and_reports_progress() {
    let db = fresh("test-import").await;
    let data = demo(5_000, 10);
    db.write(&WriteBatch {
        customers: data.customers[..3].to_vec(),
        ..WriteBatch::default()
    })
    .await
    .expect("existing customers");
    let incoming: Vec<Customer> = data.customers[3..]
        .iter()
        .cloned()
        .map(|mut c| {
            c.id = CustomerId(0);
            c.demo = false;
            c
        })
        .collect();
    let (control, seen) = control(None);
    let stored = db
        .import(Records::Customers(incoming), 99, &control)
        .await
        .expect("import");
    assert_eq!(stored, 4_997);
    // Progress comes per chunk of 2,048 ids; ids 1-3 were taken already.
    assert_eq!(*seen.borrow(), vec![2_045, 4_093, 4_997]);
    let mut ids: Vec<u64> = db
        .customers()
        .await
        .expect("read")
        .iter()
        .map(|c| c.id.0)
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=5_000).collect::<Vec<_>>());
    assert_eq!(db.next_ids().await.expect("ids").customer, 5_001);
}

#[wasm_bindgen_test]
async fn a_cancelled_import_stores_nothing() {
    let db = fresh("test-import-cancel").await;
    let data = demo(6_000, 10);
    let (control, seen) = control(Some(2_000));
    let result = db
        .import(Records::Customers(data.customers.clone()), 1, &control)
        .await;
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    assert_eq!(*seen.borrow(), vec![2_048]);
    assert_eq!(db.counts().await.expect("counts").customers, 0);
    assert_eq!(db.next_ids().await.expect("ids").customer, 0);
}

#[wasm_bindgen_test]
async fn a_stale_edit_is_a_conflict_not_a_lost_update() {
    let db = fresh("test-conflict").await;
    let data = demo(3, 1);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    // Two tabs read the same customer.
    let mut first = db.customer(1).await.expect("read").expect("exists");
    let mut second = first.clone();
    first.name = Some("From tab one".into());
    let saved = db.update_customer(first, 5).await.expect("first save wins");
    assert_eq!(saved.version, 2);
    second.name = Some("From tab two".into());
    let result = db.update_customer(second, 6).await;
    assert!(
        matches!(
            result,
            Err(StoreError::Conflict {
                id: 1,
                yours: 1,
                stored: 2
            })
        ),
        "{result:?}"
    );
    let stored = db.customer(1).await.expect("read").expect("exists");
    assert_eq!(stored.name.as_deref(), Some("From tab one"));
    assert_eq!(stored.updated_at, 5);
    let missing = fieldbook::model::Customer::new(CustomerId(77), 0);
    assert!(matches!(
        db.update_customer(missing, 7).await,
        Err(StoreError::NotFound { id: 77 })
    ));
}

#[wasm_bindgen_test]
async fn orders_live_in_chunks_and_are_found_by_customer() {
    let db = fresh("test-order-chunks").await;
    // Enough orders for several chunks.
    let data = demo(300, 20_000);
    assert!(data.orders.len() as u64 > 2 * fieldbook::store::schema::ORDERS_PER_CHUNK);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    assert_eq!(
        db.counts().await.expect("counts").orders as usize,
        data.orders.len()
    );
    assert_eq!(db.orders().await.expect("orders"), data.orders);

    let customer = data.orders[0]
        .customer_id
        .expect("demo orders have customers");
    let expected: Vec<_> = data
        .orders
        .iter()
        .filter(|o| o.customer_id == Some(customer))
        .cloned()
        .collect();
    assert_eq!(
        db.orders_of_customer(customer.0)
            .await
            .expect("by customer"),
        expected
    );

    // Editing an order rewrites its chunk and keeps the count.
    let mut edited = data.orders[5_000].clone();
    edited.status = fieldbook::model::OrderStatus::Refunded;
    edited.version += 1;
    db.write(&WriteBatch {
        orders: vec![edited.clone()],
        ..WriteBatch::default()
    })
    .await
    .expect("edit");
    let orders = db.orders().await.expect("orders");
    assert_eq!(orders.len(), data.orders.len());
    assert_eq!(orders[5_000], edited);

    // A user's order in a chunk with demo orders survives removing the demo data.
    let mut mine = data.orders[0].clone();
    mine.id = fieldbook::model::OrderId(data.orders.len() as u64 + 1);
    mine.demo = false;
    db.write(&WriteBatch {
        orders: vec![mine.clone()],
        ..WriteBatch::default()
    })
    .await
    .expect("user order");
    db.delete_demo().await.expect("delete demo");
    assert_eq!(db.orders().await.expect("orders"), vec![mine]);
    assert_eq!(db.counts().await.expect("counts").orders, 1);
}

#[wasm_bindgen_test]
async fn a_new_customer_gets_the_next_id_and_is_counted() {
    let db = fresh("test-create-customer").await;
    let data = demo(5, 10);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    let mut new = fieldbook::model::Customer::new(CustomerId(0), 0);
    new.name = Some("Grace Hopper".into());
    new.demo = true;
    let created = db.create_customer(new, 42).await.expect("create");
    assert_eq!(created.id, CustomerId(6), "after the five stored");
    assert_eq!(
        (created.version, created.created_at, created.demo),
        (1, 42, false)
    );
    assert_eq!(db.customer(6).await.expect("read"), Some(created));
    assert_eq!(db.counts().await.expect("counts").customers, 6);
    assert_eq!(db.next_ids().await.expect("ids").customer, 7);
}

#[wasm_bindgen_test]
async fn deleting_a_customer_deletes_or_unlinks_their_orders_as_chosen() {
    let db = fresh("test-delete-customer").await;
    let data = demo(40, 3_000);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    let owner = |n: usize| {
        data.orders[n]
            .customer_id
            .expect("demo orders have customers")
            .0
    };
    let first = owner(0);
    let second = (0..data.orders.len())
        .map(owner)
        .find(|&c| c != first)
        .expect("two customers with orders");
    let count_of = |c: u64| {
        data.orders
            .iter()
            .filter(|o| o.customer_id.map(|x| x.0) == Some(c))
            .count()
    };
    let note = |id: u64, customer: u64| fieldbook::model::Note {
        id: fieldbook::model::NoteId(id),
        customer_id: CustomerId(customer),
        body: format!("note {id}"),
        created_at: 1,
        updated_at: 1,
        version: 1,
    };
    db.write(&WriteBatch {
        notes: vec![note(1, first), note(2, second), note(3, first)],
        ..WriteBatch::default()
    })
    .await
    .expect("notes");
    let ids = |notes: Vec<fieldbook::model::Note>| notes.iter().map(|n| n.id.0).collect::<Vec<_>>();
    assert_eq!(
        ids(db.notes_of_customer(first).await.expect("notes")),
        [1, 3]
    );
    let before = db.counts().await.expect("counts");

    let deleted = db
        .delete_customer(first, OrdersOfDeleted::Delete, 9)
        .await
        .expect("delete with orders");
    assert_eq!(deleted, count_of(first));
    assert_eq!(db.customer(first).await.expect("read"), None);
    assert!(db.orders_of_customer(first).await.expect("read").is_empty());
    assert!(
        db.notes_of_customer(first).await.expect("notes").is_empty(),
        "their notes went"
    );
    assert_eq!(ids(db.notes_of_customer(second).await.expect("notes")), [2]);
    let after = db.counts().await.expect("counts");
    assert_eq!(after.customers, before.customers - 1);
    assert_eq!(
        after.orders as usize,
        before.orders as usize - count_of(first)
    );

    let kept = db
        .delete_customer(second, OrdersOfDeleted::KeepUnlinked, 9)
        .await
        .expect("delete keeping orders");
    assert_eq!(kept, count_of(second));
    let orders = db.orders().await.expect("orders");
    assert_eq!(orders.len(), after.orders as usize, "no order deleted");
    let unlinked: Vec<_> = orders.iter().filter(|o| o.customer_id.is_none()).collect();
    assert_eq!(unlinked.len(), count_of(second));
    assert!(unlinked.iter().all(|o| o.updated_at == 9));
    assert!(matches!(
        db.delete_customer(second, OrdersOfDeleted::Delete, 9).await,
        Err(StoreError::NotFound { .. })
    ));
}

#[wasm_bindgen_test]
async fn every_customer_change_is_logged_for_the_history() {
    use fieldbook::model::{Record, RecordKind};
    let db = fresh("test-history").await;
    let mut new = Customer::new(CustomerId(0), 0);
    new.name = Some("Ada".into());
    let created = db.create_customer(new, 10).await.expect("create");
    let mut edited = created.clone();
    edited.name = Some("Ada Lovelace".into());
    db.update_customer(edited, 20).await.expect("edit");
    let history = db
        .history(RecordKind::Customer, created.id.0)
        .await
        .expect("history");
    let labels: Vec<&str> = history.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["edit", "create"], "newest first");
    assert_eq!(history[0].at, 20);
    let Some(Record::Customer(before)) = &history[0].changes[0].before else {
        panic!("an edit keeps the state before");
    };
    assert_eq!(before.name.as_deref(), Some("Ada"));
    db.delete_customer(created.id.0, OrdersOfDeleted::Delete, 30)
        .await
        .expect("delete");
    let history = db
        .history(RecordKind::Customer, created.id.0)
        .await
        .expect("history");
    assert_eq!(history[0].label, "delete");
    assert_eq!(history[0].changes[0].after, None);
    assert_eq!(db.backup(40).await.expect("backup").change_sets.len(), 3);
}

#[wasm_bindgen_test]
async fn undo_and_redo_walk_the_change_log_with_version_checks() {
    let db = fresh("test-undo").await;
    assert_eq!(db.undo(1).await.expect("nothing to undo"), None);
    let mut new = Customer::new(CustomerId(0), 0);
    new.name = Some("Ada".into());
    let created = db.create_customer(new, 10).await.expect("create");
    let mut edited = created.clone();
    edited.name = Some("Ada Lovelace".into());
    let edited = db.update_customer(edited, 20).await.expect("edit");
    assert_eq!(edited.version, 2);
    let state = db.undo_state().await.expect("state");
    assert_eq!(state.undo.map(|s| s.label), Some("edit".to_owned()));
    assert_eq!(state.redo, None);

    let undone = db.undo(30).await.expect("undo").expect("an edit to undo");
    assert_eq!(undone.label, "edit");
    let now = db
        .customer(created.id.0)
        .await
        .expect("read")
        .expect("still there");
    assert_eq!(now.name.as_deref(), Some("Ada"));
    assert_eq!(now.version, 3, "undo is a new version, never an old one");
    db.redo(40).await.expect("redo").expect("an undo to redo");
    let now = db
        .customer(created.id.0)
        .await
        .expect("read")
        .expect("still there");
    assert_eq!(now.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(now.version, 4);

    // Undo twice: the edit, then the creation.
    db.undo(50).await.expect("undo edit");
    db.undo(60).await.expect("undo create");
    assert_eq!(db.customer(created.id.0).await.expect("read"), None);
    assert_eq!(db.counts().await.expect("counts").customers, 0);
    db.redo(70).await.expect("redo create");
    assert_eq!(db.counts().await.expect("counts").customers, 1);
    // A new action clears the redo stack.
    let current = db
        .customer(created.id.0)
        .await
        .expect("read")
        .expect("back");
    let mut renamed = current.clone();
    renamed.name = Some("Grace".into());
    db.update_customer(renamed, 80).await.expect("edit");
    assert_eq!(db.redo(90).await.expect("redo"), None);

    // A stale version refuses the change and writes nothing.
    let stale = db.update_customer(current, 95).await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let kept = db
        .customer(created.id.0)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(kept.name.as_deref(), Some("Grace"));
}

#[wasm_bindgen_test]
async fn bulk_tag_of_many_customers_is_one_undoable_action() {
    let db = fresh("test-bulk").await;
    let data = demo(1_500, 3_000);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    let ids: Vec<u64> = data.customers.iter().take(1_000).map(|c| c.id.0).collect();
    let set = db
        .update_customers(
            &ids,
            fieldbook::store::labels::BULK_TAG,
            "VIP",
            |c| {
                let fresh = !c.tags.iter().any(|t| t == "VIP");
                if fresh {
                    c.tags.push("VIP".into());
                }
                fresh
            },
            5,
        )
        .await
        .expect("bulk tag");
    assert_eq!(set.changes.len(), 1_000);
    let tagged = |customers: &[Customer]| {
        customers
            .iter()
            .filter(|c| c.tags.iter().any(|t| t == "VIP"))
            .count()
    };
    assert_eq!(tagged(&db.customers().await.expect("read")), 1_000);
    let undone = db.undo(6).await.expect("undo").expect("bulk to undo");
    assert_eq!(undone.changes.len(), 1_000);
    let back = db.customers().await.expect("read");
    assert_eq!(tagged(&back), 0);
    let untouched = &data.customers[1_200];
    assert_eq!(back.iter().find(|c| c.id == untouched.id), Some(untouched));
    db.redo(7).await.expect("redo");
    assert_eq!(tagged(&db.customers().await.expect("read")), 1_000);

    // A bulk delete that keeps the orders, then its undo, restores customers and links.
    let few = &ids[..3];
    let orders_before = db.orders().await.expect("orders");
    db.delete_customers(few, OrdersOfDeleted::KeepUnlinked, 8)
        .await
        .expect("bulk delete");
    assert_eq!(db.counts().await.expect("counts").customers, 1_497);
    db.undo(9).await.expect("undo delete");
    assert_eq!(db.counts().await.expect("counts").customers, 1_500);
    let orders_after = db.orders().await.expect("orders");
    let links = |orders: &[fieldbook::model::Order]| {
        orders
            .iter()
            .map(|o| (o.id, o.customer_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(links(&orders_after), links(&orders_before));
}

#[wasm_bindgen_test]
async fn apply_creates_products_orders_and_notes_with_fresh_ids() {
    use fieldbook::model::{
        Change, Money, Note, NoteId, Order, OrderId, OrderLine, OrderStatus, Product, ProductId,
        Record,
    };
    let db = fresh("test-apply").await;
    let customer = db
        .create_customer(Customer::new(CustomerId(0), 0), 1)
        .await
        .expect("customer");
    let product = Product {
        id: ProductId(0),
        name: "Tea".into(),
        sku: Some("T-1".into()),
        price: Money(250),
        category: None,
        external_id: None,
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 0,
    };
    let created = |record| Change {
        before: None,
        after: Some(record),
    };
    let set = db
        .apply(
            "create",
            "",
            vec![created(Record::Product(product.clone()))],
            2,
        )
        .await
        .expect("product");
    let Some(Record::Product(stored)) = &set.changes[0].after else {
        panic!("a product");
    };
    assert_eq!((stored.id.0, stored.version, stored.created_at), (1, 1, 2));
    let order = Order {
        id: OrderId(0),
        customer_id: Some(customer.id),
        date: today(),
        status: OrderStatus::Paid,
        lines: vec![OrderLine {
            product_id: Some(stored.id),
            quantity: 3,
            unit_price: stored.price,
        }],
        given_amount: None,
        external_id: None,
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 0,
    };
    let note = Note {
        id: NoteId(0),
        customer_id: customer.id,
        body: "Prefers green tea".into(),
        created_at: 0,
        updated_at: 0,
        version: 0,
    };
    db.apply(
        "create",
        "",
        vec![created(Record::Order(order)), created(Record::Note(note))],
        3,
    )
    .await
    .expect("order and note");
    let orders = db.orders_of_customer(customer.id.0).await.expect("orders");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].amount(), Money(750));
    assert_eq!(
        db.notes_of_customer(customer.id.0)
            .await
            .expect("notes")
            .len(),
        1
    );
    let counts = db.counts().await.expect("counts");
    assert_eq!((counts.products, counts.orders, counts.notes), (1, 1, 1));
    // Undo removes the order and the note together.
    db.undo(4).await.expect("undo");
    let counts = db.counts().await.expect("counts");
    assert_eq!((counts.products, counts.orders, counts.notes), (1, 0, 0));
    // An import is one action: undo removes what it created.
    let records = Records::Products(vec![product]);
    let control = ImportControl {
        cancelled: Rc::new(Cell::new(false)),
        progress: Box::new(|_, _| {}),
    };
    db.import(records, 5, &control).await.expect("import");
    let state = db.undo_state().await.expect("state");
    assert_eq!(state.undo.map(|s| s.label), Some("import".to_owned()));
    assert_eq!(db.counts().await.expect("counts").products, 2);
    db.undo(6).await.expect("undo import");
    assert_eq!(db.counts().await.expect("counts").products, 1);
}

#[wasm_bindgen_test]
async fn an_import_is_undone_and_redone_whole_unless_its_records_changed() {
    let db = fresh("test-undo-import").await;
    let data = demo(3_000, 9_000);
    let control = || ImportControl {
        cancelled: Rc::new(Cell::new(false)),
        progress: Box::new(|_, _| {}),
    };
    let customers: Vec<Customer> = data.customers.clone();
    db.import_file(
        Records::Customers(customers),
        "customers.csv",
        1,
        &control(),
    )
    .await
    .expect("import customers");
    assert_eq!(db.counts().await.expect("counts").customers, 3_000);
    let undone = db.undo(2).await.expect("undo").expect("the import");
    assert_eq!(
        (undone.label.as_str(), undone.detail.as_str()),
        ("import", "customers.csv")
    );
    assert_eq!(undone.changes.len(), 3_000);
    assert_eq!(db.counts().await.expect("counts").customers, 0);
    db.redo(3).await.expect("redo").expect("the undo");
    let back = db.customers().await.expect("read");
    assert_eq!(back.len(), 3_000);
    assert_eq!(back[10].name, data.customers[10].name);

    // A second import, then an edit to one of its records: undoing the edit works, but the
    // import below it can only be undone while its records are as imported.
    let more: Vec<Customer> = data.customers[..10].to_vec();
    db.import_file(Records::Customers(more), "more.csv", 4, &control())
        .await
        .expect("import more");
    let last = db
        .customers()
        .await
        .expect("read")
        .pop()
        .expect("a customer");
    let mut edited = last.clone();
    edited.company = Some("Edited Ltd".into());
    db.update_customer(edited, 5).await.expect("edit");
    // Undo the edit: the record is back to the imported content, but at a new version.
    db.undo(6).await.expect("undo edit");
    let refused = db.undo(7).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(db.counts().await.expect("counts").customers, 3_010);
}

#[wasm_bindgen_test]
async fn imported_orders_of_one_customer_get_consecutive_ids() {
    use fieldbook::model::{Money, Order, OrderId, OrderStatus};
    let db = fresh("test-cluster").await;
    let order = |customer: Option<u64>, day: u32| Order {
        id: OrderId(0),
        customer_id: customer.map(CustomerId),
        date: NaiveDate::from_ymd_opt(2026, 1, day).expect("a date"),
        status: OrderStatus::Paid,
        lines: Vec::new(),
        given_amount: Some(Money(100)),
        external_id: Some(format!("{customer:?}-{day}")),
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 0,
    };
    // Interleaved as a shop export would have them: by date, customers mixed.
    let list = vec![
        order(Some(2), 1),
        order(Some(1), 2),
        order(None, 3),
        order(Some(2), 4),
        order(Some(1), 5),
        order(Some(2), 6),
    ];
    let control = ImportControl {
        cancelled: Rc::new(Cell::new(false)),
        progress: Box::new(|_, _| {}),
    };
    db.import(Records::Orders(list), 1, &control)
        .await
        .expect("import");
    let stored = db.orders().await.expect("orders");
    let sequence: Vec<(u64, Option<u64>, u32)> = stored
        .iter()
        .map(|o| (o.id.0, o.customer_id.map(|c| c.0), o.date.day0() + 1))
        .collect();
    use chrono::Datelike;
    assert_eq!(
        sequence,
        [
            (1, Some(1), 2),
            (2, Some(1), 5),
            (3, Some(2), 1),
            (4, Some(2), 4),
            (5, Some(2), 6),
            (6, None, 3)
        ]
    );
}

#[wasm_bindgen_test]
async fn no_change_or_undo_leaves_a_reference_dangling() {
    use fieldbook::model::{
        Change, Money, Order, OrderId, OrderLine, OrderStatus, Product, ProductId, Record,
    };
    let db = fresh("test-references").await;
    let customer = db
        .create_customer(Customer::new(CustomerId(0), 0), 1)
        .await
        .expect("customer");
    let set = db
        .apply(
            "create",
            "",
            vec![Change {
                before: None,
                after: Some(Record::Product(Product {
                    id: ProductId(0),
                    name: "Tea".into(),
                    sku: None,
                    price: Money(100),
                    category: None,
                    external_id: None,
                    demo: false,
                    created_at: 0,
                    updated_at: 0,
                    version: 0,
                })),
            }],
            2,
        )
        .await
        .expect("product");
    let Some(Record::Product(product)) = set.changes[0].after.clone() else {
        panic!("a product");
    };
    let order = |customer: u64, product: u64| Order {
        id: OrderId(0),
        customer_id: Some(CustomerId(customer)),
        date: today(),
        status: OrderStatus::Paid,
        lines: vec![OrderLine {
            product_id: Some(ProductId(product)),
            quantity: 1,
            unit_price: Money(100),
        }],
        given_amount: None,
        external_id: None,
        demo: false,
        created_at: 0,
        updated_at: 0,
        version: 0,
    };
    let create = |o: Order| Change {
        before: None,
        after: Some(Record::Order(o)),
    };
    // An order for a customer or product that does not exist is refused.
    let missing = db
        .apply("create", "", vec![create(order(99, product.id.0))], 3)
        .await;
    assert!(
        matches!(
            missing,
            Err(StoreError::MissingReference {
                kind: "customer",
                ..
            })
        ),
        "{missing:?}"
    );
    let missing = db
        .apply("create", "", vec![create(order(customer.id.0, 99))], 3)
        .await;
    assert!(
        matches!(
            missing,
            Err(StoreError::MissingReference {
                kind: "product",
                ..
            })
        ),
        "{missing:?}"
    );
    db.apply(
        "create",
        "",
        vec![create(order(customer.id.0, product.id.0))],
        4,
    )
    .await
    .expect("order");
    assert_eq!(db.counts().await.expect("counts").orders, 1);

    // Deleting the product its line uses is refused, and so is undoing the product's creation
    // or the customer's once the order exists.
    let delete_product = Change {
        before: Some(Record::Product(product.clone())),
        after: None,
    };
    let refused = db.apply("delete", "", vec![delete_product], 5).await;
    assert!(
        matches!(refused, Err(StoreError::InUse { count: 1, .. })),
        "{refused:?}"
    );
    db.undo(6).await.expect("undo the order");
    // With the order undone the product can go; undoing the product's creation works.
    let undone = db.undo(7).await.expect("undo the product").expect("a set");
    assert_eq!(undone.changes[0].after, None);
    assert_eq!(db.counts().await.expect("counts").products, 0);
    db.redo(8).await.expect("redo product");
    db.redo(9).await.expect("redo order");
    assert_eq!(db.counts().await.expect("counts").orders, 1);
    // Walking back through a note, the order and the product, the customer's creation can be
    // undone once nothing points at them any more.
    let note = fieldbook::model::Note {
        id: fieldbook::model::NoteId(0),
        customer_id: customer.id,
        body: "hi".into(),
        created_at: 0,
        updated_at: 0,
        version: 0,
    };
    db.apply(
        "note",
        "",
        vec![Change {
            before: None,
            after: Some(Record::Note(note)),
        }],
        10,
    )
    .await
    .expect("note");
    db.undo(11).await.expect("undo note");
    db.undo(12).await.expect("undo order");
    db.undo(13).await.expect("undo product");
    assert!(db.undo(14).await.expect("undo customer").is_some());
    assert_eq!(db.counts().await.expect("counts").customers, 0);
    // With the order back, deleting the customer through the edit path is refused.
    db.redo(15).await.expect("redo customer");
    db.redo(16).await.expect("redo product");
    db.redo(17).await.expect("redo order");
    let customer_now = db
        .customer(customer.id.0)
        .await
        .expect("read")
        .expect("back");
    let blocked = db
        .apply(
            "delete",
            "",
            vec![Change {
                before: Some(Record::Customer(customer_now)),
                after: None,
            }],
            18,
        )
        .await;
    assert!(
        matches!(blocked, Err(StoreError::InUse { .. })),
        "{blocked:?}"
    );
    assert_eq!(db.counts().await.expect("counts").customers, 1);
}

#[wasm_bindgen_test]
async fn segments_are_saved_renamed_undone_and_backed_up() {
    use fieldbook::model::{Change, Record, Segment, SegmentOrigin};
    let db = fresh("test-segments").await;
    let data = demo(20, 60);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    let origin = |cluster| SegmentOrigin::Cluster {
        saved_at: 1,
        cluster,
        k: 2,
        features: vec!["recency".into(), "monetary".into()],
    };
    let first = Segment::new(
        "Big spenders".into(),
        origin(0),
        vec![CustomerId(3), CustomerId(1)],
    );
    let second = Segment::new("Lapsed".into(), origin(1), vec![CustomerId(2)]);
    let created = |segment| Change {
        before: None,
        after: Some(Record::Segment(segment)),
    };
    db.apply("segments", "", vec![created(first), created(second)], 2)
        .await
        .expect("save segments");
    let stored = db.segments().await.expect("segments");
    assert_eq!(stored.len(), 2);
    assert_eq!((stored[0].id.0, stored[1].id.0), (1, 2));
    assert_eq!(stored[0].members, vec![CustomerId(1), CustomerId(3)]);
    assert_eq!(stored[0].version, 1);
    // Renaming is a version-checked edit that undo takes back.
    let mut renamed = stored[0].clone();
    renamed.name = "VIP".into();
    db.apply(
        "edit",
        "",
        vec![Change {
            before: Some(Record::Segment(stored[0].clone())),
            after: Some(Record::Segment(renamed)),
        }],
        3,
    )
    .await
    .expect("rename");
    assert_eq!(db.segments().await.expect("segments")[0].name, "VIP");
    db.undo(4).await.expect("undo rename");
    assert_eq!(
        db.segments().await.expect("segments")[0].name,
        "Big spenders"
    );
    // A deleted member does not block deleting the customer; the segment keeps the rest.
    db.delete_customer(3, OrdersOfDeleted::Delete, 5)
        .await
        .expect("delete a member");
    // Backup and restore carry the segments and their counter.
    let backup = db.backup(6).await.expect("backup");
    assert_eq!(backup.segments.len(), 2);
    let other = fresh("test-segments-restore").await;
    other.restore(&backup).await.expect("restore");
    assert_eq!(other.segments().await.expect("segments"), backup.segments);
    assert_eq!(other.next_ids().await.expect("ids").segment, 3);
    // Undoing the save removes both segments at once.
    db.undo(7).await.expect("undo delete");
    db.undo(8).await.expect("undo save");
    assert!(db.segments().await.expect("segments").is_empty());
}

#[wasm_bindgen_test]
async fn derived_results_are_kept_and_dropped_by_a_clear() {
    use fieldbook::mining::{ChurnScores, RuleSettings, StoredChurn, StoredRules};
    let db = fresh("test-derived").await;
    assert_eq!(db.churn_scores().await.expect("read"), None);
    let churn = StoredChurn {
        saved_at: 1,
        horizon_days: 90,
        end_day: 20_000,
        scores: ChurnScores {
            customers: vec![1, 2],
            scores: vec![0.25, 0.75],
        },
    };
    db.set_churn_scores(&churn).await.expect("keep scores");
    let rules = StoredRules {
        saved_at: 1,
        baskets: 10,
        settings: RuleSettings::default(),
        rules: Vec::new(),
    };
    db.set_basket_rules(&rules).await.expect("keep rules");
    assert_eq!(db.churn_scores().await.expect("read"), Some(churn));
    assert_eq!(db.basket_rules().await.expect("read"), Some(rules));
    db.clear().await.expect("clear");
    assert_eq!(db.churn_scores().await.expect("read"), None);
    assert_eq!(db.basket_rules().await.expect("read"), None);
}

#[wasm_bindgen_test]
async fn tickets_keep_their_references_through_edits_deletes_merges_and_backups() {
    use fieldbook::clean::merge::MergeChoice;
    use fieldbook::model::{Change, Record, Ticket, TicketDraft, TicketStatus};
    let db = fresh("test-tickets").await;
    let data = demo(20, 60);
    db.write(&WriteBatch {
        customers: data.customers.clone(),
        products: data.products.clone(),
        orders: data.orders.clone(),
        ..WriteBatch::default()
    })
    .await
    .expect("write");
    let order = data
        .orders
        .iter()
        .find(|o| o.customer_id.is_some())
        .expect("an order with a customer")
        .clone();
    let owner = order.customer_id.expect("owner");
    let other = data
        .customers
        .iter()
        .find(|c| c.id != owner)
        .expect("another customer")
        .id;
    let fields = TicketDraft {
        subject: "Broken lid".into(),
        order: order.id.to_string(),
        due: "2026-01-05".into(),
        ..TicketDraft::new()
    }
    .check()
    .expect("valid");
    let ticket = Ticket::new(owner, fields, 1);
    let create = |t: Ticket| Change {
        before: None,
        after: Some(Record::Ticket(t)),
    };
    db.apply("create", "", vec![create(ticket.clone())], 2)
        .await
        .expect("create");
    let stored = db.tickets_of_customer(owner.0).await.expect("read");
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].id.0, stored[0].version), (1, 1));
    assert_eq!(db.ticket(1).await.expect("read"), Some(stored[0].clone()));
    // An order that is not the customer's is refused, and nothing is written.
    let mut wrong = ticket.clone();
    wrong.customer_id = other;
    let refused = db.apply("create", "", vec![create(wrong)], 3).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::MissingReference { kind: "order", .. })
        ),
        "{refused:?}"
    );
    assert_eq!(db.tickets().await.expect("read").len(), 1);
    // The order cannot be deleted while a ticket names it.
    let order_now = db.order(order.id.0).await.expect("read").expect("stored");
    let refused = db
        .apply(
            "delete",
            "",
            vec![Change {
                before: Some(Record::Order(order_now)),
                after: None,
            }],
            4,
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::OrderHasTickets { count: 1, .. })),
        "{refused:?}"
    );
    // A status move is an edit undo takes back.
    let mut resolved = stored[0].clone();
    resolved.set_status(TicketStatus::Resolved, 5);
    db.apply(
        "edit",
        "",
        vec![Change {
            before: Some(Record::Ticket(stored[0].clone())),
            after: Some(Record::Ticket(resolved)),
        }],
        5,
    )
    .await
    .expect("resolve");
    let now = db.ticket(1).await.expect("read").expect("stored");
    assert_eq!(
        (now.status, now.resolved_at),
        (TicketStatus::Resolved, Some(5))
    );
    db.undo(6).await.expect("undo");
    let now = db.ticket(1).await.expect("read").expect("stored");
    assert_eq!((now.status, now.resolved_at), (TicketStatus::New, None));
    // Deleting the customer takes the ticket along; undo brings both back.
    db.delete_customer(owner.0, OrdersOfDeleted::Delete, 7)
        .await
        .expect("delete the customer");
    assert!(db.tickets().await.expect("read").is_empty());
    db.undo(8).await.expect("undo delete");
    assert_eq!(
        db.tickets_of_customer(owner.0).await.expect("read").len(),
        1
    );
    // Merging the owner into another customer moves the ticket to the survivor.
    let members = vec![
        db.customer(other.0).await.expect("read").expect("stored"),
        db.customer(owner.0).await.expect("read").expect("stored"),
    ];
    let mut choice = MergeChoice::default_for(&members).expect("a choice");
    choice.survivor = other.0;
    db.merge_customers(&[(members, choice)], 9)
        .await
        .expect("merge");
    let moved = db.tickets_of_customer(other.0).await.expect("read");
    assert_eq!(
        moved.len(),
        1,
        "the ticket follows its orders to the survivor"
    );
    assert_eq!(moved[0].order_id, Some(order.id));
    assert!(db
        .tickets_of_customer(owner.0)
        .await
        .expect("read")
        .is_empty());
    // Backup and restore carry the tickets and their counter.
    let backup = db.backup(10).await.expect("backup");
    assert_eq!(backup.tickets.len(), 1);
    let restored = fresh("test-tickets-restore").await;
    restored.restore(&backup).await.expect("restore");
    assert_eq!(restored.tickets().await.expect("read"), backup.tickets);
    assert_eq!(restored.next_ids().await.expect("ids").ticket, 2);
}

#[wasm_bindgen_test]
async fn campaigns_are_saved_launched_undone_and_backed_up() {
    use fieldbook::model::{Campaign, CampaignDraft, CampaignStatus, Change, Record};
    let db = fresh("test-campaigns").await;
    let mut campaign = Campaign::blank();
    CampaignDraft {
        name: "Spring tea".into(),
        targets: vec![fieldbook::model::SegmentId(1)],
        ..CampaignDraft::new()
    }
    .apply_to(&mut campaign)
    .expect("valid");
    db.apply(
        "create",
        "",
        vec![Change {
            before: None,
            after: Some(Record::Campaign(campaign)),
        }],
        1,
    )
    .await
    .expect("create");
    let draft = db.campaign(1).await.expect("read").expect("stored");
    assert_eq!((draft.id.0, draft.version), (1, 1));
    // Launching is an edit that freezes the members; undo takes it back to the draft.
    let mut launched = draft.clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("day");
    launched
        .launch(vec![CustomerId(4), CustomerId(2)], today, 2)
        .expect("launches");
    db.apply(
        "edit",
        "",
        vec![Change {
            before: Some(Record::Campaign(draft.clone())),
            after: Some(Record::Campaign(launched)),
        }],
        2,
    )
    .await
    .expect("launch");
    let now = db.campaign(1).await.expect("read").expect("stored");
    assert_eq!(now.members, [CustomerId(2), CustomerId(4)]);
    assert_eq!(now.status_on(today), CampaignStatus::Running);
    db.undo(3).await.expect("undo");
    let now = db.campaign(1).await.expect("read").expect("stored");
    assert!(now.members.is_empty() && !now.is_launched());
    db.redo(4).await.expect("redo");
    // Backup and restore carry the campaigns and their counter.
    let backup = db.backup(5).await.expect("backup");
    assert_eq!(backup.campaigns.len(), 1);
    assert!(backup.campaigns[0].is_launched());
    let restored = fresh("test-campaigns-restore").await;
    restored.restore(&backup).await.expect("restore");
    assert_eq!(restored.campaigns().await.expect("read"), backup.campaigns);
    assert_eq!(restored.next_ids().await.expect("ids").campaign, 2);
}
