//! One module per subcommand: glue between the arguments, the pipeline and the files.

pub mod build;
pub mod chart;
pub mod check;
pub mod init;
pub mod metrics;
pub mod variance;

use std::path::Path;

use crate::cli::Command;
use crate::diag::Diagnostics;
use crate::model::{self, Dataset};

/// How a command ended, when it did not fail outright.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Success,
    /// The inputs have errors (already printed).
    InputErrors,
}

/// Runs the subcommand.
pub fn dispatch(command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Init(args) => init::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Metrics(args) => metrics::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Chart(args) => chart::run(&args),
        Command::Variance(args) => variance::run(&args),
    }
}

/// Prints problems to standard error, errors first.
pub fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

/// Loads a workspace for a producing command: warnings are printed, and any
/// error stops the command before it writes anything.
pub fn load_valid(path: &Path, period: Option<&str>) -> Result<Dataset, Outcome> {
    let (dataset, diags) = model::load(path, period);
    print_diagnostics(&diags);
    match dataset {
        Some(d) if !diags.has_errors() => Ok(d),
        _ => {
            eprintln!(
                "{} error{} in the inputs: nothing was written (run `scorecard check` for the full list)",
                diags.error_count(),
                if diags.error_count() == 1 { "" } else { "s" }
            );
            Err(Outcome::InputErrors)
        }
    }
}
