#!/usr/bin/env bash
# Times `riktning import` on Östersund's budget text (../shared/seeds/): parsing alone,
# and parsing plus storing a new plan in SQLite and in PostgreSQL. Whole-process
# wall time, so it includes start-up, migrations and the database round trips.
#
#   bash bench/import-seed.sh            # needs hyperfine (apt-get install hyperfine)
#   PG_URL=postgres://… bash bench/import-seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."

seed=../shared/seeds/000_32dc23afe65c2ffc.txt
pg_url="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cargo build --release -q -p riktning
bin="$PWD/target/release/riktning"

# The reference in the same run: the process starting and printing its version, so
# that the parse's own share shows as a ratio on a shared, noisy machine.
hyperfine --warmup 3 --runs 50 --export-markdown "$scratch/parse.md" \
  -n "reference: riktning --version" "$bin --version" \
  -n "parse only (--dry-run --json)" "$bin import $seed --dry-run --json" \
  -n "parse only, every line listed (--dry-run)" "$bin import $seed --dry-run"

hyperfine --warmup 2 --runs 30 --export-markdown "$scratch/sqlite.md" \
  --prepare "rm -f $scratch/bench.db $scratch/bench.db-wal $scratch/bench.db-shm" \
  -n "parse + store, SQLite (new file)" \
  "$bin --db $scratch/bench.db --tenant 2380 import $seed"

if psql "$pg_url" -qc 'SELECT 1' >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs 30 --export-markdown "$scratch/pg.md" \
    --prepare "PGOPTIONS='-c client_min_messages=warning' psql $pg_url -qc 'DROP SCHEMA IF EXISTS riktning_bench CASCADE; CREATE SCHEMA riktning_bench'" \
    -n "parse + store, PostgreSQL (new schema)" \
    "$bin --db '$pg_url?options[search_path]=riktning_bench' --tenant 2380 import $seed"
  PGOPTIONS='-c client_min_messages=warning' psql "$pg_url" -qc 'DROP SCHEMA IF EXISTS riktning_bench CASCADE'
else
  echo "PostgreSQL at $pg_url not reachable; skipped its run" >&2
fi

cat "$scratch"/*.md
