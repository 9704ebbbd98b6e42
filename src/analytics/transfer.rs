//! Order lines as one flat byte buffer, to hand a part read in one worker to another (a
//! transferable `ArrayBuffer` moves without copying; structured cloning of objects would not).
//!
//! Layout, little-endian: row count, then each column in full, then both dictionaries (byte
//! length, bytes, key count, key ends), then the three counters.

use super::{Dict, LinesError, OrderLines};

impl OrderLines {
    /// The lines as bytes for [`OrderLines::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.len();
        let dict_bytes = |d: &Dict| d.byte_len() + 4 * d.len() + 16;
        let mut out = Vec::with_capacity(
            8 + n * (16 + 4 + 4 + 8 * 3)
                + dict_bytes(&self.orders)
                + dict_bytes(&self.customers)
                + 24,
        );
        out.extend_from_slice(&(n as u64).to_le_bytes());
        for h in &self.hash {
            out.extend_from_slice(&h.to_le_bytes());
        }
        for column in [&self.order, &self.customer] {
            for v in column {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        for column in [&self.quantity, &self.unit_price, &self.amount] {
            for v in column {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        for dict in [&self.orders, &self.customers] {
            let (bytes, ends) = dict.parts();
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(bytes);
            out.extend_from_slice(&(ends.len() as u64).to_le_bytes());
            for e in ends {
                out.extend_from_slice(&e.to_le_bytes());
            }
        }
        for counter in [self.unreadable_numbers, self.short_rows, self.quotes] {
            out.extend_from_slice(&counter.to_le_bytes());
        }
        out
    }

    /// Lines from [`OrderLines::to_bytes`]; a damaged buffer is an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<OrderLines, LinesError> {
        let mut r = Cursor { bytes, at: 0 };
        let n = r.count()?;
        let hash = r.column(n, 16, |b| {
            u128::from_le_bytes(b.try_into().expect("16 bytes"))
        })?;
        let order = r.column(n, 4, |b| u32::from_le_bytes(b.try_into().expect("4 bytes")))?;
        let customer = r.column(n, 4, |b| u32::from_le_bytes(b.try_into().expect("4 bytes")))?;
        let mut numbers = || r.column(n, 8, |b| i64::from_le_bytes(b.try_into().expect("8 bytes")));
        let (quantity, unit_price, amount) = (numbers()?, numbers()?, numbers()?);
        let orders = r.dict()?;
        let customers = r.dict()?;
        if order.iter().any(|&o| o as usize >= orders.len())
            || customer.iter().any(|&c| c as usize >= customers.len())
        {
            return Err(LinesError::BadPart);
        }
        let (unreadable_numbers, short_rows, quotes) = (r.u64()?, r.u64()?, r.u64()?);
        if r.at != bytes.len() {
            return Err(LinesError::BadPart);
        }
        Ok(OrderLines {
            hash,
            order,
            customer,
            quantity,
            unit_price,
            amount,
            orders,
            customers,
            unreadable_numbers,
            short_rows,
            quotes,
        })
    }
}

/// Reads what the `to_bytes` writers of this module wrote; a damaged buffer is an error.
pub(super) struct Cursor<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, len: usize) -> Result<&[u8], LinesError> {
        let end = self.at.checked_add(len).ok_or(LinesError::BadPart)?;
        let slice = self.bytes.get(self.at..end).ok_or(LinesError::BadPart)?;
        self.at = end;
        Ok(slice)
    }

    pub fn u64(&mut self) -> Result<u64, LinesError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    /// A count that must fit in what is left of the buffer (so a damaged count cannot make a
    /// huge allocation).
    pub fn count(&mut self) -> Result<usize, LinesError> {
        let n = usize::try_from(self.u64()?).map_err(|_| LinesError::BadPart)?;
        if n > self.bytes.len() - self.at {
            return Err(LinesError::BadPart);
        }
        Ok(n)
    }

    pub fn column<T>(
        &mut self,
        n: usize,
        width: usize,
        read: impl Fn(&[u8]) -> T,
    ) -> Result<Vec<T>, LinesError> {
        let bytes = self.take(n.checked_mul(width).ok_or(LinesError::BadPart)?)?;
        Ok(bytes.chunks_exact(width).map(read).collect())
    }

    /// Texts written by [`put_texts`].
    pub fn texts(&mut self) -> Result<Vec<String>, LinesError> {
        let n = self.count()?;
        (0..n)
            .map(|_| {
                let len = self.count()?;
                String::from_utf8(self.take(len)?.to_vec()).map_err(|_| LinesError::BadPart)
            })
            .collect()
    }

    fn dict(&mut self) -> Result<Dict, LinesError> {
        let len = self.count()?;
        let bytes = self.take(len)?.to_vec();
        let n = self.count()?;
        let ends = self.column(n, 4, |b| u32::from_le_bytes(b.try_into().expect("4 bytes")))?;
        Dict::from_parts(bytes, ends).ok_or(LinesError::BadPart)
    }
}

/// Writes a count, then each text as its byte length and bytes.
pub(super) fn put_texts(out: &mut Vec<u8>, texts: &[String]) {
    out.extend_from_slice(&(texts.len() as u64).to_le_bytes());
    for text in texts {
        out.extend_from_slice(&(text.len() as u64).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::super::{read_header, read_lines};
    use super::*;

    #[test]
    fn lines_survive_the_trip_and_damage_is_refused() {
        let text =
            "order_id,customer_id,quantity,unit_price,amount\nO1,C1,2,1.50,\"3.00\"\nO2,C2,,x,\n";
        let (columns, start) = read_header(text.as_bytes()).expect("header");
        let lines = read_lines(&text.as_bytes()[start..], &columns);
        let bytes = lines.to_bytes();
        let back = OrderLines::from_bytes(&bytes).expect("round trip");
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.customers.get(1), b"C2");
        assert_eq!((back.unreadable_numbers, back.quotes), (1, 2));
        for cut in [0, 7, 8, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(
                OrderLines::from_bytes(&bytes[..cut]).err(),
                Some(LinesError::BadPart)
            );
        }
        let mut bad = bytes.clone();
        bad[8 + 2 * 16] = 9; // The first order number now points past the dictionary.
        assert_eq!(
            OrderLines::from_bytes(&bad).err(),
            Some(LinesError::BadPart)
        );
        let mut huge = bytes;
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(
            OrderLines::from_bytes(&huge).err(),
            Some(LinesError::BadPart)
        );
    }
}
