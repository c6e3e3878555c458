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

/// The pack's catalog, and the dictionary `key` in it refers to.
fn catalog_entry(doc: &lopdf::Document, key: &[u8]) -> lopdf::Dictionary {
    let value = doc.catalog().unwrap().get(key).unwrap_or_else(|_| panic!("the catalog has {key:?}"));
    doc.dereference(value).unwrap().1.as_dict().unwrap().clone()
}

/// The kids of a structure element, as references.
fn element_kids(doc: &lopdf::Document, element: &lopdf::Dictionary) -> Vec<lopdf::ObjectId> {
    match element.get(b"K").unwrap() {
        lopdf::Object::Reference(id) => vec![*id],
        lopdf::Object::Array(kids) => kids.iter().filter_map(|k| k.as_reference().ok()).collect(),
        other => panic!("unexpected /K {other:?} in {doc:?}", doc = doc.version),
    }
}

#[test]
fn the_pack_is_one_tagged_document_with_embedded_fonts() {
    let dir = meeting();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stderr.contains("tagged PDF/UA-1"), "{}", run.stderr);
    let path = dir.path().join("pack.pdf");
    assert!(pdf_is_tagged(&path));
    let doc = lopdf::Document::load(&path).unwrap();
    // One Document element whose kids are the parts, each pointing back at it.
    let root = catalog_entry(&doc, b"StructTreeRoot");
    let top = element_kids(&doc, &root);
    assert_eq!(top.len(), 1);
    let document = doc.get_dictionary(top[0]).unwrap();
    assert_eq!(document.get(b"S").unwrap().as_name().unwrap(), b"Document");
    let parts = element_kids(&doc, document);
    // The cover, the minutes, two reports with front sheets, the quality
    // assurance report, the plan with its front sheet, the work programme.
    assert_eq!(parts.len(), 10, "one Part per typeset part");
    for &part in &parts {
        let part = doc.get_dictionary(part).unwrap();
        assert_eq!(part.get(b"S").unwrap().as_name().unwrap(), b"Part");
        assert_eq!(part.get(b"P").unwrap().as_reference().unwrap(), top[0]);
    }
    // Every page has its own key in the one parent tree.
    let nums = root.get(b"ParentTree").and_then(|t| doc.dereference(t)).unwrap().1.as_dict().unwrap();
    let keys: Vec<i64> =
        nums.get(b"Nums").unwrap().as_array().unwrap().chunks(2).map(|p| p[0].as_i64().unwrap()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "the parent tree is in order, with no key twice");
    let pages = doc.get_pages();
    let mut page_keys: Vec<i64> = pages
        .values()
        .map(|&p| doc.get_dictionary(p).unwrap().get(b"StructParents").unwrap().as_i64().unwrap())
        .collect();
    page_keys.sort();
    page_keys.dedup();
    assert_eq!(page_keys.len(), pages.len(), "no two pages share a key");
    assert!(page_keys.iter().all(|k| keys.binary_search(k).is_ok()), "every page's key is in the tree");
    // Table cells' header IDs are unique across the parts (each part has a "U1x0y0").
    let ids = root.get(b"IDTree").and_then(|t| doc.dereference(t)).unwrap().1.as_dict().unwrap();
    let names: Vec<Vec<u8>> = ids
        .get(b"Names")
        .unwrap()
        .as_array()
        .unwrap()
        .chunks(2)
        .map(|p| p[0].as_str().unwrap().to_vec())
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "IDs sorted and unique");
    assert!(names.len() > 100, "{}", names.len());
    // It declares PDF/UA-1, and every font, the stamps' too, is embedded.
    let xmp = doc.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc.get_object(xmp).unwrap().as_stream().unwrap();
    assert!(String::from_utf8_lossy(&xmp.content).contains("<pdfuaid:part>1</pdfuaid:part>"));
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor") {
            fonts += 1;
            assert!(dict.has(b"FontFile") || dict.has(b"FontFile2") || dict.has(b"FontFile3"), "{dict:?}");
        }
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font") {
            assert!(dict.has(b"FontDescriptor") || dict.has(b"DescendantFonts"), "unembedded font {dict:?}");
        }
    }
    assert!(fonts > 0);
}

/// A two-page PDF from another system: untagged, Helvetica, the first page
/// turned a quarter clockwise, the second with its footer in the lowest
/// centimetre, where the pack's stamp would go.
fn old_report() -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.4");
    let pages = doc.new_object_id();
    let font =
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for (rotate, text) in [
        (90, "BT /F1 12 Tf 72 500 Td (Turned landscape table) Tj ET"),
        (0, "BT /F1 12 Tf 72 700 Td (Old report body) Tj ET BT /F1 9 Tf 72 6 Td (Old footer low) Tj ET"),
    ] {
        let content = doc.add_object(Stream::new(dictionary! {}, text.as_bytes().to_vec()));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Rotate" => rotate, "Contents" => content,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        })));
    }
    doc.objects
        .insert(pages, Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => 2, "Kids" => kids }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// The operations drawn on a page of `doc`, in order.
fn operations(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<lopdf::content::Operation> {
    lopdf::content::Content::decode(&doc.get_page_content(page).unwrap()).unwrap().operations
}

/// The six numbers of a `cm` operation.
fn matrix(op: &lopdf::content::Operation) -> Vec<f32> {
    op.operands.iter().map(|o| o.as_float().unwrap()).collect()
}

#[test]
fn an_untagged_report_is_stamped_where_it_covers_nothing() {
    let dir = meeting();
    std::fs::write(dir.path().join("m/reports/old.pdf"), old_report()).unwrap();
    let manifest = dir.path().join("m/meeting.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("text = \"reports/quality-assurance.md\"", "report = \"reports/old.pdf\""),
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["pack", "m/meeting.toml", "--out", "pack.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stderr.contains("tagged except item 9"), "{}", run.stderr);
    let path = dir.path().join("pack.pdf");
    let doc = lopdf::Document::load(&path).unwrap();
    assert!(doc.catalog().unwrap().get(b"Metadata").is_err(), "no PDF/UA claim with an untagged part");
    let texts: Vec<String> =
        pdf_pages(&path).iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let turned = texts.iter().position(|p| p.contains("Turned landscape table")).unwrap();
    let low = texts.iter().position(|p| p.contains("Old footer low")).unwrap();
    assert_eq!(low, turned + 1);
    for (i, page) in [turned, low].into_iter().enumerate() {
        assert!(
            texts[page].contains(&format!("Page {} of {}", page + 1, texts.len())),
            "stamp {i}: {}",
            texts[page]
        );
    }
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    // The stamp is drawn along the edge shown at the bottom, reading upwards in
    // the page's own space: a quarter turn anticlockwise from the right edge.
    let ops = operations(&doc, pages[turned]);
    let stamp = ops.iter().rposition(|op| op.operator == "Do").unwrap();
    assert_eq!(ops[stamp - 1].operator, "cm");
    assert_eq!(matrix(&ops[stamp - 1]), [0.0, 1.0, -1.0, 0.0, 595.0, 0.0]);
    assert!(
        ops.iter()
            .take(stamp)
            .all(|op| op.operator != "cm" || op.operands.len() != 6 || matrix(op)[0] == 0.0),
        "the turned page's content is clear of the strip and is not moved"
    );
    // The low footer reached into the strip: the content is scaled down
    // towards the top of the page so that the footer now ends above it.
    let ops = operations(&doc, pages[low]);
    let shrink = matrix(ops.iter().find(|op| op.operator == "cm").unwrap());
    let scale = shrink[0];
    assert!(scale < 1.0 && scale > 0.95, "{shrink:?}");
    assert_eq!(shrink[3], scale);
    let lowest = scale * (6.0 - 9.0 * 0.25) + shrink[5];
    assert!(lowest >= 22.0 - 0.01, "the footer's lowest point is now at {lowest}");
    assert!((scale * 842.0 + shrink[5] - 842.0).abs() < 0.01, "the top of the page stays");
}

/// A PDF of `pages`, each showing its text in Helvetica.
fn simple_pdf(pages: &[&str]) -> Vec<u8> {
    save(simple_doc(pages))
}

/// The bytes of a PDF.
fn save(mut doc: lopdf::Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A document of `pages`, each showing its text in Helvetica.
fn simple_doc(pages: &[&str]) -> lopdf::Document {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.4");
    let tree = doc.new_object_id();
    let font =
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let kids: Vec<Object> = pages
        .iter()
        .map(|text| {
            let content = format!("BT /F1 11 Tf 72 700 Td ({text}) Tj ET");
            let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
            Object::Reference(doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => tree, "Contents" => content, "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }))
        })
        .collect();
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => count, "Kids" => kids }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    doc
}

#[test]
fn every_preflight_problem_names_its_item_and_page() {
    use lopdf::dictionary;
    let dir = meeting();
    let reports = dir.path().join("m/reports");
    std::fs::write(reports.join("empty.pdf"), b"").unwrap();
    std::fs::write(reports.join("corrupt.pdf"), b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ngarbage")
        .unwrap();
    let mut encrypted = simple_doc(&["secret"]);
    // A standard security handler whose user password is not empty.
    let handler = dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "Length" => 40, "P" => -4,
        "O" => lopdf::Object::string_literal(vec![7u8; 32]), "U" => lopdf::Object::string_literal(vec![9u8; 32]),
    };
    let handler = encrypted.add_object(handler);
    encrypted.trailer.set("Encrypt", handler);
    encrypted.trailer.set(
        "ID",
        vec![lopdf::Object::string_literal(vec![1u8; 16]), lopdf::Object::string_literal(vec![1u8; 16])],
    );
    let encrypted = save(encrypted);
    std::fs::write(reports.join("encrypted.pdf"), &encrypted).unwrap();
    std::fs::write(
        reports.join("draft.pdf"),
        simple_pdf(&["Early years sufficiency", "please contact ADD REPORT AUTHOR'S NAME on 0344 800 8020"]),
    )
    .unwrap();
    std::fs::write(dir.path().join("outside.pdf"), simple_pdf(&["outside"])).unwrap();
    let minutes = reports.join("minutes.md");
    let text = std::fs::read_to_string(&minutes).unwrap();
    std::fs::write(&minutes, format!("{text}\nAs set out in paragraph xxx above.\n")).unwrap();
    let manifest = dir.path().join("m/meeting.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        "text = \"reports/quality-assurance.md\"",
        "report = \"reports/draft.pdf\"\nchief_oficer = \"Director\"",
    ) + concat!(
        "\n[[items]]\nnumber = \"19\"\ntitle = \"Empty\"\nreport = \"reports/empty.pdf\"\n",
        "\n[[items]]\nnumber = \"20\"\ntitle = \"Corrupt\"\nreport = \"reports/corrupt.pdf\"\n",
        "\n[[items]]\nnumber = \"21\"\ntitle = \"Locked\"\nreport = \"reports/encrypted.pdf\"\n",
        "\n[[items]]\nnumber = \"22\"\ntitle = \"Elsewhere\"\nreport = \"../../outside.pdf\"\n",
        "\n[[items]]\nnumber = \"23\"\ntitle = \"Missing\"\nreport = \"reports/missing.pdf\"\n",
        "\n[[items]]\nnumber = \"25\"\ntitle = \"Later\"\n",
        "\n[[items]]\nnumber = \"24\"\ntitle = \"Earlier, after it\"\n",
        "\n[[items]]\nnumber = \"26\"\ntitle = \"Any other business\"\n",
        "\n[[items]]\nnumber = \"26\"\ntitle = \"Any other business, twice\"\n",
    );
    let text = text.replace("published = 2014-03-05", "published = \"2014-06-31\"");
    std::fs::write(&manifest, &text).unwrap();
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for args in [&["pack", "m/meeting.toml", "--out", "pack.pdf"][..], &["check", "m/meeting.toml"]] {
        let run = scorecard_in(dir.path(), args);
        assert_eq!(run.code, 1, "{}", run.all());
        let all = run.all();
        for expected in [
            format!(
                "m/meeting.toml:{}:1: unknown key `chief_oficer`: did you mean `chief_officer`?",
                line("chief_oficer")
            ),
            format!("m/meeting.toml:{}:1: published: 2014-06-31 is not a date", line("2014-06-31")),
            // Helvetica's standard encoding shows the apostrophe as a right quote.
            "m/reports/draft.pdf: item 9: page 2: unfilled template text \"ADD REPORT AUTHOR’S NAME\""
                .to_string(),
            "m/reports/minutes.md:".to_string()
                + &format!(
                    "{}:1: item 2: unfilled template text \"paragraph xxx\"",
                    std::fs::read_to_string(&minutes).unwrap().lines().count()
                ),
            "m/reports/empty.pdf: item 19: not a PDF".to_string(),
            "m/reports/corrupt.pdf: item 20: not a PDF".to_string(),
            "m/reports/encrypted.pdf: item 21: the PDF is encrypted".to_string(),
            format!(
                "m/meeting.toml:{}:1: item 22: report ../../outside.pdf is outside the meeting's folder",
                line("../../outside.pdf")
            ),
            format!("m/meeting.toml:{}:1: item 23: report", line("reports/missing.pdf")),
            format!(
                "m/meeting.toml:{}:1: item 24 comes after item 25: the agenda runs in order",
                line("number = \"24\"")
            ),
            "item 26 is on the agenda twice".to_string(),
            "warning: the meeting's date, Thursday 13 March 2014, is in the past".to_string(),
        ] {
            assert!(all.contains(&expected), "{args:?}: expected {expected:?} in\n{all}");
        }
        assert!(!dir.path().join("pack.pdf").exists());
    }
    // With --allow-outside the outside report is no longer an error.
    let run = scorecard_in(dir.path(), &["check", "m/meeting.toml", "--allow-outside"]);
    assert!(!run.all().contains("is outside the meeting's folder"), "{}", run.all());
}

/// Unfilled template text in what a generated report prints (an indicator's
/// name, a plan's actions and updates) is found too, with its item.
#[test]
fn unfilled_text_in_generated_reports_is_found() {
    let dir = meeting();
    let plan = dir.path().join("m/reports/improvement-plan.csv");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str(
        "1.2.7,Practice standards,,Audit as in paragraph xxx,,,31 Mar 14,ES,Green,[insert date] audit\n",
    );
    std::fs::write(&plan, text).unwrap();
    let indicators = dir.path().join("m/workspace/data/indicators.csv");
    let text = std::fs::read_to_string(&indicators).unwrap();
    std::fs::write(
        &indicators,
        text.replacen("at the end of reception (%)", "at the end of reception (%) TBC", 1),
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["check", "m/meeting.toml"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let all = run.all();
    for expected in [
        "item 11: action 1.2.7: unfilled template text \"paragraph xxx\"",
        "item 11: action 1.2.7: unfilled template text \"[insert date]\"",
        "m/workspace/data/indicators.csv: warning: item 8: indicator EY01: unfilled template text \"TBC\"",
    ] {
        assert!(all.contains(expected), "expected {expected:?} in\n{all}");
    }
}
