//! Diagnostics: one type for every problem found in the inputs, so `check` and
//! every other command report them the same way (`file: Sheet!B7: message`).

use std::fmt;
use std::sync::Arc;

/// How serious a problem is: errors stop a document being produced, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    /// The figure is meaningless or the input cannot be read.
    Error,
    /// Legitimately messy data the reader should know about.
    Warning,
}

/// Where a value came from: a file, and for spreadsheets a sheet, and a cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Origin {
    /// The file and sheet, shared: every observation of a file carries its origin.
    place: Arc<Place>,
    /// Zero-based row and column of the cell, if the problem is in one cell or row.
    pub(crate) cell: Option<(u32, u32)>,
}

/// A file, and a sheet of it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    /// The file as the user named it (relative to the workspace where possible).
    file: String,
    /// The sheet of a workbook; `None` for CSV files.
    sheet: Option<String>,
}

impl Origin {
    /// The origin of a whole file.
    pub(crate) fn file(file: impl Into<String>) -> Origin {
        Origin { place: Arc::new(Place { file: file.into(), sheet: None }), cell: None }
    }

    /// The same file, in the sheet named `sheet`.
    pub(crate) fn in_sheet(&self, sheet: &str) -> Origin {
        let place = Place { file: self.place.file.clone(), sheet: Some(sheet.to_string()) };
        Origin { place: Arc::new(place), cell: None }
    }

    /// The file as the user named it.
    pub(crate) fn file_name(&self) -> &str {
        &self.place.file
    }

    /// The same file and sheet, at another cell.
    pub(crate) fn at(&self, row: u32, col: u32) -> Origin {
        Origin { cell: Some((row, col)), ..self.clone() }
    }
}

/// The spreadsheet name of a zero-based column: 0 → A, 26 → AA.
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.place.file;
        match (&self.place.sheet, self.cell) {
            // Spreadsheets: `file: Sheet!B7`, as Excel users name cells.
            (Some(sheet), Some((row, col))) => {
                write!(f, "{file}: {}!{}{}", sheet, column_letters(col), row + 1)
            }
            (Some(sheet), None) => write!(f, "{file}: {sheet}"),
            // CSV: `file:line:column`, as compilers and editors expect.
            (None, Some((row, col))) => write!(f, "{file}:{}:{}", row + 1, col + 1),
            (None, None) => write!(f, "{file}"),
        }
    }
}

/// `n` and a noun, singular or plural as English has it: "1 error", "2 warnings".
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// One problem with the inputs, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Diagnostic {
    /// Where the offending value is; `None` for problems of the workspace as a whole.
    pub(crate) origin: Option<Origin>,
    /// Error or warning.
    pub(crate) severity: Severity,
    /// What is wrong, in words a performance officer understands.
    pub(crate) message: String,
}

impl Diagnostic {
    /// Whether it is an error rather than a warning.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An error at `origin`.
    pub(crate) fn error(origin: Option<Origin>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { origin, severity: Severity::Error, message: message.into() }
    }

    /// A warning at `origin`.
    pub(crate) fn warning(origin: Option<Origin>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { origin, severity: Severity::Warning, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = &self.origin {
            write!(f, "{origin}: ")?;
        }
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", shorten(&self.message))
    }
}

/// The longest quoted value a message echoes, in characters.
const ECHO: usize = 80;

/// A message with each quoted value cut to `ECHO` characters (a 10 MB area
/// code is not printed in full), and the whole to ten times that.
fn shorten(message: &str) -> std::borrow::Cow<'_, str> {
    // Quotes that do not pair up are not quoting a value.
    if message.chars().count() <= ECHO || message.matches('"').count() % 2 == 1 {
        return message.into();
    }
    let mut out = String::new();
    let mut quoted = 0usize;
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if inside && quoted > ECHO {
                out.push('…');
            }
            inside = !inside;
            quoted = 0;
            out.push(c);
        } else if inside {
            quoted += 1;
            if quoted <= ECHO {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    if out.chars().count() > 10 * ECHO {
        out = out.chars().take(10 * ECHO).collect::<String>() + "…";
    }
    out.into()
}

/// A count with thousands separators: 999800 → "999,800".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How many problems of one kind (same file, same message but for its
/// numbers and quoted values) are kept and printed; the rest are counted. A
/// million duplicate rows would otherwise print 190 MB.
pub(crate) const PER_KIND: usize = 200;

/// Problems of one kind past `PER_KIND`: how many, and the last, to describe them.
#[derive(Debug, Clone)]
struct Overflow {
    count: usize,
    last: Diagnostic,
}

/// Every problem found so far; reading goes on after an error so all are reported at once.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
    /// How many of each kind are kept.
    kept: rustc_hash::FxHashMap<String, usize>,
    /// Those not kept, by kind.
    overflow: std::collections::BTreeMap<String, Overflow>,
}

/// What makes problems the same kind: their file, severity and message with
/// numbers and quoted values left out.
fn kind(d: &Diagnostic) -> String {
    let mut key = format!("{:?}|{}|", d.severity, d.origin.as_ref().map_or("", |o| o.file_name()));
    let mut quoted = false;
    for c in d.message.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                key.push('"');
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !key.ends_with('#') {
                    key.push('#');
                }
            }
            c => key.push(c),
        }
    }
    key
}

impl Diagnostics {
    /// Records one problem; past `PER_KIND` of its kind, only counts it.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        let kind = kind(&diagnostic);
        let kept = self.kept.entry(kind.clone()).or_insert(0);
        if *kept < PER_KIND {
            *kept += 1;
            self.items.push(diagnostic);
        } else {
            let overflow =
                self.overflow.entry(kind).or_insert(Overflow { count: 0, last: diagnostic.clone() });
            overflow.count += 1;
            overflow.last = diagnostic;
        }
    }

    /// Records every problem of `items`.
    pub(crate) fn extend(&mut self, items: impl IntoIterator<Item = Diagnostic>) {
        for d in items {
            self.push(d);
        }
    }

    /// Takes over every problem of `other`.
    pub(crate) fn append(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
        for (kind, overflow) in other.overflow {
            match self.overflow.get_mut(&kind) {
                Some(mine) => {
                    mine.count += overflow.count;
                    mine.last = overflow.last;
                }
                None => {
                    self.overflow.insert(kind, overflow);
                }
            }
        }
    }

    /// One line for each kind of problem with more than `PER_KIND`: "… and
    /// 999,800 more like this: o.csv:1000001:1: duplicate row …".
    pub(crate) fn overflow_lines(&self) -> Vec<String> {
        self.overflow
            .values()
            .map(|o| format!("… and {} more like this: {}", thousands(o.count), o.last))
            .collect()
    }

    /// Records an error at `origin`.
    pub(crate) fn error(&mut self, origin: Option<Origin>, message: impl Into<String>) {
        self.push(Diagnostic::error(origin, message));
    }

    /// Records a warning at `origin`.
    pub(crate) fn warning(&mut self, origin: Option<Origin>, message: impl Into<String>) {
        self.push(Diagnostic::warning(origin, message));
    }

    /// Whether any problem is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The number of errors.
    pub(crate) fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// The number of warnings.
    pub(crate) fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The number of problems of one severity, those only counted included.
    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
            + self.overflow.values().filter(|o| o.last.severity == severity).map(|o| o.count).sum::<usize>()
    }

    /// The count of each kind: "1 error, 2 warnings".
    pub(crate) fn tally(&self) -> String {
        format!("{}, {}", counted(self.error_count(), "error"), counted(self.warning_count(), "warning"))
    }

    /// All problems, errors first, then in file and cell order.
    pub(crate) fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (a.severity, &a.origin).cmp(&(b.severity, &b.origin)).then(a.message.cmp(&b.message))
        });
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(counted(1, "error"), "1 error");
        assert_eq!(counted(0, "error"), "0 errors");
        assert_eq!(counted(2, "line"), "2 lines");
        let mut diags = Diagnostics::default();
        diags.error(None, "a");
        diags.warning(None, "b");
        diags.warning(None, "c");
        assert_eq!(diags.tally(), "1 error, 2 warnings");
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn origins_print_as_users_name_cells() {
        let sheet = Origin::file("a.xlsx").in_sheet("Indicators");
        assert_eq!(sheet.at(6, 4).to_string(), "a.xlsx: Indicators!E7");
        assert_eq!(Origin::file("a.csv").at(2, 0).to_string(), "a.csv:3:1");
    }

    #[test]
    fn a_flood_of_one_kind_is_kept_to_a_few_hundred_and_counted() {
        let mut diags = Diagnostics::default();
        for row in 0..1000u32 {
            diags.error(
                Some(Origin::file("o.csv").at(row, 0)),
                format!("duplicate row for \"A{row}\", period 2014-01"),
            );
        }
        diags.warning(Some(Origin::file("o.csv")), "another kind");
        assert_eq!((diags.error_count(), diags.warning_count()), (1000, 1));
        assert_eq!(diags.sorted().len(), PER_KIND + 1);
        assert_eq!(
            diags.overflow_lines(),
            ["… and 800 more like this: o.csv:1000:1: duplicate row for \"A999\", period 2014-01"]
        );
        let mut all = Diagnostics::default();
        all.append(diags);
        assert_eq!(all.error_count(), 1000, "appending keeps the count");
        assert_eq!(thousands(999_800), "999,800");
    }

    #[test]
    fn echoed_values_are_cut_to_eighty_characters() {
        let code = "E".repeat(10_000_000);
        let shown = Diagnostic::error(None, format!("area \"{code}\" is not in the areas file")).to_string();
        assert_eq!(shown, format!("area \"{}…\" is not in the areas file", "E".repeat(80)));
        let short = Diagnostic::error(None, "area \"E1\" is not in the areas file").to_string();
        assert_eq!(short, "area \"E1\" is not in the areas file");
    }
}
