//! Writing output files atomically: a temporary file beside the target, then a
//! rename, so a failed run never leaves half a PDF where the last good one was.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

/// The formats the commands write, each chosen once from the extension of its
/// `--out` and matched as a type from then on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A PDF document.
    Pdf,
    /// A CSV table.
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// An SVG image.
    Svg,
    /// A PNG image.
    Png,
    /// A self-contained web page.
    Html,
}

impl Format {
    /// Every format, for lookup by extension.
    const ALL: [Format; 6] = [Format::Pdf, Format::Csv, Format::Xlsx, Format::Svg, Format::Png, Format::Html];

    /// The file extension, without the dot.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Html => "html",
        }
    }

    /// The format `path`'s extension names, if any.
    pub(crate) fn guess(path: &Path) -> Option<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        Format::ALL.into_iter().find(|f| f.extension().eq_ignore_ascii_case(ext))
    }

    /// The format `path` asks for by its extension, which must be one of
    /// `allowed`; otherwise an error naming what `what` can be written as.
    pub(crate) fn of(path: &Path, allowed: &[Format], what: &str) -> anyhow::Result<Format> {
        match Format::guess(path).filter(|f| allowed.contains(f)) {
            Some(format) => Ok(format),
            None => {
                let names: Vec<String> = allowed.iter().map(|f| format!(".{}", f.extension())).collect();
                let list = match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                    _ => names.concat(),
                };
                anyhow::bail!("--out {}: {what} is written as {list}", path.display())
            }
        }
    }
}

/// Refuses an output path that is one of `inputs` (the same file, however
/// named): writing there would destroy the input. `what` says which, as in
/// "--out book.xlsx is the budget book itself".
pub(crate) fn refuse_input_as_output(
    out: &Path,
    inputs: impl IntoIterator<Item = PathBuf>,
    what: &str,
) -> anyhow::Result<()> {
    let Ok(target) = out.canonicalize() else { return Ok(()) };
    if inputs.into_iter().any(|i| i.canonicalize().is_ok_and(|i| i == target)) {
        anyhow::bail!("--out {} is {what}: choose another file name", out.display());
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically, creating parent folders.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_all_atomic(&[(path, bytes)])
}

/// Temporary files being written, removed if the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler that, on SIGINT, SIGTERM or SIGHUP, removes the
/// temporary files being written and exits as the signal asks (128 + its
/// number). Called once at start, before any file is written. The old outputs are
/// untouched: only a finished file ever replaces one.
#[cfg(unix)]
pub(crate) fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for path in PENDING.lock().map(|p| p.clone()).unwrap_or_default() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
pub(crate) fn clean_up_on_signals() {}

/// The suffix of every temporary output file.
const TEMP_SUFFIX: &str = ".scorecard.tmp";

/// The prefix of the temporary files for `name`, written by process `pid`:
/// `.scorecard.pdf.4242.` — so a later run can tell whose they are.
fn temp_prefix(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.")
}

/// Removes temporary files a killed run left beside `path` (a kill -9 cannot
/// be caught): only ours for this output, and only if their process is gone.
fn remove_stale_temporaries(path: &Path, dir: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let start = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(middle) = file.strip_prefix(&start).and_then(|rest| rest.strip_suffix(TEMP_SUFFIX)) else {
            continue;
        };
        let Some(Ok(pid)) = middle.split('.').next().map(str::parse::<u32>) else { continue };
        if pid != std::process::id() && !process_is_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` is running; where that cannot be told, it is taken to be.
fn process_is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Renders every `--out` target, each on a core of its own, then writes
/// them all or none, so a failure leaves no file half-updated: the paths
/// written, in order, with each file's size in bytes.
pub(crate) fn render_and_write_all<'a>(
    targets: &[(&'a PathBuf, Format)],
    render: impl Fn(&Path, Format) -> anyhow::Result<Vec<u8>> + Sync,
) -> anyhow::Result<Vec<(&'a Path, usize)>> {
    let rendered = crate::core::parallel::map(targets, |(out, format)| render(out, *format))
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    let files: Vec<(&Path, &[u8])> =
        targets.iter().map(|(o, _)| o.as_path()).zip(rendered.iter().map(Vec::as_slice)).collect();
    write_all_atomic(&files)?;
    Ok(files.iter().map(|(path, bytes)| (*path, bytes.len())).collect())
}

/// Writes every file atomically, or none: each is written in full beside its
/// target first, and only when all are written do they replace their targets.
/// A target that is a folder, or cannot be written, stops the run before any
/// file is replaced, and folders this call created are removed again.
pub(crate) fn write_all_atomic(files: &[(&Path, &[u8])]) -> anyhow::Result<()> {
    let mut created: Vec<PathBuf> = Vec::new();
    let staged = stage(files, &mut created);
    let staged = match staged {
        Ok(staged) => staged,
        Err(e) => {
            for dir in created.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
    };
    let mut result = Ok(());
    for (tmp, path) in staged {
        let temp_path = tmp.path().to_path_buf();
        if result.is_ok() {
            result = tmp
                .persist(path)
                .map(|_| ())
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()));
        }
        if let Ok(mut pending) = PENDING.lock() {
            pending.retain(|p| *p != temp_path);
        }
    }
    result
}

/// Writes each file's bytes to a temporary file beside it; `created` collects
/// the folders made on the way.
fn stage<'a>(
    files: &[(&'a Path, &[u8])],
    created: &mut Vec<PathBuf>,
) -> anyhow::Result<Vec<(tempfile::NamedTempFile, &'a Path)>> {
    let mut staged = Vec::new();
    for &(path, bytes) in files {
        if path.is_dir() {
            anyhow::bail!("--out {} is a folder: give a file name", path.display());
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
        missing.reverse();
        created.extend(missing);
        remove_stale_temporaries(path, dir);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
        let prefix = temp_prefix(name, std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        // The temporary file's mode survives the rename, and tempfile's default is
        // 0600: a PDF on a shared drive would be unreadable to everyone else. New
        // outputs get 0666 less the umask, as other programs' do.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut tmp =
            builder.tempfile_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(tmp.path().to_path_buf());
        }
        // A file being replaced keeps its mode.
        if let Ok(meta) = std::fs::metadata(path) {
            tmp.as_file()
                .set_permissions(meta.permissions())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        tmp.write_all(bytes)
            .and_then(|_| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        staged.push((tmp, path));
    }
    Ok(staged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_chosen_by_extension_among_those_allowed() {
        let both = [Format::Svg, Format::Png];
        assert_eq!(Format::of(Path::new("a/c.PNG"), &both, "the chart").unwrap(), Format::Png);
        let err = Format::of(Path::new("c.pdf"), &both, "the chart").unwrap_err().to_string();
        assert_eq!(err, "--out c.pdf: the chart is written as .svg or .png");
        let three = [Format::Pdf, Format::Csv, Format::Xlsx];
        let err = Format::of(Path::new("r"), &three, "the report").unwrap_err().to_string();
        assert_eq!(err, "--out r: the report is written as .pdf, .csv or .xlsx");
    }

    #[test]
    fn writes_replace_whole_files_and_leave_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.pdf");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> =
            std::fs::read_dir(dir.path().join("sub")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec!["out.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        write_atomic(&path, b"first").unwrap();
        // File::create makes 0666 less the umask, whatever the umask is here.
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        assert_eq!(mode(&path), mode(&plain), "a new output has the mode other programs give a new file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(mode(&path), 0o640, "a replaced file keeps its mode");
    }

    #[test]
    fn several_files_are_written_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.pdf");
        std::fs::write(&first, b"old").unwrap();
        let folder = dir.path().join("b.xlsx");
        std::fs::create_dir(&folder).unwrap();
        let err = write_all_atomic(&[(&first, b"new"), (&folder, b"x")]).unwrap_err().to_string();
        assert!(err.contains("is a folder"), "{err}");
        assert_eq!(std::fs::read(&first).unwrap(), b"old", "the first target is not replaced");
        // A folder the failed run created is removed again, and no temporary is left.
        let deep = dir.path().join("new/sub/c.csv");
        assert!(write_all_atomic(&[(&deep, b"c"), (&folder, b"x")]).is_err());
        assert!(!dir.path().join("new").exists());
        let mut names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, ["a.pdf", "b.xlsx"]);
    }

    #[test]
    fn a_killed_runs_temporary_is_cleared_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("scorecard.pdf");
        // Left by a process that is gone (pid 0 is never a user process),
        // and one by a running process (this one's parent is running).
        let dead = dir.path().join(format!("{}abc{TEMP_SUFFIX}", temp_prefix("scorecard.pdf", 999_999_999)));
        let live = dir.path().join(format!("{}abc{TEMP_SUFFIX}", temp_prefix("scorecard.pdf", 1)));
        let other = dir.path().join(format!("{}abc{TEMP_SUFFIX}", temp_prefix("other.pdf", 999_999_999)));
        for f in [&dead, &live, &other] {
            std::fs::write(f, b"partial").unwrap();
        }
        write_atomic(&out, b"pdf").unwrap();
        assert!(!dead.exists(), "a dead run's temporary is removed");
        assert!(live.exists() || !Path::new("/proc").is_dir(), "a running process's is kept");
        assert!(other.exists(), "another output's is not touched");
    }
}
