//! Money as exact fixed-point numbers: millionths of the book's unit (£, £000
//! or £m) in an `i128`, so sums and differences never drift as binary floats do
//! and cannot overflow for any book of amounts up to a trillion.

use std::fmt;

use serde::{Serialize, Serializer};

/// Millionths of a unit per unit.
const SCALE: i128 = 1_000_000;

/// The largest amount accepted, in units: a trillion (£1,000,000m even in £m).
const MAX_UNITS: i128 = 1_000_000_000_000;

/// An exact amount in the book's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct Money(i128);

impl Money {
    /// Zero.
    pub(crate) const ZERO: Money = Money(0);

    /// The amount nearest to a number read from a spreadsheet cell.
    pub(crate) fn from_f64(value: f64) -> Option<Money> {
        let scaled = (value * SCALE as f64).round();
        (scaled.is_finite() && scaled.abs() <= (MAX_UNITS * SCALE) as f64).then_some(Money(scaled as i128))
    }

    /// The amount as a float, for charts and spreadsheets.
    pub(crate) fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// Parses an amount as typed: "1,234.5", "(0.559)", "+0.500", "−2.1", "£3". Exact for up to six decimals.
    pub(crate) fn parse(text: &str) -> Result<Money, String> {
        let bad = || format!("\"{}\" is not an amount", text.trim());
        let (t, mut negative) = crate::ingest::value::strip_decoration(text)?;
        // One sign at most: "(-5)" and "--1" are typing slips, not amounts.
        let t = match (t.strip_prefix('-'), negative) {
            (Some(_), true) => return Err(bad()),
            (Some(rest), false) => {
                negative = true;
                rest.to_string()
            }
            (None, _) => t.strip_prefix('+').unwrap_or(&t).to_string(),
        };
        let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: i128 = if int.is_empty() { 0 } else { int.parse().map_err(|_| bad())? };
        if whole > MAX_UNITS {
            return Err(format!("\"{}\" is too large to be an amount (more than a trillion)", text.trim()));
        }
        // Digits beyond the sixth decimal round half away from zero.
        let mut digits: Vec<u8> = frac.bytes().map(|b| b - b'0').collect();
        let round_up = digits.len() > 6 && digits[6] >= 5;
        digits.resize(6, 0);
        let micro = digits.iter().fold(0i128, |acc, d| acc * 10 + i128::from(*d)) + i128::from(round_up);
        let value = whole.checked_mul(SCALE).and_then(|w| w.checked_add(micro)).ok_or_else(bad)?;
        Ok(Money(if negative { -value } else { value }))
    }

    /// Whether the amount is below zero.
    pub(crate) fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The absolute amount.
    pub(crate) fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Rounded half away from zero to `dp` decimals (at most 6).
    pub(crate) fn round(self, dp: u32) -> Money {
        let unit = 10i128.pow(6 - dp.min(6));
        let q = (self.0.abs() + unit / 2) / unit * unit;
        Money(q * self.0.signum())
    }

    /// `self` as a percentage of `base` (its absolute value, so income lines with
    /// negative budgets keep the sign convention), rounded half away from zero to
    /// `dp` decimals; `None` when the base is zero.
    pub(crate) fn percent_of(self, base: Money, dp: u32) -> Option<f64> {
        if base.0 == 0 {
            return None;
        }
        let scale = 10i128.pow(dp);
        let n = self.0 * 100 * scale;
        let d = base.0.abs();
        let q = (2 * n.abs() + d) / (2 * d);
        Some((q * n.signum()) as f64 / scale as f64)
    }

    /// The amount with exactly `dp` decimals: "24.506", "-0.559".
    pub(crate) fn fixed(self, dp: u32) -> String {
        let r = self.round(dp);
        let whole = r.0.abs() / SCALE;
        let frac = r.0.abs() % SCALE / 10i128.pow(6 - dp.min(6));
        let sign = if r.0 < 0 { "-" } else { "" };
        if dp == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac:0width$}", width = dp as usize)
        }
    }

    /// Signed for print, with a true minus sign: "+2.850", "−0.559", "0.000".
    pub(crate) fn signed(self, dp: u32) -> String {
        let r = self.round(dp);
        let digits = r.abs().fixed(dp);
        match r.0.signum() {
            1 => format!("+{digits}"),
            -1 => format!("\u{2212}{digits}"),
            _ => digits,
        }
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fixed(3))
    }
}

impl Serialize for Money {
    /// As a JSON number: exact to the printed decimals.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_and_spaces_only_separate_thousands_in_amounts_too() {
        for text in ["12,5", "0,559", "1 234,5", "10 12", "1.234,5", "1,23", "1,2345"] {
            assert!(Money::parse(text).is_err(), "{text}");
        }
    }

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    #[test]
    fn amounts_parse_as_typed() {
        assert_eq!(m("24.506").fixed(3), "24.506");
        assert_eq!(m("(0.559)"), m("-0.559"));
        assert_eq!(m("+0.500"), m("0.5"));
        assert_eq!(m("£1,234.5").fixed(1), "1234.5");
        assert_eq!(m("\u{2212}2.1"), m("-2.1"));
        assert_eq!(m(" 12 ").fixed(0), "12");
        for bad in ["abc", "1.2.3", "", "-", "1e3", "12abc", "9223372036854.775807", "(-5)", "--1"] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sums_are_exact() {
        // 0.1 + 0.2 is not 0.3 in binary floating point; here it is.
        assert_eq!(m("0.1") + m("0.2"), m("0.3"));
        let lines = ["-0.309", "-1.774"].map(m);
        assert_eq!(lines.into_iter().sum::<Money>().fixed(3), "-2.083");
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        // Norfolk's Looked After Children Legal line: -0.430 of 4.041 is -10.64%, so -11 (printed -10).
        assert_eq!(m("-0.430").percent_of(m("4.041"), 0), Some(-11.0));
        assert_eq!(m("2.850").percent_of(m("24.506"), 0), Some(12.0));
        assert_eq!(m("0.5").percent_of(m("1"), 0), Some(50.0));
        assert_eq!(m("0.005").percent_of(m("1"), 0), Some(1.0), "0.5% rounds to 1");
        assert_eq!(m("-0.005").percent_of(m("1"), 0), Some(-1.0));
        assert_eq!(m("0.11").percent_of(Money::ZERO, 0), None);
        assert_eq!(m("2").percent_of(m("-10"), 1), Some(20.0), "income lines use the budget's size");
    }

    #[test]
    fn signed_amounts_use_a_true_minus() {
        assert_eq!(m("2.85").signed(3), "+2.850");
        assert_eq!(m("-0.559").signed(3), "\u{2212}0.559");
        assert_eq!(m("-0.0004").signed(3), "0.000");
    }
}
