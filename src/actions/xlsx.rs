//! The plan's progress as an XLSX workbook: one row per action with its
//! stated and derived status (filled in the key's colours, with the word),
//! the due date as a real date, and overdue marked, to keep working in Excel.

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

use super::plan::Plan;
use super::rules::Assessed;
use crate::render::palette::status_colours;

/// The columns: the CSV contract's, with the Ofsted reference and outcome.
const HEADINGS: [&str; 13] = [
    "Ref",
    "Key area",
    "Outcome",
    "Action",
    "Ofsted ref",
    "KPI ref",
    "Due",
    "Due date",
    "Lead",
    "Status",
    "Derived status",
    "Overdue",
    "Update",
];

/// A status cell: bold, in the palette's fill and text colours for its colour name.
fn status_format(colour: &str) -> Format {
    match status_colours(colour) {
        Some(c) => Format::new()
            .set_bold()
            .set_background_color(Color::RGB(c.fill.rgb()))
            .set_font_color(Color::RGB(c.text.rgb())),
        None => Format::new(),
    }
}

/// Serialises the plan; `date` is the workbook's creation date, fixed so the
/// same inputs give the same bytes.
pub(crate) fn actions_to_xlsx(
    plan: &Plan,
    assessed: &[Assessed],
    date: (i32, u8, u8),
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(date.0 as u16, date.1, date.2)?;
    workbook.set_properties(
        &DocProperties::new().set_creation_datetime(&created).set_title("Improvement plan progress"),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Progress")?;
    let head = Format::new().set_bold().set_text_wrap().set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap();
    let day = Format::new().set_num_format("d mmmm yyyy");
    for (c, h) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (c, w) in [8, 22, 30, 50, 18, 12, 18, 16, 24, 10, 12, 9, 40].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let statuses = &plan.key.statuses;
    for (i, (a, r)) in plan.actions.iter().zip(assessed).enumerate() {
        let row = i as u32 + 1;
        for (c, text) in [
            (0, &a.reference),
            (1, &a.key_area),
            (2, &a.outcome),
            (3, &a.text),
            (4, &a.ofsted_ref),
            (5, &a.kpi_ref),
            (6, &a.due),
            (8, &a.lead),
            (12, &a.update),
        ] {
            sheet.write_string_with_format(row, c, text, &wrap)?;
        }
        if let Some((y, m, d)) = a.due_date {
            sheet.write_datetime_with_format(
                row,
                7,
                ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?,
                &day,
            )?;
        }
        for (c, status) in [(9, a.status), (10, r.derived)] {
            let Some(s) = status.map(|s| &statuses[s]) else { continue };
            let format = status_format(&s.colour);
            sheet.write_string_with_format(row, c, &s.word, &format)?;
        }
        sheet.write_string(row, 11, if r.overdue { "Overdue" } else { "" })?;
    }
    workbook.save_to_buffer()
}

/// A plan workbook to edit, from a plan in CSV: a sheet `Actions` in the
/// contract's columns, and a sheet `Key` that explains the statuses.
pub(crate) fn template_workbook(plan_csv: &str, key: &super::key::Key) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title("Improvement plan"));
    let sheet = workbook.add_worksheet();
    sheet.set_name("Actions")?;
    let head = Format::new().set_bold().set_text_wrap().set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(plan_csv.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, value) in record?.iter().enumerate() {
            sheet.write_string_with_format(r as u32, c as u16, value, if r == 0 { &head } else { &wrap })?;
        }
    }
    for (c, w) in [8, 22, 30, 50, 18, 12, 14, 12, 10, 40].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Key")?;
    sheet.write_string_with_format(0, 0, "Status", &head)?;
    sheet.write_string_with_format(0, 1, "Meaning", &head)?;
    sheet.set_column_width(1, 90)?;
    for (i, s) in key.statuses.iter().enumerate() {
        let format = status_format(&s.colour);
        sheet.write_string_with_format(i as u32 + 1, 0, &s.word, &format)?;
        sheet.write_string(i as u32 + 1, 1, &s.meaning)?;
    }
    Ok(workbook.save_to_buffer()?)
}
