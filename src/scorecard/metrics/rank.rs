//! National rank and quartile by the DfE LAIT conventions: rank 1 is best,
//! ties share the lowest rank (R's `ties.method = "min"`), quartile bands from
//! R's default (type 7) quantiles, closed at the top.

use serde::Serialize;

use crate::scorecard::model::indicator::Polarity;

/// A national quartile band, A best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Quartile {
    /// Best quarter.
    A,
    /// Second.
    B,
    /// Third.
    C,
    /// Worst quarter.
    D,
}

impl Quartile {
    /// The value as the JSON and CSV contracts write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Quartile::A => "A",
            Quartile::B => "B",
            Quartile::C => "C",
            Quartile::D => "D",
        }
    }
}

/// R's type 7 quantile of sorted `values` at `p` (0–1).
pub(crate) fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Rank (1 = best by polarity, ties sharing the lowest number), number ranked,
/// and quartile of `value` among `all` (which includes it). `None` for neutral polarity.
pub(crate) fn rank_and_quartile(value: f64, all: &[f64], polarity: Polarity) -> Option<(u32, u32, Quartile)> {
    if polarity == Polarity::Neutral || all.is_empty() {
        return None;
    }
    let sign = polarity.sign();
    let rank = 1 + all.iter().filter(|v| sign * (**v - value) > 0.0).count() as u32;
    let mut sorted = all.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q = |p| quantile_type7(&sorted, p);
    // Bands in ascending value order: [Q0,Q25], (Q25,Q50], (Q50,Q75], (Q75,Q100].
    let band = if value <= q(0.25) {
        0
    } else if value <= q(0.5) {
        1
    } else if value <= q(0.75) {
        2
    } else {
        3
    };
    let order = match polarity {
        Polarity::LowerIsBetter => [Quartile::A, Quartile::B, Quartile::C, Quartile::D],
        _ => [Quartile::D, Quartile::C, Quartile::B, Quartile::A],
    };
    Some((rank, all.len() as u32, order[band]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartile_keys_are_the_serialised_names() {
        for v in [Quartile::A, Quartile::B, Quartile::C, Quartile::D] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
        }
    }
    use Polarity::*;

    #[test]
    fn type7_quantiles_match_r() {
        // quantile(c(1, 2, 3, 4, 10), c(.25, .5, .75)) in R: 2, 3, 4.
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile_type7(&v, 0.25), 2.0);
        assert_eq!(quantile_type7(&v, 0.75), 4.0);
        // quantile(1:4, .25) = 1.75.
        assert_eq!(quantile_type7(&[1.0, 2.0, 3.0, 4.0], 0.25), 1.75);
    }

    #[test]
    fn ties_share_the_lowest_rank() {
        let all = [70.0, 80.0, 80.0, 60.0, 90.0];
        assert_eq!(rank_and_quartile(80.0, &all, HigherIsBetter).unwrap().0, 2);
        assert_eq!(rank_and_quartile(80.0, &all, LowerIsBetter).unwrap().0, 3);
        assert_eq!(rank_and_quartile(90.0, &all, HigherIsBetter).unwrap().0, 1);
        assert_eq!(rank_and_quartile(90.0, &all, HigherIsBetter).unwrap().1, 5);
        assert!(rank_and_quartile(90.0, &all, Neutral).is_none());
    }

    #[test]
    fn quartile_bands_are_closed_at_the_top() {
        // Quartiles of 1..=5: Q25 = 2, Q50 = 3, Q75 = 4.
        let all = [1.0, 2.0, 3.0, 4.0, 5.0];
        let q = |v, p| rank_and_quartile(v, &all, p).unwrap().2;
        assert_eq!(q(2.0, LowerIsBetter), Quartile::A);
        assert_eq!(q(3.0, LowerIsBetter), Quartile::B);
        assert_eq!(q(4.0, LowerIsBetter), Quartile::C);
        assert_eq!(q(5.0, LowerIsBetter), Quartile::D);
        assert_eq!(q(2.0, HigherIsBetter), Quartile::D);
        assert_eq!(q(5.0, HigherIsBetter), Quartile::A);
        assert_eq!(q(4.0, HigherIsBetter), Quartile::B);
    }
}
