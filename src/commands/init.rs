//! `scorecard init`: a new workspace holding the bundled sample (the same files as `data/sample`).

use anyhow::bail;

use crate::cli::InitArgs;
use crate::commands::Outcome;
use crate::core::output::write_atomic;

/// The sample workspace, embedded from `data/sample`.
pub(crate) static SAMPLE: &[(&str, &str)] = &[
    ("scorecard.toml", include_str!("../../data/sample/scorecard.toml")),
    ("data/indicators.csv", include_str!("../../data/sample/data/indicators.csv")),
    ("data/observations.csv", include_str!("../../data/sample/data/observations.csv")),
    ("data/areas.csv", include_str!("../../data/sample/data/areas.csv")),
    ("data/budget.csv", include_str!("../../data/sample/data/budget.csv")),
];

/// Writes the sample workspace into `args.dir`.
pub(crate) fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    if args.dir.join("scorecard.toml").exists() && !args.force {
        bail!("{} already holds a scorecard.toml (use --force to overwrite it)", args.dir.display());
    }
    for (name, text) in SAMPLE {
        write_atomic(&args.dir.join(name), text.as_bytes())?;
    }
    println!(
        "created workspace {dir} with sample data; next: edit {dir}/data/*.csv, then run\n  scorecard check {dir}\n  scorecard build {dir} --out scorecard.pdf",
        dir = args.dir.display()
    );
    Ok(Outcome::Success)
}
