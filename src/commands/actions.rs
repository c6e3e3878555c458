//! `scorecard actions`: an improvement plan's progress at a date, as PDF, CSV or XLSX.

use crate::actions::csv::actions_to_csv;
use crate::actions::kpi::link;
use crate::actions::pdf::{render_actions, Report};
use crate::actions::plan::{read_plan, Plan};
use crate::actions::rules::assess;
use crate::actions::xlsx::actions_to_xlsx;
use crate::cli::ActionsArgs;
use crate::commands::{print_diagnostics, production_date, Outcome};
use crate::core::diag::{counted, Diagnostics};
use crate::core::output::{refuse_input_as_output, render_and_write_all, Format};
use crate::scorecard::load_with_budget;
use crate::scorecard::metrics::{compute, Settings};

/// Reads the plan, applies the rules at `--as-of` and writes every `--out`.
pub(crate) fn run(args: &ActionsArgs) -> anyhow::Result<Outcome> {
    let mut targets = Vec::new();
    for out in &args.out {
        targets.push((
            out,
            Format::of(out, &[Format::Pdf, Format::Html, Format::Csv, Format::Xlsx], "the action tracker")?,
        ));
        refuse_input_as_output(out, [args.plan.clone()], "the plan itself")?;
    }
    let (y, m, d) = args.as_of.unwrap_or_else(|| production_date(args.source_date_epoch));
    let as_of = (y, u32::from(m), u32::from(d));
    let mut diags = Diagnostics::default();
    let plan = read_plan(&args.plan, args.key.as_deref(), &mut diags);
    let assessed = plan.as_ref().filter(|_| !diags.has_errors()).map(|p| assess(p, as_of, &mut diags));
    let previous = args.previous.as_ref().and_then(|path| {
        let mut found = Diagnostics::default();
        let before = read_plan(path, args.key.as_deref(), &mut found);
        // Only the previous plan's errors matter: its warnings were last quarter's.
        let errors = found.sorted().into_iter().filter(|d| d.is_error()).cloned().collect::<Vec<_>>();
        let clean = errors.is_empty();
        errors.into_iter().for_each(|d| diags.push(d));
        let before = before.filter(|_| clean)?;
        let then = assess(&before, as_of, &mut Diagnostics::default());
        Some((before, then))
    });
    let kpis = match (&args.scorecard, &plan) {
        (Some(ws), Some(plan)) => linked_kpis(ws, plan, &mut diags),
        _ => None,
    };
    print_diagnostics(&diags);
    let (Some(plan), Some(assessed)) = (plan, assessed.filter(|_| !diags.has_errors())) else {
        eprintln!(
            "{} in {}: nothing was written",
            counted(diags.error_count(), "error"),
            args.plan.display()
        );
        return Ok(Outcome::InputErrors);
    };
    let date = production_date(args.date.or(args.source_date_epoch));
    let report = Report {
        title: &args.title,
        organisation: &args.organisation,
        as_of,
        date,
        kpis: kpis.as_deref(),
        previous: previous.as_ref().map(|(p, a)| (p, a.as_slice())),
    };
    let written = render_and_write_all(&targets, |_, format| match format {
        Format::Csv => actions_to_csv(&plan, &assessed),
        Format::Xlsx => Ok(actions_to_xlsx(&plan, &assessed, date)?),
        Format::Html => crate::actions::html::render_actions_html(&plan, &assessed, &report),
        Format::Pdf | Format::Svg | Format::Png => render_actions(&plan, &assessed, &report),
    })?;
    for (out, _) in &written {
        eprintln!(
            "wrote {} ({}, {} overdue)",
            out.display(),
            counted(plan.actions.len(), "action"),
            assessed.iter().filter(|a| a.overdue).count()
        );
    }
    Ok(Outcome::Success)
}

/// The plan's KPI references against the linked workspace's metrics; the
/// workspace's own problems are reported like `build` reports them.
fn linked_kpis(workspace: &std::path::Path, plan: &Plan, diags: &mut Diagnostics) -> Option<Vec<String>> {
    let (data, _, found) = load_with_budget(workspace, None);
    let clean = !found.has_errors();
    diags.append(found);
    let data = data.filter(|_| clean)?;
    let metrics = compute(&data, &Settings::default());
    Some(link(plan, &metrics, diags))
}
