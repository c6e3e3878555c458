//! scorecard: performance scorecards for English councils' children's services.
//!
//! The pipeline is ingest (CSV and workbooks into cells with origins) → model
//! (typed, validated) → metrics (pure computation) → render (plotters SVG and
//! typst PDF). `main.rs` only parses arguments and calls [`commands::dispatch`].

pub mod cli;
pub mod commands;
pub mod diag;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod output;
pub mod render;
