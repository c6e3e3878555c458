//! Indicators: what is measured, in what unit, which way is good, and the target.

use std::collections::BTreeMap;

use serde::Serialize;

/// The unit of an indicator, which decides display and arithmetic checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage 0–100 (numerator / denominator × 100).
    Percent,
    /// A count of children, cases, schools.
    Count,
    /// A rate per `multiplier` (e.g. per 10,000 children).
    Rate,
    /// A duration in days.
    Days,
    /// A duration in weeks.
    Weeks,
    /// Money in pounds.
    Gbp,
    /// A score (Attainment 8, SDQ).
    Score,
}

impl Unit {
    /// Parses the unit column; also accepts `%`, `number`, `£`.
    pub fn parse(text: &str) -> Result<Unit, String> {
        Ok(match text.trim().to_lowercase().as_str() {
            "percent" | "percentage" | "%" | "pct" => Unit::Percent,
            "count" | "number" | "num" | "no" | "n" => Unit::Count,
            "rate" => Unit::Rate,
            "days" | "day" => Unit::Days,
            "weeks" | "week" => Unit::Weeks,
            "gbp" | "£" | "pounds" | "money" => Unit::Gbp,
            "score" | "points" => Unit::Score,
            other => {
                return Err(format!(
                    "unit \"{other}\" is not one of percent, count, rate, days, weeks, gbp, score"
                ))
            }
        })
    }

    /// The default number of decimals shown.
    pub fn default_decimals(self) -> u32 {
        match self {
            Unit::Percent | Unit::Rate | Unit::Score => 1,
            _ => 0,
        }
    }
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher values are better (attainment, timeliness).
    HigherIsBetter,
    /// Lower values are better (re-referrals, NEET).
    LowerIsBetter,
    /// Neither (numbers of children looked after).
    Neutral,
}

impl Polarity {
    /// Parses the polarity column; also accepts `higher`, `lower`, `up`, `down`, `high`, `low`.
    pub fn parse(text: &str) -> Result<Polarity, String> {
        let t: String = text.trim().to_lowercase().replace([' ', '-'], "_");
        Ok(match t.as_str() {
            "higher_is_better" | "higher" | "high" | "up" | "increase" | "hib" => Polarity::HigherIsBetter,
            "lower_is_better" | "lower" | "low" | "down" | "decrease" | "lib" => Polarity::LowerIsBetter,
            "neutral" | "none" | "" => Polarity::Neutral,
            _ => {
                return Err(format!(
                    "polarity \"{}\" is not one of higher_is_better, lower_is_better, neutral",
                    text.trim()
                ))
            }
        })
    }

    /// +1 when higher is better, −1 when lower is better, 0 for neutral.
    pub fn sign(self) -> f64 {
        match self {
            Polarity::HigherIsBetter => 1.0,
            Polarity::LowerIsBetter => -1.0,
            Polarity::Neutral => 0.0,
        }
    }
}

/// How often an indicator is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
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
    pub fn parse(text: &str) -> Result<Frequency, String> {
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
    pub fn words(self) -> &'static str {
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

/// One indicator of the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Unique key, e.g. `NI062`.
    pub id: String,
    /// The name as printed.
    pub name: String,
    /// The section of the scorecard.
    pub group: Option<String>,
    /// The unit.
    pub unit: Unit,
    /// Which way is good.
    pub polarity: Polarity,
    /// How often it is reported.
    pub frequency: Option<Frequency>,
    /// The target value.
    pub target: Option<f64>,
    /// The value at which red turns to amber.
    pub amber_threshold: Option<f64>,
    /// Display precision.
    pub decimals: u32,
    /// For rates: per how many.
    pub multiplier: Option<f64>,
    /// The responsible officer.
    pub owner: Option<String>,
    /// Commentary printed on the indicator's page.
    pub notes: Option<String>,
    /// SPC: fix the limits on the first N points (NHSRplotthedots' `fix_after_n_points`).
    pub spc_baseline: Option<usize>,
    /// SPC: periods at which the limits are recalculated (NHSRplotthedots' `rebase`).
    pub spc_rebase: Vec<super::period::Period>,
    /// Columns the contract does not name, kept as written.
    pub extra: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_accept_common_spellings() {
        assert_eq!(Polarity::parse("Higher is better").unwrap(), Polarity::HigherIsBetter);
        assert_eq!(Polarity::parse("lower-is-better").unwrap(), Polarity::LowerIsBetter);
        assert!(Polarity::parse("hi").is_err());
        assert_eq!(Unit::parse("%").unwrap(), Unit::Percent);
        assert!(Unit::parse("percentish").is_err());
        assert_eq!(Frequency::parse("Academic Year").unwrap(), Frequency::AcademicYear);
        assert!(Frequency::parse("fortnightly").is_err());
    }
}
