//! End-to-end tests: run the binary on workspaces and check what it writes.

mod common;

use common::*;
use serde_json::Value;

fn metrics_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["metrics", "."];
    args.extend_from_slice(extra);
    let run = scorecard_in(dir, &args);
    assert_eq!(run.code, 0, "{}", run.all());
    serde_json::from_str(&run.stdout).expect("metrics print JSON")
}

/// A page's text with its whitespace runs made single spaces.
fn flat_cover(page: &str) -> String {
    page.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn indicator<'a>(m: &'a Value, id: &str) -> &'a Value {
    m["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} in metrics"))
}

fn close(v: &Value, expected: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - expected).abs() < 1e-9)
}

#[test]
fn init_check_metrics_build_on_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let run = scorecard_in(dir.path(), &["init", "ws"]);
    assert_eq!(run.code, 0, "{}", run.all());
    // init writes exactly the bundled sample.
    for name in [
        "scorecard.toml",
        "data/indicators.csv",
        "data/observations.csv",
        "data/areas.csv",
        "data/budget.csv",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join("ws").join(name)).unwrap(),
            std::fs::read(root().join("data/sample").join(name)).unwrap(),
            "{name}"
        );
    }
    let again = scorecard_in(dir.path(), &["init", "ws"]);
    assert_eq!(again.code, 2, "init refuses to overwrite a workspace");

    let check = scorecard_in(dir.path(), &["check", "ws"]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(check.stdout.contains("26 indicators"), "{}", check.stdout);
    assert!(check.stdout.contains("0 errors"), "{}", check.stdout);

    let metrics = metrics_json(&dir.path().join("ws"), &[]);
    assert_eq!(metrics["period"], "2014-01");
    assert_eq!(metrics["home"], "E10000020");
    let indicators = metrics["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 26);
    let ey02 = indicator(&metrics, "EY02");
    assert_eq!(ey02["latest"]["period"], "2014-01");
    assert_eq!(ey02["neighbours"]["count"], 10);
    // Regression: "2011-12" was once read as the financial year 2011/12.
    let periods: Vec<&str> =
        ey02["history"].as_array().unwrap().iter().map(|h| h["period"].as_str().unwrap()).collect();
    assert_eq!(periods.len(), 36);
    assert!(periods.windows(3).any(|w| w == ["2011-11", "2011-12", "2012-01"]));
    // Monthly data exists for the home area and its ten neighbours only.
    assert_eq!(ey02["rank_of"], 11);
    assert!(ey02["rank"].as_u64().is_some_and(|r| (1..=11).contains(&r)));
    assert!(["A", "B", "C", "D"].contains(&ey02["quartile"].as_str().unwrap()));
    assert_eq!(ey02["latest"]["ci_method"], "wilson");
    // The interval against England decides the benchmark, higher being better.
    let (lower, upper) =
        (ey02["latest"]["ci_lower"].as_f64().unwrap(), ey02["latest"]["ci_upper"].as_f64().unwrap());
    let england = ey02["england"].as_f64().unwrap();
    let expected = if lower > england {
        "better"
    } else if upper < england {
        "worse"
    } else {
        "similar"
    };
    assert_eq!(ey02["benchmark"], expected, "interval {lower}–{upper}, England {england}");
    assert_eq!(ey02["spc"]["points"].as_array().unwrap().len(), 36);
    // LAC01 is a neutral count: no rank, no interval.
    let lac01 = indicator(&metrics, "LAC01");
    assert!(lac01["rank"].is_null() && lac01["quartile"].is_null());
    assert_eq!(lac01["benchmark"], "not_compared");

    let build = scorecard_in(dir.path(), &["build", "ws", "--out", "card.pdf"]);
    assert_eq!(build.code, 0, "{}", build.all());
    let pdf = dir.path().join("card.pdf");
    let pages = pdf_pages(&pdf);
    // Cover, summary pages, one page per indicator, exceptions.
    let indicator_pages: Vec<usize> = (0..pages.len())
        .filter(|&i| {
            indicators.iter().any(|m| pages[i].contains(&format!("{}: ", m["id"].as_str().unwrap())))
        })
        .collect();
    assert_eq!(indicator_pages.len(), 26, "one page per indicator");
    assert!(pages[0].contains("Children's Services Performance Scorecard"));
    assert!(pages[0].contains("Jan 2014"));
    assert!(pages.last().unwrap().contains("Exceptions"));
    // The workspace names a budget: a finance summary page with the revenue totals.
    let finance = pages.iter().find(|p| p.contains("Finance summary")).expect("finance summary page");
    assert!(finance.contains("Net forecast overspend of £1.126m or 1.5% of budget."), "{finance}");
    assert!(finance.contains("Looked After Children - Agency") && finance.contains("+2.850"));
    for m in indicators {
        let id = m["id"].as_str().unwrap();
        let name = m["name"].as_str().unwrap();
        let page = pages.iter().find(|p| p.contains(&format!("{id}: "))).unwrap();
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&name.split_whitespace().collect::<Vec<_>>().join(" ")), "{id} page names it");
        let word = match m["rag"].as_str().unwrap() {
            "green" => "G · Green",
            "amber" => "A · Amber",
            "red" => "R · Red",
            _ => "– · Not rated",
        };
        assert!(flat.contains(word), "{id} page shows its RAG as a word: {word}");
    }
    // Red indicators are listed on the exceptions page.
    let exceptions = pages.last().unwrap();
    for m in indicators.iter().filter(|m| m["rag"] == "red") {
        assert!(exceptions.contains(m["id"].as_str().unwrap()));
    }
    assert_eq!(
        pdf_info(&pdf, b"Title").as_deref(),
        Some("Children's Services Performance Scorecard – Jan 2014")
    );
    assert_eq!(pdf_info(&pdf, b"Author").as_deref(), Some("Example County Council"));
    assert_eq!(pdf_lang(&pdf).as_deref(), Some("en-GB"));
    assert!(pdf_is_tagged(&pdf));
}

#[test]
fn metrics_match_hand_computed_values() {
    let dir = fixture("small");
    let m = metrics_json(dir.path(), &[]);
    assert_eq!(m["period"], "2014-01");

    // P1: 30/42 = 71.43% shown as 71.4; amber (70 ≤ 71.4 < 75); neighbours (68 + 70) / 2, N3 suppressed.
    let p1 = indicator(&m, "P1");
    assert!(close(&p1["latest"]["value"], 71.4));
    assert!(close(&p1["latest"]["numerator"], 30.0));
    assert!(close(&p1["latest"]["denominator"], 42.0));
    assert_eq!(p1["latest"]["period"], "2014-01");
    assert!(close(&p1["previous"]["value"], 70.0));
    assert_eq!(p1["previous"]["period"], "2013-12");
    assert!(close(&p1["change"], 71.4 - 70.0));
    assert_eq!(p1["direction"], "improving");
    assert_eq!(p1["rag"], "amber");
    assert!(close(&p1["neighbours"]["average"], 69.0));
    assert_eq!(p1["neighbours"]["count"], 2);
    assert!(close(&p1["england"], 72.0));
    // Wilson 95% interval of 30/42, England (72.0) inside it.
    assert!((p1["latest"]["ci_lower"].as_f64().unwrap() - 56.432_790_731_804_62).abs() < 1e-9);
    assert!((p1["latest"]["ci_upper"].as_f64().unwrap() - 82.832_975_373_950_92).abs() < 1e-9);
    assert_eq!(p1["benchmark"], "similar");
    // Ranked among the home area and the two neighbours with a value: 71.4 beats 68 and 70.
    assert_eq!(p1["rank"], 1);
    assert_eq!(p1["rank_of"], 3);
    assert_eq!(p1["quartile"], "A");
    // XmR over 64, 70, 71.4: mean 68.47, moving ranges 6 and 1.4.
    let spc = &p1["spc"];
    assert!((spc["mean"].as_f64().unwrap() - (64.0 + 70.0 + 71.4) / 3.0).abs() < 1e-9);
    assert!((spc["ucl"].as_f64().unwrap() - ((64.0 + 70.0 + 71.4) / 3.0 + 2.66 * 3.7)).abs() < 1e-9);
    assert_eq!(spc["variation"], "common_cause");
    assert_eq!(spc["assurance"], "inconsistent");

    // P2: 19.96 prints as 20.0, which meets a lower-is-better target of 20.
    let p2 = indicator(&m, "P2");
    assert_eq!(p2["rag"], "green");
    assert_eq!(p2["direction"], "improving");
    assert_eq!(p2["neighbours"]["count"], 1);

    // P3: neutral, no target.
    let p3 = indicator(&m, "P3");
    assert_eq!(p3["rag"], "none");
    assert_eq!(p3["direction"], "not_comparable");
    assert!(p3["target"].is_null());
    assert!(p3["neighbours"]["average"].is_null());
    assert!(p3["england"].is_null());

    // P4: 92 → 91 → 89.5, target 90 and no amber band: red and worsening twice.
    let p4 = indicator(&m, "P4");
    assert_eq!(p4["rag"], "red");
    assert_eq!(p4["direction"], "worsening");
    assert_eq!(p4["worsening_twice"], true);

    // P5: the annual 2013 result counts in a January 2014 scorecard.
    let p5 = indicator(&m, "P5");
    assert_eq!(p5["latest"]["period"], "2013");
    assert_eq!(p5["previous"]["period"], "2012");
    assert_eq!(p5["rag"], "red");
    assert!(close(&p5["england"], 75.0));

    // A report period chosen on the command line moves "latest" back.
    let dec = metrics_json(dir.path(), &["--period", "2013-12"]);
    let p1 = indicator(&dec, "P1");
    assert!(close(&p1["latest"]["value"], 70.0));
    assert!(close(&p1["previous"]["value"], 64.0));
    assert_eq!(p1["rag"], "amber");
}

#[test]
fn metrics_csv_has_one_row_per_indicator() {
    let dir = fixture("small");
    let run = scorecard_in(dir.path(), &["metrics", ".", "--format", "csv", "--out", "m.csv"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let text = std::fs::read_to_string(dir.path().join("m.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0].starts_with("id,name,group,unit,polarity,latest_period,latest_value"));
    assert!(lines[1].starts_with(
        "P1,Secondary schools judged good or better (%),Schools,percent,higher_is_better,2014-01,71.4,30,42,"
    ));
    assert!(lines[1].contains(",improving,75,amber,69,2,72,"));
}

#[test]
fn small_scorecard_pdf_shows_the_figures_on_the_right_pages() {
    let dir = fixture("small");
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "out/small.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let pages = pdf_pages(&dir.path().join("out/small.pdf"));
    // Cover, one summary page, the Making Data Count matrix, five indicator pages, exceptions.
    assert_eq!(pages.len(), 9, "{pages:#?}");
    assert!(pages[2].contains("Making Data Count summary"));
    let summary = &pages[1];
    assert!(summary.contains("71.4%"));
    assert!(summary.contains("(30/42)"));
    assert!(summary.contains("↑ Improving"));
    let p1 = pages.iter().position(|p| p.contains("P1: Secondary schools")).unwrap();
    assert!(pages[p1].contains("A · Amber"));
    assert!(pages[p1].contains("Two academies converted in January."));
    assert!(pages[p1].contains("69.0%"), "neighbour average on P1's page");
    // Statistics on P1's page: national rank, the Wilson interval, the comparison and the SPC icons in words.
    let flat = pages[p1].split_whitespace().collect::<Vec<_>>().join(" ");
    // Three areas are not all of England: the rank says what it is among.
    assert!(flat.contains("Rank 1st of these 3 · quartile A"), "{flat}");
    assert!(!flat.contains("National rank"), "{flat}");
    assert!(
        flat_cover(&pages[0])
            .contains("“Rank … of these N”: among the N areas of this scorecard with a value"),
        "{}",
        pages[0]
    );
    assert!(flat.contains("95% interval 56.4% to 82.8%"), "{flat}");
    assert!(flat.contains("Similar to England"));
    assert!(flat.contains("Common cause variation"));
    assert!(flat.contains("Hit and miss"));
    let p4 = pages.iter().position(|p| p.contains("P4: Visits")).unwrap();
    assert!(pages[p4].contains("R · Red"));
    let exceptions = pages.last().unwrap();
    assert!(exceptions.contains("P4") && exceptions.contains("P5"));
    assert!(!exceptions.contains("P1"), "amber P1 is not an exception");
    assert!(exceptions.contains("Worsened two periods running"));
}

#[test]
fn builds_are_byte_identical() {
    let dir = fixture("small");
    assert_eq!(scorecard_in(dir.path(), &["build", ".", "--out", "a.pdf"]).code, 0);
    assert_eq!(scorecard_in(dir.path(), &["build", ".", "--out", "b.pdf"]).code, 0);
    let a = std::fs::read(dir.path().join("a.pdf")).unwrap();
    let b = std::fs::read(dir.path().join("b.pdf")).unwrap();
    assert!(a == b, "two builds of the same inputs differ");
}

#[test]
fn markup_in_cells_prints_literally() {
    let name = "#panic() ] * _ $x$ <l> @ref";
    let indicators =
        format!("id,name,unit,polarity,notes\nX,\"{name}\",count,neutral,\"*bold* #emph[no]\"\n");
    let dir = workspace(&[
        ("indicators.csv", indicators.as_bytes()),
        ("observations.csv", b"indicator,period,value\nX,2014-01,5\nX,2014-02,6\n"),
    ]);
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "x.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let text = pdf_pages(&dir.path().join("x.pdf")).join("\n");
    assert!(text.contains(name), "{text}");
    assert!(text.contains("*bold* #emph[no]"));
}

#[test]
fn wide_layout_gives_the_same_metrics_as_long() {
    let long = workspace(&[
        ("indicators.csv", INDICATORS.as_bytes()),
        (
            "observations.csv",
            b"indicator,area,period,value\nA,H,2013,71.5\nA,H,2014,78\nB,H,2013,1200\nB,H,2014,1234\n",
        ),
    ]);
    let wide = workspace(&[
        ("indicators.csv", INDICATORS.as_bytes()),
        ("observations.csv", b"Indicator,Area,2013,2014\nA,H,71.5%,78%\nB,H,\"1,200\",\"1,234\"\n"),
    ]);
    let a = metrics_json(long.path(), &[]);
    let b = metrics_json(wide.path(), &[]);
    assert_eq!(a, b);
    assert!(close(&indicator(&b, "B")["latest"]["value"], 1234.0));
    assert_eq!(indicator(&b, "A")["rag"], "amber");
}

#[test]
fn lait_workspace_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let ws = root().join("data/lait-norfolk");
    let check = scorecard_in(dir.path(), &["check", ws.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(check.stdout.contains("34 indicators"));
    assert_eq!(
        check.stdout.matches("warning: percentage").count(),
        17,
        "LAIT has 17 take-up figures above 100%"
    );
    let build = scorecard_in(dir.path(), &["build", ws.to_str().unwrap(), "--out", "lait.pdf"]);
    assert_eq!(build.code, 0, "{}", build.all());
    let pages = pdf_pages(&dir.path().join("lait.pdf"));
    assert!(pages[0].contains("Norfolk"));
    // Every English LA is in the workspace, so ranks are national.
    let flat = |p: &str| p.split_whitespace().collect::<Vec<_>>().join(" ");
    let ks2 = pages.iter().map(|p| flat(p)).find(|p| p.contains("KS2RWM_Expected_STD: Pupils")).unwrap();
    assert!(ks2.contains("National rank 145th of 151"), "{ks2}");
    // KS2 was not published for 2019/20 and 2020/21: the table has the two
    // years as gaps, and the page says why.
    assert!(ks2.contains("18/19 19/20 20/21 21/22"), "{ks2}");
    assert!(ks2.contains("No value for Norfolk in 2019/20 and 2020/21 (suppressed or nil)."), "{ks2}");
    let metrics = scorecard_in(dir.path(), &["metrics", ws.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&metrics.stdout).unwrap();
    let history = indicator(&json, "KS2RWM_Expected_STD")["history"].as_array().unwrap().clone();
    let at = |period: &str| history.iter().find(|h| h["period"] == period).unwrap().clone();
    assert!(at("2019/20")["value"].is_null());
    assert_eq!(at("2019/20")["missing"], "suppressed or nil");
    assert!(close(&at("2021/22")["value"], 50.0));
}

#[test]
fn a_workspace_template_replaces_the_built_in_one() {
    let dir = fixture("small");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/scorecard.typ"),
        "#let d = json(\"/data.json\")\n#set document(title: d.title)\n= Custom layout for #d.home\n#for i in d.indicators [#i.id ]\n",
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "custom.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let pages = pdf_pages(&dir.path().join("custom.pdf"));
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("Custom layout for Home County"));
    assert!(pages[0].contains("P1 P2 P3 P4 P5"));

    std::fs::write(dir.path().join("templates/scorecard.typ"), "#let d = json(\"/data.json\")\n#d.nope\n")
        .unwrap();
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "custom.pdf"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("scorecard.typ:2: dictionary does not contain key \"nope\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_workspace_common_template_with_other_text_sizes_still_sets_the_data_tables() {
    // The data tables' columns are worked out for the shipped text sizes; the
    // template compares them with the workspace's own and, where they
    // differ, leaves typst to size the columns.
    let dir = fixture("small");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let common =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/common.typ")).unwrap();
    let larger = common.replace("geometry.body_size * 1pt", "13pt");
    assert_ne!(larger, common);
    std::fs::write(dir.path().join("templates/common.typ"), larger).unwrap();
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "large.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let text = pdf_pages(&dir.path().join("large.pdf")).concat();
    assert!(text.contains("Series") && text.contains("75.0%"), "{text}");
}

#[test]
fn charts_export_as_svg_and_png() {
    let dir = fixture("small");
    let run = scorecard_in(dir.path(), &["chart", ".", "P1", "--out", "p1.svg"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let svg = std::fs::read_to_string(dir.path().join("p1.svg")).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains(">P1: Secondary schools judged good or better (%)</text>"));
    assert!(svg.contains(">Home County</text>") && svg.contains(">Target</text>"), "legend as text");

    let run = scorecard_in(dir.path(), &["chart", ".", "P4", "--kind", "spc", "--out", "charts/p4.png"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let png = std::fs::read(dir.path().join("charts/p4.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height at twice the 600-pixel chart.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1200);
    assert!(u32::from_be_bytes(png[20..24].try_into().unwrap()) > 500);

    let unknown = scorecard_in(dir.path(), &["chart", ".", "NOPE", "--out", "x.svg"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no indicator \"NOPE\"") && unknown.stderr.contains("P1, P2, P3, P4, P5")
    );
    let bad = scorecard_in(dir.path(), &["chart", ".", "P1", "--out", "x.gif"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--out x.gif: the chart is written as .svg or .png"), "{}", bad.stderr);
    assert!(!dir.path().join("x.gif").exists());
}

#[test]
fn each_command_names_the_formats_it_writes() {
    let dir = fixture("small");
    let build = scorecard_in(dir.path(), &["build", ".", "--out", "x.docx"]);
    assert_eq!(build.code, 2);
    assert!(build.stderr.contains("--out x.docx: the scorecard is written as .pdf"), "{}", build.stderr);
    std::fs::copy(root().join("tests/fixtures/finance/revenue.csv"), dir.path().join("book.csv")).unwrap();
    let variance = scorecard_in(dir.path(), &["variance", "book.csv", "--out", "v.pdf", "--out", "v.ods"]);
    assert_eq!(variance.code, 2);
    assert!(
        variance.stderr.contains("--out v.ods: the finance report is written as .pdf, .html, .csv or .xlsx"),
        "{}",
        variance.stderr
    );
    assert!(!dir.path().join("v.pdf").exists(), "nothing is written when one --out is wrong");
    // metrics: a .csv file name asks for CSV; --format still decides when given.
    let csv = scorecard_in(dir.path(), &["metrics", ".", "--out", "m.csv"]);
    assert_eq!(csv.code, 0, "{}", csv.all());
    assert!(std::fs::read_to_string(dir.path().join("m.csv")).unwrap().starts_with("id,name,"));
    let json = scorecard_in(dir.path(), &["metrics", ".", "--format", "json", "--out", "m2.csv"]);
    assert_eq!(json.code, 0, "{}", json.all());
    assert!(std::fs::read_to_string(dir.path().join("m2.csv")).unwrap().starts_with('{'));
}

/// Outputs are created as other programs create files, 0666 less the umask:
/// run under umask 022, a PDF is 0644 (it was 0600, unreadable on a shared drive).
#[cfg(unix)]
#[test]
fn outputs_are_readable_by_others_under_the_usual_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixture("small");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" build . --out shared.pdf --date 2014-03-13")
        .arg(env!("CARGO_BIN_EXE_scorecard"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let mode = std::fs::metadata(dir.path().join("shared.pdf")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn confidence_level_widens_the_interval() {
    let dir = fixture("small");
    let narrow = metrics_json(dir.path(), &[]);
    let wide = metrics_json(dir.path(), &["--confidence", "99.8"]);
    let width = |m: &Value| {
        let l = &indicator(m, "P1")["latest"];
        l["ci_upper"].as_f64().unwrap() - l["ci_lower"].as_f64().unwrap()
    };
    assert!(width(&wide) > width(&narrow));
    assert_eq!(wide["confidence"], 0.998);
    assert_eq!(scorecard_in(dir.path(), &["metrics", ".", "--confidence", "100"]).code, 2);
}

#[test]
fn workspaces_without_neighbours_use_the_dfe_table() {
    let dir = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"E10000020\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", INDICATORS.as_bytes()),
        (
            "o.csv",
            b"indicator,area,period,value\nA,E10000020,2014,75\nA,E10000029,2014,70\nA,E10000016,2014,72\nA,E10000099,2014,99\n",
        ),
    ]);
    let m = metrics_json(dir.path(), &[]);
    // Suffolk and Kent are among Norfolk's DfE neighbours; E10000099 is not.
    assert_eq!(indicator(&m, "A")["neighbours"]["count"], 2);
    assert!(close(&indicator(&m, "A")["neighbours"]["average"], 71.0));
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "n.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let cover = &pdf_pages(&dir.path().join("n.pdf"))[0];
    assert!(cover.contains("DfE children's services statistical neighbour table"), "{cover}");
}

#[test]
fn half_termly_indicators_read_report_and_print_their_half_terms() {
    // Written as schools write them, in a wide table with half-terms as headers.
    let dir = workspace(&[
        (
            "indicators.csv",
            b"id,name,unit,polarity,frequency,target,decimals\nPA,Persistent absence (%),percent,lower_is_better,half_termly,10,1\n",
        ),
        (
            "observations.csv",
            "Indicator,Area,Aut 1 2013/14,2013/14 Aut 2,Spring 1 2014,Spr 2 2013-14\nPA,H,12.5,11.0,10.4,9.8\n"
                .as_bytes(),
        ),
    ]);
    let m = metrics_json(dir.path(), &[]);
    let pa = indicator(&m, "PA");
    assert_eq!(pa["frequency"], "half_termly");
    assert_eq!(pa["latest"]["period"], "2013/14 Spr 2");
    assert_eq!(pa["previous"]["period"], "2013/14 Spr 1");
    assert_eq!(pa["rag"], "green", "9.8 is under the target of 10");
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "pa.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(!run.stderr.contains("frequency"), "half-terms fit a half-termly indicator: {}", run.stderr);
    let text = pdf_pages(&dir.path().join("pa.pdf")).join("\n");
    assert!(text.contains("Spr 2 2013/14"), "{text}");
    assert!(text.contains("half-termly"), "{text}");
}

/// A side column too tall for its page (a long commentary) is set a size
/// smaller and runs on to the next page, every word of it printed: the
/// column sits beside the charts in a grid then, not placed at the top.
#[test]
fn a_commentary_too_long_for_its_page_runs_on_whole() {
    let note: Vec<String> = (0..420).map(|i| format!("word{i}")).collect();
    let indicators = format!(
        "id,name,unit,polarity,notes\nA,Alpha,percent,higher_is_better,{}\nB,Beta,percent,higher_is_better,Short.\n",
        note.join(" ")
    );
    let observations =
        "indicator,area,period,value\nA,H,2014-01,75\nA,H,2014-02,76\nB,H,2014-01,5\nB,H,2014-02,6\n";
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", indicators.as_bytes()),
        ("o.csv", observations.as_bytes()),
    ]);
    let run = scorecard_in(ws.path(), &["build", ".", "--out", "s.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let pages = pdf_pages(&ws.path().join("s.pdf"));
    let alpha = pages.iter().position(|p| p.contains("A: Alpha")).expect("Alpha's page");
    let beta = pages.iter().position(|p| p.contains("B: Beta")).expect("Beta's page");
    assert!(beta >= alpha + 2, "Alpha's page runs on: pages {alpha} and {beta}");
    let text = pages[alpha..beta].join(" ");
    for word in ["word0", "word210", "word419"] {
        assert!(text.split_whitespace().any(|w| w == word), "{word} is missing");
    }
}
