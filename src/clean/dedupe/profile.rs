//! A customer in the forms duplicate detection compares, built once per run, and how common
//! each value is in the data (a shared value is weaker evidence when many customers have it).

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::clean::contact::{email_identity, phone_digits, phone_tail};
use crate::clean::fold::{fingerprint, fingerprint_folded, fold, is_han, pinyin_key_folded};
use crate::model::{Customer, Gender};

/// What a value is, mixed into its hash so equal text in two fields never collides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Kind {
    Name = 1,
    Roman,
    Email,
    Phone,
    Birth,
    City,
    Street,
    Postcode,
}

pub(super) fn hash(kind: Kind, text: &str) -> u64 {
    xxh3_64(text.as_bytes()) ^ ((kind as u64) << 56).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A name's compared forms.
#[derive(Debug, Clone)]
pub(super) struct NameForm {
    /// Folded, words in the order typed.
    pub plain: String,
    /// [`fingerprint`]: the exact-name key.
    pub print: String,
    /// Sorted romanised words: the pinyin of a Han name, else the fingerprint.
    pub roman: String,
    pub han: bool,
}

/// One customer's compared forms.
#[derive(Debug, Clone)]
pub(super) struct Profile {
    pub id: u64,
    pub name: Option<NameForm>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth: Option<NaiveDate>,
    /// Age today, from the birth date or the recorded age.
    pub age: Option<u32>,
    pub gender: Option<Gender>,
    pub city: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    /// How common each value is (filled in by [`Frequencies::fill`]).
    pub shares: Shares,
}

/// The share of customers having each of a customer's values (see [`Frequencies::share`]).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Shares {
    pub name: f32,
    pub roman: f32,
    pub email: f32,
    pub phone: f32,
    pub birth: f32,
    pub city: f32,
    pub street: f32,
    pub postcode: f32,
}

/// The values of a [`Profile`] that comparing needs, as hashes and numbers in one flat
/// record: comparing millions of pairs then reads two small records instead of chasing a
/// dozen strings around memory (a pair took about three times as long that way). A hash of 0
/// means the value is missing; the strings stay in the profile for string similarity.
#[derive(Debug, Clone, Copy)]
pub(super) struct Compact {
    pub name: u64,
    pub roman: u64,
    pub han: bool,
    pub email: u64,
    /// The email's user name when it is long enough to mean something (4+ characters).
    pub email_user: u64,
    /// The phone's significant digits as a number (the last 18 when longer), and how many.
    pub phone: u64,
    pub phone_len: u8,
    pub birth: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub city: u64,
    pub street: u64,
    /// Hash of the street's words with digits (house and flat numbers).
    pub street_numbers: u64,
    pub postcode: u64,
    pub shares: Shares,
}

fn opt_hash(kind: Kind, text: Option<&str>) -> u64 {
    text.map_or(0, |t| hash(kind, t).max(1))
}

impl Compact {
    pub fn of(p: &Profile, today: NaiveDate) -> Compact {
        let name = p.name.as_ref();
        let phone_digits = p.phone.as_deref().map(|d| &d[d.len().saturating_sub(18)..]);
        let user = p
            .email
            .as_deref()
            .and_then(|e| e.split_once('@'))
            .map(|(user, _)| user)
            .filter(|user| user.chars().count() >= 4);
        let numbers: String = p
            .street
            .as_deref()
            .unwrap_or("")
            .split(' ')
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        Compact {
            name: opt_hash(Kind::Name, name.map(|n| n.print.as_str())),
            roman: opt_hash(Kind::Roman, name.map(|n| n.roman.as_str())),
            han: name.is_some_and(|n| n.han),
            email: opt_hash(Kind::Email, p.email.as_deref()),
            email_user: opt_hash(Kind::Email, user),
            phone: phone_digits.map_or(0, |d| d.parse().unwrap_or(0)),
            phone_len: phone_digits.map_or(0, |d| d.len() as u8),
            birth: p.birth,
            birth_year: p.birth_year(today),
            gender: p.gender,
            city: opt_hash(Kind::City, p.city.as_deref()),
            street: opt_hash(Kind::Street, p.street.as_deref()),
            street_numbers: xxh3_64(numbers.as_bytes()),
            postcode: opt_hash(Kind::Postcode, p.postcode.as_deref()),
            shares: p.shares,
        }
    }

    /// Whether both phones are the same number (see [`crate::clean::contact::same_phone`]).
    pub fn same_phone(&self, other: &Compact) -> bool {
        let (short, long) = if self.phone_len <= other.phone_len {
            (self, other)
        } else {
            (other, self)
        };
        let tail = 10u64.checked_pow(u32::from(short.phone_len));
        short.phone_len as usize >= crate::clean::contact::PHONE_TAIL
            && long.phone_len - short.phone_len <= 3
            && tail.map_or(long.phone == short.phone, |t| long.phone % t == short.phone)
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl Profile {
    pub fn of(customer: &Customer, today: NaiveDate) -> Profile {
        let name = customer.name.as_deref().and_then(|name| {
            let plain = fold(name);
            if plain.is_empty() {
                return None;
            }
            let han = plain.chars().any(is_han);
            let print = fingerprint_folded(&plain);
            let roman = pinyin_key_folded(&plain).unwrap_or_else(|| print.clone());
            Some(NameForm {
                plain,
                print,
                roman,
                han,
            })
        });
        let address = &customer.address;
        Profile {
            id: customer.id.0,
            name,
            email: customer.email.as_deref().and_then(email_identity),
            phone: customer.phone.as_deref().and_then(phone_digits),
            birth: customer.birth_date,
            age: customer.age_on(today),
            gender: customer.gender,
            city: address.city.as_deref().map(fold).and_then(non_empty),
            street: address
                .street
                .as_deref()
                .map(fingerprint)
                .and_then(non_empty),
            postcode: address
                .postcode
                .as_deref()
                .map(|p| fold(p).replace(' ', ""))
                .and_then(non_empty),
            shares: Shares::default(),
        }
    }

    /// The birth year: from the birth date, else from the age (give or take one).
    pub fn birth_year(&self, today: NaiveDate) -> Option<i32> {
        match (self.birth, self.age) {
            (Some(born), _) => Some(born.year()),
            (None, Some(age)) => Some(today.year() - age as i32),
            _ => None,
        }
    }

    /// The hashed values whose frequency is counted (see [`Frequencies`]).
    fn counted(&self) -> impl Iterator<Item = u64> + '_ {
        let name = self.name.as_ref();
        [
            name.map(|n| hash(Kind::Name, &n.print)),
            name.map(|n| hash(Kind::Roman, &n.roman)),
            self.email.as_deref().map(|e| hash(Kind::Email, e)),
            self.phone
                .as_deref()
                .and_then(phone_tail)
                .map(|p| hash(Kind::Phone, p)),
            self.birth.map(|b| hash(Kind::Birth, &b.to_string())),
            self.city.as_deref().map(|c| hash(Kind::City, c)),
            self.street.as_deref().map(|s| hash(Kind::Street, s)),
            self.postcode.as_deref().map(|p| hash(Kind::Postcode, p)),
        ]
        .into_iter()
        .flatten()
    }
}

/// How many customers have each value, to weigh agreement on it: sharing a name that a
/// hundred customers have says less than sharing a rare one.
pub(super) struct Frequencies {
    counts: FxHashMap<u64, u32>,
    total: f64,
}

impl Frequencies {
    pub fn count(profiles: &[Profile]) -> Frequencies {
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        for profile in profiles {
            for key in profile.counted() {
                *counts.entry(key).or_default() += 1;
            }
        }
        Frequencies {
            counts,
            total: profiles.len().max(1) as f64,
        }
    }

    /// The chance that a random other customer has this value: the customers having it but
    /// one (the compared pair is one person if it is a duplicate), at least one in the total.
    fn share(&self, kind: Kind, text: Option<&str>) -> f32 {
        let count = text.map_or(1, |t| self.counts.get(&hash(kind, t)).copied().unwrap_or(1));
        (f64::from(count.saturating_sub(1).max(1)) / self.total) as f32
    }

    /// Works out every profile's [`Shares`].
    pub fn fill(&self, profiles: &mut [Profile]) {
        for p in profiles {
            let name = p.name.as_ref();
            let birth = p.birth.map(|b| b.to_string());
            p.shares = Shares {
                name: self.share(Kind::Name, name.map(|n| n.print.as_str())),
                roman: self.share(Kind::Roman, name.map(|n| n.roman.as_str())),
                email: self.share(Kind::Email, p.email.as_deref()),
                phone: self.share(Kind::Phone, p.phone.as_deref().and_then(phone_tail)),
                birth: self.share(Kind::Birth, birth.as_deref()),
                city: self.share(Kind::City, p.city.as_deref()),
                street: self.share(Kind::Street, p.street.as_deref()),
                postcode: self.share(Kind::Postcode, p.postcode.as_deref()),
            };
        }
    }

    /// Customers in the run.
    pub fn total(&self) -> f64 {
        self.total
    }
}
