//! The parts of the pack that are typeset here: the cover with the agenda,
//! the front sheet of each report the pack generates, and reports written as
//! Markdown. Each is its own tagged PDF/UA-1 document; `merge` joins them.

use serde::Serialize;

use super::manifest::{Item, Meeting};
use super::stamp::{StampText, BASELINE, STRIP};
use super::text::Block;
use crate::render::format::format_date;
use crate::render::pdf::{compile_pdf, compile_untagged_pdf};
use crate::render::world::DocumentWorld;

/// A labelled line of a cover or front sheet.
#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

/// The members listed under one heading.
#[derive(Serialize)]
struct MemberGroup {
    heading: String,
    members: Vec<String>,
}

/// One line of the agenda.
#[derive(Serialize)]
struct AgendaLine {
    number: String,
    sub: bool,
    title: String,
    presenter: String,
    description: String,
    /// Why it has no page: exempt, or a verbal item.
    note: String,
    /// The pack page it starts on, or empty.
    page: String,
}

/// What `pack.typ` receives as `/data.json`.
#[derive(Serialize)]
struct CoverView {
    title: String,
    author: String,
    organisation: String,
    committee: String,
    facts: Vec<Fact>,
    notice: String,
    membership: Vec<MemberGroup>,
    contact: String,
    items: Vec<AgendaLine>,
    published: String,
    accessibility: String,
}

/// The date of a meeting as its papers print it: "Thursday 13 March 2014".
pub(crate) fn meeting_date(date: (i32, u8, u8)) -> String {
    const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    // Days since 1970-01-01 (a Thursday), by the civil-from-days inverse.
    let (y, m, d) = (i64::from(date.0), i64::from(date.1), i64::from(date.2));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let weekday = DAYS[(days + 3).rem_euclid(7) as usize];
    format!("{weekday} {}", format_date(date))
}

/// The pack's document title: "Children's Services Panel – 13 March 2014".
pub(crate) fn pack_title(meeting: &Meeting) -> String {
    format!("{} – {}", meeting.committee, format_date(meeting.date))
}

/// The members as listed: those without a group first, then each group in
/// the order it first appears.
fn membership(meeting: &Meeting) -> Vec<MemberGroup> {
    let mut groups: Vec<MemberGroup> = Vec::new();
    let mut members: Vec<&super::manifest::Member> =
        meeting.members.iter().filter(|m| m.group.is_empty()).collect();
    members.extend(meeting.members.iter().filter(|m| !m.group.is_empty()));
    for m in members {
        let mut line = m.name.clone();
        let extras: Vec<&str> =
            [m.role.as_str(), m.party.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
        if !extras.is_empty() {
            line = format!("{line} ({})", extras.join(", "));
        }
        if !m.substitute_for.is_empty() {
            line = format!("{line}, substitute for {}", m.substitute_for);
        }
        match groups.iter_mut().find(|g| g.heading == m.group) {
            Some(g) => g.members.push(line),
            None => groups.push(MemberGroup { heading: m.group.clone(), members: vec![line] }),
        }
    }
    groups
}

/// The cover and agenda, with `starts[i]` the pack page on which item `i`
/// starts (`None` for an item with no pages).
pub(crate) fn cover_pdf(
    meeting: &Meeting,
    starts: &[Option<usize>],
    date: (i32, u8, u8),
) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("pack.typ", None, date)?;
    let mut facts = vec![Fact { label: "Date", value: meeting_date(meeting.date) }];
    facts.extend(meeting.time.clone().map(|value| Fact { label: "Time", value }));
    facts.extend(meeting.venue.clone().map(|value| Fact { label: "Venue", value }));
    let c = &meeting.contact;
    let reach: Vec<&str> =
        [c.phone.as_str(), c.email.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    let contact = match (c.name.is_empty(), reach.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!("For further details and general enquiries about this agenda please contact the committee officer, {}.", c.name),
        (_, false) => format!(
            "For further details and general enquiries about this agenda please contact the committee officer{}: {}.",
            if c.name.is_empty() { String::new() } else { format!(", {}", c.name) },
            reach.join(" or ")
        ),
    };
    let items = meeting
        .items
        .iter()
        .zip(starts)
        .map(|(item, start)| AgendaLine {
            number: item.number.clone(),
            sub: item.is_sub_item(),
            title: item.title.clone(),
            presenter: item.presenter.clone().unwrap_or_default(),
            description: item.description.clone().unwrap_or_default(),
            note: match &item.exempt {
                Some(paragraph) => {
                    format!("Exempt information ({paragraph}): not included in the public pack.")
                }
                None => String::new(),
            },
            page: start.map_or(String::new(), |p| format!("Page {p}")),
        })
        .collect();
    let view = CoverView {
        title: pack_title(meeting),
        author: meeting.organisation.clone().unwrap_or_else(|| meeting.committee.clone()),
        organisation: meeting.organisation.clone().unwrap_or_default(),
        committee: meeting.committee.clone(),
        facts,
        notice: meeting.notice.clone().unwrap_or_default(),
        membership: membership(meeting),
        contact,
        items,
        published: meeting.published.map(format_date).unwrap_or_default(),
        accessibility: meeting.accessibility.clone(),
    };
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    Ok(compile_pdf(&world, &format!("pack|{}", view.title), date)?)
}

/// What `front-sheet.typ` receives.
#[derive(Serialize)]
struct FrontView {
    title: String,
    heading: String,
    author: String,
    committee: String,
    number: String,
    facts: Vec<Fact>,
    summary: Vec<String>,
    recommendations: Vec<String>,
    follows: String,
}

/// The front sheet of a report the pack generates; `follows` says what comes after it.
pub(crate) fn front_sheet_pdf(
    meeting: &Meeting,
    item: &Item,
    follows: &str,
    date: (i32, u8, u8),
) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("front-sheet.typ", None, date)?;
    let f = &item.front;
    let mut facts = vec![
        Fact { label: "Report title", value: item.title.clone() },
        Fact { label: "Date of meeting", value: format_date(meeting.date) },
    ];
    facts.extend(f.chief_officer.clone().map(|value| Fact { label: "Responsible chief officer", value }));
    facts.extend(item.presenter.clone().map(|value| Fact { label: "Presented by", value }));
    facts.extend(f.strategic_impact.clone().map(|value| Fact { label: "Strategic impact", value }));
    let view = FrontView {
        title: format!("Item {}: {}", item.number, item.title),
        heading: item.title.clone(),
        author: meeting.organisation.clone().unwrap_or_else(|| meeting.committee.clone()),
        committee: meeting.committee.clone(),
        number: item.number.clone(),
        facts,
        summary: f.summary.iter().flat_map(|s| paragraphs(s)).collect(),
        recommendations: f.recommendations.clone(),
        follows: follows.to_string(),
    };
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    Ok(compile_pdf(&world, &format!("front|{}|{}", meeting.committee, item.number), date)?)
}

/// What `stamps.typ` receives.
#[derive(Serialize)]
struct StampsView<'a> {
    height: f32,
    baseline: f32,
    stamps: &'a [StampText],
}

/// The pack's page stamps, one strip a page, untagged: the pack draws each
/// inside a pagination artifact.
pub(crate) fn stamps_pdf(stamps: &[StampText], date: (i32, u8, u8)) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("stamps.typ", None, date)?;
    let view = StampsView { height: STRIP, baseline: BASELINE, stamps };
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    Ok(compile_untagged_pdf(&world, "stamps", date)?)
}

/// Text split at blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// What `text-report.typ` receives.
#[derive(Serialize)]
struct TextView<'a> {
    title: String,
    heading: String,
    author: String,
    committee: String,
    number: String,
    presenter: String,
    blocks: &'a [Block],
}

/// A report written as Markdown, set as a committee report.
pub(crate) fn text_pdf(
    meeting: &Meeting,
    item: &Item,
    blocks: &[Block],
    date: (i32, u8, u8),
) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("text-report.typ", None, date)?;
    let view = TextView {
        title: format!("Item {}: {}", item.number, item.title),
        heading: item.title.clone(),
        author: meeting.organisation.clone().unwrap_or_else(|| meeting.committee.clone()),
        committee: meeting.committee.clone(),
        number: item.number.clone(),
        presenter: item.presenter.clone().unwrap_or_default(),
        blocks,
    };
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    Ok(compile_pdf(&world, &format!("text|{}|{}", meeting.committee, item.number), date)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_dates_carry_the_weekday() {
        assert_eq!(meeting_date((2014, 3, 13)), "Thursday 13 March 2014");
        assert_eq!(meeting_date((2013, 11, 21)), "Thursday 21 November 2013");
        assert_eq!(meeting_date((2000, 2, 29)), "Tuesday 29 February 2000");
        assert_eq!(meeting_date((1970, 1, 1)), "Thursday 1 January 1970");
    }
}
