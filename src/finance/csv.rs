//! The revenue variance table as CSV, in the finance contract's columns.

use crate::finance::variance::{RowKind, VarianceRow, VarianceTable};
use crate::render::csv::neutralise;

/// The contract's columns.
const HEADER: [&str; 11] = [
    "row",
    "group",
    "division",
    "approved_budget",
    "forecast_outturn",
    "variance",
    "variance_pct",
    "previous_variance",
    "movement",
    "rag",
    "reason",
];

/// One row of the CSV contract; text cells neutralised, amounts as plain decimals.
fn record(r: &VarianceRow, pct_decimals: u32) -> [String; 11] {
    let money = |m: Option<crate::finance::money::Money>| m.map(|m| m.fixed(3)).unwrap_or_default();
    [
        match r.row {
            RowKind::Line => "line",
            RowKind::Subtotal => "subtotal",
            RowKind::Total => "total",
        }
        .to_string(),
        neutralise(r.group.as_deref().unwrap_or("")),
        neutralise(&r.name),
        r.from.fixed(3),
        r.to.fixed(3),
        r.variance.fixed(3),
        r.variance_pct.map_or("n/a".to_string(), |p| format!("{:.*}", pct_decimals as usize, p)),
        money(r.previous),
        money(r.movement),
        r.rag.key().to_string(),
        neutralise(r.reason.as_deref().unwrap_or("")),
    ]
}

/// One row per line, then the subtotals, then the total.
pub(crate) fn variance_to_csv(table: &VarianceTable, pct_decimals: u32) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for r in table.lines.iter().chain(&table.subtotals).chain(std::iter::once(&table.total)) {
        w.write_record(record(r, pct_decimals))?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
