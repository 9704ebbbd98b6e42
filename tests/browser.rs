//! Browser tests (wasm-bindgen-test in headless Chromium): mounting components and the store.
#![cfg(target_arch = "wasm32")]

use fieldbook::i18n::Lang;
use fieldbook::store::{Settings, SettingsStore};
use fieldbook::ui::panic::{show_panic_screen, PANIC_SCREEN_ID};
use fieldbook::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("the test page has a document")
}

/// Lets Leptos finish rendering and effects before the DOM is read.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer resolves");
}

#[wasm_bindgen_test]
async fn app_mounts_with_brand_and_navigation_to_every_area() {
    let host = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let host: web_sys::HtmlElement = host.dyn_into().expect("div is an HtmlElement");
    let _mounted = leptos::mount::mount_to(host.clone(), App);
    next_tick().await;

    let brand = host
        .query_selector("[data-testid=brand]")
        .expect("selector")
        .expect("brand is shown");
    assert!(brand
        .text_content()
        .unwrap_or_default()
        .contains("Fieldbook"));
    let links = host
        .query_selector_all("[data-testid=main-nav] a")
        .expect("selector");
    assert_eq!(links.length(), 9, "one link per area");
    let settings = host
        .query_selector("[data-testid=nav-settings]")
        .expect("selector")
        .expect("settings link");
    assert!(settings
        .get_attribute("href")
        .unwrap_or_default()
        .ends_with("/settings"));
}

#[wasm_bindgen_test]
fn settings_round_trip_through_local_storage() {
    let (store, problem) = SettingsStore::open();
    assert_eq!(problem, None, "Chromium allows localStorage");
    assert!(store.is_persistent());
    let wanted = Settings {
        lang: Some(Lang::Zh),
        default_country: Some("CN".into()),
        last_view: Some("/orders".into()),
        customer_views: vec![fieldbook::analytics::SavedView {
            name: "Big spenders".into(),
            query: String::new(),
            filter: fieldbook::analytics::CustomerFilter {
                min_spend_cents: Some(100_000),
                ..Default::default()
            },
            sort: "spend".into(),
            descending: true,
            hidden: vec!["email".into()],
        }],
        auto_lock_minutes: 5,
    };
    store.save(&wanted).expect("save settings");
    assert_eq!(store.load().expect("load settings"), wanted);
    store.save(&Settings::default()).expect("reset settings");
}

#[wasm_bindgen_test]
fn corrupt_settings_are_reported_not_fatal() {
    let storage = web_sys::window()
        .expect("window")
        .local_storage()
        .expect("no error")
        .expect("local storage");
    storage
        .set_item(fieldbook::store::settings::SETTINGS_KEY, "{not json")
        .expect("write raw value");
    let (store, _) = SettingsStore::open();
    assert!(matches!(
        store.load(),
        Err(fieldbook::store::StoreError::Corrupt { .. })
    ));
    storage
        .remove_item(fieldbook::store::settings::SETTINGS_KEY)
        .expect("clean up");
}

#[wasm_bindgen_test]
fn panic_screen_shows_a_message_and_a_reload_link_once() {
    show_panic_screen();
    show_panic_screen();
    let screens = document()
        .query_selector_all(&format!("#{PANIC_SCREEN_ID}"))
        .expect("selector");
    assert_eq!(screens.length(), 1);
    let screen = document()
        .get_element_by_id(PANIC_SCREEN_ID)
        .expect("screen is shown");
    assert_eq!(screen.get_attribute("role").as_deref(), Some("alert"));
    let reload = screen
        .query_selector("a[data-testid=panic-reload]")
        .expect("selector")
        .expect("reload link");
    assert!(reload
        .get_attribute("href")
        .is_some_and(|href| !href.is_empty()));
    screen.remove();
}
