//! CSV files, in UTF-8 or, as Excel on Windows often saves them, Windows-1252.

use std::path::Path;

use super::{Cell, Source};
use crate::core::diag::{Diagnostic, Origin};

/// A CSV file read whole and decoded, ready to be split into records.
pub(crate) struct CsvText {
    /// The text, line endings unified.
    pub(crate) text: String,
    /// Its origin and the notes decoding it left.
    pub(crate) source: Source,
    /// The field separator.
    pub(crate) delimiter: u8,
}

/// Reads and decodes a CSV file; an empty file or an unclosed quote is an error.
pub(crate) fn open_csv(path: &Path, display: &str) -> Result<CsvText, Diagnostic> {
    let origin = Origin::file(display);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Some(origin.clone()), format!("cannot read file: {e}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::error(Some(origin), "is empty: expected a header row and data"));
    }
    let (text, foreign) = decode_lines(unify_line_endings(bytes));
    let notes: Vec<Diagnostic> = foreign
        .iter()
        .take(20)
        .map(|&line| {
            Diagnostic::warning(
                Some(origin.at(line, 0)),
                "this line is not UTF-8 like the rest of the file: read as Windows-1252; check its accents and dashes",
            )
        })
        .collect();
    if let Some(line) = unclosed_quote(&text) {
        return Err(Diagnostic::error(
            Some(origin.at(line, 0)),
            "a quotation mark opened on this line is never closed: the rest of the file would read as one cell",
        ));
    }
    let delimiter = sniff_delimiter(&text);
    Ok(CsvText { text, source: Source { origin, typed: false, notes }, delimiter })
}

/// Calls `each` with every non-blank record of a CSV file, as text cells,
/// without holding them all: the cells are one buffer, reused row to row.
pub(crate) fn stream_csv(
    path: &Path,
    display: &str,
    each: &mut dyn FnMut(&Source, u32, &[Cell]),
) -> Result<Source, Diagnostic> {
    let csv = open_csv(path, display)?;
    let source = &csv.source;
    records(&csv.text, csv.delimiter, 0, &source.origin, &mut |line, cells, _| {
        each(source, line, cells);
        true
    })?;
    Ok(csv.source)
}

/// Calls `each` with every non-blank record of `text` (a whole file, or a
/// piece of one that starts a line, on line `first_line` of it), its line
/// and the byte of `text` where the next record starts, until `each` says stop.
pub(crate) fn records(
    text: &str,
    delimiter: u8,
    first_line: u32,
    origin: &Origin,
    each: &mut dyn FnMut(u32, &[Cell], usize) -> bool,
) -> Result<(), Diagnostic> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut record = ::csv::StringRecord::new();
    let mut cells: Vec<Cell> = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                let at = e.position().map(|p| origin.at(first_line + lines.line_at(p.byte()), 0));
                return Err(Diagnostic::error(at.or(Some(origin.clone())), format!("malformed CSV: {e}")));
            }
        }
        let line = first_line + record.position().map_or(0, |p| lines.line_at(p.byte()));
        fill_cells(&mut cells, record.iter());
        if !cells.iter().all(Cell::is_blank) && !each(line, &cells, reader.position().byte() as usize) {
            return Ok(());
        }
    }
}

/// [`records`] of a text without quotation marks, where every line is a
/// record and every delimiter ends a field: split by byte search alone, as
/// the CSV parser would split it, several times faster. A line is found by
/// one search and its fields by one pass over its bytes: a search for each
/// field of a few bytes cost more in starting than in searching.
pub(crate) fn unquoted_records(
    text: &str,
    delimiter: u8,
    first_line: u32,
    each: &mut dyn FnMut(u32, &[Cell]),
) {
    let mut cells: Vec<Cell> = Vec::new();
    let mut line = first_line;
    let mut rest = text;
    while !rest.is_empty() {
        let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let record = &rest[..end];
        // An empty line has no fields at all.
        if !record.is_empty() {
            let mut fields = 0;
            let mut start = 0;
            for (i, &b) in record.as_bytes().iter().enumerate() {
                // The delimiter is ASCII, so it never splits a character.
                if b == delimiter {
                    set_cell(&mut cells, fields, &record[start..i]);
                    fields += 1;
                    start = i + 1;
                }
            }
            set_cell(&mut cells, fields, &record[start..]);
            cells.truncate(fields + 1);
            if !cells.iter().all(Cell::is_blank) {
                each(line, &cells);
            }
        }
        line += 1;
        rest = rest.get(end + 1..).unwrap_or("");
    }
}

/// Puts a record's fields in `cells`, reusing the text cells of the last record.
fn fill_cells<'a>(cells: &mut Vec<Cell>, fields: impl Iterator<Item = &'a str>) {
    let mut count = 0;
    for (i, field) in fields.enumerate() {
        set_cell(cells, i, field);
        count = i + 1;
    }
    cells.truncate(count);
}

/// Puts field `i` of a record in `cells`, reusing the text cell of the last record's.
fn set_cell(cells: &mut Vec<Cell>, i: usize, field: &str) {
    let blank = super::blank(field);
    match cells.get_mut(i) {
        // A text cell keeps its allocation for the next row's field.
        Some(Cell::Text(t)) if !blank => {
            t.clear();
            t.push_str(field);
        }
        Some(cell) => *cell = if blank { Cell::Empty } else { Cell::Text(field.to_string()) },
        None => cells.push(if blank { Cell::Empty } else { Cell::Text(field.to_string()) }),
    }
}

/// Zero-based line numbers from byte offsets, counted forward once. The CSV
/// parser's own line count starts a record at the blank lines before it.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter { text: text.as_bytes(), offset: 0, line: 0 }
    }

    /// The line on which the record at byte `at` starts: past any blank lines.
    /// Offsets must not decrease from one call to the next.
    fn line_at(&mut self, at: u64) -> u32 {
        let mut at = (at as usize).min(self.text.len());
        while self.text.get(at) == Some(&b'\n') {
            at += 1;
        }
        if at > self.offset {
            let newlines = self.text[self.offset..at].iter().filter(|&&b| b == b'\n').count();
            self.line += newlines as u32;
            self.offset = at;
        }
        self.line
    }
}

/// Comma unless the first line has more semicolons or tabs: Excel in many
/// locales saves "CSV" with semicolons.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [b';', b'\t'].into_iter().find(|&d| count(d as char) > count(',')).unwrap_or(b',')
}

/// Windows (CRLF) and old Mac (CR) line endings as LF. The CSV parser ends
/// records at either, but counts lines by LF alone, so without this every
/// message in a file saved by Excel on Windows named the line before the right
/// one, and in a CR-only file every line was line 1.
fn unify_line_endings(mut bytes: Vec<u8>) -> Vec<u8> {
    // Bytes, before decoding: a carriage return or line feed is never part
    // of a character in UTF-8 or Windows-1252. One pass, in place: a national
    // file saved by Excel has half a million of them.
    let Some(first) = memchr::memchr(b'\r', &bytes) else { return bytes };
    let (mut read, mut write) = (first, first);
    while read < bytes.len() {
        let next = memchr::memchr(b'\r', &bytes[read + 1..]).map_or(bytes.len(), |i| read + 1 + i);
        // bytes[read] is a CR: a line end, followed by the text up to the next CR.
        bytes[write] = b'\n';
        write += 1;
        let from = if bytes.get(read + 1) == Some(&b'\n') { read + 2 } else { read + 1 };
        if from < next {
            bytes.copy_within(from..next, write);
            write += next - from;
        }
        read = next;
    }
    bytes.truncate(write);
    bytes
}

/// UTF-8 (with or without a byte-order mark) if valid, else Windows-1252, which
/// is what Excel writes for "CSV" on English Windows (£ is byte 0xA3).
pub(crate) fn decode(bytes: &[u8]) -> String {
    decode_lines(bytes.to_vec()).0
}

/// The zero-based line of a quote that opens a field and is never closed,
/// if any. As in CSV, only a quote at the start of a field opens one; a
/// doubled quote inside it is a quote character; one mid-field (12" pipe)
/// is just a character.
fn unclosed_quote(text: &str) -> Option<u32> {
    // None at all in most files: found out by the memchr crate's vector search,
    // several times faster over a national file than core's search for a char.
    memchr::memchr(b'"', text.as_bytes())?;
    // Bytes, not chars: every byte that matters is ASCII, and no byte of a
    // multi-byte character is.
    let (mut line, mut opened_on) = (0u32, None);
    let mut at_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if opened_on.is_some() {
            match b {
                b'"' if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' => {
                    opened_on = None;
                    at_start = false;
                }
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if at_start => opened_on = Some(line),
            b'\n' => {
                line += 1;
                at_start = true;
            }
            b',' | b';' | b'\t' => at_start = true,
            _ => at_start = false,
        }
    }
    opened_on
}

/// Text from bytes as `decode` reads them, and the zero-based lines that
/// were not UTF-8 in a file that otherwise is. A file saved by Excel on
/// Windows is Windows-1252 throughout; one that is UTF-8 except for a line
/// pasted from elsewhere keeps its UTF-8 text, and only that line is read
/// as Windows-1252 (one bad byte used to turn every "–" into "â€“"). UTF-8
/// text keeps its buffer: a file read whole is not copied.
fn decode_lines(mut bytes: Vec<u8>) -> (String, Vec<u32>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(e) => decode_mixed(e.as_bytes()),
    }
}

/// Text from bytes that are not UTF-8 throughout: Windows-1252, or UTF-8 with Windows-1252 lines.
fn decode_mixed(bytes: &[u8]) -> (String, Vec<u32>) {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let utf8_elsewhere = lines.iter().any(|l| !l.is_ascii() && std::str::from_utf8(l).is_ok());
    if !utf8_elsewhere {
        return (encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(), Vec::new());
    }
    let mut foreign = Vec::new();
    let mut text = String::with_capacity(bytes.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(l) => text.push_str(l),
            Err(_) => {
                foreign.push(i as u32);
                text.push_str(&encoding_rs::WINDOWS_1252.decode(line).0);
            }
        }
    }
    (text, foreign)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record of `text` with its line, as `read` gives them.
    fn all_records(
        read: impl FnOnce(&str, &mut dyn FnMut(u32, &[Cell])),
        text: &str,
    ) -> Vec<(u32, Vec<Cell>)> {
        let mut found = Vec::new();
        read(text, &mut |line, cells| found.push((line, cells.to_vec())));
        found
    }

    proptest! {
        /// The byte-search reader of quote-free text reads records, fields,
        /// blanks and lines as the CSV parser does.
        #[test]
        fn quote_free_text_is_split_as_the_csv_parser_splits_it(
            text in proptest::collection::vec(
                prop_oneof!["a", "7", ",", ";", " ", "\n", "\n\n", "é", "\u{a0}", "\t"],
                0..60,
            ),
            delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        ) {
            let text: String = text.concat();
            let origin = Origin::file("t.csv");
            let parsed = all_records(
                |t, each| records(t, delimiter, 3, &origin, &mut |line, cells, _| { each(line, cells); true }).unwrap(),
                &text,
            );
            let searched = all_records(|t, each| unquoted_records(t, delimiter, 3, each), &text);
            prop_assert_eq!(searched, parsed);
        }
    }

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        assert_eq!(sniff_delimiter("indicator;area;period;value\nA;H;2014;5"), b';');
        assert_eq!(sniff_delimiter("indicator\tperiod\tvalue"), b'\t');
        assert_eq!(sniff_delimiter("name,note\n\"a;b;c\",x"), b',');
    }

    /// The line each record of `bytes` is reported at, one-based.
    fn lines_of(bytes: &[u8]) -> Vec<u32> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut lines = Vec::new();
        stream_csv(&path, "t.csv", &mut |_, line, _| lines.push(line + 1)).unwrap();
        lines
    }

    #[test]
    fn lines_are_counted_right_whatever_the_line_endings() {
        let lf = "a,b\n1,2\n\n3,\"x\ny\"\n4,5\n";
        assert_eq!(lines_of(lf.as_bytes()), [1, 2, 4, 6]);
        assert_eq!(lines_of(lf.replace('\n', "\r\n").as_bytes()), [1, 2, 4, 6], "CRLF (Excel on Windows)");
        assert_eq!(lines_of(lf.replace('\n', "\r").as_bytes()), [1, 2, 4, 6], "CR only");
    }

    #[test]
    fn line_endings_become_line_feeds_in_one_pass() {
        let unify = |text: &str| String::from_utf8(unify_line_endings(text.as_bytes().to_vec())).unwrap();
        assert_eq!(unify("a\r\nb\r\n"), "a\nb\n");
        assert_eq!(unify("a\rb\r"), "a\nb\n");
        assert_eq!(unify("a\r\r\nb\n\rc"), "a\n\nb\n\nc");
        assert_eq!(unify("£\r\n–"), "£\n–");
        assert_eq!(unify("no breaks"), "no breaks");
        assert_eq!(unify("\r"), "\n");
    }

    #[test]
    fn windows_1252_pound_signs_are_decoded() {
        assert_eq!(decode(b"budget \xA31,234"), "budget £1,234");
        assert_eq!(decode("£5".as_bytes()), "£5");
        assert_eq!(decode(b"\xEF\xBB\xBFid"), "id");
    }

    #[test]
    fn an_unclosed_quote_is_found_on_its_line() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\n2,y\n"), Some(1));
        assert_eq!(unclosed_quote("a,b\n1,\"say \"\"hi\"\"\nacross lines\"\n"), None);
        assert_eq!(unclosed_quote("a,b\n"), None);
        assert_eq!(unclosed_quote("item,size\npipe,12\" long\n"), None, "a quote mid-field is a character");
    }
}
