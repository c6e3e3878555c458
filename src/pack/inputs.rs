//! What a pack includes, read and checked before anything is rendered, with
//! the checks of the command that makes each part on its own: a scorecard
//! workspace as `build` checks it, a budget book as `variance` does.

use std::path::Path;

use super::manifest::{self, Item, Meeting, Source};
use super::merge;
use super::pdf::meeting_date;
use super::preflight::{page_texts, report_unfilled};
use super::text;
use crate::actions::plan::{read_plan, Plan};
use crate::actions::rules::{assess, Assessed};
use crate::core::diag::{Diagnostic, Diagnostics, Origin};
use crate::finance::book::BudgetBook;
use crate::finance::load_book;
use crate::ingest::decode_text;
use crate::render::pdf::compile_pdf;
use crate::render::world::report_undrawable;
use crate::render::world::DocumentWorld;
use crate::scorecard::load_with_budget;
use crate::scorecard::model::Dataset;

/// A clerk's typst report as tagged PDF/UA-1. Its date is fixed, so a pack
/// made twice is the same; the file must set its own title, as PDF/UA asks.
fn compile_typst(text: String) -> anyhow::Result<Vec<u8>> {
    const DATE: (i32, u8, u8) = (2000, 1, 1);
    let world = DocumentWorld::for_source(text, DATE)?;
    Ok(compile_pdf(&world, "typst report", DATE)?)
}

/// An item's content, read and checked before anything is rendered.
pub(crate) enum Ready {
    /// Nothing to include (verbal, standing or exempt).
    Nothing,
    /// A report PDF, read.
    Pdf(Box<lopdf::Document>),
    /// A valid workspace and its budget book.
    Scorecard(Box<(Dataset, Option<BudgetBook>)>),
    /// A valid budget book.
    Variance(BudgetBook),
    /// A Markdown report, parsed.
    Text(Vec<text::Block>),
    /// A valid plan, judged at the meeting's date.
    Actions(Box<(Plan, Vec<Assessed>)>),
}

/// Reads the manifest and everything it names; every problem of every input
/// is reported, and nothing is rendered unless all are clean.
/// `today` is the date a meeting in the past is judged against; paths may
/// leave the meeting's folder only with `allow_outside`.
pub(crate) fn prepare(
    manifest: &Path,
    allow_outside: bool,
    today: (i32, u8, u8),
    diags: &mut Diagnostics,
) -> Option<(Meeting, Vec<Ready>)> {
    let meeting = manifest::load(manifest, allow_outside, diags)?;
    if meeting.date < today {
        diags.warning(
            Some(Origin::file(manifest.display().to_string())),
            format!("the meeting's date, {}, is in the past", meeting_date(meeting.date)),
        );
    }
    let mut pdfs = read_pdfs(&meeting.items);
    let mut ready = Vec::new();
    for (item, pdf) in meeting.items.iter().zip(pdfs.iter_mut()) {
        ready.push(match (item.exempt.is_some(), pdf.take()) {
            (true, _) => Ready::Nothing,
            (false, Some(pdf)) => included_pdf(item, pdf, diags),
            (false, None) => read_item(item, meeting.date, diags),
        });
    }
    Some((meeting, ready))
}

/// An included PDF, read, and the text of each of its pages.
type ReadPdf = Result<(lopdf::Document, Vec<String>), String>;

/// Reads the report PDFs the items include, several at once: parsing them
/// is most of what a pack of long reports costs.
fn read_pdfs(items: &[Item]) -> Vec<Option<ReadPdf>> {
    let wanted: Vec<(usize, &Item, &Path)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match &item.source {
            Source::Pdf(path) if item.exempt.is_none() => Some((i, item, path.as_path())),
            _ => None,
        })
        .collect();
    let read = crate::core::parallel::map(&wanted, |&(_, item, path)| {
        let name = format!("item {}", item.number);
        std::fs::read(path)
            .map_err(|e| format!("{name}: cannot read: {e}"))
            .and_then(|bytes| merge::load_part(&name, &bytes).map_err(|e| e.to_string()))
            .map(|doc| {
                let texts = page_texts(&doc);
                (doc, texts)
            })
    });
    let mut out: Vec<Option<ReadPdf>> = items.iter().map(|_| None).collect();
    for ((i, _, _), read) in wanted.into_iter().zip(read) {
        out[i] = Some(read);
    }
    out
}

/// Checks an included PDF as read: unreadable, or its pages' unfilled template text.
fn included_pdf(item: &Item, read: ReadPdf, diags: &mut Diagnostics) -> Ready {
    let Source::Pdf(path) = &item.source else { return Ready::Nothing };
    let shown = path.display().to_string();
    match read {
        Ok((doc, texts)) => {
            for (page, text) in texts.iter().enumerate() {
                let at = format!("item {}: page {}", item.number, page + 1);
                report_unfilled(text, Some(Origin::file(&shown)), &at, diags);
            }
            Ready::Pdf(Box::new(doc))
        }
        Err(e) => {
            diags.push(Diagnostic::error(Some(Origin::file(&shown)), e));
            Ready::Nothing
        }
    }
}

/// Reads and checks what one item includes, with the checks of the command
/// that makes it on its own.
fn read_item(item: &Item, date: (i32, u8, u8), diags: &mut Diagnostics) -> Ready {
    match &item.source {
        Source::Actions(path) => {
            let mut found = Diagnostics::default();
            let plan = read_plan(path, None, &mut found);
            let ready = match plan.filter(|_| !found.has_errors()) {
                Some(plan) => {
                    for a in &plan.actions {
                        let at = format!("item {}: action {}", item.number, a.reference);
                        for text in [&a.text, &a.update] {
                            report_unfilled(text, Some(a.origin.clone()), &at, &mut found);
                        }
                    }
                    let assessed = assess(&plan, (date.0, u32::from(date.1), u32::from(date.2)), &mut found);
                    Ready::Actions(Box::new((plan, assessed)))
                }
                None => Ready::Nothing,
            };
            diags.append(found);
            ready
        }
        Source::Nothing => Ready::Nothing,
        // Read beforehand, several at once, by `read_pdfs`.
        Source::Pdf(_) => Ready::Nothing,
        Source::Scorecard(path) => {
            let (data, budget, found) = load_with_budget(path, None);
            let clean = !found.has_errors();
            diags.append(found);
            if let Some(data) = data.as_ref().filter(|_| clean) {
                let file = data.workspace.display(&data.workspace.config.data.indicators);
                for indicator in &data.indicators {
                    let at = format!("item {}: indicator {}", item.number, indicator.id);
                    for text in std::iter::once(&indicator.name).chain(indicator.notes.as_ref()) {
                        report_unfilled(text, Some(Origin::file(&file)), &at, diags);
                    }
                }
            }
            match data {
                Some(data) if clean => Ready::Scorecard(Box::new((data, budget))),
                _ => Ready::Nothing,
            }
        }
        Source::Variance(path) => {
            let (book, mut found) = load_book(path, None);
            if let Some(book) = &book {
                crate::finance::pdf::check_pdf_size(book, &path.display().to_string(), &mut found);
            }
            let clean = !found.has_errors();
            diags.append(found);
            match book {
                Some(book) if clean => Ready::Variance(book),
                _ => Ready::Nothing,
            }
        }
        Source::Typst(path) => {
            let shown = path.display().to_string();
            let compiled = std::fs::read(path).map_err(|e| format!("cannot read: {e}")).and_then(|bytes| {
                let source = decode_text(&bytes);
                report_unfilled_lines(&source, &shown, item, diags);
                compile_typst(source).map_err(|e| e.to_string())
            });
            match compiled {
                Ok(pdf) => match merge::load_part(&format!("item {}", item.number), &pdf) {
                    Ok(doc) => Ready::Pdf(Box::new(doc)),
                    Err(e) => {
                        diags.error(Some(Origin::file(&shown)), e.to_string());
                        Ready::Nothing
                    }
                },
                Err(e) => {
                    diags.error(Some(Origin::file(&shown)), format!("item {}: {e}", item.number));
                    Ready::Nothing
                }
            }
        }
        Source::Text(path) => match std::fs::read(path) {
            Ok(bytes) => {
                // Control characters (a NUL, a binary file's bytes) are never meant.
                let source: String = decode_text(&bytes)
                    .chars()
                    .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
                    .collect();
                let shown = path.display().to_string();
                report_unfilled_lines(&source, &shown, item, diags);
                for (i, line) in source.lines().enumerate() {
                    let origin = Some(Origin::file(&shown).at(i as u32, 0));
                    report_undrawable(line, origin, &format!("item {}", item.number), diags);
                }
                Ready::Text(text::parse(&source))
            }
            Err(e) => {
                diags.error(Some(Origin::file(path.display().to_string())), format!("cannot read: {e}"));
                Ready::Nothing
            }
        },
    }
}

/// Reports unfilled template text in a report's source, by line.
fn report_unfilled_lines(source: &str, file: &str, item: &Item, diags: &mut Diagnostics) {
    for (i, line) in source.lines().enumerate() {
        report_unfilled(
            line,
            Some(Origin::file(file).at(i as u32, 0)),
            &format!("item {}", item.number),
            diags,
        );
    }
}
