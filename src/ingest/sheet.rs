//! Workbook sheets (.xlsx, .xls, .ods) through calamine.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, Sheets};

use super::{Cell, Grid, ReadError};
use crate::core::diag::{Diagnostic, Origin};

/// Reads the sheet named `sheet` (ignoring case) of a workbook.
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

pub(crate) fn read_sheet(path: &Path, display: &str, sheet: &str) -> Result<Grid, ReadError> {
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
    let origin = Origin { sheet: Some(name.clone()), ..file_origin };
    let unreadable = |e: String| {
        ReadError::Unreadable(Diagnostic::error(Some(origin.clone()), format!("cannot read sheet ({e})")))
    };
    let mut rows = match &mut book {
        // A workbook's declared range may span a million rows for one stray
        // cell: read the cells that exist, never a grid of the range.
        Sheets::Xlsx(xlsx) => xlsx_rows(xlsx, &name).map_err(|e| unreadable(e.to_string()))?,
        other => {
            let range = other.worksheet_range(&name).map_err(|e| unreadable(e.to_string()))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
            for (i, data_row) in range.rows().enumerate() {
                // Cells are placed at their absolute column so that origins name real cells.
                let mut cells = vec![Cell::Empty; col0 as usize];
                cells.extend(data_row.iter().map(convert));
                rows.push((row0 + i as u32, cells));
            }
            rows
        }
    };
    fill_merged_cells(&mut book, &name, &mut rows);
    rows.retain(|(_, cells)| !cells.iter().all(Cell::is_blank));
    Ok(Grid { origin, rows, typed: true, notes: Vec::new() })
}

/// Excel's widest sheet: columns A to XFD.
const MAX_COLUMNS: usize = 16_384;

/// The rows of an xlsx sheet that hold something, each as long as its last
/// non-blank cell, from the cells the sheet stores.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Vec<(u32, Vec<Cell>)>, calamine::XlsxError> {
    let mut reader = xlsx.worksheet_cells_reader(name)?;
    let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> = std::collections::BTreeMap::new();
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        let value = convert(&Data::from(cell.get_value().clone()));
        if !value.is_blank() {
            by_row.entry(row).or_default().push((col, value));
        }
    }
    Ok(by_row
        .into_iter()
        .map(|(row, values)| {
            let width = values.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
            let mut cells = vec![Cell::Empty; width];
            for (col, value) in values {
                cells[col as usize] = value;
            }
            (row, cells)
        })
        .collect())
}

/// Copies the value of a merged region into its blank cells: a label merged
/// over several rows applies to each of them.
fn fill_merged_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    rows: &mut [(u32, Vec<Cell>)],
) {
    let regions = match book {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => return,
    };
    for region in regions {
        let (r0, c0) = region.start;
        let Some(value) =
            rows.iter().find(|(r, _)| *r == r0).and_then(|(_, cells)| cells.get(c0 as usize)).cloned()
        else {
            continue;
        };
        for (r, cells) in rows.iter_mut() {
            if *r < r0 || *r > region.end.0 {
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
}
