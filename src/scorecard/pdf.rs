//! The scorecard as a PDF: its view compiled with the typst template.

use std::path::Path;

use crate::render::pdf::compile_pdf_counting_pages;
use crate::render::world::DocumentWorld;
use crate::scorecard::metrics::Metrics;
use crate::scorecard::view::{build, Document, Medium};

/// Renders the scorecard PDF; with its number of pages.
pub(crate) fn render_scorecard(
    metrics: &Metrics,
    doc: &Document,
    templates: Option<&Path>,
) -> anyhow::Result<(Vec<u8>, usize)> {
    let mut world = DocumentWorld::new("scorecard.typ", templates, doc.date)?;
    let (view, charts) = build(metrics, doc, Medium::Print)?;
    for (path, svg) in charts {
        world.add_file(&path, svg.into_bytes());
    }
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    let ident = format!("{}|{}|{}", doc.organisation, doc.title, view.period);
    Ok(compile_pdf_counting_pages(&world, &ident, doc.date)?)
}
