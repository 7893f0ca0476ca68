#!/usr/bin/env python3
"""Writes a synthetic Kolada data dump in the real v3 shape, for the import benchmark.

It uses the real KPI ids (and their is_divided_by_gender flag) and the real
municipality ids from ../shared/kolada/, and made-up values. Default size: 290
municipalities x 1 000 KPIs x 12 years, with T/K/M where the KPI is divided by gender.
Pages of 5 000 data objects each, as the API sends them, one JSON array of pages per
file.

    python3 bench/gen_kolada_dump.py OUT.json [--municipalities 290] [--kpis 1000] [--years 12]
"""

import argparse
import json
import random
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "kolada"
PAGE = 5000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--kpis", type=int, default=1000)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2380)
    args = parser.parse_args()

    kpis = json.loads((SHARED / "kpi.json").read_text(encoding="utf-8"))["values"]
    areas = json.loads((SHARED / "municipality.json").read_text(encoding="utf-8"))["values"]
    municipalities = [a["id"] for a in areas if a["type"] == "K"][: args.municipalities]
    chosen = [(k["id"], bool(k.get("is_divided_by_gender"))) for k in kpis[: args.kpis]]
    years = list(range(2024 - args.years + 1, 2025))
    rng = random.Random(args.seed)

    objects = rows = 0
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("[")
        page = []
        first_page = True

        def flush(last: bool) -> None:
            nonlocal first_page, page
            if not page:
                return
            body = {"count": len(page), "next_url": None if last else "page", "values": page}
            if not first_page:
                out.write(",\n")
            json.dump(body, out, ensure_ascii=False, separators=(",", ":"))
            first_page = False
            page = []

        for kpi, divided in chosen:
            for municipality in municipalities:
                for year in years:
                    base = rng.uniform(1, 1000)
                    values = [{"count": 1, "gender": "T", "status": "", "value": round(base, 4)}]
                    if divided:
                        values.append({"count": 1, "gender": "K", "status": "", "value": round(base * rng.uniform(0.8, 1.2), 4)})
                        values.append({"count": 1, "gender": "M", "status": "", "value": round(base * rng.uniform(0.8, 1.2), 4)})
                    page.append({"kpi": kpi, "municipality": municipality, "period": year, "values": values})
                    objects += 1
                    rows += len(values)
                    if len(page) == PAGE:
                        flush(False)
        flush(True)
        out.write("]\n")
    print(f"{args.out}: {objects} data objects, {rows} values", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
