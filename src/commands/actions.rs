//! `scorecard actions`: an improvement plan's progress at a date, as PDF, CSV or XLSX.

use crate::actions::csv::actions_to_csv;
use crate::actions::pdf::{render_actions, Report};
use crate::actions::plan::read_plan;
use crate::actions::rules::assess;
use crate::actions::xlsx::actions_to_xlsx;
use crate::cli::ActionsArgs;
use crate::commands::{print_diagnostics, production_date, Outcome};
use crate::core::diag::{counted, Diagnostics};
use crate::core::output::{write_atomic, Format};

/// Reads the plan, applies the rules at `--as-of` and writes every `--out`.
pub(crate) fn run(args: &ActionsArgs) -> anyhow::Result<Outcome> {
    let mut targets = Vec::new();
    for out in &args.out {
        targets
            .push((out, Format::of(out, &[Format::Pdf, Format::Csv, Format::Xlsx], "the action tracker")?));
        if out.canonicalize().ok().is_some_and(|o| args.plan.canonicalize().is_ok_and(|p| p == o)) {
            anyhow::bail!("--out {} is the plan itself: choose another file name", out.display());
        }
    }
    let (y, m, d) = args.as_of.unwrap_or_else(|| production_date(args.source_date_epoch));
    let as_of = (y, u32::from(m), u32::from(d));
    let mut diags = Diagnostics::default();
    let plan = read_plan(&args.plan, args.key.as_deref(), &mut diags);
    let assessed = plan.as_ref().filter(|_| !diags.has_errors()).map(|p| assess(p, as_of, &mut diags));
    print_diagnostics(&diags);
    let (Some(plan), Some(assessed)) = (plan, assessed) else {
        eprintln!(
            "{} in {}: nothing was written",
            counted(diags.error_count(), "error"),
            args.plan.display()
        );
        return Ok(Outcome::InputErrors);
    };
    let date = production_date(args.date.or(args.source_date_epoch));
    let report = Report { title: &args.title, organisation: &args.organisation, as_of, date };
    // Everything is rendered before anything is written.
    let mut outputs = Vec::new();
    for (out, format) in targets {
        let bytes = match format {
            Format::Csv => actions_to_csv(&plan, &assessed)?,
            Format::Xlsx => actions_to_xlsx(&plan, &assessed, date)?,
            Format::Pdf | Format::Svg | Format::Png => render_actions(&plan, &assessed, &report)?,
        };
        outputs.push((out, bytes));
    }
    for (out, bytes) in outputs {
        write_atomic(out, &bytes)?;
        eprintln!(
            "wrote {} ({}, {} overdue)",
            out.display(),
            counted(plan.actions.len(), "action"),
            assessed.iter().filter(|a| a.overdue).count()
        );
    }
    Ok(Outcome::Success)
}
