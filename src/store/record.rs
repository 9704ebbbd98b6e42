//! How records are laid out in IndexedDB (pure: no web crates, so it is tested on the host).
//!
//! Every record is an envelope: its id, the few keys the indexes need, and the payload as one
//! JSON string. Customers and orders are stored in chunks of consecutive ids (one envelope per
//! chunk, with list-valued index keys), products and notes one per envelope. Index keys of personal data (email, phone, name, category) are keyed hashes
//! (HMAC-SHA256 with a per-profile random key) of normalised values, never plaintext, so that
//! when the payload is encrypted at rest the indexes reveal nothing either.
//!
//! With encryption on, the payload is sealed (`crate::crypto`: LZ4, then AES-256-GCM with a
//! fresh nonce, bound to the store and id) into `x` and `j` stays empty; what stays readable is
//! listed on [`Envelope`]. Every envelope says for itself whether it is sealed, so a profile
//! halfway through switching encryption on or off reads correctly.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::StoreError;
use crate::crypto::Cipher;
pub use crate::model::{normalise_email, normalise_name, normalise_phone};
use crate::model::{
    Campaign, ChangeSet, Customer, Note, Order, Product, RecordKind, Segment, Ticket,
};

/// The per-profile key for index hashes.
#[derive(Clone)]
pub struct IndexKey([u8; 32]);

impl std::fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexKey(..)")
    }
}

impl IndexKey {
    pub fn from_bytes(bytes: [u8; 32]) -> IndexKey {
        IndexKey(bytes)
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// The key as hex, for storing in the meta store.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Reads a key stored with [`IndexKey::to_hex`].
    pub fn from_hex(text: &str) -> Option<IndexKey> {
        let bytes = hex::decode(text).ok()?;
        Some(IndexKey(bytes.try_into().ok()?))
    }

    /// The keyed hash of an already normalised value: 128 bits as 32 hex digits.
    pub fn hash(&self, field: &str, normalised: &str) -> String {
        // The key is always 32 bytes, which HMAC accepts.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(field.as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// The keys a profile's records are written and read with: the index key always, the cipher
/// when encryption at rest is on (and unlocked).
#[derive(Debug, Clone)]
pub struct Keys {
    pub index: IndexKey,
    pub cipher: Option<Cipher>,
}

impl Keys {
    /// Keys without encryption.
    pub fn plain(index: IndexKey) -> Keys {
        Keys {
            index,
            cipher: None,
        }
    }

    /// Seals the envelope's payload when encryption is on.
    fn seal(&self, store: &str, mut envelope: Envelope) -> Envelope {
        if let Some(cipher) = &self.cipher {
            // Sealing fails only without a random number generator, which the browser always
            // has (the profile's keys could not have been made without one).
            let sealed = cipher
                .seal(envelope.j.as_bytes(), &place(store, envelope.id))
                .expect("the browser provides secure random numbers");
            envelope.x = Some(serde_bytes::ByteBuf::from(sealed));
            envelope.j = String::new();
            // Order dates are not needed for any lookup; sealed chunks do not show them.
            envelope.ds = None;
        }
        envelope
    }

    /// The JSON payload of an envelope from `store`, opening it if it is sealed.
    pub fn payload<'a>(
        &self,
        store: &str,
        envelope: &'a Envelope,
    ) -> Result<std::borrow::Cow<'a, str>, StoreError> {
        let Some(sealed) = &envelope.x else {
            return Ok(std::borrow::Cow::Borrowed(&envelope.j));
        };
        let cipher = self.cipher.as_ref().ok_or(StoreError::Locked)?;
        let damaged = |reason: String| StoreError::CorruptRecord {
            store: store.to_owned(),
            id: envelope.id,
            reason,
        };
        let plain = cipher
            .open(sealed, &place(store, envelope.id))
            .map_err(|error| damaged(error.to_string()))?;
        String::from_utf8(plain)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| damaged("the payload is not text".to_owned()))
    }
}

/// The associated data a payload is sealed with: its store and id, so that a sealed payload
/// copied onto another record does not open.
fn place(store: &str, id: u64) -> Vec<u8> {
    format!("{store}/{id}").into_bytes()
}

/// A record as stored: id, index keys and the JSON payload. Short field names keep the
/// per-record overhead small at a million records.
///
/// With encryption on, only these stay readable: the id, the version, the demo flag, the keyed
/// hashes, and the customer ids that link orders and notes to customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: u64,
    /// Keyed hashes of the normalised emails of a customer chunk (multi-entry index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<Vec<String>>,
    /// Keyed hashes of the phone digits of a customer chunk (multi-entry index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ps: Option<Vec<String>>,
    /// Keyed hashes of the normalised names of a customer chunk (multi-entry index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ns: Option<Vec<String>>,
    /// Keyed hash of a product's category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub g: Option<String>,
    /// The customer an order, note or ticket belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub c: Option<u64>,
    /// The order a ticket names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub o: Option<u64>,
    /// The distinct customer ids of an order chunk's orders (a multi-entry index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cs: Option<Vec<u64>>,
    /// The distinct order dates of an order chunk, as days since 1970-01-01 (multi-entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ds: Option<Vec<i64>>,
    /// 1 for demo records; absent otherwise, so the index only holds demo records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<u8>,
    /// The record's version, for conflict checks without decoding the payload.
    pub v: u32,
    /// The record as JSON (empty when sealed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub j: String,
    /// The sealed record (see [`Keys`]), stored as bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<serde_bytes::ByteBuf>,
}

fn encode<T: Serialize>(record: &T) -> String {
    // Model types are plain data (strings, numbers, maps with string keys): serialising them to
    // JSON cannot fail.
    serde_json::to_string(record).expect("model records always serialise to JSON")
}

/// Decodes the JSON payload of record `id` in `store`.
pub fn decode_json<T: for<'de> Deserialize<'de>>(
    store: &str,
    id: u64,
    json: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|error| StoreError::CorruptRecord {
        store: store.to_owned(),
        id,
        reason: error.to_string(),
    })
}

fn decode<T: for<'de> Deserialize<'de>>(
    store: &str,
    envelope: &Envelope,
    keys: &Keys,
) -> Result<T, StoreError> {
    decode_json(store, envelope.id, &keys.payload(store, envelope)?)
}

/// One row of the change-reference store: change set `s` touched record `k`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRef {
    /// The row's key: record key and change-set id, e.g. "c42:17".
    pub r: String,
    /// The record's key, e.g. "c42" (indexed).
    pub k: String,
    /// The change set's id.
    pub s: u64,
}

/// A record's key in the change-reference store: a letter for the kind, then the id.
pub fn record_key(kind: RecordKind, id: u64) -> String {
    let letter = match kind {
        RecordKind::Customer => 'c',
        RecordKind::Product => 'p',
        RecordKind::Order => 'o',
        RecordKind::Note => 'n',
        RecordKind::Segment => 's',
        RecordKind::Ticket => 't',
        RecordKind::Campaign => 'm',
    };
    format!("{letter}{id}")
}

impl ChangeRef {
    /// The rows for every record `set` touched (each record once).
    pub fn of(set: &ChangeSet) -> Vec<ChangeRef> {
        let mut keys: Vec<String> = set
            .changes
            .iter()
            .filter_map(|c| c.key())
            .map(|(kind, id)| record_key(kind, id))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .map(|k| ChangeRef {
                r: format!("{k}:{}", set.id.0),
                k,
                s: set.id.0,
            })
            .collect()
    }
}

impl Envelope {
    fn base(id: u64, version: u32, demo: bool, json: String) -> Envelope {
        Envelope {
            id,
            es: None,
            ps: None,
            ns: None,
            g: None,
            c: None,
            o: None,
            cs: None,
            ds: None,
            demo: demo.then_some(1),
            v: version,
            j: json,
            x: None,
        }
    }

    /// One chunk of customers (see `schema::CUSTOMERS_PER_CHUNK`), sorted by id.
    pub fn customer_chunk(chunk: u64, customers: &[Customer], keys: &Keys) -> Envelope {
        let key = &keys.index;
        let demo = customers.iter().any(|c| c.demo);
        let mut envelope = Envelope::base(chunk, 1, demo, encode(&customers));
        let hashes_of = |field: &str, value: fn(&Customer) -> Option<String>| {
            let mut hashes: Vec<String> = customers
                .iter()
                .filter_map(value)
                .filter(|normal| !normal.is_empty())
                .map(|normal| key.hash(field, &normal))
                .collect();
            hashes.sort_unstable();
            hashes.dedup();
            hashes
        };
        envelope.es = Some(hashes_of("email", |c| {
            c.email.as_deref().map(normalise_email)
        }));
        envelope.ps = Some(hashes_of("phone", |c| {
            c.phone.as_deref().map(normalise_phone)
        }));
        envelope.ns = Some(hashes_of("name", |c| c.name.as_deref().map(normalise_name)));
        keys.seal("customers", envelope)
    }

    pub fn product(product: &Product, keys: &Keys) -> Envelope {
        let key = &keys.index;
        let mut envelope =
            Envelope::base(product.id.0, product.version, product.demo, encode(product));
        envelope.g = product
            .category
            .as_deref()
            .map(|c| key.hash("category", &normalise_name(c)));
        keys.seal("products", envelope)
    }

    /// One chunk of orders (see `schema::ORDERS_PER_CHUNK`), sorted by id.
    pub fn order_chunk(chunk: u64, orders: &[Order], keys: &Keys) -> Envelope {
        let demo = orders.iter().any(|o| o.demo);
        let mut envelope = Envelope::base(chunk, 1, demo, encode(&orders));
        let mut customers: Vec<u64> = orders
            .iter()
            .filter_map(|o| o.customer_id.map(|c| c.0))
            .collect();
        customers.sort_unstable();
        customers.dedup();
        let mut days: Vec<i64> = orders.iter().map(|o| days_since_epoch(o.date)).collect();
        days.sort_unstable();
        days.dedup();
        envelope.cs = Some(customers);
        envelope.ds = Some(days);
        keys.seal("orders", envelope)
    }

    pub fn note(note: &Note, keys: &Keys) -> Envelope {
        let mut envelope = Envelope::base(note.id.0, note.version, false, encode(note));
        envelope.c = Some(note.customer_id.0);
        keys.seal("notes", envelope)
    }

    pub fn segment(segment: &Segment, keys: &Keys) -> Envelope {
        let envelope = Envelope::base(segment.id.0, segment.version, false, encode(segment));
        keys.seal("segments", envelope)
    }

    pub fn ticket(ticket: &Ticket, keys: &Keys) -> Envelope {
        let mut envelope = Envelope::base(ticket.id.0, ticket.version, false, encode(ticket));
        envelope.c = Some(ticket.customer_id.0);
        envelope.o = ticket.order_id.map(|o| o.0);
        keys.seal("tickets", envelope)
    }

    pub fn campaign(campaign: &Campaign, keys: &Keys) -> Envelope {
        let envelope = Envelope::base(campaign.id.0, campaign.version, false, encode(campaign));
        keys.seal("campaigns", envelope)
    }

    /// A computed result kept in the meta store under its own `id` (no index keys), sealed
    /// like a record when encryption is on.
    pub fn derived<T: Serialize>(id: u64, value: &T, keys: &Keys) -> Envelope {
        keys.seal("meta", Envelope::base(id, 1, false, encode(value)))
    }

    pub fn change_set(set: &ChangeSet, keys: &Keys) -> Envelope {
        keys.seal("changes", Envelope::base(set.id.0, 1, false, encode(set)))
    }

    /// An envelope of just an id and a sealed payload (to open a payload read on its own).
    pub fn sealed(id: u64, bytes: Vec<u8>) -> Envelope {
        Envelope {
            x: Some(serde_bytes::ByteBuf::from(bytes)),
            ..Envelope::base(id, 0, false, String::new())
        }
    }

    /// Whether the payload is sealed.
    pub fn is_sealed(&self) -> bool {
        self.x.is_some()
    }

    pub fn to_change_set(&self, keys: &Keys) -> Result<ChangeSet, StoreError> {
        decode("changes", self, keys)
    }

    pub fn to_customers(&self, keys: &Keys) -> Result<Vec<Customer>, StoreError> {
        decode("customers", self, keys)
    }

    pub fn to_product(&self, keys: &Keys) -> Result<Product, StoreError> {
        decode("products", self, keys)
    }

    pub fn to_orders(&self, keys: &Keys) -> Result<Vec<Order>, StoreError> {
        decode("orders", self, keys)
    }

    /// The orders of one customer in an order chunk. Each order's JSON is first skimmed for its
    /// customer only, and just the matching ones are decoded in full: a customer's page reads
    /// whole chunks of 2,048 orders to get at a few.
    pub fn orders_of(&self, customer: u64, keys: &Keys) -> Result<Vec<Order>, StoreError> {
        #[derive(Deserialize)]
        struct Head {
            #[serde(default)]
            customer_id: Option<u64>,
        }
        let json = keys.payload("orders", self)?;
        let raws: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(&json).map_err(|error| StoreError::CorruptRecord {
                store: "orders".to_owned(),
                id: self.id,
                reason: error.to_string(),
            })?;
        let mut orders = Vec::new();
        for raw in raws {
            let head: Head = decode_json("orders", self.id, raw.get())?;
            if head.customer_id == Some(customer) {
                orders.push(decode_json("orders", self.id, raw.get())?);
            }
        }
        Ok(orders)
    }

    pub fn to_note(&self, keys: &Keys) -> Result<Note, StoreError> {
        decode("notes", self, keys)
    }

    /// Reads [`Envelope::derived`] back.
    pub fn to_derived<T: for<'de> Deserialize<'de>>(&self, keys: &Keys) -> Result<T, StoreError> {
        decode("meta", self, keys)
    }

    pub fn to_segment(&self, keys: &Keys) -> Result<Segment, StoreError> {
        decode("segments", self, keys)
    }

    pub fn to_ticket(&self, keys: &Keys) -> Result<Ticket, StoreError> {
        decode("tickets", self, keys)
    }

    pub fn to_campaign(&self, keys: &Keys) -> Result<Campaign, StoreError> {
        decode("campaigns", self, keys)
    }
}

/// Days since 1970-01-01.
pub fn days_since_epoch(date: chrono::NaiveDate) -> i64 {
    (date - chrono::NaiveDate::default()).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customers_orders_are_picked_from_a_chunk() {
        use crate::model::{CustomerId, Money, OrderId, OrderStatus};
        let order = |id: u64, customer: Option<u64>| Order {
            id: OrderId(id),
            customer_id: customer.map(CustomerId),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).expect("a date"),
            status: OrderStatus::Paid,
            lines: Vec::new(),
            given_amount: Some(Money(5)),
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 1,
        };
        let all = [
            order(1, Some(7)),
            order(2, None),
            order(3, Some(17)),
            order(4, Some(7)),
        ];
        let envelope = Envelope::order_chunk(0, &all, &keys());
        let mine = envelope.orders_of(7, &keys()).expect("decodes");
        assert_eq!(mine, [all[0].clone(), all[3].clone()]);
        assert!(envelope.orders_of(8, &keys()).expect("decodes").is_empty());
        let broken = Envelope {
            j: "[{".into(),
            ..envelope
        };
        assert!(broken.orders_of(7, &keys()).is_err());
    }

    #[test]
    fn change_refs_name_each_touched_record_once() {
        use crate::model::{Change, ChangeSetId, CustomerId, Record, Step};
        let customer = Record::Customer(Customer::new(CustomerId(42), 0));
        let set = ChangeSet {
            id: ChangeSetId(17),
            at: 0,
            label: "edit".into(),
            detail: String::new(),
            step: Step::Done,
            reverts: None,
            created: Vec::new(),
            changes: vec![
                Change {
                    before: Some(customer.clone()),
                    after: Some(customer.clone()),
                },
                Change {
                    before: None,
                    after: Some(customer),
                },
            ],
        };
        let refs = ChangeRef::of(&set);
        assert_eq!(refs.len(), 1);
        assert_eq!(
            (refs[0].r.as_str(), refs[0].k.as_str(), refs[0].s),
            ("c42:17", "c42", 17)
        );
        assert_eq!(record_key(RecordKind::Note, 3), "n3");
    }
    use crate::model::{CustomerId, OrderId, OrderStatus};

    fn key() -> IndexKey {
        IndexKey::from_bytes([7; 32])
    }

    fn keys() -> Keys {
        Keys::plain(key())
    }

    #[test]
    fn index_keys_are_keyed_hashes_of_normalised_values() {
        let mut a = Customer::new(CustomerId(1), 0);
        a.email = Some(" Ada@Example.COM".into());
        a.phone = Some("+44 (20) 7946-0958".into());
        a.name = Some("Ada  Lovelace".into());
        let mut b = a.clone();
        b.id = CustomerId(2);
        b.email = Some("ada@example.com".into());
        b.phone = Some("0044 20 7946 0958".into());
        b.name = Some("ada lovelace".into());
        let both = Envelope::customer_chunk(0, &[a.clone(), b], &keys());
        assert_eq!(
            both.es.as_ref().map(Vec::len),
            Some(1),
            "same email, one key"
        );
        assert_eq!(both.ps.as_ref().map(Vec::len), Some(1));
        assert_eq!(both.ns.as_ref().map(Vec::len), Some(1));
        let plain = serde_json::to_string(&(&both.es, &both.ps, &both.ns)).expect("json");
        assert!(!plain.contains("ada") && !plain.contains("7946"), "{plain}");
        let other = Envelope::customer_chunk(0, &[a], &Keys::plain(IndexKey::from_bytes([8; 32])));
        assert_ne!(
            other.es, both.es,
            "another profile's key gives other hashes"
        );
    }

    #[test]
    fn envelopes_round_trip() {
        let mut customer = Customer::new(CustomerId(5), 10);
        customer.name = Some("王芳".into());
        customer.demo = true;
        let envelope = Envelope::customer_chunk(0, std::slice::from_ref(&customer), &keys());
        assert_eq!(envelope.demo, Some(1));
        assert_eq!(
            envelope.to_customers(&keys()).expect("decodes"),
            vec![customer]
        );
        let order = Order {
            id: OrderId(3),
            customer_id: Some(CustomerId(5)),
            date: chrono::NaiveDate::from_ymd_opt(1970, 1, 11).expect("date"),
            status: OrderStatus::Paid,
            lines: vec![],
            given_amount: None,
            external_id: None,
            demo: false,
            created_at: 0,
            updated_at: 0,
            version: 2,
        };
        let mut other = order.clone();
        other.id = OrderId(4);
        other.customer_id = Some(CustomerId(2));
        other.demo = true;
        let orders = vec![order, other.clone(), other];
        let envelope = Envelope::order_chunk(0, &orders, &keys());
        assert_eq!(envelope.cs, Some(vec![2, 5]));
        assert_eq!(envelope.ds, Some(vec![10]));
        assert_eq!(envelope.demo, Some(1));
        assert_eq!(envelope.to_orders(&keys()).expect("decodes"), orders);
    }

    #[test]
    fn corrupt_payloads_are_typed_errors() {
        let mut envelope = Envelope::customer_chunk(9, &[Customer::new(CustomerId(9), 0)], &keys());
        envelope.j = "{".into();
        assert!(matches!(
            envelope.to_customers(&keys()),
            Err(StoreError::CorruptRecord { id: 9, .. })
        ));
    }

    #[test]
    fn keys_survive_hex() {
        let key = key();
        let back = IndexKey::from_hex(&key.to_hex()).expect("hex round trip");
        assert_eq!(back.hash("x", "y"), key.hash("x", "y"));
        assert!(IndexKey::from_hex("abcd").is_none());
    }
}

#[cfg(test)]
mod sealed_tests {
    use super::*;
    use crate::crypto::SecretKey;
    use crate::model::CustomerId;

    fn sealing(byte: u8) -> Keys {
        Keys {
            index: IndexKey::from_bytes([byte; 32]),
            cipher: Some(Cipher::new(&SecretKey::from_bytes([byte; 32]))),
        }
    }

    #[test]
    fn sealed_envelopes_hide_the_payload_and_open_with_the_key() {
        let mut customer = Customer::new(CustomerId(5), 10);
        customer.name = Some("Grace Hopper".into());
        customer.email = Some("grace@navy.mil".into());
        let keys = sealing(1);
        let envelope = Envelope::customer_chunk(0, std::slice::from_ref(&customer), &keys);
        assert!(envelope.is_sealed() && envelope.j.is_empty());
        let stored = serde_json::to_string(&envelope).expect("json");
        assert!(
            !stored.contains("Grace") && !stored.contains("navy"),
            "{stored}"
        );
        assert_eq!(
            envelope.to_customers(&keys).expect("opens"),
            vec![customer.clone()]
        );
        assert_eq!(
            envelope.to_customers(&Keys::plain(keys.index.clone())),
            Err(StoreError::Locked),
            "without the cipher a sealed record does not open"
        );
        assert!(matches!(
            envelope.to_customers(&sealing(2)),
            Err(StoreError::CorruptRecord { .. })
        ));
        // A payload moved onto another record (or store) is refused, not misread.
        let moved = Envelope {
            id: 1,
            ..envelope.clone()
        };
        assert!(moved.to_customers(&keys).is_err());
        // A plain envelope still reads with sealing keys (a profile halfway through a switch).
        let plain = Envelope::customer_chunk(
            0,
            std::slice::from_ref(&customer),
            &Keys::plain(keys.index.clone()),
        );
        assert_eq!(plain.to_customers(&keys).expect("reads"), vec![customer]);
    }

    #[test]
    fn segments_are_sealed_like_every_payload() {
        let origin = crate::model::SegmentOrigin::Cluster {
            saved_at: 1,
            cluster: 0,
            k: 2,
            features: vec!["monetary".into()],
        };
        let mut segment = Segment::new("Big spenders".into(), origin, vec![CustomerId(7)]);
        segment.id = crate::model::SegmentId(3);
        let keys = sealing(4);
        let envelope = Envelope::segment(&segment, &keys);
        assert!(envelope.is_sealed());
        let stored = serde_json::to_string(&envelope).expect("json");
        assert!(!stored.contains("spenders"), "{stored}");
        assert_eq!(envelope.to_segment(&keys).expect("opens"), segment.clone());
        let plain = Envelope::segment(&segment, &Keys::plain(keys.index.clone()));
        assert_eq!(plain.id, 3);
        assert_eq!(plain.to_segment(&keys).expect("reads"), segment);
        assert_eq!(record_key(RecordKind::Segment, 3), "s3");
    }

    #[test]
    fn tickets_are_sealed_and_indexed_by_customer_and_order() {
        use crate::model::{OrderId, Ticket, TicketDraft, TicketId};
        let draft = TicketDraft {
            subject: "Refund please".into(),
            order: "O5".into(),
            ..TicketDraft::new()
        };
        let mut ticket = Ticket::new(CustomerId(8), draft.check().expect("valid"), 1);
        ticket.id = TicketId(2);
        let keys = sealing(6);
        let envelope = Envelope::ticket(&ticket, &keys);
        assert!(envelope.is_sealed());
        assert_eq!((envelope.c, envelope.o), (Some(8), Some(5)));
        let stored = serde_json::to_string(&envelope).expect("json");
        assert!(!stored.contains("Refund"), "{stored}");
        assert_eq!(envelope.to_ticket(&keys).expect("opens"), ticket.clone());
        ticket.order_id = None::<OrderId>;
        let plain = Envelope::ticket(&ticket, &Keys::plain(keys.index.clone()));
        assert_eq!(plain.o, None);
        assert_eq!(plain.to_ticket(&keys).expect("reads"), ticket);
        assert_eq!(record_key(RecordKind::Ticket, 2), "t2");
    }

    #[test]
    fn campaigns_are_sealed_and_bound_to_their_store() {
        use crate::model::{Campaign, CampaignDraft, CampaignId};
        let mut campaign = Campaign::blank();
        CampaignDraft {
            name: "Spring tea".into(),
            goal: "Win back tea buyers".into(),
            ..CampaignDraft::new()
        }
        .apply_to(&mut campaign)
        .expect("valid");
        campaign.id = CampaignId(4);
        campaign.members = vec![CustomerId(3)];
        let keys = sealing(7);
        let envelope = Envelope::campaign(&campaign, &keys);
        assert!(envelope.is_sealed());
        let stored = serde_json::to_string(&envelope).expect("json");
        assert!(!stored.contains("Spring"), "{stored}");
        assert_eq!(envelope.to_campaign(&keys).expect("opens"), campaign);
        assert!(
            envelope.to_ticket(&keys).is_err(),
            "bound to the campaigns store"
        );
        assert_eq!(record_key(RecordKind::Campaign, 4), "m4");
    }

    #[test]
    fn derived_results_are_sealed_and_bound_to_their_place() {
        let keys = sealing(5);
        let envelope = Envelope::derived(2, &vec![(7u64, 0.25f32)], &keys);
        assert!(envelope.is_sealed());
        let back: Vec<(u64, f32)> = envelope.to_derived(&keys).expect("opens");
        assert_eq!(back, vec![(7, 0.25)]);
        let moved = Envelope { id: 1, ..envelope };
        assert!(moved.to_derived::<Vec<(u64, f32)>>(&keys).is_err());
        let plain = Envelope::derived(1, &"rules", &Keys::plain(keys.index.clone()));
        assert_eq!(plain.to_derived::<String>(&keys).expect("reads"), "rules");
    }
}
