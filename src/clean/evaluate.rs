//! How well found duplicate groups match known ones (pure): pairwise precision, recall and F1,
//! the usual measure of record linkage (every pair of customers put in one group counts).

use std::collections::HashSet;

/// Pairwise quality of found groups against the truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    /// Pairs found that are true duplicates, out of pairs found.
    pub precision: f64,
    /// True duplicate pairs found, out of all true pairs.
    pub recall: f64,
    pub f1: f64,
    pub found_pairs: usize,
    pub true_pairs: usize,
}

fn pairs(groups: &[Vec<u64>]) -> HashSet<(u64, u64)> {
    let mut out = HashSet::new();
    for group in groups {
        for (at, &a) in group.iter().enumerate() {
            for &b in &group[at + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

/// Compares `found` groups with the `truth` (both lists of member ids).
pub fn pairwise_quality(found: &[Vec<u64>], truth: &[Vec<u64>]) -> Quality {
    let found = pairs(found);
    let truth = pairs(truth);
    let right = found.intersection(&truth).count() as f64;
    let ratio = |part: f64, whole: usize| if whole == 0 { 1.0 } else { part / whole as f64 };
    let precision = ratio(right, found.len());
    let recall = ratio(right, truth.len());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Quality {
        precision,
        recall,
        f1,
        found_pairs: found.len(),
        true_pairs: truth.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_figures() {
        let truth = vec![vec![1, 2, 3], vec![4, 5]];
        let found = vec![vec![1, 2], vec![4, 5, 6]];
        let q = pairwise_quality(&found, &truth);
        // Found pairs: (1,2) (4,5) (4,6) (5,6); true: (1,2) (1,3) (2,3) (4,5).
        assert_eq!((q.found_pairs, q.true_pairs), (4, 4));
        assert!((q.precision - 0.5).abs() < 1e-12);
        assert!((q.recall - 0.5).abs() < 1e-12);
        assert!((q.f1 - 0.5).abs() < 1e-12);
        let perfect = pairwise_quality(&truth, &truth);
        assert_eq!(
            (perfect.precision, perfect.recall, perfect.f1),
            (1.0, 1.0, 1.0)
        );
    }
}
