//! Status keys: the words a plan's status column may hold, what each means,
//! which is worse, and which means done. Norfolk's and Lancashire's are built
//! in by name; they differ (Lancashire's amber is "on track"). A plan may
//! bring its own: a `Key` sheet in its workbook or a `[status]` table in the
//! TOML file beside it (`plan.toml` for `plan.csv`).

use std::path::Path;

use serde::Deserialize;

use crate::core::diag::{Diagnostics, Origin};
use crate::ingest::{read_grid_or_absent, Column, ReadError, Table};

/// One status of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    /// The word as the plan prints it: "Green".
    pub(crate) word: String,
    /// The letter: "G".
    pub(crate) letter: String,
    /// What it means, for the printed key.
    pub(crate) meaning: String,
    /// The colour of its cell: a palette name (white, blue, green, amber, red).
    pub(crate) colour: String,
    /// How bad it is: the worst of a parent's children is the parent's status.
    pub(crate) severity: u8,
    /// Whether the action is done.
    pub(crate) completed: bool,
    /// Whether it is red: an overdue action already marked so is no mismatch.
    pub(crate) red: bool,
}

/// A plan's status key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// Its name: "norfolk", "lancashire", or where a plan's own came from.
    pub(crate) name: String,
    /// Its statuses, best first.
    pub(crate) statuses: Vec<Status>,
}

fn status(word: &str, letter: &str, meaning: &str, colour: &str, severity: u8) -> Status {
    Status {
        word: word.to_string(),
        letter: letter.to_string(),
        meaning: meaning.to_string(),
        colour: colour.to_string(),
        severity,
        completed: false,
        red: false,
    }
}

/// The colours a status cell may have: the palette's status colours.
const COLOURS: [&str; 5] = ["white", "blue", "green", "amber", "red"];

/// One status of a key as a plan writes it (a `Key` sheet's row, a
/// `[[status.levels]]` table), best first.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusRow {
    /// The word: "Green".
    pub(crate) word: String,
    /// The letter; by default the word's first.
    #[serde(default)]
    pub(crate) letter: String,
    /// What it means.
    #[serde(default)]
    pub(crate) meaning: String,
    /// The cell colour (white, blue, green, amber, red); by default the word, if it is one.
    #[serde(default, alias = "color")]
    pub(crate) colour: String,
    /// Whether it means done; by default, whether it is blue.
    #[serde(default)]
    pub(crate) completed: Option<bool>,
}

impl Key {
    /// The key of the Norfolk Strategic Improvement Plan (2013).
    pub(crate) fn norfolk() -> Key {
        Key {
            name: "norfolk".to_string(),
            statuses: vec![
                Status { completed: true, ..status("Blue", "B", "Completed", "blue", 0) },
                status("White", "W", "Not started (not yet due to start)", "white", 1),
                status("Green", "G", "Work progressing as expected (to timescale)", "green", 2),
                status(
                    "Amber",
                    "A",
                    "Work is not on track at present, but plans are in place to ensure progress by identified timescale",
                    "amber",
                    3,
                ),
                Status {
                    red: true,
                    ..status(
                        "Red",
                        "R",
                        "Work is not progressing as expected, high risk of not meeting timescale and needs attention",
                        "red",
                        4,
                    )
                },
            ],
        }
    }

    /// The key of Lancashire's "Better for Children" plan (2018/19).
    pub(crate) fn lancashire() -> Key {
        Key {
            name: "lancashire".to_string(),
            statuses: vec![
                Status { completed: true, ..status("Blue", "B", "Completed", "blue", 0) },
                status(
                    "Green",
                    "G",
                    "Tasks and outcomes are completed or performance is on target",
                    "green",
                    1,
                ),
                status(
                    "Amber",
                    "A",
                    "Tasks and outcomes are on track, milestones met but full action(s) not completed",
                    "amber",
                    2,
                ),
                Status {
                    red: true,
                    ..status(
                        "Red",
                        "R",
                        "Tasks and or outcomes have not been met or timescale slipped",
                        "red",
                        3,
                    )
                },
            ],
        }
    }

    /// A built-in key by name.
    pub(crate) fn named(name: &str) -> Option<Key> {
        match name.trim().to_lowercase().as_str() {
            "norfolk" => Some(Key::norfolk()),
            "lancashire" => Some(Key::lancashire()),
            _ => None,
        }
    }

    /// A key of a plan's own, from its statuses best first. Completed
    /// statuses rank best whatever their place; a red one is the status an
    /// overdue action may already have without a mismatch.
    pub(crate) fn from_rows(name: &str, rows: &[StatusRow]) -> Result<Key, Vec<String>> {
        let mut problems = Vec::new();
        let mut statuses: Vec<Status> = Vec::new();
        for row in rows {
            let word = row.word.trim();
            if word.is_empty() {
                problems.push("a status has no word".to_string());
                continue;
            }
            let colour = match row.colour.trim().to_lowercase() {
                c if c.is_empty() && COLOURS.contains(&word.to_lowercase().as_str()) => word.to_lowercase(),
                c if c == "grey" || c == "gray" => "white".to_string(),
                c if COLOURS.contains(&c.as_str()) => c,
                c if c.is_empty() => {
                    problems
                        .push(format!("status \"{word}\" has no colour: give one of {}", COLOURS.join(", ")));
                    continue;
                }
                c => {
                    problems.push(format!(
                        "status \"{word}\": colour \"{c}\" is not one of {}",
                        COLOURS.join(", ")
                    ));
                    continue;
                }
            };
            let taken = |l: &str| statuses.iter().any(|s| s.letter.eq_ignore_ascii_case(l));
            let letter = match row.letter.trim() {
                // The word's first letter, or if another status has it, the word itself.
                "" => Some(word.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default())
                    .filter(|l| !taken(l))
                    .unwrap_or_else(|| word.to_string()),
                l => l.to_string(),
            };
            let completed = row.completed.unwrap_or(colour == "blue");
            let clash = statuses
                .iter()
                .find(|s| s.word.eq_ignore_ascii_case(word) || s.letter.eq_ignore_ascii_case(&letter));
            if let Some(other) = clash {
                problems.push(format!(
                    "statuses \"{}\" and \"{word}\" share a word or the letter \"{letter}\": give each its own letter",
                    other.word
                ));
                continue;
            }
            let severity = statuses.iter().filter(|s| !s.completed).count() as u8 + 1;
            statuses.push(Status {
                red: colour == "red",
                completed,
                severity: if completed { 0 } else { severity },
                ..status(word, &letter, row.meaning.trim(), &colour, 0)
            });
        }
        if problems.is_empty() && !statuses.iter().any(|s| s.completed) {
            problems.push("no status means completed: mark one `completed` (or make it blue)".to_string());
        }
        if problems.is_empty() && statuses.len() < 2 {
            problems.push("a key needs at least two statuses".to_string());
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        statuses.sort_by_key(|s| s.severity);
        Ok(Key { name: name.to_string(), statuses })
    }

    /// The status a cell's text names: its word or letter in any case, "Blue
    /// (B)", or "Complete"/"Completed" for the completed status.
    pub(crate) fn find(&self, text: &str) -> Option<&Status> {
        let t = text.trim().to_lowercase();
        let word = t.split(|c: char| c == '(' || c.is_whitespace()).next().unwrap_or("");
        self.statuses
            .iter()
            .find(|s| {
                s.word.to_lowercase() == t || s.word.to_lowercase() == word || s.letter.to_lowercase() == t
            })
            .or_else(|| matches!(word, "complete" | "completed" | "done").then(|| self.completed()).flatten())
    }

    /// The status that means done.
    pub(crate) fn completed(&self) -> Option<&Status> {
        self.statuses.iter().find(|s| s.completed)
    }

    /// The words of the key, for messages: "Blue, White, Green, Amber or Red".
    pub(crate) fn words(&self) -> String {
        let words: Vec<&str> = self.statuses.iter().map(|s| s.word.as_str()).collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.concat(),
        }
    }
}

/// The `Key` sheet's columns.
const KEY_COLUMNS: &[Column] = &[
    Column { name: "status", synonyms: &["word", "rag", "rating"], required: true },
    Column { name: "letter", synonyms: &["abbreviation", "code"], required: false },
    Column { name: "meaning", synonyms: &["description", "definition", "means"], required: false },
    Column { name: "colour", synonyms: &["color", "fill"], required: false },
    Column { name: "completed", synonyms: &["complete", "done"], required: false },
];

/// What the TOML file beside a plan may hold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanToml {
    status: StatusToml,
}

/// A plan's `[status]` table: a built-in key by name, or its own levels.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusToml {
    key: Option<String>,
    #[serde(default)]
    levels: Vec<StatusRow>,
}

/// The key a plan brings itself, if any: the `[status]` table of the TOML
/// file beside it (`plan.toml` for `plan.xlsx`), else its workbook's `Key`
/// sheet. Problems are reported with their file and cell.
pub(crate) fn plan_key(plan: &Path, diags: &mut Diagnostics) -> Option<Key> {
    let toml_path = plan.with_extension("toml");
    if toml_path.is_file() && plan.extension().is_some_and(|e| !e.eq_ignore_ascii_case("toml")) {
        return toml_key(&toml_path, diags);
    }
    let is_workbook = plan
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&e.to_lowercase().as_str()));
    if !is_workbook {
        return None;
    }
    let shown = plan.display().to_string();
    let grid = match read_grid_or_absent(plan, &shown, "Key") {
        Ok(grid) => grid,
        Err(ReadError::NoSheet(_)) => return None,
        Err(ReadError::Unreadable(d)) => {
            diags.push(d);
            return None;
        }
    };
    let table = match Table::from_grid(grid, KEY_COLUMNS) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut rows = Vec::new();
    for (row, cells) in &table.rows {
        let text = |slot: usize| table.get(cells, slot).text().trim().to_string();
        if text(0).is_empty() {
            continue;
        }
        let completed = match text(4).to_lowercase().as_str() {
            "" => None,
            "yes" | "y" | "true" | "x" | "1" | "✓" => Some(true),
            "no" | "n" | "false" | "0" => Some(false),
            other => {
                diags.error(
                    Some(table.origin_of(*row, 4)),
                    format!("completed: \"{other}\" is not yes or no"),
                );
                None
            }
        };
        rows.push((
            *row,
            StatusRow { word: text(0), letter: text(1), meaning: text(2), colour: text(3), completed },
        ));
    }
    let statuses: Vec<StatusRow> = rows.iter().map(|(_, r)| r.clone()).collect();
    match Key::from_rows(&format!("{shown} (Key sheet)"), &statuses) {
        Ok(key) => Some(key),
        Err(problems) => {
            for p in problems {
                // The row a problem names, found by the status word it quotes.
                let row = rows
                    .iter()
                    .find(|(_, r)| p.contains(&format!("\"{}\"", r.word.trim())))
                    .map(|(row, _)| *row);
                let origin = row.map_or(table.origin.clone(), |row| table.origin_of(row, 0));
                diags.error(Some(origin), format!("status key: {p}"));
            }
            None
        }
    }
}

/// The key of a plan's TOML file.
fn toml_key(path: &Path, diags: &mut Diagnostics) -> Option<Key> {
    let shown = path.display().to_string();
    let origin = Origin::file(&shown);
    let text = match std::fs::read(path) {
        Ok(bytes) => crate::ingest::decode_text(&bytes),
        Err(e) => {
            diags.error(Some(origin), format!("cannot read: {e}"));
            return None;
        }
    };
    let parsed: PlanToml = match toml::from_str(&text) {
        Ok(p) => p,
        Err(e) => {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32);
            diags.error(Some(line.map_or(origin.clone(), |l| origin.at(l, 0))), e.message().to_string());
            return None;
        }
    };
    let status = parsed.status;
    match (status.key, status.levels.is_empty()) {
        (Some(name), true) => Key::named(&name).or_else(|| {
            diags.error(Some(origin), format!("status key \"{name}\" is not one of norfolk, lancashire"));
            None
        }),
        (Some(_), false) => {
            diags.error(Some(origin), "[status] has both a key and levels: give one");
            None
        }
        (None, true) => {
            diags.error(
                Some(origin),
                "[status] needs key = \"norfolk\" or \"lancashire\", or [[status.levels]]",
            );
            None
        }
        (None, false) => match Key::from_rows(&shown, &status.levels) {
            Ok(key) => Some(key),
            Err(problems) => {
                for p in problems {
                    diags.error(Some(origin.clone()), format!("status key: {p}"));
                }
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_found_by_word_letter_or_as_written() {
        let key = Key::norfolk();
        assert_eq!(key.find("green").unwrap().word, "Green");
        assert_eq!(key.find("G").unwrap().word, "Green");
        assert_eq!(key.find("Blue (B)").unwrap().word, "Blue");
        assert_eq!(key.find("Completed").unwrap().word, "Blue");
        assert!(key.find("Purple").is_none());
        assert!(key.find("").is_none());
        assert_eq!(key.words(), "Blue, White, Green, Amber or Red");
    }

    #[test]
    fn the_two_keys_differ_where_the_councils_do() {
        // Lancashire has no White; its Amber is "on track".
        assert!(Key::lancashire().find("W").is_none());
        assert!(Key::lancashire().find("Amber").unwrap().meaning.contains("on track"));
        assert!(Key::named("Norfolk").is_some() && Key::named("Kent").is_none());
    }

    fn row(word: &str, colour: &str, completed: Option<bool>) -> StatusRow {
        StatusRow { word: word.into(), colour: colour.into(), completed, ..StatusRow::default() }
    }

    #[test]
    fn a_plan_may_bring_its_own_key() {
        let rows = [
            row("On track", "green", None),
            row("Done", "blue", None),
            row("At risk", "amber", None),
            row("Off track", "red", None),
        ];
        let key = Key::from_rows("plan.toml", &rows).unwrap();
        // Completed ranks best wherever it is listed; the rest keep their order.
        let words: Vec<&str> = key.statuses.iter().map(|s| s.word.as_str()).collect();
        assert_eq!(words, ["Done", "On track", "At risk", "Off track"]);
        assert_eq!(key.find("at risk").unwrap().letter, "A");
        // Two statuses start with O: the first gets the letter, the second none.
        assert_eq!(key.find("O").unwrap().word, "On track");
        assert_eq!(key.find("Off track").unwrap().letter, "Off track");
        assert!(key.find("Off track").unwrap().red);
        assert_eq!(key.completed().unwrap().word, "Done");
    }

    #[test]
    fn a_bad_key_says_what_is_wrong() {
        let problems =
            Key::from_rows("k", &[row("Done", "purple", Some(true)), row("Late", "", None)]).unwrap_err();
        assert!(
            problems[0].contains("colour \"purple\" is not one of white, blue, green, amber, red"),
            "{problems:?}"
        );
        assert!(problems[1].contains("status \"Late\" has no colour"), "{problems:?}");
        let problems = Key::from_rows("k", &[row("Green", "", None), row("Amber", "", None)]).unwrap_err();
        assert!(problems[0].contains("no status means completed"), "{problems:?}");
    }

    #[test]
    fn the_template_workbooks_key_sheet_reads_back_as_the_key_it_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.xlsx");
        let csv = "ref,key_area,outcome,action,ofsted_ref,kpi_ref,due,lead,status,update\n1.1,A,,Do it,,,March 2019,JS,Green,\n";
        for key in [Key::norfolk(), Key::lancashire()] {
            std::fs::write(&plan, crate::actions::xlsx::template_workbook(csv, &key).unwrap()).unwrap();
            let mut diags = Diagnostics::default();
            let read = plan_key(&plan, &mut diags).expect("a Key sheet");
            assert!(!diags.has_errors());
            assert_eq!(read.statuses, key.statuses, "{}", key.name);
        }
    }
}
