//! Where each page of the pack gets its stamp (the footer and the running
//! page number) and how the stamps, typeset once by typst, become drawings
//! every page can use.
//!
//! A stamp is a strip along the foot of the page *as it is shown*: a page
//! with `/Rotate 90` gets it along the edge that is shown at the bottom,
//! reading left to right. If the page's content reaches into the strip, the
//! content is scaled down towards the top of the page until it clears it,
//! so the stamp never covers a word of the report.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use serde::Serialize;

use super::extent::{page_content, rectangle, Drawn, Extent, Matrix};
use super::merge::MergeError;

/// The height of the stamp's strip, in points.
pub(crate) const STRIP: f32 = 20.0;
/// The text's baseline above the foot of the page, in points.
pub(crate) const BASELINE: f32 = 8.0;
/// How far above the foot of the page content must end to stay clear of the strip.
const CLEAR: f32 = STRIP + 2.0;
/// Content is never shrunk below half its size; past that, the strip overlaps it.
const SMALLEST: f32 = 0.5;

/// The text of one page's stamp, as `stamps.typ` receives it.
#[derive(Serialize)]
pub(crate) struct StampText {
    /// The strip's width: the width of the page as shown, in points.
    pub(crate) width: f32,
    /// The footer at the left: committee and date.
    pub(crate) footer: String,
    /// The running page number at the right.
    pub(crate) number: String,
}

/// Where a page's stamp goes, and what must happen to its content first.
#[derive(Debug)]
pub(crate) struct Placement {
    /// From the strip's own space to the page's.
    pub(crate) to_page: Matrix,
    /// The width of the page as shown.
    pub(crate) width: f32,
    /// The shrinking that clears the strip, when the content reaches into it.
    pub(crate) shrink: Option<Matrix>,
}

/// Works out where the stamp goes on `page` and whether its content must move.
pub(crate) fn place(doc: &Document, page: ObjectId) -> Placement {
    let dict = doc.get_dictionary(page).ok();
    let media = dict
        .and_then(|d| d.get(b"MediaBox").ok())
        .and_then(|m| rectangle(doc, m))
        .unwrap_or([0.0, 0.0, 595.276, 841.89]);
    let [x0, y0, x1, y1] = dict
        .and_then(|d| d.get(b"CropBox").ok())
        .and_then(|c| rectangle(doc, c))
        .map(|c| [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])])
        .filter(|c| c[2] > c[0] && c[3] > c[1])
        .unwrap_or(media);
    let rotate = dict.and_then(|d| d.get(b"Rotate").ok()).and_then(|r| r.as_i64().ok()).unwrap_or(0);
    let (to_page, width, height) = match rotate.rem_euclid(360) {
        90 => (Matrix([0.0, 1.0, -1.0, 0.0, x1, y0]), y1 - y0, x1 - x0),
        180 => (Matrix([-1.0, 0.0, 0.0, -1.0, x1, y1]), x1 - x0, y1 - y0),
        270 => (Matrix([0.0, -1.0, 1.0, 0.0, x0, y1]), y1 - y0, x1 - x0),
        _ => (Matrix([1.0, 0.0, 0.0, 1.0, x0, y0]), x1 - x0, y1 - y0),
    };
    let from_page = to_page.inverse().unwrap_or(Matrix::IDENTITY);
    let lowest = match page_content(doc, page) {
        Drawn::Nothing => None,
        Drawn::Unknown => Some(0.0),
        Drawn::Within(e) => Some(
            Extent::corners(from_page, [e.min_x, e.min_y, e.max_x, e.max_y])
                .iter()
                .map(|&(_, y)| y)
                .fold(f32::INFINITY, f32::min),
        ),
    };
    let shrink = lowest.filter(|&low| low < CLEAR && height - low > 0.0).map(|low| {
        let s = ((height - CLEAR) / (height - low)).clamp(SMALLEST, 1.0);
        // Scaled about the middle of the top edge, as the page is shown.
        let about_top = Matrix([s, 0.0, 0.0, s, (1.0 - s) * width / 2.0, (1.0 - s) * height]);
        from_page.then(about_top).then(to_page)
    });
    Placement { to_page, width, shrink }
}

/// One page's stamp as a form XObject in the pack, with the fonts it uses.
pub(crate) struct StampForm {
    /// The form.
    pub(crate) form: ObjectId,
    /// Its fonts, under names no part uses. A page lists them among its own
    /// resources too, for text extractors that look for a form's fonts there.
    pub(crate) fonts: Dictionary,
}

/// The prefix of the stamp fonts' resource names.
const FONT_PREFIX: &[u8] = b"ScorecardStamp";

/// Turns each page of the typeset stamps into a form XObject in `out`, in
/// page order; the font they share is stored once.
pub(crate) fn stamp_forms(out: &mut Document, stamps: &[u8]) -> Result<Vec<StampForm>, MergeError> {
    let name = "the page stamps";
    let unreadable = |e: lopdf::Error| MergeError::Unreadable(name.into(), e.to_string());
    let mut doc = super::merge::load_part(name, stamps)?;
    super::merge::renumber(&mut doc, out.max_id + 1);
    out.max_id = out.max_id.max(doc.max_id);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut forms = Vec::new();
    for page in pages {
        let mut content =
            Content::decode(&doc.get_page_content(page).map_err(unreadable)?).map_err(unreadable)?;
        for op in content.operations.iter_mut().filter(|op| op.operator == "Tf") {
            if let Some(Object::Name(font)) = op.operands.first_mut() {
                *font = [FONT_PREFIX, font].concat();
            }
        }
        let dict = doc.get_dictionary(page).map_err(unreadable)?;
        let bbox =
            dict.get(b"MediaBox").ok().and_then(|m| rectangle(&doc, m)).unwrap_or([0.0, 0.0, 595.0, STRIP]);
        let mut resources = dict
            .get(b"Resources")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok().cloned())
            .unwrap_or_default();
        let fonts: Dictionary = resources
            .get(b"Font")
            .ok()
            .and_then(|f| doc.dereference(f).ok())
            .and_then(|(_, f)| f.as_dict().ok())
            .map(|f| f.iter().map(|(k, v)| ([FONT_PREFIX, k].concat(), v.clone())).collect())
            .unwrap_or_default();
        resources.set("Font", fonts.clone());
        let mut form = Dictionary::new();
        form.set("Type", Object::Name(b"XObject".to_vec()));
        form.set("Subtype", Object::Name(b"Form".to_vec()));
        form.set("BBox", bbox.iter().map(|&v| Object::Real(v)).collect::<Vec<_>>());
        form.set("Resources", resources);
        let content = content.encode().map_err(unreadable)?;
        forms.push(StampForm { form: out.add_object(Stream::new(form, content)), fonts });
    }
    // The fonts and resources the forms use; the rest is pruned with the pages.
    for (id, object) in doc.objects {
        out.objects.entry(id).or_insert(object);
    }
    Ok(forms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A page of `media` turned by `rotate`, drawing `content`.
    fn page(media: [i64; 4], rotate: i64, content: &str) -> Placement {
        let mut doc = Document::with_version("1.7");
        let stream = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "MediaBox" => media.iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>(),
            "Rotate" => rotate,
            "Contents" => stream,
        });
        place(&doc, page)
    }

    /// A point of the strip, in the page's space.
    fn at(p: &Placement, x: f32, y: f32) -> (f32, f32) {
        let (x, y) = p.to_page.apply(x, y);
        (x.round(), y.round())
    }

    #[test]
    fn the_strip_runs_along_the_foot_of_the_page_as_shown() {
        let upright = page([0, 0, 595, 842], 0, "");
        assert_eq!(
            (upright.width, at(&upright, 0.0, 0.0), at(&upright, 10.0, 0.0)),
            (595.0, (0.0, 0.0), (10.0, 0.0))
        );
        // Turned a quarter clockwise, the right edge is shown at the bottom.
        let turned = page([0, 0, 595, 842], 90, "");
        assert_eq!(
            (turned.width, at(&turned, 0.0, 0.0), at(&turned, 10.0, 0.0)),
            (842.0, (595.0, 0.0), (595.0, 10.0))
        );
        let upside_down = page([0, 0, 595, 842], 180, "");
        assert_eq!(at(&upside_down, 10.0, 0.0), (585.0, 842.0));
        let anticlockwise = page([0, 0, 595, 842], -90, "");
        assert_eq!((anticlockwise.width, at(&anticlockwise, 10.0, 0.0)), (842.0, (0.0, 832.0)));
    }

    #[test]
    fn content_clear_of_the_strip_stays_where_it_is() {
        assert!(page([0, 0, 595, 842], 0, "BT /F1 10 Tf 72 40 Td (Page 3) Tj ET").shrink.is_none());
        assert!(page([0, 0, 595, 842], 0, "").shrink.is_none());
    }

    #[test]
    fn content_in_the_strip_shrinks_towards_the_top_until_it_clears_it() {
        let low = page([0, 0, 595, 842], 0, "BT /F1 10 Tf 72 12 Td (Page 3) Tj ET");
        let shrink = low.shrink.expect("text at 12 pt is in the strip");
        // Its lowest point (12 - 2.5) now sits at the clearance; the top stays.
        let (_, y) = shrink.apply(72.0, 9.5);
        assert!((y - CLEAR).abs() < 0.01, "{y}");
        let (x, y) = shrink.apply(297.5, 842.0);
        assert!((x - 297.5).abs() < 0.01 && (y - 842.0).abs() < 0.01);
        // On a page turned a quarter, the edge shown at the bottom is x = 595.
        let turned = page([0, 0, 595, 842], 90, "590 100 m 590 200 l S");
        let (x, _) = turned.shrink.expect("a line along the shown foot").apply(590.0, 150.0);
        assert!((x - (595.0 - CLEAR)).abs() < 0.01, "{x}");
    }
}
