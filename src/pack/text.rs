//! Reports a clerk writes as Markdown: headings, paragraphs and lists, read
//! as plain text blocks for the template, so nothing in the file can change
//! the document's markup.

use serde::Serialize;

/// A block of a Markdown report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    /// A heading; levels start at 1 and never skip one, as tagged PDF needs.
    Heading {
        /// 1 to 4.
        level: u8,
        /// The words.
        text: String,
    },
    /// A paragraph.
    Para {
        /// Its lines joined by spaces.
        text: String,
    },
    /// A bulleted list.
    Bullets {
        /// One text per bullet.
        items: Vec<String>,
    },
    /// A numbered list.
    Numbers {
        /// One text per number.
        items: Vec<String>,
    },
}

/// The text of a list item line ("- x", "* x", "1. x"), and whether it is numbered.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    let rest = &line[digits..];
    (digits > 0)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
        .map(|r| (true, r))
}

/// Inline emphasis markers dropped: the words matter, not the styling.
fn plain(text: &str) -> String {
    text.replace("**", "").replace("__", "").trim().to_string()
}

/// Parses Markdown into blocks. Heading levels are renumbered so the first is
/// 1 and none skips a level.
pub(crate) fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Para { text: plain(&para.join(" ")) });
            para.clear();
        }
    };
    let mut last_level = 0u8;
    for raw in markdown.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut para, &mut blocks);
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            flush(&mut para, &mut blocks);
            let level = (hashes as u8).min(last_level + 1).min(4);
            last_level = level;
            blocks.push(Block::Heading { level, text: plain(&line[hashes..]) });
            continue;
        }
        if let Some((numbered, text)) = list_item(line) {
            flush(&mut para, &mut blocks);
            let text = plain(text);
            match (blocks.last_mut(), numbered) {
                (Some(Block::Bullets { items }), false) | (Some(Block::Numbers { items }), true) => {
                    items.push(text)
                }
                (_, false) => blocks.push(Block::Bullets { items: vec![text] }),
                (_, true) => blocks.push(Block::Numbers { items: vec![text] }),
            }
            continue;
        }
        para.push(line);
    }
    flush(&mut para, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_blocks() {
        let blocks = parse("## Summary\r\nThe **panel** is asked\nto note.\n\n- one\n- two\n\n1. first\n2) second\n#not a heading\n");
        assert_eq!(
            blocks,
            [
                Block::Heading { level: 1, text: "Summary".into() },
                Block::Para { text: "The panel is asked to note.".into() },
                Block::Bullets { items: vec!["one".into(), "two".into()] },
                Block::Numbers { items: vec!["first".into(), "second".into()] },
                Block::Para { text: "#not a heading".into() },
            ]
        );
    }

    #[test]
    fn heading_levels_never_skip() {
        let levels: Vec<u8> = parse("# A\n#### B\n## C\n")
            .into_iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [1, 2, 2]);
    }

    #[test]
    fn markup_in_the_text_stays_text() {
        assert_eq!(
            parse("#set page(width: 1cm) ]"),
            [Block::Para { text: "#set page(width: 1cm) ]".into() }]
        );
    }
}
