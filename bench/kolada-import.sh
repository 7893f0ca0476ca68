#!/usr/bin/env bash
# Times `riktning kolada import` of a synthetic Kolada dump in the real v3 shape (real
# KPI and municipality ids; 290 municipalities × 1 000 KPIs × 12 years, T/K/M where the
# KPI is divided by gender) into SQLite and PostgreSQL, with peak memory, and runs
# DuckDB's read_json on the same file for comparison.
#
#   bash bench/kolada-import.sh [DUMP.json]      # needs python3; DuckDB from PyPI
#   PG_URL=postgres://… bash bench/kolada-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dump="${1:-/tmp/kolada-dump.json}"
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

[ -f "$dump" ] || python3 bench/gen_kolada_dump.py "$dump"
ls -l "$dump"
cargo build --release -q -p riktning
bin="$PWD/target/release/riktning"

measure() { # label, then the command
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak memory" "$@" 2>&1 >/dev/null | tail -n 1
}

measure "SQLite (new file)" "$bin" --db "$scratch/bench.db" --tenant 2380 kolada import "$dump"
ls -l "$scratch/bench.db"
measure "SQLite, same file again (all unchanged)" "$bin" --db "$scratch/bench.db" --tenant 2380 kolada import "$dump"

if psql "$pg_url" -qc 'SELECT 1' >/dev/null 2>&1; then
  export PGOPTIONS='-c client_min_messages=warning'
  psql "$pg_url" -qc 'DROP SCHEMA IF EXISTS riktning_bench CASCADE; CREATE SCHEMA riktning_bench'
  measure "PostgreSQL (new schema)" "$bin" --db "$pg_url?options[search_path]=riktning_bench" --tenant 2380 kolada import "$dump"
  psql "$pg_url" -qc 'DROP SCHEMA IF EXISTS riktning_bench CASCADE'
else
  echo "PostgreSQL at $pg_url not reachable; skipped its run" >&2
fi

python3 -c 'import duckdb' 2>/dev/null || pip install -q duckdb
python3 bench/duckdb_read.py "$dump"
