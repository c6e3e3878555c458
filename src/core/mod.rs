//! Pieces every document uses and that know nothing of any: diagnostics with
//! their origins, atomic output files, unique names, periods and dates,
//! rounding, RAG.

pub(crate) mod diag;
pub(crate) mod keys;
pub(crate) mod names;
pub(crate) mod output;
pub(crate) mod parallel;
pub(crate) mod period;
pub(crate) mod rag;
pub(crate) mod round;
