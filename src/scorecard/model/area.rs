//! Areas: the home local authority, its statistical neighbours, England, regions and other LAs.

use serde::Serialize;

/// The part an area plays in a scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    /// The authority the scorecard is about.
    Home,
    /// One of its statistical neighbours.
    Neighbour,
    /// England as a whole.
    England,
    /// A region.
    Region,
    /// Any other local authority (used for national rank).
    La,
    /// A published statistical-neighbour average.
    SnAverage,
}

impl Role {
    /// Parses the role column.
    pub(crate) fn parse(text: &str) -> Result<Role, String> {
        let t: String = text.trim().to_lowercase().replace([' ', '-'], "_");
        Ok(match t.as_str() {
            "home" => Role::Home,
            "neighbour" | "neighbor" | "sn" | "statistical_neighbour" => Role::Neighbour,
            "england" | "national" => Role::England,
            "region" => Role::Region,
            "la" | "" | "other" => Role::La,
            "sn_average" | "sna" => Role::SnAverage,
            _ => {
                return Err(format!(
                    "role \"{}\" is not one of home, neighbour, england, region, la, sn_average",
                    text.trim()
                ))
            }
        })
    }
}

/// One area.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Area {
    /// The ONS code (E10000020) or any code the workspace uses.
    pub(crate) code: String,
    /// The name as printed.
    pub(crate) name: String,
    /// Its part in the scorecard.
    pub(crate) role: Role,
}
