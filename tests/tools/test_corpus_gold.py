"""tools/corpus_gold.py: the gold graphs of the made-up corpus are what its tables give, and they pass the
project's shapes, alone and built together with the seed's curated graph."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from cli.report import sources_graph
from kg.settings import load_settings
from kg.validation.shacl import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("corpus_gold", ROOT / "tools" / "corpus_gold.py")
corpus_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_gold)
GOLDS = sorted((ROOT / "tests" / "data" / "corpus").glob("*.gold.ttl"))


def test_the_committed_gold_graphs_are_what_the_tables_give():
    rendered = corpus_gold.render()
    assert sorted(rendered) == GOLDS
    for path, turtle in rendered.items():
        assert path.read_text(encoding="utf-8") == turtle, f"{path.name}: run python tools/corpus_gold.py"


@pytest.mark.parametrize("files", [[g] for g in GOLDS] + [[ROOT / "data" / "jiangsu-2023-104.ttl", *GOLDS]],
                         ids=[g.stem for g in GOLDS] + ["all-with-the-seed"])
def test_gold_graphs_pass_the_shapes(files):
    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:")
    report = validate_graph(sources_graph(settings, files), load_shapes(ROOT / "shapes"))
    assert report.violations == [], [(r.focus, r.source) for r in report.violations]
    # warnings: only orphans, the technologies of the province's 重点方向 sections (no actions in the gold)
    assert {r.source.rsplit("#", 1)[-1] for r in report.warnings} <= {"NotOrphanConstraint"}
