//! The finance document: budget books (revenue, capital, reserves, school
//! balances) read with exact money arithmetic, their variance tables and
//! reconciliation, and the outputs: PDF, CSV, XLSX and the scorecard's
//! finance summary page.

pub(crate) mod book;
pub(crate) mod csv;
pub(crate) mod format;
pub(crate) mod html;
pub(crate) mod money;
pub(crate) mod pdf;
pub(crate) mod summary;
pub(crate) mod variance;
pub(crate) mod xlsx;

use crate::core::diag::Diagnostics;
use book::{read_book, BudgetBook, Units};

/// Reads a budget book and collects its problems for the caller to print; `None` if it could not be read at all.
pub(crate) fn load_book(
    path: &std::path::Path,
    units_arg: Option<Units>,
) -> (Option<BudgetBook>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let book = read_book(path, &path.display().to_string(), units_arg, &mut diags);
    (book, diags)
}
