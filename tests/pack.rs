//! The agenda pack: a meeting folder from `init --pack` made into one PDF,
//! with the agenda's page numbers checked against where each item starts.

mod common;

use std::path::Path;

use common::*;

/// The sample meeting, written by `init --pack` into a temporary folder.
fn meeting() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = scorecard_in(dir.path(), &["init", "--pack", "m"]);
    assert_eq!(run.code, 0, "{}", run.all());
    dir
}

/// The outline's entries, in order, with their depth.
fn bookmarks(path: &Path) -> Vec<(String, usize)> {
    let doc = lopdf::Document::load(path).unwrap();
    let outlines = doc.catalog().unwrap().get(b"Outlines").unwrap().as_reference().unwrap();
    let mut out = Vec::new();
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(String, usize)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let entry = doc.get_dictionary(id).unwrap();
            out.push((lopdf::decode_text_string(entry.get(b"Title").unwrap()).unwrap(), depth));
            walk(doc, entry.get(b"First").and_then(|o| o.as_reference()).ok(), depth + 1, out);
            next = entry.get(b"Next").and_then(|o| o.as_reference()).ok();
        }
    }
    let first = doc.get_dictionary(outlines).unwrap().get(b"First").unwrap().as_reference().unwrap();
    walk(&doc, Some(first), 0, &mut out);
    out
}

#[test]
fn the_agenda_gives_the_page_on_which_each_item_starts() {
    let dir = meeting();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let path = dir.path().join("pack.pdf");
    let pages = pdf_pages(&path);
    let flat: Vec<String> =
        pages.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    // Every page carries the pack's running number and the meeting's footer.
    let n = pages.len();
    for (i, page) in flat.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {n}", i + 1)), "page {}: {page}", i + 1);
        assert!(
            page.contains("Children's Services Overview and Scrutiny Panel · 13 March 2014"),
            "page {}",
            i + 1
        );
    }
    let agenda = flat.iter().find(|p| p.contains("Agenda Item Business Page")).expect("an agenda page");
    // Each item with a report: the page the agenda names starts with it.
    for (title, starts_with) in [
        ("Minutes", "Item No. 2 Minutes"),
        ("Report for 2013/14", "Item No. 8 Children's Services Integrated Performance"),
        ("Revenue budget monitoring tables", "Item No. 8a Revenue budget monitoring tables"),
        ("within Children's Social Care", "Item No. 9 Update on Quality Assurance"),
        ("Strategic Improvement Plan: progress", "Item No. 11 Strategic Improvement Plan: progress"),
        ("Scrutiny Forward Work Programme", "Item No. 18 Scrutiny Forward Work Programme"),
    ] {
        let at = agenda.find(title).unwrap_or_else(|| panic!("{title} is on the agenda: {agenda}"));
        let page: usize =
            agenda[at..].split("Page ").nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap();
        assert!(
            flat[page - 1].contains(starts_with),
            "page {page} should start {starts_with:?}: {}",
            flat[page - 1]
        );
    }
    // The generated scorecard follows its front sheet; the finance tables theirs.
    let front = flat.iter().position(|p| p.contains("Item No. 8 ")).unwrap();
    assert!(flat[front].contains("Responsible chief officer Interim Director of Children's Services"));
    assert!(flat[front + 1].contains("Children's Services Performance Scorecard"));
    // The exempt item is on the agenda, and not in the pack.
    assert!(
        agenda.contains("Exempt information (Paragraph 3): not included in the public pack."),
        "{agenda}"
    );
    assert_eq!(flat.iter().filter(|p| p.contains("Residential placements")).count(), 1);
    // Bookmarks: the cover, then one per item with pages, 8a nested under 8.
    let marks = bookmarks(&path);
    assert_eq!(marks[0], ("Cover and agenda".to_string(), 0));
    assert!(marks.contains(&("8a. Revenue budget monitoring tables".to_string(), 1)), "{marks:?}");
    assert_eq!(marks.iter().filter(|(_, depth)| *depth == 0).count(), 6, "{marks:?}");
    // The improvement plan follows its front sheet, judged at the meeting's date.
    let plan = flat.iter().position(|p| p.contains("Item No. 11 ")).unwrap();
    assert!(flat[plan + 1].contains("progress at 13 March 2014"), "{}", flat[plan + 1]);
    assert_eq!(
        pdf_info(&path, b"Title").unwrap(),
        "Children's Services Overview and Scrutiny Panel – 13 March 2014"
    );
    assert_eq!(pdf_info(&path, b"Author").unwrap(), "Example County Council");
    assert_eq!(pdf_lang(&path).as_deref(), Some("en-GB"));
}

#[test]
fn an_included_report_keeps_its_text_and_two_packs_are_identical() {
    let dir = meeting();
    // A report PDF made elsewhere: here, the finance tables of the sample budget.
    let book = root().join("tests/fixtures/finance/revenue.csv");
    let made =
        scorecard_in(dir.path(), &["variance", book.to_str().unwrap(), "--out", "m/reports/finance.pdf"]);
    assert_eq!(made.code, 0, "{}", made.all());
    let manifest = dir.path().join("m/meeting.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("variance = \"workspace/data/budget.csv\"", "report = \"reports/finance.pdf\""),
    )
    .unwrap();
    let a = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "a.pdf"]);
    assert_eq!(a.code, 0, "{}", a.all());
    let b = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "b.pdf"]);
    assert_eq!(b.code, 0, "{}", b.all());
    let bytes = std::fs::read(dir.path().join("a.pdf")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(dir.path().join("b.pdf")).unwrap(),
        "the same inputs give the same bytes"
    );
    let pages = pdf_pages(&dir.path().join("a.pdf"));
    let included = pdf_pages(&dir.path().join("m/reports/finance.pdf"));
    let first = included[0].split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert!(
        pages.iter().any(|p| p.split_whitespace().collect::<Vec<_>>().join(" ").contains(&first)),
        "the included report's text is in the pack: {first}"
    );
}

#[test]
fn a_bad_manifest_is_reported_by_line_and_nothing_is_written() {
    let dir = meeting();
    let manifest = dir.path().join("m/meeting.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text
        .replace("text = \"reports/minutes.md\"", "text = \"reports/missing.md\"")
        .replace("number = \"9\"", "number = \"8\"");
    std::fs::write(&manifest, &text).unwrap();
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let shown = "m/meeting.toml";
    assert!(
        run.stderr.contains(&format!("{shown}:{}:1: item 2: text", line("reports/missing.md"))),
        "{}",
        run.stderr
    );
    let second_8 =
        text.lines().enumerate().filter(|(_, l)| l.trim() == "number = \"8\"").nth(1).unwrap().0 + 1;
    assert!(
        run.stderr.contains(&format!("{shown}:{second_8}:1: item 8 is on the agenda twice")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 errors in m/meeting.toml"), "{}", run.stderr);
    assert!(!dir.path().join("pack.pdf").exists());
    let check = scorecard_in(dir.path(), &["check", "m/meeting.toml"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("2 errors"), "{}", check.stdout);
}

#[test]
fn a_generated_report_is_checked_as_its_own_command_checks_it() {
    let dir = meeting();
    let observations = dir.path().join("m/workspace/data/observations.csv");
    let text = std::fs::read_to_string(&observations).unwrap();
    // Line 2 is "EY01,E10000020,2010/11,47.34,,,": its value typed as a word.
    std::fs::write(&observations, text.replacen(",47.34,", ",abc,", 1)).unwrap();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("observations.csv:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("\"abc\" is not a number"), "{}", run.stderr);
    assert!(!dir.path().join("pack.pdf").exists());
}

#[test]
fn a_typst_report_is_compiled_in_the_sandbox() {
    let dir = meeting();
    let manifest = dir.path().join("m/meeting.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("reports/work-programme.md", "reports/work-programme.typ"))
        .unwrap();
    let report = dir.path().join("m/reports/work-programme.typ");
    std::fs::write(&report, "#set document(title: \"Work programme\")\n#set text(font: \"Inter\", lang: \"en\")\n= Work programme\nAgreed items: *Early Help Offer*.\n").unwrap();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let pages = pdf_pages(&dir.path().join("pack.pdf"));
    let last = pages.last().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(last.contains("Work programme Agreed items: Early Help Offer"), "{last}");
    // A report cannot read the machine's files: the world serves none.
    std::fs::write(&report, "#set document(title: \"X\")\n#read(\"/etc/passwd\")\n").unwrap();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack2.pdf"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("work-programme.typ: item 18:"), "{}", run.stderr);
    assert!(!dir.path().join("pack2.pdf").exists());
}

/// A manifest and a Markdown report saved on Windows: CRLF endings, and the
/// report in Windows-1252 with a pound sign.
#[test]
fn windows_files_make_the_same_pack() {
    let dir = meeting();
    let manifest = dir.path().join("m/meeting.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace('\n', "\r\n");
    std::fs::write(&manifest, text).unwrap();
    let minutes = dir.path().join("m/reports/minutes.md");
    let text = std::fs::read_to_string(&minutes)
        .unwrap()
        .replace("placement costs", "placement costs (£2.1m)")
        .replace('\n', "\r\n");
    std::fs::write(&minutes, encoding_rs::WINDOWS_1252.encode(&text).0).unwrap();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let pages = pdf_pages(&dir.path().join("pack.pdf"));
    assert!(pages.iter().any(|p| p.contains("placement costs (£2.1m)")), "the pound sign survives");
    assert!(pages[0].contains("Children's Services Overview and Scrutiny"));
}
