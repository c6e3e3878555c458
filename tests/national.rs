//! National scale: every local authority at once, and the checks only the
//! whole country's data makes possible.

mod common;

use common::*;

/// In the DfE's own LAIT data, England's First Time Entrants rate is several
/// times every local authority's: `check` says so, the metrics carry the
/// words, and the Norfolk scorecard prints them beside the figure and marks
/// it in the summary. Its references with underscores are printed as the
/// data has them.
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
    // Nothing is judged against a value that cannot be right.
    assert_eq!(fte["benchmark"], "not_compared");
    let words = fte["england_warning"].as_str().unwrap();
    assert!(words.contains("2024 is 1,258.0"), "{words}");
    // No other indicator's England value lies outside its authorities' range.
    let flagged = indicators.iter().filter(|i| i.get("england_warning").is_some()).count();
    assert_eq!(flagged, 1);

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("norfolk.pdf");
    let html = dir.path().join("norfolk.html");
    let build = scorecard_in(
        &root,
        &["build", "data/lait-norfolk", "--out", pdf.to_str().unwrap(), "--out", html.to_str().unwrap()],
    );
    assert_eq!(build.code, 0, "{}", build.all());
    let pages = pdf_pages(&pdf);
    let page =
        pages.iter().find(|p| p.contains("First Time entrants") && p.contains("England check")).unwrap();
    let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("England's FirstYJS for 2024 is 1,258.0, outside the range"), "{flat}");
    assert!(flat.contains("1,258.0: not compared, see the England check"), "{flat}");
    assert!(!flat.contains("England (1,258.0)") && !flat.contains("Better than England"), "{flat}");
    // The summary marks the figure, and the cover's key says what the mark means;
    // the other England values, which pass the check, carry no mark.
    let flat_all = pages.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat_all.contains("129.7 1,258.0 *"), "{flat_all}");
    let marked: Vec<&str> = flat_all
        .match_indices(" * ")
        .map(|(at, _)| flat_all[..at].rsplit(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(marked, ["marked", "1,258.0"], "{flat_all}");
    // References are printed as the data has them, so a search of the PDF finds them.
    assert!(flat_all.contains("16-17_not known_NEET 16-17 year olds who are NEET"), "{flat_all}");
    assert!(!flat_all.contains('\u{200b}'), "a zero-width space in the text");
    let web = std::fs::read_to_string(&html).unwrap();
    assert!(web.contains("<td>16-17_<wbr>not known_<wbr>NEET</td>") && !web.contains('\u{200b}'));
    assert!(web.contains("1,258.0 *") && web.contains("England values marked * lie outside"));
    let cover = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        cover.contains("England values marked * lie outside the range of every local authority's value"),
        "{cover}"
    );
}

/// A small national workspace: `las` local authorities, England and a
/// region, three indicators over twelve months, and a neighbours file giving
/// each authority the next three in code order. Deterministic.
fn national(las: usize) -> tempfile::TempDir {
    let code = |i: usize| format!("E0{:07}", 6_000_001 + i);
    let mut areas = String::from("code,name,role\n");
    for i in 0..las {
        let role = if i == 0 { "home" } else { "la" };
        areas += &format!("{},Authority {:02},{role}\n", code(i), i + 1);
    }
    areas += "E12000006,East of England,region\nE92000001,England,england\n";
    let mut neighbours = String::from("area,neighbour,rank\n");
    for i in 0..las {
        for rank in 1..=3 {
            neighbours += &format!("{},{},{rank}\n", code(i), code((i + rank) % las));
        }
    }
    let indicators = "id,name,group,unit,polarity,frequency,target,amber_threshold,decimals\n\
        CP01,Re-referrals within 12 months (%),Child protection,percent,lower_is_better,monthly,20,25,1\n\
        LA01,Looked-after children (rate per 10k),Looked-after children,rate,neutral,monthly,,,1\n\
        EY01,Two-year-olds in funded early education (%),Early years,percent,higher_is_better,monthly,75,70,1\n";
    let mut observations = String::from("indicator,area,period,value\n");
    let all: Vec<String> = (0..las).map(code).chain(["E12000006".into(), "E92000001".into()]).collect();
    for (k, indicator) in ["CP01", "LA01", "EY01"].iter().enumerate() {
        for (a, area) in all.iter().enumerate() {
            for month in 1..=12 {
                // Spread over the authorities; England and the region in the middle.
                let spread = if a < las { (a * 7 + k * 3) % 23 } else { 11 };
                let value = 40.0 + spread as f64 + (month % 4) as f64 * 0.5;
                observations += &format!("{indicator},{area},2024-{month:02},{value}\n");
            }
        }
    }
    let toml = "[scorecard]\ntitle = \"Authority 01 Children's Services Scorecard\"\norganisation = \"Authority 01 Council\"\n\
        period = \"2024-12\"\n\n[data]\nindicators = \"indicators.csv\"\nobservations = \"observations.csv\"\n\
        areas = \"areas.csv\"\nneighbours = \"neighbours.csv\"\n";
    workspace(&[
        ("scorecard.toml", toml.as_bytes()),
        ("areas.csv", areas.as_bytes()),
        ("neighbours.csv", neighbours.as_bytes()),
        ("indicators.csv", indicators.as_bytes()),
        ("observations.csv", observations.as_bytes()),
    ])
}

/// The text of a PDF as one line of words.
fn flat(pages: &[String]) -> String {
    pages.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn all_areas_writes_one_scorecard_per_authority_with_its_own_neighbours() {
    let ws = national(20);
    let out = ws.path().join("out");
    // One authority's file cannot be written: a folder stands where it goes.
    std::fs::create_dir_all(out.join("e06000007-authority-07.pdf/in-the-way")).unwrap();
    let run = scorecard_in(ws.path(), &["build", ".", "--all-areas", "--out-dir", "out", "--quiet"]);
    assert_eq!(run.code, 1, "one authority failed, so the run did: {}", run.all());
    assert!(run.stderr.contains("error: Authority 07 (E06000007)"), "{}", run.stderr);
    assert!(run.stderr.contains("wrote 19 of 20 scorecards"), "{}", run.stderr);

    let mut index = csv::Reader::from_path(out.join("index.csv")).unwrap();
    let headers = index.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = index.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 20, "England and the region are not authorities");
    let failed: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[column("status")] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(&failed[0][column("code")], "E06000007");

    for (i, row) in rows.iter().enumerate().filter(|(_, r)| &r[column("status")] == "written") {
        let pdf = out.join(&row[column("file")]);
        let pages = pdf_pages(&pdf);
        assert_eq!(pages.len().to_string(), row[column("pages")], "{}", pdf.display());
        let text = flat(&pages);
        let name = |j: usize| format!("Authority {:02}", j % 20 + 1);
        // Its own name on the cover, its three neighbours named in rank order.
        assert!(text.contains(&format!("{} Children's Services Scorecard", name(i))), "{text}");
        let expected = format!(
            "Statistical neighbours (the workspace's neighbours file): {}, {}, {}.",
            name(i + 1),
            name(i + 2),
            name(i + 3)
        );
        assert!(text.contains(&expected), "{}: {expected}\n{text}", pdf.display());
        assert_eq!(
            &row[column("neighbours")],
            (1..=3).map(|r| format!("E0{:07}", 6_000_001 + (i + r) % 20)).collect::<Vec<_>>().join(" ")
        );
    }
    let written = std::fs::read_dir(&out).unwrap().filter(|e| e.as_ref().unwrap().path().is_file()).count();
    assert_eq!(written, 19 + 1, "19 scorecards and the index");

    // With the obstacle gone, every authority is written and the run
    // succeeds, one at a time as on a small laptop.
    std::fs::remove_dir_all(out.join("e06000007-authority-07.pdf")).unwrap();
    let again = scorecard_in(ws.path(), &["build", ".", "--all-areas", "--out-dir", "out", "--jobs", "1"]);
    assert_eq!(again.code, 0, "{}", again.all());
    assert!(again.stderr.contains("wrote 20 of 20 scorecards"), "{}", again.stderr);
}

#[test]
fn all_areas_as_web_pages_gives_each_authority_its_own_page() {
    let ws = national(20);
    let run = scorecard_in(
        ws.path(),
        &["build", ".", "--all-areas", "--out-dir", "pages", "--format", "html", "--quiet"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stderr.contains("wrote 20 of 20 scorecards to pages, and index.csv"), "{}", run.stderr);
    let mut index = csv::Reader::from_path(ws.path().join("pages/index.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = index.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 20);
    for (i, row) in rows.iter().enumerate() {
        let (file, pages) = (&row[2], &row[4]);
        assert!(file.ends_with(".html"), "{file}");
        assert_eq!(pages, "", "a web page has no pages");
        let html = std::fs::read_to_string(ws.path().join("pages").join(file)).unwrap();
        let name = format!("Authority {:02}", i + 1);
        assert!(html.contains(&format!("<h1>{name} Children&#x27;s Services Scorecard</h1>")), "{file}");
        let first = format!(
            "Statistical neighbours (the workspace&#x27;s neighbours file): Authority {:02}, ",
            (i + 1) % 20 + 1
        );
        assert!(html.contains(&first), "{file}: {first}");
    }
}

#[test]
fn metrics_all_areas_is_the_national_table() {
    let ws = national(20);
    let run = scorecard_in(ws.path(), &["metrics", ".", "--all-areas", "--out", "national.csv"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let mut csv = csv::Reader::from_path(ws.path().join("national.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 20 * 3, "every authority × indicator");
    let value = |area: &str, indicator: &str| -> f64 {
        let row =
            rows.iter().find(|r| &r[column("area")] == area && &r[column("indicator")] == indicator).unwrap();
        row[column("latest_value")].parse().unwrap()
    };
    for row in &rows {
        if &row[column("polarity")] == "neutral" {
            assert_eq!(&row[column("rank")], "", "no better direction, no rank: {row:?}");
        } else {
            let (rank, of): (u32, u32) =
                (row[column("rank")].parse().unwrap(), row[column("rank_of")].parse().unwrap());
            assert!((1..=of).contains(&rank) && of == 20, "{row:?}");
        }
        // The neighbour average is of this authority's own three neighbours.
        let i: usize = row[column("area")][2..].parse::<usize>().unwrap() - 6_000_001;
        let indicator = &row[column("indicator")];
        let mean =
            (1..=3).map(|r| value(&format!("E0{:07}", 6_000_001 + (i + r) % 20), indicator)).sum::<f64>()
                / 3.0;
        let sn: f64 = row[column("sn_average")].parse().unwrap();
        assert!((sn - mean).abs() < 1e-9, "{row:?}: {sn} vs {mean}");
        assert_eq!(row[column("england")].parse::<f64>().unwrap(), 51.0);
    }

    let json = scorecard_in(ws.path(), &["metrics", ".", "--all-areas", "--format", "json"]);
    let table: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(table["authorities"], 20);
    assert_eq!(table["rows"].as_array().unwrap().len(), 60);
    assert_eq!(table["period"], "2024-12");
}

/// A national file (over 4 MB, so read on every core) says the same as the
/// same file read in order (a quoted field keeps it in one piece): every
/// problem once, with its line, duplicates across the pieces found.
#[test]
fn a_large_file_read_in_pieces_says_what_it_says_read_in_order() {
    let observations = String::from("indicator,area,period,value,note\r\n");
    let mut rows = Vec::new();
    for i in 0..20 {
        for a in 0..150 {
            for m in 0..60 {
                let value = 20.0 + ((i * 7 + a * 3 + m) % 61) as f64 + 0.25;
                rows.push(format!("I{i:02},A{a:03},{}-{:02},{value},", 2014 + m / 12, m % 12 + 1));
            }
        }
    }
    let n = rows.len();
    // Planted: an unknown indicator early and late, a bad value late, and
    // the first row again at the end.
    rows[n / 10] = "ZZ99,A001,2014-01,5,".to_string();
    rows[n * 9 / 10] = "ZZ99,A002,2014-01,5,".to_string();
    rows[n * 8 / 10] = {
        let mut fields: Vec<&str> = rows[n * 8 / 10].split(',').collect();
        fields[3] = "abc";
        fields.join(",")
    };
    rows.push(rows[0].clone());
    // Notes of two-byte characters around the middle, where the file is cut.
    for row in &mut rows[n / 2 - 2000..n / 2 + 2000] {
        row.push_str(&"é".repeat(150));
    }
    let in_pieces = rows.join("\r\n") + "\r\n";
    // The same, but one note quoted: a quote may hide a line end, so this is read in order.
    let last = rows.len() - 2;
    rows[last] = format!("{}\"quoted\"", rows[last]);
    let in_order = rows.join("\r\n") + "\r\n";
    assert!(in_pieces.len() > 4 << 20, "{} bytes", in_pieces.len());

    let indicators: String = std::iter::once("id,name,unit,polarity,frequency,target,decimals\n".to_string())
        .chain((0..20).map(|i| format!("I{i:02},Indicator {i},percent,higher_is_better,monthly,50,1\n")))
        .collect();
    let mut areas = String::from("code,name,role\nENG,England,england\n");
    for a in 0..150 {
        areas += &format!("A{a:03},Authority {a},{}\n", if a == 0 { "home" } else { "la" });
    }
    let toml = "[scorecard]\nhome = \"A000\"\n\n[data]\nindicators = \"indicators.csv\"\nobservations = \"observations.csv\"\nareas = \"areas.csv\"\n";
    let run = |text: &str| {
        let ws = workspace(&[
            ("scorecard.toml", toml.as_bytes()),
            ("areas.csv", areas.as_bytes()),
            ("indicators.csv", indicators.as_bytes()),
            ("observations.csv", (observations.clone() + text).as_bytes()),
        ]);
        scorecard_in(ws.path(), &["check", "."])
    };
    let (pieces, order) = (run(&in_pieces), run(&in_order));
    assert_eq!(pieces.code, 1);
    assert_eq!(pieces.all(), order.all());
    let printed = pieces.all();
    let unknown: Vec<&str> = printed.lines().filter(|l| l.contains("unknown indicator \"ZZ99\"")).collect();
    // Said once, at its first row, though the pieces met it apart.
    assert_eq!(
        unknown,
        [format!(
            "./observations.csv:{}:1: unknown indicator \"ZZ99\" (not in the indicators file)",
            n / 10 + 2
        )]
    );
    assert!(
        printed.contains(&format!("./observations.csv:{}:4: \"abc\" is not a number", n * 8 / 10 + 2)),
        "{printed}"
    );
    let duplicate = format!(
        "./observations.csv:{}:4: duplicate value for I00 in A000 for 2014-01 (first given at ./observations.csv:2:4)",
        n + 2
    );
    assert!(printed.contains(&duplicate), "{printed}");
}

/// A national workbook (over 8 MB of sheet XML, so parsed on every core)
/// says what the same workbook says read in order (one empty merged range
/// keeps it on one thread): every problem once, at its cell, duplicates
/// across the pieces found; and its figures are the same.
#[test]
fn a_large_workbook_read_in_pieces_says_what_it_says_read_in_order() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let (indicators_n, areas_n, months) = (20u32, 150u32, 30u32);
    // The workbook, with `plant` putting problems in it, and `merge` an empty
    // merged range far below the data.
    let workbook = |plant: bool, merge: bool| -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Observations").unwrap();
        let date = Format::new().set_num_format("mmm yyyy");
        for (c, h) in ["indicator", "area", "period", "value", "note"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        let mut r = 1;
        for i in 0..indicators_n {
            for a in 0..areas_n {
                for m in 0..months {
                    let value = 20.0 + f64::from((i * 7 + a * 3 + m) % 61) + 0.25;
                    sheet.write_string(r, 0, format!("I{i:02}")).unwrap();
                    sheet.write_string(r, 1, format!("A{a:03}")).unwrap();
                    let (year, month) = (2014 + m / 12, m % 12 + 1);
                    if a % 10 == 3 {
                        // Some periods are Excel dates, some values numbers stored as text.
                        let day = ExcelDateTime::from_ymd(year as u16, month as u8, 1).unwrap();
                        sheet.write_datetime_with_format(r, 2, &day, &date).unwrap();
                        sheet.write_string(r, 3, value.to_string()).unwrap();
                    } else {
                        sheet.write_string(r, 2, format!("{year}-{month:02}")).unwrap();
                        sheet.write_number(r, 3, value).unwrap();
                    }
                    r += 1;
                }
            }
        }
        let n = r - 1;
        if plant {
            // An unknown indicator early and late, a bad value late, the first row again at the end.
            sheet.write_string(n / 10, 0, "ZZ99").unwrap();
            sheet.write_string(n * 9 / 10, 0, "ZZ99").unwrap();
            sheet.write_string(n * 8 / 10, 3, "abc").unwrap();
            for (c, text) in ["I00", "A000", "2014-01"].iter().enumerate() {
                sheet.write_string(r, c as u16, *text).unwrap();
            }
            sheet.write_number(r, 3, 20.25).unwrap();
        }
        if merge {
            sheet.merge_range(r + 5, 8, r + 6, 8, "", &Format::new()).unwrap();
        }
        book.save_to_buffer().unwrap()
    };
    let indicators: String = std::iter::once("id,name,unit,polarity,frequency,target,decimals\n".to_string())
        .chain(
            (0..indicators_n)
                .map(|i| format!("I{i:02},Indicator {i},percent,higher_is_better,monthly,50,1\n")),
        )
        .collect();
    let mut areas = String::from("code,name,role\nENG,England,england\n");
    for a in 0..areas_n {
        areas += &format!("A{a:03},Authority {a},{}\n", if a == 0 { "home" } else { "la" });
    }
    let toml =
        "[scorecard]\nhome = \"A000\"\nperiod = \"2016-06\"\n\n[data]\nindicators = \"indicators.csv\"\n\
        observations = \"observations.xlsx\"\nareas = \"areas.csv\"\n";
    let run = |book: Vec<u8>, args: &[&str]| {
        let ws = workspace(&[
            ("scorecard.toml", toml.as_bytes()),
            ("areas.csv", areas.as_bytes()),
            ("indicators.csv", indicators.as_bytes()),
            ("observations.xlsx", &book),
        ]);
        scorecard_in(ws.path(), args)
    };

    let (pieces, order) =
        (run(workbook(true, false), &["check", "."]), run(workbook(true, true), &["check", "."]));
    assert_eq!(pieces.code, 1, "{}", pieces.all());
    assert_eq!(pieces.all(), order.all());
    let printed = pieces.all();
    let n = indicators_n * areas_n * months;
    let unknown: Vec<&str> = printed.lines().filter(|l| l.contains("unknown indicator \"ZZ99\"")).collect();
    assert_eq!(
        unknown,
        [format!(
            "./observations.xlsx: Observations!A{}: unknown indicator \"ZZ99\" (not in the indicators file)",
            n / 10 + 1
        )],
        "{printed}"
    );
    assert!(
        printed.contains(&format!("Observations!D{}: \"abc\" is not a number", n * 8 / 10 + 1)),
        "{printed}"
    );
    assert!(
        printed.contains(&format!(
            "Observations!D{}: duplicate value for I00 in A000 for 2014-01 (first given at ./observations.xlsx: Observations!D2)",
            n + 2
        )),
        "{printed}"
    );

    let (pieces, order) = (
        run(workbook(false, false), &["metrics", ".", "--format", "json"]),
        run(workbook(false, true), &["metrics", ".", "--format", "json"]),
    );
    assert_eq!(pieces.code, 0, "{}", pieces.all());
    assert_eq!(pieces.stdout, order.stdout);
    let json: serde_json::Value = serde_json::from_str(&pieces.stdout).unwrap();
    let first = &json["indicators"][0];
    // I00 for A000 in June 2016 (month 29 of 30): 20 + 29 % 61 + 0.25.
    assert_eq!(
        (first["id"].as_str(), first["latest"]["value"].as_f64()),
        (Some("I00"), Some(49.25)),
        "{first}"
    );
}

#[test]
fn an_areas_neighbours_column_gives_each_authority_its_list() {
    let ws = national(6);
    let code = |i: usize| format!("E0{:07}", 6_000_001 + i % 6);
    let mut areas = String::from("code,name,role,neighbours\n");
    for i in 0..6 {
        let role = if i == 0 { "home" } else { "la" };
        areas += &format!("{},Authority {:02},{role},{}; {}\n", code(i), i + 1, code(i + 2), code(i + 4));
    }
    areas += "E92000001,England,england,\n";
    std::fs::write(ws.path().join("areas.csv"), areas).unwrap();
    let toml = std::fs::read_to_string(ws.path().join("scorecard.toml")).unwrap();
    std::fs::write(ws.path().join("scorecard.toml"), toml.replace("neighbours = \"neighbours.csv\"\n", ""))
        .unwrap();

    let run = scorecard_in(ws.path(), &["build", ".", "--all-areas", "--out-dir", "out", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let mut index = csv::Reader::from_path(ws.path().join("out/index.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = index.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&row[6], format!("{} {}", code(i + 2), code(i + 4)), "{row:?}");
        assert_eq!(&row[7], "the areas file's neighbours column", "{row:?}");
    }
    // The home area's scorecard compares it with the two the column names.
    let metrics = scorecard_in(ws.path(), &["metrics", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&metrics.stdout).unwrap();
    assert_eq!(json["indicators"][0]["neighbours"]["count"], 2);
}
