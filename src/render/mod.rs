//! Rendering: charts (plotters → SVG), the typst world and PDF export, and the
//! machine-readable outputs of the metrics.

pub mod chart;
pub mod format;
pub mod metrics_csv;
pub mod pdf;
pub mod scorecard;
pub mod variance;
pub mod variance_csv;
pub mod variance_xlsx;
pub mod world;

/// What can go wrong while drawing a document: all come from the templates or
/// the charts, never from the data (which is validated before rendering).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The typst template did not compile; the message names the template line.
    #[error("the template failed: {0}")]
    Template(String),
    /// The compiled document could not be written as PDF/UA-1.
    #[error("PDF export failed: {0}")]
    Export(String),
    /// A chart could not be drawn or rasterised.
    #[error("chart: {0}")]
    Chart(String),
}
