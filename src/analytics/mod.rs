//! Analytics over columnar in-memory views (pure): order lines read straight from an orders
//! file or loaded from the store, the per-customer figures built from them, and the
//! dashboard's figures (RFM, revenue over time, by category and product, cohorts).
//!
//! The columnar view is what makes analysis fast at a million order lines: every column is a
//! plain vector, text keys are interned once into small integers, and money stays in cents.

mod automation;
mod campaigns;
mod customer_list;
mod dashboard;
mod dict;
mod facts;
mod figures;
mod lines;
mod list_index;
mod order_list;
mod per_customer;
mod personal;
mod revenue;
mod segment_rules;
mod service;
mod stats;
mod transfer;

/// The hand-computed fixture of the figures' tests, for other modules' tests.
#[cfg(test)]
pub(crate) use figures::tests as fixtures;

pub use automation::{plan_automation, AutomationPlan};
pub use campaigns::{
    audience, conversions, converting_campaigns, Audience, CampaignResults, Conversion,
};
pub use customer_list::{
    CustomerFilter, CustomerIndex, CustomerIndexBuilder, CustomerRow, SavedView, SortColumn,
};
pub use dashboard::{
    customer_lines, CustomerLine, Dashboard, DashboardAnswer, DashboardJob, Measure, DASHBOARD,
    NO_FACTS, TOP,
};
pub use dict::Dict;
pub use facts::{date_of, day_of, facts_of, Facts, FactsBuilder, NONE};
pub use figures::{
    divide_rounded, order_amounts, quintile_scores, top_by, CustomerFigures, Kpis, Rfm, Scope,
    Segment,
};
pub use lines::{
    line_start_after, parse_cents, read_header, read_lines, split_points, Columns, LinesError,
    OrderLines, MISSING,
};
pub use list_index::{fold, ColumnOrder, SortCache, TextSearch};
pub use order_list::{
    OrderColumn, OrderFilter, OrderIndex, OrderRow, ProductColumn, ProductIndex, ProductRow,
    ProductSales,
};
pub use per_customer::PerCustomer;
pub use personal::{popular_among, NextAction, Standing, CHURN_RISK_HIGH};
pub use revenue::{
    cohorts, period_label, revenue_by, revenue_over_time, Cohort, Period, PeriodRevenue, Share,
};
pub use segment_rules::{rfm_key, RuleRows};
pub use service::{ServiceFigures, StatusFilter, TicketFilter, TicketSort};
pub use stats::{describe, Summary};
