#!/usr/bin/env bash
# Times `riktning report` writing the demo's goal section (Tertial 1 2024, from its
# publication) in each format, beside the process starting and printing its version in
# the same run, so that each format's own cost shows as a ratio on a shared machine.
#
#   bash bench/goal-section.sh            # needs hyperfine (apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="$(mktemp -d)"
port="${BENCH_PORT:-18391}"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$scratch"' EXIT

cargo build --release -q -p riktning
bin="$PWD/target/release/riktning"

# The demo, loaded by the server into a database of its own, then the server stopped.
RIKTNING_ADMIN_PASSWORD=bench-lösenord-som-är-långt "$bin" --db "$scratch/demo.db" \
  serve --demo --bind "127.0.0.1:$port" >"$scratch/serve.log" 2>&1 &
pid=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 1; done
kill "$pid"; wait "$pid" 2>/dev/null || true

report() { echo "$bin --db $scratch/demo.db report --period 'Tertial 1 2024' --format $1 -o $scratch/out.$1"; }
hyperfine --warmup 2 --runs "${RUNS:-20}" -N --export-markdown "$scratch/report.md" \
  -n "reference: riktning --version" "$bin --version" \
  -n "html" "$(report html)" \
  -n "xlsx" "$(report xlsx)" \
  -n "docx" "$(report docx)" \
  -n "pdf" "$(report pdf)"
ls -l "$scratch"/out.*
cat "$scratch/report.md"
