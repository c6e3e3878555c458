//! Observations: one value of one indicator for one area and period.

use crate::core::diag::Origin;
use crate::core::period::Period;

/// One value (or a deliberate gap) with the cell it came from.
#[derive(Debug, Clone)]
pub(crate) struct Observation {
    /// Index into the dataset's indicators.
    pub(crate) indicator: usize,
    /// Area code.
    pub(crate) area: String,
    /// The period it describes.
    pub(crate) period: Period,
    /// The value; `None` when suppressed or not available.
    pub(crate) value: Option<f64>,
    /// Why the value is missing, when it is.
    pub(crate) missing: Option<&'static str>,
    /// Numerator, for percentages and rates.
    pub(crate) numerator: Option<f64>,
    /// Denominator, for percentages and rates.
    pub(crate) denominator: Option<f64>,
    /// A note written beside the value.
    pub(crate) note: Option<String>,
    /// The cell of the value.
    pub(crate) origin: Origin,
}
