//! Statistical process control: the NHS "Making Data Count" XmR chart rules,
//! exactly as NHSRplotthedots 0.2 implements them (R/ptd_spc_standard.R,
//! R/ptd_calculate_point_type.R, R/ptd_calculate_assurance_type.R).

use serde::Serialize;

use crate::core::period::Period;
use crate::scorecard::model::indicator::Polarity;

const LIMIT: f64 = 2.66;
const SCREEN: f64 = 3.267;

/// The type of one point, in NHSRplotthedots' vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PointType {
    /// Nothing unusual.
    CommonCause,
    /// A special cause in the better direction.
    SpecialCauseImprovement,
    /// A special cause in the worse direction.
    SpecialCauseConcern,
    /// A high special cause where neither direction is better.
    SpecialCauseNeutralHigh,
    /// A low special cause where neither direction is better.
    SpecialCauseNeutralLow,
}

/// The variation icon of the latest point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Variation {
    /// Common cause variation.
    CommonCause,
    /// Improvement, higher is better.
    ImprovementHigh,
    /// Improvement, lower is better.
    ImprovementLow,
    /// Concern, where higher is better (so low).
    ConcernLow,
    /// Concern, where lower is better (so high).
    ConcernHigh,
    /// Special cause, high, neutral polarity.
    NeutralHigh,
    /// Special cause, low, neutral polarity.
    NeutralLow,
}

impl Variation {
    /// The value as the JSON and CSV contracts write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Variation::CommonCause => "common_cause",
            Variation::ImprovementHigh => "improvement_high",
            Variation::ImprovementLow => "improvement_low",
            Variation::ConcernLow => "concern_low",
            Variation::ConcernHigh => "concern_high",
            Variation::NeutralHigh => "neutral_high",
            Variation::NeutralLow => "neutral_low",
        }
    }
}

/// Whether the process will meet its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Assurance {
    /// The target lies beyond the limits on the easy side: it will be met.
    ConsistentPass,
    /// The target lies beyond the limits on the hard side: it will not be met without change.
    ConsistentFail,
    /// The target lies within the limits: it will be met some of the time.
    Inconsistent,
}

impl Assurance {
    /// The value as the JSON and CSV contracts write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Assurance::ConsistentPass => "consistent_pass",
            Assurance::ConsistentFail => "consistent_fail",
            Assurance::Inconsistent => "inconsistent",
        }
    }
}

/// One point of the chart with the limits of its segment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SpcPoint {
    /// The period.
    pub(crate) period: Period,
    /// The value.
    pub(crate) value: f64,
    /// Its special-cause type.
    #[serde(rename = "type")]
    pub(crate) kind: PointType,
    /// Centre line of its segment.
    pub(crate) mean: f64,
    /// Lower process limit of its segment; `null` when too short for a moving range.
    pub(crate) lcl: Option<f64>,
    /// Upper process limit of its segment.
    pub(crate) ucl: Option<f64>,
}

/// The XmR analysis of a series.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Spc {
    /// Centre line of the last segment.
    pub(crate) mean: f64,
    /// Lower process limit of the last segment.
    pub(crate) lcl: Option<f64>,
    /// Upper process limit of the last segment.
    pub(crate) ucl: Option<f64>,
    /// Every point.
    pub(crate) points: Vec<SpcPoint>,
    /// The latest point's variation icon.
    pub(crate) variation: Variation,
    /// The assurance icon; `null` without a target or for neutral polarity.
    pub(crate) assurance: Option<Assurance>,
}

/// Options as NHSRplotthedots' `ptd_spc`: `fix_after_n_points`, `rebase`, `screen_outliers`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpcOptions {
    /// Fix the limits on the first N points of each segment.
    pub(crate) fix_after: Option<usize>,
    /// Periods at which a new segment (with its own limits) starts.
    pub(crate) rebase: Vec<Period>,
    /// Whether to leave out moving ranges of 3.267 × the mean or more (default on).
    pub(crate) no_screening: bool,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn sign(x: f64) -> i32 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// Runs the XmR analysis on a series sorted by period. `None` for an empty series.
pub(crate) fn compute_spc(
    series: &[(Period, f64)],
    polarity: Polarity,
    target: Option<f64>,
    options: &SpcOptions,
) -> Option<Spc> {
    if series.is_empty() {
        return None;
    }
    // Segments start at the first point and at each rebase period present.
    let mut starts = vec![0];
    for (i, (p, _)) in series.iter().enumerate().skip(1) {
        if options.rebase.contains(p) {
            starts.push(i);
        }
    }
    starts.push(series.len());
    let mut points = Vec::with_capacity(series.len());
    for w in starts.windows(2) {
        points.extend(segment(&series[w[0]..w[1]], polarity, options));
    }
    let last = points.last()?.clone();
    let variation = match (last.kind, polarity) {
        (PointType::CommonCause, _) => Variation::CommonCause,
        (PointType::SpecialCauseNeutralHigh, _) => Variation::NeutralHigh,
        (PointType::SpecialCauseNeutralLow, _) => Variation::NeutralLow,
        (PointType::SpecialCauseImprovement, Polarity::HigherIsBetter) => Variation::ImprovementHigh,
        (PointType::SpecialCauseImprovement, _) => Variation::ImprovementLow,
        (PointType::SpecialCauseConcern, Polarity::HigherIsBetter) => Variation::ConcernLow,
        (PointType::SpecialCauseConcern, _) => Variation::ConcernHigh,
    };
    let assurance = match (target, last.lcl, last.ucl, polarity) {
        (_, _, _, Polarity::Neutral) => None,
        (Some(t), Some(lcl), Some(ucl), _) => {
            let increasing = polarity == Polarity::HigherIsBetter;
            Some(if t > ucl {
                if increasing {
                    Assurance::ConsistentFail
                } else {
                    Assurance::ConsistentPass
                }
            } else if t < lcl {
                if increasing {
                    Assurance::ConsistentPass
                } else {
                    Assurance::ConsistentFail
                }
            } else {
                Assurance::Inconsistent
            })
        }
        _ => None,
    };
    Some(Spc { mean: last.mean, lcl: last.lcl, ucl: last.ucl, points, variation, assurance })
}

/// One segment between rebases: limits, then the four rules in priority order.
fn segment(series: &[(Period, f64)], polarity: Polarity, options: &SpcOptions) -> Vec<SpcPoint> {
    let y: Vec<f64> = series.iter().map(|(_, v)| *v).collect();
    let n = y.len();
    let fixed = &y[..options.fix_after.unwrap_or(n).clamp(1, n)];
    let centre = mean(fixed.iter().copied()).unwrap_or(0.0);
    let ranges: Vec<f64> = fixed.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let amr = mean(ranges.iter().copied()).map(|amr| {
        if options.no_screening {
            return amr;
        }
        // Screen once: keep moving ranges strictly below 3.267 × the mean moving range.
        mean(ranges.iter().copied().filter(|r| *r < SCREEN * amr)).unwrap_or(f64::NAN)
    });
    let amr = amr.filter(|a| a.is_finite());
    let limits = amr.map(|a| {
        (
            centre - LIMIT * a,
            centre + LIMIT * a,
            centre - 2.0 * LIMIT / 3.0 * a,
            centre + 2.0 * LIMIT / 3.0 * a,
        )
    });

    let relative: Vec<i32> = y.iter().map(|v| sign(v - centre)).collect();
    let outside: Vec<bool> = y.iter().map(|v| limits.is_some_and(|(l, u, _, _)| *v > u || *v < l)).collect();
    let close: Vec<bool> = y
        .iter()
        .zip(&outside)
        .map(|(v, out)| !out && limits.is_some_and(|(_, _, nl, nu)| *v < nl || *v > nu))
        .collect();

    let trend = part_of_seven(&seven_point_trend(&y));
    let two_in_three = part_of_two_in_three(&close, &relative);
    let shift = part_of_seven(&seven_one_side(&relative));

    // Direction of a trend point: the step to the right if the next point is in
    // the trend too, else the step from the left (R: `sdy` in ptd_special_cause_type).
    let steps: Vec<i32> = y.windows(2).map(|w| sign(w[1] - w[0])).collect();
    let direction = |i: usize| -> i32 {
        if trend[i] && i + 1 < n && trend[i + 1] {
            steps[i]
        } else if i > 0 {
            steps[i - 1]
        } else {
            0
        }
    };
    let side = |i: usize| if relative[i] > 0 { 1 } else { -1 };
    series
        .iter()
        .enumerate()
        .map(|(i, (period, value))| {
            // Priority as NHSRplotthedots' case_when: limits, trend, 2 in 3, shift.
            let v = if outside[i] {
                if relative[i] == 1 {
                    1
                } else {
                    -1
                }
            } else if trend[i] {
                if direction(i) == 1 {
                    1
                } else {
                    -1
                }
            } else if two_in_three[i] || shift[i] {
                side(i)
            } else {
                0
            };
            SpcPoint {
                period: *period,
                value: *value,
                kind: point_type(v, polarity),
                mean: centre,
                lcl: limits.map(|l| l.0),
                ucl: limits.map(|l| l.1),
            }
        })
        .collect()
}

fn point_type(v: i32, polarity: Polarity) -> PointType {
    match (polarity, v) {
        (_, 0) => PointType::CommonCause,
        (Polarity::Neutral, v) if v > 0 => PointType::SpecialCauseNeutralHigh,
        (Polarity::Neutral, _) => PointType::SpecialCauseNeutralLow,
        (p, v) if (v as f64) * p.sign() > 0.0 => PointType::SpecialCauseImprovement,
        _ => PointType::SpecialCauseConcern,
    }
}

/// +1 / −1 at the last point of every run of 7 strictly increasing / decreasing points.
fn seven_point_trend(y: &[f64]) -> Vec<i32> {
    (0..y.len())
        .map(|i| {
            if i < 6 {
                return 0;
            }
            let steps: Vec<i32> = (i - 5..=i).map(|j| sign(y[j] - y[j - 1])).collect();
            if steps.iter().all(|s| *s == 1) {
                1
            } else if steps.iter().all(|s| *s == -1) {
                -1
            } else {
                0
            }
        })
        .collect()
}

/// Nonzero at the last point of every run of 7 points on one side of the mean.
fn seven_one_side(relative: &[i32]) -> Vec<i32> {
    (0..relative.len())
        .map(|i| {
            if i < 6 || relative[i] == 0 {
                return 0;
            }
            i32::from((i - 6..i).all(|j| relative[j] == relative[i]))
        })
        .collect()
}

/// Marks every point of a run whose last point is flagged in `ends`.
fn part_of_seven(ends: &[i32]) -> Vec<bool> {
    (0..ends.len()).map(|i| (i..(i + 7).min(ends.len())).any(|j| ends[j] != 0)).collect()
}

/// Points beyond two sigma that belong to a window of three with at least two
/// beyond two sigma, all three on the same side of the mean.
fn part_of_two_in_three(close: &[bool], relative: &[i32]) -> Vec<bool> {
    let n = close.len();
    let at = |j: isize| -> (i32, i32) {
        if j < 0 || j as usize >= n {
            (0, 0)
        } else {
            (i32::from(close[j as usize]), relative[j as usize])
        }
    };
    (0..n)
        .map(|i| {
            let i = i as isize;
            let window = |start: isize| {
                let (c, r) = (start..start + 3).map(at).fold((0, 0), |(c, r), (a, b)| (c + a, r + b));
                c >= 2 && r.abs() == 3
            };
            close[i as usize] && (window(i - 2) || window(i - 1) || window(i))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assurance_keys_are_the_serialised_names() {
        for v in [Assurance::ConsistentPass, Assurance::ConsistentFail, Assurance::Inconsistent] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
        }
    }

    #[test]
    fn variation_keys_are_the_serialised_names() {
        for v in [
            Variation::CommonCause,
            Variation::ImprovementHigh,
            Variation::ImprovementLow,
            Variation::ConcernLow,
            Variation::ConcernHigh,
            Variation::NeutralHigh,
            Variation::NeutralLow,
        ] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.key());
        }
    }
    use PointType::*;
    use Polarity::*;

    fn run(values: &[f64], polarity: Polarity, target: Option<f64>) -> Spc {
        let series: Vec<(Period, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (Period::Month { year: 2020 + i as i32 / 12, month: i as u32 % 12 + 1 }, *v))
            .collect();
        compute_spc(&series, polarity, target, &SpcOptions::default()).unwrap()
    }

    fn kinds(spc: &Spc) -> Vec<PointType> {
        spc.points.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn limits_use_the_screened_mean_moving_range() {
        // Moving ranges 1,1,1,1,1,1,1,1,1,20: mean 2.8; 20 ≥ 3.267 × 2.8 is screened out, leaving mean 1.
        let mut values = vec![10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0];
        values.push(31.0);
        let spc = run(&values, HigherIsBetter, None);
        let centre = values.iter().sum::<f64>() / 11.0;
        assert!((spc.mean - centre).abs() < 1e-12);
        assert!((spc.ucl.unwrap() - (centre + 2.66)).abs() < 1e-12);
        assert!((spc.lcl.unwrap() - (centre - 2.66)).abs() < 1e-12);
        assert_eq!(spc.points[10].kind, SpecialCauseImprovement, "31 is above the upper limit");
        assert_eq!(spc.variation, Variation::ImprovementHigh);
    }

    #[test]
    fn seven_point_trend_flags_every_point_of_the_run() {
        // Wide limits (mean moving range 3.05), so only the trend rule can fire.
        let values = [2.0, 9.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 2.0, 9.0, 3.0];
        let k = kinds(&run(&values, LowerIsBetter, None));
        assert!(k[2..=8].iter().all(|t| *t == SpecialCauseConcern), "{k:?}");
        assert!(k[..2].iter().chain(&k[9..]).all(|t| *t == CommonCause), "{k:?}");
        // A tie breaks a trend.
        let tied = [2.0, 9.0, 4.0, 4.5, 5.0, 5.0, 5.5, 6.0, 6.5, 2.0, 9.0, 3.0];
        let k = kinds(&run(&tied, LowerIsBetter, None));
        assert!(k.iter().all(|t| *t == CommonCause), "{k:?}");
    }

    #[test]
    fn shift_of_seven_on_one_side_and_a_point_on_the_mean_breaks_it() {
        // Mean 5, limits 5 ± 3.07: seven points below, then seven above.
        let values = [3.5, 4.5, 3.5, 4.5, 3.5, 4.5, 3.5, 6.5, 5.5, 6.5, 5.5, 6.5, 5.5, 6.5];
        let spc = run(&values, Neutral, None);
        assert!((spc.mean - 5.0).abs() < 1e-12);
        let k = kinds(&spc);
        assert!(k[..7].iter().all(|t| *t == SpecialCauseNeutralLow), "{k:?}");
        assert!(k[7..].iter().all(|t| *t == SpecialCauseNeutralHigh), "{k:?}");
        // A point exactly on the mean breaks each run of seven.
        let broken = [3.5, 4.5, 3.5, 5.0, 3.5, 4.5, 3.5, 6.5, 5.5, 6.5, 5.0, 6.5, 5.5, 6.5];
        let spc = run(&broken, Neutral, None);
        assert!((spc.mean - 5.0).abs() < 1e-12);
        assert!(kinds(&spc).iter().all(|t| *t == CommonCause), "{:?}", kinds(&spc));
    }

    #[test]
    fn two_in_three_flags_only_the_points_beyond_two_sigma() {
        // Mean 12.04, 2σ line 16.77, upper limit 19.13: 17 and 17 are beyond 2σ, 12.5 is not.
        let mut values = vec![10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0];
        values.extend([17.0, 12.5, 17.0]);
        let spc = run(&values, HigherIsBetter, None);
        let (m, u) = (spc.mean, spc.ucl.unwrap());
        let two_sigma = m + 2.0 * (u - m) / 3.0;
        assert!(17.0 > two_sigma && 17.0 < u && 12.5 < two_sigma && 12.5 > m, "{m} {two_sigma} {u}");
        let k = kinds(&spc);
        assert_eq!(&k[10..], &[SpecialCauseImprovement, CommonCause, SpecialCauseImprovement], "{k:?}");
        // The ten points before all lie below the raised mean: a shift, flagged as concern.
        assert!(k[..10].iter().all(|t| *t == SpecialCauseConcern), "{k:?}");
    }

    #[test]
    fn short_and_flat_series_have_no_limits() {
        let one = run(&[5.0], HigherIsBetter, Some(4.0));
        assert!(one.lcl.is_none() && one.ucl.is_none());
        assert_eq!(one.assurance, None);
        assert_eq!(one.variation, Variation::CommonCause);
        // Zero variation: every moving range is 0, none is below 3.267 × 0, so NHSRplotthedots' limits are NaN.
        let flat = run(&[5.0; 12], HigherIsBetter, Some(4.0));
        assert!(flat.ucl.is_none());
        assert!(kinds(&flat).iter().all(|t| *t == CommonCause));
        assert!(serde_json::to_string(&flat).unwrap().contains("\"ucl\":null"));
    }

    #[test]
    fn assurance_compares_the_target_with_the_limits_strictly() {
        let values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0];
        let spc = run(&values, HigherIsBetter, Some(0.0));
        let (l, u) = (spc.lcl.unwrap(), spc.ucl.unwrap());
        let at = |t: f64, p: Polarity| run(&values, p, Some(t)).assurance;
        assert_eq!(at(l - 0.01, HigherIsBetter), Some(Assurance::ConsistentPass));
        assert_eq!(at(u + 0.01, HigherIsBetter), Some(Assurance::ConsistentFail));
        assert_eq!(at(u, HigherIsBetter), Some(Assurance::Inconsistent), "a target exactly on a limit");
        assert_eq!(at(l, HigherIsBetter), Some(Assurance::Inconsistent));
        assert_eq!(at(u + 0.01, LowerIsBetter), Some(Assurance::ConsistentPass));
        assert_eq!(at(u + 0.01, Neutral), None);
    }

    #[test]
    fn rebase_and_fixed_baseline_change_the_limits() {
        let series: Vec<(Period, f64)> = (0..12)
            .map(|i| {
                (
                    Period::Month { year: 2020, month: i + 1 },
                    if i < 6 { 10.0 + (i % 2) as f64 } else { 20.0 + (i % 2) as f64 },
                )
            })
            .collect();
        let rebased = compute_spc(
            &series,
            HigherIsBetter,
            None,
            &SpcOptions { rebase: vec![series[6].0], ..Default::default() },
        )
        .unwrap();
        assert!((rebased.points[0].mean - 10.5).abs() < 1e-12);
        assert!((rebased.mean - 20.5).abs() < 1e-12);
        let fixed = compute_spc(
            &series,
            HigherIsBetter,
            None,
            &SpcOptions { fix_after: Some(6), ..Default::default() },
        )
        .unwrap();
        assert!((fixed.mean - 10.5).abs() < 1e-12);
        assert_eq!(fixed.points[11].kind, SpecialCauseImprovement);
    }

    #[test]
    fn limits_match_nhsrplotthedots_own_snapshot() {
        // tests/testthat/test-ptd_spc_standard.R: set.seed(123); y = rnorm(20), with
        // snapshots in _snaps/ptd_spc_standard.md (mean, lpl, upl to 7 significant figures).
        let mut y = vec![
            -0.56047565,
            -0.23017749,
            1.55870831,
            0.07050839,
            0.12928774,
            1.71506499,
            0.46091621,
            -1.26506123,
            -0.68685285,
            -0.44566197,
            1.22408180,
            0.35981383,
            0.40077145,
            0.11068272,
            -0.55584113,
            1.78691314,
            0.49785048,
            -1.96661716,
            0.70135590,
            -0.47279141,
        ];
        let limits = |y: &[f64], no_screening: bool| {
            let series: Vec<(Period, f64)> =
                y.iter().enumerate().map(|(i, v)| (Period::Year(2000 + i as i32), *v)).collect();
            let spc = compute_spc(&series, Neutral, None, &SpcOptions { no_screening, ..Default::default() })
                .unwrap();
            (spc.mean, spc.lcl.unwrap(), spc.ucl.unwrap())
        };
        let near = |a: f64, b: f64| (a - b).abs() < 5e-6;
        let (m, l, u) = limits(&y, false);
        assert!(near(m, 0.1416238) && near(l, -3.01138) && near(u, 3.294627), "{m} {l} {u}");
        y[14] = 10.0;
        let (m, l, u) = limits(&y, false);
        assert!(near(m, 0.6694159) && near(l, -2.383666) && near(u, 3.722497), "{m} {l} {u}");
        let (m, l, u) = limits(&y, true);
        assert!(near(m, 0.6694159) && near(l, -4.596625) && near(u, 5.935457), "{m} {l} {u}");
    }

    #[test]
    fn rule_helpers_match_nhsrplotthedots_tests() {
        // tests/testthat/test-ptd_calculate_point_type.R, ported case by case.
        let mut v = vec![1; 8];
        v.push(-1);
        assert_eq!(seven_one_side(&v), vec![0, 0, 0, 0, 0, 0, 1, 1, 0]);
        let mut v = vec![1; 6];
        v.push(-1);
        assert_eq!(seven_one_side(&v), vec![0; 7]);
        assert_eq!(part_of_seven(&[0, 0, 0, 0, 0, 0, 1, 0]), [vec![true; 7], vec![false]].concat());
        assert_eq!(
            part_of_seven(&[0, 0, 0, 0, 0, 0, 0, -1, 0]),
            [vec![false], vec![true; 7], vec![false]].concat()
        );
        assert_eq!(seven_point_trend(&[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]), vec![0; 7]);
        assert_eq!(seven_point_trend(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]), vec![0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(
            seven_point_trend(&[2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 3.0]),
            vec![0, 0, 0, 0, 0, 0, 0, 1, 0]
        );
        assert_eq!(
            seven_point_trend(&[2.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 3.0]),
            vec![0, 0, 0, 0, 0, 0, 0, -1, 0]
        );
        // ptd_two_in_three then ptd_part_of_two_in_three: only the close points of a qualifying window.
        let close = |v: &[i32]| v.iter().map(|c| *c == 1).collect::<Vec<_>>();
        assert_eq!(part_of_two_in_three(&close(&[1, 0, 1]), &[1, 1, 1]), vec![true, false, true]);
        assert_eq!(
            part_of_two_in_three(&close(&[0, 0, 1, 0, 1, 0, 0]), &[1; 7]),
            close(&[0, 0, 1, 0, 1, 0, 0])
        );
        assert_eq!(part_of_two_in_three(&close(&[1, 0, 1]), &[1, -1, 1]), vec![false; 3]);
    }
}
