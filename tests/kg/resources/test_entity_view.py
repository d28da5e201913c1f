"""kg.entity_view: facts with the sentences that state them, coverage with its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.resources.entity_view import describe_entity
from kg.store.embedded import EmbeddedStore
from tests.helpers.built_graph import built_store
from tests.helpers.documents import NATIONAL, SEED, multi_document_store

DATA = Path(__file__).parents[2] / "data"
BASE = "https://w3id.org/fikg/"
FIKG = "https://w3id.org/fikg/ontology#"


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.load(DATA / "pages.ttl", graph="https://w3id.org/fikg/graph/pages")
    return store


def test_unknown_or_malformed_entities_are_none(store: EmbeddedStore) -> None:
    assert describe_entity(store, BASE, "technology", "no-such-thing") is None
    assert describe_entity(store, BASE, "technology", "bad slug>") is None


def test_a_stated_relation_carries_its_sentence_and_section(store: EmbeddedStore) -> None:
    view = describe_entity(store, BASE, "measure", "scenario-pull")
    [names] = [g for g in view.groups if g.property.iri == FIKG + "namesIndustry"]
    [fact] = names.facts
    assert fact.resource.slug == "hydrogen-energy" and not names.incoming
    assert [(c.section, c.text[:4]) for c in fact.citations] == [("三(三)", "围绕氢能")]


def test_literals_keep_their_language_and_incoming_links_are_marked(store: EmbeddedStore) -> None:
    view = describe_entity(store, BASE, "industry", "hydrogen-energy")
    incoming = {g.property.iri for g in view.groups if g.incoming}
    assert {FIKG + "belongsToIndustry", FIKG + "namesIndustry"} <= incoming
    assert not any(g.property.iri == FIKG + "viaIndustry" for g in view.groups)  # coverage bookkeeping hidden


def test_technology_coverage_names_agency_measure_and_evidence(store: EmbeddedStore) -> None:
    view = describe_entity(store, BASE, "technology", "seawater-hydrogen")
    [coverage] = view.coverage
    assert coverage.explicit and coverage.is_agency
    assert (coverage.agent.slug, coverage.measure.slug, coverage.industry.slug) == \
        ("science-department", "scenario-pull", "hydrogen-energy")
    assert [c.text for c in coverage.evidence] == [
        "围绕氢能等领域前沿科技，建设验证场景，突破海水制氢技术。",  # the measure names 氢能
        "氢能：突破海水制氢等关键技术。",  # 海水制氢 belongs to 氢能
        "（省科技厅等按职责分工负责）",  # the clause lists the agency
    ]
    assert [c.section for c in view.sources] == ["三(三)"]


def test_an_agency_lists_the_measures_it_is_responsible_for(store: EmbeddedStore) -> None:
    view = describe_entity(store, BASE, "agency", "science-department")
    [group] = [g for g in view.groups if g.property.iri == FIKG + "hasResponsibility"]
    assert group.incoming and group.property.labels.en.startswith("responsible for")
    assert [(f.resource.slug, f.citations[0].text) for f in group.facts] == \
        [("scenario-pull", "（省科技厅等按职责分工负责）")]


def test_a_sentence_lists_what_it_names(store: EmbeddedStore) -> None:
    view = describe_entity(store, BASE, "sentence", "doc-1-3-3-s1")
    [named] = [g for g in view.groups if g.property.iri == FIKG + "sourceSentence"]
    assert named.incoming
    assert {f.resource.slug for f in named.facts} == {"seawater-hydrogen", "2030-scenarios"}
    [text] = [g for g in view.groups if g.property.iri == FIKG + "text"]
    assert text.facts[0].literal_lang == "zh"


def test_facts_from_several_documents_are_grouped_by_document() -> None:
    """Issue 23: the seed's page lists what each citing document says of it under that document, its own facts
    under itself, and the facts no sentence states last."""
    view = describe_entity(multi_document_store(), "https://w3id.org/fikg/", "document", "jiangsu-2023-104")
    grouped = [(g.document.iri if g.document else None, g.property.iri.rsplit("#", 1)[-1], g.incoming)
               for g in view.groups]
    assert (NATIONAL, "cites", True) in grouped and (SEED, "has_part", False) in grouped
    documents = [d for d, _, _ in grouped]
    assert documents == sorted(documents, key=lambda d: (d is None, d or ""))  # each document's groups together
    assert all(c.document == NATIONAL for g in view.groups if g.document and g.document.iri == NATIONAL
               for f in g.facts for c in f.citations)


def test_facts_of_one_document_are_not_split() -> None:
    view = describe_entity(built_store(), "https://w3id.org/fikg/", "document", "jiangsu-2023-104")
    assert all(g.document is None for g in view.groups)
