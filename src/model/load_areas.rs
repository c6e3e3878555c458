//! Reads the areas table and the statistical-neighbour table.

use std::collections::HashMap;

use super::area::{Area, Role};
use super::config::Workspace;
use crate::diag::Diagnostics;
use crate::ingest::{read_grid, Column, Table};

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
pub fn read(ws: &Workspace, file: &str, diags: &mut Diagnostics) -> Vec<Area> {
    let table = match read_grid(&ws.resolve(file), &ws.display(file), "Areas")
        .and_then(|g| Table::from_grid(g, AREA_COLUMNS))
    {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let mut areas: Vec<Area> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (row, cells) in &table.rows {
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
        areas.push(Area { name: if name.is_empty() { code.clone() } else { name }, code, role });
    }
    areas
}

const NEIGHBOUR_COLUMNS: &[Column] = &[
    Column { name: "area", synonyms: &["la code", "la_code", "code"], required: true },
    Column { name: "neighbour", synonyms: &["neighbour code", "neighbor", "sn code"], required: true },
    Column { name: "rank", synonyms: &["neighbour rank", "order"], required: false },
];

/// Marks the home area's neighbours from a neighbours table, unless the areas
/// file already names neighbours (its choice wins).
pub fn apply_neighbours(
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
    if areas.iter().any(|a| a.role == Role::Neighbour) {
        return;
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
