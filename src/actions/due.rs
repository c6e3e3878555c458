//! Due dates as plans write them: "November 2018", "Nov-18", "31/03/2019",
//! "Q3 2018/19", "30 Sep 13", "Initial Report January 2019"; and texts with
//! no date ("Quarterly Monitoring", "Ongoing"), which stay text.

use crate::core::period::{check_date, MONTH_NAMES};

/// The last day of a month.
pub(crate) fn month_end(year: i32, month: u32) -> u32 {
    (28..=31).rev().find(|&d| check_date(year, month, d).is_ok()).unwrap_or(28)
}

/// A month named in full or by at least its first three letters ("Sept").
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|m| m.get(..w.len()).is_some_and(|m| m.eq_ignore_ascii_case(&w)))
        .map(|i| i as u32 + 1)
}

/// A year written as 2019 or 19 (taken as 2019).
fn year(word: &str) -> Option<i32> {
    let digits = word.trim_matches(|c: char| !c.is_ascii_digit());
    match (digits.len(), digits.parse::<i32>().ok()) {
        (4, Some(y)) if (1900..=2100).contains(&y) => Some(y),
        (2, Some(y)) => Some(2000 + y),
        _ => None,
    }
}

/// The date a due text names, as the last day it allows: "November 2018" is
/// 30 November 2018, "Q3 2018/19" 31 December 2018. `Ok(None)` for a text
/// with no date; an error for a date that does not exist ("31/06/2014").
pub(crate) fn parse_due(text: &str) -> Result<Option<(i32, u32, u32)>, String> {
    let t = text.trim();
    // dd/mm/yyyy or dd/mm/yy.
    let slashed: Vec<&str> = t.split('/').collect();
    if let [d, m, y] = slashed.as_slice() {
        if let (Ok(d), Ok(m), Some(y)) = (d.trim().parse::<u32>(), m.trim().parse::<u32>(), year(y)) {
            return check_date(y, m, d).map(|_| Some((y, m, d))).map_err(|e| format!("due date {t}: {e}"));
        }
    }
    let words: Vec<&str> =
        t.split(|c: char| c.is_whitespace() || c == '-' || c == ',').filter(|w| !w.is_empty()).collect();
    // "Q3 2018/19": the financial year's third quarter, October to December.
    for (i, w) in words.iter().enumerate() {
        let q =
            w.strip_prefix(['Q', 'q']).and_then(|n| n.parse::<u32>().ok()).filter(|n| (1..=4).contains(n));
        if let (Some(q), Some(fy)) = (q, words.get(i + 1).and_then(|y| y.split('/').next()).and_then(year)) {
            let (y, m) = if q == 4 { (fy + 1, 3) } else { (fy, 3 + 3 * q) };
            return Ok(Some((y, m, month_end(y, m))));
        }
    }
    // "30 Sep 13", "November 2018", "Nov-18": the last month named with a year after it.
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let (Some(m), Some(y)) = (month(w), words.get(i + 1).and_then(|y| year(y))) else { continue };
        let day =
            i.checked_sub(1).and_then(|p| words[p].parse::<u32>().ok()).filter(|d| (1..=31).contains(d));
        found = Some(match day {
            Some(d) => {
                check_date(y, m, d).map_err(|e| format!("due date {t}: {e}"))?;
                (y, m, d)
            }
            None => (y, m, month_end(y, m)),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_as_plans_write_them() {
        assert_eq!(parse_due("November 2018"), Ok(Some((2018, 11, 30))));
        assert_eq!(parse_due("Nov-18"), Ok(Some((2018, 11, 30))));
        assert_eq!(parse_due("31/03/2019"), Ok(Some((2019, 3, 31))));
        assert_eq!(parse_due("Q3 2018/19"), Ok(Some((2018, 12, 31))));
        assert_eq!(parse_due("Q4 2018/19"), Ok(Some((2019, 3, 31))));
        assert_eq!(parse_due("Initial Report January 2019"), Ok(Some((2019, 1, 31))));
        assert_eq!(parse_due("30 Sep 13"), Ok(Some((2013, 9, 30))));
        assert_eq!(parse_due("Feb 2016"), Ok(Some((2016, 2, 29))));
        assert_eq!(parse_due("Sept 2019"), Ok(Some((2019, 9, 30))));
    }

    #[test]
    fn texts_without_a_date_stay_text() {
        for text in ["Quarterly Monitoring", "Ongoing", "", "Mayor's review", "Marching on"] {
            assert_eq!(parse_due(text), Ok(None), "{text}");
        }
    }

    #[test]
    fn dates_that_do_not_exist_are_errors() {
        assert!(parse_due("31/06/2014").is_err());
        assert!(parse_due("31 Jun 14").is_err());
    }
}
