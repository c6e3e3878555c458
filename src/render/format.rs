//! How figures are printed: rounding, thousands separators, units, arrows.
//! The model keeps full precision; rounding happens only here.

use crate::metrics::direction::Direction;
use crate::metrics::round::format_fixed;
use crate::model::indicator::Unit;

/// Inserts thousands separators into the integer part of a formatted number.
fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value as printed in the scorecard: `71.0%`, `1,234`, `£2,500`, `45.3`.
pub fn format_value(value: f64, unit: Unit, decimals: u32) -> String {
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
pub fn format_option(value: Option<f64>, unit: Unit, decimals: u32) -> String {
    value.map_or_else(|| "–".to_string(), |v| format_value(v, unit, decimals))
}

/// A signed figure with a true minus: `+7.0`, `−2.5`, and `0` unsigned when it rounds to zero.
pub fn format_signed(value: f64, decimals: u32) -> String {
    let number = group_thousands(&format_fixed(value.abs(), decimals));
    let sign = if format_fixed(value, decimals).trim_start_matches(['-', '0', '.']).is_empty() {
        ""
    } else if value > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{number}")
}

/// A signed change: `+7.0`, `−2.5` (percentage points for percentages).
pub fn format_change(change: f64, unit: Unit, decimals: u32) -> String {
    let signed = format_signed(change, decimals);
    match unit {
        Unit::Percent => format!("{signed} pts"),
        _ => signed,
    }
}

/// The arrow for a change: up, down or level. Arrows show movement; the word beside says whether it is good.
pub fn arrow(change: Option<f64>, direction: Direction) -> &'static str {
    match (change, direction) {
        (_, Direction::NoChange) => "→",
        (Some(c), _) if c > 0.0 => "↑",
        (Some(c), _) if c < 0.0 => "↓",
        _ => "",
    }
}

/// The word for a direction of travel.
pub fn direction_word(change: Option<f64>, direction: Direction) -> &'static str {
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

/// An amount in a book's unit as prose writes it: "£1.126m", "£250.000k", "£1,234.50".
pub fn format_amount(amount: crate::model::money::Money, units: crate::model::budget::Units) -> String {
    use crate::model::budget::Units;
    match units {
        Units::GbpMillions => format!("£{}m", money_text(amount, false)),
        Units::GbpThousands => format!("£{}k", money_text(amount, false)),
        Units::Gbp => format!("£{}", group_thousands(&amount.fixed(2)).replace('-', "\u{2212}")),
    }
}

/// An amount of a finance table as printed: three decimals, thousands
/// separated, a true minus, and with `signed` a plus for a positive amount:
/// "1,718.751", "−0.559", "+2.850".
pub fn money_text(amount: crate::model::money::Money, signed: bool) -> String {
    // Money::signed decides the sign as printed; this adds the separators.
    let printed = amount.signed(3);
    let (sign, digits) = match printed.strip_prefix('+') {
        Some(digits) => (if signed { "+" } else { "" }, digits),
        None => printed.strip_prefix('\u{2212}').map_or(("", printed.as_str()), |d| ("\u{2212}", d)),
    };
    format!("{sign}{}", group_thousands(digits))
}

/// A date as printed on a cover: `25 November 2026`.
pub fn format_date(date: (i32, u8, u8)) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {} {}", date.2, MONTHS[(date.1.clamp(1, 12) - 1) as usize], date.0)
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
        assert_eq!(format_signed(-0.02, 0), "0", "a negative that rounds to zero");
        assert_eq!(format_signed(-0.4, 1), "−0.4");
        assert_eq!(format_signed(1234.0, 0), "+1,234");
    }

    #[test]
    fn amounts_print_with_separators_and_a_true_minus() {
        use crate::model::money::Money;
        let m = |s: &str| Money::parse(s).unwrap();
        assert_eq!(money_text(m("1718.7514"), false), "1,718.751");
        assert_eq!(money_text(m("-0.559"), false), "\u{2212}0.559");
        assert_eq!(money_text(m("2.85"), true), "+2.850");
        assert_eq!(money_text(m("-0.0004"), true), "0.000", "zero as printed has no sign");
    }
}
