//! Reporting periods: months, UK financial quarters, school half-terms,
//! financial and academic years, calendar years. Real series mix them, so periods are compared by the
//! months they cover.

use std::fmt;

use serde::{Serialize, Serializer};

/// How often a series is reported, which decides how its period labels read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Frequency {
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every school half-term (Aut 1 … Sum 2).
    HalfTermly,
    /// Once a calendar year.
    Annual,
    /// Once a financial year (April–March).
    FinancialYear,
    /// Once an academic year (September–August).
    AcademicYear,
}

impl Frequency {
    /// Parses the frequency column; also accepts the Norfolk key letters M, Q, A.
    pub(crate) fn parse(text: &str) -> Result<Frequency, String> {
        let t: String = text.trim().to_lowercase().replace([' ', '-'], "_");
        Ok(match t.as_str() {
            "monthly" | "month" | "m" => Frequency::Monthly,
            "quarterly" | "quarter" | "q" => Frequency::Quarterly,
            "half_termly" | "halftermly" | "half_term" | "ht" => Frequency::HalfTermly,
            "annual" | "annually" | "yearly" | "a" | "calendar_year" => Frequency::Annual,
            "financial_year" | "fy" => Frequency::FinancialYear,
            "academic_year" | "ay" => Frequency::AcademicYear,
            _ => {
                return Err(format!(
                "frequency \"{}\" is not one of monthly, quarterly, half_termly, annual, financial_year, academic_year",
                text.trim()
            ))
            }
        })
    }

    /// The frequency in words: "monthly", "financial year".
    pub(crate) fn words(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::HalfTermly => "half-termly",
            Frequency::Annual => "annual",
            Frequency::FinancialYear => "financial year",
            Frequency::AcademicYear => "academic year",
        }
    }
}

/// One reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Period {
    /// A calendar month, `2014-01`.
    Month { year: i32, month: u32 },
    /// A UK financial quarter, `2013/14 Q3` (Q1 = April to June); `year` is the year the financial year starts.
    Quarter { year: i32, quarter: u32 },
    /// A school half-term, `2013/14 Aut 1` (Aut 1, Aut 2, Spr 1, Spr 2, Sum 1,
    /// Sum 2 as `half` 1 to 6); `year` is the year the academic year starts.
    /// Each is taken to cover two months from September, for ordering.
    HalfTerm { year: i32, half: u32 },
    /// A financial year April to March, `2013/14`; `year` is the starting year.
    FinancialYear(i32),
    /// An academic year September to August, `2013/14`; `year` is the starting year.
    AcademicYear(i32),
    /// A calendar year, `2013` (exam results are labelled by the summer they were sat).
    Year(i32),
}

/// The periods in order, with the ones missing between them put back when
/// all are of one kind, so that a chart places each by its period: a series
/// published for 2018/19 and 2021/22 but not the two years between has a gap
/// there, not two points a year apart. Mixed kinds, or more than 600 missing
/// periods in all, are only sorted.
pub(crate) fn with_gaps_filled(periods: &[Period]) -> Vec<Period> {
    // The areas' series mostly share their periods (twelve areas' 720 are
    // 60 months): the distinct ones are gathered first, and only they sorted.
    let distinct: rustc_hash::FxHashSet<Period> = periods.iter().copied().collect();
    let mut periods: Vec<Period> = distinct.into_iter().collect();
    periods.sort_unstable();
    let same_kind =
        periods.windows(2).all(|w| std::mem::discriminant(&w[0]) == std::mem::discriminant(&w[1]));
    let (Some(&first), Some(&last)) = (periods.first(), periods.last()) else { return Vec::new() };
    if !same_kind {
        return periods;
    }
    let mut all = vec![first];
    while all.len() <= periods.len() + 600 {
        let next = all[all.len() - 1].next();
        if next > last {
            return all;
        }
        all.push(next);
    }
    periods
}

/// Half-term names, Aut 1 to Sum 2: the term, and which half of it.
const HALF_TERMS: [&str; 3] = ["Aut", "Spr", "Sum"];

/// The months' names, in full: periods print the first three letters, and
/// read any word starting with them; dates print and read them whole.
pub(crate) const MONTH_NAMES: [&str; 12] = [
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

/// A month's short name: `Jan`.
fn short_name(month: u32) -> &'static str {
    &MONTH_NAMES[(month - 1) as usize][..3]
}

impl Period {
    /// The first month covered, as a count of months since year 0.
    pub(crate) fn start(&self) -> i32 {
        match *self {
            Period::Month { year, month } => year * 12 + month as i32 - 1,
            Period::Quarter { year, quarter } => year * 12 + 3 + 3 * (quarter as i32 - 1),
            Period::HalfTerm { year, half } => year * 12 + 8 + 2 * (half as i32 - 1),
            Period::FinancialYear(year) => year * 12 + 3,
            Period::AcademicYear(year) => year * 12 + 8,
            Period::Year(year) => year * 12,
        }
    }

    /// The last month covered, as a count of months since year 0.
    pub(crate) fn end(&self) -> i32 {
        match *self {
            Period::Month { .. } => self.start(),
            Period::Quarter { .. } => self.start() + 2,
            Period::HalfTerm { .. } => self.start() + 1,
            _ => self.start() + 11,
        }
    }

    /// The period as written in the contract: `2014-01`, `2013/14 Q3`, `2013/14 Aut 1`, `2013/14`, `2013`.
    pub(crate) fn label(&self) -> String {
        match *self {
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{} Q{quarter}", split_year(year)),
            Period::HalfTerm { year, half } => format!("{} {}", split_year(year), half_term_name(half)),
            Period::FinancialYear(year) | Period::AcademicYear(year) => split_year(year),
            Period::Year(year) => format!("{year}"),
        }
    }

    /// The period as printed in documents: `Jan 2014`, `Q3 2013/14`, `Aut 1 2013/14`, `2013/14`, `2013`.
    pub(crate) fn display(&self) -> String {
        match *self {
            Period::Month { year, month } => format!("{}\u{a0}{year}", short_name(month)),
            Period::Quarter { year, quarter } => format!("Q{quarter}\u{a0}{}", split_year(year)),
            Period::HalfTerm { year, half } => {
                format!("{}\u{a0}{}", half_term_name(half).replace(' ', "\u{a0}"), split_year(year))
            }
            _ => self.label(),
        }
    }

    /// A short label for chart axes: `Jan 14`, `Q3 13/14`, `Aut1 13/14`, `13/14`, `2013`.
    pub(crate) fn short(&self) -> String {
        match *self {
            Period::Month { year, month } => {
                format!("{} {:02}", short_name(month), year.rem_euclid(100))
            }
            Period::Quarter { year, quarter } => {
                format!("Q{quarter} {:02}/{:02}", year.rem_euclid(100), (year + 1).rem_euclid(100))
            }
            Period::HalfTerm { year, half } => format!(
                "{} {:02}/{:02}",
                half_term_name(half).replace(' ', ""),
                year.rem_euclid(100),
                (year + 1).rem_euclid(100)
            ),
            Period::FinancialYear(year) | Period::AcademicYear(year) => {
                format!("{:02}/{:02}", year.rem_euclid(100), (year + 1).rem_euclid(100))
            }
            Period::Year(year) => format!("{year}"),
        }
    }

    /// The period after this one, of the same kind: Jan 2014 → Feb 2014,
    /// Q4 2013/14 → Q1 2014/15, Sum 2 2013/14 → Aut 1 2014/15, 2013/14 → 2014/15.
    pub(crate) fn next(&self) -> Period {
        match *self {
            Period::Month { year, month: 12 } => Period::Month { year: year + 1, month: 1 },
            Period::Month { year, month } => Period::Month { year, month: month + 1 },
            Period::Quarter { year, quarter: 4 } => Period::Quarter { year: year + 1, quarter: 1 },
            Period::Quarter { year, quarter } => Period::Quarter { year, quarter: quarter + 1 },
            Period::HalfTerm { year, half: 6 } => Period::HalfTerm { year: year + 1, half: 1 },
            Period::HalfTerm { year, half } => Period::HalfTerm { year, half: half + 1 },
            Period::FinancialYear(year) => Period::FinancialYear(year + 1),
            Period::AcademicYear(year) => Period::AcademicYear(year + 1),
            Period::Year(year) => Period::Year(year + 1),
        }
    }

    /// The month in which a date falls.
    pub(crate) fn from_date(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }
}

/// "Aut 1" for the first half-term, to "Sum 2" for the sixth.
fn half_term_name(half: u32) -> String {
    let half = half.clamp(1, 6);
    format!("{} {}", HALF_TERMS[((half - 1) / 2) as usize], (half - 1) % 2 + 1)
}

/// Parses a half-term: "Aut 1 2013/14", "2013/14 Spr 2", "Summer 1 2014",
/// "Aut1 2013-14". With a calendar year, autumn is in the academic year that
/// starts that year, spring and summer in the one that started the year before.
fn parse_half_term(lower: &str) -> Option<Period> {
    // Split "aut1" into "aut 1", so every form has three words.
    let mut spaced = String::new();
    let mut previous = ' ';
    for c in lower.chars() {
        if previous.is_alphabetic() && c.is_ascii_digit() {
            spaced.push(' ');
        }
        spaced.push(c);
        previous = c;
    }
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let [a, b, c] = words[..] else { return None };
    let (term, half, year) = if a.starts_with(|c: char| c.is_ascii_digit()) { (b, c, a) } else { (a, b, c) };
    let term = ["aut", "spr", "sum"].iter().position(|t| {
        term.len() >= 3
            && term.starts_with(t)
            && ["autumn", "spring", "summer"].iter().any(|w| w.starts_with(term))
    })?;
    let half: u32 = match half {
        "1" => 1,
        "2" => 2,
        _ => return None,
    };
    let year = match parse_split_year(year) {
        Some(start) => start,
        None if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            let calendar: i32 = year.parse().ok()?;
            if term == 0 {
                calendar
            } else {
                calendar - 1
            }
        }
        None => return None,
    };
    // Four-digit years only, as for months: "0000" would label as "-1/00".
    (1000..=9998).contains(&year).then_some(Period::HalfTerm { year, half: 2 * term as u32 + half })
}

fn split_year(year: i32) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // No two kinds of period cover the same months; the kind only keeps Ord agreeing with Eq.
        let kind = |p: &Period| match p {
            Period::Month { .. } => 0,
            Period::Quarter { .. } => 1,
            Period::HalfTerm { .. } => 2,
            Period::FinancialYear(_) => 3,
            Period::AcademicYear(_) => 4,
            Period::Year(_) => 5,
        };
        (self.start(), self.end(), kind(self)).cmp(&(other.start(), other.end(), kind(other)))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

/// Parses a period as people write it. `2013/14` is a financial year unless the
/// indicator is reported by academic year or half-term.
pub(crate) fn parse_period(text: &str, frequency: Option<Frequency>) -> Result<Period, String> {
    let t = text.trim();
    let err = || {
        format!("period \"{t}\" is not recognised (use 2014-01, 2013/14 Q3, 2013/14 Aut 1, 2013/14 or 2013)")
    };
    let lower = t.to_lowercase();
    // Quarters: "2013/14 Q3", "Q3 2013/14", "2013-14 Q3".
    if let Some(pos) = lower.find('q') {
        let q_part = lower.get(pos + 1..pos + 2).unwrap_or("");
        let rest = format!("{} {}", &lower[..pos], lower.get(pos + 2..).unwrap_or(""));
        let quarter: u32 = q_part.parse().map_err(|_| err())?;
        if !(1..=4).contains(&quarter) {
            return Err(err());
        }
        let year = parse_split_year(rest.trim()).ok_or_else(err)?;
        return Ok(Period::Quarter { year, quarter });
    }
    if let Some(half_term) = parse_half_term(&lower) {
        return Ok(half_term);
    }
    // "2011-12" is December 2011 for a monthly series, not the year 2011/12.
    let iso_month = matches!(frequency, Some(Frequency::Monthly) | None)
        && t.len() == 7
        && t.as_bytes()[4] == b'-'
        && t[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    if let Some(year) = parse_split_year(&lower).filter(|_| !iso_month) {
        return Ok(match frequency {
            Some(Frequency::AcademicYear | Frequency::HalfTermly) => Period::AcademicYear(year),
            _ => Period::FinancialYear(year),
        });
    }
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        let year: i32 = t.parse().map_err(|_| err())?;
        return if year >= 1000 { Ok(Period::Year(year)) } else { Err(err()) };
    }
    // ISO dates and months: "2014-01", "2014-01-31".
    let parts: Vec<&str> = t.split('-').collect();
    if (parts.len() == 2 || parts.len() == 3) && parts[0].len() == 4 {
        let year: i32 = parts[0].parse().map_err(|_| err())?;
        let month: u32 = parts[1].parse().map_err(|_| err())?;
        if parts.len() == 3 {
            let day: u32 = parts[2].get(..2).unwrap_or(parts[2]).parse().map_err(|_| err())?;
            check_date(year, month, day).map_err(|e| format!("{} ({e})", err()))?;
        }
        return month_period(year, month).ok_or_else(err);
    }
    // UK dates "31/01/2014" and months "01/2014".
    let parts: Vec<&str> = t.split('/').collect();
    if parts.len() == 3 || (parts.len() == 2 && parts[1].len() == 4) {
        let year: i32 = parts[parts.len() - 1].parse().map_err(|_| err())?;
        let month: u32 = parts[parts.len() - 2].parse().map_err(|_| err())?;
        if parts.len() == 3 {
            let day: u32 = parts[0].parse().map_err(|_| err())?;
            check_date(year, month, day).map_err(|e| format!("{} ({e})", err()))?;
        }
        return month_period(year, month).ok_or_else(err);
    }
    // "Jan 2014", "January 2014", "Jan-14".
    let words: Vec<&str> = lower.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if words.len() == 2 && words[0].len() >= 3 {
        let named = |m: &&str| words[0].get(..3).is_some_and(|w| w.eq_ignore_ascii_case(&m[..3]));
        if let Some(m) = MONTH_NAMES.iter().position(named) {
            let year: i32 = words[1].parse().map_err(|_| err())?;
            let year = if words[1].len() == 2 { 2000 + year } else { year };
            return month_period(year, m as u32 + 1).ok_or_else(err);
        }
    }
    Err(err())
}

fn month_period(year: i32, month: u32) -> Option<Period> {
    ((1..=12).contains(&month) && (1000..=9999).contains(&year)).then_some(Period::Month { year, month })
}

/// Checks that a day exists: `31/06/2014` (seen in a risk register) does not.
pub(crate) fn check_date(year: i32, month: u32, day: u32) -> Result<(), String> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("there is no month {month}")),
    };
    if day == 0 || day > days {
        return Err(format!("there is no day {day} in month {month} of {year}"));
    }
    Ok(())
}

/// The civil date (year, month, day) of a count of days since 1970-01-01
/// (Howard Hinnant's algorithm, exact for the proleptic Gregorian calendar).
pub(crate) fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// Parses "2013/14", "2013-14" or "2013/2014" into the starting year.
fn parse_split_year(text: &str) -> Option<i32> {
    let (a, b) = text.split_once(['/', '-'])?;
    let (a, b) = (a.trim(), b.trim());
    if a.len() != 4 || !a.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let start: i32 = a.parse().ok().filter(|y| (1000..=9998).contains(y))?;
    let end: i32 = b.parse().ok()?;
    let ok = match b.len() {
        2 => end == (start + 1).rem_euclid(100),
        4 => end == start + 1,
        _ => false,
    };
    ok.then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_periods_are_put_back_between_those_of_one_kind() {
        let ay = |y| Period::AcademicYear(y);
        assert_eq!(with_gaps_filled(&[ay(2018), ay(2021)]), [ay(2018), ay(2019), ay(2020), ay(2021)]);
        let q = |year, quarter| Period::Quarter { year, quarter };
        assert_eq!(
            with_gaps_filled(&[q(2013, 3), q(2014, 2)]),
            [q(2013, 3), q(2013, 4), q(2014, 1), q(2014, 2)]
        );
        let mixed = [Period::Year(2013), ay(2013)];
        assert_eq!(with_gaps_filled(&mixed), mixed, "mixed kinds are left alone");
        assert_eq!(with_gaps_filled(&[]), []);
        assert_eq!(
            with_gaps_filled(&[ay(2019), ay(2018), ay(2019)]),
            [ay(2018), ay(2019)],
            "sorted, once each"
        );
        let m = |year, month| Period::Month { year, month };
        assert_eq!(with_gaps_filled(&[m(2013, 12), m(2014, 1)]), [m(2013, 12), m(2014, 1)]);
    }

    fn p(text: &str) -> Period {
        parse_period(text, None).unwrap()
    }

    #[test]
    fn periods_round_trip_through_their_labels() {
        for label in ["2014-01", "2013/14 Q3", "2013/14 Sum 2", "2013/14", "2013", "1999/00"] {
            assert_eq!(p(label).label(), label);
        }
        let academic = parse_period("2013/14", Some(Frequency::AcademicYear)).unwrap();
        assert_eq!(academic, Period::AcademicYear(2013));
        assert_eq!(academic.label(), "2013/14");
    }

    #[test]
    fn people_write_periods_many_ways() {
        assert_eq!(p("Jan 2014"), Period::Month { year: 2014, month: 1 });
        assert_eq!(p("January 2014"), p("2014-01"));
        assert_eq!(p("31/01/2014"), p("2014-01"));
        assert_eq!(p("2014-01-31"), p("2014-01"));
        assert_eq!(p("Q3 2013/14"), p("2013/14 Q3"));
        assert_eq!(p("2013/2014"), Period::FinancialYear(2013));
    }

    #[test]
    fn months_print_as_they_are_read() {
        for month in 1..=12 {
            let period = Period::Month { year: 2009, month };
            let display = period.display();
            let (name, year) = display.split_once('\u{a0}').unwrap();
            assert_eq!((name.len(), year), (3, "2009"));
            assert_eq!(period.short(), format!("{name} 09"));
            assert_eq!(p(&format!("{name} 2009")), period, "{display} is read back");
            assert_eq!(p(&format!("{} 2009", name.to_uppercase())), period);
        }
    }

    #[test]
    fn half_terms_are_read_as_schools_write_them() {
        let aut1 = Period::HalfTerm { year: 2013, half: 1 };
        for text in ["2013/14 Aut 1", "Aut 1 2013/14", "Autumn 1 2013-14", "aut1 2013/2014", "Aut 1 2013"] {
            assert_eq!(p(text), aut1, "{text}");
        }
        assert_eq!(p("Sum 2 2014"), Period::HalfTerm { year: 2013, half: 6 });
        assert_eq!(p("Spr 1 2013/14").label(), "2013/14 Spr 1");
        assert_eq!(p("2013/14 Spr 2").display(), "Spr\u{a0}2\u{a0}2013/14");
        assert_eq!(p("2013/14 Sum 1").short(), "Sum1 13/14");
        // Spring 1 covers January and February 2014, after autumn 2013 and before Q4.
        assert_eq!(p("2013/14 Spr 1").start(), p("2014-01").start());
        assert!(p("2013/14 Aut 2") < p("2013/14 Spr 1"));
        assert!(p("2013/14 Spr 1") < p("2013/14 Q4"));
        for text in [
            "Aut 3 2013/14",
            "Win 1 2013/14",
            "Aut 2013/14",
            "Spr 1 13/14",
            "au 1 2013/14",
            "Aut 1 +201",
            "Sum 1 0000",
        ] {
            assert!(parse_period(text, None).is_err(), "{text}: {:?}", parse_period(text, None));
        }
    }

    #[test]
    fn iso_months_are_not_split_years() {
        // "2011-12" lost December 2011 from every monthly series once.
        assert_eq!(p("2011-12"), Period::Month { year: 2011, month: 12 });
        let monthly = parse_period("2010-11", Some(Frequency::Monthly)).unwrap();
        assert_eq!(monthly, Period::Month { year: 2010, month: 11 });
        assert_eq!(
            parse_period("2011-12", Some(Frequency::FinancialYear)).unwrap(),
            Period::FinancialYear(2011)
        );
        assert_eq!(p("2011/12"), Period::FinancialYear(2011));
        assert_eq!(p("2013-14"), Period::FinancialYear(2013));
    }

    #[test]
    fn nonsense_periods_are_rejected() {
        for text in
            ["31/06/2014", "2014-13", "2013/15", "Q5 2013/14", "soon", "", "2103 - 2015", "0000", "0001/02"]
        {
            assert!(parse_period(text, None).is_err(), "{text}");
        }
    }

    #[test]
    fn days_since_1970_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn periods_compare_by_the_months_they_cover() {
        assert!(p("2013/14 Q3") < p("2014-01"));
        assert!(p("2013") < p("2013/14"));
        assert_eq!(p("2013/14 Q3").start(), p("2013-10").start());
        assert_eq!(p("2013/14").end(), p("2014-03").start());
        let academic = Period::AcademicYear(2013);
        assert_eq!(academic.start(), p("2013-09").start());
    }
}
