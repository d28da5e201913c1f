"""The gate commits exactly the delta it validated and checked, never the update text run again.

The reproductions of the security review's D3 (probes 28–30) with the project's shapes and sources:
an update that removes a blank-node triple (the old gate replayed such updates on the live store) and
whose effect depends on ``RAND()``. Each is sent many times, so both outcomes of the coin occur; in
every try the store, the shapes and the audit hold: what is committed is what was validated, checked
against the protected graphs and recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.report import load_for_validation
from kg.errors import ForbiddenOperationError, KgError, ValidationError
from kg.journal import open_journal
from kg.query.executor import QueryExecutor
from kg.rdf.model import BlankNode, NamedNode
from kg.settings import Settings, load_settings
from kg.store.base import Store
from kg.writes import audit, gate

ROOT = Path(__file__).resolve().parents[3]
BASE = "https://w3id.org/fikg/graph"
NOTES = f"{BASE}/notes-x"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
TECHNOLOGY = "https://w3id.org/fikg/id/technology/ccus-technologies"
TRIES = 24  # each coin comes up both ways in 24 tries but with probability 2 × 2⁻²⁴


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Store, Settings, QueryExecutor]]:
    """The project's sources and shapes, in memory, with one write already in the audit; query workers."""
    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:")
    store = load_for_validation(settings, None)
    with QueryExecutor(settings, workers=1) as executor:
        gate.apply_update(store, f"INSERT DATA {{ GRAPH <{NOTES}> {{ <{TECHNOLOGY}> <{COMMENT}> 'seed' }} }}",
                          settings, executor=executor)
        yield store, settings, executor


def audit_quads(store: Store, settings: Settings) -> set:
    """The audit's PROV-O records, read from the journal (kg.audit): the store of the data holds none."""
    return set(audit.audit_store(open_journal(settings, store), settings).quads(audit.audit_graph(settings)))


def blank_note(world, text: str) -> None:
    store, settings, executor = world
    gate.apply_update(store, f"INSERT DATA {{ GRAPH <{NOTES}> {{ _:b <{COMMENT}> {text!r} }} }}", settings,
                      executor=executor)


def attempt(world, update: str) -> tuple[str, gate.WriteResult | None]:
    """Send ``update``; the outcome ("committed" or the error's name), and the result when committed.
    The audit graph before it must still be there after, and grow by one record exactly when committed."""
    store, settings, executor = world
    before, store_before = audit_quads(store, settings), set(store.quads())
    try:
        result = gate.apply_update(store, update, settings, executor=executor)
    except KgError as exc:
        assert set(store.quads()) == store_before, "a refused write changed the store"
        return type(exc).__name__, None
    after = audit_quads(store, settings)
    assert before < after, "the audit lost triples"
    changed = (set(store.quads()) - store_before, store_before - set(store.quads()))
    assert changed[0] == set(result.delta.added) and changed[1] == set(result.delta.removed), \
        "the store changed otherwise than the delta the gate validated and recorded"
    return "committed", result


def repeat(world, note: str, update: str) -> Counter:
    outcomes: Counter = Counter()
    for _ in range(TRIES):
        blank_note(world, note)
        outcomes[attempt(world, update)[0]] += 1
    return outcomes


def test_a_random_second_label_is_refused_whenever_it_is_drawn(world) -> None:
    """Probe 28: delete a blank-node note, and add a second @zh label under ``FILTER(RAND() < 0.5)``."""
    store, _, _ = world
    update = (f"DELETE {{ GRAPH <{NOTES}> {{ ?b <{COMMENT}> 'bn1' }} }} WHERE {{ GRAPH <{NOTES}> {{ ?b <{COMMENT}> "
              f"'bn1' }} }} ;\nINSERT {{ GRAPH <{NOTES}> {{ <{TECHNOLOGY}> <http://www.w3.org/2000/01/rdf-schema#label>"
              f" ?l }} }} WHERE {{ BIND('第二标签'@zh AS ?l) FILTER(RAND() < 0.5) }}")
    outcomes = repeat(world, "bn1", update)
    assert set(outcomes) == {"committed", ValidationError.__name__}, outcomes
    labels = store.select(f"SELECT ?l WHERE {{ <{TECHNOLOGY}> <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                          "FILTER(lang(?l) = 'zh') }")
    assert len(labels) == 1


def test_a_random_graph_in_an_insert_never_reaches_the_audit(world) -> None:
    """Probe 29: the inserted triple goes to the audit graph or to a notes graph, at random."""
    store, settings, _ = world
    update = (f"DELETE WHERE {{ GRAPH <{NOTES}> {{ ?b <{COMMENT}> 'bn2' }} }} ;\n"
              f"INSERT {{ GRAPH ?g {{ <{TECHNOLOGY}> <{COMMENT}> 'forged' }} }} "
              f"WHERE {{ BIND(IF(RAND() < 0.5, <{audit.audit_graph(settings)}>, <{NOTES}>) AS ?g) }}")
    outcomes = repeat(world, "bn2", update)
    assert set(outcomes) == {"committed", ForbiddenOperationError.__name__}, outcomes
    forged = store.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{TECHNOLOGY}> <{COMMENT}> 'forged' }} }}")
    assert {row["g"].value for row in forged} == {NOTES}


def test_a_random_graph_in_a_delete_never_erases_the_audit(world) -> None:
    """Probe 30: delete everything in the audit graph or in the notes graph, at random. The audit is not in
    the data (it is read from the journal): the delete finds nothing there to remove, and the audit grows."""
    store, settings, _ = world
    update = (f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ BIND(IF(RAND() < 0.5, <{audit.audit_graph(settings)}>, "
              f"<{NOTES}>) AS ?g) GRAPH ?g {{ ?s ?p ?o }} }}")
    audit_before = audit_quads(store, settings)
    outcomes = repeat(world, "bn3", update)
    assert set(outcomes) == {"committed"}, outcomes
    assert audit_before < audit_quads(store, settings)
    assert store.count_triples(audit.audit_graph(settings)) == 0


def test_a_removal_with_blank_nodes_and_a_fresh_blank_node_commit_what_the_audit_records(world) -> None:
    """BNODE(), STRUUID() and NOW() are evaluated once: the store holds the very terms the audit lists."""
    store, settings, _ = world
    blank_note(world, "bn4")
    update = (f"DELETE {{ GRAPH <{NOTES}> {{ ?b <{COMMENT}> 'bn4' }} }} "
              f"INSERT {{ GRAPH <{NOTES}> {{ ?n <{COMMENT}> ?id ; <{COMMENT}> ?t }} }} "
              f"WHERE {{ GRAPH <{NOTES}> {{ ?b <{COMMENT}> 'bn4' }} BIND(BNODE() AS ?n) "
              "BIND(STRUUID() AS ?id) BIND(STR(NOW()) AS ?t) }")
    outcome, result = attempt(world, update)
    assert outcome == "committed" and result is not None and (result.added, result.removed) == (2, 1)
    assert all(isinstance(q.subject, BlankNode) for q in result.delta.added)
    audited = audit.audit_store(open_journal(settings, store), settings)
    record = audited.select(f"SELECT ?added WHERE {{ GRAPH <{audit.audit_graph(settings)}> {{ ?change "
                            f"<{audit.AUDIT}graph> <{NOTES}> ; <{audit.AUDIT}addedTriples> ?added }} }}")
    recorded = {row["added"].value for row in record}
    assert any(all(str(q.triple) + " ." in text for q in result.delta.added) for text in recorded)
    assert all(q in set(store.quads(NOTES)) for q in result.delta.added)
    assert NamedNode(NOTES) in {q.graph_name for q in result.delta.removed}
