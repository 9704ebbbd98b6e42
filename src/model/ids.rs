//! Stable record ids. The store hands them out from per-kind counters and never reuses one.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A customer's id.
    CustomerId,
    "C"
);
id_type!(
    /// A product's id.
    ProductId,
    "P"
);
id_type!(
    /// An order's id.
    OrderId,
    "O"
);
id_type!(
    /// A note's id.
    NoteId,
    "N"
);
id_type!(
    /// A segment's id.
    SegmentId,
    "S"
);
id_type!(
    /// A service ticket's id.
    TicketId,
    "T"
);
id_type!(
    /// A marketing campaign's id.
    CampaignId,
    "M"
);
id_type!(
    /// The id of one user action in the change log (one undo step).
    ChangeSetId,
    "X"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_display_with_their_kind() {
        assert_eq!(CustomerId(42).to_string(), "C42");
        assert_eq!(OrderId(7).to_string(), "O7");
        assert_eq!(
            serde_json::to_string(&ProductId(3)).expect("serialises"),
            "3"
        );
    }
}
