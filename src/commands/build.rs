//! `scorecard build`: the scorecard PDF.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

use crate::cli::BuildArgs;
use crate::commands::{load_valid, Outcome};
use crate::metrics::variance::{compute_variance, Thresholds};
use crate::metrics::{compute, Settings};
use crate::model::budget::TableKind;
use crate::model::period::{check_date, civil_from_days};
use crate::output::write_atomic;
use crate::render::scorecard::{render_scorecard, Document};

/// The date printed as "produced": `--date`, else `SOURCE_DATE_EPOCH` (the
/// reproducible-builds convention), else today.
pub fn production_date(arg: Option<&str>) -> anyhow::Result<(i32, u8, u8)> {
    if let Some(text) = arg {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let parsed = match parts.as_slice() {
            [y, m, d] => match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) if check_date(y, m, d).is_ok() => Some((y, m as u8, d as u8)),
                _ => None,
            },
            _ => None,
        };
        return parsed.with_context(|| format!("--date {text}: expected a date as YYYY-MM-DD"));
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .with_context(|| format!("SOURCE_DATE_EPOCH={s} is not a number of seconds"))?,
        Err(_) => SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0),
    };
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    Ok((y, m as u8, d as u8))
}

/// Loads, computes and renders the scorecard, then writes the PDF atomically.
pub fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    if !args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        anyhow::bail!("--out {}: the scorecard is written as a .pdf", args.out.display());
    }
    let date = production_date(args.date.as_deref())?;
    let data = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    let metrics = compute(&data, &Settings { confidence: args.confidence / 100.0 });
    let templates = data.workspace.root.join("templates");
    let finance = data.budget.as_ref().map(|book| compute_variance(book, &Thresholds::defaults(book.units)));
    let revenue = finance
        .as_ref()
        .and_then(|f| f.tables.iter().find(|t| t.kind == TableKind::Revenue).map(|t| (t, f.units)));
    let doc = Document {
        title: &data.title,
        organisation: &data.organisation,
        notes: &data.notes,
        date,
        finance: revenue,
    };
    let pdf = render_scorecard(&metrics, &doc, templates.is_dir().then_some(templates.as_path()))?;
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
