//! One module per subcommand: glue between the arguments, the documents and
//! the files. Shared glue (loading a workspace with its budget, the
//! production date) lives here, so no command imports another.

/// Like `println!`, but a closed pipe (`scorecard check … | head -1`) comes
/// back as an error for `main` to end on quietly, instead of a panic.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

pub(crate) mod actions;
pub(crate) mod build;
pub(crate) mod chart;
pub(crate) mod check;
pub(crate) mod init;
pub(crate) mod metrics;
pub(crate) mod pack;
pub(crate) mod variance;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::{Command, UnitsArg};
use crate::core::diag::{counted, Diagnostics};
use crate::core::output::refuse_input_as_output;
use crate::core::output::Format;
use crate::core::period::civil_from_days;
use crate::finance::book::{BudgetBook, TableKind, Units};
use crate::finance::summary::FinanceSummary;
use crate::finance::variance::{compute_variance, Thresholds};
use crate::scorecard::html::render_scorecard_html;
use crate::scorecard::metrics::{compute, Metrics, Settings};
use crate::scorecard::model::Dataset;
use crate::scorecard::pdf::render_scorecard;
use crate::scorecard::view::Document;

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
    crate::core::output::clean_up_on_signals();
    match command {
        Command::Init(args) => init::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Metrics(args) => metrics::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Chart(args) => chart::run(&args),
        Command::Variance(args) => variance::run(&args),
        Command::Pack(args) => pack::run(&args),
        Command::Actions(args) => actions::run(&args),
    }
}

/// Prints problems to standard error, errors first.
pub(crate) fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    for line in diags.overflow_lines() {
        eprintln!("{line}");
    }
}

/// Loads a workspace for a producing command: warnings are printed, and any
/// error stops the command before it writes anything.
pub(crate) fn load_valid(
    path: &Path,
    period: Option<&str>,
) -> Result<(Dataset, Option<BudgetBook>), Outcome> {
    let (dataset, budget, diags) = crate::scorecard::load_with_budget(path, period);
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

/// The scorecard of a valid workspace as PDF bytes, with its finance summary
/// page when the workspace names a budget; and the metrics it shows.
pub(crate) fn scorecard_pdf(
    data: &Dataset,
    budget: Option<&BudgetBook>,
    date: (i32, u8, u8),
    confidence: f64,
) -> anyhow::Result<(Vec<u8>, Metrics)> {
    let metrics = compute(data, &Settings { confidence });
    let (pdf, _) =
        render_with(Format::Pdf, data, &metrics, &data.notes, budget, date, &data.title, &data.organisation)?;
    Ok((pdf, metrics))
}

/// Renders `metrics` of a valid workspace (its own home's or another
/// area's), titled, with `notes` and the workspace's finance summary and templates,
/// as a PDF or a web page; the bytes and the number of pages (a web page has none).
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_with(
    format: Format,
    data: &Dataset,
    metrics: &Metrics,
    notes: &[String],
    budget: Option<&BudgetBook>,
    date: (i32, u8, u8),
    title: &str,
    organisation: &str,
) -> anyhow::Result<(Vec<u8>, usize)> {
    let templates = data.workspace.root.join("templates");
    let finance = budget.map(|book| compute_variance(book, &Thresholds::defaults(book.units)));
    let summary = finance
        .as_ref()
        .and_then(|f| f.tables.iter().find(|t| t.kind == TableKind::Revenue).map(|t| (t, f.units)))
        .map(|(revenue, units)| FinanceSummary::new(revenue, units))
        .transpose()?;
    let doc = Document { title, organisation, notes, date, finance: summary.as_ref() };
    let templates = templates.is_dir().then_some(templates.as_path());
    match format {
        Format::Html => Ok((render_scorecard_html(metrics, &doc, templates)?, 0)),
        _ => render_scorecard(metrics, &doc, templates),
    }
}

/// Refuses an `--out` that is one of the workspace's own files (its
/// scorecard.toml or a data file it names): writing there would destroy it.
pub(crate) fn refuse_overwriting_workspace(out: &Path, data: &Dataset) -> anyhow::Result<()> {
    let ws = &data.workspace;
    let d = &ws.config.data;
    let named = [Some(&d.indicators), d.areas.as_ref(), d.neighbours.as_ref(), d.budget.as_ref()];
    let inputs = std::iter::once(ws.root.join("scorecard.toml"))
        .chain(named.into_iter().flatten().map(|f| ws.resolve(f)))
        .chain(d.observations.list().into_iter().map(|f| ws.resolve(&f)));
    refuse_input_as_output(out, inputs, "one of the workspace's inputs")
}

/// The unit chosen on the command line.
pub(crate) fn units(arg: Option<UnitsArg>) -> Option<Units> {
    arg.map(|u| match u {
        UnitsArg::Gbp => Units::Gbp,
        UnitsArg::GbpThousands => Units::GbpThousands,
        UnitsArg::GbpMillions => Units::GbpMillions,
    })
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
