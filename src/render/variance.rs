//! The variance report PDF: the finance tables with signed figures, ruled
//! totals, RAG by letter and colour, the reasons table and the RAG key.

use serde::Serialize;

use super::format::{format_amount, format_date, format_signed};
use super::pdf::compile_pdf;
use super::world::{estimate_em, DocumentWorld};
use crate::metrics::rag::Rag;
use crate::metrics::variance::{RowKind, VarianceBook, VarianceRow, VarianceTable};
use crate::model::budget::{TableKind, Units};

/// What the report's heading says.
pub struct Report<'a> {
    /// Title.
    pub title: &'a str,
    /// Council.
    pub organisation: &'a str,
    /// "Position at 31 January 2014".
    pub position: Option<&'a str>,
    /// Date produced.
    pub date: (i32, u8, u8),
}

#[derive(Serialize)]
struct View {
    title: String,
    organisation: String,
    position: String,
    produced: String,
    key: Vec<String>,
    tables: Vec<TableView>,
}

#[derive(Serialize)]
struct TableView {
    title: &'static str,
    headline: String,
    headings: Vec<String>,
    /// The texts that may set each column's width, for the template to measure.
    widest: Vec<ColumnTexts>,
    /// The first column's texts that may be the widest, by how they are set.
    names: NameTexts,
    has_rag: bool,
    /// The rows, in parts that each start a page (see `split_parts`).
    parts: Vec<Vec<RowView>>,
    /// The reasons table, in parts the same way.
    reasons: Vec<Vec<[String; 3]>>,
    /// The reasons table's texts that may be the widest, by column.
    reasons_widest: [Vec<String>; 3],
}

/// The texts of one column that may set its width: the widest cells (set in
/// bold, as totals are), the heading on one line, and its longest word.
#[derive(Serialize)]
struct ColumnTexts {
    cells: Vec<String>,
    heading: String,
    word: String,
}

/// The first column's widest texts: line names, bold total names, group headings.
#[derive(Serialize)]
struct NameTexts {
    lines: Vec<String>,
    totals: Vec<String>,
    groups: Vec<String>,
}

/// A part of a long table starts a new page at the first group heading after this many rows.
const PART_ROWS: usize = 50;
/// A part longer than this starts a new page even within a group.
const MAX_PART_ROWS: usize = 200;
/// At most this many texts per column are measured by the template.
const SHORTLIST: usize = 32;
/// Rows of the reasons table per part.
const REASON_PART_ROWS: usize = 60;

#[derive(Serialize)]
struct RowView {
    kind: &'static str,
    cells: Vec<String>,
    rag: Rag,
    rag_letter: &'static str,
}

fn title(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Revenue => "Revenue budget",
        TableKind::Capital => "Capital programme",
        TableKind::Reserves => "Reserves and provisions",
        TableKind::SchoolBalances => "School balances",
    }
}

/// "overspend", "underspend" or "" for a revenue or capital variance; balances rise and fall.
fn word(kind: TableKind, v: &VarianceRow) -> &'static str {
    let balance = matches!(kind, TableKind::Reserves | TableKind::SchoolBalances);
    match (v.variance.is_negative(), v.variance.round(3) == crate::model::money::Money::ZERO, balance) {
        (_, true, _) => "",
        (false, _, false) => "overspend",
        (true, _, false) => "underspend",
        (false, _, true) => "increase",
        (true, _, true) => "decrease",
    }
}

fn row_view(kind: TableKind, v: &VarianceRow, pct_decimals: u32) -> RowView {
    let opt = |m: Option<crate::model::money::Money>| m.map_or(String::new(), |m| m.signed(3));
    let pct = v.variance_pct.map_or("n/a".to_string(), |p| format_signed(p, pct_decimals));
    let variance = match word(kind, v) {
        "" => v.variance.signed(3),
        w => format!("{} {w}", v.variance.signed(3)),
    };
    let mut cells = vec![v.name.clone(), v.from.fixed(3), v.to.fixed(3), variance];
    match kind {
        TableKind::Revenue | TableKind::Capital => {
            cells.push(pct);
            cells.push(opt(v.movement));
        }
        TableKind::Reserves => {}
        TableKind::SchoolBalances => {
            cells.push(opt(v.in_year));
            cells.push(opt(v.academy));
        }
    }
    RowView {
        kind: match v.row {
            RowKind::Line => "line",
            RowKind::Subtotal => "subtotal",
            RowKind::Total => "total",
        },
        cells,
        rag: v.rag,
        rag_letter: if v.rag == Rag::None { "" } else { v.rag.letter() },
    }
}

fn table_view(t: &VarianceTable, units: Units, pct_decimals: u32) -> TableView {
    let unit = units.label();
    let money = |h: &str| format!("{h} {unit}");
    let headings = match t.kind {
        TableKind::Revenue => vec![
            "Division of service".into(),
            money("Approved budget"),
            money("Forecast outturn"),
            money("Forecast +over/−under spend"),
            "% of budget".into(),
            money("Change since last report"),
            "RAG".into(),
        ],
        TableKind::Capital => vec![
            "Scheme".into(),
            money("Approved budget"),
            money("Forecast outturn"),
            money("Variance"),
            "% of budget".into(),
            money("Slippage since last report"),
            "RAG".into(),
        ],
        TableKind::Reserves => {
            vec!["Title".into(), money("Opening balance"), money("Forecast balance"), money("Variance")]
        }
        TableKind::SchoolBalances => vec![
            "Title".into(),
            money("Opening balance"),
            money("Forecast balance"),
            money("Total variance"),
            money("In-year variance"),
            money("Academy variance"),
        ],
    };
    let mut rows: Vec<RowView> = Vec::new();
    for line in t.lines.iter().filter(|l| l.group.is_none()) {
        rows.push(row_view(t.kind, line, pct_decimals));
    }
    for sub in &t.subtotals {
        rows.push(RowView {
            kind: "heading",
            cells: vec![sub.group.clone().unwrap_or_default()],
            rag: Rag::None,
            rag_letter: "",
        });
        for line in t.lines.iter().filter(|l| l.group == sub.group) {
            rows.push(row_view(t.kind, line, pct_decimals));
        }
        rows.push(row_view(t.kind, sub, pct_decimals));
    }
    rows.push(row_view(t.kind, &t.total, pct_decimals));
    let headline = net_headline(&t.total, t.kind, units);
    let reasons: Vec<[String; 3]> = t
        .reasons
        .iter()
        .map(|&i| {
            let l = &t.lines[i];
            [
                l.name.clone(),
                l.variance.signed(3),
                l.reason.clone().unwrap_or_else(|| "No reason given".to_string()),
            ]
        })
        .collect();
    let has_rag = matches!(t.kind, TableKind::Revenue | TableKind::Capital);
    let widest: Vec<ColumnTexts> = (0..headings.len())
        .map(|col| {
            let cells = rows.iter().filter(|r| r.kind != "heading").filter_map(|r| r.cells.get(col));
            let heading = &headings[col];
            ColumnTexts {
                cells: widest_texts(cells, true),
                heading: heading.clone(),
                word: widest_texts(heading.split(' '), true).swap_remove(0),
            }
        })
        .collect();
    let first = |kinds: &'static [&'static str], bold: bool| {
        widest_texts(rows.iter().filter(|r| kinds.contains(&r.kind)).filter_map(|r| r.cells.first()), bold)
    };
    let names = NameTexts {
        lines: first(&["line"], false),
        totals: first(&["subtotal", "total"], true),
        groups: first(&["heading"], true),
    };
    let reasons_widest = [0, 1, 2].map(|col| widest_texts(reasons.iter().map(|r| &r[col]), col == 1));
    TableView {
        title: title(t.kind),
        headline,
        headings,
        widest,
        names,
        has_rag,
        parts: split_parts(rows),
        reasons: reasons.chunks(REASON_PART_ROWS).map(<[_]>::to_vec).collect(),
        reasons_widest,
    }
}

/// The texts that may be the widest as set, for the template to measure
/// exactly: those within a tenth of the widest by `estimate_em`, at most
/// `SHORTLIST`, and never none, so the template always has one to measure.
fn widest_texts<S: AsRef<str>>(texts: impl Iterator<Item = S>, bold: bool) -> Vec<String> {
    let mut sized: Vec<(f64, &str)> = Vec::new();
    let texts: Vec<S> = texts.collect();
    for text in &texts {
        sized.push((estimate_em(text.as_ref(), bold), text.as_ref()));
    }
    sized.sort_by(|a, b| b.0.total_cmp(&a.0));
    let max = sized.first().map_or(0.0, |s| s.0);
    let mut shortlist: Vec<String> =
        sized.iter().take_while(|s| s.0 >= 0.9 * max).take(SHORTLIST).map(|s| s.1.to_string()).collect();
    if shortlist.is_empty() {
        shortlist.push(String::new());
    }
    shortlist
}

/// Splits a long table into parts that each start a new page, so typst lays
/// them out in parallel: a thousand-line book would otherwise be one long
/// serial layout. A part ends at a group heading once it has `PART_ROWS` rows,
/// or within a group at `MAX_PART_ROWS`, where the group's heading is repeated
/// as "(continued)". A table of up to `PART_ROWS` rows stays whole.
fn split_parts(rows: Vec<RowView>) -> Vec<Vec<RowView>> {
    let mut parts = Vec::new();
    let mut part = Vec::new();
    let mut group: Option<String> = None;
    for row in rows {
        if row.kind == "heading" {
            if part.len() >= PART_ROWS {
                parts.push(std::mem::take(&mut part));
            }
            group = row.cells.first().cloned();
        } else if row.kind == "line" && part.len() >= MAX_PART_ROWS {
            parts.push(std::mem::take(&mut part));
            part.extend(group.as_ref().map(|g| RowView {
                kind: "heading",
                cells: vec![format!("{g} (continued)")],
                rag: Rag::None,
                rag_letter: "",
            }));
        }
        part.push(row);
    }
    parts.push(part);
    parts
}

/// The sentence summing up a table: "Net forecast overspend of £1.126m or 1.5% of budget."
/// The percentage carries one decimal, as "£1.126 million or 0.6%" in the seeds.
pub fn net_headline(total: &VarianceRow, kind: TableKind, units: Units) -> String {
    let pct = total
        .variance
        .abs()
        .percent_of(total.from, 1)
        .map(|p| format!(" or {p:.1}% of budget"))
        .unwrap_or_default();
    match word(kind, total) {
        "" => "No net variance.".to_string(),
        w => format!("Net forecast {w} of {}{pct}.", format_amount(total.variance.abs(), units)),
    }
}

/// Renders the variance report.
pub fn render_variance(book: &VarianceBook, report: &Report) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("variance.typ", None, report.date)?;
    let t = &book.thresholds;
    let unit = book.units.label();
    let key = vec![
        format!("R · Red: overspend of {}% of budget or more, or {} {unit} or more.", t.red_pct, t.red_amount.fixed(3)),
        format!("A · Amber: overspend of {}% or more, or {} {unit} or more.", t.amber_pct, t.amber_amount.fixed(3)),
        "G · Green: underspend, balanced, or a smaller overspend.".to_string(),
        format!("+ is an overspend (outturn above budget), − an underspend. Percentages are rounded half away from zero; n/a where the budget is 0.000. Reasons are listed for variances of {} {unit} or more either way.", t.reason_amount.fixed(3)),
    ];
    let view = View {
        title: report.title.to_string(),
        organisation: report.organisation.to_string(),
        position: report.position.unwrap_or("").to_string(),
        produced: format_date(report.date),
        key,
        tables: book.tables.iter().map(|t| table_view(t, book.units, book.thresholds.pct_decimals)).collect(),
    };
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    Ok(compile_pdf(&world, &format!("{}|{}", report.organisation, report.title), report.date)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &'static str, name: &str) -> RowView {
        RowView { kind, cells: vec![name.to_string()], rag: Rag::None, rag_letter: "" }
    }

    /// A table of groups with these numbers of lines, each with its heading and subtotal, then the total.
    fn table(groups: &[usize]) -> Vec<RowView> {
        let mut rows = Vec::new();
        for (g, &lines) in groups.iter().enumerate() {
            rows.push(row("heading", &format!("Group {g}")));
            rows.extend((0..lines).map(|i| row("line", &format!("Line {g}.{i}"))));
            rows.push(row("subtotal", &format!("Group {g} total")));
        }
        rows.push(row("total", "Total"));
        rows
    }

    fn names(part: &[RowView]) -> Vec<&str> {
        part.iter().map(|r| r.cells[0].as_str()).collect()
    }

    #[test]
    fn a_short_table_stays_whole() {
        let parts = split_parts(table(&[10, 20, 15]));
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].len(), 3 + 45 + 3 + 1);
    }

    #[test]
    fn a_long_table_breaks_at_group_headings() {
        // 30 + 2 rows, then 30 + 2 (64 >= 50, so the third group starts a part), ...
        let parts = split_parts(table(&[30, 30, 30, 30]));
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), vec![64, 65]);
        assert_eq!(names(&parts[1])[0], "Group 2");
        assert_eq!(names(&parts[1]).last(), Some(&"Total"));
    }

    #[test]
    fn a_very_long_group_continues_under_its_heading_and_keeps_its_subtotal() {
        let parts = split_parts(table(&[450]));
        let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![200, 200, 55]);
        assert_eq!(names(&parts[1])[..2], ["Group 0 (continued)", "Line 0.199"]);
        assert_eq!(names(&parts[2])[0], "Group 0 (continued)");
        assert_eq!(names(&parts[2])[52..], ["Line 0.449", "Group 0 total", "Total"]);
        // Every row is there once, in order, besides the repeated headings.
        let all: Vec<&str> =
            parts.iter().flat_map(|p| names(p)).filter(|n| !n.ends_with("(continued)")).collect();
        let original = table(&[450]);
        assert_eq!(all, names(&original));
    }

    #[test]
    fn the_widest_texts_are_chosen_by_their_glyphs_not_their_length() {
        assert!(estimate_em("WWWW", false) > estimate_em("iiiiiiii", false));
        assert!(estimate_em("Budget", true) > estimate_em("Budget", false));
        assert_eq!(estimate_em("1111", false), estimate_em("8888", false), "tabular figures");
        let texts = ["iiiiiiiiiii", "WWWWWW", "Mmmmmm", "a"];
        assert_eq!(widest_texts(texts.iter(), false), vec!["WWWWWW", "Mmmmmm"]);
        let many: Vec<String> = (0..100).map(|i| format!("Budget line {i:03}")).collect();
        assert_eq!(widest_texts(many.iter(), false).len(), SHORTLIST);
        assert_eq!(widest_texts(std::iter::empty::<&str>(), true), vec![String::new()]);
    }
}
