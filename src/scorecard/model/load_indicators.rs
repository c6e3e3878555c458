//! Reads the indicators table.

use std::collections::{BTreeMap, HashMap};

use super::config::Workspace;
use super::indicator::{Indicator, Polarity, Unit};
use crate::core::diag::Diagnostics;
use crate::core::period::parse_period;
use crate::core::period::Frequency;
use crate::ingest::value::read_number;
use crate::ingest::{check_length, format_plain, read_grid, Cell, Column, Table, MAX_NOTE_CHARS};
use crate::render::world::report_undrawable;

const ID: usize = 0;
const NAME: usize = 1;

/// The longest indicator name: LAIT's longest is about 130 characters.
const MAX_NAME_CHARS: usize = 500;
const GROUP: usize = 2;
const UNIT: usize = 3;
const POLARITY: usize = 4;
const FREQUENCY: usize = 5;
const TARGET: usize = 6;
const AMBER: usize = 7;
const DECIMALS: usize = 8;
const MULTIPLIER: usize = 9;
const OWNER: usize = 10;
const NOTES: usize = 11;
const SPC_BASELINE: usize = 12;
const SPC_REBASE: usize = 13;

const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        synonyms: &["ref", "indicator id", "code", "measure id", "kpi ref"],
        required: true,
    },
    Column { name: "name", synonyms: &["measure", "indicator name", "title", "description"], required: true },
    Column { name: "group", synonyms: &["section", "theme", "aim", "category", "priority"], required: false },
    Column { name: "unit", synonyms: &["units", "type", "measure type"], required: false },
    Column { name: "polarity", synonyms: &["good is", "direction", "better"], required: false },
    Column { name: "frequency", synonyms: &["freq", "reporting frequency"], required: false },
    Column { name: "target", synonyms: &["target value"], required: false },
    Column { name: "amber_threshold", synonyms: &["amber", "amber from", "tolerance"], required: false },
    Column { name: "decimals", synonyms: &["dp", "decimal places", "precision"], required: false },
    Column { name: "multiplier", synonyms: &["per", "rate per"], required: false },
    Column { name: "owner", synonyms: &["responsible officer", "lead", "lead officer"], required: false },
    Column { name: "notes", synonyms: &["commentary", "comment", "comments", "note"], required: false },
    Column { name: "spc_baseline", synonyms: &["fix after", "baseline points"], required: false },
    Column { name: "spc_rebase", synonyms: &["rebase", "rebase periods"], required: false },
];

/// Reads and validates every indicator; problems go to `diags`, bad rows are skipped.
pub(crate) fn read(ws: &Workspace, file: &str, diags: &mut Diagnostics) -> Vec<Indicator> {
    let shown = ws.display(file);
    let table =
        match read_grid(&ws.resolve(file), &shown, "Indicators").and_then(|g| Table::from_grid(g, COLUMNS)) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return Vec::new();
            }
        };
    diags.extend(table.notes.iter().cloned());
    let mut indicators = Vec::new();
    let mut ids: HashMap<String, u32> = HashMap::new();
    for (row, cells) in &table.rows {
        let mut r = RowReader { table: &table, row: *row, cells, diags, ok: true };
        let failed: Vec<(usize, &str, String)> =
            [(ID, "an indicator id"), (NAME, "a name"), (GROUP, "a group")]
                .into_iter()
                .filter_map(|(col, what)| table.get(cells, col).excel_error().map(|e| (col, what, e)))
                .collect();
        for (col, what, error) in &failed {
            r.fail(
                *col,
                format!("Excel error {error} where {what} was expected: the formula that filled it failed"),
            );
        }
        if failed.iter().any(|(col, _, _)| *col == ID) {
            continue;
        }
        let Some(id) = r.text(ID) else {
            r.fail(ID, "indicator has no id".to_string());
            continue;
        };
        if let Some(first) = ids.insert(id.clone(), *row) {
            r.fail(ID, format!("indicator id \"{id}\" is also used on row {}", first + 1));
        }
        let name = r.text(NAME).unwrap_or_else(|| {
            r.fail(NAME, format!("indicator {id} has no name"));
            id.clone()
        });
        // A name is a line of a table and a page heading: a paragraph pasted
        // into it is a mistake, and would take minutes to lay out.
        if name.chars().count() > MAX_NAME_CHARS {
            r.fail(
                NAME,
                format!(
                    "indicator {id}: the name is {} characters; at most {MAX_NAME_CHARS}",
                    name.chars().count()
                ),
            );
        }
        report_undrawable(
            &name,
            Some(table.origin_of(*row, NAME)),
            &format!("indicator {id}: name"),
            r.diags,
        );
        if let Some(notes) = r.text(NOTES) {
            let origin = table.origin_of(*row, NOTES);
            check_length(&notes, MAX_NOTE_CHARS, &format!("indicator {id}: the notes"), origin, r.diags);
        }
        let unit = r.vocab(UNIT, Unit::parse).unwrap_or(Unit::Count);
        let polarity = r.vocab(POLARITY, Polarity::parse).unwrap_or(Polarity::Neutral);
        let frequency = r.vocab(FREQUENCY, Frequency::parse);
        let target = r.number(TARGET);
        let amber = r.number(AMBER);
        let multiplier = r.number(MULTIPLIER);
        let decimals = match r.number(DECIMALS) {
            None => unit.default_decimals(),
            Some(d) if d.fract() == 0.0 && (0.0..=6.0).contains(&d) => d as u32,
            Some(d) => {
                r.fail(DECIMALS, format!("decimals {d} must be a whole number from 0 to 6"));
                unit.default_decimals()
            }
        };
        if let Err(e) = check_thresholds(&id, polarity, target, amber) {
            r.fail(AMBER, e);
        }
        let spc_baseline = match r.number(SPC_BASELINE) {
            None => None,
            Some(n) if n.fract() == 0.0 && n >= 2.0 => Some(n as usize),
            Some(n) => {
                r.fail(SPC_BASELINE, format!("spc_baseline {n} must be a whole number of points, 2 or more"));
                None
            }
        };
        let mut spc_rebase = Vec::new();
        for text in r
            .text(SPC_REBASE)
            .iter()
            .flat_map(|t| t.split([';', ',']))
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            match parse_period(text, frequency) {
                Ok(p) => spc_rebase.push(p),
                Err(e) => r.fail(SPC_REBASE, format!("spc_rebase: {e}")),
            }
        }
        if multiplier.is_some_and(|m| m <= 0.0) {
            r.fail(MULTIPLIER, "multiplier must be positive".to_string());
        }
        let mut extra = BTreeMap::new();
        for (i, header) in table.headers.iter().enumerate() {
            if !table.columns.contains(&Some(i)) && !header.is_empty() {
                let value = cells.get(i).map(Cell::text).unwrap_or_default();
                if !value.is_empty() {
                    extra.insert(header.clone(), value);
                }
            }
        }
        if r.ok {
            indicators.push(Indicator {
                group: r.text(GROUP),
                owner: r.text(OWNER),
                notes: r.text(NOTES),
                id,
                name,
                unit,
                polarity,
                frequency,
                target,
                amber_threshold: amber,
                decimals,
                multiplier,
                spc_baseline,
                spc_rebase,
                extra,
            });
        }
    }
    if table.rows.is_empty() {
        diags.error(Some(table.origin.clone()), "has no indicators: add a row for each under the header");
    }
    indicators
}

/// Reads the cells of one row, reporting each bad cell in place.
struct RowReader<'a> {
    table: &'a Table,
    row: u32,
    cells: &'a [Cell],
    diags: &'a mut Diagnostics,
    ok: bool,
}

impl RowReader<'_> {
    fn fail(&mut self, col: usize, message: String) {
        self.diags.error(Some(self.table.origin_of(self.row, col)), message);
        self.ok = false;
    }

    fn text(&self, col: usize) -> Option<String> {
        let t = self.table.get(self.cells, col).text();
        (!t.is_empty()).then_some(t)
    }

    fn vocab<T>(&mut self, col: usize, parse: fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(&self.text(col)?) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(col, e);
                None
            }
        }
    }

    fn number(&mut self, col: usize) -> Option<f64> {
        match read_number(self.table.get(self.cells, col)) {
            Ok(v) => v,
            Err(e) => {
                self.fail(col, e);
                None
            }
        }
    }
}

/// The amber threshold lies between red and the target, so it sits on the far
/// side of the target from "better".
fn check_thresholds(
    id: &str,
    polarity: Polarity,
    target: Option<f64>,
    amber: Option<f64>,
) -> Result<(), String> {
    let Some(amber) = amber else { return Ok(()) };
    let Some(target) = target else {
        return Err(format!("indicator {id} has an amber threshold but no target"));
    };
    let (wrong, side, word) = match polarity {
        Polarity::HigherIsBetter => (amber > target, "above", "higher"),
        Polarity::LowerIsBetter => (amber < target, "below", "lower"),
        Polarity::Neutral => {
            return Err(format!(
                "indicator {id} is neutral (no better direction), so it cannot have an amber threshold"
            ))
        }
    };
    if wrong {
        return Err(format!(
            "amber threshold {} is {side} the target {} but {word} is better: amber must lie between red and the target",
            format_plain(amber),
            format_plain(target)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amber_must_lie_between_red_and_target() {
        assert!(check_thresholds("a", Polarity::HigherIsBetter, Some(85.0), Some(65.0)).is_ok());
        assert!(check_thresholds("a", Polarity::HigherIsBetter, Some(85.0), Some(90.0)).is_err());
        assert!(check_thresholds("a", Polarity::LowerIsBetter, Some(10.0), Some(15.0)).is_ok());
        assert!(check_thresholds("a", Polarity::LowerIsBetter, Some(10.0), Some(5.0)).is_err());
        assert!(check_thresholds("a", Polarity::HigherIsBetter, None, Some(5.0)).is_err());
        assert!(check_thresholds("a", Polarity::Neutral, Some(1.0), Some(5.0)).is_err());
    }
}
