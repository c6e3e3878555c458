//! Workbook sheets (.xlsx, .xls, .ods) through calamine.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, Sheets};

use super::{sheet_pieces, Cell, ReadError, Source};
use crate::core::diag::{Diagnostic, Origin};

/// The most a workbook's part may unpack to: no workbook of a council's
/// reaches it (two million observations unpack to about 150 MB).
const MAX_PART: u64 = 1 << 30;
/// Past 64 MB, the most a part may grow when unpacked: Excel's XML packs
/// about 10:1, a sheet of blank space thousands to one.
const MAX_RATIO: u64 = 200;

/// Refuses a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods) that is a
/// decompression bomb: a part whose unpacked size, as the zip's directory
/// declares it, is beyond any workbook, judged before anything is unpacked.
fn refuse_bombs(path: &Path) -> Result<(), String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return Ok(());
    }
    // Not a zip at all: calamine says so in its own words.
    let Ok(file) = std::fs::File::open(path) else { return Ok(()) };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return Ok(()) };
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else { continue };
        let (size, packed) = (part.size(), part.compressed_size().max(1));
        if size > MAX_PART || (size > 64 << 20 && size / packed > MAX_RATIO) {
            return Err(format!(
                "part {} unpacks to {} MB from {} KB: no workbook is like that; refusing to read it",
                part.name().unwrap_or_default(),
                size >> 20,
                packed.div_ceil(1024)
            ));
        }
    }
    Ok(())
}

/// Whether any sheet of an xlsx workbook may have merged cells: its XML names
/// a `<mergeCell`, found by a byte search of the unpacked sheets, several
/// times faster than parsing them. Anything unexpected answers yes.
fn xlsx_may_merge(path: &Path) -> bool {
    use std::io::Read;
    const NEEDLE: &[u8] = b"<mergeCell";
    let Ok(file) = std::fs::File::open(path) else { return true };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return true };
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let mut buffer = vec![0u8; 1 << 16];
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else { return true };
        let Ok(name) = part.name() else { return true };
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        // Each read keeps the last bytes of the one before, so that a name
        // split between two reads is still found.
        let mut kept = 0;
        loop {
            match part.read(&mut buffer[kept..]) {
                Ok(0) => break,
                Ok(n) => {
                    let filled = kept + n;
                    if finder.find(&buffer[..filled]).is_some() {
                        return true;
                    }
                    kept = (NEEDLE.len() - 1).min(filled);
                    buffer.copy_within(filled - kept..filled, 0);
                }
                Err(_) => return true,
            }
        }
    }
    false
}

/// Calls `each` with every non-blank row of the sheet named `sheet` (ignoring
/// case) of a workbook, in order, merged cells filled. An xlsx sheet is read
/// cell by cell, so its rows are never all held at once.
pub(crate) fn stream_sheet(
    path: &Path,
    display: &str,
    sheet: &str,
    each: &mut dyn FnMut(&Source, u32, &[Cell]),
) -> Result<Source, ReadError> {
    let file_origin = Origin::file(display);
    if let Err(why) = refuse_bombs(path) {
        return Err(ReadError::Unreadable(Diagnostic::error(Some(file_origin), why)));
    }
    let mut book = open_workbook_auto(path).map_err(|e| {
        ReadError::Unreadable(Diagnostic::error(
            Some(file_origin.clone()),
            format!("cannot open workbook ({e}); is it a valid spreadsheet?"),
        ))
    })?;
    let names = book.sheet_names();
    let Some(name) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(sheet)).cloned() else {
        let listed = if names.is_empty() { "none".to_string() } else { names.join(", ") };
        return Err(ReadError::NoSheet(Diagnostic::error(
            Some(file_origin),
            format!("has no sheet named \"{sheet}\" (sheets: {listed})"),
        )));
    };
    let source = Source { origin: file_origin.in_sheet(&name), typed: true, notes: Vec::new() };
    let unreadable = |e: String| {
        ReadError::Unreadable(Diagnostic::error(
            Some(source.origin.clone()),
            format!("cannot read sheet ({e})"),
        ))
    };
    match &mut book {
        // A workbook's declared range may span a million rows for one stray
        // cell: read the cells that exist, never a grid of the range.
        Sheets::Xlsx(xlsx) => {
            let mut merged = Merged::new(Vec::new());
            let mut emit = |row: u32, cells: &mut Vec<Cell>| merged.emit(&source, each, row, cells);
            let threads = crate::core::parallel::cores();
            let read = match sheet_pieces::plan(path, &name, threads, sheet_pieces::PIECE) {
                Some(plan) => {
                    let unmerged = || !xlsx_may_merge(path);
                    sheet_pieces::read(path, &name, &plan, threads, unmerged, &mut emit).map(|pieces| {
                        if pieces.is_some() {
                            Read::Done
                        } else {
                            Read::Merged
                        }
                    })
                }
                None => xlsx_rows(xlsx, &name, Some(path), &mut emit).map_err(|e| e.to_string()),
            }
            .map_err(unreadable)?;
            if read == Read::Merged {
                let mut merged = Merged::new(xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default());
                let mut emit = |row: u32, cells: &mut Vec<Cell>| merged.emit(&source, each, row, cells);
                xlsx_rows(xlsx, &name, None, &mut emit).map_err(|e| unreadable(e.to_string()))?;
            }
        }
        other => {
            let mut merged = Merged::new(match other {
                Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                _ => Vec::new(),
            });
            let range = other.worksheet_range(&name).map_err(|e| unreadable(e.to_string()))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (i, data_row) in range.rows().enumerate() {
                // Cells are placed at their absolute column so that origins name real cells.
                let mut cells = vec![Cell::Empty; col0 as usize];
                cells.extend(data_row.iter().map(convert));
                merged.emit(&source, each, row0 + i as u32, &mut cells);
            }
        }
    }
    Ok(source)
}

/// Excel's widest sheet: columns A to XFD.
const MAX_COLUMNS: usize = 16_384;

/// Rows an xlsx sheet's parser hands over at a time, with each row's end in
/// the batch's cells: one allocation per batch, not one per row.
#[derive(Default)]
pub(super) struct Rows {
    cells: Vec<Cell>,
    rows: Vec<(u32, usize)>,
}

impl Rows {
    /// Gives `emit` each row in turn, in `cells`.
    pub(super) fn give(self, cells: &mut Vec<Cell>, emit: &mut dyn FnMut(u32, &mut Vec<Cell>)) {
        let mut taken = self.cells.into_iter();
        let mut start = 0;
        for (row, end) in self.rows {
            cells.clear();
            cells.extend(taken.by_ref().take(end - start));
            start = end;
            emit(row, cells);
        }
    }
}

/// How many rows go to the checking thread at once: enough to make the
/// hand-over's cost nothing, few enough to keep a few hundred kilobytes in flight.
const BATCH_ROWS: usize = 2048;

/// What became of reading an xlsx sheet.
#[derive(Debug, PartialEq)]
enum Read {
    /// Every row went to `emit`.
    Done,
    /// The sheet may have merged cells: no row went to `emit`.
    Merged,
}

/// Gives `emit` each row of an xlsx sheet that holds something, as long as
/// its last non-blank cell, from the cells the sheet stores, one row at a time.
/// calamine parses on a thread of its own while `emit` checks the rows
/// already parsed: parsing a national sheet's XML is four fifths of reading it.
///
/// With `unless_merged`, the workbook's path, the calling thread first looks
/// for merged cells ([`xlsx_may_merge`]) while the parser starts, and gives
/// no row to `emit` if there may be any: calamine finds merged cells only by
/// parsing the whole sheet, so they are looked for only where a byte search
/// of the sheet finds one, and meanwhile the sheet is already being read.
fn xlsx_rows<RS: std::io::Read + std::io::Seek + Send>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
    unless_merged: Option<&Path>,
    emit: &mut dyn FnMut(u32, &mut Vec<Cell>),
) -> Result<Read, calamine::XlsxError> {
    // Room for the rows parsed while the merged cells are looked for: the
    // national sheet's first eighth, about 20 MB.
    let room = if unless_merged.is_some() { 32 } else { 4 };
    let (sender, batches) = std::sync::mpsc::sync_channel::<Rows>(room);
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || parse_rows(xlsx, name, &mut |rows| sender.send(rows).is_ok()));
        let finish = |parser: std::thread::ScopedJoinHandle<'_, _>| {
            parser.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        if unless_merged.is_some_and(xlsx_may_merge) {
            // The parser stops at its next batch, with no one to take it.
            drop(batches);
            let _ = finish(parser);
            return Ok(Read::Merged);
        }
        let mut cells = Vec::new();
        for batch in batches {
            batch.give(&mut cells, emit);
        }
        finish(parser).map(|()| Read::Done)
    })
}

/// The parsing half of [`xlsx_rows`]: gives `send` the sheet's rows in
/// batches until the sheet ends, the reader fails or `send` says stop.
pub(super) fn parse_rows<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
    send: &mut dyn FnMut(Rows) -> bool,
) -> Result<(), calamine::XlsxError> {
    let mut reader = xlsx.worksheet_cells_reader(name)?;
    let mut batch = Rows::default();
    // The row being read and where its cells start in the batch.
    let mut current: Option<(u32, usize)> = None;
    let mut send = |batch: &mut Rows| send(std::mem::take(batch));
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        let value = convert_ref(cell.get_value());
        if value.is_blank() || col as usize >= MAX_COLUMNS {
            continue;
        }
        let start = match current {
            Some((r, start)) if r == row => start,
            _ => {
                if let Some((done, _)) = current {
                    batch.rows.push((done, batch.cells.len()));
                    if batch.rows.len() >= BATCH_ROWS && !send(&mut batch) {
                        return Ok(());
                    }
                }
                current = Some((row, batch.cells.len()));
                batch.cells.len()
            }
        };
        let at = start + col as usize;
        if batch.cells.len() <= at {
            batch.cells.resize(at + 1, Cell::Empty);
        }
        batch.cells[at] = value;
    }
    if let Some((done, _)) = current {
        batch.rows.push((done, batch.cells.len()));
    }
    send(&mut batch);
    Ok(())
}

/// The merged regions of a sheet, to copy each region's value into its
/// blank cells as rows go by: a label merged over several rows applies to each of them.
struct Merged {
    regions: Vec<calamine::Dimensions>,
    /// The value of each region's first cell, once its row has been read.
    values: Vec<Option<Cell>>,
}

impl Merged {
    fn new(regions: Vec<calamine::Dimensions>) -> Merged {
        let values = vec![None; regions.len()];
        Merged { regions, values }
    }

    /// Gives `each` a row as read, its merged cells filled, unless it is blank.
    fn emit(
        &mut self,
        source: &Source,
        each: &mut dyn FnMut(&Source, u32, &[Cell]),
        row: u32,
        cells: &mut Vec<Cell>,
    ) {
        self.fill(row, cells);
        if !cells.iter().all(Cell::is_blank) {
            each(source, row, cells);
        }
    }

    fn fill(&mut self, row: u32, cells: &mut Vec<Cell>) {
        for (region, value) in self.regions.iter().zip(self.values.iter_mut()) {
            let (r0, c0) = region.start;
            if row == r0 {
                *value = cells.get(c0 as usize).cloned();
            }
            let Some(value) = value.as_ref() else { continue };
            if row < r0 || row > region.end.0 {
                continue;
            }
            // Rows are as long as their last value; a region may reach past it.
            let end = (region.end.1 as usize + 1).min(MAX_COLUMNS);
            if cells.len() < end {
                cells.resize(end, Cell::Empty);
            }
            for cell in cells.iter_mut().take(end).skip(c0 as usize) {
                if cell.is_blank() {
                    *cell = value.clone();
                }
            }
        }
    }
}

/// A cell as calamine's streaming reader gives it, copying its text once.
fn convert_ref(data: &calamine::DataRef) -> Cell {
    use calamine::DataRef;
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(dt) => convert(&Data::DateTime(*dt)),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            // calamine knows the workbook's date system: 1900 (with Excel's
            // phantom 29 February 1900) or 1904, as Mac workbooks may use.
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(i32::from(y), u32::from(m), u32::from(d))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn date(serial: f64, is_1904: bool) -> Cell {
        convert(&Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904)))
    }

    #[test]
    fn excel_serials_become_dates_in_either_date_system() {
        assert_eq!(date(1.0, false), Cell::Date(1900, 1, 1));
        assert_eq!(date(61.0, false), Cell::Date(1900, 3, 1));
        assert_eq!(date(41640.0, false), Cell::Date(2014, 1, 1));
        assert_eq!(date(45658.5, false), Cell::Date(2025, 1, 1));
        // The same day in a 1904 workbook is 1,462 serial days fewer.
        assert_eq!(date(41640.0 - 1462.0, true), Cell::Date(2014, 1, 1));
        assert_eq!(date(0.0, true), Cell::Date(1904, 1, 1));
    }

    /// The rows `stream_sheet` gives of an xlsx sheet "Observations" that `write` fills.
    fn read_back(write: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<(u32, Vec<Cell>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheet.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        write(book.add_worksheet().set_name("Observations").unwrap());
        book.save(&path).unwrap();
        let mut seen = Vec::new();
        let each = &mut |_: &Source, row: u32, cells: &[Cell]| seen.push((row, cells.to_vec()));
        stream_sheet(&path, "sheet.xlsx", "observations", each).unwrap();
        seen
    }

    #[test]
    fn every_row_of_a_long_sheet_arrives_whole_and_in_order() {
        let rows = 3 * BATCH_ROWS as u32 + 17;
        let seen = read_back(|sheet| {
            for r in 0..rows {
                // Every seventh row is left blank and every fifth has a gap in
                // column B, so rows differ in length across the batches' joins.
                if r % 7 == 3 {
                    continue;
                }
                sheet.write_string(r, 0, format!("R{r}")).unwrap();
                if r % 5 != 0 {
                    sheet.write_number(r, 1, f64::from(r) / 4.0).unwrap();
                }
                sheet.write_string(r, 2 + (r % 3) as u16, "end").unwrap();
            }
        });
        let expected: Vec<(u32, Vec<Cell>)> = (0..rows)
            .filter(|r| r % 7 != 3)
            .map(|r| {
                let mut cells = vec![Cell::Text(format!("R{r}"))];
                cells.push(if r % 5 != 0 { Cell::Number(f64::from(r) / 4.0) } else { Cell::Empty });
                cells.resize(2 + (r % 3) as usize, Cell::Empty);
                cells.push(Cell::Text("end".into()));
                (r, cells)
            })
            .collect();
        assert_eq!(seen.len(), expected.len());
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_long_sheet_with_merged_cells_is_read_once_with_them_filled() {
        // More rows than wait for the look for merged cells, so that the
        // parser is stopped mid-sheet before the sheet is read again; and
        // enough to be cut into pieces on a machine of several cores.
        let rows = 40 * BATCH_ROWS as u32;
        let seen = read_back(|sheet| {
            for r in 0..rows {
                for c in 1..4 {
                    sheet.write_number(r, c, f64::from(r)).unwrap();
                }
            }
            // A label merged down the last three rows' first column.
            sheet.merge_range(rows - 3, 0, rows - 1, 0, "merged", &rust_xlsxwriter::Format::new()).unwrap();
        });
        assert_eq!(seen.len(), rows as usize, "every row once");
        assert!(seen.iter().enumerate().all(|(i, (row, _))| *row == i as u32));
        let label = |r: usize| seen[r].1[0].clone();
        assert_eq!((label(0), label(rows as usize - 4)), (Cell::Empty, Cell::Empty));
        for r in rows as usize - 3..rows as usize {
            assert_eq!(label(r), Cell::Text("merged".into()), "row {r}");
        }
    }
}
