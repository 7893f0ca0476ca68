#!/usr/bin/env bash
# Times the goal page of the staff workspace, measured from outside the server with
# wrk: `riktning serve --demo` (release build, SQLite), signed in, goal 1.4 with its
# population chart, forecast, roll-up and assessments.
#
#   bash bench/web-goal-page.sh          # needs wrk (apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PORT:-18280}"
scratch="$(mktemp -d)"
cargo build --release -q -p riktning
RIKTNING_ADMIN_PASSWORD=bench-lösenord-1234 target/release/riktning --db "$scratch/bench.db" \
  serve --demo --bind "127.0.0.1:$port" >"$scratch/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/logga-in" >/dev/null && break; sleep 0.2; done

jar="$scratch/jar"
csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/logga-in" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode username=admin \
  --data-urlencode password=bench-lösenord-1234 --data-urlencode "csrf=$csrf" \
  "http://127.0.0.1:$port/logga-in"
session=$(awk '$6 == "riktning_session" { print $7 }' "$jar")
goal=$(curl -s -b "$jar" "http://127.0.0.1:$port/mal" | grep -o 'href="/mal/[0-9]*">1.4<' | grep -o '[0-9]\+' | head -1)
url="http://127.0.0.1:$port/mal/$goal"
echo "goal page: $url ($(curl -s -b "$jar" "$url" | wc -c) bytes)"

echo "== one connection (requests one after another)"
wrk -t1 -c1 -d20s --latency -H "Cookie: riktning_session=$session" "$url"
echo "== four connections"
wrk -t2 -c4 -d20s --latency -H "Cookie: riktning_session=$session" "$url"
