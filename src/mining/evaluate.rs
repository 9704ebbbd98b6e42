//! Agreement between two clusterings of the same rows (pure).

use std::collections::HashMap;

/// The adjusted Rand index of two labelings (1: the same partition, about 0: as by chance).
///
/// Written by hand: the formula is short and the mining crates offer no clustering metrics
/// beyond the silhouette.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    assert_eq!(a.len(), b.len(), "two labelings of the same rows");
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut cells: HashMap<(usize, usize), u64> = HashMap::new();
    let mut rows: HashMap<usize, u64> = HashMap::new();
    let mut columns: HashMap<usize, u64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *cells.entry((x, y)).or_default() += 1;
        *rows.entry(x).or_default() += 1;
        *columns.entry(y).or_default() += 1;
    }
    let index = cells.values().map(|&n| pairs(n)).sum::<u64>() as f64;
    let sum_a = rows.values().map(|&n| pairs(n)).sum::<u64>() as f64;
    let sum_b = columns.values().map(|&n| pairs(n)).sum::<u64>() as f64;
    let total = pairs(a.len() as u64) as f64;
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_a * sum_b / total;
    let max = (sum_a + sum_b) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_partition_scores_one_whatever_the_names() {
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1, 2], &[5, 5, 3, 3, 9]), 1.0);
    }

    #[test]
    fn a_hand_computed_case() {
        // a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]: index 2, sums 6 and 3, total 15 →
        // expected 1.2, max 4.5 → (2 − 1.2) / (4.5 − 1.2) = 0.8 / 3.3.
        let ari = adjusted_rand_index(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]);
        assert!((ari - 0.8 / 3.3).abs() < 1e-12, "{ari}");
    }
}
