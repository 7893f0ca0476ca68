#!/usr/bin/env bash
# Times the follow-up commands on a plan of realistic size: Östersund's eight council
# goals, each broken down to three committee goals (24), each followed by five Kolada
# indicators (120) with 15 years of values and a target, in one SQLite file.
#
#   bash bench/followup.sh               # needs hyperfine and ../shared/kolada
#
# `assess suggest` reads every indicator's values and targets and runs the forecast
# for each; `followup status` reads the period's assessments, activities and
# commitments. Both are whole-process wall times.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cargo build --release -q -p riktning
bin="$PWD/target/release/riktning"
export RIKTNING_DB="$scratch/bench.db"
period="Delår 2024"

"$bin" --tenant 2380 import examples/ostersund-budget-2024.md >/dev/null
"$bin" kolada catalogue import ../shared/kolada/kpi.json ../shared/kolada/municipality.json \
  ../shared/kolada/municipality_groups.json >/dev/null
"$bin" org add Kommunstyrelsen --kind executive_board --short KS >/dev/null
for committee in 1 2 3; do
  "$bin" org add "Nämnd $committee" --parent KS --short "N$committee" >/dev/null
done

# 120 real KPI ids, 15 years of values for Östersund each.
python3 - "$scratch" <<'PY'
import json, random, sys
random.seed(7)
kpis = [k["id"] for k in json.load(open("../shared/kolada/kpi.json"))["values"][:120]]
values = []
for kpi in kpis:
    level = random.uniform(20, 80)
    step = random.uniform(-1.5, 1.5)
    for year in range(2009, 2024):
        values.append({"kpi": kpi, "municipality": "2380", "period": year,
                       "values": [{"count": 1, "gender": "T", "status": "",
                                   "value": round(level + step * (year - 2009) + random.gauss(0, 1), 1)}]})
json.dump({"count": len(values), "next_url": None, "values": values}, open(sys.argv[1] + "/values.json", "w"))
open(sys.argv[1] + "/kpis.txt", "w").write("\n".join(kpis))
PY
"$bin" kolada import "$scratch/values.json" >/dev/null

indicator=0
for goal in 1 2 3 4 5 6 7 8; do
  "$bin" goal units "1.$goal" --unit KS >/dev/null
  for committee in 1 2 3; do
    "$bin" goal add "1.$goal.$committee" --parent "1.$goal" --unit "N$committee" \
      --statement "Nämndmål $committee under 1.$goal" >/dev/null
    for _ in 1 2 3 4 5; do
      indicator=$((indicator + 1))
      kpi="$(sed -n "${indicator}p" "$scratch/kpis.txt")"
      "$bin" indicator add --kpi "$kpi" --goal "1.$goal.$committee" >/dev/null
      "$bin" target add --indicator "$indicator" --year 2030 --value 60 >/dev/null
    done
  done
done
"$bin" period add "$period" --from 2024-01-01 --to 2024-08-31 --deadline 2024-09-20 \
  --values-through 2023 >/dev/null
"$bin" assess set --goal 1.1.1 --unit N1 --period "$period" --level ej_bedomt --reason bench >/dev/null

hyperfine --warmup 2 --runs 20 --export-markdown "$scratch/followup.md" \
  -n "assess suggest (32 goals, 120 indicators)" "$bin assess suggest --period '$period' --json" \
  -n "followup status" "$bin followup status --period '$period' --json"
cat "$scratch/followup.md"
