//! The progress report of an improvement plan: a summary of statuses by key
//! area with the overdue count, then the plan by key area in the seeds'
//! layout (Ref | Action | Ofsted Ref | KPI Ref | Due | Lead | Status |
//! Update), each status a coloured cell with its word, overdue marked.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::plan::Plan;
use super::rules::Assessed;
use crate::render::chart::{draw_stacked_bars, Stack};
use crate::render::format::format_date;
use crate::render::measure::{Shaped, Words, GEOMETRY, SLACK, TEXT_WIDTH};
use crate::render::palette::{self, status_colours};
use crate::render::pdf::compile_pdf;
use crate::render::world::DocumentWorld;
use crate::render::RenderError;

/// What `actions.typ` receives as `/data.json`.
#[derive(Serialize)]
pub(crate) struct View {
    title: String,
    organisation: String,
    as_of: String,
    produced: String,
    /// The statuses of the key, best first, with their colours and meanings.
    key: Vec<KeyEntry>,
    summary: Vec<SummaryRow>,
    overdue: usize,
    chart: &'static str,
    chart_alt: String,
    areas: Vec<Area>,
    /// The plan table's column widths in points, the same in every key area.
    columns: [f64; 8],
    /// Changes since the previous report, when one is given.
    changes: Option<Vec<Change>>,
}

/// How one action changed since the previous report.
#[derive(Serialize)]
struct Change {
    reference: String,
    action: String,
    was: String,
    now: String,
    what: &'static str,
}

/// One status of the key, as printed under the summary.
#[derive(Serialize)]
struct KeyEntry {
    word: String,
    colour: String,
    meaning: String,
}

/// A key area's counts by status (in key order) and its overdue count.
#[derive(Serialize)]
struct SummaryRow {
    area: String,
    counts: Vec<usize>,
    overdue: usize,
    total: usize,
}

/// One key area's actions.
#[derive(Serialize)]
struct Area {
    name: String,
    outcomes: Vec<String>,
    rows: Vec<Row>,
}

/// One action as the table prints it.
#[derive(Serialize)]
struct Row {
    reference: String,
    heading: bool,
    action: String,
    ofsted: String,
    kpi: String,
    due: String,
    lead: String,
    status: String,
    colour: String,
    overdue: bool,
    update: String,
    /// The lines its tallest cell takes in `columns`, where that is sure;
    /// else the template measures the row.
    lines: Option<usize>,
}

/// The mark `actions.typ` sets beside the status of an overdue action.
const OVERDUE: &str = "· Overdue";
/// The size of `OVERDUE` in points, smaller than the status word.
const OVERDUE_SIZE: f64 = 8.0;

/// Where the template finds the chart.
const CHART: &str = "/charts/statuses.svg";

/// What the report is about and when.
pub(crate) struct Report<'a> {
    /// Title.
    pub(crate) title: &'a str,
    /// The council.
    pub(crate) organisation: &'a str,
    /// The date progress is reported at.
    pub(crate) as_of: (i32, u32, u32),
    /// Date produced.
    pub(crate) date: (i32, u8, u8),
    /// Each action's linked indicators as printed, when a scorecard is linked.
    pub(crate) kpis: Option<&'a [String]>,
    /// The previous quarter's plan and what the rules made of it.
    pub(crate) previous: Option<(&'a Plan, &'a [Assessed])>,
}

/// Renders the progress report.
pub(crate) fn render_actions(plan: &Plan, assessed: &[Assessed], report: &Report) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("actions.typ", None, report.date)?;
    let (view, chart) = view(plan, assessed, report)?;
    world.add_file(CHART, chart.into_bytes());
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    Ok(compile_pdf(&world, &format!("actions|{}|{}", view.title, view.as_of), report.date)?)
}

/// The progress report's view, which both its templates print, and its chart (SVG).
pub(crate) fn view(plan: &Plan, assessed: &[Assessed], report: &Report) -> anyhow::Result<(View, String)> {
    let no_links = vec![String::new(); plan.actions.len()];
    let linked = report.kpis.unwrap_or(&no_links);
    let statuses = &plan.key.statuses;
    let mut areas: Vec<Area> = Vec::new();
    let mut summary: Vec<SummaryRow> = Vec::new();
    for ((a, r), kpi) in plan.actions.iter().zip(assessed).zip(linked) {
        let area_name = if a.key_area.is_empty() { "Actions".to_string() } else { a.key_area.clone() };
        if areas.last().is_none_or(|x| x.name != area_name) {
            areas.push(Area { name: area_name.clone(), outcomes: Vec::new(), rows: Vec::new() });
            summary.push(SummaryRow {
                area: area_name,
                counts: vec![0; statuses.len()],
                overdue: 0,
                total: 0,
            });
        }
        let area = areas.last_mut().expect("an area was pushed");
        if !a.outcome.is_empty() && !area.outcomes.contains(&a.outcome) {
            area.outcomes.push(a.outcome.clone());
        }
        let shown = r.derived.or(a.status);
        if !r.has_children {
            let s = summary.last_mut().expect("a row was pushed");
            s.total += 1;
            s.overdue += usize::from(r.overdue);
            if let Some(i) = shown {
                s.counts[i] += 1;
            }
        }
        let kpi = if kpi.is_empty() { &a.kpi_ref } else { kpi };
        area.rows.push(Row {
            reference: a.reference.clone(),
            heading: r.has_children,
            action: a.text.clone(),
            ofsted: a.ofsted_ref.clone(),
            kpi: kpi.clone(),
            due: a.due.clone(),
            lead: a.lead.clone(),
            status: shown.map_or(String::new(), |i| statuses[i].word.to_string()),
            colour: shown.map_or_else(|| "none".to_string(), |i| statuses[i].colour.clone()),
            overdue: r.overdue,
            update: a.update.clone(),
            lines: None,
        });
    }
    let categories: Vec<String> = summary.iter().map(|s| s.area.clone()).collect();
    let stacks: Vec<Stack> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| Stack {
            label: s.word.to_string(),
            fill: status_colours(&s.colour).map_or(palette::MUTED, |c| c.fill),
            counts: summary.iter().map(|row| row.counts[i]).collect(),
        })
        .collect();
    let chart = draw_stacked_bars(&categories, &stacks).map_err(RenderError::Chart)?;
    let chart_alt = format!(
        "Stacked bar chart of actions by status in each key area: {}.",
        summary
            .iter()
            .map(|row| {
                let parts: Vec<String> = stacks
                    .iter()
                    .zip(&row.counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(s, n)| format!("{n} {}", s.label))
                    .collect();
                format!(
                    "{}: {}",
                    row.area,
                    if parts.is_empty() { "none".to_string() } else { parts.join(", ") }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    let overdue = assessed.iter().filter(|a| a.overdue).count();
    let columns = lay_out(&mut areas, statuses, overdue > 0);
    let changes = report.previous.map(|(before, then)| changes(plan, assessed, before, then));
    let view = View {
        changes,
        chart: CHART,
        chart_alt,
        title: report.title.to_string(),
        organisation: report.organisation.to_string(),
        as_of: format_date((report.as_of.0, report.as_of.1 as u8, report.as_of.2 as u8)),
        produced: format_date(report.date),
        key: statuses
            .iter()
            .map(|s| KeyEntry { word: s.word.clone(), colour: s.colour.clone(), meaning: s.meaning.clone() })
            .collect(),
        overdue,
        summary,
        areas,
        columns,
    };
    Ok((view, chart))
}

/// The plan table's column widths in points: Ref, Ofsted Ref, KPI Ref, Due
/// and Status as wide as their widest text or heading, Ref within 3 cm and
/// the other three within 6 cm, past which their text wraps; Action, Lead
/// and Update share the rest as 3 : 1.2 : 2.2. And each row's lines, where
/// they are sure.
fn lay_out(areas: &mut [Area], statuses: &[super::key::Status], overdue: bool) -> [f64; 8] {
    let g = &GEOMETRY;
    // Each distinct text shaped once (leads, dates and references repeat),
    // each word once, and each row's texts in the columns' order less Status.
    let mut distinct: Vec<Shaped> = Vec::new();
    let mut seen: FxHashMap<(&str, bool), usize> = FxHashMap::default();
    let mut words = Words::default();
    let shaped: Vec<[usize; 7]> = areas
        .iter()
        .flat_map(|a| &a.rows)
        .map(|r| {
            [
                (r.reference.as_str(), r.heading),
                (&r.action, r.heading),
                (&r.ofsted, false),
                (&r.kpi, false),
                (&r.due, false),
                (&r.lead, false),
                (&r.update, false),
            ]
            .map(|(text, bold)| {
                *seen.entry((text, bold)).or_insert_with(|| {
                    distinct.push(Shaped::by_words(text, bold, g.body_size, &mut words));
                    distinct.len() - 1
                })
            })
        })
        .collect();
    let width = |text: &str, bold: bool, size: f64| Shaped::new(text, bold, size).width();
    let column = |cell: usize, heading: &str, cap_cm: f64| {
        let cells = shaped.iter().map(|s| distinct[s[cell]].width()).fold(0.0, f64::max);
        let widest = cells.max(width(heading, true, g.header_size));
        (widest * (1.0 + SLACK) + 2.0 * g.inset_x + 1.0).min(cap_cm * 72.0 / 2.54)
    };
    let mark =
        if overdue { width(" ", false, g.body_size) + width(OVERDUE, true, OVERDUE_SIZE) } else { 0.0 };
    let status = statuses.iter().map(|s| width(&s.word, true, g.body_size) + mark).fold(0.0, f64::max);
    let status = (status.max(width("Status", true, g.header_size)) * (1.0 + SLACK)) + 2.0 * g.inset_x + 1.0;
    let reference = column(0, "Ref", 3.0);
    let ofsted = column(2, "Ofsted Ref", 6.0);
    let kpi = column(3, "KPI Ref", 6.0);
    let due = column(4, "Due", 6.0);
    let share = (TEXT_WIDTH - reference - ofsted - kpi - due - status).max(0.0) / 6.4;
    let columns = [reference, 3.0 * share, ofsted, kpi, due, 1.2 * share, status, 2.2 * share];
    // The status cell is one line, being as wide as the widest.
    let text_columns = [0, 1, 2, 3, 4, 5, 7];
    for (row, cells) in areas.iter_mut().flat_map(|a| &mut a.rows).zip(&shaped) {
        row.lines = cells.iter().zip(text_columns).try_fold(1, |most, (cell, c)| {
            Some(most.max(distinct[*cell].lines(columns[c] - 2.0 * g.inset_x)?))
        });
    }
    columns
}

/// What moved since the previous report: new actions, newly completed ones,
/// and statuses better or worse by the key's order, in plan order.
fn changes(plan: &Plan, now: &[Assessed], before: &Plan, then: &[Assessed]) -> Vec<Change> {
    let word = |key: &super::key::Key, s: Option<usize>| {
        s.map_or(String::new(), |s| key.statuses[s].word.to_string())
    };
    let mut out = Vec::new();
    for (a, r) in plan.actions.iter().zip(now) {
        let old = before.actions.iter().position(|b| b.reference == a.reference);
        let now_status = r.derived.map(|s| &plan.key.statuses[s]);
        let (was, what) = match old {
            None => (String::new(), "New action"),
            Some(i) => {
                let was_status = then[i].derived.map(|s| &before.key.statuses[s]);
                let what = match (was_status, now_status) {
                    (Some(w), Some(n)) if n.completed && !w.completed => "Completed",
                    (Some(w), Some(n)) if !n.completed && !w.completed && n.severity < w.severity => "Better",
                    (Some(w), Some(n)) if !n.completed && !w.completed && n.severity > w.severity => "Worse",
                    (None, Some(n)) if n.completed => "Completed",
                    _ => continue,
                };
                (word(&before.key, then[i].derived), what)
            }
        };
        out.push(Change {
            reference: a.reference.clone(),
            action: a.text.clone(),
            was,
            now: word(&plan.key, r.derived),
            what,
        });
    }
    out
}
