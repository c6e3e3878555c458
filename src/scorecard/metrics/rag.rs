//! RAG ratings against a target, compared at the displayed precision so the
//! colour always agrees with the printed number.

use crate::core::rag::Rag;
use crate::core::round::round_half_away;
use crate::scorecard::model::indicator::Polarity;

/// Rates `value` against `target`: green when on or beyond the target in the
/// better direction, amber when on or beyond the amber threshold, else red.
/// Without an amber threshold anything off target is red (the Norfolk key).
pub(crate) fn compute_rag(
    value: Option<f64>,
    target: Option<f64>,
    amber: Option<f64>,
    polarity: Polarity,
    decimals: u32,
) -> Rag {
    let (Some(value), Some(target)) = (value, target) else { return Rag::None };
    let sign = polarity.sign();
    if sign == 0.0 {
        return Rag::None;
    }
    let shown = round_half_away(value, decimals);
    // Better-or-equal in the polarity's direction.
    let reaches = |threshold: f64| sign * (shown - threshold) >= 0.0;
    if reaches(target) {
        Rag::Green
    } else if amber.is_some_and(reaches) {
        Rag::Amber
    } else {
        Rag::Red
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Polarity::*;

    #[test]
    fn rag_uses_displayed_value() {
        // 76.96 prints as 77.0, so it meets a target of 77.
        assert_eq!(compute_rag(Some(76.96), Some(77.0), None, HigherIsBetter, 1), Rag::Green);
        assert_eq!(compute_rag(Some(76.94), Some(77.0), None, HigherIsBetter, 1), Rag::Red);
    }

    #[test]
    fn amber_band_is_inclusive_at_its_edges() {
        // Norfolk 2-year-old take-up: red < 65, amber 65–85, green > 85 would make
        // 85 amber; with target 85 as "on target" it is green. Here the threshold is 65.
        let rate = |v| compute_rag(Some(v), Some(85.0), Some(65.0), HigherIsBetter, 0);
        assert_eq!(rate(64.4), Rag::Red);
        assert_eq!(rate(65.0), Rag::Amber);
        assert_eq!(rate(84.0), Rag::Amber);
        assert_eq!(rate(85.0), Rag::Green);
    }

    #[test]
    fn lower_is_better_mirrors() {
        let rate = |v| compute_rag(Some(v), Some(10.0), Some(12.0), LowerIsBetter, 1);
        assert_eq!(rate(9.0), Rag::Green);
        assert_eq!(rate(10.04), Rag::Green);
        assert_eq!(rate(11.0), Rag::Amber);
        assert_eq!(rate(12.1), Rag::Red);
    }

    #[test]
    fn no_target_or_neutral_is_not_rated() {
        assert_eq!(compute_rag(Some(1.0), None, None, HigherIsBetter, 1), Rag::None);
        assert_eq!(compute_rag(None, Some(1.0), None, HigherIsBetter, 1), Rag::None);
        assert_eq!(compute_rag(Some(1.0), Some(1.0), None, Neutral, 1), Rag::None);
    }
}
