//! The model: typed, validated indicators, areas and observations. Invalid
//! input is rejected here with a message naming its cell; nothing downstream
//! validates again.

pub(crate) mod area;
pub(crate) mod config;
pub(crate) mod consistency;
pub(crate) mod indicator;
pub(crate) mod load_areas;
mod load_indicators;
mod load_observations;
pub(crate) mod observation;

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::core::period::{self, Period};
use area::{Area, Role};
use config::Workspace;
use indicator::Indicator;
use observation::Observation;

use crate::core::diag::{Diagnostic, Diagnostics, Origin};

/// Everything a scorecard is made from, validated.
#[derive(Debug, Clone)]
pub(crate) struct Dataset {
    /// The workspace it was read from.
    pub(crate) workspace: Workspace,
    /// Document title.
    pub(crate) title: String,
    /// The council.
    pub(crate) organisation: String,
    /// The code of the home area.
    pub(crate) home: String,
    /// The report period given in the toml or on the command line, if any.
    pub(crate) period: Option<Period>,
    /// Indicators in file order.
    pub(crate) indicators: Vec<Indicator>,
    /// Areas with their roles; the home area is always present.
    pub(crate) areas: Vec<Area>,
    /// Every observation read, suppressed ones included.
    pub(crate) observations: Vec<Observation>,
    /// Every area's statistical neighbours as the workspace lists them.
    pub(crate) neighbour_lists: NeighbourSources,
    /// England and region values outside the range of the local authorities' values.
    pub(crate) out_of_range: Vec<consistency::OutOfRange>,
    /// Remarks for the document's notes (e.g. how a file was interpreted).
    pub(crate) notes: Vec<String>,
}

/// Every area's statistical neighbours as the workspace lists them: in the
/// areas file's neighbours column, or in a neighbours file.
#[derive(Debug, Clone, Default)]
pub(crate) struct NeighbourSources {
    /// From the areas file's `neighbours` column.
    pub(crate) column: load_areas::NeighbourLists,
    /// From the workspace's neighbours file.
    pub(crate) file: load_areas::NeighbourLists,
}

impl Dataset {
    /// The name of an area, or its code if it has none.
    pub(crate) fn area_name(&self, code: &str) -> String {
        self.areas.iter().find(|a| a.code == code).map_or(code.to_string(), |a| a.name.clone())
    }

    /// Codes of the areas with `role`.
    pub(crate) fn areas_with(&self, role: Role) -> Vec<&str> {
        self.areas.iter().filter(|a| a.role == role).map(|a| a.code.as_str()).collect()
    }
}

/// Reads and validates a workspace. Returns the dataset (if it could be read at
/// all) and every problem found; the dataset is only fit to use when there are no errors.
pub(crate) fn load(path: &Path, period_override: Option<&str>) -> (Option<Dataset>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let workspace = match Workspace::open(path, &mut diags) {
        Ok(ws) => ws,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let cfg = workspace.config.clone();
    let toml_origin = Some(Origin::file(workspace.display("scorecard.toml")));

    let indicators = load_indicators::read(&workspace, &cfg.data.indicators, &mut diags);
    let areas_given = cfg.data.areas.is_some();
    let (mut areas, column_lists) = match &cfg.data.areas {
        Some(file) => load_areas::read(&workspace, file, &mut diags),
        None => Default::default(),
    };

    let home = resolve_home(cfg.scorecard.home.as_deref(), &mut areas, areas_given, &toml_origin, &mut diags);
    load_areas::apply_column_neighbours(&home, &column_lists, &mut areas);
    let file_lists = match &cfg.data.neighbours {
        Some(file) => load_areas::apply_neighbours(&workspace, file, &home, &mut areas, &mut diags),
        None => load_areas::NeighbourLists::default(),
    };
    // An area's list in the areas file wins over the neighbours file's.
    let neighbour_lists = NeighbourSources { column: column_lists, file: file_lists };
    let mut notes = Vec::new();
    if let Some(name) = load_areas::apply_dfe_neighbours(&home, &mut areas) {
        notes.push(format!(
            "Statistical neighbours: the workspace names none, so {name}'s ten neighbours in the DfE children's services statistical neighbour table (May 2025) are used."
        ));
    }

    let period = report_period(period_override, cfg.scorecard.period.as_deref(), &toml_origin, &mut diags);
    // A period after the one the toml names is a typo (2041 for 2014); one after
    // a period chosen on the command line is an older report being remade.
    let future_limit = if period_override.is_none() { period } else { None };

    let mut observations = Vec::new();
    let files = cfg.data.observations.list();
    if files.is_empty() {
        diags.error(toml_origin.clone(), "observations = []: name at least one observations file");
    }
    let mut seen = load_observations::Seen::knowing(areas.iter().map(|a| a.code.as_str()));
    for file in &files {
        load_observations::read(
            &workspace,
            file,
            &load_observations::Context { indicators: &indicators, home: &home, future_limit },
            &mut seen,
            &mut observations,
            &mut notes,
            &mut diags,
        );
    }

    let sources = seen.sources;
    load_observations::drop_duplicates(&mut observations, &indicators, &sources, &mut diags);
    // Two passes over every observation that need nothing of each other: side by side.
    let ((), out_of_range) = rayon::join(
        || {
            check_coverage(
                &indicators,
                &areas,
                &observations,
                &sources,
                &home,
                areas_given,
                &files,
                &workspace,
                &mut diags,
            )
        },
        || consistency::averages_out_of_range(&indicators, &areas, &observations),
    );
    for found in &out_of_range {
        let name = areas.iter().find(|a| *a.code == *found.area).map_or(&*found.area, |a| a.name.as_str());
        let origin = observations[found.observation].origin(&sources);
        diags.warning(origin, found.words(&indicators[found.indicator], name));
    }
    if let Some(p) = period {
        let origin = if period_override.is_some() { None } else { toml_origin.clone() };
        check_report_period(p, &indicators, &observations, &home, origin, &mut diags);
    }

    for (what, text) in [("title", &cfg.scorecard.title), ("organisation", &cfg.scorecard.organisation)] {
        if let Some(text) = text {
            crate::render::world::report_undrawable(text, toml_origin.clone(), what, &mut diags);
            if let Some(origin) = &toml_origin {
                let what = format!("the {what}");
                crate::ingest::check_length(
                    text,
                    crate::ingest::MAX_LABEL_CHARS,
                    &what,
                    origin.clone(),
                    &mut diags,
                );
            }
        }
    }
    let dataset = Dataset {
        title: cfg.scorecard.title.clone().unwrap_or_else(|| "Performance Scorecard".to_string()),
        organisation: cfg.scorecard.organisation.clone().unwrap_or_default(),
        workspace,
        home,
        period,
        indicators,
        areas,
        observations,
        neighbour_lists,
        out_of_range,
        notes,
    };
    (Some(dataset), diags)
}

/// A report period after all the data is an error (2041 typed for 2014: the
/// report would be titled 2041 over 2014's figures); an indicator with no
/// home value for a period of the report period's kind is a warning.
fn check_report_period(
    period: Period,
    indicators: &[Indicator],
    observations: &[Observation],
    home: &str,
    origin: Option<Origin>,
    diags: &mut Diagnostics,
) {
    let with_values = observations.iter().filter(|o| o.value().is_some());
    let Some(latest) = with_values.clone().map(|o| o.period).max_by_key(|p| p.end()) else { return };
    if period.start() > latest.end() {
        diags.error(
            origin,
            format!(
                "report period {} is after all the data (the latest is {})",
                period.label(),
                latest.label()
            ),
        );
        return;
    }
    let kind = std::mem::discriminant(&period);
    let mut at_home: Vec<Vec<Period>> = vec![Vec::new(); indicators.len()];
    for o in with_values.filter(|o| *o.area == *home) {
        if let Some(periods) = at_home.get_mut(o.indicator()) {
            periods.push(o.period);
        }
    }
    for (indicator, home_values) in indicators.iter().zip(at_home) {
        let same_kind = home_values.iter().any(|p| std::mem::discriminant(p) == kind);
        if same_kind && !home_values.contains(&period) {
            let before = home_values.iter().filter(|p| p.end() <= period.end()).max();
            let latest = before.map_or(String::new(), |p| format!("; the report shows {}", p.label()));
            diags.warning(
                origin.clone(),
                format!(
                    "indicator {} has no value for the report period {}{latest}",
                    indicator.id,
                    period.label()
                ),
            );
        }
    }
}

/// The home area: from the toml, else the area whose role is home. The area
/// list then has exactly one home, added if the areas file lacks it.
fn resolve_home(
    configured: Option<&str>,
    areas: &mut Vec<Area>,
    areas_given: bool,
    toml_origin: &Option<Origin>,
    diags: &mut Diagnostics,
) -> String {
    let home_from_areas: Vec<String> =
        areas.iter().filter(|a| a.role == Role::Home).map(|a| a.code.clone()).collect();
    let home = match (configured, home_from_areas.first()) {
        (Some(h), _) if !h.trim().is_empty() => h.trim().to_string(),
        (_, Some(h)) => h.clone(),
        (_, None) => {
            diags.error(
                toml_origin.clone(),
                "no home area: set `home = \"<area code>\"` under [scorecard] or give one area the role home",
            );
            String::new()
        }
    };
    if !home.is_empty() {
        if home_from_areas.iter().any(|h| *h != home) {
            diags.warning(
                toml_origin.clone(),
                format!(
                    "home is {home} but the areas file marks {} as home; using {home}",
                    home_from_areas.join(", ")
                ),
            );
        }
        match areas.iter_mut().find(|a| a.code == home) {
            Some(a) => a.role = Role::Home,
            None => {
                if areas_given {
                    diags.warning(toml_origin.clone(), format!("home area {home} is not in the areas file"));
                }
                areas.push(Area { code: home.clone(), name: home.clone(), role: Role::Home });
            }
        }
        for a in areas.iter_mut().filter(|a| a.role == Role::Home && a.code != home) {
            a.role = Role::La;
        }
    }
    home
}

/// The report period given on the command line or in the toml, if any.
fn report_period(
    period_override: Option<&str>,
    configured: Option<&str>,
    toml_origin: &Option<Origin>,
    diags: &mut Diagnostics,
) -> Option<Period> {
    let period_text = period_override.or(configured);
    match period_text {
        Some(text) => match period::parse_period(text, None) {
            Ok(p) => Some(p),
            Err(e) => {
                let origin = if period_override.is_some() { None } else { toml_origin.clone() };
                diags.error(origin, e);
                None
            }
        },
        None => None,
    }
}

/// Whole-workspace checks: the home area has data, every neighbour has some,
/// observations name known areas.
#[allow(clippy::too_many_arguments)]
fn check_coverage(
    indicators: &[Indicator],
    areas: &[Area],
    observations: &[Observation],
    sources: &[Origin],
    home: &str,
    areas_given: bool,
    files: &[String],
    workspace: &Workspace,
    diags: &mut Diagnostics,
) {
    // One pass over the observations, which may number a million. An area's
    // observations share its code, so the code's address stands for it.
    let mut with_value: FxHashSet<*const u8> = FxHashSet::default();
    let mut indicators_at_home: FxHashSet<usize> = FxHashSet::default();
    let mut first_of_area: FxHashMap<*const u8, &Observation> = FxHashMap::default();
    for o in observations {
        let address = o.area.as_ptr();
        if o.value().is_some() {
            with_value.insert(address);
            if *o.area == *home {
                indicators_at_home.insert(o.indicator());
            }
        }
        first_of_area.entry(address).or_insert(o);
    }
    let areas_with_value: FxHashSet<&str> =
        first_of_area.values().filter(|o| with_value.contains(&o.area.as_ptr())).map(|o| &*o.area).collect();
    let first_of_area: FxHashMap<&str, &Observation> =
        first_of_area.into_values().map(|o| (&*o.area, o)).collect();
    let obs_origin = files.first().map(|f| Origin::file(workspace.display(f)));
    if !home.is_empty() && !indicators.is_empty() && !areas_with_value.contains(home) {
        diags.error(obs_origin.clone(), format!("home area {home} has no observations with a value"));
    }
    for area in areas.iter().filter(|a| a.role == Role::Neighbour) {
        if !areas_with_value.contains(area.code.as_str()) {
            diags.warning(
                obs_origin.clone(),
                format!("statistical neighbour {} ({}) has no data", area.name, area.code),
            );
        }
    }
    if !home.is_empty() {
        for (_, ind) in indicators.iter().enumerate().filter(|(i, _)| !indicators_at_home.contains(i)) {
            diags.warning(obs_origin.clone(), format!("indicator {} has no value for the home area", ind.id));
        }
    }
    if areas_given {
        let known: FxHashSet<&str> = areas.iter().map(|a| a.code.as_str()).collect();
        let mut unknown: Vec<&Observation> =
            first_of_area.iter().filter(|(a, _)| !known.contains(*a)).map(|(_, o)| *o).collect();
        unknown.sort_by_key(|o| (o.source, o.cell));
        for o in unknown {
            diags.push(Diagnostic::warning(
                o.origin(sources),
                format!(
                    "area {} is not in the areas file; its values are only shown if it is the home area",
                    o.area
                ),
            ));
        }
    }
}
