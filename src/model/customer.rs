//! The customer record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{Channel, CustomerId, Timestamp};

/// Gender as recorded; unknown is `None` on the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    #[serde(rename = "F")]
    Female,
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "X")]
    Other,
}

impl Gender {
    /// Reads the common spellings in English and Chinese: `F`, `female`, `woman`, `女`, `M`,
    /// `male`, `男`, `other`, `其他`. Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Gender> {
        let lower = text.trim().to_lowercase();
        match lower.as_str() {
            "f" | "female" | "woman" | "w" | "girl" | "女" | "女性" | "女士" => {
                Some(Gender::Female)
            }
            "m" | "male" | "man" | "boy" | "男" | "男性" | "先生" => Some(Gender::Male),
            "x" | "o" | "other" | "diverse" | "non-binary" | "nonbinary" | "其他" => {
                Some(Gender::Other)
            }
            _ => None,
        }
    }

    /// The one-letter code used in exports.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "F",
            Gender::Male => "M",
            Gender::Other => "X",
        }
    }
}

/// A postal address; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Address {
    /// Whether no part is filled in.
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.city,
            &self.postcode,
            &self.region,
            &self.country,
        ]
        .iter()
        .all(|part| part.is_none())
    }
}

/// A customer. Missing values are `None`, never empty strings, so cleaning can find them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Age in years when only the age is known (birth date wins when both are present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Address::is_empty")]
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// User-defined fields by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
    /// The id this customer had in the system it was imported from, to link its orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The campaign channels the customer opted out of (email, text messages, calls), in that
    /// order; contact lists leave them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opt_out: Vec<Channel>,
    /// Part of the removable demo data set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Bumped on every saved change; a write with a stale version is a conflict.
    pub version: u32,
}

impl Customer {
    /// A new customer with only an id and timestamps.
    pub fn new(id: CustomerId, now: Timestamp) -> Customer {
        Customer {
            id,
            name: None,
            gender: None,
            birth_date: None,
            age: None,
            phone: None,
            email: None,
            address: Address::default(),
            company: None,
            tags: Vec::new(),
            custom: BTreeMap::new(),
            external_id: None,
            opt_out: Vec::new(),
            demo: false,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    /// The age on `today`: from the birth date when known, else the recorded age.
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        match self.birth_date {
            Some(born) => today.years_since(born),
            None => self.age.map(u32::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_reads_english_and_chinese() {
        let cases = [
            ("M", Some(Gender::Male)),
            (" male ", Some(Gender::Male)),
            ("男", Some(Gender::Male)),
            ("Female", Some(Gender::Female)),
            ("女", Some(Gender::Female)),
            ("other", Some(Gender::Other)),
            ("", None),
            ("unknown", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Gender::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn age_prefers_the_birth_date() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid date");
        let mut customer = Customer::new(CustomerId(1), 0);
        customer.age = Some(30);
        assert_eq!(customer.age_on(today), Some(30));
        customer.birth_date = NaiveDate::from_ymd_opt(2000, 2, 29);
        assert_eq!(customer.age_on(today), Some(26));
        customer.birth_date = NaiveDate::from_ymd_opt(2000, 3, 2);
        assert_eq!(customer.age_on(today), Some(25));
    }

    #[test]
    fn missing_fields_are_left_out_of_json_and_read_back() {
        let customer = Customer::new(CustomerId(9), 5);
        let json = serde_json::to_string(&customer).expect("serialises");
        assert_eq!(
            json,
            r#"{"id":9,"created_at":5,"updated_at":5,"version":1}"#
        );
        let back: Customer = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, customer);
    }
}
