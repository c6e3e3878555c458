//! The clerk's last look before a pack goes out: template text that nobody
//! filled in ("ADD REPORT AUTHOR'S NAME", "paragraph xxx", "appendix cc",
//! "[insert date]", "TBC" — every one of them is in a published Norfolk
//! pack), in the manifest, the reports written for the pack and the text of
//! included PDFs; and manifest keys that are probably typos.

use std::sync::LazyLock;

use std::collections::BTreeMap;

use lopdf::{Document, Encoding};

use super::extent::{operations, Operand};
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
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    crate::core::parallel::map(&pages, |&id| page_text(doc, id))
}

/// The text of page `n` (object `id`), its white space collapsed: the
/// strings its text operators show, decoded with their fonts' encodings, a
/// space wherever the text moves to a new line or jumps along one. Read with
/// the pack's own content lexer: lopdf's `extract_text` builds an object for
/// every number of every chart, and took most of a large pack's time.
fn page_text(doc: &Document, id: lopdf::ObjectId) -> String {
    let Ok(content) = doc.get_page_content(id) else { return String::new() };
    let encodings: BTreeMap<Vec<u8>, Encoding> = doc
        .get_page_fonts(id)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding(doc).ok().map(|e| (name, e)))
        .collect();
    let mut text = String::new();
    let mut encoding: Option<&Encoding> = None;
    // An inline image stops the reading; the text before it is kept.
    let _ = operations(&content, |op, operands| match op {
        b"Tf" => {
            encoding = match operands.first() {
                Some(Operand::Name(name)) => encodings.get(*name),
                _ => None,
            }
        }
        b"BT" | b"ET" | b"Td" | b"TD" | b"T*" | b"Tm" => text.push(' '),
        b"Tj" | b"TJ" | b"'" | b"\"" => {
            if op != b"Tj" && op != b"TJ" {
                text.push(' ');
            }
            let (Some(Operand::Text(_, raw)), Some(encoding)) = (operands.last(), encoding) else { return };
            for piece in shown_strings(raw) {
                match piece {
                    Shown::Bytes(bytes) => {
                        text.push_str(&Document::decode_text(encoding, &bytes).unwrap_or_default())
                    }
                    Shown::Gap => text.push(' '),
                }
            }
        }
        _ => {}
    });
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A piece of what a text operator shows.
enum Shown {
    /// A string's bytes, unescaped.
    Bytes(Vec<u8>),
    /// An adjustment wide enough to be a space between words.
    Gap,
}

/// The strings (and word gaps) of a `Tj` string or a `TJ` array, from its source.
fn shown_strings(raw: &[u8]) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'(' => {
                let mut bytes = Vec::new();
                let mut depth = 1;
                i += 1;
                while i < raw.len() {
                    let b = raw[i];
                    i += 1;
                    match b {
                        b'\\' => {
                            let Some(&next) = raw.get(i) else { break };
                            i += 1;
                            match next {
                                b'n' => bytes.push(b'\n'),
                                b'r' => bytes.push(b'\r'),
                                b't' => bytes.push(b'\t'),
                                b'b' => bytes.push(8),
                                b'f' => bytes.push(12),
                                b'0'..=b'7' => {
                                    let mut value = u32::from(next - b'0');
                                    for _ in 0..2 {
                                        match raw.get(i) {
                                            Some(&d @ b'0'..=b'7') => {
                                                value = value * 8 + u32::from(d - b'0');
                                                i += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    bytes.push(value as u8);
                                }
                                b'\r' | b'\n' => {}
                                other => bytes.push(other),
                            }
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            bytes.push(b);
                        }
                        _ => bytes.push(b),
                    }
                }
                out.push(Shown::Bytes(bytes));
            }
            b'<' => {
                let end = raw[i..].iter().position(|&c| c == b'>').map_or(raw.len(), |e| i + e);
                let digits: Vec<u8> =
                    raw[i + 1..end].iter().filter(|c| c.is_ascii_hexdigit()).copied().collect();
                let value = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                let bytes =
                    digits.chunks(2).map(|p| value(p[0]) * 16 + p.get(1).map_or(0, |&d| value(d))).collect();
                out.push(Shown::Bytes(bytes));
                i = end + 1;
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                let start = i;
                while i < raw.len() && matches!(raw[i], b'-' | b'+' | b'.' | b'0'..=b'9') {
                    i += 1;
                }
                let adjustment: f32 =
                    std::str::from_utf8(&raw[start..i]).ok().and_then(|t| t.parse().ok()).unwrap_or(0.0);
                // Thousandths of an em to the left: a quarter em or more reads as a space.
                if adjustment <= -250.0 {
                    out.push(Shown::Gap);
                }
            }
            _ => i += 1,
        }
    }
    out
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
    fn page_text_reads_strings_arrays_and_escapes() {
        use lopdf::{dictionary, Object, Stream};
        let mut doc = Document::with_version("1.4");
        let pages = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let content = b"BT /F1 10 Tf 72 700 Td [(ADD)-300(REPORT) -400 (AU)5(THOR\\222S)] TJ 0 -12 Td (NAME \\(here\\)) Tj ET \
            0 0 1 rg 0 0 10 10 re f BT /F1 9 Tf 1 0 0 1 72 20 Tm <70617261677261706820787878> Tj ET BI /W 1 ID x EI BT (lost) Tj ET";
        let stream = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => stream,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        assert_eq!(page_text(&doc, page), "ADD REPORT AUTHOR’S NAME (here) paragraph xxx");
    }
}
