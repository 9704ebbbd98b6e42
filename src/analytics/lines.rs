//! Order lines as columns, read byte by byte from an orders CSV file (one row per line).
//!
//! The reader is built for speed on large exports: `csv-core` splits records without
//! allocating, ids are interned into [`Dict`]s, amounts become cents without a float, and every
//! row gets a 128-bit hash of its fields so duplicate rows are found without keeping the text.
//! A file can be read in parts (line-aligned byte ranges, one per worker) and the parts
//! appended in order; the result equals reading the file in one go.

use csv_core::{ReadRecordResult, Reader};
use thiserror::Error;
use xxhash_rust::xxh3::xxh3_128_with_seed;

use super::Dict;

/// A number that was empty (or unreadable) in the file.
pub const MISSING: i64 = i64::MIN;

/// Why order lines could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinesError {
    #[error("the file is empty: it has no header line")]
    NoHeader,
    #[error("the header line has no column named {0}")]
    MissingColumns(String),
    #[error("a part of the file came back damaged from a worker")]
    BadPart,
}

/// Where the needed columns are in each row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub order: usize,
    pub customer: usize,
    pub quantity: usize,
    pub unit_price: usize,
    pub amount: usize,
}

impl Columns {
    fn widest(&self) -> usize {
        self.to_array().into_iter().max().unwrap_or(0)
    }

    /// The positions as a list, in the order the fields are declared.
    pub fn to_array(self) -> [usize; 5] {
        [
            self.order,
            self.customer,
            self.quantity,
            self.unit_price,
            self.amount,
        ]
    }

    pub fn from_array(a: [usize; 5]) -> Columns {
        Columns {
            order: a[0],
            customer: a[1],
            quantity: a[2],
            unit_price: a[3],
            amount: a[4],
        }
    }
}

/// The column names looked for, as Fieldbook's own export writes them (any letter case).
const NAMES: [&str; 5] = [
    "order_id",
    "customer_id",
    "quantity",
    "unit_price",
    "amount",
];

/// Reads the header line at the start of `bytes` (the first few kilobytes of the file are
/// enough) and returns the column positions and the offset where the data rows start.
pub fn read_header(bytes: &[u8]) -> Result<(Columns, usize), LinesError> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut reader = Reader::new();
    let mut out = vec![0u8; bytes.len().max(16)];
    let mut ends = vec![0usize; 1024];
    let (result, read, _, fields) = reader.read_record(&bytes[bom..], &mut out, &mut ends);
    if !matches!(result, ReadRecordResult::Record) || fields == 0 {
        return Err(LinesError::NoHeader);
    }
    let mut positions = [usize::MAX; 5];
    let mut start = 0;
    for (index, &end) in ends[..fields].iter().enumerate() {
        let name = String::from_utf8_lossy(&out[start..end])
            .trim()
            .to_lowercase();
        if let Some(slot) = NAMES.iter().position(|n| *n == name) {
            if positions[slot] == usize::MAX {
                positions[slot] = index;
            }
        }
        start = end;
    }
    let missing: Vec<&str> = NAMES
        .iter()
        .zip(positions)
        .filter(|(_, p)| *p == usize::MAX)
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(LinesError::MissingColumns(missing.join(", ")));
    }
    // csv-core ends a record at the `\r` of a `\r\n`; the rows start after the whole break.
    let mut start = bom + read;
    while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
        start += 1;
    }
    Ok((Columns::from_array(positions), start))
}

/// Where to cut `len` bytes of rows (from `start`) into `parts` nearly equal ranges. The cut
/// points still have to be moved to line starts with [`line_start_after`].
pub fn split_points(start: usize, len: usize, parts: usize) -> Vec<usize> {
    let parts = parts.max(1);
    let size = len.saturating_sub(start);
    (1..parts).map(|i| start + size * i / parts).collect()
}

/// The offset just after the first line break in `window`, if there is one: a cut point read
/// at a nominal split moves there so that each part starts at the beginning of a line.
pub fn line_start_after(window: &[u8]) -> Option<usize> {
    window.iter().position(|&b| b == b'\n').map(|at| at + 1)
}

/// Order lines as columns; row `i` is `(order[i], customer[i], quantity[i], …)`.
#[derive(Debug, Clone, Default)]
pub struct OrderLines {
    /// A 128-bit hash of all fields of the row, as text: equal rows have equal hashes, and two
    /// different rows share one with a chance of about 2^-128 (never, in practice).
    pub hash: Vec<u128>,
    pub order: Vec<u32>,
    pub customer: Vec<u32>,
    /// Whole units, or [`MISSING`].
    pub quantity: Vec<i64>,
    /// Cents, or [`MISSING`].
    pub unit_price: Vec<i64>,
    /// Cents, or [`MISSING`].
    pub amount: Vec<i64>,
    pub orders: Dict,
    pub customers: Dict,
    /// Numbers that could not be read and were kept as missing.
    pub unreadable_numbers: u64,
    /// Rows with fewer fields than the header names, which were left out.
    pub short_rows: u64,
    /// The number of `"` characters in the bytes read: an odd count means a cut point fell
    /// inside a quoted field, and the parts must be read again as one.
    pub quotes: u64,
}

impl OrderLines {
    pub fn len(&self) -> usize {
        self.hash.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hash.is_empty()
    }

    /// Appends the rows of the part that follows this one in the file.
    pub fn append(&mut self, next: OrderLines) {
        let orders = self.orders.absorb(&next.orders);
        let customers = self.customers.absorb(&next.customers);
        self.hash.extend_from_slice(&next.hash);
        self.order
            .extend(next.order.iter().map(|&o| orders[o as usize]));
        self.customer
            .extend(next.customer.iter().map(|&c| customers[c as usize]));
        self.quantity.extend_from_slice(&next.quantity);
        self.unit_price.extend_from_slice(&next.unit_price);
        self.amount.extend_from_slice(&next.amount);
        self.unreadable_numbers += next.unreadable_numbers;
        self.short_rows += next.short_rows;
        self.quotes += next.quotes;
    }

    /// Keeps only the rows whose flag is set, in order.
    pub fn retain(&mut self, keep: &[bool]) {
        fn retain<T: Copy>(column: &mut Vec<T>, keep: &[bool]) {
            let mut at = 0;
            column.retain(|_| {
                at += 1;
                keep[at - 1]
            });
        }
        retain(&mut self.hash, keep);
        retain(&mut self.order, keep);
        retain(&mut self.customer, keep);
        retain(&mut self.quantity, keep);
        retain(&mut self.unit_price, keep);
        retain(&mut self.amount, keep);
    }
}

/// Reads the data rows in `bytes` (a line-aligned part of the file, without the header).
pub fn read_lines(bytes: &[u8], columns: &Columns) -> OrderLines {
    let mut lines = OrderLines {
        quotes: bytes.iter().filter(|&&b| b == b'"').count() as u64,
        ..OrderLines::default()
    };
    let estimate = bytes.len() / 48;
    lines.hash.reserve(estimate);
    lines.order.reserve(estimate);
    lines.customer.reserve(estimate);
    lines.quantity.reserve(estimate);
    lines.unit_price.reserve(estimate);
    lines.amount.reserve(estimate);

    let widest = columns.widest();
    let mut reader = Reader::new();
    let mut out = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let mut input = bytes;
    let (mut out_len, mut ends_len) = (0usize, 0usize);
    loop {
        let (result, read, written, found) =
            reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[read..];
        out_len += written;
        ends_len += found;
        match result {
            // Once the input is used up, the next call gets an empty slice, which csv-core
            // reads as the end: it then hands over a last row without a line break, then `End`.
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => {
                let grown = out.len() * 2;
                out.resize(grown, 0);
            }
            ReadRecordResult::OutputEndsFull => {
                let grown = ends.len() * 2;
                ends.resize(grown, 0);
            }
            ReadRecordResult::Record => {
                take_row(
                    &mut lines,
                    &out[..out_len],
                    &ends[..ends_len],
                    columns,
                    widest,
                );
                out_len = 0;
                ends_len = 0;
            }
            ReadRecordResult::End => break,
        }
    }
    lines
}

/// Adds one parsed record: `fields` holds the unquoted field texts back to back, `ends` where
/// each ends.
fn take_row(
    lines: &mut OrderLines,
    fields: &[u8],
    ends: &[usize],
    columns: &Columns,
    widest: usize,
) {
    if ends.len() <= 1 && fields.is_empty() {
        return; // A blank line.
    }
    if ends.len() <= widest {
        lines.short_rows += 1;
        return;
    }
    let field = |index: usize| {
        let start = if index == 0 { 0 } else { ends[index - 1] };
        &fields[start..ends[index]]
    };
    // The field boundaries go into the seed, so "ab,c" and "a,bc" hash differently.
    let shape = ends.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &e| {
        (h ^ e as u64).wrapping_mul(0x0100_0000_01B3)
    });
    lines.hash.push(xxh3_128_with_seed(fields, shape));
    let order = lines.orders.intern(field(columns.order));
    lines.order.push(order);
    let customer = lines.customers.intern(field(columns.customer));
    lines.customer.push(customer);
    let mut number = |text: &[u8], whole: bool| match parse_cents(text) {
        Some(MISSING) => MISSING,
        Some(cents) if !whole => cents,
        Some(cents) if cents % 100 == 0 => cents / 100,
        _ => {
            lines.unreadable_numbers += 1;
            MISSING
        }
    };
    let quantity = number(field(columns.quantity), true);
    let unit_price = number(field(columns.unit_price), false);
    let amount = number(field(columns.amount), false);
    lines.quantity.push(quantity);
    lines.unit_price.push(unit_price);
    lines.amount.push(amount);
}

/// A decimal number as cents: `Some(MISSING)` for an empty field, `None` when unreadable.
/// Digits after the second decimal round half away from zero.
pub fn parse_cents(text: &[u8]) -> Option<i64> {
    let text = text.trim_ascii();
    if text.is_empty() {
        return Some(MISSING);
    }
    let (negative, digits) = match text[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let mut units: i64 = 0;
    let mut cents: i64 = 0;
    let mut decimals = 0;
    let mut round_up = false;
    let mut seen_digit = false;
    let mut seen_point = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                seen_digit = true;
                let d = i64::from(b - b'0');
                if !seen_point {
                    units = units.checked_mul(10)?.checked_add(d)?;
                } else {
                    decimals += 1;
                    match decimals {
                        1 | 2 => cents = cents * 10 + d,
                        3 => round_up = d >= 5,
                        _ => {}
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    if decimals == 1 {
        cents *= 10;
    }
    let total = units
        .checked_mul(100)?
        .checked_add(cents)?
        .checked_add(i64::from(round_up))?;
    Some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "\u{feff}order_id,customer_id,order_date,status,product_id,quantity,unit_price,amount\r\n\
        O1,C1,2024-01-02,completed,P1,2,15.90,31.80\r\n\
        O1,C1,2024-01-02,completed,P2,1,\"1,000.5\",\r\n\
        O2,C2,2024-01-03,completed,P1,,15.90,15.9\r\n\
        \r\n\
        O3,C1\r\n\
        O1,C1,2024-01-02,completed,P1,2,15.90,31.80";

    fn read_all(text: &str) -> OrderLines {
        let (columns, start) = read_header(text.as_bytes()).expect("header");
        read_lines(&text.as_bytes()[start..], &columns)
    }

    #[test]
    fn header_names_the_needed_columns_in_any_order_and_case() {
        let (columns, start) = read_header(FILE.as_bytes()).expect("header");
        assert_eq!(columns.to_array(), [0, 1, 5, 6, 7]);
        assert!(FILE[start..].starts_with("O1,C1"));
        let err = read_header(b"Amount,CUSTOMER_ID\n1,2").expect_err("missing columns");
        assert_eq!(
            err,
            LinesError::MissingColumns("order_id, quantity, unit_price".into())
        );
        assert_eq!(read_header(b""), Err(LinesError::NoHeader));
    }

    #[test]
    fn rows_become_columns_with_cents_and_interned_ids() {
        let lines = read_all(FILE);
        assert_eq!(lines.len(), 4, "blank line skipped, short row left out");
        assert_eq!(lines.short_rows, 1);
        assert_eq!(lines.order, [0, 0, 1, 0]);
        assert_eq!(lines.customer, [0, 0, 1, 0]);
        assert_eq!(lines.quantity, [2, 1, MISSING, 2]);
        assert_eq!(lines.amount, [3180, MISSING, 1590, 3180]);
        assert_eq!(lines.unit_price[1], MISSING, "1,000.5 is not a number here");
        assert_eq!(lines.unreadable_numbers, 1);
        assert_eq!(lines.hash[0], lines.hash[3], "the same row hashes the same");
        assert_ne!(lines.hash[0], lines.hash[1]);
        assert_eq!(lines.quotes, 2);
    }

    #[test]
    fn field_boundaries_count_in_the_row_hash() {
        let cols = Columns::from_array([0, 1, 2, 3, 4]);
        let lines = read_lines(b"ab,c,1,1,1\na,bc,1,1,1\n", &cols);
        assert_ne!(lines.hash[0], lines.hash[1]);
    }

    #[test]
    fn reading_in_parts_equals_reading_in_one_go() {
        let (columns, start) = read_header(FILE.as_bytes()).expect("header");
        let bytes = FILE.as_bytes();
        let whole = read_lines(&bytes[start..], &columns);
        for parts in 2..5 {
            let mut cuts = vec![start];
            for point in split_points(start, bytes.len(), parts) {
                let at = line_start_after(&bytes[point..]).map_or(bytes.len(), |o| point + o);
                cuts.push(at.max(*cuts.last().expect("one cut")));
            }
            cuts.push(bytes.len());
            let mut joined = OrderLines::default();
            for pair in cuts.windows(2) {
                joined.append(read_lines(&bytes[pair[0]..pair[1]], &columns));
            }
            assert_eq!(joined.hash, whole.hash, "{parts} parts");
            assert_eq!(joined.order, whole.order);
            assert_eq!(joined.customer, whole.customer);
            assert_eq!(joined.amount, whole.amount);
            assert_eq!(joined.orders.len(), whole.orders.len());
        }
    }

    #[test]
    fn cents_are_exact() {
        let cases: &[(&str, Option<i64>)] = &[
            ("15.90", Some(1590)),
            ("15.9", Some(1590)),
            (" 7 ", Some(700)),
            ("-0.05", Some(-5)),
            ("0.125", Some(13)),
            ("0.124", Some(12)),
            ("", Some(MISSING)),
            (".5", Some(50)),
            ("1.2.3", None),
            ("abc", None),
            ("-", None),
            ("99999999999999999999", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_cents(text.as_bytes()), *want, "{text:?}");
        }
    }
}
