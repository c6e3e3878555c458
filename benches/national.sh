#!/usr/bin/env bash
# National scale: times scorecard on a generated national workspace (152
# authorities + England, 60 indicators, 60 months: 550,800 observation rows)
# and, where Python 3 has pandas, matplotlib and reportlab, the pandas
# pipeline in benches/pandas_pipeline.py on the same data, in the same run.
# Prints one markdown table: median wall time of RUNS runs (after WARMUP) and
# the largest maximum resident set (/usr/bin/time -v), and the ratio; then
# one authority's scorecard timed just before and after the batch, as a
# gauge of the machine's speed during that single run.
#
#   benches/national.sh                  # RUNS=3 WARMUP=1; pandas once per row
#   RUNS=5 PY_RUNS=2 benches/national.sh
#   BATCH=0 benches/national.sh          # skip the 152-authority batch (minutes)
#   BATCH_RUNS=3 benches/national.sh     # the batch's median of three runs
#
# Needs cargo, bash, python3 and GNU time (/usr/bin/time); the xlsx rows need
# openpyxl to write the workbook.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
PY_RUNS="${PY_RUNS:-1}"
BATCH="${BATCH:-1}"
BATCH_RUNS="${BATCH_RUNS:-1}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/scorecard-target}"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/scorecard"
if [[ ! -x /usr/bin/time ]]; then
    echo "needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
    exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
national="$tmp/national"
scorecard50="$tmp/scorecard50"
xlsx=0
if python3 -c 'import openpyxl' 2>/dev/null; then xlsx=1; fi
python3 benches/generate_workspace.py "$national" 60 10 141 $([[ $xlsx == 1 ]] && echo --xlsx)
python3 benches/generate_workspace.py "$scorecard50" 50 10 0
if [[ $xlsx == 1 ]]; then
    # The same workspace reading the workbook instead of the CSV.
    mkdir -p "$tmp/national-xlsx"
    ln -s "$national/data" "$tmp/national-xlsx/data"
    sed 's/observations.csv/observations.xlsx/' "$national/scorecard.toml" >"$tmp/national-xlsx/scorecard.toml"
fi
pandas=0
if python3 -c 'import pandas, matplotlib, reportlab' 2>/dev/null; then pandas=1; fi

# Runs a command `runs` times after `warmup`; prints "median_seconds max_mib".
measure() {
    local warmup="$1" runs="$2"
    shift 2
    local times=() peak=0 i
    for ((i = 0; i < warmup + runs; i++)); do
        /usr/bin/time -v -o "$tmp/time.txt" "$@" >/dev/null 2>"$tmp/stderr.txt" || {
            echo "failed: $*" >&2
            cat "$tmp/stderr.txt" >&2
            exit 1
        }
        if ((i >= warmup)); then
            times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s}' "$tmp/time.txt")")
            local kb
            kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
            ((kb > peak)) && peak=$kb
        fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    echo "$median $((peak / 1024))"
}

# One table row: label, target, the scorecard command, then "--" and the
# pandas command (or nothing).
row() {
    local label="$1" target="$2"
    shift 2
    local ours=() theirs=()
    while (($#)) && [[ "$1" != "--" ]]; do ours+=("$1"); shift; done
    (($#)) && shift
    theirs=("$@")
    read -r s_time s_mib < <(measure "$WARMUP" "$RUNS" "${ours[@]}")
    local p_cell="–" ratio="–"
    if [[ $pandas == 1 && ${#theirs[@]} -gt 0 ]]; then
        read -r p_time p_mib < <(measure 0 "$PY_RUNS" "${theirs[@]}")
        p_cell="$p_time s, $p_mib MiB"
        ratio="$(awk -v a="$p_time" -v b="$s_time" 'BEGIN {printf "%.1f×", a / b}')"
    fi
    echo "| $label | $target | $s_time s, $s_mib MiB | $p_cell | $ratio |"
}

py=(python3 benches/pandas_pipeline.py)
date=2026-01-01
echo "| work | target | scorecard | pandas pipeline | pandas ÷ scorecard |"
echo "|---|---|---:|---:|---:|"
row "check national CSV" "≤ 0.4 s, ≤ 150 MiB" "$BIN" check "$national"
row "metrics --format json national (pandas: home figures only)" "≤ 0.4 s, ≤ 150 MiB" \
    "$BIN" metrics "$national" --format json -- "${py[@]}" "$national" - --metrics-only
row "one authority's scorecard PDF from the national CSV" "≤ 1 s" \
    "$BIN" build "$national" --out "$tmp/one.pdf" --date "$date" -- "${py[@]}" "$national" "$tmp/one-py.pdf"
if [[ $xlsx == 1 ]]; then
    row "one authority's scorecard PDF from the national xlsx" "≤ 3 s" \
        "$BIN" build "$tmp/national-xlsx" --out "$tmp/one-x.pdf" --date "$date" -- \
        "${py[@]}" "$national" "$tmp/one-x-py.pdf" --xlsx
fi
row "50-indicator scorecard (50 × 11 areas × 60 months)" "≤ 0.8 s" \
    "$BIN" build "$scorecard50" --out "$tmp/fifty.pdf" --date "$date" -- "${py[@]}" "$scorecard50" "$tmp/fifty-py.pdf"
row "metrics --all-areas national CSV (9,120 rows)" "–" \
    "$BIN" metrics "$national" --all-areas --out "$tmp/national.csv"
if [[ $BATCH == 1 ]]; then
    # Minutes: BATCH_RUNS times, no warm-up. The pandas pipeline has no batch mode.
    # This machine's speed can swing by half within minutes: one authority's
    # scorecard, timed just before and just after, says how fast it was then.
    probe=("$BIN" build "$national" --out "$tmp/probe.pdf" --date "$date")
    read -r before _ < <(measure 0 1 "${probe[@]}")
    WARMUP=0 RUNS="$BATCH_RUNS" row "build --all-areas national (152 scorecards)" "≤ 60 s, ≤ 400 MiB" \
        "$BIN" build "$national" --all-areas --out-dir "$tmp/all" --date "$date" --quiet
    read -r after _ < <(measure 0 1 "${probe[@]}")
    echo
    echo "Machine speed around the batch: one authority's scorecard took $before s just before it and $after s just after."
fi
