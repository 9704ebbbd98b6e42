//! What every list (customers, orders, products) shares: instant search over folded text and
//! phone digits, and sort orders worked out once per column and kept.
//!
//! Search scans one folded text buffer with `memchr::memmem` instead of keeping a token index:
//! 100,000 rows are a few megabytes of text, which a substring scan covers within a frame, and
//! it finds any part of a word ("ang" in "Wang", "138" in a phone) where a token index would
//! only find prefixes.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::Hash;
use std::rc::Rc;

use memchr::memmem;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::model::normalise_phone;

/// Lowercase without accents: "Émile" and "emile" fold alike; Chinese stays as it is.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Row separator in the search buffers: never part of a folded field.
const ROW_END: u8 = 0;
/// Field separator, so a query cannot match across the end of one field and the next.
const FIELD_END: u8 = 1;

/// The searchable text of a list's rows, in row order.
#[derive(Debug, Clone, Default)]
pub struct TextSearch {
    /// Folded fields of every row; row `i` starts at `text_starts[i]`.
    text: Vec<u8>,
    text_starts: Vec<u32>,
    /// The phone digits of every row, same layout.
    digits: Vec<u8>,
    digit_starts: Vec<u32>,
}

impl TextSearch {
    /// Adds the next row: its searchable fields and its phone number ("" for none).
    pub fn push(&mut self, fields: &[&str], phone: &str) {
        self.text_starts.push(self.text.len() as u32);
        for field in fields {
            self.text.extend_from_slice(fold(field).as_bytes());
            self.text.push(FIELD_END);
        }
        self.text.push(ROW_END);
        self.digit_starts.push(self.digits.len() as u32);
        if !phone.is_empty() {
            self.digits
                .extend_from_slice(normalise_phone(phone).as_bytes());
        }
        self.digits.push(ROW_END);
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.text_starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text_starts.is_empty()
    }

    /// The rows (their positions) that match every word of `query`, in row order. A word
    /// matches any part of any field; a word that is a phone number (digits with spaces,
    /// dashes, dots, brackets or a leading +) also matches the phone's digits however it was
    /// written. An empty query matches every row.
    pub fn search(&self, query: &str) -> Vec<u32> {
        let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
        if words.is_empty() {
            return (0..self.len() as u32).collect();
        }
        // Scan for the most selective-looking (longest) word, then check the others per row.
        let first = words
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| w.text.len())
            .map_or(0, |(i, _)| i);
        let mut found = self.rows_containing(&words[first]);
        found.retain(|&row| {
            words
                .iter()
                .enumerate()
                .all(|(i, w)| i == first || self.row_contains(row, w))
        });
        found
    }

    fn rows_containing(&self, word: &Word) -> Vec<u32> {
        let mut rows = Vec::new();
        let mut collect = |haystack: &[u8], starts: &[u32], needle: &[u8]| {
            let mut last = u32::MAX;
            for at in memmem::find_iter(haystack, needle) {
                let row = starts.partition_point(|&s| s as usize <= at) as u32 - 1;
                if row != last {
                    rows.push(row);
                    last = row;
                }
            }
        };
        collect(&self.text, &self.text_starts, word.text.as_bytes());
        if let Some(digits) = &word.digits {
            collect(&self.digits, &self.digit_starts, digits.as_bytes());
            rows.sort_unstable();
            rows.dedup();
        }
        rows
    }

    fn row_contains(&self, row: u32, word: &Word) -> bool {
        let slice = |buffer: &'_ [u8], starts: &[u32]| -> std::ops::Range<usize> {
            let start = starts[row as usize] as usize;
            let end = starts
                .get(row as usize + 1)
                .map_or(buffer.len(), |&s| s as usize);
            start..end
        };
        let text = &self.text[slice(&self.text, &self.text_starts)];
        memmem::find(text, word.text.as_bytes()).is_some()
            || word.digits.as_ref().is_some_and(|d| {
                let digits = &self.digits[slice(&self.digits, &self.digit_starts)];
                memmem::find(digits, d.as_bytes()).is_some()
            })
    }
}

/// A search word, folded, and its digits when it looks like a phone number.
struct Word {
    text: String,
    digits: Option<String>,
}

impl Word {
    fn new(word: &str) -> Word {
        let phone_like = word
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.()".contains(c))
            && word.chars().filter(char::is_ascii_digit).count() >= 2;
        Word {
            text: fold(word),
            digits: phone_like.then(|| word.chars().filter(char::is_ascii_digit).collect()),
        }
    }
}

/// One column's ascending order over all rows, and whether it puts empty values last (text
/// columns do, in either direction).
#[derive(Debug, Clone)]
pub struct ColumnOrder {
    pub rows: Rc<Vec<u32>>,
    pub empties_last: bool,
}

impl ColumnOrder {
    /// Rows by a number-like key, ties by `id`. The keys are read once into one vector and
    /// sorted there: reading them from the rows during the sort cost a cache miss per
    /// comparison (300,000 orders took 200 ms).
    pub fn by_key<K: Ord>(len: usize, key: impl Fn(u32) -> K, id: impl Fn(u32) -> u64) -> Self {
        let mut keyed: Vec<(K, u64, u32)> = (0..len as u32).map(|r| (key(r), id(r), r)).collect();
        keyed.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        ColumnOrder {
            rows: Rc::new(keyed.into_iter().map(|(_, _, r)| r).collect()),
            empties_last: false,
        }
    }

    /// Rows by text, case- and accent-insensitively, empty values last, ties by `id`. Each
    /// key is folded once, not once per comparison.
    pub fn by_text<'a>(len: usize, text: impl Fn(u32) -> &'a str, id: impl Fn(u32) -> u64) -> Self {
        let keys: Vec<String> = (0..len as u32).map(|r| fold(text(r))).collect();
        let mut rows: Vec<u32> = (0..len as u32).collect();
        rows.sort_unstable_by(|&a, &b| {
            let (ka, kb) = (&keys[a as usize], &keys[b as usize]);
            match (ka.is_empty(), kb.is_empty()) {
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => ka.cmp(kb).then(id(a).cmp(&id(b))),
            }
        });
        ColumnOrder {
            rows: Rc::new(rows),
            empties_last: true,
        }
    }
}

/// Sort orders per column, worked out on first use and kept, so re-sorting after every
/// keystroke of a search is a filter over a ready order, not a sort.
#[derive(Debug, Clone)]
pub struct SortCache<K> {
    orders: RefCell<HashMap<K, ColumnOrder>>,
}

impl<K> Default for SortCache<K> {
    fn default() -> Self {
        SortCache {
            orders: RefCell::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Copy> SortCache<K> {
    /// `rows` (a subset of `0..len`) in the order of `column`; `build` works out the column's
    /// order the first time; `is_empty` says whether a row's value is empty (kept last when
    /// descending too).
    pub fn sorted(
        &self,
        len: usize,
        rows: &[u32],
        column: K,
        descending: bool,
        build: impl FnOnce() -> ColumnOrder,
        is_empty: impl Fn(u32) -> bool,
    ) -> Vec<u32> {
        let cached = self.orders.borrow().get(&column).cloned();
        let order = match cached {
            Some(order) => order,
            None => {
                let order = build();
                self.orders.borrow_mut().insert(column, order.clone());
                order
            }
        };
        let mut out: Vec<u32> = if rows.len() == len {
            order.rows.to_vec()
        } else {
            let mut wanted = vec![false; len];
            for &row in rows {
                wanted[row as usize] = true;
            }
            order
                .rows
                .iter()
                .copied()
                .filter(|&r| wanted[r as usize])
                .collect()
        };
        if descending {
            let empty = out
                .iter()
                .rev()
                .take_while(|&&r| order.empties_last && is_empty(r))
                .count();
            let filled = out.len() - empty;
            out[..filled].reverse();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search() -> TextSearch {
        let mut s = TextSearch::default();
        s.push(&["Émile Zola", "Rougon SA"], "+33 1 42 68 53 00");
        s.push(&["王芳", ""], "138 0013 8000");
        s.push(&["Ada", "Engines"], "");
        s
    }

    #[test]
    fn words_must_all_match_and_never_across_fields() {
        let s = search();
        assert_eq!(s.search("emile rougon"), [0]);
        assert_eq!(s.search("zolarougon"), Vec::<u32>::new());
        assert_eq!(s.search("芳"), [1]);
        assert_eq!(s.search("13800138000"), [1]);
        assert_eq!(s.search(""), [0, 1, 2]);
    }

    #[test]
    fn text_orders_put_empties_last_both_ways() {
        let names = ["b", "", "A", "c"];
        let cache = SortCache::<u8>::default();
        let sort = |descending| {
            cache.sorted(
                4,
                &[0, 1, 2, 3],
                0,
                descending,
                || ColumnOrder::by_text(4, |r| names[r as usize], u64::from),
                |r| names[r as usize].is_empty(),
            )
        };
        assert_eq!(sort(false), [2, 0, 3, 1]);
        assert_eq!(sort(true), [3, 0, 2, 1]);
        let subset = cache.sorted(4, &[0, 1], 0, false, || unreachable!("cached"), |_| false);
        assert_eq!(subset, [0, 1]);
    }
}
