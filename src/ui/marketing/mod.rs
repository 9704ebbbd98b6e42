//! The marketing area: segments made from rules here or from the mining page's clusterings,
//! each renamed, exported as a contact list or deleted (undoable); a rule can be changed.

mod rules;
mod segments;

use leptos::prelude::*;

use crate::ui::areas::Area;
use crate::ui::locale::use_locale;
pub(crate) use rules::rule_rows;
use rules::{RuleBuilder, RuleDraft};
pub(crate) use segments::name_problem;
use segments::SegmentList;

/// The marketing page.
#[component]
pub fn MarketingPage() -> impl IntoView {
    let locale = use_locale();
    let rows = rule_rows();
    let draft = RuleDraft::new();
    view! {
        <section class="page marketing" data-testid=format!("page-{}", Area::Marketing.slug())>
            <h1>{locale.tr(Area::Marketing.label())}</h1>
            <SegmentList draft=draft rows=rows />
            <RuleBuilder draft=draft rows=rows />
        </section>
    }
}
