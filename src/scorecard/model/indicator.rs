//! Indicators: what is measured, in what unit, which way is good, and the target.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::core::period::Frequency;

/// The unit of an indicator, which decides display and arithmetic checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Unit {
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
    pub(crate) fn parse(text: &str) -> Result<Unit, String> {
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

    /// The unit as the indicators file and the contracts name it: "percent", "count".
    pub(crate) fn key(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Rate => "rate",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Gbp => "gbp",
            Unit::Score => "score",
        }
    }

    /// The default number of decimals shown.
    pub(crate) fn default_decimals(self) -> u32 {
        match self {
            Unit::Percent | Unit::Rate | Unit::Score => 1,
            _ => 0,
        }
    }
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Polarity {
    /// Higher values are better (attainment, timeliness).
    HigherIsBetter,
    /// Lower values are better (re-referrals, NEET).
    LowerIsBetter,
    /// Neither (numbers of children looked after).
    Neutral,
}

impl Polarity {
    /// The value as the JSON and CSV contracts write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher_is_better",
            Polarity::LowerIsBetter => "lower_is_better",
            Polarity::Neutral => "neutral",
        }
    }

    /// Parses the polarity column; also accepts `higher`, `lower`, `up`, `down`, `high`, `low`.
    pub(crate) fn parse(text: &str) -> Result<Polarity, String> {
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
    pub(crate) fn sign(self) -> f64 {
        match self {
            Polarity::HigherIsBetter => 1.0,
            Polarity::LowerIsBetter => -1.0,
            Polarity::Neutral => 0.0,
        }
    }
}

/// One indicator of the scorecard.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Indicator {
    /// Unique key, e.g. `NI062`.
    pub(crate) id: String,
    /// The name as printed.
    pub(crate) name: String,
    /// The section of the scorecard.
    pub(crate) group: Option<String>,
    /// The unit.
    pub(crate) unit: Unit,
    /// Which way is good.
    pub(crate) polarity: Polarity,
    /// How often it is reported.
    pub(crate) frequency: Option<Frequency>,
    /// The target value.
    pub(crate) target: Option<f64>,
    /// The value at which red turns to amber.
    pub(crate) amber_threshold: Option<f64>,
    /// Display precision.
    pub(crate) decimals: u32,
    /// For rates: per how many.
    pub(crate) multiplier: Option<f64>,
    /// The responsible officer.
    pub(crate) owner: Option<String>,
    /// Commentary printed on the indicator's page.
    pub(crate) notes: Option<String>,
    /// SPC: fix the limits on the first N points (NHSRplotthedots' `fix_after_n_points`).
    pub(crate) spc_baseline: Option<usize>,
    /// SPC: periods at which the limits are recalculated (NHSRplotthedots' `rebase`).
    pub(crate) spc_rebase: Vec<crate::core::period::Period>,
    /// Columns the contract does not name, kept as written.
    pub(crate) extra: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_keys_are_the_serialised_names() {
        let units = [Unit::Percent, Unit::Count, Unit::Rate, Unit::Days, Unit::Weeks, Unit::Gbp, Unit::Score];
        for v in units {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
            assert_eq!(Unit::parse(v.key()), Ok(v), "a key reads back");
        }
    }

    #[test]
    fn polarity_keys_are_the_serialised_names() {
        for v in [Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::Neutral] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
        }
    }

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
