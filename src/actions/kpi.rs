//! Actions linked to the scorecard: each `kpi_ref` must be an indicator of
//! the linked workspace, whose latest value and RAG are printed beside it.

use super::plan::Plan;
use crate::core::diag::Diagnostics;
use crate::scorecard::format::format_value;
use crate::scorecard::metrics::Metrics;

/// For each action, its indicators as printed: "CSC01 74.2% · Red". An id
/// the workspace does not have is an error at the action's KPI cell.
pub(crate) fn link(plan: &Plan, metrics: &Metrics, diags: &mut Diagnostics) -> Vec<String> {
    plan.actions
        .iter()
        .map(|a| {
            let mut shown = Vec::new();
            for id in a.kpis() {
                match metrics.indicators.iter().find(|m| m.id.eq_ignore_ascii_case(id)) {
                    Some(m) => {
                        let latest = m
                            .latest
                            .as_ref()
                            .map_or("no value".to_string(), |l| format_value(l.value, m.unit, m.decimals));
                        shown.push(format!("{} {latest} · {}", m.id, m.rag.word()));
                    }
                    None => diags.error(
                        Some(a.kpi_origin.clone()),
                        format!(
                            "action {}: KPI {id} is not an indicator of the linked scorecard",
                            a.reference
                        ),
                    ),
                }
            }
            shown.join("; ")
        })
        .collect()
}
