"""The gold sets later tests and benchmarks use agree with the graph (tools/check_gold.py) and cover what they must.

``tests/data/phrasings.tsv``: what each phrasing a researcher types resolves to, per parameter.
``bench/search_queries.tsv``: which entities and sentences a search must find (recall@10).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHRASINGS = ROOT / "tests" / "data" / "phrasings.tsv"
QUERIES = ROOT / "bench" / "search_queries.tsv"
GROWTH = ["third-generation-semiconductors", "future-networks", "hydrogen-energy", "new-type-energy-storage",
          "cell-and-gene-technologies", "synthetic-biology", "general-intelligence", "frontier-new-materials",
          "zero-and-negative-carbon-ccus", "virtual-reality"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_row_agrees_with_the_graph():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "check_gold.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_phrasings_cover_every_parameter_tier_and_growth_industry():
    rows = _rows(PHRASINGS)
    assert len(rows) >= 60
    assert set(Counter(r["parameter"] for r in rows)) == {"technology", "industry", "measure", "agency"}
    assert {r["match"] for r in rows} == {"iri", "label", "alt", "section", "normalised", "segment", "similar",
                                          "kind", "none"}
    technologies = [r for r in rows if r["parameter"] == "technology"]
    for slug in GROWTH:
        assert any(f"id:industry/{slug}" in r["industries"].split() for r in technologies), slug
    assert any(len(r["expected"].split()) > 1 for r in technologies)  # ambiguous names answer for all
    assert all(r["note"] for r in rows)


def test_search_queries_are_zh_en_and_mixed_with_mid_sentence_terms():
    rows = _rows(QUERIES)
    assert len(rows) >= 50

    def script(query: str) -> str:
        han = any("\u4e00" <= c <= "\u9fff" for c in query)
        latin = any(c.isascii() and c.isalpha() for c in query)
        return "mixed" if han and latin else "zh" if han else "en"

    scripts = Counter(script(r["query"]) for r in rows)
    assert scripts["zh"] >= 20 and scripts["en"] >= 15 and scripts["mixed"] >= 4, scripts
    assert sum(1 for r in rows if r["kind"] == "sentence") >= 20
