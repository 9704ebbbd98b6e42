//! Segments: named groups of customers a marketer targets. A segment saved from a clustering
//! keeps the members it had when it was saved (a later run does not move anyone); the customers
//! are referenced by id, and one deleted since simply stops counting as a member. A segment made
//! from a rule keeps only the rule: its members are whoever meets the rule now.

use serde::{Deserialize, Serialize};

use super::{AutomationKind, CustomerId, SegmentId, SegmentRule, Timestamp};

/// The longest name a segment can have.
pub const SEGMENT_NAME_MAX: usize = 80;

/// A named group of customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: SegmentId,
    pub name: String,
    pub origin: SegmentOrigin,
    /// The members, by id, ascending (none kept for a rule: see [`SegmentOrigin::Rule`]).
    pub members: Vec<CustomerId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: u32,
}

/// Where a segment came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SegmentOrigin {
    /// One cluster of a k-means segmentation saved from the mining page.
    Cluster {
        /// When the clustering was saved: the segments saved together share it.
        saved_at: Timestamp,
        /// The cluster's number (0-based) and how many clusters the run made.
        cluster: u32,
        k: u32,
        /// The features the customers were clustered on, by their stable keys.
        features: Vec<String>,
    },
    /// Conditions over customer fields and figures, saved from the marketing page; the members
    /// are worked out whenever they are needed, so they follow the data.
    Rule { rule: SegmentRule },
    /// Kept by an automation rule, which adds members (the welcome segment of new customers).
    Automation { rule: AutomationKind },
}

/// Why a segment cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentProblem {
    NameEmpty,
    NameTooLong,
}

impl Segment {
    /// The name to store for what the user typed: trimmed, not empty, at most
    /// [`SEGMENT_NAME_MAX`] characters.
    pub fn checked_name(text: &str) -> Result<String, SegmentProblem> {
        let name = text.trim();
        if name.is_empty() {
            Err(SegmentProblem::NameEmpty)
        } else if name.chars().count() > SEGMENT_NAME_MAX {
            Err(SegmentProblem::NameTooLong)
        } else {
            Ok(name.to_owned())
        }
    }

    /// A new segment (id 0: the store gives it the next free one) with `members` sorted and
    /// without repeats.
    pub fn new(name: String, origin: SegmentOrigin, mut members: Vec<CustomerId>) -> Segment {
        members.sort_unstable();
        members.dedup();
        Segment {
            id: SegmentId(0),
            name,
            origin,
            members,
            created_at: 0,
            updated_at: 0,
            version: 0,
        }
    }

    /// The rule, for a segment made from one.
    pub fn rule(&self) -> Option<&SegmentRule> {
        match &self.origin {
            SegmentOrigin::Rule { rule } => Some(rule),
            SegmentOrigin::Cluster { .. } | SegmentOrigin::Automation { .. } => None,
        }
    }

    /// Whether `customer` is among the kept members (members are sorted; a rule's segment keeps
    /// none: ask the rule).
    pub fn contains(&self, customer: CustomerId) -> bool {
        self.members.binary_search(&customer).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            Segment::checked_name("  Big spenders "),
            Ok("Big spenders".into())
        );
        assert_eq!(Segment::checked_name(" \t"), Err(SegmentProblem::NameEmpty));
        let long = "段".repeat(SEGMENT_NAME_MAX + 1);
        assert_eq!(
            Segment::checked_name(&long),
            Err(SegmentProblem::NameTooLong)
        );
        assert!(Segment::checked_name(&"段".repeat(SEGMENT_NAME_MAX)).is_ok());
    }

    #[test]
    fn members_are_sorted_once_and_found() {
        let origin = SegmentOrigin::Cluster {
            saved_at: 5,
            cluster: 1,
            k: 3,
            features: vec!["recency".into()],
        };
        let ids = [9, 2, 9, 4].map(CustomerId).to_vec();
        let segment = Segment::new("A".into(), origin, ids);
        assert_eq!(segment.members, [2, 4, 9].map(CustomerId).to_vec());
        assert!(segment.contains(CustomerId(4)));
        assert!(!segment.contains(CustomerId(3)));
        let json = serde_json::to_string(&segment).expect("serialises");
        assert!(json.contains(r#""type":"cluster""#), "{json}");
        let back: Segment = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, segment);
        assert!(back.rule().is_none());
    }

    #[test]
    fn a_rule_segment_keeps_its_rule_and_reads_back() {
        let rule = SegmentRule {
            combine: crate::model::Combine::Any,
            conditions: vec![crate::model::Condition {
                field: crate::model::RuleField::City,
                op: crate::model::RuleOp::Is,
                value: "Shanghai".into(),
                negate: true,
            }],
        };
        let segment = Segment::new(
            "Not Shanghai".into(),
            SegmentOrigin::Rule { rule: rule.clone() },
            Vec::new(),
        );
        let json = serde_json::to_string(&segment).expect("serialises");
        assert!(json.contains(r#""type":"rule""#), "{json}");
        let back: Segment = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.rule(), Some(&rule));
        assert!(!back.contains(CustomerId(1)));
    }
}
