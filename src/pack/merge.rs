//! Joins the pack's parts into one PDF with lopdf: pages in order, each
//! stamped with the pack's running page number and a footer, one bookmark per
//! item (sub-items nested), the document's title, author and language, and
//! identical streams (a font or image two parts share) stored once.
//!
//! typst will not place PDF pages under PDF/UA, so the parts are joined
//! here: included reports keep their own text, and each generated part was
//! typeset as tagged PDF/UA-1, but the joined file has no one structure tree
//! and so claims no standard.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

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
    /// Writing the joined PDF failed.
    #[error("cannot write the pack: {0}")]
    Write(String),
}

/// One part of the pack: a PDF and the bookmark that opens it.
pub(crate) struct Part {
    /// What it is, for messages: a file name or "the cover".
    pub(crate) name: String,
    /// The PDF.
    pub(crate) pdf: Vec<u8>,
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
    if doc.is_encrypted() {
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

/// Joins the parts, stamps every page, adds bookmarks and metadata.
pub(crate) fn merge(parts: &[Part], info: &PackInfo) -> Result<Vec<u8>, MergeError> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut page_ids: Vec<ObjectId> = Vec::new();
    let mut bookmarks: Vec<(String, bool, ObjectId)> = Vec::new();
    for part in parts {
        let mut doc = load_part(&part.name, &part.pdf)?;
        settle_inherited(&mut doc);
        resolve_named_links(&mut doc);
        doc.renumber_objects_with(out.max_id + 1);
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
                // Tags of the part's own structure tree, which is not kept.
                dict.remove(b"StructParents");
            }
        }
        page_ids.extend(pages);
    }
    let count = page_ids.len();
    for (i, &page) in page_ids.iter().enumerate() {
        stamp(&mut out, page, &info.footer, &format!("Page {} of {count}", i + 1))?;
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
    prune(&mut out);
    out.renumber_objects();
    out.compress();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(|e| MergeError::Write(e.to_string()))?;
    Ok(bytes)
}

/// The name the stamp's font has in every page's resources.
const STAMP_FONT: &[u8] = b"ScorecardPackStamp";

/// Draws the footer at the bottom left and the page number at the bottom
/// right of `page`, in the lowest 14 points, marked as pagination artifacts.
fn stamp(doc: &mut Document, page: ObjectId, footer: &str, number: &str) -> Result<(), MergeError> {
    let media = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"MediaBox").ok())
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, m)| m.as_array().ok())
        .map(|a| a.iter().map(|v| v.as_float().unwrap_or(0.0)).collect::<Vec<f32>>())
        .filter(|a| a.len() == 4)
        .unwrap_or_else(|| vec![0.0, 0.0, 595.0, 842.0]);
    let (x0, y0, x1) = (media[0], media[1], media[2]);
    let size = 7.0;
    // Helvetica's figures and most letters are about 0.55 em wide.
    let number_width = number.chars().count() as f32 * size * 0.55;
    let text = |x: f32, s: &str| {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Object::Name(STAMP_FONT.to_vec()), size.into()]),
            Operation::new("Td", vec![x.into(), (y0 + 10.0).into()]),
            Operation::new("Tj", vec![Object::String(win_ansi(s), StringFormat::Literal)]),
            Operation::new("ET", vec![]),
        ]
    };
    let mut ops = vec![
        Operation::new(
            "BDC",
            vec![Object::Name(b"Artifact".to_vec()), {
                let mut d = Dictionary::new();
                d.set("Type", Object::Name(b"Pagination".to_vec()));
                Object::Dictionary(d)
            }],
        ),
        Operation::new("q", vec![]),
        Operation::new("rg", vec![0.35.into(), 0.35.into(), 0.35.into()]),
    ];
    ops.extend(text(x0 + 36.0, footer));
    ops.extend(text(x1 - 36.0 - number_width, number));
    ops.push(Operation::new("Q", vec![]));
    ops.push(Operation::new("EMC", vec![]));
    let content = Content { operations: ops }.encode().map_err(|e| MergeError::Write(e.to_string()))?;
    // The page's own content may leave the graphics state changed: wrap it.
    let contents = doc.get_page_contents(page);
    if !contents.is_empty() {
        let open = doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
        let close = doc.add_object(Stream::new(Dictionary::new(), b"\nQ\n".to_vec()));
        let mut all = vec![Object::Reference(open)];
        all.extend(contents.iter().map(|&id| Object::Reference(id)));
        all.push(Object::Reference(close));
        if let Ok(p) = doc.get_dictionary_mut(page) {
            p.set("Contents", all);
        }
    }
    doc.add_page_contents(page, content).map_err(|e| MergeError::Write(e.to_string()))?;
    add_stamp_font(doc, page);
    Ok(())
}

/// Puts Helvetica under `STAMP_FONT` in the page's resources.
fn add_stamp_font(doc: &mut Document, page: ObjectId) {
    let resources = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, r)| r.as_dict().ok().cloned())
        .unwrap_or_default();
    let mut fonts = resources
        .get(b"Font")
        .ok()
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok().cloned())
        .unwrap_or_default();
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    font.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    fonts.set(STAMP_FONT, font);
    let mut resources = resources;
    resources.set("Font", fonts);
    if let Ok(p) = doc.get_dictionary_mut(page) {
        p.set("Resources", resources);
    }
}

/// Text in the Windows-1252 encoding of the stamp's font; what it lacks is "?".
fn win_ansi(text: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    bytes.into_owned()
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

/// Every object reachable from the trailer.
fn reachable(doc: &Document) -> HashSet<ObjectId> {
    fn refs(object: &Object, out: &mut Vec<ObjectId>) {
        match object {
            Object::Reference(id) => out.push(*id),
            Object::Array(a) => a.iter().for_each(|o| refs(o, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, o)| refs(o, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, o)| refs(o, out)),
            _ => {}
        }
    }
    let mut seen = HashSet::new();
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
    let mut first: HashMap<Vec<u8>, ObjectId> = HashMap::new();
    let mut same: HashMap<ObjectId, ObjectId> = HashMap::new();
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else { continue };
        // Streams that refer to other objects are left alone: equal bytes
        // could still mean different resources.
        if stream.dict.iter().any(|(_, v)| matches!(v, Object::Reference(_))) {
            continue;
        }
        let mut key = format!("{:?}", stream.dict).into_bytes();
        key.extend_from_slice(&stream.content);
        match first.get(&key) {
            Some(&original) => {
                same.insert(*id, original);
            }
            None => {
                first.insert(key, *id);
            }
        }
    }
    if same.is_empty() {
        return;
    }
    fn redirect(object: &mut Object, same: &HashMap<ObjectId, ObjectId>) {
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
}
