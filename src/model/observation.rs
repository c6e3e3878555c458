//! Observations: one value of one indicator for one area and period.

use super::period::Period;
use crate::diag::Origin;

/// One value (or a deliberate gap) with the cell it came from.
#[derive(Debug, Clone)]
pub struct Observation {
    /// Index into the dataset's indicators.
    pub indicator: usize,
    /// Area code.
    pub area: String,
    /// The period it describes.
    pub period: Period,
    /// The value; `None` when suppressed or not available.
    pub value: Option<f64>,
    /// Why the value is missing, when it is.
    pub missing: Option<&'static str>,
    /// Numerator, for percentages and rates.
    pub numerator: Option<f64>,
    /// Denominator, for percentages and rates.
    pub denominator: Option<f64>,
    /// A note written beside the value.
    pub note: Option<String>,
    /// The cell of the value.
    pub origin: Origin,
}
