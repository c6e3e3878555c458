#!/usr/bin/env python3
"""Writes a generated scorecard workspace, seeded, so every run (and every
machine) times exactly the same data.

    generate_workspace.py FOLDER INDICATORS NEIGHBOURS OTHER_LAS [--xlsx]

The areas are a home authority, its NEIGHBOURS, OTHER_LAS more and England;
each indicator has 60 monthly values per area (2014-01 to 2018-12), with
numerators and denominators, and England's value is the mean of the
authorities'. --xlsx also writes data/observations.xlsx (sheet
"Observations"), which needs openpyxl. Standard library otherwise.
"""
import csv, os, random, sys

root = sys.argv[1]
n_ind, n_neigh, n_la = (int(a) for a in sys.argv[2:5])
os.makedirs(f"{root}/data")
rng = random.Random(2014)
months = [f"{y}-{m:02d}" for y in range(2014, 2019) for m in range(1, 13)]  # 60
groups = ["Early years", "Attainment", "Child protection",
          "Looked-after children", "Assessment timeliness"]
areas = ([("E10000100", "Benchmark County", "home")]
         + [(f"E1{101 + i:07d}", f"Neighbour {i + 1}", "neighbour") for i in range(n_neigh)]
         + [(f"E2{101 + i:07d}", f"Authority {i + 1}", "la") for i in range(n_la)]
         + [("E92000001", "England", "england")])

with open(f"{root}/scorecard.toml", "w") as f:
    f.write('[scorecard]\ntitle = "Benchmark Scorecard"\n'
            'organisation = "Benchmark County Council"\n'
            f'home = "E10000100"\nperiod = "{months[-1]}"\n\n'
            '[data]\nindicators = "data/indicators.csv"\n'
            'observations = "data/observations.csv"\nareas = "data/areas.csv"\n')
with open(f"{root}/data/areas.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["code", "name", "role"])
    w.writerows(areas)

ind_file = open(f"{root}/data/indicators.csv", "w", newline="")
obs_file = open(f"{root}/data/observations.csv", "w", newline="")
ind, obs = csv.writer(ind_file), csv.writer(obs_file)
ind.writerow("id name group unit polarity frequency target amber_threshold "
             "decimals multiplier owner notes".split())
obs.writerow("indicator area period value numerator denominator note".split())
for i in range(n_ind):
    iid, group = f"BM{i + 1:02d}", groups[i % len(groups)]
    base = rng.uniform(20, 85)
    # Mostly rated indicators, as in real scorecards; a few neutral, unrated.
    polarity = ("neutral" if i % 10 == 9 else
                "lower_is_better" if i % 3 == 2 else "higher_is_better")
    gap = rng.uniform(2, 8)
    if polarity == "higher_is_better":
        target, amber = round(base + gap, 1), round(base + gap - rng.uniform(3, 8), 1)
    elif polarity == "lower_is_better":
        target, amber = round(base - gap, 1), round(base - gap + rng.uniform(3, 8), 1)
    else:
        target = amber = ""
    ind.writerow([iid, f"Benchmark indicator {i + 1} (%)", group, "percent", polarity,
                  "monthly", target, amber, 1, "", f"Head of {group}", ""])
    trend = rng.uniform(-0.08, 0.08)  # percentage points per month
    # England is last: its value is the mean of the authorities', as an
    # average must be (check warns of one outside their range).
    sums = [0.0] * len(months)
    for code, _, _ in areas:
        level = base + rng.uniform(-10, 10)
        cohort = rng.randint(150, 2500) * (40 if code == "E92000001" else 1)
        for t, period in enumerate(months):
            if code == "E92000001":
                pct = sums[t] / (len(areas) - 1)
            else:
                pct = min(99.0, max(1.0, level + trend * t + rng.gauss(0, 1.5)))
                sums[t] += pct
            den = max(50, int(cohort * rng.uniform(0.95, 1.05)))
            num = round(pct * den / 100)
            # Full precision, computed as the tool does (n / d * 100): a value
            # pre-rounded to 2 dp can round the other way at 1 dp (40.246 ->
            # 40.25 -> 40.3, ratio 40.2), which check rejects as a mismatch.
            obs.writerow([iid, code, period, repr(num / den * 100), num, den, ""])
ind_file.close()
obs_file.close()

if "--xlsx" in sys.argv:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Observations")
    with open(f"{root}/data/observations.csv", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if i == 0:
                sheet.append(row)
            else:
                sheet.append(row[:3] + [float(row[3]), int(row[4]), int(row[5]), row[6] or None])
    book.save(f"{root}/data/observations.xlsx")
