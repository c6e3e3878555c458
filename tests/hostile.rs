//! A hostile corpus, generated here: every input kind (workspace files,
//! budget book, improvement plan, meeting manifest) spoiled in the ways a
//! careless or hostile user would, each run through the commands that read
//! it. Every run must exit 0 or 1 within 10 seconds, never panic, name the
//! spoiled file when it fails, and leave no stray, partial or temporary file.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// One way to spoil a file: its name and new contents.
struct Spoil {
    name: &'static str,
    bytes: Vec<u8>,
}

/// The spoilings every CSV input gets, given its good contents.
fn csv_spoilings(good: &str) -> Vec<Spoil> {
    let header = good.lines().next().unwrap_or("");
    let first_row = good.lines().nth(1).unwrap_or("");
    let s = |name, bytes: Vec<u8>| Spoil { name, bytes };
    vec![
        s("empty", Vec::new()),
        s("blank lines", b"\n\n  \n".to_vec()),
        s("binary", (0..=255u8).cycle().take(4096).collect()),
        s("NUL bytes", good.replace(',', ",\0").into_bytes()),
        s("header only", format!("{header}\n").into_bytes()),
        s("no header", good.lines().skip(1).collect::<Vec<_>>().join("\n").into_bytes()),
        s("CRLF", good.replace('\n', "\r\n").into_bytes()),
        s("CR only", good.replace('\n', "\r").into_bytes()),
        s("BOM", [b"\xEF\xBB\xBF".as_slice(), good.as_bytes()].concat()),
        s(
            "Windows-1252 pound",
            encoding_rs::WINDOWS_1252.encode(&good.replacen(',', ",£", 3)).0.into_owned(),
        ),
        s("semicolons", good.replace(',', ";").into_bytes()),
        s("unterminated quote", format!("{good}\"{first_row}\n").into_bytes()),
        s(
            "42,000-character cell",
            format!("{good}{}\n", first_row.replacen(',', &format!(",{},", "x".repeat(42_000)), 1))
                .into_bytes(),
        ),
        s("Excel errors", good.replace(",", ",#REF!,").replacen("#REF!", "#N/A", 1).into_bytes()),
        s("text in numbers", good.replace('1', "one").into_bytes()),
        s("huge numbers", good.replace('1', "1e308").into_bytes()),
        s("NaN and inf", good.replace('2', "NaN").replace('3', "inf").into_bytes()),
        s("negative", good.replace(",1", ",-1").into_bytes()),
        s("bracketed negative", good.replace(",2", ",(2,172)").into_bytes()),
        s("duplicated rows", format!("{good}{}", format!("{first_row}\n").repeat(500)).into_bytes()),
        s(
            "duplicated header",
            format!(
                "{header},{header}\n{}",
                good.lines().skip(1).map(|l| format!("{l},{l}\n")).collect::<String>()
            )
            .into_bytes(),
        ),
        s("ragged rows", good.lines().map(|l| format!("{l},extra,cells\n")).collect::<String>().into_bytes()),
        s(
            "short rows",
            good.lines()
                .map(|l| l.split(',').next().unwrap_or("").to_string() + "\n")
                .collect::<String>()
                .into_bytes(),
        ),
        s("impossible dates", good.replace("2014-01", "31/06/2014").replace("2013", "2041").into_bytes()),
        s("markup injection", good.replace(',', ",#set text(red)[<script>]\",").into_bytes()),
        s("emoji and Chinese", good.replacen(',', ",儿童📊,", 2).into_bytes()),
        s("10,000 columns", format!("{header}{}\n{first_row}\n", ",x".repeat(10_000)).into_bytes()),
    ]
}

/// A file named by `path` in `dir` written with `bytes`.
fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The files of a folder and its subfolders, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for entry in walk(dir) {
        out.push(entry.strip_prefix(dir).unwrap().display().to_string());
    }
    out.sort();
    out
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The outcome of one case.
struct Outcome {
    code: Option<i32>,
    output: String,
    elapsed: Duration,
}

/// Runs the binary in `dir`, killing it after 10 seconds.
fn run(dir: &Path, args: &[&str]) -> Outcome {
    let start = Instant::now();
    let out_path = dir.join(".run-output");
    let err_path = dir.join(".run-errors");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1764028800")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&std::fs::read(&out_path).unwrap_or_default()),
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default())
    );
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    Outcome { code, output, elapsed: start.elapsed() }
}

/// Writes a case's files into its folder.
type Setup = Box<dyn Fn(&Path) + Send + Sync>;

/// One case: the input kind, the spoiled file, how, and the command.
struct Case {
    kind: &'static str,
    file: &'static str,
    spoil: &'static str,
    args: Vec<&'static str>,
    /// The files the command may write when it succeeds.
    outputs: Vec<&'static str>,
}

/// Checks one run of a case against the rules; returns a failure, if any.
fn judge(case: &Case, before: &[String], dir: &Path, outcome: &Outcome) -> Option<String> {
    let what = format!("{} {} ({}): scorecard {}", case.kind, case.file, case.spoil, case.args.join(" "));
    let o = &outcome.output;
    let Some(code) = outcome.code else {
        return Some(format!("{what}: killed after {:?} (hang or signal)\n{o}", outcome.elapsed));
    };
    if !matches!(code, 0 | 1) {
        return Some(format!("{what}: exit {code}\n{o}"));
    }
    if o.contains("panicked") || o.contains("RUST_BACKTRACE") {
        return Some(format!("{what}: panicked\n{o}"));
    }
    // A failure names a file at the start of a line ("./o.csv:5:1: …"): the
    // spoiled one, or the one the spoiling sent the reader to.
    let names_a_file = o.lines().any(|l| {
        l.split(": ").next().is_some_and(|head| {
            (head.contains('.') || head.contains('/')) && !head.contains(' ') && head.len() < l.len()
        })
    });
    if code == 1 && !names_a_file {
        return Some(format!("{what}: the failure names no file\n{o}"));
    }
    let after = files(dir);
    for file in &after {
        let expected = before.contains(file) || (code == 0 && case.outputs.contains(&file.as_str()));
        if !expected {
            return Some(format!("{what}: left {file} (exit {code})\n{o}"));
        }
    }
    None
}

/// Runs every case, two at a time, and lists every failure.
fn run_cases(cases: Vec<(Case, Setup)>) -> (usize, Vec<String>) {
    let cases = std::sync::Mutex::new(cases.into_iter().collect::<Vec<_>>());
    let failures = std::sync::Mutex::new(Vec::new());
    let count = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some((case, setup)) = cases.lock().unwrap().pop() else { break };
                let dir = tempfile::tempdir().unwrap();
                setup(dir.path());
                let before = files(dir.path());
                let outcome = run(dir.path(), &case.args);
                count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if let Some(failure) = judge(&case, &before, dir.path(), &outcome) {
                    failures.lock().unwrap().push(failure);
                }
            });
        }
    });
    (count.into_inner(), failures.into_inner().unwrap())
}

const TOML: &str = "[scorecard]\ntitle = \"Scorecard\"\nhome = \"H\"\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\nareas = \"a.csv\"\nbudget = \"b.csv\"\n";
const OBSERVATIONS: &str = "indicator,area,period,value,numerator,denominator\nA,H,2013-12,74.5,149,200\nA,H,2014-01,75.5,151,200\nA,E,2014-01,70.1,,\nB,H,2013-12,12,,\nB,H,2014-01,13,,\n";
const AREAS: &str = "code,name,role\nH,Home County,home\nE,England,england\nN1,Neighbour One,neighbour\n";
const BUDGET: &str = "Group,Division of service,Approved budget £m,Forecast Outturn £m,Reason\nSpending,Agency placements,24.506,27.356,More agency placements\nSpending,Transport,10.336,11.537,More pupils\nSavings,Staffing,5.000,4.500,Vacancies\n";
const PLAN: &str = "ref,key_area,outcome,action,ofsted_ref,kpi_ref,due,lead,status,update\n1.1,Practice,Caseloads,Agree caseloads,,,March 2014,TS,Amber,\n1.1.1,Practice,,Set caseload limits,Rec 1,A,31/01/2014,TS,Green,Drafted\n1.1.2,Practice,,Recruit social workers,Rec 2,,Q3 2013/14,AB,Blue,Done in December\n";
const MEETING: &str = "[meeting]\ncommittee = \"Children's Services Panel\"\ndate = 2030-03-13\n\n[[items]]\nnumber = \"1\"\ntitle = \"Apologies\"\n\n[[items]]\nnumber = \"2\"\ntitle = \"Minutes\"\ntext = \"minutes.md\"\n";

/// Writes the good workspace.
fn good_workspace(dir: &Path) {
    write(dir, "scorecard.toml", TOML.as_bytes());
    write(dir, "i.csv", INDICATORS.as_bytes());
    write(dir, "o.csv", OBSERVATIONS.as_bytes());
    write(dir, "a.csv", AREAS.as_bytes());
    write(dir, "b.csv", BUDGET.as_bytes());
}

#[test]
fn the_hostile_corpus_never_crashes_hangs_or_leaves_files() {
    let mut cases: Vec<(Case, Setup)> = Vec::new();
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    // The workspace's four CSV files, each spoiled every way, through check, metrics and build.
    for (file, good) in [("i.csv", INDICATORS), ("o.csv", OBSERVATIONS), ("a.csv", AREAS), ("b.csv", BUDGET)]
    {
        for spoil in csv_spoilings(good) {
            let bytes = std::sync::Arc::new(spoil.bytes);
            for (args, outputs) in [
                (vec!["check", "."], vec![]),
                (vec!["metrics", ".", "--format", "json", "--out", "m.json"], vec!["m.json"]),
                (vec!["build", ".", "--out", "s.pdf", "--out", "s.html"], vec!["s.pdf", "s.html"]),
            ] {
                let bytes = bytes.clone();
                let case = Case { kind: "workspace", file, spoil: spoil.name, args, outputs };
                cases.push((
                    case,
                    Box::new(move |dir: &Path| {
                        good_workspace(dir);
                        write(dir, file, &bytes);
                    }),
                ));
            }
        }
    }
    // The toml itself.
    let tomls: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("not toml", "this is [not = toml".into()),
        ("observations = []", TOML.replace("observations = \"o.csv\"", "observations = []")),
        ("typo keys", TOML.replace("title", "titel").replace("budget", "budjet")),
        ("missing file", TOML.replace("o.csv", "missing.csv")),
        ("period 2041", TOML.replace("home = \"H\"", "home = \"H\"\nperiod = \"2041-01\"")),
        ("bad period", TOML.replace("home = \"H\"", "home = \"H\"\nperiod = \"2014-13\"")),
        ("home not in data", TOML.replace("home = \"H\"", "home = \"Z\"")),
        ("a folder as a file", TOML.replace("o.csv", ".")),
        ("outside path", TOML.replace("o.csv", "/etc/passwd")),
        ("huge title", TOML.replace("\"Scorecard\"", &format!("\"{}\"", "T".repeat(100_000)))),
        ("markup title", TOML.replace("\"Scorecard\"", "\"#set page(width: 1pt) ] [ #panic()\"")),
    ];
    for (spoil, text) in tomls {
        let text = std::sync::Arc::new(text);
        for (args, outputs) in [
            (vec!["check", "."], vec![]),
            (vec!["build", ".", "--out", "s.pdf", "--out", "s.html"], vec!["s.pdf", "s.html"]),
        ] {
            let text = text.clone();
            let case = Case {
                kind: "workspace",
                file: "scorecard.toml",
                spoil: leak(spoil.to_string()),
                args,
                outputs,
            };
            cases.push((
                case,
                Box::new(move |dir: &Path| {
                    good_workspace(dir);
                    write(dir, "scorecard.toml", text.as_bytes());
                }),
            ));
        }
    }
    // The budget book on its own and the improvement plan: check and their command.
    for (kind, file, good, command) in [
        (
            "budget book",
            "book.csv",
            BUDGET,
            vec!["variance", "book.csv", "--out", "v.csv", "--out", "v.xlsx", "--out", "v.html"],
        ),
        (
            "plan",
            "plan.csv",
            PLAN,
            vec![
                "actions",
                "plan.csv",
                "--as-of",
                "2014-02-28",
                "--out",
                "p.csv",
                "--out",
                "p.xlsx",
                "--out",
                "p.html",
            ],
        ),
    ] {
        for spoil in csv_spoilings(good) {
            let bytes = std::sync::Arc::new(spoil.bytes);
            for (args, outputs) in [
                (vec!["check", file], vec![]),
                (command.clone(), vec!["v.csv", "v.xlsx", "v.html", "p.csv", "p.xlsx", "p.html"]),
            ] {
                let bytes = bytes.clone();
                let case = Case { kind, file, spoil: spoil.name, args, outputs };
                cases.push((case, Box::new(move |dir: &Path| write(dir, file, &bytes))));
            }
        }
    }
    // The meeting manifest and its Markdown report.
    let manifests: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("no items", "[meeting]\ncommittee = \"P\"\ndate = 2030-03-13\n".into()),
        ("impossible date", MEETING.replace("2030-03-13", "2030-06-31")),
        ("items twice", MEETING.replace("number = \"2\"", "number = \"1\"")),
        ("escape", MEETING.replace("minutes.md", "../../../etc/passwd")),
        ("absolute", MEETING.replace("minutes.md", "/etc/passwd")),
        ("typo", MEETING.replace("title = \"Minutes\"", "titel = \"Minutes\"")),
        ("markup", MEETING.replace("Apologies", "#panic() ] <script>")),
        ("a PDF that is not", MEETING.replace("text = \"minutes.md\"", "report = \"minutes.md\"")),
        ("placeholder", MEETING.replace("Apologies", "ADD REPORT AUTHOR'S NAME")),
    ];
    for (spoil, text) in manifests {
        let text = std::sync::Arc::new(text);
        for (args, outputs) in [
            (vec!["check", "meeting.toml"], vec![]),
            (vec!["pack", "meeting.toml", "--out", "pack.pdf"], vec!["pack.pdf"]),
        ] {
            let text = text.clone();
            let case =
                Case { kind: "meeting", file: "meeting.toml", spoil: leak(spoil.to_string()), args, outputs };
            cases.push((
                case,
                Box::new(move |dir: &Path| {
                    write(dir, "meeting.toml", text.as_bytes());
                    write(dir, "minutes.md", b"# Minutes\n\nAgreed.\n");
                }),
            ));
        }
    }
    for spoil in csv_spoilings("# Minutes\nAgreed, with thanks, 12 to 3.\n") {
        let bytes = std::sync::Arc::new(spoil.bytes);
        let case = Case {
            kind: "meeting report",
            file: "minutes.md",
            spoil: spoil.name,
            args: vec!["pack", "meeting.toml", "--out", "pack.pdf"],
            outputs: vec!["pack.pdf"],
        };
        cases.push((
            case,
            Box::new(move |dir: &Path| {
                write(dir, "meeting.toml", MEETING.as_bytes());
                write(dir, "minutes.md", &bytes);
            }),
        ));
    }
    let planned = cases.len();
    assert!(planned >= 300, "{planned} cases");
    let (ran, failures) = run_cases(cases);
    assert_eq!(ran, planned);
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
