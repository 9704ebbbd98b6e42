//! What every list page shares (customers, orders, products): a virtualized body that renders
//! only the rows in view, keyboard movement (`/` search, arrows or j/k, Enter opens, Esc clears
//! the search), and sortable column headers.

use std::rc::Rc;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::i18n::Msg;
use crate::store::{Db, StoreError};
use crate::ui::data::use_data;
use crate::ui::locale::use_locale;

/// Height of one row in pixels; style/main.css gives `.vrow` the same height.
pub const ROW_HEIGHT: f64 = 44.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

/// The scroll state of one virtualized list, and the keyboard's current row.
#[derive(Clone, Copy)]
pub struct Scroller {
    scroll_top: RwSignal<f64>,
    height: RwSignal<f64>,
    /// The row the keyboard is on.
    pub active: RwSignal<usize>,
    /// The scrolling element (`.vbody`).
    pub viewport: NodeRef<html::Div>,
}

impl Default for Scroller {
    fn default() -> Self {
        Scroller::new()
    }
}

impl Scroller {
    pub fn new() -> Scroller {
        Scroller {
            scroll_top: RwSignal::new(0.0),
            height: RwSignal::new(600.0),
            active: RwSignal::new(0),
            viewport: NodeRef::new(),
        }
    }

    /// Back to the top (after a new search or sort).
    pub fn reset(self) {
        self.active.set(0);
        if let Some(el) = self.viewport.get_untracked() {
            el.set_scroll_top(0);
        }
        self.scroll_top.set(0.0);
    }

    /// The first rendered row of a list of `len`: the first in view, less the overscan.
    pub fn first(self, len: usize) -> usize {
        let top = ((self.scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        top.min(len)
    }

    /// The positions to render in a list of `len` (tracked).
    pub fn range(self, len: usize) -> std::ops::Range<usize> {
        let first = self.first(len);
        let count = (self.height.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        first..(first + count).min(len)
    }

    /// The CSS transform that puts the rendered rows at their place.
    pub fn offset(self, len: usize) -> String {
        format!("translateY({}px)", self.first(len) as f64 * ROW_HEIGHT)
    }

    /// Reads the viewport's scroll position (its `scroll` handler).
    pub fn on_scroll(self) {
        if let Some(el) = self.viewport.get_untracked() {
            self.scroll_top.set(f64::from(el.scroll_top()));
            self.height.set(f64::from(el.client_height()));
        }
    }

    /// Moves the keyboard's row by `delta` within `len` rows and scrolls it into view.
    pub fn move_active(self, delta: isize, len: usize) {
        if len == 0 {
            return;
        }
        let next =
            (self.active.get_untracked() as isize + delta).clamp(0, len as isize - 1) as usize;
        self.active.set(next);
        if let Some(el) = self.viewport.get_untracked() {
            let top = next as f64 * ROW_HEIGHT;
            let height = f64::from(el.client_height());
            let current = f64::from(el.scroll_top());
            if top < current {
                el.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > current + height {
                el.set_scroll_top((top + ROW_HEIGHT - height) as i32);
            }
        }
    }
}

/// Whether a key event was typed into a text field (where letters are text, not shortcuts).
pub fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// A list's keys: `/` focuses `search`, arrows or j/k move, Enter calls `open` with the
/// keyboard's row, Esc in the search box clears `query`; `extra` sees every other key.
/// Removed when the page goes.
pub fn list_keys(
    scroller: Scroller,
    search: NodeRef<html::Input>,
    query: RwSignal<String>,
    len: impl Fn() -> usize + 'static,
    open: impl Fn(usize) + 'static,
    extra: impl Fn(&web_sys::KeyboardEvent) + 'static,
) {
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let typing = typing(&event);
        match event.key().as_str() {
            "/" if !typing => {
                event.prevent_default();
                if let Some(input) = search.get_untracked() {
                    let _ = input.focus();
                }
            }
            "ArrowDown" => {
                event.prevent_default();
                scroller.move_active(1, len());
            }
            "ArrowUp" => {
                event.prevent_default();
                scroller.move_active(-1, len());
            }
            "j" if !typing => scroller.move_active(1, len()),
            "k" if !typing => scroller.move_active(-1, len()),
            "Enter" => {
                event.prevent_default();
                open(scroller.active.get_untracked());
            }
            "Escape" if typing => {
                query.set(String::new());
                if let Some(input) = search.get_untracked() {
                    input.set_value("");
                }
            }
            _ if !typing => extra(&event),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

/// A sortable column header: a button that sorts by `column`, ascending first (or descending
/// first for figures, `descending_first`), and toggles on the next click.
pub fn sort_header<K>(
    sort: RwSignal<(K, bool)>,
    column: K,
    label: Msg,
    key: &'static str,
    phone: bool,
    descending_first: bool,
) -> impl IntoView
where
    K: Copy + PartialEq + Send + Sync + 'static,
{
    let locale = use_locale();
    let state = move || {
        let (current, descending) = sort.get();
        match (current == column, descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    };
    let toggle = move |_| {
        sort.update(|(current, descending)| {
            if *current == column {
                *descending = !*descending;
            } else {
                *current = column;
                *descending = descending_first;
            }
        })
    };
    view! {
        <div role="columnheader" class=format!("vcell c-{key}") class:wide-only=!phone aria-sort=state>
            <button type="button" class="sort-button" data-testid=format!("sort-{key}") on:click=toggle>
                {locale.tr(label)}
                <span aria-hidden="true">
                    {move || match state() {
                        "ascending" => " ▲",
                        "descending" => " ▼",
                        _ => "",
                    }}
                </span>
            </button>
        </div>
    }
}

/// A search box with its label, bound to `query`, focused by `/`.
#[component]
pub fn SearchBox(
    query: RwSignal<String>,
    node: NodeRef<html::Input>,
    label: Msg,
    testid: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <label class="search">
            <span class="visually-hidden">{locale.tr(label)}</span>
            <input
                type="search"
                node_ref=node
                data-testid=testid
                placeholder=locale.tr(label)
                aria-keyshortcuts="/"
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
        </label>
    }
}

/// A list's in-memory index, kept with the data revision it was built from, so coming back to
/// a list does not read every record again unless something changed.
pub struct RevisionCache<T: 'static>(StoredValue<Option<(u64, Rc<T>)>, LocalStorage>);

impl<T: 'static> Clone for RevisionCache<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for RevisionCache<T> {}

impl<T: 'static> Default for RevisionCache<T> {
    fn default() -> Self {
        RevisionCache::new()
    }
}

impl<T: 'static> RevisionCache<T> {
    pub fn new() -> Self {
        RevisionCache(StoredValue::new_local(None))
    }

    /// Drops the kept index, so the next visit builds it again (for inputs that are not
    /// records, like the churn scores, whose saving does not change the data revision).
    pub fn forget(self) {
        self.0.set_value(None);
    }
}

/// The index `build` makes from the store, for the current data revision: from `cache` when it
/// was built for this revision, else built again (after every write). `None` while loading.
pub fn cached_index<T, F, Fut>(
    cache: RevisionCache<T>,
    build: F,
) -> LocalResource<Option<Result<Rc<T>, String>>>
where
    T: 'static,
    F: Fn(Rc<Db>) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, StoreError>> + 'static,
{
    let data = use_data();
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
            let result = build(db).await.map(Rc::new).map_err(|e| e.to_string());
            if let Ok(index) = &result {
                cache.0.set_value(Some((revision, index.clone())));
            }
            Some(result)
        }
    })
}

/// The rows of `rows` at `range` (positions in the list), made by `row` from their index rows.
pub fn window<R>(
    range: std::ops::Range<usize>,
    rows: &[u32],
    row: impl Fn(u32) -> R,
) -> Vec<(usize, R)> {
    rows.get(range.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(offset, &r)| (range.start + offset, row(r)))
        .collect()
}

/// While a list's index loads: a status line; if it failed: why.
pub fn index_status<T: 'static>(
    index: LocalResource<Option<Result<Rc<T>, String>>>,
    loading: Msg,
    testid: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    move || match index.get().flatten() {
        None => view! {
            <p class="loading" role="status" data-testid=testid>
                {locale.tr(loading)}
            </p>
        }
        .into_any(),
        Some(Err(reason)) => view! { <p class="error" role="alert">{reason}</p> }.into_any(),
        Some(Ok(_)) => ().into_any(),
    }
}

/// The scrolling body of a virtualized table: a spacer as tall as the whole list, and only
/// the rows in view (`rows`, each made by `row`), moved to where they belong.
pub fn virtual_body<T, K, V>(
    scroller: Scroller,
    hint: Msg,
    len: impl Fn() -> usize + Copy + Send + Sync + 'static,
    rows: impl Fn() -> Vec<(usize, T)> + Clone + Send + Sync + 'static,
    key: impl Fn(&(usize, T)) -> K + Clone + Send + Sync + 'static,
    row: impl Fn((usize, T)) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    K: Eq + std::hash::Hash + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let locale = use_locale();
    view! {
        <div
            class="vbody"
            role="rowgroup"
            node_ref=scroller.viewport
            tabindex="0"
            aria-label=locale.tr(hint)
            on:scroll=move |_| scroller.on_scroll()
        >
            <div class="vspacer" role="none" style:height=move || format!("{}px", len() as f64 * ROW_HEIGHT)>
                <div class="vrows" role="none" style:transform=move || scroller.offset(len())>
                    <For each=rows key=key children=row />
                </div>
            </div>
        </div>
    }
}

/// The rows of `index` that `compute` picks (searched, filtered, sorted), kept as a memo; a new
/// result scrolls the list back to the top.
pub fn list_matches<T: 'static>(
    index: LocalResource<Option<Result<Rc<T>, String>>>,
    scroller: Scroller,
    compute: impl Fn(&T) -> Vec<u32> + Send + Sync + 'static,
) -> Memo<Vec<u32>> {
    let matches = Memo::new(move |_| {
        index
            .get()
            .flatten()
            .and_then(Result::ok)
            .map(|index| compute(&index))
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        matches.track();
        scroller.reset();
    });
    matches
}

/// The rows to render now: those in view of `matches`, each made by `row` from the index.
pub fn rendered_rows<T: 'static, R>(
    index: LocalResource<Option<Result<Rc<T>, String>>>,
    scroller: Scroller,
    matches: Memo<Vec<u32>>,
    row: impl Fn(&T, u32) -> R + Copy + Send + Sync + 'static,
) -> impl Fn() -> Vec<(usize, R)> + Clone + Send + Sync + 'static {
    // One memo for the range, so the rows re-render only when it moves.
    let range = Memo::new(move |_| scroller.range(matches.with(Vec::len)));
    move || {
        let Some(index) = index.get().flatten().and_then(Result::ok) else {
            return Vec::new();
        };
        matches.with(|rows| window(range.get(), rows, |r| row(&index, r)))
    }
}
