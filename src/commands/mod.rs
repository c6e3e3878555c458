//! One module per subcommand: glue between the arguments, the documents and
//! the files. Shared glue (loading a workspace with its budget, the
//! production date) lives here, so no command imports another.

pub(crate) mod build;
pub(crate) mod chart;
pub(crate) mod check;
pub(crate) mod init;
pub(crate) mod metrics;
pub(crate) mod variance;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::{Command, UnitsArg};
use crate::core::diag::{counted, Diagnostics};
use crate::core::period::civil_from_days;
use crate::finance::book::{read_book, BudgetBook, Units};
use crate::scorecard::model::{self, Dataset};

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
pub(crate) fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

/// Reads a workspace and the budget book its `[data] budget` names, with the
/// problems of both; the dataset is only fit to use when there are no errors.
pub(crate) fn load_workspace(
    path: &Path,
    period: Option<&str>,
) -> (Option<Dataset>, Option<BudgetBook>, Diagnostics) {
    let (dataset, mut diags) = model::load(path, period);
    let budget = dataset.as_ref().and_then(|d| {
        let file = d.workspace.config.data.budget.as_ref()?;
        read_book(&d.workspace.resolve(file), &d.workspace.display(file), None, &mut diags)
    });
    (dataset, budget, diags)
}

/// Loads a workspace for a producing command: warnings are printed, and any
/// error stops the command before it writes anything.
pub(crate) fn load_valid(
    path: &Path,
    period: Option<&str>,
) -> Result<(Dataset, Option<BudgetBook>), Outcome> {
    let (dataset, budget, diags) = load_workspace(path, period);
    print_diagnostics(&diags);
    match dataset {
        Some(d) if !diags.has_errors() => Ok((d, budget)),
        _ => {
            eprintln!(
                "{} in the inputs: nothing was written (run `scorecard check` for the full list)",
                counted(diags.error_count(), "error")
            );
            Err(Outcome::InputErrors)
        }
    }
}

/// The unit chosen on the command line.
pub(crate) fn units(arg: Option<UnitsArg>) -> Option<Units> {
    arg.map(|u| match u {
        UnitsArg::Gbp => Units::Gbp,
        UnitsArg::GbpThousands => Units::GbpThousands,
        UnitsArg::GbpMillions => Units::GbpMillions,
    })
}

/// Reads a budget book and collects its problems for the caller to print; `None` if it could not be read at all.
pub(crate) fn load_book(
    path: &std::path::Path,
    units_arg: Option<Units>,
) -> (Option<BudgetBook>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let book = read_book(path, &path.display().to_string(), units_arg, &mut diags);
    (book, diags)
}

/// The date printed as "produced": `--date` or `SOURCE_DATE_EPOCH` (both
/// read by clap), else today.
pub(crate) fn production_date(given: Option<(i32, u8, u8)>) -> (i32, u8, u8) {
    given.unwrap_or_else(|| {
        let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
        (y, m as u8, d as u8)
    })
}
