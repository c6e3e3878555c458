//! Direction of travel: did the latest value improve on the previous one?

use serde::Serialize;

use crate::core::round::round_half_away;
use crate::scorecard::model::indicator::Polarity;

/// Direction of travel between two values, judged by polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Direction {
    /// Moved the better way.
    Improving,
    /// Moved the worse way.
    Worsening,
    /// The same at the displayed precision.
    NoChange,
    /// No previous value, or no better direction (neutral polarity).
    NotComparable,
}

impl Direction {
    /// The value as the JSON and CSV contracts write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Worsening => "worsening",
            Direction::NoChange => "no_change",
            Direction::NotComparable => "not_comparable",
        }
    }
}

/// Compares `latest` with `previous` as displayed (rounded to `decimals`), so a
/// change too small to print is no change.
pub(crate) fn compute_direction(
    latest: f64,
    previous: Option<f64>,
    polarity: Polarity,
    decimals: u32,
) -> Direction {
    let Some(previous) = previous else { return Direction::NotComparable };
    let delta = round_half_away(latest, decimals) - round_half_away(previous, decimals);
    if delta == 0.0 {
        Direction::NoChange
    } else if polarity == Polarity::Neutral {
        Direction::NotComparable
    } else if delta * polarity.sign() > 0.0 {
        Direction::Improving
    } else {
        Direction::Worsening
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_keys_are_the_serialised_names() {
        for v in [Direction::Improving, Direction::Worsening, Direction::NoChange, Direction::NotComparable] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
        }
    }
    use Polarity::*;

    #[test]
    fn direction_follows_polarity() {
        assert_eq!(compute_direction(71.0, Some(64.0), HigherIsBetter, 1), Direction::Improving);
        assert_eq!(compute_direction(71.0, Some(64.0), LowerIsBetter, 1), Direction::Worsening);
        assert_eq!(compute_direction(71.0, Some(64.0), Neutral, 1), Direction::NotComparable);
        assert_eq!(compute_direction(71.0, None, HigherIsBetter, 1), Direction::NotComparable);
    }

    #[test]
    fn changes_too_small_to_print_are_no_change() {
        assert_eq!(compute_direction(71.04, Some(70.96), HigherIsBetter, 1), Direction::NoChange);
        assert_eq!(compute_direction(71.04, Some(70.96), HigherIsBetter, 2), Direction::Improving);
    }
}
