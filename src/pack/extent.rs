//! Where a page's content lies, read from its content stream, so that the
//! pack's stamp goes where it covers nothing.
//!
//! The reading is an estimate that errs on the side of "there is content
//! here": text is measured at half an em a byte (wider than any Latin
//! glyph), a form or image fills its whole box, and strokes are taken at
//! their path. Only white fills (a page background Word sometimes paints)
//! are ignored.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// An affine transform `[a b c d e f]`, as PDF writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Matrix(pub(crate) [f32; 6]);

impl Matrix {
    /// The transform that changes nothing.
    pub(crate) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// A move by `(x, y)`.
    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// This transform followed by `next`.
    pub(crate) fn then(self, next: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = next.0;
        Matrix([
            a * p + b * r,
            a * q + b * s,
            c * p + d * r,
            c * q + d * s,
            e * p + f * r + t,
            e * q + f * s + u,
        ])
    }

    /// Where the point `(x, y)` goes.
    pub(crate) fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// The transform that undoes this one, if it can be undone.
    pub(crate) fn inverse(self) -> Option<Matrix> {
        let [a, b, c, d, e, f] = self.0;
        let det = a * d - b * c;
        if det.abs() < 1e-9 {
            return None;
        }
        let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det);
        Some(Matrix([ia, ib, ic, id, -(e * ia + f * ic), -(e * ib + f * id)]))
    }

    /// The matrix an operator's six operands give, if they are six numbers.
    fn of(operands: &[Object]) -> Option<Matrix> {
        let v: Vec<f32> = operands.iter().filter_map(number).collect();
        <[f32; 6]>::try_from(v).ok().map(Matrix)
    }
}

/// A rectangle: the smallest that holds every point added to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Extent {
    pub(crate) min_x: f32,
    pub(crate) min_y: f32,
    pub(crate) max_x: f32,
    pub(crate) max_y: f32,
}

impl Extent {
    /// Grows `extent` to hold `(x, y)`.
    pub(crate) fn add(extent: &mut Option<Extent>, (x, y): (f32, f32)) {
        if !x.is_finite() || !y.is_finite() {
            return;
        }
        *extent = Some(match *extent {
            None => Extent { min_x: x, min_y: y, max_x: x, max_y: y },
            Some(e) => Extent {
                min_x: e.min_x.min(x),
                min_y: e.min_y.min(y),
                max_x: e.max_x.max(x),
                max_y: e.max_y.max(y),
            },
        });
    }

    /// Grows `extent` to hold `other`.
    fn join(extent: &mut Option<Extent>, other: Option<Extent>) {
        if let Some(o) = other {
            Extent::add(extent, (o.min_x, o.min_y));
            Extent::add(extent, (o.max_x, o.max_y));
        }
    }

    /// The four corners of the rectangle `(x0, y0)`–`(x1, y1)` under `m`.
    pub(crate) fn corners(m: Matrix, [x0, y0, x1, y1]: [f32; 4]) -> [(f32, f32); 4] {
        [m.apply(x0, y0), m.apply(x1, y0), m.apply(x0, y1), m.apply(x1, y1)]
    }
}

/// What a page draws, as far as its content can be read.
#[derive(Debug, PartialEq)]
pub(crate) enum Drawn {
    /// Nothing visible.
    Nothing,
    /// Everything visible lies in this box, in the page's own coordinates.
    Within(Extent),
    /// The content could not be read: assume it may be anywhere.
    Unknown,
}

/// The graphics state the reading keeps.
#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    white_fill: bool,
}

/// Reads where the content of `page` lies.
pub(crate) fn page_content(doc: &Document, page: ObjectId) -> Drawn {
    let Ok(bytes) = doc.get_page_content(page) else { return Drawn::Unknown };
    // lopdf's reading of an inline image can panic on a malformed one, and an
    // inline image's place is not worth the risk: assume it may be anywhere.
    if has_inline_image(&bytes) {
        return Drawn::Unknown;
    }
    let Ok(content) = Content::decode(&bytes) else { return Drawn::Unknown };
    let xobjects = page_xobjects(doc, page);
    let mut drawn: Option<Extent> = None;
    let mut path: Option<Extent> = None;
    let mut state = State { ctm: Matrix::IDENTITY, white_fill: false };
    let mut saved: Vec<State> = Vec::new();
    let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
    let (mut size, mut leading) = (12.0_f32, 0.0_f32);
    for op in &content.operations {
        let nums: Vec<f32> = op.operands.iter().filter_map(number).collect();
        let ctm = state.ctm;
        match op.operator.as_str() {
            "q" => saved.push(state),
            "Q" => state = saved.pop().unwrap_or(state),
            "cm" => {
                if let Some(m) = Matrix::of(&op.operands) {
                    state.ctm = m.then(state.ctm);
                }
            }
            "g" | "rg" => state.white_fill = !nums.is_empty() && nums.iter().all(|&v| v >= 0.999),
            "k" => state.white_fill = nums.len() == 4 && nums.iter().all(|&v| v <= 0.001),
            "sc" | "scn" => {
                state.white_fill = matches!(nums.len(), 1 | 3) && nums.iter().all(|&v| v >= 0.999);
            }
            "cs" => state.white_fill = false,
            "m" | "l" if nums.len() == 2 => Extent::add(&mut path, ctm.apply(nums[0], nums[1])),
            "c" | "v" | "y" => {
                for xy in nums.chunks_exact(2) {
                    Extent::add(&mut path, ctm.apply(xy[0], xy[1]));
                }
            }
            "re" if nums.len() == 4 => {
                let [x, y, w, h] = [nums[0], nums[1], nums[2], nums[3]];
                for corner in Extent::corners(ctm, [x, y, x + w, y + h]) {
                    Extent::add(&mut path, corner);
                }
            }
            "f" | "F" | "f*" if state.white_fill => path = None,
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => Extent::join(&mut drawn, path.take()),
            "n" => path = None,
            "BT" => (tm, tlm) = (Matrix::IDENTITY, Matrix::IDENTITY),
            "Tf" => size = nums.first().copied().unwrap_or(size),
            "TL" => leading = nums.first().copied().unwrap_or(leading),
            "Td" | "TD" if nums.len() == 2 => {
                if op.operator == "TD" {
                    leading = -nums[1];
                }
                tlm = Matrix::translate(nums[0], nums[1]).then(tlm);
                tm = tlm;
            }
            "Tm" => {
                if let Some(m) = Matrix::of(&op.operands) {
                    (tm, tlm) = (m, m);
                }
            }
            "T*" | "'" | "\"" => {
                tlm = Matrix::translate(0.0, -leading).then(tlm);
                tm = tlm;
                if op.operator != "T*" {
                    text_run(&mut drawn, &mut tm, ctm, size, op.operands.last());
                }
            }
            "Tj" | "TJ" => text_run(&mut drawn, &mut tm, ctm, size, op.operands.first()),
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                let Some(xobject) = name.and_then(|n| xobjects.get(n).ok()) else { continue };
                let Some(dict) =
                    doc.dereference(xobject).ok().and_then(|(_, o)| o.as_stream().ok()).map(|s| &s.dict)
                else {
                    continue;
                };
                let (matrix, bbox) = match dict.get(b"Subtype").and_then(Object::as_name) {
                    Ok(b"Form") => (
                        dict.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|a| Matrix::of(a)),
                        dict.get(b"BBox").ok().and_then(|b| rectangle(doc, b)),
                    ),
                    _ => (None, Some([0.0, 0.0, 1.0, 1.0])),
                };
                let Some(bbox) = bbox else { continue };
                let m = matrix.unwrap_or(Matrix::IDENTITY).then(ctm);
                for corner in Extent::corners(m, bbox) {
                    Extent::add(&mut drawn, corner);
                }
            }
            "sh" => return Drawn::Unknown,
            _ => {}
        }
    }
    drawn.map_or(Drawn::Nothing, Drawn::Within)
}

/// Whether a content stream has a `BI` operator (an inline image), or
/// bytes that look like one.
pub(crate) fn has_inline_image(content: &[u8]) -> bool {
    content.windows(4).any(|w| w[0].is_ascii_whitespace() && &w[1..3] == b"BI" && w[3].is_ascii_whitespace())
        || content.starts_with(b"BI")
}

/// Adds a shown string to `drawn` and moves the text matrix past it.
fn text_run(drawn: &mut Option<Extent>, tm: &mut Matrix, ctm: Matrix, size: f32, shown: Option<&Object>) {
    // Width in em: half an em a byte, less TJ's adjustments (thousandths of an em).
    let width = match shown {
        Some(Object::String(bytes, _)) => bytes.len() as f32 * 0.5,
        Some(Object::Array(parts)) => parts
            .iter()
            .map(|p| match p {
                Object::String(bytes, _) => bytes.len() as f32 * 0.5,
                other => number(other).map_or(0.0, |n| -n / 1000.0),
            })
            .sum(),
        _ => 0.0,
    };
    let glyphs = Matrix([size, 0.0, 0.0, size, 0.0, 0.0]).then(*tm).then(ctm);
    for corner in Extent::corners(glyphs, [0.0, -0.25, width.max(0.0), 1.0]) {
        Extent::add(drawn, corner);
    }
    *tm = Matrix::translate(width * size, 0.0).then(*tm);
}

/// The page's named XObjects.
fn page_xobjects(doc: &Document, page: ObjectId) -> Dictionary {
    let resources = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, r)| r.as_dict().ok());
    resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| doc.dereference(x).ok())
        .and_then(|(_, x)| x.as_dict().ok().cloned())
        .unwrap_or_default()
}

/// A number operand.
fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// A rectangle `[x0 y0 x1 y1]`, corners in order, if `object` is one.
pub(crate) fn rectangle(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let (_, object) = doc.dereference(object).ok()?;
    let v: Vec<f32> = object.as_array().ok()?.iter().filter_map(number).collect();
    let [a, b, c, d] = <[f32; 4]>::try_from(v).ok()?;
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A one-page document whose page draws `content`.
    fn page_with(content: &str) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let stream = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => stream,
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        (doc, page)
    }

    fn extent(content: &str) -> Drawn {
        let (doc, page) = page_with(content);
        page_content(&doc, page)
    }

    #[test]
    fn text_reaches_below_its_baseline() {
        let Drawn::Within(e) = extent("BT /F1 10 Tf 72 30 Td (Page 1) Tj ET") else { panic!() };
        assert_eq!((e.min_x, e.min_y, e.max_y), (72.0, 27.5, 40.0));
        assert_eq!(e.max_x, 72.0 + 6.0 * 5.0);
    }

    #[test]
    fn transforms_nest_and_are_restored() {
        // Drawn at (10, 10) in a space moved up by 100, then after Q at (10, 10) again.
        let Drawn::Within(e) = extent("q 1 0 0 1 0 100 cm 10 10 5 5 re f Q 10 10 m 20 20 l S") else {
            panic!()
        };
        assert_eq!((e.min_y, e.max_y), (10.0, 115.0));
    }

    #[test]
    fn white_backgrounds_and_clips_are_not_content() {
        assert_eq!(extent("1 1 1 rg 0 0 595 842 re f 0 0 595 842 re W n"), Drawn::Nothing);
        let Drawn::Within(e) = extent("1 g 0 0 595 842 re f 0 g 50 60 10 10 re f") else { panic!() };
        assert_eq!(e.min_y, 60.0);
    }

    #[test]
    fn lines_of_text_move_down_by_the_leading() {
        let Drawn::Within(e) = extent("BT /F1 10 Tf 12 TL 50 100 Td (a) Tj T* (b) Tj (c) ' ET") else {
            panic!()
        };
        assert_eq!(e.min_y, 100.0 - 24.0 - 2.5);
    }

    #[test]
    fn unreadable_content_may_be_anywhere() {
        // Without /CS this inline image makes lopdf 0.42's reader panic.
        assert_eq!(extent("q BI /W 1 /H 1 /BPC 8 ID x EI Q"), Drawn::Unknown);
        assert_eq!(extent("BI /W 1 /H 1 ID x EI"), Drawn::Unknown);
        assert_eq!(extent("0 0 10 10 re f 0 0 595 842 re sh"), Drawn::Unknown);
    }

    #[test]
    fn matrices_compose_and_invert() {
        let rotate = Matrix([0.0, 1.0, -1.0, 0.0, 595.0, 0.0]);
        let back = rotate.inverse().unwrap();
        let (x, y) = rotate.then(back).apply(3.0, 4.0);
        assert!((x - 3.0).abs() < 1e-4 && (y - 4.0).abs() < 1e-4);
        assert_eq!(Matrix::translate(1.0, 2.0).then(Matrix::translate(3.0, 4.0)).apply(0.0, 0.0), (4.0, 6.0));
    }
}
