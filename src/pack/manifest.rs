//! The meeting manifest (`MEETING.toml`): the committee, date, membership,
//! contact officer and the ordered agenda items, each with what the pack
//! shows for it. Read and checked here; every problem names its line.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::preflight::report_unfilled;
use crate::core::diag::{Diagnostics, Origin};
use crate::core::keys::report_unknown_keys;
use crate::core::period::check_date;

/// The `[meeting]` table.
#[derive(Debug, Deserialize)]
struct RawMeeting {
    committee: Spanned<String>,
    date: Spanned<toml::Value>,
    time: Option<String>,
    venue: Option<String>,
    /// A line under the venue ("Persons attending … turn off mobile phones").
    notice: Option<String>,
    /// The date the agenda is published.
    published: Option<Spanned<toml::Value>>,
    /// The council, for the document's author.
    organisation: Option<String>,
    /// The council's accessibility statement, printed on the cover.
    accessibility: Option<String>,
}

/// The `[contact]` table: the committee officer.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub(crate) struct Contact {
    /// Name.
    #[serde(default)]
    pub(crate) name: String,
    /// Telephone.
    #[serde(default)]
    pub(crate) phone: String,
    /// Email.
    #[serde(default)]
    pub(crate) email: String,
}

/// One member of the committee.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub(crate) struct Member {
    /// As printed: "Mrs J Chamberlin".
    pub(crate) name: String,
    /// "Chair", "Vice-Chair", or a portfolio or area for advisers.
    #[serde(default)]
    pub(crate) role: String,
    /// Party or group, printed after the name.
    #[serde(default)]
    pub(crate) party: String,
    /// The heading the member is listed under: "Parent Governor
    /// Representatives", "Non-Voting Cabinet Members"; members without one
    /// are listed first.
    #[serde(default)]
    pub(crate) group: String,
    /// Whom this member substitutes for, if a substitute.
    #[serde(default)]
    pub(crate) substitute_for: String,
}

/// One `[[items]]` entry as written.
#[derive(Debug, Deserialize)]
struct RawItem {
    number: Spanned<String>,
    title: Spanned<String>,
    presenter: Option<String>,
    /// Text printed under the item on the agenda.
    description: Option<String>,
    report: Option<Spanned<String>>,
    scorecard: Option<Spanned<String>>,
    variance: Option<Spanned<String>>,
    actions: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    exempt: Option<String>,
    /// Front sheet: the responsible chief officer.
    chief_officer: Option<String>,
    /// Front sheet: the strategic impact.
    strategic_impact: Option<String>,
    /// Front sheet: the executive summary.
    summary: Option<String>,
    /// Front sheet: the recommendations, numbered.
    #[serde(default)]
    recommendations: Vec<String>,
}

/// The whole manifest as written.
#[derive(Debug, Deserialize)]
struct RawManifest {
    meeting: RawMeeting,
    contact: Option<Contact>,
    #[serde(default)]
    members: Vec<Member>,
    #[serde(default)]
    items: Vec<RawItem>,
}

/// What the pack shows for an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// Nothing: a verbal update or a standing item.
    Nothing,
    /// A report PDF, included as it is.
    Pdf(PathBuf),
    /// A scorecard built from this workspace, after a front sheet.
    Scorecard(PathBuf),
    /// The finance tables of this budget book, after a front sheet.
    Variance(PathBuf),
    /// A Markdown file, set as a report.
    Text(PathBuf),
    /// A typst file, compiled as the clerk wrote it.
    Typst(PathBuf),
    /// An improvement plan's progress report, at the date of the meeting.
    Actions(PathBuf),
}

/// A generated report's front sheet, in the style of the committee reports.
#[derive(Debug, Clone, Default)]
pub(crate) struct FrontSheet {
    /// The responsible chief officer.
    pub(crate) chief_officer: Option<String>,
    /// The strategic impact.
    pub(crate) strategic_impact: Option<String>,
    /// The executive summary.
    pub(crate) summary: Option<String>,
    /// The recommendations.
    pub(crate) recommendations: Vec<String>,
}

/// One agenda item, checked.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// "8", "8a".
    pub(crate) number: String,
    /// The title.
    pub(crate) title: String,
    /// Who presents it ("Report by the Director of Children's Services").
    pub(crate) presenter: Option<String>,
    /// Text under the item on the agenda.
    pub(crate) description: Option<String>,
    /// What the pack shows for it.
    pub(crate) source: Source,
    /// The exemption paragraph, for an item left out of the public pack.
    pub(crate) exempt: Option<String>,
    /// The front sheet of a generated report.
    pub(crate) front: FrontSheet,
}

impl Item {
    /// Whether it is a sub-item ("8a") of the item before it.
    pub(crate) fn is_sub_item(&self) -> bool {
        self.number.ends_with(|c: char| c.is_ascii_lowercase())
    }
}

/// A meeting, checked: everything the pack is made from.
#[derive(Debug, Clone)]
pub(crate) struct Meeting {
    /// The committee's name.
    pub(crate) committee: String,
    /// The date of the meeting.
    pub(crate) date: (i32, u8, u8),
    /// The time, as the council writes it ("2.00pm").
    pub(crate) time: Option<String>,
    /// Where.
    pub(crate) venue: Option<String>,
    /// A line under the venue.
    pub(crate) notice: Option<String>,
    /// When the agenda was published.
    pub(crate) published: Option<(i32, u8, u8)>,
    /// The council.
    pub(crate) organisation: Option<String>,
    /// The committee officer.
    pub(crate) contact: Contact,
    /// The membership, in manifest order.
    pub(crate) members: Vec<Member>,
    /// The accessibility statement.
    pub(crate) accessibility: String,
    /// The agenda, in order.
    pub(crate) items: Vec<Item>,
}

/// The statement printed when the manifest has none, as Norfolk prints it.
const DEFAULT_ACCESSIBILITY: &str = "If you need this document in large print, audio, Braille, alternative format or in a different language please contact the committee officer and we will do our best to help.";

/// Where a byte offset of the manifest is: a zero-based line.
fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32
}

/// Reads and checks a manifest; `None` if it cannot be read at all. Paths are
/// resolved against the manifest's folder.
pub(crate) fn load(path: &Path, allow_outside: bool, diags: &mut Diagnostics) -> Option<Meeting> {
    let shown = path.display().to_string();
    let file = Origin::file(&shown);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.error(Some(file), format!("cannot read: {e}"));
            return None;
        }
    };
    // Unknown keys are reported here, all of them, each with the key it
    // probably meant; the reading below then goes on without them.
    report_unknown_keys(&text, &file, &KEYS, diags);
    let raw: RawManifest = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            let origin = e.span().map_or(file.clone(), |s| file.at(line_of(&text, s.start), 0));
            diags.error(Some(origin), e.message().to_string());
            return None;
        }
    };
    let at = |span: std::ops::Range<usize>| Some(file.at(line_of(&text, span.start), 0));
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let places = Places { dir: dir.clone(), root: (!allow_outside).then(|| allowed_root(&dir)).flatten() };
    let date = read_date(raw.meeting.date.get_ref()).unwrap_or_else(|e| {
        diags.error(at(raw.meeting.date.span()), format!("date: {e}"));
        (1970, 1, 1)
    });
    let published = raw.meeting.published.as_ref().and_then(|p| {
        read_date(p.get_ref()).map_err(|e| diags.error(at(p.span()), format!("published: {e}"))).ok()
    });
    if raw.meeting.committee.get_ref().trim().is_empty() {
        diags.error(at(raw.meeting.committee.span()), "committee: the committee's name is empty");
    }
    let mut items: Vec<Item> = Vec::new();
    for raw_item in raw.items {
        if let Some(item) = check_item(raw_item, &items, &places, &at, diags) {
            items.push(item);
        }
    }
    if items.is_empty() {
        diags.error(Some(file.clone()), "the agenda has no items: add [[items]] with a number and a title");
    }
    let contact = raw.contact.unwrap_or_default();
    let meeting_at = at(raw.meeting.committee.span());
    for (field, value) in [
        ("notice", raw.meeting.notice.as_deref()),
        ("accessibility", raw.meeting.accessibility.as_deref()),
        ("venue", raw.meeting.venue.as_deref()),
        ("contact name", Some(contact.name.as_str())),
        ("contact phone", Some(contact.phone.as_str())),
        ("contact email", Some(contact.email.as_str())),
    ] {
        report_unfilled(value.unwrap_or(""), meeting_at.clone(), field, diags);
    }
    Some(Meeting {
        committee: raw.meeting.committee.into_inner().trim().to_string(),
        date,
        time: raw.meeting.time,
        venue: raw.meeting.venue,
        notice: raw.meeting.notice,
        published,
        organisation: raw.meeting.organisation,
        contact,
        members: raw.members,
        accessibility: raw.meeting.accessibility.unwrap_or_else(|| DEFAULT_ACCESSIBILITY.to_string()),
        items,
    })
}

/// A TOML date (`2014-03-13`) or a string holding one.
fn read_date(value: &toml::Value) -> Result<(i32, u8, u8), String> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.trim().to_string(),
        other => return Err(format!("a {} is not a date: write it as 2014-03-13", other.type_str())),
    };
    let parts: Vec<&str> = text.get(..10).unwrap_or(&text).split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) if (1900..=9999).contains(&y) && check_date(y, m, d).is_ok() => {
                Ok((y, m as u8, d as u8))
            }
            _ => Err(format!("{text} is not a date between 1900 and 9999")),
        },
        _ => Err(format!("{text} is not a date: write it as 2014-03-13")),
    }
}

/// Whether an item number is one a clerk writes: "8", "8a", "12b".
fn valid_number(number: &str) -> bool {
    let digits = number.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty()
        && digits.len() <= 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && number.len() - digits.len() <= 1
}

/// Where an item's files may be: paths are relative to `dir`, and must stay
/// under `root` unless it is `None` (`--allow-outside`).
struct Places {
    dir: PathBuf,
    root: Option<PathBuf>,
}

/// The folder an item's files must stay in: the manifest's folder's parent,
/// so that a workspace beside the meeting folder (`scorecard = "../workspace"`,
/// as the contract writes it) is in reach, and `../../etc/passwd` is not.
fn allowed_root(dir: &Path) -> Option<PathBuf> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let dir = dir.canonicalize().ok()?;
    Some(dir.parent().map_or(dir.clone(), Path::to_path_buf))
}

/// Whether `raw` (resolved as `path`, symlinks and all) leaves `root`.
fn escapes(raw: &str, path: &Path, root: &Path) -> bool {
    if Path::new(raw).is_absolute() {
        return true;
    }
    let resolved = path.canonicalize().ok().or_else(|| {
        // Not there (yet): resolve the folder that is, then the rest by name.
        let mut resolved = path.parent()?.canonicalize().ok()?;
        resolved.push(path.file_name()?);
        Some(resolved)
    });
    resolved.is_none_or(|p| !p.starts_with(root))
}

/// The order of an item number: "8" before "8a" before "8b" before "9".
fn order(number: &str) -> (u32, String) {
    let digits = number.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (digits.parse().unwrap_or(u32::MAX), number[digits.len()..].to_string())
}

/// The keys each table of the manifest may have.
const KEYS: [(&str, &[&str]); 5] = [
    ("", &["meeting", "contact", "members", "items"]),
    (
        "meeting",
        &["committee", "date", "time", "venue", "notice", "published", "organisation", "accessibility"],
    ),
    ("contact", &["name", "phone", "email"]),
    ("members", &["name", "role", "party", "group", "substitute_for"]),
    (
        "items",
        &[
            "number",
            "title",
            "presenter",
            "description",
            "report",
            "scorecard",
            "variance",
            "actions",
            "text",
            "exempt",
            "chief_officer",
            "strategic_impact",
            "summary",
            "recommendations",
        ],
    ),
];

/// Checks one item against the manifest and the items before it.
fn check_item(
    raw: RawItem,
    before: &[Item],
    places: &Places,
    at: &dyn Fn(std::ops::Range<usize>) -> Option<Origin>,
    diags: &mut Diagnostics,
) -> Option<Item> {
    let number = raw.number.get_ref().trim().to_string();
    let mut ok = true;
    if !valid_number(&number) {
        diags.error(at(raw.number.span()), format!("item number \"{number}\" is not like 8 or 8a"));
        ok = false;
    } else if before.iter().any(|i| i.number == number) {
        diags.error(at(raw.number.span()), format!("item {number} is on the agenda twice"));
        ok = false;
    } else if number.ends_with(|c: char| c.is_ascii_lowercase())
        && !before.iter().any(|i| i.number == number.trim_end_matches(|c: char| c.is_ascii_lowercase()))
    {
        let parent = number.trim_end_matches(|c: char| c.is_ascii_lowercase());
        diags.error(at(raw.number.span()), format!("item {number} comes before any item {parent}"));
        ok = false;
    } else if let Some(last) = before.last().filter(|last| order(&last.number) > order(&number)) {
        diags.error(
            at(raw.number.span()),
            format!("item {number} comes after item {}: the agenda runs in order", last.number),
        );
        ok = false;
    }
    let item_at = at(raw.number.span());
    let prefix = format!("item {number}");
    for (field, value) in [
        ("title", Some(raw.title.get_ref().as_str())),
        ("presenter", raw.presenter.as_deref()),
        ("description", raw.description.as_deref()),
        ("chief_officer", raw.chief_officer.as_deref()),
        ("strategic_impact", raw.strategic_impact.as_deref()),
        ("summary", raw.summary.as_deref()),
    ]
    .into_iter()
    .chain(raw.recommendations.iter().map(|r| ("recommendations", Some(r.as_str()))))
    {
        report_unfilled(value.unwrap_or(""), item_at.clone(), &format!("{prefix}: {field}"), diags);
    }
    if raw.title.get_ref().trim().is_empty() {
        diags.error(at(raw.title.span()), format!("item {number} has no title"));
        ok = false;
    }
    let sources: Vec<(&str, &Spanned<String>)> = [
        ("report", &raw.report),
        ("scorecard", &raw.scorecard),
        ("variance", &raw.variance),
        ("actions", &raw.actions),
        ("text", &raw.text),
    ]
    .into_iter()
    .filter_map(|(key, v)| v.as_ref().map(|v| (key, v)))
    .collect();
    let source = match sources.as_slice() {
        [] => Source::Nothing,
        [(key, value)] => {
            let path = places.dir.join(value.get_ref());
            let exists = if *key == "scorecard" { path.exists() } else { path.is_file() };
            if places.root.as_ref().is_some_and(|root| escapes(value.get_ref(), &path, root)) {
                diags.error(
                    at(value.span()),
                    format!(
                        "item {number}: {key} {} is outside the meeting's folder and the folders beside it; \
                         give --allow-outside to include it",
                        value.get_ref()
                    ),
                );
                ok = false;
            } else if raw.exempt.is_none() && !exists {
                diags.error(at(value.span()), format!("item {number}: {key} {} not found", path.display()));
                ok = false;
            }
            match *key {
                "report" => Source::Pdf(path),
                "scorecard" => Source::Scorecard(path),
                "variance" => Source::Variance(path),
                "text" if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("typ")) => {
                    Source::Typst(path)
                }
                "text" => Source::Text(path),
                _ => Source::Actions(path),
            }
        }
        [(first, _), (second, value), ..] => {
            diags.error(
                at(value.span()),
                format!("item {number} has both {first} and {second}: give each item one report"),
            );
            ok = false;
            Source::Nothing
        }
    };
    ok.then(|| Item {
        number,
        title: raw.title.into_inner().trim().to_string(),
        presenter: raw.presenter.filter(|p| !p.trim().is_empty()),
        description: raw.description.filter(|d| !d.trim().is_empty()),
        source,
        exempt: raw.exempt.filter(|e| !e.trim().is_empty()),
        front: FrontSheet {
            chief_officer: raw.chief_officer,
            strategic_impact: raw.strategic_impact,
            summary: raw.summary,
            recommendations: raw.recommendations,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> (Option<Meeting>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("report.pdf"), b"%PDF-1.4").unwrap();
        let path = dir.path().join("meeting.toml");
        std::fs::write(&path, text).unwrap();
        let mut diags = Diagnostics::default();
        let meeting = load(&path, false, &mut diags);
        let shown = path.display().to_string();
        (meeting, diags.sorted().iter().map(|d| d.to_string().replace(&shown, "M")).collect())
    }

    const MEETING: &str = "[meeting]\ncommittee = \"Panel\"\ndate = 2014-03-13\n\n";

    #[test]
    fn a_manifest_reads_with_its_items_in_order() {
        let (m, errors) = load_text(&format!(
            "{MEETING}[[items]]\nnumber = \"1\"\ntitle = \"Apologies\"\n\n[[items]]\nnumber = \"8\"\ntitle = \"Report\"\nreport = \"report.pdf\"\n\n[[items]]\nnumber = \"8a\"\ntitle = \"Annex\"\nexempt = \"Paragraph 3\"\n"
        ));
        assert!(errors.is_empty(), "{errors:?}");
        let m = m.unwrap();
        assert_eq!(m.date, (2014, 3, 13));
        let numbers: Vec<&str> = m.items.iter().map(|i| i.number.as_str()).collect();
        assert_eq!(numbers, ["1", "8", "8a"]);
        assert!(matches!(&m.items[1].source, Source::Pdf(p) if p.ends_with("report.pdf")));
        assert!(m.items[2].is_sub_item());
        assert_eq!(m.items[2].exempt.as_deref(), Some("Paragraph 3"));
    }

    #[test]
    fn every_problem_names_its_line() {
        let (_, errors) = load_text(&format!(
            "{MEETING}[[items]]\nnumber = \"1\"\ntitle = \"A\"\n\n[[items]]\nnumber = \"1\"\ntitle = \"B\"\n\n[[items]]\nnumber = \"x9\"\ntitle = \"C\"\n\n[[items]]\nnumber = \"3\"\ntitle = \"D\"\nreport = \"missing.pdf\"\n\n[[items]]\nnumber = \"4\"\ntitle = \"E\"\nreport = \"report.pdf\"\nvariance = \"book.xlsx\"\n"
        ));
        assert!(errors.iter().any(|e| e.starts_with("M:10:1: item 1 is on the agenda twice")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("M:14:1: item number \"x9\"")), "{errors:?}");
        assert!(
            errors.iter().any(|e| e.starts_with("M:20:1: item 3: report") && e.ends_with("not found")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.starts_with("M:26:1: item 4 has both report and variance")),
            "{errors:?}"
        );
    }

    #[test]
    fn typos_and_bad_dates_are_named() {
        let (_, errors) = load_text(
            "[meeting]\ncommittee = \"P\"\ndate = 2014-03-13\n\n[[items]]\nnumber = \"1\"\ntitel = \"A\"\n",
        );
        assert!(
            errors.iter().any(|e| e.starts_with("M:7:1: unknown key `titel`: did you mean `title`?")),
            "{errors:?}"
        );
        let (_, errors) = load_text("[meeting]\ncommittee = \"P\"\ndate = \"13/03/2014\"\n\n[[items]]\nnumber = \"1\"\ntitle = \"A\"\n");
        assert!(errors.iter().any(|e| e.starts_with("M:3:1: date: 13/03/2014 is not a date")), "{errors:?}");
        let (_, errors) = load_text("[meeting]\ncommittee = \"P\"\ndate = 2014-02-30\n");
        assert!(errors.iter().any(|e| e.starts_with("M:3:1: invalid date")), "{errors:?}");
    }

    #[test]
    fn item_numbers_are_digits_and_one_letter() {
        for good in ["1", "8a", "12b"] {
            assert!(valid_number(good), "{good}");
        }
        for bad in ["", "a", "8ab", "8.1", "12345", "8A"] {
            assert!(!valid_number(bad), "{bad}");
        }
    }
}
