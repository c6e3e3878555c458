#!/usr/bin/env python3
"""The spreadsheet pipeline scorecard is measured against: pandas + matplotlib
+ reportlab, as a council analyst would write it. It reads a scorecard
workspace (indicators.csv, areas.csv and observations as .csv or .xlsx),
computes the home authority's figures (latest, previous, neighbour average,
England, national rank and quartile, RAG, a 95% Wilson interval, SPC limits
from the moving range) and writes a PDF with what a scorecard page holds: a
summary table, then one page per indicator with its trend chart (the
authority, its neighbours' average, England, the target), its SPC chart
(mean, process limits, points beyond them marked), its headline figures and
the last eight periods' values. It does no validation.

    pandas_pipeline.py WORKSPACE OUT.pdf [--xlsx] [--metrics-only]

--xlsx reads data/observations.xlsx instead of the CSV; --metrics-only prints
the home authority's figures as JSON and draws nothing. Deterministic: no
randomness, fixed fonts (matplotlib's DejaVu, reportlab's Helvetica).
"""
import io
import json
import sys
import tomllib

import pandas as pd


def load(ws, xlsx):
    with open(f"{ws}/scorecard.toml", "rb") as f:
        cfg = tomllib.load(f)
    home = cfg["scorecard"]["home"]
    ind = pd.read_csv(f"{ws}/data/indicators.csv")
    areas = pd.read_csv(f"{ws}/data/areas.csv")
    if xlsx:
        obs = pd.read_excel(f"{ws}/data/observations.xlsx", sheet_name="Observations")
    else:
        obs = pd.read_csv(f"{ws}/data/observations.csv")
    return home, ind, areas, obs


def wilson(numerator, denominator, z=1.959964):
    """The 95% Wilson score interval of a proportion, in per cent."""
    if not (denominator > 0):
        return None
    p = numerator / denominator
    centre = (p + z * z / (2 * denominator)) / (1 + z * z / denominator)
    half = z * ((p * (1 - p) / denominator + z * z / (4 * denominator * denominator)) ** 0.5) / (1 + z * z / denominator)
    return 100 * (centre - half), 100 * (centre + half)


def spc(series):
    """XmR limits: the mean and mean +/- 2.66 times the mean moving range."""
    mean = series.mean()
    spread = 2.66 * series.diff().abs().mean()
    return mean, mean - spread, mean + spread


def figures(home, ind, areas, obs):
    roles = dict(zip(areas["code"], areas["role"]))
    neighbours = [c for c, r in roles.items() if r == "neighbour"]
    las = [c for c, r in roles.items() if r in ("home", "neighbour", "la")]
    england = next(c for c, r in roles.items() if r == "england")
    rows = []
    for _, i in ind.iterrows():
        o = obs[obs["indicator"] == i["id"]]
        wide = o.pivot_table(index="period", columns="area", values="value").sort_index()
        home_rows = o[o["area"] == home].set_index("period").sort_index()
        series = wide[home].dropna()
        latest_period = series.index[-1]
        latest = series.iloc[-1]
        previous = series.iloc[-2] if len(series) > 1 else None
        at = wide.loc[latest_period]
        sn = at[[c for c in neighbours if c in at.index]].mean()
        eng = at.get(england)
        values = at[[c for c in las if c in at.index]].dropna()
        higher = i["polarity"] != "lower_is_better"
        rank = int((values > latest).sum() + 1) if higher else int((values < latest).sum() + 1)
        quartile = "ABCD"[min(3, 4 * (rank - 1) // max(1, len(values)))]
        last = home_rows.loc[latest_period]
        interval = wilson(last["numerator"], last["denominator"]) if "numerator" in home_rows else None
        mean, lower, upper = spc(series)
        rag = "none"
        if i["polarity"] != "neutral" and pd.notna(i["target"]):
            shown = round(latest, int(i["decimals"]))
            sign = 1 if higher else -1
            if sign * (shown - i["target"]) >= 0:
                rag = "green"
            elif pd.notna(i["amber_threshold"]) and sign * (shown - i["amber_threshold"]) >= 0:
                rag = "amber"
            else:
                rag = "red"
        rows.append({
            "id": i["id"], "name": i["name"], "period": str(latest_period),
            "latest": float(latest), "previous": None if previous is None else float(previous),
            "sn_average": float(sn), "england": None if eng is None else float(eng),
            "rank": rank, "rank_of": int(len(values)), "quartile": quartile, "rag": rag,
            "baseline": float(series.iloc[0]), "baseline_period": str(series.index[0]),
            "target": None if pd.isna(i["target"]) else float(i["target"]),
            "interval": interval, "spc": {"mean": mean, "lower": lower, "upper": upper},
            "history": wide[[c for c in [home, england] if c in wide.columns]].assign(sn=wide[
                [c for c in neighbours if c in wide.columns]].mean(axis=1)),
        })
    return rows


def pdf(rows, home, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [Paragraph(f"Performance scorecard: {home}", styles["Title"])]
    fill = {"green": colors.lightgreen, "amber": colors.orange, "red": colors.salmon, "none": colors.white}
    data = [["Ref", "Indicator", "Latest", "Previous", "SN avg", "England", "Rank", "RAG"]]
    for r in rows:
        data.append([r["id"], Paragraph(r["name"], styles["BodyText"]), f"{r['latest']:.1f}",
                     "" if r["previous"] is None else f"{r['previous']:.1f}", f"{r['sn_average']:.1f}",
                     "" if r["england"] is None else f"{r['england']:.1f}",
                     f"{r['rank']} of {r['rank_of']}", r["rag"].upper()])
    table = Table(data, colWidths=[2 * cm, 9 * cm] + [2.2 * cm] * 6, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 8)]
    style += [("BACKGROUND", (7, n), (7, n), fill[r["rag"]]) for n, r in enumerate(rows, 1)]
    table.setStyle(TableStyle(style))
    story.append(table)

    def png(fig):
        data = io.BytesIO()
        fig.savefig(data, format="png", dpi=100, bbox_inches="tight")
        plt.close(fig)
        data.seek(0)
        return Image(data, width=15 * cm, height=5 * cm)

    def ticks(ax, h):
        ax.set_xticks(range(0, len(h), max(1, len(h) // 12)))
        ax.set_xticklabels([str(p) for p in h.index[:: max(1, len(h) // 12)]], rotation=45, fontsize=7)

    def number(v):
        return "" if v is None or pd.isna(v) else f"{v:.1f}"

    small = TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    for r in rows:
        story.append(PageBreak())
        story.append(Paragraph(f"{r['id']}: {r['name']}", styles["Heading2"]))
        h = r["history"]
        fig, ax = plt.subplots(figsize=(9, 3.2))
        for column, label in zip(h.columns, [home, "England", "SN average"]):
            ax.plot(range(len(h)), h[column].values, label=label)
        if r["target"] is not None:
            ax.axhline(r["target"], linestyle="--", color="grey", label="Target")
        ticks(ax, h)
        ax.legend(fontsize=7)
        trend = png(fig)
        fig, ax = plt.subplots(figsize=(9, 3.2))
        values = h[home].values
        s = r["spc"]
        ax.plot(range(len(h)), values, color="grey", marker="o", markersize=3)
        beyond = [(x, v) for x, v in enumerate(values) if v > s["upper"] or v < s["lower"]]
        if beyond:
            ax.scatter(*zip(*beyond), color="orange", zorder=3, label="Beyond the limits")
        ax.axhline(s["mean"], color="black", label="Mean")
        for limit in (s["lower"], s["upper"]):
            ax.axhline(limit, linestyle="--", color="grey")
        ticks(ax, h)
        ax.legend(fontsize=7)
        control = png(fig)
        interval = r["interval"]
        facts = Table([
            ["Baseline", f"{r['baseline']:.1f} ({r['baseline_period']})"],
            ["Latest", f"{r['latest']:.1f} ({r['period']})"],
            ["Previous", number(r["previous"])],
            ["Change", "" if r["previous"] is None else f"{r['latest'] - r['previous']:+.1f}"],
            ["Target", number(r["target"])],
            ["SN average", number(r["sn_average"])],
            ["England", number(r["england"])],
            ["National rank", f"{r['rank']} of {r['rank_of']} (quartile {r['quartile']})"],
            ["95% interval", "" if interval is None else f"{interval[0]:.1f} to {interval[1]:.1f}"],
            ["RAG", r["rag"].upper()],
        ], colWidths=[2.6 * cm, 4.4 * cm])
        facts.setStyle(small)
        story.append(Table([[trend, facts], [control, ""]], colWidths=[15.5 * cm, 7.4 * cm],
                           style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (1, 0), (1, 1))]))
        recent = h.tail(8)
        series = [["Series"] + [str(p) for p in recent.index]]
        for column, label in zip(recent.columns, [home, "England", "SN average"]):
            series.append([label] + [number(v) for v in recent[column].values])
        series.append(["Target"] + [number(r["target"])] * len(recent))
        table = Table(series)
        table.setStyle(small)
        story.append(table)
    SimpleDocTemplate(out, pagesize=landscape(A4), invariant=1, topMargin=1.5 * cm, bottomMargin=1.5 * cm).build(story)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    home, ind, areas, obs = load(args[0], "--xlsx" in sys.argv)
    rows = figures(home, ind, areas, obs)
    if "--metrics-only" in sys.argv:
        print(json.dumps([{k: v for k, v in r.items() if k != "history"} for r in rows], indent=1, default=float))
    else:
        pdf(rows, home, args[1])


if __name__ == "__main__":
    main()
