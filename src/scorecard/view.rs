//! What the scorecard prints, whatever it is printed as: the metrics turned
//! into display strings, charts and alt text, which the PDF's typst template
//! and the web page's HTML template both read.

use std::cell::RefCell;
use std::hash::BuildHasher;

use serde::Serialize;

use crate::core::names::first_free;
use crate::core::period::{with_gaps_filled, Period};
use crate::core::rag::Rag;
use crate::core::round::round_half_away;
use crate::finance::summary::FinanceSummary;
use crate::render::chart::{
    draw_sparkline, draw_spc, draw_trend, spc_legend, split_labels, trend_legend, AxisLabels, LegendEntry,
    SpcChartData, SpcChartPoint, TrendData,
};
use crate::render::format::format_date;
use crate::render::measure::{text_em, Shaped, Words, GEOMETRY, LINE_BREAKS, SLACK, TEXT_WIDTH};
use crate::render::world::drawable;
use crate::render::RenderError;
use crate::scorecard::format::{arrow, direction_word, format_change, format_option, format_value};
use crate::scorecard::metrics::ci::Benchmark;
use crate::scorecard::metrics::spc::{Assurance, PointType, Spc, Variation};
use crate::scorecard::metrics::{HistoryPoint, IndicatorMetrics, Metrics};
use crate::scorecard::model::indicator::{Polarity, Unit};

/// What the scorecard templates receive: the typst one as `/data.json`, the
/// HTML one as `d`.
#[derive(Serialize)]
pub(crate) struct View<'a> {
    title: String,
    organisation: String,
    home: String,
    /// The report period as printed, or "no data".
    pub(crate) period: String,
    produced: String,
    notes: Vec<String>,
    rag_counts: RagCounts,
    /// The summary table's column headings.
    summary_header: [&'static str; 11],
    groups: Vec<Group>,
    matrix: Matrix,
    indicators: Vec<Page>,
    exceptions: Vec<Exception>,
    /// The exceptions table's sizes, where Rust could work them out.
    exceptions_layout: Option<ExceptionsLayout>,
    finance: Option<&'a FinanceSummary>,
}

/// What a view is for: the web page shows tables of every point under its
/// charts, which the PDF leaves out. typst hashes an indicator's data each
/// time a template function is called with it, and those tables were most
/// of it; and they take longer to write than the rest of a page's data.
/// The tables' sizes Rust works out for typst are the PDF's alone: a
/// browser sizes the web page's tables itself.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Medium {
    /// The typst template's data.
    Print,
    /// The HTML template's.
    Web,
}

/// How many indicators are of each rating, for the cover.
#[derive(Serialize, Default)]
struct RagCounts {
    green: usize,
    amber: usize,
    red: usize,
    unrated: usize,
}

/// A group of the summary table and its indicators.
#[derive(Serialize)]
struct Group {
    name: String,
    rows: Vec<Row>,
    /// Its table's sizes, where Rust could work them out.
    layout: Option<SummaryLayout>,
}

/// Beside an England value that fails the national consistency check, in
/// the summary: the figure is printed as the source gives it, but a reader
/// comparing down the column should know not to trust it.
const ENGLAND_MARK: &str = " *";

/// The summary table's headings.
const SUMMARY_HEADER: [&str; 11] = [
    "Ref",
    "Indicator",
    "Latest",
    "Previous",
    "Direction",
    "Target",
    "RAG",
    "SN average",
    "England",
    "Trend",
    "SPC",
];

/// A group's summary table's columns, worked out here so that typst sets
/// each cell once rather than measuring it for an `auto` column and row first.
#[derive(Serialize, Debug)]
struct SummaryLayout {
    /// The columns' widths in points, but for the names' column, which
    /// takes the rest of the page.
    widths: Vec<f64>,
    /// The width the names are set in: their column less its insets.
    name_width: f64,
}

/// One indicator's row of the summary table.
#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    link: Link,
    id: String,
    name: String,
    /// The lines the name takes with `SummaryLayout`'s columns; `None`
    /// where Rust cannot vouch for the count and typst measures it.
    name_lines: Option<usize>,
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
    rag_word: &'static str,
    sn: String,
    england: String,
    spark: Option<String>,
    spark_alt: String,
    icons: Icons,
}

/// The two Making Data Count icons of an indicator, with words for each.
#[derive(Serialize, Clone)]
struct Icons {
    variation: String,
    variation_word: &'static str,
    assurance: String,
    assurance_word: &'static str,
}

/// The Making Data Count summary: indicators by variation (rows) and assurance (columns).
#[derive(Serialize)]
struct Matrix {
    columns: Vec<&'static str>,
    rows: Vec<MatrixRow>,
}

/// One variation row of the Making Data Count matrix, with an icon.
#[derive(Serialize)]
struct MatrixRow {
    label: &'static str,
    icon: &'static str,
    cells: Vec<Vec<MatrixEntry>>,
}

/// An indicator in a cell of the matrix, linking to its page.
#[derive(Serialize, Clone)]
struct MatrixEntry {
    #[serde(flatten)]
    link: Link,
    id: String,
    name: String,
}

/// An indicator's data table: a row per series, a column per period.
#[derive(Serialize)]
struct Table {
    header: Vec<String>,
    rows: Vec<SeriesRow>,
    /// Its column widths in points, each its widest text on one line, where
    /// they fit beside the side column; else typst sizes them.
    widths: Option<Vec<f64>>,
}

/// One series of the data table: its name, then a cell per period.
#[derive(Serialize)]
struct SeriesRow {
    series: String,
    cells: Vec<String>,
}

/// One line of the headline box.
#[derive(Serialize)]
struct Fact {
    label: String,
    value: String,
}

/// The headline table's sizes: the label column's width and the width its
/// values' text is set in, in points, and the lines of each value and of
/// each commentary paragraph, where Rust can vouch for them (else typst
/// measures that text). With them typst lays each cell out once, and knows
/// the side column's height without laying it out to see whether it fits.
#[derive(Serialize, Debug, PartialEq)]
struct FactsLayout {
    label_width: f64,
    value_width: f64,
    lines: Vec<Option<usize>>,
    /// The lines of each paragraph of the commentary, in the column's width.
    commentary_lines: Vec<Option<usize>>,
}

/// The lines an indicator page's title and subtitle take across the page,
/// where Rust can vouch for them: typst then works out the room below them
/// from a title and subtitle it measured once, rather than on every page.
#[derive(Serialize, Debug, PartialEq)]
struct HeadingLines {
    title: usize,
    subtitle: usize,
}

/// One indicator's page.
#[derive(Serialize)]
struct Page {
    #[serde(flatten)]
    link: Link,
    id: String,
    name: String,
    subtitle: String,
    chart: String,
    /// The trend chart as two files, where its period labels are a file of their own.
    chart_parts: Option<ChartParts>,
    chart_alt: String,
    legend: Vec<LegendEntry>,
    spc_chart: Option<String>,
    /// The SPC chart as two files, where its period labels are a file of their own.
    spc_parts: Option<ChartParts>,
    spc_alt: String,
    spc_legend: Vec<LegendEntry>,
    icons: Icons,
    facts: Vec<Fact>,
    facts_layout: Option<FactsLayout>,
    heading_lines: Option<HeadingLines>,
    rag: Rag,
    rag_letter: &'static str,
    rag_word: &'static str,
    commentary: Vec<String>,
    table: Table,
    /// Every period the trend chart shows, for the web page's table under it.
    history: Vec<HistoryRow>,
    /// Whether the trend chart draws a target line.
    has_target: bool,
    /// Every point the SPC chart shows, for the web page's table under it.
    spc_rows: Vec<SpcRow>,
}

/// One period of the trend chart, as printed.
#[derive(Serialize)]
struct HistoryRow {
    period: String,
    home: String,
    sn: String,
    england: String,
    target: String,
}

/// One point of the SPC chart, as printed.
#[derive(Serialize)]
struct SpcRow {
    period: String,
    value: String,
    mean: String,
    lower: String,
    upper: String,
    kind: &'static str,
}

/// One row of the exceptions table: red, or worse two periods running.
#[derive(Serialize)]
struct Exception {
    #[serde(flatten)]
    link: Link,
    id: String,
    name: String,
    latest: String,
    target: String,
    rag: Rag,
    rag_letter: &'static str,
    rag_word: &'static str,
    arrow: &'static str,
    direction: &'static str,
    reason: String,
    /// The lines its name or its reason takes, whichever takes more, in the
    /// columns of `ExceptionsLayout`; `None` where typst measures the row.
    lines: Option<usize>,
}

/// The exceptions table's columns, worked out here as the summary table's
/// are, so that typst sets each cell once.
#[derive(Serialize, Debug)]
struct ExceptionsLayout {
    /// The widths in points of the reference, latest, target, RAG and
    /// direction columns; the names' and reasons' columns share the rest.
    widths: Vec<f64>,
}

/// What the cover and metadata say about the document.
pub(crate) struct Document<'a> {
    /// Title.
    pub(crate) title: &'a str,
    /// Council.
    pub(crate) organisation: &'a str,
    /// Remarks for the cover.
    pub(crate) notes: &'a [String],
    /// Date produced.
    pub(crate) date: (i32, u8, u8),
    /// The finance summary page, when the workspace names a budget.
    pub(crate) finance: Option<&'a FinanceSummary>,
}

/// The fewest local authorities a workspace must hold for its ranks to be
/// called national (England has 153); half as many must have a value.
const NATIONAL_RANK_MIN: u32 = 140;

/// Why the home area has no value in periods the charts and table show as
/// gaps, a line per reason: "No value for Norfolk in 2019/20 and 2020/21
/// (suppressed or nil)."
fn gap_notes(m: &IndicatorMetrics, home_name: &str) -> Vec<String> {
    let mut by_reason: Vec<(&str, Vec<String>)> = Vec::new();
    for h in m.history.iter().filter(|h| h.value.is_none()) {
        let Some(why) = h.missing else { continue };
        match by_reason.iter_mut().find(|(r, _)| *r == why) {
            Some((_, periods)) => periods.push(h.period.display()),
            None => by_reason.push((why, vec![h.period.display()])),
        }
    }
    by_reason
        .into_iter()
        .map(|(why, periods)| {
            let listed = match periods.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => periods.concat(),
            };
            format!("No value for {home_name} in {listed} ({why}).")
        })
        .collect()
}

/// Whether a rank among `of` areas is national: the workspace holds nearly
/// every local authority, and most of them have a value.
fn is_national(metrics: &Metrics, of: u32) -> bool {
    metrics.ranked_areas >= NATIONAL_RANK_MIN as usize && of >= NATIONAL_RANK_MIN / 2
}

/// What ranks are among when some are not national.
fn rank_note(metrics: &Metrics) -> Option<String> {
    let local = metrics.indicators.iter().filter_map(|m| m.rank_of).any(|of| !is_national(metrics, of));
    local.then(|| {
        "“Rank … of these N”: among the N areas of this scorecard with a value for the period, not among all of England's local authorities; quartiles likewise.".to_string()
    })
}

/// What the summary's [`ENGLAND_MARK`] means, in the cover's key, if any
/// England value has it: beside the table, a note could be left alone on a page.
fn england_note(metrics: &Metrics) -> Option<String> {
    metrics.indicators.iter().any(|m| m.england_warning.is_some()).then(|| {
        format!(
            "England values marked {} lie outside the range of every local authority's value for the same \
             period, which an average cannot do: check the source (the indicator's page gives the range).",
            ENGLAND_MARK.trim()
        )
    })
}

/// Which way is better, in words for the page's subtitle.
fn polarity_words(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "higher is better",
        Polarity::LowerIsBetter => "lower is better",
        Polarity::Neutral => "no better direction",
    }
}

/// Where an indicator's page is: a typst label for the PDF's links, and an
/// HTML id made from its reference, so a web address can end in `#EY01`.
#[derive(Serialize, Clone)]
pub(crate) struct Link {
    anchor: String,
    slug: String,
}

/// The charts a view refers to, as SVG by the path its view gives them.
pub(crate) type Charts = Vec<(String, String)>;

/// The scorecard's view of `metrics`, and the charts it refers to.
pub(crate) fn build<'a>(
    metrics: &Metrics,
    doc: &Document<'a>,
    medium: Medium,
) -> anyhow::Result<(View<'a>, Charts)> {
    let mut charts = Charts::new();
    // The document title is metadata too: plain spaces there.
    let period =
        metrics.period.map(|p| p.display().replace('\u{a0}', " ")).unwrap_or_else(|| "no data".to_string());
    let mut counts = RagCounts::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut pages = Vec::new();
    let mut exceptions = Vec::new();
    let mut matrix = empty_matrix();
    let slugs = slugs(metrics.indicators.iter().map(|m| m.id.as_str()));
    let links: Vec<(&IndicatorMetrics, Link)> = metrics
        .indicators
        .iter()
        .zip(slugs)
        .enumerate()
        .map(|(i, (m, slug))| (m, Link { anchor: format!("indicator-{i}"), slug }))
        .collect();
    // Each indicator's row, page and charts (up to three SVGs) on every core.
    let drawn = crate::core::parallel::map(&links, |(m, link)| -> anyhow::Result<(Row, Page, Charts)> {
        let mut charts = Charts::new();
        let row = summary_row(m, link, &mut charts)?;
        let page = indicator_page(m, link, metrics, medium, &mut charts)?;
        Ok((row, page, charts))
    });
    for ((m, link), drawn) in links.into_iter().zip(drawn) {
        let (row, page, drawn) = drawn?;
        charts.extend(drawn);
        match m.rag {
            Rag::Green => counts.green += 1,
            Rag::Amber => counts.amber += 1,
            Rag::Red => counts.red += 1,
            Rag::None => counts.unrated += 1,
        }
        let group_name = m.group.clone().unwrap_or_else(|| "Indicators".to_string());
        match groups.iter_mut().find(|g| g.name == group_name) {
            Some(g) => g.rows.push(row),
            None => groups.push(Group { name: group_name, rows: vec![row], layout: None }),
        }
        pages.push(page);
        if m.is_exception() {
            exceptions.push(exception(m, &link));
        }
        let (row, column) = matrix_cell(m.spc.as_ref());
        matrix.rows[row].cells[column].push(MatrixEntry { link, id: m.id.clone(), name: m.name.clone() });
    }
    if let Some(finance) = doc.finance {
        charts.push((FinanceSummary::CHART.to_string(), finance.chart_svg.clone()));
    }
    let print = medium == Medium::Print;
    if print {
        for group in &mut groups {
            group.layout = summary_layout(&mut group.rows);
        }
    }
    let exceptions_layout = if print { exceptions_layout(&mut exceptions) } else { None };
    let view = View {
        title: doc.title.to_string(),
        organisation: doc.organisation.to_string(),
        home: metrics.home_name.clone(),
        period,
        produced: format_date(doc.date),
        notes: doc.notes.iter().cloned().chain(rank_note(metrics)).chain(england_note(metrics)).collect(),
        rag_counts: counts,
        summary_header: SUMMARY_HEADER,
        groups,
        matrix,
        indicators: pages,
        exceptions,
        exceptions_layout,
        finance: doc.finance,
    };
    Ok((view, charts))
}

/// HTML ids from indicator references: the reference itself where it can be
/// one (`EY01`), else with its spaces and the like made hyphens; a second
/// that reads alike gets `-2`. Ids the page uses itself are never taken.
fn slugs<'i>(ids: impl Iterator<Item = &'i str>) -> Vec<String> {
    const RESERVED: [&str; 7] =
        ["main", "contents", "summary", "making-data-count", "finance", "exceptions", "about"];
    let mut used: rustc_hash::FxHashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    ids.map(|id| {
        let stem: String =
            id.chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect();
        let stem = if stem.is_empty() { "indicator".to_string() } else { stem };
        first_free(
            |s| used.insert(s.to_lowercase()),
            |n| if n == 1 { stem.clone() } else { format!("{stem}-{n}") },
        )
    })
    .collect()
}

/// A value of `m` as printed, with its unit and decimals.
fn value(m: &IndicatorMetrics, v: Option<f64>) -> String {
    format_option(v, m.unit, m.decimals)
}

/// The latest value's fraction as printed beside it, "(30/42)"; empty if none.
fn fraction(m: &IndicatorMetrics) -> String {
    match m.latest.as_ref().map(|l| (l.numerator, l.denominator)) {
        Some((Some(n), Some(d))) => {
            format!("({}/{})", format_value(n, Unit::Count, 0), format_value(d, Unit::Count, 0))
        }
        _ => String::new(),
    }
}

/// An indicator's row of the summary, with its sparkline file.
fn summary_row(m: &IndicatorMetrics, link: &Link, charts: &mut Charts) -> anyhow::Result<Row> {
    let recent: Vec<Option<f64>> = m.history.iter().rev().take(12).rev().map(|h| h.value).collect();
    let spark = if recent.iter().flatten().count() >= 2 {
        let path = format!("/charts/spark-{}.svg", link.anchor);
        charts.push((path.clone(), draw_sparkline(&recent).map_err(RenderError::Chart)?));
        Some(path)
    } else {
        None
    };
    let shown: Vec<String> = recent.iter().map(|v| value(m, *v)).collect();
    Ok(Row {
        link: link.clone(),
        // As in the data: the templates let ids such as 16-17_not_known_NEET break
        // after an underscore without a character (a zero-width space would be
        // copied with the id and hide it from a search of the PDF).
        id: m.id.clone(),
        name: m.name.clone(),
        name_lines: None,
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
        rag_word: m.rag.word(),
        sn: value(m, m.neighbours.average),
        england: value(m, m.england) + if m.england_warning.is_some() { ENGLAND_MARK } else { "" },
        spark,
        icons: icons(m),
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

/// One indicator's page: the trend and SPC charts, the headline box, the
/// commentary and the series table (and on the web, every point).
fn indicator_page(
    m: &IndicatorMetrics,
    link: &Link,
    metrics: &Metrics,
    medium: Medium,
    charts: &mut Charts,
) -> anyhow::Result<Page> {
    let home_name = metrics.home_name.as_str();
    let data = trend_data(m);
    let chart = format!("/charts/trend-{}.svg", link.anchor);
    let chart_parts = add_chart(charts, &chart, draw_trend(&data).map_err(RenderError::Chart)?, medium);
    let (spc_chart, spc_parts, spc_alt, spc_legend) = spc_chart(m, &link.anchor, medium, charts)?;
    let facts = headline(m, metrics);
    let commentary = commentary(m, home_name);
    let subtitle = subtitle(m);
    let print = medium == Medium::Print;
    let heading = if print { heading_lines(&m.id, &m.name, &subtitle) } else { None };
    Ok(Page {
        link: link.clone(),
        id: m.id.clone(),
        name: m.name.clone(),
        subtitle,
        chart,
        chart_parts,
        chart_alt: trend_alt(m, home_name),
        legend: trend_legend(&data, home_name),
        spc_chart,
        spc_parts,
        spc_alt,
        spc_legend,
        icons: icons(m),
        facts_layout: if print { facts_layout(&facts, &commentary) } else { None },
        heading_lines: heading,
        facts,
        rag: m.rag,
        rag_letter: m.rag.letter(),
        rag_word: m.rag.word(),
        commentary,
        table: series_table(m, home_name),
        history: if medium == Medium::Web { history_rows(m) } else { Vec::new() },
        spc_rows: if medium == Medium::Web { spc_rows(m) } else { Vec::new() },
        has_target: m.target.is_some(),
    })
}

/// The trend chart's periods as a table: each series' value as printed.
fn history_rows(m: &IndicatorMetrics) -> Vec<HistoryRow> {
    m.history
        .iter()
        .map(|h| HistoryRow {
            period: h.period.display(),
            home: value(m, h.value),
            sn: value(m, h.neighbours),
            england: value(m, h.england),
            target: value(m, m.target),
        })
        .collect()
}

/// The SPC chart's points as a table: value, mean, limits and what kind of point.
fn spc_rows(m: &IndicatorMetrics) -> Vec<SpcRow> {
    let Some(spc) = m.spc.as_ref().filter(|s| s.points.len() >= 2) else { return Vec::new() };
    spc.points
        .iter()
        .map(|p| SpcRow {
            period: p.period.display(),
            value: value(m, Some(p.value)),
            mean: value(m, Some(p.mean)),
            lower: value(m, p.lcl),
            upper: value(m, p.ucl),
            kind: match p.kind {
                PointType::CommonCause => "Common cause",
                PointType::SpecialCauseImprovement => "Special cause: improvement",
                PointType::SpecialCauseConcern => "Special cause: concern",
                _ => "Special cause: no better direction",
            },
        })
        .collect()
}

/// The line under an indicator's title: group, polarity, frequency.
fn subtitle(m: &IndicatorMetrics) -> String {
    let mut subtitle = vec![m.group.clone().unwrap_or_default(), polarity_words(m.polarity).to_string()];
    if let Some(f) = m.frequency {
        subtitle.push(format!("reported {}", f.words()));
    }
    subtitle.retain(|s| !s.is_empty());
    subtitle.join(" · ")
}

/// The headline box: baseline, latest, previous, change, target, how the
/// home area compares, its rank and interval.
fn headline(m: &IndicatorMetrics, metrics: &Metrics) -> Vec<Fact> {
    let fact = |label: &str, value: String| Fact { label: label.to_string(), value };
    let dated = |v: f64, p: Period| format!("{} ({})", value(m, Some(v)), p.display());
    let baseline = m.history.iter().find_map(|h| h.value.map(|v| (h.period, v)));
    let latest = m.latest.as_ref();
    let mut facts = vec![
        fact("Baseline", baseline.map_or("–".into(), |(p, v)| dated(v, p))),
        fact(
            "Latest",
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
        fact("Previous", m.previous.as_ref().map_or("–".into(), |p| dated(p.value, p.period))),
        fact("Change", shown_change(m).map_or("–".into(), |c| format_change(c, m.unit, m.decimals))),
        fact(
            "Direction",
            format!("{} {}", arrow(m.change, m.direction), direction_word(m.change, m.direction))
                .trim()
                .to_string(),
        ),
        fact("Target", value(m, m.target)),
    ];
    if let Some(amber) = m.amber_threshold {
        facts.push(fact("Amber from", value(m, Some(amber))));
    }
    let sn_who = match m.neighbours.count {
        Some(n) => format!("SN average of {n}"),
        None => "published SN average".to_string(),
    };
    if let Some(l) = latest {
        facts.push(fact(
            "Neighbours",
            compare(m, l.value, m.neighbours.average, &sn_who).unwrap_or("–".into()),
        ));
        // An England value that fails the check is printed, but nothing is judged against it.
        let england = match &m.england_warning {
            Some(_) => format!("{}: not compared, see the England check", value(m, m.england)),
            None => compare(m, l.value, m.england, "England").unwrap_or("–".into()),
        };
        facts.push(fact("England", england));
        if let Some(warning) = &m.england_warning {
            facts.push(fact("England check", warning.clone()));
        }
    }
    if let (Some(rank), Some(of)) = (m.rank, m.rank_of) {
        let quartile = m.quartile.map(|q| format!(" · quartile {} (A is best)", q.key())).unwrap_or_default();
        // A rank among a scorecard's few areas is not a national rank.
        if is_national(metrics, of) {
            facts.push(fact("National rank", format!("{} of {of}{quartile}", ordinal(rank))));
        } else {
            facts.push(fact("Rank", format!("{} of these {of}{quartile}", ordinal(rank))));
        }
    }
    if let Some((l, u)) = latest.and_then(|l| l.ci_lower.zip(l.ci_upper)) {
        let level = crate::ingest::format_plain(metrics.confidence * 100.0);
        facts.push(fact(
            &format!("{level}% interval"),
            format!("{} to {}", value(m, Some(l)), value(m, Some(u))),
        ));
        facts.push(fact("vs England", benchmark_words(m.benchmark).to_string()));
    }
    facts
}

/// The headline table's sizes at body size in the side column: the label
/// column as wide as the widest label, and each value's lines in the rest;
/// and the commentary paragraphs' lines in the column's width. `None` where
/// a label breaks a line or leaves its value no room.
fn facts_layout(facts: &[Fact], commentary: &[String]) -> Option<FactsLayout> {
    let (size, side) = (GEOMETRY.body_size, &GEOMETRY.side);
    if facts.iter().any(|f| f.label.contains(LINE_BREAKS)) {
        return None;
    }
    with_words(|words| {
        let mut shape = |text: &str| Shaped::by_words(text, false, size, words);
        let widest = facts.iter().map(|f| shape(&f.label).width()).fold(0.0, f64::max);
        // As wide as typst's own auto column, within how far Rust's widths may be
        // from typst's (`widths_and_lines_agree_with_typst`): no label breaks.
        let label_width = widest * 1.001 + 0.01 + 2.0 * side.cell_x;
        let value_width = side.width - 2.0 * side.inset - label_width - 2.0 * side.cell_x;
        if value_width < 2.0 * size {
            return None;
        }
        let lines = facts.iter().map(|f| shape(&f.value).lines(value_width)).collect();
        let commentary_lines = commentary.iter().map(|c| shape(c).lines(side.width)).collect();
        Some(FactsLayout { label_width, value_width, lines, commentary_lines })
    })
}

/// The lines of a page's title (`id: name`, bold at the title size) and
/// subtitle (at body size) across the page; `None` where Rust cannot vouch
/// for either, or the subtitle is blank (an empty paragraph is not a line high).
fn heading_lines(id: &str, name: &str, subtitle: &str) -> Option<HeadingLines> {
    if subtitle.trim().is_empty() {
        return None;
    }
    with_words(|words| {
        let title =
            Shaped::by_words(&format!("{id}: {name}"), true, GEOMETRY.title_size, words).lines(TEXT_WIDTH)?;
        let subtitle = Shaped::by_words(subtitle, false, GEOMETRY.body_size, words).lines(TEXT_WIDTH)?;
        Some(HeadingLines { title, subtitle })
    })
}

/// `f` with this thread's shaped words.
fn with_words<R>(f: impl FnOnce(&mut Words) -> R) -> R {
    thread_local! {
        // The pages share most of their words ("Baseline", "pts", "below"):
        // each thread building pages shapes each word once.
        static WORDS: RefCell<Words> = RefCell::new(Words::default());
    }
    WORDS.with_borrow_mut(|words| {
        // On one core a batch builds every scorecard's pages on one thread:
        // the figures' words are forgotten now and then.
        if words.count() > 50_000 {
            *words = Words::default();
        }
        f(words)
    })
}

/// A group's summary table's columns: each as wide as its widest text (the
/// heading bold at heading size, values at body size, periods and
/// fractions small) shaped as typst shapes it, or its images, and the cell
/// insets; the names take the rest, and each row's `name_lines` is set. `None`, and the rows untouched, where a text has a character
/// Inter lacks or a line break, or the names would have less than 3 cm.
fn summary_layout(table: &mut [Row]) -> Option<SummaryLayout> {
    let g = &GEOMETRY;
    let cells = &g.summary;
    let drawn = |r: &Row| {
        [&r.id, &r.name, &r.latest, &r.fraction, &r.latest_period, &r.previous, &r.previous_period, &r.target]
            .into_iter()
            .chain([&r.sn, &r.england])
            .map(String::as_str)
            .chain([r.arrow, r.direction, r.rag_letter])
            .all(|t| t.chars().all(drawable))
    };
    let breaks = |r: &Row| {
        [&r.id, &r.latest, &r.fraction, &r.latest_period, &r.previous, &r.previous_period]
            .into_iter()
            .chain([&r.target, &r.sn, &r.england])
            .any(|t| t.contains(LINE_BREAKS))
    };
    if !table.iter().all(drawn) || table.iter().any(breaks) {
        return None;
    }
    let (body, small) = (g.body_size, cells.small_size);
    with_words(|words| {
        let icons = 2.0 * cells.icon_width + column_width(" ", false, body, words);
        // Every heading but the names'.
        let mut headers = [""; 10];
        headers[0] = SUMMARY_HEADER[0];
        headers[1..].copy_from_slice(&SUMMARY_HEADER[2..]);
        let widths = column_widths(table, headers, words, |r, words| {
            let mut set = |text: &str, bold: bool, size: f64| column_width(text, bold, size, words);
            let direction = format!("{} {}", r.arrow, r.direction);
            [
                set(&r.id, false, body),
                set(&r.latest, false, body).max(set(&r.fraction, false, small)).max(set(
                    &r.latest_period,
                    false,
                    small,
                )),
                set(&r.previous, false, body).max(set(&r.previous_period, false, small)),
                set(&direction, false, body),
                set(&r.target, false, body),
                set(r.rag_letter, true, body),
                set(&r.sn, false, body),
                set(&r.england, false, body),
                cells.spark_width,
                icons,
            ]
        });
        let name_width = TEXT_WIDTH - widths.iter().sum::<f64>() - 2.0 * g.inset_x;
        if name_width < 3.0 * 72.0 / 2.54 - 2.0 * g.inset_x {
            return None;
        }
        for row in table.iter_mut() {
            row.name_lines = Shaped::by_words(&row.name, false, body, words).lines(name_width);
        }
        Some(SummaryLayout { widths, name_width })
    })
}

/// The width of an auto column's `text`, without the insets: as typst sets
/// it, within how far Rust's widths may be from typst's, so no value breaks.
fn column_width(text: &str, bold: bool, size: f64, words: &mut Words) -> f64 {
    Shaped::by_words(text, bold, size, words).width() * (1.0 + SLACK) + 0.01
}

/// Auto columns' widths, insets included: each as wide as the widest of its
/// cells, as `row` gives a row's, and its heading, bold at heading size.
fn column_widths<T, const N: usize>(
    rows: &[T],
    headers: [&str; N],
    words: &mut Words,
    mut row: impl FnMut(&T, &mut Words) -> [f64; N],
) -> Vec<f64> {
    let g = &GEOMETRY;
    let mut widest = headers.map(|h| column_width(h, true, g.header_size, words));
    for r in rows {
        for (w, cell) in widest.iter_mut().zip(row(r, words)) {
            *w = cell.max(*w);
        }
    }
    widest.iter().map(|w| w + 2.0 * g.inset_x).collect()
}

/// The exceptions table's columns: the reference, latest, target, RAG and
/// direction each as wide as its widest text, as `summary_layout` works
/// them out; the names and reasons share the rest, and each row's `lines`
/// is set. `None`, and the rows untouched, where one of those narrow
/// columns' texts has a character Inter lacks or a line break, or the names
/// and reasons would have less than 3 cm each.
fn exceptions_layout(rows: &mut [Exception]) -> Option<ExceptionsLayout> {
    let g = &GEOMETRY;
    let unfit = |t: &str| t.contains(LINE_BREAKS) || !t.chars().all(drawable);
    if rows.iter().any(|e| {
        [e.id.as_str(), &e.latest, &e.target, e.rag_letter, e.arrow, e.direction].into_iter().any(unfit)
    }) {
        return None;
    }
    let body = g.body_size;
    with_words(|words| {
        let headers = ["Ref", "Latest", "Target", "RAG", "Direction"];
        let widths = column_widths(rows, headers, words, |e, words| {
            let mut set = |text: &str, bold: bool, size: f64| column_width(text, bold, size, words);
            let direction = format!("{} {}", e.arrow, e.direction);
            [
                set(&e.id, false, body),
                set(&e.latest, false, body),
                set(&e.target, false, body),
                set(e.rag_letter, true, body),
                set(&direction, false, body),
            ]
        });
        let wide = (TEXT_WIDTH - widths.iter().sum::<f64>()) / 2.0 - 2.0 * g.inset_x;
        if wide < 3.0 * 72.0 / 2.54 - 2.0 * g.inset_x {
            return None;
        }
        for e in rows.iter_mut() {
            let name = Shaped::by_words(&e.name, false, body, words).lines(wide);
            let reason = Shaped::by_words(&e.reason, false, body, words).lines(wide);
            e.lines = name.zip(reason).map(|(a, b)| a.max(b));
        }
        Some(ExceptionsLayout { widths })
    })
}

/// The commentary: the indicator's notes, the latest value's note, why values
/// are missing, and who is responsible.
fn commentary(m: &IndicatorMetrics, home_name: &str) -> Vec<String> {
    let mut commentary: Vec<String> = m.notes.iter().cloned().collect();
    commentary.extend(m.latest.as_ref().and_then(|l| l.note.clone()));
    commentary.extend(gap_notes(m, home_name));
    if let Some(owner) = &m.owner {
        commentary.push(format!("Responsible officer: {owner}"));
    }
    commentary
}

/// The series table, periods as columns as in the Turning-the-Curve sheets;
/// the last 8 periods fit a page.
fn series_table(m: &IndicatorMetrics, home_name: &str) -> Table {
    let shown: Vec<&HistoryPoint> = m.history.iter().rev().take(8).rev().collect();
    let mut header = vec![String::new()];
    header.extend(shown.iter().map(|h| h.period.short()));
    let series = |name: &str, of: &dyn Fn(&HistoryPoint) -> Option<f64>| SeriesRow {
        series: name.to_string(),
        cells: shown.iter().map(|h| value(m, of(h))).collect(),
    };
    let mut rows = vec![
        series(home_name, &|h| h.value),
        series("SN average", &|h| h.neighbours),
        series("England", &|h| h.england),
    ];
    if m.target.is_some() {
        rows.push(series("Target", &|_| m.target));
    }
    let widths = series_widths(&header, &rows);
    Table { header, rows, widths }
}

/// The width an indicator page's chart column leaves its data table: the
/// text width less the side column and the gap.
const TABLE_ROOM: f64 = TEXT_WIDTH - GEOMETRY.side.width - GEOMETRY.side.gap;

/// The data table's column widths: each column's widest text (the heading
/// bold, as `common.typ` sets headings; the cells at body size) by its
/// advances with 2% in hand, as the long-table layout takes them, and the
/// cell insets; `None` if they do not fit in `TABLE_ROOM`.
fn series_widths(header: &[String], rows: &[SeriesRow]) -> Option<Vec<f64>> {
    let g = &GEOMETRY;
    // A text with a line break is wider than any room: typst sizes that table.
    let set = |text: &str, bold: bool, size: f64| text_em(text, bold) * size * 1.02 + 2.0 * g.inset_x + 1.0;
    let widths: Vec<f64> = (0..header.len())
        .map(|c| {
            let heading = if c == 0 { "Series" } else { &header[c] };
            rows.iter()
                .filter_map(|r| if c == 0 { Some(&r.series) } else { r.cells.get(c - 1) })
                .map(|t| set(t, false, g.body_size))
                .fold(set(heading, true, g.header_size), f64::max)
        })
        .collect();
    (widths.iter().sum::<f64>() <= TABLE_ROOM).then_some(widths)
}

/// The trend chart's alt text: every home value, and the comparators' latest.
fn trend_alt(m: &IndicatorMetrics, home_name: &str) -> String {
    let first = m.history.first().map(|h| h.period.display()).unwrap_or_default();
    let last = m.history.last().map(|h| h.period.display()).unwrap_or_default();
    let home_values: Vec<String> = m
        .history
        .iter()
        .filter_map(|h| h.value.map(|v| format!("{} {}", h.period.display(), value(m, Some(v)))))
        .collect();
    format!(
        "Line chart of {} from {first} to {last}. {home_name}: {}. Statistical-neighbour average latest {}; England latest {}; target {}.",
        m.name,
        if home_values.is_empty() { "no values".to_string() } else { home_values.join(", ") },
        value(m, m.history.iter().rev().find_map(|h| h.neighbours)),
        value(m, m.history.iter().rev().find_map(|h| h.england)),
        value(m, m.target),
    )
}

/// The icon files and words for an indicator's SPC result.
fn icons(m: &IndicatorMetrics) -> Icons {
    let variation = m.spc.as_ref().map_or(Variation::CommonCause, |s| s.variation);
    icons_of(variation, m.spc.as_ref().and_then(|s| s.assurance))
}

/// The icon files and words for a variation and an assurance.
fn icons_of(variation: Variation, assurance: Option<Assurance>) -> Icons {
    let (v_file, v_word) = match variation {
        Variation::CommonCause => ("common_cause", "Common cause variation"),
        Variation::ImprovementHigh => ("improvement_high", "Special cause improvement (high)"),
        Variation::ImprovementLow => ("improvement_low", "Special cause improvement (low)"),
        Variation::ConcernHigh => ("concern_high", "Special cause concern (high)"),
        Variation::ConcernLow => ("concern_low", "Special cause concern (low)"),
        Variation::NeutralHigh => ("neutral_high", "Special cause variation (high), no better direction"),
        Variation::NeutralLow => ("neutral_low", "Special cause variation (low), no better direction"),
    };
    let (a_file, a_word) = match assurance {
        Some(Assurance::ConsistentPass) => ("pass", "Consistently passing the target"),
        Some(Assurance::ConsistentFail) => ("fail", "Consistently failing the target"),
        Some(Assurance::Inconsistent) => ("inconsistent", "Hit and miss: the target may or may not be met"),
        None => ("empty", "No assurance: no target, no limits or no better direction"),
    };
    Icons {
        variation: format!("/icons/variation-{v_file}.svg"),
        variation_word: v_word,
        assurance: format!("/icons/assurance-{a_file}.svg"),
        assurance_word: a_word,
    }
}

/// The empty Making Data Count matrix: variation down, assurance across.
fn empty_matrix() -> Matrix {
    let rows = [
        ("Special cause improvement", "/icons/variation-improvement_high.svg"),
        ("Common cause variation", "/icons/variation-common_cause.svg"),
        ("Special cause concern", "/icons/variation-concern_low.svg"),
        ("Special cause, no better direction", "/icons/variation-neutral_high.svg"),
    ];
    Matrix {
        columns: vec![
            "Consistently passing (P)",
            "Hit and miss (?)",
            "Consistently failing (F)",
            "No assurance",
        ],
        rows: rows
            .iter()
            .map(|(label, icon)| MatrixRow { label, icon, cells: vec![Vec::new(); 4] })
            .collect(),
    }
}

/// The matrix row and column of an indicator.
fn matrix_cell(spc: Option<&Spc>) -> (usize, usize) {
    let row = match spc.map(|s| s.variation) {
        Some(Variation::ImprovementHigh | Variation::ImprovementLow) => 0,
        Some(Variation::ConcernHigh | Variation::ConcernLow) => 2,
        Some(Variation::NeutralHigh | Variation::NeutralLow) => 3,
        _ => 1,
    };
    let column = match spc.and_then(|s| s.assurance) {
        Some(Assurance::ConsistentPass) => 0,
        Some(Assurance::Inconsistent) => 1,
        Some(Assurance::ConsistentFail) => 2,
        None => 3,
    };
    (row, column)
}

/// "3rd", "21st", "112th".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The comparison with England, in words.
fn benchmark_words(b: Benchmark) -> &'static str {
    match b {
        Benchmark::Better => "Better than England (England lies outside the interval)",
        Benchmark::Similar => "Similar to England (England lies inside the interval)",
        Benchmark::Worse => "Worse than England (England lies outside the interval)",
        Benchmark::Higher => "Higher than England (England below the interval)",
        Benchmark::Lower => "Lower than England (England above the interval)",
        Benchmark::NotCompared => "Not compared (no interval, or no England value that passes the check)",
    }
}

/// The data of an indicator's trend chart.
pub(crate) fn trend_data(m: &IndicatorMetrics) -> TrendData {
    TrendData {
        periods: m.history.iter().map(|h| h.period.short()).collect(),
        home: m.history.iter().map(|h| h.value).collect(),
        neighbours: m.history.iter().map(|h| h.neighbours).collect(),
        england: m.history.iter().map(|h| h.england).collect(),
        target: m.target,
        decimals: m.decimals,
    }
}

/// The data of an indicator's SPC chart.
pub(crate) fn spc_data(m: &IndicatorMetrics, spc: &Spc) -> SpcChartData {
    // Points sit at their periods, so a period without a value is a gap.
    let periods: Vec<Period> = spc.points.iter().map(|p| p.period).collect();
    let axis = with_gaps_filled(&periods);
    let points = spc
        .points
        .iter()
        .map(|p| SpcChartPoint {
            // The axis is sorted and holds every point's period.
            x: axis.binary_search(&p.period).unwrap_or_default(),
            value: p.value,
            kind: match p.kind {
                PointType::CommonCause => "common",
                PointType::SpecialCauseImprovement => "improvement",
                PointType::SpecialCauseConcern => "concern",
                _ => "neutral",
            },
            mean: p.mean,
            limits: p.lcl.zip(p.ucl),
        })
        .collect();
    SpcChartData {
        periods: axis.iter().map(Period::short).collect(),
        points,
        target: m.target,
        decimals: m.decimals,
    }
}

/// Adds a chart at `path`. In print its labels also go apart
/// ([`split_labels`]): the chart less them at a path of its own, the period
/// labels in a file that every chart over the same periods shares, and the
/// labels of both axes as text for the template, where they can be. The
/// whole chart stays at `path`, for a workspace's own template that shows it.
fn add_chart(charts: &mut Charts, path: &str, svg: String, medium: Medium) -> Option<ChartParts> {
    let split = match medium {
        Medium::Print => split_labels(&svg),
        Medium::Web => None,
    };
    charts.push((path.to_string(), svg));
    let split = split?;
    let parts = ChartParts {
        plain: path.replace(".svg", "-plain.svg"),
        periods: format!("/charts/periods-{:016x}.svg", rustc_hash::FxBuildHasher.hash_one(&split.periods)),
        values: split.values,
        period_labels: split.period_labels,
    };
    charts.push((parts.plain.clone(), split.chart));
    charts.push((parts.periods.clone(), split.periods));
    Some(parts)
}

/// A chart taken apart, to lay its parts over one another: see [`add_chart`].
#[derive(Serialize)]
struct ChartParts {
    /// The chart less its labels.
    plain: String,
    /// Its period labels alone.
    periods: String,
    /// Its value labels, where they are not in `plain`.
    values: Option<AxisLabels>,
    /// Its period labels, to set rather than lay `periods` over the chart.
    period_labels: Option<AxisLabels>,
}

/// The SPC chart file, its two parts, its alt text and its legend.
type SpcChart = (Option<String>, Option<ChartParts>, String, Vec<LegendEntry>);

/// The SPC chart of `m`, added to `charts`, and what the page says of it.
fn spc_chart(
    m: &IndicatorMetrics,
    anchor: &str,
    medium: Medium,
    charts: &mut Charts,
) -> anyhow::Result<SpcChart> {
    let Some(spc) = m.spc.as_ref().filter(|s| s.points.len() >= 2) else {
        return Ok((None, None, String::new(), Vec::new()));
    };
    let data = spc_data(m, spc);
    let path = format!("/charts/spc-{anchor}.svg");
    let parts = add_chart(charts, &path, draw_spc(&data).map_err(RenderError::Chart)?, medium);
    let special: Vec<String> = spc
        .points
        .iter()
        .filter(|p| p.kind != PointType::CommonCause)
        .map(|p| p.period.display().replace('\u{a0}', " "))
        .collect();
    let limits = match (spc.lcl, spc.ucl) {
        (Some(l), Some(u)) => format!("process limits {} to {}", value(m, Some(l)), value(m, Some(u))),
        _ => "no process limits (too few points or no variation)".to_string(),
    };
    let alt = format!(
        "Statistical process control chart of {} over {} points: mean {}, {limits}{}. {}.",
        m.name,
        spc.points.len(),
        value(m, Some(spc.mean)),
        match m.target {
            Some(t) => format!(", target {}", value(m, Some(t))),
            None => String::new(),
        },
        if special.is_empty() {
            "No special-cause points".to_string()
        } else {
            format!("Special-cause points: {}", special.join(", "))
        }
    );
    Ok((Some(path), parts, alt, spc_legend(&data)))
}

/// An indicator's row of the exceptions table.
fn exception(m: &IndicatorMetrics, link: &Link) -> Exception {
    let mut reasons = Vec::new();
    if m.rag == Rag::Red {
        reasons.push("Red: worse than target".to_string());
    }
    if m.worsening_twice {
        reasons.push("Worsened two periods running".to_string());
    }
    Exception {
        link: link.clone(),
        id: m.id.clone(),
        name: m.name.clone(),
        latest: value(m, m.latest.as_ref().map(|l| l.value)),
        target: value(m, m.target),
        rag: m.rag,
        rag_letter: m.rag.letter(),
        rag_word: m.rag.word(),
        arrow: arrow(m.change, m.direction),
        direction: direction_word(m.change, m.direction),
        reason: reasons.join("; "),
        lines: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::world::estimate_em;

    /// Typst's own heights of the summary table's rows, each set in
    /// `layout`'s columns with `auto` height, against Rust's.
    fn summary_table_agrees(rows: &[Row], layout: &SummaryLayout) -> Result<(), String> {
        let check = "#let check(rows, layout) = context {\n\
               let columns = (layout.widths.at(0) * 1pt, 1fr, ..layout.widths.slice(1).map(w => w * 1pt))\n\
               let heights = summary-heights(rows, layout)\n\
               let header = (\"Ref\",) * 11\n\
               for (i, r) in rows.enumerate() {\n\
                 let height(h) = measure(width: text-width, summary-grid((r,), header, columns, (auto, h))).height\n\
                 let (rust, typst) = (height(heights.at(i)), height(auto))\n\
                 assert(calc.abs((rust - typst).pt()) < 0.01, message: \"row \" + str(i) + \": Rust \" + repr(rust) + \", typst \" + repr(typst))\n\
               }\n\
             }\n";
        let call = format!("json(bytes({})), json(bytes({}))", typst_json(&rows), typst_json(&layout));
        let anchors: Vec<&str> = rows.iter().map(|r| r.link.anchor.as_str()).collect();
        typst_checks("summary-table.typ", check, [call], &anchors)
    }

    /// Compiles `check`, the definition of a typst function `check`, after
    /// importing the template library `library`, and a call of it with each
    /// of `calls`' arguments; with a label of each of `anchors` for links to
    /// go to.
    fn typst_checks(
        library: &str,
        check: &str,
        calls: impl IntoIterator<Item = String>,
        anchors: &[&str],
    ) -> Result<(), String> {
        let mut source = format!("#import \"lib/{library}\": *\n#show: setup.with(title: \"t\")\n{check}");
        for call in calls {
            source += &format!("#check({call})\n");
        }
        for anchor in anchors {
            source += &format!("#metadata(none) #label({})\n", serde_json::to_string(anchor).unwrap());
        }
        crate::render::pdf::compiles(source)
    }

    /// `value` as JSON in a typst string, for `json(bytes(…))`.
    fn typst_json<T: Serialize>(value: &T) -> String {
        serde_json::to_string(&serde_json::to_string(value).unwrap()).unwrap()
    }

    #[test]
    fn the_summary_tables_sizes_agree_with_typst() {
        let row = |i: usize, id: &str, name: &str, latest: &str, fraction: &str| Row {
            link: Link { anchor: format!("indicator-{i}"), slug: id.into() },
            id: id.into(),
            name: name.into(),
            name_lines: None,
            latest: latest.into(),
            fraction: fraction.into(),
            latest_period: "2024/25".into(),
            previous: "1,152".into(),
            previous_period: "Dec\u{a0}2018".into(),
            arrow: "↑",
            direction: "Worsening",
            target: "–".into(),
            rag: Rag::Amber,
            rag_letter: "A",
            rag_word: "Amber",
            sn: "860".into(),
            england: "81,770".into(),
            spark: None,
            spark_alt: String::new(),
            icons: Icons {
                variation: "/icons/variation-concern_high.svg".into(),
                variation_word: "Special cause concern (high)",
                assurance: "/icons/assurance-empty.svg".into(),
                assurance_word: "No assurance",
            },
        };
        let mut rows = vec![
            row(0, "LACnum", "Children looked after (num)", "1,069", ""),
            row(1, "16-17_not_known_NEET", "16-17 year olds not in education, employment or training, or whose activity is not known (%)", "43.4%", "(969/2,231)"),
            row(2, "CPP_rate", "Children looked after at 31 March, placed more than 20 miles from their homes, outside LA boundary (%)", "1,234,567.0", "(1,234,567/9,876,543)"),
            row(3, "X", "A name\nin two lines", "5", ""),
        ];
        let layout = summary_layout(&mut rows).expect("columns that fit");
        assert!(rows.iter().any(|r| r.name_lines.is_some_and(|n| n > 1)), "some names take more than a line");
        assert_eq!(rows[3].name_lines, None, "typst measures a name with a line break");
        summary_table_agrees(&rows, &layout).unwrap();
        // The check fails on a wrong count.
        rows[1].name_lines = rows[1].name_lines.map(|n| n - 1);
        let failed = summary_table_agrees(&rows, &layout);
        assert!(failed.as_ref().is_err_and(|e| e.contains("row 1: Rust")), "{failed:?}");
        // A value with a line break leaves the table to typst.
        rows[0].latest = "1\n069".into();
        assert!(summary_layout(&mut rows).is_none());
    }

    #[test]
    fn a_reference_breaks_after_its_underscores_only_where_its_column_is_narrow() {
        let source = "#import \"lib/summary-table.typ\": *\n#show: setup.with(title: \"t\")\n\
             #context {\n\
               let id = \"16-17_not_known_NEET\"\n\
               let lines(width) = measure(block(width: width, breakable-id(id))).height\n\
               let one = measure(block(id)).height\n\
               assert(lines(10cm) == one, message: \"wide: \" + repr(lines(10cm)))\n\
               assert(lines(1.2cm) > 2 * one, message: \"narrow: \" + repr(lines(1.2cm)))\n\
               assert(measure(breakable-id(id)).width - measure([#id]).width < 0.01pt)\n\
             }\n";
        crate::render::pdf::compiles(source.to_string()).unwrap();
    }

    #[test]
    fn a_data_table_gets_fixed_columns_only_where_they_fit() {
        let header: Vec<String> = ["", "May 18", "Jun 18"].map(String::from).to_vec();
        let row = |name: &str| SeriesRow {
            series: name.to_string(),
            cells: vec!["42.8%".into(), "1,234.5".into()],
        };
        let widths = series_widths(&header, &[row("SN average"), row("England")]).unwrap();
        assert_eq!(widths.len(), 3);
        // The names' column is wider than the figures', and each holds its text.
        assert!(widths[0] > widths[1]);
        let text = |t: &str| estimate_em(t, false) * GEOMETRY.body_size + 2.0 * GEOMETRY.inset_x;
        assert!(widths[0] > text("SN average") && widths[2] > text("1,234.5"));
        // A home area's name longer than the room leaves typst to size the columns.
        let long = "Authority ".repeat(20);
        assert_eq!(series_widths(&header, &[row(&long)]), None);
        // So does a name with a line break in it.
        assert_eq!(series_widths(&header, &[row("Two\nlines")]), None);
    }

    /// Compiles, after the side column's template, a check of each
    /// indicator in `inds` (JSON as the template reads it): its headline
    /// table in Rust's sizes as tall as typst's own, and the side column as
    /// tall with a stand-in for that table as with the table.
    fn side_column_agrees(inds: &[serde_json::Value]) -> Result<(), String> {
        let check = "#let check(ind) = context {\n\
               let h = facts-heights(ind)\n\
               let inner = side-width - 2 * side-geometry.inset * 1pt\n\
               let fixed = measure(block(width: inner, facts-table(ind, h))).height\n\
               let typst = measure(block(width: inner, facts-table(ind, none))).height\n\
               assert(calc.abs((fixed - typst).pt()) < 0.01, message: \"table: Rust \" + repr(fixed) + \", typst \" + repr(typst))\n\
               let whole = measure(block(width: side-width, side(ind, facts-table(ind, h)))).height\n\
               let rust = side-height(ind, h.sum(), side-parts(ind.icons))\n\
               assert(calc.abs((whole - rust).pt()) < 0.01, message: \"column: typst \" + repr(whole) + \", Rust \" + repr(rust))\n\
             }\n";
        typst_checks(
            "side-column.typ",
            check,
            inds.iter().map(|ind| format!("json(bytes({}))", typst_json(ind))),
            &[],
        )
    }

    #[test]
    fn the_headline_tables_sizes_agree_with_typst() {
        let fact = |label: &str, value: &str| Fact { label: label.into(), value: value.into() };
        let sets = [
            vec![
                fact("Baseline", "40.5% (Jan 2014)"),
                fact("Latest", "43.4% (969/2,231) (Dec 2018)"),
                fact("Direction", "↑ Improving"),
                fact("Amber from", "37.3%"),
                fact("Neighbours", "4.3 pts below SN average of 10 (47.7%) (worse)"),
                fact("National rank", "99th of 152 · quartile C (A is best)"),
                fact("vs England", "Worse than England (England lies outside the interval)"),
            ],
            vec![
                fact("England", "1,258.0: not compared, see the England check"),
                fact(
                    "England check",
                    "England's value 1,258.0 for 2024 lies outside the range of the local authorities' values (41.0 to 679.0)",
                ),
                fact("95% interval", "41.4% to 45.5%"),
                fact("Change", "+0.1 pts"),
                fact("Rank", "3rd of these 11 · quartile A (A is best)"),
            ],
        ];
        let commentary = [
            "Performance dipped in the autumn when two teams were short of staff; agency social workers covered the \
             gap from January and the rate has recovered since, though it remains below the regional average.",
            "Responsible officer: Head of Early Years",
            "A note\nover two lines",
        ];
        let ind = |facts: &[Fact], layout: &FactsLayout| {
            serde_json::json!({
                "facts": facts,
                "facts_layout": layout,
                "rag": "amber", "rag_letter": "A", "rag_word": "Amber",
                "icons": {
                    "variation": "/icons/variation-common_cause.svg",
                    "variation_word": "Common cause variation",
                    "assurance": "/icons/assurance-inconsistent.svg",
                    "assurance_word": "Hit and miss: the target may or may not be met",
                },
                "commentary": commentary,
            })
        };
        let mut inds = Vec::new();
        for facts in &sets {
            let layout = facts_layout(facts, &commentary.map(String::from)).expect("labels of one line");
            assert!(
                layout.lines.iter().any(|n| n.is_some_and(|n| n > 1)),
                "some values take more than a line"
            );
            inds.push(ind(facts, &layout));
        }
        side_column_agrees(&inds).unwrap();
        // The check fails on a wrong count.
        let mut wrong = facts_layout(&sets[0], &commentary.map(String::from)).unwrap();
        wrong.lines[4] = wrong.lines[4].map(|n| n - 1);
        let failed = side_column_agrees(&[ind(&sets[0], &wrong)]);
        assert!(failed.as_ref().is_err_and(|e| e.contains("table: Rust")), "{failed:?}");
        let mut wrong = facts_layout(&sets[0], &commentary.map(String::from)).unwrap();
        assert!(wrong.commentary_lines[0].is_some_and(|n| n >= 3), "{:?}", wrong.commentary_lines);
        assert_eq!(wrong.commentary_lines[2], None, "typst measures a paragraph with a line break");
        wrong.commentary_lines[0] = wrong.commentary_lines[0].map(|n| n - 1);
        let failed = side_column_agrees(&[ind(&sets[0], &wrong)]);
        assert!(failed.as_ref().is_err_and(|e| e.contains("column: typst")), "{failed:?}");
        // A value whose lines Rust cannot count is measured by typst; a
        // label with a line break leaves the whole table to typst.
        assert!(inds
            .iter()
            .any(|i| i["facts_layout"]["lines"].as_array().unwrap().contains(&serde_json::Value::Null)));
        assert_eq!(facts_layout(&[fact("Two\nlines", "1")], &[]), None);
    }

    /// Compiles a check of each page title in `pages` (JSON as the
    /// template reads it): the room below it from the lines Rust counted as
    /// typst measures it below the title itself.
    fn title_rooms_agree(pages: &[serde_json::Value]) -> Result<(), String> {
        let check = "#let check(ind) = context {\n\
               let rust = room(ind, title-parts())\n\
               let typst = room-below([#ind.id: #ind.name], ind.subtitle)\n\
               assert(calc.abs((rust - typst).pt()) < 0.01, message: \"room: Rust \" + repr(rust) + \", typst \" + repr(typst))\n\
             }\n";
        typst_checks(
            "side-column.typ",
            check,
            pages.iter().map(|p| format!("json(bytes({}))", typst_json(p))),
            &[],
        )
    }

    #[test]
    fn the_room_below_a_pages_title_agrees_with_typst() {
        let long = "Children in need with a disability recorded at the end of the year, per 10,000 children ";
        let titles = [
            (
                "BM01",
                "Benchmark indicator 1 (%)".to_string(),
                "Child protection · lower is better · reported monthly".to_string(),
            ),
            ("NEET_16-17", long.repeat(2), "Education · higher is better · reported annually".to_string()),
            ("CIN_DIS", long.repeat(4), format!("{} · {}", long.repeat(3), "reported quarterly")),
        ];
        let mut pages = Vec::new();
        let mut counts = Vec::new();
        for (id, name, subtitle) in &titles {
            let lines = heading_lines(id, name, subtitle).expect("Latin text of no line break");
            counts.push((lines.title, lines.subtitle));
            pages.push(
                serde_json::json!({"id": id, "name": name, "subtitle": subtitle, "heading_lines": lines}),
            );
        }
        assert_eq!(counts[0], (1, 1));
        assert!(counts[1].0 >= 2 && counts[2].0 > counts[1].0 && counts[2].1 >= 2, "{counts:?}");
        title_rooms_agree(&pages).unwrap();
        // The check fails on a wrong count, of either.
        for (key, n) in [("title", counts[2].0), ("subtitle", counts[2].1)] {
            let mut wrong = pages[2].clone();
            wrong["heading_lines"][key] = serde_json::json!(n + 1);
            let failed = title_rooms_agree(&[wrong]);
            assert!(failed.as_ref().is_err_and(|e| e.contains("room: Rust")), "{failed:?}");
        }
        // What Rust cannot vouch for, typst measures.
        assert_eq!(heading_lines("A", "Two\nlines", "Subtitle"), None);
        assert_eq!(heading_lines("A", "Name", " "), None);
        let unknown =
            serde_json::json!({"id": "A", "name": "Two\nlines", "subtitle": "x", "heading_lines": null});
        title_rooms_agree(&[unknown]).unwrap();
    }

    /// Compiles a check of each row of `rows` in `layout`'s columns: as
    /// high in the heights Rust counted as typst sets it with `auto` height.
    fn exceptions_table_agrees(rows: &[Exception], layout: &ExceptionsLayout) -> Result<(), String> {
        let check = "#let check(rows, layout) = context {\n\
               let columns = exceptions-columns(layout)\n\
               for (row, height) in rows.zip(exceptions-heights(rows)) {\n\
                 let rust = measure(width: text-width, exceptions-grid((row,), columns, (auto, height))).height\n\
                 let typst = measure(width: text-width, exceptions-grid((row,), columns, auto)).height\n\
                 assert(calc.abs((rust - typst).pt()) < 0.01, message: row.id + \": Rust \" + repr(rust) + \", typst \" + repr(typst))\n\
               }\n\
             }\n";
        let call = format!("json(bytes({})), json(bytes({}))", typst_json(&rows), typst_json(layout));
        let anchors: Vec<&str> = rows.iter().map(|r| r.link.anchor.as_str()).collect();
        typst_checks("exceptions-table.typ", check, [call], &anchors)
    }

    #[test]
    fn the_exceptions_tables_sizes_agree_with_typst() {
        let long = "Children in need with a disability recorded at the end of the year, per 10,000 children";
        let row = |i: usize, name: &str, reason: &str| Exception {
            link: Link { anchor: format!("indicator-{i}"), slug: format!("E{i}") },
            id: format!("E{i}"),
            name: name.to_string(),
            latest: "1,234.5".to_string(),
            target: "99.9%".to_string(),
            rag: Rag::Red,
            rag_letter: Rag::Red.letter(),
            rag_word: Rag::Red.word(),
            arrow: "↓",
            direction: "Worsening",
            reason: reason.to_string(),
            lines: None,
        };
        let red = "Red: worse than target; Worsened two periods running";
        let mut rows = vec![
            row(0, "Benchmark indicator 1 (%)", "Red: worse than target"),
            row(1, &format!("{long}; {long}"), red),
            row(2, "Short", &format!("{red}; {long}")),
            row(3, "A name\nover two lines", red),
        ];
        let layout = exceptions_layout(&mut rows).expect("narrow columns of one line");
        let lines: Vec<Option<usize>> = rows.iter().map(|r| r.lines).collect();
        assert_eq!(lines[0], Some(1));
        assert!(lines[1].is_some_and(|n| n >= 2) && lines[2].is_some_and(|n| n >= 2), "{lines:?}");
        assert_eq!(lines[3], None, "typst measures a row with a line break");
        exceptions_table_agrees(&rows, &layout).unwrap();
        // The check fails on a wrong count.
        rows[1].lines = rows[1].lines.map(|n| n - 1);
        let failed = exceptions_table_agrees(&rows, &layout);
        assert!(failed.as_ref().is_err_and(|e| e.contains("E1: Rust")), "{failed:?}");
        // A narrow column with a line break leaves the table to typst.
        rows[0].latest = "1\n2".to_string();
        assert!(exceptions_layout(&mut rows).is_none());
    }

    #[test]
    fn a_printed_chart_keeps_its_whole_file_beside_its_parts() {
        let data = TrendData {
            periods: (1..=24).map(|m| format!("M{m}")).collect(),
            home: (0..24).map(|i| Some(40.0 + i as f64)).collect(),
            neighbours: vec![None; 24],
            england: vec![None; 24],
            target: None,
            decimals: 1,
        };
        let whole = draw_trend(&data).unwrap();
        let mut charts = Charts::new();
        assert!(add_chart(&mut charts, "/charts/t.svg", whole.clone(), Medium::Web).is_none());
        assert_eq!(charts, [("/charts/t.svg".to_string(), whole.clone())]);
        let mut charts = Charts::new();
        let parts = add_chart(&mut charts, "/charts/t.svg", whole.clone(), Medium::Print).unwrap();
        // A workspace's own template that shows `chart` still shows its period labels.
        assert_eq!(charts[0], ("/charts/t.svg".to_string(), whole.clone()));
        let file = |path: &str| charts.iter().find(|c| c.0 == path).map(|c| c.1.as_str()).unwrap();
        assert!(
            file(&parts.periods).contains(">\nM1\n</text>") && !file(&parts.plain).contains(">\nM1\n</text>")
        );
        assert_eq!(charts.len(), 3);
    }

    #[test]
    fn every_pair_of_icons_makes_a_headline_box_of_one_height() {
        // The template measures the box once a document, with the first
        // page's icons: each icon must be taller than its words.
        let variations = [
            Variation::CommonCause,
            Variation::ImprovementHigh,
            Variation::ImprovementLow,
            Variation::ConcernHigh,
            Variation::ConcernLow,
            Variation::NeutralHigh,
            Variation::NeutralLow,
        ];
        let assurances = [
            None,
            Some(Assurance::ConsistentPass),
            Some(Assurance::ConsistentFail),
            Some(Assurance::Inconsistent),
        ];
        let mut pairs = Vec::new();
        for v in variations {
            for a in assurances {
                pairs.push(icons_of(v, a));
            }
        }
        let source = format!(
            "#import \"lib/side-column.typ\": *\n#show: setup.with(title: \"t\")\n\
             #context {{\n\
               let boxes = json(bytes({})).map(icons => side-parts(icons).box)\n\
               assert(boxes.all(b => b == boxes.first()), message: repr(boxes))\n\
             }}\n",
            typst_json(&pairs)
        );
        crate::render::pdf::compiles(source).unwrap();
    }

    #[test]
    fn slugs_are_references_made_unique_and_clear_of_the_pages_own_ids() {
        let ids = ["EY01", "KS2-01", "EY 01", "EY-01", "Summary", "", "a\"b<c>", "16-17_not_known_NEET"];
        assert_eq!(
            slugs(ids.into_iter()),
            [
                "EY01",
                "KS2-01",
                "EY-01",
                "EY-01-2",
                "Summary-2",
                "indicator",
                "a-b-c-",
                "16-17_not_known_NEET"
            ]
        );
    }

    #[test]
    fn ordinals() {
        let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 112].into_iter().map(ordinal).collect();
        assert_eq!(words, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th"]);
    }
}
