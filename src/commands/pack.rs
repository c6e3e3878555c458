//! `scorecard pack`: the agenda pack of a meeting as one PDF: the cover and
//! agenda with the page on which each item starts, then each item's report,
//! page-numbered as one document.

use std::path::Path;

use anyhow::bail;

use crate::actions::pdf::{render_actions, Report as ActionsReport};
use crate::cli::PackArgs;
use crate::commands::{print_diagnostics, production_date, scorecard_pdf, Outcome};
use crate::core::diag::{counted, Diagnostics};
use crate::core::output::{refuse_input_as_output, write_atomic, Format};
use crate::finance::pdf::{render_variance, Report};
use crate::finance::variance::{compute_variance, Thresholds};
use crate::pack::inputs::{prepare, Ready};
use crate::pack::manifest::{Item, Meeting, Source};
use crate::pack::merge::{self, PackInfo, Part};
use crate::pack::pdf::{cover_pdf, front_sheet_pdf, pack_title, stamps_pdf, text_pdf};
use crate::render::format::format_date;

/// The parts of one item: a front sheet and the report it generates, or the
/// report it includes.
fn item_parts(
    meeting: &Meeting,
    item: &Item,
    ready: Ready,
    date: (i32, u8, u8),
) -> anyhow::Result<Vec<Part>> {
    let bookmark = Some((format!("{}. {}", item.number, item.title), item.is_sub_item()));
    let part = |name: String, pdf: Vec<u8>, bookmark| -> anyhow::Result<Part> {
        Ok(Part { doc: merge::load_part(&name, &pdf)?, name, bookmark })
    };
    Ok(match ready {
        Ready::Nothing => Vec::new(),
        Ready::Pdf(doc) => vec![Part { name: format!("item {}", item.number), doc: *doc, bookmark }],
        Ready::Text(blocks) => {
            vec![part(format!("item {}", item.number), text_pdf(meeting, item, &blocks, date)?, bookmark)?]
        }
        Ready::Scorecard(loaded) => {
            let (data, budget) = *loaded;
            let (pdf, _) = scorecard_pdf(&data, budget.as_ref(), date, 0.95)?;
            let front = front_sheet_pdf(meeting, item, &format!("The {} follows.", data.title), date)?;
            vec![
                part(format!("item {} front sheet", item.number), front, bookmark)?,
                part(data.title, pdf, None)?,
            ]
        }
        Ready::Actions(loaded) => {
            let (plan, assessed) = *loaded;
            let report = ActionsReport {
                title: &item.title,
                organisation: meeting.organisation.as_deref().unwrap_or(""),
                as_of: (meeting.date.0, u32::from(meeting.date.1), u32::from(meeting.date.2)),
                date,
                kpis: None,
                previous: None,
            };
            let pdf = render_actions(&plan, &assessed, &report)?;
            let front =
                front_sheet_pdf(meeting, item, "The improvement plan's progress report follows.", date)?;
            vec![
                part(format!("item {} front sheet", item.number), front, bookmark)?,
                part(format!("item {} progress report", item.number), pdf, None)?,
            ]
        }
        Ready::Variance(book) => {
            let computed = compute_variance(&book, &Thresholds::defaults(book.units));
            let report = Report {
                title: &item.title,
                organisation: meeting.organisation.as_deref().unwrap_or(""),
                position: None,
                date,
            };
            let pdf = render_variance(&computed, &report)?;
            let front = front_sheet_pdf(meeting, item, "The budget monitoring tables follow.", date)?;
            vec![
                part(format!("item {} front sheet", item.number), front, bookmark)?,
                part(format!("item {} tables", item.number), pdf, None)?,
            ]
        }
    })
}

/// The page on which each item starts, after a cover of `cover_pages` pages;
/// `None` for an item with no pages.
fn starts(cover_pages: usize, pages: &[usize]) -> Vec<Option<usize>> {
    let mut next = cover_pages + 1;
    pages
        .iter()
        .map(|&n| {
            let start = (n > 0).then_some(next);
            next += n;
            start
        })
        .collect()
}

/// The cover, typeset until the page numbers it prints are those of the pack
/// it opens: printing them can change how many pages the cover takes.
fn settled_cover(meeting: &Meeting, pages: &[usize], date: (i32, u8, u8)) -> anyhow::Result<Vec<u8>> {
    let mut cover_pages = 1;
    for _ in 0..4 {
        let cover = cover_pdf(meeting, &starts(cover_pages, pages), date)?;
        let actual = merge::page_count("the cover", &cover)?;
        if actual == cover_pages {
            return Ok(cover);
        }
        cover_pages = actual;
    }
    bail!("the cover's page count does not settle")
}

/// Makes the pack and writes it; nothing is written if any input has errors.
pub(crate) fn run(args: &PackArgs) -> anyhow::Result<Outcome> {
    Format::of(&args.out, &[Format::Pdf], "the agenda pack")?;
    let date = production_date(args.date.or(args.source_date_epoch));
    let mut diags = Diagnostics::default();
    let prepared = prepare(&args.manifest, args.allow_outside, production_date(None), &mut diags);
    print_diagnostics(&diags);
    let Some((meeting, ready)) = prepared.filter(|_| !diags.has_errors()) else {
        eprintln!(
            "{} in {} or the files it names: nothing was written",
            counted(diags.error_count(), "error"),
            args.manifest.display()
        );
        return Ok(Outcome::InputErrors);
    };
    refuse_overwriting_inputs(&args.out, &args.manifest, &meeting)?;
    let mut parts_by_item = Vec::new();
    for (item, ready) in meeting.items.iter().zip(ready) {
        parts_by_item.push(item_parts(&meeting, item, ready, date)?);
    }
    let mut pages = Vec::new();
    for parts in &parts_by_item {
        let mut n = 0;
        for p in parts {
            n += p.doc.get_pages().len();
        }
        pages.push(n);
    }
    let cover = settled_cover(&meeting, &pages, date)?;
    let mut parts = vec![Part {
        doc: merge::load_part("the cover", &cover)?,
        name: "the cover".into(),
        bookmark: Some(("Cover and agenda".into(), false)),
    }];
    parts.extend(parts_by_item.into_iter().flatten());
    let info = PackInfo {
        title: pack_title(&meeting),
        author: meeting.organisation.clone().unwrap_or_else(|| meeting.committee.clone()),
        footer: format!("{} · {}", meeting.committee, format_date(meeting.date)),
    };
    let merged = merge::merge(parts, &info, |stamps| stamps_pdf(stamps, date))?;
    write_atomic(&args.out, &merged.pdf)?;
    let access = if !merged.untagged.is_empty() {
        format!("tagged except {}", merged.untagged.join(", "))
    } else if !merged.not_ua.is_empty() {
        format!("tagged; not PDF/UA-1, as {} does not declare it", merged.not_ua.join(", "))
    } else {
        "tagged PDF/UA-1".to_string()
    };
    eprintln!(
        "wrote {} ({} items, {} pages, {} KB, {access})",
        args.out.display(),
        meeting.items.len(),
        merged.pages,
        merged.pdf.len().div_ceil(1024)
    );
    Ok(Outcome::Success)
}

/// Refuses an `--out` that is the manifest or a file the pack includes.
fn refuse_overwriting_inputs(out: &Path, manifest: &Path, meeting: &Meeting) -> anyhow::Result<()> {
    let included = meeting.items.iter().filter_map(|item| match &item.source {
        Source::Pdf(p) | Source::Variance(p) | Source::Text(p) | Source::Typst(p) | Source::Actions(p) => {
            Some(p.clone())
        }
        Source::Scorecard(_) | Source::Nothing => None,
    });
    refuse_input_as_output(
        out,
        std::iter::once(manifest.to_path_buf()).chain(included),
        "one of the pack's inputs",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_start_after_the_cover_and_the_items_before() {
        assert_eq!(starts(2, &[0, 3, 0, 5, 1]), [None, Some(3), None, Some(6), Some(11)]);
        assert_eq!(starts(1, &[]), []);
    }
}
