//! What the long-table template (`templates/lib/long-table.typ`) needs from
//! the data to lay out a long table once rather than measure every cell:
//! each cell's width estimate, the few texts of a column that may be its
//! widest, and, where a table's column widths are fixed here, how many lines
//! each cell takes. It also holds the page geometry every template sets.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::world::{drawable, estimate_em, FONT_FILES};

/// The page and table geometry every template sets, in points: A4 landscape,
/// Inter at `body_size`. The templates read it as `/geometry.json`, so the
/// tables whose columns are worked out here agree with typst to the point.
#[derive(Serialize)]
pub(crate) struct Geometry {
    /// The left and right page margins.
    pub(crate) margin_x: f64,
    /// The top page margin.
    pub(crate) margin_top: f64,
    /// The bottom page margin, above the footer.
    pub(crate) margin_bottom: f64,
    /// The size of body and table text.
    pub(crate) body_size: f64,
    /// The size of table headings.
    pub(crate) header_size: f64,
    /// A table cell's inset left and right.
    pub(crate) inset_x: f64,
    /// A table cell's inset above and below.
    pub(crate) inset_y: f64,
    /// The side column of a scorecard's indicator pages.
    pub(crate) side: SideColumn,
    /// The scorecard's summary table.
    pub(crate) summary: SummaryCells,
    /// The size of a level-one heading, as an indicator page's title.
    pub(crate) title_size: f64,
}

/// The sizes of the scorecard summary's cells that are not body text.
#[derive(Serialize)]
pub(crate) struct SummaryCells {
    /// The size of the periods and fractions under the values.
    pub(crate) small_size: f64,
    /// The sparkline's width.
    pub(crate) spark_width: f64,
    /// Each Making Data Count icon's width.
    pub(crate) icon_width: f64,
}

/// The side column of a scorecard's indicator page, beside its charts: the
/// headline box and the commentary.
#[derive(Serialize)]
pub(crate) struct SideColumn {
    /// Its width.
    pub(crate) width: f64,
    /// The gap between it and the charts.
    pub(crate) gap: f64,
    /// The headline box's inset.
    pub(crate) inset: f64,
    /// The headline table's cell inset left and right.
    pub(crate) cell_x: f64,
    /// The headline table's cell inset above and below.
    pub(crate) cell_y: f64,
}

/// Points in a centimetre.
const CM: f64 = 72.0 / 2.54;

/// The geometry of every document.
pub(crate) const GEOMETRY: Geometry = Geometry {
    margin_x: 1.6 * CM,
    margin_top: 1.5 * CM,
    margin_bottom: 1.6 * CM,
    body_size: 9.5,
    header_size: 8.5,
    inset_x: 5.0,
    inset_y: 4.0,
    side: SideColumn { width: 6.6 * CM, gap: 14.0, inset: 9.0, cell_x: 2.0, cell_y: 3.0 },
    summary: SummaryCells { small_size: 7.5, spark_width: 2.4 * CM, icon_width: 0.6 * CM },
    title_size: 17.0,
};

/// The width tables can fill: A4 landscape (297 mm) less the side margins.
pub(crate) const TEXT_WIDTH: f64 = 29.7 * CM - 2.0 * GEOMETRY.margin_x;

/// The geometry as the JSON the typst templates read.
pub(crate) fn geometry_json() -> Vec<u8> {
    // A struct of numbers always serialises.
    serde_json::to_vec(&GEOMETRY).unwrap_or_default()
}

/// Characters that break a line of text in typst.
pub(crate) const LINE_BREAKS: [char; 4] = ['\n', '\r', '\u{2028}', '\u{2029}'];
/// At most this many texts per column are measured by the template.
const SHORTLIST: usize = 32;

/// The widest texts of a list, measured by the template, and a bound on the rest.
#[derive(Serialize)]
pub(crate) struct Widest {
    texts: Vec<String>,
    rest: f64,
}

/// The width of a cell's text in ems as `estimate_em` gives it, or a width no
/// column has when the text holds a line break, so the template measures it.
pub(crate) fn text_em(text: &str, bold: bool) -> f64 {
    if text.contains(LINE_BREAKS) {
        1e9
    } else {
        estimate_em(text, bold)
    }
}

/// The texts that may be the widest as set, for the template to measure
/// exactly: the widest by `estimate_em`, at most `SHORTLIST`, down to nine
/// tenths of the widest estimate. `rest` is the largest estimate among the
/// others, in ems: the template takes it as a bound on their width, since
/// kerning, the one thing the estimate leaves out, narrows text rather than
/// widening it ("TATA" sets much narrower than its advances add up to).
pub(crate) fn widest_texts<S: AsRef<str>>(texts: impl Iterator<Item = S>, bold: bool) -> Widest {
    let texts: Vec<S> = texts.collect();
    let mut sized: Vec<(f64, &str)> =
        texts.iter().map(|t| (estimate_em(t.as_ref(), bold), t.as_ref())).collect();
    sized.sort_by(|a, b| b.0.total_cmp(&a.0));
    let max = sized.first().map_or(0.0, |s| s.0);
    let shortlisted = sized.iter().take_while(|s| s.0 >= 0.9 * max).take(SHORTLIST).count();
    Widest {
        texts: sized[..shortlisted].iter().map(|s| s.1.to_string()).collect(),
        rest: sized.get(shortlisted).map_or(0.0, |s| s.0),
    }
}

/// Inter Regular or Bold for rustybuzz, with its shape plans for the
/// scripts body text is in, built once: a plan takes longer to make than a
/// cell's text takes to shape.
struct Shaper {
    face: rustybuzz::Face<'static>,
    plans: Vec<(rustybuzz::Script, rustybuzz::ShapePlan)>,
}

/// The language typst shapes body text in (`lang: "en", region: "GB"`).
fn language() -> Option<rustybuzz::Language> {
    "en-GB".parse().ok()
}

/// The scripts body text is shaped in: "common" (figures and punctuation)
/// first, then Latin, Greek and Cyrillic.
const SCRIPTS: [rustybuzz::Script; 4] = [
    rustybuzz::script::COMMON,
    rustybuzz::script::LATIN,
    rustybuzz::script::GREEK,
    rustybuzz::script::CYRILLIC,
];

/// Inter Regular and Bold, to shape texts as typst does.
static SHAPERS: LazyLock<Vec<Option<Shaper>>> = LazyLock::new(|| {
    FONT_FILES
        .iter()
        .take(2)
        .map(|data| {
            let face = rustybuzz::Face::from_slice(data, 0)?;
            let plans = SCRIPTS
                .into_iter()
                .map(|s| {
                    let plan = rustybuzz::ShapePlan::new(
                        &face,
                        rustybuzz::Direction::LeftToRight,
                        Some(s),
                        language().as_ref(),
                        &*FEATURES,
                    );
                    (s, plan)
                })
                .collect();
            Some(Shaper { face, plans })
        })
        .collect()
});

/// The features typst shapes body text with besides the shaper's defaults,
/// as `common.typ` sets them: tabular figures (`number-width: "tabular"`),
/// and no glyph composition, local forms or contextual alternates.
static FEATURES: LazyLock<[rustybuzz::Feature; 4]> = LazyLock::new(|| {
    let feature = |tag: &[u8; 4], value| {
        rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(tag), value, ..)
    };
    [feature(b"tnum", 1), feature(b"ccmp", 0), feature(b"locl", 0), feature(b"calt", 0)]
});

/// How far a width worked out here may be from typst's, as a share: the two
/// shape alike, but typst reshapes where it breaks a line.
pub(crate) const SLACK: f64 = 0.005;

/// A text shaped in Inter as typst shapes it: to measure it, and to count
/// the lines it takes in a column.
pub(crate) struct Shaped {
    chars: Vec<char>,
    /// The advance, in points, of everything before each character, and
    /// last of the whole text.
    at: Vec<f64>,
}

impl Shaped {
    /// `text` shaped in Inter Regular or Bold at `size` points; with no
    /// width where the font cannot be read.
    pub(crate) fn new(text: &str, bold: bool, size: f64) -> Shaped {
        let chars: Vec<char> = text.chars().collect();
        let at = cumulative(&em_advances(text, bold, None), size);
        Shaped { chars, at }
    }

    /// [`Shaped::new`], shaping each word of `text` once in `words`: Inter
    /// kerns nothing against the space and substitutes nothing across it, so
    /// a text's advances are its words' and its spaces', and a plan's
    /// thousand actions share most of their words. Text in scripts the line
    /// counter cannot follow is shaped whole.
    pub(crate) fn by_words(text: &str, bold: bool, size: f64, words: &mut Words) -> Shaped {
        let chars: Vec<char> = text.chars().collect();
        if !chars.iter().all(|&c| followable(c)) {
            return Shaped::new(text, bold, size);
        }
        // Each word is shaped in the script typst gives it: its first
        // letter's; figures and punctuation take the letters' before them
        // (or, leading the text, after them).
        let script_of = |word: &str| {
            word.chars().find(|c| c.is_alphabetic()).map(|c| match u32::from(c) {
                0x370..=0x3ff => 2,
                0x400..=0x52f => 3,
                _ => 1,
            })
        };
        let mut script = script_of(text).unwrap_or(0);
        let mut ems = Vec::with_capacity(chars.len());
        for (i, piece) in text.split(' ').enumerate() {
            if i > 0 {
                ems.push(words.space(bold));
            }
            if !piece.is_empty() {
                script = script_of(piece).unwrap_or(script);
                ems.extend_from_slice(words.word(piece, bold, script));
            }
        }
        Shaped { chars, at: cumulative(&ems, size) }
    }

    /// Its width set on one line, in points, as typst sets it (within `SLACK`).
    pub(crate) fn width(&self) -> f64 {
        self.at.last().copied().unwrap_or(0.0)
    }

    /// The lines it takes in a column whose text is `width` points wide, as
    /// typst's first-fit line breaker makes them; or `None` where that cannot
    /// be vouched for (a line break; text it cannot follow, unless it fits
    /// on one line; a word wider than the column; or a line within `SLACK`
    /// of the width), and the template should measure it.
    ///
    /// Two first-fit passes bound typst's count: one breaking only after
    /// spaces typst surely breaks at, with widths `SLACK` wider; one breaking
    /// at every place typst might, with widths `SLACK` narrower and
    /// punctuation hanging into the margin free. More places to break and
    /// narrower text never make more lines, so typst's count lies between
    /// the two: when they agree, it is that.
    pub(crate) fn lines(&self, width: f64) -> Option<usize> {
        let chars = &self.chars;
        if chars.is_empty() {
            return Some(1);
        }
        if chars.iter().any(|c| LINE_BREAKS.contains(c)) {
            return None;
        }
        // Narrower than the column, it is one line whatever typst's rules
        // for breaking it, if the font has every glyph it was measured with.
        if self.width() <= width / (1.0 + SLACK) && chars.iter().all(|&c| drawable(c)) {
            return Some(1);
        }
        if !chars.iter().all(|&c| followable(c)) {
            return None;
        }
        // typst breaks links at places of its own.
        let has = |pattern: &[char]| chars.windows(pattern.len()).any(|w| w == pattern);
        if has(&[':', '/', '/']) || has(&['w', 'w', 'w', '.']) {
            return None;
        }
        // Where a line may end: before the character at that index.
        let sure: Vec<usize> =
            (1..chars.len()).filter(|&i| surely_breaks(chars, i)).chain([chars.len()]).collect();
        let maybe: Vec<usize> = (1..chars.len())
            .filter(|&i| !(word_char(chars[i - 1]) && word_char(chars[i])))
            .chain([chars.len()])
            .collect();
        let most = first_fit(chars, &self.at, &sure, width / (1.0 + SLACK), false)?;
        let least = first_fit(chars, &self.at, &maybe, width / (1.0 - SLACK), true)?;
        (most == least).then_some(most)
    }
}

/// Each character's advance in ems, `text` shaped in Inter Regular or Bold
/// as typst shapes it (a glyph's advance counts at the start of its
/// cluster), in `script` (an index into `SCRIPTS`) or the one rustybuzz
/// guesses; all 0 where the font cannot be read.
fn em_advances(text: &str, bold: bool, script: Option<usize>) -> Vec<f64> {
    let mut out = vec![0.0; text.chars().count()];
    let Some(Some(shaper)) = SHAPERS.get(usize::from(bold)) else { return out };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    if let Some(lang) = language() {
        buffer.set_language(lang);
    }
    if let Some(&script) = script.and_then(|s| SCRIPTS.get(s)) {
        buffer.set_script(script);
    }
    buffer.guess_segment_properties();
    let script = buffer.script();
    let shaped = match shaper.plans.iter().find(|(s, _)| *s == script) {
        Some((_, plan)) => rustybuzz::shape_with_plan(&shaper.face, plan, buffer),
        None => rustybuzz::shape(&shaper.face, &*FEATURES, buffer),
    };
    let mut by_byte = vec![0.0; text.len() + 1];
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        if let Some(slot) = by_byte.get_mut(info.cluster as usize) {
            *slot += f64::from(pos.x_advance);
        }
    }
    let em = f64::from(shaper.face.units_per_em());
    for (slot, (i, _)) in out.iter_mut().zip(text.char_indices()) {
        *slot = by_byte[i] / em;
    }
    out
}

/// The advance before each character and, last, the whole width, in points
/// at `size`, from each character's advance in ems.
fn cumulative(ems: &[f64], size: f64) -> Vec<f64> {
    let mut at = Vec::with_capacity(ems.len() + 1);
    let mut sum = 0.0;
    for em in ems {
        at.push(sum * size);
        sum += em;
    }
    at.push(sum * size);
    at
}

/// Words shaped so far, each character's advance in ems, by weight and
/// script (a map for each) and text: for [`Shaped::by_words`].
#[derive(Default)]
pub(crate) struct Words {
    shaped: [FxHashMap<Box<str>, Vec<f64>>; 2 * SCRIPTS.len()],
    spaces: [Option<f64>; 2],
}

impl Words {
    /// A word's advances, shaped the first time it is asked for.
    fn word(&mut self, word: &str, bold: bool, script: usize) -> &[f64] {
        let Some(shaped) = self.shaped.get_mut(usize::from(bold) * SCRIPTS.len() + script) else {
            return &[];
        };
        if !shaped.contains_key(word) {
            shaped.insert(word.into(), em_advances(word, bold, Some(script)));
        }
        shaped.get(word).map_or(&[], Vec::as_slice)
    }

    /// How many words it holds.
    pub(crate) fn count(&self) -> usize {
        self.shaped.iter().map(FxHashMap::len).sum()
    }

    /// The space's advance.
    fn space(&mut self, bold: bool) -> f64 {
        *self.spaces[usize::from(bold)].get_or_insert_with(|| em_advances(" ", bold, None)[0])
    }
}

/// Whether typst's line breaker can be followed here: Latin, Greek and
/// Cyrillic letters and figures, spaces and common punctuation.
fn followable(c: char) -> bool {
    c == ' '
        || (c.is_alphanumeric() && u32::from(c) < 0x0530)
        || c.is_ascii_punctuation()
        || matches!(c, '£' | '€' | '–' | '—' | '‘' | '’' | '“' | '”' | '·' | '…' | '\u{a0}')
}

/// Whether a letter or figure, between two of which typst never breaks.
fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether typst surely may break before `chars[i]` (Unicode line breaking,
/// UAX #14): after spaces, where the spaces follow a letter, figure or
/// closing punctuation and a letter, figure, "(", "£" or "&" follows them.
fn surely_breaks(chars: &[char], i: usize) -> bool {
    if chars[i - 1] != ' ' || !(word_char(chars[i]) || matches!(chars[i], '(' | '£' | '&')) {
        return false;
    }
    chars[..i]
        .iter()
        .rev()
        .find(|&&c| c != ' ')
        .is_some_and(|&c| word_char(c) || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '%'))
}

/// The lines typst's first-fit breaker makes of `chars` (with `at`, the
/// advances before each, as in `Shaped`) breaking only at `candidates`, in a column
/// `width` wide, spaces at a line's end not counting; with `hang`,
/// punctuation at either end of a line counts nothing either. `None` when a
/// line would be wider than the column.
fn first_fit(chars: &[char], at: &[f64], candidates: &[usize], width: f64, hang: bool) -> Option<usize> {
    let advance = |i: usize| at[i + 1] - at[i];
    let fits = |start: usize, end: usize| {
        let mut end = end;
        while end > start && chars[end - 1] == ' ' {
            end -= 1;
        }
        let mut w = at[end] - at[start];
        if hang && end > start {
            if !word_char(chars[start]) {
                w -= advance(start);
            }
            if end - 1 > start && !word_char(chars[end - 1]) {
                w -= advance(end - 1);
            }
        }
        w <= width
    };
    let (mut lines, mut start, mut last) = (0, 0, None);
    for &end in candidates {
        let mut fit = fits(start, end);
        if !fit {
            if let Some(l) = last.take() {
                lines += 1;
                start = l;
                fit = fits(start, end);
            }
        }
        if !fit {
            return None;
        }
        last = Some(end);
    }
    Some(lines + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_texts_are_chosen_by_their_glyphs_not_their_length() {
        assert!(estimate_em("WWWW", false) > estimate_em("iiiiiiii", false));
        assert!(estimate_em("Budget", true) > estimate_em("Budget", false));
        assert_eq!(estimate_em("1111", false), estimate_em("8888", false), "tabular figures");
        let texts = ["iiiiiiiiiii", "WWWWWW", "Mmmmmm", "a"];
        let w = widest_texts(texts.iter(), false);
        assert_eq!(w.texts, vec!["WWWWWW", "Mmmmmm"]);
        assert_eq!(w.rest, estimate_em("iiiiiiiiiii", false), "the rest are bounded by the next estimate");
        let many: Vec<String> = (0..100).map(|i| format!("Budget line {i:03}")).collect();
        let w = widest_texts(many.iter(), false);
        assert_eq!(w.texts.len(), SHORTLIST);
        assert!(w.rest > 0.0);
        let none = widest_texts(std::iter::empty::<&str>(), true);
        assert!(none.texts.is_empty() && none.rest == 0.0);
    }

    /// Compiles a document that asserts, in typst, what `checks` says of each
    /// text: its width set on one line, or its lines in a column.
    fn typst_agrees(checks: &str) -> Result<(), String> {
        let source = format!(
            "#import \"common.typ\": *\n#show: setup.with(title: \"t\")\n\
             #let pitch() = measure(text(\"0\\n0\")).height - measure(text(\"0\")).height\n\
             #let width-is(s, bold, size, w) = context {{\n\
               let m = measure(text(weight: if bold {{ \"bold\" }} else {{ \"regular\" }}, size: size * 1pt, s)).width.pt()\n\
               assert(calc.abs(m - w) <= w * 0.001 + 0.01, message: s + \": typst \" + str(m) + \", Rust \" + str(w))\n\
             }}\n\
             #let lines-are(s, bold, width, n) = context {{\n\
               let b = block(width: width * 1pt, text(weight: if bold {{ \"bold\" }} else {{ \"regular\" }}, s))\n\
               let got = calc.round((measure(b).height - measure(text(\"0\")).height) / pitch()) + 1\n\
               assert(got == n, message: s + \": typst \" + str(got) + \" lines, Rust \" + str(n))\n\
             }}\n{checks}"
        );
        crate::render::pdf::compiles(source)
    }

    /// A typst string literal of `s`.
    fn literal(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    #[test]
    fn widths_and_lines_agree_with_typst() {
        let texts = [
            "Recommendation 16",
            "Action 1.1.16: develop and deliver the improvement",
            "Head of Service 16",
            "AVAVA Tyre WAVE “quoted”, well-being (2018/19) £1,234.5 – 17% Ælfgifu",
            "Ensure that all children in need and child protection plans are specific, outcome-focused and regularly reviewed, with contingency plans in place",
            "The council should improve the quality of supervision so that it is reflective and challenges practice",
            "0123456789 1111 8888",
            "Καλημέρα κόσμε, όλοι οι φορείς συνεργάζονται",
            "Привет мир, все службы работают вместе",
            "Bore da: Gwasanaethau Plant, Cyngor Sir Ynys Môn, Привет",
        ];
        let mut checks = String::new();
        let mut vouched = 0;
        let mut words = Words::default();
        for text in texts {
            for bold in [false, true] {
                for size in [8.0, 8.5, 9.5] {
                    let w = Shaped::new(text, bold, size).width();
                    checks += &format!("#width-is({}, {bold}, {size}, {w})\n", literal(text));
                    let by_words = Shaped::by_words(text, bold, size, &mut words);
                    assert_eq!(by_words.at, Shaped::new(text, bold, size).at, "{text} shaped by words");
                }
                for width in [60.0, 95.5, 120.0, 200.0, 333.3] {
                    if let Some(n) = Shaped::new(text, bold, GEOMETRY.body_size).lines(width) {
                        vouched += 1;
                        checks += &format!("#lines-are({}, {bold}, {width}, {n})\n", literal(text));
                    }
                }
            }
        }
        eprintln!("{vouched} of 100 counts vouched for");
        assert!(vouched > 60, "most counts are vouched for: {vouched} of 100");
        typst_agrees(&checks).unwrap();
        // The check itself fails on a wrong count.
        let wrong =
            typst_agrees("#lines-are(\"one two\", false, 300, 2)\n#width-is(\"one\", false, 9.5, 30)");
        assert!(wrong.as_ref().is_err_and(|e| e.contains("typst 1 lines, Rust 2")), "{wrong:?}");
    }

    #[test]
    fn what_cannot_be_followed_is_left_to_typst() {
        let lines = |text: &str, width| Shaped::new(text, false, 9.5).lines(width);
        assert_eq!(lines("", 100.0), Some(1));
        assert_eq!(lines("two\nlines", 100.0), None, "a line break");
        assert_eq!(lines("see www.norfolk.gov.uk for more", 100.0), None, "a link");
        assert_eq!(lines("漢字", 100.0), None, "a script typst breaks otherwise");
        assert_eq!(lines("Supercalifragilisticexpialidocious", 40.0), None, "a word wider than the column");
        assert_eq!(lines("one two", 300.0), Some(1));
        assert_eq!(lines("↑ Improving", 100.0), Some(1), "short, in characters Inter has");
        assert_eq!(lines("↑ Improving", 30.0), None, "but not where it must break");
    }

    #[test]
    fn a_text_with_a_line_break_is_wider_than_any_column() {
        assert!(text_em("two\nlines", false) > 1e6);
        assert_eq!(text_em("one line", true), estimate_em("one line", true));
    }
}
