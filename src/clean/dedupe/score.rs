//! How alike two customers are, field by field, as Fellegi–Sunter evidence: each field's
//! agreement level adds log2(m/u) bits, where m is how often duplicates agree that way and u
//! how often two different customers do. Values many customers share get a larger u (their
//! frequency), so a common name counts for less than a rare one. The bits of every field plus
//! the prior odds of a random pair being a duplicate give the pair's confidence.
//!
//! The m and u figures are set by hand from what is known of person records (duplicates keep
//! their birth date far more often than their email; two strangers share a gender half the
//! time) rather than fitted to the demo generator, so the defaults carry over to other data.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::profile::{Compact, NameForm, Profile};

/// A compared field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Name,
    Email,
    Phone,
    BirthDate,
    Gender,
    City,
    Street,
    Postcode,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Name,
        Field::Email,
        Field::Phone,
        Field::BirthDate,
        Field::Gender,
        Field::City,
        Field::Street,
        Field::Postcode,
    ];
}

/// How a field compares in a pair.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Agreement {
    /// The same after normalising.
    Same,
    /// Written differently but read the same: the same pinyin, or (emails) the same user at
    /// another domain, or (birth) the same year, or (age) within a year.
    Sounds,
    /// Similar, with the Jaro–Winkler similarity (0–1).
    Similar(f32),
    /// Different.
    Differs,
}

/// One field's part of a pair's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub field: Field,
    pub agreement: Agreement,
    /// log2 of the likelihood ratio: positive for a duplicate, negative against.
    pub bits: f32,
}

fn bits(m: f64, u: impl Into<f64>) -> f32 {
    (m / u.into().clamp(1e-9, 1.0)).log2() as f32
}

/// Jaro–Winkler similarity of two names, word order forgiven.
fn name_similarity(a: &NameForm, b: &NameForm) -> f64 {
    let typed = strsim::jaro_winkler(&a.plain, &b.plain);
    if typed >= NAME_CLOSE || a.roman == a.plain && b.roman == b.plain {
        return typed;
    }
    typed.max(strsim::jaro_winkler(&a.roman, &b.roman))
}

/// Similar names above this (Jaro–Winkler) count as a likely typo.
const NAME_CLOSE: f64 = 0.92;
/// Similar names above this count as weak evidence.
const NAME_NEAR: f64 = 0.85;

/// Compares two customers (their profiles for string similarity, their compact forms for the
/// rest); `write` receives the evidence of each field both have.
pub(super) fn compare(
    (a, ca): (&Profile, &Compact),
    (b, cb): (&Profile, &Compact),
    mut write: impl FnMut(Evidence),
) {
    let mut add = |field, agreement, bits| {
        write(Evidence {
            field,
            agreement,
            bits,
        })
    };
    if ca.name != 0 && cb.name != 0 {
        if ca.name == cb.name {
            add(Field::Name, Agreement::Same, bits(0.80, ca.shares.name));
        } else if ca.roman == cb.roman && (ca.han || cb.han) {
            add(Field::Name, Agreement::Sounds, bits(0.08, ca.shares.roman));
        } else if ca.han && cb.han {
            // Another character is another name (the same sound was caught above); closeness
            // of the romanisation says nothing here.
            add(Field::Name, Agreement::Differs, bits(0.01, 0.99));
        } else if let (Some(x), Some(y)) = (&a.name, &b.name) {
            let similarity = name_similarity(x, y);
            let level = Agreement::Similar(similarity as f32);
            if similarity >= NAME_CLOSE {
                add(Field::Name, level, bits(0.08, 0.0005));
            } else if similarity >= NAME_NEAR {
                add(Field::Name, level, bits(0.03, 0.005));
            } else {
                add(Field::Name, Agreement::Differs, bits(0.01, 0.99));
            }
        }
    }
    if ca.email != 0 && cb.email != 0 {
        if ca.email == cb.email {
            add(Field::Email, Agreement::Same, bits(0.55, ca.shares.email));
        } else if ca.email_user != 0 && ca.email_user == cb.email_user {
            // Name-like user names recur at other providers among different people, so this
            // counts for much less than the same inbox.
            add(Field::Email, Agreement::Sounds, bits(0.10, 0.01));
        } else {
            add(Field::Email, Agreement::Differs, bits(0.35, 0.999));
        }
    }
    if ca.phone_len != 0 && cb.phone_len != 0 {
        if ca.same_phone(cb) {
            add(Field::Phone, Agreement::Same, bits(0.6, ca.shares.phone));
        } else {
            add(Field::Phone, Agreement::Differs, bits(0.25, 0.999));
        }
    }
    match (ca.birth, cb.birth) {
        (Some(x), Some(y)) => {
            if x == y {
                add(
                    Field::BirthDate,
                    Agreement::Same,
                    bits(0.9, ca.shares.birth),
                );
            } else if x.year() == y.year() || (x.month() == y.day() && x.day() == y.month()) {
                add(Field::BirthDate, Agreement::Sounds, bits(0.07, 0.02));
            } else {
                add(Field::BirthDate, Agreement::Differs, bits(0.03, 0.98));
            }
        }
        _ => {
            if let (Some(x), Some(y)) = (ca.birth_year, cb.birth_year) {
                if (x - y).abs() <= 1 {
                    add(Field::BirthDate, Agreement::Sounds, bits(0.95, 0.04));
                } else {
                    add(Field::BirthDate, Agreement::Differs, bits(0.05, 0.96));
                }
            }
        }
    }
    if let (Some(x), Some(y)) = (ca.gender, cb.gender) {
        if x == y {
            add(Field::Gender, Agreement::Same, bits(0.95, 0.5));
        } else {
            add(Field::Gender, Agreement::Differs, bits(0.05, 0.5));
        }
    }
    if ca.city != 0 && cb.city != 0 {
        if ca.city == cb.city {
            add(Field::City, Agreement::Same, bits(0.85, ca.shares.city));
        } else {
            add(Field::City, Agreement::Differs, bits(0.15, 0.9));
        }
    }
    if ca.street != 0 && cb.street != 0 {
        if ca.street == cb.street {
            add(Field::Street, Agreement::Same, bits(0.6, ca.shares.street));
        } else {
            // Another house number is another address, however alike the street names are.
            let similarity = match (&a.street, &b.street) {
                (Some(x), Some(y)) if ca.street_numbers == cb.street_numbers => {
                    strsim::jaro_winkler(x, y)
                }
                _ => 0.0,
            };
            if similarity >= 0.9 {
                let level = Agreement::Similar(similarity as f32);
                add(Field::Street, level, bits(0.15, 0.001));
            } else {
                add(Field::Street, Agreement::Differs, bits(0.25, 0.999));
            }
        }
    }
    if ca.postcode != 0 && cb.postcode != 0 {
        if ca.postcode == cb.postcode {
            add(
                Field::Postcode,
                Agreement::Same,
                bits(0.75, ca.shares.postcode),
            );
        } else {
            add(Field::Postcode, Agreement::Differs, bits(0.25, 0.999));
        }
    }
}

/// The prior log2 odds that two customers picked at random are the same person, in a data
/// set of `total` customers where about one in twenty is a duplicate of another.
pub(super) fn prior_bits(total: f64) -> f64 {
    let pairs = (total * (total - 1.0) / 2.0).max(1.0);
    let duplicates = (total * 0.05).max(1.0);
    let chance = (duplicates / pairs).min(0.5);
    (chance / (1.0 - chance)).log2()
}

/// Log2 odds → probability.
pub fn confidence(bits: f64) -> f64 {
    1.0 / (1.0 + (-bits).exp2())
}
