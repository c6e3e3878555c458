//! The finance summary page of the scorecard: the revenue budget's totals,
//! its largest variances either way and a bar chart of them.

use serde::Serialize;

use crate::finance::book::{TableKind, Units};
use crate::finance::format::money_text;
use crate::finance::money::Money;
use crate::finance::pdf::net_headline;
use crate::finance::variance::{VarianceRow, VarianceTable};
use crate::render::chart::draw_variance_bars;
use crate::render::format::format_signed;
use crate::render::RenderError;

/// What the scorecard template receives for its finance page.
#[derive(Serialize)]
pub(crate) struct FinanceSummary {
    /// The book's unit: £, £000, £m.
    unit: &'static str,
    /// The revenue budget's total.
    budget: String,
    /// Its forecast outturn.
    outturn: String,
    /// The net variance, signed.
    variance: String,
    /// The net variance in words.
    headline: String,
    /// The five largest overspends.
    over: Vec<LargeVariance>,
    /// The five largest underspends.
    under: Vec<LargeVariance>,
    /// Where the template finds the chart.
    chart: &'static str,
    /// The chart's alt text: every bar's name and amount.
    chart_alt: String,
    /// The chart's bars, name and amount, for the web page's table under it.
    bars: Vec<Bar>,
    /// The chart itself, which the template reads from [`FinanceSummary::CHART`].
    #[serde(skip)]
    pub(crate) chart_svg: String,
}

/// A bar of the chart, as printed.
#[derive(Serialize)]
struct Bar {
    line: String,
    variance: String,
}

/// A line among the largest variances.
#[derive(Serialize)]
struct LargeVariance {
    line: String,
    variance: String,
    pct: String,
    reason: String,
}

impl FinanceSummary {
    /// Where the template finds the chart.
    pub(crate) const CHART: &'static str = "/charts/finance.svg";

    /// The summary of a revenue variance table in `units`.
    pub(crate) fn new(t: &VarianceTable, units: Units) -> Result<FinanceSummary, RenderError> {
        let unit = units.label();
        let row = |l: &VarianceRow| LargeVariance {
            line: l.name.clone(),
            variance: money_text(l.variance, true),
            pct: l.variance_pct.map_or("n/a".to_string(), |p| format!("{}%", format_signed(p, 0))),
            reason: l.reason.clone().unwrap_or_default(),
        };
        let mut by_size: Vec<&VarianceRow> = t.lines.iter().collect();
        by_size.sort_by(|a, b| b.variance.abs().cmp(&a.variance.abs()).then(a.name.cmp(&b.name)));
        let over: Vec<LargeVariance> = by_size
            .iter()
            .filter(|l| !l.variance.is_negative() && l.variance != Money::ZERO)
            .take(5)
            .map(|l| row(l))
            .collect();
        let under: Vec<LargeVariance> =
            by_size.iter().filter(|l| l.variance.is_negative()).take(5).map(|l| row(l)).collect();
        let bars: Vec<(String, f64, String)> = by_size
            .iter()
            .take(12)
            .map(|l| (l.name.clone(), l.variance.to_f64(), money_text(l.variance, true)))
            .collect();
        let chart_svg = draw_variance_bars(&bars).map_err(RenderError::Chart)?;
        let chart_alt = format!(
            "Bar chart of the {} largest revenue variances in {unit}: {}.",
            bars.len(),
            bars.iter().map(|(n, _, v)| format!("{n} {v}")).collect::<Vec<_>>().join("; ")
        );
        Ok(FinanceSummary {
            unit,
            budget: money_text(t.total.from, false),
            outturn: money_text(t.total.to, false),
            variance: money_text(t.total.variance, true),
            headline: net_headline(&t.total, TableKind::Revenue, units),
            over,
            under,
            chart: FinanceSummary::CHART,
            chart_svg,
            chart_alt,
            bars: bars.into_iter().map(|(line, _, variance)| Bar { line, variance }).collect(),
        })
    }
}
