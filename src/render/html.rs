//! Web pages from HTML templates (minijinja): loaded at run time, so a
//! workspace's own template replaces the built-in one; every value escaped,
//! whatever the template does; a misspelt field an error naming its line.

use std::path::Path;

use minijinja::{context, AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;

use super::palette::palette;

/// What every page is built on: the frame it extends (`{% extends
/// "page.html" %}`), the style sheet the frame includes, and the table
/// macro it imports (`{% import "tables.html" as tables %}`).
const SHARED: [(&str, &str); 3] = [
    ("page.html", include_str!("../../templates/page.html")),
    ("common.css", include_str!("../../templates/common.css")),
    ("tables.html", include_str!("../../templates/tables.html")),
];

/// A chart as the template writes it inline: its size and what is inside
/// its `<svg>` element, which the template wraps with a role and a title.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct InlineSvg {
    width: String,
    height: String,
    body: String,
}

impl InlineSvg {
    /// Splits an SVG document (as plotters writes it) into its size and
    /// content; `None` if it has no `<svg>` element.
    pub(crate) fn parse(svg: &str) -> Option<InlineSvg> {
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

/// Renders the template `file` (from `templates` if that folder has it, else
/// `builtin`) with the fields of `page` and the palette as `palette`; its
/// `page.html` and `common.css` likewise from `templates`, else the built-in ones.
pub(crate) fn render_page(
    file: &str,
    builtin: &str,
    templates: Option<&Path>,
    page: &impl Serialize,
) -> anyhow::Result<Vec<u8>> {
    let (name, source) = template(file, builtin, templates)?;
    let mut shared = Vec::new();
    for (file, text) in SHARED {
        shared.push((file, template(file, text, templates)?.1));
    }
    let context = context! { palette => Value::from_serialize(palette()), ..Value::from_serialize(page) };
    render(&name, &source, &shared, context)
}

/// A template's name for messages and its text: the workspace's own file if
/// `templates` has one, else `builtin`.
fn template(file: &str, builtin: &str, templates: Option<&Path>) -> anyhow::Result<(String, String)> {
    match templates.map(|d| d.join(file)).filter(|p| p.is_file()) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => Ok((path.display().to_string(), text)),
            Err(e) => anyhow::bail!("{}: cannot read template: {e}", path.display()),
        },
        None => Ok((file.to_string(), builtin.to_string())),
    }
}

/// Renders `source` (which may use the `shared` templates, by name) with
/// `context`; an error names the template and its line.
fn render(name: &str, source: &str, shared: &[(&str, String)], context: Value) -> anyhow::Result<Vec<u8>> {
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
    for (file, text) in shared {
        env.add_template(file, text).map_err(explain)?;
    }
    env.add_template(name, source).map_err(explain)?;
    let template = env.get_template(name).map_err(explain)?;
    let html = template.render(context).map_err(explain)?;
    Ok(html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_error_names_the_template_and_line() {
        let err = render("mine.html", "<p>\n{{ d.nothing_here }}</p>", &[], context! { d => context! {} })
            .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("mine.html line 2:"), "{message}");
    }

    #[test]
    fn values_are_escaped_whatever_the_template_is_called() {
        let page = context! { d => context! { title => "<script>alert(1)</script>\"'&" } };
        let html =
            render("page.txt", "<h1>{{ d.title }}</h1><p title=\"{{ d.title }}\"></p>", &[], page).unwrap();
        let html = String::from_utf8(html).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&quot;&#x27;&amp;"), "{html}");
    }

    #[test]
    fn the_page_gets_its_fields_and_the_palette() {
        let html =
            render_page("x.html", "{{ n }} {{ palette.navy }}", None, &serde_json::json!({"n": 3})).unwrap();
        assert_eq!(String::from_utf8(html).unwrap(), "3 #1d4f91");
    }

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
}
