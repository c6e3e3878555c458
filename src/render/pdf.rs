//! Compiling a typst world to PDF: tagged, PDF/UA-1, deterministic.

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::world::DocumentWorld;
use super::RenderError;
use typst::diag::SourceDiagnostic;
use typst::{World, WorldExt};

/// A typst error with the template file and line it points at, for whoever customised the template.
fn describe(world: &DocumentWorld, error: &SourceDiagnostic) -> String {
    let place = error.span.id().and_then(|id| {
        let source = world.source(id).ok()?;
        let range = world.range(error.span)?;
        let line = source.lines().byte_to_line(range.start)?;
        Some(format!("{}:{}: ", id.vpath().get_without_slash(), line + 1))
    });
    format!("{}{}", place.unwrap_or_default(), error.message)
}

/// Compiles the world's main template and exports it as PDF/UA-1. The document
/// identifier and timestamp derive from `ident` and the world's date, so the
/// same inputs give byte-identical files.
pub(crate) fn compile_pdf(
    world: &DocumentWorld,
    ident: &str,
    date: (i32, u8, u8),
) -> Result<Vec<u8>, RenderError> {
    export(world, ident, date, true).map(|(pdf, _)| pdf)
}

/// [`compile_pdf`], with the number of pages.
pub(crate) fn compile_pdf_counting_pages(
    world: &DocumentWorld,
    ident: &str,
    date: (i32, u8, u8),
) -> Result<(Vec<u8>, usize), RenderError> {
    export(world, ident, date, true)
}

/// Compiles the world's main template to an untagged PDF: for artwork that
/// another document draws inside an artifact (the pack's page stamps), where
/// tags of its own would point into a structure tree that is not there.
pub(crate) fn compile_untagged_pdf(
    world: &DocumentWorld,
    ident: &str,
    date: (i32, u8, u8),
) -> Result<Vec<u8>, RenderError> {
    export(world, ident, date, false).map(|(pdf, _)| pdf)
}

/// Compiles and exports, tagged as PDF/UA-1 or untagged; with the number of pages.
fn export(
    world: &DocumentWorld,
    ident: &str,
    date: (i32, u8, u8),
    tagged: bool,
) -> Result<(Vec<u8>, usize), RenderError> {
    let warned = typst::compile::<PagedDocument>(world);
    let document = warned.output.map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| describe(world, e)).collect();
        RenderError::Template(messages.join("; "))
    })?;
    let wanted: &[PdfStandard] = if tagged { &[PdfStandard::Ua_1] } else { &[] };
    let standards = PdfStandards::new(wanted).map_err(|e| RenderError::Export(e.message().to_string()))?;
    let timestamp = Datetime::from_ymd_hms(date.0, date.1, date.2, 0, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!("scorecard {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards,
        tagged,
        ..PdfOptions::default()
    };
    let pages = document.pages().len();
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        let mut messages: Vec<String> = Vec::new();
        for error in errors.iter() {
            if !messages.contains(&error.message.to_string()) {
                messages.push(error.message.to_string());
            }
        }
        // One message a character: a column of Chinese names would print hundreds.
        let undisplayable = messages.iter().filter(|m| m.contains("could not be displayed")).count();
        if undisplayable > 0 {
            let mut shown = 0;
            messages.retain(|m| !m.contains("could not be displayed") || {
                shown += 1;
                shown <= 3
            });
            if undisplayable > 3 {
                messages.push(format!("{} more characters could not be displayed", undisplayable - 3));
            }
            messages.push(
                "a name or title uses characters the embedded Inter font cannot show (e.g. Chinese or emoji); \
                 write it in Latin, Greek or Cyrillic script"
                    .to_string(),
            );
        }
        RenderError::Export(messages.join("; "))
    })?;
    Ok((pdf, pages))
}

/// Compiles a typst document a test writes: `Err` with typst's messages
/// where it fails, so the document's `assert`s can set Rust's figures
/// beside typst's.
#[cfg(test)]
pub(crate) fn compiles(source: String) -> Result<(), String> {
    let world = DocumentWorld::for_source(source, (2026, 1, 1)).map_err(|e| e.to_string())?;
    compile_pdf(&world, "test", (2026, 1, 1)).map(|_| ()).map_err(|e| e.to_string())
}
