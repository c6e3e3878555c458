//! Scorecards of every local authority in a workspace's data: who they are,
//! whom each is compared with, and how each document is titled. The data is
//! read and arranged once; each authority is then a different view of it.

use rustc_hash::FxHashSet;

use super::model::area::Role;
use super::model::load_areas::dfe_neighbours;
use super::model::Dataset;

/// One local authority's scorecard, before it is computed.
#[derive(Debug, Clone)]
pub(crate) struct Authority {
    /// Its area code.
    pub(crate) code: String,
    /// Its name.
    pub(crate) name: String,
    /// Its statistical neighbours' codes, in rank order.
    pub(crate) neighbours: Vec<String>,
    /// Where the neighbours come from, in words for the index and the notes.
    pub(crate) neighbours_from: &'static str,
    /// What the index should say about this authority's scorecard.
    pub(crate) warnings: Vec<String>,
}

impl Authority {
    /// A file name for its scorecard, less the extension: the code and the
    /// name, in letters, digits and dashes only, whatever the spreadsheet held.
    pub(crate) fn file_stem(&self) -> String {
        let slug = |text: &str| -> String {
            let mut slug = String::new();
            for c in text.chars() {
                if c.is_ascii_alphanumeric() {
                    slug.push(c.to_ascii_lowercase());
                } else if !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            slug.trim_matches('-').chars().take(60).collect()
        };
        let (code, name) = (slug(&self.code), slug(&self.name));
        match (code.is_empty(), name.is_empty() || name == code) {
            (true, _) => format!("area-{name}"),
            (false, true) => code,
            (false, false) => format!("{code}-{name}"),
        }
    }

    /// The scorecard's notes: the workspace's own, but for whom the home
    /// area is compared with, and this authority's neighbours by name.
    pub(crate) fn notes(&self, data: &Dataset) -> Vec<String> {
        let mut notes: Vec<String> =
            data.notes.iter().filter(|n| !n.starts_with("Statistical neighbours")).cloned().collect();
        if self.neighbours.is_empty() {
            notes.push(format!(
                "Statistical neighbours: none found for {}, so no neighbour average is shown.",
                self.name
            ));
        } else {
            let names: Vec<String> = self.neighbours.iter().map(|code| neighbour_name(data, code)).collect();
            notes.push(format!("Statistical neighbours ({}): {}.", self.neighbours_from, names.join(", ")));
        }
        notes
    }

    /// The document's title and organisation: the workspace's, with the home
    /// area's name replaced by this authority's where it appears.
    pub(crate) fn title_and_organisation(&self, data: &Dataset) -> (String, String) {
        let home_name = data.area_name(&data.home);
        if self.code == data.home || home_name.is_empty() {
            return (data.title.clone(), data.organisation.clone());
        }
        let retitle = |text: &str| text.replace(&home_name, &self.name);
        let organisation = if data.organisation.contains(&home_name) {
            retitle(&data.organisation)
        } else {
            self.name.clone()
        };
        (retitle(&data.title), organisation)
    }
}

/// The name of a neighbour: from the areas file, else its code.
fn neighbour_name(data: &Dataset, code: &str) -> String {
    match data.areas.iter().find(|a| a.code == code) {
        Some(a) => a.name.clone(),
        None => code.to_string(),
    }
}

/// Every local authority of the data (the home area, its neighbours and the
/// other authorities of the areas file that have a value), in code order,
/// each with its statistical neighbours: the workspace's own for the home
/// area, else the areas file's neighbours column, else the workspace's
/// neighbours file, else the DfE table.
pub(crate) fn authorities(data: &Dataset) -> Vec<Authority> {
    let with_values: FxHashSet<&str> =
        data.observations.iter().filter(|o| o.value().is_some()).map(|o| &*o.area).collect();
    let mut authorities: Vec<Authority> = data
        .areas
        .iter()
        .filter(|a| matches!(a.role, Role::Home | Role::Neighbour | Role::La))
        .filter(|a| with_values.contains(a.code.as_str()))
        .map(|a| {
            let (neighbours, neighbours_from) = neighbours_of(data, &a.code);
            let mut warnings = Vec::new();
            let missing: Vec<&str> =
                neighbours.iter().filter(|n| !with_values.contains(n.as_str())).map(String::as_str).collect();
            if neighbours.is_empty() {
                warnings.push("no statistical neighbours found: no neighbour average".to_string());
            } else if !missing.is_empty() {
                warnings.push(format!("neighbours without data: {}", missing.join(" ")));
            }
            Authority { code: a.code.clone(), name: a.name.clone(), neighbours, neighbours_from, warnings }
        })
        .collect();
    authorities.sort_by(|a, b| a.code.cmp(&b.code));
    authorities
}

/// An authority's statistical neighbours and where they come from.
fn neighbours_of(data: &Dataset, code: &str) -> (Vec<String>, &'static str) {
    const COLUMN: &str = "the areas file's neighbours column";
    const FILE: &str = "the workspace's neighbours file";
    const DFE: &str = "DfE children's services statistical neighbours, May 2025";
    let lists = &data.neighbour_lists;
    let (listed, from) = match (lists.column.get(code), lists.file.get(code)) {
        (Some(list), _) => (Some(list.clone()), COLUMN),
        (None, Some(list)) => (Some(list.clone()), FILE),
        (None, None) => (None, FILE),
    };
    let dfe =
        || dfe_neighbours(code).map(|(_, list)| list.into_iter().map(|(code, _)| code).collect::<Vec<_>>());
    if code == data.home {
        // The home area's neighbours are the ones the load chose: the areas
        // file's, else the neighbours file's, else the DfE table's.
        let own: Vec<String> = data.areas_with(Role::Neighbour).into_iter().map(str::to_string).collect();
        let same = |list: &Vec<String>| {
            let (mut a, mut b) = (list.clone(), own.clone());
            a.sort();
            b.sort();
            a == b
        };
        if let Some(list) = listed.filter(same) {
            return (list, from);
        }
        if let Some(list) = dfe().filter(same) {
            return (list, DFE);
        }
        if !own.is_empty() {
            return (own, "as the areas file names them");
        }
        return (Vec::new(), "none found");
    }
    if let Some(list) = listed {
        return (list, from);
    }
    match dfe() {
        Some(list) => (list, DFE),
        None => (Vec::new(), "none found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_whatever_the_code() {
        let a = |code: &str, name: &str| Authority {
            code: code.into(),
            name: name.into(),
            neighbours: Vec::new(),
            neighbours_from: "",
            warnings: Vec::new(),
        };
        assert_eq!(a("E10000020", "Norfolk").file_stem(), "e10000020-norfolk");
        assert_eq!(
            a("E06000052", "Bath & North East Somerset").file_stem(),
            "e06000052-bath-north-east-somerset"
        );
        assert_eq!(a("../../etc", "/passwd").file_stem(), "etc-passwd");
        assert_eq!(a("X1", "X1").file_stem(), "x1");
        assert_eq!(a("", "Ynys Môn").file_stem(), "area-ynys-m-n");
    }
}
