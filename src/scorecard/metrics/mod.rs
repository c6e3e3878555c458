//! Metrics: pure functions from the model to the serialisable result of the
//! metrics contract (DESIGN.md). No I/O here.

pub(crate) mod ci;
pub(crate) mod direction;
#[cfg(test)]
mod properties;
pub(crate) mod rag;
pub(crate) mod rank;
pub(crate) mod spc;
pub(crate) mod special;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::core::period::Period;
use crate::core::period::{with_gaps_filled, Frequency};
use crate::core::rag::Rag;
use crate::ingest::value::Reason;
use crate::scorecard::model::area::Role;
use crate::scorecard::model::indicator::{Indicator, Polarity, Unit};
use crate::scorecard::model::Dataset;
use ci::{compare_with_england, poisson_count, wilson, Benchmark};
use direction::{compute_direction, Direction};
use rag::compute_rag;
use rank::{rank_and_quartile, Quartile};
use spc::{compute_spc, Spc, SpcOptions};

/// Choices that change the computation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Confidence level of the intervals, 0–1 (0.95 by default; Fingertips also uses 0.998).
    pub(crate) confidence: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { confidence: 0.95 }
    }
}

/// The metrics of a whole scorecard.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Metrics {
    /// The report period.
    pub(crate) period: Option<Period>,
    /// The home area code.
    pub(crate) home: String,
    /// The home area name.
    pub(crate) home_name: String,
    /// Confidence level of the intervals (e.g. 0.95).
    pub(crate) confidence: f64,
    /// How many areas ranks are among (home, neighbours and other LAs), to say
    /// whether a rank is national; not part of the JSON contract.
    #[serde(skip)]
    pub(crate) ranked_areas: usize,
    /// One entry per indicator, in the indicators file's order.
    pub(crate) indicators: Vec<IndicatorMetrics>,
}

/// The latest value and what it was computed from.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Latest {
    /// The period of the value.
    pub(crate) period: Period,
    /// The value, full precision.
    pub(crate) value: f64,
    /// Numerator, if known.
    pub(crate) numerator: Option<f64>,
    /// Denominator, if known.
    pub(crate) denominator: Option<f64>,
    /// Lower confidence limit.
    pub(crate) ci_lower: Option<f64>,
    /// Upper confidence limit.
    pub(crate) ci_upper: Option<f64>,
    /// How the interval was computed: `wilson`, `exact` or `byar`.
    pub(crate) ci_method: Option<&'static str>,
    /// The note written beside the value.
    pub(crate) note: Option<String>,
}

/// The value before the latest.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Previous {
    /// Its period.
    pub(crate) period: Period,
    /// Its value.
    pub(crate) value: f64,
}

/// The statistical-neighbour average.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Neighbours {
    /// Mean of the neighbours with a value (or a published average).
    pub(crate) average: Option<f64>,
    /// How many neighbours the mean is of; `null` for a published average.
    pub(crate) count: Option<usize>,
}

/// One period of an indicator's history, for charts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryPoint {
    /// The period.
    pub(crate) period: Period,
    /// The home area's value.
    pub(crate) value: Option<f64>,
    /// The statistical-neighbour average.
    pub(crate) neighbours: Option<f64>,
    /// England.
    pub(crate) england: Option<f64>,
    /// Why the home area has no value, where the data says ("suppressed or nil").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) missing: Option<&'static str>,
}

/// Everything the scorecard says about one indicator.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IndicatorMetrics {
    /// Indicator id.
    pub(crate) id: String,
    /// Indicator name.
    pub(crate) name: String,
    /// Section of the scorecard.
    pub(crate) group: Option<String>,
    /// Which way is good.
    pub(crate) polarity: Polarity,
    /// Unit.
    pub(crate) unit: Unit,
    /// Reporting frequency.
    pub(crate) frequency: Option<Frequency>,
    /// Display precision.
    pub(crate) decimals: u32,
    /// Rate multiplier.
    pub(crate) multiplier: Option<f64>,
    /// Responsible officer.
    pub(crate) owner: Option<String>,
    /// Commentary.
    pub(crate) notes: Option<String>,
    /// The latest value in or before the report period.
    pub(crate) latest: Option<Latest>,
    /// The value before it.
    pub(crate) previous: Option<Previous>,
    /// latest − previous.
    pub(crate) change: Option<f64>,
    /// Direction of travel.
    pub(crate) direction: Direction,
    /// Target.
    pub(crate) target: Option<f64>,
    /// Amber threshold.
    pub(crate) amber_threshold: Option<f64>,
    /// RAG rating of the latest value.
    pub(crate) rag: Rag,
    /// Statistical-neighbour average for the latest period.
    pub(crate) neighbours: Neighbours,
    /// England's value for the latest period.
    pub(crate) england: Option<f64>,
    /// Why England's value cannot be right, where it lies outside the range
    /// of every local authority's value for the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) england_warning: Option<String>,
    /// Comparison of the confidence interval with England.
    pub(crate) benchmark: Benchmark,
    /// National rank among local authorities, 1 best.
    pub(crate) rank: Option<u32>,
    /// Number of local authorities ranked.
    pub(crate) rank_of: Option<u32>,
    /// National quartile band, A best.
    pub(crate) quartile: Option<Quartile>,
    /// Statistical process control of the home series.
    pub(crate) spc: Option<Spc>,
    /// Worse than the period before for the last two periods running.
    pub(crate) worsening_twice: bool,
    /// The series up to the report period.
    pub(crate) history: Vec<HistoryPoint>,
}

impl IndicatorMetrics {
    /// Whether the indicator belongs on the exceptions page.
    pub(crate) fn is_exception(&self) -> bool {
        self.rag == Rag::Red || self.worsening_twice
    }
}

/// Values of one indicator, by area then period, each with its observation's
/// index: a u32, as a national file's half a million make 24 bytes each, not 32.
type Series = FxHashMap<Arc<str>, Vec<(Period, f64, u32)>>;

/// Why an area has no value, by period, where the data says.
type Gaps = FxHashMap<Period, &'static str>;

/// The observations arranged for computing: by indicator, then area, each
/// series in period order. Arranged once, it serves every area's scorecard.
pub(crate) struct Prepared {
    /// The report period: the dataset's, else the latest period with a value.
    report: Option<Period>,
    by_indicator: Vec<Series>,
    /// By indicator, then area: why values are missing.
    gaps: Vec<FxHashMap<Arc<str>, Gaps>>,
}

impl Prepared {
    /// Arranges the dataset's observations.
    pub(crate) fn new(data: &Dataset) -> Prepared {
        let report = data.period.or_else(|| {
            data.observations
                .iter()
                .filter(|o| o.value().is_some())
                .map(|o| o.period)
                // By start date; of periods starting together, the shorter (a month, not its year).
                .max_by_key(|p| (p.start(), -p.end()))
        });
        let mut by_indicator: Vec<Series> = vec![FxHashMap::default(); data.indicators.len()];
        let mut gaps: Vec<FxHashMap<Arc<str>, Gaps>> = vec![FxHashMap::default(); data.indicators.len()];
        // Files list an indicator's area's periods together: each run of
        // them is looked up once, not each value (half a million, nationally).
        let mut run: Option<(usize, &Arc<str>)> = None;
        let mut values = Vec::new();
        for (i, o) in data.observations.iter().enumerate() {
            if let Some(v) = o.value() {
                let key = (o.indicator(), &o.area);
                if let Some(ended) =
                    run.filter(|&(indicator, area)| indicator != key.0 || !Arc::ptr_eq(area, key.1))
                {
                    file_run(&mut by_indicator, ended, &mut values);
                }
                run = Some(key);
                values.push((o.period, v, i as u32));
            } else if let Some(reason) = o.missing() {
                // A blank cell gives no reason worth printing.
                if reason != Reason::BLANK {
                    gaps[o.indicator()].entry(o.area.clone()).or_default().insert(o.period, reason.text());
                }
            }
        }
        if let Some(ended) = run {
            file_run(&mut by_indicator, ended, &mut values);
        }
        for series in &mut by_indicator {
            for values in series.values_mut() {
                values.sort_by_key(|v| v.0);
            }
        }
        Prepared { report, by_indicator, gaps }
    }

    /// The report period.
    pub(crate) fn report(&self) -> Option<Period> {
        self.report
    }
}

/// Moves a run of one indicator's area's values to its series.
fn file_run(
    by_indicator: &mut [Series],
    (indicator, area): (usize, &Arc<str>),
    values: &mut Vec<(Period, f64, u32)>,
) {
    by_indicator[indicator].entry(area.clone()).or_default().append(values);
}

/// Whose scorecard: the home area and the areas it is compared with.
pub(crate) struct Scope<'a> {
    /// The home area's code.
    pub(crate) home: &'a str,
    /// Its statistical neighbours' codes.
    pub(crate) neighbours: Vec<&'a str>,
    /// A published statistical-neighbour average, where the data has one for this home.
    pub(crate) sn_average: Option<&'a str>,
}

impl<'a> Scope<'a> {
    /// The scope the dataset's own roles give.
    pub(crate) fn of(data: &'a Dataset) -> Scope<'a> {
        Scope {
            home: &data.home,
            neighbours: data.areas_with(Role::Neighbour),
            sn_average: data.areas_with(Role::SnAverage).first().copied(),
        }
    }
}

/// Computes the metrics of every indicator for the dataset's report period
/// (default: the latest period with a value).
pub(crate) fn compute(data: &Dataset, settings: &Settings) -> Metrics {
    compute_for(data, &Prepared::new(data), &Scope::of(data), settings)
}

/// [`compute`] for any area of the dataset, from observations arranged once.
pub(crate) fn compute_for(
    data: &Dataset,
    prepared: &Prepared,
    scope: &Scope,
    settings: &Settings,
) -> Metrics {
    let england = data.areas_with(Role::England);
    let ranked: Vec<&str> = data
        .areas
        .iter()
        .filter(|a| matches!(a.role, Role::Home | Role::Neighbour | Role::La))
        .map(|a| a.code.as_str())
        .collect();
    let comparators = Comparators {
        home: scope.home,
        neighbours: &scope.neighbours,
        england: england.first().copied(),
        sn_average: scope.sn_average,
        ranked: &ranked,
    };
    let no_gaps = Gaps::default();
    let jobs: Vec<_> = data.indicators.iter().zip(prepared.by_indicator.iter().zip(&prepared.gaps)).collect();
    // Each indicator on its own: sixty of them nationally, on every core.
    let indicators = crate::core::parallel::map(&jobs, |&(ind, (series, gaps))| {
        let gaps = gaps.get(scope.home).unwrap_or(&no_gaps);
        compute_indicator(data, ind, series, gaps, prepared.report, &comparators, settings)
    });
    Metrics {
        period: prepared.report,
        home: scope.home.to_string(),
        home_name: data.area_name(scope.home),
        confidence: settings.confidence,
        ranked_areas: ranked.len(),
        indicators,
    }
}

fn value_at(series: &Series, area: &str, period: Period) -> Option<f64> {
    let values = series.get(area)?;
    // In period order, one value per period.
    values.binary_search_by(|(p, _, _)| p.cmp(&period)).ok().map(|i| values[i].1)
}

/// Mean of the neighbours that have a value for `period`, else a published average.
fn neighbour_average(
    series: &Series,
    neighbours: &[&str],
    sn_average: Option<&str>,
    period: Period,
) -> Neighbours {
    // Summed as `Iterator::sum` sums, from -0.0, without a list a period.
    let (mut sum, mut count) = (-0.0, 0);
    for value in neighbours.iter().filter_map(|n| value_at(series, n, period)) {
        sum += value;
        count += 1;
    }
    if count == 0 {
        let published = sn_average.and_then(|code| value_at(series, code, period));
        return Neighbours { average: published, count: None };
    }
    Neighbours { average: Some(sum / count as f64), count: Some(count) }
}

/// The areas an indicator is compared with.
struct Comparators<'a> {
    /// The home area.
    home: &'a str,
    neighbours: &'a [&'a str],
    england: Option<&'a str>,
    sn_average: Option<&'a str>,
    /// Local authorities ranked nationally (home, neighbours, other LAs).
    ranked: &'a [&'a str],
}

/// The confidence interval of the latest value by the Fingertips methods, with the method's name.
fn confidence_interval(
    ind: &Indicator,
    numerator: Option<f64>,
    denominator: Option<f64>,
    confidence: f64,
) -> Option<(f64, f64, &'static str)> {
    let (n, d) = (numerator?, denominator?);
    match ind.unit {
        Unit::Percent => wilson(n, d, confidence).map(|(l, u)| (l * 100.0, u * 100.0, "wilson")),
        Unit::Rate if d > 0.0 => {
            let scale = ind.multiplier? / d;
            let method = if n < 10.0 { "exact" } else { "byar" };
            poisson_count(n, confidence).map(|(l, u)| (l * scale, u * scale, method))
        }
        _ => None,
    }
}

fn compute_indicator(
    data: &Dataset,
    ind: &Indicator,
    series: &Series,
    gaps: &Gaps,
    report: Option<Period>,
    cx: &Comparators,
    settings: &Settings,
) -> IndicatorMetrics {
    let in_range = |p: &Period| report.is_none_or(|r| p.start() <= r.end());
    let home: Vec<&(Period, f64, u32)> =
        series.get(cx.home).map(|v| v.iter().filter(|(p, _, _)| in_range(p)).collect()).unwrap_or_default();
    let latest_point = home.last().copied();
    let previous_point = home.len().checked_sub(2).map(|i| home[i]);
    let before_previous = home.len().checked_sub(3).map(|i| home[i]);

    let latest = latest_point.map(|&(period, value, i)| {
        let o = &data.observations[i as usize];
        let ci = confidence_interval(ind, o.numerator(), o.denominator(), settings.confidence);
        Latest {
            period,
            value,
            numerator: o.numerator(),
            denominator: o.denominator(),
            ci_lower: ci.map(|c| c.0),
            ci_upper: ci.map(|c| c.1),
            ci_method: ci.map(|c| c.2),
            note: o.note.as_deref().map(str::to_string),
        }
    });
    let previous = previous_point.map(|&(period, value, _)| Previous { period, value });
    let direction = match (latest_point, previous_point) {
        (Some(l), p) => compute_direction(l.1, p.map(|p| p.1), ind.polarity, ind.decimals),
        (None, _) => Direction::NotComparable,
    };
    let worsening_twice = direction == Direction::Worsening
        && match (previous_point, before_previous) {
            (Some(p), Some(b)) => {
                compute_direction(p.1, Some(b.1), ind.polarity, ind.decimals) == Direction::Worsening
            }
            _ => false,
        };
    let (sn, eng) = match latest_point {
        Some(&(period, _, _)) => (
            neighbour_average(series, cx.neighbours, cx.sn_average, period),
            cx.england.and_then(|e| value_at(series, e, period)),
        ),
        None => (Neighbours { average: None, count: None }, None),
    };

    // The chart's periods: every period in range that the home area, a neighbour or England has.
    let periods: Vec<Period> = std::iter::once(cx.home)
        .chain(cx.neighbours.iter().copied())
        .chain(cx.england)
        .chain(cx.sn_average)
        .filter_map(|a| series.get(a))
        .flat_map(|v| v.iter().map(|(p, _, _)| *p))
        .filter(in_range)
        .collect();
    let periods = with_gaps_filled(&periods);
    let ranking = latest.as_ref().and_then(|l| {
        let values: Vec<f64> = cx.ranked.iter().filter_map(|a| value_at(series, a, l.period)).collect();
        rank_and_quartile(l.value, &values, ind.polarity)
    });
    let england_warning = latest.as_ref().and_then(|l| {
        let found = data.out_of_range.iter().find(|o| {
            std::ptr::eq(&data.indicators[o.indicator], ind)
                && Some(&*o.area) == cx.england
                && o.period == l.period
        })?;
        Some(found.words(ind, &data.area_name(&found.area)))
    });
    let ci = latest.as_ref().and_then(|l| l.ci_lower.zip(l.ci_upper));
    // An England value that cannot be right is no benchmark.
    let benchmark = if england_warning.is_some() {
        Benchmark::NotCompared
    } else {
        compare_with_england(ci, eng, ind.polarity)
    };
    let spc_series: Vec<(Period, f64)> = home.iter().map(|&&(p, v, _)| (p, v)).collect();
    let spc_options =
        SpcOptions { fix_after: ind.spc_baseline, rebase: ind.spc_rebase.clone(), no_screening: false };
    let spc = compute_spc(&spc_series, ind.polarity, ind.target, &spc_options);
    let history = periods
        .into_iter()
        .map(|period| HistoryPoint {
            period,
            value: value_at(series, cx.home, period),
            neighbours: neighbour_average(series, cx.neighbours, cx.sn_average, period).average,
            england: cx.england.and_then(|e| value_at(series, e, period)),
            missing: gaps.get(&period).copied(),
        })
        .collect();

    IndicatorMetrics {
        id: ind.id.clone(),
        name: ind.name.clone(),
        group: ind.group.clone(),
        polarity: ind.polarity,
        unit: ind.unit,
        frequency: ind.frequency,
        decimals: ind.decimals,
        multiplier: ind.multiplier,
        owner: ind.owner.clone(),
        notes: ind.notes.clone(),
        change: match (&latest, &previous) {
            (Some(l), Some(p)) => Some(l.value - p.value),
            _ => None,
        },
        rag: compute_rag(
            latest.as_ref().map(|l| l.value),
            ind.target,
            ind.amber_threshold,
            ind.polarity,
            ind.decimals,
        ),
        latest,
        previous,
        direction,
        target: ind.target,
        amber_threshold: ind.amber_threshold,
        neighbours: sn,
        england: eng,
        england_warning,
        benchmark,
        rank: ranking.map(|r| r.0),
        rank_of: ranking.map(|r| r.1),
        quartile: ranking.map(|r| r.2),
        spc,
        worsening_twice,
        history,
    }
}
