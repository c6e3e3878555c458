//! How figures and dates are printed in every document: rounding, thousands
//! separators, a true minus. Models keep full precision; rounding for print
//! happens here and in the documents' own format modules built on it.

use crate::core::period::MONTH_NAMES;
use crate::core::round::format_fixed;

/// Inserts thousands separators into the integer part of a formatted number.
pub(crate) fn group_thousands(text: &str) -> String {
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

/// A signed figure with a true minus: `+7.0`, `−2.5`, and `0` unsigned when it rounds to zero.
pub(crate) fn format_signed(value: f64, decimals: u32) -> String {
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

/// A date as printed on a cover: `25 November 2026`.
pub(crate) fn format_date(date: (i32, u8, u8)) -> String {
    format!("{} {} {}", date.2, MONTH_NAMES[(date.1.clamp(1, 12) - 1) as usize], date.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_figures_have_a_true_minus_and_no_sign_at_zero() {
        assert_eq!(format_signed(-0.02, 0), "0", "a negative that rounds to zero");
        assert_eq!(format_signed(-0.4, 1), "−0.4");
        assert_eq!(format_signed(1234.0, 0), "+1,234");
    }

    #[test]
    fn thousands_are_grouped_in_the_integer_part_only() {
        assert_eq!(group_thousands("1234567.891"), "1,234,567.891");
        assert_eq!(group_thousands("-123"), "-123");
        assert_eq!(group_thousands("-1234"), "-1,234");
    }

    #[test]
    fn dates_print_in_words() {
        assert_eq!(format_date((2026, 11, 25)), "25 November 2026");
    }
}
