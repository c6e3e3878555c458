//! Budget books: the revenue, capital, reserves and school-balance tables of a
//! finance monitoring report, read from a workbook (one sheet each) or a CSV
//! (the revenue table). Printed columns pasted in from last month's report
//! (`variance`, `variance_pct`, total rows) are kept only to be reconciled.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::money::Money;
use crate::core::diag::{Diagnostics, Origin};
use crate::ingest::{
    check_length, normalise_header, read_grid_or_absent, Cell, Column, ReadError, Table, MAX_LABEL_CHARS,
    MAX_NOTE_CHARS,
};

/// The unit amounts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Units {
    /// Pounds.
    Gbp,
    /// Thousands of pounds.
    GbpThousands,
    /// Millions of pounds.
    GbpMillions,
}

impl Units {
    /// The column-header label: £, £000, £m.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Units::Gbp => "£",
            Units::GbpThousands => "£000",
            Units::GbpMillions => "£m",
        }
    }

    /// Guesses the unit from header text such as "Approved budget £m".
    fn from_header(header: &str) -> Option<Units> {
        let h = header.to_lowercase().replace(' ', "");
        if h.contains("£m") || h.contains("(m)") || h.contains("million") {
            Some(Units::GbpMillions)
        } else if h.contains("£000") || h.contains("£'000") || h.contains("£k") || h.contains("thousand") {
            Some(Units::GbpThousands)
        } else if h.contains('£') {
            Some(Units::Gbp)
        } else {
            None
        }
    }
}

/// The four table types of the finance contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TableKind {
    /// Revenue budget by division of service.
    Revenue,
    /// Capital programme by scheme.
    Capital,
    /// Reserves and provisions.
    Reserves,
    /// School balances.
    SchoolBalances,
}

impl TableKind {
    /// All kinds, in report order.
    pub(crate) const ALL: [TableKind; 4] =
        [TableKind::Revenue, TableKind::Capital, TableKind::Reserves, TableKind::SchoolBalances];

    /// The sheet name in a workbook.
    pub(crate) fn sheet(self) -> &'static str {
        match self {
            TableKind::Revenue => "Revenue",
            TableKind::Capital => "Capital",
            TableKind::Reserves => "Reserves",
            TableKind::SchoolBalances => "SchoolBalances",
        }
    }

    /// The table's title in a report.
    pub(crate) fn title(self) -> &'static str {
        match self {
            TableKind::Revenue => "Revenue budget",
            TableKind::Capital => "Capital programme",
            TableKind::Reserves => "Reserves and provisions",
            TableKind::SchoolBalances => "School balances",
        }
    }

    /// Whether its lines are rated red, amber or green: spending is; balances are not.
    pub(crate) fn is_rated(self) -> bool {
        matches!(self, TableKind::Revenue | TableKind::Capital)
    }

    /// Whether its variance is split into in-year and academy parts (school
    /// balances), which take the columns where spending tables have the
    /// previous figure and the movement.
    pub(crate) fn has_variance_parts(self) -> bool {
        self == TableKind::SchoolBalances
    }

    /// Whether it holds balances, which rise and fall rather than over- or underspend.
    pub(crate) fn is_balance(self) -> bool {
        !self.is_rated()
    }

    /// The column headings of its reports, without the unit: the PDF and the
    /// XLSX both print these.
    pub(crate) fn headings(self) -> Headings {
        match self {
            TableKind::Revenue => Headings {
                name: "Division of service",
                from: "Approved budget",
                to: "Forecast outturn",
                variance: "Forecast +over/−under spend",
                previous: Some("Previous variance"),
                movement: Some("Change since last report"),
                in_year: None,
                academy: None,
            },
            TableKind::Capital => Headings {
                name: "Scheme",
                from: "Approved budget",
                to: "Forecast outturn",
                variance: "Variance",
                previous: Some("Previous forecast outturn"),
                movement: Some("Slippage since last report"),
                in_year: None,
                academy: None,
            },
            TableKind::Reserves => Headings {
                name: "Title",
                from: "Opening balance",
                to: "Forecast balance",
                variance: "Variance",
                previous: None,
                movement: None,
                in_year: None,
                academy: None,
            },
            TableKind::SchoolBalances => Headings {
                name: "Title",
                from: "Opening balance",
                to: "Forecast balance",
                variance: "Total variance",
                previous: None,
                movement: None,
                in_year: Some("In-year variance"),
                academy: Some("Academy variance"),
            },
        }
    }

    /// The columns, in slot order (see the `GROUP`… constants).
    fn columns(self) -> [Column; 10] {
        const NONE: Column = Column { name: "-", synonyms: &[], required: false };
        let reason = Column {
            name: "reason",
            synonyms: &["reasons", "reason for variance", "comment", "commentary"],
            required: false,
        };
        let variance = Column {
            name: "variance",
            synonyms: &[
                "forecast over underspend",
                "over underspend",
                "forecast overspend underspend",
                "variation",
                "total variance",
            ],
            required: false,
        };
        let pct = Column {
            name: "variance_pct",
            synonyms: &[
                "forecast over underspend as % of budget",
                "% of budget",
                "variance percent",
                "variance as % of budget",
            ],
            required: false,
        };
        let group = Column { name: "group", synonyms: &["section", "category", "block"], required: false };
        let title =
            Column { name: "title", synonyms: &["title/description", "description", "name"], required: true };
        let opening = Column {
            name: "opening_balance",
            synonyms: &["balance at start", "opening", "balance b/f", "balance at"],
            required: true,
        };
        let closing = Column {
            name: "forecast_closing_balance",
            synonyms: &["forecast balance", "closing balance", "forecast closing", "forecast balance at"],
            required: true,
        };
        let budget = Column {
            name: "approved_budget",
            synonyms: &["budget", "approved", "current budget", "approved capital budget"],
            required: true,
        };
        let outturn = Column {
            name: "forecast_outturn",
            synonyms: &["outturn", "forecast", "projected outturn", "forecast capital outturn"],
            required: true,
        };
        match self {
            TableKind::Revenue => [
                group,
                Column {
                    name: "division",
                    synonyms: &["division of service", "service", "budget line", "name"],
                    required: true,
                },
                budget,
                outturn,
                Column {
                    name: "previous_variance",
                    synonyms: &[
                        "last report variance",
                        "previous forecast variance",
                        "variance at last report",
                    ],
                    required: false,
                },
                reason,
                variance,
                pct,
                NONE,
                NONE,
            ],
            TableKind::Capital => [
                group,
                Column {
                    name: "scheme",
                    synonyms: &["scheme or programme of work", "project", "programme", "name"],
                    required: true,
                },
                budget,
                outturn,
                Column {
                    name: "previous_outturn",
                    synonyms: &["previous forecast", "outturn at last report"],
                    required: false,
                },
                reason,
                variance,
                pct,
                NONE,
                NONE,
            ],
            TableKind::Reserves => [group, title, opening, closing, NONE, reason, variance, pct, NONE, NONE],
            TableKind::SchoolBalances => [
                group,
                title,
                opening,
                closing,
                NONE,
                reason,
                variance,
                pct,
                Column {
                    name: "in_year_variance",
                    synonyms: &["in year variance", "in-year"],
                    required: false,
                },
                Column {
                    name: "academy_variance",
                    synonyms: &["academy conversions", "academy"],
                    required: false,
                },
            ],
        }
    }
}

/// What a table kind's columns are called in its reports; `None` for a
/// column the kind does not have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Headings {
    /// The line's name: division, scheme or title.
    pub(crate) name: &'static str,
    /// Budget or opening balance.
    pub(crate) from: &'static str,
    /// Outturn or closing balance.
    pub(crate) to: &'static str,
    /// The variance, to − from.
    pub(crate) variance: &'static str,
    /// The figure of the last report.
    pub(crate) previous: Option<&'static str>,
    /// The change since the last report.
    pub(crate) movement: Option<&'static str>,
    /// School balances: the in-year part of the variance.
    pub(crate) in_year: Option<&'static str>,
    /// School balances: the part due to academy conversions.
    pub(crate) academy: Option<&'static str>,
}

/// The heading "% of budget", the same in every report.
pub(crate) const PCT_HEADING: &str = "% of budget";

const GROUP: usize = 0;
const NAME: usize = 1;
/// Slot of the budget or opening-balance column.
pub(crate) const FROM: usize = 2;
/// Slot of the outturn or closing-balance column.
pub(crate) const TO: usize = 3;
const PREVIOUS: usize = 4;
const REASON: usize = 5;
/// Slot of a printed variance column.
pub(crate) const VARIANCE: usize = 6;
const PCT: usize = 7;
/// Slot of the school balances' in-year variance column.
pub(crate) const IN_YEAR: usize = 8;
/// Slot of the school balances' academy variance column.
pub(crate) const ACADEMY: usize = 9;

/// An amount read from a cell, with the cell.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    /// The amount.
    pub(crate) value: Money,
    /// Where it was read.
    pub(crate) origin: Origin,
}

/// One line of a finance table.
#[derive(Debug, Clone)]
pub(crate) struct BudgetLine {
    /// Section (Spending Increases, Schools …).
    pub(crate) group: Option<String>,
    /// Division, scheme or title.
    pub(crate) name: String,
    /// Approved budget or opening balance.
    pub(crate) from: Figure,
    /// Forecast outturn or forecast closing balance.
    pub(crate) to: Figure,
    /// Revenue: the variance forecast in the last report; capital: the outturn forecast then.
    pub(crate) previous: Option<Figure>,
    /// Why it varies.
    pub(crate) reason: Option<String>,
    /// School balances: the in-year part of the variance.
    pub(crate) in_year: Option<Figure>,
    /// School balances: the part due to academy conversions.
    pub(crate) academy: Option<Figure>,
    /// A printed variance, to reconcile.
    pub(crate) printed_variance: Option<Figure>,
    /// A printed percentage, to reconcile.
    pub(crate) printed_pct: Option<(String, Origin)>,
}

impl BudgetLine {
    /// The line's variance: outturn less budget, or closing less opening
    /// balance. + is an overspend (or a balance that grows).
    pub(crate) fn variance(&self) -> Money {
        self.to.value - self.from.value
    }
}

/// A printed total row, kept only to be reconciled.
#[derive(Debug, Clone)]
pub(crate) struct PrintedTotal {
    /// The label as printed.
    pub(crate) label: String,
    /// The group it totals; `None` for the grand total.
    pub(crate) group: Option<String>,
    /// Printed amounts by slot (`FROM`, `TO`, `VARIANCE`, …).
    pub(crate) figures: Vec<(usize, Figure)>,
}

/// One table of the book.
#[derive(Debug, Clone)]
pub(crate) struct FinanceTable {
    /// Which table.
    pub(crate) kind: TableKind,
    /// The lines in sheet order.
    pub(crate) lines: Vec<BudgetLine>,
    /// Printed total rows.
    pub(crate) totals: Vec<PrintedTotal>,
}

/// A budget book.
#[derive(Debug, Clone)]
pub(crate) struct BudgetBook {
    /// The unit of every amount.
    pub(crate) units: Units,
    /// The tables present, in report order.
    pub(crate) tables: Vec<FinanceTable>,
    /// A pasted-in reasons table (sheet `Reasons`), kept only to be reconciled with the revenue table.
    pub(crate) reasons: Vec<ReasonRow>,
}

/// One row of a printed reasons table: a division, its variance and why.
#[derive(Debug, Clone)]
pub(crate) struct ReasonRow {
    /// The division as printed there (often abbreviated).
    pub(crate) name: String,
    /// The variance printed beside it.
    pub(crate) variance: Figure,
}

const REASON_COLUMNS: &[Column] = &[
    Column {
        name: "division",
        synonyms: &["division of service", "service", "line", "name"],
        required: true,
    },
    Column {
        name: "variance",
        synonyms: &[
            "forecast over underspend",
            "over underspend",
            "variance",
            "forecast overspend underspend",
        ],
        required: true,
    },
];

/// Reads the optional `Reasons` sheet of a workbook.
fn read_reasons(path: &Path, display: &str, diags: &mut Diagnostics) -> Vec<ReasonRow> {
    let grid = match read_grid_or_absent(path, display, "Reasons") {
        Ok(g) => g,
        Err(ReadError::NoSheet(_)) => return Vec::new(),
        Err(ReadError::Unreadable(d)) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let table = match Table::from_grid(grid, REASON_COLUMNS) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    diags.extend(table.notes.iter().cloned());
    let mut rows = Vec::new();
    for (row, cells) in &table.rows {
        let name = table.get(cells, 0).text();
        let origin = table.origin_of(*row, 1);
        let cell = table.get(cells, 1);
        // A pasted table's failed formula or date is not a figure to check.
        if matches!(cell, Cell::Error(_) | Cell::Date(..)) {
            continue;
        }
        match read_amount(cell) {
            Ok(Some(value)) if !name.is_empty() => {
                rows.push(ReasonRow { name, variance: Figure { value, origin } })
            }
            Ok(_) => {}
            Err(e) => diags.error(Some(origin), e),
        }
    }
    rows
}

/// The amounts of one row, each with its cell; `None` where not given.
struct Amounts {
    from: Option<Figure>,
    to: Option<Figure>,
    previous: Option<Figure>,
    printed_variance: Option<Figure>,
    in_year: Option<Figure>,
    academy: Option<Figure>,
}

/// Every amount of a row; `None` if any cell is not an amount (each reported).
fn read_amounts(table: &Table, row: u32, cells: &[Cell], diags: &mut Diagnostics) -> Option<Amounts> {
    let mut ok = true;
    let mut amount = |slot: usize| -> Option<Figure> {
        if !table.has(slot) {
            return None;
        }
        let origin = table.origin_of(row, slot);
        match read_amount(table.get(cells, slot)) {
            Ok(value) => value.map(|value| Figure { value, origin }),
            Err(e) => {
                diags.error(Some(origin), e);
                ok = false;
                None
            }
        }
    };
    let amounts = Amounts {
        from: amount(FROM),
        to: amount(TO),
        previous: amount(PREVIOUS),
        printed_variance: amount(VARIANCE),
        in_year: amount(IN_YEAR),
        academy: amount(ACADEMY),
    };
    ok.then_some(amounts)
}

/// Whether the row named `name` is a printed total, and of which group:
/// `Some(None)` for the whole table. A group total must name a group already
/// read ("Schools total"), so a line called "Total Facilities Management"
/// stays a line, with a warning.
fn total_of(
    name: &str,
    group_cell: Option<String>,
    lines: &[BudgetLine],
    origin: Origin,
    diags: &mut Diagnostics,
) -> Option<Option<String>> {
    let label = total_label(name);
    let total = label.clone().and_then(|stem| match stem {
        None => Some(group_cell),
        Some(stem) => lines
            .iter()
            .filter_map(|l| l.group.as_ref())
            .find(|g| normalise_header(g) == normalise_header(&stem))
            .map(|g| Some(g.clone())),
    });
    if total.is_none() && label.is_some() {
        diags.warning(
            Some(origin),
            format!(
                "{name}: read as a line, since no group above is called that; a total row is \"Total\" or \"<group> total\""
            ),
        );
    }
    total
}

/// Reports a line with its budget (`from_blank`) or outturn left blank.
fn blank_amount(table: &Table, row: u32, name: &str, from_blank: bool, diags: &mut Diagnostics) {
    let slot = if from_blank { FROM } else { TO };
    let header = table.headers.get(table.columns[slot].unwrap_or(0)).map_or("amount", |h| h.as_str());
    diags.error(
        Some(table.origin_of(row, slot)),
        format!("{name}: blank amount (write 0 for a zero {header})"),
    );
}

/// What an amount cell holds: an amount, or nothing when it is blank or says
/// so ("-", "–", "—", "n/a"). Every amount of a book, in every table and the
/// reasons sheet, is read here.
fn read_amount(cell: &Cell) -> Result<Option<Money>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Money::from_f64(*n)
            .map(Some)
            .ok_or_else(|| format!("{n:e} is too large to be an amount (more than a trillion)")),
        Cell::Text(t) if NOT_GIVEN.contains(&t.trim().to_lowercase().as_str()) => Ok(None),
        Cell::Text(t) => Money::parse(t).map(Some),
        other => Err(format!("{} where an amount was expected", other.text())),
    }
}

/// What people type in an amount cell to mean "not given".
const NOT_GIVEN: [&str; 6] = ["", "-", "\u{2013}", "\u{2014}", "n/a", "na"];

/// Reads a budget book. `units` overrides the unit found in the headers.
pub(crate) fn read_book(
    path: &Path,
    display: &str,
    units: Option<Units>,
    diags: &mut Diagnostics,
) -> Option<BudgetBook> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let kinds: &[TableKind] = if ext == "csv" { &[TableKind::Revenue] } else { &TableKind::ALL };
    let mut tables = Vec::new();
    let mut found_units = None;
    for &kind in kinds {
        let grid = match read_grid_or_absent(path, display, kind.sheet()) {
            Ok(g) => g,
            // Any of the four tables may be absent; a book with none is reported below.
            Err(ReadError::NoSheet(_)) => continue,
            Err(ReadError::Unreadable(d)) => {
                diags.push(d);
                return None;
            }
        };
        let table = match Table::from_grid(grid, &kind.columns()) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        diags.extend(table.notes.iter().cloned());
        for h in &table.headers {
            found_units = found_units.or_else(|| Units::from_header(h));
        }
        tables.push(read_table(kind, &table, diags));
    }
    if tables.is_empty() && diags.error_count() == 0 {
        let sheets = TableKind::ALL.map(TableKind::sheet).join(", ");
        let origin = Some(Origin::file(display));
        diags.error(origin, format!("has none of the finance sheets {sheets}"));
        return None;
    }
    if !tables.is_empty() && tables.iter().all(|t| t.lines.is_empty()) {
        // Headers alone, or only a total: the PDF would be an empty table.
        diags.error(Some(Origin::file(display)), "has no budget lines, only headings or totals");
    }
    let reasons = if ext == "csv" { Vec::new() } else { read_reasons(path, display, diags) };
    Some(BudgetBook { units: units.or(found_units).unwrap_or(Units::Gbp), tables, reasons })
}

/// Whether a label marks a total row: "Total", "Total Schools", "Schools total".
/// Words that may qualify a grand total: "Grand total", "Net total".
const TOTAL_QUALIFIERS: [&str; 6] = ["", "grand", "net", "overall", "sub", "sub-"];

/// What a label says of itself: a total row of the whole table (`Some(None)`),
/// of a group (`Some(Some(stem))`: "Schools total", "Total Schools"), or not a
/// total (`None`). "Total" must be a word of its own: "Totally Local" is a line.
fn total_label(label: &str) -> Option<Option<String>> {
    let l = label.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let stem = ["totals", "total"]
        .iter()
        .find_map(|t| l.strip_suffix(t).filter(|s| s.is_empty() || s.ends_with(' ')))
        .or_else(|| ["totals ", "total "].iter().find_map(|t| l.strip_prefix(t)))
        .or_else(|| (l == "subtotal" || l == "sub-total").then_some(""))?
        .trim()
        .trim_end_matches(':');
    Some((!TOTAL_QUALIFIERS.contains(&stem)).then(|| stem.to_string()))
}

fn read_table(kind: TableKind, table: &Table, diags: &mut Diagnostics) -> FinanceTable {
    let mut lines: Vec<BudgetLine> = Vec::new();
    let mut totals = Vec::new();
    let mut heading: Option<String> = None;
    // Line names already read, by group and normalised name: the row each was first on.
    let mut seen: FxHashMap<(Option<String>, String), u32> = FxHashMap::default();
    for (row, cells) in &table.rows {
        let row = *row;
        let text = |slot: usize| Some(table.get(cells, slot).text()).filter(|t| !t.is_empty());
        let Some(Amounts { from, to, previous, printed_variance, in_year, academy }) =
            read_amounts(table, row, cells, diags)
        else {
            continue;
        };
        let group = text(GROUP).or_else(|| heading.clone());
        let Some(name) = text(NAME) else {
            if from.is_some() || to.is_some() || printed_variance.is_some() {
                diags.error(
                    Some(table.origin_of(row, NAME)),
                    "row has amounts but no name: label a total row \"Total\" (or \"<group> total\")",
                );
            }
            continue;
        };
        crate::render::world::report_undrawable(&name, Some(table.origin_of(row, NAME)), "name", diags);
        check_length(&name, MAX_LABEL_CHARS, "the name", table.origin_of(row, NAME), diags);
        if let Some(reason) = text(REASON) {
            check_length(
                &reason,
                MAX_NOTE_CHARS,
                &format!("{name}: the reason"),
                table.origin_of(row, REASON),
                diags,
            );
        }
        let total = total_of(&name, text(GROUP), &lines, table.origin_of(row, NAME), diags);
        if let Some(group) = total {
            let figures = [
                (FROM, from),
                (TO, to),
                (VARIANCE, printed_variance),
                (IN_YEAR, in_year),
                (ACADEMY, academy),
            ]
            .into_iter()
            .filter_map(|(slot, f)| f.map(|f| (slot, f)))
            .collect();
            totals.push(PrintedTotal { label: name, group, figures });
            continue;
        }
        let (Some(from), Some(to)) = (from.clone(), to.clone()) else {
            // A pasted table's heading row ("Spending Increases") has no amounts at all.
            if from.is_none() && to.is_none() && printed_variance.is_none() && !table.has(GROUP) {
                heading = Some(name);
            } else {
                blank_amount(table, row, &name, from.is_none(), diags);
            }
            continue;
        };
        let key = (group.clone(), normalise_header(&name));
        if let Some(first) = seen.get(&key) {
            diags.error(
                Some(table.origin_of(row, NAME)),
                format!("{name} is listed twice (first on row {})", first + 1),
            );
            continue;
        }
        seen.insert(key, row);
        if kind.is_rated() && from.value.is_negative() {
            diags.warning(
                Some(from.origin.clone()),
                format!("{name}: negative budget {} (an income line?)", from.value),
            );
        }
        let printed_pct = table
            .has(PCT)
            .then(|| table.get(cells, PCT).text())
            .filter(|t| !t.is_empty() && t != "-")
            .map(|t| (t, table.origin_of(row, PCT)));
        lines.push(BudgetLine {
            group,
            name,
            from,
            to,
            previous,
            reason: text(REASON),
            in_year,
            academy,
            printed_variance,
            printed_pct,
        });
    }
    FinanceTable { kind, lines, totals }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_cells_are_read_one_way_everywhere() {
        for blank in ["", " ", "-", "–", "—", "n/a", "N/A", "na"] {
            assert_eq!(read_amount(&Cell::Text(blank.into())), Ok(None), "{blank:?}");
        }
        assert_eq!(read_amount(&Cell::Empty), Ok(None));
        assert_eq!(read_amount(&Cell::Text("(0.559)".into())), Ok(Some(Money::parse("-0.559").unwrap())));
        assert_eq!(read_amount(&Cell::Number(2.5)), Ok(Some(Money::parse("2.5").unwrap())));
        assert!(read_amount(&Cell::Text("0,559".into())).is_err());
        assert!(read_amount(&Cell::Number(1e30)).unwrap_err().contains("too large"));
    }

    #[test]
    fn totals_are_told_from_lines_by_their_labels() {
        let group = |s: &str| Some(Some(s.to_string()));
        assert_eq!(total_label("Total"), Some(None));
        assert_eq!(total_label("  GRAND   total "), Some(None));
        assert_eq!(total_label("Net total"), Some(None));
        assert_eq!(total_label("Subtotal"), Some(None));
        assert_eq!(total_label("Schools total"), group("schools"));
        assert_eq!(total_label("Total Children's Services"), group("children's services"));
        assert_eq!(total_label("Spending Increases totals"), group("spending increases"));
        // Whether a stem is a group is for the reader: these are lines.
        assert_eq!(total_label("Totally Local Company grant"), None);
        assert_eq!(total_label("Subtotalling service"), None);
        assert_eq!(total_label("Teetotal outreach"), None);
    }
}
