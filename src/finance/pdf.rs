//! The variance report's view (the finance tables with signed figures,
//! ruled totals, RAG by letter and colour, the reasons table and the RAG
//! key), and its PDF; `html.rs` prints the same view as a web page.

use serde::Serialize;

use crate::core::diag::{Diagnostics, Origin};
use crate::core::rag::Rag;
use crate::finance::book::{BudgetBook, TableKind, Units, PCT_HEADING};
use crate::finance::format::{format_amount, money_text};
use crate::finance::variance::{RowKind, VarianceBook, VarianceRow, VarianceTable};
use crate::render::format::{format_date, format_signed};
use crate::render::measure::{text_em, widest_texts, Widest};
use crate::render::pdf::compile_pdf;
use crate::render::world::{estimate_em, DocumentWorld};

/// The most budget lines a PDF is typeset for. Measured on this project's
/// bench machine: 10,000 lines make 304 pages in 6.5 s at 0.79 GB; 100,000
/// took 10.7 GB. The CSV and XLSX outputs have no such limit.
pub(crate) const MAX_PDF_LINES: usize = 10_000;

/// Refuses a book too long to typeset as a PDF on a council laptop, saying
/// what to do instead.
pub(crate) fn check_pdf_size(book: &BudgetBook, display: &str, diags: &mut Diagnostics) {
    let lines: usize = book.tables.iter().map(|t| t.lines.len()).sum();
    if lines > MAX_PDF_LINES {
        diags.error(
            Some(Origin::file(display)),
            format!(
                "{lines} budget lines is more than a PDF is made for ({MAX_PDF_LINES}): write --out .csv or .xlsx, or split the book"
            ),
        );
    }
}
/// What the report's heading says.
pub(crate) struct Report<'a> {
    /// Title.
    pub(crate) title: &'a str,
    /// Council.
    pub(crate) organisation: &'a str,
    /// "Position at 31 January 2014".
    pub(crate) position: Option<&'a str>,
    /// Date produced.
    pub(crate) date: (i32, u8, u8),
}

/// What the variance templates receive: the typst one as `/data.json`, the
/// HTML one as `d`.
#[derive(Serialize)]
pub(crate) struct View {
    title: String,
    organisation: String,
    position: String,
    produced: String,
    key: Vec<String>,
    tables: Vec<TableView>,
}

/// One finance table as the template sets it, with the texts it measures.
#[derive(Serialize)]
struct TableView {
    title: &'static str,
    headline: String,
    headings: Vec<String>,
    /// The texts that may set each figure column's width (every column after
    /// the names), for the template to measure.
    widest: Vec<ColumnTexts>,
    /// The first column's texts that may be the widest, by how they are set.
    names: NameTexts,
    has_rag: bool,
    rows: Vec<RowView>,
    reasons: Vec<ReasonView>,
    /// The reasons table's texts that may be the widest, by column.
    reasons_widest: ReasonsWidest,
}

/// One row of the reasons table, with the widths of its wrapping cells as
/// `text_em` gives them.
#[derive(Serialize)]
struct ReasonView {
    line: String,
    variance: String,
    reason: String,
    line_em: f64,
    reason_em: f64,
}

/// The reasons table's texts that may be the widest, by column.
#[derive(Serialize)]
struct ReasonsWidest {
    line: Widest,
    variance: Widest,
}

/// The texts of one column that may set its width: the widest cells (set in
/// bold, as totals are), the heading on one line, and its longest word.
#[derive(Serialize)]
struct ColumnTexts {
    cells: Widest,
    heading: String,
    word: String,
}

/// The first column's widest texts: line names, bold total names, group headings.
#[derive(Serialize)]
struct NameTexts {
    lines: Widest,
    totals: Widest,
}

/// One row of a finance table as the template sets it.
#[derive(Serialize)]
struct RowView {
    kind: RowViewKind,
    /// The line's, group's or total's name.
    name: String,
    /// The amounts and percentages after the name, in column order.
    figures: Vec<String>,
    rag: Rag,
    rag_letter: &'static str,
    /// The rating in a word, where the row has one.
    rag_word: &'static str,
    /// The name's width estimate in ems (`text_em`), for the template to
    /// tell one-line rows from those it must measure.
    em: f64,
}

/// What a row of a finance table is, which decides how it is set.
#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum RowViewKind {
    /// A group's name above its lines.
    Heading,
    /// A budget line.
    Line,
    /// A group's subtotal.
    Subtotal,
    /// The table's total.
    Total,
}

/// "overspend", "underspend" or "" for a revenue or capital variance; balances rise and fall.
fn word(kind: TableKind, v: &VarianceRow) -> &'static str {
    let balance = kind.is_balance();
    match (v.variance.is_negative(), v.variance.round(3) == crate::finance::money::Money::ZERO, balance) {
        (_, true, _) => "",
        (false, _, false) => "overspend",
        (true, _, false) => "underspend",
        (false, _, true) => "increase",
        (true, _, true) => "decrease",
    }
}

/// A line, subtotal or total as printed: signed figures, the overspend word, RAG.
fn row_view(kind: TableKind, v: &VarianceRow, pct_decimals: u32) -> RowView {
    let opt = |m: Option<crate::finance::money::Money>| m.map_or(String::new(), |m| money_text(m, true));
    let pct = v.variance_pct.map_or("n/a".to_string(), |p| format_signed(p, pct_decimals));
    let variance = match word(kind, v) {
        "" => money_text(v.variance, true),
        w => format!("{} {w}", money_text(v.variance, true)),
    };
    let mut figures = vec![money_text(v.from, false), money_text(v.to, false), variance];
    if kind.is_rated() {
        figures.push(pct);
        figures.push(opt(v.movement));
    } else if kind.has_variance_parts() {
        figures.push(opt(v.in_year));
        figures.push(opt(v.academy));
    }
    RowView {
        kind: match v.row {
            RowKind::Line => RowViewKind::Line,
            RowKind::Subtotal => RowViewKind::Subtotal,
            RowKind::Total => RowViewKind::Total,
        },
        em: text_em(&v.name, v.row != RowKind::Line),
        name: v.name.clone(),
        figures,
        rag: v.rag,
        rag_letter: v.rag.letter_or_blank(),
        rag_word: if v.rag.letter_or_blank().is_empty() { "" } else { v.rag.word() },
    }
}

/// A table's headings, rows in report order, headline and reasons.
fn table_view(t: &VarianceTable, units: Units, pct_decimals: u32) -> TableView {
    let unit = units.label();
    let money = |h: &str| format!("{h} {unit}");
    let h = t.kind.headings();
    let mut headings = vec![h.name.to_string(), money(h.from), money(h.to), money(h.variance)];
    if t.kind.is_rated() {
        headings.push(PCT_HEADING.into());
        headings.extend(h.movement.map(money));
        headings.push("RAG".into());
    } else {
        headings.extend([h.in_year, h.academy].into_iter().flatten().map(money));
    }
    let mut rows: Vec<RowView> = Vec::new();
    for section in t.sections() {
        if let Some(sub) = section.subtotal {
            let group = sub.group.clone().unwrap_or_default();
            rows.push(RowView {
                kind: RowViewKind::Heading,
                em: text_em(&group, true),
                name: group,
                figures: Vec::new(),
                rag: Rag::None,
                rag_letter: "",
                rag_word: "",
            });
        }
        rows.extend(section.lines.iter().map(|line| row_view(t.kind, line, pct_decimals)));
        rows.extend(section.subtotal.map(|sub| row_view(t.kind, sub, pct_decimals)));
    }
    rows.push(row_view(t.kind, &t.total, pct_decimals));
    let headline = net_headline(&t.total, t.kind, units);
    let reasons: Vec<ReasonView> = t
        .reasons
        .iter()
        .map(|&i| {
            let l = &t.lines[i];
            let reason = l.reason.clone().unwrap_or_else(|| "No reason given".to_string());
            ReasonView {
                line_em: text_em(&l.name, false),
                reason_em: text_em(&reason, false),
                line: l.name.clone(),
                variance: money_text(l.variance, true),
                reason,
            }
        })
        .collect();
    let has_rag = t.kind.is_rated();
    let widest: Vec<ColumnTexts> = (1..headings.len())
        .map(|col| {
            let cells = rows.iter().filter_map(|r| r.figures.get(col - 1));
            let heading = &headings[col];
            ColumnTexts {
                cells: widest_texts(cells, true),
                heading: heading.clone(),
                word: heading
                    .split(' ')
                    .max_by(|a, b| estimate_em(a, true).total_cmp(&estimate_em(b, true)))
                    .unwrap_or_default()
                    .to_string(),
            }
        })
        .collect();
    let names_of = |kinds: &[RowViewKind], bold: bool| {
        widest_texts(rows.iter().filter(|r| kinds.contains(&r.kind)).map(|r| &r.name), bold)
    };
    let names = NameTexts {
        lines: names_of(&[RowViewKind::Line], false),
        totals: names_of(&[RowViewKind::Subtotal, RowViewKind::Total], true),
    };
    let reasons_widest = ReasonsWidest {
        line: widest_texts(reasons.iter().map(|r| &r.line), false),
        variance: widest_texts(reasons.iter().map(|r| &r.variance), true),
    };
    TableView {
        title: t.kind.title(),
        headline,
        headings,
        widest,
        names,
        has_rag,
        rows,
        reasons,
        reasons_widest,
    }
}

/// The sentence summing up a table: "Net forecast overspend of £1.126m or 1.5% of budget."
/// The percentage carries one decimal, as "£1.126 million or 0.6%" in the seeds.
pub(crate) fn net_headline(total: &VarianceRow, kind: TableKind, units: Units) -> String {
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

/// The variance report's view of `book`: what both its templates print.
pub(crate) fn view(book: &VarianceBook, report: &Report) -> View {
    let t = &book.thresholds;
    let unit = book.units.label();
    let key = vec![
        format!("R · Red: overspend of {}% of budget or more, or {} {unit} or more.", t.red_pct, money_text(t.red_amount, false)),
        format!("A · Amber: overspend of {}% or more, or {} {unit} or more.", t.amber_pct, money_text(t.amber_amount, false)),
        "G · Green: underspend, balanced, or a smaller overspend.".to_string(),
        format!("+ is an overspend (outturn above budget), − an underspend. Percentages are rounded half away from zero; n/a where the budget is 0.000. Reasons are listed for variances of {} {unit} or more either way.", money_text(t.reason_amount, false)),
    ];
    View {
        title: report.title.to_string(),
        organisation: report.organisation.to_string(),
        position: report.position.unwrap_or("").to_string(),
        produced: format_date(report.date),
        key,
        tables: book.tables.iter().map(|t| table_view(t, book.units, book.thresholds.pct_decimals)).collect(),
    }
}

/// Renders the variance report.
pub(crate) fn render_variance(book: &VarianceBook, report: &Report) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("variance.typ", None, report.date)?;
    world.add_file("/data.json", serde_json::to_vec(&view(book, report))?);
    Ok(compile_pdf(&world, &format!("{}|{}", report.organisation, report.title), report.date)?)
}
