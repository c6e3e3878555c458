//! `scorecard check`: every problem in a workspace, each pointing at its cell.

use crate::cli::CheckArgs;
use crate::commands::Outcome;
use crate::model;

/// Validates the workspace and prints every problem; errors make the exit code 1.
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let (dataset, diags) = model::load(&args.path, args.period.as_deref());
    for d in diags.sorted() {
        println!("{d}");
    }
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match dataset {
        Some(d) if errors == 0 => println!(
            "{}: {} indicators, {} observations, {} areas: {} error{}, {} warning{}",
            args.path.display(),
            d.indicators.len(),
            d.observations.len(),
            d.areas.len(),
            errors,
            plural(errors),
            warnings,
            plural(warnings)
        ),
        _ => println!(
            "{}: {errors} error{}, {warnings} warning{}",
            args.path.display(),
            plural(errors),
            plural(warnings)
        ),
    }
    Ok(if errors > 0 { Outcome::InputErrors } else { Outcome::Success })
}
