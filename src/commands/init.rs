//! `scorecard init`: a new workspace holding the bundled sample (the same files as `data/sample`).

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::cli::InitArgs;
use crate::commands::Outcome;
use crate::core::output::{write_all_atomic, write_atomic};

/// The sample workspace, embedded from `data/sample`.
pub(crate) static SAMPLE: &[(&str, &str)] = &[
    ("scorecard.toml", include_str!("../../data/sample/scorecard.toml")),
    ("data/indicators.csv", include_str!("../../data/sample/data/indicators.csv")),
    ("data/observations.csv", include_str!("../../data/sample/data/observations.csv")),
    ("data/areas.csv", include_str!("../../data/sample/data/areas.csv")),
    ("data/budget.csv", include_str!("../../data/sample/data/budget.csv")),
];

/// The sample meeting, embedded from `data/sample-meeting`; its scorecard
/// and budget come from the sample workspace, written beside it.
static MEETING: &[(&str, &str)] = &[
    ("meeting.toml", include_str!("../../data/sample-meeting/meeting.toml")),
    ("reports/minutes.md", include_str!("../../data/sample-meeting/reports/minutes.md")),
    ("reports/quality-assurance.md", include_str!("../../data/sample-meeting/reports/quality-assurance.md")),
    ("reports/work-programme.md", include_str!("../../data/sample-meeting/reports/work-programme.md")),
    ("reports/improvement-plan.csv", include_str!("../../data/sample-meeting/reports/improvement-plan.csv")),
];

/// Writes the sample workspace, or with `--pack` the sample meeting, into `args.dir`.
pub(crate) fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    if args.pack {
        return meeting(args);
    }
    if args.plan {
        return plan(args);
    }
    if args.dir.join("scorecard.toml").exists() && !args.force {
        bail!("{} already holds a scorecard.toml (use --force to overwrite it)", args.dir.display());
    }
    let paths: Vec<PathBuf> = SAMPLE.iter().map(|(name, _)| args.dir.join(name)).collect();
    let files: Vec<(&Path, &[u8])> =
        paths.iter().zip(SAMPLE).map(|(p, (_, text))| (p.as_path(), text.as_bytes())).collect();
    // All or nothing: a full disk must not leave half a workspace that a rerun refuses.
    write_all_atomic(&files)?;
    outln!(
        "created workspace {dir} with sample data; next: edit {dir}/data/*.csv, then run\n  scorecard check {dir}\n  scorecard build {dir} --out scorecard.pdf",
        dir = args.dir.display()
    )?;
    Ok(Outcome::Success)
}

/// Writes a meeting folder: the manifest, its Markdown reports, and the sample
/// workspace (under `workspace/`) that its scorecard and finance items use.
fn meeting(args: &InitArgs) -> anyhow::Result<Outcome> {
    if args.dir.join("meeting.toml").exists() && !args.force {
        bail!("{} already holds a meeting.toml (use --force to overwrite it)", args.dir.display());
    }
    // The shipped manifest names the sample workspace beside it in data/.
    let mut files: Vec<(PathBuf, String)> = MEETING
        .iter()
        .map(|(name, text)| (args.dir.join(name), text.replace("\"../sample", "\"workspace")))
        .collect();
    files.extend(SAMPLE.iter().map(|(name, text)| (args.dir.join("workspace").join(name), text.to_string())));
    let files: Vec<(&Path, &[u8])> = files.iter().map(|(p, t)| (p.as_path(), t.as_bytes())).collect();
    write_all_atomic(&files)?;
    outln!(
        "created meeting {dir}; next: edit {dir}/meeting.toml, then run\n  scorecard check {dir}/meeting.toml\n  scorecard pack {dir}/meeting.toml --out pack.pdf",
        dir = args.dir.display()
    )?;
    Ok(Outcome::Success)
}

/// Writes `plan.xlsx`: the sample improvement plan, modelled on Norfolk's, to edit.
fn plan(args: &InitArgs) -> anyhow::Result<Outcome> {
    let path = args.dir.join("plan.xlsx");
    if path.exists() && !args.force {
        bail!("{} already exists (use --force to overwrite it)", path.display());
    }
    let csv = include_str!("../../data/sample-meeting/reports/improvement-plan.csv");
    write_atomic(
        &path,
        &crate::actions::xlsx::template_workbook(csv, &crate::actions::key::Key::norfolk())?,
    )?;
    outln!(
        "created {path}; next: edit it, then run\n  scorecard check {path} --as-of 2013-12-01\n  scorecard actions {path} --as-of 2013-12-01 --out progress.pdf",
        path = path.display()
    )?;
    Ok(Outcome::Success)
}
