//! Reads the areas table and the statistical-neighbour table.

use std::collections::HashMap;

use super::area::{Area, Role};
use super::config::Workspace;
use crate::core::diag::Diagnostics;
use crate::ingest::{check_length, read_grid, Column, Table, MAX_LABEL_CHARS};
use crate::render::world::report_undrawable;

const AREA_COLUMNS: &[Column] = &[
    Column {
        name: "code",
        synonyms: &["area", "area code", "la code", "ons code", "new la code"],
        required: true,
    },
    Column { name: "name", synonyms: &["area name", "la name", "authority"], required: false },
    Column { name: "role", synonyms: &["type", "area type"], required: false },
];

/// Reads the areas file.
pub(crate) fn read(ws: &Workspace, file: &str, diags: &mut Diagnostics) -> Vec<Area> {
    let table = match read_grid(&ws.resolve(file), &ws.display(file), "Areas")
        .and_then(|g| Table::from_grid(g, AREA_COLUMNS))
    {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    diags.extend(table.notes.iter().cloned());
    let mut areas: Vec<Area> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (row, cells) in &table.rows {
        if let Some(error) = table.get(cells, 0).excel_error() {
            let message = format!(
                "Excel error {error} where an area code was expected: the formula that filled it failed"
            );
            diags.error(Some(table.origin_of(*row, 0)), message);
            continue;
        }
        let code = table.get(cells, 0).text();
        if code.is_empty() {
            diags.error(Some(table.origin_of(*row, 0)), "area has no code");
            continue;
        }
        if let Some(first) = seen.insert(code.clone(), *row) {
            diags.error(
                Some(table.origin_of(*row, 0)),
                format!("area {code} is also listed on row {}", first + 1),
            );
            continue;
        }
        let role = match Role::parse(&table.get(cells, 2).text()) {
            Ok(r) => r,
            Err(e) => {
                diags.error(Some(table.origin_of(*row, 2)), e);
                continue;
            }
        };
        let name = table.get(cells, 1).text();
        report_undrawable(&name, Some(table.origin_of(*row, 1)), &format!("area {code}: name"), diags);
        check_length(
            &name,
            MAX_LABEL_CHARS,
            &format!("area {code}: the name"),
            table.origin_of(*row, 1),
            diags,
        );
        areas.push(Area { name: if name.is_empty() { code.clone() } else { name }, code, role });
    }
    areas
}

const NEIGHBOUR_COLUMNS: &[Column] = &[
    Column { name: "area", synonyms: &["la code", "la_code", "code"], required: true },
    Column { name: "neighbour", synonyms: &["neighbour code", "neighbor", "sn code"], required: true },
    Column { name: "rank", synonyms: &["neighbour rank", "order"], required: false },
];

/// Checks every row of a neighbours table and marks the home area's
/// neighbours from it, unless the areas file already names neighbours: its
/// choice wins, and a warning says so.
pub(crate) fn apply_neighbours(
    ws: &Workspace,
    file: &str,
    home: &str,
    areas: &mut Vec<Area>,
    diags: &mut Diagnostics,
) {
    let table = match read_grid(&ws.resolve(file), &ws.display(file), "Neighbours")
        .and_then(|g| Table::from_grid(g, NEIGHBOUR_COLUMNS))
    {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    diags.extend(table.notes.iter().cloned());
    // Every row is checked, whether or not it is the home area's.
    let mut pairs: std::collections::HashMap<(String, String), u32> = std::collections::HashMap::new();
    for (row, cells) in &table.rows {
        let (area, neighbour) = (table.get(cells, 0).text(), table.get(cells, 1).text());
        if area.is_empty() {
            diags.error(Some(table.origin_of(*row, 0)), "row has no area code");
        }
        if !area.is_empty() && area == neighbour {
            diags.error(Some(table.origin_of(*row, 1)), format!("{area} is listed as its own neighbour"));
        }
        let rank = table.get(cells, 2).text();
        if !rank.is_empty() && !rank.parse::<u32>().is_ok_and(|r| (1..=150).contains(&r)) {
            diags.error(
                Some(table.origin_of(*row, 2)),
                format!("rank \"{rank}\" is not a whole number from 1"),
            );
        }
        if let Some(first) = pairs.insert((area.clone(), neighbour.clone()), *row) {
            let message = format!("{area}'s neighbour {neighbour} is also on row {}", first + 1);
            diags.error(Some(table.origin_of(*row, 1)), message);
        }
    }
    if areas.iter().any(|a| a.role == Role::Neighbour) {
        // Both name them: the areas file wins; say so if they differ.
        let mut given: Vec<&str> =
            areas.iter().filter(|a| a.role == Role::Neighbour).map(|a| a.code.as_str()).collect();
        let mut listed: Vec<String> = table
            .rows
            .iter()
            .filter(|(_, cells)| table.get(cells, 0).text() == home)
            .map(|(_, cells)| table.get(cells, 1).text())
            .collect();
        given.sort_unstable();
        listed.sort_unstable();
        if !listed.is_empty() && given != listed.iter().map(String::as_str).collect::<Vec<_>>() {
            diags.warning(
                Some(table.origin.clone()),
                format!(
                    "names other neighbours for {home} than the areas file does; the areas file's are used"
                ),
            );
        }
        return;
    }
    if !table.rows.iter().any(|(_, cells)| table.get(cells, 0).text() == home) {
        diags.warning(Some(table.origin.clone()), format!("has no neighbours for the home area {home}"));
    }
    for (row, cells) in &table.rows {
        if table.get(cells, 0).text() != home {
            continue;
        }
        let code = table.get(cells, 1).text();
        match areas.iter_mut().find(|a| a.code == code) {
            Some(a) if a.role == Role::La => a.role = Role::Neighbour,
            Some(_) => {}
            None if !code.is_empty() => areas.push(Area { name: code.clone(), code, role: Role::Neighbour }),
            None => diags.error(Some(table.origin_of(*row, 1)), "neighbour has no code"),
        }
    }
}

/// The DfE children's services statistical-neighbour table (May 2025, Open
/// Government Licence), shipped in `data/` and embedded.
static DFE_NEIGHBOURS: &str = include_str!("../../../data/dfe_statistical_neighbours.csv");

/// When the workspace names no neighbours, marks the home LA's ten DfE
/// statistical neighbours. Returns the home LA's name in the table, if it is there.
pub(crate) fn apply_dfe_neighbours(home: &str, areas: &mut Vec<Area>) -> Option<String> {
    if areas.iter().any(|a| a.role == Role::Neighbour) {
        return None;
    }
    let mut reader = csv::Reader::from_reader(DFE_NEIGHBOURS.as_bytes());
    let mut home_name = None;
    // Columns: la_code, la_name, old_code, neighbour_rank, neighbour_code, neighbour_name.
    for record in reader.records().flatten() {
        if record.get(0) != Some(home) && record.get(2) != Some(home) {
            continue;
        }
        home_name = record.get(1).map(str::to_string);
        let (Some(code), Some(name)) = (record.get(4), record.get(5)) else { continue };
        match areas.iter_mut().find(|a| a.code == code) {
            Some(a) if a.role == Role::La => a.role = Role::Neighbour,
            Some(_) => {}
            None => {
                areas.push(Area { code: code.to_string(), name: name.to_string(), role: Role::Neighbour })
            }
        }
    }
    home_name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dfe_table_gives_norfolk_its_ten_neighbours() {
        let mut areas = vec![Area { code: "E10000029".into(), name: "Suffolk".into(), role: Role::La }];
        assert_eq!(apply_dfe_neighbours("E10000020", &mut areas).as_deref(), Some("Norfolk"));
        assert_eq!(areas.iter().filter(|a| a.role == Role::Neighbour).count(), 10);
        assert!(areas.iter().any(|a| a.name == "Suffolk" && a.role == Role::Neighbour));
        let mut none = vec![];
        assert_eq!(apply_dfe_neighbours("X", &mut none), None);
        assert!(none.is_empty());
    }
}
