"""Render time of the pages for people over the real graph (in process, TestClient, no network).

    python3 bench/pages.py              # 20 rounds per page
    python3 bench/pages.py --rounds 100

Builds the graph of 苏政发〔2023〕104号 in memory (ontology, data, rules; SHACL skipped), then times
each page and the search-suggestion endpoint; prints median and 95th percentile in milliseconds.
Goal: every page under 300 ms at the median on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from kg.build.pipeline import build  # noqa: E402
from kg.settings import load_settings  # noqa: E402
from kg.store.embedded import EmbeddedStore  # noqa: E402

PAGES = ["/", "/query", "/targets", "/entity/technology/hydrogen-production-from-seawater",
         "/entity/industry/hydrogen-energy", "/entity/agency/provincial-department-of-science-and-technology",
         "/entity/measure/strengthen-application-scenario-pull", "/search?q=氢", "/search/suggest?q=海水"]
GOAL_MS = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:", validate=False)
    store = EmbeddedStore(None)
    started = time.perf_counter()
    build(settings, store=store)
    print(f"build (no SHACL): {time.perf_counter() - started:.1f} s")
    slow = []
    with TestClient(create_app(settings, store=store)) as client:
        print(f"{'page':<72} {'median ms':>9} {'p95 ms':>7}")
        for page in PAGES:
            client.get(page)  # warm up
            times = []
            for _ in range(args.rounds):
                begin = time.perf_counter()
                response = client.get(page)
                times.append((time.perf_counter() - begin) * 1000)
                response.raise_for_status()
            median, p95 = statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]
            print(f"{page:<72} {median:9.1f} {p95:7.1f}")
            if median > GOAL_MS:
                slow.append(page)
    if slow:
        print(f"over the {GOAL_MS} ms goal: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
