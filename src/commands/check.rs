//! `scorecard check`: every problem in a workspace or a budget book, each pointing at its cell.

use std::path::Path;

use crate::cli::CheckArgs;
use crate::commands::{production_date, units, Outcome};
use crate::core::diag::{counted, Diagnostics};
use crate::finance::load_book;
use crate::finance::variance::{compute_variance, reconcile, warn_missing_reasons, Thresholds};
use crate::scorecard::load_with_budget;

/// Whether `path` names a budget book rather than a workspace.
fn is_book(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    path.is_file() && matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "csv")
}

/// Prints every problem to standard output, errors first.
fn print_all(diags: &Diagnostics) -> std::io::Result<()> {
    for d in diags.sorted() {
        outln!("{d}")?;
    }
    for line in diags.overflow_lines() {
        outln!("{line}")?;
    }
    Ok(())
}

/// Validates the workspace or book and prints every problem; errors make the exit code 1.
pub(crate) fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    if args.path.is_file() && crate::actions::plan::looks_like_plan(&args.path) {
        return check_plan(args);
    }
    if is_book(&args.path) {
        return check_book(args);
    }
    if is_manifest(&args.path) {
        return check_manifest(args);
    }
    let (dataset, _, diags) = load_with_budget(&args.path, args.period.as_deref());
    print_all(&diags)?;
    let errors = diags.error_count();
    match dataset {
        Some(d) if errors == 0 => outln!(
            "{}: {}, {}, {}: {}",
            args.path.display(),
            counted(d.indicators.len(), "indicator"),
            counted(d.observations.len(), "observation"),
            counted(d.areas.len(), "area"),
            diags.tally()
        )?,
        _ => outln!("{}: {}", args.path.display(), diags.tally())?,
    }
    Ok(if errors > 0 { Outcome::InputErrors } else { Outcome::Success })
}

/// Checks an improvement plan as `actions` would, at today's date.
fn check_plan(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let mut diags = Diagnostics::default();
    let plan = crate::actions::plan::read_plan(&args.path, None, &mut diags);
    if let Some(plan) = plan.as_ref().filter(|_| !diags.has_errors()) {
        let (y, m, d) = crate::commands::production_date(args.as_of);
        crate::actions::rules::assess(plan, (y, u32::from(m), u32::from(d)), &mut diags);
    }
    print_all(&diags)?;
    let actions = plan.as_ref().map_or(0, |p| p.actions.len());
    outln!("{}: {}: {}", args.path.display(), counted(actions, "action"), diags.tally())?;
    Ok(if diags.has_errors() { Outcome::InputErrors } else { Outcome::Success })
}

/// Whether `path` is a meeting manifest: a `.toml` file with a `[meeting]` table.
fn is_manifest(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        && std::fs::read_to_string(path).is_ok_and(|t| t.lines().any(|l| l.trim() == "[meeting]"))
}

/// Checks a manifest and everything its items include, as `pack` would.
fn check_manifest(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let mut diags = Diagnostics::default();
    let today = production_date(args.as_of);
    let meeting =
        crate::pack::inputs::prepare(&args.path, args.allow_outside, today, &mut diags).map(|(m, _)| m);
    print_all(&diags)?;
    let items = meeting.as_ref().map_or(0, |m| m.items.len());
    outln!("{}: {}: {}", args.path.display(), counted(items, "agenda item"), diags.tally())?;
    Ok(if diags.has_errors() { Outcome::InputErrors } else { Outcome::Success })
}

/// Reads a budget book and recomputes every printed figure in it.
fn check_book(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let (book, mut diags) = load_book(&args.path, units(args.units));
    if let Some(book) = &book {
        reconcile(book, &mut diags);
        let computed = compute_variance(book, &Thresholds::defaults(book.units));
        warn_missing_reasons(book, &computed, &mut diags);
    }
    print_all(&diags)?;
    let errors = diags.error_count();
    let lines: usize = book.iter().flat_map(|b| &b.tables).map(|t| t.lines.len()).sum();
    if book.as_ref().is_none_or(|b| b.tables.is_empty()) {
        outln!(
            "(checked as a budget book; to check a scorecard workspace, give its folder or scorecard.toml)"
        )?;
    }
    let tables: Vec<&str> = book.iter().flat_map(|b| &b.tables).map(|t| t.kind.sheet()).collect();
    outln!(
        "{}: {} in {}: {}",
        args.path.display(),
        counted(lines, "line"),
        if tables.is_empty() { "no tables".to_string() } else { tables.join(", ") },
        diags.tally()
    )?;
    Ok(if errors > 0 { Outcome::InputErrors } else { Outcome::Success })
}
