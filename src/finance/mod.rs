//! The finance document: budget books (revenue, capital, reserves, school
//! balances) read with exact money arithmetic, their variance tables and
//! reconciliation, and the outputs: PDF, CSV, XLSX and the scorecard's
//! finance summary page.

pub(crate) mod book;
pub(crate) mod csv;
pub(crate) mod format;
pub(crate) mod money;
pub(crate) mod pdf;
pub(crate) mod summary;
pub(crate) mod variance;
pub(crate) mod xlsx;
