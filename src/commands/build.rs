//! `scorecard build`: the scorecard PDF.

use crate::cli::BuildArgs;
use crate::commands::{load_valid, production_date, Outcome};
use crate::core::output::{write_atomic, Format};
use crate::finance::book::TableKind;
use crate::finance::summary::FinanceSummary;
use crate::finance::variance::{compute_variance, Thresholds};
use crate::scorecard::metrics::{compute, Settings};
use crate::scorecard::pdf::{render_scorecard, Document};

/// Loads, computes and renders the scorecard, then writes the PDF atomically.
pub(crate) fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    Format::of(&args.out, &[Format::Pdf], "the scorecard")?;
    let date = production_date(args.date.or(args.source_date_epoch));
    let (data, budget) = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    let metrics = compute(&data, &Settings { confidence: args.confidence / 100.0 });
    let templates = data.workspace.root.join("templates");
    let finance = budget.as_ref().map(|book| compute_variance(book, &Thresholds::defaults(book.units)));
    let summary = finance
        .as_ref()
        .and_then(|f| f.tables.iter().find(|t| t.kind == TableKind::Revenue).map(|t| (t, f.units)))
        .map(|(revenue, units)| FinanceSummary::new(revenue, units))
        .transpose()?;
    let doc = Document {
        title: &data.title,
        organisation: &data.organisation,
        notes: &data.notes,
        date,
        finance: summary.as_ref(),
    };
    let pdf = render_scorecard(&metrics, &doc, templates.is_dir().then_some(templates.as_path()))?;
    write_atomic(&args.out, &pdf)?;
    eprintln!(
        "wrote {} ({} indicators, period {}, {} KB)",
        args.out.display(),
        metrics.indicators.len(),
        metrics.period.map(|p| p.display()).unwrap_or_default(),
        pdf.len() / 1024
    );
    Ok(Outcome::Success)
}
