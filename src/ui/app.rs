//! The app shell: header, navigation, notices and the routes of every area.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use leptos_router::{ParamSegment, StaticSegment};

use super::analytics::AnalyticsPage;
use super::areas::Area;
use super::base::{provide_app_base, use_app_base};
use super::cleaning::CleaningPage;
use super::customers::{provide_customer_index, CustomerPage, CustomersPage};
use super::data::{provide_data, use_data, DbState};
use super::database::{DemoBanner, ImportPage};
use super::locale::{provide_locale, use_locale};
use super::marketing::{AutomationRunner, CampaignPage, MarketingPage};
use super::mining::MiningPage;
use super::notices::{StorageNotice, UpdateBanner};
use super::orders::{provide_order_index, OrderPage, OrdersPage};
use super::pages::{HomePage, NotFoundPage, SettingsPage};
use super::products::{provide_product_index, ProductPage, ProductsPage};
use super::recovery::RecoveryNotice;
use super::security::{watch_idle, LockScreen, SwitchProgress};
use super::service::{provide_ticket_index, ServicePage, TicketPage};
use super::settings::use_settings;
use super::undo::{provide_undo, ActionNotice, UndoButtons};
use crate::i18n::{Lang, Msg};

/// The whole application: provides the contexts, then the shell around the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_locale();
    provide_data();
    provide_undo();
    provide_customer_index();
    super::marketing::provide_rule_rows();
    provide_order_index();
    provide_product_index();
    provide_ticket_index();
    let base = provide_app_base();
    view! {
        <Router base=base.path()>
            <Shell />
        </Router>
    }
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    App,
    Locked,
    Switching,
}

/// Header, navigation and the current page.
#[component]
fn Shell() -> impl IntoView {
    let locale = use_locale();
    let base = use_app_base();
    let nav_open = RwSignal::new(false);
    let data = use_data();
    // Only what to show, so progress updates do not rebuild the pages.
    let screen = Memo::new(move |_| match data.state() {
        DbState::Locked => Screen::Locked,
        DbState::Switching { .. } => Screen::Switching,
        _ => Screen::App,
    });
    remember_last_view();
    watch_idle();
    view! {
        <div class="shell" class:nav-open=move || nav_open.get()>
            <header class="app-header">
                <button
                    type="button"
                    class="nav-toggle"
                    aria-controls="main-nav"
                    attr:aria-expanded=move || nav_open.get().to_string()
                    data-testid="nav-toggle"
                    on:click=move |_| nav_open.update(|open| *open = !*open)
                >
                    {locale.tr(Msg::Menu)}
                </button>
                <A href=base.href("/") exact=true attr:class="brand" attr:data-testid="brand">
                    {locale.tr(Msg::AppName)}
                </A>
                <span class="tagline">{locale.tr(Msg::Tagline)}</span>
                <UndoButtons />
                <LanguageSelect />
            </header>
            <nav
                id="main-nav"
                class="app-nav"
                aria-label=locale.tr(Msg::MainNavigation)
                data-testid="main-nav"
            >
                <ul>
                    {Area::ALL
                        .into_iter()
                        .map(|area| {
                            view! {
                                <li>
                                    <A
                                        href=base.href(&area.path())
                                        attr:data-testid=format!("nav-{}", area.slug())
                                        on:click=move |_| nav_open.set(false)
                                    >
                                        {locale.tr(area.label())}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <main class="app-main" id="main">
                <UpdateBanner />
                <StorageNotice />
                <DbStateNotice />
                <RecoveryNotice />
                {move || match screen.get() {
                    Screen::Locked => view! { <LockScreen /> }.into_any(),
                    Screen::Switching => view! { <SwitchProgress /> }.into_any(),
                    Screen::App => {
                        view! {
                            <DemoBanner />
                            <ActionNotice />
                            <AutomationRunner />
                            <AreaRoutes />
                        }
                            .into_any()
                    }
                }}
            </main>
        </div>
    }
}

/// Reopens the app on the area shown last, and keeps track of it as the user moves around.
fn remember_last_view() {
    let settings = use_settings();
    let base = use_app_base();
    let location = use_location();
    let navigate = use_navigate();
    let in_app = move |path: &str| -> String {
        let base_path = base.path();
        let relative = path.strip_prefix(base_path.as_str()).unwrap_or(path);
        if relative.is_empty() || relative == "/index.html" {
            "/".to_owned()
        } else {
            relative.to_owned()
        }
    };
    let is_area = |path: &str| path == "/" || Area::ALL.iter().any(|a| a.path() == path);
    let last = settings.get_untracked().last_view;
    let opened_at = in_app(&location.pathname.get_untracked());
    if let Some(last) = last.filter(|last| opened_at == "/" && last != "/" && is_area(last)) {
        let target = base.href(&last);
        // Navigating while the shell is still being built would be lost; do it right after.
        request_animation_frame(move || {
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            )
        });
    }
    Effect::new(move |_| {
        let path = in_app(&location.pathname.get());
        if is_area(&path) && settings.get_untracked().last_view.as_deref() != Some(path.as_str()) {
            settings.update(|s| s.last_view = Some(path));
        }
    });
}

/// The language switch in the header.
#[component]
fn LanguageSelect() -> impl IntoView {
    let locale = use_locale();
    let on_change = move |event| {
        if let Some(lang) = Lang::from_tag(&event_target_value(&event)) {
            locale.set_lang(lang);
        }
    };
    view! {
        <label class="lang-select">
            <span class="visually-hidden">{locale.tr(Msg::Language)}</span>
            <select data-testid="lang-select" on:change=on_change>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() selected=move || locale.lang() == lang>
                                {lang.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Says when the customer database is still opening or could not be opened.
#[component]
fn DbStateNotice() -> impl IntoView {
    let locale = use_locale();
    let data = use_data();
    move || match data.state() {
        DbState::Ready | DbState::Locked | DbState::Switching { .. } => ().into_any(),
        DbState::Opening => view! {
            <p class="notice" role="status" data-testid="db-opening">{locale.tr(Msg::DbOpening)}</p>
        }
        .into_any(),
        DbState::Blocked => view! {
            <p class="notice notice-warning" role="alert" data-testid="db-blocked">
                {locale.tr(Msg::DbBlocked)}
            </p>
        }
        .into_any(),
        DbState::Failed(reason) => view! {
            <p class="notice notice-warning" role="alert" data-testid="db-failed">
                {move || locale.text(Msg::DbFailed)}
                " "
                {reason.clone()}
            </p>
        }
        .into_any(),
    }
}

/// One route per area.
#[component]
fn AreaRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFoundPage /> }>
            <Route path=StaticSegment("") view=HomePage />
            <Route path=StaticSegment("index.html") view=HomePage />
            <Route path=StaticSegment(Area::Customers.slug()) view=CustomersPage />
            <Route
                path=(StaticSegment(Area::Customers.slug()), ParamSegment("id"))
                view=CustomerPage
            />
            <Route path=StaticSegment(Area::Orders.slug()) view=OrdersPage />
            <Route path=(StaticSegment(Area::Orders.slug()), ParamSegment("id")) view=OrderPage />
            <Route path=StaticSegment(Area::Products.slug()) view=ProductsPage />
            <Route path=(StaticSegment(Area::Products.slug()), ParamSegment("id")) view=ProductPage />
            <Route path=StaticSegment("import") view=ImportPage />
            <Route path=StaticSegment(Area::Service.slug()) view=ServicePage />
            <Route path=(StaticSegment(Area::Service.slug()), ParamSegment("id")) view=TicketPage />
            <Route path=StaticSegment(Area::Marketing.slug()) view=MarketingPage />
            <Route
                path=(StaticSegment(Area::Marketing.slug()), StaticSegment("campaigns"), ParamSegment("id"))
                view=CampaignPage
            />
            <Route path=StaticSegment(Area::Cleaning.slug()) view=CleaningPage />
            <Route path=StaticSegment(Area::Analytics.slug()) view=AnalyticsPage />
            <Route path=StaticSegment(Area::Mining.slug()) view=MiningPage />
            <Route path=StaticSegment(Area::Settings.slug()) view=SettingsPage />
        </Routes>
    }
}
