//! The worker's segmentation job (pure): what the page asks, what it gets back, and the run
//! itself over the facts the worker keeps (see the dashboard job).

use rand::seq::index::sample;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::features::FeatureSpec;
use super::segmentation::{
    cluster, k_curve, prepare, principal_components, profiles, suggested_k, KPoint, Profile,
    SegmentationError,
};
use crate::analytics::{Facts, Scope};

/// The job's name.
pub const SEGMENTATION: &str = "segmentation";

/// Points the scatter draws at most (a seeded sample of the customers beyond that).
pub const SCATTER_POINTS: usize = 5_000;

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentationJob {
    /// The data revision of the facts (as the dashboard job).
    pub revision: u64,
    pub scope: Scope,
    pub features: Vec<FeatureSpec>,
    /// `None`: the k with the best silhouette on the curve.
    pub k: Option<usize>,
    /// Also compute the curve when k is given.
    pub curve: bool,
    pub seed: u64,
}

/// What the worker answers (header); the sections are [`SegmentationSections`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentationAnswer {
    pub k: usize,
    pub suggested: Option<usize>,
    pub curve: Vec<KPoint>,
    pub profiles: Vec<Profile>,
    pub inertia: f64,
    /// Milliseconds of the final k-means alone (the benchmark compares it with scikit-learn).
    pub kmeans_ms: f64,
    /// Customers clustered, and those with a purchase left out for lack of a feature.
    pub rows: usize,
    pub left_out: usize,
    pub compute_ms: f64,
}

/// The answer's bulk, as flat little-endian arrays: every clustered customer's id and cluster,
/// and for the scatter's sample of customers, its cluster and a row of values: each feature
/// in original units, then the first two principal components.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentationSections {
    pub customers: Vec<u64>,
    pub labels: Vec<u8>,
    pub sample_labels: Vec<u8>,
    /// `sample_labels.len()` rows of `width` values.
    pub sample_values: Vec<f32>,
    pub width: usize,
}

impl SegmentationSections {
    pub fn to_sections(&self) -> Vec<Vec<u8>> {
        let ids = self
            .customers
            .iter()
            .flat_map(|id| id.to_le_bytes())
            .collect();
        let mut values = (self.width as u32).to_le_bytes().to_vec();
        values.extend(self.sample_values.iter().flat_map(|v| v.to_le_bytes()));
        vec![ids, self.labels.clone(), self.sample_labels.clone(), values]
    }

    /// Reads [`SegmentationSections::to_sections`] back; `None` when the lengths disagree.
    pub fn from_sections(sections: &[Vec<u8>]) -> Option<SegmentationSections> {
        let [ids, labels, sample_labels, values] = sections else {
            return None;
        };
        let width = u32::from_le_bytes(values.get(..4)?.try_into().ok()?) as usize;
        let values = &values[4..];
        let consistent = ids.len() % 8 == 0
            && ids.len() / 8 == labels.len()
            && values.len() % 4 == 0
            && values.len() / 4 == sample_labels.len() * width;
        consistent.then(|| SegmentationSections {
            customers: ids
                .chunks_exact(8)
                .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
                .collect(),
            labels: labels.clone(),
            sample_labels: sample_labels.clone(),
            sample_values: values
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect(),
            width,
        })
    }

    /// The sample's points on two of its values (see the struct).
    pub fn points(&self, x: usize, y: usize) -> Vec<(f64, f64, u8)> {
        self.sample_labels
            .iter()
            .enumerate()
            .map(|(r, &label)| {
                let row = &self.sample_values[r * self.width..(r + 1) * self.width];
                (f64::from(row[x]), f64::from(row[y]), label)
            })
            .collect()
    }
}

/// Runs a segmentation; `on_step(done, total)` is told as each k of the curve finishes.
pub fn run_segmentation(
    facts: &Facts,
    job: &SegmentationJob,
    clock: &mut dyn FnMut() -> f64,
    mut on_step: impl FnMut(usize, usize),
) -> Result<(SegmentationAnswer, SegmentationSections), SegmentationError> {
    let prepared = prepare(facts, &job.scope, &job.features)?;
    let with_curve = job.k.is_none() || job.curve;
    let total = if with_curve { 12 } else { 1 };
    let curve = if with_curve {
        k_curve(&prepared.scaled, job.seed, |k| on_step(k - 1, total))?
    } else {
        Vec::new()
    };
    let suggested = suggested_k(&curve);
    let k = job.k.or(suggested).unwrap_or(2);
    let started = clock();
    let clustering = cluster(&prepared, k, job.seed)?;
    let kmeans_ms = clock() - started;
    let profiles = profiles(facts, &job.scope, &prepared, &clustering);
    on_step(total, total);
    let n = prepared.table.rows();
    let shown: Vec<usize> = if n <= SCATTER_POINTS {
        (0..n).collect()
    } else {
        let mut rng = ChaCha8Rng::seed_from_u64(job.seed);
        let mut rows = sample(&mut rng, n, SCATTER_POINTS).into_vec();
        rows.sort_unstable();
        rows
    };
    let pcs = principal_components(&prepared.scaled)
        .map_err(|e| SegmentationError::KMeans(super::KMeansError::Settings(e)))?;
    let width = job.features.len() + 2;
    let mut sample_values = Vec::with_capacity(shown.len() * width);
    for &r in &shown {
        sample_values.extend(prepared.table.columns.iter().map(|c| c[r] as f32));
        sample_values.extend([pcs[2 * r] as f32, pcs[2 * r + 1] as f32]);
    }
    let sections = SegmentationSections {
        customers: prepared
            .table
            .customers
            .iter()
            .map(|&c| facts.customer_ids[c as usize])
            .collect(),
        labels: clustering.labels.iter().map(|&l| l as u8).collect(),
        sample_labels: shown.iter().map(|&r| clustering.labels[r] as u8).collect(),
        sample_values,
        width,
    };
    Ok((
        SegmentationAnswer {
            k,
            suggested,
            curve,
            profiles,
            inertia: clustering.inertia,
            kmeans_ms,
            rows: n,
            left_out: prepared.table.left_out,
            compute_ms: 0.0,
        },
        sections,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::fixtures::{day, everything, fixture};
    use crate::mining::Feature;

    #[test]
    fn a_run_answers_every_buyer_and_a_sample_that_reads_back() {
        let facts = fixture();
        let job = SegmentationJob {
            revision: 1,
            scope: Scope {
                as_of: day(2024, 6, 30),
                ..everything()
            },
            features: vec![
                FeatureSpec::of(Feature::Recency),
                FeatureSpec::of(Feature::Monetary),
                FeatureSpec::of(Feature::Age),
            ],
            k: Some(2),
            curve: false,
            seed: 42,
        };
        let mut steps = Vec::new();
        // No customer of the fixture has an age: every buyer is left out.
        let err = run_segmentation(&facts, &job, &mut || 0.0, |d, t| steps.push((d, t)))
            .expect_err("no rows");
        assert!(matches!(err, SegmentationError::KMeans(_)), "{err:?}");

        let job = SegmentationJob {
            features: job.features[..2].to_vec(),
            ..job
        };
        let (answer, sections) =
            run_segmentation(&facts, &job, &mut || 0.0, |d, t| steps.push((d, t))).expect("runs");
        assert_eq!((answer.k, answer.rows, answer.left_out), (2, 3, 0));
        assert_eq!(sections.customers, [1, 2, 3], "customer ids, not indexes");
        assert_eq!(sections.width, 4, "two features and two components");
        let back = SegmentationSections::from_sections(&sections.to_sections()).expect("reads");
        assert_eq!(back, sections);
        // Customer 3: last purchase 1 April, 90 days before 30 June; total 30.00 + 5.00 in
        // currency units.
        let row = sections
            .customers
            .iter()
            .position(|&id| id == 3)
            .expect("customer 3");
        let values = &sections.sample_values[row * 4..row * 4 + 2];
        assert_eq!(values, [90.0, 35.0]);
        assert_eq!(steps.last(), Some(&(1, 1)));
        assert!(SegmentationSections::from_sections(&[vec![0; 8]]).is_none());
    }
}
