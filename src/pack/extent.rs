//! Where a page's content lies, read from its content stream, so that the
//! pack's stamp goes where it covers nothing.
//!
//! The reading is an estimate that errs on the side of "there is content
//! here": text is measured at half an em a byte (wider than any Latin
//! glyph), a form or image fills its whole box, and strokes are taken at
//! their path. Only white fills (a page background Word sometimes paints)
//! are ignored.

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

/// An operand of a content-stream operator, as far as the readings need it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Operand<'a> {
    /// A number.
    Number(f32),
    /// A name, without its slash.
    Name(&'a [u8]),
    /// A string, or an array of strings and adjustments (TJ's): its width in
    /// em (half an em a byte, less the adjustments) and its source bytes,
    /// delimiters included.
    Text(f32, &'a [u8]),
    /// Anything else (a dictionary, an array of other things).
    Other,
}

/// Why a content stream could not be read.
#[derive(Debug)]
pub(crate) struct Unreadable;

/// Bytes that end a token.
fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%') || is_space(b)
}

/// PDF white space.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

/// Reads a content stream's operations, calling `each` with every operator
/// and its operands. A light reader of its own: lopdf's builds an object for
/// every number, and a chart's paths have thousands; this one allocates none.
pub(crate) fn operations<'a>(
    content: &'a [u8],
    mut each: impl FnMut(&[u8], &[Operand<'a>]),
) -> Result<(), Unreadable> {
    let mut operands: Vec<Operand> = Vec::with_capacity(8);
    // Where the open arrays begin, in `operands` and in `content`.
    let mut arrays: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < content.len() {
        let b = content[i];
        match b {
            _ if is_space(b) => i += 1,
            b'%' => {
                while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let (mut depth, mut bytes, start) = (1, 0usize, i);
                i += 1;
                while i < content.len() && depth > 0 {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    bytes += 1;
                    i += 1;
                }
                if depth > 0 {
                    return Err(Unreadable);
                }
                operands.push(Operand::Text((bytes - 1) as f32 * 0.5, &content[start..i]));
            }
            b'<' if content.get(i + 1) == Some(&b'<') => {
                // A dictionary (marked-content properties): skipped whole.
                let mut depth = 0;
                while i < content.len() {
                    if content[i..].starts_with(b"<<") {
                        depth += 1;
                        i += 2;
                    } else if content[i..].starts_with(b">>") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else if content[i] == b'<' {
                        // A hex string: its closing ">" is not the dictionary's.
                        i += content[i..].iter().position(|&c| c == b'>').ok_or(Unreadable)? + 1;
                    } else if content[i] == b'(' {
                        // A string inside may hold ">>".
                        let mut d = 0;
                        while i < content.len() {
                            match content[i] {
                                b'\\' => i += 1,
                                b'(' => d += 1,
                                b')' => d -= 1,
                                _ => {}
                            }
                            i += 1;
                            if d == 0 {
                                break;
                            }
                        }
                    } else {
                        i += 1;
                    }
                }
                if depth != 0 {
                    return Err(Unreadable);
                }
                operands.push(Operand::Other);
            }
            b'<' => {
                let end = content[i..].iter().position(|&c| c == b'>').ok_or(Unreadable)?;
                let digits = content[i + 1..i + end].iter().filter(|c| c.is_ascii_hexdigit()).count();
                operands.push(Operand::Text(digits.div_ceil(2) as f32 * 0.5, &content[i..=i + end]));
                i += end + 1;
            }
            b'[' => {
                arrays.push((operands.len(), i));
                i += 1;
            }
            b']' => {
                let (start, from) = arrays.pop().ok_or(Unreadable)?;
                // A TJ array: its strings' widths less its adjustments.
                let width = operands[start..].iter().fold(0.0, |w, o| match o {
                    Operand::Text(t, _) => w + t,
                    Operand::Number(n) => w - n / 1000.0,
                    _ => w,
                });
                operands.truncate(start);
                operands.push(Operand::Text(width, &content[from..=i]));
                i += 1;
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < content.len() && !is_delimiter(content[i]) {
                    i += 1;
                }
                operands.push(Operand::Name(&content[start..i]));
            }
            b')' | b'>' | b'{' | b'}' => return Err(Unreadable),
            _ => {
                let start = i;
                while i < content.len() && !is_delimiter(content[i]) {
                    i += 1;
                }
                let token = &content[start..i];
                if matches!(token[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
                    let number = std::str::from_utf8(token).ok().and_then(|t| t.parse::<f32>().ok());
                    operands.push(number.map_or(Operand::Other, Operand::Number));
                } else if arrays.is_empty() {
                    if token == b"BI" {
                        // An inline image: its data is binary; its place is unknown.
                        return Err(Unreadable);
                    }
                    each(token, &operands);
                    operands.clear();
                } else {
                    // true, false, null inside an array.
                    operands.push(Operand::Other);
                }
            }
        }
    }
    Ok(())
}

/// The numbers among an operator's operands, in order (at most six are used).
fn numbers(operands: &[Operand]) -> ([f32; 6], usize) {
    let mut out = [0.0; 6];
    let mut n = 0;
    for o in operands {
        if let (Operand::Number(v), true) = (o, n < 6) {
            out[n] = *v;
            n += 1;
        }
    }
    (out, n)
}

/// Reads where the content of `page` lies.
pub(crate) fn page_content(doc: &Document, page: ObjectId) -> Drawn {
    let Ok(bytes) = doc.get_page_content(page) else { return Drawn::Unknown };
    let xobjects = page_xobjects(doc, page);
    let mut drawn: Option<Extent> = None;
    let mut path: Option<Extent> = None;
    let mut state = State { ctm: Matrix::IDENTITY, white_fill: false };
    let mut saved: Vec<State> = Vec::new();
    let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
    let (mut size, mut leading) = (12.0_f32, 0.0_f32);
    let mut unknown = false;
    let read = operations(&bytes, |op, operands| {
        let (v, n) = numbers(operands);
        let nums = &v[..n];
        let six = (n == 6).then_some(Matrix(v));
        let ctm = state.ctm;
        match op {
            b"q" => saved.push(state),
            b"Q" => state = saved.pop().unwrap_or(state),
            b"cm" => {
                if let Some(m) = six {
                    state.ctm = m.then(state.ctm);
                }
            }
            b"g" | b"rg" => state.white_fill = !nums.is_empty() && nums.iter().all(|&v| v >= 0.999),
            b"k" => state.white_fill = n == 4 && nums.iter().all(|&v| v <= 0.001),
            b"sc" | b"scn" => state.white_fill = matches!(n, 1 | 3) && nums.iter().all(|&v| v >= 0.999),
            b"cs" => state.white_fill = false,
            b"m" | b"l" if n == 2 => Extent::add(&mut path, ctm.apply(nums[0], nums[1])),
            b"c" | b"v" | b"y" => {
                for xy in nums.chunks_exact(2) {
                    Extent::add(&mut path, ctm.apply(xy[0], xy[1]));
                }
            }
            b"re" if n == 4 => {
                let [x, y, w, h] = [nums[0], nums[1], nums[2], nums[3]];
                for corner in Extent::corners(ctm, [x, y, x + w, y + h]) {
                    Extent::add(&mut path, corner);
                }
            }
            b"f" | b"F" | b"f*" if state.white_fill => path = None,
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                Extent::join(&mut drawn, path.take())
            }
            b"n" => path = None,
            b"BT" => (tm, tlm) = (Matrix::IDENTITY, Matrix::IDENTITY),
            b"Tf" => size = nums.first().copied().unwrap_or(size),
            b"TL" => leading = nums.first().copied().unwrap_or(leading),
            b"Td" | b"TD" if n == 2 => {
                if op == b"TD" {
                    leading = -nums[1];
                }
                tlm = Matrix::translate(nums[0], nums[1]).then(tlm);
                tm = tlm;
            }
            b"Tm" => {
                if let Some(m) = six {
                    (tm, tlm) = (m, m);
                }
            }
            b"T*" | b"'" | b"\"" => {
                tlm = Matrix::translate(0.0, -leading).then(tlm);
                tm = tlm;
                if op != b"T*" {
                    text_run(&mut drawn, &mut tm, ctm, size, operands.last());
                }
            }
            b"Tj" | b"TJ" => text_run(&mut drawn, &mut tm, ctm, size, operands.first()),
            b"Do" => {
                let Some(Operand::Name(name)) = operands.first() else { return };
                let Some(bbox) = xobject_box(doc, &xobjects, name) else { return };
                for corner in Extent::corners(bbox.0.then(ctm), bbox.1) {
                    Extent::add(&mut drawn, corner);
                }
            }
            b"sh" => unknown = true,
            _ => {}
        }
    });
    if read.is_err() || unknown {
        return Drawn::Unknown;
    }
    drawn.map_or(Drawn::Nothing, Drawn::Within)
}

/// The box an XObject fills in its own space, and the matrix into the user
/// space it is drawn in: a form's bounding box, an image's unit square.
fn xobject_box(doc: &Document, xobjects: &Dictionary, name: &[u8]) -> Option<(Matrix, [f32; 4])> {
    let dict = &doc.dereference(xobjects.get(name).ok()?).ok()?.1.as_stream().ok()?.dict;
    match dict.get(b"Subtype").and_then(Object::as_name) {
        Ok(b"Form") => {
            let matrix = dict.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|a| Matrix::of(a));
            Some((matrix.unwrap_or(Matrix::IDENTITY), rectangle(doc, dict.get(b"BBox").ok()?)?))
        }
        _ => Some((Matrix::IDENTITY, [0.0, 0.0, 1.0, 1.0])),
    }
}

/// Adds a shown string to `drawn` and moves the text matrix past it.
fn text_run(drawn: &mut Option<Extent>, tm: &mut Matrix, ctm: Matrix, size: f32, shown: Option<&Operand>) {
    let width = match shown {
        Some(Operand::Text(w, _)) => *w,
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
    fn strings_arrays_and_property_lists_are_read_whole() {
        let content = "/Span <</ActualText (a>>b\\) ]) /Alt <41>>> BDC BT /F1 10 Tf 72 30 Td [(a\\)b) -500 <6364>] TJ ET EMC";
        let Drawn::Within(e) = extent(content) else { panic!("{content}") };
        // (a\)b) is 3 bytes, 1.5 em; -500 adds half an em; <6364> is 2 bytes, 1 em.
        assert_eq!((e.min_x, e.max_x, e.min_y), (72.0, 72.0 + 30.0, 27.5));
        assert_eq!(extent("BT (unclosed Tj"), Drawn::Unknown);
        assert_eq!(extent("[1 2"), Drawn::Nothing, "an array left open draws nothing");
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
