//! Helpers for the end-to-end tests: run the binary, make workspaces, read PDFs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything the run printed.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs `scorecard` with `args` in `dir`, with a fixed production date.
pub fn scorecard_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1764028800") // 2025-11-25
        .output()
        .expect("the scorecard binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A workspace made of the given files (path → contents) and a standard toml.
pub fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let has_toml = files.iter().any(|(p, _)| *p == "scorecard.toml");
    if !has_toml {
        std::fs::write(
            dir.path().join("scorecard.toml"),
            "[scorecard]\ntitle = \"T\"\norganisation = \"O\"\nhome = \"H\"\n\n[data]\nindicators = \"indicators.csv\"\nobservations = \"observations.csv\"\n",
        )
        .unwrap();
    }
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// A minimal valid indicators file.
pub const INDICATORS: &str = "id,name,unit,polarity,target,amber_threshold,decimals\nA,Alpha (%),percent,higher_is_better,80,70,1\nB,Beta,count,neutral,,,0\n";

/// The text of each page of a PDF, extracted in Rust (pdf-extract decodes
/// typst's Identity-H fonts through their ToUnicode maps).
pub fn pdf_pages(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("the PDF exists");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("text can be extracted");
    // Periods are printed with no-break spaces ("Jan 2014"); compare as plain text.
    pages.into_iter().map(|p| p.replace('\u{a0}', " ")).collect()
}

/// The PDF's document information entry `key` (e.g. Title), decoded.
pub fn pdf_info(path: &Path, key: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load(path).ok()?;
    let info = doc.trailer.get(b"Info").ok()?;
    let info = doc.dereference(info).ok()?.1.as_dict().ok()?;
    let value = info.get(key).ok()?;
    let bytes = value.as_str().ok()?;
    Some(lopdf::decode_text_string(value).unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()))
}

/// The catalog's /Lang.
pub fn pdf_lang(path: &Path) -> Option<String> {
    let doc = lopdf::Document::load(path).ok()?;
    let catalog = doc.catalog().ok()?;
    let lang = catalog.get(b"Lang").ok()?;
    Some(String::from_utf8_lossy(lang.as_str().ok()?).into_owned())
}

/// Whether the PDF declares itself tagged (/MarkInfo /Marked true) with a structure tree.
pub fn pdf_is_tagged(path: &Path) -> bool {
    let Ok(doc) = lopdf::Document::load(path) else { return false };
    let Ok(catalog) = doc.catalog() else { return false };
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, m)| {
            m.as_dict().ok().and_then(|d| d.get(b"Marked").ok()).and_then(|b| b.as_bool().ok())
        })
        .unwrap_or(false);
    marked && catalog.get(b"StructTreeRoot").is_ok()
}
