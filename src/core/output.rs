//! Writing output files atomically: a temporary file beside the target, then a
//! rename, so a failed run never leaves half a PDF where the last good one was.

use std::io::Write;
use std::path::{Path, PathBuf};

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
}

impl Format {
    /// Every format, for lookup by extension.
    const ALL: [Format; 5] = [Format::Pdf, Format::Csv, Format::Xlsx, Format::Svg, Format::Png];

    /// The file extension, without the dot.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Svg => "svg",
            Format::Png => "png",
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scorecard-").suffix(".tmp");
    // The temporary file's mode survives the rename, and tempfile's default is
    // 0600: a PDF on a shared drive would be unreadable to everyone else. New
    // outputs get 0666 less the umask, as other programs' do.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    // A file being replaced keeps its mode.
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
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
}
