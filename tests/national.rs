//! National scale: every local authority at once, and the checks only the
//! whole country's data makes possible.

mod common;

use common::*;

/// In the DfE's own LAIT data, England's First Time Entrants rate is several
/// times every local authority's: `check` says so, the metrics carry the
/// words, and the Norfolk scorecard prints them beside the figure.
#[test]
fn england_outside_every_authority_is_a_warning_and_is_printed() {
    let root = root();
    let check = scorecard_in(&root, &["check", "data/lait-norfolk"]);
    assert_eq!(check.code, 0, "{}", check.all());
    let printed = check.all();
    let warnings: Vec<&str> = printed.lines().filter(|l| l.contains("England's FirstYJS")).collect();
    assert!(
        warnings.iter().any(|w| w.contains("for 2024 is 1,258.0, outside the range of all")
            && w.contains("local authorities' values (63.0 to 318.0)")),
        "{warnings:#?}"
    );
    assert!(warnings.iter().all(|w| w.contains("warning:")), "{warnings:#?}");

    let metrics = scorecard_in(&root, &["metrics", "data/lait-norfolk", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&metrics.stdout).unwrap();
    let indicators = json["indicators"].as_array().unwrap();
    let fte = indicators.iter().find(|i| i["id"] == "FirstYJS").unwrap();
    assert_eq!(fte["england"], 1258.0);
    let words = fte["england_warning"].as_str().unwrap();
    assert!(words.contains("2024 is 1,258.0"), "{words}");
    // No other indicator's England value lies outside its authorities' range.
    let flagged = indicators.iter().filter(|i| i.get("england_warning").is_some()).count();
    assert_eq!(flagged, 1);

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("norfolk.pdf");
    let build = scorecard_in(&root, &["build", "data/lait-norfolk", "--out", pdf.to_str().unwrap()]);
    assert_eq!(build.code, 0, "{}", build.all());
    let pages = pdf_pages(&pdf);
    let page =
        pages.iter().find(|p| p.contains("First Time entrants") && p.contains("England check")).unwrap();
    let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("England's FirstYJS for 2024 is 1,258.0, outside the range"), "{flat}");
}
