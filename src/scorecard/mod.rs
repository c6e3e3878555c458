//! The performance scorecard: the workspace model and its loading, the
//! metrics (RAG, direction, rank, intervals, SPC), the view the typst
//! template receives, and the machine-readable outputs.

pub(crate) mod csv;
pub(crate) mod format;
pub(crate) mod metrics;
pub(crate) mod model;
pub(crate) mod pdf;
