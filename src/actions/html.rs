//! The progress report of an improvement plan as one self-contained web
//! page: the same view as the PDF, printed with `templates/actions.html`,
//! the chart inline as SVG.

use serde::Serialize;

use super::pdf::{view, Report, View};
use super::plan::Plan;
use super::rules::Assessed;
use crate::render::html::{render_page, InlineSvg};

/// The template shipped in `templates/`.
const TEMPLATE: &str = include_str!("../../templates/actions.html");

/// What the template receives.
#[derive(Serialize)]
struct Page {
    /// The view the PDF template reads too.
    d: View,
    /// The statuses-by-key-area chart.
    chart: InlineSvg,
}

/// Renders the progress report as a web page.
pub(crate) fn render_actions_html(
    plan: &Plan,
    assessed: &[Assessed],
    report: &Report,
) -> anyhow::Result<Vec<u8>> {
    let (d, svg) = view(plan, assessed, report)?;
    let chart = InlineSvg::parse(&svg).ok_or_else(|| anyhow::anyhow!("the status chart is not an SVG"))?;
    render_page("actions.html", TEMPLATE, None, &Page { d, chart })
}
