//! Charts drawn with plotters as SVG text, handed to typst as virtual files.
//! Grid colours are opaque (translucent ones make PDFs ~14× larger), series
//! differ by line style and marker as well as colour, and every chart comes
//! with alt text.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{self, mdc};
use super::svg::{CompactSvg, Dash};
use crate::core::round::format_fixed;

/// Why a chart could not be drawn. The data is validated before it gets here,
/// so these come from plotters or resvg themselves.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ChartError {
    /// plotters or resvg failed; the message is theirs.
    #[error("{0}")]
    Drawing(String),
    /// The chart is too large to rasterise.
    #[error("chart too large")]
    TooLarge,
}

impl ChartError {
    /// Wraps a drawing library's error.
    fn from_cause(e: impl std::fmt::Display) -> ChartError {
        ChartError::Drawing(e.to_string())
    }
}

const HOME: RGBColor = palette::NAVY.plotters();
const NEIGHBOURS: RGBColor = palette::NEIGHBOURS.plotters();
const ENGLAND: RGBColor = palette::ENGLAND.plotters();
const TARGET: RGBColor = palette::TARGET.plotters();
const GRID: RGBColor = palette::GRID.plotters();
const AXIS: RGBColor = palette::AXIS.plotters();

/// The dashed lines' looks. Plotters draws a dash as a segment of its own,
/// 40 to a target line and hundreds to a dashed series, each of which the
/// PDF's SVG reader converts and the PDF carries. So a dashed line is drawn
/// solid in a stand-in colour of its own, which [`CompactSvg`] writes as its
/// colour and a dash pattern: one path, which the PDF dashes itself.
const DASHES: [Dash; 4] = [
    Dash { stand_in: (1, 1, 1), colour: rgb(TARGET), pattern: "8 5" },
    Dash { stand_in: (2, 2, 2), colour: rgb(NEIGHBOURS), pattern: "6 4" },
    Dash { stand_in: (3, 3, 3), colour: rgb(mdc::COMMON.plotters()), pattern: "6 4" },
    Dash { stand_in: (4, 4, 4), colour: rgb(mdc::TARGET.plotters()), pattern: "8 5" },
];
const TARGET_DASH: RGBColor = stand_in(&DASHES[0]);
const NEIGHBOURS_DASH: RGBColor = stand_in(&DASHES[1]);
const MDC_LIMITS_DASH: RGBColor = stand_in(&DASHES[2]);
const MDC_TARGET_DASH: RGBColor = stand_in(&DASHES[3]);

/// A colour's red, green and blue.
const fn rgb(colour: RGBColor) -> (u8, u8, u8) {
    (colour.0, colour.1, colour.2)
}

/// The colour a dashed line is drawn in.
const fn stand_in(dash: &Dash) -> RGBColor {
    RGBColor(dash.stand_in.0, dash.stand_in.1, dash.stand_in.2)
}

/// An SVG drawing area of `size` pixels writing into `svg`.
fn canvas(svg: &mut String, size: (u32, u32)) -> DrawingArea<CompactSvg<'_>, Shift> {
    CompactSvg::new(svg, size, &DASHES).into_drawing_area()
}

/// The axes' labels: "Inter Chart", Inter Regular cut down to Latin with
/// kerning its only layout feature (`fonts/README.md`). Shaping thousands of
/// short labels with all of Inter's contextual features was a tenth of a
/// scorecard's work; typst and resvg fall back to Inter for any other character.
const FONT: &str = "Inter Chart";
/// An exported chart's title and legend, which name areas and may be bold.
const TEXT_FONT: &str = "Inter";

/// The data of a trend chart: one indicator's series against its comparators.
pub(crate) struct TrendData {
    /// Short period labels for the x axis.
    pub(crate) periods: Vec<String>,
    /// The home area's values.
    pub(crate) home: Vec<Option<f64>>,
    /// The statistical-neighbour average.
    pub(crate) neighbours: Vec<Option<f64>>,
    /// England.
    pub(crate) england: Vec<Option<f64>>,
    /// The target, drawn as a horizontal line.
    pub(crate) target: Option<f64>,
    /// Display precision of the axis labels.
    pub(crate) decimals: u32,
}

/// Runs of consecutive present values, so gaps in a series are gaps in its line.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => out.last_mut().map(|r| r.push((i as f64, *v))).unwrap_or(()),
            None if out.last().is_some_and(|r| !r.is_empty()) => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Which points of a trend series carry a marker: every one of a short
/// series; of a long one (five years of months), the latest and every
/// `len / 12`th before it, and any point with no neighbour to draw a line
/// to. Enough to tell the series apart by shape; three series of sixty
/// markers each were a clutter of shapes, and an eighth of a scorecard's
/// rendering.
fn marked(values: &[Option<f64>]) -> Vec<bool> {
    const FEW: usize = 24;
    let n = values.len();
    let step = if n <= FEW { 1 } else { n.div_ceil(12) };
    let has = |i: Option<usize>| i.and_then(|i| values.get(i)).is_some_and(Option::is_some);
    (0..n).map(|i| (n - 1 - i) % step == 0 || (!has(i.checked_sub(1)) && !has(Some(i + 1)))).collect()
}

/// The y range covering every value and the target, with some air.
fn y_range(data: &TrendData) -> (f64, f64) {
    let all: Vec<f64> = data
        .home
        .iter()
        .chain(&data.neighbours)
        .chain(&data.england)
        .flatten()
        .copied()
        .chain(data.target)
        .collect();
    let (lo, hi) =
        all.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.12).max(hi.abs().max(1.0) * 0.02);
    let bottom = if lo >= 0.0 && lo - pad < 0.0 { 0.0 } else { lo - pad };
    (bottom, hi + pad)
}

type Chart<'a, 'b> = ChartContext<'a, CompactSvg<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The chart area with its axes: one category per period on x, values on y,
/// opaque grid lines, period labels, and value labels at the indicator's precision.
fn axes<'a, 'b>(
    root: &'a DrawingArea<CompactSvg<'b>, Shift>,
    periods: &[String],
    y: std::ops::Range<f64>,
    decimals: u32,
) -> Result<Chart<'a, 'b>, ChartError> {
    let n = periods.len().max(1);
    // As many period labels as fit the ~520 px of plot at about 5 px a
    // character: twelve "Jan 14", eight "Aut1 13/14".
    let widest = periods.iter().map(|p| p.chars().count()).max().unwrap_or(1);
    let fit = (520 / (widest * 5 + 12)).max(2);
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y)
        .map_err(ChartError::from_cause)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        // The light lines would be white on white: not drawn at all.
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .x_labels(n.min(12).min(fit))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            periods.get(i as usize).cloned().unwrap_or_default()
        })
        // A tick between whole numbers would print as a repeated label at 0 decimals.
        .y_label_formatter(&|y| {
            if decimals == 0 && (y - y.round()).abs() > 1e-9 {
                String::new()
            } else {
                format_fixed(*y, decimals.min(3))
            }
        })
        .label_style((FONT, 13).into_font().color(&BLACK))
        .draw()
        .map_err(ChartError::from_cause)?;
    Ok(chart)
}

/// A chart drawn by [`axes`], taken apart for print: see [`split_labels`].
pub(crate) struct Split {
    /// The chart less the labels in `values` and `period_labels`.
    pub(crate) chart: String,
    /// The period labels alone on a clear canvas of the chart's size.
    pub(crate) periods: String,
    /// The value labels, to typeset over the chart.
    pub(crate) values: Option<AxisLabels>,
    /// The period labels, to typeset over the chart.
    pub(crate) period_labels: Option<AxisLabels>,
}

/// One axis's labels, for the template to set over the chart in one go,
/// in the chart's pixels: the value axis's as a paragraph, a line a label
/// from the top down, right-aligned at `x`; the period axis's in a row,
/// each centred in a box `step` wide, the first centred at `x`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct AxisLabels {
    /// The chart's height, to which the rest are scaled.
    pub(crate) height: f64,
    /// The labels, from the top or from the left.
    pub(crate) lines: Vec<String>,
    /// Where the value labels end on the right; where the first period label's centre is.
    pub(crate) x: f64,
    /// The first label's baseline, from the top of the chart.
    pub(crate) y: f64,
    /// From one label's baseline (values) or centre (periods) to the next.
    pub(crate) step: f64,
    /// The labels' font size.
    pub(crate) size: f64,
}

/// The value of attribute `key` in one line of plotters' SVG.
fn attribute<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = line;
    loop {
        let at = rest.find(key)?;
        let (before, after) = (&rest[..at], &rest[at + key.len()..]);
        if let Some(value) = after.strip_prefix("=\"").filter(|_| before.ends_with(' ')) {
            return value.split('"').next();
        }
        rest = after;
    }
}

/// The two kinds of axis label plotters writes for [`axes`].
#[derive(Clone, Copy, PartialEq)]
enum Axis {
    /// Right-aligned, their baseline half an ex (a quarter of their size) under their tick.
    Values = 0,
    /// Centred under their tick, their baseline 0.76 em under the top of the label area.
    Periods = 1,
}

/// The axis, place and size of one label as plotters writes it, in black.
fn axis_label(line: &str) -> Option<(Axis, f64, f64, f64)> {
    if !line.starts_with("<text") || attribute(line, "fill") != Some("#000000") {
        return None;
    }
    let axis = match (attribute(line, "dy")?, attribute(line, "text-anchor")?) {
        ("0.5ex", "end") => Axis::Values,
        ("0.76em", "middle") => Axis::Periods,
        _ => return None,
    };
    let number = |key| attribute(line, key)?.parse::<f64>().ok().filter(|v| v.is_finite());
    Some((axis, number("x")?, number("y")?, number("font-size")?))
}

/// The labels of each axis in `svg` (values, periods), where they can be
/// set in one go: in one line (or column) and size, plain text, and evenly
/// spaced to within a pixel (plotters rounds each tick to a whole one).
fn axis_labels(svg: &str) -> (Option<AxisLabels>, Option<AxisLabels>) {
    let Some(height) = svg.lines().next().and_then(|open| attribute(open, "height")?.parse::<f64>().ok())
    else {
        return (None, None);
    };
    // Each axis's labels: along the axis, across it, size and text; or
    // `None` once one cannot be set.
    type Labels<'a> = Vec<(f64, f64, f64, &'a str)>;
    let mut found: [Option<Labels>; 2] = [Some(Vec::new()), Some(Vec::new())];
    let mut lines = svg.lines();
    while let Some(line) = lines.next() {
        let Some((axis, x, y, size)) = axis_label(line) else { continue };
        let (text, close) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
        let labels = &mut found[axis as usize];
        if close != "</text>" || text.contains(['&', '<']) {
            *labels = None;
        } else if let Some(labels) = labels {
            let (along, across) = if axis == Axis::Values { (y, x) } else { (x, y) };
            labels.push((along, across, size, text));
        }
    }
    let [values, periods] = found.map(|labels| {
        let mut labels = labels?;
        let &(_, across, size, _) = labels.first()?;
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (first, last) = (labels[0].0, labels[labels.len() - 1].0);
        // A lone period label is centred in a box wider than any label.
        let step = if labels.len() > 1 { (last - first) / (labels.len() - 1) as f64 } else { 12.0 * size };
        let even = labels.iter().enumerate().all(|(i, &(along, other, s, _))| {
            other == across && s == size && (along - (first + step * i as f64)).abs() <= 1.0
        });
        let lines = labels.iter().map(|l| l.3.to_string()).collect();
        even.then_some((lines, first, across, step, size))
    });
    (
        values.map(|(lines, first, x, step, size)| AxisLabels {
            height,
            lines,
            x,
            y: first + size / 4.0,
            step,
            size,
        }),
        periods.map(|(lines, first, y, step, size)| AxisLabels {
            height,
            lines,
            x: first,
            y: y + 0.76 * size,
            step,
            size,
        }),
    )
}

/// A chart drawn by [`axes`], taken apart for print, so that typst does not
/// draw its labels glyph by glyph on every chart. Each axis's labels go to
/// [`AxisLabels`] where they can be set in one go. The period labels also go
/// to a clear canvas of the chart's size, to lay over it where they cannot,
/// and for a workspace's template that shows that: charts over the same
/// periods share it, which typst's SVG reader then reads once. `None` if the
/// chart has no period labels.
pub(crate) fn split_labels(svg: &str) -> Option<Split> {
    let open = svg.lines().next().filter(|l| l.starts_with("<svg") && l.ends_with('>'))?;
    let (values, period_labels) = axis_labels(svg);
    let (mut chart, mut labels) = (String::with_capacity(svg.len()), format!("{open}\n"));
    let mut lines = svg.lines();
    while let Some(line) = lines.next() {
        // Plotters writes a text over three lines.
        match axis_label(line).map(|label| label.0) {
            Some(Axis::Periods) => {
                let (text, close) = (lines.next()?, lines.next()?);
                if close != "</text>" {
                    return None;
                }
                for part in [line, "\n", text, "\n", close, "\n"] {
                    labels.push_str(part);
                }
            }
            Some(Axis::Values) if values.is_some() => {
                lines.next();
                lines.next();
            }
            _ => {
                chart.push_str(line);
                chart.push('\n');
            }
        }
    }
    if labels.len() == open.len() + 1 {
        return None;
    }
    labels.push_str("</svg>\n");
    Some(Split { chart: join_paths(&chart), periods: labels, values, period_labels })
}

/// `svg` with each run of adjacent `<path>`s of one style joined into one,
/// as [`CompactSvg`] joins plotters' elements: an axis's ticks, once the labels
/// between them have gone.
fn join_paths(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    // The run's path so far, less its closing `"/>`.
    let mut run: Option<&str> = None;
    let mut joined = String::new();
    for line in svg.lines() {
        let parts = line
            .strip_prefix("<path")
            .and_then(|_| line.strip_suffix("\"/>"))
            .and_then(|open| open.rsplit_once(" d=\""));
        match (parts, run) {
            (Some((style, d)), Some(before))
                if before.rsplit_once(" d=\"").is_some_and(|(s, _)| s == style) =>
            {
                joined.push_str(d);
            }
            (parts, _) => {
                if let Some(before) = run.take() {
                    out.push_str(before);
                    out.push_str(&joined);
                    out.push_str("\"/>\n");
                    joined.clear();
                }
                match parts {
                    Some(_) => run = line.strip_suffix("\"/>"),
                    None => {
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
        }
    }
    if let Some(before) = run {
        out.push_str(before);
        out.push_str(&joined);
        out.push_str("\"/>\n");
    }
    out
}

/// Draws the indicator-page chart: home, neighbours, England and target over time.
pub(crate) fn draw_trend(data: &TrendData) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = canvas(&mut svg, (600, 250));
        root.fill(&WHITE).map_err(ChartError::from_cause)?;
        let n = data.periods.len().max(1);
        let (y0, y1) = y_range(data);
        let mut chart = axes(&root, &data.periods, y0..y1, data.decimals)?;

        if let Some(target) = data.target {
            chart
                .draw_series(LineSeries::new(
                    vec![(-0.5, target), (n as f64 - 0.5, target)],
                    TARGET_DASH.stroke_width(2),
                ))
                .map_err(ChartError::from_cause)?;
        }
        // The legend is typeset under the chart by the template, as real text.
        let series: [(&[Option<f64>], RGBColor, u32); 3] =
            [(&data.england, ENGLAND, 2), (&data.neighbours, NEIGHBOURS, 2), (&data.home, HOME, 3)];
        for (k, (values, colour, width)) in series.into_iter().enumerate() {
            if values.iter().all(Option::is_none) {
                continue;
            }
            let style = if k == 1 { NEIGHBOURS_DASH } else { colour }.stroke_width(width);
            for run in runs(values) {
                chart.draw_series(LineSeries::new(run, style)).map_err(ChartError::from_cause)?;
            }
            let marked = marked(values);
            let points = values
                .iter()
                .enumerate()
                .filter(|(i, _)| marked[*i])
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)));
            // Markers differ in shape as well as colour.
            match k {
                0 => chart.draw_series(
                    points.map(|p| EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], colour.filled())),
                ),
                1 => chart.draw_series(points.map(|p| TriangleMarker::new(p, 6, colour.filled()))),
                _ => chart.draw_series(points.map(|p| Circle::new(p, 5, colour.filled()))),
            }
            .map_err(ChartError::from_cause)?;
        }
        root.present().map_err(ChartError::from_cause)?;
    }
    Ok(svg)
}

const MDC_COMMON: RGBColor = mdc::COMMON.plotters();
const MDC_IMPROVEMENT: RGBColor = mdc::IMPROVEMENT.plotters();
const MDC_CONCERN: RGBColor = mdc::CONCERN.plotters();
const MDC_NEUTRAL: RGBColor = mdc::NEUTRAL.plotters();

/// One point of an SPC chart with the limits of its segment.
pub(crate) struct SpcChartPoint {
    /// Its place on the x axis: the index of its period in `periods`, so a
    /// period without a value leaves a gap rather than closing up.
    pub(crate) x: usize,
    /// The value.
    pub(crate) value: f64,
    /// `common`, `improvement`, `concern` or `neutral`.
    pub(crate) kind: &'static str,
    /// Centre line.
    pub(crate) mean: f64,
    /// Lower and upper process limits, if the segment has them.
    pub(crate) limits: Option<(f64, f64)>,
}

/// The data of an XmR chart.
pub(crate) struct SpcChartData {
    /// Short period labels for the x axis.
    pub(crate) periods: Vec<String>,
    /// The points.
    pub(crate) points: Vec<SpcChartPoint>,
    /// The target, drawn as a red dashed line.
    pub(crate) target: Option<f64>,
    /// Display precision of the axis labels.
    pub(crate) decimals: u32,
}

/// Draws an XmR chart in the Making Data Count style: grey data line, black
/// mean, grey dashed limits per segment, special-cause points coloured and
/// shaped (improvement ▲, concern ■, neutral ◆), red dashed target.
pub(crate) fn draw_spc(data: &SpcChartData) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = canvas(&mut svg, (600, 250));
        root.fill(&WHITE).map_err(ChartError::from_cause)?;
        let n = data.periods.len().max(1);
        let all: Vec<f64> = data
            .points
            .iter()
            .flat_map(|p| [Some(p.value), Some(p.mean), p.limits.map(|l| l.0), p.limits.map(|l| l.1)])
            .flatten()
            .chain(data.target)
            .collect();
        let (lo, hi) =
            all.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        let (lo, hi) = if lo.is_finite() && hi.is_finite() { (lo, hi) } else { (0.0, 1.0) };
        let pad = ((hi - lo) * 0.08).max(hi.abs().max(1.0) * 0.02);
        let mut chart = axes(&root, &data.periods, (lo - pad)..(hi + pad), data.decimals)?;
        // Segments share a mean and limits; draw each across its own points.
        let mut start = 0;
        while start < data.points.len() {
            let first = &data.points[start];
            let end = (start..data.points.len())
                .find(|&i| data.points[i].mean != first.mean || data.points[i].limits != first.limits)
                .unwrap_or(data.points.len());
            let (from, to) = (data.points[start].x, data.points[end - 1].x);
            let span = |y: f64| vec![(from as f64 - 0.4, y), (to as f64 + 0.4, y)];
            chart
                .draw_series(LineSeries::new(span(first.mean), BLACK.stroke_width(2)))
                .map_err(ChartError::from_cause)?;
            if let Some((l, u)) = first.limits {
                for y in [l, u] {
                    chart
                        .draw_series(LineSeries::new(span(y), MDC_LIMITS_DASH.stroke_width(2)))
                        .map_err(ChartError::from_cause)?;
                }
            }
            start = end;
        }
        if let Some(target) = data.target {
            chart
                .draw_series(LineSeries::new(
                    vec![(-0.5, target), (n as f64 - 0.5, target)],
                    MDC_TARGET_DASH.stroke_width(2),
                ))
                .map_err(ChartError::from_cause)?;
        }
        // The data line breaks across periods without a value.
        for run in data.points.chunk_by(|a, b| b.x == a.x + 1) {
            let line: Vec<(f64, f64)> = run.iter().map(|p| (p.x as f64, p.value)).collect();
            chart
                .draw_series(LineSeries::new(line, MDC_COMMON.stroke_width(2)))
                .map_err(ChartError::from_cause)?;
        }
        // Markers a kind at a time, so that each kind is one path, the
        // special causes over the common.
        let at = |kind: &'static str| {
            data.points.iter().filter(move |p| p.kind == kind).map(|p| (p.x as f64, p.value))
        };
        let common = data.points.iter().filter(|p| !matches!(p.kind, "improvement" | "concern" | "neutral"));
        chart
            .draw_series(common.map(|p| Circle::new((p.x as f64, p.value), 3, MDC_COMMON.filled())))
            .map_err(ChartError::from_cause)?;
        chart
            .draw_series(at("improvement").map(|at| TriangleMarker::new(at, 7, MDC_IMPROVEMENT.filled())))
            .map_err(ChartError::from_cause)?;
        chart
            .draw_series(
                at("concern").map(|at| {
                    EmptyElement::at(at) + Rectangle::new([(-5, -5), (5, 5)], MDC_CONCERN.filled())
                }),
            )
            .map_err(ChartError::from_cause)?;
        chart
            .draw_series(at("neutral").map(|at| {
                EmptyElement::at(at)
                    + Polygon::new(vec![(0, -6), (6, 0), (0, 6), (-6, 0)], MDC_NEUTRAL.filled())
            }))
            .map_err(ChartError::from_cause)?;
        root.present().map_err(ChartError::from_cause)?;
    }
    Ok(svg)
}

/// The name of the horizontal bar at `y` (bars run top to bottom in
/// `labels` order), cut to `width` characters with an ellipsis; blank between bars.
fn bar_label(y: f64, labels: &[String], width: usize) -> String {
    let i = y.round();
    if (y - i).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    let name = (labels.len().max(1) - 1)
        .checked_sub(i as usize)
        .and_then(|k| labels.get(k))
        .cloned()
        .unwrap_or_default();
    if name.chars().count() > width {
        format!("{}…", name.chars().take(width - 1).collect::<String>())
    } else {
        name
    }
}

/// Draws the finance summary's bar chart: one horizontal bar per division,
/// overspends to the right in red-brown, underspends to the left in blue, each
/// labelled with its signed amount so colour is not the only signal.
pub(crate) fn draw_variance_bars(items: &[(String, f64, String)]) -> Result<String, ChartError> {
    const OVER: RGBColor = palette::OVERSPEND.plotters();
    const UNDER: RGBColor = palette::NAVY.plotters();
    let mut svg = String::new();
    {
        let height = 40 + 26 * items.len().max(1) as u32;
        let root = canvas(&mut svg, (600, height));
        root.fill(&WHITE).map_err(ChartError::from_cause)?;
        let max = items.iter().map(|(_, v, _)| v.abs()).fold(0.0f64, f64::max).max(1e-9) * 1.35;
        let n = items.len().max(1);
        let labels: Vec<String> = items.iter().map(|(name, _, _)| name.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(230)
            .build_cartesian_2d(-max..max, -0.5f64..(n as f64 - 0.5))
            .map_err(ChartError::from_cause)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .y_labels(n)
            .y_label_formatter(&|y| bar_label(*y, &labels, 34))
            .x_label_formatter(&|x| format_fixed(*x, 1))
            .label_style((FONT, 12).into_font().color(&BLACK))
            .draw()
            .map_err(ChartError::from_cause)?;
        for (i, (_, value, label)) in items.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let colour = if *value > 0.0 { OVER } else { UNDER };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.32), (*value, y + 0.32)],
                    colour.filled(),
                )))
                .map_err(ChartError::from_cause)?;
            let anchor = if *value >= 0.0 { HPos::Left } else { HPos::Right };
            let style = (FONT, 12).into_font().color(&BLACK).pos(Pos::new(anchor, VPos::Center));
            let x = *value + if *value >= 0.0 { max * 0.02 } else { -max * 0.02 };
            chart
                .draw_series(std::iter::once(Text::new(label.clone(), (x, y), style)))
                .map_err(ChartError::from_cause)?;
        }
        root.present().map_err(ChartError::from_cause)?;
    }
    Ok(svg)
}

/// One series of a stacked bar chart: its name, its fill, and a count per bar.
pub(crate) struct Stack {
    /// The series' name.
    pub(crate) label: String,
    /// Its fill, as a palette colour.
    pub(crate) fill: palette::Colour,
    /// One count per bar, in bar order.
    pub(crate) counts: Vec<usize>,
}

/// Draws horizontal stacked bars, one per category, each segment outlined
/// and labelled with its count so neither colour nor a pale fill (white) is
/// the only signal.
pub(crate) fn draw_stacked_bars(categories: &[String], stacks: &[Stack]) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let n = categories.len().max(1);
        let height = 50 + 34 * n as u32;
        let root = canvas(&mut svg, (600, height));
        root.fill(&WHITE).map_err(ChartError::from_cause)?;
        let total = |i: usize| stacks.iter().map(|s| s.counts.get(i).copied().unwrap_or(0)).sum::<usize>();
        let max = (0..n).map(total).max().unwrap_or(0).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(26)
            .y_label_area_size(200)
            .build_cartesian_2d(0.0..max * 1.05, -0.5f64..(n as f64 - 0.5))
            .map_err(ChartError::from_cause)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .y_labels(n)
            .y_label_formatter(&|y| bar_label(*y, categories, 30))
            .x_label_formatter(&|x| format_fixed(*x, 0))
            .label_style((FONT, 12).into_font().color(&BLACK))
            .draw()
            .map_err(ChartError::from_cause)?;
        for i in 0..categories.len() {
            let y = (n - 1 - i) as f64;
            let mut start = 0.0;
            for stack in stacks {
                let count = stack.counts.get(i).copied().unwrap_or(0) as f64;
                if count == 0.0 {
                    continue;
                }
                let bar = [(start, y - 0.32), (start + count, y + 0.32)];
                chart
                    .draw_series([
                        Rectangle::new(bar, stack.fill.plotters().filled()),
                        Rectangle::new(bar, AXIS.stroke_width(1)),
                    ])
                    .map_err(ChartError::from_cause)?;
                let style = (FONT, 12).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Center));
                chart
                    .draw_series(std::iter::once(Text::new(
                        format_fixed(count, 0),
                        (start + count / 2.0, y),
                        style,
                    )))
                    .map_err(ChartError::from_cause)?;
                start += count;
            }
        }
        root.present().map_err(ChartError::from_cause)?;
    }
    Ok(svg)
}

/// Draws a sparkline of the home area's recent values for the summary table.
pub(crate) fn draw_sparkline(values: &[Option<f64>]) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = canvas(&mut svg, (96, 22));
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let lo = present.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if present.is_empty() {
            root.present().map_err(ChartError::from_cause)?;
            drop(root);
            return Ok(svg);
        }
        let pad = ((hi - lo) * 0.15).max(1e-9);
        let n = values.len().max(2);
        let mut chart = ChartBuilder::on(&root)
            .margin(3)
            .build_cartesian_2d(0f64..(n as f64 - 1.0), (lo - pad)..(hi + pad))
            .map_err(ChartError::from_cause)?;
        for run in runs(values) {
            chart.draw_series(LineSeries::new(run, HOME.stroke_width(2))).map_err(ChartError::from_cause)?;
        }
        if let Some((i, v)) = values.iter().enumerate().rev().find_map(|(i, v)| v.map(|v| (i, v))) {
            chart
                .draw_series(std::iter::once(Circle::new((i as f64, v), 3, HOME.filled())))
                .map_err(ChartError::from_cause)?;
        }
        root.present().map_err(ChartError::from_cause)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A colour as the SVG writes it.
    fn hex(colour: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
    }

    #[test]
    fn chart_labels_have_their_font_and_fall_back_to_inter() {
        use typst::text::FontVariant;
        use typst::World;
        let world = crate::render::world::DocumentWorld::new("common.typ", None, (2026, 1, 1)).unwrap();
        let book = world.book();
        let chart =
            book.select(&FONT.to_lowercase(), FontVariant::default()).expect("the chart font is embedded");
        let inter = book.select(&TEXT_FONT.to_lowercase(), FontVariant::default()).unwrap();
        let chart = world.font(chart).unwrap();
        assert_eq!(chart.info().family, FONT);
        assert!(chart.info().coverage.contains('8' as u32) && chart.info().coverage.contains('£' as u32));
        // Greek is Inter's alone: a label in it is drawn by fallback, not lost.
        assert!(!chart.info().coverage.contains('Ω' as u32));
        assert!(world.font(inter).unwrap().info().coverage.contains('Ω' as u32));
        let svg = draw_variance_bars(&[("Ωmega Ŵales".into(), 2.0, "+2.0".into())]).unwrap();
        let fonts: Vec<&[u8]> = crate::render::world::FONT_FILES.to_vec();
        assert!(svg_to_png(&svg, &fonts, 1.0).unwrap().starts_with(b"\x89PNG"));
    }

    #[test]
    fn a_dashed_line_is_one_path_the_pdf_dashes() {
        let data = TrendData {
            periods: (1..=24).map(|m| format!("M{m}")).collect(),
            home: (0..24).map(|i| Some(40.0 + i as f64)).collect(),
            neighbours: (0..24).map(|i| Some(45.0 - i as f64 / 2.0)).collect(),
            england: vec![None; 24],
            target: Some(50.0),
            decimals: 1,
        };
        let svg = draw_trend(&data).unwrap();
        assert!(!svg.contains("<polyline") && !svg.contains("<line"), "{svg}");
        let dashed: Vec<&str> = svg.lines().filter(|l| l.contains("stroke-dasharray")).collect();
        assert_eq!(dashed.len(), 2, "{svg}");
        assert!(dashed[0].contains(&format!("stroke=\"{}\" stroke-dasharray=\"8 5\"", hex(TARGET))));
        assert!(dashed[1].contains(&format!("stroke=\"{}\" stroke-dasharray=\"6 4\"", hex(NEIGHBOURS))));
        // The neighbours' line is one run of 24 points; the target one line.
        assert_eq!((dashed[0].matches('M').count(), dashed[1].matches('L').count()), (1, 23));
        assert!(DASHES.iter().all(|d| !svg.contains(&hex(stand_in(d)))), "no stand-in colour is left");
        assert!(svg.len() < 12_000, "{} bytes", svg.len());
        // Every dash's colour is its own, never a chart's other colour.
        let palette = [HOME, NEIGHBOURS, ENGLAND, TARGET, GRID, AXIS, MDC_COMMON, MDC_IMPROVEMENT];
        for dash in &DASHES {
            assert!(
                !palette.contains(&stand_in(dash))
                    && hex(stand_in(dash)).bytes().skip(1).all(|b| b.is_ascii_digit())
            );
        }
    }

    #[test]
    fn spc_markers_are_a_path_a_kind_and_its_limits_dashed() {
        let kinds = ["common", "improvement", "common", "concern", "common", "neutral", "improvement"];
        let data = SpcChartData {
            periods: (1..=kinds.len()).map(|m| format!("M{m}")).collect(),
            points: kinds
                .iter()
                .enumerate()
                .map(|(x, &kind)| SpcChartPoint {
                    x,
                    value: 10.0 + x as f64,
                    kind,
                    mean: 13.0,
                    limits: Some((5.0, 21.0)),
                })
                .collect(),
            target: Some(12.0),
            decimals: 0,
        };
        let svg = draw_spc(&data).unwrap();
        // The common causes are dots: round-capped lines a hundredth of a pixel long.
        let dots = format!("stroke=\"{}\" stroke-width=\"6\" stroke-linecap=\"round\"", hex(MDC_COMMON));
        let common = svg.lines().filter(|l| l.contains(&dots)).collect::<Vec<_>>();
        assert_eq!(common.len(), 1, "{dots} in {svg}");
        assert_eq!(common[0].matches("l.01,.01").count(), 3, "three common causes: {}", common[0]);
        let fill = |colour| format!("fill=\"{}\"", hex(colour));
        for colour in [MDC_IMPROVEMENT, MDC_CONCERN, MDC_NEUTRAL] {
            assert_eq!(
                svg.lines().filter(|l| l.contains(&fill(colour))).count(),
                1,
                "{} in {svg}",
                fill(colour)
            );
        }
        let improvement = svg.lines().find(|l| l.contains(&fill(MDC_IMPROVEMENT))).unwrap();
        assert_eq!(improvement.matches('M').count(), 2, "two improvement markers: {improvement}");
        let position = |colour| svg.find(&fill(colour)).unwrap();
        assert!(svg.find(&dots).unwrap() < position(MDC_IMPROVEMENT), "special causes over the common");
        // The two limits, one path, and the target, dashed; the mean solid.
        let dashed: Vec<&str> = svg.lines().filter(|l| l.contains("stroke-dasharray")).collect();
        assert_eq!(dashed.len(), 2, "{svg}");
        assert!(dashed[0].contains(&hex(MDC_COMMON)) && dashed[0].matches('M').count() == 2);
        assert!(dashed[1].contains(&hex(mdc::TARGET.plotters())) && dashed[1].matches('M').count() == 1);
    }

    #[test]
    fn charts_over_the_same_periods_share_their_period_labels() {
        let trend = |level: f64| TrendData {
            periods: (1..=24).map(|m| format!("M{m}")).collect(),
            home: (0..24).map(|i| Some(level + i as f64)).collect(),
            neighbours: vec![None; 24],
            england: vec![None; 24],
            target: None,
            decimals: 1,
        };
        let whole = draw_trend(&trend(40.0)).unwrap();
        let split = split_labels(&whole).unwrap();
        let other = split_labels(&draw_trend(&trend(400.0)).unwrap()).unwrap();
        assert_eq!(split.periods, other.periods, "the same periods, the same labels");
        assert_ne!(split.chart, other.chart);
        assert_ne!(split.values, other.values);
        // Every label moved, and nothing else: no text is left in the chart.
        let texts = |svg: &str| svg.matches("<text").count();
        assert_eq!(split.period_labels, other.period_labels);
        assert_eq!(split.period_labels.as_ref().unwrap().lines.len(), texts(&split.periods));
        let values = split.values.as_ref().unwrap();
        assert!(texts(&split.periods) >= 6 && values.lines.len() >= 4, "{}", split.periods);
        assert_eq!(texts(&split.chart), 0);
        assert_eq!(texts(&split.periods) + values.lines.len(), texts(&whole));
        assert!(split.periods.contains(">\nM1\n</text>"));
        // The chart is the whole less each text's three lines, in order.
        let mut less_texts = String::new();
        let mut lines = whole.lines();
        while let Some(line) = lines.next() {
            if line.starts_with("<text") {
                lines.nth(1);
            } else {
                less_texts.push_str(line);
                less_texts.push('\n');
            }
        }
        assert_eq!(join_paths(&split.chart), split.chart, "adjacent paths of one style are one");
        assert_eq!(split.chart, join_paths(&less_texts));
        // The value axis's ticks, once apart between their labels, are one path.
        let ticks = |svg: &str| svg.lines().filter(|l| l.contains("M62,")).count();
        assert!(ticks(&less_texts) >= 4);
        assert_eq!(ticks(&split.chart), 1);
        // Both are SVG the PDF's reader takes, the labels on a clear canvas.
        let fonts: Vec<&[u8]> = crate::render::world::FONT_FILES.to_vec();
        for svg in [&split.chart, &split.periods] {
            assert!(svg_to_png(svg, &fonts, 1.0).unwrap().starts_with(b"\x89PNG"));
        }
        assert!(!split.periods.contains("<rect") && !split.periods.contains("<path"));
        assert!(split_labels(&split.chart).is_none(), "no period labels left");
    }

    #[test]
    fn axis_labels_sit_on_their_ticks() {
        let data = TrendData {
            periods: (1..=12).map(|m| format!("M{m}")).collect(),
            home: (0..12).map(|i| Some(20.0 + 2.0 * i as f64)).collect(),
            neighbours: vec![None; 12],
            england: vec![None; 12],
            target: None,
            decimals: 1,
        };
        let whole = draw_trend(&data).unwrap();
        let split = split_labels(&whole).unwrap();
        let labels = |axis: Axis| -> Vec<(f64, f64, f64)> {
            let mut found: Vec<_> = whole
                .lines()
                .filter_map(axis_label)
                .filter(|l| l.0 == axis)
                .map(|(_, x, y, size)| (x, y, size))
                .collect();
            found
                .sort_by(|a, b| if axis == Axis::Values { a.1.total_cmp(&b.1) } else { a.0.total_cmp(&b.0) });
            found
        };
        // Values read top down; each baseline is a quarter of the size under
        // its tick, to within the pixel plotters rounds a tick to.
        let values = split.values.unwrap();
        let numbers: Vec<f64> = values.lines.iter().map(|l| l.parse().unwrap()).collect();
        assert!(numbers.windows(2).all(|w| w[0] > w[1]), "{numbers:?}");
        let ticks = labels(Axis::Values);
        assert_eq!(ticks.len(), values.lines.len());
        for (i, &(x, tick, size)) in ticks.iter().enumerate() {
            let baseline = values.y + values.step * i as f64;
            assert!((baseline - (tick + size / 4.0)).abs() <= 1.0, "{baseline} {tick}");
            assert_eq!((values.x, values.size), (x, size));
        }
        // Periods read left to right, each centred on its tick, the
        // baseline 0.76 em under the labels' top.
        let periods = split.period_labels.unwrap();
        assert_eq!(periods.lines.first().map(String::as_str), Some("M1"));
        let ticks = labels(Axis::Periods);
        assert_eq!(ticks.len(), periods.lines.len());
        for (i, &(x, y, size)) in ticks.iter().enumerate() {
            assert!((periods.x + periods.step * i as f64 - x).abs() <= 1.0);
            assert_eq!((periods.y, periods.size, periods.height), (y + 0.76 * size, size, 250.0));
        }
        // Labels that cannot be set in one go stay in the chart (values) or
        // in the period labels' file.
        let uneven =
            whole.replacen(&format!(" y=\"{}\" dy=\"0.5ex\"", ticks_y(&whole)), " y=\"3\" dy=\"0.5ex\"", 1);
        assert_ne!(uneven, whole);
        let kept = split_labels(&uneven).unwrap();
        assert_eq!(kept.values, None);
        assert_eq!(kept.chart.matches("<text").count(), labels(Axis::Values).len());
        let first_period =
            whole.lines().find(|l| axis_label(l).is_some_and(|a| a.0 == Axis::Periods)).unwrap();
        let shifted = first_period.replacen(" x=\"", " x=\"9", 1);
        let kept = split_labels(&whole.replacen(first_period, &shifted, 1)).unwrap();
        assert_eq!(kept.period_labels, None);
        assert!(kept.values.is_some());
        // A lone period is centred in a box wider than it, not one of no width.
        let one = TrendData {
            periods: vec!["2024/25".into()],
            home: vec![Some(3.0)],
            neighbours: vec![None],
            england: vec![None],
            target: None,
            decimals: 1,
        };
        let one = split_labels(&draw_trend(&one).unwrap()).unwrap().period_labels.unwrap();
        assert_eq!(one.lines, ["2024/25"]);
        assert!(one.step > 7.0 * one.size, "{one:?}");
    }

    /// The second value label's tick, as plotters wrote it.
    fn ticks_y(svg: &str) -> String {
        let line = svg.lines().filter(|l| axis_label(l).is_some_and(|a| a.0 == Axis::Values)).nth(1).unwrap();
        attribute(line, "y").unwrap().to_string()
    }

    #[test]
    fn long_series_mark_every_few_points_and_the_latest() {
        let all = |n: usize| vec![Some(1.0); n];
        assert!(marked(&all(24)).iter().all(|m| *m), "a short series marks every point");
        let sixty = marked(&all(60));
        assert_eq!(sixty.iter().filter(|m| **m).count(), 12);
        assert!(sixty[59] && sixty[54] && !sixty[58] && !sixty[0]);
        // A point alone between gaps has no line: it keeps its marker.
        let mut gappy = all(60);
        gappy[57] = None;
        gappy[55] = None;
        let marks = marked(&gappy);
        assert!(marks[56], "an isolated point is marked");
        assert!(!marks[58] && marks[59]);
    }

    #[test]
    fn stacked_bars_label_every_segment_with_its_count() {
        let stacks = [
            Stack { label: "Blue".into(), fill: palette::NAVY, counts: vec![1, 0] },
            Stack { label: "Amber".into(), fill: palette::OVERSPEND, counts: vec![4, 7] },
        ];
        let svg = draw_stacked_bars(&["Area one".into(), "Area two".into()], &stacks).unwrap();
        // plotters writes each text on a line of its own.
        let texts: Vec<&str> = svg.lines().map(str::trim).collect();
        for label in ["Area one", "Area two", "4", "7"] {
            assert!(texts.contains(&label), "{label}: {svg}");
        }
    }

    #[test]
    fn the_spc_legend_names_what_the_chart_draws() {
        let point = |kind, limits| SpcChartPoint { x: 0, value: 1.0, kind, mean: 1.0, limits };
        let labels = |data: &SpcChartData| spc_legend(data).into_iter().map(|e| e.label).collect::<Vec<_>>();
        let mut data = SpcChartData {
            periods: vec!["a".into(), "b".into(), "c".into()],
            points: vec![
                point("common", None),
                point("improvement", Some((0.0, 2.0))),
                point("concern", None),
            ],
            target: Some(2.0),
            decimals: 1,
        };
        assert_eq!(
            labels(&data),
            ["Improvement", "Concern", "Common cause", "Mean", "Process limits", "Target"]
        );
        data.points = vec![point("common", None), point("common", None)];
        data.target = None;
        assert_eq!(labels(&data), ["Common cause", "Mean"]);
        assert_eq!(spc_legend(&data)[0].glyph, "●");
    }

    #[test]
    fn gaps_split_lines() {
        let r = runs(&[Some(1.0), None, Some(2.0), Some(3.0), None]);
        assert_eq!(r, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn trend_chart_is_svg_with_real_text_and_no_transparency() {
        let data = TrendData {
            periods: vec!["2012".into(), "2013".into(), "2014".into()],
            home: vec![Some(69.0), Some(71.0), None],
            neighbours: vec![Some(72.0), Some(74.0), Some(74.5)],
            england: vec![Some(72.0), Some(73.0), Some(74.0)],
            target: Some(75.0),
            decimals: 1,
        };
        let svg = draw_trend(&data).unwrap();
        assert!(svg.starts_with("<svg"));
        let texts: Vec<&str> = svg.split('>').map(|s| s.split('<').next().unwrap_or("").trim()).collect();
        assert!(texts.contains(&"2013"), "x axis labels are text");
        assert!(!svg.contains("opacity=\"0.1"));
    }
}

/// One legend entry of an exported chart: a line sample (solid or dashed) in a colour.
#[derive(serde::Serialize)]
pub(crate) struct LegendEntry {
    /// The words.
    pub(crate) label: String,
    /// CSS colour of the sample.
    pub(crate) colour: &'static str,
    /// Whether the sample is dashed.
    pub(crate) dashed: bool,
    /// A marker instead of a line: `triangle`, `square`, `diamond` or `circle`.
    pub(crate) marker: Option<&'static str>,
    /// The series' marker as a character, for legends typeset beside the chart.
    pub(crate) glyph: &'static str,
}

/// The trend chart's legend: the home area, then whichever of the neighbours,
/// England and the target the chart draws, in its colours, styles and markers.
pub(crate) fn trend_legend(data: &TrendData, home_name: &str) -> Vec<LegendEntry> {
    let line = |label: &str, colour, dashed, glyph| LegendEntry {
        label: label.to_string(),
        colour,
        dashed,
        marker: None,
        glyph,
    };
    let mut legend = vec![line(home_name, palette::NAVY.0, false, "●")];
    if data.neighbours.iter().any(Option::is_some) {
        legend.push(line("Statistical neighbours", palette::NEIGHBOURS.0, true, "▲"));
    }
    if data.england.iter().any(Option::is_some) {
        legend.push(line("England", palette::ENGLAND.0, false, "■"));
    }
    if data.target.is_some() {
        legend.push(line("Target", palette::TARGET.0, true, ""));
    }
    legend
}

/// The SPC chart's legend: the kinds of point it draws, then the mean, the
/// process limits and the target, in the chart's colours and markers.
pub(crate) fn spc_legend(data: &SpcChartData) -> Vec<LegendEntry> {
    let has = |kind: &str| data.points.iter().any(|p| p.kind == kind);
    let mark = |label: &str, colour, marker, glyph| LegendEntry {
        label: label.to_string(),
        colour,
        dashed: false,
        marker: Some(marker),
        glyph,
    };
    let line = |label: &str, colour, dashed| LegendEntry {
        label: label.to_string(),
        colour,
        dashed,
        marker: None,
        glyph: "",
    };
    let mut legend = Vec::new();
    if has("improvement") {
        legend.push(mark("Improvement", mdc::IMPROVEMENT.0, "triangle", "▲"));
    }
    if has("concern") {
        legend.push(mark("Concern", mdc::CONCERN.0, "square", "■"));
    }
    if has("neutral") {
        legend.push(mark("Special cause, no better direction", mdc::NEUTRAL.0, "diamond", "◆"));
    }
    if has("common") {
        legend.push(mark("Common cause", mdc::COMMON.0, "circle", "●"));
    }
    if !data.points.is_empty() {
        legend.push(line("Mean", palette::BLACK.0, false));
    }
    if data.points.iter().any(|p| p.limits.is_some()) {
        legend.push(line("Process limits", mdc::COMMON.0, true));
    }
    if data.target.is_some() {
        legend.push(line("Target", mdc::TARGET.0, true));
    }
    legend
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Wraps a chart for use outside the scorecard (in a Word report): a title
/// above and the legend below, as real SVG text.
pub(crate) fn with_title_and_legend(chart: &str, title: &str, legend: &[LegendEntry]) -> String {
    let (width, height, top) = (600.0, 250.0, 30.0);
    let inner =
        chart.trim_start_matches(|c| c != '<').replacen("<svg", &format!("<svg x=\"0\" y=\"{top}\""), 1);
    // Lay the entries out in rows that fit the width (Inter's average advance is about 0.55 em).
    let mut placed = Vec::new();
    let (mut x, mut row) = (12.0, 0);
    for entry in legend {
        let advance = 40.0 + entry.label.chars().count() as f64 * 6.6;
        if x + advance > width && x > 12.0 {
            x = 12.0;
            row += 1;
        }
        placed.push((entry, x, top + height + 14.0 + 20.0 * row as f64));
        x += advance;
    }
    let total = top + height + 24.0 + 20.0 * row as f64;
    let mut items = String::new();
    for (entry, x, y) in placed {
        let dash = if entry.dashed { " stroke-dasharray=\"5 3\"" } else { "" };
        let (cx, c) = (x + 10.0, entry.colour);
        let sample = match entry.marker {
            Some("triangle") => {
                format!(
                    "<polygon points=\"{cx},{} {},{} {},{}\" fill=\"{c}\"/>",
                    y - 6.0,
                    cx - 6.0,
                    y + 5.0,
                    cx + 6.0,
                    y + 5.0
                )
            }
            Some("square") => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{c}\"/>",
                cx - 5.0,
                y - 5.0
            ),
            Some("diamond") => {
                format!(
                    "<polygon points=\"{cx},{} {},{y} {cx},{} {},{y}\" fill=\"{c}\"/>",
                    y - 6.0,
                    cx + 6.0,
                    y + 6.0,
                    cx - 6.0
                )
            }
            Some(_) => format!("<circle cx=\"{cx}\" cy=\"{y}\" r=\"4\" fill=\"{c}\"/>"),
            None => {
                format!("<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{c}\" stroke-width=\"2.5\"{dash}/>", x + 20.0)
            }
        };
        items.push_str(&sample);
        items.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-family=\"{TEXT_FONT}\" font-size=\"12\">{}</text>",
            x + 25.0,
            y + 4.0,
            escape_xml(&entry.label)
        ));
    }
    format!(
        "<svg width=\"{width}\" height=\"{total}\" viewBox=\"0 0 {width} {total}\" xmlns=\"http://www.w3.org/2000/svg\">\
<rect width=\"{width}\" height=\"{total}\" fill=\"#FFFFFF\"/>\
<text x=\"12\" y=\"20\" font-family=\"{TEXT_FONT}\" font-size=\"14\" font-weight=\"bold\">{}</text>{inner}{items}</svg>",
        escape_xml(title),
    )
}

/// Rasterises an SVG chart to PNG at `scale` times its size, with the embedded fonts.
pub(crate) fn svg_to_png(svg: &str, fonts: &[&[u8]], scale: f32) -> Result<Vec<u8>, ChartError> {
    let mut options = resvg::usvg::Options::default();
    for font in fonts {
        options.fontdb_mut().load_font_data(font.to_vec());
    }
    options.font_family = FONT.to_string();
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(ChartError::from_cause)?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or(ChartError::TooLarge)?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(ChartError::TooLarge)?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(ChartError::from_cause)
}
