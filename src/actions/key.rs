//! Status keys: the words a plan's status column may hold, what each means,
//! which is worse, and which means done. Norfolk's and Lancashire's are built
//! in by name; they differ (Lancashire's amber is "on track").

/// One status of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    /// The word as the plan prints it: "Green".
    pub(crate) word: &'static str,
    /// The letter: "G".
    pub(crate) letter: &'static str,
    /// What it means, for the printed key.
    pub(crate) meaning: &'static str,
    /// The colour of its cell: a palette name (white, blue, green, amber, red).
    pub(crate) colour: &'static str,
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
    /// Its name: "norfolk", "lancashire".
    pub(crate) name: &'static str,
    /// Its statuses, best first.
    pub(crate) statuses: Vec<Status>,
}

const fn status(
    word: &'static str,
    letter: &'static str,
    meaning: &'static str,
    colour: &'static str,
    severity: u8,
) -> Status {
    Status { word, letter, meaning, colour, severity, completed: false, red: false }
}

impl Key {
    /// The key of the Norfolk Strategic Improvement Plan (2013).
    pub(crate) fn norfolk() -> Key {
        Key {
            name: "norfolk",
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
            name: "lancashire",
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

    /// The status a cell's text names: its word or letter in any case, "Blue
    /// (B)", or "Complete"/"Completed" for the completed status.
    pub(crate) fn find(&self, text: &str) -> Option<&Status> {
        let t = text.trim().to_lowercase();
        let word = t.split(|c: char| c == '(' || c.is_whitespace()).next().unwrap_or("");
        self.statuses
            .iter()
            .find(|s| s.word.to_lowercase() == word || s.letter.to_lowercase() == t)
            .or_else(|| matches!(word, "complete" | "completed" | "done").then(|| self.completed()).flatten())
    }

    /// The status that means done.
    pub(crate) fn completed(&self) -> Option<&Status> {
        self.statuses.iter().find(|s| s.completed)
    }

    /// The words of the key, for messages: "Blue, White, Green, Amber or Red".
    pub(crate) fn words(&self) -> String {
        let words: Vec<&str> = self.statuses.iter().map(|s| s.word).collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.concat(),
        }
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
}
