//! Domain types of the customer database: ids, money, customers, products, orders, notes,
//! segments, service tickets and the change log, with validation that says what is wrong and where (pure: no web crates).

/// Stable keys (stored, in exports and in form values) for a fixed list of choices.
macro_rules! keyed {
    ($name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            /// The choice with `key` (as [`Self::key`] gives it, any case, trimmed).
            pub fn from_key(key: &str) -> Option<$name> {
                let key = key.trim();
                $name::ALL.iter().copied().find(|c| c.key().eq_ignore_ascii_case(key))
            }
        }
    };
}

mod automation;
mod campaign;
mod change;
mod custom;
mod customer;
mod forms;
mod ids;
mod money;
mod normalise;
mod order;
mod segment;
mod segment_rule;
mod ticket;
mod validate;

pub use automation::{
    AutomationKind, AutomationProblem, AutomationRule, AUTOMATION_DAYS_MAX, AUTOMATION_LABEL_MAX,
};
pub use campaign::{
    Campaign, CampaignDraft, CampaignField, CampaignProblem, CampaignStatus, Channel,
    LaunchProblem, ResponseProblem, CAMPAIGN_GOAL_MAX, CAMPAIGN_NAME_MAX,
};
pub use change::{Change, ChangeSet, IdRange, Record, RecordKind, Step};
pub use custom::{
    apply_custom, CustomFieldDef, CustomKind, DefinitionProblem, CUSTOM_NAME_MAX, CUSTOM_TEXT_MAX,
};
pub use customer::{Address, Customer, Gender};
pub use forms::{LineDraft, OrderDraft, OrderIssue, ProductDraft, MAX_QUANTITY};
pub use ids::{
    CampaignId, ChangeSetId, CustomerId, NoteId, OrderId, ProductId, SegmentId, TicketId,
};
pub use money::{Money, MoneyError};
pub use normalise::{normalise_email, normalise_name, normalise_phone};
pub use order::{Note, NoteProblem, Order, OrderLine, OrderStatus, Product, NOTE_MAX_CHARS};
pub use segment::{Segment, SegmentOrigin, SegmentProblem, SEGMENT_NAME_MAX};
pub use segment_rule::{
    CheckedRule, Combine, Condition, RuleField, RuleOp, RuleProblem, RuleSubject, SegmentRule,
    ValueKind, RFM_SEGMENT_KEYS, RULE_CONDITIONS_MAX,
};
pub use ticket::{
    Ticket, TicketDraft, TicketField, TicketFields, TicketKind, TicketNote, TicketPriority,
    TicketProblem, TicketStatus, TICKET_ASSIGNEE_MAX, TICKET_SUBJECT_MAX, TICKET_TEXT_MAX,
};
pub use validate::{
    date_part, parse_date, validate_customer, validate_email, validate_order, validate_phone,
    validate_product, DateOrder, Field, FieldIssue, Problem,
};

/// Milliseconds since the Unix epoch (UTC), as `Date.now()` gives them.
pub type Timestamp = i64;
