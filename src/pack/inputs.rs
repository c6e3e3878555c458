//! What a pack includes, read and checked before anything is rendered, with
//! the checks of the command that makes each part on its own: a scorecard
//! workspace as `build` checks it, a budget book as `variance` does.

use std::path::Path;

use super::manifest::{self, Item, Meeting, Source};
use super::merge;
use super::text;
use crate::actions::plan::{read_plan, Plan};
use crate::actions::rules::{assess, Assessed};
use crate::core::diag::{Diagnostic, Diagnostics, Origin};
use crate::finance::book::BudgetBook;
use crate::finance::load_book;
use crate::ingest::decode_text;
use crate::render::pdf::compile_pdf;
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
    /// A report PDF's bytes.
    Pdf(Vec<u8>),
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
pub(crate) fn prepare(manifest: &Path, diags: &mut Diagnostics) -> Option<(Meeting, Vec<Ready>)> {
    let meeting = manifest::load(manifest, diags)?;
    let mut ready = Vec::new();
    for item in &meeting.items {
        ready.push(if item.exempt.is_some() { Ready::Nothing } else { read_item(item, meeting.date, diags) });
    }
    Some((meeting, ready))
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
                    let assessed = assess(&plan, (date.0, u32::from(date.1), u32::from(date.2)), &mut found);
                    Ready::Actions(Box::new((plan, assessed)))
                }
                None => Ready::Nothing,
            };
            diags.append(found);
            ready
        }
        Source::Nothing => Ready::Nothing,
        Source::Pdf(path) => {
            let shown = path.display().to_string();
            match std::fs::read(path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| merge::load_part(&shown, &bytes).map(|_| bytes).map_err(|e| e.to_string()))
            {
                Ok(bytes) => Ready::Pdf(bytes),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        Some(Origin::file(&shown)),
                        format!("item {}: {e}", item.number),
                    ));
                    Ready::Nothing
                }
            }
        }
        Source::Scorecard(path) => {
            let (data, budget, found) = load_with_budget(path, None);
            let clean = !found.has_errors();
            diags.append(found);
            match data {
                Some(data) if clean => Ready::Scorecard(Box::new((data, budget))),
                _ => Ready::Nothing,
            }
        }
        Source::Variance(path) => {
            let (book, found) = load_book(path, None);
            let clean = !found.has_errors();
            diags.append(found);
            match book {
                Some(book) if clean => Ready::Variance(book),
                _ => Ready::Nothing,
            }
        }
        Source::Typst(path) => {
            let shown = path.display().to_string();
            let compiled = std::fs::read(path)
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|bytes| compile_typst(decode_text(&bytes)).map_err(|e| e.to_string()));
            match compiled {
                Ok(pdf) => Ready::Pdf(pdf),
                Err(e) => {
                    diags.error(Some(Origin::file(&shown)), format!("item {}: {e}", item.number));
                    Ready::Nothing
                }
            }
        }
        Source::Text(path) => match std::fs::read(path) {
            Ok(bytes) => Ready::Text(text::parse(&decode_text(&bytes))),
            Err(e) => {
                diags.error(Some(Origin::file(path.display().to_string())), format!("cannot read: {e}"));
                Ready::Nothing
            }
        },
    }
}
