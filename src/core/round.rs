//! Rounding as people and Excel expect: half away from zero, at the displayed
//! precision, robust to binary representation (72.599999999999994 is 72.6).

/// Rounds `x` to `dp` decimals, halves away from zero.
pub(crate) fn round_half_away(x: f64, dp: u32) -> f64 {
    let p = 10f64.powi(dp as i32);
    let scaled = x * p;
    // Values such as 1.005 are stored as 1.00499999…; nudge by a few ulps of
    // the scaled value so a printed half rounds the way it reads.
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 4.0 * f64::EPSILON;
    nudged.round() / p
}

/// Formats `x` with exactly `dp` decimals after rounding half away from zero.
pub(crate) fn format_fixed(x: f64, dp: u32) -> String {
    let r = round_half_away(x, dp);
    let s = format!("{:.*}", dp as usize, r);
    // "-0.0" reads as a negative nothing.
    if r == 0.0 {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round_half_away(2.5, 0), 3.0);
        assert_eq!(round_half_away(-2.5, 0), -3.0);
        assert_eq!(round_half_away(1.005, 2), 1.01);
        assert_eq!(round_half_away(72.6, 1), 72.6, "72.6 is stored as 72.59999…");
        assert_eq!(round_half_away(66.666, 0), 67.0);
        assert_eq!(round_half_away(0.125, 2), 0.13);
    }

    #[test]
    fn fixed_formatting_never_prints_negative_zero() {
        assert_eq!(format_fixed(-0.01, 1), "0.0");
        assert_eq!(format_fixed(71.0, 1), "71.0");
        assert_eq!(format_fixed(1234.5, 0), "1235");
    }
}
