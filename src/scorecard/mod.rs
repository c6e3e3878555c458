//! The performance scorecard: the workspace model and its loading, the
//! metrics (RAG, direction, rank, intervals, SPC), the view the typst and
//! HTML templates receive, and the PDF, web page and machine-readable outputs.

pub(crate) mod batch;
pub(crate) mod csv;
pub(crate) mod format;
pub(crate) mod html;
pub(crate) mod metrics;
pub(crate) mod model;
pub(crate) mod national;
pub(crate) mod pdf;
pub(crate) mod view;

use std::path::Path;

use crate::core::diag::Diagnostics;
use crate::finance::book::{read_book, BudgetBook};
use model::Dataset;

/// Reads a workspace and the budget book its `[data] budget` names, with the
/// problems of both; the dataset is only fit to use when there are no errors.
pub(crate) fn load_with_budget(
    path: &Path,
    period: Option<&str>,
) -> (Option<Dataset>, Option<BudgetBook>, Diagnostics) {
    let (dataset, mut diags) = model::load(path, period);
    let budget = dataset.as_ref().and_then(|d| {
        let file = d.workspace.config.data.budget.as_ref()?;
        read_book(&d.workspace.resolve(file), &d.workspace.display(file), None, &mut diags)
    });
    (dataset, budget, diags)
}
