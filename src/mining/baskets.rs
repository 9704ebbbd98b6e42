//! Association rules over baskets ("customers who buy X also buy Y"): frequent itemsets by
//! FP-Growth, then rules with their support, confidence and lift, and recommendations for one
//! customer from the rules.
//!
//! Written here rather than taken from a crate: the one FP-Growth crate (`fp-growth`, last
//! released 2021) clones every pattern as a vector of generic items, has no limit on itemset
//! length and makes no rules; the other known implementation (`arm-rs`) is a program, not a
//! library. This one works on small integer items (product indexes) in flat arrays, stops at
//! a maximum itemset length (recommendations use short rules), and is tested against support,
//! confidence and lift worked out by hand.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Baskets as one flat list: basket `b` holds `items[offsets[b]..offsets[b + 1]]`, sorted,
/// each item once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baskets {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Baskets {
    /// Baskets from lists of items (repeats within a list count once; empty lists are left
    /// out, as an order without products says nothing about what goes together).
    pub fn from_lists<I: IntoIterator<Item = Vec<u32>>>(lists: I) -> Baskets {
        let mut baskets = Baskets {
            offsets: vec![0],
            items: Vec::new(),
        };
        for mut list in lists {
            list.sort_unstable();
            list.dedup();
            if !list.is_empty() {
                baskets.items.extend(list);
                baskets.offsets.push(baskets.items.len() as u32);
            }
        }
        baskets
    }

    /// One basket per order from order lines: line `i` of order `order[i]` bought `item[i]`
    /// (`u32::MAX`: no known product) in quantity `quantity[i]` (returned lines, with a
    /// negative quantity, are not bought). `orders` is the number of orders.
    pub fn from_lines(order: &[u32], item: &[u32], quantity: &[i32], orders: usize) -> Baskets {
        // A counting sort by order keeps this linear in the lines.
        let mut starts = vec![0u32; orders + 1];
        let bought = |i: usize| item[i] != u32::MAX && quantity[i] > 0;
        for i in (0..order.len()).filter(|&i| bought(i)) {
            starts[order[i] as usize + 1] += 1;
        }
        for o in 0..orders {
            starts[o + 1] += starts[o];
        }
        let mut filled = starts.clone();
        let mut grouped = vec![0u32; starts[orders] as usize];
        for i in (0..order.len()).filter(|&i| bought(i)) {
            let at = &mut filled[order[i] as usize];
            grouped[*at as usize] = item[i];
            *at += 1;
        }
        Baskets::from_lists(
            (0..orders).map(|o| grouped[starts[o] as usize..starts[o + 1] as usize].to_vec()),
        )
    }

    /// How many baskets there are.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items of basket `b`.
    pub fn basket(&self, b: usize) -> &[u32] {
        &self.items[self.offsets[b] as usize..self.offsets[b + 1] as usize]
    }
}

/// A set of items bought together in `count` baskets; items ascending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Itemset {
    pub items: Vec<u32>,
    pub count: u32,
}

/// What counts as a rule worth showing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RuleSettings {
    /// The least share of baskets holding the rule's items (0–1).
    pub min_support: f64,
    /// The least share of baskets with the antecedent that also hold the consequent (0–1).
    pub min_confidence: f64,
    /// The least lift: how much more often the consequent comes with the antecedent than
    /// on its own (1 = no more than chance).
    pub min_lift: f64,
    /// The most items in a rule, antecedent and consequent together.
    pub max_items: usize,
}

impl Default for RuleSettings {
    fn default() -> RuleSettings {
        RuleSettings {
            min_support: 0.001,
            min_confidence: 0.1,
            min_lift: 1.2,
            max_items: 3,
        }
    }
}

/// "Baskets with `antecedent` also hold `consequent`", with its measures. Items are product
/// indexes of the facts while mining, product ids once stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule<T = u32> {
    pub antecedent: Vec<T>,
    pub consequent: Vec<T>,
    /// Baskets holding every item of the rule.
    pub count: u32,
    /// `count` as a share of all baskets.
    pub support: f64,
    /// Of the baskets holding the antecedent, the share that also hold the consequent.
    pub confidence: f64,
    /// Confidence over the consequent's own support.
    pub lift: f64,
}

impl<T> Rule<T> {
    /// The same rule over other names for its items.
    pub fn map<U>(&self, mut name: impl FnMut(&T) -> U) -> Rule<U> {
        Rule {
            antecedent: self.antecedent.iter().map(&mut name).collect(),
            consequent: self.consequent.iter().map(&mut name).collect(),
            count: self.count,
            support: self.support,
            confidence: self.confidence,
            lift: self.lift,
        }
    }
}

/// The rules last found, as kept for recommendations: items are product ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRules {
    pub saved_at: i64,
    pub baskets: usize,
    pub settings: RuleSettings,
    pub rules: Vec<Rule<u64>>,
}

/// The most frequent itemsets a search may find. Large baskets at a low support make the
/// number of combinations explode (a basket of 20 products holds 1,140 triples); past this the
/// search stops and asks for a higher support instead of filling the memory.
pub const MAX_ITEMSETS: usize = 500_000;

/// Why no rules were found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BasketError {
    #[error(
        "more than {MAX_ITEMSETS} sets of products reach this support: raise the minimum support"
    )]
    TooMany,
}

/// The fewest baskets an itemset must be in to reach `min_support` (at least one).
pub fn min_count(baskets: usize, min_support: f64) -> u32 {
    ((min_support * baskets as f64 - 1e-9).ceil().max(1.0)) as u32
}

/// An FP-tree: every basket's frequent items in one prefix tree, most frequent first, so
/// baskets that share their most common items share nodes. Items are local ranks (0: the most
/// frequent in this tree); `ranked[rank]` is the item.
struct Tree {
    ranked: Vec<u32>,
    /// Per node: its rank, count and parent (the root is node 0).
    rank: Vec<u32>,
    count: Vec<u32>,
    parent: Vec<u32>,
    /// A node's child holding a rank: (parent, rank) → node.
    children: FxHashMap<(u32, u32), u32>,
    /// Per rank, the nodes that hold it.
    nodes_of: Vec<Vec<u32>>,
}

impl Tree {
    /// A tree of `paths` (items with a count each), keeping items in at least `min` of them.
    fn build<'a>(paths: impl Iterator<Item = (&'a [u32], u32)> + Clone, min: u32) -> Tree {
        let mut support: FxHashMap<u32, u32> = FxHashMap::default();
        for (items, count) in paths.clone() {
            for &item in items {
                *support.entry(item).or_default() += count;
            }
        }
        let mut ranked: Vec<(u32, u32)> = support.into_iter().filter(|&(_, c)| c >= min).collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let rank_of: FxHashMap<u32, u32> = ranked
            .iter()
            .enumerate()
            .map(|(rank, &(item, _))| (item, rank as u32))
            .collect();
        let mut tree = Tree {
            ranked: ranked.iter().map(|&(item, _)| item).collect(),
            rank: vec![u32::MAX],
            count: vec![0],
            parent: vec![0],
            children: FxHashMap::default(),
            nodes_of: vec![Vec::new(); ranked.len()],
        };
        let mut ranks = Vec::new();
        for (items, count) in paths {
            ranks.clear();
            ranks.extend(items.iter().filter_map(|item| rank_of.get(item).copied()));
            ranks.sort_unstable();
            let mut node = 0u32;
            for &rank in &ranks {
                node = match tree.children.get(&(node, rank)) {
                    Some(&child) => child,
                    None => {
                        let child = tree.rank.len() as u32;
                        tree.rank.push(rank);
                        tree.count.push(0);
                        tree.parent.push(node);
                        tree.children.insert((node, rank), child);
                        tree.nodes_of[rank as usize].push(child);
                        child
                    }
                };
                tree.count[node as usize] += count;
            }
        }
        tree
    }

    /// The items above `node`, nearest the root first.
    fn prefix(&self, mut node: u32, out: &mut Vec<u32>) {
        out.clear();
        node = self.parent[node as usize];
        while node != 0 {
            out.push(self.ranked[self.rank[node as usize] as usize]);
            node = self.parent[node as usize];
        }
        out.reverse();
    }

    /// Every frequent itemset that ends in `suffix`, up to `max_len` items, into `out`.
    fn mine(
        &self,
        suffix: &[u32],
        min: u32,
        max_len: usize,
        out: &mut Vec<Itemset>,
    ) -> Result<(), BasketError> {
        let mut prefix = Vec::new();
        for rank in (0..self.ranked.len()).rev() {
            if out.len() >= MAX_ITEMSETS {
                return Err(BasketError::TooMany);
            }
            let nodes = &self.nodes_of[rank];
            let support: u32 = nodes.iter().map(|&n| self.count[n as usize]).sum();
            let mut items = suffix.to_vec();
            items.push(self.ranked[rank]);
            if items.len() < max_len {
                // The conditional pattern base: the paths above this item, each as often as
                // the item's node was counted.
                let mut flat = Vec::new();
                let mut spans = Vec::with_capacity(nodes.len());
                for &node in nodes {
                    self.prefix(node, &mut prefix);
                    if !prefix.is_empty() {
                        spans.push((flat.len(), prefix.len(), self.count[node as usize]));
                        flat.extend_from_slice(&prefix);
                    }
                }
                let paths = spans
                    .iter()
                    .map(|&(start, len, count)| (&flat[start..start + len], count));
                let conditional = Tree::build(paths, min);
                if !conditional.ranked.is_empty() {
                    conditional.mine(&items, min, max_len, out)?;
                }
            }
            items.sort_unstable();
            out.push(Itemset {
                items,
                count: support,
            });
        }
        Ok(())
    }
}

/// Every itemset of at most `max_len` items in at least `min` baskets (FP-Growth), or
/// [`BasketError::TooMany`] past [`MAX_ITEMSETS`].
pub fn frequent_itemsets(
    baskets: &Baskets,
    min: u32,
    max_len: usize,
) -> Result<Vec<Itemset>, BasketError> {
    let paths = (0..baskets.len()).map(|b| (baskets.basket(b), 1));
    let tree = Tree::build(paths, min.max(1));
    let mut out = Vec::new();
    if max_len > 0 {
        tree.mine(&[], min.max(1), max_len, &mut out)?;
    }
    out.sort_unstable_by(|a, b| {
        a.items
            .len()
            .cmp(&b.items.len())
            .then(a.items.cmp(&b.items))
    });
    Ok(out)
}

/// The rules of `itemsets` (as [`frequent_itemsets`] found them in `baskets` baskets) that
/// pass `settings`, strongest first (lift, then confidence, then support). Every subset of a
/// frequent itemset is frequent, so each antecedent's and consequent's count is at hand.
pub fn rules(itemsets: &[Itemset], baskets: usize, settings: &RuleSettings) -> Vec<Rule> {
    let count_of: FxHashMap<&[u32], u32> = itemsets
        .iter()
        .map(|set| (set.items.as_slice(), set.count))
        .collect();
    let total = baskets.max(1) as f64;
    let mut found = Vec::new();
    for set in itemsets.iter().filter(|s| s.items.len() >= 2) {
        let n = set.items.len();
        // Every split into a non-empty antecedent and consequent (bit i: item i leads).
        for mask in 1..(1u32 << n) - 1 {
            let (antecedent, consequent): (Vec<u32>, Vec<u32>) = {
                let mut a = Vec::new();
                let mut c = Vec::new();
                for (i, &item) in set.items.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        a.push(item);
                    } else {
                        c.push(item);
                    }
                }
                (a, c)
            };
            let (Some(&a), Some(&c)) = (
                count_of.get(antecedent.as_slice()),
                count_of.get(consequent.as_slice()),
            ) else {
                continue;
            };
            let support = f64::from(set.count) / total;
            let confidence = f64::from(set.count) / f64::from(a);
            let lift = confidence / (f64::from(c) / total);
            if support >= settings.min_support - 1e-12
                && confidence >= settings.min_confidence - 1e-12
                && lift >= settings.min_lift - 1e-12
            {
                found.push(Rule {
                    antecedent,
                    consequent,
                    count: set.count,
                    support,
                    confidence,
                    lift,
                });
            }
        }
    }
    found.sort_by(|a, b| {
        b.lift
            .total_cmp(&a.lift)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(b.count.cmp(&a.count))
            .then(a.antecedent.cmp(&b.antecedent))
            .then(a.consequent.cmp(&b.consequent))
    });
    found
}

/// A product recommended to a customer, with the strongest rule that suggests it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation<T = u32> {
    pub item: T,
    pub confidence: f64,
    pub lift: f64,
    /// The rule's antecedent: what the customer bought that suggests it.
    pub because: Vec<T>,
}

/// Up to `limit` items for a customer who bought `owned` (sorted): the consequents of rules
/// whose antecedent they bought entirely, leaving out what they already have; each item once,
/// by its most confident rule (then lift).
pub fn recommend<T: Ord + Copy + std::hash::Hash>(
    rules: &[Rule<T>],
    owned: &[T],
    limit: usize,
) -> Vec<Recommendation<T>> {
    let has = |item: &T| owned.binary_search(item).is_ok();
    let mut best: FxHashMap<T, Recommendation<T>> = FxHashMap::default();
    for rule in rules.iter().filter(|r| r.antecedent.iter().all(has)) {
        for &item in rule.consequent.iter().filter(|i| !has(i)) {
            let candidate = Recommendation {
                item,
                confidence: rule.confidence,
                lift: rule.lift,
                because: rule.antecedent.clone(),
            };
            let better = |old: &Recommendation<T>| {
                (candidate.confidence, candidate.lift) > (old.confidence, old.lift)
            };
            match best.get(&item) {
                Some(old) if !better(old) => {}
                _ => {
                    best.insert(item, candidate);
                }
            }
        }
    }
    let mut list: Vec<Recommendation<T>> = best.into_values().collect();
    list.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.lift.total_cmp(&a.lift))
            .then(a.item.cmp(&b.item))
    });
    list.truncate(limit);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five baskets over bread (0), milk (1), nappies (2), beer (3), eggs (4), the textbook
    /// example; every figure below is counted by hand.
    fn shop() -> Baskets {
        Baskets::from_lists(vec![
            vec![0, 1],
            vec![0, 2, 3, 4],
            vec![1, 2, 3, 5],
            vec![0, 1, 2, 3],
            vec![0, 1, 2, 5],
        ])
    }

    fn count(sets: &[Itemset], items: &[u32]) -> Option<u32> {
        sets.iter().find(|s| s.items == items).map(|s| s.count)
    }

    #[test]
    fn itemsets_match_a_hand_count() {
        let sets = frequent_itemsets(&shop(), 3, 3).expect("few");
        // Singles: bread 4, milk 4, nappies 4, beer 3 (eggs 1 and cola 2 are rare).
        assert_eq!(count(&sets, &[0]), Some(4));
        assert_eq!(count(&sets, &[1]), Some(4));
        assert_eq!(count(&sets, &[2]), Some(4));
        assert_eq!(count(&sets, &[3]), Some(3));
        assert_eq!(count(&sets, &[4]), None);
        assert_eq!(count(&sets, &[5]), None);
        // Pairs with at least 3: bread+milk 3, bread+nappies 3, milk+nappies 3, nappies+beer 3.
        assert_eq!(count(&sets, &[0, 1]), Some(3));
        assert_eq!(count(&sets, &[0, 2]), Some(3));
        assert_eq!(count(&sets, &[1, 2]), Some(3));
        assert_eq!(count(&sets, &[2, 3]), Some(3));
        assert_eq!(count(&sets, &[0, 3]), None, "bread and beer: 2");
        assert_eq!(sets.len(), 8, "no triple reaches 3: {sets:?}");
        // With a lower bar, triples: bread+milk+nappies 2, milk+nappies+beer 2.
        let low = frequent_itemsets(&shop(), 2, 3).expect("few");
        assert_eq!(count(&low, &[0, 1, 2]), Some(2));
        assert_eq!(count(&low, &[1, 2, 3]), Some(2));
        assert_eq!(count(&low, &[0, 2, 3]), Some(2));
        assert_eq!(count(&low, &[0, 1, 2, 3]), None, "no more than 3 items");
        assert!(frequent_itemsets(&shop(), 2, 1)
            .expect("few")
            .iter()
            .all(|s| s.items.len() == 1));
    }

    #[test]
    fn itemsets_match_a_brute_force_count() {
        // Pseudo-random baskets over 12 items; every pair and triple counted directly.
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let lists: Vec<Vec<u32>> = (0..400)
            .map(|_| (0..1 + next() % 5).map(|_| next() % 12).collect())
            .collect();
        let baskets = Baskets::from_lists(lists);
        let sets = frequent_itemsets(&baskets, 6, 3).expect("few");
        let direct = |items: &[u32]| {
            (0..baskets.len())
                .filter(|&b| items.iter().all(|i| baskets.basket(b).contains(i)))
                .count() as u32
        };
        let mut all: Vec<Vec<u32>> = (0..12).map(|a| vec![a]).collect();
        for a in 0..12 {
            for b in a + 1..12 {
                all.push(vec![a, b]);
                all.extend((b + 1..12).map(|c| vec![a, b, c]));
            }
        }
        let mut expected = 0;
        for items in &all {
            let n = direct(items);
            if n >= 6 {
                expected += 1;
                assert_eq!(count(&sets, items), Some(n), "{items:?}");
            }
        }
        assert!(expected > 12, "pairs are found too");
        assert_eq!(sets.len(), expected);
    }

    #[test]
    fn rules_have_hand_computed_support_confidence_and_lift() {
        let baskets = shop();
        let sets = frequent_itemsets(&baskets, 2, 3).expect("few");
        let settings = RuleSettings {
            min_support: 0.4,
            min_confidence: 0.6,
            min_lift: 0.0,
            max_items: 3,
        };
        let found = rules(&sets, baskets.len(), &settings);
        let rule = |a: &[u32], c: &[u32]| {
            found
                .iter()
                .find(|r| r.antecedent == a && r.consequent == c)
                .cloned()
        };
        // beer → nappies: support 3/5, confidence 3/3, lift 1 / (4/5) = 1.25.
        let beer = rule(&[3], &[2]).expect("beer → nappies");
        assert_eq!(beer.count, 3);
        assert!((beer.support - 0.6).abs() < 1e-12);
        assert!((beer.confidence - 1.0).abs() < 1e-12);
        assert!((beer.lift - 1.25).abs() < 1e-12);
        // nappies → beer: confidence 3/4, lift 0.75 / (3/5) = 1.25.
        let nappies = rule(&[2], &[3]).expect("nappies → beer");
        assert!((nappies.confidence - 0.75).abs() < 1e-12);
        assert!((nappies.lift - 1.25).abs() < 1e-12);
        // milk + nappies → beer: support 2/5, confidence 2/3, lift (2/3) / (3/5) = 10/9.
        let triple = rule(&[1, 2], &[3]).expect("milk + nappies → beer");
        assert!((triple.support - 0.4).abs() < 1e-12);
        assert!((triple.confidence - 2.0 / 3.0).abs() < 1e-12);
        assert!((triple.lift - 10.0 / 9.0).abs() < 1e-12);
        // bread → milk: confidence 3/4 < nothing, lift 0.75 / 0.8 = 0.9375 (kept: min lift 0).
        assert!((rule(&[0], &[1]).expect("bread → milk").lift - 0.9375).abs() < 1e-12);
        // A support of 2/5 passes 0.4; confidence 1/2 (bread → beer) does not pass 0.6.
        assert!(rule(&[0], &[3]).is_none());
        // Strongest first.
        assert!(found.windows(2).all(|w| w[0].lift >= w[1].lift));
        // The lift bar drops rules no better than chance.
        let lifted = rules(
            &sets,
            baskets.len(),
            &RuleSettings {
                min_lift: 1.2,
                ..settings
            },
        );
        assert!(lifted.iter().all(|r| r.lift >= 1.2));
        assert!(lifted
            .iter()
            .any(|r| r.antecedent == [3] && r.consequent == [2]));
        assert!(!lifted
            .iter()
            .any(|r| r.antecedent == [0] && r.consequent == [1]));
    }

    #[test]
    fn an_exploding_search_stops_and_says_so() {
        // 600 baskets of the same 40 products: every set of up to 3 is in all of them
        // (40 + 780 + 9,880); up to 5 there are 760,098, past the cap.
        let lists = vec![(0..40).collect::<Vec<u32>>(); 600];
        let baskets = Baskets::from_lists(lists);
        assert_eq!(
            frequent_itemsets(&baskets, 1, 3).map(|s| s.len()),
            Ok(10_700)
        );
        assert_eq!(
            frequent_itemsets(&baskets, 1, 5).map(|s| s.len()),
            Err(BasketError::TooMany)
        );
    }

    #[test]
    fn baskets_come_from_order_lines_without_returns_or_unknown_products() {
        // Orders 0..3: order 1 has only a returned line, order 2 a repeated product.
        let order = [0, 0, 1, 2, 2, 2];
        let item = [4, 1, 3, 2, 2, u32::MAX];
        let quantity = [1, 2, -1, 1, 3, 1];
        let baskets = Baskets::from_lines(&order, &item, &quantity, 3);
        assert_eq!(baskets.len(), 2);
        assert_eq!(baskets.basket(0), &[1, 4]);
        assert_eq!(baskets.basket(1), &[2]);
    }

    #[test]
    fn recommendations_skip_what_is_owned_and_need_the_whole_antecedent() {
        let rule = |a: Vec<u32>, c: Vec<u32>, confidence: f64, lift: f64| Rule {
            antecedent: a,
            consequent: c,
            count: 1,
            support: 0.1,
            confidence,
            lift,
        };
        let rules = vec![
            rule(vec![1], vec![2], 0.5, 2.0),
            rule(vec![1], vec![3], 0.9, 1.5),
            rule(vec![1, 4], vec![5], 0.95, 3.0),
            rule(vec![6], vec![2], 0.8, 1.3),
            rule(vec![1], vec![6], 0.99, 4.0),
        ];
        // Bought 1 and 6: 3 (0.9), then 2 by its better rule (0.8 from 6); 5 needs 4 too; 6 is
        // owned.
        let got = recommend(&rules, &[1, 6], 10);
        let items: Vec<u32> = got.iter().map(|r| r.item).collect();
        assert_eq!(items, vec![3, 2]);
        assert_eq!(got[1].because, vec![6]);
        assert_eq!(recommend(&rules, &[1, 6], 1).len(), 1);
        assert!(recommend(&rules, &[9], 5).is_empty());
    }
}
