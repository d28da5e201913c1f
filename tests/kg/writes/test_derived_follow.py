"""Derived graphs follow the data (issue 17 item 5): CLEAR/DROP ALL and NAMED by a writer empty the derived graph
with the data, journaled; a client's own edit of the derived graph stays refused (403)."""

from __future__ import annotations

import pytest

from kg.build.pipeline import build
from kg.errors import ForbiddenOperationError
from kg.journal import open_journal, replay
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.writes import gate
from tests.helpers.built_graph import real_settings
from tests.helpers.random_writes import derived_triples, full_derivation

INFERRED = "https://w3id.org/fikg/graph/inferred"
TINY = "https://w3id.org/fikg/graph/tiny"
TECHNOLOGY = "https://w3id.org/fikg/id/technology/derived-follow"
# fikg:industry's domain and range type both ends: two derived triples
ENTAILING = (f"INSERT DATA {{ GRAPH <{TINY}> {{ <{TECHNOLOGY}> <https://w3id.org/fikg/ontology#industry> "
             "<https://w3id.org/fikg/id/industry/derived-follow> } }")
EVERYTHING = ["CLEAR ALL", "DROP ALL", "CLEAR NAMED", "DROP NAMED", "CLEAR SILENT ALL", "DROP SILENT NAMED"]
OWN_EDITS = [
    f"CLEAR GRAPH <{INFERRED}>",
    f"DROP GRAPH <{INFERRED}>",
    f"DELETE DATA {{ GRAPH <{INFERRED}> {{ <{TECHNOLOGY}> a <https://w3id.org/fikg/ontology#Technology> }} }}",
    f"DELETE WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}",
    f"INSERT DATA {{ GRAPH <{INFERRED}> {{ <http://ex/a> <http://ex/b> 'c' }} }}",
    f"ADD <{TINY}> TO <{INFERRED}>",
    f"COPY <{TINY}> TO <{INFERRED}>",
    f"CLEAR ALL ; INSERT DATA {{ GRAPH <{INFERRED}> {{ <http://ex/a> <http://ex/b> 'c' }} }}",
]


@pytest.fixture
def reasoning(project) -> Settings:
    """The tiny project with OWL 2 RL reasoning and the rules on (the defaults), journaled in memory."""
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    assert settings.reasoning
    return settings


@pytest.fixture
def derived_store(reasoning: Settings, executor) -> EmbeddedStore:
    """The tiny project built, with a write whose derivation is not empty."""
    store = EmbeddedStore(None)
    build(reasoning, store=store)
    gate.apply_update(store, ENTAILING, reasoning, executor=executor)
    assert len(derived_triples(store, reasoning)) == 2
    return store


@pytest.mark.parametrize("update", EVERYTHING)
def test_clearing_everything_clears_the_derived_graph_too_and_is_journaled(derived_store, reasoning, update,
                                                                          executor) -> None:
    journal = open_journal(reasoning, derived_store)
    before = len(list(derived_store.quads()))
    result = gate.apply_update(derived_store, update, reasoning, executor=executor, client="ministry")
    assert list(derived_store.quads()) == [] and derived_store.count_triples() == 0
    assert len(result.derived.removed) == 2 and result.removed == before - 2
    entry = journal.entries()[-1]
    assert (entry.operation, entry.client, entry.removed) == ("update", "ministry", before)
    assert set(replay(journal)) == set(derived_store.quads())
    assert derived_triples(derived_store, reasoning) == full_derivation(derived_store, reasoning) == set()
    if update.startswith("DROP"):
        assert INFERRED not in {g.value for g in derived_store.oxigraph().named_graphs()}


@pytest.mark.parametrize("update", OWN_EDITS)
def test_an_explicit_edit_of_the_derived_graph_stays_refused(derived_store, reasoning, update, executor) -> None:
    before = set(derived_store.quads())
    with pytest.raises(ForbiddenOperationError, match="cannot be written"):
        gate.apply_update(derived_store, update, reasoning, executor=executor)
    assert set(derived_store.quads()) == before


def test_removing_the_data_a_derivation_rests_on_takes_the_derivation_with_it(derived_store, reasoning,
                                                                             executor) -> None:
    """Clearing the data graph (the ontology stays) removes exactly the triples derived from it."""
    result = gate.apply_update(derived_store, f"CLEAR GRAPH <{TINY}>", reasoning, executor=executor)
    assert len(result.derived.removed) == 2
    assert derived_triples(derived_store, reasoning) == full_derivation(derived_store, reasoning)


def test_clear_all_on_the_real_graph_leaves_nothing_and_is_journaled(real_store: EmbeddedStore, executor) -> None:
    """The real graph of 苏政发〔2023〕104号 (thousands of derived triples): CLEAR ALL by a writer, then nothing."""
    settings = real_settings()
    copy = EmbeddedStore(None)
    copy.add_quads(real_store.quads())
    derived = len(derived_triples(copy, settings))
    assert derived > 1000
    journal = open_journal(settings, copy)
    before = len(list(copy.quads()))
    result = gate.apply_update(copy, "CLEAR ALL", settings, executor=executor, client="ministry")
    assert list(copy.quads()) == [] and len(result.derived.removed) == derived
    assert journal.entries()[-1].removed == before
    assert derived_triples(copy, settings) == full_derivation(copy, settings) == set()
