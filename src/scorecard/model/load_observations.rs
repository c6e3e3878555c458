//! Reads observations in the long layout (one row per indicator, area, period)
//! or the wide layout of printed tables (one row per indicator and area, one
//! column per period), and checks each value against its indicator.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::config::Workspace;
use super::indicator::{Indicator, Unit};
use super::observation::{Figures, Observation};
use crate::core::diag::{Diagnostic, Diagnostics, Origin};
use crate::core::period::Frequency;
use crate::core::period::{parse_period, Period};
use crate::core::round::round_half_away;
use crate::ingest::value::{read_figure, read_number, Figure};
use crate::ingest::{format_plain, stream_table_parts, Cell, Column, Grid, Table};

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

/// A cell's zero-based row and column, turned into an [`Origin`] only when
/// there is something to say about it: most of a million cells never are.
type At = (u32, u32);

/// One value cell before validation.
struct Raw<'a> {
    /// The indicator's index, if the id is known.
    index: Option<usize>,
    indicator_at: At,
    indicator: &'a str,
    area: &'a str,
    period: Result<Period, String>,
    period_at: At,
    value: &'a Cell,
    value_at: At,
    numerator: Option<(&'a Cell, At)>,
    denominator: Option<(&'a Cell, At)>,
    note: Option<Box<str>>,
}

/// What reading spans across files: the files and sheets read, and the
/// areas met, each code stored once and shared by its observations.
#[derive(Default)]
pub(crate) struct Seen {
    /// The files and sheets read, which observations' `source` indexes.
    pub(crate) sources: Vec<Origin>,
    areas: Areas,
}

impl Seen {
    /// Nothing read yet, but the areas file's codes: the pieces of a large
    /// file, read apart, then share each known code from the start.
    pub(crate) fn knowing<'a>(codes: impl IntoIterator<Item = &'a str>) -> Seen {
        let mut seen = Seen::default();
        for code in codes {
            seen.areas.get(code);
        }
        seen
    }
}

/// Area codes, each stored once and shared by its observations.
#[derive(Default, Clone)]
struct Areas(FxHashMap<Box<str>, Arc<str>>);

impl Areas {
    /// The shared code of an area.
    fn get(&mut self, code: &str) -> Arc<str> {
        if let Some(known) = self.0.get(code) {
            return known.clone();
        }
        let known = Arc::<str>::from(code);
        self.0.insert(code.into(), known.clone());
        known
    }
}

/// Reads one observations file into `out`; `seen` spans files so duplicates across files are found.
pub(crate) fn read(
    ws: &Workspace,
    file: &str,
    cx: &Context,
    seen: &mut Seen,
    out: &mut Vec<Observation>,
    notes: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    let by_id: FxHashMap<&str, usize> =
        cx.indicators.iter().enumerate().map(|(i, ind)| (ind.id.as_str(), i)).collect();
    let path = ws.resolve(file);
    let display = ws.display(file);
    let threads = crate::core::parallel::cores();
    // Room for as many rows as the file could hold, so that a national file's
    // half a million are not copied as the list grows: memory not written to
    // is never taken from the machine.
    let rows = std::fs::metadata(&path).map_or(0, |m| m.len() / 32).min(1 << 24) as usize;
    let source = seen.sources.len() as u32;
    let (known, known_count) = (&seen.areas, seen.areas.0.len());
    let start = |piece: usize| Reader {
        cx,
        by_id: &by_id,
        areas: known.clone(),
        out: Vec::with_capacity(if piece == 0 { rows } else { rows / threads }),
        diags: Diagnostics::default(),
        origin: Origin::file(&display),
        source,
        located: false,
        once: Vec::new(),
        warned: FxHashSet::default(),
        from_number_cell: Vec::new(),
        periods: Vec::new(),
    };
    let locate = |grid: Grid| {
        let typed = grid.typed;
        let (table, shape) = layout(grid)?;
        Ok((table, (shape, typed)))
    };
    let read = stream_table_parts(&path, &display, "Observations", threads, locate, start, read_row);
    let (table, (shape, typed), pieces) = match read {
        Ok(read) => read,
        Err(e) => return diags.push(e.into()),
    };
    seen.sources.push(table.origin.clone());
    diags.extend(table.notes.iter().cloned());
    if let Shape::Wide(period_columns) = &shape {
        // A header with a figure in it that is not a period is most likely
        // a mistyped one ("Spr 2 2013/15"): say so rather than drop the column.
        for (col, header) in table.headers.iter().enumerate() {
            let known = table.columns.contains(&Some(col)) || period_columns.contains(&col);
            if !known && header.chars().any(|c| c.is_ascii_digit()) {
                if let Err(e) = parse_period(header, None) {
                    diags.warning(
                        Some(table.origin.at(table.header_row, col as u32)),
                        format!("{e}; column not read"),
                    );
                }
            }
        }
    }
    let first = out.len();
    let mut from_number_cell = Vec::new();
    let mut warned = FxHashSet::default();
    for mut piece in pieces {
        // A piece that met no code but those known before it shares them
        // already; the first is taken whole, with room for the others. Else
        // the first file's first piece is taken whole; the others' areas are
        // shared with those read before.
        if piece.areas.0.len() == known_count {
            if out.is_empty() {
                *out = piece.out;
            } else {
                out.append(&mut piece.out);
            }
        } else if out.is_empty() && seen.areas.0.is_empty() {
            *out = piece.out;
            seen.areas = piece.areas;
        } else {
            // The piece's codes by address: a few hundred areas, half a million observations.
            let mut shared: FxHashMap<*const u8, Arc<str>> = FxHashMap::default();
            out.extend(piece.out.into_iter().map(|mut o| {
                o.area = shared.entry(o.area.as_ptr()).or_insert_with(|| seen.areas.get(&o.area)).clone();
                o
            }));
        }
        diags.append(piece.diags);
        for (once, diagnostic) in piece.once {
            if warned.insert(once) {
                diags.push(diagnostic);
            }
        }
        from_number_cell.extend(piece.from_number_cell);
    }
    if typed {
        scale_fractions(cx.indicators, &mut out[first..], &from_number_cell, &display, notes, diags);
    }
    // On every core, in parts taken back in order: the same problems in the same order.
    let parts: Vec<&[Observation]> = out[first..].chunks(1 << 15).collect();
    let checked = crate::core::parallel::map(&parts, |part| {
        let mut found = Diagnostics::default();
        for obs in *part {
            check_value(&cx.indicators[obs.indicator()], obs, &table.origin, &mut found);
        }
        found
    });
    for found in checked {
        diags.append(found);
    }
}

/// Reads one row of observations (one value in the long layout, one per
/// period column in the wide).
fn read_row(table: &Table, (shape, _): &(Shape, bool), reader: &mut Reader, row: u32, cells: &[Cell]) {
    if !reader.located {
        reader.origin = table.origin.clone();
        reader.located = true;
    }
    let indicator = table.get(cells, INDICATOR).text_cow();
    let index = reader.by_id.get(&*indicator).copied();
    let frequency = index.and_then(|i| reader.cx.indicators[i].frequency);
    let at = |column: usize| (row, table.index(column).unwrap_or(0) as u32);
    let note = Some(table.get(cells, if matches!(shape, Shape::Long) { NOTE } else { WIDE_NOTE }).text_cow())
        .filter(|t| !t.is_empty())
        .map(|t| Box::from(&*t));
    let area = table.get(cells, AREA).text_cow();
    match shape {
        Shape::Long => {
            let part = |column| table.has(column).then(|| (table.get(cells, column), at(column)));
            let period = reader.read_period(table.get(cells, PERIOD), frequency);
            reader.accept(Raw {
                index,
                indicator_at: at(INDICATOR),
                indicator: &indicator,
                area: &area,
                period,
                period_at: at(PERIOD),
                value: table.get(cells, VALUE),
                value_at: at(VALUE),
                numerator: part(NUMERATOR),
                denominator: part(DENOMINATOR),
                note,
            });
        }
        Shape::Wide(period_columns) => {
            for &col in period_columns.iter() {
                reader.accept(Raw {
                    index,
                    indicator_at: at(INDICATOR),
                    indicator: &indicator,
                    area: &area,
                    period: parse_period(&table.headers[col], frequency),
                    period_at: (table.header_row, col as u32),
                    value: cells.get(col).unwrap_or(&Cell::Empty),
                    value_at: (row, col as u32),
                    numerator: None,
                    denominator: None,
                    note: note.clone(),
                });
            }
        }
    }
}

/// Removes every value given twice for one indicator, area and period (in
/// one file or across files), reporting each with where it was first given.
pub(crate) fn drop_duplicates(
    observations: &mut Vec<Observation>,
    indicators: &[Indicator],
    sources: &[Origin],
    diags: &mut Diagnostics,
) {
    // Areas by their shared code's address: within a load, one code, one
    // address. An area's observations mostly come together: the last one
    // looked up is kept at hand.
    let mut areas: FxHashMap<*const u8, u32> = FxHashMap::default();
    let mut last: Option<(*const u8, u32)> = None;
    let mut key = |i: usize, o: &Observation| {
        let at = o.area.as_ptr();
        let area = match last {
            Some((known, area)) if known == at => area,
            _ => {
                let next = areas.len() as u32;
                let area = *areas.entry(at).or_insert(next);
                last = Some((at, area));
                area
            }
        };
        (o.indicator(), area, o.period, i as u32)
    };
    // Files are usually in order already: then no two keys can be equal,
    // which is seen without keeping the keys.
    let mut previous = None;
    let mut ordered = true;
    for (i, o) in observations.iter().enumerate() {
        let (indicator, area, period, _) = key(i, o);
        if previous.is_some_and(|p| p >= (indicator, area, period)) {
            ordered = false;
            break;
        }
        previous = Some((indicator, area, period));
    }
    if ordered {
        return;
    }
    let mut keys: Vec<(usize, u32, Period, u32)> =
        observations.iter().enumerate().map(|(i, o)| key(i, o)).collect();
    keys.sort_unstable();
    let mut drop = vec![false; observations.len()];
    for pair in keys.windows(2) {
        let ((ind, area, period, _), (ind2, area2, period2, later)) = (pair[0], pair[1]);
        if (ind, area, period) != (ind2, area2, period2) {
            continue;
        }
        // Sorted by position last: the first of a run is where the value was first given.
        let first = keys.partition_point(|k| (k.0, k.1, k.2) < (ind, area, period));
        let (first, duplicate) = (&observations[keys[first].3 as usize], &observations[later as usize]);
        let first_at = first.origin(sources).map_or_else(String::new, |o| o.to_string());
        diags.error(
            duplicate.origin(sources),
            format!(
                "duplicate value for {} in {} for {period} (first given at {first_at})",
                indicators[ind].id, duplicate.area
            ),
        );
        drop[later as usize] = true;
    }
    let mut index = 0;
    observations.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
}

/// How the observations are laid out.
enum Shape {
    /// One row per indicator, area and period.
    Long,
    /// One row per indicator and area; the indices of the columns whose headers are periods.
    Wide(Vec<usize>),
}

/// Long if the header has period and value columns; wide if it has an
/// indicator column and columns headed by periods.
fn layout(grid: Grid) -> Result<(Table, Shape), Diagnostic> {
    let long_error = match Table::find_header(&grid, LONG) {
        Ok(header) => {
            let table = Table::with_header(grid, header, LONG);
            table.refuse_duplicated_headers(LONG)?;
            return Ok((table, Shape::Long));
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
    Ok((table, Shape::Wide(periods)))
}

fn read_period(cell: &Cell, frequency: Option<Frequency>) -> Result<Period, String> {
    match cell {
        Cell::Date(y, m, _) => Ok(Period::from_date(*y, *m)),
        Cell::Empty => Err("period is blank".to_string()),
        other => parse_period(&other.text_cow(), frequency),
    }
}

/// What reading a file, or one piece of a large file, keeps.
struct Reader<'a> {
    cx: &'a Context<'a>,
    by_id: &'a FxHashMap<&'a str, usize>,
    /// The area codes this piece met.
    areas: Areas,
    /// Its observations.
    out: Vec<Observation>,
    /// Its problems, but for those said once per file.
    diags: Diagnostics,
    /// The file and sheet being read.
    origin: Origin,
    /// Its index in `seen.sources`.
    source: u32,
    /// Whether `origin` names the sheet yet.
    located: bool,
    /// Problems said once per file (an unknown indicator, a period off its
    /// frequency), held apart so that pieces read on different cores say each once.
    once: Vec<(Once, Diagnostic)>,
    warned: FxHashSet<Once>,
    /// For each observation of this file, whether its value was a number cell of a workbook.
    from_number_cell: Vec<bool>,
    /// Periods as read from their text, by frequency: a national file writes
    /// the same sixty periods half a million times.
    periods: Vec<(Option<Frequency>, Periods)>,
}

/// Period texts as read, each with its period or why it is not one.
type Periods = FxHashMap<String, Result<Period, String>>;

/// What a problem said once per file is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Once {
    UnknownIndicator(String),
    OffFrequency(usize),
}

impl Reader<'_> {
    fn at(&self, (row, col): At) -> Option<Origin> {
        Some(self.origin.at(row, col))
    }

    fn read_period(&mut self, cell: &Cell, frequency: Option<Frequency>) -> Result<Period, String> {
        let Cell::Text(text) = cell else { return read_period(cell, frequency) };
        let slot = match self.periods.iter().position(|(f, _)| *f == frequency) {
            Some(slot) => slot,
            None => {
                self.periods.push((frequency, FxHashMap::default()));
                self.periods.len() - 1
            }
        };
        let known = &mut self.periods[slot].1;
        if let Some(period) = known.get(text.as_str()) {
            return period.clone();
        }
        let period = read_period(cell, frequency);
        known.insert(text.clone(), period.clone());
        period
    }

    fn accept(&mut self, raw: Raw) {
        let Some(index) = self.indicator_of(&raw) else { return };
        let Some(period) = self.period_of(index, &raw) else { return };
        let Some(figures) = self.figures_of(index, &raw) else { return };
        let area = self.areas.get(if raw.area.is_empty() { self.cx.home } else { raw.area });
        self.from_number_cell.push(matches!(raw.value, Cell::Number(_)));
        self.out.push(Observation::new(index, area, period, figures, raw.note, (self.source, raw.value_at)));
    }

    /// Keeps the problem `say` makes about `what`, unless this piece has
    /// one already: the file's pieces are joined with one of each.
    fn say_once(&mut self, what: Once, at: At, say: impl FnOnce(Option<Origin>) -> Diagnostic) {
        if !self.warned.contains(&what) {
            let diagnostic = say(self.at(at));
            self.warned.insert(what.clone());
            self.once.push((what, diagnostic));
        }
    }

    /// The index of the row's indicator; an unknown one is reported once.
    fn indicator_of(&mut self, raw: &Raw) -> Option<usize> {
        if raw.indicator.is_empty() {
            if !raw.value.is_blank() {
                self.diags.error(self.at(raw.indicator_at), "observation has no indicator id");
            }
            return None;
        }
        let index = raw.index;
        if index.is_none() {
            self.say_once(Once::UnknownIndicator(raw.indicator.to_string()), raw.indicator_at, |at| {
                Diagnostic::error(
                    at,
                    format!("unknown indicator \"{}\" (not in the indicators file)", raw.indicator),
                )
            });
        }
        index
    }

    /// The row's period, checked against the report period and the
    /// indicator's frequency.
    fn period_of(&mut self, index: usize, raw: &Raw) -> Option<Period> {
        let period = match &raw.period {
            Ok(p) => *p,
            Err(e) => {
                self.diags.error(self.at(raw.period_at), e.clone());
                return None;
            }
        };
        if let Some(limit) = self.cx.future_limit {
            if period.start() > limit.end() {
                self.diags.error(
                    self.at(raw.period_at),
                    format!("period {period} is after the report period {limit} set in scorecard.toml"),
                );
            }
        }
        if let Some(frequency) = self.cx.indicators[index].frequency {
            if !fits(period, frequency) {
                self.say_once(Once::OffFrequency(index), raw.period_at, |at| {
                    let message = format!(
                        "{} is reported {} but period {period} is not: it is placed by its start date",
                        raw.indicator,
                        frequency.words()
                    );
                    Diagnostic::warning(at, message)
                });
            }
        }
        Some(period)
    }

    /// The value (or why it is missing) and its fraction, from the value
    /// cell and the numerator and denominator columns.
    fn figures_of(&mut self, index: usize, raw: &Raw) -> Option<Figures> {
        let mut bad = false;
        let mut part = |cell: &Option<(&Cell, At)>, what: &str| -> Option<f64> {
            let (cell, at) = cell.as_ref()?;
            match read_number(cell) {
                Ok(v) => v,
                Err(e) => {
                    self.diags.error(Some(self.origin.at(at.0, at.1)), format!("{what}: {e}"));
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
                self.diags.error(self.at(raw.value_at), e);
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
                    self.at(raw.value_at),
                    format!(
                        "a fraction gives a value only for percent indicators or rates with a multiplier, and {} is {}",
                        raw.indicator,
                        unit.key()
                    ),
                );
                return None;
            }
        };
        Some(Figures { value, missing, numerator, denominator })
    }
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
            .filter(|(o, &n)| n && o.indicator() == index)
            .filter_map(|(o, _)| o.value())
            .collect();
        let fractions = !numbers.is_empty()
            && numbers.iter().all(|v| (0.0..=1.0).contains(v))
            && numbers.iter().any(|v| *v > 0.0 && *v < 1.0);
        if !fractions {
            continue;
        }
        for (o, _) in obs.iter_mut().zip(from_number_cell).filter(|(o, &n)| n && o.indicator() == index) {
            o.set_value(o.value().map(|v| v * 100.0));
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
fn check_value(indicator: &Indicator, obs: &Observation, file: &Origin, diags: &mut Diagnostics) {
    // Made only for a problem: most values have none.
    let origin = || Some(file.at(obs.cell.0, obs.cell.1));
    if let Some(v) = obs.value() {
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
            diags.error(origin(), format!("{kind} {} is negative", format_plain(v)));
        } else if indicator.unit == Unit::Percent && v > 100.0 {
            diags.warning(
                origin(),
                format!(
                    "percentage {} is above 100 (allowed, e.g. take-up against a population estimate)",
                    format_plain(v)
                ),
            );
        }
    }
    let (Some(n), Some(d)) = (obs.numerator(), obs.denominator()) else { return };
    if d == 0.0 {
        return diags.error(origin(), format!("denominator is 0 (numerator {})", format_plain(n)));
    }
    if indicator.unit == Unit::Percent && n > d {
        return diags.error(
            origin(),
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
    let Some(v) = obs.value() else { return };
    let computed = n / d * scale;
    let dp = indicator.decimals;
    // A value stored to more places than it prints can round the other way from
    // its fraction (40.25 vs 848/2107 = 40.247): that is double rounding, not a
    // mistake. A mistake differs by more than half a printed unit, as the
    // seeds' "(64%) (30/45)" does.
    let half_unit = 0.5 * 10f64.powi(-(dp as i32));
    if round_half_away(v, dp) != round_half_away(computed, dp) && (v - computed).abs() > half_unit {
        diags.error(
            origin(),
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
        let figures = Figures { value: Some(value), missing: None, numerator: Some(n), denominator: Some(d) };
        let obs = Observation::new(0, "H".into(), Period::Year(2014), figures, None, (0, (1, 3)));
        let mut diags = Diagnostics::default();
        check_value(&percent(decimals), &obs, &Origin::file("o.csv"), &mut diags);
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
