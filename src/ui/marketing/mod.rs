//! The marketing area: campaigns (a list here, each on its own page), and the segments they
//! target — made from rules here or from the mining page's clusterings, each renamed, exported
//! or deleted (undoable); a rule can be changed.

mod automation;
mod campaign;
mod campaigns;
mod rules;
mod segments;

use leptos::prelude::*;

use crate::ui::areas::Area;
use crate::ui::locale::use_locale;
use automation::AutomationRules;
pub use automation::AutomationRunner;
pub(crate) use campaign::campaign_problem;
pub use campaign::CampaignPage;
use campaigns::CampaignList;
pub(crate) use rules::{provide_rule_rows, rule_rows};
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
            <CampaignList />
            <SegmentList draft=draft rows=rows />
            <RuleBuilder draft=draft rows=rows />
            <AutomationRules />
        </section>
    }
}
