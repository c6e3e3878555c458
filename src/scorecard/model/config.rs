//! `scorecard.toml`: the workspace contract, with paths resolved against the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::core::diag::{Diagnostic, Diagnostics, Origin};
use crate::core::keys::report_unknown_keys;

/// The keys of `scorecard.toml`, by table.
const SCHEMA: &[(&str, &[&str])] = &[
    ("", &["scorecard", "data"]),
    ("scorecard", &["title", "organisation", "home", "period"]),
    ("data", &["indicators", "observations", "areas", "neighbours", "budget"]),
];

/// The `[scorecard]` table.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ScorecardSection {
    /// The document title.
    pub(crate) title: Option<String>,
    /// The council.
    pub(crate) organisation: Option<String>,
    /// The area code the scorecard is about.
    pub(crate) home: Option<String>,
    /// The report period; default is the latest in the data.
    pub(crate) period: Option<String>,
}

/// One file or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Files {
    /// A single file.
    One(String),
    /// Several files read one after another.
    Many(Vec<String>),
}

impl Files {
    /// The file names, in reading order.
    pub(crate) fn list(&self) -> Vec<String> {
        match self {
            Files::One(f) => vec![f.clone()],
            Files::Many(fs) => fs.clone(),
        }
    }
}

/// The `[data]` table.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct DataSection {
    /// Indicators file.
    pub(crate) indicators: String,
    /// Observations file or files.
    pub(crate) observations: Files,
    /// Areas file.
    pub(crate) areas: Option<String>,
    /// Neighbours file (area, neighbour, rank).
    pub(crate) neighbours: Option<String>,
    /// Budget workbook for the finance summary page.
    pub(crate) budget: Option<String>,
}

/// The whole `scorecard.toml`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Config {
    /// `[scorecard]`.
    #[serde(default)]
    pub(crate) scorecard: ScorecardSection,
    /// `[data]`.
    pub(crate) data: DataSection,
}

/// A workspace folder and its parsed configuration.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    /// The folder holding `scorecard.toml`; paths in it are relative to this.
    pub(crate) root: PathBuf,
    /// The parsed configuration.
    pub(crate) config: Config,
}

impl Workspace {
    /// Opens a workspace given its folder or its `scorecard.toml`. Keys the
    /// contract does not have are reported in `diags` (an error each, with
    /// the key probably meant) and then ignored.
    pub(crate) fn open(path: &Path, diags: &mut Diagnostics) -> Result<Workspace, Diagnostic> {
        let toml_path = if path.is_dir() { path.join("scorecard.toml") } else { path.to_path_buf() };
        let shown = toml_path.display().to_string();
        let text = std::fs::read_to_string(&toml_path).map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "not found: a workspace is a folder with scorecard.toml (create one with `scorecard init DIR`)".to_string()
            } else {
                format!("cannot read: {e}")
            };
            Diagnostic::error(Some(Origin::file(&shown)), why)
        })?;
        report_unknown_keys(&text, &Origin::file(&shown), SCHEMA, diags);
        let config: Config = toml::from_str(&text).map_err(|e| {
            // serde's wording ("untagged enum Files") means nothing to a performance officer.
            let message = if e.message().contains("enum Files") {
                "observations must be a file name or a list of file names".to_string()
            } else {
                e.message().to_string()
            };
            let origin = match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() as u32;
                    Origin::file(&shown).at(line, 0)
                }
                None => Origin::file(&shown),
            };
            Diagnostic::error(Some(origin), message)
        })?;
        let root = toml_path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Workspace { root, config })
    }

    /// A path from the toml, resolved against the workspace folder.
    pub(crate) fn resolve(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// How a workspace file is named in messages: the path from where the
    /// command was run, so it can be opened as printed.
    pub(crate) fn display(&self, relative: &str) -> String {
        self.resolve(relative).display().to_string()
    }
}
