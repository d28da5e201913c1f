"""Compiled OWL 2 RL (kg.materialise) gives exactly the reference reasoner's inferred graph, or says why not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import build
from kg.derivation.whole import reference_owl_rl
from kg.reasoning.owl_rl import Uncovered, materialise
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.generator import generate
from tests.helpers.project import DATA

ROOT = Path(__file__).resolve().parents[3]
BASE = "https://w3id.org/fikg/"
INFERRED = ox.NamedNode(BASE + "graph/inferred")
PREFIXES = """@prefix : <https://w3id.org/fikg/ontology#> . @prefix x: <https://w3id.org/fikg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# One small graph per rule and per corner of it (anonymous classes, literals, IRIs not ours, cycles).
CASES = {
    "subproperty chain": ":a rdfs:subPropertyOf :b . :b rdfs:subPropertyOf :c . x:s :a x:o .",
    "subclass through an anonymous class": ":A rdfs:subClassOf [ rdfs:subClassOf :B ] . x:i a :A .",
    "union with a superclass": ":U owl:unionOf (:A :B) ; rdfs:subClassOf :D . x:i a :A .",
    "anonymous union with a superclass": "[ owl:unionOf (:A :B) ; rdfs:subClassOf :D ] . x:i a :A .",
    "union as a domain": ":p rdfs:domain [ owl:unionOf (:A :B) ] . x:s :p x:o .",
    "inverse with a literal": ":p owl:inverseOf :q . :q rdfs:range :R ; rdfs:domain :D . x:s :p \"lit\" .",
    "symmetric": ":p a owl:SymmetricProperty ; rdfs:domain :A . x:s :p x:o .",
    "subproperty, domain, subclass": ":a rdfs:subPropertyOf :b . :b rdfs:domain :B . :B rdfs:subClassOf :C . "
                                     "x:s :a x:o .",
    "no schema rules": ":p rdfs:domain :A . :A rdfs:subClassOf :B .",
    "datatype range on an IRI": ":p rdfs:range xsd:integer . x:s :p x:o .",
    "transitive": ":t a owl:TransitiveProperty . :b rdfs:subPropertyOf :t ; owl:inverseOf :n . "
                  "x:a :b x:b . x:b :b x:c . x:c :n x:d .",
    "transitive below others": ":t a owl:TransitiveProperty ; rdfs:subPropertyOf :u ; rdfs:domain :T . "
                               ":u owl:inverseOf :v . :v rdfs:range :V . x:a :t x:b . x:b :t x:c .",
    "transitive and symmetric": ":t a owl:TransitiveProperty, owl:SymmetricProperty . x:a :t x:b . x:b :t x:c .",
    "two transitive": ":t a owl:TransitiveProperty ; rdfs:subPropertyOf :u . :u a owl:TransitiveProperty . "
                      "x:a :t x:b . x:b :u x:c . x:c :t x:d .",
    "subclass cycle": ":A rdfs:subClassOf :B . :B rdfs:subClassOf :A . x:i a :A .",
    "IRIs not ours": ":p rdfs:domain :A . <http://ex/s> :p x:o . x:s :p <http://ex/o> .",
    "blank objects": ":p rdfs:subPropertyOf :q . x:s :p [ :p x:o ] .",
    "functional, one value": ":p a owl:FunctionalProperty ; rdfs:domain :A . x:s :p 1 .",
    "constraints only": ":A owl:disjointWith :B . x:a owl:differentFrom x:b . x:i a :A .",
}


def _store(turtle: str) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.load_data(PREFIXES + turtle, "text/turtle", graph=BASE + "graph/case")
    return store


def _new_triples(store: EmbeddedStore, chunks: list[bytes]) -> set[ox.Triple]:
    """The triples of ``chunks`` no graph of ``store`` asserts (what the build keeps)."""
    triples = {t for chunk in chunks for t in ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES)}
    return {t for t in triples if not any(store.oxigraph().quads_for_pattern(t.subject, t.predicate, t.object))}


@pytest.mark.parametrize("case", sorted(CASES))
def test_compiled_rules_give_the_reference_triples(case: str) -> None:
    store = _store(CASES[case])
    reference = _new_triples(store, [reference_owl_rl(store, BASE)])
    assert _new_triples(store, materialise(store, None, BASE)) == reference


@pytest.mark.parametrize("turtle, named", [
    (":A owl:equivalentClass :B . x:i a :A .", "equivalentClass"),
    (":R owl:onProperty :p ; owl:someValuesFrom :C .", "someValuesFrom"),
    (":p a owl:InverseFunctionalProperty .", "InverseFunctionalProperty"),
    ("x:i a [ owl:unionOf (:A :B) ] .", "anonymous class"),
    (":p a owl:FunctionalProperty . x:s :p x:a, x:b .", "two values"),
    (":p a owl:FunctionalProperty . :q rdfs:subPropertyOf :p .", "derived from other properties"),
    ("rdfs:label rdfs:subPropertyOf rdf:type .", "schema property"),
    ("owl:Thing rdfs:subClassOf :T .", "owl#Thing"),
])
def test_uncovered_constructs_are_named(turtle: str, named: str) -> None:
    store = _store("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . " + turtle)
    with pytest.raises(Uncovered, match=named):
        materialise(store, None, BASE)


def _inferred(settings, reasoner: str) -> tuple[set[ox.Triple], list[str]]:
    """The inferred graph of a build with ``reasoner``, and the build's progress messages."""
    store = EmbeddedStore(None)
    messages: list[str] = []
    build(settings.with_(reasoner=reasoner), store=store, progress=lambda step, *_: messages.append(step))
    return {q.triple for q in store.quads_in(INFERRED)}, messages


def test_real_graph_compiled_equals_reference(real_store: EmbeddedStore) -> None:
    """The whole build (OWL 2 RL, then the rules, then minus asserted) on 苏政发〔2023〕104号."""
    compiled = {q.triple for q in real_store.quads_in(INFERRED)}
    reference, _ = _inferred(load_settings(environ={}, store_path=":memory:", validate=False), "reference")
    assert len(compiled) > 20_000
    assert compiled == reference


def test_generated_graph_compiled_equals_reference(tmp_path: Path) -> None:
    """A generated 10k-triple graph (many documents, shared agencies) with our ontology and rules."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "queries" / "rules", project / "queries" / "rules")
    (project / "data").mkdir()
    generate.write_graph(project / "data" / "generated.ttl", 10_000)
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    compiled, messages = _inferred(settings, "compiled")
    assert not any("reference reasoner" in m for m in messages)
    reference, _ = _inferred(settings, "reference")
    assert len(compiled) > 1_000
    assert compiled == reference


def test_uncovered_ontology_falls_back_to_the_reference(project: Path) -> None:
    (project / "data" / "equivalent.ttl").write_text(
        PREFIXES + ":Material owl:equivalentClass :Substance . x:m a :Material .")
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    fallback, messages = _inferred(settings, "compiled")
    assert any("reference reasoner" in m and "equivalentClass" in m for m in messages)
    assert ox.Triple(ox.NamedNode(BASE + "id/m"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     ox.NamedNode(BASE + "ontology#Substance")) in fallback
    assert fallback == _inferred(settings, "reference")[0]


def test_taxonomy_with_a_transitive_property(project: Path) -> None:
    (project / "data" / "taxonomy.ttl").write_text((DATA / "taxonomy.ttl").read_text())
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False)
    compiled, messages = _inferred(settings, "compiled")
    assert not any("reference reasoner" in m for m in messages)
    assert compiled == _inferred(settings, "reference")[0]
