//! `scorecard metrics`: the computed figures as JSON (the contract) or CSV.

use std::io::Write;

use crate::cli::{MetricsArgs, MetricsFormat};
use crate::commands::{load_valid, refuse_overwriting_workspace, Outcome};
use crate::core::output::{write_atomic, Format};
use crate::scorecard::batch::authorities;
use crate::scorecard::csv::metrics_to_csv;
use crate::scorecard::metrics::{compute, Settings};
use crate::scorecard::national::{self, national_table};

/// Computes the metrics and writes them to `--out` or standard output.
pub(crate) fn run(args: &MetricsArgs) -> anyhow::Result<Outcome> {
    let (data, _) = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    if let Some(out) = &args.out {
        refuse_overwriting_workspace(out, &data)?;
    }
    let settings = Settings { confidence: args.confidence / 100.0 };
    // `--out metrics.csv` alone asks for CSV; anything else is JSON unless --format says.
    let format = args.format.unwrap_or(match args.out.as_deref().map(Format::guess) {
        Some(Some(Format::Csv)) => MetricsFormat::Csv,
        _ => MetricsFormat::Json,
    });
    let bytes = if args.all_areas {
        let table = national_table(&data, &authorities(&data), &settings);
        match format {
            MetricsFormat::Json => json(&table)?,
            MetricsFormat::Csv => national::to_csv(&table)?,
        }
    } else {
        let metrics = compute(&data, &settings);
        match format {
            MetricsFormat::Json => json(&metrics)?,
            MetricsFormat::Csv => metrics_to_csv(&metrics)?,
        }
    };
    match &args.out {
        Some(path) => write_atomic(path, &bytes)?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(Outcome::Success)
}

/// Pretty JSON with a final newline.
fn json(value: &impl serde::Serialize) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
