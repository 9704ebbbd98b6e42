//! Feature scaling: standardising columns to mean 0 and standard deviation 1.

/// The mean and standard deviation (population, as scikit-learn's `StandardScaler`) of each
/// feature, to turn scaled values back into original units.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    pub mean: Vec<f64>,
    pub std: Vec<f64>,
}

/// Standardises `columns` (each one feature, all of equal length) into row-major rows of
/// `columns.len()` values. A constant feature scales to 0 rather than dividing by zero.
pub fn standardise(columns: &[&[f64]]) -> (Vec<f64>, Scaling) {
    let dims = columns.len();
    let rows = columns.first().map_or(0, |c| c.len());
    let mut mean = Vec::with_capacity(dims);
    let mut std = Vec::with_capacity(dims);
    for column in columns {
        debug_assert_eq!(column.len(), rows, "features of equal length");
        let n = column.len().max(1) as f64;
        let m = column.iter().sum::<f64>() / n;
        let variance = column.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n;
        mean.push(m);
        std.push(variance.sqrt());
    }
    let mut scaled = vec![0.0; rows * dims];
    for (d, column) in columns.iter().enumerate() {
        let (m, s) = (mean[d], std[d]);
        let scale = if s > 0.0 { 1.0 / s } else { 0.0 };
        for (r, x) in column.iter().enumerate() {
            scaled[r * dims + d] = (x - m) * scale;
        }
    }
    (scaled, Scaling { mean, std })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardised_features_have_mean_zero_and_unit_deviation() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [5.0, 5.0, 5.0, 5.0];
        let (rows, scaling) = standardise(&[&a, &b]);
        assert_eq!(scaling.mean, [2.5, 5.0]);
        assert!((scaling.std[0] - 1.25f64.sqrt()).abs() < 1e-12);
        let first: Vec<f64> = rows.iter().step_by(2).copied().collect();
        assert!((first.iter().sum::<f64>()).abs() < 1e-12);
        let var = first.iter().map(|x| x * x).sum::<f64>() / 4.0;
        assert!((var - 1.0).abs() < 1e-12);
        assert!(
            rows.iter().skip(1).step_by(2).all(|x| *x == 0.0),
            "constant → 0"
        );
    }
}
