//! Improvement plans: the two seed plans (Lancashire's and Norfolk's keys),
//! their overdue actions, derived parent statuses and mismatch messages.

mod common;

use std::collections::HashMap;

use common::*;

/// Runs `actions` on a fixture plan and returns the CSV rows by ref, and the run.
fn progress(plan: &str, key: &str, as_of: &str) -> (HashMap<String, HashMap<String, String>>, Run) {
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("tests/fixtures/plans").join(plan);
    let run = scorecard_in(
        dir.path(),
        &["actions", plan.to_str().unwrap(), "--key", key, "--as-of", as_of, "--out", "progress.csv"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let mut reader = csv::Reader::from_path(dir.path().join("progress.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "ref",
            "key_area",
            "action",
            "due",
            "due_date",
            "lead",
            "status",
            "derived_status",
            "overdue",
            "kpi_ref",
            "update"
        ]
    );
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: HashMap<String, String> =
                headers.iter().zip(r.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect();
            (row["ref"].clone(), row)
        })
        .collect();
    (rows, run)
}

fn overdue(rows: &HashMap<String, HashMap<String, String>>) -> Vec<&str> {
    let mut refs: Vec<&str> =
        rows.iter().filter(|(_, r)| r["overdue"] == "true").map(|(k, _)| k.as_str()).collect();
    refs.sort();
    refs
}

#[test]
fn lancashire_plan_at_the_end_of_february_2019() {
    let (rows, run) = progress("lancashire.csv", "lancashire", "2019-03-01");
    assert_eq!(rows.len(), 15, "14 transcribed actions and 2.2");
    assert_eq!(overdue(&rows), ["1.1.2", "1.2.1", "1.3.3", "2.2.2"]);
    // Parents: the worst of their children, completed children aside.
    let derived = |r: &str| rows[r]["derived_status"].as_str();
    assert_eq!(
        (derived("1.1"), derived("1.2"), derived("1.3"), derived("2.1")),
        ("Amber", "Amber", "Red", "Green")
    );
    assert_eq!(rows["1.1.2"]["due_date"], "2019-01-31");
    assert_eq!(rows["1.3.3"]["due_date"], "2019-01-31", "Initial Report January 2019");
    assert_eq!(rows["1.3.2"]["due_date"], "", "Quarterly Monitoring names no date");
    for line in [
        "lancashire.csv:5:8: warning: action 1.2: stated Green, but its actions give Amber",
        "lancashire.csv:13:8: warning: action 2.1: stated Amber, but its actions give Green",
        "lancashire.csv:4:8: warning: action 1.1.2: due January 2019, status Amber, not completed",
        "lancashire.csv:6:8: warning: action 1.2.1: due January 2019, status Green, not completed",
        "lancashire.csv:16:8: warning: action 2.2.2: due January 2019, status Amber, not completed",
        "lancashire.csv:11:6: warning: action 1.3.2: due \"Quarterly Monitoring\" names no date, so it is never overdue",
    ] {
        assert!(run.stderr.lines().any(|l| l.ends_with(line)), "missing {line:?} in:\n{}", run.stderr);
    }
    // 1.3.3 is overdue but already red: no mismatch.
    assert!(!run.stderr.contains("action 1.3.3: due"), "{}", run.stderr);
    assert!(run.stderr.contains("(15 actions, 4 overdue)"), "{}", run.stderr);
}

#[test]
fn norfolk_plan_at_the_start_of_december_2013() {
    let (rows, run) = progress("norfolk.csv", "norfolk", "2013-12-01");
    assert_eq!(rows.len(), 12);
    assert_eq!(overdue(&rows), ["1.1.5", "1.1.6", "1.1.9", "1.2.1", "1.2.2"]);
    assert_eq!(rows["1.1"]["derived_status"], "Amber");
    assert_eq!(rows["1.2"]["derived_status"], "Red");
    assert_eq!(rows["1.1.1"]["due_date"], "2013-07-01");
    for line in [
        "norfolk.csv:2:9: warning: action 1.1: stated Green, but its actions give Amber",
        "norfolk.csv:9:9: warning: action 1.2: stated Amber, but its actions give Red",
        "norfolk.csv:4:9: warning: action 1.1.2: completed, with no update",
        "norfolk.csv:8:9: warning: action 1.1.9: due 30 Nov 13, status White, not completed",
    ] {
        assert!(run.stderr.lines().any(|l| l.ends_with(line)), "missing {line:?} in:\n{}", run.stderr);
    }
}

#[test]
fn bad_plans_name_each_cell() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/plans/norfolk.csv")).unwrap();
    let text = text
        .replace("1.1.4,Practice standards,,Practitioners", "1.1.2,Practice standards,,Practitioners")
        .replace("1.2.6,", "1.3.6,")
        .replace("TS,Amber,Step one", "TS,Purple,Step one")
        .replace(",Managers attend and undertake development as identified,", ",,")
        .replace("31 March 14", "31/06/2014");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.csv"), text).unwrap();
    let run = scorecard_in(dir.path(), &["actions", "plan.csv", "--as-of", "2013-12-01", "--out", "p.csv"]);
    assert_eq!(run.code, 1, "{}", run.all());
    for line in [
        "plan.csv:5:1: action 1.1.2 is also on row 4",
        "plan.csv:7:9: action 1.1.6: status \"Purple\" is not in the norfolk key (Blue, White, Green, Amber or Red)",
        "plan.csv:12:4: action 1.2.4 has no text",
        "plan.csv:12:7: action 1.2.4: due date 31/06/2014: ",
        "plan.csv:13:1: action 1.3.6 has no action 1.3 above it",
    ] {
        assert!(run.stderr.lines().any(|l| l.starts_with(line)), "missing {line:?} in:\n{}", run.stderr);
    }
    assert!(!dir.path().join("p.csv").exists());
    let check = scorecard_in(dir.path(), &["check", "plan.csv"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("plan.csv: 11 actions: 5 errors"), "{}", check.stdout);
}

#[test]
fn the_progress_report_shows_statuses_in_words_and_marks_overdue_actions() {
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("tests/fixtures/plans/lancashire.csv");
    let run = scorecard_in(
        dir.path(),
        &[
            "actions",
            plan.to_str().unwrap(),
            "--key",
            "lancashire",
            "--as-of",
            "2019-03-01",
            "--out",
            "p.pdf",
            "--out",
            "p.csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(dir.path().join("p.csv").exists());
    let pages = pdf_pages(&dir.path().join("p.pdf"));
    let text: String = pages
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" ");
    // Summary: by key area, in key order (Blue, Green, Amber, Red), with overdue and totals.
    assert!(text.contains("Key area Blue Green Amber Red Overdue Actions"), "{text}");
    assert!(text.contains("Effective Partnership Working 1 2 4 1 3 8"), "{text}");
    assert!(text.contains("Prevention 0 1 1 0 1 2"), "{text}");
    assert!(text.contains("4 overdue in all"), "{text}");
    // The plan: each status as a word; overdue marked beside it.
    assert!(text.contains("1.1.2 Develop a strategy for improving outcomes"), "{text}");
    assert!(text.contains("Amber · Overdue Draft strategy"), "{text}");
    assert!(pdf_is_tagged(&dir.path().join("p.pdf")));
}

#[test]
fn init_writes_a_plan_workbook_that_reads_back_and_reports_as_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let run = scorecard_in(dir.path(), &["init", "--plan", "p"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let check = scorecard_in(dir.path(), &["check", "p/plan.xlsx", "--as-of", "2013-12-01"]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(check.stdout.contains("p/plan.xlsx: 12 actions: 0 errors"), "{}", check.stdout);
    let run = scorecard_in(
        dir.path(),
        &["actions", "p/plan.xlsx", "--as-of", "2013-12-01", "--out", "progress.xlsx"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(dir.path().join("progress.xlsx")).unwrap();
    let range = book.worksheet_range("Progress").unwrap();
    let row = |r: u32| {
        (0..13)
            .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(row(0)[9..12], ["Status", "Derived status", "Overdue"]);
    // 1.1.5, due 31 Oct 13 and Green, is overdue on 1 December 2013; 1.1 derives Amber.
    let r115 = (1..range.height() as u32).map(row).find(|r| r[0] == "1.1.5").unwrap();
    assert_eq!((r115[9].as_str(), r115[11].as_str()), ("Green", "Overdue"));
    let r11 = (1..range.height() as u32).map(row).find(|r| r[0] == "1.1").unwrap();
    assert_eq!((r11[9].as_str(), r11[10].as_str()), ("Green", "Amber"));
}

#[test]
fn kpi_refs_name_indicators_of_the_linked_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("tests/fixtures/plans/norfolk.csv");
    let ws = root().join("data/sample");
    let run = scorecard_in(
        dir.path(),
        &[
            "actions",
            plan.to_str().unwrap(),
            "--as-of",
            "2013-12-01",
            "--scorecard",
            ws.to_str().unwrap(),
            "--out",
            "p.pdf",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let text: String = pdf_pages(&dir.path().join("p.pdf"))
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // 1.1.2 names CSC01, whose latest value in the sample is 74.2%, rated red.
    assert!(text.contains("CSC01 74.2% · Red"), "{text}");
    // An id the scorecard does not have is an error at its cell.
    let bad = std::fs::read_to_string(&plan).unwrap().replacen(",CSC01,", ",CSC99,", 1);
    std::fs::write(dir.path().join("bad.csv"), bad).unwrap();
    let run = scorecard_in(
        dir.path(),
        &[
            "actions",
            "bad.csv",
            "--as-of",
            "2013-12-01",
            "--scorecard",
            ws.to_str().unwrap(),
            "--out",
            "q.pdf",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr
            .contains("bad.csv:4:6: action 1.1.2: KPI CSC99 is not an indicator of the linked scorecard"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("q.pdf").exists());
}

#[test]
fn changes_since_the_last_report_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("tests/fixtures/plans/lancashire.csv");
    // Last quarter: 1.1.1 was Amber (now completed), 1.2.1 Amber (now Green),
    // 1.3.3 Amber (now Red), and 2.2.2 was not in the plan.
    let text = std::fs::read_to_string(&plan).unwrap();
    let before: String = text
        .lines()
        .filter(|l| !l.starts_with("2.2.2,"))
        .map(|l| {
            let l = if l.starts_with("1.1.1,") {
                l.replace(",Blue,Board", ",Amber,Board")
            } else {
                l.to_string()
            };
            let l = if l.starts_with("1.2.1,") {
                l.replace(",Green,Consultation", ",Amber,Consultation")
            } else {
                l
            };
            if l.starts_with("1.3.3,") {
                l.replace(",Red,Initial", ",Amber,Initial")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("before.csv"), before).unwrap();
    let run = scorecard_in(
        dir.path(),
        &[
            "actions",
            plan.to_str().unwrap(),
            "--key",
            "lancashire",
            "--as-of",
            "2019-03-01",
            "--previous",
            "before.csv",
            "--out",
            "p.pdf",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let text: String = pdf_pages(&dir.path().join("p.pdf"))
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let changes = &text[text.find("Changes since last report").expect("a changes section")..];
    for row in [
        "1.1.1 Establish a multi-agency strategic governance board, with strategic responsibility and accountability for the Children's agenda. Amber Blue Completed",
        "1.2.1 Develop a refreshed multi-agency Neglect Strategy, in consultation with a wide range of partners. Amber Green Better",
        "1.3.3 Review domestic abuse services and tools to identify gaps in provision in LCC commissioned services. Amber Red Worse",
        "2.2.2 Improve the timeliness of decision making in the MASH. Amber New action",
    ] {
        assert!(changes.contains(row), "missing {row:?} in {changes}");
    }
}

/// A plan saved by Excel on Windows: CRLF line endings, Windows-1252 text
/// (an en dash and a pound sign), a blank row; read the same as the original.
#[test]
fn a_plan_saved_by_excel_on_windows_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/plans/norfolk.csv")).unwrap();
    let text = text
        .replace(
            "Awaiting proposals from Corporate OD.",
            "\"Awaiting proposals – £12,000 bid to Corporate OD.\"",
        )
        .replacen("\n1.2,", "\n,,,,,,,,,\n1.2,", 1)
        .replace('\n', "\r\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(dir.path().join("plan.csv"), &bytes).unwrap();
    let run = scorecard_in(dir.path(), &["actions", "plan.csv", "--as-of", "2013-12-01", "--out", "p.csv"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let out = std::fs::read_to_string(dir.path().join("p.csv")).unwrap();
    assert!(out.contains("Awaiting proposals – £12,000 bid to Corporate OD."), "{out}");
    // Line numbers count the blank row and stay right with CRLF: 1.2 is now on line 10.
    assert!(
        run.stderr.lines().any(
            |l| l.ends_with("plan.csv:10:9: warning: action 1.2: stated Amber, but its actions give Red")
        ),
        "{}",
        run.stderr
    );
    let overdue: Vec<&str> =
        out.lines().filter(|l| l.contains(",true,")).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(overdue, ["1.1.5", "1.1.6", "1.1.9", "1.2.1", "1.2.2"]);
}

/// A plan's own status key, in the TOML file beside it: its words are read,
/// ranked (completed best) and printed; a word not in it is an error.
#[test]
fn a_plan_brings_its_own_status_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.csv"),
        "ref,key_area,outcome,action,ofsted_ref,kpi_ref,due,lead,status,update\n\
         1.1,Early help,,Front door,,,March 2019,JS,At risk,\n\
         1.1.1,Early help,,Triage in 24 hours,,,January 2019,JS,On track,Pilot running\n\
         1.1.2,Early help,,Single assessment,,,December 2019,AB,Done,Live since May\n\
         1.1.3,Early help,,Step-down panel,,,June 2019,AB,Off track,Chair vacant\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plan.toml"),
        "# Our council's key, best first.\n[status]\n\
         [[status.levels]]\nword = \"Done\"\nmeaning = \"Delivered and evidenced\"\ncolour = \"blue\"\n\
         [[status.levels]]\nword = \"On track\"\nmeaning = \"Milestones met\"\ncolour = \"green\"\n\
         [[status.levels]]\nword = \"At risk\"\nmeaning = \"Behind, recoverable\"\ncolour = \"amber\"\n\
         [[status.levels]]\nword = \"Off track\"\nmeaning = \"Needs the board's help\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let run = scorecard_in(
        dir.path(),
        &["actions", "plan.csv", "--as-of", "2019-02-28", "--out", "p.csv", "--out", "p.pdf"],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    let mut reader = csv::Reader::from_path(dir.path().join("p.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let derived: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[7], &r[8])).collect();
    // 1.1's children: worst is Off track; 1.1.1 is past January, not done: overdue.
    assert!(derived.contains(&("1.1", "Off track", "false")), "{derived:?}");
    assert!(derived.contains(&("1.1.1", "On track", "true")), "{derived:?}");
    assert!(
        run.stderr.contains("action 1.1: stated At risk, but its actions give Off track"),
        "{}",
        run.stderr
    );
    let text =
        pdf_pages(&dir.path().join("p.pdf")).join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Needs the board's help"), "the key's meanings are printed");
    // A word the key does not have is an error that lists the key's words.
    let plan = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
    std::fs::write(dir.path().join("plan.csv"), plan.replace("Off track,Chair", "Red,Chair")).unwrap();
    let run = scorecard_in(dir.path(), &["check", "plan.csv", "--as-of", "2019-02-28"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.all().contains("Done, On track, At risk or Off track"), "{}", run.all());
    // A key that cannot be used says why, in the TOML file.
    std::fs::write(dir.path().join("plan.toml"), "[status]\nkey = \"kent\"\n").unwrap();
    let run = scorecard_in(dir.path(), &["check", "plan.csv"]);
    assert!(
        run.all().contains("plan.toml: status key \"kent\" is not one of norfolk, lancashire"),
        "{}",
        run.all()
    );
}
