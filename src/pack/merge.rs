//! Joins the pack's parts into one PDF with lopdf: pages in order, each
//! stamped with the pack's running page number and a footer, one bookmark per
//! item (sub-items nested), the document's title, author and language, one
//! structure tree of the parts' own, and identical streams (a font or image
//! two parts share) stored once.
//!
//! typst will not place PDF pages under PDF/UA, so the parts are joined
//! here: included reports keep their own text and tags, and each generated
//! part was typeset as tagged PDF/UA-1. The pack declares PDF/UA-1 only when
//! every part it joins does.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use rustc_hash::{FxHashMap, FxHashSet};

use super::extent::{Extent, Matrix};
use super::stamp::{place, stamp_forms, Placement, StampForm, StampText};
use super::structure::Structure;

/// Why the parts could not be joined.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MergeError {
    /// A part is not a PDF lopdf can read.
    #[error("{0}: not a PDF that can be read ({1})")]
    Unreadable(String, String),
    /// A part is password-protected.
    #[error("{0}: the PDF is encrypted; include an unprotected copy")]
    Encrypted(String),
    /// A part has no pages.
    #[error("{0}: the PDF has no pages")]
    Empty(String),
    /// The page stamps could not be typeset.
    #[error("cannot typeset the page stamps: {0}")]
    Stamps(String),
    /// Writing the joined PDF failed.
    #[error("cannot write the pack: {0}")]
    Write(String),
}

/// One part of the pack: a PDF and the bookmark that opens it.
pub(crate) struct Part {
    /// What it is, for messages: a file name or "the cover".
    pub(crate) name: String,
    /// The PDF, read once.
    pub(crate) doc: Document,
    /// The bookmark's title and whether it nests under the one before.
    pub(crate) bookmark: Option<(String, bool)>,
}

/// The pack's metadata and footer.
pub(crate) struct PackInfo {
    /// Document title.
    pub(crate) title: String,
    /// Document author (the council or committee).
    pub(crate) author: String,
    /// The footer stamped on every page: committee and date.
    pub(crate) footer: String,
}

/// Reads a part, refusing what cannot be joined.
pub(crate) fn load_part(name: &str, pdf: &[u8]) -> Result<Document, MergeError> {
    let doc = Document::load_mem(pdf).map_err(|e| MergeError::Unreadable(name.to_string(), e.to_string()))?;
    // lopdf opens a PDF whose user password is empty, but its owner's
    // restrictions would not survive the joining: refuse it all the same.
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(MergeError::Encrypted(name.to_string()));
    }
    if doc.get_pages().is_empty() {
        return Err(MergeError::Empty(name.to_string()));
    }
    Ok(doc)
}

/// The number of pages of a PDF.
pub(crate) fn page_count(name: &str, pdf: &[u8]) -> Result<usize, MergeError> {
    Ok(load_part(name, pdf)?.get_pages().len())
}

/// Page attributes a page may inherit from its ancestors in the page tree.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Copies inherited attributes onto each page, since pages get a new parent.
fn settle_inherited(doc: &mut Document) {
    for page_id in doc.get_pages().into_values() {
        let mut found: Vec<(&[u8], Object)> = Vec::new();
        let Ok(page) = doc.get_dictionary(page_id) else { continue };
        let missing: Vec<&[u8]> = INHERITED.into_iter().filter(|k| !page.has(k)).collect();
        let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
        let mut seen = HashSet::new();
        while let Some(id) = parent.filter(|id| seen.insert(*id)) {
            let Ok(node) = doc.get_dictionary(id) else { break };
            for key in &missing {
                if !found.iter().any(|(k, _)| k == key) {
                    if let Ok(value) = node.get(key) {
                        found.push((key, value.clone()));
                    }
                }
            }
            parent = node.get(b"Parent").and_then(Object::as_reference).ok();
        }
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            for (key, value) in found {
                page.set(key, value);
            }
        }
    }
}

/// The explicit destinations of a part's named destinations (typst links by name).
fn named_destinations(doc: &Document) -> HashMap<Vec<u8>, Object> {
    let mut out = HashMap::new();
    let Ok(catalog) = doc.catalog() else { return out };
    let tree = catalog
        .get(b"Names")
        .and_then(|n| doc.dereference(n).map(|(_, o)| o))
        .and_then(Object::as_dict)
        .and_then(|names| names.get(b"Dests"));
    let mut stack: Vec<&Object> = tree.into_iter().collect();
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        let Ok((id, node)) = doc.dereference(node) else { continue };
        if id.is_some_and(|id| !seen.insert(id)) {
            continue;
        }
        let Ok(dict) = node.as_dict() else { continue };
        if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
            stack.extend(kids.iter());
        }
        if let Ok(pairs) = dict.get(b"Names").and_then(Object::as_array) {
            for pair in pairs.chunks(2) {
                if let [Object::String(name, _), dest] = pair {
                    let dest = doc.dereference(dest).map(|(_, o)| o.clone()).unwrap_or(Object::Null);
                    // A destination may be a dictionary holding it under /D.
                    let dest = match &dest {
                        Object::Dictionary(d) => d.get(b"D").cloned().unwrap_or(Object::Null),
                        _ => dest,
                    };
                    out.insert(name.clone(), dest);
                }
            }
        }
    }
    out
}

/// Rewrites links by name into links to their page, so they survive the
/// part's catalog (which holds the names) being left behind.
fn resolve_named_links(doc: &mut Document) {
    let names = named_destinations(doc);
    if names.is_empty() {
        return;
    }
    let resolve = |o: &Object| match o {
        Object::String(name, _) | Object::Name(name) => names.get(name).cloned(),
        _ => None,
    };
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&id) else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link".as_slice()) {
            continue;
        }
        if let Some(dest) = dict.get(b"Dest").ok().and_then(resolve) {
            dict.set("Dest", dest);
        }
        if let Ok(Object::Dictionary(action)) = dict.get_mut(b"A") {
            if let Some(dest) = action.get(b"D").ok().and_then(resolve) {
                action.set("D", dest);
            }
        }
    }
}

/// The joined pack and what can be said of its accessibility.
pub(crate) struct Merged {
    /// The PDF.
    pub(crate) pdf: Vec<u8>,
    /// Its page count.
    pub(crate) pages: usize,
    /// The parts that brought no structure tree: their pages are untagged.
    pub(crate) untagged: Vec<String>,
    /// The parts that do not declare PDF/UA, so the pack cannot either.
    pub(crate) not_ua: Vec<String>,
}

/// Joins the parts, stamps every page, adds bookmarks, metadata and the one
/// structure tree of the tagged parts. `typeset_stamps` typesets the stamp
/// strips (one per page, in order) as a PDF of one page per strip.
pub(crate) fn merge(
    parts: Vec<Part>,
    info: &PackInfo,
    typeset_stamps: impl FnOnce(&[StampText]) -> anyhow::Result<Vec<u8>>,
) -> Result<Merged, MergeError> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut structure = Structure::new(&mut out);
    let mut page_ids: Vec<ObjectId> = Vec::new();
    let mut bookmarks: Vec<(String, bool, ObjectId)> = Vec::new();
    for part in parts {
        let mut doc = part.doc;
        settle_inherited(&mut doc);
        resolve_named_links(&mut doc);
        renumber(&mut doc, out.max_id + 1);
        structure.take(&part.name, &mut doc);
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if let Some((title, nested)) = &part.bookmark {
            bookmarks.push((title.clone(), *nested, pages[0]));
        }
        let structural: HashSet<ObjectId> = doc
            .objects
            .iter()
            .filter(|(_, o)| matches!(o.type_name(), Ok(b"Catalog" | b"Pages")))
            .map(|(id, _)| *id)
            .collect();
        out.max_id = out.max_id.max(doc.max_id);
        for (id, object) in doc.objects {
            if !structural.contains(&id) {
                out.objects.insert(id, object);
            }
        }
        for &page in &pages {
            if let Ok(dict) = out.get_dictionary_mut(page) {
                dict.set("Parent", pages_id);
            }
        }
        page_ids.extend(pages);
    }
    let count = page_ids.len();
    // Reading where each page's content lies is the costly part: on every core.
    let placements: Vec<Placement> = crate::core::parallel::map(&page_ids, |&page| place(&out, page));
    let texts: Vec<StampText> = placements
        .iter()
        .enumerate()
        .map(|(i, p)| StampText {
            width: p.width,
            footer: info.footer.clone(),
            number: format!("Page {} of {count}", i + 1),
        })
        .collect();
    let stamps = typeset_stamps(&texts).map_err(|e| MergeError::Stamps(format!("{e:#}")))?;
    let forms = stamp_forms(&mut out, &stamps)?;
    if forms.len() != count {
        return Err(MergeError::Stamps(format!("{} strips for {count} pages", forms.len())));
    }
    for ((&page, placement), form) in page_ids.iter().zip(&placements).zip(forms) {
        stamp(&mut out, page, placement, form)?;
    }
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", count as i64);
    pages.set("Kids", page_ids.iter().map(|&id| Object::Reference(id)).collect::<Vec<_>>());
    out.objects.insert(pages_id, Object::Dictionary(pages));
    let outlines = outline(&mut out, &bookmarks);
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", pages_id);
    catalog.set("Lang", Object::string_literal("en-GB"));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    if let Some(outlines) = outlines {
        catalog.set("Outlines", outlines);
    }
    let (untagged, not_ua) = (structure.untagged.clone(), structure.not_ua.clone());
    if !structure.is_empty() {
        catalog.set("StructTreeRoot", structure.finish(&mut out));
        let mut mark = Dictionary::new();
        mark.set("Marked", true);
        catalog.set("MarkInfo", mark);
    }
    if untagged.is_empty() && not_ua.is_empty() {
        let mut xmp = Stream::new(Dictionary::new(), ua_metadata(info).into_bytes());
        xmp.dict.set("Type", Object::Name(b"Metadata".to_vec()));
        xmp.dict.set("Subtype", Object::Name(b"XML".to_vec()));
        // Left uncompressed, as XMP readers that scan files expect.
        xmp.allows_compression = false;
        catalog.set("Metadata", out.add_object(xmp));
    }
    let catalog_id = out.add_object(catalog);
    let mut meta = Dictionary::new();
    meta.set("Title", lopdf::text_string(&info.title));
    meta.set("Author", lopdf::text_string(&info.author));
    meta.set("Creator", Object::string_literal("scorecard pack"));
    let info_id = out.add_object(meta);
    out.trailer = Dictionary::new();
    out.trailer.set("Root", catalog_id);
    out.trailer.set("Info", info_id);
    prune(&mut out);
    share_identical_streams(&mut out);
    renumber(&mut out, 1);
    out.compress();
    let bytes = super::write::write(&out).map_err(|e| MergeError::Write(e.to_string()))?;
    // Freeing a long pack's objects one by one took a tenth of its time on
    // the main thread (the 349-page bench pack); the file is ready before that.
    // Where no thread can be started, the document is freed here instead.
    let _ = std::thread::Builder::new().spawn(move || drop(out));
    Ok(Merged { pdf: bytes, pages: count, untagged, not_ua })
}

/// XMP metadata declaring PDF/UA-1, with the pack's title, author and language.
fn ua_metadata(info: &PackInfo) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&apos;")
    };
    format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" ",
            "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>",
            "<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>",
            "<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>",
            "<dc:format>application/pdf</dc:format><xmp:CreatorTool>scorecard pack</xmp:CreatorTool>",
            "<pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>"
        ),
        title = escape(&info.title),
        author = escape(&info.author)
    )
}

/// The name the stamp has in every page's resources.
const STAMP: &[u8] = b"ScorecardPackStamp";

/// Moves the page's content clear of the stamp's strip if it must, and
/// draws the stamp `form` along the foot of the page as a pagination artifact.
fn stamp(
    doc: &mut Document,
    page: ObjectId,
    placement: &Placement,
    form: StampForm,
) -> Result<(), MergeError> {
    let [a, b, c, d, e, f] = placement.to_page.0;
    let draw = format!(
        "/Artifact <</Type /Pagination /Subtype /Footer>> BDC q {a} {b} {c} {d} {e} {f} cm /{} Do Q EMC\n",
        String::from_utf8_lossy(STAMP)
    );
    // The page's own content may leave the graphics state changed: wrap it,
    // shrinking it first where it reaches into the strip.
    let contents = doc.get_page_contents(page);
    if !contents.is_empty() {
        let mut open = b"q\n".to_vec();
        if let Some(shrink) = placement.shrink {
            let [a, b, c, d, e, f] = shrink.0;
            open.extend(format!("{a} {b} {c} {d} {e} {f} cm\n").into_bytes());
            shrink_annotations(doc, page, shrink);
        }
        let open = doc.add_object(Stream::new(Dictionary::new(), open));
        let close = doc.add_object(Stream::new(Dictionary::new(), b"\nQ\n".to_vec()));
        let mut all = vec![Object::Reference(open)];
        all.extend(contents.iter().map(|&id| Object::Reference(id)));
        all.push(Object::Reference(close));
        if let Ok(p) = doc.get_dictionary_mut(page) {
            p.set("Contents", all);
        }
    }
    doc.add_page_contents(page, draw.into_bytes()).map_err(|e| MergeError::Write(e.to_string()))?;
    add_resource(doc, page, b"XObject", STAMP, Object::Reference(form.form));
    for (name, font) in form.fonts {
        add_resource(doc, page, b"Font", &name, font);
    }
    Ok(())
}

/// Moves the page's links and other annotations with its shrunk content.
fn shrink_annotations(doc: &mut Document, page: ObjectId, shrink: Matrix) {
    let annots: Vec<ObjectId> = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Annots").ok())
        .and_then(|a| doc.dereference(a).ok())
        .and_then(|(_, a)| a.as_array().ok())
        .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
        .unwrap_or_default();
    for id in annots {
        let Ok(annot) = doc.get_dictionary_mut(id) else { continue };
        for key in [&b"Rect"[..], b"QuadPoints"] {
            let Ok(Object::Array(values)) = annot.get_mut(key) else { continue };
            let nums: Vec<f32> = values.iter().filter_map(|v| v.as_float().ok()).collect();
            if nums.len() != values.len() || nums.len() % 2 != 0 {
                continue;
            }
            let moved: Vec<(f32, f32)> = nums.chunks_exact(2).map(|p| shrink.apply(p[0], p[1])).collect();
            *values = if key == b"Rect" && moved.len() == 2 {
                let mut extent = None;
                for corner in Extent::corners(shrink, [nums[0], nums[1], nums[2], nums[3]]) {
                    Extent::add(&mut extent, corner);
                }
                let Some(e) = extent else { continue };
                [e.min_x, e.min_y, e.max_x, e.max_y].into_iter().map(Object::Real).collect()
            } else {
                moved.into_iter().flat_map(|(x, y)| [Object::Real(x), Object::Real(y)]).collect()
            };
        }
    }
}

/// Puts `value` under `name` in the page's `kind` resources (`Font`, `XObject`).
fn add_resource(doc: &mut Document, page: ObjectId, kind: &[u8], name: &[u8], value: Object) {
    let resources = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, r)| r.as_dict().ok().cloned())
        .unwrap_or_default();
    let mut entries = resources
        .get(kind)
        .ok()
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok().cloned())
        .unwrap_or_default();
    entries.set(name, value);
    let mut resources = resources;
    resources.set(kind, entries);
    if let Ok(p) = doc.get_dictionary_mut(page) {
        p.set("Resources", resources);
    }
}

/// The outline: one entry per bookmark, nested ones under the entry before.
fn outline(doc: &mut Document, bookmarks: &[(String, bool, ObjectId)]) -> Option<ObjectId> {
    if bookmarks.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    // Top-level entries, each with its nested entries.
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (_, nested, _)) in bookmarks.iter().enumerate() {
        match tree.last_mut() {
            Some((_, kids)) if *nested => kids.push(i),
            _ => tree.push((i, Vec::new())),
        }
    }
    let ids: Vec<ObjectId> = bookmarks.iter().map(|_| doc.new_object_id()).collect();
    let entry = |i: usize, parent: ObjectId, prev: Option<usize>, next: Option<usize>| {
        let (title, _, page) = &bookmarks[i];
        let mut d = Dictionary::new();
        d.set("Title", lopdf::text_string(title));
        d.set("Parent", parent);
        d.set("Dest", vec![Object::Reference(*page), Object::Name(b"Fit".to_vec())]);
        if let Some(p) = prev {
            d.set("Prev", ids[p]);
        }
        if let Some(n) = next {
            d.set("Next", ids[n]);
        }
        d
    };
    let mut objects: BTreeMap<ObjectId, Dictionary> = BTreeMap::new();
    for (t, (top, kids)) in tree.iter().enumerate() {
        let prev = t.checked_sub(1).map(|p| tree[p].0);
        let next = tree.get(t + 1).map(|n| n.0);
        let mut d = entry(*top, root, prev, next);
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            d.set("First", ids[*first]);
            d.set("Last", ids[*last]);
            d.set("Count", kids.len() as i64);
        }
        objects.insert(ids[*top], d);
        for (k, &kid) in kids.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| kids[p]);
            let next = kids.get(k + 1).copied();
            objects.insert(ids[kid], entry(kid, ids[*top], prev, next));
        }
    }
    for (id, d) in objects {
        doc.objects.insert(id, Object::Dictionary(d));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", ids[tree[0].0]);
    outlines.set("Last", ids[tree[tree.len() - 1].0]);
    outlines.set("Count", tree.len() as i64);
    doc.objects.insert(root, Object::Dictionary(outlines));
    Some(root)
}

/// Numbers the document's objects from `first` in their present order, in
/// one pass over the objects: lopdf's own renumbering walks the whole
/// document once per object it moves, most of a large pack's time.
pub(crate) fn renumber(doc: &mut Document, first: u32) {
    let objects = std::mem::take(&mut doc.objects);
    let new: FxHashMap<ObjectId, ObjectId> =
        objects.keys().enumerate().map(|(i, &id)| (id, (first + i as u32, 0))).collect();
    // A reference to an object that is not there stays one, to an unused number.
    let missing = (first + objects.len() as u32, 0);
    fn redirect(object: &mut Object, new: &FxHashMap<ObjectId, ObjectId>, missing: ObjectId) {
        match object {
            Object::Reference(id) => *id = new.get(id).copied().unwrap_or(missing),
            Object::Array(a) => a.iter_mut().for_each(|o| redirect(o, new, missing)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| redirect(o, new, missing)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| redirect(o, new, missing)),
            _ => {}
        }
    }
    for (id, mut object) in objects {
        redirect(&mut object, &new, missing);
        doc.objects.insert(new[&id], object);
    }
    doc.trailer.iter_mut().for_each(|(_, o)| redirect(o, &new, missing));
    doc.max_id = missing.0;
}

/// Every object reachable from the trailer.
fn reachable(doc: &Document) -> FxHashSet<ObjectId> {
    fn refs(object: &Object, out: &mut Vec<ObjectId>) {
        match object {
            Object::Reference(id) => out.push(*id),
            Object::Array(a) => a.iter().for_each(|o| refs(o, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, o)| refs(o, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, o)| refs(o, out)),
            _ => {}
        }
    }
    let mut seen = FxHashSet::default();
    let mut todo = Vec::new();
    doc.trailer.iter().for_each(|(_, o)| refs(o, &mut todo));
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            if let Some(o) = doc.objects.get(&id) {
                refs(o, &mut todo);
            }
        }
    }
    seen
}

/// Drops what nothing refers to: the parts' structure trees, names and metadata.
fn prune(doc: &mut Document) {
    let keep = reachable(doc);
    doc.objects.retain(|id, _| keep.contains(id));
}

/// Stores each stream once when several are byte-for-byte the same (the
/// same logo or font in two reports), pointing every reference at the first.
fn share_identical_streams(doc: &mut Document) {
    // Streams by a hash of their dictionary and bytes, confirmed byte for byte.
    let mut first: FxHashMap<u64, Vec<(ObjectId, String, &Stream)>> = FxHashMap::default();
    let mut same: FxHashMap<ObjectId, ObjectId> = FxHashMap::default();
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else { continue };
        // Streams that refer to other objects are left alone: equal bytes
        // could still mean different resources.
        if stream.dict.iter().any(|(_, v)| matches!(v, Object::Reference(_))) {
            continue;
        }
        let dict = format!("{:?}", stream.dict);
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            (&dict, &stream.content).hash(&mut h);
            h.finish()
        };
        let alike = first.entry(key).or_default();
        match alike.iter().find(|(_, d, s)| *d == dict && s.content == stream.content) {
            Some((original, _, _)) => {
                same.insert(*id, *original);
            }
            None => alike.push((*id, dict, stream)),
        }
    }
    if same.is_empty() {
        return;
    }
    fn redirect(object: &mut Object, same: &FxHashMap<ObjectId, ObjectId>) {
        match object {
            Object::Reference(id) => {
                if let Some(original) = same.get(id) {
                    *id = *original;
                }
            }
            Object::Array(a) => a.iter_mut().for_each(|o| redirect(o, same)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| redirect(o, same)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| redirect(o, same)),
            _ => {}
        }
    }
    for object in doc.objects.values_mut() {
        redirect(object, &same);
    }
    // Nothing refers to the copies now.
    doc.objects.retain(|id, _| !same.contains_key(id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn renumbering_keeps_every_reference_and_breaks_no_dangling_one_into_a_real_one() {
        let mut doc = Document::with_version("1.7");
        doc.objects.insert((7, 0), Object::Dictionary(dictionary! { "Next" => (9, 0), "Gone" => (8, 0) }));
        doc.objects.insert((9, 0), Object::Array(vec![Object::Reference((7, 0))]));
        doc.trailer.set("Root", (9, 0));
        renumber(&mut doc, 20);
        assert_eq!(doc.objects.keys().copied().collect::<Vec<_>>(), [(20, 0), (21, 0)]);
        let first = doc.get_dictionary((20, 0)).unwrap();
        assert_eq!(first.get(b"Next").unwrap().as_reference().unwrap(), (21, 0));
        assert_eq!(first.get(b"Gone").unwrap().as_reference().unwrap(), (22, 0), "still points at nothing");
        assert_eq!(doc.trailer.get(b"Root").unwrap().as_reference().unwrap(), (21, 0));
        assert_eq!(doc.max_id, 22);
    }
}
