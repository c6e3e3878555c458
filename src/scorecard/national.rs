//! The national table for analysts: every local authority × indicator, with
//! its latest value, rank, quartile, benchmark against England, neighbour
//! average and SPC variation, from the same computation as each scorecard.

use serde::Serialize;

use super::batch::Authority;
use super::metrics::ci::Benchmark;
use super::metrics::rank::Quartile;
use super::metrics::spc::{Assurance, Variation};
use super::metrics::{compute_for, Prepared, Scope, Settings};
use super::model::indicator::{Polarity, Unit};
use super::model::Dataset;
use crate::core::period::Period;
use crate::core::rag::Rag;
use crate::render::csv::neutralise;

/// Every authority's figures for every indicator.
#[derive(Debug, Serialize)]
pub(crate) struct NationalTable {
    /// The report period.
    pub(crate) period: Option<Period>,
    /// Confidence level of the intervals.
    pub(crate) confidence: f64,
    /// How many authorities the table covers.
    pub(crate) authorities: usize,
    /// One row per authority and indicator, by authority code then indicator file order.
    pub(crate) rows: Vec<NationalRow>,
}

/// One authority's figures for one indicator.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NationalRow {
    /// Area code.
    pub(crate) area: String,
    /// Area name.
    pub(crate) area_name: String,
    /// Indicator id.
    pub(crate) indicator: String,
    /// Indicator name.
    pub(crate) name: String,
    /// Unit.
    pub(crate) unit: Unit,
    /// Which way is good.
    pub(crate) polarity: Polarity,
    /// Period of the latest value.
    pub(crate) latest_period: Option<Period>,
    /// The latest value.
    pub(crate) latest_value: Option<f64>,
    /// RAG rating against the target.
    pub(crate) rag: Rag,
    /// National rank, 1 best.
    pub(crate) rank: Option<u32>,
    /// Authorities ranked.
    pub(crate) rank_of: Option<u32>,
    /// Quartile band, A best.
    pub(crate) quartile: Option<Quartile>,
    /// Mean of the authority's statistical neighbours.
    pub(crate) sn_average: Option<f64>,
    /// England's value.
    pub(crate) england: Option<f64>,
    /// Lower confidence limit.
    pub(crate) ci_lower: Option<f64>,
    /// Upper confidence limit.
    pub(crate) ci_upper: Option<f64>,
    /// The interval against England.
    pub(crate) benchmark: Benchmark,
    /// SPC variation of the latest point.
    pub(crate) spc_variation: Option<Variation>,
    /// SPC assurance against the target.
    pub(crate) spc_assurance: Option<Assurance>,
}

/// Computes the table, each authority on its own core.
pub(crate) fn national_table(
    data: &Dataset,
    authorities: &[Authority],
    settings: &Settings,
) -> NationalTable {
    let prepared = Prepared::new(data);
    let per_authority = crate::core::parallel::map(authorities, |a| {
        let scope = Scope {
            home: &a.code,
            neighbours: a.neighbours.iter().map(String::as_str).collect(),
            sn_average: None,
        };
        let metrics = compute_for(data, &prepared, &scope, settings);
        metrics
            .indicators
            .into_iter()
            .map(|m| {
                let latest = m.latest.as_ref();
                NationalRow {
                    area: a.code.clone(),
                    area_name: a.name.clone(),
                    indicator: m.id.clone(),
                    name: m.name.clone(),
                    unit: m.unit,
                    polarity: m.polarity,
                    latest_period: latest.map(|l| l.period),
                    latest_value: latest.map(|l| l.value),
                    rag: m.rag,
                    rank: m.rank,
                    rank_of: m.rank_of,
                    quartile: m.quartile,
                    sn_average: m.neighbours.average,
                    england: m.england,
                    ci_lower: latest.and_then(|l| l.ci_lower),
                    ci_upper: latest.and_then(|l| l.ci_upper),
                    benchmark: m.benchmark,
                    spc_variation: m.spc.as_ref().map(|s| s.variation),
                    spc_assurance: m.spc.as_ref().and_then(|s| s.assurance),
                }
            })
            .collect::<Vec<_>>()
    });
    NationalTable {
        period: prepared.report(),
        confidence: settings.confidence,
        authorities: authorities.len(),
        rows: per_authority.into_iter().flatten().collect(),
    }
}

/// The table's rows as CSV, texts safe to open in Excel.
pub(crate) fn to_csv(table: &NationalTable) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &table.rows {
        let mut row = row.clone();
        for text in [&mut row.area, &mut row.area_name, &mut row.indicator, &mut row.name] {
            *text = neutralise(text);
        }
        w.serialize(row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
