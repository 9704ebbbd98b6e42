//! k-means clustering through linfa-clustering, seeded so the same data and settings always
//! give the same clusters.

use linfa::prelude::*;
use linfa_clustering::KMeans;
use ndarray::Array2;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

/// How to cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansSettings {
    pub k: usize,
    pub seed: u64,
    /// Initialisations (k-means++ each); the one with the lowest inertia wins. linfa's default
    /// is 10; scikit-learn's `n_init=1` compares with 1.
    pub runs: usize,
    pub max_iterations: u64,
    /// Stop when the centroids move less than this (Euclidean norm over all centroids). On
    /// standardised features 0.01 is scikit-learn's default (its `tol=1e-4` is a squared
    /// shift relative to the mean variance, which is 1 after standardising).
    pub tolerance: f64,
}

impl KMeansSettings {
    pub fn new(k: usize) -> KMeansSettings {
        KMeansSettings {
            k,
            seed: 42,
            runs: 1,
            max_iterations: 300,
            tolerance: 0.01,
        }
    }
}

/// Why clustering could not run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum KMeansError {
    #[error("k-means needs at least {k} rows to make {k} clusters; there are {rows}")]
    TooFewRows { k: usize, rows: usize },
    #[error("k-means settings are not valid: {0}")]
    Settings(String),
}

/// The clusters found: a label per row, the centroids (row-major, in the scaled units), and
/// the inertia (the sum of squared distances of rows to their centroid).
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    pub labels: Vec<usize>,
    pub centroids: Vec<f64>,
    pub dims: usize,
    pub inertia: f64,
}

impl Clustering {
    /// The number of rows in each cluster.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.centroids.len() / self.dims.max(1)];
        for &label in &self.labels {
            sizes[label] += 1;
        }
        sizes
    }
}

/// Clusters `rows` (row-major, `dims` values a row).
pub fn kmeans(
    rows: &[f64],
    dims: usize,
    settings: &KMeansSettings,
) -> Result<Clustering, KMeansError> {
    let n = rows.len() / dims.max(1);
    if n < settings.k || settings.k == 0 {
        return Err(KMeansError::TooFewRows {
            k: settings.k,
            rows: n,
        });
    }
    let records = Array2::from_shape_vec((n, dims), rows.to_vec())
        .map_err(|e| KMeansError::Settings(e.to_string()))?;
    let dataset = DatasetBase::from(records);
    let model = KMeans::params_with_rng(settings.k, ChaCha8Rng::seed_from_u64(settings.seed))
        .n_runs(settings.runs)
        .max_n_iterations(settings.max_iterations)
        .tolerance(settings.tolerance)
        .fit(&dataset)
        .map_err(|e| KMeansError::Settings(e.to_string()))?;
    let labels = model.predict(dataset.records());
    let labels: Vec<usize> = labels.to_vec();
    let centroids = model.centroids().iter().copied().collect::<Vec<f64>>();
    let inertia = labels
        .iter()
        .enumerate()
        .map(|(r, &c)| {
            (0..dims)
                .map(|d| {
                    let diff = rows[r * dims + d] - centroids[c * dims + d];
                    diff * diff
                })
                .sum::<f64>()
        })
        .sum();
    Ok(Clustering {
        labels,
        centroids,
        dims,
        inertia,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blobs() -> Vec<f64> {
        let mut rows = Vec::new();
        for (cx, cy) in [(0.0, 0.0), (10.0, 10.0), (-10.0, 10.0)] {
            for i in 0..30 {
                let jitter = f64::from(i % 5) * 0.1;
                rows.extend([cx + jitter, cy - jitter]);
            }
        }
        rows
    }

    #[test]
    fn separate_blobs_become_separate_clusters_reproducibly() {
        let rows = blobs();
        let settings = KMeansSettings::new(3);
        let a = kmeans(&rows, 2, &settings).expect("clusters");
        assert_eq!(a.sizes(), [30, 30, 30]);
        for blob in 0..3 {
            let labels = &a.labels[blob * 30..blob * 30 + 30];
            assert!(
                labels.iter().all(|&l| l == labels[0]),
                "one blob, one cluster"
            );
        }
        assert!(a.inertia < 90.0 * 0.1);
        let b = kmeans(&rows, 2, &settings).expect("clusters");
        assert_eq!(a, b, "same data and settings, same clusters");
    }

    #[test]
    fn too_few_rows_is_an_error() {
        let err = kmeans(&[1.0, 2.0], 2, &KMeansSettings::new(5)).expect_err("one row");
        assert_eq!(err, KMeansError::TooFewRows { k: 5, rows: 1 });
    }
}
