//! The mining page: customer segmentation with k-means, products bought together
//! (association rules) and churn risk (logistic regression). The page reads the data once per
//! revision into the same columnar facts as the dashboard (shared, see `ui::analytics::facts`);
//! every run happens in the web worker, with progress and cancel.

mod churn;
mod results;
mod rules;
mod run;
mod save;
mod segmentation;
mod words;

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::ui::analytics::{watch_facts, Loaded};
use crate::ui::areas::Area;
use crate::ui::compute;
use crate::ui::locale::use_locale;
use churn::ChurnPanel;
use rules::RulesPanel;
use segmentation::SegmentationPanel;
pub(crate) use words::stored_feature_label;

/// The mining page.
#[component]
pub fn MiningPage() -> impl IntoView {
    let locale = use_locale();
    compute::warm_up();
    let loaded = RwSignal::new(None::<Arc<Loaded>>);
    let reading = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // Reads the data when the page opens and after every change to it; results computed on
    // older data stay shown, marked as such.
    watch_facts(loaded, reading, failure, || {});
    view! {
        <section class="page mining" data-testid=format!("page-{}", Area::Mining.slug())>
            <h1>{locale.tr(Area::Mining.label())}</h1>
            <Show when=move || reading.get()>
                <p role="status" data-testid="mining-reading">{locale.tr(Msg::ReadingOrders)}</p>
            </Show>
            {move || failure.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <SegmentationPanel loaded=loaded />
            <RulesPanel loaded=loaded />
            <ChurnPanel loaded=loaded />
        </section>
    }
}
