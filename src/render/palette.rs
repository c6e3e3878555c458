//! The one colour palette of every document: chart series, Making Data Count
//! colours, RAG cells and page furniture. Charts take these as plotters
//! colours, legends and the typst templates (through `/palette.json`) as hex.

use plotters::style::RGBColor;
use serde::Serialize;

/// A colour, written as CSS and typst write it ("#1d4f91").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct Colour(pub(crate) &'static str);

impl Colour {
    /// The colour as 0xRRGGBB, as spreadsheet writers take it.
    pub(crate) const fn rgb(self) -> u32 {
        let c = self.plotters();
        (c.0 as u32) << 16 | (c.1 as u32) << 8 | c.2 as u32
    }

    /// The colour for plotters; a malformed hex stops the build, not a run.
    pub(crate) const fn plotters(self) -> RGBColor {
        const fn nibble(b: u8) -> u8 {
            match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => panic!("a palette colour is #rrggbb"),
            }
        }
        let h = self.0.as_bytes();
        assert!(h.len() == 7 && h[0] == b'#', "a palette colour is #rrggbb");
        RGBColor(
            nibble(h[1]) * 16 + nibble(h[2]),
            nibble(h[3]) * 16 + nibble(h[4]),
            nibble(h[5]) * 16 + nibble(h[6]),
        )
    }
}

/// The home area's series, headings, links and underspend bars.
pub(crate) const NAVY: Colour = Colour("#1d4f91");
/// The statistical-neighbour series.
pub(crate) const NEIGHBOURS: Colour = Colour("#c2550c");
/// The England series.
pub(crate) const ENGLAND: Colour = Colour("#4d4d4d");
/// A trend chart's target line.
pub(crate) const TARGET: Colour = Colour("#1b7a3a");
/// Chart grid lines.
pub(crate) const GRID: Colour = Colour("#e6e6e6");
/// Chart axes.
pub(crate) const AXIS: Colour = Colour("#808080");
/// Chart text and an SPC chart's mean.
pub(crate) const BLACK: Colour = Colour("#000000");
/// Overspend bars.
pub(crate) const OVERSPEND: Colour = Colour("#b43c1e");
/// Table rules.
pub(crate) const RULE_GREY: Colour = Colour("#bfbfbf");
/// Shaded bands behind headings and boxes.
pub(crate) const BAND: Colour = Colour("#eef2f8");
/// Secondary text: footers, notes.
pub(crate) const MUTED: Colour = Colour("#595959");
/// The web page's body text: near-black, as GOV.UK's.
pub(crate) const INK: Colour = Colour("#0b0c0c");
/// The web page's keyboard focus: GOV.UK's yellow, behind near-black text.
pub(crate) const FOCUS: Colour = Colour("#ffdd00");

/// Making Data Count colours (NHSRplotthedots' `ptd_spc_colours`).
pub(crate) mod mdc {
    use super::Colour;

    /// Common-cause points and the process limits.
    pub(crate) const COMMON: Colour = Colour("#a6a6a6");
    /// Special cause, improvement.
    pub(crate) const IMPROVEMENT: Colour = Colour("#00b0f0");
    /// Special cause, concern.
    pub(crate) const CONCERN: Colour = Colour("#e46c0a");
    /// Special cause where no direction is better.
    pub(crate) const NEUTRAL: Colour = Colour("#490092");
    /// The target line of an SPC chart.
    pub(crate) const TARGET: Colour = Colour("#de1b1b");
}

/// The fill and text colours of a rating or status colour name (green,
/// amber, red, and the plans' blue and white); `None` for any other name.
pub(crate) fn status_colours(name: &str) -> Option<RagColours> {
    let pair = |fill, text| RagColours { fill: Colour(fill), text: Colour(text) };
    Some(match name {
        "green" => pair("#c6efce", "#006100"),
        "amber" => pair("#ffeb9c", "#7a4400"),
        "red" => pair("#ffc7ce", "#9c0006"),
        // Improvement plans' completed and not-started statuses.
        "blue" => pair("#bdd7ee", "#1f4e79"),
        "white" => pair("#ffffff", "#404040"),
        _ => return None,
    })
}

/// A RAG cell: Excel's conditional-format pairs, familiar to council staff;
/// dark text on a light fill keeps contrast above 4.5:1.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct RagColours {
    /// The cell's background.
    pub(crate) fill: Colour,
    /// Its text.
    pub(crate) text: Colour,
}

/// What the templates read: the typst ones from `/palette.json`.
#[derive(Serialize)]
pub(crate) struct Palette {
    navy: Colour,
    rule_grey: Colour,
    band: Colour,
    muted: Colour,
    ink: Colour,
    focus: Colour,
    green: RagColours,
    amber: RagColours,
    red: RagColours,
    blue: RagColours,
    white: RagColours,
}

/// The palette every template reads: the HTML ones as `palette`.
pub(crate) fn palette() -> Palette {
    let status = |name| status_colours(name).expect("the palette names its own statuses");
    Palette {
        navy: NAVY,
        rule_grey: RULE_GREY,
        band: BAND,
        muted: MUTED,
        ink: INK,
        focus: FOCUS,
        green: status("green"),
        amber: status("amber"),
        red: status("red"),
        blue: status("blue"),
        white: status("white"),
    }
}

/// The palette as the JSON the typst templates read.
pub(crate) fn palette_json() -> Vec<u8> {
    // A struct of strings always serialises.
    serde_json::to_vec(&palette()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_convert_to_plotters() {
        assert_eq!(NAVY.plotters(), RGBColor(0x1d, 0x4f, 0x91));
        assert_eq!(Colour("#FFEB9C").plotters(), RGBColor(0xff, 0xeb, 0x9c));
    }

    #[test]
    fn the_templates_get_every_colour_they_name() {
        let json: serde_json::Value = serde_json::from_slice(&palette_json()).unwrap();
        assert_eq!(json["navy"], "#1d4f91");
        assert_eq!(json["red"]["text"], "#9c0006");
        let common = include_str!("../../templates/common.typ");
        for key in ["navy", "rule_grey", "band", "muted", "green", "amber", "red"] {
            assert!(common.contains(&format!("palette.{key}")), "common.typ reads palette.{key}");
        }
        // No template writes a colour of its own.
        let templates = [
            common,
            include_str!("../../templates/scorecard.typ"),
            include_str!("../../templates/variance.typ"),
            include_str!("../../templates/lib/long-table.typ"),
            include_str!("../../templates/lib/lines.typ"),
            include_str!("../../templates/lib/side-column.typ"),
            include_str!("../../templates/lib/summary-table.typ"),
            include_str!("../../templates/lib/exceptions-table.typ"),
            include_str!("../../templates/pack.typ"),
            include_str!("../../templates/front-sheet.typ"),
            include_str!("../../templates/text-report.typ"),
            include_str!("../../templates/actions.typ"),
        ];
        for text in templates {
            assert!(!text.contains("rgb(\"#"), "a colour outside the palette:\n{text}");
        }
        // Nor do the web pages': their colours are `{{ palette.… }}`.
        let html = [
            include_str!("../../templates/page.html"),
            include_str!("../../templates/common.css"),
            include_str!("../../templates/scorecard.html"),
            include_str!("../../templates/variance.html"),
            include_str!("../../templates/actions.html"),
        ]
        .concat();
        let hex = regex::Regex::new(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b").unwrap();
        assert_eq!(hex.find(&html).map(|m| m.as_str()), None, "a colour outside the palette in a web page");
        for key in
            ["navy", "rule_grey", "band", "muted", "ink", "focus", "green", "amber", "red", "blue", "white"]
        {
            assert!(html.contains(&format!("palette.{key}")), "the web pages read palette.{key}");
        }
    }
}
