//! A long xlsx sheet parsed on every core. Parsing a sheet's XML is most of
//! reading a national workbook, and calamine parses a sheet on one thread; so
//! the sheet's XML is cut at row boundaries into pieces, and each piece is
//! parsed by calamine as the sheet of a workbook of its own (the original's
//! other parts, the piece as the sheet), so every cell means what calamine
//! makes of it in the whole sheet: the same shared strings, styles, dates.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use memchr::memmem;
use quick_xml::events::{BytesStart, Event};

use super::sheet::{parse_rows, Rows};
use super::Cell;

/// How much of a sheet's XML each piece holds, at least: a few thousand rows.
pub(super) const PIECE: usize = 2 << 20;
/// Pieces read but not yet given to the caller, at most: enough to keep
/// every core parsing while the caller looks for merged cells.
const IN_FLIGHT: usize = 8;
/// The sheet's opening, up to its rows, is looked for in this much of it.
const MAX_PREFIX: usize = 4 << 20;
/// How much of a sheet's first rows is looked at for a row a piece could start at.
const PEEK: usize = 1 << 16;
/// The most read of a workbook's relationships or sheet list: far more than any has.
const MAX_PART: u64 = 4 << 20;

type ZipReader = zip::ZipArchive<BufReader<std::fs::File>>;

/// How to cut a workbook's sheet into pieces: the sheet's part, its XML up
/// to and including `<sheetData>`, and the workbook's other parts as a zip
/// of their own, each piece's workbook less its sheet.
pub(super) struct Plan {
    part: String,
    prefix: Vec<u8>,
    rest: Vec<u8>,
    piece: usize,
}

/// A plan to read the sheet named `sheet` of the xlsx workbook at `path` in
/// pieces of at least `piece` bytes on `threads` threads, if it is worth it
/// and the sheet's XML is as expected; `None` (read it in one go) at anything else.
pub(super) fn plan(path: &Path, sheet: &str, threads: usize, piece: usize) -> Option<Plan> {
    if threads < 2 {
        return None;
    }
    let mut archive = zip::ZipArchive::new(BufReader::new(std::fs::File::open(path).ok()?)).ok()?;
    let part = sheet_part(&mut archive, sheet)?;
    let size = archive.by_name(&part).ok()?.size();
    if size < (2 * threads * piece) as u64 {
        return None;
    }
    // Every piece's workbook carries the other parts (shared strings,
    // styles), which calamine reads again for each: each piece is many
    // times their size, and there are at least two pieces a thread.
    let folder = part.rfind('/').map_or("", |i| &part[..=i]);
    let mut others = Vec::new();
    let mut unpacked = 0;
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).ok()?;
        let name = file.name().ok()?;
        // Other sheets are of no use to a piece and may be large; nor are
        // pictures and macros: calamine reads XML parts to open a workbook.
        let other_sheet = name.starts_with(folder) && !name[folder.len()..].contains('/');
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        if name != part && !other_sheet && xml {
            others.push(i);
            unpacked += file.size();
        }
    }
    let piece = piece.max(16 * unpacked as usize);
    if size < (2 * threads * piece) as u64 {
        return None;
    }
    let mut rest = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in others {
        rest.raw_copy_file(archive.by_index_raw(i).ok()?).ok()?;
    }
    let rest = rest.finish().ok()?.into_inner();
    let (mut prefix, start) = sheet_head(archive.by_name(&part).ok()?)?;
    // Where rows do not give their numbers (the spec lets a writer leave
    // them out), no piece can end among them, and the sheet would be held
    // whole as one piece: it is read on one thread instead.
    last_row_start(&prefix[start..], 0)?;
    prefix.truncate(start);
    Some(Plan { part, prefix, rest, piece })
}

/// The start of a sheet's XML, read once: up to and including its
/// `<sheetData>`, if it has one written so, with rows in it, near enough its
/// start; then at most [`PEEK`] bytes of its rows. With where the rows start.
fn sheet_head(mut xml: impl Read) -> Option<(Vec<u8>, usize)> {
    const OPEN: &[u8] = b"<sheetData>";
    let mut head = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let mut start = None;
    while head.len() < start.map_or(MAX_PREFIX, |start| start + PEEK) {
        let n = xml.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        let from = head.len().saturating_sub(OPEN.len());
        head.extend_from_slice(&chunk[..n]);
        if start.is_none() {
            start = memmem::find(&head[from..], OPEN).map(|at| from + at + OPEN.len());
        }
    }
    let start = start?;
    head.truncate(start + PEEK);
    // An empty `<sheetData/>` written earlier has nothing to cut.
    memmem::find(&head[..start], b"<sheetData/>").is_none().then_some((head, start))
}

/// The zip entry of the sheet named `sheet`, found as calamine finds it:
/// the workbook named in the package's relationships, the sheet's
/// relationship id in the workbook, its target in the workbook's relationships.
fn sheet_part(archive: &mut ZipReader, sheet: &str) -> Option<String> {
    let package = read_part(archive, "_rels/.rels")?;
    let workbook = relationships(&package)
        .into_iter()
        .find(|(_, kind, _)| kind.ends_with("/relationships/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |(_, _, target)| target);
    let workbook = workbook.strip_prefix('/').unwrap_or(&workbook).to_string();
    let (folder, name) = workbook.rsplit_once('/').map_or(("", workbook.as_str()), |(f, n)| (f, n));
    let folder = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    let links = relationships(&read_part(archive, &format!("{folder}_rels/{name}.rels"))?);
    let id = sheet_id(&read_part(archive, &workbook)?, sheet)?;
    let (_, kind, target) = links.into_iter().find(|(i, ..)| *i == id)?;
    if !kind.ends_with("/worksheet") {
        return None;
    }
    let path = target.strip_prefix('/').map_or_else(|| format!("{folder}{target}"), str::to_string);
    entry(archive, &path)
}

/// The name of the zip entry of part `path`, looked up as calamine does:
/// ignoring case, with either slash.
fn entry(archive: &ZipReader, path: &str) -> Option<String> {
    let key = path.to_ascii_lowercase();
    archive
        .file_names()
        .flatten()
        .find(|n| n.replace('\\', "/").to_ascii_lowercase() == key)
        .map(|n| n.into_owned())
}

/// A part of the workbook, unpacked, if it is there and small.
fn read_part(archive: &mut ZipReader, name: &str) -> Option<Vec<u8>> {
    let name = entry(archive, name)?;
    let mut bytes = Vec::new();
    archive.by_name(&name).ok()?.take(MAX_PART).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The value of an element's attribute named `name` (ignoring its namespace prefix).
fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).and_then(|a| {
        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?;
        Some(value.into_owned())
    })
}

/// Each `<Relationship>`'s id, type and target.
fn relationships(xml: &[u8]) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |name| attribute(&e, name).unwrap_or_default();
                found.push((get("Id"), get("Type"), get("Target")));
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
        buf.clear();
    }
}

/// The relationship id of the workbook's sheet named `sheet`.
fn sheet_id(xml: &[u8], sheet: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "sheet" && attribute(&e, "name").as_deref() == Some(sheet) =>
            {
                return attribute(&e, "id");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// One piece's rows, or why it could not be read; by its place in the sheet.
type Parsed = (usize, Result<Vec<Rows>, String>);

/// Takes a piece's rows and whether it is the sheet's last; says whether
/// to go on (not once the reader has gone).
type GivePiece<'a> = &'a mut dyn FnMut(&[u8], bool) -> Result<bool, String>;

/// Reads the sheet `sheet` as `plan` says, giving `emit` each row that holds
/// something, in order, as [`super::sheet`]'s one-thread reader would. The
/// calling thread first runs `before` (the look for merged cells) while the
/// pieces are parsed; if it says stop, no row is given and `Ok(None)`
/// returned, else the number of pieces.
pub(super) fn read(
    path: &Path,
    sheet: &str,
    plan: &Plan,
    threads: usize,
    before: impl FnOnce() -> bool,
    emit: &mut dyn FnMut(u32, &mut Vec<Cell>),
) -> Result<Option<usize>, String> {
    let (tickets, ticket) = mpsc::sync_channel::<()>(IN_FLIGHT);
    for _ in 0..IN_FLIGHT {
        let _ = tickets.send(());
    }
    let (work, jobs) = mpsc::channel::<(usize, Vec<u8>)>();
    let jobs = Arc::new(Mutex::new(jobs));
    let (done, parsed) = mpsc::channel::<Parsed>();
    // Moved in, so that the tickets and the finished pieces' receiver go
    // when the caller stops early, and the cutting and parsing threads with them.
    std::thread::scope(move |scope| {
        let cut_done = done.clone();
        scope.spawn(move || cut(path, plan, &ticket, &work, &cut_done));
        for _ in 0..threads {
            let (jobs, done) = (Arc::clone(&jobs), done.clone());
            scope.spawn(move || loop {
                let job = match jobs.lock() {
                    Ok(jobs) => jobs.recv(),
                    Err(_) => return,
                };
                let Ok((index, workbook)) = job else { return };
                // A piece that panics the parser fails the read, rather
                // than leaving the caller waiting for it.
                let parse = std::panic::AssertUnwindSafe(|| parse_piece(workbook, sheet));
                let rows =
                    std::panic::catch_unwind(parse).unwrap_or_else(|_| Err("the parser failed".into()));
                if done.send((index, rows)).is_err() {
                    return;
                }
            });
        }
        drop(done);
        if !before() {
            return Ok(None);
        }
        // Pieces come back in any order and go out in the sheet's.
        let mut waiting: BTreeMap<usize, Result<Vec<Rows>, String>> = BTreeMap::new();
        let mut next = 0;
        let mut cells = Vec::new();
        for (index, rows) in parsed.iter() {
            waiting.insert(index, rows);
            while let Some(rows) = waiting.remove(&next) {
                for batch in rows? {
                    batch.give(&mut cells, emit);
                }
                next += 1;
                let _ = tickets.send(());
            }
        }
        Ok(Some(next))
    })
}

/// Parses one piece's workbook: every row of its sheet, in batches.
fn parse_piece(workbook: Vec<u8>, sheet: &str) -> Result<Vec<Rows>, String> {
    use calamine::Reader as _;
    let mut xlsx = calamine::Xlsx::new(Cursor::new(workbook)).map_err(|e| e.to_string())?;
    let mut batches = Vec::new();
    parse_rows(&mut xlsx, sheet, &mut |rows| {
        batches.push(rows);
        true
    })
    .map_err(|e| e.to_string())?;
    Ok(batches)
}

/// Unpacks the sheet and cuts its rows into pieces of about `plan.piece`
/// bytes, each sent to `work` as a workbook of its own once a ticket allows;
/// what goes wrong is sent to `done` as the next piece's failure.
fn cut(
    path: &Path,
    plan: &Plan,
    ticket: &mpsc::Receiver<()>,
    work: &mpsc::Sender<(usize, Vec<u8>)>,
    done: &mpsc::Sender<Parsed>,
) {
    let mut index = 0;
    // Whether the piece went to the workers: not once the reader has gone.
    let mut send = |body: &[u8], last: bool| -> Result<bool, String> {
        if ticket.recv().is_err() {
            return Ok(false);
        }
        if work.send((index, piece_workbook(plan, body, last)?)).is_err() {
            return Ok(false);
        }
        index += 1;
        Ok(true)
    };
    let cut = pieces(path, plan, &mut send);
    if let Err(e) = cut {
        let _ = done.send((index, Err(e)));
    }
}

/// The cutting half of [`cut`]: reads the sheet's rows and gives `send`
/// each piece, until the sheet ends or `send` says stop.
fn pieces(path: &Path, plan: &Plan, send: GivePiece) -> Result<(), String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let file = std::fs::File::open(path).map_err(|e| text(&e))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| text(&e))?;
    let mut xml = archive.by_name(&plan.part).map_err(|e| text(&e))?;
    // Past the opening, which every piece carries.
    std::io::copy(&mut (&mut xml).take(plan.prefix.len() as u64), &mut std::io::sink())
        .map_err(|e| text(&e))?;
    let mut pending: Vec<u8> = Vec::with_capacity(2 * plan.piece);
    let mut chunk = vec![0u8; 1 << 16];
    let mut whole = false;
    // How much of `pending` has been looked through for a cut or markup
    // already: each byte once, not once a read while no row can end a piece
    // (a sheet whose rows give no numbers has none, and was read in time
    // growing with the square of its size).
    let mut looked: usize = 0;
    loop {
        let n = xml.read(&mut chunk).map_err(|e| text(&e))?;
        if n == 0 {
            // The last piece ends as the sheet does.
            return send(&pending, true).map(drop);
        }
        pending.extend_from_slice(&chunk[..n]);
        if whole || pending.len() < plan.piece {
            continue;
        }
        // Markup that may hide a row's tags in text: no cut after it. From a
        // little before the new bytes, for markup split between two reads.
        let new = &pending[looked.saturating_sub(MARKUP[0].len() - 1)..];
        if MARKUP.iter().any(|m| memmem::find(new, m).is_some()) {
            whole = true;
            continue;
        }
        if let Some(at) = last_row_start(&pending, looked) {
            if !send(&pending[..at], false)? {
                return Ok(());
            }
            pending.drain(..at);
        }
        looked = pending.len();
    }
}

/// Markup in which text may read like a row's tags, longest first.
const MARKUP: [&[u8]; 3] = [b"<![CDATA[", b"<!--", b"<?"];

/// Where the last row that says its own number (`<row r="…"`) starts at or
/// after `from`, right after another row's end: there a piece can end and
/// the next begin. A row whose tag is not all there yet is passed over.
fn last_row_start(xml: &[u8], from: usize) -> Option<usize> {
    let mut end = xml.len();
    while let Some(at) = memmem::rfind(&xml[from..end], b"<row ").map(|i| from + i) {
        end = at;
        let tag = &xml[at..];
        let Some(close) = memchr::memchr(b'>', tag) else { continue };
        let tag = &tag[..close];
        let before = xml[..at].trim_ascii_end();
        if memmem::find(tag, b" r=\"").is_some() && before.ends_with(b"</row>") {
            return Some(at);
        }
    }
    None
}

/// A piece's workbook: the other parts, and the sheet as the opening, the
/// piece's rows and, but for the last piece, the sheet's closing tags.
fn piece_workbook(plan: &Plan, body: &[u8], last: bool) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| e.to_string();
    let mut zip = zip::ZipWriter::new_append(Cursor::new(plan.rest.clone())).map_err(|e| fail(&e))?;
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(plan.part.as_str(), stored).map_err(|e| fail(&e))?;
    zip.write_all(&plan.prefix).map_err(|e| fail(&e))?;
    zip.write_all(body).map_err(|e| fail(&e))?;
    if !last {
        zip.write_all(b"</sheetData></worksheet>").map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Source;

    /// Every row of sheet `sheet` as the one-thread reader gives it (the
    /// sheets here are far too small to be cut by it).
    fn read_whole(path: &Path, sheet: &str) -> Vec<(u32, Vec<Cell>)> {
        let mut seen = Vec::new();
        let each = &mut |_: &Source, row: u32, cells: &[Cell]| seen.push((row, cells.to_vec()));
        super::super::sheet::stream_sheet(path, "book.xlsx", sheet, each).unwrap();
        seen
    }

    /// Every row of sheet `sheet` read in pieces of `piece` bytes on two
    /// threads, and how many pieces the sheet was cut into.
    fn read_cut(path: &Path, sheet: &str, piece: usize) -> (Vec<(u32, Vec<Cell>)>, usize) {
        let plan = plan(path, sheet, 2, piece).expect("the sheet is cut into pieces");
        let mut seen = Vec::new();
        let pieces = read(path, sheet, &plan, 2, || true, &mut |row, cells| {
            if !cells.iter().all(Cell::is_blank) {
                seen.push((row, cells.clone()));
            }
        });
        (seen, pieces.unwrap().expect("not stopped"))
    }

    #[test]
    fn a_sheet_read_in_pieces_is_the_sheet_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        // A sheet before it, so that its part is not the first, and a name to escape.
        book.add_worksheet().set_name("Notes").unwrap().write_string(0, 0, "About this workbook").unwrap();
        let sheet = book.add_worksheet().set_name("Obs & <data>").unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        let rows = 20_000u32;
        for r in 0..rows {
            // Blank rows and gaps, so that rows differ in length across the cuts.
            if r % 11 == 5 {
                continue;
            }
            sheet.write_string(r, 0, format!("IND{:02}", r % 40)).unwrap();
            if r % 7 != 0 {
                sheet.write_number(r, 1, f64::from(r) / 8.0).unwrap();
            }
            // A number stored as text stays text.
            sheet.write_string(r, 2, (r % 13).to_string()).unwrap();
            let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 1 + (r % 12) as u8, 1 + (r % 28) as u8)
                .unwrap();
            sheet.write_datetime_with_format(r, 3 + (r % 2) as u16, &day, &date).unwrap();
        }
        book.save(&path).unwrap();

        let whole = read_whole(&path, "Obs & <data>");
        let (cut, pieces) = read_cut(&path, "Obs & <data>", 16 << 10);
        assert!(pieces >= 4, "only {pieces} pieces");
        assert_eq!(whole.len(), rows as usize - rows.div_ceil(11) as usize + 1);
        assert_eq!(whole[1].1[4], Cell::Date(2020, 2, 2));
        assert_eq!(whole[1].1[2], Cell::Text("1".into()));
        assert_eq!(cut, whole);
    }

    /// A workbook of one sheet "Observations" whose XML is `rows` inside
    /// `<sheetData>`, as other writers than Excel may lay it out.
    fn hand_written(path: &Path, rows: &str) {
        const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let parts = [
            (
                "_rels/.rels".to_string(),
                format!(
                    r#"<Relationships><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml".to_string(),
                format!(
                    r#"<workbook xmlns:r="{REL}"><sheets><sheet name="Observations" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels".to_string(),
                format!(
                    r#"<Relationships><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml".to_string(),
                format!("<?xml version=\"1.0\"?>\n<worksheet>\n<sheetData>{rows}</sheetData>\n</worksheet>"),
            ),
        ];
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }

    fn row(r: u32, attributes: &str, text: &str) -> String {
        format!(
            r#"<row {attributes}r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text}</t></is></c><c r="B{r}"><v>{r}.5</v></c></row>"#
        )
    }

    #[test]
    fn rows_laid_out_otherwise_are_cut_where_a_row_begins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        // Indented rows, the row number after another attribute, a row
        // without a number (which only follows its row), and text that
        // reads like a row's tags, in a CDATA section.
        let rows: String = (1..=3000)
            .map(|r| match r {
                _ if r % 97 == 0 => {
                    "\n  <row><c t=\"inlineStr\"><is><t>numberless</t></is></c></row>".to_string()
                }
                2500 => row(r, "", "<![CDATA[</row>\n  <row r=\"9999\">]]>"),
                _ if r % 2 == 0 => format!("\n  {}", row(r, "spans=\"1:2\" ", "T")),
                _ => format!("\n  {}", row(r, "", "T")),
            })
            .collect();
        hand_written(&path, &rows);
        let whole = read_whole(&path, "Observations");
        let (cut, pieces) = read_cut(&path, "Observations", 8 << 10);
        assert!(pieces >= 4, "only {pieces} pieces");
        assert_eq!(whole.len(), 3000);
        // Rows count from 0: the 97th, numberless, follows the 96th.
        assert_eq!(whole[96], (96, vec![Cell::Text("numberless".into())]));
        assert_eq!(whole[2499].1[0], Cell::Text("</row>\n  <row r=\"9999\">".into()));
        assert_eq!(cut, whole);
    }

    #[test]
    fn rows_that_give_no_numbers_are_not_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let numberless = r#"<row><c t="inlineStr"><is><t>T</t></is></c></row>"#;
        // None of them: the sheet is read on one thread.
        hand_written(&path, &numberless.repeat(3000));
        assert!(plan(&path, "Observations", 2, 4 << 10).is_none());
        assert_eq!(read_whole(&path, "Observations").len(), 3000);
        // Numbered at first, then not: cut where they are, the rest one piece.
        let rows: String =
            (1..=3000).map(|r| if r <= 500 { row(r, "", "T") } else { numberless.to_string() }).collect();
        hand_written(&path, &rows);
        let whole = read_whole(&path, "Observations");
        let (cut, pieces) = read_cut(&path, "Observations", 4 << 10);
        assert!(pieces >= 2, "{pieces}");
        assert_eq!(whole.len(), 3000);
        assert_eq!(cut, whole);
    }

    #[test]
    fn a_reader_stopped_early_or_a_broken_piece_stops_every_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let rows = |broken: u32| -> String {
            (1..=3000)
                .map(|r| if r == broken { r#"<row r="x"></row>"#.to_string() } else { row(r, "", "T") })
                .collect()
        };
        hand_written(&path, &rows(0));
        let cut = plan(&path, "Observations", 2, 4 << 10).unwrap();
        let mut given = 0;
        // The look for merged cells says stop: nothing is given, and the
        // threads cutting and parsing pieces end rather than wait.
        assert_eq!(read(&path, "Observations", &cut, 2, || false, &mut |_, _| given += 1), Ok(None));
        assert_eq!(given, 0);

        hand_written(&path, &rows(2900));
        let cut = plan(&path, "Observations", 2, 4 << 10).unwrap();
        let mut last = 0;
        let read = read(&path, "Observations", &cut, 2, || true, &mut |row, _| last = row);
        let whole = super::super::sheet::stream_sheet(&path, "book.xlsx", "Observations", &mut |_, _, _| {});
        assert!(read.is_err() && whole.is_err(), "{read:?}");
        // The rows before the broken piece were given, in order.
        assert!(last > 2000 && last < 2899, "{last}");
    }

    #[test]
    fn a_row_starts_a_piece_only_if_it_gives_its_number_after_a_row() {
        assert_eq!(last_row_start(b"<row r=\"1\"><c/></row><row r=\"2\"><c/></row>", 0), Some(21));
        assert_eq!(
            last_row_start(b"<row r=\"1\"></row>\r\n\t<row spans=\"1:2\" r=\"2\"></row>", 0),
            Some(20)
        );
        assert_eq!(last_row_start(b"<row r=\"1\"></row><row></row><row r=\"3\">", 0), Some(28));
        assert_eq!(last_row_start(b"<row r=\"1\"></row><row></row>", 0), None);
        assert_eq!(last_row_start(b"<sheetData><row r=\"1\"></row>", 0), None);
        // A tag cut short at the end of what is read so far: the row before it serves.
        assert_eq!(last_row_start(b"<row r=\"1\"></row><row r=\"2\"></row><row r=\"3", 0), Some(17));
        assert_eq!(last_row_start(b"<row r=\"1\"></row><row r=\"2", 0), None);
        // Only rows from `from` on.
        assert_eq!(last_row_start(b"<row r=\"1\"></row><row r=\"2\"></row><row r=\"3\">", 18), Some(34));
        assert_eq!(last_row_start(b"<row r=\"1\"></row><row r=\"2\"></row><row r=\"3\">", 35), None);
    }

    #[test]
    fn small_sheets_and_sheets_without_rows_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        hand_written(&path, &(1..=3000).map(|r| row(r, "", "T")).collect::<String>());
        assert!(plan(&path, "Observations", 2, 8 << 10).is_some());
        assert!(plan(&path, "Observations", 1, 8 << 10).is_none(), "one thread");
        assert!(plan(&path, "Observations", 2, 1 << 20).is_none(), "too small to cut");
        assert!(plan(&path, "Other", 2, 8 << 10).is_none(), "no such sheet");
        assert!(sheet_head(&b"<worksheet><sheetData/><sheetData>"[..]).is_none());
        let (head, start) = sheet_head(&b"<worksheet><sheetData><row"[..]).unwrap();
        assert_eq!(&head[..start], b"<worksheet><sheetData>");
    }
}
