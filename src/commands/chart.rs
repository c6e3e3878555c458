//! `scorecard chart`: one indicator's trend or SPC chart as SVG or PNG.

use anyhow::{bail, Context};

use crate::cli::{ChartArgs, ChartKind};
use crate::commands::{load_valid, refuse_overwriting_workspace, Outcome};
use crate::core::output::{write_atomic, Format};
use crate::render::chart::{
    draw_spc, draw_trend, spc_legend, svg_to_png, trend_legend, with_title_and_legend,
};
use crate::render::world::FONT_FILES;
use crate::render::RenderError;
use crate::scorecard::metrics::{compute, Settings};
use crate::scorecard::view::{spc_data, trend_data};

/// Draws the chart and writes it in the format the file name asks for.
pub(crate) fn run(args: &ChartArgs) -> anyhow::Result<Outcome> {
    let format = Format::of(&args.out, &[Format::Svg, Format::Png], "the chart")?;
    let (data, _) = match load_valid(&args.workspace, args.period.as_deref()) {
        Ok(d) => d,
        Err(outcome) => return Ok(outcome),
    };
    refuse_overwriting_workspace(&args.out, &data)?;
    let metrics = compute(&data, &Settings::default());
    let Some(m) = metrics.indicators.iter().find(|m| m.id == args.indicator) else {
        let ids: Vec<&str> = metrics.indicators.iter().map(|m| m.id.as_str()).collect();
        bail!(
            "no indicator \"{}\" in {} (indicators: {})",
            args.indicator,
            args.workspace.display(),
            ids.join(", ")
        );
    };
    let (chart, legend) = match args.kind {
        ChartKind::Trend => {
            let data = trend_data(m);
            (draw_trend(&data).map_err(RenderError::Chart)?, trend_legend(&data, &metrics.home_name))
        }
        ChartKind::Spc => {
            let spc = m.spc.as_ref().with_context(|| format!("indicator {} has no values to chart", m.id))?;
            let data = spc_data(m, spc);
            (draw_spc(&data).map_err(RenderError::Chart)?, spc_legend(&data))
        }
    };
    let title = format!("{}: {}", m.id, m.name);
    let svg = with_title_and_legend(&chart, &title, &legend);
    let bytes = if format == Format::Png {
        svg_to_png(&svg, FONT_FILES, 2.0).map_err(RenderError::Chart)?
    } else {
        svg.into_bytes()
    };
    write_atomic(&args.out, &bytes)?;
    eprintln!("wrote {} ({} KB)", args.out.display(), bytes.len().div_ceil(1024));
    Ok(Outcome::Success)
}
