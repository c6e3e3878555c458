//! Variance tables: variance, percentage of budget, movement since the last
//! report, RAG, subtotals and totals, in exact arithmetic. And reconciliation:
//! every printed figure of a pasted-in table recomputed and compared.

use serde::Serialize;

use crate::core::diag::{column_letters, Diagnostics, Origin};
use crate::core::rag::Rag;
use crate::finance::book::{
    BudgetBook, BudgetLine, FinanceTable, TableKind, Units, ACADEMY, FROM, IN_YEAR, TO, VARIANCE,
};
use crate::finance::money::Money;

/// When an overspend turns amber or red, and which variances need a reason.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Thresholds {
    /// Red at or above this percentage overspend.
    pub(crate) red_pct: f64,
    /// Red at or above this overspend.
    pub(crate) red_amount: Money,
    /// Amber at or above this percentage overspend.
    pub(crate) amber_pct: f64,
    /// Amber at or above this overspend.
    pub(crate) amber_amount: Money,
    /// Variances of this size either way belong in the reasons table.
    pub(crate) reason_amount: Money,
    /// Decimals of the percentages.
    pub(crate) pct_decimals: u32,
}

impl Thresholds {
    /// The defaults: red at +5% or £0.5m, amber at +1% or £0.1m, reasons from £0.1m, in the book's unit.
    pub(crate) fn defaults(units: Units) -> Thresholds {
        let per_million = match units {
            Units::Gbp => 1_000_000.0,
            Units::GbpThousands => 1_000.0,
            Units::GbpMillions => 1.0,
        };
        let amount = |m: f64| Money::from_f64(m * per_million).unwrap_or(Money::ZERO);
        Thresholds {
            red_pct: 5.0,
            red_amount: amount(0.5),
            amber_pct: 1.0,
            amber_amount: amount(0.1),
            reason_amount: amount(0.1),
            pct_decimals: 0,
        }
    }

    /// Rates an overspend; underspends and balanced lines are green.
    pub(crate) fn rate(&self, variance: Money, pct: Option<f64>) -> Rag {
        let over = |pct_limit: f64, amount: Money| {
            !variance.is_negative()
                && variance != Money::ZERO
                && (variance >= amount || pct.is_some_and(|p| p >= pct_limit))
        };
        if over(self.red_pct, self.red_amount) {
            Rag::Red
        } else if over(self.amber_pct, self.amber_amount) {
            Rag::Amber
        } else {
            Rag::Green
        }
    }
}

/// The kind of a row in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RowKind {
    /// A budget line.
    Line,
    /// A group's subtotal.
    Subtotal,
    /// The grand total.
    Total,
}

/// One computed row.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VarianceRow {
    /// Line, subtotal or total.
    pub(crate) row: RowKind,
    /// Section.
    pub(crate) group: Option<String>,
    /// Division, scheme or title.
    pub(crate) name: String,
    /// Approved budget or opening balance.
    pub(crate) from: Money,
    /// Forecast outturn or closing balance.
    pub(crate) to: Money,
    /// to − from: + is an overspend (or a rise in a balance).
    pub(crate) variance: Money,
    /// Variance as a percentage of the budget; `None` when the budget is 0.
    pub(crate) variance_pct: Option<f64>,
    /// Revenue: variance forecast at the last report; capital: outturn then.
    pub(crate) previous: Option<Money>,
    /// Revenue: change in the variance since the last report; capital: slippage since then.
    pub(crate) movement: Option<Money>,
    /// RAG of an overspend (revenue and capital).
    pub(crate) rag: Rag,
    /// Reason given.
    pub(crate) reason: Option<String>,
    /// School balances: in-year part.
    pub(crate) in_year: Option<Money>,
    /// School balances: academy part.
    pub(crate) academy: Option<Money>,
}

/// One computed table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VarianceTable {
    /// Which table.
    pub(crate) kind: TableKind,
    /// Lines in book order.
    pub(crate) lines: Vec<VarianceRow>,
    /// Subtotals by group, in order of first appearance.
    pub(crate) subtotals: Vec<VarianceRow>,
    /// The grand total.
    pub(crate) total: VarianceRow,
    /// Lines whose variance needs a reason (|variance| ≥ the threshold).
    pub(crate) reasons: Vec<usize>,
}

/// The computed book.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VarianceBook {
    /// Unit of every amount.
    pub(crate) units: Units,
    /// Thresholds used.
    pub(crate) thresholds: Thresholds,
    /// Tables in report order.
    pub(crate) tables: Vec<VarianceTable>,
}

/// The sums of rows' amounts; an optional column sums the rows that have it,
/// and is `None` when none do.
fn sum_rows<'a>(
    rows: impl Iterator<Item = &'a VarianceRow> + Clone,
) -> (Money, Money, Option<Money>, Option<Money>, Option<Money>, Option<Money>) {
    let opt_sum = |f: fn(&VarianceRow) -> Option<Money>| {
        let present: Vec<Money> = rows.clone().filter_map(f).collect();
        (!present.is_empty()).then(|| present.into_iter().sum())
    };
    (
        rows.clone().map(|r| r.from).sum(),
        rows.clone().map(|r| r.to).sum(),
        opt_sum(|r| r.previous),
        opt_sum(|r| r.movement),
        opt_sum(|r| r.in_year),
        opt_sum(|r| r.academy),
    )
}

/// A line's variance, percentage, movement and RAG.
fn line_row(kind: TableKind, line: &BudgetLine, t: &Thresholds) -> VarianceRow {
    let variance = line.variance();
    let pct = variance.percent_of(line.from.value, t.pct_decimals);
    let previous = line.previous.as_ref().map(|p| p.value);
    let movement = match kind {
        TableKind::Revenue => previous.map(|p| variance - p),
        TableKind::Capital => previous.map(|p| line.to.value - p),
        _ => None,
    };
    let rated = kind.is_rated();
    VarianceRow {
        row: RowKind::Line,
        group: line.group.clone(),
        name: line.name.clone(),
        from: line.from.value,
        to: line.to.value,
        variance,
        variance_pct: pct,
        previous,
        movement,
        rag: if rated { t.rate(variance, pct) } else { Rag::None },
        reason: line.reason.clone(),
        in_year: line.in_year.as_ref().map(|f| f.value),
        academy: line.academy.as_ref().map(|f| f.value),
    }
}

/// A subtotal or total row: the sums of `rows`, rated as a line would be.
fn total_row(
    kind: TableKind,
    row: RowKind,
    group: Option<String>,
    name: String,
    rows: &[&VarianceRow],
    t: &Thresholds,
) -> VarianceRow {
    let (from, to, previous, movement, in_year, academy) = sum_rows(rows.iter().copied());
    let variance = to - from;
    let pct = variance.percent_of(from, t.pct_decimals);
    let rated = kind.is_rated();
    VarianceRow {
        row,
        group,
        name,
        from,
        to,
        variance,
        variance_pct: pct,
        // Capital's previous is an outturn, revenue's a variance: both add up.
        previous,
        movement,
        rag: if rated { t.rate(variance, pct) } else { Rag::None },
        reason: None,
        in_year,
        academy,
    }
}

/// One group of a table as reports print it: its lines, then its subtotal.
pub(crate) struct Section<'a> {
    /// The lines, in book order.
    pub(crate) lines: Vec<&'a VarianceRow>,
    /// The group's subtotal; `None` for the lines that have no group.
    pub(crate) subtotal: Option<&'a VarianceRow>,
}

impl VarianceTable {
    /// The order every report prints a table in: the lines without a group
    /// first, then each group's lines followed by its subtotal (the total
    /// comes last, after these).
    pub(crate) fn sections(&self) -> Vec<Section<'_>> {
        let ungrouped = self.lines.iter().filter(|l| l.group.is_none()).collect();
        let mut sections = vec![Section { lines: ungrouped, subtotal: None }];
        for sub in &self.subtotals {
            let lines = self.lines.iter().filter(|l| l.group == sub.group).collect();
            sections.push(Section { lines, subtotal: Some(sub) });
        }
        sections
    }
}

/// Computes every table of the book.
pub(crate) fn compute_variance(book: &BudgetBook, thresholds: &Thresholds) -> VarianceBook {
    let tables = book
        .tables
        .iter()
        .map(|table| {
            let lines: Vec<VarianceRow> =
                table.lines.iter().map(|l| line_row(table.kind, l, thresholds)).collect();
            let mut groups: Vec<String> = Vec::new();
            for g in lines.iter().filter_map(|l| l.group.clone()) {
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
            let subtotals = groups
                .iter()
                .map(|g| {
                    let rows: Vec<&VarianceRow> =
                        lines.iter().filter(|l| l.group.as_ref() == Some(g)).collect();
                    total_row(
                        table.kind,
                        RowKind::Subtotal,
                        Some(g.clone()),
                        format!("{g} total"),
                        &rows,
                        thresholds,
                    )
                })
                .collect();
            let all: Vec<&VarianceRow> = lines.iter().collect();
            let total = total_row(table.kind, RowKind::Total, None, "Total".to_string(), &all, thresholds);
            let reasons = (0..lines.len())
                .filter(|&i| {
                    lines[i].variance.abs() >= thresholds.reason_amount && lines[i].variance != Money::ZERO
                })
                .collect();
            VarianceTable { kind: table.kind, lines, subtotals, total, reasons }
        })
        .collect();
    VarianceBook { units: book.units, thresholds: *thresholds, tables }
}

/// Warns of every line whose variance belongs in the reasons table but has no reason.
pub(crate) fn warn_missing_reasons(book: &BudgetBook, computed: &VarianceBook, diags: &mut Diagnostics) {
    for (table, source) in computed.tables.iter().zip(&book.tables) {
        for &i in &table.reasons {
            if table.lines[i].reason.is_none() {
                diags.warning(
                    Some(source.lines[i].to.origin.clone()),
                    format!(
                        "{}: variance {} has no reason",
                        table.lines[i].name,
                        table.lines[i].variance.signed(3)
                    ),
                );
            }
        }
    }
}

/// The A1 reference of an origin's cell, or "" if it has none.
fn cell_ref(origin: &Origin) -> String {
    origin.cell.map(|(r, c)| format!("{}{}", column_letters(c), r + 1)).unwrap_or_default()
}

/// "D5:D9" for a run of rows, "D5:D7, D9" otherwise.
fn ranges(col: u32, mut rows: Vec<u32>) -> String {
    rows.sort_unstable();
    let letters = column_letters(col);
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            format!("{letters}{}", rows[i] + 1)
        } else {
            format!("{letters}{}:{letters}{}", rows[i] + 1, rows[j] + 1)
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// How many decimals a printed figure shows.
fn printed_decimals(text: &str) -> u32 {
    // Money keeps six decimals, so more cannot be compared (and would overflow).
    text.trim()
        .rsplit_once('.')
        .map_or(0, |(_, f)| f.chars().take_while(char::is_ascii_digit).count().min(6) as u32)
}

/// Recomputes every printed figure of the book and reports each mismatch.
pub(crate) fn reconcile(book: &BudgetBook, diags: &mut Diagnostics) {
    for table in &book.tables {
        reconcile_table(table, diags);
    }
    reconcile_reasons(book, diags);
}

/// A figure printed in two tables: each row of a pasted reasons table against
/// the revenue line of the same name (names there are often shortened, so a
/// name contained in the other counts as the same line).
fn reconcile_reasons(book: &BudgetBook, diags: &mut Diagnostics) {
    let Some(revenue) = book.tables.iter().find(|t| t.kind == TableKind::Revenue) else { return };
    let key = |name: &str| crate::ingest::normalise_header(name);
    for row in &book.reasons {
        let wanted = key(&row.name);
        let exact = revenue.lines.iter().find(|l| key(&l.name) == wanted);
        let line = exact.or_else(|| {
            let mut near = revenue.lines.iter().filter(|l| {
                let k = key(&l.name);
                !wanted.is_empty() && (k.contains(&wanted) || wanted.contains(&k))
            });
            // Only an unambiguous match is a match.
            match (near.next(), near.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            }
        });
        let Some(line) = line else {
            diags.warning(
                Some(row.variance.origin.clone()),
                format!("{} is in the reasons table but no revenue line has that name", row.name),
            );
            continue;
        };
        let variance = line.variance();
        if row.variance.value.round(3) != variance.round(3) {
            diags.error(
                Some(row.variance.origin.clone()),
                format!(
                    "printed {}, but the revenue table gives {} ({} − {}) — {}",
                    row.variance.value,
                    variance,
                    cell_ref(&line.to.origin),
                    cell_ref(&line.from.origin),
                    row.name
                ),
            );
        }
    }
}

/// Recomputes every printed variance, percentage and total row of a pasted
/// table and reports each that disagrees, with the cells it used.
fn reconcile_table(table: &FinanceTable, diags: &mut Diagnostics) {
    for line in &table.lines {
        let variance = line.variance();
        let formula = format!("{} − {}", cell_ref(&line.to.origin), cell_ref(&line.from.origin));
        if let Some(printed) = &line.printed_variance {
            if printed.value.round(3) != variance.round(3) {
                diags.error(
                    Some(printed.origin.clone()),
                    format!("printed {}, computed {} ({formula}) — {}", printed.value, variance, line.name),
                );
            }
        }
        if let Some((text, origin)) = &line.printed_pct {
            let dp = printed_decimals(text);
            let computed = variance.percent_of(line.from.value, dp);
            let printed = crate::ingest::value::parse_number(text).ok().map(|(v, _)| v);
            let shown = |p: Option<f64>| p.map_or("n/a".to_string(), |p| format!("{:+.*}", dp as usize, p));
            let agrees = match (printed, computed) {
                (Some(p), Some(c)) if (p - c).abs() < 1e-9 => true,
                // A cell formatted as % in Excel holds the fraction: 0.12 shows as 12%.
                // (its printed precision is unknown, so it must agree to the whole per cent).
                (Some(p), Some(_)) if p.abs() < 10.0 && !text.contains('%') => variance
                    .percent_of(line.from.value, 6)
                    .is_some_and(|exact| (p * 100.0 - exact).abs() <= 0.5 + 1e-9),
                (None, None) => true,
                _ => false,
            };
            if !agrees {
                diags.error(
                    Some(origin.clone()),
                    format!(
                        "printed {}, computed {} ({formula} as % of {}, rounded half away from zero) — {}",
                        text.trim(),
                        shown(computed),
                        cell_ref(&line.from.origin),
                        line.name
                    ),
                );
            }
        }
        if let (Some(i), Some(a)) = (&line.in_year, &line.academy) {
            if (i.value + a.value).round(3) != variance.round(3) {
                diags.error(
                    Some(i.origin.clone()),
                    format!(
                        "in-year {} + academy {} = {}, but the total variance is {} ({formula}) — {}",
                        i.value,
                        a.value,
                        i.value + a.value,
                        variance,
                        line.name
                    ),
                );
            }
        }
    }
    for total in &table.totals {
        let scope: Vec<&BudgetLine> =
            table.lines.iter().filter(|l| total.group.is_none() || l.group == total.group).collect();
        for (slot, printed) in &total.figures {
            let values: Vec<(Money, u32)> = scope
                .iter()
                .filter_map(|l| {
                    let row = l.from.origin.cell.map_or(0, |c| c.0);
                    let v = match *slot {
                        FROM => Some(l.from.value),
                        TO => Some(l.to.value),
                        VARIANCE => Some(l.variance()),
                        IN_YEAR => l.in_year.as_ref().map(|f| f.value),
                        ACADEMY => l.academy.as_ref().map(|f| f.value),
                        _ => None,
                    }?;
                    Some((v, row))
                })
                .collect();
            let computed: Money = values.iter().map(|(v, _)| *v).sum();
            if printed.value.round(3) != computed.round(3) {
                let col = printed.origin.cell.map_or(0, |c| c.1);
                diags.error(
                    Some(printed.origin.clone()),
                    format!(
                        "printed {}, computed {} ({}) — {}",
                        printed.value,
                        computed,
                        if values.is_empty() {
                            "no lines to sum".to_string()
                        } else {
                            format!("sum of {}", ranges(col, values.iter().map(|(_, r)| *r).collect()))
                        },
                        total.label
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_percent_cells_hold_fractions() {
        use crate::finance::book::{BudgetLine, Figure};
        let fig = |v: &str, col| Figure {
            value: Money::parse(v).unwrap(),
            origin: Origin::file("b.xlsx").at(1, col),
        };
        let line = |pct: &str| BudgetLine {
            group: None,
            name: "Agency".into(),
            from: fig("24.506", 2),
            to: fig("27.356", 3),
            previous: None,
            reason: None,
            in_year: None,
            academy: None,
            printed_variance: None,
            printed_pct: Some((pct.to_string(), Origin::file("b.xlsx").at(1, 5))),
        };
        let errors = |pct: &str| {
            let book = BudgetBook {
                units: Units::GbpMillions,
                reasons: Vec::new(),
                tables: vec![FinanceTable {
                    kind: TableKind::Revenue,
                    lines: vec![line(pct)],
                    totals: vec![],
                }],
            };
            let mut d = Diagnostics::default();
            reconcile(&book, &mut d);
            d.error_count()
        };
        // 2.850 / 24.506 = 11.63%.
        assert_eq!(errors("+12"), 0);
        assert_eq!(errors("0.1163"), 0, "a % cell's fraction");
        assert_eq!(errors("+11"), 1);
        assert_eq!(errors("0.14"), 1);
    }

    #[test]
    fn ranges_compress_runs_of_rows() {
        assert_eq!(ranges(3, vec![4, 5, 6, 7, 8]), "D5:D9");
        assert_eq!(ranges(3, vec![8, 4, 5, 6]), "D5:D7, D9");
    }

    #[test]
    fn overspends_are_rated_by_percentage_or_amount() {
        let t = Thresholds::defaults(Units::GbpMillions);
        let m = |s| Money::parse(s).unwrap();
        assert_eq!(t.rate(m("2.850"), Some(12.0)), Rag::Red);
        assert_eq!(t.rate(m("0.5"), Some(0.2)), Rag::Red, "£0.5m is red whatever the percentage");
        assert_eq!(t.rate(m("0.2"), Some(2.0)), Rag::Amber);
        assert_eq!(t.rate(m("0.05"), Some(4.0)), Rag::Amber);
        assert_eq!(t.rate(m("0.05"), Some(0.5)), Rag::Green);
        assert_eq!(t.rate(m("-1.232"), Some(-27.0)), Rag::Green, "underspends are not rated red");
        assert_eq!(t.rate(m("0.11"), None), Rag::Amber, "no budget: judged on the amount");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::finance::book::{BudgetLine, Figure};
    use proptest::prelude::*;

    fn figure(thousandths: i64) -> Figure {
        Figure {
            value: Money::parse(&format!("{}", thousandths as f64 / 1000.0)).unwrap(),
            origin: Origin::file("p.csv"),
        }
    }

    proptest! {
        /// Subtotals and totals equal the sums of their lines, to the thousandth, for any amounts.
        #[test]
        fn totals_equal_the_sum_of_their_lines(lines in proptest::collection::vec((0u8..4, -9_000_000i64..9_000_000, -9_000_000i64..9_000_000), 1..60)) {
            let book = BudgetBook {
                units: Units::GbpMillions,
                reasons: Vec::new(),
                tables: vec![FinanceTable {
                    kind: TableKind::Revenue,
                    lines: lines.iter().enumerate().map(|(i, (g, b, o))| BudgetLine {
                        group: Some(format!("G{g}")),
                        name: format!("L{i}"),
                        from: figure(*b),
                        to: figure(*o),
                        previous: None,
                        reason: None,
                        in_year: None,
                        academy: None,
                        printed_variance: None,
                        printed_pct: None,
                    }).collect(),
                    totals: Vec::new(),
                }],
            };
            let t = &compute_variance(&book, &Thresholds::defaults(Units::GbpMillions)).tables[0];
            let budget: i64 = lines.iter().map(|l| l.1).sum();
            let outturn: i64 = lines.iter().map(|l| l.2).sum();
            prop_assert_eq!(t.total.from.fixed(3), Money::parse(&format!("{}", budget as f64 / 1000.0)).unwrap().fixed(3));
            prop_assert_eq!(t.total.to.fixed(3), Money::parse(&format!("{}", outturn as f64 / 1000.0)).unwrap().fixed(3));
            // Worked out from the generated thousandths, not from the table's own fields.
            let variance = Money::parse(&format!("{}", (outturn - budget) as f64 / 1000.0)).unwrap();
            prop_assert_eq!(t.total.variance.fixed(3), variance.fixed(3));
            for line in &t.lines {
                let (_, b, o) = lines[line.name[1..].parse::<usize>().unwrap()];
                prop_assert_eq!(line.variance.fixed(3), Money::parse(&format!("{}", (o - b) as f64 / 1000.0)).unwrap().fixed(3));
            }
            let from_subtotals: Money = t.subtotals.iter().map(|s| s.variance).sum();
            prop_assert_eq!(from_subtotals, t.total.variance);
            for sub in &t.subtotals {
                let lines: Money = t.lines.iter().filter(|l| l.group == sub.group).map(|l| l.variance).sum();
                prop_assert_eq!(lines, sub.variance);
            }
        }
    }
}
