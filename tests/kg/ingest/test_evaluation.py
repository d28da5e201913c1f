"""Ingest measured against curated graphs: the seed text alone against data/jiangsu-2023-104.ttl (skipped
when the seed is not beside the checkout), and each made-up text of tests/data/corpus/ against its hand-made
gold graph. Floors set from the measured figures (docs/ingest.md), so a regression fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.ingest.evaluation import CORPUS_KINDS, corpus_texts, evaluate, scores_markdown

ROOT = Path(__file__).parents[3]
SEED = ROOT / ".." / "shared" / "seed" / "000_f231d5761afd8f34.txt"
CURATED = ROOT / "data" / "jiangsu-2023-104.ttl"

# kind: (precision floor, recall floor); measured figures in docs/ingest.md
FLOORS = {
    "industries and directions": (1.0, 1.0),
    "technologies": (0.85, 0.75),
    "responsible parties (in order)": (1.0, 1.0),
    "targets (year, quantity)": (1.0, 1.0),
    "targets": (1.0, 1.0),
    "targets with what they count": (1.0, 1.0),
    "issuers": (1.0, 1.0),
    "measures": (1.0, 1.0),
    "platforms": (0.85, 0.85),
    "regions": (1.0, 1.0),
    "actor groups": (0.85, 0.85),
    "actions": (0.92, 0.95),
    "milestones": (1.0, 1.0),
    "mentions": (0.85, 0.60),
    "measures name industries": (1.0, 1.0),
}  # "measures name technologies" has no floor: none are found yet; the seed's graph annotates no references

# text: kind: (precision floor, recall floor). A kind the gold does not annotate (no responsible parties in
# the ministries' text) must stay empty in the draft too.
CORPUS_FLOORS = {
    "miit-2025-38": {"technologies": (0.95, 1.0)},
    "anhui-2025-16": {},
    "changzhou-2025-9": {},
    "yixing-2025-21": {},  # written after the rules as a held-out text; its first run is in docs/ingest.md
    # a second held-out text, measured and not tuned: a heading "（一）重点布局五大领域" taken for a list of one,
    # and 每年支持…20项以上 (a verb no rule knows) missed
    "hubei-2025-6": {"industries and directions": (0.83, 1.0), "targets (year, quantity)": (1.0, 0.75),
                     "targets": (1.0, 0.75)},
}


@pytest.fixture(scope="module")
def scores():
    if not SEED.is_file() or not CURATED.is_file():
        pytest.skip("the seed text or the curated graph is not available")
    curated = rdflib.Graph().parse(CURATED, format="turtle")
    return {s.kind: s for s in evaluate(SEED.read_text(encoding="utf-8"), curated)}


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_precision_and_recall_floors(scores, kind):
    precision, recall = FLOORS[kind]
    assert scores[kind].precision >= precision, scores[kind]
    assert scores[kind].recall >= recall, scores[kind]


def test_every_corpus_text_has_a_gold_graph_and_floors():
    assert sorted(text.stem for text, _gold in corpus_texts()) == sorted(CORPUS_FLOORS)


@pytest.mark.parametrize("text,gold", corpus_texts(), ids=lambda p: p.stem if isinstance(p, Path) else p)
def test_each_corpus_text_meets_its_floors(text: Path, gold: Path):
    scores = {s.kind: s for s in evaluate(text.read_text(encoding="utf-8"), rdflib.Graph().parse(gold))}
    table = scores_markdown([scores[k] for k in CORPUS_KINDS])
    for kind in CORPUS_KINDS:
        score = scores[kind]
        if score.gold == 0:
            assert score.predicted == 0, f"{kind}: nothing to find, {score.predicted} predicted\n{table}"
            continue
        precision, recall = CORPUS_FLOORS[text.stem].get(kind, (1.0, 1.0))
        assert score.precision >= precision and score.recall >= recall, f"{kind}\n{table}"
