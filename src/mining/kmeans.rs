//! k-means clustering, seeded so the same data and settings always give the same clusters.
//!
//! Two parts:
//! - Here: k-means++ seeding (scikit-learn's greedy variant: each new centre is the best of
//!   2 + ln k candidates drawn in proportion to the squared distance, the one that lowers the
//!   total most) and Lloyd's iterations until the centroids move less than the tolerance. They
//!   run over the rows held column by column, [`LANES`] rows at a time whose distances stay in
//!   registers, loops the compiler turns into SIMD (with the feature count fixed at compile time
//!   up to 8 features, so the loops unroll).
//! - Then linfa-clustering's `KMeans` continues from those centroids with its own update and
//!   convergence test (one iteration when the loop here has converged) and gives the centroids.
//!
//! Why not linfa's loop alone: it measures every row against every centroid through an ndarray
//! row view and its `Distance` trait, about 2 ms an iteration on 85k × 4 rows natively and more
//! in the browser, where its whole fit took 1.34× scikit-learn's time (the goal is no slower);
//! the loop here takes about 0.7 ms an iteration in the browser's engine. linfa takes a starting
//! point through `KMeansInit::Precomputed`, which is how the two parts meet.

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::ArrayView2;
use rand::Rng;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

/// Rows measured together.
const LANES: usize = 8;

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
    let k = settings.k;
    if n < k || k == 0 {
        return Err(KMeansError::TooFewRows { k, rows: n });
    }
    let columns = Columns::new(rows, dims);
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let mut pass = Pass::new(n, k, dims);
    let mut best: Option<(f64, Vec<f64>)> = None;
    for _ in 0..settings.runs.max(1) {
        let seeded = seed_centroids(&columns, k, &mut rng);
        let centroids = lloyd(&columns, seeded, settings, &mut pass);
        // One run needs no comparison: skip the sweep that measures it.
        let inertia = if settings.runs > 1 {
            pass.assign(&columns, &centroids)
        } else {
            0.0
        };
        if best.as_ref().is_none_or(|(least, _)| inertia < *least) {
            best = Some((inertia, centroids));
        }
    }
    let (_, centroids) = best.expect("at least one run");
    let centroids = linfa_finish(rows, dims, centroids, settings)?;
    let inertia = pass.assign(&columns, &centroids);
    Ok(Clustering {
        labels: pass.labels.iter().map(|&l| l as usize).collect(),
        centroids,
        dims,
        inertia,
    })
}

/// linfa-clustering's k-means from `centroids`: its update and convergence test.
fn linfa_finish(
    rows: &[f64],
    dims: usize,
    centroids: Vec<f64>,
    settings: &KMeansSettings,
) -> Result<Vec<f64>, KMeansError> {
    let invalid = |e: &dyn std::fmt::Display| KMeansError::Settings(e.to_string());
    let records =
        ArrayView2::from_shape((rows.len() / dims, dims), rows).map_err(|e| invalid(&e))?;
    let start =
        ndarray::Array2::from_shape_vec((settings.k, dims), centroids).map_err(|e| invalid(&e))?;
    let model = KMeans::params_with_rng(settings.k, ChaCha8Rng::seed_from_u64(settings.seed))
        .init_method(KMeansInit::Precomputed(start))
        .n_runs(1)
        .max_n_iterations(settings.max_iterations)
        .tolerance(settings.tolerance)
        .fit(&DatasetBase::from(records))
        .map_err(|e| invalid(&e))?;
    Ok(model.centroids().iter().copied().collect())
}

/// The rows column by column (`values[d * stride + r]`), each column padded with zeros to a
/// whole number of [`LANES`], so a distance to one point runs down contiguous values.
struct Columns {
    n: usize,
    stride: usize,
    dims: usize,
    values: Vec<f64>,
}

impl Columns {
    fn new(rows: &[f64], dims: usize) -> Columns {
        let n = rows.len() / dims;
        let stride = n.div_ceil(LANES) * LANES;
        let mut values = vec![0.0; stride * dims];
        for (r, row) in rows.chunks_exact(dims).enumerate() {
            for (d, &value) in row.iter().enumerate() {
                values[d * stride + r] = value;
            }
        }
        Columns {
            n,
            stride,
            dims,
            values,
        }
    }

    fn value(&self, d: usize, r: usize) -> f64 {
        self.values[d * self.stride + r]
    }

    fn row(&self, r: usize) -> impl Iterator<Item = f64> + '_ {
        (0..self.dims).map(move |d| self.value(d, r))
    }

    /// Rows `from..from + LANES` as a [`Block`].
    fn block(&self, from: usize) -> Block<'_> {
        Block {
            values: &self.values[from..],
            step: self.stride,
        }
    }

    /// Squared distances of every row to `point` (`out` has `stride` values; the padding's are
    /// meaningless).
    fn distances(&self, point: &[f64], out: &mut [f64]) {
        for (from, lanes) in (0..self.stride)
            .step_by(LANES)
            .zip(out.chunks_exact_mut(LANES))
        {
            lanes.copy_from_slice(&self.block(from).distances(point, Any(self.dims)));
        }
    }
}

/// [`LANES`] rows, feature by feature: feature `d` of lane `l` is `values[d * step + l]`.
#[derive(Clone, Copy)]
struct Block<'v> {
    values: &'v [f64],
    step: usize,
}

impl Block<'_> {
    /// Each lane's squared distance to `point` (`width` features).
    #[inline(always)]
    fn distances(self, point: &[f64], width: impl Width) -> [f64; LANES] {
        let mut sum = [0.0; LANES];
        for (d, &p) in point[..width.get()].iter().enumerate() {
            let feature: &[f64; LANES] = self.values[d * self.step..d * self.step + LANES]
                .try_into()
                .expect("a block holds whole lanes");
            for (s, &x) in sum.iter_mut().zip(feature) {
                let t = x - p;
                *s += t * t;
            }
        }
        sum
    }

    /// Each lane's nearest centroid (the first of equals) and its squared distance to it.
    #[inline(always)]
    fn nearest(self, centroids: &[f64], width: impl Width) -> ([u32; LANES], [f64; LANES]) {
        let mut label = [0u32; LANES];
        let mut nearest = [f64::INFINITY; LANES];
        for (j, centroid) in centroids.chunks_exact(width.get()).enumerate() {
            let distance = self.distances(centroid, width);
            for ((best, l), &d) in nearest.iter_mut().zip(&mut label).zip(&distance) {
                let closer = d < *best;
                *best = if closer { d } else { *best };
                *l = if closer { j as u32 } else { *l };
            }
        }
        (label, nearest)
    }
}

/// The number of features, known at compile time ([`Fixed`]) or not ([`Any`]).
trait Width: Copy {
    fn get(self) -> usize;
}

#[derive(Clone, Copy)]
struct Fixed<const D: usize>;

impl<const D: usize> Width for Fixed<D> {
    #[inline(always)]
    fn get(self) -> usize {
        D
    }
}

#[derive(Clone, Copy)]
struct Any(usize);

impl Width for Any {
    #[inline(always)]
    fn get(self) -> usize {
        self.0
    }
}

/// k-means++ seeding as scikit-learn does it (see the module's notes).
fn seed_centroids(columns: &Columns, k: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let n = columns.n;
    let trials = 2 + (k as f64).ln() as usize;
    let mut centroids: Vec<f64> = columns.row(rng.gen_range(0..n)).collect();
    let stride = columns.stride;
    let mut closest = vec![0.0; stride];
    columns.distances(&centroids, &mut closest);
    let (mut cumulative, mut candidate, mut chosen) =
        (vec![0.0; n], vec![0.0; stride], vec![0.0; stride]);
    let mut point = Vec::with_capacity(columns.dims);
    for _ in 1..k {
        let mut total = 0.0;
        for (sum, &d) in cumulative.iter_mut().zip(&closest) {
            total += d;
            *sum = total;
        }
        let mut best: Option<(f64, usize)> = None;
        for _ in 0..trials {
            let target = rng.gen::<f64>() * total;
            let id = cumulative.partition_point(|&sum| sum < target).min(n - 1);
            point.clear();
            point.extend(columns.row(id));
            columns.distances(&point, &mut candidate);
            let mut potential = 0.0;
            for (c, &d) in candidate[..n].iter_mut().zip(&closest) {
                // (not f64::min: in wasm that is a call to libm's fmin for its NaN rule)
                *c = if d < *c { d } else { *c };
                potential += *c;
            }
            if best.is_none_or(|(least, _)| potential < least) {
                best = Some((potential, id));
                std::mem::swap(&mut candidate, &mut chosen);
            }
        }
        let (_, id) = best.expect("at least two trials");
        std::mem::swap(&mut closest, &mut chosen);
        centroids.extend(columns.row(id));
    }
    centroids
}

/// Lloyd's iterations from `centroids` until no row changes cluster, the centroids move less
/// than the tolerance, or the iteration cap.
fn lloyd(
    columns: &Columns,
    mut centroids: Vec<f64>,
    settings: &KMeansSettings,
    pass: &mut Pass,
) -> Vec<f64> {
    let dims = columns.dims;
    pass.labels.fill(u32::MAX);
    for _ in 0..settings.max_iterations {
        pass.assign(columns, &centroids);
        if pass.changed == 0 {
            break;
        }
        let mut shift = 0.0;
        for (j, centroid) in centroids.chunks_exact_mut(dims).enumerate() {
            let count = pass.counts[j];
            if count == 0 {
                continue; // an empty cluster keeps its centroid
            }
            for (c, &sum) in centroid
                .iter_mut()
                .zip(&pass.sums[j * dims..(j + 1) * dims])
            {
                let mean = sum / count as f64;
                shift += (mean - *c) * (mean - *c);
                *c = mean;
            }
        }
        if shift.sqrt() < settings.tolerance {
            break;
        }
    }
    centroids
}

/// Where the rows are after a sweep: each row's cluster, how many rows changed cluster, each
/// cluster's row count and sums.
struct Pass {
    labels: Vec<u32>,
    changed: usize,
    counts: Vec<usize>,
    sums: Vec<f64>,
}

impl Pass {
    fn new(n: usize, k: usize, dims: usize) -> Pass {
        Pass {
            labels: vec![u32::MAX; n],
            changed: 0,
            counts: vec![0; k],
            sums: vec![0.0; k * dims],
        }
    }

    /// Assigns every row to its nearest centroid (the first of equals); returns the inertia.
    fn assign(&mut self, columns: &Columns, centroids: &[f64]) -> f64 {
        match columns.dims {
            1 => self.assign_with(columns, centroids, Fixed::<1>),
            2 => self.assign_with(columns, centroids, Fixed::<2>),
            3 => self.assign_with(columns, centroids, Fixed::<3>),
            4 => self.assign_with(columns, centroids, Fixed::<4>),
            5 => self.assign_with(columns, centroids, Fixed::<5>),
            6 => self.assign_with(columns, centroids, Fixed::<6>),
            7 => self.assign_with(columns, centroids, Fixed::<7>),
            8 => self.assign_with(columns, centroids, Fixed::<8>),
            dims => self.assign_with(columns, centroids, Any(dims)),
        }
    }

    #[inline(always)]
    fn assign_with(&mut self, columns: &Columns, centroids: &[f64], width: impl Width) -> f64 {
        let dims = width.get();
        self.changed = 0;
        self.counts.fill(0);
        self.sums.fill(0.0);
        let mut inertia = 0.0;
        for from in (0..columns.n).step_by(LANES) {
            let (label, nearest) = columns.block(from).nearest(centroids, width);
            let rows = LANES.min(columns.n - from);
            for (i, (&l, &d)) in label.iter().zip(&nearest).take(rows).enumerate() {
                let r = from + i;
                self.changed += usize::from(self.labels[r] != l);
                self.labels[r] = l;
                let l = l as usize;
                self.counts[l] += 1;
                for (dim, sum) in self.sums[l * dims..(l + 1) * dims].iter_mut().enumerate() {
                    *sum += columns.value(dim, r);
                }
                inertia += d;
            }
        }
        inertia
    }
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

    /// `n` rows of `dims` uniform values around `k` random centres, spread `spread`.
    fn noisy_blobs(n: usize, dims: usize, k: usize, spread: f64, seed: u64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let centres: Vec<f64> = (0..k * dims).map(|_| rng.gen_range(-5.0..5.0)).collect();
        (0..n)
            .flat_map(|r| {
                let centre = (r % k) * dims;
                (0..dims)
                    .map(|d| centres[centre + d] + rng.gen_range(-spread..spread))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn the_assignment_is_the_nearest_centroid_for_every_width() {
        // Widths 1-8 run the unrolled loops, 11 the general one; 203 rows end mid-lane.
        for dims in [1, 2, 3, 4, 5, 6, 7, 8, 11] {
            let rows = noisy_blobs(203, dims, 4, 3.0, dims as u64);
            let centroids = noisy_blobs(5, dims, 5, 1.0, 99);
            let columns = Columns::new(&rows, dims);
            let mut pass = Pass::new(203, 5, dims);
            let inertia = pass.assign(&columns, &centroids);
            let mut expected_inertia = 0.0;
            let mut expected_sums = vec![0.0; 5 * dims];
            for (r, row) in rows.chunks_exact(dims).enumerate() {
                let distances: Vec<f64> = centroids
                    .chunks_exact(dims)
                    .map(|c| row.iter().zip(c).map(|(a, b)| (a - b) * (a - b)).sum())
                    .collect();
                let nearest = (0..5)
                    .min_by(|&a, &b| distances[a].total_cmp(&distances[b]))
                    .expect("five");
                assert_eq!(pass.labels[r] as usize, nearest, "width {dims}, row {r}");
                expected_inertia += distances[nearest];
                for d in 0..dims {
                    expected_sums[nearest * dims + d] += row[d];
                }
            }
            assert!((inertia - expected_inertia).abs() < 1e-9 * expected_inertia);
            assert_eq!(pass.counts.iter().sum::<usize>(), 203);
            for (got, want) in pass.sums.iter().zip(&expected_sums) {
                assert!((got - want).abs() < 1e-9, "width {dims}: {got} vs {want}");
            }
            assert_eq!(pass.changed, 203, "every row moved from no cluster");
            pass.assign(&columns, &centroids);
            assert_eq!(pass.changed, 0, "the same centroids move no row");
        }
    }

    #[test]
    fn seeding_puts_one_centre_in_each_far_blob() {
        let rows = blobs();
        let columns = Columns::new(&rows, 2);
        for seed in 0..20 {
            let centres = seed_centroids(&columns, 3, &mut ChaCha8Rng::seed_from_u64(seed));
            let mut blobs: Vec<usize> = centres
                .chunks_exact(2)
                .map(|c| {
                    assert!(
                        rows.chunks_exact(2).any(|row| row == c),
                        "a centre is a row"
                    );
                    usize::from(c[0] > 5.0) + 2 * usize::from(c[0] < -5.0)
                })
                .collect();
            blobs.sort_unstable();
            assert_eq!(blobs, [0, 1, 2], "seed {seed}");
        }
    }

    #[test]
    fn the_result_is_linfa_clusterings_from_the_same_start() {
        // linfa's own loop from the same seeding reaches the same clusters.
        let rows = noisy_blobs(3_000, 3, 4, 2.5, 7);
        let settings = KMeansSettings::new(4);
        let ours = kmeans(&rows, 3, &settings).expect("clusters");
        let columns = Columns::new(&rows, 3);
        let start = seed_centroids(&columns, 4, &mut ChaCha8Rng::seed_from_u64(settings.seed));
        let records = ArrayView2::from_shape((3_000, 3), &rows[..]).expect("shape");
        let model = KMeans::params_with_rng(4, ChaCha8Rng::seed_from_u64(0))
            .init_method(KMeansInit::Precomputed(
                ndarray::Array2::from_shape_vec((4, 3), start).expect("shape"),
            ))
            .n_runs(1)
            .tolerance(1e-9)
            .fit(&DatasetBase::from(records))
            .expect("linfa fits");
        let labels = model.predict(&records);
        assert_eq!(ours.labels, labels.to_vec());
        let linfa_inertia = model.inertia() * 3_000.0;
        assert!(
            (ours.inertia - linfa_inertia).abs() < 1e-6 * linfa_inertia,
            "{} vs {linfa_inertia}",
            ours.inertia
        );
        for (a, b) in ours.centroids.iter().zip(model.centroids().iter()) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
    }

    #[test]
    fn more_runs_never_end_worse() {
        let rows = noisy_blobs(1_000, 2, 6, 4.0, 3);
        let one = kmeans(&rows, 2, &KMeansSettings::new(6)).expect("clusters");
        let ten = kmeans(
            &rows,
            2,
            &KMeansSettings {
                runs: 10,
                ..KMeansSettings::new(6)
            },
        )
        .expect("clusters");
        assert!(ten.inertia <= one.inertia + 1e-9);
    }

    #[test]
    fn too_few_rows_is_an_error() {
        let err = kmeans(&[1.0, 2.0], 2, &KMeansSettings::new(5)).expect_err("one row");
        assert_eq!(err, KMeansError::TooFewRows { k: 5, rows: 1 });
    }
}
