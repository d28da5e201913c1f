"""kg.replication: replicas that follow the feed equal the live dataset after 200 random writes.

The writes go through the real app (the gate: validation, derivation, the journal): inserts (some with
blank nodes), deletes of quads the store holds, deletes by pattern, graph drops, ontology edits that the
derived graph follows, and a rebuild half-way.
One replica replays the whole feed from empty; another is stopped half-way through the feed while the
writes go on, then resumes with ``?after=`` the change it had reached; a third, in a real ``oxigraph
serve`` fed SPARQL Updates, stopped and resumed the same way, holds the live dataset skolemised.
"""

from __future__ import annotations

import random

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.build.replication import mark_path, read_mark, replicate, replicate_to_sparql
from kg.errors import KgError
from kg.journal.skolem import GENID, skolemise
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project
from tests.helpers.stores import OxigraphServer

WRITES = 200
GRAPHS = [f"https://w3id.org/fikg/graph/notes-{n}" for n in range(3)]
WRITE = {"Authorization": "Bearer secret", "Content-Type": "application/sparql-update"}
ONTOLOGY = "https://w3id.org/fikg/graph/ontology"
FIKG = "https://w3id.org/fikg/ontology#"
INFERRED = "https://w3id.org/fikg/graph/inferred"
FEED = "http://testserver"


def random_write(rng: random.Random, store: EmbeddedStore) -> str:
    graph = rng.choice(GRAPHS)
    subject = f"<http://ex/s{rng.randrange(30)}>"
    roll = rng.random()
    if roll < 0.06:  # an ontology edit: the derived graph follows (each technology gains or loses a type)
        edit = f"<{FIKG}Technology> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://ex/Top{rng.randrange(3)}>"
        held = any(str(q).startswith(edit) for q in store.quads(ONTOLOGY))
        return f"{'DELETE' if held else 'INSERT'} DATA {{ GRAPH <{ONTOLOGY}> {{ {edit} }} }}"
    held = [q for g in GRAPHS for q in store.quads(g)]
    if roll < 0.55 or not held:
        if rng.random() < 0.2:
            return f"INSERT DATA {{ GRAPH <{graph}> {{ {subject} <http://ex/note> [ <http://ex/text> " \
                   f"'{rng.randrange(1000)}'@en ] }} }}"

        return f"INSERT DATA {{ GRAPH <{graph}> {{ {subject} <http://ex/p{rng.randrange(3)}> {rng.randrange(50)} }} }}"
    if roll < 0.80:
        plain = [q for q in held if not isinstance(q.object, ox.BlankNode) and not isinstance(q.subject, ox.BlankNode)]
        if not plain or rng.random() < 0.15:  # a subject's notes, blank nodes and all
            return f"DELETE WHERE {{ GRAPH <{graph}> {{ {subject} <http://ex/note> ?n . ?n ?p ?o }} }}"
        quad = rng.choice(plain)
        return f"DELETE DATA {{ GRAPH <{quad.graph_name.value}> {{ {quad.subject} {quad.predicate} {quad.object} }} }}"
    if roll < 0.92:
        return f"DELETE WHERE {{ GRAPH <{graph}> {{ {subject} ?p ?o }} }}"
    return f"DROP SILENT GRAPH <{graph}>"


@pytest.mark.timeout(900)
def test_replicas_from_empty_and_resumed_equal_the_live_dataset(tmp_path) -> None:
    settings = load_settings(environ={}, project_dir=make_project(tmp_path / "project"), store_path=":memory:",
                             reasoning=True, query_workers=1, write_tokens="ministry:secret", feed_page_changes=16)
    store = EmbeddedStore(None)
    build(settings, store=store)
    rng = random.Random(18)
    resumed = tmp_path / "resumed" / "store"
    with TestClient(create_app(settings, store=store)) as client:
        accepted = 0
        for number in range(WRITES):
            if number == WRITES // 2:
                build(settings, store=store)  # a rebuild: the API writes re-applied, the publication journaled
                first = replicate(client, FEED, resumed, max_changes=40)  # stopped half-way through the feed
                assert first.applied == 40 and read_mark(mark_path(resumed), FEED) == first.last
            answer = client.post("/update", content=random_write(rng, store), headers=WRITE)
            assert answer.status_code in (200, 204, 422), answer.text
            accepted += answer.status_code != 422
        full = replicate(client, FEED, tmp_path / "full" / "store")
        second = replicate(client, FEED, resumed)
        again = replicate(client, FEED, resumed)
        writes = client.get("/audit").json()["writes"]
        feed_length = len(writes)
        derived = sum(g["added"] + g["removed"] for w in writes for g in w["graphs"] if g["graph"] == INFERRED)
    live = set(store.quads())
    assert accepted >= WRITES * 0.9 and feed_length >= accepted
    assert second.applied == full.applied - 40 and again.applied == 0 and second.last == full.last
    for path in (tmp_path / "full" / "store", resumed):
        replica = ox.Store(str(path))
        assert set(replica) == live, f"the replica at {path} differs from the live dataset"
        del replica
    assert any(isinstance(q.object, ox.BlankNode) for q in live), "the writes must exercise blank nodes"
    assert derived >= 10, "the writes must change the derived graph"


def test_a_replica_refuses_another_feed_and_an_unknown_change(tmp_path) -> None:
    settings = load_settings(environ={}, project_dir=make_project(tmp_path / "project"), store_path=":memory:",
                             reasoning=False, query_workers=1)
    store = EmbeddedStore(None)
    build(settings, store=store)
    with TestClient(create_app(settings, store=store)) as client:
        target = tmp_path / "replica"
        assert replicate(client, FEED, target).applied == 1  # the first build's publication
        with pytest.raises(KgError, match="follows"):
            replicate(client, "http://elsewhere", target)
        mark_path(target).write_text('{"feed": "http://testserver", "last": "uuid:unknown"}')
        with pytest.raises(KgError, match="does not know"):
            replicate(client, FEED, target)


@pytest.mark.timeout(900)
def test_a_replica_in_a_real_oxigraph_server_equals_the_live_dataset_skolemised(tmp_path) -> None:
    settings = load_settings(environ={}, project_dir=make_project(tmp_path / "project"), store_path=":memory:",
                             reasoning=True, query_workers=1, write_tokens="ministry:secret", feed_page_changes=16)
    store = EmbeddedStore(None)
    build(settings, store=store)
    rng = random.Random(19)
    server = OxigraphServer()
    mark = tmp_path / "oxigraph.replica.json"
    try:
        with TestClient(create_app(settings, store=store)) as client, httpx.Client(timeout=60) as engine:
            for number in range(WRITES):
                if number == WRITES // 2:
                    build(settings, store=store)
                    assert replicate_to_sparql(client, FEED, server.update_url, mark, max_changes=40,
                                               update_client=engine).applied == 40
                client.post("/update", content=random_write(rng, store), headers=WRITE)
            replicate_to_sparql(client, FEED, server.update_url, mark, update_client=engine)
        dump = httpx.get(server.store_url, headers={"Accept": "application/n-quads"}, timeout=60)
        dump.raise_for_status()
        remote = set(ox.parse(dump.content, format=ox.RdfFormat.N_QUADS))
    finally:
        server.stop()
    live = {skolemise(q) for q in store.quads()}
    assert remote == live
    assert any(q.object.value.startswith(GENID) for q in remote), "the writes must exercise blank nodes"
