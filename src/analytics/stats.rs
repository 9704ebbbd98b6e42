//! Summary statistics of a numeric column (pure), as pandas' `describe` gives them: count,
//! mean, sample standard deviation, minimum, quartiles by linear interpolation, maximum.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub count: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1); `None` for fewer than two values.
    pub std: Option<f64>,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The summary of `values` (`None` when empty); sorts a copy for the quartiles.
pub fn describe(values: &[f64]) -> Option<Summary> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mean = values.iter().sum::<f64>() / n as f64;
    let std = (n > 1).then(|| {
        let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        (squares / (n - 1) as f64).sqrt()
    });
    let quantile = |q: f64| {
        let at = q * (n - 1) as f64;
        let (low, high) = (at.floor() as usize, at.ceil() as usize);
        sorted[low] + (sorted[high] - sorted[low]) * (at - low as f64)
    };
    Some(Summary {
        count: n,
        mean,
        std,
        min: sorted[0],
        q1: quantile(0.25),
        median: quantile(0.5),
        q3: quantile(0.75),
        max: sorted[n - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_pandas_describe() {
        // pandas.Series([1, 2, 3, 4, 10]).describe(): mean 4, std 3.535534, 25% 2, 50% 3,
        // 75% 4.
        let s = describe(&[10.0, 1.0, 3.0, 2.0, 4.0]).expect("values");
        assert_eq!((s.count, s.mean, s.min, s.max), (5, 4.0, 1.0, 10.0));
        assert_eq!((s.q1, s.median, s.q3), (2.0, 3.0, 4.0));
        assert!((s.std.expect("two or more") - 3.535_533_905_932_737_6).abs() < 1e-12);
        // Interpolated quartiles: pandas.Series([1, 2, 3, 4]).quantile(.25) = 1.75.
        let s = describe(&[1.0, 2.0, 3.0, 4.0]).expect("values");
        assert_eq!((s.q1, s.median, s.q3), (1.75, 2.5, 3.25));
        let one = describe(&[7.0]).expect("a value");
        assert_eq!((one.std, one.q1, one.q3), (None, 7.0, 7.0));
        assert_eq!(describe(&[]), None);
    }
}
