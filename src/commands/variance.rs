//! `scorecard variance`: the finance tables from a budget book, as PDF, CSV and XLSX.

use anyhow::bail;

use crate::cli::VarianceArgs;
use crate::commands::{print_diagnostics, production_date, units, Outcome};
use crate::core::diag::{counted, Diagnostics};
use crate::core::output::{refuse_input_as_output, render_and_write_all, Format};
use crate::finance::book::TableKind;
use crate::finance::csv::variance_to_csv;
use crate::finance::load_book;
use crate::finance::money::Money;
use crate::finance::variance::{compute_variance, warn_missing_reasons, Thresholds};

/// Reads, computes and writes every `--out` file; nothing is written if the book has errors.
pub(crate) fn run(args: &VarianceArgs) -> anyhow::Result<Outcome> {
    // Each output's format, from its extension, checked before any work.
    let mut targets = Vec::new();
    for out in &args.out {
        targets.push((
            out,
            Format::of(out, &[Format::Pdf, Format::Html, Format::Csv, Format::Xlsx], "the finance report")?,
        ));
    }
    for out in &args.out {
        refuse_input_as_output(out, [args.book.clone()], "the budget book itself")?;
    }
    let date = production_date(args.date.or(args.source_date_epoch));
    let (book, mut diags) = load_book(&args.book, units(args.units));
    if let (Some(book), true) = (&book, targets.iter().any(|(_, f)| *f == Format::Pdf)) {
        crate::finance::pdf::check_pdf_size(book, &args.book.display().to_string(), &mut diags);
    }
    print_diagnostics(&diags);
    let Some(book) = book.filter(|_| !diags.has_errors()) else {
        eprintln!(
            "{} in {}: nothing was written",
            counted(diags.error_count(), "error"),
            args.book.display()
        );
        return Ok(Outcome::InputErrors);
    };
    let mut t = Thresholds::defaults(book.units);
    // An amount beyond what Money holds is a typing slip, not a reason to use the default.
    let amount = |flag: &str, v: Option<f64>, default: Money| match v {
        None => Ok(default),
        Some(v) => Money::from_f64(v)
            .ok_or_else(|| anyhow::anyhow!("--{flag} {v}: too large for an amount (at most a trillion)")),
    };
    t.red_pct = args.red_pct;
    t.amber_pct = args.amber_pct;
    t.red_amount = amount("red-amount", args.red_amount, t.red_amount)?;
    t.amber_amount = amount("amber-amount", args.amber_amount, t.amber_amount)?;
    t.reason_amount = amount("reason-amount", args.reason_amount, t.reason_amount)?;
    t.pct_decimals = args.pct_decimals.min(4);
    let computed = compute_variance(&book, &t);
    let mut warnings = Diagnostics::default();
    warn_missing_reasons(&book, &computed, &mut warnings);
    print_diagnostics(&warnings);
    let report = crate::finance::pdf::Report {
        title: &args.title,
        organisation: &args.organisation,
        position: args.position.as_deref(),
        date,
    };
    let written = render_and_write_all(&targets, |out, format| match format {
        Format::Csv => {
            let Some(revenue) = computed.tables.iter().find(|t| t.kind == TableKind::Revenue) else {
                bail!(
                    "--out {}: the CSV holds the revenue table, and {} has none",
                    out.display(),
                    args.book.display()
                );
            };
            variance_to_csv(revenue, t.pct_decimals)
        }
        Format::Xlsx => crate::finance::xlsx::variance_to_xlsx(&computed, date),
        Format::Html => crate::finance::html::render_variance_html(&computed, &report),
        Format::Pdf | Format::Svg | Format::Png => crate::finance::pdf::render_variance(&computed, &report),
    })?;
    for (out, size) in &written {
        eprintln!("wrote {} ({} KB)", out.display(), size.div_ceil(1024));
    }
    Ok(Outcome::Success)
}
