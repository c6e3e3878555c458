//! Rendering: charts (plotters → SVG), the typst world and PDF export, and the
//! machine-readable outputs of the metrics.

pub mod chart;
pub mod format;
pub mod metrics_csv;
pub mod pdf;
pub mod scorecard;
pub mod world;
