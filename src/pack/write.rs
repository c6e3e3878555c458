//! Writes the joined pack as PDF 1.7 with object streams and a compressed
//! cross-reference stream, as lopdf's `save_modern` does, but serialising
//! and compressing on every core: writing was a fifth of a long pack's time,
//! all of it on one core, and lopdf serialises each packed object three times.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// Objects per object stream, as lopdf packs them.
const PER_STREAM: usize = 100;
/// Indirect objects written per task.
const PER_TASK: usize = 64;

/// Where the cross-reference stream finds an object.
#[derive(Clone, Copy)]
enum Entry {
    /// Free: object 0, and numbers nothing has.
    Free,
    /// At this byte offset in the file, with its generation.
    At(usize, u16),
    /// The `index`th object of the object stream with this number.
    Packed { stream: u32, index: usize },
}

/// Whether `object` may go in an object stream (PDF 1.7, 7.5.7): not a
/// stream, of generation 0, not the encryption dictionary `encrypt`.
fn packable(id: ObjectId, object: &Object, encrypt: Option<ObjectId>) -> bool {
    !matches!(object, Object::Stream(_)) && id.1 == 0 && Some(id) != encrypt
}

/// `bytes` compressed with zlib (Flate), as lopdf compresses object streams.
fn deflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::new(6));
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Appends `object` in PDF syntax, as lopdf's writer does (which it does not
/// export): names with `#` escapes, literal strings with `\\`, `(`, `)` and
/// carriage returns escaped, a stream's dictionary as it stands.
fn serialise(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(name) => name_of(out, name),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &byte in text {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in text {
                out.extend_from_slice(format!("{byte:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialise(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            entries_of(out, dict);
            out.extend_from_slice(b">>");
        }
        Object::Stream(stream) => {
            out.extend_from_slice(b"<<");
            entries_of(out, &stream.dict);
            out.extend_from_slice(b">>stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => out.extend_from_slice(format!("{} {} R", id.0, id.1).as_bytes()),
    }
}

/// A dictionary's entries, without its `<<` and `>>`.
fn entries_of(out: &mut Vec<u8>, dict: &Dictionary) {
    for (key, value) in dict {
        name_of(out, key);
        out.push(b' ');
        serialise(out, value);
    }
}

/// A name: `/`, then its bytes, white space, delimiters, `#` and bytes
/// outside `!`..=`~` written as `#XX`.
fn name_of(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            out.extend_from_slice(format!("#{byte:02X}").as_bytes());
        } else {
            out.push(byte);
        }
    }
}

/// One object stream's dictionary values and compressed content.
struct Packed {
    count: usize,
    first: usize,
    content: Vec<u8>,
}

/// An object with its number.
type Numbered<'a> = (ObjectId, &'a Object);

/// Serialises `objects` into one object stream: the numbers and offsets,
/// then the objects, each once.
fn pack(objects: &[Numbered]) -> std::io::Result<Packed> {
    let mut body = Vec::new();
    let mut table = String::new();
    for (id, object) in objects {
        table.push_str(&format!("{} {} ", id.0, body.len()));
        serialise(&mut body, object);
        body.push(b'\n');
    }
    let mut content = table.into_bytes();
    let first = content.len();
    content.extend_from_slice(&body);
    Ok(Packed { count: objects.len(), first, content: deflate(&content)? })
}

/// Serialises `objects` as indirect objects, one after another; with each
/// one's offset from the start of the returned bytes.
fn indirect(objects: &[Numbered]) -> std::io::Result<(Vec<u8>, Vec<usize>)> {
    let mut out = Vec::new();
    let mut offsets = Vec::with_capacity(objects.len());
    for (id, object) in objects {
        offsets.push(out.len());
        writeln!(out, "{} {} obj", id.0, id.1)?;
        serialise(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
    }
    Ok((out, offsets))
}

/// `doc` as a PDF file: its streams as indirect objects, every other object
/// in object streams of `PER_STREAM`, then a Flate-compressed
/// cross-reference stream carrying the trailer. The same document always
/// gives the same bytes.
pub(crate) fn write(doc: &Document) -> std::io::Result<Vec<u8>> {
    let encrypt = doc.trailer.get(b"Encrypt").and_then(Object::as_reference).ok();
    let (packed, direct): (Vec<Numbered>, Vec<Numbered>) =
        doc.objects.iter().map(|(&id, o)| (id, o)).partition(|(id, o)| packable(*id, o, encrypt));
    let chunks: Vec<&[Numbered]> = packed.chunks(PER_STREAM).collect();
    let streams = crate::core::parallel::map(&chunks, |chunk| pack(chunk));
    let tasks: Vec<&[Numbered]> = direct.chunks(PER_TASK).collect();
    let written = crate::core::parallel::map(&tasks, |task| indirect(task));

    // New numbers after every number in use, whatever `max_id` says.
    let max_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0).max(doc.max_id);
    let stream_ids = (max_id + 1..).take(chunks.len());
    let xref_id = max_id + 1 + chunks.len() as u32;
    let size = xref_id as usize + 1;
    let mut entries = vec![Entry::Free; size];
    let mut out = Vec::new();
    // A comment of high bytes tells transfer programs the file is binary.
    out.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    for (task, result) in tasks.iter().zip(written) {
        let (bytes, offsets) = result?;
        for ((id, _), offset) in task.iter().zip(offsets) {
            entries[id.0 as usize] = Entry::At(out.len() + offset, id.1);
        }
        out.extend_from_slice(&bytes);
    }
    for ((chunk, result), stream) in chunks.iter().zip(streams).zip(stream_ids) {
        let packed = result?;
        for (index, (id, _)) in chunk.iter().enumerate() {
            entries[id.0 as usize] = Entry::Packed { stream, index };
        }
        entries[stream as usize] = Entry::At(out.len(), 0);
        write!(
            out,
            "{stream} 0 obj\n<</Type/ObjStm/N {}/First {}/Filter/FlateDecode/Length {}>>stream\n",
            packed.count,
            packed.first,
            packed.content.len()
        )?;
        out.extend_from_slice(&packed.content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let xref_start = out.len();
    entries[xref_id as usize] = Entry::At(xref_start, 0);
    // Entries of 1 + 4 + 2 bytes: type, offset or stream, generation or index.
    let mut table = Vec::with_capacity(size * 7);
    for entry in &entries {
        let (kind, field, index) = match *entry {
            Entry::Free => (0u8, 0u32, 0xffffu16),
            Entry::At(offset, generation) => {
                (1, u32::try_from(offset).map_err(std::io::Error::other)?, generation)
            }
            Entry::Packed { stream, index } => {
                (2, stream, u16::try_from(index).map_err(std::io::Error::other)?)
            }
        };
        table.push(kind);
        table.extend_from_slice(&field.to_be_bytes());
        table.extend_from_slice(&index.to_be_bytes());
    }
    let table = deflate(&table)?;
    let mut trailer = doc.trailer.clone();
    // What this stream says of itself replaces what a loaded trailer said.
    for key in [
        b"Prev".as_slice(),
        b"XRefStm",
        b"Size",
        b"Filter",
        b"DecodeParms",
        b"Type",
        b"W",
        b"Index",
        b"Length",
    ] {
        trailer.remove(key);
    }
    // The trailer's own entries, then the stream's, in one dictionary.
    write!(out, "{xref_id} 0 obj\n<<")?;
    entries_of(&mut out, &trailer);
    writeln!(out, "/Type/XRef/Size {size}/W[1 4 2]/Filter/FlateDecode/Length {}>>stream", table.len())?;
    out.extend_from_slice(&table);
    write!(out, "\nendstream\nendobj\nstartxref\n{xref_start}\n%%EOF")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, b"BT /F1 12 Tf (Hi) Tj ET".to_vec()));
        // More objects than one object stream holds.
        let mut kids = Vec::new();
        for i in 0..(PER_STREAM + 30) {
            let page = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages, "Contents" => content, "N" => i as i64,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            });
            kids.push(Object::Reference(page));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let bytes = write(&doc).unwrap();
        assert_eq!(write(&doc).unwrap(), bytes, "the same bytes every time");
        let back = Document::load_mem(&bytes).unwrap();
        assert_eq!(back.get_pages().len(), PER_STREAM + 30);
        for (id, object) in &doc.objects {
            let read = back.get_object(*id).unwrap();
            match (object, read) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "object {id:?}"),
            }
        }
        let last = back.get_dictionary(doc.get_pages()[&(PER_STREAM as u32 + 30)]).unwrap();
        assert_eq!(last.get(b"N").unwrap().as_i64().unwrap(), PER_STREAM as i64 + 29);
    }
}
