//! The marketing area: the saved segments (campaigns follow). Segments come from the mining
//! page's clusterings; each can be renamed, exported as a contact list or deleted (undoable).

mod segments;

use leptos::prelude::*;

use crate::ui::areas::Area;
use crate::ui::locale::use_locale;
pub(crate) use segments::name_problem;
use segments::SegmentList;

/// The marketing page.
#[component]
pub fn MarketingPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page marketing" data-testid=format!("page-{}", Area::Marketing.slug())>
            <h1>{locale.tr(Area::Marketing.label())}</h1>
            <SegmentList />
        </section>
    }
}
