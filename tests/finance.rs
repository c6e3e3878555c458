//! Finance: variance tables from the Norfolk seed tables, reconciliation of
//! their printed figures, and the CSV, XLSX and PDF outputs.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use rust_xlsxwriter::Workbook;

/// A cell of a fixture sheet: text or a number.
enum C {
    S(&'static str),
    N(f64),
}
use C::{N, S};

/// Writes a workbook of sheets built from the seed tables (001-norfolk…, section 8 to 10).
fn seed_book(path: &std::path::Path) {
    let mut book = Workbook::new();
    let capital: Vec<Vec<C>> = vec![
        vec![
            S("Scheme or programme of work"),
            S("Approved 2013-14 capital budget £m"),
            S("Forecast 2013-14 capital outturn £m"),
            S("Variance"),
            S("Reasons"),
        ],
        vec![S("Surestart Extended schools"), N(0.290), N(0.080), N(-0.008), S("Savings on project costs")],
        vec![S("Swaffham Children's Centre"), N(0.113), N(0.077), N(-0.036), S("Savings on project costs")],
        vec![S("Toftwood Junior school"), N(0.070), N(0.038), N(-0.032), S("Savings on project costs")],
        vec![
            S("Special school Specialist Resource Bases"),
            N(0.063),
            N(0.013),
            N(-0.050),
            S("Savings on project costs"),
        ],
        vec![S("Specialist schools"), N(0.093), N(0.000), N(-0.093), S("Savings on project costs")],
        vec![S("Other minor variations"), N(41.672), N(41.600), N(-0.072), S("Savings on project costs")],
        vec![S("Total"), N(42.301), N(42.010), N(-0.291)],
    ];
    let reserves: Vec<Vec<C>> = vec![
        vec![
            S("Group"),
            S("Title/description"),
            S("Balance at 01-04-13 £m"),
            S("Forecast balance at 31-03-14 £m"),
            S("Variance £m"),
            S("Reason for variance"),
        ],
        vec![
            S("Schools"),
            S("Schools Transport Days Equalisation Fund"),
            N(0.690),
            N(0.249),
            N(-0.441),
            S("Timing of Easter"),
        ],
        vec![
            S("Schools"),
            S("Schools Contingency Fund"),
            N(10.030),
            N(10.711),
            N(0.681),
            S("Early Years contribution less high needs"),
        ],
        vec![S("Schools"), S("Schools Non- Teaching Activities"), N(1.010), N(1.010), N(0.0), S("")],
        vec![S("Schools"), S("Building Maintenance Partnership Pool"), N(0.322), N(0.322), N(0.0), S("")],
        vec![
            S("Schools"),
            S("School Sickness Insurance Scheme"),
            N(1.428),
            N(1.128),
            N(-0.300),
            S("Additional school sickness claims"),
        ],
        vec![S("Schools"), S("School Playing surface sinking fund"), N(0.409), N(0.409), N(0.0), S("")],
        vec![S("Schools"), S("Education Provision for Holiday Pay"), N(0.018), N(0.018), N(0.0), S("")],
        vec![
            S("Schools"),
            S("Non BMPP Building Maintenance Fund"),
            N(1.522),
            N(1.273),
            N(-0.249),
            S("School becoming an Academy"),
        ],
        vec![S("Schools"), S("Norfolk PFI Sinking Fund"), N(1.711), N(1.711), N(0.0), S("")],
        vec![S("Schools"), S("Schools total"), N(17.140), N(16.831), N(-0.309)],
        vec![
            S("Children's Services"),
            S("IT Earmarked Reserves"),
            N(0.459),
            N(0.175),
            N(-0.284),
            S("Use of reserves"),
        ],
        vec![
            S("Children's Services"),
            S("Repairs and Renewals Fund"),
            N(0.211),
            N(0.141),
            N(-0.070),
            S("Use of reserves"),
        ],
        vec![
            S("Children's Services"),
            S("Grants and Contributions"),
            N(5.119),
            N(2.199),
            N(-2.920),
            S("Use of reserves"),
        ],
        vec![
            S("Children's Services"),
            S("Children's Services post Ofsted Improvement Fund"),
            N(0.000),
            N(1.500),
            N(1.500),
            S("Profile of improvement activities"),
        ],
        vec![S("Children's Services"), S("Children's Services total"), N(5.789), N(4.015), N(-1.774)],
        vec![S(""), S("Total"), N(22.929), N(20.846), N(-2.910)],
    ];
    let schools: Vec<Vec<C>> = vec![
        vec![
            S("Title/description"),
            S("Balance at 31-03-13 £m"),
            S("Forecast balance at 31-03-14 £m"),
            S("Total variance £m"),
            S("In year variance £m"),
            S("Academy variance £m"),
        ],
        vec![S("Nursery schools"), N(0.082), N(0.056), N(-0.026), N(-0.026), N(0.000)],
        vec![S("Primary schools"), N(17.797), N(12.966), N(-4.831), N(-3.292), N(-1.539)],
        vec![S("Secondary schools"), N(10.205), N(5.987), N(-4.218), N(-1.741), N(-2.477)],
        vec![S("Special schools"), N(1.336), N(0.868), N(-0.468), N(-0.468), N(0.000)],
        vec![S("School Clusters"), N(3.485), N(1.754), N(-1.731), N(-1.731), N(0.000)],
        vec![S("Partnerships"), N(0.212), N(0.000), N(-0.212), N(-0.212), N(0.000)],
        vec![S("Short Stay Schools"), N(0.307), N(0.000), N(-0.307), N(0.000), N(-0.307)],
        vec![S("Total"), N(33.424), N(21.631), N(-11.793), N(-7.470), N(-4.323)],
    ];
    let revenue_csv = std::fs::read_to_string(root().join("tests/fixtures/finance/revenue.csv")).unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Revenue").unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(revenue_csv.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, field) in record.unwrap().iter().enumerate() {
            // Amounts go in as numbers where they read as plain numbers, as typed in Excel.
            match field.parse::<f64>() {
                Ok(n) if c >= 2 && c != 5 => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                _ => sheet.write_string(r as u32, c as u16, field).map(|_| ()),
            }
            .unwrap();
        }
    }
    // The reasons table repeats each variance, under shortened names (001:814-860);
    // fostering is given as +0.900 here where the revenue table has +0.800.
    let reasons: Vec<Vec<C>> = vec![
        vec![S("Division of service"), S("Forecast +Over/- Underspend £m"), S("Reasons for variance")],
        vec![S("Residential/Kinship payments"), N(0.500), S("Increased number of payments")],
        vec![S("Early Years Services"), N(-1.232), S("Savings on Early Years training")],
        vec![S("In-house fostering"), N(0.900), S("Additional number of foster carers")],
        vec![S("School Facilities"), N(-0.035), S("Reduction of accommodation costs")],
    ];
    for (name, rows) in
        [("Capital", capital), ("Reserves", reserves), ("SchoolBalances", schools), ("Reasons", reasons)]
    {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    S(s) => sheet.write_string(r as u32, c as u16, *s).map(|_| ()),
                    N(n) => sheet.write_number(r as u32, c as u16, *n).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn check_finds_the_errors_printed_in_the_norfolk_tables() {
    let dir = tempfile::tempdir().unwrap();
    seed_book(&dir.path().join("norfolk.xlsx"));
    let run = scorecard_in(dir.path(), &["check", "norfolk.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let expected = [
        // Reserves: the total variance does not equal its rows (seed 001:1040).
        "norfolk.xlsx: Reserves!E17: printed -2.910, computed -2.083 (sum of E2:E10, E12:E15) — Total",
        // Capital: the forecast column sums to 41.808, not 42.010 (001:981).
        "norfolk.xlsx: Capital!C8: printed 42.010, computed 41.808 (sum of C2:C7) — Total",
        // …and so, with the Surestart line's own variance, the variance column sums to −0.493.
        "norfolk.xlsx: Capital!D8: printed -0.291, computed -0.493 (sum of D2:D7) — Total",
        // Capital: 0.080 − 0.290 is −0.210, not −0.008.
        "norfolk.xlsx: Capital!D2: printed -0.008, computed -0.210 (C2 − B2) — Surestart Extended schools",
        // A figure in two tables: the reasons table's fostering line disagrees with the revenue table.
        "norfolk.xlsx: Reasons!B4: printed 0.900, but the revenue table gives 0.800 (D7 − C7) — In-house fostering",
        // A shortened name that matches no line (or more than one) is a warning, not a guess.
        "norfolk.xlsx: Reasons!B5: warning: School Facilities is in the reasons table but no revenue line has that name",
        // Revenue: −0.430 of 4.041 is −10.6%, which rounds to −11, not −10.
        "norfolk.xlsx: Revenue!F10: printed -10, computed -11 (D10 − C10 as % of C10, rounded half away from zero) — Looked After Children Legal",
    ];
    for e in expected {
        assert!(run.stdout.lines().any(|l| l == e), "missing {e:?} in\n{}", run.stdout);
    }
    assert!(run.stdout.contains("6 errors"), "{}", run.stdout);
}

#[test]
fn revenue_csv_matches_hand_computed_lines_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let book = root().join("tests/fixtures/finance/revenue.csv");
    let run = scorecard_in(dir.path(), &["variance", book.to_str().unwrap(), "--out", "rev.csv"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let text = std::fs::read_to_string(dir.path().join("rev.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "row,group,division,approved_budget,forecast_outturn,variance,variance_pct,previous_variance,movement,rag,reason");
    assert_eq!(lines.len(), 1 + 25 + 2 + 1);
    assert_eq!(lines[1], "line,Spending Increases,Looked After Children - Agency,24.506,27.356,2.850,12,2.814,0.036,red,Increase in agency placements");
    // 0.110 against a budget of 0.000: n/a; amber as 0.110 ≥ £0.1m.
    assert_eq!(lines[4], "line,Spending Increases,Homelessness – Southwark judgement,0.000,0.110,0.110,n/a,0.110,0.000,amber,Southwark judgement duties");
    // −0.430 / 4.041 = −10.64% → −11 (the seed printed −10).
    assert!(
        lines[9].starts_with("line,Spending Reductions,Looked After Children Legal,4.041,3.611,-0.430,-11,")
    );
    // Hand sums: increases 44.533 → 50.794 (+6.261, previous 5.642), reductions 32.106 → 26.971 (−5.135, previous
    // −4.708); total +1.126 (previous 0.934, movement 0.192 as printed).
    assert_eq!(
        lines[26],
        "subtotal,Spending Increases,Spending Increases total,44.533,50.794,6.261,14,5.642,0.619,red,"
    );
    assert_eq!(
        lines[27],
        "subtotal,Spending Reductions,Spending Reductions total,32.106,26.971,-5.135,-16,-4.708,-0.427,green,"
    );
    assert_eq!(lines[28], "total,,Total,76.639,77.765,1.126,1,0.934,0.192,red,");
}

#[test]
fn xlsx_output_keeps_numbers_and_total_formulas() {
    let dir = tempfile::tempdir().unwrap();
    seed_book(&dir.path().join("norfolk.xlsx"));
    let run =
        scorecard_in(dir.path(), &["variance", "norfolk.xlsx", "--out", "out.xlsx", "--out", "out.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let mut wb = open_workbook_auto(dir.path().join("out.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Revenue", "Capital", "Reserves", "SchoolBalances"]);
    let reserves = wb.worksheet_range("Reserves").unwrap();
    let formulas = wb.worksheet_formula("Reserves").unwrap();
    // Row 2 is the first Schools line: numbers, not text; variance as a formula.
    assert_eq!(
        reserves.get_value((1, 1)),
        Some(&Data::String("Schools Transport Days Equalisation Fund".into()))
    );
    assert_eq!(reserves.get_value((1, 2)), Some(&Data::Float(0.69)));
    assert_eq!(formulas.get_value((1, 4)).map(String::as_str), Some("D2-C2"));
    // The Schools subtotal (after 9 lines) and the grand total are SUBTOTAL formulas with correct cached values.
    assert_eq!(reserves.get_value((10, 1)), Some(&Data::String("Schools total".into())));
    assert_eq!(formulas.get_value((10, 2)).map(String::as_str), Some("SUBTOTAL(9,C2:C10)"));
    let last = reserves.height() as u32 - 1;
    assert_eq!(reserves.get_value((last, 1)), Some(&Data::String("Total".into())));
    assert_eq!(
        formulas.get_value((last, 3)).map(String::as_str),
        Some(format!("SUBTOTAL(9,D2:D{last})").as_str())
    );
    match reserves.get_value((last, 4)) {
        Some(Data::Float(v)) => assert!((v - -2.083).abs() < 1e-9, "{v}"),
        other => panic!("total variance {other:?}"),
    }
    // Number formats: signed amounts to three decimals and signed whole percentages.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(dir.path().join("out.xlsx")).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains(r#"formatCode="+#,##0.000;-#,##0.000;0.000""#), "{styles}");
    assert!(styles.contains(r#"formatCode="+0;-0;0""#));
    let pages = pdf_pages(&dir.path().join("out.pdf"));
    let text = pages.join("\n");
    assert!(text.contains("Net forecast overspend of £1.126m"), "{text}");
    assert!(text.contains("+2.850 overspend"));
    assert!(text.contains("\u{2212}0.559 underspend"), "true minus sign");
    assert!(
        text.contains("Reserves and provisions")
            && text.contains("School balances")
            && text.contains("Capital programme")
    );
    assert!(text.contains("R · Red: overspend of 5% of budget or more, or 0.500 £m or more."));
}

#[test]
fn bad_amounts_duplicates_and_unlabelled_totals_are_named() {
    let csv = "group,division,approved_budget,forecast_outturn,reason\n\
A,Fostering,\"£ 1,234.5 \",1300,\n\
A,Fostering,10,11,\n\
A,Transport,ten,11,\n\
A,,100,110,\n\
A,\"=HYPERLINK(\"\"http://x\"\")\",1,2,reason\n";
    let dir = workspace(&[("book.csv", csv.as_bytes())]);
    let run = scorecard_in(dir.path(), &["check", "book.csv"]);
    assert_eq!(run.code, 1, "{}", run.all());
    for e in [
        "book.csv:3:2: Fostering is listed twice (first on row 2)",
        "book.csv:4:3: \"ten\" is not an amount",
        "book.csv:5:2: row has amounts but no name: label a total row \"Total\" (or \"<group> total\")",
    ] {
        assert!(run.stdout.lines().any(|l| l == e), "missing {e:?} in\n{}", run.stdout);
    }
    let ok = "group,division,approved_budget,forecast_outturn,reason\nA,\"=HYPERLINK(\"\"http://x\"\")\",1,2,r\nA,+cmd,1,1,\nA,Fostering,\" £1,234.50 \",1300,\n";
    let dir = workspace(&[("book.csv", ok.as_bytes())]);
    let run = scorecard_in(dir.path(), &["variance", "book.csv", "--out", "o.csv", "--out", "o.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let out = std::fs::read_to_string(dir.path().join("o.csv")).unwrap();
    assert!(out.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{out}");
    // In the workbook the name is a string cell, as typed: no formula, no apostrophe.
    let mut wb = open_workbook_auto(dir.path().join("o.xlsx")).unwrap();
    let revenue = wb.worksheet_range("Revenue").unwrap();
    assert_eq!(revenue.get_value((1, 1)), Some(&Data::String("=HYPERLINK(\"http://x\")".into())));
    assert!(wb.worksheet_formula("Revenue").unwrap().get_value((1, 1)).is_none_or(|f| f.is_empty()));
    assert!(out.contains(",'+cmd,"));
    assert!(out.contains("line,A,Fostering,1234.500,1300.000,65.500,5,"), "{out}");

    let none = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Budget").unwrap();
    wb.save(none.path().join("b.xlsx")).unwrap();
    let run = scorecard_in(none.path(), &["check", "b.xlsx"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("b.xlsx: has none of the finance sheets Revenue, Capital, Reserves, SchoolBalances"),
        "{}",
        run.all()
    );
}

#[test]
fn variances_over_the_threshold_need_a_reason() {
    let csv = "division,approved_budget £m,forecast_outturn £m,reason\nFostering,7.000,7.800,\nTransport,1.000,1.050,\nLegal,4.041,3.611,Fewer proceedings\n";
    let dir = workspace(&[("book.csv", csv.as_bytes())]);
    let run = scorecard_in(dir.path(), &["check", "book.csv"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.all());
    let warnings: Vec<&str> = run.stdout.lines().filter(|l| l.contains("warning:")).collect();
    // 0.800 ≥ £0.1m without a reason; 0.050 is under the threshold; Legal has its reason.
    assert_eq!(warnings, vec!["book.csv:2:3: warning: Fostering: variance +0.800 has no reason"]);
    let run =
        scorecard_in(dir.path(), &["variance", "book.csv", "--reason-amount", "0.01", "--out", "r.csv"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr.matches("has no reason").count(), 2, "{}", run.stderr);
    // A threshold too large for an amount is refused, not replaced by the default.
    let run =
        scorecard_in(dir.path(), &["variance", "book.csv", "--reason-amount", "1e13", "--out", "r.csv"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("--reason-amount 10000000000000: too large for an amount"), "{}", run.stderr);
}

/// The pages' text of the variance PDF of a revenue CSV, with no reasons table.
fn revenue_pdf_pages(csv: &str) -> Vec<String> {
    let dir = workspace(&[("book.csv", csv.as_bytes())]);
    let run =
        scorecard_in(dir.path(), &["variance", "book.csv", "--reason-amount", "1000", "--out", "o.pdf"]);
    assert_eq!(run.code, 0, "{}", run.all());
    pdf_pages(&dir.path().join("o.pdf"))
}

#[test]
fn a_long_book_prints_every_line_once_on_full_pages() {
    // 230 school lines and 40 transport lines: several pages, laid out in
    // parts that must end at page ends, so no page is left part-empty.
    let mut csv = String::from("group,division,approved_budget £m,forecast_outturn £m,reason\n");
    for i in 0..270 {
        let group = if i < 230 { "Schools" } else { "Transport" };
        let budget = 1.0 + f64::from(i % 17) / 10.0;
        csv.push_str(&format!("{group},Line {i:04},{budget:.3},{:.3},Reason {i}\n", budget * 1.05));
    }
    let pages = revenue_pdf_pages(&csv);
    let text = pages.join("\n");
    for i in 0..270 {
        assert_eq!(text.matches(&format!("Line {i:04}")).count(), 1, "Line {i:04} in\n{text}");
    }
    let table_pages: Vec<usize> = pages
        .iter()
        .filter(|p| p.contains("Division of service"))
        .map(|p| p.matches("Line ").count())
        .collect();
    assert!(table_pages.len() >= 8, "{table_pages:?}");
    // Every page between the first (under the title) and the last is full.
    let middle = &table_pages[1..table_pages.len() - 1];
    assert!(middle.iter().all(|&lines| lines >= 30), "lines per page: {table_pages:?}");
    assert_eq!(text.matches("Schools total").count(), 1);
    assert_eq!(text.matches("Transport total").count(), 1);
    // Every line overspends by 5%.
    assert!(text.contains("Net forecast overspend of"), "{text}");
    assert_eq!(text.matches("+5").count(), 270 + 2 + 1, "each line, subtotal and the total at +5%");
}

#[test]
fn lines_named_like_totals_are_kept() {
    let csv = "group,division,approved_budget £m,forecast_outturn £m,reason\n\
        Adults,Total Facilities Management,2.000,2.700,Energy prices\n\
        Adults,Totally Local Company grant,1.000,1.000,\n\
        Adults,Adults total,3.000,3.700,\n\
        ,Total,3.000,3.700,\n";
    let dir = workspace(&[("book.csv", csv.as_bytes())]);
    let run = scorecard_in(dir.path(), &["variance", "book.csv", "--out", "o.csv"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let out = std::fs::read_to_string(dir.path().join("o.csv")).unwrap();
    assert!(out.contains("line,Adults,Total Facilities Management,2.000,2.700,0.700,35"), "{out}");
    assert!(out.contains("line,Adults,Totally Local Company grant,1.000,1.000,0.000,0"), "{out}");
    assert!(out.contains("total,,Total,3.000,3.700,0.700"), "{out}");
    // Named like a total of a group that does not exist: kept, with a warning.
    assert!(run.stderr.contains("Total Facilities Management: read as a line"), "{}", run.stderr);
    assert!(!run.stderr.contains("Totally Local"), "{}", run.stderr);
}

#[test]
fn a_long_book_of_wrapping_names_and_line_breaks_fills_its_pages() {
    // Names that wrap to two or three lines, and some typed with Alt+Enter:
    // rows of different heights, all on full pages, none printed over another.
    let words = ["residential", "placements", "external", "agency", "fostering", "commissioning", "legal"];
    let mut csv = String::from("group,division,approved_budget £m,forecast_outturn £m,reason\n");
    for i in 0..240 {
        let extra: Vec<&str> = (0..(i % 25)).map(|k| words[(i + k) % words.len()]).collect();
        let name = if i % 10 == 0 {
            format!("\"Line {i:04} first\nsecond part\"")
        } else {
            format!("Line {i:04} {}", extra.join(" "))
        };
        csv.push_str(&format!("Area {},{name},1.000,1.050,\n", i / 60));
    }
    let pages = revenue_pdf_pages(&csv);
    let text = pages.join("\n");
    for i in 0..240 {
        assert_eq!(text.matches(&format!("Line {i:04} ")).count(), 1, "Line {i:04} in\n{text}");
    }
    assert_eq!(text.matches("second part").count(), 24, "the second line of each two-line name");
    let per_page: Vec<usize> = pages
        .iter()
        .filter(|p| p.contains("Division of service"))
        .map(|p| p.matches("Line ").count())
        .collect();
    let most = per_page.iter().copied().max().unwrap_or(0);
    assert!(per_page.len() >= 8, "{per_page:?}");
    assert!(
        per_page[1..per_page.len() - 1].iter().all(|&n| n * 10 >= most * 6),
        "lines per page: {per_page:?}"
    );
}

#[test]
fn a_row_taller_than_a_third_of_a_page_loses_no_line() {
    // A name typed over 45 lines cannot sit in a fixed-height row: it stays
    // breakable, so all of it is printed rather than run off the page.
    let tall: Vec<String> = (1..=45).map(|k| format!("part {k:02}")).collect();
    let mut csv = String::from("group,division,approved_budget £m,forecast_outturn £m,reason\n");
    for i in 0..100 {
        let name =
            if i == 50 { format!("\"Line {i:04}\n{}\"", tall.join("\n")) } else { format!("Line {i:04}") };
        csv.push_str(&format!("Area,{name},1.000,1.050,\n"));
    }
    let pages = revenue_pdf_pages(&csv);
    let text = pages.join("\n");
    for part in &tall {
        assert_eq!(text.matches(part.as_str()).count(), 1, "{part} in\n{text}");
    }
    // 45 lines are more than a page holds: the row goes on over the page end
    // (a fixed-height row would print them all on one page, past its foot).
    let page_of = |s: &str| pages.iter().position(|p| p.contains(s));
    assert!(page_of("part 45") > page_of("Line 0050"), "the tall row continues on the next page");
    for i in 0..100 {
        assert_eq!(text.matches(&format!("Line {i:04}")).count(), 1, "Line {i:04}");
    }
}
