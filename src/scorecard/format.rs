//! How the scorecard prints its figures: units, changes, arrows and the words
//! for a direction of travel.

use crate::core::round::format_fixed;
use crate::render::format::{format_signed, group_thousands};
use crate::scorecard::metrics::direction::Direction;
use crate::scorecard::model::indicator::Unit;

/// A value as printed in the scorecard: `71.0%`, `1,234`, `£2,500`, `45.3`.
pub(crate) fn format_value(value: f64, unit: Unit, decimals: u32) -> String {
    let number = group_thousands(&format_fixed(value, decimals));
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Gbp => match number.strip_prefix('-') {
            Some(n) => format!("−£{n}"),
            None => format!("£{number}"),
        },
        _ => number.replacen('-', "−", 1),
    }
}

/// An optional value, or an en dash for none.
pub(crate) fn format_option(value: Option<f64>, unit: Unit, decimals: u32) -> String {
    value.map_or_else(|| "–".to_string(), |v| format_value(v, unit, decimals))
}

/// A signed change: `+7.0`, `−2.5` (percentage points for percentages).
pub(crate) fn format_change(change: f64, unit: Unit, decimals: u32) -> String {
    let signed = format_signed(change, decimals);
    match unit {
        Unit::Percent => format!("{signed} pts"),
        _ => signed,
    }
}

/// The arrow for a change: up, down or level. Arrows show movement; the word beside says whether it is good.
pub(crate) fn arrow(change: Option<f64>, direction: Direction) -> &'static str {
    match (change, direction) {
        (_, Direction::NoChange) => "→",
        (Some(c), _) if c > 0.0 => "↑",
        (Some(c), _) if c < 0.0 => "↓",
        _ => "",
    }
}

/// The word for a direction of travel.
pub(crate) fn direction_word(change: Option<f64>, direction: Direction) -> &'static str {
    match direction {
        Direction::Improving => "Improving",
        Direction::Worsening => "Worsening",
        Direction::NoChange => "No change",
        Direction::NotComparable => match change {
            Some(c) if c > 0.0 => "Up",
            Some(c) if c < 0.0 => "Down",
            _ => "No previous",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_with_units_and_separators() {
        assert_eq!(format_value(71.0, Unit::Percent, 1), "71.0%");
        assert_eq!(format_value(59380.0, Unit::Count, 0), "59,380");
        assert_eq!(format_value(-1234.5, Unit::Gbp, 0), "−£1,235");
        assert_eq!(format_value(45.25, Unit::Rate, 1), "45.3");
        assert_eq!(format_value(123.0, Unit::Count, 0), "123");
    }

    #[test]
    fn changes_are_signed_with_a_true_minus() {
        assert_eq!(format_change(7.0, Unit::Percent, 1), "+7.0 pts");
        assert_eq!(format_change(-2.5, Unit::Count, 0), "−3");
        assert_eq!(format_change(0.01, Unit::Count, 0), "0");
    }
}
