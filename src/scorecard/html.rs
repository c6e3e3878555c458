//! The scorecard as one self-contained web page: the same view as the PDF,
//! rendered with the HTML template, the charts inline as SVG and the icons
//! as `data:` addresses in its style sheet.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use serde::Serialize;

use crate::render::html::{render_page, InlineSvg};
use crate::render::world::ICONS;
use crate::scorecard::metrics::Metrics;
use crate::scorecard::view::{build, Document, Medium, View};

/// The template shipped in `templates/`; a workspace's `templates/scorecard.html` replaces it.
const TEMPLATE: &str = include_str!("../../templates/scorecard.html");

/// What the template receives besides the view.
#[derive(Serialize)]
struct Page<'v, 'a> {
    /// The view the PDF template reads too.
    d: &'v View<'a>,
    /// Every chart, by the path the view gives it.
    svgs: BTreeMap<String, InlineSvg>,
    /// The CSS class of each icon, by the path the view gives it.
    icons: BTreeMap<String, String>,
    /// The CSS rules that draw the icons.
    icon_css: String,
}

/// The icons' CSS classes by path (`/icons/x.svg` → `icon-x`), and the rules
/// that draw them: one `data:` address each, however often a page shows it.
fn icon_classes() -> (BTreeMap<String, String>, String) {
    let mut classes = BTreeMap::new();
    let mut css = String::new();
    for (name, bytes) in ICONS {
        let class = format!("icon-{}", name.trim_end_matches(".svg"));
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        css.push_str(&format!(".{class}{{background-image:url(\"data:image/svg+xml;base64,{data}\")}}\n"));
        classes.insert(format!("/icons/{name}"), class);
    }
    (classes, css)
}

/// Renders the scorecard web page with the embedded template, or with
/// `templates/scorecard.html` from `templates` when the workspace has one.
pub(crate) fn render_scorecard_html(
    metrics: &Metrics,
    doc: &Document,
    templates: Option<&Path>,
) -> anyhow::Result<Vec<u8>> {
    let (view, charts) = build(metrics, doc, Medium::Web)?;
    let mut svgs = BTreeMap::new();
    for (path, svg) in charts {
        let inline = InlineSvg::parse(&svg).ok_or_else(|| anyhow::anyhow!("chart {path} is not an SVG"))?;
        svgs.insert(path, inline);
    }
    let (icons, icon_css) = icon_classes();
    render_page("scorecard.html", TEMPLATE, templates, &Page { d: &view, svgs, icons, icon_css })
}
