#!/usr/bin/env bash
# Eight signed-in people saving assessments and editing a shared indicator at once for
# 60 s, against `riktning serve --demo` (release build) on SQLite and on PostgreSQL.
# Prints confirmed saves per second, p50 and p99 of a save, the number of 5xx answers
# (must be 0) and lost updates: confirmed saves missing from the audit trail (must be 0).
#
#   bash bench/concurrent-saves.sh                     # both backends
#   DURATION=20 BACKENDS=sqlite bash bench/concurrent-saves.sh
#
# PostgreSQL: postgres://postgres@127.0.0.1:5432 with trust auth; the script creates and
# drops the database riktning_bench.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-60}"
backends="${BACKENDS:-sqlite postgres}"
port="${PORT:-18281}"
password=bench-lösenord-1234-samtidigt
bin="${RIKTNING_BIN:-target/release/riktning}"   # RIKTNING_BIN: a binary built elsewhere
scratch="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$scratch"' EXIT
[ -n "${RIKTNING_BIN:-}" ] || cargo build --release -q -p riktning

run() {
  local label="$1" db="$2" status=0
  RIKTNING_ADMIN_PASSWORD="$password" "$bin" --db "$db" serve --demo --bind "127.0.0.1:$port" \
    >"$scratch/serve-$label.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/arbeta/logga-in" >/dev/null && break; sleep 0.2; done
  # A goal of BUN's for each client, so that each saves an assessment of its own.
  local goals=""
  for n in $(seq 61 68); do
    "$bin" --db "$db" goal add "1.7.$n" --parent 1.7 --unit BUN --statement "Mål för samtidighetsprovet $n" >/dev/null
  done
  goals=$("$bin" --db "$db" goals --json | python3 -c '
import json, sys
print(",".join(str(g["id"]) for g in json.load(sys.stdin)["goals"] if g["code"].startswith("1.7.6")))')
  local indicator
  indicator=$("$bin" --db "$db" indicator list | awk '$1 ~ /^[0-9]+$/ { print $1; exit }')
  python3 bench/concurrent_saves.py --url "http://127.0.0.1:$port/arbeta" --db "$db" --riktning "$bin" \
    --password "$password" --goals "$goals" --indicator "$indicator" \
    --duration "$duration" --label "$label" || status=$?
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  return "$status"
}

echo "machine: $(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo)"
for backend in $backends; do
  case "$backend" in
    sqlite) run SQLite "$scratch/bench.db" || failed=1 ;;
    postgres)
      psql -q -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE IF EXISTS riktning_bench' -c 'CREATE DATABASE riktning_bench'
      run PostgreSQL "postgres://postgres@127.0.0.1:5432/riktning_bench" || failed=1
      psql -q -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE IF EXISTS riktning_bench' ;;
  esac
done
exit "${failed:-0}"
