//! The metrics as CSV: one row per indicator, the JSON contract's fields flattened.

use crate::render::csv::neutralise;
use crate::scorecard::metrics::Metrics;

/// The CSV columns, in order.
const HEADER: &[&str] = &[
    "id",
    "name",
    "group",
    "unit",
    "polarity",
    "latest_period",
    "latest_value",
    "numerator",
    "denominator",
    "previous_period",
    "previous_value",
    "change",
    "direction",
    "target",
    "rag",
    "sn_average",
    "sn_count",
    "england",
    "benchmark",
    "rank",
    "rank_of",
    "quartile",
    "ci_lower",
    "ci_upper",
    "spc_mean",
    "spc_lcl",
    "spc_ucl",
    "spc_variation",
    "spc_assurance",
];

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Serialises the metrics as CSV bytes.
pub(crate) fn metrics_to_csv(metrics: &Metrics) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for m in &metrics.indicators {
        let latest = m.latest.as_ref();
        w.write_record([
            neutralise(&m.id),
            neutralise(&m.name),
            neutralise(m.group.as_deref().unwrap_or("")),
            m.unit.key().to_string(),
            m.polarity.key().to_string(),
            latest.map(|l| l.period.label()).unwrap_or_default(),
            num(latest.map(|l| l.value)),
            num(latest.and_then(|l| l.numerator)),
            num(latest.and_then(|l| l.denominator)),
            m.previous.as_ref().map(|p| p.period.label()).unwrap_or_default(),
            num(m.previous.as_ref().map(|p| p.value)),
            num(m.change),
            m.direction.key().to_string(),
            num(m.target),
            m.rag.key().to_string(),
            num(m.neighbours.average),
            m.neighbours.count.map(|c| c.to_string()).unwrap_or_default(),
            num(m.england),
            m.benchmark.key().to_string(),
            m.rank.map(|r| r.to_string()).unwrap_or_default(),
            m.rank_of.map(|r| r.to_string()).unwrap_or_default(),
            m.quartile.map_or("", |q| q.key()).to_string(),
            num(latest.and_then(|l| l.ci_lower)),
            num(latest.and_then(|l| l.ci_upper)),
            num(m.spc.as_ref().map(|s| s.mean)),
            num(m.spc.as_ref().and_then(|s| s.lcl)),
            num(m.spc.as_ref().and_then(|s| s.ucl)),
            m.spc.as_ref().map_or("", |s| s.variation.key()).to_string(),
            m.spc.as_ref().and_then(|s| s.assurance).map_or("", |a| a.key()).to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
