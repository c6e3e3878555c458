//! The scorecard as a web page (`build --out scorecard.html`): one
//! self-contained file, its accessible structure, escaping, determinism and
//! the workspace's own template. What a browser and axe-core see is checked by
//! `.ci/browser-test`; here everything is read from the HTML text itself.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use regex::Regex;

/// Builds the web page of `workspace` (and any other `--out`s) into a
/// temporary folder; the folder, and the page's text.
fn build_html(workspace: &Path, more: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace.to_str().unwrap();
    let mut args = vec!["build", ws, "--out", "page.html"];
    args.extend(more);
    let run = scorecard_in(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.all());
    let html = std::fs::read_to_string(dir.path().join("page.html")).unwrap();
    (dir, html)
}

/// The characters minijinja writes as entities, `&` first.
const ENTITIES: [(&str, &str); 6] =
    [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#x27;"), ("/", "&#x2f;")];

/// Text as the page shows it: the entities minijinja writes, decoded.
fn unescape(s: &str) -> String {
    ENTITIES.iter().rev().fold(s.to_string(), |s, (c, entity)| s.replace(entity, c))
}

/// Text as minijinja writes it into the page.
fn escape(s: &str) -> String {
    ENTITIES.iter().fold(s.to_string(), |s, (c, entity)| s.replace(c, entity))
}

/// The ids of the sample's indicators, from its indicators file.
fn sample_indicator_ids() -> Vec<String> {
    let mut reader = csv::Reader::from_path(root().join("data/sample/data/indicators.csv")).unwrap();
    reader.records().map(|r| r.unwrap()[0].to_string()).collect()
}

#[test]
fn the_sample_page_is_self_contained() {
    let (_dir, html) = build_html(&root().join("data/sample"), &[]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..200]);
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<meta name=\"viewport\""));
    // Nothing is fetched: no scripts, style sheets, frames or images by address.
    for banned in ["<script", "<link", "<iframe", "<img", "<object", "<embed", "@import", " src="] {
        assert!(!html.contains(banned), "the page contains {banned}");
    }
    // The only web address is the SVG namespace, which names and fetches nothing.
    let addresses = Regex::new(r"(?i)(https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/)[^\x22\s)]*").unwrap();
    let named: BTreeSet<&str> = addresses.find_iter(&html).map(|m| m.as_str()).collect();
    assert_eq!(named.into_iter().collect::<Vec<_>>(), ["http://www.w3.org/2000/svg"]);
    // Style sheet images are data: addresses, and every link stays on the page.
    for url in Regex::new(r"url\(([^)]*)\)").unwrap().captures_iter(&html) {
        assert!(url[1].starts_with("\"data:image/svg+xml;base64,"), "{}", &url[1]);
    }
    for href in Regex::new(r#"href="([^"]*)""#).unwrap().captures_iter(&html) {
        assert!(href[1].starts_with('#'), "a link off the page: {}", &href[1]);
    }
    // The issue's budget: under 1.5 MB.
    assert!(html.len() < 1_500_000, "{} bytes", html.len());
}

#[test]
fn the_sample_page_has_an_accessible_structure() {
    let (_dir, html) = build_html(&root().join("data/sample"), &[]);
    // A skip link to the main content, and a contents list to every indicator.
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">"));
    assert!(html.contains("<main id=\"main\">"));
    let ids = sample_indicator_ids();
    assert_eq!(ids.len(), 26);
    for id in &ids {
        assert!(html.contains(&format!("<li><a href=\"#{id}\">{id}: ")), "no contents entry for {id}");
        assert!(html.contains(&format!("<section class=\"indicator\" id=\"{id}\"")), "no section for {id}");
    }
    // Every table has a caption, and every header cell says what it heads.
    let tables = html.matches("<table").count();
    assert!(tables > 26 * 2, "{tables} tables");
    assert_eq!(html.matches("<caption").count(), tables);
    let th = Regex::new(r"<th\b[^>]*>").unwrap();
    let headers: Vec<&str> = th.find_iter(&html).map(|m| m.as_str()).collect();
    assert!(headers.len() > 500, "{} header cells", headers.len());
    for h in headers {
        assert!(h.contains("scope=\"col\"") || h.contains("scope=\"row\""), "{h}");
    }
    // One h1, and no heading skips a level on the way down.
    let levels: Vec<u32> =
        Regex::new(r"<h([1-6])\b").unwrap().captures_iter(&html).map(|c| c[1].parse().unwrap()).collect();
    assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1);
    assert_eq!(levels[0], 1);
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "heading h{} follows h{}", pair[1], pair[0]);
    }
    // Every chart is an image with a title; decorative drawings are hidden.
    let svg = Regex::new(r"<svg\b[^>]*>(<title>[^<]+</title>)?").unwrap();
    let (mut charts, mut hidden) = (0, 0);
    for m in svg.captures_iter(&html) {
        let tag = m.get(0).unwrap().as_str();
        if tag.contains("aria-hidden=\"true\"") {
            hidden += 1;
        } else {
            assert!(
                tag.contains("role=\"img\"") && m.get(1).is_some(),
                "an SVG with no role or title: {tag}"
            );
            charts += 1;
        }
    }
    // 26 trend charts and 26 sparklines, an SPC chart where there are points, the finance chart.
    assert!(charts > 26 * 2 + 1, "{charts} charts");
    assert!(hidden > 26, "{hidden} legend samples");
    // Every trend chart is followed by its data table, before the next chart.
    for id in &ids {
        let section = &html[html.find(&format!("id=\"{id}\"")).unwrap()..];
        let chart = section.find("<svg class=\"chart\"").unwrap();
        let table = section.find(&format!("<caption id=\"{id}:trend\">")).unwrap();
        assert!(chart < table && !section[chart + 10..table].contains("<svg class=\"chart\""));
    }
    // RAG and SPC carry words, never colour alone.
    let rag = Regex::new(r#"<span class="rag rag-(green|amber|red|none)"><span aria-hidden="true">(.)</span>(?: |<span class="visually-hidden">)(Green|Amber|Red|Not rated)"#).unwrap();
    let ratings: Vec<(String, String)> =
        rag.captures_iter(&html).map(|c| (c[1].to_string(), c[3].to_string())).collect();
    assert!(ratings.len() >= 26 * 2, "{} ratings", ratings.len());
    for (class, word) in ratings {
        let expected =
            if class == "none" { "Not rated".to_string() } else { class[..1].to_uppercase() + &class[1..] };
        assert_eq!(word, expected);
    }
    let icons = Regex::new(r#"<span class="icon icon-[a-z_-]+" role="img" aria-label="([^"]+)""#).unwrap();
    assert_eq!(icons.captures_iter(&html).count(), 26 * 2);
}

/// Every `/Alt` text in a PDF: the alt text of its images.
fn pdf_alt_texts(path: &Path) -> BTreeSet<String> {
    let doc = lopdf::Document::load(path).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"Alt").ok())
        .filter_map(|alt| lopdf::decode_text_string(alt).ok())
        .collect()
}

#[test]
fn one_run_writes_both_and_the_charts_say_what_the_pdfs_say() {
    let (dir, html) = build_html(&root().join("data/sample"), &["--out", "page.pdf"]);
    let alts = pdf_alt_texts(&dir.path().join("page.pdf"));
    let titles: Vec<String> = Regex::new(r"<svg[^>]*role=.img.[^>]*><title>([^<]+)</title>")
        .unwrap()
        .captures_iter(&html)
        .map(|c| unescape(&c[1]))
        .collect();
    assert!(titles.len() > 50, "{} titled charts", titles.len());
    for title in &titles {
        assert!(alts.contains(title), "the PDF has no alt text {title:?}");
    }
    assert!(titles.iter().any(|t| t.starts_with("Statistical process control chart of ")));
    // The PDF leaves out the tables of every point; the page built beside it keeps them.
    let points = html.matches("<td>Common cause</td>").count() + html.matches("<td>Special cause: ").count();
    assert!(points > 26 * 12, "{points} SPC points in the page's tables");
}

#[test]
fn spreadsheet_text_prints_literally_in_the_page() {
    let script = "<script>alert(1)</script>";
    let attribute = "\"><img src=x onerror=alert(1)>";
    let indicators = format!(
        "id,name,group,unit,polarity,notes\nX,\"{}\",\"{}\",count,neutral,\"{}\"\n",
        script,
        attribute.replace('"', "\"\""),
        "</style><style>body{display:none}</style> {{ d.title }}"
    );
    let toml = "[scorecard]\ntitle = \"<b>Bold</b> & co\"\norganisation = \"O'Neil <i>Council</i>\"\nhome = \"H\"\n\n[data]\nindicators = \"indicators.csv\"\nobservations = \"observations.csv\"\n";
    let dir = workspace(&[
        ("scorecard.toml", toml.as_bytes()),
        ("indicators.csv", indicators.as_bytes()),
        ("observations.csv", b"indicator,period,value\nX,2014-01,5\nX,2014-02,6\nX,2014-03,4\n"),
    ]);
    let (_out, html) = build_html(dir.path(), &[]);
    for markup in ["<script", "<img", "<b>", "<i>", "</style><style>"] {
        assert!(!html.contains(markup), "{markup} reached the page");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // Template syntax in a cell is text, not evaluated.
    assert!(html.contains("{{ d.title }}"));
    assert!(html.contains("<title>&lt;b&gt;Bold&lt;&#x2f;b&gt; &amp; co"));
}

#[test]
fn two_builds_are_byte_identical() {
    let sample = root().join("data/sample");
    let (_a, first) = build_html(&sample, &[]);
    let (_b, second) = build_html(&sample, &[]);
    assert!(first == second, "two builds of the same inputs differ");
}

#[test]
fn a_workspace_template_replaces_the_page() {
    let dir = fixture("small");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let template = dir.path().join("templates/scorecard.html");
    std::fs::write(
        &template,
        "<!DOCTYPE html><html lang=\"en-GB\"><title>{{ d.title }}</title>\n{% for i in d.indicators %}<p id=\"{{ i.slug }}\">{{ i.name }}: {{ i.rag_word }}</p>{% endfor %}</html>",
    )
    .unwrap();
    let (_out, html) = build_html(dir.path(), &[]);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en-GB\"><title>Small Scorecard</title>"), "{html}");
    assert!(html.contains("<p id=\"P1\">Secondary schools judged good or better (%): Amber</p>"), "{html}");
}

#[test]
fn a_broken_workspace_template_names_its_line_and_writes_nothing() {
    let dir = fixture("small");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/scorecard.html"), "<p>\n{{ d.titel }}</p>").unwrap();
    std::fs::write(dir.path().join("old.html"), "the last good page").unwrap();
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "old.html", "--out", "new.pdf"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("scorecard.html line 2:"), "{}", run.all());
    assert_eq!(std::fs::read_to_string(dir.path().join("old.html")).unwrap(), "the last good page");
    assert!(!dir.path().join("new.pdf").exists(), "one output was written when another failed");
}

#[test]
fn the_lait_page_carries_the_england_check() {
    let (_dir, html) = build_html(&root().join("data/lait-norfolk"), &[]);
    assert!(html.contains("<th scope=\"row\">England check</th>"), "no England check in the LAIT page");
    assert!(html.contains("<title>Norfolk") || html.contains("Norfolk"));
}

#[test]
fn an_unknown_extension_names_both_formats() {
    let dir = fixture("small");
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "page.htm"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("is written as .pdf or .html"), "{}", run.all());
}

/// A figure as the web page prints it: signed, but for zero, where the CSV
/// has only minus signs.
fn signed(csv: &str) -> String {
    if csv.parse::<f64>().is_err() {
        csv.to_string()
    } else if csv.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        csv.trim_start_matches('-').to_string()
    } else if let Some(magnitude) = csv.strip_prefix('-') {
        format!("−{magnitude}")
    } else {
        format!("+{csv}")
    }
}

#[test]
fn the_variance_page_prints_every_figure_of_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let book = root().join("tests/fixtures/finance/revenue.csv");
    let mut csv_text = std::fs::read_to_string(&book).unwrap();
    // A division name that is markup prints as text.
    csv_text.push_str(
        "Spending Reductions,<script>alert(1)</script> & \"Co\",1.000,0.900,-0.100,-10,-0.100,Vacancies\n",
    );
    std::fs::write(dir.path().join("book.csv"), csv_text).unwrap();
    let run = scorecard_in(
        dir.path(),
        &["variance", "book.csv", "--out", "v.html", "--out", "v.csv", "--title", "Budget <monitoring>"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let html = std::fs::read_to_string(dir.path().join("v.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en-GB\">"));
    assert!(html.contains("<h1>Budget &lt;monitoring&gt;</h1>"));
    assert!(!html.contains("<script"));
    let mut csv = csv::Reader::from_path(dir.path().join("v.csv")).unwrap();
    let mut rows = 0;
    for row in csv.records().map(Result::unwrap) {
        let name = escape(&row[2]);
        let word = match signed(&row[5]).chars().next() {
            Some('+') => " overspend",
            Some('−') => " underspend",
            _ => "",
        };
        let rag = &row[9];
        let expected = format!(
            "<tr class=\"{}\"><th scope=\"row\">{name}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{word}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"rag rag-{rag}\"><span aria-hidden=\"true\">{}</span><span class=\"visually-hidden\">{}</span></span></td></tr>",
            &row[0],
            row[3].replace('-', "−"),
            row[4].replace('-', "−"),
            signed(&row[5]),
            escape(&signed(&row[6])),
            signed(&row[8]),
            rag[..1].to_uppercase(),
            rag[..1].to_uppercase() + &rag[1..],
        );
        assert!(html.contains(&expected), "no row {expected}");
        rows += 1;
    }
    assert!(rows > 20, "{rows} rows");
    // Every table has a caption and every header cell a scope.
    assert_eq!(html.matches("<table").count(), html.matches("<caption").count());
    for th in Regex::new(r"<th\b[^>]*>").unwrap().find_iter(&html) {
        assert!(th.as_str().contains("scope="), "{}", th.as_str());
    }
}

#[test]
fn the_progress_page_shows_every_action_with_its_status_and_overdue_flag() {
    let dir = tempfile::tempdir().unwrap();
    for (plan, key, actions) in [("norfolk", "norfolk", 12), ("lancashire", "lancashire", 15)] {
        let source = root().join(format!("tests/fixtures/plans/{plan}.csv"));
        let run = scorecard_in(
            dir.path(),
            &[
                "actions",
                source.to_str().unwrap(),
                "--key",
                key,
                "--as-of",
                "2019-01-31",
                "--out",
                "p.html",
                "--out",
                "p.csv",
                "--title",
                "Plan <b>",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.all());
        let html = std::fs::read_to_string(dir.path().join("p.html")).unwrap();
        assert!(html.contains("<h1>Plan &lt;b&gt;</h1>") && !html.contains("<b>"), "{plan}");
        let mut csv = csv::Reader::from_path(dir.path().join("p.csv")).unwrap();
        let mut rows = 0;
        for row in csv.records().map(Result::unwrap) {
            let (reference, action, derived, overdue) =
                (&row[0], escape(&row[2]), &row[7], &row[8] == "true");
            let start = format!("<th scope=\"row\">{}</th><td>{action}</td>", escape(reference));
            let at = html.find(&start).unwrap_or_else(|| panic!("{plan}: no row {start}"));
            let row_html = &html[at..at + html[at..].find("</tr>").unwrap()];
            assert!(row_html.contains(&format!("\">{}</span>", escape(derived))), "{plan}: {row_html}");
            assert_eq!(row_html.contains("Overdue"), overdue, "{plan}: {row_html}");
            rows += 1;
        }
        assert_eq!(rows, actions, "{plan}");
        // The chart is an image with the PDF's alt text, and its data follows it.
        let chart = html.find("<svg class=\"chart\"").unwrap();
        assert!(html[chart..].starts_with("<svg class=\"chart\" viewBox="));
        assert!(html[chart..].contains("<title>Stacked bar chart of actions by status in each key area: "));
        assert!(html[chart..].find("<caption id=\"summary:caption\">").is_some());
        assert_eq!(html.matches("<table").count(), html.matches("<caption").count());
    }
}
