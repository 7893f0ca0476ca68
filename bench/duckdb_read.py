#!/usr/bin/env python3
"""The comparison for bench/kolada-import.sh: how fast DuckDB's read_json turns the same
Kolada dump into a table of one row per value (kpi, municipality, period, gender,
value, status), in memory and into a DuckDB file.

    pip install duckdb && python3 bench/duckdb_read.py DUMP.json
"""

import os
import sys
import tempfile
import time

import duckdb

FLATTEN = """
    SELECT d.kpi, d.municipality, d.period, v.gender, v.value, v.status
    FROM (SELECT unnest(values) AS d FROM read_json(?, format = 'array', maximum_object_size = 1000000000)),
         LATERAL (SELECT unnest(d.values) AS v)
"""


def run(target: str, path: str) -> None:
    connection = duckdb.connect(target)
    started = time.perf_counter()
    connection.execute("CREATE TABLE observations AS " + FLATTEN, [path])
    rows = connection.execute("SELECT count(*) FROM observations").fetchone()[0]
    elapsed = time.perf_counter() - started
    print(f"duckdb {duckdb.__version__} ({'file' if target != ':memory:' else 'memory'}): "
          f"{rows} values in {elapsed:.1f} s = {rows / elapsed:,.0f} values/s")
    connection.close()


def main() -> int:
    path = sys.argv[1]
    run(":memory:", path)
    with tempfile.TemporaryDirectory() as folder:
        run(os.path.join(folder, "bench.duckdb"), path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
