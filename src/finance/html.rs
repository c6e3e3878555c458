//! The variance report as one self-contained web page: the same view as the
//! PDF, printed with `templates/variance.html`.

use serde::Serialize;

use crate::finance::pdf::{view, Report, View};
use crate::finance::variance::VarianceBook;
use crate::render::html::render_page;

/// The template shipped in `templates/`.
const TEMPLATE: &str = include_str!("../../templates/variance.html");

/// What the template receives.
#[derive(Serialize)]
struct Page {
    /// The view the PDF template reads too.
    d: View,
}

/// Renders the variance report as a web page.
pub(crate) fn render_variance_html(book: &VarianceBook, report: &Report) -> anyhow::Result<Vec<u8>> {
    render_page("variance.html", TEMPLATE, None, &Page { d: view(book, report) })
}
