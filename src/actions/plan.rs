//! An improvement plan read from its workbook (sheet `Actions`) or CSV:
//! numbered actions under key areas, each with its due date, lead and status
//! in the plan's key. Problems are reported with their cells.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::due::parse_due;
use super::key::{plan_key, Key};
use crate::core::diag::{Diagnostics, Origin};
use crate::ingest::{
    check_length, read_grid, read_grid_or_absent, Cell, Column, Table, MAX_LABEL_CHARS, MAX_NOTE_CHARS,
};
use crate::render::format::format_date;

const REF: usize = 0;
const KEY_AREA: usize = 1;
const OUTCOME: usize = 2;
const ACTION: usize = 3;
const OFSTED: usize = 4;
const KPI: usize = 5;
const DUE: usize = 6;
const LEAD: usize = 7;
const STATUS: usize = 8;
const UPDATE: usize = 9;

/// The plan contract's columns, in slot order.
const COLUMNS: &[Column] = &[
    Column {
        name: "ref",
        synonyms: &["no", "number", "action no", "action ref", "reference"],
        required: true,
    },
    Column { name: "key_area", synonyms: &["key area", "area", "priority"], required: false },
    Column { name: "outcome", synonyms: &["outcomes", "outcome statement"], required: false },
    Column { name: "action", synonyms: &["actions", "task", "action required"], required: true },
    Column {
        name: "ofsted_ref",
        synonyms: &["ofsted recommendation", "recommendation", "ofsted"],
        required: false,
    },
    Column { name: "kpi_ref", synonyms: &["kpi", "kpis", "measure", "indicator"], required: false },
    Column {
        name: "due",
        synonyms: &["due date", "timescale", "by when", "deadline", "date"],
        required: false,
    },
    Column {
        name: "lead",
        synonyms: &["lead officer", "responsible officer", "owner", "responsible"],
        required: false,
    },
    Column { name: "status", synonyms: &["rag", "rag status", "progress rag"], required: false },
    Column {
        name: "update",
        synonyms: &["progress", "progress update", "comments", "commentary", "evidence"],
        required: false,
    },
];

/// One numbered action (or a heading action such as 1.1 above 1.1.1).
#[derive(Debug, Clone)]
pub(crate) struct Action {
    /// "1.1.1".
    pub(crate) reference: String,
    /// The key area it belongs to.
    pub(crate) key_area: String,
    /// The outcome it serves.
    pub(crate) outcome: String,
    /// What is to be done.
    pub(crate) text: String,
    /// The Ofsted recommendation it answers.
    pub(crate) ofsted_ref: String,
    /// Linked indicator ids, as written.
    pub(crate) kpi_ref: String,
    /// The due date as written.
    pub(crate) due: String,
    /// The last day the due text allows, where it names a date.
    pub(crate) due_date: Option<(i32, u32, u32)>,
    /// Who leads it.
    pub(crate) lead: String,
    /// Its status as stated: an index into the key's statuses.
    pub(crate) status: Option<usize>,
    /// The progress update.
    pub(crate) update: String,
    /// The cell of its ref.
    pub(crate) origin: Origin,
    /// The cell of its status.
    pub(crate) status_origin: Origin,
    /// The cell of its KPI references.
    pub(crate) kpi_origin: Origin,
}

impl Action {
    /// The indicator ids it names: "CSC01, CSC02" or "CSC01; CSC02".
    pub(crate) fn kpis(&self) -> impl Iterator<Item = &str> {
        self.kpi_ref.split([',', ';']).map(str::trim).filter(|k| !k.is_empty())
    }

    /// The ref of the action above it ("1.1" for "1.1.1"); `None` at the top.
    pub(crate) fn parent(&self) -> Option<&str> {
        self.reference.rsplit_once('.').map(|(p, _)| p)
    }

    /// How deep it is: 1 for "1", 3 for "1.1.1".
    pub(crate) fn depth(&self) -> usize {
        self.reference.split('.').count()
    }
}

/// A plan: its key and its actions in plan order.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The status key.
    pub(crate) key: Key,
    /// The actions.
    pub(crate) actions: Vec<Action>,
}

/// "1.1.1" as written, or "1.1." with a trailing dot; `None` if not a ref.
fn normalise_ref(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches('.');
    let ok = !t.is_empty()
        && t.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| {
        t.split('.')
            .map(|p| p.trim_start_matches('0').to_string())
            .map(|p| if p.is_empty() { "0".into() } else { p })
            .collect::<Vec<_>>()
            .join(".")
    })
}

/// The plan's status key: the one `named` (`--key`), else the plan's own (its
/// TOML's `[status]`, its `Key` sheet), else Norfolk's.
fn choose_key(named: Option<&str>, plan: &Path, origin: &Origin, diags: &mut Diagnostics) -> Key {
    match named {
        None => plan_key(plan, diags).unwrap_or_else(Key::norfolk),
        Some(name) => Key::named(name).unwrap_or_else(|| {
            diags.error(
                Some(origin.clone()),
                format!("status key \"{name}\" is not one of norfolk, lancashire"),
            );
            Key::norfolk()
        }),
    }
}

/// Whether a file is a plan: a workbook with a sheet `Actions`, or a CSV
/// whose header has a ref and an action column.
pub(crate) fn looks_like_plan(path: &Path) -> bool {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    match read_grid_or_absent(path, &path.display().to_string(), "Actions") {
        Ok(grid) => !is_csv || Table::find_header(&grid, COLUMNS).is_ok(),
        Err(_) => false,
    }
}

/// Reads a plan; `None` if it cannot be read at all.
pub(crate) fn read_plan(path: &Path, key: Option<&str>, diags: &mut Diagnostics) -> Option<Plan> {
    let shown = path.display().to_string();
    let table = match read_grid(path, &shown, "Actions").and_then(|g| Table::from_grid(g, COLUMNS)) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    diags.extend(table.notes.iter().cloned());
    let key = choose_key(key, path, &table.origin, diags);
    let mut actions: Vec<Action> = Vec::new();
    let mut seen: FxHashMap<String, u32> = FxHashMap::default();
    // Key areas and outcomes are often written once (or merged) above their actions.
    let (mut key_area, mut outcome) = (String::new(), String::new());
    for (row, cells) in &table.rows {
        let row = *row;
        let text = |slot: usize| table.get(cells, slot).text().trim().to_string();
        let origin = table.origin_of(row, REF);
        key_area = Some(text(KEY_AREA)).filter(|t| !t.is_empty()).unwrap_or(key_area);
        outcome = Some(text(OUTCOME)).filter(|t| !t.is_empty()).unwrap_or(outcome);
        let written = text(REF);
        if written.is_empty() {
            continue;
        }
        let Some(reference) = normalise_ref(&written) else {
            diags.error(Some(origin), format!("ref \"{written}\" is not like 1.1.1"));
            continue;
        };
        if let Some(first) = seen.insert(reference.clone(), row) {
            diags.error(Some(origin), format!("action {reference} is also on row {}", first + 1));
            continue;
        }
        let action_text = text(ACTION);
        for (slot, what, max) in [
            (ACTION, "the action", MAX_NOTE_CHARS),
            (UPDATE, "the update", MAX_NOTE_CHARS),
            (OUTCOME, "the outcome", MAX_NOTE_CHARS),
            (KEY_AREA, "the key area", MAX_LABEL_CHARS),
            (LEAD, "the lead", MAX_LABEL_CHARS),
        ] {
            let origin = table.origin_of(row, slot);
            check_length(&text(slot), max, &format!("action {reference}: {what}"), origin, diags);
        }
        if action_text.is_empty() {
            diags.error(Some(table.origin_of(row, ACTION)), format!("action {reference} has no text"));
        }
        let (due, due_date) = match table.get(cells, DUE) {
            Cell::Date(y, m, d) => (format_date((*y, *m as u8, *d as u8)), Some((*y, *m, *d))),
            cell => {
                let due = cell.text().trim().to_string();
                match parse_due(&due) {
                    Ok(date) => {
                        if date.is_none() && !due.is_empty() {
                            diags.warning(
                                Some(table.origin_of(row, DUE)),
                                format!(
                                    "action {reference}: due \"{due}\" names no date, so it is never overdue"
                                ),
                            );
                        }
                        (due, date)
                    }
                    Err(e) => {
                        diags.error(Some(table.origin_of(row, DUE)), format!("action {reference}: {e}"));
                        (due, None)
                    }
                }
            }
        };
        let status_origin = table.origin_of(row, STATUS);
        let written_status = text(STATUS);
        let status = match key.find(&written_status) {
            Some(s) => key.statuses.iter().position(|k| k == s),
            None if written_status.is_empty() => None,
            None => {
                diags.error(
                    Some(status_origin.clone()),
                    format!(
                        "action {reference}: status \"{written_status}\" is not in the {} key ({})",
                        key.name,
                        key.words()
                    ),
                );
                None
            }
        };
        actions.push(Action {
            reference,
            key_area: key_area.clone(),
            outcome: outcome.clone(),
            text: action_text,
            ofsted_ref: text(OFSTED),
            kpi_ref: text(KPI),
            due,
            due_date,
            lead: text(LEAD),
            status,
            update: text(UPDATE),
            origin,
            status_origin,
            kpi_origin: table.origin_of(row, KPI),
        });
    }
    // A sub-action needs the action it belongs to: 1.2.3 under 1.2. Top-level
    // numbers are key areas, which may have no row of their own.
    for a in &actions {
        if let Some(parent) = a.parent().filter(|_| a.depth() > 2) {
            if !seen.contains_key(parent) {
                diags.error(
                    Some(a.origin.clone()),
                    format!("action {} has no action {parent} above it", a.reference),
                );
            }
        }
    }
    if actions.is_empty() {
        diags.error(Some(table.origin.clone()), "has no actions: each needs a ref (1.1.1) and an action");
    }
    Some(Plan { key, actions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_dotted_numbers() {
        assert_eq!(normalise_ref("1.1.1").as_deref(), Some("1.1.1"));
        assert_eq!(normalise_ref(" 2.3. ").as_deref(), Some("2.3"));
        assert_eq!(normalise_ref("01.02").as_deref(), Some("1.2"));
        for bad in ["", "a", "1..2", "1.x", ".1", "1234"] {
            assert!(normalise_ref(bad).is_none(), "{bad}");
        }
    }
}
