//! The scorecard as one self-contained web page: the same view as the PDF,
//! rendered with an HTML template (minijinja, escaping every value), the
//! charts inline as SVG and the icons as `data:` addresses in its style sheet.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::render::palette::palette_json;
use crate::render::world::ICONS;
use crate::scorecard::metrics::Metrics;
use crate::scorecard::view::{build, Document, View};

/// The template shipped in `templates/`; a workspace's `templates/scorecard.html` replaces it.
const TEMPLATE: &str = include_str!("../../templates/scorecard.html");

/// A chart as the template writes it inline: its size and what is inside
/// its `<svg>` element, which the template wraps with a role and a title.
#[derive(Serialize, Debug, PartialEq)]
struct InlineSvg {
    width: String,
    height: String,
    body: String,
}

impl InlineSvg {
    /// Splits an SVG document (as plotters writes it) into its size and
    /// content; `None` if it has no `<svg>` element.
    fn parse(svg: &str) -> Option<InlineSvg> {
        let start = svg.find("<svg")?;
        let open_end = start + svg[start..].find('>')?;
        let close = svg.rfind("</svg>").filter(|&c| c > open_end)?;
        let open = &svg[start..open_end];
        let attribute = |name: &str| -> Option<String> {
            let at = open.find(&format!(" {name}=\""))? + name.len() + 3;
            let len = open[at..].find('"')?;
            let v = &open[at..at + len];
            // Only a number may stand in an attribute the template writes unescaped.
            v.chars().all(|c| c.is_ascii_digit() || c == '.').then(|| v.to_string())
        };
        Some(InlineSvg {
            width: attribute("width")?,
            height: attribute("height")?,
            body: svg[open_end + 1..close].trim().to_string(),
        })
    }
}

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
    /// The colours every document uses.
    palette: serde_json::Value,
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
    let custom = templates.map(|d| d.join("scorecard.html")).filter(|p| p.is_file());
    let source = match &custom {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read template: {e}", path.display()))?,
        None => TEMPLATE.to_string(),
    };
    let name = custom.as_ref().map_or("scorecard.html".to_string(), |p| p.display().to_string());
    let (view, charts) = build(metrics, doc)?;
    let mut svgs = BTreeMap::new();
    for (path, svg) in charts {
        let inline = InlineSvg::parse(&svg).ok_or_else(|| anyhow::anyhow!("chart {path} is not an SVG"))?;
        svgs.insert(path, inline);
    }
    let (icons, icon_css) = icon_classes();
    let palette = serde_json::from_slice(&palette_json())?;
    let page = Page { d: &view, svgs, icons, icon_css, palette };
    render(&name, &source, &page)
}

/// Renders `source` with `page`; an error names the template and its line.
fn render(name: &str, source: &str, page: &impl Serialize) -> anyhow::Result<Vec<u8>> {
    let mut env = Environment::new();
    // Every value is escaped, whatever the template's file name.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // A misspelt field in a workspace's template is an error, not an empty cell.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    let explain = |e: minijinja::Error| {
        let line = e.line().map(|l| format!(" line {l}")).unwrap_or_default();
        anyhow::anyhow!("{name}{line}: {}", e.detail().map_or_else(|| e.kind().to_string(), str::to_string))
    };
    env.add_template(name, source).map_err(explain)?;
    let template = env.get_template(name).map_err(explain)?;
    let html = template.render(page).map_err(explain)?;
    Ok(html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_splits_into_its_size_and_content() {
        let svg = "<svg width=\"640\" height=\"300\" viewBox=\"0 0 640 300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\"/>\n</svg>\n";
        let inline = InlineSvg::parse(svg).unwrap();
        assert_eq!(
            inline,
            InlineSvg { width: "640".into(), height: "300".into(), body: "<rect x=\"0\"/>".into() }
        );
        assert_eq!(InlineSvg::parse("<rect/>"), None);
        // A size that is not a number never reaches the page unescaped.
        assert_eq!(InlineSvg::parse("<svg width=\"1&quot;\" height=\"2\"></svg>"), None);
    }

    #[test]
    fn a_template_error_names_the_template_and_line() {
        let err =
            render("mine.html", "<p>\n{{ d.nothing_here }}</p>", &serde_json::json!({"d": {}})).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("mine.html line 2:"), "{message}");
    }

    #[test]
    fn values_are_escaped_whatever_the_template_is_called() {
        let page = serde_json::json!({"d": {"title": "<script>alert(1)</script>\"'&"}});
        let html =
            render("page.txt", "<h1>{{ d.title }}</h1><p title=\"{{ d.title }}\"></p>", &page).unwrap();
        let html = String::from_utf8(html).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&quot;&#x27;&amp;"), "{html}");
    }
}
