"""bench/generate.py: the same arguments give the same graph; a 10k graph loads, is shaped like ours and conforms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.generator import generate

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "shapes"
FIKG = "https://w3id.org/fikg/ontology#"


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    generate.write_graph(first, 10_000)
    generate.write_graph(second, 10_000)
    assert first.read_bytes() == second.read_bytes()
    generate.write_graph(second, 10_000, seed=7)
    assert first.read_bytes() != second.read_bytes()


@pytest.mark.parametrize("triples", [10_000, 30_000])
def test_size_is_about_what_was_asked(tmp_path: Path, triples: int) -> None:
    written = generate.write_graph(tmp_path / "g.ttl", triples)
    store = EmbeddedStore(None)
    store.load(tmp_path / "g.ttl", graph="https://w3id.org/fikg/graph/generated")
    assert store.count_triples() == written
    assert 0.85 * triples <= written <= 1.15 * triples


def test_shaped_like_our_graph(tmp_path: Path) -> None:
    generate.write_graph(tmp_path / "g.ttl", 10_000)
    store = EmbeddedStore(None)
    store.load(tmp_path / "g.ttl")
    documents = generate.documents_for(10_000)

    def count(where: str) -> int:
        rows = store.select(f"PREFIX fikg: <{FIKG}> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
                            f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"].value)

    assert count("?d a fikg:PolicyDocument") == documents
    assert count("?m a fikg:KeyMeasure") == documents * generate.MEASURES
    # responsible parties in order, the first one leading, each agent shared between documents
    assert count("?r a fikg:Responsibility ; fikg:position 1 ; fikg:isLead true") == documents * generate.MEASURES
    assert count("?r a fikg:Responsibility ; fikg:position ?p ; fikg:isLead true FILTER(?p > 1)") == 0
    assert count("SELECT ?a WHERE { ?r fikg:agent ?a } GROUP BY ?a HAVING (COUNT(*) > 1)") > 0
    # every relation between two entities is stated in a sentence of its own document
    assert count("?ax a owl:Axiom ; fikg:statedIn ?s . FILTER NOT EXISTS { ?s fikg:text ?t }") == 0
    assert count("?e fikg:sourceSentence ?s . FILTER NOT EXISTS { ?s a fikg:Sentence }") == 0


def test_planted_violations_are_where_they_say(tmp_path: Path) -> None:
    generate.write_graph(tmp_path / "bad.ttl", 10_000, violations=3)
    store = EmbeddedStore(None)
    store.load(tmp_path / "bad.ttl")
    kinds = dict((kind, focus) for kind, focus in generate.planted_violations(3))
    assert store.ask(f"ASK {{ <{kinds['lead-flag-as-text']}> <{FIKG}isLead> \"yes\" }}")
    assert store.ask(f"ASK {{ <{kinds['target-year-as-text']}> <{FIKG}targetYear> \"twenty thirty\" }}")
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert not store.ask(f"ASK {{ <{kinds['measure-without-label']}> <{label}> ?l }}")


def _project(root: Path, triples: int, violations: int = 0) -> Path:
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(SHAPES, root / "shapes")
    generate.write_graph(root / "data" / "generated.ttl", triples, violations=violations)
    return root


@pytest.mark.skipif(not any(SHAPES.glob("*.ttl")), reason="no SHACL shapes in shapes/ yet")
def test_only_the_planted_violations_break_our_shapes(tmp_path: Path) -> None:
    """One validation (pyshacl is slow): every planted violation is found, and nothing else is."""
    from kg.validation.shacl import validate_store

    triples = 3 * generate.TRIPLES_PER_DOCUMENT  # three documents: one of each kind of planted violation
    project = _project(tmp_path / "project", triples, violations=3)
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", reasoning=False, validate=False)
    store = EmbeddedStore(None)
    build(settings, store=store)  # no gate here: the report is read below
    report = validate_store(store, project / "shapes")
    found = {r.focus for r in report.violations}
    assert found == {focus for _, focus in generate.planted_violations(3)}, [r.message() for r in report.violations]


def test_chinese_labels_stay_unique_at_100k(tmp_path: Path) -> None:
    """UniqueChineseLabelConstraint holds at scale too (targets once repeated their label across documents)."""
    generate.write_graph(tmp_path / "g.ttl", 100_000)
    store = EmbeddedStore(None)
    store.load(tmp_path / "g.ttl", graph="https://w3id.org/fikg/graph/generated")
    shared = store.query("""
        SELECT ?label WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(lang(?label) = "zh") }
        GROUP BY ?label HAVING (COUNT(DISTINCT ?x) > 1)""").rows()
    assert shared == []
