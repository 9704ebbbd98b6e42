//! Cleaning order lines (duplicate rows, missing numbers) and the per-customer figures built
//! from them: the number of distinct orders and the sum of the line amounts, in cents.

use hashbrown::HashSet;
use rustc_hash::FxBuildHasher;

use super::{Dict, OrderLines, MISSING};

impl OrderLines {
    /// Drops every row that repeats an earlier one field for field; returns how many went.
    pub fn drop_duplicate_rows(&mut self) -> usize {
        // The hashes are already uniformly spread, so the set's own hasher only has to be fast.
        let mut seen: HashSet<u128, FxBuildHasher> =
            HashSet::with_capacity_and_hasher(self.len(), FxBuildHasher);
        let keep: Vec<bool> = self.hash.iter().map(|&h| seen.insert(h)).collect();
        let dropped = keep.iter().filter(|k| !**k).count();
        if dropped > 0 {
            self.retain(&keep);
        }
        dropped
    }

    /// Fills missing numbers: a missing quantity is 1, a missing amount is quantity × unit
    /// price. Returns how many cells were filled; an amount without a unit price stays missing.
    pub fn fill_missing(&mut self) -> usize {
        let mut filled = 0;
        for quantity in &mut self.quantity {
            if *quantity == MISSING {
                *quantity = 1;
                filled += 1;
            }
        }
        for ((amount, &quantity), &price) in self
            .amount
            .iter_mut()
            .zip(&self.quantity)
            .zip(&self.unit_price)
        {
            if *amount == MISSING && price != MISSING {
                if let Some(product) = price.checked_mul(quantity) {
                    *amount = product;
                    filled += 1;
                }
            }
        }
        filled
    }

    /// The figures per customer, in order of the customer's first line.
    pub fn per_customer(&self) -> PerCustomer {
        let customers = self.customers.len();
        let mut orders = vec![0u32; customers];
        let mut total = vec![0i64; customers];
        // Distinct (customer, order) pairs: an order normally belongs to one customer, so the
        // owner of each order is kept in a plain vector and only an order that shows up under a
        // second customer needs the set.
        const NOBODY: u32 = u32::MAX;
        let mut owner = vec![NOBODY; self.orders.len()];
        let mut shared: HashSet<(u32, u32), FxBuildHasher> = HashSet::default();
        for ((&customer, &order), &amount) in
            self.customer.iter().zip(&self.order).zip(&self.amount)
        {
            let (c, o) = (customer as usize, order as usize);
            if owner[o] == NOBODY {
                owner[o] = customer;
                orders[c] += 1;
            } else if owner[o] != customer && shared.insert((customer, order)) {
                orders[c] += 1;
            }
            if amount != MISSING {
                total[c] = total[c].saturating_add(amount);
            }
        }
        PerCustomer {
            index: (0..customers as u32).collect(),
            orders,
            total,
        }
    }
}

/// Figures per customer: row `i` is customer `index[i]` of the order lines' customer
/// dictionary, with `orders[i]` distinct orders totalling `total[i]` cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerCustomer {
    pub index: Vec<u32>,
    pub orders: Vec<u32>,
    pub total: Vec<i64>,
}

impl PerCustomer {
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Sorts by total, largest first; equal totals by customer id (byte order).
    pub fn sort_by_total(&mut self, ids: &Dict) {
        let mut rows: Vec<usize> = (0..self.len()).collect();
        rows.sort_unstable_by(|&a, &b| {
            self.total[b]
                .cmp(&self.total[a])
                .then_with(|| ids.get(self.index[a]).cmp(ids.get(self.index[b])))
        });
        self.index = rows.iter().map(|&r| self.index[r]).collect();
        self.orders = rows.iter().map(|&r| self.orders[r]).collect();
        self.total = rows.iter().map(|&r| self.total[r]).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::super::{read_header, read_lines};
    use super::*;

    fn lines(rows: &str) -> OrderLines {
        let text = format!("order_id,customer_id,quantity,unit_price,amount\n{rows}");
        let (columns, start) = read_header(text.as_bytes()).expect("header");
        read_lines(&text.as_bytes()[start..], &columns)
    }

    #[test]
    fn duplicate_rows_go_and_the_first_stays() {
        let mut l =
            lines("O1,C1,1,2.00,2.00\nO2,C1,1,3.00,3.00\nO1,C1,1,2.00,2.00\nO1,C1,1,2.00,2.0\n");
        assert_eq!(l.drop_duplicate_rows(), 1);
        assert_eq!(
            l.amount,
            [200, 300, 200],
            "2.0 differs from 2.00 as text and stays"
        );
    }

    #[test]
    fn missing_numbers_are_filled_from_the_others() {
        let mut l = lines("O1,C1,,2.50,\nO2,C1,3,2.50,\nO3,C2,2,,\nO4,C2,,,9.99\n");
        assert_eq!(l.fill_missing(), 4);
        assert_eq!(l.quantity, [1, 3, 2, 1]);
        assert_eq!(l.amount, [250, 750, MISSING, 999]);
    }

    #[test]
    fn per_customer_counts_distinct_orders_and_sums_to_the_cent() {
        let l = lines(
            "O1,C1,1,0.10,0.10\nO1,C1,1,0.20,0.20\nO2,C2,1,0.30,0.30\nO3,C1,1,,\nO2,C1,1,0.05,0.05\nO2,C1,1,0.05,0.05\n",
        );
        let mut per = l.per_customer();
        assert_eq!(per.orders, [3, 1], "C1: O1, O3 and the shared O2");
        assert_eq!(per.total, [40, 30]);
        per.sort_by_total(&l.customers);
        assert_eq!(per.index, [0, 1]);
        let l = lines("O1,B,1,1,1\nO2,A,1,1,1\nO3,C,1,2,2\n");
        let mut per = l.per_customer();
        per.sort_by_total(&l.customers);
        let ids: Vec<&[u8]> = per.index.iter().map(|&i| l.customers.get(i)).collect();
        assert_eq!(ids, [b"C".as_slice(), b"A", b"B"], "ties by id");
    }
}
