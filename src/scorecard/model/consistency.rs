//! National consistency: an average can never lie outside the range of the
//! values it averages. England's value, and a region's, must lie within the
//! range of the local authorities' values for the same period; one outside it
//! is a slip in the source (the DfE's own LAIT data has one).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::area::{Area, Role};
use super::indicator::{Indicator, Unit};
use super::observation::Observation;
use crate::core::period::Period;
use crate::core::round::round_half_away;
use crate::scorecard::format::format_value;

/// How many local authorities must have a value for a period before their
/// range stands for the country's: England has 153. With only a scorecard's
/// home and neighbours, England may rightly lie outside their range.
pub(crate) const MIN_AUTHORITIES: usize = 100;

/// An England or region value outside the range of the local authorities' values of its period.
#[derive(Debug, Clone)]
pub(crate) struct OutOfRange {
    /// Index of the indicator.
    pub(crate) indicator: usize,
    /// The averaging area (England or a region).
    pub(crate) area: Arc<str>,
    /// The period.
    pub(crate) period: Period,
    /// Its value.
    pub(crate) value: f64,
    /// The lowest local authority value of the period.
    pub(crate) min: f64,
    /// The highest.
    pub(crate) max: f64,
    /// How many local authorities have a value.
    pub(crate) count: usize,
    /// Index of the observation, for its cell.
    pub(crate) observation: usize,
}

impl OutOfRange {
    /// The words of the warning: what lies where, and why it cannot.
    pub(crate) fn words(&self, indicator: &Indicator, area_name: &str) -> String {
        let show = |v: f64| format_value(v, indicator.unit, indicator.decimals);
        format!(
            "{area_name}'s {} for {} is {}, outside the range of all {} local authorities' values ({} to {}): an average cannot lie outside the values it averages; check the source",
            indicator.id,
            self.period.label(),
            show(self.value),
            self.count,
            show(self.min),
            show(self.max)
        )
    }
}

/// Every England or region value of a percent or rate indicator that lies
/// outside the range of the local authorities' values of its period, where
/// at least [`MIN_AUTHORITIES`] have one.
pub(crate) fn averages_out_of_range(
    indicators: &[Indicator],
    areas: &[Area],
    observations: &[Observation],
) -> Vec<OutOfRange> {
    let roles: FxHashMap<&str, Role> = areas.iter().map(|a| (a.code.as_str(), a.role)).collect();
    // An area's observations share its code, so its address stands for it.
    let mut role_at: FxHashMap<*const u8, Option<Role>> = FxHashMap::default();
    let mut ranges: FxHashMap<(usize, Period), (f64, f64, usize)> = FxHashMap::default();
    let mut averages: Vec<usize> = Vec::new();
    let mut last: Option<(*const u8, Option<Role>)> = None;
    for (i, o) in observations.iter().enumerate() {
        let Some(value) = o.value() else { continue };
        if !matches!(indicators.get(o.indicator()).map(|ind| ind.unit), Some(Unit::Percent | Unit::Rate)) {
            continue;
        }
        // A file's rows come area by area: each run's role is looked up once.
        let role = match last {
            Some((at, role)) if at == o.area.as_ptr() => role,
            _ => *role_at.entry(o.area.as_ptr()).or_insert_with(|| roles.get(&*o.area).copied()),
        };
        last = Some((o.area.as_ptr(), role));
        match role {
            Some(Role::Home | Role::Neighbour | Role::La) => {
                let range = ranges.entry((o.indicator(), o.period)).or_insert((value, value, 0));
                range.0 = range.0.min(value);
                range.1 = range.1.max(value);
                range.2 += 1;
            }
            Some(Role::England | Role::Region) => averages.push(i),
            _ => {}
        }
    }
    averages
        .into_iter()
        .filter_map(|i| {
            let o = &observations[i];
            let value = o.value()?;
            let &(min, max, count) = ranges.get(&(o.indicator(), o.period))?;
            // Compared as printed: a value that equals the extreme at its
            // printed precision is not outside it, and the words must not
            // say "23.9%, outside 23.9% to 48.1%".
            let printed = |v: f64| round_half_away(v, indicators[o.indicator()].decimals);
            let outside = printed(value) < printed(min) || printed(value) > printed(max);
            (count >= MIN_AUTHORITIES && outside).then(|| OutOfRange {
                indicator: o.indicator(),
                area: o.area.clone(),
                period: o.period,
                value,
                min,
                max,
                count,
                observation: i,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::model::indicator::Polarity;
    use crate::scorecard::model::observation::Figures;

    fn rate() -> Indicator {
        Indicator {
            id: "FTE".into(),
            name: "First time entrants".into(),
            group: None,
            unit: Unit::Rate,
            polarity: Polarity::LowerIsBetter,
            frequency: None,
            target: None,
            amber_threshold: None,
            decimals: 1,
            multiplier: Some(100_000.0),
            owner: None,
            notes: None,
            spc_baseline: None,
            spc_rebase: Vec::new(),
            extra: Default::default(),
        }
    }

    fn world(authorities: usize, england: f64) -> (Vec<Area>, Vec<Observation>) {
        let mut areas: Vec<Area> = (0..authorities)
            .map(|i| Area { code: format!("LA{i}"), name: format!("LA {i}"), role: Role::La })
            .collect();
        areas.push(Area { code: "ENG".into(), name: "England".into(), role: Role::England });
        let observation = |area: &str, value: f64| {
            let figures = Figures { value: Some(value), missing: None, numerator: None, denominator: None };
            Observation::new(0, Arc::from(area), Period::Year(2024), figures, None, (0, (0, 0)))
        };
        let mut observations: Vec<Observation> =
            (0..authorities).map(|i| observation(&format!("LA{i}"), 41.0 + i as f64 * 4.0)).collect();
        observations.push(observation("ENG", england));
        (areas, observations)
    }

    #[test]
    fn england_outside_every_authority_is_found() {
        // As in the DfE's LAIT data: England 1,258 per 100,000, every LA 41 to 637.
        let (areas, observations) = world(150, 1258.0);
        let found = averages_out_of_range(&[rate()], &areas, &observations);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].min, found[0].max, found[0].count), (41.0, 637.0, 150));
        let words = found[0].words(&rate(), "England");
        assert!(words.contains("1,258.0") && words.contains("41.0 to 637.0"), "{words}");
    }

    #[test]
    fn england_inside_the_range_or_too_few_authorities_is_not() {
        let (areas, observations) = world(150, 300.0);
        assert!(averages_out_of_range(&[rate()], &areas, &observations).is_empty());
        // A scorecard's eleven areas are not the country: England may rightly lie outside them.
        let (areas, observations) = world(11, 1258.0);
        assert!(averages_out_of_range(&[rate()], &areas, &observations).is_empty());
    }
}
