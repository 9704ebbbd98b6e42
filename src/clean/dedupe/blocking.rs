//! Which pairs of customers get compared: only those that share a blocking key, never all
//! pairs. The keys are OpenRefine's key collisions and more: the name's fingerprint (pinyin for
//! Chinese names), its bigram fingerprint and Double Metaphone codes, each name word with the
//! other words' initials (a typo in one word still meets), the email's inbox and user name,
//! the phone's last seven digits, the birth date and the street.
//!
//! A key shared by more than `max_block` customers (a very common name, a placeholder email)
//! would make its block quadratic; such a block is sorted by city, birth year and name and each
//! customer is compared with the next [`WINDOW`] only (the sorted-neighbourhood method).

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::profile::Profile;
use crate::clean::contact::phone_tail;
use crate::clean::fold::{ngram_fingerprint_folded, phonetic_key_folded};

/// Neighbours each customer of an oversized block is compared with.
pub const WINDOW: usize = 24;

#[derive(Clone, Copy)]
#[repr(u8)]
enum Key {
    Roman = 1,
    Bigrams,
    Phonetic,
    Word,
    Email,
    EmailUser,
    Phone,
    Birth,
    Street,
}

fn key(kind: Key, text: &str) -> u64 {
    (xxh3_64(text.as_bytes()) << 8) | (kind as u64)
}

/// A key of several parts, hashed without building the joined text.
fn key_of_parts(kind: Key, parts: &[&str]) -> u64 {
    let mut hasher = Xxh3::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0xff]);
    }
    (hasher.digest() << 8) | (kind as u64)
}

/// The keys that depend on the name alone, worked out once per distinct name (names repeat
/// a lot, and Double Metaphone is the dearest key).
type NameKeys = FxHashMap<String, [Option<u64>; 2]>;

/// The blocking keys of one customer.
fn keys_of(profile: &Profile, today: NaiveDate, names: &mut NameKeys, out: &mut Vec<u64>) {
    if let Some(name) = &profile.name {
        out.push(key(Key::Roman, &name.roman));
        if !name.han {
            let known = names.get(name.plain.as_str()).copied();
            let [bigrams, phonetic] = known.unwrap_or_else(|| {
                let keys = [
                    Some(key(Key::Bigrams, &ngram_fingerprint_folded(&name.plain, 2))),
                    phonetic_key_folded(&name.plain).map(|code| key(Key::Phonetic, &code)),
                ];
                names.insert(name.plain.clone(), keys);
                keys
            });
            out.extend(bigrams.into_iter().chain(phonetic));
            // A typo in one word: the other words' initials and the city, or the birth year,
            // still meet (alone, a word and an initial are too common a key).
            let words: Vec<&str> = name.plain.split(' ').collect();
            if words.len() >= 2 {
                let year = profile.birth_year(today).map(|y| y.to_string());
                for (at, word) in words.iter().enumerate() {
                    let mut initials: Vec<char> = words
                        .iter()
                        .enumerate()
                        .filter(|(other, _)| *other != at)
                        .filter_map(|(_, w)| w.chars().next())
                        .collect();
                    initials.sort_unstable();
                    let text: String = initials.into_iter().collect();
                    for extra in [profile.city.as_deref(), year.as_deref()]
                        .into_iter()
                        .flatten()
                    {
                        out.push(key_of_parts(Key::Word, &[word, &text, extra]));
                    }
                }
            }
        }
    }
    if let Some(email) = &profile.email {
        out.push(key(Key::Email, email));
        if let Some((user, _)) = email.split_once('@') {
            if user.chars().count() >= 4 {
                out.push(key(Key::EmailUser, user));
            }
        }
    }
    if let Some(tail) = profile.phone.as_deref().and_then(phone_tail) {
        out.push(key(Key::Phone, tail));
    }
    if let Some(born) = profile.birth {
        let days = born.num_days_from_ce().to_le_bytes();
        out.push((xxh3_64(&days) << 8) | Key::Birth as u64);
    }
    // The same street and number recur in other towns.
    if let Some(street) = &profile.street {
        for place in [profile.city.as_deref(), profile.postcode.as_deref()]
            .into_iter()
            .flatten()
        {
            out.push(key_of_parts(Key::Street, &[street, place]));
        }
    }
}

/// The candidate pairs (indexes into `profiles`, smaller first, each once, sorted), and how
/// many blocks were too large to compare in full.
pub(super) struct Candidates {
    pub pairs: Vec<(u32, u32)>,
    pub oversized_blocks: usize,
}

/// Collects every customer's blocking keys, a few customers at a time.
#[derive(Default)]
pub(super) struct Keyer {
    names: NameKeys,
    keys: Vec<u64>,
    /// (key, customer index), one entry per distinct key of each customer.
    pub keyed: Vec<(u64, u32)>,
}

impl Keyer {
    pub fn add(&mut self, index: usize, profile: &Profile, today: NaiveDate) {
        self.keys.clear();
        keys_of(profile, today, &mut self.names, &mut self.keys);
        self.keys.sort_unstable();
        self.keys.dedup();
        let index = index as u32;
        self.keyed.extend(self.keys.iter().map(|&k| (k, index)));
    }
}

/// The candidate pairs from every customer's keys (see [`Keyer`]).
pub(super) fn candidates(
    mut keyed: Vec<(u64, u32)>,
    profiles: &[Profile],
    max_block: usize,
    today: NaiveDate,
) -> Candidates {
    keyed.sort_unstable();
    let mut packed: Vec<u64> = Vec::new();
    let mut oversized_blocks = 0;
    let pack = |a: u32, b: u32| (u64::from(a.min(b)) << 32) | u64::from(a.max(b));
    let mut start = 0;
    while start < keyed.len() {
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == keyed[start].0 {
            end += 1;
        }
        let members: Vec<u32> = keyed[start..end].iter().map(|&(_, i)| i).collect();

        if members.len() <= max_block.max(2) {
            for (at, &a) in members.iter().enumerate() {
                packed.extend(members[at + 1..].iter().map(|&b| pack(a, b)));
            }
        } else {
            oversized_blocks += 1;
            let mut sorted = members;
            sorted.sort_by_cached_key(|&i| {
                let p = &profiles[i as usize];
                (
                    p.city.clone(),
                    p.birth_year(today),
                    p.name.as_ref().map(|n| n.plain.clone()),
                )
            });
            for (at, &a) in sorted.iter().enumerate() {
                let until = (at + 1 + WINDOW).min(sorted.len());
                packed.extend(sorted[at + 1..until].iter().map(|&b| pack(a, b)));
            }
        }
        start = end;
    }
    packed.sort_unstable();
    packed.dedup();
    Candidates {
        pairs: packed
            .into_iter()
            .map(|p| ((p >> 32) as u32, p as u32))
            .collect(),
        oversized_blocks,
    }
}
