//! The plan as CSV, in the contract's columns: one row per action with its
//! stated and derived status and whether it is overdue.

use super::plan::Plan;
use super::rules::Assessed;
use crate::render::csv::neutralise;

/// The contract's columns (DESIGN.md).
const HEADER: [&str; 11] = [
    "ref",
    "key_area",
    "action",
    "due",
    "due_date",
    "lead",
    "status",
    "derived_status",
    "overdue",
    "kpi_ref",
    "update",
];

/// Serialises the plan and what the rules made of it.
pub(crate) fn actions_to_csv(plan: &Plan, assessed: &[Assessed]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    let word = |s: Option<usize>| s.map_or("", |s| &plan.key.statuses[s].word);
    for (a, r) in plan.actions.iter().zip(assessed) {
        w.write_record([
            a.reference.clone(),
            neutralise(&a.key_area),
            neutralise(&a.text),
            neutralise(&a.due),
            a.due_date.map_or(String::new(), |(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            neutralise(&a.lead),
            word(a.status).to_string(),
            word(r.derived).to_string(),
            r.overdue.to_string(),
            neutralise(&a.kpi_ref),
            neutralise(&a.update),
        ])?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
