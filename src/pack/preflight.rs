//! The clerk's last look before a pack goes out: template text that nobody
//! filled in ("ADD REPORT AUTHOR'S NAME", "paragraph xxx", "appendix cc",
//! "[insert date]", "TBC" — every one of them is in a published Norfolk
//! pack), in the manifest, the reports written for the pack and the text of
//! included PDFs; and manifest keys that are probably typos.

use std::sync::LazyLock;

use lopdf::Document;
use regex::Regex;

use crate::core::diag::{Diagnostics, Origin};

/// A stretch of template text left unfilled.
#[derive(Debug, PartialEq)]
pub(crate) struct Unfilled {
    /// The text as found.
    pub(crate) text: String,
    /// Whether it stops the pack: "TBC" may be a fair answer in a table, so
    /// it is a warning; the others never are.
    pub(crate) blocking: bool,
}

/// An instruction to the author in capitals: "ADD REPORT AUTHOR'S NAME".
static INSTRUCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:ADD|INSERT|ENTER)(?:\s+[A-Z][A-Z'’]*){2,6}\b").expect("valid pattern")
});
/// A cross-reference waiting for its number: "paragraph xxx", "appendix cc".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:paragraph|para|section|appendix|annex|page|table|figure|item)s?\s+([a-z]{2,4}|\?+)(?:\W|$)")
        .expect("valid pattern")
});
/// A bracketed prompt: "[insert date]", "[Name]".
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[\s*(?:insert|add|enter|tbc|tbd|to be confirmed|name|date|xx+)\b[^\]\n]{0,80}\]")
        .expect("valid pattern")
});
/// "TBC" and "TBD".
static TO_CONFIRM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:tbc|tbd)\b").expect("valid pattern"));

/// The unfilled template text in `text`, in the order found.
pub(crate) fn unfilled(text: &str) -> Vec<Unfilled> {
    let mut found: Vec<(usize, Unfilled)> = Vec::new();
    let mut add = |at: usize, text: &str, blocking: bool| {
        found.push((
            at,
            Unfilled {
                text: text
                    .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ']' && c != '?')
                    .to_string(),
                blocking,
            },
        ));
    };
    for m in INSTRUCTION.find_iter(text) {
        add(m.start(), m.as_str(), true);
    }
    for c in REFERENCE.captures_iter(text) {
        let (whole, token) = (c.get(0).expect("a match"), &c[1]);
        // Only a placeholder: one letter repeated ("xxx", "cc") or "??"; not
        // roman numerals ("Appendix II", "Part III") or real words.
        let mut letters = token.chars().map(|c| c.to_ascii_lowercase());
        let first = letters.next().unwrap_or('i');
        let placeholder = token.starts_with('?') || (first != 'i' && letters.all(|c| c == first));
        if placeholder {
            add(whole.start(), whole.as_str(), true);
        }
    }
    let prompts: Vec<(usize, usize)> = PROMPT.find_iter(text).map(|m| (m.start(), m.end())).collect();
    for &(start, end) in &prompts {
        add(start, &text[start..end], true);
    }
    for m in TO_CONFIRM.find_iter(text) {
        if !prompts.iter().any(|&(s, e)| m.start() >= s && m.end() <= e) {
            add(m.start(), m.as_str(), false);
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, u)| u).collect()
}

/// Reports the unfilled template text in `text` at `origin`; `at` names the
/// item, field or page. Blocking text is an error, "TBC" a warning.
pub(crate) fn report_unfilled(text: &str, origin: Option<Origin>, at: &str, diags: &mut Diagnostics) {
    for u in unfilled(text) {
        let message = format!("{at}: unfilled template text \"{}\"", u.text);
        if u.blocking {
            diags.error(origin.clone(), message);
        } else {
            diags.warning(origin.clone(), format!("{message}: confirm it before the pack goes out"));
        }
    }
}

/// The text of each page of a PDF, as far as it can be extracted; a page
/// whose text cannot be read is empty. Pages are read on every core.
pub(crate) fn page_texts(doc: &Document) -> Vec<String> {
    let pages: Vec<(u32, lopdf::ObjectId)> = doc.get_pages().into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(pages.len().max(1));
    let chunk = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pages
            .chunks(chunk)
            .map(|pages| {
                scope.spawn(move || pages.iter().map(|&(n, id)| page_text(doc, n, id)).collect::<Vec<_>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    })
}

/// The text of page `n` (object `id`), its white space collapsed.
fn page_text(doc: &Document, n: u32, id: lopdf::ObjectId) -> String {
    // lopdf's content reader can panic on a malformed inline image.
    if doc.get_page_content(id).is_ok_and(|c| has_inline_image(&c)) {
        return String::new();
    }
    let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.extract_text(&[n])));
    let text = text.ok().and_then(Result::ok).unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a content stream has a `BI` operator (an inline image), or
/// bytes that look like one.
fn has_inline_image(content: &[u8]) -> bool {
    content.starts_with(b"BI")
        || content
            .windows(4)
            .any(|w| w[0].is_ascii_whitespace() && &w[1..3] == b"BI" && w[3].is_ascii_whitespace())
}

/// The known key nearest to `key`, if it is near enough to be a typo.
pub(crate) fn probably_meant<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&key, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The fewest one-character edits from `a` to `b`, a swap of two
/// neighbours counting as one ("titel" → "title"): optimal string alignment.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(String, bool)> {
        unfilled(s).into_iter().map(|u| (u.text, u.blocking)).collect()
    }

    #[test]
    fn the_seeds_unfilled_text_is_found() {
        // Each line is from a published Norfolk pack.
        assert_eq!(
            texts("please contact ADD REPORT AUTHOR'S NAME 0344 800 8020 or"),
            [("ADD REPORT AUTHOR'S NAME".to_string(), true)]
        );
        assert_eq!(
            texts("roles identified in paragraph xxx above, where staff live"),
            [("paragraph xxx".to_string(), true)]
        );
        assert_eq!(texts("as set out in appendix cc."), [("appendix cc".to_string(), true)]);
        assert_eq!(texts("Key Performance Indicators (TBC)"), [("TBC".to_string(), false)]);
        assert_eq!(texts("The visit is on [insert date]."), [("[insert date]".to_string(), true)]);
    }

    #[test]
    fn real_references_and_words_are_not_flagged() {
        for fine in [
            "See Appendix C and Appendix II, paragraph 3.2 and section 4.",
            "Part III of the Act; table 2; page 24; Items 8a and 8b.",
            "ADD (Attention deficit disorder) services",
            "Annex A lists the schools. The tbcx code.",
            "Figure 12 shows the trend. Paragraph ii applies.",
        ] {
            assert_eq!(texts(fine), [], "{fine}");
        }
    }

    #[test]
    fn typos_find_the_key_they_meant() {
        let known = ["presenter", "title", "number", "scorecard", "variance"];
        assert_eq!(probably_meant("presentr", &known), Some("presenter"));
        assert_eq!(probably_meant("Titel", &known), Some("title"));
        assert_eq!(probably_meant("scorcard", &known), Some("scorecard"));
        assert_eq!(probably_meant("colour", &known), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
    }
}
