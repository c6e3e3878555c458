//! The pack's one structure tree, made of its parts' own: each tagged part
//! becomes a `Part` of one `Document`, its marked-content keys moved past
//! those of the parts before it and its element IDs (which table cells name
//! as their headers) made unique in the pack. A screen reader then reads the
//! pack as one tagged document; an untagged report stays untagged.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The structure gathered from the parts so far.
pub(crate) struct Structure {
    /// The pack's `Document` element, whose kids are the parts.
    document: ObjectId,
    /// The top element of each tagged part.
    parts: Vec<ObjectId>,
    /// The parent tree: marked-content key → what it belongs to.
    nums: Vec<(i64, Object)>,
    /// The next free marked-content key.
    next_key: i64,
    /// Element IDs and their elements.
    ids: Vec<(Vec<u8>, Object)>,
    /// Custom structure types and the standard ones they stand for.
    roles: Dictionary,
    /// Attribute classes.
    classes: Dictionary,
    /// The parts that have no structure tree, by name.
    pub(crate) untagged: Vec<String>,
    /// The parts that do not declare PDF/UA, by name.
    pub(crate) not_ua: Vec<String>,
}

/// A name tree or number tree, flattened to its pairs in order.
fn tree_pairs(doc: &Document, tree: &Object, leaf: &[u8]) -> Vec<(Object, Object)> {
    let mut out = Vec::new();
    let mut stack = vec![tree.clone()];
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        let Ok((id, node)) = doc.dereference(&node) else { continue };
        if id.is_some_and(|id| !seen.insert(id)) {
            continue;
        }
        let Ok(dict) = node.as_dict() else { continue };
        if let Ok(pairs) = dict.get(leaf).and_then(Object::as_array) {
            out.extend(pairs.chunks_exact(2).map(|p| (p[0].clone(), p[1].clone())));
        }
        if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
            stack.extend(kids.iter().rev().cloned());
        }
    }
    out
}

/// A dictionary that `value` is or refers to, copied.
fn dict_of(doc: &Document, value: Option<&Object>) -> Dictionary {
    value
        .and_then(|v| doc.dereference(v).ok())
        .and_then(|(_, v)| v.as_dict().ok().cloned())
        .unwrap_or_default()
}

/// Whether the document's XMP metadata declares PDF/UA.
fn declares_ua(doc: &Document, catalog: &Dictionary) -> bool {
    let Ok(id) = catalog.get(b"Metadata").and_then(Object::as_reference) else { return false };
    let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { return false };
    let xmp = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let xmp = String::from_utf8_lossy(&xmp);
    xmp.contains("pdfuaid:part>1<") || xmp.contains("pdfuaid:part=\"1\"")
}

/// Adds `offset` to every `StructParent(s)` key in `object`: pages, forms
/// and annotations name their place in the parent tree with them.
fn shift_keys(object: &mut Object, offset: i64) {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &mut s.dict,
        Object::Array(a) => {
            a.iter_mut().for_each(|o| shift_keys(o, offset));
            return;
        }
        _ => return,
    };
    for (key, value) in dict.iter_mut() {
        match (key.as_slice(), &mut *value) {
            (b"StructParent" | b"StructParents", Object::Integer(n)) => *n += offset,
            (_, v @ (Object::Dictionary(_) | Object::Array(_))) => shift_keys(v, offset),
            _ => {}
        }
    }
}

/// `prefix` + the string `value`, if it is one.
fn prefixed(prefix: &[u8], value: &Object) -> Option<Object> {
    match value {
        Object::String(s, format) => Some(Object::String([prefix, s].concat(), *format)),
        _ => None,
    }
}

/// Prefixes the strings of every `Headers` array in an element's attributes.
fn prefix_headers(attributes: &mut Object, prefix: &[u8]) {
    match attributes {
        Object::Array(a) => a.iter_mut().for_each(|o| prefix_headers(o, prefix)),
        Object::Dictionary(d) => {
            if let Ok(Object::Array(headers)) = d.get_mut(b"Headers") {
                for h in headers.iter_mut() {
                    if let Some(p) = prefixed(prefix, h) {
                        *h = p;
                    }
                }
            }
        }
        _ => {}
    }
}

impl Structure {
    /// An empty structure whose `Document` element will have the id it reserves in `out`.
    pub(crate) fn new(out: &mut Document) -> Structure {
        Structure {
            document: out.new_object_id(),
            parts: Vec::new(),
            nums: Vec::new(),
            next_key: 0,
            ids: Vec::new(),
            roles: Dictionary::new(),
            classes: Dictionary::new(),
            untagged: Vec::new(),
            not_ua: Vec::new(),
        }
    }

    /// Takes a part's structure tree into the pack's. Call it once the part
    /// is numbered in the pack's object space and before its objects move.
    pub(crate) fn take(&mut self, name: &str, doc: &mut Document) {
        let Ok(catalog) = doc.catalog().cloned() else {
            self.untagged.push(name.to_string());
            return;
        };
        if !declares_ua(doc, &catalog) {
            self.not_ua.push(name.to_string());
        }
        let root = dict_of(doc, catalog.get(b"StructTreeRoot").ok());
        if root.is_empty() {
            self.untagged.push(name.to_string());
            return;
        }
        let offset = self.next_key;
        let nums: Vec<(i64, Object)> = root
            .get(b"ParentTree")
            .map(|t| tree_pairs(doc, t, b"Nums"))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| k.as_i64().ok().map(|k| (k + offset, v)))
            .collect();
        let next = root.get(b"ParentTreeNextKey").and_then(Object::as_i64).unwrap_or(0);
        let highest = nums.iter().map(|(k, _)| k + 1).max().unwrap_or(offset);
        self.next_key = highest.max(offset + next);
        self.nums.extend(nums);
        for object in doc.objects.values_mut() {
            shift_keys(object, offset);
        }
        let prefix = format!("p{}-", self.parts.len() + self.untagged.len()).into_bytes();
        if let Ok(tree) = root.get(b"IDTree") {
            for (key, value) in tree_pairs(doc, tree, b"Names") {
                if let Some(Object::String(key, _)) = prefixed(&prefix, &key) {
                    self.ids.push((key, value));
                }
            }
        }
        for (key, value) in dict_of(doc, root.get(b"RoleMap").ok()) {
            if !self.roles.has(&key) {
                self.roles.set(key, value);
            }
        }
        for (key, value) in dict_of(doc, root.get(b"ClassMap").ok()) {
            if !self.classes.has(&key) {
                self.classes.set(key, value);
            }
        }
        let tops: Vec<ObjectId> = match root.get(b"K") {
            Ok(Object::Reference(id)) => vec![*id],
            Ok(Object::Array(kids)) => kids.iter().filter_map(|k| k.as_reference().ok()).collect(),
            _ => Vec::new(),
        };
        self.rename_ids(doc, &tops, &prefix);
        let top = match tops.as_slice() {
            [one]
                if doc.get_dictionary(*one).and_then(|d| d.get(b"S")).and_then(Object::as_name).ok()
                    == Some(b"Document") =>
            {
                if let Ok(d) = doc.get_dictionary_mut(*one) {
                    d.set("S", Object::Name(b"Part".to_vec()));
                }
                *one
            }
            _ => {
                let part = doc.new_object_id();
                let mut d = Dictionary::new();
                d.set("Type", Object::Name(b"StructElem".to_vec()));
                d.set("S", Object::Name(b"Part".to_vec()));
                d.set("K", tops.iter().map(|&t| Object::Reference(t)).collect::<Vec<_>>());
                doc.objects.insert(part, Object::Dictionary(d));
                for &t in &tops {
                    if let Ok(d) = doc.get_dictionary_mut(t) {
                        d.set("P", part);
                    }
                }
                part
            }
        };
        if let Ok(d) = doc.get_dictionary_mut(top) {
            d.set("P", self.document);
        }
        self.parts.push(top);
    }

    /// Prefixes the ID of every element under `tops`, and the IDs their
    /// table cells name as headers.
    fn rename_ids(&self, doc: &mut Document, tops: &[ObjectId], prefix: &[u8]) {
        let mut stack = tops.to_vec();
        let mut seen = HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Ok(element) = doc.get_dictionary_mut(id) else { continue };
            if let Some(renamed) = element.get(b"ID").ok().and_then(|v| prefixed(prefix, v)) {
                element.set("ID", renamed);
            }
            if let Ok(attributes) = element.get_mut(b"A") {
                prefix_headers(attributes, prefix);
            }
            match element.get(b"K") {
                Ok(Object::Reference(kid)) => stack.push(*kid),
                Ok(Object::Array(kids)) => stack.extend(kids.iter().filter_map(|k| k.as_reference().ok())),
                _ => {}
            }
        }
    }

    /// Whether no part had a structure tree.
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Writes the pack's structure tree into `out` and returns its root.
    pub(crate) fn finish(mut self, out: &mut Document) -> ObjectId {
        let root = out.new_object_id();
        let mut document = Dictionary::new();
        document.set("Type", Object::Name(b"StructElem".to_vec()));
        document.set("S", Object::Name(b"Document".to_vec()));
        document.set("P", root);
        document.set("K", self.parts.iter().map(|&p| Object::Reference(p)).collect::<Vec<_>>());
        out.objects.insert(self.document, Object::Dictionary(document));
        self.nums.sort_by_key(|(k, _)| *k);
        let mut parent_tree = Dictionary::new();
        parent_tree.set(
            "Nums",
            self.nums.into_iter().flat_map(|(k, v)| [Object::Integer(k), v]).collect::<Vec<_>>(),
        );
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
        tree.set("K", vec![Object::Reference(self.document)]);
        tree.set("ParentTree", parent_tree);
        tree.set("ParentTreeNextKey", self.next_key);
        if !self.roles.is_empty() {
            tree.set("RoleMap", self.roles);
        }
        if !self.classes.is_empty() {
            tree.set("ClassMap", self.classes);
        }
        if !self.ids.is_empty() {
            self.ids.sort_by(|a, b| a.0.cmp(&b.0));
            let names: Vec<Object> = self
                .ids
                .into_iter()
                .flat_map(|(k, v)| [Object::String(k, lopdf::StringFormat::Literal), v])
                .collect();
            let mut id_tree = Dictionary::new();
            id_tree.set("Names", names);
            tree.set("IDTree", id_tree);
        }
        out.objects.insert(root, Object::Dictionary(tree));
        root
    }
}
