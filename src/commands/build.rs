//! `scorecard build`: the scorecard as a PDF and/or a web page, or one for
//! every local authority.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::{BuildArgs, PageFormat};
use crate::commands::{load_valid, production_date, refuse_overwriting_workspace, render_with, Outcome};
use crate::core::names::first_free;
use crate::core::output::{render_and_write_all, write_atomic, Format};
use crate::scorecard::batch::{authorities, Authority};
use crate::scorecard::metrics::{compute, compute_for, Prepared, Scope, Settings};
use crate::scorecard::model::Dataset;

/// Loads and computes the scorecard once, renders it as every `--out` asks
/// (PDF, web page), then writes them all atomically.
pub(crate) fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    if args.all_areas {
        return run_all_areas(args);
    }
    let mut targets = Vec::new();
    for (i, out) in args.out.iter().enumerate() {
        if args.out[..i].contains(out) {
            anyhow::bail!("--out {} is given twice", out.display());
        }
        targets.push((out, Format::of(out, &[Format::Pdf, Format::Html], "the scorecard")?));
    }
    let date = production_date(args.date.or(args.source_date_epoch));
    let (data, budget) = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    for (out, _) in &targets {
        refuse_overwriting_workspace(out, &data)?;
    }
    let metrics = compute(&data, &Settings { confidence: args.confidence / 100.0 });
    let written = render_and_write_all(&targets, |_, format| {
        render_with(
            format,
            &data,
            &metrics,
            &data.notes,
            budget.as_ref(),
            date,
            &data.title,
            &data.organisation,
        )
        .map(|(bytes, _)| bytes)
    })?;
    for (out, size) in &written {
        eprintln!(
            "wrote {} ({} indicators, period {}, {} KB)",
            out.display(),
            metrics.indicators.len(),
            metrics.period.map(|p| p.display()).unwrap_or_default(),
            size / 1024
        );
    }
    Ok(Outcome::Success)
}

/// What became of one authority's scorecard.
struct Written {
    file: String,
    result: anyhow::Result<(usize, usize)>,
}

/// `build --all-areas`: reads and arranges the data once, then renders every
/// authority's scorecard on every core, writing each as soon as it is done.
/// One that fails is reported and the others go on; the index says which.
fn run_all_areas(args: &BuildArgs) -> anyhow::Result<Outcome> {
    let Some(out_dir) = args.out_dir.as_deref() else {
        anyhow::bail!("--all-areas writes one file per authority: give the folder with --out-dir DIR");
    };
    let date = production_date(args.date.or(args.source_date_epoch));
    let (data, budget) = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    let authorities = authorities(&data);
    if authorities.is_empty() {
        anyhow::bail!(
            "no local authority has a value: nothing to write (areas need the role home, neighbour or la)"
        );
    }
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot make the folder {}", out_dir.display()))?;
    let format = match args.format {
        PageFormat::Pdf => Format::Pdf,
        PageFormat::Html => Format::Html,
    };
    let files = unique_file_names(&authorities, format.extension());
    for file in files.iter().map(String::as_str).chain(["index.csv"]) {
        refuse_overwriting_workspace(&out_dir.join(file), &data)?;
    }
    let prepared = Prepared::new(&data);
    let settings = Settings { confidence: args.confidence / 100.0 };
    let progress = progress_bar(authorities.len(), args.quiet);
    let jobs: Vec<(&Authority, &String)> = authorities.iter().zip(&files).collect();
    let threads = args.jobs.map_or_else(crate::core::parallel::cores, usize::from);
    let written = crate::core::parallel::map_on(threads, &jobs, |&(authority, file)| {
        progress.set_message(authority.name.clone());
        let target = (format, out_dir.join(file));
        let result = render_one(&data, &prepared, authority, budget.as_ref(), &settings, date, &target);
        // Typst remembers layouts between documents; one authority's are of
        // little use to the next. Measured on 40 LAIT authorities: kept for
        // two documents, 31.0 s and 387 MiB; forgotten at once, 27.3 s and 267 MiB.
        typst::comemo::evict(0);
        progress.inc(1);
        Written { file: file.clone(), result }
    });
    progress.finish_and_clear();
    let index = index_csv(&authorities, &written)?;
    write_atomic(&out_dir.join("index.csv"), &index)?;
    let failed: Vec<(&Authority, &Written)> =
        authorities.iter().zip(&written).filter(|(_, w)| w.result.is_err()).collect();
    for (authority, w) in &failed {
        if let Err(e) = &w.result {
            eprintln!("error: {} ({}): {e:#}", authority.name, authority.code);
        }
    }
    let pages: usize = written.iter().filter_map(|w| w.result.as_ref().ok()).map(|r| r.0).sum();
    let pages = if pages > 0 { format!(" ({pages} pages)") } else { String::new() };
    eprintln!(
        "wrote {} of {} scorecards to {}{pages}, and index.csv",
        written.len() - failed.len(),
        written.len(),
        out_dir.display()
    );
    Ok(if failed.is_empty() { Outcome::Success } else { Outcome::InputErrors })
}

/// One authority's scorecard, computed, rendered as `target` asks and
/// written there; its pages and bytes.
fn render_one(
    data: &Dataset,
    prepared: &Prepared,
    authority: &Authority,
    budget: Option<&crate::finance::book::BudgetBook>,
    settings: &Settings,
    date: (i32, u8, u8),
    target: &(Format, PathBuf),
) -> anyhow::Result<(usize, usize)> {
    let (format, path) = target;
    let scope = Scope {
        home: &authority.code,
        neighbours: authority.neighbours.iter().map(String::as_str).collect(),
        // A published neighbour average is the home area's neighbours'.
        sn_average: if authority.code == data.home { Scope::of(data).sn_average } else { None },
    };
    let metrics = compute_for(data, prepared, &scope, settings);
    let (title, organisation) = authority.title_and_organisation(data);
    let notes = authority.notes(data);
    // The budget is the home council's own.
    let budget = budget.filter(|_| authority.code == data.home);
    let (bytes, pages) = render_with(*format, data, &metrics, &notes, budget, date, &title, &organisation)?;
    write_atomic(path, &bytes)?;
    Ok((pages, bytes.len()))
}

/// The authorities' file names with `extension`, made unique where two codes read alike.
fn unique_file_names(authorities: &[Authority], extension: &str) -> Vec<String> {
    let mut used = rustc_hash::FxHashSet::default();
    authorities
        .iter()
        .map(|a| {
            let stem = a.file_stem();
            let name =
                |n| if n == 1 { format!("{stem}.{extension}") } else { format!("{stem}-{n}.{extension}") };
            first_free(|c| used.insert(c.to_string()), name)
        })
        .collect()
}

/// A progress bar on standard error, if it is a terminal and not `--quiet`.
fn progress_bar(len: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} scorecards · {elapsed} · {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// The index of what was written: one row per authority.
fn index_csv(authorities: &[Authority], written: &[Written]) -> anyhow::Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record([
        "code",
        "name",
        "file",
        "status",
        "pages",
        "kb",
        "neighbours",
        "neighbours_from",
        "warnings",
    ])?;
    for (a, w) in authorities.iter().zip(written) {
        let (status, pages, kb, warnings) = match &w.result {
            Ok((pages, bytes)) => {
                // A web page has no pages to count.
                let pages = if *pages > 0 { pages.to_string() } else { String::new() };
                ("written", pages, (bytes.div_ceil(1024)).to_string(), a.warnings.join("; "))
            }
            Err(e) => {
                let why =
                    std::iter::once(format!("{e:#}")).chain(a.warnings.iter().cloned()).collect::<Vec<_>>();
                ("failed", String::new(), String::new(), why.join("; "))
            }
        };
        let file = if w.result.is_ok() { w.file.as_str() } else { "" };
        csv.write_record([
            a.code.as_str(),
            a.name.as_str(),
            file,
            status,
            &pages,
            &kb,
            &a.neighbours.join(" "),
            a.neighbours_from,
            &warnings,
        ])?;
    }
    Ok(csv.into_inner()?)
}
