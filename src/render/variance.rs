//! The variance report PDF: the finance tables with signed figures, ruled
//! totals, RAG by letter and colour, the reasons table and the RAG key.

use serde::Serialize;

use super::format::{format_amount, format_date};
use super::pdf::compile_pdf;
use super::world::DocumentWorld;
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
    has_rag: bool,
    rows: Vec<RowView>,
    reasons: Vec<[String; 3]>,
}

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
    let pct = v.variance_pct.map_or("n/a".to_string(), |p| {
        let s = format!("{:+.*}", pct_decimals as usize, p);
        s.replace('-', "\u{2212}")
    });
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
    let mut rows = Vec::new();
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
    let reasons = t
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
    TableView { title: title(t.kind), headline, headings, has_rag, rows, reasons }
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
