#!/usr/bin/env bash
# The workspace's read pages against references measured in the same run, so that the
# figures are ratios that hold on any machine:
#
#  1. the goal page (goal 1.4 of the demo: chart, forecast, roll-up, assessments),
#     signed in, against nginx serving the very same HTML as a static file: the
#     share of nginx's requests per second that Riktning serves;
#  2. the overview of a period on the demo with 200 more committee goals (each with
#     a Kolada indicator with 10 years of values and a target) against the demo's
#     overview: how much longer a request takes;
#  3. `riktning assess suggest` and `riktning followup status` on those two
#     databases (whole-process wall time, with hyperfine).
#
#   bash bench/web-goal-page.sh      # needs wrk, nginx and hyperfine (Debian packages)
#
# Servers and load generator share the machine; each wrk run uses 2 threads and 4
# connections for $SECONDS_PER_RUN seconds (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${SECONDS_PER_RUN:-10}"
port_demo="${PORT:-18280}"
port_large=$((port_demo + 1))
port_nginx=$((port_demo + 2))
password=bench-lösenord-1234
period="Delår 2024"
scratch="$(mktemp -d)"
cargo build --release -q -p riktning
# A copy, so that another build into the same target dir cannot swap it mid-run.
cp "${CARGO_TARGET_DIR:-$PWD/target}/release/riktning" "$scratch/riktning"
bin="$scratch/riktning"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

serve() { # db port
  RIKTNING_ADMIN_PASSWORD=$password "$bin" --db "$1" serve --demo --bind "127.0.0.1:$2" \
    >"$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/arbeta/logga-in" >/dev/null && return; sleep 0.2; done
  echo "the server on port $2 did not start" >&2
  exit 1
}

sign_in() { # port -> the session cookie's value
  local jar="$scratch/jar-$1" csrf
  csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/arbeta/logga-in" |
    grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode username=admin \
    --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$1/arbeta/logga-in"
  awk '$6 == "riktning_session" { print $7 }' "$jar"
}

rps() { # url [cookie] -> requests per second
  local out
  out=$(wrk -t2 -c4 -d"${seconds}s" ${2:+-H "Cookie: riktning_session=$2"} "$1")
  echo "$out" | sed 's/^/    /' >&2
  if echo "$out" | grep -q 'Non-2xx'; then
    echo "$1 answered with errors" >&2
    exit 1
  fi
  echo "$out" | awk '/^Requests\/sec/ { print $2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# The demo, and the demo with 200 more goals: committee goals under the council goals,
# spread over the committees, each followed by a Kolada KPI with values and a target.
serve "$scratch/demo.db" "$port_demo"
serve "$scratch/large.db" "$port_large"
large=("$bin" --db "$scratch/large.db")
units_list=(BUN VON SBN KFN) # the demo's committees
used=$("${large[@]}" indicator list --json | grep -o '"kolada_kpi": *"[^"]*"' | grep -o 'N[0-9]*' || true)
mapfile -t kpis < <(cut -f1 crates/demo/data/kolada-kpis.tsv | grep -vxF "${used:-none}" | tail -200)
python3 - "${kpis[@]}" >"$scratch/values.json" <<'PY'
import json, random, sys
random.seed(7)
values = []
for kpi in sys.argv[1:]:
    level, step = random.uniform(20, 80), random.uniform(-1.5, 1.5)
    for year in range(2014, 2024):
        values.append({"kpi": kpi, "municipality": "2380", "period": year,
                       "values": [{"count": 1, "gender": "T", "status": "",
                                   "value": round(level + step * (year - 2014) + random.gauss(0, 1), 1)}]})
print(json.dumps({"count": len(values), "next_url": None, "values": values}))
PY
for i in $(seq 0 199); do
  parent="1.$((i % 8 + 1))"
  code="$parent.$((50 + i))"
  unit="${units_list[$((i % ${#units_list[@]}))]}"
  "${large[@]}" goal add "$code" --parent "$parent" --unit "$unit" \
    --statement "Nämndmål $code för bänken" >/dev/null
  id=$("${large[@]}" indicator add --kpi "${kpis[$i]}" --goal "$code" | awk '/^Added indicator/ { sub(":", "", $3); print $3 }')
  "${large[@]}" target add --indicator "$id" --year 2030 --value 60 >/dev/null
done
"${large[@]}" kolada import "$scratch/values.json" >/dev/null
echo "demo + 200: $("${large[@]}" goals --json | grep -c '"code"') goals"

# 1. The goal page against nginx serving the same HTML.
session=$(sign_in "$port_demo")
goal=$(curl -s -b "riktning_session=$session" "http://127.0.0.1:$port_demo/arbeta/mal" |
  grep -o 'href="/arbeta/mal/[0-9]*">1.4<' | grep -o '[0-9]\+' | head -1)
goal_url="http://127.0.0.1:$port_demo/arbeta/mal/$goal"
mkdir -p "$scratch/www"
chmod a+rx "$scratch" "$scratch/www" # nginx's workers run as an unprivileged user
curl -s -b "riktning_session=$session" "$goal_url" >"$scratch/www/index.html"
cat >"$scratch/nginx.conf" <<EOF
worker_processes auto;
pid $scratch/nginx.pid;
error_log $scratch/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $scratch/nginx-body;
  proxy_temp_path $scratch/nginx-proxy;
  fastcgi_temp_path $scratch/nginx-fastcgi;
  uwsgi_temp_path $scratch/nginx-uwsgi;
  scgi_temp_path $scratch/nginx-scgi;
  server {
    listen 127.0.0.1:$port_nginx;
    root $scratch/www;
    default_type "text/html; charset=utf-8";
  }
}
EOF
nginx -p "$scratch" -c "$scratch/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port_nginx/" >/dev/null && break; sleep 0.1; done
if ! curl -sf "http://127.0.0.1:$port_nginx/" | cmp -s - "$scratch/www/index.html"; then
  echo "nginx does not serve the goal page's HTML; see $scratch/nginx-error.log" >&2
  exit 1
fi
echo "goal page: $goal_url ($(wc -c <"$scratch/www/index.html") bytes)"
echo "== nginx, the same HTML as a static file"
nginx_rps=$(rps "http://127.0.0.1:$port_nginx/")
echo "== Riktning, the goal page"
goal_rps=$(rps "$goal_url" "$session")

# 2. The overview, demo and demo + 200 goals.
session_large=$(sign_in "$port_large")
echo "== Riktning, the overview of the demo"
overview_rps=$(rps "http://127.0.0.1:$port_demo/arbeta" "$session")
echo "== Riktning, the overview of the demo with 200 more goals"
overview_large_rps=$(rps "http://127.0.0.1:$port_large/arbeta" "$session_large")

# 3. The follow-up commands on both databases.
hyperfine -N --warmup 3 --runs 30 --export-json "$scratch/cli.json" \
  -n "suggest demo" "$bin --db $scratch/demo.db assess suggest --period '$period' --json" \
  -n "suggest demo+200" "$bin --db $scratch/large.db assess suggest --period '$period' --json" \
  -n "status demo" "$bin --db $scratch/demo.db followup status --period '$period' --json" \
  -n "status demo+200" "$bin --db $scratch/large.db followup status --period '$period' --json" >&2
mean() { python3 -c "import json,sys; r={x['command']: x['mean'] for x in json.load(open(sys.argv[1]))['results']}; print(r[sys.argv[2]])" "$scratch/cli.json" "$1"; }

echo
echo "== Ratios ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
printf 'goal page / nginx, requests per second:        %s  (%s / %s; wanted ≥ 0.100)\n' \
  "$(ratio "$goal_rps" "$nginx_rps")" "$goal_rps" "$nginx_rps"
printf 'overview +200 goals / demo, time per request:  %s  (%s / %s req/s; wanted ≤ 2)\n' \
  "$(ratio "$overview_rps" "$overview_large_rps")" "$overview_rps" "$overview_large_rps"
printf 'assess suggest +200 goals / demo, wall time:   %s  (%.1f / %.1f ms; wanted ≤ 2)\n' \
  "$(ratio "$(mean 'suggest demo+200')" "$(mean 'suggest demo')")" \
  "$(awk -v s="$(mean 'suggest demo+200')" 'BEGIN { print s * 1000 }')" \
  "$(awk -v s="$(mean 'suggest demo')" 'BEGIN { print s * 1000 }')"
printf 'followup status +200 goals / demo, wall time:  %s  (%.1f / %.1f ms)\n' \
  "$(ratio "$(mean 'status demo+200')" "$(mean 'status demo')")" \
  "$(awk -v s="$(mean 'status demo+200')" 'BEGIN { print s * 1000 }')" \
  "$(awk -v s="$(mean 'status demo')" 'BEGIN { print s * 1000 }')"
