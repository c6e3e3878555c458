//! Parsing of the figures people type into spreadsheets: "71%", "1,234",
//! " 12.5 ", "(0.559)", "66% (231/349)", "78% [716 / 919]", and the suppression
//! codes of UK official statistics. Parsers know nothing of positions; callers
//! attach the origin.

/// A figure read from a cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Figure {
    /// A number, with the fraction it was printed with, if any.
    Number {
        /// The value as written (a trailing `%` is dropped, not divided).
        value: f64,
        /// Whether the text carried a `%` sign.
        percent_sign: bool,
        /// Numerator printed beside the value, as in "66% (231/349)".
        numerator: Option<f64>,
        /// Denominator printed beside the value.
        denominator: Option<f64>,
    },
    /// A deliberate gap: suppressed, not applicable, not yet available.
    Missing {
        /// What the gap means, for notes and tooltips.
        reason: Reason,
    },
}

/// Why a value is missing: one of the meanings of [`MISSING_CODES`], in a
/// byte, as half a million observations keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reason(u8);

impl Reason {
    /// A blank cell, which gives no reason worth printing.
    pub(crate) const BLANK: Reason = Reason(0);

    /// What the gap means, in words.
    pub(crate) fn text(self) -> &'static str {
        MISSING_CODES[usize::from(self.0)].1
    }
}

/// The suppression and missing-data codes used in UK official statistics,
/// with their meanings; [`Reason::BLANK`] is the first.
const MISSING_CODES: &[(&str, &str)] = &[
    ("", "blank"),
    ("c", "confidential (suppressed)"),
    ("x", "not available"),
    ("z", "not applicable"),
    ("u", "low reliability"),
    ("low", "fewer than 0.5 (suppressed)"),
    (":", "not available"),
    ("..", "not available"),
    ("-", "suppressed or nil"),
    ("–", "suppressed or nil"),
    ("n/a", "not applicable"),
    ("na", "not applicable"),
    ("#n/a", "not available"),
    ("tbc", "to be confirmed"),
    ("*", "suppressed"),
    ("supp", "suppressed"),
];

// A Reason indexes the codes in a byte.
const _: () = assert!(MISSING_CODES.len() <= 256);

/// Looks `text` up in the suppression codes; `None` if it is not one.
pub(crate) fn missing_reason(text: &str) -> Option<Reason> {
    let t = text.trim();
    // Every code is ASCII but the en dash, which has no case.
    let at = MISSING_CODES.iter().position(|(code, _)| code.eq_ignore_ascii_case(t))?;
    Some(Reason(at as u8))
}

/// A number written plainly ("71", "-0.559", "40.24681"), read without the
/// work of undecorating it: nearly every figure of a national file is one.
/// `None` for anything else, which the full parser then reads.
fn plain_number(text: &str) -> Option<f64> {
    let t = super::trim(text);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, t),
    };
    // Digits and at most one point, with at least one digit: one pass,
    // which gathers the digits as a whole number too.
    let (mut whole, mut count, mut decimals, mut point) = (0u64, 0u32, 0usize, false);
    for b in digits.bytes() {
        match b {
            b'0'..=b'9' => {
                whole = whole.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                count += 1;
                decimals += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    // Both exact in a double, so their quotient is the double nearest the
    // decimal, as the full parser finds it (Clinger's fast path); other
    // numbers are left to the full parser.
    let value = match POWERS_OF_TEN.get(decimals) {
        Some(&power) if count <= 19 && whole <= 1 << 53 => {
            let value = whole as f64 / power;
            if negative {
                -value
            } else {
                value
            }
        }
        _ => t.parse::<f64>().ok()?,
    };
    (value.abs() <= MAX_MAGNITUDE).then_some(value)
}

/// 10⁰ to 10²², every power of ten a double holds exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
];

/// What people wrap numbers in, removed: spaces, thousands separators, pound
/// signs; a true minus or an en dash becomes "-". Accounting brackets are
/// removed too, and reported as the second value (they mean minus). Shared by
/// figures and money. Separators must sit between groups of three digits, so
/// a decimal comma ("12,5", "0,559") or a space inside a number ("10 12") is an
/// error rather than 125, 559 or 1012.
pub(crate) fn strip_decoration(text: &str) -> Result<(String, bool), String> {
    check_grouping(text)?;
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '£' | '\u{a0}'))
        .collect::<String>()
        .replace(['\u{2212}', '\u{2013}'], "-");
    Ok(if t.starts_with('(') && t.ends_with(')') && t.len() > 2 {
        (t[1..t.len() - 1].to_string(), true)
    } else {
        (t, false)
    })
}

/// Checks the thousands separators (commas, spaces) of the digits in `text`:
/// the first group has one to three digits, every later one exactly three,
/// and none follow the decimal point.
fn check_grouping(text: &str) -> Result<(), String> {
    let t = text.trim();
    let start = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
    let end = t.rfind(|c: char| c.is_ascii_digit()).map_or(start, |i| i + 1);
    let digits = &t[start..end.max(start)];
    let separator = |c: char| c == ',' || c.is_whitespace();
    if !digits.contains(separator) {
        return Ok(());
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let groups: Vec<&str> = int.split(separator).collect();
    let grouped = !frac.contains(separator)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && (1..=3).contains(&groups[0].len())
        && groups[0] != "0"
        && groups[1..].iter().all(|g| g.len() == 3);
    if grouped {
        Ok(())
    } else {
        Err(format!(
            "\"{t}\" is not a number: commas and spaces may only separate thousands (write 12.5, not 12,5)"
        ))
    }
}

/// Parses a plain number as typed by a person: thousands separators, a currency
/// sign, a percent sign, spaces, a leading `+`, a true minus sign or accounting
/// brackets for negatives. Returns the value and whether a `%` was present.
pub(crate) fn parse_number(text: &str) -> Result<(f64, bool), String> {
    if let Some(value) = plain_number(text) {
        return Ok((value, false));
    }
    let (mut t, negative) = strip_decoration(text)?;
    // "(-5)" is ambiguous: brackets already mean minus.
    if negative && t.starts_with(['-', '+']) {
        return Err(format!("\"{}\" is not a number (brackets already mean minus)", text.trim()));
    }
    let percent = t.ends_with('%');
    if percent {
        t.pop();
    }
    let t = t.strip_prefix('+').unwrap_or(&t);
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E'))
        && t.chars().any(|c| c.is_ascii_digit());
    match t.parse::<f64>() {
        Ok(v) if ok && v.is_finite() => check_magnitude(if negative { -v } else { v }).map(|v| (v, percent)),
        _ => Err(format!("\"{}\" is not a number", text.trim())),
    }
}

/// The largest figure accepted: far beyond any count, rate or budget, and small
/// enough that sums and chart ranges stay finite.
pub(crate) const MAX_MAGNITUDE: f64 = 1e15;

/// Rejects figures too large to be real (1e308 typed by mistake would overflow every sum).
fn check_magnitude(value: f64) -> Result<f64, String> {
    if value.abs() > MAX_MAGNITUDE {
        Err(format!("{value:e} is too large to be a figure (more than 10^15)"))
    } else {
        Ok(value)
    }
}

/// Parses the text of a value cell: a number, a number with its fraction, a bare
/// fraction ("30/45"), or a suppression code.
pub(crate) fn parse_figure(text: &str) -> Result<Figure, String> {
    if let Some(value) = plain_number(text) {
        return Ok(Figure::Number { value, percent_sign: false, numerator: None, denominator: None });
    }
    if let Some(reason) = missing_reason(text) {
        return Ok(Figure::Missing { reason });
    }
    let trimmed = text.trim();
    // "66% (231/349)" or "78% [716 / 919]" or "(64%) (30/45)".
    if let Some(open) = trimmed.rfind(['(', '[']) {
        let close = if trimmed[open..].starts_with('(') { ')' } else { ']' };
        if trimmed.ends_with(close) && open > 0 {
            let inner = &trimmed[open + 1..trimmed.len() - 1];
            if let Some((n, d)) = parse_fraction(inner) {
                let head = trimmed[..open].trim();
                let head = head.strip_prefix('(').and_then(|h| h.strip_suffix(')')).unwrap_or(head);
                let (value, percent_sign) = parse_number(head)?;
                return Ok(Figure::Number { value, percent_sign, numerator: Some(n), denominator: Some(d) });
            }
        }
    }
    if let Some((n, d)) = parse_fraction(trimmed) {
        if d == 0.0 {
            return Err(format!("\"{trimmed}\" has a zero denominator"));
        }
        return Ok(Figure::Number {
            value: n / d * 100.0,
            percent_sign: true,
            numerator: Some(n),
            denominator: Some(d),
        });
    }
    let (value, percent_sign) = parse_number(trimmed)?;
    Ok(Figure::Number { value, percent_sign, numerator: None, denominator: None })
}

/// Parses "231/349" or "716 / 919" into its two parts.
fn parse_fraction(text: &str) -> Option<(f64, f64)> {
    let (n, d) = text.split_once('/')?;
    let (n, _) = parse_number(n).ok()?;
    let (d, _) = parse_number(d).ok()?;
    Some((n, d))
}

/// Interprets a cell as a figure: numbers stored as numbers, numbers typed as
/// text, suppression codes. Excel error values and dates are not figures.
pub(crate) fn read_figure(cell: &super::Cell) -> Result<Figure, String> {
    use super::Cell;
    match cell {
        Cell::Empty => Ok(Figure::Missing { reason: Reason::BLANK }),
        Cell::Number(value) => Ok(Figure::Number {
            value: check_magnitude(*value)?,
            percent_sign: false,
            numerator: None,
            denominator: None,
        }),
        Cell::Text(text) => parse_figure(text),
        Cell::Error(e) => Err(format!("Excel error {e} where a number was expected (the formula failed)")),
        Cell::Date(..) => Err(format!("date {} where a number was expected", cell.text())),
    }
}

/// Interprets a cell as an optional plain number (targets, thresholds): blank
/// or a suppression code is `None`; anything else must be a number.
pub(crate) fn read_number(cell: &super::Cell) -> Result<Option<f64>, String> {
    match read_figure(cell)? {
        Figure::Number { value, .. } => Ok(Some(value)),
        Figure::Missing { .. } => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> f64 {
        match parse_figure(text).unwrap() {
            Figure::Number { value, .. } => value,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn numbers_typed_as_text_are_read() {
        assert_eq!(number("71%"), 71.0);
        assert_eq!(number("1,234"), 1234.0);
        assert_eq!(number(" 12.5 "), 12.5);
        assert_eq!(number("(0.559)"), -0.559);
        assert_eq!(number("+0.500"), 0.5);
        assert_eq!(number("£1,234.50"), 1234.5);
        assert_eq!(number("\u{2212}2"), -2.0);
        assert_eq!(number("80 %"), 80.0);
        assert_eq!(number("\u{2013}2"), -2.0, "an en dash typed for minus");
        assert_eq!(number("1 234 567"), 1_234_567.0);
        assert_eq!(number("12,345.678"), 12_345.678);
    }

    #[test]
    fn commas_and_spaces_only_separate_thousands() {
        for text in ["12,5", "0,559", "1 234,5", "10 12", "1.234,5", "1,23", "1,2345"] {
            let err = parse_number(text).unwrap_err();
            assert!(err.contains("may only separate thousands"), "{text}: {err}");
        }
    }

    #[test]
    fn fractions_printed_beside_values_are_kept() {
        let f = parse_figure("78% [716 / 919]").unwrap();
        assert_eq!(
            f,
            Figure::Number {
                value: 78.0,
                percent_sign: true,
                numerator: Some(716.0),
                denominator: Some(919.0)
            }
        );
        let f = parse_figure("(64%) (30/45)").unwrap();
        assert!(matches!(f, Figure::Number { value, numerator: Some(n), .. } if value == 64.0 && n == 30.0));
    }

    #[test]
    fn suppression_codes_are_missing_not_zero() {
        for code in ["c", "x", "z", "u", "low", ":", "..", "-", "n/a", "N/A", "tbc", "", "  "] {
            assert!(matches!(parse_figure(code), Ok(Figure::Missing { .. })), "{code:?}");
        }
        let reason = |code: &str| missing_reason(code).map(Reason::text);
        assert_eq!(reason(" C "), Some("confidential (suppressed)"));
        assert_eq!(reason("–"), Some("suppressed or nil"));
        assert_eq!(reason("supp"), Some("suppressed"));
        assert_eq!(reason("12"), None);
        assert_eq!(read_figure(&crate::ingest::Cell::Empty), Ok(Figure::Missing { reason: Reason::BLANK }));
        assert_eq!(Reason::BLANK.text(), "blank");
    }

    #[test]
    fn absurdly_large_figures_are_rejected() {
        assert!(parse_figure("1e308").is_err());
        assert!(parse_figure("1.7e308").is_err());
        assert!(read_figure(&super::super::Cell::Number(-1e300)).is_err());
        assert!(parse_figure("999999999999999").is_ok());
    }

    #[test]
    fn plain_numbers_read_as_the_full_parser_reads_them() {
        for text in ["71", "-0.559", " 40.24681 ", "007", "5.", ".5", "-0", "999999999999999"] {
            let full = strip_decoration(text).unwrap().0.parse::<f64>().unwrap();
            assert_eq!(plain_number(text), Some(full), "{text:?}");
        }
        for text in ["1e5", "1.2.3", "-", ".", "", "1,234", "inf", "NaN", "9999999999999999"] {
            assert_eq!(plain_number(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        // No regressions file written into the source tree: a failure prints its case.
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]
        /// The quick reading of plain numbers gives the very double the
        /// full parser gives, its sign included, with any number of digits
        /// on either side of the point.
        #[test]
        fn plain_numbers_are_the_full_parsers_doubles(text in "-?[0-9]{0,20}(\\.[0-9]{0,24})?") {
            let full = text.parse::<f64>().ok().filter(|v| v.abs() <= MAX_MAGNITUDE);
            proptest::prop_assert_eq!(plain_number(&text).map(f64::to_bits), full.map(f64::to_bits));
        }
    }

    #[test]
    fn text_is_not_a_number() {
        for text in ["abc", "12abc", "1.2.3", "e", "--", "NaN", "inf", "#DIV/0!", "(-5)"] {
            assert!(parse_figure(text).is_err(), "{text:?}");
        }
    }
}
