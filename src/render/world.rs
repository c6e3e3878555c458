//! The one typst world every document is compiled in: embedded fonts and
//! templates (a workspace may override templates), virtual files for the JSON
//! data and the SVG charts, and a fixed date so output is deterministic.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::core::diag::{Diagnostics, Origin};

/// The fonts shipped in `fonts/` (Inter, SIL Open Font License, and its
/// subset "Inter Chart" for chart labels), embedded in the binary.
pub(crate) static FONT_FILES: &[&[u8]] = &[
    include_bytes!("../../fonts/Inter-Regular.otf"),
    include_bytes!("../../fonts/Inter-Bold.otf"),
    include_bytes!("../../fonts/Inter-Italic.otf"),
    include_bytes!("../../fonts/InterChart-Regular.otf"),
];

/// The templates shipped in `templates/`, by file name.
static TEMPLATES: &[(&str, &str)] = &[
    ("common.typ", include_str!("../../templates/common.typ")),
    ("scorecard.typ", include_str!("../../templates/scorecard.typ")),
    ("variance.typ", include_str!("../../templates/variance.typ")),
    ("lib/long-table.typ", include_str!("../../templates/lib/long-table.typ")),
    ("lib/lines.typ", include_str!("../../templates/lib/lines.typ")),
    ("lib/side-column.typ", include_str!("../../templates/lib/side-column.typ")),
    ("lib/summary-table.typ", include_str!("../../templates/lib/summary-table.typ")),
    ("lib/exceptions-table.typ", include_str!("../../templates/lib/exceptions-table.typ")),
    ("pack.typ", include_str!("../../templates/pack.typ")),
    ("front-sheet.typ", include_str!("../../templates/front-sheet.typ")),
    ("text-report.typ", include_str!("../../templates/text-report.typ")),
    ("actions.typ", include_str!("../../templates/actions.typ")),
    ("stamps.typ", include_str!("../../templates/stamps.typ")),
];

/// The Making Data Count icons (NHSRplotthedots, MIT), served at `/icons/<name>`.
pub(crate) static ICONS: &[(&str, &[u8])] = &[
    ("assurance-empty.svg", include_bytes!("../../templates/icons/assurance-empty.svg")),
    ("assurance-fail.svg", include_bytes!("../../templates/icons/assurance-fail.svg")),
    ("assurance-inconsistent.svg", include_bytes!("../../templates/icons/assurance-inconsistent.svg")),
    ("assurance-pass.svg", include_bytes!("../../templates/icons/assurance-pass.svg")),
    ("variation-common_cause.svg", include_bytes!("../../templates/icons/variation-common_cause.svg")),
    ("variation-concern_high.svg", include_bytes!("../../templates/icons/variation-concern_high.svg")),
    ("variation-concern_low.svg", include_bytes!("../../templates/icons/variation-concern_low.svg")),
    (
        "variation-improvement_high.svg",
        include_bytes!("../../templates/icons/variation-improvement_high.svg"),
    ),
    ("variation-improvement_low.svg", include_bytes!("../../templates/icons/variation-improvement_low.svg")),
    ("variation-neutral_high.svg", include_bytes!("../../templates/icons/variation-neutral_high.svg")),
    ("variation-neutral_low.svg", include_bytes!("../../templates/icons/variation-neutral_low.svg")),
];

static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(data.to_vec()))).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// A glyph's advance in font units; a character the font lacks counts as 1 em.
fn advance(face: &ttf_parser::Face, c: char) -> u16 {
    face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(face.units_per_em())
}

/// Inter Regular and Bold (the first two font files) read by ttf-parser,
/// each with its widest digit: for measuring texts and finding characters
/// the font lacks, without a typst layout.
static FACES: LazyLock<Vec<Option<(ttf_parser::Face<'static>, u16)>>> = LazyLock::new(|| {
    FONT_FILES
        .iter()
        .take(2)
        .map(|data| {
            let face = ttf_parser::Face::parse(data, 0).ok()?;
            let digit = ('0'..='9').map(|c| advance(&face, c)).max().unwrap_or(0);
            Some((face, digit))
        })
        .collect()
});

/// The width of `text` set in Inter, in ems, from the glyph advances alone.
/// Kerning is left out, and figures count as the widest digit, as they are
/// with tabular numerals: an estimate good to a few per cent, for choosing
/// which texts a template should measure exactly.
pub(crate) fn estimate_em(text: &str, bold: bool) -> f64 {
    let Some(Some((face, digit))) = FACES.get(usize::from(bold)) else {
        return text.chars().count() as f64;
    };
    let units: f64 =
        text.chars().map(|c| f64::from(if c.is_ascii_digit() { *digit } else { advance(face, c) })).sum();
    units / f64::from(face.units_per_em())
}

/// The first character of `text` the embedded Inter cannot draw (Chinese,
/// emoji, U+FFFF), if any; white space and control characters aside, as the
/// readers drop those. typst would fail on it at `build`, naming no cell:
/// readers ask here, so `check` names it.
pub(crate) fn undrawable(text: &str) -> Option<char> {
    text.chars().find(|&c| !drawable(c))
}

/// Whether the embedded Inter draws `c`; white space and control characters
/// count as drawn.
pub(crate) fn drawable(c: char) -> bool {
    let Some(Some((face, _))) = FACES.first() else { return true };
    // Glyph 0 is .notdef, the empty box (cmap tables map U+FFFF to it).
    c.is_whitespace() || c.is_control() || face.glyph_index(c).is_some_and(|g| g.0 != 0)
}

/// Reports, at `origin`, a character of `text` the PDF's font cannot draw.
pub(crate) fn report_undrawable(text: &str, origin: Option<Origin>, what: &str, diags: &mut Diagnostics) {
    if let Some(c) = undrawable(text) {
        diags.error(
            origin,
            format!(
                "{what}: the PDF's font (Inter) cannot show '{c}' (U+{:04X}); write it in Latin, Greek or Cyrillic script",
                c as u32
            ),
        );
    }
}

/// A typst world holding one document's template, data and charts.
pub(crate) struct DocumentWorld {
    library: LazyHash<Library>,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// The file id of a virtual path such as `/data.json`.
fn file_id(path: &str) -> FileId {
    // Paths here are fixed names made by this crate, always valid.
    let vpath = VirtualPath::new(path).expect("virtual paths made by scorecard are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl DocumentWorld {
    /// A world whose main file is the template `main` (e.g. `scorecard.typ`),
    /// taken from `override_dir` if that folder has it, else the embedded one.
    /// `today` is the date documents print as "produced".
    pub(crate) fn new(
        main: &str,
        override_dir: Option<&Path>,
        today: (i32, u8, u8),
    ) -> anyhow::Result<DocumentWorld> {
        let mut sources = HashMap::new();
        for (name, text) in TEMPLATES {
            let custom = override_dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let text = match custom {
                Some(path) => std::fs::read_to_string(&path)
                    .map_err(|e| anyhow::anyhow!("{}: cannot read template: {e}", path.display()))?,
                None => text.to_string(),
            };
            let id = file_id(&format!("/{name}"));
            sources.insert(id, Source::new(id, text));
        }
        let today = Datetime::from_ymd(today.0, today.1, today.2)
            .ok_or_else(|| anyhow::anyhow!("invalid date {}-{}-{}", today.0, today.1, today.2))?;
        let mut files: HashMap<FileId, Bytes> = ICONS
            .iter()
            .map(|(name, bytes)| (file_id(&format!("/icons/{name}")), Bytes::new(bytes.to_vec())))
            .collect();
        files.insert(file_id("/palette.json"), Bytes::new(super::palette::palette_json()));
        files.insert(file_id("/geometry.json"), Bytes::new(super::measure::geometry_json()));
        Ok(DocumentWorld {
            library: LazyHash::new(
                Library::builder().with_features([typst::Feature::A11yExtras].into_iter().collect()).build(),
            ),
            main: file_id(&format!("/{main}")),
            sources,
            files,
            today,
        })
    }

    /// A world whose main file is `text`, a typst document written by a user
    /// (a clerk's report), which may import the embedded templates. It reads
    /// nothing from disk.
    pub(crate) fn for_source(text: String, today: (i32, u8, u8)) -> anyhow::Result<DocumentWorld> {
        let mut world = DocumentWorld::new("common.typ", None, today)?;
        let id = file_id("/report.typ");
        world.sources.insert(id, Source::new(id, text));
        world.main = id;
        Ok(world)
    }

    /// Adds a virtual file (JSON data, an SVG chart) at `path`, e.g. `/charts/NI062.svg`.
    pub(crate) fn add_file(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(file_id(path), Bytes::new(bytes));
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

#[cfg(test)]
mod tests {
    use super::ICONS;

    /// The icons are drawn again at every use, and on web pages are images
    /// that cannot reach the page's fonts: letters as outlines, and none of
    /// the originals' clip paths and filters.
    #[test]
    fn icons_carry_no_text_clip_paths_or_filters() {
        assert_eq!(ICONS.len(), 11);
        for (name, bytes) in ICONS {
            let svg = std::str::from_utf8(bytes).expect("an icon is UTF-8");
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{name}");
            for left_out in ["<text", "clip-path", "<clipPath", "<filter"] {
                assert!(!svg.contains(left_out), "{name} has {left_out}");
            }
        }
    }
}
