//! The scorecard PDF: turns the metrics into the template's data (display
//! strings, chart files, alt text) and compiles it.

use std::path::Path;

use serde::Serialize;

use super::chart::{draw_sparkline, draw_trend, TrendData};
use super::format::{arrow, direction_word, format_change, format_date, format_option, format_value};
use super::pdf::compile_pdf;
use super::world::DocumentWorld;
use crate::metrics::rag::Rag;
use crate::metrics::round::round_half_away;
use crate::metrics::{IndicatorMetrics, Metrics};
use crate::model::indicator::{Polarity, Unit};

/// What the scorecard template receives as `/data.json`.
#[derive(Serialize)]
struct View {
    title: String,
    organisation: String,
    home: String,
    period: String,
    produced: String,
    notes: Vec<String>,
    rag_counts: RagCounts,
    groups: Vec<Group>,
    indicators: Vec<Page>,
    exceptions: Vec<Exception>,
}

#[derive(Serialize, Default)]
struct RagCounts {
    green: usize,
    amber: usize,
    red: usize,
    unrated: usize,
}

#[derive(Serialize)]
struct Group {
    name: String,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    anchor: String,
    id: String,
    name: String,
    latest: String,
    fraction: String,
    latest_period: String,
    previous: String,
    previous_period: String,
    arrow: &'static str,
    direction: &'static str,
    target: String,
    rag: Rag,
    rag_letter: &'static str,
    sn: String,
    england: String,
    spark: Option<String>,
    spark_alt: String,
}

#[derive(Serialize)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Page {
    anchor: String,
    id: String,
    name: String,
    subtitle: String,
    chart: String,
    chart_alt: String,
    legend: Vec<LegendItem>,
    facts: Vec<(String, String)>,
    rag: Rag,
    rag_letter: &'static str,
    rag_word: &'static str,
    commentary: Vec<String>,
    table: Table,
}

/// One entry of a chart's legend: the template draws a line sample in `colour`.
#[derive(Serialize)]
struct LegendItem {
    label: String,
    colour: &'static str,
    dashed: bool,
    marker: &'static str,
}

#[derive(Serialize)]
struct Exception {
    anchor: String,
    id: String,
    name: String,
    latest: String,
    target: String,
    rag: Rag,
    rag_letter: &'static str,
    arrow: &'static str,
    direction: &'static str,
    reason: String,
}

/// What the cover and metadata say about the document.
pub struct Document<'a> {
    /// Title.
    pub title: &'a str,
    /// Council.
    pub organisation: &'a str,
    /// Remarks for the cover.
    pub notes: &'a [String],
    /// Date produced.
    pub date: (i32, u8, u8),
}

fn polarity_words(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "higher is better",
        Polarity::LowerIsBetter => "lower is better",
        Polarity::Neutral => "no better direction",
    }
}

/// Renders the scorecard PDF.
pub fn render_scorecard(
    metrics: &Metrics,
    doc: &Document,
    templates: Option<&Path>,
) -> anyhow::Result<Vec<u8>> {
    let mut world = DocumentWorld::new("scorecard.typ", templates, doc.date)?;
    // The document title is metadata too: plain spaces there.
    let period =
        metrics.period.map(|p| p.display().replace('\u{a0}', " ")).unwrap_or_else(|| "no data".to_string());
    let mut counts = RagCounts::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut pages = Vec::new();
    let mut exceptions = Vec::new();
    for (i, m) in metrics.indicators.iter().enumerate() {
        let anchor = format!("indicator-{i}");
        match m.rag {
            Rag::Green => counts.green += 1,
            Rag::Amber => counts.amber += 1,
            Rag::Red => counts.red += 1,
            Rag::None => counts.unrated += 1,
        }
        let row = summary_row(m, &anchor, &mut world)?;
        let group_name = m.group.clone().unwrap_or_else(|| "Indicators".to_string());
        match groups.iter_mut().find(|g| g.name == group_name) {
            Some(g) => g.rows.push(row),
            None => groups.push(Group { name: group_name, rows: vec![row] }),
        }
        pages.push(indicator_page(m, &anchor, &metrics.home_name, &mut world)?);
        if m.is_exception() {
            exceptions.push(exception(m, &anchor));
        }
    }
    let view = View {
        title: doc.title.to_string(),
        organisation: doc.organisation.to_string(),
        home: metrics.home_name.clone(),
        period,
        produced: format_date(doc.date),
        notes: doc.notes.to_vec(),
        rag_counts: counts,
        groups,
        indicators: pages,
        exceptions,
    };
    world.add_file("/data.json", serde_json::to_vec(&view)?);
    let ident = format!("{}|{}|{}", doc.organisation, doc.title, view.period);
    compile_pdf(&world, &ident, doc.date)
}

fn value(m: &IndicatorMetrics, v: Option<f64>) -> String {
    format_option(v, m.unit, m.decimals)
}

fn fraction(m: &IndicatorMetrics) -> String {
    match m.latest.as_ref().map(|l| (l.numerator, l.denominator)) {
        Some((Some(n), Some(d))) => {
            format!("({}/{})", format_value(n, Unit::Count, 0), format_value(d, Unit::Count, 0))
        }
        _ => String::new(),
    }
}

fn summary_row(m: &IndicatorMetrics, anchor: &str, world: &mut DocumentWorld) -> anyhow::Result<Row> {
    let recent: Vec<Option<f64>> = m.history.iter().rev().take(12).rev().map(|h| h.value).collect();
    let spark = if recent.iter().flatten().count() >= 2 {
        let path = format!("/charts/spark-{anchor}.svg");
        world.add_file(
            &path,
            draw_sparkline(&recent).map_err(|e| anyhow::anyhow!("chart: {e}"))?.into_bytes(),
        );
        Some(path)
    } else {
        None
    };
    let shown: Vec<String> = recent.iter().map(|v| value(m, *v)).collect();
    Ok(Row {
        anchor: anchor.to_string(),
        id: m.id.clone(),
        name: m.name.clone(),
        latest: value(m, m.latest.as_ref().map(|l| l.value)),
        fraction: fraction(m),
        latest_period: m.latest.as_ref().map(|l| l.period.display()).unwrap_or_default(),
        previous: value(m, m.previous.as_ref().map(|p| p.value)),
        previous_period: m.previous.as_ref().map(|p| p.period.display()).unwrap_or_default(),
        arrow: arrow(m.change, m.direction),
        direction: direction_word(m.change, m.direction),
        target: value(m, m.target),
        rag: m.rag,
        rag_letter: m.rag.letter(),
        sn: value(m, m.neighbours.average),
        england: value(m, m.england),
        spark,
        spark_alt: format!("Sparkline of the last {} values of {}: {}", shown.len(), m.id, shown.join(", ")),
    })
}

/// The change between the latest and previous values as printed, so it agrees
/// with the two numbers beside it (4.6 → 4.4 printed as 5% and 4% is +1, not 0).
fn shown_change(m: &IndicatorMetrics) -> Option<f64> {
    let (l, p) = (m.latest.as_ref()?, m.previous.as_ref()?);
    Some(round_half_away(l.value, m.decimals) - round_half_away(p.value, m.decimals))
}

/// How the latest value compares with a comparator, in words that say whether that is good.
fn compare(m: &IndicatorMetrics, latest: f64, other: Option<f64>, who: &str) -> Option<String> {
    let other = other?;
    let diff = round_half_away(latest, m.decimals) - round_half_away(other, m.decimals);
    if diff == 0.0 {
        return Some(format!("Level with {who} ({})", value(m, Some(other))));
    }
    let side = if diff > 0.0 { "above" } else { "below" };
    let verdict = match (m.polarity, diff > 0.0) {
        (Polarity::Neutral, _) => "",
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => " (better)",
        _ => " (worse)",
    };
    let gap = format_change(diff.abs(), m.unit, m.decimals);
    Some(format!("{} {side} {who} ({}){verdict}", gap.trim_start_matches('+'), value(m, Some(other))))
}

fn indicator_page(
    m: &IndicatorMetrics,
    anchor: &str,
    home_name: &str,
    world: &mut DocumentWorld,
) -> anyhow::Result<Page> {
    let data = TrendData {
        periods: m.history.iter().map(|h| h.period.short()).collect(),
        home: m.history.iter().map(|h| h.value).collect(),
        neighbours: m.history.iter().map(|h| h.neighbours).collect(),
        england: m.history.iter().map(|h| h.england).collect(),
        target: m.target,
        decimals: m.decimals,
    };
    let chart = format!("/charts/trend-{anchor}.svg");
    world.add_file(&chart, draw_trend(&data).map_err(|e| anyhow::anyhow!("chart: {e}"))?.into_bytes());

    let baseline = m.history.iter().find_map(|h| h.value.map(|v| (h.period, v)));
    let latest = m.latest.as_ref();
    let mut facts = vec![
        (
            "Baseline".to_string(),
            baseline.map_or("–".into(), |(p, v)| format!("{} ({})", value(m, Some(v)), p.display())),
        ),
        (
            "Latest".to_string(),
            latest.map_or("–".into(), |l| {
                let f = fraction(m);
                format!(
                    "{}{} ({})",
                    value(m, Some(l.value)),
                    if f.is_empty() { f } else { format!(" {f}") },
                    l.period.display()
                )
            }),
        ),
        (
            "Previous".to_string(),
            m.previous
                .as_ref()
                .map_or("–".into(), |p| format!("{} ({})", value(m, Some(p.value)), p.period.display())),
        ),
        ("Change".to_string(), shown_change(m).map_or("–".into(), |c| format_change(c, m.unit, m.decimals))),
        (
            "Direction".to_string(),
            format!("{} {}", arrow(m.change, m.direction), direction_word(m.change, m.direction))
                .trim()
                .to_string(),
        ),
        ("Target".to_string(), value(m, m.target)),
    ];
    if let Some(amber) = m.amber_threshold {
        facts.push(("Amber from".to_string(), value(m, Some(amber))));
    }
    let sn_who = match m.neighbours.count {
        Some(n) => format!("SN average of {n}"),
        None => "published SN average".to_string(),
    };
    if let Some(l) = latest {
        facts.push((
            "Neighbours".to_string(),
            compare(m, l.value, m.neighbours.average, &sn_who).unwrap_or("–".into()),
        ));
        facts.push(("England".to_string(), compare(m, l.value, m.england, "England").unwrap_or("–".into())));
    }
    let mut commentary: Vec<String> = m.notes.iter().cloned().collect();
    if let Some(note) = latest.and_then(|l| l.note.clone()) {
        commentary.push(note);
    }
    if let Some(owner) = &m.owner {
        commentary.push(format!("Responsible officer: {owner}"));
    }

    // The series table, periods as columns as in the Turning-the-Curve sheets; the last 8 periods fit a page.
    let shown: Vec<_> = m.history.iter().rev().take(8).rev().collect();
    let mut header = vec![String::new()];
    header.extend(shown.iter().map(|h| h.period.short()));
    let mut rows = vec![
        std::iter::once(home_name.to_string())
            .chain(shown.iter().map(|h| value(m, h.value)))
            .collect::<Vec<_>>(),
        std::iter::once("SN average".to_string())
            .chain(shown.iter().map(|h| value(m, h.neighbours)))
            .collect(),
        std::iter::once("England".to_string()).chain(shown.iter().map(|h| value(m, h.england))).collect(),
    ];
    if m.target.is_some() {
        rows.push(
            std::iter::once("Target".to_string()).chain(shown.iter().map(|_| value(m, m.target))).collect(),
        );
    }

    let mut legend =
        vec![LegendItem { label: home_name.to_string(), colour: "#1d4f91", dashed: false, marker: "●" }];
    if m.history.iter().any(|h| h.neighbours.is_some()) {
        legend.push(LegendItem {
            label: "Statistical neighbours".into(),
            colour: "#c2550c",
            dashed: true,
            marker: "▲",
        });
    }
    if m.history.iter().any(|h| h.england.is_some()) {
        legend.push(LegendItem { label: "England".into(), colour: "#4d4d4d", dashed: false, marker: "■" });
    }
    if m.target.is_some() {
        legend.push(LegendItem { label: "Target".into(), colour: "#1b7a3a", dashed: true, marker: "" });
    }
    let first = m.history.first().map(|h| h.period.display()).unwrap_or_default();
    let last = m.history.last().map(|h| h.period.display()).unwrap_or_default();
    let home_values: Vec<String> = m
        .history
        .iter()
        .filter_map(|h| h.value.map(|v| format!("{} {}", h.period.display(), value(m, Some(v)))))
        .collect();
    let chart_alt = format!(
        "Line chart of {} from {first} to {last}. {home_name}: {}. Statistical-neighbour average latest {}; England latest {}; target {}.",
        m.name,
        if home_values.is_empty() { "no values".to_string() } else { home_values.join(", ") },
        value(m, m.history.iter().rev().find_map(|h| h.neighbours)),
        value(m, m.history.iter().rev().find_map(|h| h.england)),
        value(m, m.target),
    );
    let mut subtitle = vec![m.group.clone().unwrap_or_default(), polarity_words(m.polarity).to_string()];
    if let Some(f) = m.frequency {
        subtitle.push(format!(
            "reported {}",
            serde_json::to_value(f)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default()
        ));
    }
    subtitle.retain(|s| !s.is_empty());
    Ok(Page {
        anchor: anchor.to_string(),
        id: m.id.clone(),
        name: m.name.clone(),
        subtitle: subtitle.join(" · "),
        chart,
        chart_alt,
        legend,
        facts,
        rag: m.rag,
        rag_letter: m.rag.letter(),
        rag_word: m.rag.word(),
        commentary,
        table: Table { header, rows },
    })
}

fn exception(m: &IndicatorMetrics, anchor: &str) -> Exception {
    let mut reasons = Vec::new();
    if m.rag == Rag::Red {
        reasons.push("Red: worse than target".to_string());
    }
    if m.worsening_twice {
        reasons.push("Worsened two periods running".to_string());
    }
    Exception {
        anchor: anchor.to_string(),
        id: m.id.clone(),
        name: m.name.clone(),
        latest: value(m, m.latest.as_ref().map(|l| l.value)),
        target: value(m, m.target),
        rag: m.rag,
        rag_letter: m.rag.letter(),
        arrow: arrow(m.change, m.direction),
        direction: direction_word(m.change, m.direction),
        reason: reasons.join("; "),
    }
}
