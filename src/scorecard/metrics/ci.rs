//! Confidence intervals by the public-health methods (PHE/OHID Fingertips,
//! R package PHEindicatormethods): Wilson score for proportions; for counts
//! behind rates, the exact (chi-square) method below 10 and Byar's method from
//! 10 up.

use serde::Serialize;

use super::special::{chi_square_quantile, normal_quantile};
use crate::scorecard::model::indicator::Polarity;

/// Wilson score interval for `successes` out of `trials`, as proportions 0–1.
pub(crate) fn wilson(successes: f64, trials: f64, confidence: f64) -> Option<(f64, f64)> {
    if trials <= 0.0 || successes < 0.0 || successes > trials {
        return None;
    }
    let z = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
    let p = successes / trials;
    let centre = 2.0 * successes + z * z;
    let spread = z * (z * z + 4.0 * successes * (1.0 - p)).sqrt();
    let denominator = 2.0 * (trials + z * z);
    Some(((centre - spread) / denominator, (centre + spread) / denominator))
}

/// Confidence limits for a Poisson count: exact below 10, Byar's from 10 up.
pub(crate) fn poisson_count(count: f64, confidence: f64) -> Option<(f64, f64)> {
    if count < 0.0 {
        return None;
    }
    let alpha = 1.0 - confidence;
    if count < 10.0 {
        let lower = if count == 0.0 { 0.0 } else { chi_square_quantile(alpha / 2.0, 2.0 * count) / 2.0 };
        let upper = chi_square_quantile(1.0 - alpha / 2.0, 2.0 * count + 2.0) / 2.0;
        return Some((lower, upper));
    }
    let z = normal_quantile(1.0 - alpha / 2.0);
    let lower = count * (1.0 - 1.0 / (9.0 * count) - z / (3.0 * count.sqrt())).powi(3);
    let o1 = count + 1.0;
    let upper = o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * o1.sqrt())).powi(3);
    Some((lower, upper))
}

/// How a value compares with England, judged on its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Benchmark {
    /// England lies outside the interval on the worse side.
    Better,
    /// England lies inside the interval.
    Similar,
    /// England lies outside the interval on the better side.
    Worse,
    /// Neutral polarity: the interval lies above England.
    Higher,
    /// Neutral polarity: the interval lies below England.
    Lower,
    /// No interval or no England value.
    NotCompared,
}

impl Benchmark {
    /// The value as the JSON and CSV contracts write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Benchmark::Better => "better",
            Benchmark::Similar => "similar",
            Benchmark::Worse => "worse",
            Benchmark::Higher => "higher",
            Benchmark::Lower => "lower",
            Benchmark::NotCompared => "not_compared",
        }
    }
}

/// Compares the interval with England using strict inequalities, as Fingertips does.
pub(crate) fn compare_with_england(
    ci: Option<(f64, f64)>,
    england: Option<f64>,
    polarity: Polarity,
) -> Benchmark {
    let (Some((lower, upper)), Some(england)) = (ci, england) else { return Benchmark::NotCompared };
    let higher = if england < lower {
        true
    } else if england > upper {
        false
    } else {
        return Benchmark::Similar;
    };
    match (polarity, higher) {
        (Polarity::Neutral, true) => Benchmark::Higher,
        (Polarity::Neutral, false) => Benchmark::Lower,
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Benchmark::Better,
        _ => Benchmark::Worse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benchmark_keys_are_the_serialised_names() {
        for v in [
            Benchmark::Better,
            Benchmark::Similar,
            Benchmark::Worse,
            Benchmark::Higher,
            Benchmark::Lower,
            Benchmark::NotCompared,
        ] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
        }
    }

    fn near(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn wilson_matches_published_values() {
        // 0 of 10: Wilson 95% upper limit 0.2775 (Newcombe 1998, table I).
        let (l, u) = wilson(0.0, 10.0, 0.95).unwrap();
        assert!(near(l, 0.0, 1e-12) && near(u, 0.277_54, 5e-5));
        // 81 of 263: 0.2553 to 0.3662 (Newcombe 1998, example).
        let (l, u) = wilson(81.0, 263.0, 0.95).unwrap();
        assert!(near(l, 0.2553, 5e-5) && near(u, 0.3662, 5e-5), "{l} {u}");
        assert!(wilson(11.0, 10.0, 0.95).is_none());
    }

    #[test]
    fn poisson_limits_match_tables() {
        // Exact 95% limits (Garwood): 0 → (0, 3.689), 1 → (0.0253, 5.5716), 5 → (1.6235, 11.6683).
        let (l, u) = poisson_count(0.0, 0.95).unwrap();
        assert!(near(l, 0.0, 0.0) && near(u, 3.6889, 5e-5));
        let (l, u) = poisson_count(1.0, 0.95).unwrap();
        assert!(near(l, 0.0253, 5e-5) && near(u, 5.5716, 5e-5));
        let (l, u) = poisson_count(5.0, 0.95).unwrap();
        assert!(near(l, 1.6235, 5e-5) && near(u, 11.6683, 5e-5));
        // Byar from 10: 10 → (4.7874, 18.3915), within 0.01 of the exact (4.7954, 18.3904).
        let (l, u) = poisson_count(10.0, 0.95).unwrap();
        assert!(near(l, 4.787_45, 5e-5) && near(u, 18.391_46, 5e-5), "{l} {u}");
        assert!(near(l, 4.7954, 0.01) && near(u, 18.3904, 0.01));
    }

    #[test]
    fn benchmark_uses_strict_inequalities() {
        use Polarity::*;
        let ci = Some((60.0, 70.0));
        assert_eq!(compare_with_england(ci, Some(70.0), HigherIsBetter), Benchmark::Similar);
        assert_eq!(compare_with_england(ci, Some(59.9), HigherIsBetter), Benchmark::Better);
        assert_eq!(compare_with_england(ci, Some(70.1), HigherIsBetter), Benchmark::Worse);
        assert_eq!(compare_with_england(ci, Some(70.1), LowerIsBetter), Benchmark::Better);
        assert_eq!(compare_with_england(ci, Some(59.0), Neutral), Benchmark::Higher);
        assert_eq!(compare_with_england(None, Some(59.0), Neutral), Benchmark::NotCompared);
        assert_eq!(compare_with_england(ci, None, Neutral), Benchmark::NotCompared);
    }
}
