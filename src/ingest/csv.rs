//! CSV files, in UTF-8 or, as Excel on Windows often saves them, Windows-1252.

use std::path::Path;

use super::{Cell, Grid};
use crate::diag::{Diagnostic, Origin};

/// Reads every record of a CSV file as text cells.
pub fn read_csv(path: &Path, display: &str) -> Result<Grid, Diagnostic> {
    let origin = Origin::file(display);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Some(origin.clone()), format!("cannot read file: {e}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::error(Some(origin), "is empty: expected a header row and data"));
    }
    let text = decode(&bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let at = e.position().map(|p| origin.at(p.line().saturating_sub(1) as u32, 0));
            Diagnostic::error(at.or(Some(origin.clone())), format!("malformed CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line().saturating_sub(1) as u32);
        let cells: Vec<Cell> = record
            .iter()
            .map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) })
            .collect();
        if !cells.iter().all(Cell::is_blank) {
            rows.push((line, cells));
        }
    }
    Ok(Grid { origin, rows, typed: false })
}

/// Comma unless the first line has more semicolons or tabs: Excel in many
/// locales saves "CSV" with semicolons.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [b';', b'\t'].into_iter().find(|&d| count(d as char) > count(',')).unwrap_or(b',')
}

/// UTF-8 (with or without a byte-order mark) if valid, else Windows-1252, which
/// is what Excel writes for "CSV" on English Windows (£ is byte 0xA3).
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        assert_eq!(sniff_delimiter("indicator;area;period;value\nA;H;2014;5"), b';');
        assert_eq!(sniff_delimiter("indicator\tperiod\tvalue"), b'\t');
        assert_eq!(sniff_delimiter("name,note\n\"a;b;c\",x"), b',');
    }

    #[test]
    fn windows_1252_pound_signs_are_decoded() {
        assert_eq!(decode(b"budget \xA31,234"), "budget £1,234");
        assert_eq!(decode("£5".as_bytes()), "£5");
        assert_eq!(decode(b"\xEF\xBB\xBFid"), "id");
    }
}
