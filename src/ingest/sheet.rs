//! Workbook sheets (.xlsx, .xls, .ods) through calamine.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, Sheets};

use super::{Cell, Grid};
use crate::diag::{Diagnostic, Origin};

/// Reads the sheet named `sheet` (ignoring case) of a workbook.
pub fn read_sheet(path: &Path, display: &str, sheet: &str) -> Result<Grid, Diagnostic> {
    let file_origin = Origin::file(display);
    let mut book = open_workbook_auto(path).map_err(|e| {
        Diagnostic::error(
            Some(file_origin.clone()),
            format!("cannot open workbook ({e}); is it a valid spreadsheet?"),
        )
    })?;
    let names = book.sheet_names();
    let Some(name) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(sheet)).cloned() else {
        let listed = if names.is_empty() { "none".to_string() } else { names.join(", ") };
        return Err(Diagnostic::error(
            Some(file_origin),
            format!("has no sheet named \"{sheet}\" (sheets: {listed})"),
        ));
    };
    let origin = Origin { sheet: Some(name.clone()), ..file_origin };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Diagnostic::error(Some(origin.clone()), format!("cannot read sheet ({e})")))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let width = range.width();
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    for (i, data_row) in range.rows().enumerate() {
        // Cells are placed at their absolute column so that origins name real cells.
        let mut cells = vec![Cell::Empty; col0 as usize];
        cells.extend(data_row.iter().map(convert));
        debug_assert!(cells.len() == col0 as usize + width);
        rows.push((row0 + i as u32, cells));
    }
    fill_merged_cells(&mut book, &name, &mut rows);
    rows.retain(|(_, cells)| !cells.iter().all(Cell::is_blank));
    Ok(Grid { origin, rows, typed: true })
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
            for c in c0..=region.end.1 {
                if let Some(cell) = cells.get_mut(c as usize) {
                    if cell.is_blank() {
                        *cell = value.clone();
                    }
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
            let (y, m, d) = serial_to_date(dt.as_f64());
            Cell::Date(y, m, d)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Converts an Excel serial date (1900 system, with its phantom 29 Feb 1900) to a civil date.
fn serial_to_date(serial: f64) -> (i32, u32, u32) {
    let mut days = serial.floor() as i64;
    if days > 59 {
        days -= 1; // Excel counts 29 February 1900, which did not exist.
    }
    // Serial 1 is 1900-01-01, 25,568 days before 1970-01-01.
    crate::model::period::civil_from_days(days - 25568)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(serial_to_date(1.0), (1900, 1, 1));
        assert_eq!(serial_to_date(61.0), (1900, 3, 1));
        assert_eq!(serial_to_date(41640.0), (2014, 1, 1));
        assert_eq!(serial_to_date(45658.5), (2025, 1, 1));
    }
}
