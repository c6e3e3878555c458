//! Rendering shared by every document: the typst world and PDF export, web
//! pages from HTML templates, chart primitives (plotters → SVG), and how
//! numbers and dates are printed.

pub(crate) mod chart;
pub(crate) mod csv;
pub(crate) mod format;
pub(crate) mod html;
pub(crate) mod measure;
pub(crate) mod palette;
pub(crate) mod pdf;
pub(crate) mod svg;
pub(crate) mod world;

/// What can go wrong while drawing a document: all come from the templates or
/// the charts, never from the data (which is validated before rendering).
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
    /// The typst template did not compile; the message names the template line.
    #[error("the template failed: {0}")]
    Template(String),
    /// The compiled document could not be written as PDF/UA-1.
    #[error("PDF export failed: {0}")]
    Export(String),
    /// A chart could not be drawn or rasterised.
    #[error("chart: {0}")]
    Chart(#[from] chart::ChartError),
}
