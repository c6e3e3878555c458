//! Reads observations in the long layout (one row per indicator, area, period)
//! or the wide layout of printed tables (one row per indicator and area, one
//! column per period), and checks each value against its indicator.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use super::config::Workspace;
use super::indicator::{Indicator, Unit};
use super::observation::Observation;
use crate::core::diag::{Diagnostic, Diagnostics, Origin};
use crate::core::period::Frequency;
use crate::core::period::{parse_period, Period};
use crate::core::round::round_half_away;
use crate::ingest::value::{read_figure, read_number, Figure};
use crate::ingest::{format_plain, read_grid, Cell, Column, Grid, Table};

const INDICATOR: usize = 0;
const AREA: usize = 1;
const PERIOD: usize = 2;
const VALUE: usize = 3;
const NUMERATOR: usize = 4;
const DENOMINATOR: usize = 5;
const NOTE: usize = 6;
/// The note column's index in `WIDE`.
const WIDE_NOTE: usize = 2;

const INDICATOR_COLUMN: Column =
    Column { name: "indicator", synonyms: &["indicator id", "id", "ref", "measure", "kpi"], required: true };
const AREA_COLUMN: Column = Column {
    name: "area",
    synonyms: &["area code", "la code", "code", "la", "geography code"],
    required: false,
};
const NOTE_COLUMN: Column =
    Column { name: "note", synonyms: &["notes", "comment", "commentary"], required: false };

const LONG: &[Column] = &[
    INDICATOR_COLUMN,
    AREA_COLUMN,
    Column { name: "period", synonyms: &["time period", "date", "month", "year"], required: true },
    Column { name: "value", synonyms: &["actual", "result", "figure"], required: true },
    Column { name: "numerator", synonyms: &["num"], required: false },
    Column { name: "denominator", synonyms: &["den", "denom", "cohort"], required: false },
    NOTE_COLUMN,
];

const WIDE: &[Column] = &[INDICATOR_COLUMN, AREA_COLUMN, NOTE_COLUMN];

/// What reading observations needs to know of the rest of the workspace.
pub(crate) struct Context<'a> {
    /// The indicators, to resolve ids and units.
    pub(crate) indicators: &'a [Indicator],
    /// The home area, for rows without an area.
    pub(crate) home: &'a str,
    /// Periods starting after this one are errors.
    pub(crate) future_limit: Option<Period>,
}

/// One value cell before validation.
struct Raw<'a> {
    indicator_origin: Origin,
    indicator: String,
    area: String,
    period: Result<Period, String>,
    period_origin: Origin,
    value: &'a Cell,
    value_origin: Origin,
    numerator: Option<(&'a Cell, Origin)>,
    denominator: Option<(&'a Cell, Origin)>,
    note: Option<String>,
}

/// Reads one observations file into `out`; `seen` spans files so duplicates across files are found.
pub(crate) fn read(
    ws: &Workspace,
    file: &str,
    cx: &Context,
    seen: &mut FxHashMap<(usize, String, Period), usize>,
    out: &mut Vec<Observation>,
    notes: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    let grid = match read_grid(&ws.resolve(file), &ws.display(file), "Observations") {
        Ok(g) => g,
        Err(d) => return diags.push(d),
    };
    let typed = grid.typed;
    let by_id: FxHashMap<&str, usize> =
        cx.indicators.iter().enumerate().map(|(i, ind)| (ind.id.as_str(), i)).collect();
    let frequency_of = |id: &str| by_id.get(id).and_then(|&i| cx.indicators[i].frequency);
    let mut reader = Reader {
        cx,
        by_id: &by_id,
        seen,
        out,
        diags,
        unknown: HashSet::new(),
        off_frequency: HashSet::new(),
        from_number_cell: Vec::new(),
    };
    let first = reader.out.len();
    match layout(grid) {
        Ok(Layout::Long(table)) => {
            reader.diags.extend(table.notes.iter().cloned());
            for (row, cells) in &table.rows {
                let indicator = table.get(cells, INDICATOR).text();
                let period_cell = table.get(cells, PERIOD);
                reader.accept(Raw {
                    indicator_origin: table.origin_of(*row, INDICATOR),
                    area: table.get(cells, AREA).text(),
                    period: read_period(period_cell, frequency_of(&indicator)),
                    period_origin: table.origin_of(*row, PERIOD),
                    value: table.get(cells, VALUE),
                    value_origin: table.origin_of(*row, VALUE),
                    numerator: table
                        .has(NUMERATOR)
                        .then(|| (table.get(cells, NUMERATOR), table.origin_of(*row, NUMERATOR))),
                    denominator: table
                        .has(DENOMINATOR)
                        .then(|| (table.get(cells, DENOMINATOR), table.origin_of(*row, DENOMINATOR))),
                    note: Some(table.get(cells, NOTE).text()).filter(|t| !t.is_empty()),
                    indicator,
                });
            }
        }
        Ok(Layout::Wide(table, period_columns)) => {
            reader.diags.extend(table.notes.iter().cloned());
            // A header with a figure in it that is not a period is most likely
            // a mistyped one ("Spr 2 2013/15"): say so rather than drop the column.
            for (col, header) in table.headers.iter().enumerate() {
                let known = table.columns.contains(&Some(col)) || period_columns.contains(&col);
                if !known && header.chars().any(|c| c.is_ascii_digit()) {
                    if let Err(e) = parse_period(header, None) {
                        reader.diags.warning(
                            Some(table.origin.at(table.header_row, col as u32)),
                            format!("{e}; column not read"),
                        );
                    }
                }
            }
            for (row, cells) in &table.rows {
                let indicator = table.get(cells, INDICATOR).text();
                for &col in &period_columns {
                    let header = &table.headers[col];
                    reader.accept(Raw {
                        indicator_origin: table.origin_of(*row, INDICATOR),
                        area: table.get(cells, AREA).text(),
                        period: parse_period(header, frequency_of(&indicator)),
                        period_origin: table.origin.at(table.header_row, col as u32),
                        value: cells.get(col).unwrap_or(&Cell::Empty),
                        value_origin: table.origin.at(*row, col as u32),
                        numerator: None,
                        denominator: None,
                        note: Some(table.get(cells, WIDE_NOTE).text()).filter(|t| !t.is_empty()),
                        indicator: indicator.clone(),
                    });
                }
            }
        }
        Err(d) => return reader.diags.push(d),
    }
    if typed {
        let from_number_cell = std::mem::take(&mut reader.from_number_cell);
        scale_fractions(
            cx.indicators,
            &mut reader.out[first..],
            &from_number_cell,
            &ws.display(file),
            notes,
            reader.diags,
        );
    }
    for obs in &reader.out[first..] {
        check_value(&cx.indicators[obs.indicator], obs, reader.diags);
    }
}

enum Layout {
    Long(Table),
    /// The table and the indices of the columns whose headers are periods.
    Wide(Table, Vec<usize>),
}

/// Long if the header has period and value columns; wide if it has an
/// indicator column and columns headed by periods.
fn layout(grid: Grid) -> Result<Layout, Diagnostic> {
    let long_error = match Table::find_header(&grid, LONG) {
        Ok(header) => {
            let table = Table::with_header(grid, header, LONG);
            table.refuse_duplicated_headers(LONG)?;
            return Ok(Layout::Long(table));
        }
        Err(e) => e,
    };
    let Ok(header) = Table::find_header(&grid, WIDE) else { return Err(long_error) };
    let table = Table::with_header(grid, header, WIDE);
    table.refuse_duplicated_headers(WIDE)?;
    let periods: Vec<usize> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !table.columns.contains(&Some(*i)) && parse_period(h, None).is_ok())
        .map(|(i, _)| i)
        .collect();
    if periods.is_empty() {
        return Err(long_error);
    }
    Ok(Layout::Wide(table, periods))
}

fn read_period(cell: &Cell, frequency: Option<Frequency>) -> Result<Period, String> {
    match cell {
        Cell::Date(y, m, _) => Ok(Period::from_date(*y, *m)),
        Cell::Empty => Err("period is blank".to_string()),
        other => parse_period(&other.text(), frequency),
    }
}

struct Reader<'a> {
    cx: &'a Context<'a>,
    by_id: &'a FxHashMap<&'a str, usize>,
    seen: &'a mut FxHashMap<(usize, String, Period), usize>,
    out: &'a mut Vec<Observation>,
    diags: &'a mut Diagnostics,
    unknown: HashSet<String>,
    /// Indicators already warned of a period that does not fit their frequency.
    off_frequency: HashSet<usize>,
    /// For each observation of this file, whether its value was a number cell of a workbook.
    from_number_cell: Vec<bool>,
}

impl Reader<'_> {
    fn accept(&mut self, raw: Raw) {
        let Some(index) = self.indicator_of(&raw) else { return };
        let Some(period) = self.period_of(index, &raw) else { return };
        let Some(Read { value, missing, numerator, denominator }) = self.figures_of(index, &raw) else {
            return;
        };
        let area = if raw.area.is_empty() { self.cx.home.to_string() } else { raw.area };
        let key = (index, area.clone(), period);
        if let Some(&first) = self.seen.get(&key) {
            self.diags.error(
                Some(raw.value_origin),
                format!(
                    "duplicate value for {} in {} for {period} (first given at {})",
                    raw.indicator, area, self.out[first].origin
                ),
            );
            return;
        }
        self.seen.insert(key, self.out.len());
        self.from_number_cell.push(matches!(raw.value, Cell::Number(_)));
        self.out.push(Observation {
            indicator: index,
            area,
            period,
            value,
            missing,
            numerator,
            denominator,
            note: raw.note,
            origin: raw.value_origin,
        });
    }

    /// The index of the row's indicator; an unknown one is reported once.
    fn indicator_of(&mut self, raw: &Raw) -> Option<usize> {
        if raw.indicator.is_empty() {
            if !raw.value.is_blank() {
                self.diags.error(Some(raw.indicator_origin.clone()), "observation has no indicator id");
            }
            return None;
        }
        let index = self.by_id.get(raw.indicator.as_str()).copied();
        if index.is_none() && self.unknown.insert(raw.indicator.clone()) {
            self.diags.error(
                Some(raw.indicator_origin.clone()),
                format!("unknown indicator \"{}\" (not in the indicators file)", raw.indicator),
            );
        }
        index
    }

    /// The row's period, checked against the report period and the
    /// indicator's frequency.
    fn period_of(&mut self, index: usize, raw: &Raw) -> Option<Period> {
        let period = match &raw.period {
            Ok(p) => *p,
            Err(e) => {
                self.diags.error(Some(raw.period_origin.clone()), e.clone());
                return None;
            }
        };
        if let Some(limit) = self.cx.future_limit {
            if period.start() > limit.end() {
                self.diags.error(
                    Some(raw.period_origin.clone()),
                    format!("period {period} is after the report period {limit} set in scorecard.toml"),
                );
            }
        }
        if let Some(frequency) = self.cx.indicators[index].frequency {
            if !fits(period, frequency) && self.off_frequency.insert(index) {
                self.diags.warning(
                    Some(raw.period_origin.clone()),
                    format!(
                        "{} is reported {} but period {period} is not: it is placed by its start date",
                        raw.indicator,
                        frequency.words()
                    ),
                );
            }
        }
        Some(period)
    }

    /// The value (or why it is missing) and its fraction, from the value
    /// cell and the numerator and denominator columns.
    fn figures_of(&mut self, index: usize, raw: &Raw) -> Option<Read> {
        let mut bad = false;
        let mut part = |cell: &Option<(&Cell, Origin)>, what: &str| -> Option<f64> {
            let (cell, origin) = cell.as_ref()?;
            match read_number(cell) {
                Ok(v) => v,
                Err(e) => {
                    self.diags.error(Some(origin.clone()), format!("{what}: {e}"));
                    bad = true;
                    None
                }
            }
        };
        let numerator = part(&raw.numerator, "numerator");
        let denominator = part(&raw.denominator, "denominator");
        let (value, missing, numerator, denominator) = match read_figure(raw.value) {
            Ok(Figure::Number { value, numerator: n, denominator: d, .. }) => {
                (Some(value), None, n.or(numerator), d.or(denominator))
            }
            Ok(Figure::Missing { reason }) => (None, Some(reason), numerator, denominator),
            Err(e) => {
                self.diags.error(Some(raw.value_origin.clone()), e);
                return None;
            }
        };
        if bad {
            return None;
        }
        // A bare "30/45" is read as a percentage; it means a value only for
        // percent and rate indicators. A suppression code such as "n/a" is a
        // gap, not a fraction.
        let bare_fraction = missing.is_none()
            && matches!(raw.value, Cell::Text(t) if t.contains('/') && !t.contains(['%', '(', '[']));
        let indicator = &self.cx.indicators[index];
        let value = match (bare_fraction, indicator.unit, numerator.zip(denominator)) {
            (false, _, _) | (true, Unit::Percent, _) => value,
            (true, Unit::Rate, Some((n, d))) if indicator.multiplier.is_some() => {
                indicator.multiplier.map(|m| n / d * m)
            }
            (true, unit, _) => {
                self.diags.error(
                    Some(raw.value_origin.clone()),
                    format!(
                        "a fraction gives a value only for percent indicators or rates with a multiplier, and {} is {}",
                        raw.indicator,
                        unit.key()
                    ),
                );
                return None;
            }
        };
        Some(Read { value, missing, numerator, denominator })
    }
}

/// What a row's value cells say, once read.
struct Read {
    value: Option<f64>,
    missing: Option<&'static str>,
    numerator: Option<f64>,
    denominator: Option<f64>,
}

/// Whether a period is of the kind an indicator's frequency reports. Academic
/// results are often labelled by the calendar year of the summer exams.
fn fits(period: Period, frequency: Frequency) -> bool {
    matches!(
        (period, frequency),
        (Period::Month { .. }, Frequency::Monthly)
            | (Period::Quarter { .. }, Frequency::Quarterly)
            | (Period::HalfTerm { .. }, Frequency::HalfTermly)
            | (Period::Year(_), Frequency::Annual | Frequency::AcademicYear)
            | (Period::FinancialYear(_), Frequency::FinancialYear | Frequency::Annual)
            | (Period::AcademicYear(_), Frequency::AcademicYear | Frequency::Annual)
    )
}

/// Excel shows a cell formatted as a percentage as "71%" but stores 0.71. When
/// every number cell of a percentage indicator in a workbook lies in 0–1, the
/// values are such fractions and are scaled to percentages.
fn scale_fractions(
    indicators: &[Indicator],
    obs: &mut [Observation],
    from_number_cell: &[bool],
    file: &str,
    notes: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    for (index, indicator) in indicators.iter().enumerate() {
        if indicator.unit != Unit::Percent {
            continue;
        }
        let numbers: Vec<f64> = obs
            .iter()
            .zip(from_number_cell)
            .filter(|(o, &n)| n && o.indicator == index)
            .filter_map(|(o, _)| o.value)
            .collect();
        let fractions = !numbers.is_empty()
            && numbers.iter().all(|v| (0.0..=1.0).contains(v))
            && numbers.iter().any(|v| *v > 0.0 && *v < 1.0);
        if !fractions {
            continue;
        }
        for (o, _) in obs.iter_mut().zip(from_number_cell).filter(|(o, &n)| n && o.indicator == index) {
            o.value = o.value.map(|v| v * 100.0);
        }
        let message = format!(
            "{file}: values of {} are between 0 and 1 (cells formatted as %), read as percentages",
            indicator.id
        );
        diags.push(Diagnostic::warning(None, message.clone()));
        notes.push(message);
    }
}

/// Checks one value against its indicator: range, and agreement with its own
/// numerator and denominator at the displayed precision.
fn check_value(indicator: &Indicator, obs: &Observation, diags: &mut Diagnostics) {
    let origin = Some(obs.origin.clone());
    if let Some(v) = obs.value {
        // Counts, rates and durations cannot be negative: "(1,172)" in a
        // count column is an accounting format, not a number of children.
        let kind = match indicator.unit {
            Unit::Percent => Some("percentage"),
            Unit::Count => Some("count"),
            Unit::Rate => Some("rate"),
            Unit::Days | Unit::Weeks => Some("duration"),
            Unit::Gbp | Unit::Score => None,
        };
        if let (Some(kind), true) = (kind, v < 0.0) {
            diags.error(origin.clone(), format!("{kind} {} is negative", format_plain(v)));
        } else if indicator.unit == Unit::Percent && v > 100.0 {
            diags.warning(
                origin.clone(),
                format!(
                    "percentage {} is above 100 (allowed, e.g. take-up against a population estimate)",
                    format_plain(v)
                ),
            );
        }
    }
    let (Some(n), Some(d)) = (obs.numerator, obs.denominator) else { return };
    if d == 0.0 {
        return diags.error(origin, format!("denominator is 0 (numerator {})", format_plain(n)));
    }
    if indicator.unit == Unit::Percent && n > d {
        return diags.error(
            origin,
            format!("numerator {} is greater than denominator {}", format_plain(n), format_plain(d)),
        );
    }
    let scale = match indicator.unit {
        Unit::Percent => 100.0,
        Unit::Rate => match indicator.multiplier {
            Some(m) => m,
            None => return,
        },
        _ => return,
    };
    let Some(v) = obs.value else { return };
    let computed = n / d * scale;
    let dp = indicator.decimals;
    // A value stored to more places than it prints can round the other way from
    // its fraction (40.25 vs 848/2107 = 40.247): that is double rounding, not a
    // mistake. A mistake differs by more than half a printed unit, as the
    // seeds' "(64%) (30/45)" does.
    let half_unit = 0.5 * 10f64.powi(-(dp as i32));
    if round_half_away(v, dp) != round_half_away(computed, dp) && (v - computed).abs() > half_unit {
        diags.error(
            origin,
            format!(
                "value {} disagrees with {}/{} = {:.*}",
                format_plain(v),
                format_plain(n),
                format_plain(d),
                dp as usize,
                round_half_away(computed, dp)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::model::indicator::Polarity;

    fn percent(decimals: u32) -> Indicator {
        Indicator {
            id: "P".into(),
            name: "P".into(),
            group: None,
            unit: Unit::Percent,
            polarity: Polarity::HigherIsBetter,
            frequency: None,
            target: None,
            amber_threshold: None,
            decimals,
            multiplier: None,
            owner: None,
            notes: None,
            spc_baseline: None,
            spc_rebase: Vec::new(),
            extra: Default::default(),
        }
    }

    fn errors(decimals: u32, value: f64, n: f64, d: f64) -> usize {
        let obs = Observation {
            indicator: 0,
            area: "H".into(),
            period: Period::Year(2014),
            value: Some(value),
            missing: None,
            numerator: Some(n),
            denominator: Some(d),
            note: None,
            origin: Origin::file("o.csv").at(1, 3),
        };
        let mut diags = Diagnostics::default();
        check_value(&percent(decimals), &obs, &mut diags);
        diags.error_count()
    }

    #[test]
    fn values_must_agree_with_their_fraction_as_printed() {
        assert_eq!(errors(0, 64.0, 30.0, 45.0), 1, "the seeds' (64%) (30/45)");
        assert_eq!(errors(0, 67.0, 30.0, 45.0), 0);
        assert_eq!(errors(1, 71.4, 30.0, 42.0), 0);
        assert_eq!(errors(1, 71.6, 30.0, 42.0), 1);
    }

    #[test]
    fn double_rounding_is_not_a_disagreement() {
        // 848/2107 = 40.2468…: stored as 40.25 it prints 40.3, the fraction 40.2.
        assert_eq!(errors(1, 40.25, 848.0, 2107.0), 0);
    }

    #[test]
    fn impossible_fractions_are_errors() {
        assert_eq!(errors(0, 100.0, 46.0, 45.0), 1);
        assert_eq!(errors(0, 0.0, 0.0, 0.0), 1);
    }
}
