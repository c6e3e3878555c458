//! Observations: one value of one indicator for one area and period.

use std::sync::Arc;

use crate::core::diag::Origin;
use crate::core::period::Period;
use crate::ingest::value::Reason;

/// One value (or a deliberate gap) with the cell it came from. A national
/// file holds half a million, so it is kept small: 88 bytes, where plain
/// `Option`s made it 128 (measured: 22 MB of a national dataset's 70).
#[derive(Debug, Clone)]
pub(crate) struct Observation {
    /// Index into the dataset's indicators.
    indicator: u32,
    /// The file or sheet of the value: an index into the dataset's sources.
    pub(crate) source: u32,
    /// The zero-based row and column of the value.
    pub(crate) cell: (u32, u32),
    /// The period it describes.
    pub(crate) period: Period,
    /// Why the value is missing, when it is.
    missing: Option<Reason>,
    /// Area code, shared by the area's observations.
    pub(crate) area: Arc<str>,
    /// The value, numerator and denominator, NaN where there is none: no
    /// figure read from a cell is NaN.
    value: f64,
    numerator: f64,
    denominator: f64,
    /// A note written beside the value.
    pub(crate) note: Option<Box<str>>,
}

/// A figure as [`Observation`] keeps it: NaN for none.
fn packed(figure: Option<f64>) -> f64 {
    figure.filter(|v| !v.is_nan()).unwrap_or(f64::NAN)
}

/// A figure [`Observation`] keeps, as it was given: `None` for NaN.
fn unpacked(figure: f64) -> Option<f64> {
    (!figure.is_nan()).then_some(figure)
}

/// What an [`Observation`] says, apart from where it is and where it came from.
pub(crate) struct Figures {
    /// The value; `None` when suppressed or not available.
    pub(crate) value: Option<f64>,
    /// Why the value is missing, when it is.
    pub(crate) missing: Option<Reason>,
    /// Numerator, for percentages and rates.
    pub(crate) numerator: Option<f64>,
    /// Denominator, for percentages and rates.
    pub(crate) denominator: Option<f64>,
}

impl Observation {
    /// An observation of indicator `indicator` (an index into the dataset's
    /// indicators) for `area` and `period`, read from `cell` of source `source`.
    pub(crate) fn new(
        indicator: usize,
        area: Arc<str>,
        period: Period,
        figures: Figures,
        note: Option<Box<str>>,
        (source, cell): (u32, (u32, u32)),
    ) -> Observation {
        Observation {
            indicator: indicator as u32,
            source,
            cell,
            period,
            missing: figures.missing,
            area,
            value: packed(figures.value),
            numerator: packed(figures.numerator),
            denominator: packed(figures.denominator),
            note,
        }
    }

    /// Index into the dataset's indicators.
    pub(crate) fn indicator(&self) -> usize {
        self.indicator as usize
    }

    /// The value; `None` when suppressed or not available.
    pub(crate) fn value(&self) -> Option<f64> {
        unpacked(self.value)
    }

    /// Sets the value, as when a fraction is read as a percentage.
    pub(crate) fn set_value(&mut self, value: Option<f64>) {
        self.value = packed(value);
    }

    /// Why the value is missing, when it is.
    pub(crate) fn missing(&self) -> Option<Reason> {
        self.missing
    }

    /// Numerator, for percentages and rates.
    pub(crate) fn numerator(&self) -> Option<f64> {
        unpacked(self.numerator)
    }

    /// Denominator, for percentages and rates.
    pub(crate) fn denominator(&self) -> Option<f64> {
        unpacked(self.denominator)
    }

    /// The cell of the value, given the sources its `source` indexes.
    pub(crate) fn origin(&self, sources: &[Origin]) -> Option<Origin> {
        sources.get(self.source as usize).map(|s| s.at(self.cell.0, self.cell.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_come_back_as_they_were_given() {
        let period = Period::Month { year: 2024, month: 3 };
        let figures =
            |value, numerator, denominator| Figures { value, missing: None, numerator, denominator };
        for (v, n, d) in
            [(Some(40.5), Some(81.0), Some(200.0)), (None, None, None), (Some(-0.0), None, Some(0.0))]
        {
            let o = Observation::new(7, "E1".into(), period, figures(v, n, d), None, (2, (3, 4)));
            assert_eq!((o.value(), o.numerator(), o.denominator()), (v, n, d));
            assert_eq!((o.indicator(), o.source, o.cell), (7, 2, (3, 4)));
        }
        assert!(std::mem::size_of::<Observation>() <= 88, "{}", std::mem::size_of::<Observation>());
    }
}
