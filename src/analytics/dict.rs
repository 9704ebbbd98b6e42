//! Interned text keys: each distinct key gets a small integer, stored once in one byte buffer.

use hashbrown::HashTable;
use xxhash_rust::xxh3::xxh3_64;

/// A dictionary of byte-string keys numbered 0, 1, 2… in order of first appearance.
///
/// One `HashTable` of indices over one shared byte buffer: no allocation per key, which is what
/// keeps interning a million customer and order ids cheap (a `HashMap<String, u32>` would
/// allocate and hash every key twice).
#[derive(Debug, Clone, Default)]
pub struct Dict {
    table: HashTable<u32>,
    bytes: Vec<u8>,
    /// `ends[i]` is where key `i` ends in `bytes`; it starts where key `i - 1` ends.
    ends: Vec<u32>,
}

impl Dict {
    /// The number of distinct keys.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of key `index`.
    pub fn get(&self, index: u32) -> &[u8] {
        key_at(&self.bytes, &self.ends, index)
    }

    /// The key's number, adding the key when it is new.
    pub fn intern(&mut self, key: &[u8]) -> u32 {
        let hash = xxh3_64(key);
        let Self { table, bytes, ends } = self;
        let found = table.find(hash, |&index| key_at(bytes, ends, index) == key);
        if let Some(&index) = found {
            return index;
        }
        let index = ends.len() as u32;
        bytes.extend_from_slice(key);
        ends.push(bytes.len() as u32);
        let (bytes, ends) = (&*bytes, &*ends);
        table.insert_unique(hash, index, |&other| xxh3_64(key_at(bytes, ends, other)));
        index
    }

    /// The key's number, if the key is known.
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        self.table
            .find(xxh3_64(key), |&index| self.get(index) == key)
            .copied()
    }

    /// Adds every key of `other` and returns, for each of its numbers, the number here.
    pub fn absorb(&mut self, other: &Dict) -> Vec<u32> {
        (0..other.len() as u32)
            .map(|index| self.intern(other.get(index)))
            .collect()
    }

    /// The total length of all keys.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// The raw parts (all keys back to back, and where each ends), to send elsewhere.
    pub fn parts(&self) -> (&[u8], &[u32]) {
        (&self.bytes, &self.ends)
    }

    /// Rebuilds a dictionary from [`Dict::into_parts`]; `None` when the parts are inconsistent.
    pub fn from_parts(bytes: Vec<u8>, ends: Vec<u32>) -> Option<Dict> {
        let mut previous = 0u32;
        for &end in &ends {
            if end < previous || end as usize > bytes.len() {
                return None;
            }
            previous = end;
        }
        let mut dict = Dict {
            table: HashTable::with_capacity(ends.len()),
            bytes,
            ends,
        };
        for index in 0..dict.ends.len() as u32 {
            let hash = xxh3_64(dict.get(index));
            let Dict { table, bytes, ends } = &mut dict;
            let (bytes, ends) = (&*bytes, &*ends);
            table.insert_unique(hash, index, |&other| xxh3_64(key_at(bytes, ends, other)));
        }
        Some(dict)
    }
}

/// Key `index` of a buffer of keys back to back, `ends[i]` being where key `i` ends.
fn key_at<'a>(bytes: &'a [u8], ends: &[u32], index: u32) -> &'a [u8] {
    let index = index as usize;
    let start = if index == 0 {
        0
    } else {
        ends[index - 1] as usize
    };
    &bytes[start..ends[index] as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_numbered_in_order_of_first_appearance() {
        let mut dict = Dict::default();
        let numbers: Vec<u32> = ["C2", "C10", "C2", "", "C10", "C3"]
            .iter()
            .map(|k| dict.intern(k.as_bytes()))
            .collect();
        assert_eq!(numbers, [0, 1, 0, 2, 1, 3]);
        assert_eq!(dict.len(), 4);
        assert_eq!(dict.get(1), b"C10");
        assert_eq!(dict.get(2), b"");
        assert_eq!(dict.find(b"C3"), Some(3));
        assert_eq!(dict.find(b"C4"), None);
    }

    #[test]
    fn absorbing_maps_numbers_and_parts_round_trip() {
        let mut a = Dict::default();
        a.intern(b"x");
        a.intern(b"y");
        let mut b = Dict::default();
        b.intern(b"z");
        b.intern(b"x");
        assert_eq!(a.absorb(&b), [2, 0]);
        let (bytes, ends) = a.parts();
        let back = Dict::from_parts(bytes.to_vec(), ends.to_vec()).expect("consistent parts");
        assert_eq!(back.find(b"z"), Some(2));
        assert_eq!(back.get(1), b"y");
        assert!(Dict::from_parts(b"ab".to_vec(), vec![1, 5]).is_none());
        assert!(Dict::from_parts(b"ab".to_vec(), vec![2, 1]).is_none());
    }
}
