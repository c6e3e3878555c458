//! How finance tables print amounts: three decimals, thousands separated, a
//! true minus, and in prose with the book's unit ("£1.126m").

use crate::finance::book::Units;
use crate::finance::money::Money;
use crate::render::format::group_thousands;

/// An amount in a book's unit as prose writes it: "£1.126m", "£250.000k", "£1,234.50".
pub(crate) fn format_amount(amount: Money, units: Units) -> String {
    match units {
        Units::GbpMillions => format!("£{}m", money_text(amount, false)),
        Units::GbpThousands => format!("£{}k", money_text(amount, false)),
        Units::Gbp => format!("£{}", group_thousands(&amount.fixed(2)).replace('-', "\u{2212}")),
    }
}

/// An amount of a finance table as printed: three decimals, thousands
/// separated, a true minus, and with `signed` a plus for a positive amount:
/// "1,718.751", "−0.559", "+2.850".
pub(crate) fn money_text(amount: Money, signed: bool) -> String {
    // Money::signed decides the sign as printed; this adds the separators.
    let printed = amount.signed(3);
    let (sign, digits) = match printed.strip_prefix('+') {
        Some(digits) => (if signed { "+" } else { "" }, digits),
        None => printed.strip_prefix('\u{2212}').map_or(("", printed.as_str()), |d| ("\u{2212}", d)),
    };
    format!("{sign}{}", group_thousands(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_with_separators_and_a_true_minus() {
        let m = |s: &str| Money::parse(s).unwrap();
        assert_eq!(money_text(m("1718.7514"), false), "1,718.751");
        assert_eq!(money_text(m("-0.559"), false), "\u{2212}0.559");
        assert_eq!(money_text(m("2.85"), true), "+2.850");
        assert_eq!(money_text(m("-0.0004"), true), "0.000", "zero as printed has no sign");
    }

    #[test]
    fn amounts_in_prose_carry_the_unit() {
        let m = |s: &str| Money::parse(s).unwrap();
        assert_eq!(format_amount(m("1.126"), Units::GbpMillions), "£1.126m");
        assert_eq!(format_amount(m("-1234.5"), Units::Gbp), "£\u{2212}1,234.50");
    }
}
