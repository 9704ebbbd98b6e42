//! Fuzzy duplicate detection over customers (pure): normal forms per customer ([`profile`]),
//! candidate pairs by blocking ([`blocking`]), Fellegi–Sunter evidence per pair ([`score`]),
//! and groups formed from the pairs above a confidence the user can move.
//!
//! The work runs in bounded steps ([`Detector::step`]) so the page can show progress, stay
//! responsive and cancel between them; the pairs are scored once, and moving the threshold
//! only regroups them ([`Detection::groups`]).

mod blocking;
mod profile;
mod score;

pub use blocking::WINDOW;
pub use score::{confidence, Agreement, Evidence, Field};

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Customer;
use profile::{Compact, Frequencies, Profile};

/// Settings of a detection run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DedupeParams {
    /// Largest block compared in full (see [`blocking`]).
    pub max_block: usize,
    /// Pairs below this confidence are not kept (they could never be proposed).
    pub floor: f64,
}

impl Default for DedupeParams {
    fn default() -> DedupeParams {
        DedupeParams {
            max_block: 200,
            floor: 0.05,
        }
    }
}

/// The confidence from which pairs are grouped unless the user moves it.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Two customers that may be the same, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub a: u64,
    pub b: u64,
    /// Probability (0–1) that they are the same customer.
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
}

/// Customers that are probably one, with the links that joined them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// Member ids, ascending.
    pub members: Vec<u64>,
    /// The weakest link's confidence: every member is joined at least this surely.
    pub confidence: f64,
    /// The pairs that joined the group (a spanning tree of its strongest links).
    pub links: Vec<Pair>,
}

/// The scored pairs of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// Pairs at or above the floor, strongest first.
    pub pairs: Vec<Pair>,
    /// Customers looked at.
    pub customers: usize,
    /// Pairs compared (all pairs would be n(n-1)/2).
    pub comparisons: usize,
    /// Blocks too large to compare in full (compared within a sliding window).
    pub oversized_blocks: usize,
}

impl Detection {
    /// Groups from the pairs at or above `threshold`, leaving out pairs marked "not
    /// duplicates" (`(smaller id, larger id)`); strongest group first, then by first member.
    pub fn groups(
        &self,
        threshold: f64,
        not_duplicates: &HashSet<(u64, u64)>,
    ) -> Vec<DuplicateGroup> {
        let mut parent: rustc_hash::FxHashMap<u64, u64> = Default::default();
        fn root(parent: &mut rustc_hash::FxHashMap<u64, u64>, id: u64) -> u64 {
            let mut at = id;
            while let Some(&up) = parent.get(&at) {
                if up == at {
                    break;
                }
                at = up;
            }
            // Path compression keeps later look-ups short.
            let mut walk = id;
            while walk != at {
                let up = parent.get(&walk).copied().unwrap_or(at);
                parent.insert(walk, at);
                walk = up;
            }
            at
        }
        let mut links: Vec<&Pair> = Vec::new();
        for pair in self.pairs.iter().filter(|p| p.confidence >= threshold) {
            if not_duplicates.contains(&(pair.a.min(pair.b), pair.a.max(pair.b))) {
                continue;
            }
            parent.entry(pair.a).or_insert(pair.a);
            parent.entry(pair.b).or_insert(pair.b);
            let (ra, rb) = (root(&mut parent, pair.a), root(&mut parent, pair.b));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
                links.push(pair);
            }
        }
        let mut groups: rustc_hash::FxHashMap<u64, DuplicateGroup> = Default::default();
        for pair in links {
            let r = root(&mut parent, pair.a);
            let group = groups.entry(r).or_insert_with(|| DuplicateGroup {
                members: Vec::new(),
                confidence: 1.0,
                links: Vec::new(),
            });
            group.confidence = group.confidence.min(pair.confidence);
            group.members.extend([pair.a, pair.b]);
            group.links.push(pair.clone());
        }
        let mut groups: Vec<DuplicateGroup> = groups
            .into_values()
            .map(|mut g| {
                g.members.sort_unstable();
                g.members.dedup();
                g
            })
            .collect();
        groups.sort_by(|x, y| {
            y.confidence
                .total_cmp(&x.confidence)
                .then(x.members[0].cmp(&y.members[0]))
        });
        groups
    }
}

/// An imported row that looks like a stored customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncomingMatch {
    /// The row's place among the imported customers.
    pub row: usize,
    /// The stored customer it matches best.
    pub existing: u64,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
}

/// For a detection over stored customers followed by imported ones (ids from `first_incoming`
/// on, in row order), each imported row's best match among the stored customers at or above
/// `threshold`, by row.
pub fn incoming_matches(
    detection: &Detection,
    first_incoming: u64,
    threshold: f64,
) -> Vec<IncomingMatch> {
    let mut best: std::collections::BTreeMap<usize, IncomingMatch> = Default::default();
    // Pairs are strongest first, so the first pair seen for a row is its best.
    for pair in detection.pairs.iter().filter(|p| p.confidence >= threshold) {
        let (existing, incoming) = (pair.a.min(pair.b), pair.a.max(pair.b));
        if existing >= first_incoming || incoming < first_incoming {
            continue;
        }
        let row = (incoming - first_incoming) as usize;
        best.entry(row).or_insert_with(|| IncomingMatch {
            row,
            existing,
            confidence: pair.confidence,
            evidence: pair.evidence.clone(),
        });
    }
    best.into_values().collect()
}

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Normal forms of the customers.
    Reading,
    /// Comparing candidate pairs.
    Comparing,
    Done,
}

/// A run's progress: stage and work done out of total in that stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Customers turned into normal forms per step.
const PROFILES_PER_STEP: usize = 2_000;
/// Candidate pairs compared per step.
const PAIRS_PER_STEP: usize = 60_000;

/// A detection run in bounded steps: call [`Detector::step`] until it says [`Stage::Done`],
/// then take the result with [`Detector::finish`].
pub struct Detector<'a> {
    customers: &'a [Customer],
    today: NaiveDate,
    params: DedupeParams,
    profiles: Vec<Profile>,
    compact: Vec<Compact>,
    keyer: blocking::Keyer,
    blocked: bool,
    candidates: Vec<(u32, u32)>,
    compared: usize,
    prior: f64,
    detection: Detection,
}

impl<'a> Detector<'a> {
    pub fn new(customers: &'a [Customer], today: NaiveDate, params: DedupeParams) -> Self {
        Detector {
            customers,
            today,
            params,
            profiles: Vec::with_capacity(customers.len()),
            compact: Vec::new(),
            keyer: blocking::Keyer::default(),
            blocked: false,
            candidates: Vec::new(),
            compared: 0,
            prior: 0.0,
            detection: Detection {
                customers: customers.len(),
                ..Detection::default()
            },
        }
    }

    /// Does one bounded piece of work and says where the run is.
    pub fn step(&mut self) -> Progress {
        let total = self.customers.len();
        if self.profiles.len() < total {
            let from = self.profiles.len();
            let until = (from + PROFILES_PER_STEP).min(total);
            let today = self.today;
            for (index, customer) in self.customers[from..until].iter().enumerate() {
                let profile = Profile::of(customer, today);
                self.keyer.add(from + index, &profile, today);
                self.profiles.push(profile);
            }
            return Progress {
                stage: Stage::Reading,
                done: until,
                total,
            };
        }
        if self.compact.len() < total {
            let freq = Frequencies::count(&self.profiles);
            freq.fill(&mut self.profiles);
            let today = self.today;
            self.compact = self
                .profiles
                .iter()
                .map(|p| Compact::of(p, today))
                .collect();
            self.prior = score::prior_bits(freq.total());
            return Progress {
                stage: Stage::Comparing,
                done: 0,
                total: 1,
            };
        }
        if !self.blocked {
            let keyed = std::mem::take(&mut self.keyer.keyed);
            let found =
                blocking::candidates(keyed, &self.profiles, self.params.max_block, self.today);
            self.candidates = found.pairs;
            self.detection.comparisons = self.candidates.len();
            self.detection.oversized_blocks = found.oversized_blocks;
            self.blocked = true;
            return Progress {
                stage: Stage::Comparing,
                done: 0,
                total: self.candidates.len(),
            };
        }
        let until = (self.compared + PAIRS_PER_STEP).min(self.candidates.len());
        let floor_bits = (self.params.floor / (1.0 - self.params.floor)).log2();
        for &(a, b) in &self.candidates[self.compared..until] {
            let (a, b) = (a as usize, b as usize);
            let x = (&self.profiles[a], &self.compact[a]);
            let y = (&self.profiles[b], &self.compact[b]);
            let mut bits = self.prior;
            score::compare(x, y, |e| bits += f64::from(e.bits));
            if bits >= floor_bits {
                let mut evidence = Vec::with_capacity(8);
                score::compare(x, y, |e| evidence.push(e));
                let (x, y) = (x.0, y.0);
                self.detection.pairs.push(Pair {
                    a: x.id.min(y.id),
                    b: x.id.max(y.id),
                    confidence: confidence(bits),
                    evidence,
                });
            }
        }
        self.compared = until;
        let stage = if until == self.candidates.len() {
            Stage::Done
        } else {
            Stage::Comparing
        };
        Progress {
            stage,
            done: until,
            total: self.candidates.len(),
        }
    }

    /// The result, strongest pairs first (call once [`Detector::step`] said done).
    pub fn finish(mut self) -> Detection {
        self.detection.pairs.sort_by(|x, y| {
            y.confidence
                .total_cmp(&x.confidence)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        self.detection
    }
}

/// Runs a whole detection at once (tests, benchmarks, small data).
pub fn detect(customers: &[Customer], today: NaiveDate, params: DedupeParams) -> Detection {
    let mut detector = Detector::new(customers, today, params);
    while detector.step().stage != Stage::Done {}
    detector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, Gender};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date")
    }

    fn person(id: u64, name: &str) -> Customer {
        let mut c = Customer::new(CustomerId(id), 0);
        c.name = Some(name.to_owned());
        c
    }

    /// Unrelated customers around the pair, so value frequencies and the prior are realistic.
    fn crowd(from: u64, n: u64) -> Vec<Customer> {
        (0..n)
            .map(|i| {
                let mut c = person(from + i, &format!("Person{i} Surname{}", i * 7));
                c.email = Some(format!("p{i}@example.org"));
                c.phone = Some(format!("+1 555 {:07}", i * 13));
                c.birth_date = NaiveDate::from_ymd_opt(
                    1950 + (i % 50) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                );
                c
            })
            .collect()
    }

    /// Whether customers 1 and 2 end up in one group with the default threshold.
    fn grouped(a: Customer, b: Customer) -> bool {
        let mut customers = vec![a, b];
        customers.extend(crowd(100, 2_000));
        let detection = detect(&customers, today(), DedupeParams::default());
        detection
            .groups(DEFAULT_THRESHOLD, &HashSet::new())
            .iter()
            .any(|g| g.members.contains(&1) && g.members.contains(&2))
    }

    #[test]
    fn finds_duplicates_across_writing_systems_and_formats() {
        let cases: Vec<(&str, Customer, Customer, bool)> = vec![
            (
                "pinyin and Han with the same phone",
                {
                    let mut a = person(1, "王芳");
                    a.phone = Some("+86 138 0013 8000".into());
                    a
                },
                {
                    let mut b = person(2, "Wang Fang");
                    b.phone = Some("13800138000".into());
                    b
                },
                true,
            ),
            (
                "surname first with a comma, gmail dots and tags",
                {
                    let mut a = person(1, "Lovelace, Ada");
                    a.email = Some("ada.lovelace+shop@gmail.com".into());
                    a
                },
                {
                    let mut b = person(2, "ADA LOVELACE");
                    b.email = Some("adalovelace@gmial.com".into());
                    b
                },
                true,
            ),
            (
                "address-heavy record without email or phone, name typo",
                {
                    let mut a = person(1, "Jonathan Whitfield");
                    a.birth_date = NaiveDate::from_ymd_opt(1971, 4, 2);
                    a.address.street = Some("14 Rosewood Crescent".into());
                    a.address.city = Some("Ballarat".into());
                    a.address.postcode = Some("3350".into());
                    a
                },
                {
                    let mut b = person(2, "Jonathon Whitfeld");
                    b.birth_date = NaiveDate::from_ymd_opt(1971, 4, 2);
                    b.address.street = Some("14 Rosewood Cres.".into());
                    b.address.city = Some("BALLARAT".into());
                    b.address.postcode = Some("3350".into());
                    b
                },
                true,
            ),
            (
                "same common name, everything else different",
                {
                    let mut a = person(1, "王芳");
                    a.phone = Some("138 0013 8000".into());
                    a.birth_date = NaiveDate::from_ymd_opt(1980, 1, 1);
                    a.gender = Some(Gender::Female);
                    a
                },
                {
                    let mut b = person(2, "王芳");
                    b.phone = Some("139 1111 2222".into());
                    b.birth_date = NaiveDate::from_ymd_opt(1995, 7, 9);
                    b.gender = Some(Gender::Female);
                    b
                },
                false,
            ),
            (
                "one character apart in a Chinese name",
                {
                    let mut a = person(1, "梁芳");
                    a.address.city = Some("北京".into());
                    a
                },
                {
                    let mut b = person(2, "黄芳");
                    b.address.city = Some("北京".into());
                    b
                },
                false,
            ),
        ];
        for (case, a, b, expected) in cases {
            assert_eq!(grouped(a, b), expected, "{case}");
        }
    }

    #[test]
    fn pairs_marked_not_duplicates_are_never_grouped() {
        let mut a = person(1, "Grace Hopper");
        a.email = Some("grace@navy.mil".into());
        let mut b = person(2, "Grace Hopper");
        b.email = Some("grace@navy.mil".into());
        let detection = detect(&[a, b], today(), DedupeParams::default());
        assert_eq!(
            detection.groups(DEFAULT_THRESHOLD, &HashSet::new()).len(),
            1
        );
        let marked = HashSet::from([(1, 2)]);
        assert!(detection.groups(DEFAULT_THRESHOLD, &marked).is_empty());
        let group = &detection.groups(DEFAULT_THRESHOLD, &HashSet::new())[0];
        assert!(group.links[0]
            .evidence
            .iter()
            .any(|e| e.field == Field::Email && e.agreement == Agreement::Same));
    }

    #[test]
    fn imported_rows_find_their_stored_customer() {
        let mut stored = crowd(1, 300);
        let mut twin = stored[10].clone();
        twin.name = twin.name.map(|n| n.to_uppercase());
        twin.phone = None;
        let mut stranger = person(0, "Nobody Here");
        stranger.email = Some("nobody@else.org".into());
        let first_incoming = 1_000;
        twin.id = CustomerId(first_incoming);
        stranger.id = CustomerId(first_incoming + 1);
        stored.extend([twin, stranger]);
        let detection = detect(&stored, today(), DedupeParams::default());
        let matches = incoming_matches(&detection, first_incoming, DEFAULT_THRESHOLD);
        assert_eq!(matches.len(), 1, "{matches:?}");
        assert_eq!((matches[0].row, matches[0].existing), (0, 11));
    }

    #[test]
    fn the_same_data_gives_the_same_groups() {
        let mut customers = crowd(1, 500);
        customers.extend(crowd(1_001, 500).into_iter().map(|mut c| {
            c.name = c.name.map(|n| n.to_uppercase());
            c
        }));
        let first = detect(&customers, today(), DedupeParams::default());
        let second = detect(&customers, today(), DedupeParams::default());
        assert_eq!(first, second);
        assert_eq!(first.groups(0.5, &HashSet::new()).len(), 500);
    }
}
