//! The backup file: every record and the id counters as versioned JSON, optionally gzipped.
//! Reading checks the format, the version and that every reference points at a record in the
//! file, so a restore never brings in half a database.

use std::collections::HashSet;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::model::{
    Campaign, ChangeSet, CustomFieldDef, Customer, Note, Order, Product, Segment, Ticket, Timestamp,
};

/// The `format` field of every backup.
pub const BACKUP_FORMAT: &str = "fieldbook-backup";
/// The newest backup version this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;

/// The next id to hand out per kind; ids are never reused, even across a restore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextIds {
    pub customer: u64,
    pub product: u64,
    pub order: u64,
    pub note: u64,
    pub change_set: u64,
    /// Absent in backups made before segments existed.
    #[serde(default)]
    pub segment: u64,
    /// Absent in backups made before tickets existed.
    #[serde(default)]
    pub ticket: u64,
    /// Absent in backups made before campaigns existed.
    #[serde(default)]
    pub campaign: u64,
}

/// A whole profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub created_at: Timestamp,
    pub next_ids: NextIds,
    pub customers: Vec<Customer>,
    pub products: Vec<Product>,
    pub orders: Vec<Order>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub change_sets: Vec<ChangeSet>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<Ticket>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<Campaign>,
    /// The user's custom customer fields.
    #[serde(default)]
    pub custom_fields: Vec<CustomFieldDef>,
    /// Pairs of customer ids marked "not duplicates" (smaller id first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_duplicates: Vec<(u64, u64)>,
    /// Saved cleaning recipes, kept as they were written (the cleaning module reads them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleaning_recipes: Vec<serde_json::Value>,
}

/// Why a file cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Fieldbook backup file")]
    NotABackup,
    #[error("this backup was made by a newer Fieldbook (backup version {0}); update Fieldbook to restore it")]
    NewerVersion(u32),
    #[error("the backup file is damaged: {0}")]
    Damaged(String),
    #[error("the backup is inconsistent: {0}")]
    Inconsistent(String),
}

impl Backup {
    /// A backup of the given records; counters are raised past every id in them.
    pub fn new(
        created_at: Timestamp,
        next_ids: NextIds,
        customers: Vec<Customer>,
        products: Vec<Product>,
        orders: Vec<Order>,
        notes: Vec<Note>,
        change_sets: Vec<ChangeSet>,
    ) -> Backup {
        let mut backup = Backup {
            format: BACKUP_FORMAT.to_owned(),
            version: BACKUP_VERSION,
            created_at,
            next_ids,
            customers,
            products,
            orders,
            notes,
            change_sets,
            segments: Vec::new(),
            tickets: Vec::new(),
            campaigns: Vec::new(),
            custom_fields: Vec::new(),
            not_duplicates: Vec::new(),
            cleaning_recipes: Vec::new(),
        };
        backup.raise_counters();
        backup
    }

    /// The backup with the profile's custom field definitions.
    pub fn with_custom_fields(mut self, custom_fields: Vec<CustomFieldDef>) -> Backup {
        self.custom_fields = custom_fields;
        self
    }

    /// The backup with the profile's segments.
    pub fn with_segments(mut self, segments: Vec<Segment>) -> Backup {
        self.segments = segments;
        self.raise_counters();
        self
    }

    /// The backup with the profile's service tickets.
    pub fn with_tickets(mut self, tickets: Vec<Ticket>) -> Backup {
        self.tickets = tickets;
        self.raise_counters();
        self
    }

    /// The backup with the profile's marketing campaigns.
    pub fn with_campaigns(mut self, campaigns: Vec<Campaign>) -> Backup {
        self.campaigns = campaigns;
        self.raise_counters();
        self
    }

    /// Adds the cleaning settings: pairs marked "not duplicates" and saved recipes.
    pub fn with_cleaning(
        mut self,
        (not_duplicates, recipes): (Vec<(u64, u64)>, Vec<serde_json::Value>),
    ) -> Backup {
        self.not_duplicates = not_duplicates;
        self.cleaning_recipes = recipes;
        self
    }

    fn raise_counters(&mut self) {
        let next = |max: Option<u64>, current: u64| current.max(max.map_or(1, |m| m + 1));
        let ids = &mut self.next_ids;
        ids.customer = next(self.customers.iter().map(|c| c.id.0).max(), ids.customer);
        ids.product = next(self.products.iter().map(|p| p.id.0).max(), ids.product);
        ids.order = next(self.orders.iter().map(|o| o.id.0).max(), ids.order);
        ids.note = next(self.notes.iter().map(|n| n.id.0).max(), ids.note);
        ids.segment = next(self.segments.iter().map(|s| s.id.0).max(), ids.segment);
        ids.ticket = next(self.tickets.iter().map(|t| t.id.0).max(), ids.ticket);
        ids.campaign = next(self.campaigns.iter().map(|m| m.id.0).max(), ids.campaign);
        ids.change_set = next(
            self.change_sets.iter().map(|c| c.id.0).max(),
            ids.change_set,
        );
    }

    /// Checks that ids are unique and every reference resolves.
    pub fn check(&self) -> Result<(), BackupError> {
        fn unique<I: Iterator<Item = u64>>(
            kind: &str,
            ids: I,
        ) -> Result<HashSet<u64>, BackupError> {
            let mut seen = HashSet::new();
            for id in ids {
                if !seen.insert(id) {
                    return Err(BackupError::Inconsistent(format!(
                        "{kind} id {id} appears twice"
                    )));
                }
            }
            Ok(seen)
        }
        let customers = unique("customer", self.customers.iter().map(|c| c.id.0))?;
        let products = unique("product", self.products.iter().map(|p| p.id.0))?;
        let orders = unique("order", self.orders.iter().map(|o| o.id.0))?;
        unique("note", self.notes.iter().map(|n| n.id.0))?;
        unique("segment", self.segments.iter().map(|s| s.id.0))?;
        unique("ticket", self.tickets.iter().map(|t| t.id.0))?;
        unique("campaign", self.campaigns.iter().map(|m| m.id.0))?;
        for order in &self.orders {
            if let Some(customer) = order.customer_id.filter(|c| !customers.contains(&c.0)) {
                return Err(BackupError::Inconsistent(format!(
                    "order {} refers to customer {customer}, which is not in the backup",
                    order.id
                )));
            }
            for line in &order.lines {
                if let Some(product) = line.product_id.filter(|p| !products.contains(&p.0)) {
                    return Err(BackupError::Inconsistent(format!(
                        "order {} refers to product {product}, which is not in the backup",
                        order.id
                    )));
                }
            }
        }
        for note in &self.notes {
            if !customers.contains(&note.customer_id.0) {
                return Err(BackupError::Inconsistent(format!(
                    "note {} refers to customer {}, which is not in the backup",
                    note.id, note.customer_id
                )));
            }
        }
        for ticket in &self.tickets {
            if !customers.contains(&ticket.customer_id.0) {
                return Err(BackupError::Inconsistent(format!(
                    "ticket {} refers to customer {}, which is not in the backup",
                    ticket.id, ticket.customer_id
                )));
            }
            if let Some(order) = ticket.order_id.filter(|o| !orders.contains(&o.0)) {
                return Err(BackupError::Inconsistent(format!(
                    "ticket {} refers to order {order}, which is not in the backup",
                    ticket.id
                )));
            }
        }
        Ok(())
    }
}

/// Writes a backup as JSON, gzipped when `gzip` is set.
pub fn write_backup(backup: &Backup, gzip: bool) -> Vec<u8> {
    // Backups hold plain model data, which always serialises.
    let json = serde_json::to_vec(backup).expect("backups always serialise to JSON");
    if !gzip {
        return json;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    encoder.write_all(&json).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Reads a backup written by [`write_backup`] (gzipped or not) and checks it.
pub fn read_backup(bytes: &[u8]) -> Result<Backup, BackupError> {
    let json = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|error| BackupError::Damaged(format!("the gzip data is broken ({error})")))?;
        out
    } else {
        bytes.to_vec()
    };
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header = serde_json::from_slice(&json).map_err(|_| BackupError::NotABackup)?;
    if header.format.as_deref() != Some(BACKUP_FORMAT) {
        return Err(BackupError::NotABackup);
    }
    match header.version {
        Some(version) if version > BACKUP_VERSION => {
            return Err(BackupError::NewerVersion(version))
        }
        Some(_) => {}
        None => return Err(BackupError::NotABackup),
    }
    let mut backup: Backup =
        serde_json::from_slice(&json).map_err(|error| BackupError::Damaged(error.to_string()))?;
    backup.check()?;
    backup.raise_counters();
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoParams};
    use crate::model::CustomerId;

    pub(super) fn sample(seed: u64, customers: usize, lines: usize) -> Backup {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
        let mut params = DemoParams::sized(customers, lines, today);
        params.seed = seed;
        let data = generate(&params);
        Backup::new(
            123,
            NextIds::default(),
            data.customers,
            data.products,
            data.orders,
            vec![],
            vec![],
        )
    }

    #[test]
    fn counters_move_past_every_id() {
        let backup = sample(1, 20, 50);
        assert_eq!(backup.next_ids.customer, 21);
        assert!(backup.next_ids.order > backup.orders.len() as u64);
    }

    #[test]
    fn segments_travel_with_the_backup() {
        let origin = crate::model::SegmentOrigin::Cluster {
            saved_at: 9,
            cluster: 1,
            k: 2,
            features: vec!["recency".into()],
        };
        let mut segment = Segment::new("Lapsed".into(), origin, vec![CustomerId(2)]);
        segment.id = crate::model::SegmentId(4);
        let backup = sample(5, 5, 5).with_segments(vec![segment.clone()]);
        assert_eq!(backup.next_ids.segment, 5);
        let restored = read_backup(&write_backup(&backup, false)).expect("reads back");
        assert_eq!(restored.segments, vec![segment.clone()]);
        let mut twice = backup.clone();
        twice.segments.push(segment);
        assert!(matches!(
            read_backup(&write_backup(&twice, false)),
            Err(BackupError::Inconsistent(_))
        ));
        // A backup from before segments has none and counts them from 1.
        let mut old = serde_json::to_value(sample(6, 3, 3)).expect("json");
        old["next_ids"]
            .as_object_mut()
            .expect("object")
            .remove("segment");
        let read = read_backup(&serde_json::to_vec(&old).expect("json")).expect("reads");
        assert!(read.segments.is_empty());
        assert_eq!(read.next_ids.segment, 1);
    }

    #[test]
    fn tickets_travel_with_the_backup_and_must_point_inside_it() {
        use crate::model::{Ticket, TicketDraft, TicketId};
        let base = sample(7, 5, 20);
        let order = base
            .orders
            .iter()
            .find(|o| o.customer_id.is_some())
            .expect("order");
        let draft = TicketDraft {
            subject: "Late delivery".into(),
            order: order.id.to_string(),
            ..TicketDraft::new()
        };
        let owner = order.customer_id.expect("owner");
        let mut ticket = Ticket::new(owner, draft.check().expect("valid"), 3);
        ticket.id = TicketId(6);
        let backup = base.clone().with_tickets(vec![ticket.clone()]);
        assert_eq!(backup.next_ids.ticket, 7);
        let restored = read_backup(&write_backup(&backup, true)).expect("reads back");
        assert_eq!(restored.tickets, vec![ticket.clone()]);
        let mut stray = ticket.clone();
        stray.id = TicketId(7);
        stray.customer_id = CustomerId(999);
        let broken = base.clone().with_tickets(vec![ticket.clone(), stray]);
        assert!(matches!(
            read_backup(&write_backup(&broken, false)),
            Err(BackupError::Inconsistent(why)) if why.contains("ticket T7")
        ));
        let mut no_order = ticket;
        no_order.order_id = Some(crate::model::OrderId(99_999));
        let broken = base.with_tickets(vec![no_order]);
        assert!(matches!(
            read_backup(&write_backup(&broken, false)),
            Err(BackupError::Inconsistent(why)) if why.contains("order O99999")
        ));
        // A backup from before tickets has none and counts them from 1.
        let mut old = serde_json::to_value(sample(6, 3, 3)).expect("json");
        old["next_ids"]
            .as_object_mut()
            .expect("object")
            .remove("ticket");
        let read = read_backup(&serde_json::to_vec(&old).expect("json")).expect("reads");
        assert!(read.tickets.is_empty());
        assert_eq!(read.next_ids.ticket, 1);
    }

    #[test]
    fn campaigns_travel_with_the_backup() {
        use crate::model::{Campaign, CampaignId};
        let base = sample(5, 3, 3);
        let mut campaign = Campaign::blank();
        campaign.id = CampaignId(4);
        campaign.name = "Spring tea".into();
        let backup = base.with_campaigns(vec![campaign.clone()]);
        assert_eq!(backup.next_ids.campaign, 5);
        let restored = read_backup(&write_backup(&backup, true)).expect("reads back");
        assert_eq!(restored.campaigns, vec![campaign.clone()]);
        let twice = restored.with_campaigns(vec![campaign.clone(), campaign]);
        assert!(matches!(
            read_backup(&write_backup(&twice, false)),
            Err(BackupError::Inconsistent(_))
        ));
        // A backup from before campaigns has none and counts them from 1.
        let mut old = serde_json::to_value(sample(6, 3, 3)).expect("json");
        old["next_ids"]
            .as_object_mut()
            .expect("object")
            .remove("campaign");
        let read = read_backup(&serde_json::to_vec(&old).expect("json")).expect("reads");
        assert!(read.campaigns.is_empty());
        assert_eq!(read.next_ids.campaign, 1);
    }

    #[test]
    fn foreign_and_damaged_files_are_refused() {
        assert_eq!(read_backup(b"name,email\n"), Err(BackupError::NotABackup));
        assert_eq!(
            read_backup(br#"{"format":"other","version":1}"#),
            Err(BackupError::NotABackup)
        );
        assert_eq!(
            read_backup(br#"{"format":"fieldbook-backup","version":99}"#),
            Err(BackupError::NewerVersion(99))
        );
        assert!(matches!(
            read_backup(br#"{"format":"fieldbook-backup","version":1,"customers":7}"#),
            Err(BackupError::Damaged(_))
        ));
        let mut gz = write_backup(&sample(2, 5, 5), true);
        gz.truncate(gz.len() / 2);
        assert!(matches!(read_backup(&gz), Err(BackupError::Damaged(_))));
    }

    #[test]
    fn dangling_references_are_refused() {
        let mut backup = sample(3, 10, 40);
        let buyer: CustomerId = backup.orders[0]
            .customer_id
            .expect("demo orders have customers");
        backup.customers.retain(|c| c.id != buyer);
        let result = read_backup(&write_backup(&backup, false));
        assert!(
            matches!(result, Err(BackupError::Inconsistent(_))),
            "{result:?}"
        );
        let mut twice = sample(4, 10, 10);
        twice.customers.push(twice.customers[0].clone());
        assert!(matches!(
            read_backup(&write_backup(&twice, false)),
            Err(BackupError::Inconsistent(_))
        ));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property_tests {
    use super::tests::sample;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn backup_then_restore_is_the_identity(seed in any::<u64>(), customers in 0usize..60, lines in 0usize..300, gzip in any::<bool>()) {
            let backup = sample(seed, customers, lines);
            let restored = read_backup(&write_backup(&backup, gzip)).expect("reads back");
            prop_assert_eq!(restored, backup);
        }
    }
}
