//! Bad input: every problem is reported with its file and cell, all at once,
//! with exit code 1, without a panic and without writing a half document.

mod common;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// Each expected message is a whole line of the output, not part of one.
fn assert_reports(run: &Run, expected: &[&str]) {
    for e in expected {
        assert!(run.all().lines().any(|line| line == *e), "missing the line {e:?} in:\n{}", run.all());
    }
}

#[test]
fn all_problems_are_reported_at_once_with_their_cells() {
    all_problems_reported("\n");
}

/// Excel on Windows writes CRLF; old Mac files CR alone. Every message names
/// the same line whatever the line endings.
#[test]
fn line_numbers_are_right_with_windows_and_old_mac_line_endings() {
    all_problems_reported("\r\n");
    all_problems_reported("\r");
}

fn all_problems_reported(newline: &str) {
    let indicators = "id,name,unit,polarity,target,amber_threshold,decimals\n\
A,Alpha (%),percent,higher_is_better,80,70,1\n\
B,Beta,count,hi,,,0\n\
C,Gamma (%),percent,higher_is_better,60,65,0\n\
D,Delta,furlongs,neutral,,,0\n\
E,Secondary schools good or better (%),percent,higher_is_better,62,,0\n";
    let observations = "indicator,area,period,value,numerator,denominator\n\
A,H,2014-01,71.4,,\n\
ZZ,H,2014-01,5,,\n\
A,H,2014-01,72,,\n\
A,H,2014-13,72,,\n\
A,H,2014-02,abc,,\n\
A,H,2014-03,-5,,\n\
E,H,2013-12,50,46,45\n\
E,H,2014-01,(64%) (30/45),,\n";
    let (indicators, observations) = (indicators.replace('\n', newline), observations.replace('\n', newline));
    let dir = workspace(&[
        ("indicators.csv", indicators.as_bytes()),
        ("observations.csv", observations.as_bytes()),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./indicators.csv:3:4: polarity \"hi\" is not one of higher_is_better, lower_is_better, neutral",
            "./indicators.csv:4:6: amber threshold 65 is above the target 60 but higher is better: amber must lie between red and the target",
            "./indicators.csv:5:3: unit \"furlongs\" is not one of percent, count, rate, days, weeks, gbp, score",
            "./observations.csv:3:1: unknown indicator \"ZZ\" (not in the indicators file)",
            "./observations.csv:4:4: duplicate value for A in H for 2014-01 (first given at ./observations.csv:2:4)",
            "./observations.csv:5:3: period \"2014-13\" is not recognised (use 2014-01, 2013/14 Q3, 2013/14 Aut 1, 2013/14 or 2013)",
            "./observations.csv:6:4: \"abc\" is not a number",
            "./observations.csv:7:4: percentage -5 is negative",
            "./observations.csv:8:4: numerator 46 is greater than denominator 45",
            "./observations.csv:9:4: value 64 disagrees with 30/45 = 67",
        ],
    );
    assert!(run.stdout.contains(": 10 errors"), "{}", run.stdout);
}

#[test]
fn a_failed_build_writes_nothing_and_keeps_the_last_pdf() {
    let dir = workspace(&[
        ("indicators.csv", INDICATORS.as_bytes()),
        ("observations.csv", b"indicator,period,value\nA,2014-01,abc\n"),
    ]);
    std::fs::write(dir.path().join("last.pdf"), b"last month's PDF").unwrap();
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "last.pdf"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("./observations.csv:2:3: \"abc\" is not a number"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"));
    assert_eq!(std::fs::read(dir.path().join("last.pdf")).unwrap(), b"last month's PDF");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 4, "no temporary files left: {names:?}");
}

#[test]
fn missing_empty_and_headerless_files_are_named() {
    let missing = workspace(&[("indicators.csv", INDICATORS.as_bytes())]);
    let run = scorecard_in(missing.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert_reports(&run, &["./observations.csv: file not found"]);

    let empty = workspace(&[("indicators.csv", INDICATORS.as_bytes()), ("observations.csv", b"")]);
    let run = scorecard_in(empty.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert_reports(&run, &["./observations.csv: is empty: expected a header row and data"]);

    let headerless = workspace(&[
        ("indicators.csv", INDICATORS.as_bytes()),
        ("observations.csv", b"indicator,period,amount\nA,2014-01,5\n"),
    ]);
    let run = scorecard_in(headerless.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert_reports(
        &run,
        &["./observations.csv:1:1: header row is missing required column value (found: indicator, period, amount)"],
    );

    let no_toml = tempfile::tempdir().unwrap();
    let run = scorecard_in(no_toml.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("scorecard.toml: not found"), "{}", run.all());

    let bad_toml = workspace(&[("scorecard.toml", b"[scorecard\ntitle = 1\n")]);
    let run = scorecard_in(bad_toml.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("scorecard.toml:1:"), "{}", run.all());
}

#[test]
fn windows_1252_csv_is_read() {
    let mut indicators = b"id,name,unit\nG,Spend per child (\xA3),gbp\n".to_vec();
    indicators.extend_from_slice(b"");
    let dir = workspace(&[
        ("indicators.csv", &indicators),
        ("observations.csv", b"indicator,period,value\nG,2014,\xA31,234\n"),
    ]);
    let run = scorecard_in(dir.path(), &["metrics", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("Spend per child (£)"), "{}", run.stdout);
}

#[test]
fn home_area_and_future_periods_are_checked() {
    let no_home = workspace(&[
        ("scorecard.toml", b"[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n"),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,X,2014-01,5\n"),
    ]);
    let run = scorecard_in(no_home.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("./scorecard.toml: no home area"), "{}", run.all());

    let future = workspace(&[
        ("scorecard.toml", b"[scorecard]\nhome = \"H\"\nperiod = \"2014-01\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n"),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,period,value\nA,2014-01,75\nA,2041-01,76\n"),
    ]);
    let run = scorecard_in(future.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert_reports(
        &run,
        &["./o.csv:3:2: period 2041-01 is after the report period 2014-01 set in scorecard.toml"],
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(scorecard_in(dir.path(), &["build"]).code, 2);
    assert_eq!(scorecard_in(dir.path(), &["metrics", ".", "--format", "xml"]).code, 2);
    assert_eq!(scorecard_in(dir.path(), &["build", ".", "--date", "2014-02-30"]).code, 2);
}

enum X {
    S(&'static str),
    N(f64),
    Pct(f64),
    Date(u16, u8, u8),
    /// A date as its serial number, formatted as a date.
    Serial(f64),
    Err(&'static str),
    Blank,
}

fn xlsx(path: &std::path::Path, sheets: &[(&str, Vec<Vec<X>>)], merges: &[(u32, u16, u32, u16, &str)]) {
    let mut book = Workbook::new();
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("mmm yyyy");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    X::S(s) => sheet.write_string(r, c, *s).map(|_| ()),
                    X::N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    X::Pct(n) => sheet.write_number_with_format(r, c, *n, &pct).map(|_| ()),
                    X::Date(y, m, d) => sheet
                        .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                        .map(|_| ()),
                    X::Serial(n) => sheet.write_number_with_format(r, c, *n, &date).map(|_| ()),
                    X::Err(e) => sheet.write_formula(r, c, Formula::new("=1/0").set_result(*e)).map(|_| ()),
                    X::Blank => Ok(()),
                }
                .unwrap();
            }
        }
        for (r0, c0, r1, c1, text) in merges.iter().filter(|_| *name == "Observations") {
            sheet.merge_range(*r0, *c0, *r1, *c1, text, &Format::new()).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn xlsx_workspace() -> tempfile::TempDir {
    workspace(&[(
        "scorecard.toml",
        b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"book.xlsx\"\nobservations = \"book.xlsx\"\n",
    )])
}

fn indicator_rows() -> Vec<Vec<X>> {
    vec![
        vec![X::S("Ref"), X::S("Measure"), X::S("Unit"), X::S("Polarity"), X::S("Target")],
        vec![X::S("A"), X::S("Alpha (%)"), X::S("percent"), X::S("higher_is_better"), X::N(80.0)],
        vec![X::S("B"), X::S("Beta"), X::S("count"), X::S("neutral"), X::Blank],
    ]
}

#[test]
fn workbooks_are_read_with_excel_conventions() {
    let dir = xlsx_workspace();
    let observations = vec![
        vec![X::S("Indicator"), X::S("Area"), X::S("Period"), X::S("Value")],
        vec![X::S("A"), X::S("H"), X::Date(2013, 12, 1), X::Pct(0.64)],
        vec![X::S("A"), X::S("H"), X::Date(2014, 1, 1), X::Pct(0.71)],
        vec![X::S("B"), X::S("H"), X::S("Jan 2014"), X::S(" 1,234 ")],
        vec![X::S("B"), X::S("H"), X::S("2013-12"), X::S("c")],
    ];
    xlsx(
        &dir.path().join("book.xlsx"),
        &[("Indicators", indicator_rows()), ("Observations", observations)],
        &[],
    );
    let run = scorecard_in(dir.path(), &["metrics", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    let m: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let a = &m["indicators"][0];
    assert_eq!(a["latest"]["period"], "2014-01");
    assert!((a["latest"]["value"].as_f64().unwrap() - 71.0).abs() < 1e-9, "0.71 in a % cell is 71%");
    assert!((a["previous"]["value"].as_f64().unwrap() - 64.0).abs() < 1e-9);
    let b = &m["indicators"][1];
    assert_eq!(b["latest"]["value"], 1234.0);
    assert!(b["previous"].is_null(), "suppressed 'c' is a gap, not zero");
    assert!(run.stderr.contains("values of A are between 0 and 1"), "{}", run.stderr);
}

/// Marks a workbook as using the 1904 date system, as Excel for Mac once did by default.
fn set_1904_date_system(path: &std::path::Path) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains("<workbookPr "), "{xml}");
            data = xml.replacen("<workbookPr ", "<workbookPr date1904=\"1\" ", 1).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn dates_in_a_1904_workbook_are_read_in_its_date_system() {
    let dir = xlsx_workspace();
    // Serials 40147 and 40178 are 1 December 2013 and 1 January 2014 from 1904
    // (in the 1900 system they would be 1 December and 1 January 2009 to 2010).
    let observations = vec![
        vec![X::S("Indicator"), X::S("Area"), X::S("Period"), X::S("Value")],
        vec![X::S("A"), X::S("H"), X::Serial(40147.0), X::N(64.0)],
        vec![X::S("A"), X::S("H"), X::Serial(40178.0), X::N(71.0)],
    ];
    let book = dir.path().join("book.xlsx");
    xlsx(&book, &[("Indicators", indicator_rows()), ("Observations", observations)], &[]);
    set_1904_date_system(&book);
    let run = scorecard_in(dir.path(), &["metrics", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    let m: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(m["indicators"][0]["latest"]["period"], "2014-01");
    assert_eq!(m["indicators"][0]["previous"]["period"], "2013-12");
}

#[test]
fn workbook_problems_name_sheet_and_cell() {
    let dir = xlsx_workspace();
    let observations = vec![
        vec![X::S("Indicator"), X::S("Area"), X::S("Period"), X::S("Value")],
        vec![X::S("A"), X::S("H"), X::S("2014-01"), X::N(75.0)],
        vec![X::S("A"), X::S("H"), X::S("2014-02"), X::Err("#DIV/0!")],
        vec![X::S("A"), X::S("H"), X::S("2014-03"), X::Err("#N/A")],
        vec![X::S("A"), X::S("H"), X::S("2014-04"), X::S("lots")],
    ];
    xlsx(
        &dir.path().join("book.xlsx"),
        &[("Indicators", indicator_rows()), ("Observations", observations)],
        &[],
    );
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./book.xlsx: Observations!D3: Excel error #DIV/0! where a number was expected (the formula failed)",
            "./book.xlsx: Observations!D4: Excel error #N/A where a number was expected (the formula failed)",
            "./book.xlsx: Observations!D5: \"lots\" is not a number",
        ],
    );

    let wrong_sheet = xlsx_workspace();
    xlsx(&wrong_sheet.path().join("book.xlsx"), &[("Indicators", indicator_rows()), ("Data", vec![])], &[]);
    let run = scorecard_in(wrong_sheet.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert_reports(&run, &["./book.xlsx: has no sheet named \"Observations\" (sheets: Indicators, Data)"]);

    let empty = xlsx_workspace();
    xlsx(&empty.path().join("book.xlsx"), &[("Indicators", indicator_rows()), ("Observations", vec![])], &[]);
    let run = scorecard_in(empty.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert_reports(&run, &["./book.xlsx: Observations: is empty: expected a header row and data"]);

    let corrupt = xlsx_workspace();
    std::fs::write(corrupt.path().join("book.xlsx"), b"PK\x03\x04 this is not really a workbook").unwrap();
    let run = scorecard_in(corrupt.path(), &["check", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("./book.xlsx: cannot open workbook"), "{}", run.all());
}

#[test]
fn merged_label_cells_apply_to_every_row_they_span() {
    let dir = xlsx_workspace();
    // Wide layout as printed: the indicator label is merged over two area rows.
    let observations = vec![
        vec![X::S("Indicator"), X::S("Area"), X::S("2012"), X::S("2013")],
        vec![X::Blank, X::S("H"), X::S("69%"), X::S("71%")],
        vec![X::Blank, X::S("ENG"), X::S("75%"), X::S("75%")],
    ];
    xlsx(
        &dir.path().join("book.xlsx"),
        &[("Indicators", indicator_rows()), ("Observations", observations)],
        &[(1, 0, 2, 0, "A")],
    );
    let run = scorecard_in(dir.path(), &["metrics", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    let m: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(m["indicators"][0]["latest"]["value"], 71.0);
    assert_eq!(m["indicators"][0]["previous"]["value"], 69.0);
}

#[test]
fn a_million_observations_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut indicators = String::from("id,name,unit,polarity,target\n");
    for i in 0..10 {
        indicators.push_str(&format!("I{i},Indicator {i} (%),percent,higher_is_better,50\n"));
    }
    let mut obs = String::with_capacity(40_000_000);
    obs.push_str("indicator,area,period,value\n");
    for i in 0..10 {
        for a in 0..100 {
            let area = if a == 0 { "H".to_string() } else { format!("L{a}") };
            for p in 0..1000 {
                let (y, m) = (1940 + p / 12, p % 12 + 1);
                obs.push_str(&format!("I{i},{area},{y}-{m:02},{}.5\n", (i * 7 + a + p) % 100));
            }
        }
    }
    std::fs::write(dir.path().join("indicators.csv"), indicators).unwrap();
    std::fs::write(dir.path().join("observations.csv"), obs).unwrap();
    std::fs::write(
        dir.path().join("scorecard.toml"),
        "[scorecard]\nhome = \"H\"\n[data]\nindicators = \"indicators.csv\"\nobservations = \"observations.csv\"\n",
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("1000000 observations"), "{}", run.stdout);
}

/// Writes a minimal OpenDocument spreadsheet: each sheet a list of rows of text cells
/// (numbers as `float` cells where they parse).
fn ods(path: &std::path::Path, sheets: &[(&str, &[&[&str]])]) {
    use std::io::Write;
    let mut body = String::new();
    for (name, rows) in sheets {
        body.push_str(&format!("<table:table table:name=\"{name}\">"));
        for row in rows.iter() {
            body.push_str("<table:table-row>");
            for cell in row.iter() {
                match cell.parse::<f64>() {
                    Ok(n) => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{cell}</text:p></table:table-cell>"
                    )),
                    Err(_) => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
                    )),
                }
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
    )
    .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn opendocument_spreadsheets_are_read_like_workbooks() {
    let dir = workspace(&[(
        "scorecard.toml",
        b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"book.ods\"\nobservations = \"book.ods\"\n",
    )]);
    ods(
        &dir.path().join("book.ods"),
        &[
            (
                "Indicators",
                &[
                    &["id", "name", "unit", "polarity", "target"],
                    &["A", "Alpha (%)", "percent", "higher_is_better", "80"],
                ],
            ),
            (
                "Observations",
                &[&["indicator", "period", "value"], &["A", "2013", "71.5"], &["A", "2014", "lots"]],
            ),
        ],
    );
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("./book.ods: Observations!C3: \"lots\" is not a number"), "{}", run.all());
}

#[test]
fn fuzzed_inputs_get_clear_messages() {
    // Periods that do not fit the indicator's frequency are placed by date, with a warning.
    let ind = "id,name,unit,frequency\nM,Monthly count,count,monthly\n";
    let dir = workspace(&[
        ("indicators.csv", ind.as_bytes()),
        ("observations.csv", b"indicator,period,value\nM,2013-12,5\nM,2014,6\nM,2014-02,7\n"),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("./observations.csv:3:2: warning: M is reported monthly but period 2014 is not"),
        "{}",
        run.stdout
    );

    // Absurd magnitudes would overflow sums and hang chart axes: they are errors.
    let dir = workspace(&[
        ("indicators.csv", ind.as_bytes()),
        ("observations.csv", b"indicator,period,value\nM,2013-12,0\nM,2014-01,1.7e308\n"),
    ]);
    let run = scorecard_in(dir.path(), &["build", ".", "--out", "x.pdf"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr.contains("./observations.csv:3:3: 1.7e308 is too large to be a figure"),
        "{}",
        run.stderr
    );

    // A bare fraction means a value only for a percentage or a rate.
    let dir = workspace(&[
        ("indicators.csv", ind.as_bytes()),
        ("observations.csv", b"indicator,period,value\nM,2014-01,30/45\n"),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert!(
        run.stdout.contains("./observations.csv:2:3: a fraction gives a value only for percent indicators"),
        "{}",
        run.stdout
    );

    // Brackets already mean minus.
    let dir = workspace(&[
        ("indicators.csv", ind.as_bytes()),
        ("observations.csv", b"indicator,period,value\nM,2014-01,(-5)\n"),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert!(run.stdout.contains("\"(-5)\" is not a number (brackets already mean minus)"), "{}", run.stdout);

    // The budget book is never overwritten by its own report.
    let dir = workspace(&[("book.csv", b"division,approved_budget,forecast_outturn\nA,1,2\n")]);
    let run = scorecard_in(dir.path(), &["variance", "book.csv", "--out", "book.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is the budget book itself"));
    assert_eq!(
        std::fs::read(dir.path().join("book.csv")).unwrap(),
        b"division,approved_budget,forecast_outturn\nA,1,2\n"
    );
}

#[test]
fn a_mistyped_period_heading_in_a_wide_table_is_named() {
    let dir = workspace(&[
        ("indicators.csv", INDICATORS.as_bytes()),
        ("observations.csv", b"Indicator,Area,2013,2104/15,Comment\nA,H,71.5,78,fine\n"),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 0, "a warning, not an error: {}", run.all());
    assert!(
        run.stdout.contains("./observations.csv:1:4: warning: period \"2104/15\" is not recognised"),
        "{}",
        run.all()
    );
    assert!(!run.stdout.contains("Comment"), "a heading with no figure is plainly not a period");
}

#[test]
fn suppression_codes_are_gaps_in_every_unit() {
    // Regression: "n/a" in a count was read as the fraction n over a.
    let codes = ["c", "x", "z", "u", "low", ":", "..", "-", "n/a", "na", "#n/a", "tbc", "*", "supp", ""];
    let units = ["percent", "count", "rate", "days", "weeks", "gbp", "score"];
    let mut indicators = String::from("id,name,unit,polarity,multiplier\n");
    let mut observations = String::from("indicator,area,period,value\n");
    for unit in units {
        let multiplier = if unit == "rate" { "10000" } else { "" };
        indicators.push_str(&format!("{unit},{unit} indicator,{unit},higher_is_better,{multiplier}\n"));
        observations.push_str(&format!("{unit},H,2012,5\n"));
        for (i, code) in codes.iter().enumerate() {
            observations.push_str(&format!("{unit},N{i},2012,{code}\n"));
        }
    }
    let dir = workspace(&[
        ("indicators.csv", indicators.as_bytes()),
        ("observations.csv", observations.as_bytes()),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains(": 0 errors"), "{}", run.stdout);
}

#[test]
fn one_error_is_one_error() {
    let dir = workspace(&[
        ("indicators.csv", b"id,name,unit\nA,Alpha,count\n"),
        ("observations.csv", b"indicator,area,period,value\nA,H,2014-01,5\nA,H,2014-02,abc\n"),
    ]);
    let check = scorecard_in(dir.path(), &["check", "."]);
    assert!(check.stdout.contains(": 1 error, 0 warnings"), "{}", check.stdout);
    let build = scorecard_in(dir.path(), &["build", ".", "--out", "x.pdf"]);
    assert_eq!(build.code, 1);
    assert!(build.stderr.contains("1 error in the inputs: nothing was written"), "{}", build.stderr);
    let book = dir.path().join("book.csv");
    std::fs::write(&book, "division,approved_budget,forecast_outturn\r\nA,1.0,1.5\r\nB,x,2\r\n").unwrap();
    let variance = scorecard_in(dir.path(), &["variance", "book.csv", "--out", "v.pdf"]);
    assert_eq!(variance.code, 1, "{}", variance.all());
    assert!(variance.stderr.contains("1 error in book.csv: nothing was written"), "{}", variance.stderr);
    // With Windows line endings too, the bad amount is on line 3.
    assert!(variance.stderr.contains("book.csv:3:2:"), "{}", variance.stderr);
    assert!(!dir.path().join("v.pdf").exists());
}

/// One space typed far away (XFD1048576) once made calamine allocate a grid
/// of the whole declared range, 512 GiB, and the process abort.
#[test]
fn a_stray_cell_at_the_far_corner_costs_nothing() {
    let dir = xlsx_workspace();
    let path = dir.path().join("book.xlsx");
    let mut book = Workbook::new();
    for (name, rows) in [("Indicators", indicator_rows())] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    X::S(s) => sheet.write_string(r as u32, c as u16, *s).map(|_| ()),
                    X::N(n) => sheet.write_number(r as u32, c as u16, *n).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    let sheet = book.add_worksheet();
    sheet.set_name("Observations").unwrap();
    for (c, h) in ["Indicator", "Area", "Period", "Value"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["A", "H", "Jan 2014"].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    sheet.write_number(1, 3, 71.0).unwrap();
    sheet.write_string(1_048_575, 16_383, " ").unwrap();
    book.save(&path).unwrap();
    let run = scorecard_in(dir.path(), &["metrics", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    let m: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(m["indicators"][0]["latest"]["value"], 71.0);
}

/// `scorecard check … | head -1`: the reader closes the pipe; the command
/// ends quietly instead of panicking on the write.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::process::{Command, Stdio};
    let lait = root().join("data/lait-norfolk");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(["check", lait.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `--out` naming one of the workspace's own files once replaced it, exit 0.
/// (`build` and `chart` write only .pdf, .svg and .png, so `metrics`, which
/// writes any name, is the command that could.)
#[test]
fn no_command_writes_over_its_workspace() {
    let dir = fixture("small");
    let inputs = ["data/observations.csv", "data/indicators.csv", "data/areas.csv", "scorecard.toml"];
    let before: Vec<Vec<u8>> = inputs.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    for input in inputs {
        let run = scorecard_in(dir.path(), &["metrics", ".", "--out", input]);
        assert_eq!(run.code, 2, "{input}: {}", run.all());
        assert!(run.stderr.contains("is one of the workspace's inputs"), "{}", run.stderr);
    }
    let after: Vec<Vec<u8>> = inputs.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    assert_eq!(before, after, "nothing was written over");
    let elsewhere = scorecard_in(dir.path(), &["metrics", ".", "--out", "data/metrics.json"]);
    assert_eq!(elsewhere.code, 0, "{}", elsewhere.all());
}

/// A 10 MB indicator name took a minute and 4 GB to build; a cell beyond
/// Excel's 32,767 characters is refused when read, a name beyond 500 at check.
#[test]
fn overlong_texts_are_refused_with_their_cell() {
    let long_name = "N".repeat(600);
    let huge = "x".repeat(40_000);
    let dir = workspace(&[
        ("indicators.csv", format!("id,name,unit\nA,{long_name},count\n").as_bytes()),
        ("observations.csv", b"indicator,area,period,value\nA,H,2014-01,5\n"),
    ]);
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains("./indicators.csv:2:2: indicator A: the name is 600 characters; at most 500"),
        "{}",
        run.stdout
    );
    std::fs::write(
        dir.path().join("observations.csv"),
        format!("indicator,area,period,value,note\nA,H,2014-01,5,{huge}\n"),
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout
            .contains("./observations.csv:2:5: the cell holds 40000 characters; a cell holds at most 32767"),
        "{}",
        run.stdout
    );
}

/// Issue 12, items 12 and 13: a report period after all the data, an
/// indicator with nothing for it, and keys with a typo.
#[test]
fn a_period_after_the_data_and_typo_keys_are_reported() {
    let late = workspace(&[
        ("scorecard.toml", b"[scorecard]\nhome = \"H\"\nperiod = \"2041-01\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n"),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nB,H,2014-01,3\n"),
    ]);
    let run = scorecard_in(late.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &["./scorecard.toml: report period 2041-01 is after all the data (the latest is 2014-01)"],
    );
    let run = scorecard_in(late.path(), &["build", ".", "--out", "x.pdf"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(!late.path().join("x.pdf").exists());

    let gap = workspace(&[
        ("scorecard.toml", b"[scorecard]\nhome = \"H\"\nperiod = \"2014-02\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n"),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nA,H,2014-02,76\nB,H,2014-01,3\n"),
    ]);
    let run = scorecard_in(gap.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_reports(
        &run,
        &["./scorecard.toml: warning: indicator B has no value for the report period 2014-02; the report shows 2014-01"],
    );

    let typos = workspace(&[
        ("scorecard.toml", b"[scorecard]\nhome = \"H\"\ntitel = \"Our scorecard\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\nbudjet = \"b.csv\"\n"),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nB,H,2014-01,3\n"),
    ]);
    let run = scorecard_in(typos.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./scorecard.toml:3:1: unknown key `titel`: did you mean `title`?",
            "./scorecard.toml:7:1: unknown key `budjet`: did you mean `budget`?",
        ],
    );
}

/// Issue 12, item 8: with several --out, a target that cannot be written
/// stops the run before any file is replaced.
#[test]
fn several_outputs_are_written_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let book = root().join("tests/fixtures/finance/revenue.csv");
    std::fs::write(dir.path().join("a.pdf"), b"last month's").unwrap();
    std::fs::create_dir(dir.path().join("b.xlsx")).unwrap();
    let run =
        scorecard_in(dir.path(), &["variance", book.to_str().unwrap(), "--out", "a.pdf", "--out", "b.xlsx"]);
    assert_ne!(run.code, 0, "{}", run.all());
    assert!(run.stderr.contains("--out b.xlsx is a folder"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), b"last month's");
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["a.pdf", "b.xlsx"], "no temporary file is left");
}

/// Issue 12, item 9: a budget book with no lines writes nothing.
#[test]
fn a_budget_book_without_lines_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("headers.csv", "Service,Budget,Forecast\n"),
        ("total.csv", "Service,Budget,Forecast\nTotal,100,90\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let run = scorecard_in(
            dir.path(),
            &["variance", name, "--out", "v.pdf", "--out", "v.csv", "--out", "v.xlsx"],
        );
        assert_eq!(run.code, 1, "{}", run.all());
        assert!(
            run.all().contains(&format!("{name}: has no budget lines, only headings or totals")),
            "{}",
            run.all()
        );
        for out in ["v.pdf", "v.csv", "v.xlsx"] {
            assert!(!dir.path().join(out).exists(), "{out}");
        }
    }
}

/// Issue 12, item 5: a book too long for a PDF is refused before any
/// typesetting, with what to do instead; its CSV is still written.
#[test]
fn a_book_too_long_for_a_pdf_points_to_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = String::from("Service,Budget,Forecast\n");
    for i in 0..10_001 {
        book.push_str(&format!("Service {i},{},{}\n", 1000 + i, 990 + i));
    }
    std::fs::write(dir.path().join("big.csv"), book).unwrap();
    let run = scorecard_in(dir.path(), &["variance", "big.csv", "--out", "v.pdf"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr.contains(
            "big.csv: 10001 budget lines is more than a PDF is made for (10000): write --out .csv or .xlsx"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("v.pdf").exists());
    let run = scorecard_in(dir.path(), &["variance", "big.csv", "--out", "v.csv"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("v.csv"))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("line,,Service "))
            .count(),
        10_001
    );
}

/// Issue 12, item 3: a workbook whose sheet unpacks to far more than any
/// workbook (here 80 MB of blank space packed to a few hundred KB) is
/// refused from its zip directory, before anything is unpacked.
#[test]
fn a_decompression_bomb_is_refused_before_it_is_read() {
    use std::io::{Read, Write};
    let ws = xlsx_workspace();
    let plain = ws.path().join("plain.xlsx");
    xlsx(&plain, &[("Indicators", indicator_rows()), ("Observations", vec![vec![X::S("indicator")]])], &[]);
    let mut source = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut bomb = zip::ZipWriter::new(std::fs::File::create(ws.path().join("book.xlsx")).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut part = source.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        bomb.start_file(name.as_str(), options.large_file(name.ends_with("sheet2.xml"))).unwrap();
        if name.ends_with("sheet2.xml") {
            // White space between the XML declaration and the root is allowed.
            let at = bytes.windows(2).position(|w| w == b"?>").unwrap() + 2;
            bomb.write_all(&bytes[..at]).unwrap();
            let blank = vec![b' '; 1 << 20];
            for _ in 0..80 {
                bomb.write_all(&blank).unwrap();
            }
            bomb.write_all(&bytes[at..]).unwrap();
        } else {
            bomb.write_all(&bytes).unwrap();
        }
    }
    bomb.finish().unwrap();
    assert!(std::fs::metadata(ws.path().join("book.xlsx")).unwrap().len() < 2 << 20);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.all().contains("./book.xlsx: part xl/worksheets/sheet2.xml unpacks to 80 MB from "),
        "{}",
        run.all()
    );
    assert!(run.all().contains("no workbook is like that; refusing to read it"), "{}", run.all());
}

/// Issue 12, item 11: characters the PDF's font cannot draw are found by
/// `check`, with their cell, not by `build` failing without one.
#[test]
fn characters_the_font_cannot_draw_are_named_at_check() {
    let ws = workspace(&[
        ("scorecard.toml", "[scorecard]\nhome = \"H\"\ntitle = \"Scorecard 📊\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\nareas = \"a.csv\"\n".as_bytes()),
        ("i.csv", "id,name,unit,polarity\nA,Alpha 儿童,percent,higher_is_better\nB,Beta\u{ffff},count,neutral\n".as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nB,H,2014-01,3\n"),
        ("a.csv", "code,name,role\nH,Ynys Môn,home\n".as_bytes()),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./i.csv:2:2: indicator A: name: the PDF's font (Inter) cannot show '儿' (U+513F); write it in Latin, Greek or Cyrillic script",
            "./i.csv:3:2: indicator B: name: the PDF's font (Inter) cannot show '\u{ffff}' (U+FFFF); write it in Latin, Greek or Cyrillic script",
            "./scorecard.toml: title: the PDF's font (Inter) cannot show '📊' (U+1F4CA); write it in Latin, Greek or Cyrillic script",
        ],
    );
    assert!(!run.all().contains("Ynys Môn"), "Welsh is drawn: {}", run.all());
}

/// Issue 12, item 16: an empty observations list and a header-only
/// indicators file say so, naming the file.
#[test]
fn empty_lists_and_header_only_files_say_so() {
    let ws = workspace(&[
        ("scorecard.toml", b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = []\n"),
        ("i.csv", b"id,name,unit,polarity\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./scorecard.toml: observations = []: name at least one observations file",
            "./i.csv: has no indicators: add a row for each under the header",
        ],
    );
}

/// Issue 12, item 14: Excel error values are never ids or names, and a
/// header naming one column twice is an error naming both.
#[test]
fn excel_errors_and_duplicated_headers_are_named() {
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", b"id,name,unit,polarity\n#REF!,Alpha,percent,higher_is_better\nB,#N/A,count,neutral\n"),
        ("o.csv", b"indicator,area,period,value\nB,H,2014-01,3\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./i.csv:2:1: Excel error #REF! where an indicator id was expected: the formula that filled it failed",
            "./i.csv:3:2: Excel error #N/A where a name was expected: the formula that filled it failed",
        ],
    );
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value,note,value\nA,H,2014-01,75,,80\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(&run, &["./o.csv:1:6: columns D and F are both \"value\": delete or rename one"]);
}

/// Issue 12, item 14: counts cannot be negative, "(1,172)" included.
#[test]
fn negative_counts_are_errors() {
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nB,H,2014-01,\"(1,172)\"\nB,H,2013-12,-3\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(&run, &["./o.csv:3:4: count -1172 is negative", "./o.csv:4:4: count -3 is negative"]);
}

/// Issue 12, item 15: a UTF-8 file with one Windows-1252 line keeps its
/// UTF-8 text; the odd line is read as Windows-1252 and named.
#[test]
fn one_windows_1252_line_does_not_spoil_a_utf8_file() {
    let mut observations =
        "indicator,area,period,value,note\nA,H,2014-01,75,Rise – from 70\n".as_bytes().to_vec();
    observations.extend(b"A,H,2013-12,70,Spend \xA3 2m\n");
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", "id,name,unit,polarity\nA,Alpha – early years,percent,higher_is_better\n".as_bytes()),
        ("o.csv", &observations),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_reports(
        &run,
        &["./o.csv:3:1: warning: this line is not UTF-8 like the rest of the file: read as Windows-1252; check its accents and dashes"],
    );
    let run = scorecard_in(ws.path(), &["metrics", ".", "--format", "csv"]);
    assert!(run.stdout.contains("Alpha – early years"), "{}", run.stdout);
    assert!(!run.all().contains("â€“"), "{}", run.all());
}

/// Issue 12, item 16: an unterminated quote is named on its line, not
/// reported as a blank period further down.
#[test]
fn an_unterminated_quote_is_named_on_its_line() {
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nA,\"H,2014-02,76\nA,H,2014-03,77\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &["./o.csv:3:1: a quotation mark opened on this line is never closed: the rest of the file would read as one cell"],
    );
    assert!(!run.all().contains("period is blank"), "{}", run.all());
}

/// Issue 12, item 4: every text field has a limit no real document reaches,
/// reported at check with its cell, before any work is done.
#[test]
fn overlong_notes_names_reasons_and_updates_are_named_at_check() {
    let note = "n".repeat(4_001);
    let indicators = format!("id,name,unit,polarity,notes\nA,Alpha,percent,higher_is_better,{note}\n");
    let ws = workspace(&[
        (
            "scorecard.toml",
            b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\n",
        ),
        ("i.csv", indicators.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(&run, &["./i.csv:2:5: indicator A: the notes is 4001 characters; at most 4000"]);

    let dir = tempfile::tempdir().unwrap();
    let name = "N".repeat(501);
    std::fs::write(
        dir.path().join("book.csv"),
        format!("Service,Budget,Forecast,Reason\n{name},10,12,up\nTransport,5,6,{note}\n"),
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["check", "book.csv"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.all().contains("book.csv:2:1: the name is 501 characters; at most 500"), "{}", run.all());
    assert!(
        run.all().contains("book.csv:3:4: Transport: the reason is 4001 characters; at most 4000"),
        "{}",
        run.all()
    );

    std::fs::write(
        dir.path().join("plan.csv"),
        format!("ref,key_area,action,due,lead,status,update\n1.1,Area,Do it,March 2019,JS,Green,{note}\n"),
    )
    .unwrap();
    let run = scorecard_in(dir.path(), &["check", "plan.csv", "--as-of", "2019-01-31"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.all().contains("plan.csv:2:7: action 1.1: the update is 4001 characters; at most 4000"),
        "{}",
        run.all()
    );
}

/// Issue 12, item 14: a neighbours file is validated row by row, and when
/// the areas file also names neighbours, a warning says which wins.
#[test]
fn a_neighbours_file_is_validated_and_said_to_lose_to_the_areas_file() {
    let toml = b"[scorecard]\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\nareas = \"a.csv\"\nneighbours = \"n.csv\"\n";
    let ws = workspace(&[
        ("scorecard.toml", toml),
        ("i.csv", INDICATORS.as_bytes()),
        ("o.csv", b"indicator,area,period,value\nA,H,2014-01,75\nB,H,2014-01,3\nA,N1,2014-01,70\n"),
        ("a.csv", b"code,name,role\nH,Home,home\nN1,One,neighbour\n"),
        ("n.csv", b"area,neighbour,rank\nH,N1,1\nH,H,2\nH,N1,x\n,N2,3\n"),
    ]);
    let run = scorecard_in(ws.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_reports(
        &run,
        &[
            "./n.csv:3:2: H is listed as its own neighbour",
            "./n.csv:4:3: rank \"x\" is not a whole number from 1",
            "./n.csv:4:2: H's neighbour N1 is also on row 2",
            "./n.csv:5:1: row has no area code",
            "./n.csv: warning: names other neighbours for H than the areas file does; the areas file's are used",
        ],
    );
}

/// Issue 12, item 7: SIGTERM and SIGINT during a run remove its temporary
/// files, exit 128 + the signal, and leave last month's output as it was.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_old_output_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = String::from("ref,key_area,action,due,lead,status,update\n");
    for a in 1..=40 {
        plan.push_str(&format!("{a}.1,Area {a},Outcome {a},,Lead,Green,\n"));
        for b in 1..=30 {
            plan.push_str(&format!(
                "{a}.1.{b},Area {a},Action {a}.1.{b},March 2019,Lead {b},Amber,Update {b}\n"
            ));
        }
    }
    std::fs::write(dir.path().join("plan.csv"), plan).unwrap();
    std::fs::write(dir.path().join("out.pdf"), b"last month's").unwrap();
    for (signal, delay) in [(libc::SIGTERM, 150), (libc::SIGINT, 400), (libc::SIGTERM, 700)] {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_scorecard"))
            .args(["actions", "plan.csv", "--as-of", "2019-01-31", "--out", "out.pdf", "--out", "out.xlsx"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        // SAFETY: kill(2) with the pid of a child this test started and has not reaped.
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait_with_output().unwrap().status;
        let mut names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        if status.code() == Some(0) {
            continue; // finished before the signal: nothing to check
        }
        assert_eq!(status.code(), Some(128 + signal), "after {delay} ms");
        assert_eq!(names, ["out.pdf", "plan.csv"], "after {delay} ms");
        assert_eq!(std::fs::read(dir.path().join("out.pdf")).unwrap(), b"last month's");
    }
}
