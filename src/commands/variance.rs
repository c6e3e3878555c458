//! `scorecard variance`: the finance tables from a budget book, as PDF, CSV and XLSX.

use anyhow::bail;

use crate::cli::{UnitsArg, VarianceArgs};
use crate::commands::{print_diagnostics, Outcome};
use crate::diag::Diagnostics;
use crate::metrics::variance::{compute_variance, warn_missing_reasons, Thresholds};
use crate::model::budget::{read_book, BudgetBook, TableKind, Units};
use crate::model::money::Money;
use crate::output::write_atomic;
use crate::render::variance_csv::variance_to_csv;

/// The unit chosen on the command line.
pub fn units(arg: Option<UnitsArg>) -> Option<Units> {
    arg.map(|u| match u {
        UnitsArg::Gbp => Units::Gbp,
        UnitsArg::GbpThousands => Units::GbpThousands,
        UnitsArg::GbpMillions => Units::GbpMillions,
    })
}

/// Reads a budget book and collects its problems for the caller to print; `None` if it could not be read at all.
pub fn load_book(path: &std::path::Path, units_arg: Option<Units>) -> (Option<BudgetBook>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let book = read_book(path, &path.display().to_string(), units_arg, &mut diags);
    (book, diags)
}

/// Reads, computes and writes every `--out` file; nothing is written if the book has errors.
pub fn run(args: &VarianceArgs) -> anyhow::Result<Outcome> {
    // Each output's format, from its extension, checked before any work.
    let mut targets = Vec::new();
    for out in &args.out {
        let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
        if !matches!(ext.as_str(), "pdf" | "csv" | "xlsx") {
            bail!("--out {}: write .pdf, .csv or .xlsx", out.display());
        }
        targets.push((out, ext));
    }
    let same = |a: &std::path::Path, b: &std::path::Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if let Some(out) = args.out.iter().find(|out| same(out, &args.book)) {
        bail!("--out {} is the budget book itself: choose another file name", out.display());
    }
    let date = crate::commands::build::production_date(args.date.as_deref())?;
    let (book, diags) = load_book(&args.book, units(args.units));
    print_diagnostics(&diags);
    let Some(book) = book.filter(|_| !diags.has_errors()) else {
        eprintln!("{} errors in {}: nothing was written", diags.error_count(), args.book.display());
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
    // Render everything first, so a failure leaves no file half-updated.
    let mut outputs = Vec::new();
    for (out, ext) in targets {
        let bytes = match ext.as_str() {
            "csv" => {
                let Some(revenue) = computed.tables.iter().find(|t| t.kind == TableKind::Revenue) else {
                    bail!(
                        "--out {}: the CSV holds the revenue table, and {} has none",
                        out.display(),
                        args.book.display()
                    );
                };
                variance_to_csv(revenue, t.pct_decimals)?
            }
            "xlsx" => crate::render::variance_xlsx::variance_to_xlsx(&computed, date)?,
            _ => {
                let doc = crate::render::variance::Report {
                    title: &args.title,
                    organisation: &args.organisation,
                    position: args.position.as_deref(),
                    date,
                };
                crate::render::variance::render_variance(&computed, &doc)?
            }
        };
        outputs.push((out, bytes));
    }
    for (out, bytes) in outputs {
        write_atomic(out, &bytes)?;
        eprintln!("wrote {} ({} KB)", out.display(), bytes.len().div_ceil(1024));
    }
    Ok(Outcome::Success)
}
