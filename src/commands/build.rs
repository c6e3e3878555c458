//! `scorecard build`: the scorecard PDF.

use crate::cli::BuildArgs;
use crate::commands::{load_valid, production_date, refuse_overwriting_workspace, scorecard_pdf, Outcome};
use crate::core::output::{write_atomic, Format};

/// Loads, computes and renders the scorecard, then writes the PDF atomically.
pub(crate) fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    Format::of(&args.out, &[Format::Pdf], "the scorecard")?;
    let date = production_date(args.date.or(args.source_date_epoch));
    let (data, budget) = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    refuse_overwriting_workspace(&args.out, &data)?;
    let (pdf, metrics) = scorecard_pdf(&data, budget.as_ref(), date, args.confidence / 100.0)?;
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
