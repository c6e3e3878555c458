//! The one table reader: any CSV file or workbook sheet becomes rows of cells
//! that remember where they came from. Every command declares the columns it
//! needs; header matching (case, spacing, synonyms) and the finding of the
//! header row happen here.

mod csv;
/// Text files as Excel on Windows saves them: UTF-8, or else Windows-1252.
pub(crate) use csv::decode as decode_text;
mod sheet;
mod sheet_pieces;
pub(crate) mod value;

use std::borrow::Cow;
use std::path::Path;

use crate::core::diag::{column_letters, Diagnostic, Diagnostics, Origin};

/// One cell as read, before it is interpreted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, including every CSV field.
    Text(String),
    /// A number stored as a number in a workbook.
    Number(f64),
    /// A date stored as a date in a workbook (year, month, day).
    Date(i32, u32, u32),
    /// An Excel error value such as `#DIV/0!` or `#N/A`.
    Error(String),
}

impl Cell {
    /// The cell as text, as a person would read it in the sheet.
    pub(crate) fn text(&self) -> String {
        self.text_cow().into_owned()
    }

    /// [`Cell::text`], borrowed from the cell where it needs no cleaning.
    pub(crate) fn text_cow(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            // Control characters (a NUL pasted from another system) and byte
            // order marks (a file pasted into a cell) are never meant; a
            // no-break space pasted from the web would keep a name from
            // wrapping in its column.
            Cell::Text(t) => {
                let odd = |c: char| (c.is_control() && c != '\n') || c == '\u{feff}' || c == '\u{a0}';
                // Printable ASCII, as nearly every cell is, has none of them.
                if t.bytes().all(|b| (b' '..=b'~').contains(&b)) || !t.contains(odd) {
                    return Cow::Borrowed(trim(t));
                }
                let cleaned: String = t
                    .chars()
                    .filter(|&c| !odd(c) || c == '\u{a0}')
                    .map(|c| if c == '\u{a0}' { ' ' } else { c })
                    .collect();
                Cow::Owned(cleaned.trim().to_string())
            }
            Cell::Number(n) => Cow::Owned(format_plain(*n)),
            Cell::Date(y, m, d) => Cow::Owned(format!("{y:04}-{m:02}-{d:02}")),
            Cell::Error(e) => Cow::Borrowed(e),
        }
    }

    /// The Excel error value the cell holds (`#REF!`, `#N/A`), stored as an
    /// error by a workbook or as text by a CSV export: a formula that failed,
    /// never an id or a name.
    pub(crate) fn excel_error(&self) -> Option<String> {
        const ERRORS: [&str; 11] = [
            "#REF!",
            "#N/A",
            "#VALUE!",
            "#DIV/0!",
            "#NAME?",
            "#NULL!",
            "#NUM!",
            "#SPILL!",
            "#CALC!",
            "#GETTING_DATA",
            "#FIELD!",
        ];
        match self {
            Cell::Error(e) => Some(e.clone()),
            Cell::Text(t) => ERRORS.iter().find(|e| t.trim().eq_ignore_ascii_case(e)).map(|e| e.to_string()),
            _ => None,
        }
    }

    /// Whether the cell holds nothing but whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => blank(t),
            _ => false,
        }
    }
}

/// A text without the white space around it; nearly every field of a large
/// file starts and ends with a letter or digit, and is returned at once.
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Whether a text is empty or white space only.
fn blank(text: &str) -> bool {
    trim(text).is_empty()
}

/// Prints a number without a trailing `.0` for whole values.
pub(crate) fn format_plain(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// All the non-empty rows of one CSV file or sheet, as read.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The file and sheet.
    pub(crate) origin: Origin,
    /// Rows with their zero-based row number in the file or sheet.
    pub(crate) rows: Vec<(u32, Vec<Cell>)>,
    /// Whether numbers are stored as numbers (workbooks) or as text (CSV).
    pub(crate) typed: bool,
    /// Warnings about the file as a whole (lines in another encoding).
    pub(crate) notes: Vec<Diagnostic>,
}

impl Grid {
    /// The grid of `rows` read from `source`.
    fn of(source: &Source, rows: Vec<(u32, Vec<Cell>)>) -> Grid {
        Grid { origin: source.origin.clone(), rows, typed: source.typed, notes: source.notes.clone() }
    }
}

/// Why a CSV file or sheet could not be read, for callers to whom an absent
/// sheet is not an error.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The workbook has no sheet of that name.
    NoSheet(Diagnostic),
    /// Anything else: no such file, an unreadable workbook, malformed CSV.
    Unreadable(Diagnostic),
}

impl From<ReadError> for Diagnostic {
    fn from(e: ReadError) -> Diagnostic {
        match e {
            ReadError::NoSheet(d) | ReadError::Unreadable(d) => d,
        }
    }
}

/// What is known of a file or sheet before its rows: where it is, and what
/// reading it noticed.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The file and sheet.
    pub(crate) origin: Origin,
    /// Whether numbers are stored as numbers (workbooks) or as text (CSV).
    pub(crate) typed: bool,
    /// Warnings about the file as a whole (lines in another encoding).
    pub(crate) notes: Vec<Diagnostic>,
}

/// Reads a CSV file, or the sheet named `sheet` of a workbook (matched ignoring case).
pub(crate) fn read_grid(path: &Path, display: &str, sheet: &str) -> Result<Grid, Diagnostic> {
    read_grid_or_absent(path, display, sheet).map_err(Diagnostic::from)
}

/// [`read_grid`], telling a workbook without the sheet from one that cannot be read.
pub(crate) fn read_grid_or_absent(path: &Path, display: &str, sheet: &str) -> Result<Grid, ReadError> {
    let mut rows = Vec::new();
    let source = stream_rows(path, display, sheet, &mut |_, row, cells| rows.push((row, cells.to_vec())))?;
    Ok(Grid::of(&source, rows))
}

/// Calls `each` with every non-blank row of a CSV file or sheet, in order,
/// without holding them all. A cell over [`MAX_CELL_CHARS`] stops the rows
/// and is the error, naming the first such cell, before any work is done on it.
pub(crate) fn stream_rows(
    path: &Path,
    display: &str,
    sheet: &str,
    each: &mut dyn FnMut(&Source, u32, &[Cell]),
) -> Result<Source, ReadError> {
    if !path.is_file() {
        let why = if path.exists() { "is not a file" } else { "file not found" };
        return Err(ReadError::Unreadable(Diagnostic::error(Some(Origin::file(display)), why)));
    }
    let mut overlong = Overlong::default();
    let mut guarded = |source: &Source, row: u32, cells: &[Cell]| {
        if overlong.passes(&source.origin, row, cells) {
            each(source, row, cells);
        }
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let source = match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            csv::stream_csv(path, display, &mut guarded).map_err(ReadError::Unreadable)?
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => sheet::stream_sheet(path, display, sheet, &mut guarded)?,
        _ => {
            return Err(ReadError::Unreadable(Diagnostic::error(
                Some(Origin::file(display)),
                "unsupported file type: use .csv, .xlsx, .xls or .ods",
            )))
        }
    };
    overlong.result().map_err(ReadError::Unreadable)?;
    Ok(source)
}

/// The cells over [`MAX_CELL_CHARS`] met so far: the first stops the rows
/// and is the error, with how many more there were.
#[derive(Default)]
struct Overlong {
    first: Option<(Origin, usize)>,
    more: usize,
}

impl Overlong {
    /// Whether the rows may go on after this one: no overlong cell yet.
    fn passes(&mut self, origin: &Origin, row: u32, cells: &[Cell]) -> bool {
        for (col, cell) in cells.iter().enumerate() {
            if let Cell::Text(t) = cell {
                if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS {
                    match self.first {
                        Some(_) => self.more += 1,
                        None => self.first = Some((origin.at(row, col as u32), t.chars().count())),
                    }
                }
            }
        }
        self.first.is_none()
    }

    /// Adds what another piece of the same file met after this one's.
    fn then(&mut self, later: Overlong) {
        match (&self.first, later.first) {
            (None, first) => *self = Overlong { first, more: later.more },
            (Some(_), Some(_)) => self.more += 1 + later.more,
            (Some(_), None) => {}
        }
    }

    fn result(self) -> Result<(), Diagnostic> {
        let Some((origin, chars)) = self.first else { return Ok(()) };
        let others = if self.more > 0 { format!(" ({} more cells too)", self.more) } else { String::new() };
        Err(Diagnostic::error(
            Some(origin),
            format!("the cell holds {chars} characters; a cell holds at most {MAX_CELL_CHARS}, as in Excel{others}"),
        ))
    }
}

/// How many rows the header is looked for in.
const HEADER_SEARCH_ROWS: usize = 20;

/// Streams a table without holding its rows: `locate` finds the header in
/// the first rows (a grid of at most [`HEADER_SEARCH_ROWS`]) and returns the
/// table it heads, with whatever the caller needs beside it; `each` then gets
/// every data row, those first rows included.
pub(crate) fn stream_table<L>(
    path: &Path,
    display: &str,
    sheet: &str,
    locate: impl FnOnce(Grid) -> Result<(Table, L), Diagnostic>,
    mut each: impl FnMut(&Table, &mut L, u32, &[Cell]),
) -> Result<(Table, L), ReadError> {
    let mut locate = Some(locate);
    let mut first_rows = Vec::new();
    let mut located: Option<Result<(Table, L), Diagnostic>> = None;
    let source = stream_rows(path, display, sheet, &mut |source, row, cells| match &mut located {
        Some(Ok((table, extra))) => each(table, extra, row, cells),
        Some(Err(_)) => {}
        None => {
            first_rows.push((row, cells.to_vec()));
            if first_rows.len() == HEADER_SEARCH_ROWS {
                let grid = Grid::of(source, std::mem::take(&mut first_rows));
                located = locate.take().map(|locate| begin_table(grid, locate, &mut each));
            }
        }
    })?;
    let located = match (located, locate) {
        (Some(located), _) => located,
        (None, Some(locate)) => begin_table(Grid::of(&source, first_rows), locate, &mut each),
        (None, None) => Err(Diagnostic::error(Some(source.origin), "no header row found")),
    };
    located.map_err(ReadError::Unreadable)
}

/// The smallest CSV file read on several cores: below it, threads cost more than they save.
const PARALLEL_BYTES: usize = 4 << 20;

/// [`stream_table`] for a table whose rows can be read in any order, on up
/// to `threads` cores: a large CSV file is cut at line ends into pieces, and
/// `each` gets every row of piece `k` with the state `start(k)` made for it;
/// the states come back in file order, the first holding the rows read with
/// the header. Anything else (a workbook, a small file, one with quoted
/// fields, which may hold line ends) is one piece, read in order.
pub(crate) fn stream_table_parts<L: Sync, S: Send>(
    path: &Path,
    display: &str,
    sheet: &str,
    threads: usize,
    locate: impl FnOnce(Grid) -> Result<(Table, L), Diagnostic>,
    start: impl Fn(usize) -> S + Sync,
    each: impl Fn(&Table, &L, &mut S, u32, &[Cell]) + Sync,
) -> Result<(Table, L, Vec<S>), ReadError> {
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let big = std::fs::metadata(path).is_ok_and(|m| m.len() as usize >= PARALLEL_BYTES);
    if threads > 1 && is_csv && big {
        let text = csv::open_csv(path, display).map_err(ReadError::Unreadable)?;
        return in_pieces(&text, threads, locate, start, each);
    }
    let mut state: Option<S> = None;
    let (table, located) = stream_table(path, display, sheet, locate, |table, located, row, cells| {
        each(table, located, state.get_or_insert_with(|| start(0)), row, cells)
    })?;
    Ok((table, located, vec![state.unwrap_or_else(|| start(0))]))
}

/// [`stream_table_parts`] of a CSV text: the header is found in the first
/// rows; the rest, if it has no quotes (so every line end ends a record), is
/// cut into `threads` pieces at line ends, each read on its own thread, and
/// otherwise read in order by the CSV parser.
fn in_pieces<L: Sync, S: Send>(
    csv: &csv::CsvText,
    threads: usize,
    locate: impl FnOnce(Grid) -> Result<(Table, L), Diagnostic>,
    start: impl Fn(usize) -> S + Sync,
    each: impl Fn(&Table, &L, &mut S, u32, &[Cell]) + Sync,
) -> Result<(Table, L, Vec<S>), ReadError> {
    let (text, origin) = (csv.text.as_str(), &csv.source.origin);
    let mut first_rows = Vec::new();
    let mut rest = text.len();
    let mut overlong = Overlong::default();
    csv::records(text, csv.delimiter, 0, origin, &mut |line, cells, next| {
        if !overlong.passes(origin, line, cells) {
            return false;
        }
        first_rows.push((line, cells.to_vec()));
        rest = next;
        first_rows.len() < HEADER_SEARCH_ROWS
    })
    .map_err(ReadError::Unreadable)?;
    overlong.result().map_err(ReadError::Unreadable)?;
    let (mut table, located) = locate(Grid::of(&csv.source, first_rows)).map_err(ReadError::Unreadable)?;
    let mut head = start(0);
    for (row, cells) in std::mem::take(&mut table.rows) {
        each(&table, &located, &mut head, row, &cells);
    }
    let first_line = |at: usize| memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u32;
    if memchr::memchr(b'"', &text.as_bytes()[rest..]).is_some() {
        // A quoted field may hold a line end: one piece, the parser's way.
        let mut overlong = Overlong::default();
        csv::records(&text[rest..], csv.delimiter, first_line(rest), origin, &mut |row, cells, _| {
            let go_on = overlong.passes(origin, row, cells);
            if go_on {
                each(&table, &located, &mut head, row, cells);
            }
            go_on
        })
        .map_err(ReadError::Unreadable)?;
        overlong.result().map_err(ReadError::Unreadable)?;
        return Ok((table, located, vec![head]));
    }
    let bounds = cut_at_line_starts(text, rest, threads);
    let pieces: Vec<(usize, usize, u32)> =
        bounds.windows(2).map(|w| (w[0], w[1], first_line(w[0]))).collect();
    let (table_ref, located_ref, each, start) = (&table, &located, &each, &start);
    let results: Vec<(Overlong, Option<S>)> = std::thread::scope(|scope| {
        let mut head = Some(head);
        let workers: Vec<_> = pieces
            .iter()
            .enumerate()
            .map(|(k, &(from, to, line))| {
                let state = if k == 0 { head.take() } else { None };
                scope.spawn(move || {
                    let mut state = state.unwrap_or_else(|| start(k));
                    let mut overlong = Overlong::default();
                    csv::unquoted_records(&text[from..to], csv.delimiter, line, &mut |row, cells| {
                        if overlong.passes(origin, row, cells) {
                            each(table_ref, located_ref, &mut state, row, cells);
                        }
                    });
                    (overlong, Some(state))
                })
            })
            .collect();
        let mut results: Vec<_> = workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect();
        // Only the header's rows, when the rest of the file is empty.
        if results.is_empty() {
            results.push((Overlong::default(), head.take()));
        }
        results
    });
    let mut states = Vec::with_capacity(results.len());
    let mut overlong = Overlong::default();
    for (piece_overlong, state) in results {
        overlong.then(piece_overlong);
        states.extend(state);
    }
    overlong.result().map_err(ReadError::Unreadable)?;
    Ok((table, located, states))
}

/// Where to cut `text[from..]` into `pieces` of about equal size, each from
/// a line start to a line start: the first piece's start, each cut, the end.
fn cut_at_line_starts(text: &str, from: usize, pieces: usize) -> Vec<usize> {
    let mut bounds = vec![from];
    for k in 1..pieces {
        let at = (from + (text.len() - from) * k / pieces).max(*bounds.last().unwrap_or(&from));
        // Bytes: `at` may fall inside a character, a line feed never does.
        let start = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1);
        bounds.push(start);
    }
    bounds.push(text.len());
    bounds.dedup();
    bounds
}

/// Locates the table in the grid of its first rows, and gives `each` the data rows among them.
fn begin_table<L>(
    grid: Grid,
    locate: impl FnOnce(Grid) -> Result<(Table, L), Diagnostic>,
    each: &mut impl FnMut(&Table, &mut L, u32, &[Cell]),
) -> Result<(Table, L), Diagnostic> {
    let (mut table, mut extra) = locate(grid)?;
    for (row, cells) in std::mem::take(&mut table.rows) {
        each(&table, &mut extra, row, &cells);
    }
    Ok((table, extra))
}

/// The most characters a cell may hold: Excel's own limit, so no real sheet
/// reaches it, while a 10 MB cell would cost minutes and gigabytes to lay out.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// The most characters of a label: a name, a key area, a title. A line of
/// a table or a heading; a paragraph pasted into one is a mistake.
pub(crate) const MAX_LABEL_CHARS: usize = 500;

/// The most characters of a note: commentary, a reason, a progress update.
/// A page at most; a document pasted into one is a mistake.
pub(crate) const MAX_NOTE_CHARS: usize = 4_000;

/// Reports `text` (the `what` at `origin`) if it is longer than `max`
/// characters, at `check`, before any work is done on it.
pub(crate) fn check_length(text: &str, max: usize, what: &str, origin: Origin, diags: &mut Diagnostics) {
    if text.len() > max {
        let chars = text.chars().count();
        if chars > max {
            diags.error(Some(origin), format!("{what} is {chars} characters; at most {max}"));
        }
    }
}

/// Canonical form of a header for matching: lower case letters and digits only.
/// Currency units in headers ("Approved budget £m") are dropped first, since
/// they say how to read the amounts, not which column it is.
pub(crate) fn normalise_header(header: &str) -> String {
    // "%" is a word in headers ("Variance %"), so it survives as "pct".
    let lower = header.to_lowercase().replace('%', " pct ");
    let without_units = [
        "(£m)", "(£000s)", "(£000)", "(£'000)", "(£k)", "(£)", "£ms", "£m", "£000s", "£'000", "£000", "£k",
        "£",
    ]
    .iter()
    .fold(lower, |h, unit| h.replace(unit, " "));
    without_units.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A column a command needs: its contract name, other names people use for it, and whether it must be there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The name in the contract (DESIGN.md).
    pub(crate) name: &'static str,
    /// Other headers accepted for it.
    pub(crate) synonyms: &'static [&'static str],
    /// Whether the table is unusable without it.
    pub(crate) required: bool,
}

impl Column {
    fn matches(&self, header: &str) -> bool {
        let h = normalise_header(header);
        // Printed headers carry dates: "Balance at 01-04-13 £m", "Approved 2013-14 capital budget".
        let without_digits = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
        let loose = without_digits(&h);
        let names = std::iter::once(self.name).chain(self.synonyms.iter().copied()).map(normalise_header);
        !loose.is_empty() && names.into_iter().any(|n| n == h || without_digits(&n) == loose)
    }
}

/// A grid with its header row found and its columns located.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The file and sheet.
    pub(crate) origin: Origin,
    /// The header texts as written.
    pub(crate) headers: Vec<String>,
    /// Zero-based row number of the header row.
    pub(crate) header_row: u32,
    /// The data rows below the header, with their row numbers; blank rows are dropped.
    pub(crate) rows: Vec<(u32, Vec<Cell>)>,
    /// For each declared column, the index of the matching header, if any.
    pub(crate) columns: Vec<Option<usize>>,
    /// Warnings about the file as a whole, for the reader to report.
    pub(crate) notes: Vec<Diagnostic>,
}

impl Table {
    /// Finds the header row (the first of the first 20 rows that holds every
    /// required column, else the first row) and locates `columns` in it.
    /// A missing required column is an error naming the header row.
    pub(crate) fn from_grid(grid: Grid, columns: &[Column]) -> Result<Table, Diagnostic> {
        let header = Table::find_header(&grid, columns)?;
        let table = Table::with_header(grid, header, columns);
        table.refuse_duplicated_headers(columns)?;
        Ok(table)
    }

    /// Refuses a header that names one column twice ("value" in B and E):
    /// the first would win without a word.
    pub(crate) fn refuse_duplicated_headers(&self, columns: &[Column]) -> Result<(), Diagnostic> {
        for (c, slot) in columns.iter().zip(&self.columns) {
            let Some(first) = *slot else { continue };
            let again = (0..self.headers.len())
                .find(|&j| j != first && !self.columns.contains(&Some(j)) && c.matches(&self.headers[j]));
            if let Some(second) = again {
                return Err(Diagnostic::error(
                    Some(self.origin.at(self.header_row, second as u32)),
                    format!(
                        "columns {} and {} are both \"{}\": delete or rename one",
                        column_letters(first as u32),
                        column_letters(second as u32),
                        c.name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The index in `grid.rows` of the header row holding every required column.
    pub(crate) fn find_header(grid: &Grid, columns: &[Column]) -> Result<usize, Diagnostic> {
        let Some((row, cells)) = grid.rows.first() else {
            return Err(Diagnostic::error(
                Some(grid.origin.clone()),
                "is empty: expected a header row and data",
            ));
        };
        let holds = |c: &Column, cells: &[Cell]| cells.iter().any(|cell| c.matches(&cell.text()));
        let holds_required = |cells: &[Cell]| columns.iter().filter(|c| c.required).all(|c| holds(c, cells));
        if let Some(index) =
            grid.rows.iter().take(HEADER_SEARCH_ROWS).position(|(_, cells)| holds_required(cells))
        {
            return Ok(index);
        }
        let missing: Vec<&str> =
            columns.iter().filter(|c| c.required && !holds(c, cells)).map(|c| c.name).collect();
        let found: Vec<String> = cells.iter().map(Cell::text).collect();
        Err(Diagnostic::error(
            Some(grid.origin.at(*row, 0)),
            format!(
                "header row is missing required column{} {} (found: {})",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                found.join(", ")
            ),
        ))
    }

    /// The table whose header is `grid.rows[header]`; the rows move, not copy.
    pub(crate) fn with_header(grid: Grid, header: usize, columns: &[Column]) -> Table {
        let Grid { origin, rows, notes, .. } = grid;
        let mut rows = rows.into_iter().skip(header);
        let (header_row, header_cells) = rows.next().unwrap_or_default();
        let headers: Vec<String> = header_cells.iter().map(Cell::text).collect();
        // Each header serves one column: the first declared that matches it.
        let mut located: Vec<Option<usize>> = Vec::with_capacity(columns.len());
        for c in columns {
            let free = (0..headers.len()).find(|&i| !located.contains(&Some(i)) && c.matches(&headers[i]));
            located.push(free);
        }
        Table {
            origin,
            headers,
            header_row,
            rows: rows.filter(|(_, cells)| !cells.iter().all(Cell::is_blank)).collect(),
            columns: located,
            notes,
        }
    }

    /// The cell of declared column `column` in `row`, or `Empty` if the column is absent.
    pub(crate) fn get<'a>(&self, cells: &'a [Cell], column: usize) -> &'a Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.index(column).and_then(|i| cells.get(i)).unwrap_or(EMPTY)
    }

    /// The origin of declared column `column` at `row`, or of the row itself if the column is absent.
    pub(crate) fn origin_of(&self, row: u32, column: usize) -> Origin {
        self.origin.at(row, self.index(column).unwrap_or(0) as u32)
    }

    /// Whether declared column `column` is present.
    pub(crate) fn has(&self, column: usize) -> bool {
        self.index(column).is_some()
    }

    /// The index of declared column `column` in the rows, if present.
    pub(crate) fn index(&self, column: usize) -> Option<usize> {
        self.columns.get(column).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            origin: Origin::file("t.csv"),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i as u32, r.iter().map(|s| Cell::Text(s.to_string())).collect()))
                .collect(),
            typed: false,
            notes: Vec::new(),
        }
    }

    const COLUMNS: &[Column] = &[
        Column { name: "id", synonyms: &["ref"], required: true },
        Column { name: "name", synonyms: &["indicator name", "measure"], required: true },
        Column { name: "target", synonyms: &[], required: false },
    ];

    #[test]
    fn quick_trimming_trims_as_the_standard_library_does() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{b}a",
            "a\u{b}",
            "\u{a0}",
            "\u{a0}x\u{2003}",
            "é",
            "x\ty",
            "\n",
            "£5 ",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
            assert_eq!(blank(text), text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn headers_match_ignoring_case_spacing_and_synonyms() {
        let t =
            Table::from_grid(grid(&[&["Title of sheet"], &["REF", "Indicator  Name"], &["a", "b"]]), COLUMNS)
                .unwrap();
        assert_eq!(t.header_row, 1);
        assert_eq!(t.columns, vec![Some(0), Some(1), None]);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn files_are_cut_between_lines_whatever_the_characters() {
        // Every byte but the line feeds is inside a two-byte character.
        let text = format!("{}\n{}\n{}\n", "é".repeat(10), "é".repeat(7), "é".repeat(12));
        for pieces in 1..6 {
            let bounds = cut_at_line_starts(&text, 0, pieces);
            assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{bounds:?}");
            assert_eq!((bounds[0], *bounds.last().unwrap()), (0, text.len()));
            for &b in &bounds[1..bounds.len() - 1] {
                assert_eq!(text.as_bytes()[b - 1], b'\n', "{pieces} pieces: {bounds:?}");
            }
        }
        // The middle, byte 30, is inside a character of the second line.
        assert_eq!(cut_at_line_starts(&text, 0, 2), vec![0, 36, text.len()]);
    }

    #[test]
    fn missing_required_column_names_it() {
        let err = Table::from_grid(grid(&[&["id", "value"]]), COLUMNS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv:1:1: header row is missing required column name (found: id, value)"
        );
    }
}
