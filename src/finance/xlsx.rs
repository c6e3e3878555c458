//! The variance tables as an XLSX workbook: real numbers with number formats,
//! variances and percentages as formulas, and subtotals and totals as
//! SUBTOTAL formulas, so the finance team can keep working in Excel.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::finance::book::{TableKind, PCT_HEADING};
use crate::finance::money::Money;
use crate::finance::variance::{VarianceBook, VarianceRow, VarianceTable};

/// Column headings of a table, amounts suffixed with the unit. Every sheet
/// has the same ten columns; school balances put their in-year and academy
/// variances where spending tables have the previous figure and the movement.
fn headings(kind: TableKind, unit: &str) -> Vec<String> {
    let h = kind.headings();
    let money = |h: Option<&str>| h.map_or(String::new(), |h| format!("{h} {unit}"));
    let (previous, movement) =
        if kind.is_rated() { (h.previous, h.movement) } else { (h.in_year, h.academy) };
    vec![
        "Group".into(),
        h.name.into(),
        money(Some(h.from)),
        money(Some(h.to)),
        money(Some(h.variance)),
        PCT_HEADING.into(),
        money(previous),
        money(movement),
        "RAG".into(),
        "Reason".into(),
    ]
}

/// The cell formats of a sheet: headings, amounts, percentages, and their totals.
struct Formats {
    head: Format,
    money: Format,
    pct: Format,
    money_total: Format,
    pct_total: Format,
    text_total: Format,
    pct_decimals: u32,
}

/// The formats, percentages at `pct_decimals`.
fn formats(pct_decimals: u32) -> Formats {
    let money = "+#,##0.000;-#,##0.000;0.000";
    let zeros = "0".repeat(pct_decimals as usize);
    let pct =
        if pct_decimals == 0 { "+0;-0;0".to_string() } else { format!("+0.{zeros};-0.{zeros};0.{zeros}") };
    let total =
        |f: Format| f.set_bold().set_border_top(FormatBorder::Thin).set_border_bottom(FormatBorder::Double);
    Formats {
        head: Format::new().set_bold().set_text_wrap().set_border_bottom(FormatBorder::Thin),
        money: Format::new().set_num_format(money),
        pct: Format::new().set_num_format(&pct),
        money_total: total(Format::new().set_num_format(money)),
        pct_total: total(Format::new().set_num_format(&pct)),
        text_total: total(Format::new()),
        pct_decimals,
    }
}

/// Writes one table's headings, sections and total to `sheet`.
fn write_table(
    sheet: &mut Worksheet,
    table: &VarianceTable,
    unit: &str,
    pct_decimals: u32,
) -> Result<(), XlsxError> {
    let f = formats(pct_decimals);
    for (c, h) in headings(table.kind, unit).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &f.head)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, w) in [18, 42, 14, 14, 14, 12, 14, 14, 8, 50].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let school = table.kind.has_variance_parts();
    let mut row = 1u32;
    let first_data = row;
    for section in table.sections() {
        let start = row;
        for line in section.lines {
            write_row(sheet, row, line, &f, false, school, None)?;
            row += 1;
        }
        if let Some(sub) = section.subtotal {
            write_row(sheet, row, sub, &f, true, school, Some((start, row - 1)))?;
            row += 1;
        }
    }
    write_row(sheet, row, &table.total, &f, true, school, Some((first_data, row.saturating_sub(1))))?;
    Ok(())
}

/// Writes one row; `range` is the rows a subtotal or total sums (SUBTOTAL skips nested subtotals).
fn write_row(
    sheet: &mut Worksheet,
    r: u32,
    v: &VarianceRow,
    f: &Formats,
    total: bool,
    school: bool,
    range: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    let (money, pct, text) = if total {
        (&f.money_total, &f.pct_total, &f.text_total)
    } else {
        (&f.money, &f.pct, &Format::new())
    };
    let excel_row = r + 1;
    // A string cell is never evaluated as a formula, so names are written as
    // typed: the CSV's leading apostrophe would show in Excel here.
    sheet.write_string_with_format(r, 0, v.group.as_deref().unwrap_or(""), text)?;
    sheet.write_string_with_format(r, 1, &v.name, text)?;
    let amount = |m: Money| m.round(6).to_f64();
    let sum = |col: &str, value: Money| match range {
        Some((a, b)) if b >= a => {
            Formula::new(format!("=SUBTOTAL(9,{col}{}:{col}{})", a + 1, b + 1)).set_result(value.fixed(3))
        }
        _ => Formula::new("=0").set_result("0"),
    };
    match range {
        Some(_) => {
            sheet.write_formula_with_format(r, 2, sum("C", v.from), money)?;
            sheet.write_formula_with_format(r, 3, sum("D", v.to), money)?;
        }
        None => {
            sheet.write_number_with_format(r, 2, amount(v.from), money)?;
            sheet.write_number_with_format(r, 3, amount(v.to), money)?;
        }
    }
    let variance = Formula::new(format!("=D{excel_row}-C{excel_row}")).set_result(v.variance.fixed(6));
    sheet.write_formula_with_format(r, 4, variance, money)?;
    // Excel's ROUND rounds halves away from zero, as the report does.
    let pct_result = v.variance_pct.map_or("n/a".to_string(), |p| p.to_string());
    let pct_formula =
        format!("=IF(C{excel_row}=0,\"n/a\",ROUND(E{excel_row}/ABS(C{excel_row})*100,{}))", f.pct_decimals);
    sheet.write_formula_with_format(r, 5, Formula::new(pct_formula).set_result(pct_result), pct)?;
    let (g, h) = if school { (v.in_year, v.academy) } else { (v.previous, v.movement) };
    for (col, value) in [(6u16, g), (7u16, h)] {
        match (value, range) {
            (Some(m), Some(_)) => {
                let letter = if col == 6 { "G" } else { "H" };
                sheet.write_formula_with_format(r, col, sum(letter, m), money)?;
            }
            (Some(m), None) => {
                sheet.write_number_with_format(r, col, amount(m), money)?;
            }
            (None, _) => {
                sheet.write_blank(r, col, text)?;
            }
        }
    }
    let rag = v.rag.letter_or_blank();
    sheet.write_string_with_format(r, 8, rag, text)?;
    sheet.write_string_with_format(r, 9, v.reason.as_deref().unwrap_or(""), text)?;
    Ok(())
}

/// Serialises every table of the book, one sheet each.
pub(crate) fn variance_to_xlsx(book: &VarianceBook, date: (i32, u8, u8)) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the file identical for identical inputs.
    let created = ExcelDateTime::from_ymd(date.0 as u16, date.1, date.2)?;
    workbook
        .set_properties(&DocProperties::new().set_creation_datetime(&created).set_title("Budget monitoring"));
    for table in &book.tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.kind.sheet())?;
        write_table(sheet, table, book.units.label(), book.thresholds.pct_decimals)?;
    }
    Ok(workbook.save_to_buffer()?)
}
