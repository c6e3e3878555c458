//! Reads the areas table and the statistical-neighbour table.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

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
    Column {
        name: "neighbours",
        synonyms: &["statistical neighbours", "neighbour codes", "sn codes"],
        required: false,
    },
];

/// Reads the areas file: the areas, and the neighbours its `neighbours`
/// column gives each area (codes in rank order, separated by `;`, `,`, `|` or spaces).
pub(crate) fn read(ws: &Workspace, file: &str, diags: &mut Diagnostics) -> (Vec<Area>, NeighbourLists) {
    let table = match read_grid(&ws.resolve(file), &ws.display(file), "Areas")
        .and_then(|g| Table::from_grid(g, AREA_COLUMNS))
    {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (Vec::new(), NeighbourLists::default());
        }
    };
    let mut lists = NeighbourLists::default();
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
        let listed = table.get(cells, 3).text();
        let mut neighbours: Vec<String> = Vec::new();
        for neighbour in listed.split(|c: char| c == ';' || c == '|' || c == ',' || c.is_whitespace()) {
            if neighbour.is_empty() || neighbours.iter().any(|n| n == neighbour) {
                continue;
            }
            if neighbour == code {
                diags.error(Some(table.origin_of(*row, 3)), format!("{code} is listed as its own neighbour"));
                continue;
            }
            neighbours.push(neighbour.to_string());
        }
        if !neighbours.is_empty() {
            lists.insert(code.clone(), neighbours);
        }
        areas.push(Area { name: if name.is_empty() { code.clone() } else { name }, code, role });
    }
    (areas, lists)
}

/// Marks the home area's neighbours from the areas file's neighbours column,
/// unless the areas file gives some the role neighbour.
pub(crate) fn apply_column_neighbours(home: &str, lists: &NeighbourLists, areas: &mut Vec<Area>) {
    if areas.iter().any(|a| a.role == Role::Neighbour) {
        return;
    }
    for code in lists.get(home).into_iter().flatten() {
        mark_neighbour(areas, code.clone(), code.clone());
    }
}

/// Gives area `code` the role neighbour, adding it (as `name`) if the areas
/// file lacks it; an area with another role than `la` keeps it.
fn mark_neighbour(areas: &mut Vec<Area>, code: String, name: String) {
    match areas.iter_mut().find(|a| a.code == code) {
        Some(a) if a.role == Role::La => a.role = Role::Neighbour,
        Some(_) => {}
        None => areas.push(Area { code, name, role: Role::Neighbour }),
    }
}

const NEIGHBOUR_COLUMNS: &[Column] = &[
    Column { name: "area", synonyms: &["la code", "la_code", "code"], required: true },
    Column { name: "neighbour", synonyms: &["neighbour code", "neighbor", "sn code"], required: true },
    Column { name: "rank", synonyms: &["neighbour rank", "order"], required: false },
];

/// Every area's statistical neighbours, in rank order.
pub(crate) type NeighbourLists = FxHashMap<String, Vec<String>>;

/// Checks every row of a neighbours table and marks the home area's
/// neighbours from it, unless the areas file already names neighbours: its
/// choice wins, and a warning says so. Returns every area's neighbours, for
/// scorecards of each area.
pub(crate) fn apply_neighbours(
    ws: &Workspace,
    file: &str,
    home: &str,
    areas: &mut Vec<Area>,
    diags: &mut Diagnostics,
) -> NeighbourLists {
    let table = match read_grid(&ws.resolve(file), &ws.display(file), "Neighbours")
        .and_then(|g| Table::from_grid(g, NEIGHBOUR_COLUMNS))
    {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return NeighbourLists::default();
        }
    };
    let lists = neighbour_lists(&table);
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
        return lists;
    }
    if !table.rows.iter().any(|(_, cells)| table.get(cells, 0).text() == home) {
        diags.warning(Some(table.origin.clone()), format!("has no neighbours for the home area {home}"));
    }
    for (row, cells) in &table.rows {
        if table.get(cells, 0).text() != home {
            continue;
        }
        let code = table.get(cells, 1).text();
        if code.is_empty() {
            diags.error(Some(table.origin_of(*row, 1)), "neighbour has no code");
        } else {
            mark_neighbour(areas, code.clone(), code);
        }
    }
    lists
}

/// The neighbours of every area of a neighbours table, by rank (rows without
/// a rank keep their order, after the ranked).
fn neighbour_lists(table: &Table) -> NeighbourLists {
    let mut ranked: FxHashMap<String, Vec<(u32, usize, String)>> = FxHashMap::default();
    for (i, (_, cells)) in table.rows.iter().enumerate() {
        let (area, neighbour) = (table.get(cells, 0).text(), table.get(cells, 1).text());
        if area.is_empty() || neighbour.is_empty() || area == neighbour {
            continue;
        }
        let rank = table.get(cells, 2).text().parse::<u32>().unwrap_or(u32::MAX);
        ranked.entry(area).or_default().push((rank, i, neighbour));
    }
    ranked
        .into_iter()
        .map(|(area, mut list)| {
            list.sort();
            list.dedup_by(|a, b| a.2 == b.2);
            (area, list.into_iter().map(|(_, _, n)| n).collect())
        })
        .collect()
}

/// The DfE children's services statistical-neighbour table (May 2025, Open
/// Government Licence), shipped in `data/` and embedded.
static DFE_NEIGHBOURS: &str = include_str!("../../../data/dfe_statistical_neighbours.csv");

/// An area's DfE statistical neighbours, in rank order: its name in the
/// table, and each neighbour's code and name. `None` if the table does not
/// have the area (by its current or its old code).
pub(crate) fn dfe_neighbours(area: &str) -> Option<(String, Vec<(String, String)>)> {
    let mut reader = csv::Reader::from_reader(DFE_NEIGHBOURS.as_bytes());
    // The area's name, and each neighbour's rank, code and name.
    type Found = (String, Vec<(u32, String, String)>);
    let mut found: Option<Found> = None;
    // Columns: la_code, la_name, old_code, neighbour_rank, neighbour_code, neighbour_name.
    for record in reader.records().flatten() {
        if record.get(0) != Some(area) && record.get(2) != Some(area) {
            continue;
        }
        let entry = found.get_or_insert_with(|| (record.get(1).unwrap_or(area).to_string(), Vec::new()));
        let rank = record.get(3).and_then(|r| r.trim().parse().ok()).unwrap_or(u32::MAX);
        if let (Some(code), Some(name)) = (record.get(4), record.get(5)) {
            entry.1.push((rank, code.to_string(), name.to_string()));
        }
    }
    found.map(|(name, mut list)| {
        list.sort();
        (name, list.into_iter().map(|(_, code, name)| (code, name)).collect())
    })
}

/// When the workspace names no neighbours, marks the home LA's ten DfE
/// statistical neighbours. Returns the home LA's name in the table, if it is there.
pub(crate) fn apply_dfe_neighbours(home: &str, areas: &mut Vec<Area>) -> Option<String> {
    if areas.iter().any(|a| a.role == Role::Neighbour) {
        return None;
    }
    let (home_name, neighbours) = dfe_neighbours(home)?;
    for (code, name) in neighbours {
        mark_neighbour(areas, code, name);
    }
    Some(home_name)
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
