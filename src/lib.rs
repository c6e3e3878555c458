//! scorecard: performance scorecards, finance variance tables and the papers
//! of English councils' children's services panels.
//!
//! The crate is cut by document above shared layers. Each document has a
//! folder of its own (`scorecard`, `finance`, `pack`, `actions`) holding its model, rules,
//! view and outputs; below them sit the layers every document uses:
//! `ingest` (one table reader for CSV and workbooks, cells with origins),
//! `render` (the typst world, PDF export, chart primitives, number
//! formatting) and `core` (diagnostics, atomic output, periods and dates,
//! rounding, RAG). No layer depends on a document, and `commands/` holds one
//! thin file per subcommand. `main.rs` only parses arguments and calls
//! [`commands::dispatch`].

pub(crate) mod actions;
pub mod cli;
pub mod commands;
pub(crate) mod core;
pub(crate) mod finance;
pub(crate) mod ingest;
pub(crate) mod pack;
pub(crate) mod render;
pub(crate) mod scorecard;
