//! Customer segmentation: k-means on scaled customer features, the k curve (inertia for the
//! elbow, silhouette on a sample), cluster profiles in original units with suggested names,
//! and a two-dimensional view (two features, or the first two principal components).

use linfa::prelude::*;
use linfa_reduction::Pca;
use ndarray::Array2;
use rand::seq::index::sample;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::features::{feature_table, scale, Feature, FeatureSpec, FeatureTable, Scaled};
use super::kmeans::{kmeans, Clustering, KMeansError, KMeansSettings};
use crate::analytics::{order_amounts, CustomerFigures, Facts, Scope, NONE};

/// The smallest and largest k the page offers.
pub const K_RANGE: std::ops::RangeInclusive<usize> = 2..=12;

/// Rows the silhouette is computed on: a seeded random sample (every row when there are
/// fewer). Exact silhouette is O(n²): 10¹⁰ distances at 100k customers.
pub const SILHOUETTE_SAMPLE: usize = 2_000;

/// One k of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KPoint {
    pub k: usize,
    pub inertia: f64,
    /// Mean silhouette on the sample, −1 to 1 (higher: tighter, better separated clusters).
    pub silhouette: f64,
}

/// Where a feature's cluster mean stands against all customers, in standard deviations of the
/// scaled feature: what a suggested name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Leaning {
    High,
    Low,
}

/// One cluster in original units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub size: usize,
    /// Per feature, the mean in original units.
    pub means: Vec<f64>,
    /// Cents the cluster's customers spent in scope, and its share of all customers'.
    pub revenue: i64,
    pub revenue_share: f64,
    /// The categories the cluster spends most in (category index, cents), largest first.
    pub top_categories: Vec<(u32, i64)>,
    /// The features that set the cluster apart most (|z| ≥ 0.5, largest first, at most two):
    /// the UI words them as the suggested name.
    pub traits: Vec<(Feature, Leaning)>,
}

/// Why a segmentation could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SegmentationError {
    #[error("choose at least one feature")]
    NoFeatures,
    #[error(transparent)]
    KMeans(#[from] KMeansError),
}

/// The rows of a segmentation: features in original units and scaled.
pub struct Prepared {
    pub features: Vec<FeatureSpec>,
    pub table: FeatureTable,
    pub scaled: Scaled,
}

pub fn prepare(
    facts: &Facts,
    scope: &Scope,
    features: &[FeatureSpec],
) -> Result<Prepared, SegmentationError> {
    if features.is_empty() {
        return Err(SegmentationError::NoFeatures);
    }
    let table = feature_table(facts, scope, features);
    let scaled = scale(&table, features);
    Ok(Prepared {
        features: features.to_vec(),
        table,
        scaled,
    })
}

fn settings_for(k: usize, seed: u64) -> KMeansSettings {
    KMeansSettings {
        seed,
        ..KMeansSettings::new(k)
    }
}

/// The curve over [`K_RANGE`]; `on_k` is told each k as it is done (for progress).
pub fn k_curve(
    scaled: &Scaled,
    seed: u64,
    mut on_k: impl FnMut(usize),
) -> Result<Vec<KPoint>, KMeansError> {
    let n = scaled.rows.len() / scaled.dims.max(1);
    let sample_rows = silhouette_sample(n, seed);
    let mut curve = Vec::new();
    for k in K_RANGE.filter(|&k| k < n) {
        let clustering = kmeans(&scaled.rows, scaled.dims, &settings_for(k, seed))?;
        curve.push(KPoint {
            k,
            inertia: clustering.inertia,
            silhouette: silhouette(&scaled.rows, scaled.dims, &clustering.labels, &sample_rows),
        });
        on_k(k);
    }
    Ok(curve)
}

/// The k with the best silhouette (the smaller k on a tie).
pub fn suggested_k(curve: &[KPoint]) -> Option<usize> {
    curve
        .iter()
        .fold(None::<&KPoint>, |best, p| match best {
            Some(b) if b.silhouette >= p.silhouette => Some(b),
            _ => Some(p),
        })
        .map(|p| p.k)
}

/// The rows the silhouette looks at: all of them up to [`SILHOUETTE_SAMPLE`], else a seeded
/// sample, sorted.
pub fn silhouette_sample(n: usize, seed: u64) -> Vec<usize> {
    if n <= SILHOUETTE_SAMPLE {
        return (0..n).collect();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut rows = sample(&mut rng, n, SILHOUETTE_SAMPLE).into_vec();
    rows.sort_unstable();
    rows
}

/// The mean silhouette of the rows in `among`, measured against the other rows in `among`
/// (scikit-learn's `silhouette_score` with `sample_size` does the same). A row alone in its
/// cluster (within the sample) scores 0.
pub fn silhouette(rows: &[f64], dims: usize, labels: &[usize], among: &[usize]) -> f64 {
    let k = labels.iter().copied().max().map_or(0, |m| m + 1);
    if k < 2 || among.len() < 2 {
        return 0.0;
    }
    let mut counts = vec![0usize; k];
    for &i in among {
        counts[labels[i]] += 1;
    }
    let row = |i: usize| &rows[i * dims..(i + 1) * dims];
    let mut sums = vec![0.0; k];
    let mut total = 0.0;
    for &i in among {
        sums.iter_mut().for_each(|s| *s = 0.0);
        for &j in among {
            if i != j {
                let d: f64 = row(i)
                    .iter()
                    .zip(row(j))
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    .sqrt();
                sums[labels[j]] += d;
            }
        }
        let own = labels[i];
        if counts[own] < 2 {
            continue;
        }
        let a = sums[own] / (counts[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && counts[c] > 0)
            .map(|c| sums[c] / counts[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            total += (b - a) / a.max(b).max(f64::MIN_POSITIVE);
        }
    }
    total / among.len() as f64
}

/// k-means on the prepared rows (one k-means++ initialisation, seeded).
pub fn cluster(prepared: &Prepared, k: usize, seed: u64) -> Result<Clustering, KMeansError> {
    let scaled = &prepared.scaled;
    kmeans(&scaled.rows, scaled.dims, &settings_for(k, seed))
}

/// Each cluster of `clustering` described in original units.
pub fn profiles(
    facts: &Facts,
    scope: &Scope,
    prepared: &Prepared,
    clustering: &Clustering,
) -> Vec<Profile> {
    let (table, scaled) = (&prepared.table, &prepared.scaled);
    let k = clustering.centroids.len() / scaled.dims.max(1);
    let amounts = order_amounts(facts, scope);
    let figures = CustomerFigures::of(facts, &amounts);
    let mut cluster_of = vec![usize::MAX; facts.customers()];
    for (&c, &label) in table.customers.iter().zip(&clustering.labels) {
        cluster_of[c as usize] = label;
    }
    let categories = facts.categories.len();
    let mut spend = vec![0i64; k * categories];
    for ((&order, &product), &amount) in facts
        .line_order
        .iter()
        .zip(&facts.line_product)
        .zip(&facts.line_amount)
    {
        let customer = facts.order_customer[order as usize];
        if customer == NONE || product == NONE || amounts[order as usize].is_none() {
            continue;
        }
        let (cluster, category) = (
            cluster_of[customer as usize],
            facts.product_category[product as usize],
        );
        if cluster != usize::MAX && category != NONE {
            spend[cluster * categories + category as usize] += amount;
        }
    }
    let all_revenue: i64 = table
        .customers
        .iter()
        .map(|&c| figures.total[c as usize])
        .sum();
    (0..k)
        .map(|cluster| {
            let members: Vec<usize> = (0..table.rows())
                .filter(|&r| clustering.labels[r] == cluster)
                .collect();
            let size = members.len();
            let means = table
                .columns
                .iter()
                .map(|column| members.iter().map(|&r| column[r]).sum::<f64>() / size.max(1) as f64)
                .collect();
            let revenue: i64 = members
                .iter()
                .map(|&r| figures.total[table.customers[r] as usize])
                .sum();
            let mut top: Vec<(u32, i64)> = (0..categories)
                .map(|c| (c as u32, spend[cluster * categories + c]))
                .filter(|&(_, cents)| cents > 0)
                .collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(3);
            // The centroid is in scaled units already: each value is a z-score.
            let centroid =
                &clustering.centroids[cluster * scaled.dims..(cluster + 1) * scaled.dims];
            let mut traits: Vec<(f64, Feature, Leaning)> = centroid
                .iter()
                .zip(&prepared_features(prepared))
                .filter(|(z, _)| z.abs() >= 0.5)
                .map(|(&z, &feature)| {
                    (
                        z.abs(),
                        feature,
                        if z > 0.0 { Leaning::High } else { Leaning::Low },
                    )
                })
                .collect();
            traits.sort_by(|a, b| b.0.total_cmp(&a.0));
            Profile {
                size,
                means,
                revenue,
                revenue_share: if all_revenue != 0 {
                    revenue as f64 / all_revenue as f64
                } else {
                    0.0
                },
                top_categories: top,
                traits: traits.into_iter().take(2).map(|(_, f, l)| (f, l)).collect(),
            }
        })
        .collect()
}

fn prepared_features(prepared: &Prepared) -> Vec<Feature> {
    prepared.features.iter().map(|s| s.feature).collect()
}

/// The first two principal components of the scaled rows (linfa-reduction's PCA), row-major
/// pairs; the second is 0 when there is only one feature (or no variance beyond the first).
pub fn principal_components(scaled: &Scaled) -> Result<Vec<f64>, String> {
    let n = scaled.rows.len() / scaled.dims.max(1);
    if scaled.dims < 2 {
        return Ok(scaled.rows.iter().flat_map(|&x| [x, 0.0]).collect());
    }
    let records =
        Array2::from_shape_vec((n, scaled.dims), scaled.rows.clone()).map_err(|e| e.to_string())?;
    let dataset = DatasetBase::from(records);
    let pca = Pca::params(2).fit(&dataset).map_err(|e| e.to_string())?;
    let projected: Array2<f64> = pca.predict(dataset.records());
    // Components without variance are left out of linfa's answer: they read as 0.
    let at = |r: usize, c: usize| projected.get((r, c)).copied().unwrap_or(0.0);
    Ok((0..n).flat_map(|r| [at(r, 0), at(r, 1)]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::fixtures::{everything, fixture};
    use crate::mining::evaluate::adjusted_rand_index;
    use crate::mining::features::Scale;
    use rand::Rng;

    /// `per` points around each centre, spread ±`spread` (seeded), with their true blob.
    fn blobs(centres: &[[f64; 3]], per: usize, spread: f64) -> (Vec<f64>, Vec<usize>) {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (mut rows, mut truth) = (Vec::new(), Vec::new());
        for (blob, centre) in centres.iter().enumerate() {
            for _ in 0..per {
                rows.extend(centre.iter().map(|c| c + rng.gen_range(-spread..spread)));
                truth.push(blob);
            }
        }
        (rows, truth)
    }

    fn scaled(rows: Vec<f64>, dims: usize) -> Scaled {
        Scaled {
            rows,
            dims,
            logged: vec![false; dims],
            mean: vec![0.0; dims],
            std: vec![1.0; dims],
        }
    }

    const CENTRES: [[f64; 3]; 4] = [
        [0.0, 0.0, 0.0],
        [8.0, 0.0, 0.0],
        [0.0, 8.0, 0.0],
        [0.0, 0.0, 8.0],
    ];

    #[test]
    fn separated_blobs_are_recovered_and_the_curve_suggests_their_number() {
        let (rows, truth) = blobs(&CENTRES, 150, 1.5);
        let data = scaled(rows, 3);
        let curve = k_curve(&data, 42, |_| {}).expect("a curve");
        assert_eq!(curve.first().map(|p| p.k), Some(2));
        assert_eq!(curve.last().map(|p| p.k), Some(12));
        assert!(
            curve
                .windows(2)
                .all(|w| w[1].inertia <= w[0].inertia * 1.05),
            "the elbow falls"
        );
        assert_eq!(suggested_k(&curve), Some(4));
        let clustering = kmeans(&data.rows, 3, &settings_for(4, 42)).expect("clusters");
        let ari = adjusted_rand_index(&clustering.labels, &truth);
        assert!(ari >= 0.95, "adjusted Rand index {ari}");
        let again = kmeans(&data.rows, 3, &settings_for(4, 42)).expect("clusters");
        assert_eq!(clustering, again, "same seed, same clusters");
    }

    #[test]
    fn a_sampled_silhouette_is_close_to_the_exact_one() {
        let (rows, _) = blobs(&CENTRES, 1_250, 3.0);
        let clustering = kmeans(&rows, 3, &settings_for(4, 42)).expect("clusters");
        let n = rows.len() / 3;
        let all: Vec<usize> = (0..n).collect();
        let exact = silhouette(&rows, 3, &clustering.labels, &all);
        let sampled = silhouette(&rows, 3, &clustering.labels, &silhouette_sample(n, 42));
        assert!(n > SILHOUETTE_SAMPLE);
        assert!(
            (exact - sampled).abs() < 0.02,
            "exact {exact}, sampled {sampled}"
        );
        assert!(exact > 0.5, "well separated: {exact}");
    }

    #[test]
    fn silhouette_by_hand() {
        // Two pairs on a line: 0, 1 | 10, 11. For 0: a = 1, b = (10 + 11) / 2 = 10.5.
        let rows = [0.0, 1.0, 10.0, 11.0];
        let s = silhouette(&rows, 1, &[0, 0, 1, 1], &[0, 1, 2, 3]);
        let expected = [
            (10.5 - 1.0) / 10.5,
            (9.5 - 1.0) / 9.5,
            (9.5 - 1.0) / 9.5,
            (10.5 - 1.0) / 10.5,
        ];
        assert!((s - expected.iter().sum::<f64>() / 4.0).abs() < 1e-12);
    }

    #[test]
    fn profiles_are_in_original_units_and_add_up() {
        let facts = fixture();
        let specs = [
            FeatureSpec::of(Feature::Frequency),
            FeatureSpec {
                feature: Feature::Monetary,
                scale: Scale::Standard,
            },
        ];
        let prepared = prepare(&facts, &everything(), &specs).expect("prepared");
        // Customers 1–3 bought (4 never did; 5 was deleted).
        assert_eq!(prepared.table.rows(), 3);
        let clustering = cluster(&prepared, 2, 42).expect("two clusters");
        let profiles = profiles(&facts, &everything(), &prepared, &clustering);
        assert_eq!(profiles.iter().map(|p| p.size).sum::<usize>(), 3);
        let share: f64 = profiles.iter().map(|p| p.revenue_share).sum();
        assert!((share - 1.0).abs() < 1e-12);
        for (cluster, profile) in profiles.iter().enumerate() {
            let members: Vec<usize> = (0..3)
                .filter(|&r| clustering.labels[r] == cluster)
                .collect();
            let mean = members
                .iter()
                .map(|&r| prepared.table.columns[1][r])
                .sum::<f64>()
                / members.len() as f64;
            assert!(
                (profile.means[1] - mean).abs() < 1e-9,
                "monetary mean in currency units"
            );
        }
    }

    #[test]
    fn principal_components_follow_the_spread() {
        // Points on the line y = x: all the variance is on the first component.
        let rows: Vec<f64> = (0..50).flat_map(|i| [f64::from(i), f64::from(i)]).collect();
        let pcs = principal_components(&scaled(rows, 2)).expect("pca");
        let second: f64 = pcs
            .iter()
            .skip(1)
            .step_by(2)
            .map(|v| v.abs())
            .fold(0.0, f64::max);
        assert!(second < 1e-6, "{second}");
        let first: Vec<f64> = pcs.iter().step_by(2).copied().collect();
        assert!((first[49] - first[0]).abs() > 60.0);
    }
}
