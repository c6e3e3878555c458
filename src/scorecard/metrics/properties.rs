//! Properties of the metrics over random workspaces, read from CSV files as
//! a council's would be: whatever the data, no figure is NaN or infinite, the
//! RAG rating agrees with the value as printed, ranks lie within 1..=rank_of,
//! a neighbour average lies within its neighbours' values, and the order of
//! the rows changes nothing.

use proptest::prelude::*;

use crate::core::period::Period;
use crate::core::rag::Rag;
use crate::scorecard::format::format_value;
use crate::scorecard::metrics::{compute, Metrics, Settings};
use crate::scorecard::model::area::Role;
use crate::scorecard::model::indicator::Polarity;
use crate::scorecard::model::Dataset;

/// One random indicator: unit, polarity, decimals, target gap and amber gap.
#[derive(Debug, Clone)]
struct Spec {
    unit: &'static str,
    polarity: &'static str,
    decimals: u32,
    target: Option<(f64, Option<f64>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec!["percent", "rate", "count", "score"]),
        prop::sample::select(vec!["higher_is_better", "lower_is_better", "neutral"]),
        0u32..3,
        prop::option::of((0.0f64..100.0, prop::option::of(0.1f64..30.0))),
    )
        .prop_map(|(unit, polarity, decimals, target)| Spec { unit, polarity, decimals, target })
}

/// A workspace: `las` authorities (the first home, the next few its
/// neighbours), England, the indicators, and per indicator, authority and
/// month a value or a suppression code.
fn workspace() -> impl Strategy<Value = (usize, usize, Vec<Spec>, Vec<Option<f64>>)> {
    (3usize..14, 1usize..13, prop::collection::vec(spec(), 1..4)).prop_flat_map(|(las, months, specs)| {
        let n = specs.len() * (las + 1) * months;
        let cell = prop::option::weighted(0.85, 0.0f64..100.0);
        (Just(las), Just(months), Just(specs), prop::collection::vec(cell, n))
    })
}

fn write(dir: &std::path::Path, las: usize, months: usize, specs: &[Spec], cells: &[Option<f64>]) {
    let neighbours = (las - 1).min(4);
    let mut areas = String::from("code,name,role\n");
    for a in 0..las {
        let role = match a {
            0 => "home",
            a if a <= neighbours => "neighbour",
            _ => "la",
        };
        areas += &format!("A{a},Area {a},{role}\n");
    }
    areas += "ENG,England,england\n";
    let mut indicators = String::from("id,name,unit,polarity,frequency,target,amber_threshold,decimals\n");
    for (i, s) in specs.iter().enumerate() {
        let sign = match s.polarity {
            "higher_is_better" => 1.0,
            "lower_is_better" => -1.0,
            _ => 0.0,
        };
        // Only a rated indicator has a target; its amber threshold lies on the worse side.
        let (target, amber) = match (s.target, sign != 0.0) {
            (Some((t, amber)), true) => {
                (format!("{t}"), amber.map(|g| format!("{}", t - sign * g)).unwrap_or_default())
            }
            _ => (String::new(), String::new()),
        };
        indicators += &format!(
            "I{i},Indicator {i},{},{},monthly,{target},{amber},{}\n",
            s.unit, s.polarity, s.decimals
        );
    }
    let mut observations = String::from("indicator,area,period,value\n");
    let mut cells = cells.iter();
    for i in 0..specs.len() {
        for a in 0..=las {
            let area = if a == las { "ENG".to_string() } else { format!("A{a}") };
            for m in 0..months {
                // The home area always has its first month: without a value anywhere it is an error.
                let value = cells.next().copied().flatten().or((a == 0 && m == 0).then_some(50.0));
                let value = value.map_or("x".to_string(), |v| format!("{v}"));
                observations += &format!("I{i},{area},2024-{:02},{value}\n", m + 1);
            }
        }
    }
    let toml = "[scorecard]\nhome = \"A0\"\n\n[data]\nindicators = \"i.csv\"\nobservations = \"o.csv\"\nareas = \"a.csv\"\n";
    for (name, text) in
        [("scorecard.toml", toml), ("a.csv", &areas), ("i.csv", &indicators), ("o.csv", &observations)]
    {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The number a printed value shows ("1,234.5%" → 1234.5, "−3" → -3).
fn printed(text: &str) -> f64 {
    text.replace([',', '%'], "").replace('−', "-").parse().unwrap()
}

/// The neighbours' values of indicator `index` for `period`, from the data.
fn neighbour_values(data: &Dataset, index: usize, period: Period) -> Vec<f64> {
    let neighbours = data.areas_with(Role::Neighbour);
    data.observations
        .iter()
        .filter(|o| o.indicator() == index && o.period == period && neighbours.contains(&&*o.area))
        .filter_map(|o| o.value())
        .collect()
}

fn check(data: &Dataset, metrics: &Metrics) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(metrics).unwrap();
    prop_assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
    for (index, m) in metrics.indicators.iter().enumerate() {
        let numbers = [
            m.latest.as_ref().map(|l| l.value),
            m.latest.as_ref().and_then(|l| l.ci_lower),
            m.latest.as_ref().and_then(|l| l.ci_upper),
            m.change,
            m.neighbours.average,
            m.england,
            m.spc.as_ref().map(|s| s.mean),
            m.spc.as_ref().and_then(|s| s.lcl),
            m.spc.as_ref().and_then(|s| s.ucl),
        ];
        let history = m.history.iter().flat_map(|h| [h.value, h.neighbours, h.england]);
        for v in numbers.into_iter().chain(history).flatten() {
            prop_assert!(v.is_finite(), "{}: {v}", m.id);
        }
        // RAG as a reader would judge it from the printed value and target.
        let expected = match (m.latest.as_ref(), m.target, m.polarity) {
            (Some(l), Some(target), Polarity::HigherIsBetter | Polarity::LowerIsBetter) => {
                let sign = if m.polarity == Polarity::HigherIsBetter { 1.0 } else { -1.0 };
                let shown = printed(&format_value(l.value, m.unit, m.decimals));
                if sign * (shown - target) >= 0.0 {
                    Rag::Green
                } else if m.amber_threshold.is_some_and(|a| sign * (shown - a) >= 0.0) {
                    Rag::Amber
                } else {
                    Rag::Red
                }
            }
            _ => Rag::None,
        };
        prop_assert_eq!(m.rag, expected, "{}", m.id);
        if let (Some(rank), Some(of)) = (m.rank, m.rank_of) {
            prop_assert!((1..=of).contains(&rank), "{}: {rank} of {of}", m.id);
        }
        prop_assert_eq!(m.rank.is_some(), m.rank_of.is_some());
        if let (Some(average), Some(l)) = (m.neighbours.average, m.latest.as_ref()) {
            let values = neighbour_values(data, index, l.period);
            prop_assert_eq!(Some(values.len()), m.neighbours.count, "{}", m.id);
            let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
            prop_assert!(
                lo - 1e-9 <= average && average <= hi + 1e-9,
                "{}: {average} outside {lo}..{hi}",
                m.id
            );
        }
    }
    Ok(())
}

proptest! {
    // No regressions file written into the source tree: a failure prints its case.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn metrics_hold_whatever_the_data((las, months, specs, cells) in workspace()) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), las, months, &specs, &cells);
        let (data, diags) = crate::scorecard::model::load(dir.path(), None);
        prop_assert!(!diags.has_errors(), "{:?}", diags.sorted());
        let data = data.unwrap();
        let metrics = compute(&data, &Settings::default());
        check(&data, &metrics)?;
        // The same rows month by month rather than area by area, so that
        // each row's neighbours are of other areas: the same metrics.
        let path = dir.path().join("o.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let (header, rows) = text.split_once('\n').unwrap();
        let mut rows: Vec<&str> = rows.lines().collect();
        rows.sort_by_key(|row| row.split(',').nth(2).unwrap_or_default().to_string());
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        let (shuffled, _) = crate::scorecard::model::load(dir.path(), None);
        let again = compute(shuffled.as_ref().unwrap(), &Settings::default());
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), serde_json::to_string(&metrics).unwrap());
    }
}
