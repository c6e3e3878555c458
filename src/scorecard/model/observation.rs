//! Observations: one value of one indicator for one area and period.

use std::sync::Arc;

use crate::core::diag::Origin;
use crate::core::period::Period;

/// One value (or a deliberate gap) with the cell it came from.
#[derive(Debug, Clone)]
pub(crate) struct Observation {
    /// Index into the dataset's indicators.
    pub(crate) indicator: usize,
    /// Area code, shared by the area's observations.
    pub(crate) area: Arc<str>,
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
    pub(crate) note: Option<Box<str>>,
    /// The file or sheet of the value: an index into the dataset's sources.
    pub(crate) source: u32,
    /// The zero-based row and column of the value.
    pub(crate) cell: (u32, u32),
}

impl Observation {
    /// The cell of the value, given the sources its `source` indexes.
    pub(crate) fn origin(&self, sources: &[Origin]) -> Option<Origin> {
        sources.get(self.source as usize).map(|s| s.at(self.cell.0, self.cell.1))
    }
}
