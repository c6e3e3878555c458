#!/usr/bin/env bash
# Times `scorecard build` (PDF and web page; and `metrics`, `variance`, `pack`) on the bundled workspaces and on a
# generated 50-indicator x 10-area x 60-month workspace, and prints a markdown
# table of wall-clock times and PDF sizes.
#
#   benches/build.sh                 # 1 warm-up + 5 timed runs per case
#   RUNS=10 WARMUP=2 benches/build.sh
#   BENCH_HYPERFINE=1 benches/build.sh   # use hyperfine if it is installed
#
# Needs cargo, bash and python3 (standard library only); pdfinfo is optional.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
# Same cache as .ci/run, so a bench after CI reuses the compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/scorecard-target}"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/scorecard"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# --- Generated workspace -----------------------------------------------------
# Seeded, so every run (and every machine) times exactly the same data.
# Arguments: folder, indicators, neighbours, other LAs. The scorecard case is
# 50 x (home + 8 neighbours + England); the national case, for the statistics
# (rank across LAs, intervals, SPC), is 60 x 152 LAs + England.
generate() {
    python3 benches/generate_workspace.py "$@"
}
gen="$tmp/generated"
generate "$gen" 50 8 0
national="$tmp/national"
generate "$national" 60 10 141

# A 2,000-line revenue book: written as CSV, then turned into a workbook by
# scorecard itself, so the timed run reads a real .xlsx.
python3 - "$tmp/budget.csv" <<'PY'
import csv, random, sys
rng = random.Random(2014)
w = csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["group", "division", "approved_budget £m", "forecast_outturn £m", "previous_variance £m", "reason"])
for i in range(2000):
    budget = rng.uniform(0, 30)
    outturn = budget * rng.uniform(0.8, 1.2)
    w.writerow([f"Service area {i % 20 + 1}", f"Budget line {i + 1}", f"{budget:.3f}", f"{outturn:.3f}",
                f"{(outturn - budget) * rng.uniform(0.5, 1.0):.3f}", f"Reason {i + 1}"])
PY
"$BIN" variance "$tmp/budget.csv" --out "$tmp/budget.xlsx" --date 2026-01-01 2>/dev/null

# A 2,000-action improvement plan: 10 key areas x 10 outcomes x (1 + 19 actions).
python3 - "$tmp/plan.csv" <<'PY'
import random, sys
rng = random.Random(2018)
rows = ["ref,key_area,action,ofsted_ref,kpi_ref,due,lead,status,update"]
for a in range(1, 11):
    for b in range(1, 11):
        rows.append(f"{a}.{b},Key area {a},Outcome {a}.{b},,,,Lead {b},Green,")
        for c in range(1, 20):
            due = rng.choice(["November 2018", "March 2019", "Q3 2018/19", "Ongoing"])
            status = rng.choice(["Blue", "White", "Green", "Amber", "Red"])
            rows.append(f"{a}.{b}.{c},Key area {a},Action {a}.{b}.{c}: develop and deliver the improvement,"
                        f"Recommendation {c},,{due},Head of Service {c},{status},Update {a}.{b}.{c}")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY

# A benchmark on data that fails validation would time the error path only.
if ! "$BIN" check "$gen" >"$tmp/check.txt" 2>&1; then
    echo "scorecard check failed on the generated workspace:" >&2
    cat "$tmp/check.txt" >&2
    exit 1
fi
echo "check: $(tail -n 1 "$tmp/check.txt")" >&2

# --- Timing ------------------------------------------------------------------
# Prints "min median" in ms. The python loop is the default because hyperfine
# is often missing on CI machines; both discard output and stop on failure.
time_cmd() {
    if [[ "${BENCH_HYPERFINE:-0}" == 1 ]] && command -v hyperfine >/dev/null; then
        local cmd
        printf -v cmd '%q ' "$@"
        hyperfine -N --style none --warmup "$WARMUP" --runs "$RUNS" \
            --export-json "$tmp/hf.json" "$cmd" >/dev/null
        python3 -c 'import json,statistics as s,sys
t=[x*1000 for x in json.load(open(sys.argv[1]))["results"][0]["times"]]
print(f"{min(t):.0f} {s.median(t):.0f}")' "$tmp/hf.json"
    else
        python3 - "$WARMUP" "$RUNS" "$@" <<'PY'
import statistics, subprocess, sys, time
warmup, runs, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
times = []
for i in range(warmup + runs):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if i >= warmup:
        times.append((time.perf_counter() - start) * 1000)
print(f"{min(times):.0f} {statistics.median(times):.0f}")
PY
    fi
}

# One table row; PDF is the file the command writes (a PDF, or a web page:
# no pages), or "-" for none.
bench() {
    local label="$1" pdf="$2" pages="-" kb="-" min med
    shift 2
    if ! read -r min med < <(time_cmd "$@"); then
        echo "failed: $*" >&2
        exit 1
    fi
    if [[ "$pdf" != - ]]; then
        kb=$(( ($(wc -c <"$pdf") + 512) / 1024 ))
        if [[ "$pdf" == *.pdf ]] && command -v pdfinfo >/dev/null; then
            pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
        fi
    fi
    echo "| $label | $RUNS | $min | $med | $pages | $kb |"
}

# A fixed --date keeps the PDFs (and so their sizes) identical between runs.
date=2026-01-01

# A 20-item meeting: 7 different 40-page reports and the 34-page sample
# scorecard included (314 pages), 11 verbal items and one generated scorecard.
big="$tmp/big-meeting"
mkdir -p "$big/reports"
cp -r data/sample "$big/ws"
for i in 1 2 3 4 5 6 7; do
    "$BIN" build data/lait-norfolk --out "$big/reports/r$i.pdf" --date "2026-01-0$i" 2>/dev/null
done
"$BIN" build data/sample --out "$big/reports/r8.pdf" --date "$date" 2>/dev/null
{
    printf '[meeting]\ncommittee = "Children'"'"'s Services Committee"\ndate = 2030-01-10\n'
    for n in $(seq 1 20); do
        printf '\n[[items]]\nnumber = "%d"\ntitle = "Item %d"\n' "$n" "$n"
        if (( n <= 8 )); then printf 'report = "reports/r%d.pdf"\n' "$n"; fi
        if (( n == 20 )); then printf 'scorecard = "ws"\n'; fi
    done
} >"$big/meeting.toml"
echo "| case | runs | min ms | median ms | PDF pages | output KB |"
echo "|---|---:|---:|---:|---:|---:|"
bench "build data/sample" "$tmp/sample.pdf" \
    "$BIN" build data/sample --out "$tmp/sample.pdf" --date "$date"
bench "build data/sample as a web page (.html)" "$tmp/sample.html" \
    "$BIN" build data/sample --out "$tmp/sample.html" --date "$date"
bench "build data/lait-norfolk as a web page (.html)" "$tmp/norfolk.html" \
    "$BIN" build data/lait-norfolk --out "$tmp/norfolk.html" --date "$date"
bench "build generated (50 ind x 10 areas x 60 months)" "$tmp/generated.pdf" \
    "$BIN" build "$gen" --out "$tmp/generated.pdf" --date "$date"
bench "build data/lait-norfolk" "$tmp/norfolk.pdf" \
    "$BIN" build data/lait-norfolk --out "$tmp/norfolk.pdf" --date "$date"
bench "metrics --format json generated" - \
    "$BIN" metrics "$gen" --format json
bench "metrics (rank, CI, SPC) 60 ind x 152 LAs x 60 months" - \
    "$BIN" metrics "$national" --format json
bench "variance 2,000-line workbook to PDF + XLSX" "$tmp/variance.pdf" \
    "$BIN" variance "$tmp/budget.xlsx" --out "$tmp/variance.pdf" --out "$tmp/variance.xlsx" --date "$date"
bench "pack data/sample-meeting (scorecard, finance, plan, 3 Markdown reports)" "$tmp/pack.pdf" \
    "$BIN" pack data/sample-meeting/meeting.toml --out "$tmp/pack.pdf" --date "$date"
bench "pack 20 items: 314 included pages + generated scorecard" "$tmp/big-pack.pdf" \
    "$BIN" pack "$big/meeting.toml" --out "$tmp/big-pack.pdf" --date "$date"
bench "actions 2,000-action plan to PDF + XLSX" "$tmp/actions.pdf" \
    "$BIN" actions "$tmp/plan.csv" --as-of 2019-01-31 --out "$tmp/actions.pdf" --out "$tmp/actions.xlsx" --date "$date"
