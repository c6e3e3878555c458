//! Command-line arguments, with help text written for council officers.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// scorecard: performance scorecards for children's services, from the spreadsheets you already keep.
#[derive(Debug, Parser)]
#[command(
    name = "scorecard",
    version,
    about = "Performance scorecards for children's services, from the spreadsheets you already keep",
    long_about = "Reads indicator spreadsheets (CSV, Excel, OpenDocument) and produces the monthly \
performance scorecard as an accessible PDF: indicators against targets, statistical neighbours and \
England, RAG ratings and trends, with every number checked.\n\n\
Start with `scorecard init my-scorecard`, edit the files in my-scorecard/data, then run \
`scorecard check my-scorecard` and `scorecard build my-scorecard`."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace folder with sample indicators and data to start from.
    #[command(after_help = "Example:\n  scorecard init my-scorecard")]
    Init(InitArgs),
    /// Check a workspace or a budget book and list every problem, pointing at file, sheet and cell.
    #[command(
        after_help = "Exit code 0: no errors (there may be warnings); 1: errors found.\n\nExample:\n  scorecard check my-scorecard"
    )]
    Check(CheckArgs),
    /// Compute the scorecard's figures (latest, previous, direction, RAG, neighbours, England) as JSON or CSV.
    #[command(after_help = "Example:\n  scorecard metrics my-scorecard --format csv --out metrics.csv")]
    Metrics(MetricsArgs),
    /// Build the scorecard PDF: cover, summary table, a page per indicator and the exceptions.
    #[command(after_help = "Example:\n  scorecard build my-scorecard --period 2014-01 --out scorecard.pdf")]
    Build(BuildArgs),
    /// Make the finance variance tables (revenue, capital, reserves, school balances) as PDF, CSV or XLSX.
    #[command(
        after_help = "Examples:\n  scorecard variance budget.xlsx --out variance.pdf --out variance.xlsx\n  scorecard variance revenue.csv --units gbp_millions --out revenue-table.csv\n\nTo check the printed figures of a pasted-in table: scorecard check budget.xlsx"
    )]
    Variance(VarianceArgs),
    /// Make a meeting's agenda pack: cover, agenda with page numbers, and every report, as one PDF.
    #[command(
        after_help = "Example:\n  scorecard init --pack march-panel\n  scorecard pack march-panel/meeting.toml --out pack.pdf"
    )]
    Pack(PackArgs),
    /// An improvement plan's progress at a date: overdue actions, derived statuses, as PDF or CSV.
    #[command(after_help = "Example:\n  scorecard actions plan.xlsx --as-of 2019-01-31 --out progress.csv")]
    Actions(ActionsArgs),
    /// Export one indicator's chart (trend or SPC) as SVG or PNG, to paste into a Word report.
    #[command(
        after_help = "Examples:\n  scorecard chart my-scorecard NI062 --out ni062.png\n  scorecard chart my-scorecard NI062 --kind spc --out ni062-spc.svg"
    )]
    Chart(ChartArgs),
}

/// Which chart `scorecard chart` draws.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ChartKind {
    /// The home area against statistical neighbours, England and the target.
    Trend,
    /// The statistical process control (XmR) chart, Making Data Count style.
    Spc,
}

/// `scorecard chart`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// The workspace folder (or its scorecard.toml).
    pub workspace: PathBuf,
    /// The indicator's id, as in the indicators file.
    pub indicator: String,
    /// Which chart.
    #[arg(long, value_enum, default_value = "trend")]
    pub kind: ChartKind,
    /// The file to write: .svg or .png.
    #[arg(long)]
    pub out: PathBuf,
    /// Report period, e.g. 2014-01; default: the one in scorecard.toml, else the latest in the data.
    #[arg(long)]
    pub period: Option<String>,
}

/// `scorecard init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to create (it may exist, but must not already hold a scorecard.toml).
    pub dir: PathBuf,
    /// Overwrite an existing workspace's files.
    #[arg(long)]
    pub force: bool,
    /// Write a meeting manifest modelled on a scrutiny panel's, with its reports, instead of a workspace.
    #[arg(long, conflicts_with = "plan")]
    pub pack: bool,
    /// Write an improvement plan workbook (plan.xlsx) modelled on Norfolk's, instead of a workspace.
    #[arg(long)]
    pub plan: bool,
}

/// `scorecard check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A workspace folder (or its scorecard.toml), a budget book or improvement plan (.xlsx, .ods, .csv), or a meeting manifest (.toml).
    pub path: PathBuf,
    /// Report period to check against, e.g. 2014-01 or "2013/14 Q3".
    #[arg(long)]
    pub period: Option<String>,
    /// Budget books: the unit of the amounts (default: from headers such as "£m", else £).
    #[arg(long, value_enum)]
    pub units: Option<UnitsArg>,
    /// Improvement plans: the date overdue actions are judged at (YYYY-MM-DD); default: today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<(i32, u8, u8)>,
    /// Meeting manifests: let items name files outside the meeting's folder and the folders beside it.
    #[arg(long)]
    pub allow_outside: bool,
}

/// The form of each scorecard `build --all-areas` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    /// A PDF (`.pdf`).
    Pdf,
    /// A self-contained web page (`.html`).
    Html,
}

/// The unit of a budget book's amounts.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum UnitsArg {
    /// Pounds.
    Gbp,
    /// Thousands of pounds.
    GbpThousands,
    /// Millions of pounds.
    GbpMillions,
}

/// `scorecard variance`.
#[derive(Debug, clap::Args)]
pub struct VarianceArgs {
    /// The budget book: a workbook with sheets Revenue, Capital, Reserves, SchoolBalances, or a CSV of the revenue table.
    pub book: PathBuf,
    /// Files to write, by extension: .pdf, .csv (revenue table), .xlsx (every table, with formulas). Repeat for several.
    #[arg(long, required = true)]
    pub out: Vec<PathBuf>,
    /// The unit of the amounts (default: from headers such as "£m", else £).
    #[arg(long, value_enum)]
    pub units: Option<UnitsArg>,
    /// Decimals of the percentages of budget.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=4))]
    pub pct_decimals: u32,
    /// Red at or above this percentage overspend.
    #[arg(long, default_value_t = 5.0, value_parser = parse_threshold)]
    pub red_pct: f64,
    /// Red at or above this overspend, in the book's unit (default: £0.5m).
    #[arg(long, value_parser = parse_threshold)]
    pub red_amount: Option<f64>,
    /// Amber at or above this percentage overspend.
    #[arg(long, default_value_t = 1.0, value_parser = parse_threshold)]
    pub amber_pct: f64,
    /// Amber at or above this overspend, in the book's unit (default: £0.1m).
    #[arg(long, value_parser = parse_threshold)]
    pub amber_amount: Option<f64>,
    /// Lines whose variance is this size or more either way go in the reasons table (default: £0.1m).
    #[arg(long, value_parser = parse_threshold)]
    pub reason_amount: Option<f64>,
    /// Title of the PDF.
    #[arg(long, default_value = "Budget Monitoring Report")]
    pub title: String,
    /// The council, for the PDF.
    #[arg(long, default_value = "")]
    pub organisation: String,
    /// Monitoring position printed under the title, e.g. "Position at 31 January 2014".
    #[arg(long)]
    pub position: Option<String>,
    /// Date printed as "produced" (YYYY-MM-DD); default: $SOURCE_DATE_EPOCH, else today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<(i32, u8, u8)>,
    /// The reproducible-builds date, in seconds since 1970, read from the environment.
    #[arg(long, env = "SOURCE_DATE_EPOCH", hide = true, value_parser = parse_epoch)]
    pub source_date_epoch: Option<(i32, u8, u8)>,
}

/// `scorecard actions`.
#[derive(Debug, clap::Args)]
pub struct ActionsArgs {
    /// The plan: a workbook with a sheet Actions, or a CSV.
    pub plan: PathBuf,
    /// The date the progress is reported at (YYYY-MM-DD); default: $SOURCE_DATE_EPOCH, else today.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<(i32, u8, u8)>,
    /// The status key: norfolk (White, Blue, Green, Amber, Red) or lancashire (Red, Amber, Green, Blue); default: the plan's own (its Key sheet or plan.toml), else norfolk.
    #[arg(long)]
    pub key: Option<String>,
    /// The reproducible-builds date, in seconds since 1970, read from the environment.
    #[arg(long, env = "SOURCE_DATE_EPOCH", hide = true, value_parser = parse_epoch)]
    pub source_date_epoch: Option<(i32, u8, u8)>,
    /// Files to write: .pdf (the progress report), .csv (the contract's columns) or .xlsx. Repeat for several.
    #[arg(long, required = true)]
    pub out: Vec<PathBuf>,
    /// Last quarter's plan: the report then lists what changed (new actions, newly completed, better, worse).
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// A scorecard workspace whose indicators the plan's kpi_ref names: each must exist, and its latest value and RAG print beside the action.
    #[arg(long)]
    pub scorecard: Option<PathBuf>,
    /// Title of the PDF.
    #[arg(long, default_value = "Improvement Plan Progress Report")]
    pub title: String,
    /// The council, for the PDF.
    #[arg(long, default_value = "")]
    pub organisation: String,
    /// Date printed as "produced" (YYYY-MM-DD); default: $SOURCE_DATE_EPOCH, else today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<(i32, u8, u8)>,
}

/// `scorecard pack`.
#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// The meeting manifest (MEETING.toml); paths in it are relative to it.
    pub manifest: PathBuf,
    /// The PDF to write.
    #[arg(long, default_value = "pack.pdf")]
    pub out: PathBuf,
    /// Let items name files outside the meeting's folder and the folders beside it.
    #[arg(long)]
    pub allow_outside: bool,
    /// Date printed as "produced" (YYYY-MM-DD); default: $SOURCE_DATE_EPOCH, else today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<(i32, u8, u8)>,
    /// The reproducible-builds date, in seconds since 1970, read from the environment.
    #[arg(long, env = "SOURCE_DATE_EPOCH", hide = true, value_parser = parse_epoch)]
    pub source_date_epoch: Option<(i32, u8, u8)>,
}

/// Output formats of `scorecard metrics`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MetricsFormat {
    /// The JSON contract (one object per indicator).
    Json,
    /// One row per indicator.
    Csv,
}

/// `scorecard metrics`.
#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// The workspace folder (or its scorecard.toml).
    pub workspace: PathBuf,
    /// Output format; default: CSV when --out ends in .csv, else JSON.
    #[arg(long, value_enum)]
    pub format: Option<MetricsFormat>,
    /// Report period, e.g. 2014-01; default: the one in scorecard.toml, else the latest in the data.
    #[arg(long)]
    pub period: Option<String>,
    /// Write to this file instead of the screen.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The national table: every local authority × indicator (latest value,
    /// rank, quartile, neighbour average, benchmark, SPC variation).
    #[arg(long)]
    pub all_areas: bool,
    /// Confidence level of the intervals, in per cent (Fingertips uses 95 and 99.8).
    #[arg(long, default_value_t = 95.0, value_parser = parse_confidence)]
    pub confidence: f64,
}

/// `scorecard build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The workspace folder (or its scorecard.toml).
    pub workspace: PathBuf,
    /// Report period, e.g. 2014-01; default: the one in scorecard.toml, else the latest in the data.
    #[arg(long)]
    pub period: Option<String>,
    /// The file to write: a PDF (.pdf) or a self-contained web page (.html);
    /// give --out twice for both.
    #[arg(long, default_value = "scorecard.pdf")]
    pub out: Vec<PathBuf>,
    /// One scorecard for every local authority in the data, each with its own
    /// statistical neighbours, written to --out-dir with an index.csv.
    #[arg(long, requires = "out_dir", conflicts_with = "out")]
    pub all_areas: bool,
    /// The folder --all-areas writes to (made if missing).
    #[arg(long, requires = "all_areas")]
    pub out_dir: Option<PathBuf>,
    /// What --all-areas writes for each authority: a PDF or a web page.
    #[arg(long, value_enum, default_value = "pdf", requires = "all_areas")]
    pub format: PageFormat,
    /// No progress bar (there is none either when standard error is not a terminal).
    #[arg(long, short)]
    pub quiet: bool,
    /// How many scorecards --all-areas renders at once, at most one per core
    /// (the default). Each takes some 100 MB at national size: 1 keeps memory lowest.
    #[arg(long, short, requires = "all_areas", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Date printed as "produced" (YYYY-MM-DD); default: $SOURCE_DATE_EPOCH, else today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<(i32, u8, u8)>,
    /// The reproducible-builds date, in seconds since 1970, read from the environment.
    #[arg(long, env = "SOURCE_DATE_EPOCH", hide = true, value_parser = parse_epoch)]
    pub source_date_epoch: Option<(i32, u8, u8)>,
    /// Confidence level of the intervals, in per cent (Fingertips uses 95 and 99.8).
    #[arg(long, default_value_t = 95.0, value_parser = parse_confidence)]
    pub confidence: f64,
}

/// Accepts a confidence level strictly between 50 and 100 per cent.
fn parse_confidence(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(c) if c > 50.0 && c < 100.0 => Ok(c),
        _ => Err(format!("{text} is not a confidence level between 50 and 100 (e.g. 95 or 99.8)")),
    }
}

/// The years a report can be dated in: Excel's dates start in 1900 and
/// typst's and the XLSX writer's end in 9999.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Accepts a date as YYYY-MM-DD.
fn parse_date(text: &str) -> Result<(i32, u8, u8), String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d))
                if YEARS.contains(&y) && crate::core::period::check_date(y, m, d).is_ok() =>
            {
                Ok((y, m as u8, d as u8))
            }
            _ => Err(format!("{text} is not a date between 1900 and 9999")),
        },
        _ => Err(format!("{text} is not a date: expected YYYY-MM-DD")),
    }
}

/// Accepts `SOURCE_DATE_EPOCH`: whole seconds since 1970, whose day is taken in UTC.
fn parse_epoch(text: &str) -> Result<(i32, u8, u8), String> {
    let seconds: i64 =
        text.trim().parse().map_err(|_| format!("SOURCE_DATE_EPOCH={text} is not a number of seconds"))?;
    // Bounded first, so the day count cannot overflow.
    if seconds.unsigned_abs() > 400_000_000_000 {
        return Err(format!("SOURCE_DATE_EPOCH={text} is not a date between 1900 and 9999"));
    }
    let (y, m, d) = crate::core::period::civil_from_days(seconds.div_euclid(86_400));
    if !YEARS.contains(&y) {
        return Err(format!("SOURCE_DATE_EPOCH={text} is not a date between 1900 and 9999"));
    }
    Ok((y, m as u8, d as u8))
}

/// Accepts a threshold: a finite number, zero or more.
fn parse_threshold(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("{text} is not a threshold (a number, zero or more)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_and_the_epoch_is_seconds() {
        assert_eq!(parse_date("2014-03-13"), Ok((2014, 3, 13)));
        for bad in
            ["2014-02-30", "13/03/2014", "2014", "20140313", "", "-5-01-01", "0100-01-01", "99999-01-01"]
        {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_epoch("1764028800"), Ok((2025, 11, 25)));
        assert_eq!(parse_epoch("-86400"), Ok((1969, 12, 31)));
        for bad in ["", "x", "1.5", "-9223372036854775808", "300000000000"] {
            assert!(parse_epoch(bad).is_err(), "{bad:?}");
        }
    }
}
