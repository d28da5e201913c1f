"""`kg build` onto each real engine: staging graphs in chunks, one swap, kills change nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.build.pipeline import build
from kg.build.remote_publication import GraphChange, blank_signature, swap_update
from kg.errors import StoreError, UpdateError, ValidationError
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore
from kg.validation.shacl import ValidationReport
from tests.remote.conftest import Server

TINY = "https://w3id.org/fikg/graph/tiny"
ONTOLOGY = "https://w3id.org/fikg/graph/ontology"


def live_state(store: RemoteStore) -> tuple[dict[str, int], bytes]:
    return {g.iri: g.triples for g in store.graphs()}, store.export("application/n-quads")


def write_big_data(project: Path, triples: int) -> None:
    lines = [f"<http://ex/s{i}> <http://ex/p{i % 7}> \"value {i}\" ." for i in range(triples)]
    (project / "data" / "big.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_build_publishes_every_graph_with_progress(remote_settings: Settings, remote_store: RemoteStore) -> None:
    steps: list[tuple[str, int, int]] = []
    summary = build(remote_settings, progress=lambda *step: steps.append(step))
    assert {g.iri: g.triples for g in remote_store.graphs()} == summary.graphs
    assert {TINY, ONTOLOGY} <= set(summary.graphs)
    assert remote_store.staging_graphs() == []
    pushed = [s for s in steps if s[0].startswith("pushing")]
    assert pushed and pushed[-1][1] == pushed[-1][2] == summary.triples


def test_published_graphs_equal_the_local_build(remote_settings: Settings, remote_store: RemoteStore,
                                                project: Path) -> None:
    (project / "data" / "lists.ttl").write_text(
        "<http://ex/c> <http://ex/r> [ <http://ex/on> <http://ex/p> ; <http://ex/list> (1 2 3 4 5) ] .\n")
    build(remote_settings.with_(remote_chunk_triples=2))  # blank-node structures must not be split
    local = EmbeddedStore(None)
    build(remote_settings.with_(store="embedded"), store=local)
    for graph in local.graphs():
        exported = rdflib.Graph().parse(data=remote_store.export("application/n-triples", graph.iri), format="nt")
        expected = rdflib.Graph().parse(data=local.export("application/n-triples", graph.iri), format="nt")
        assert isomorphic(exported, expected), graph.iri


def test_rebuild_replaces_graphs_and_drops_vanished_sources(remote_settings: Settings, remote_store: RemoteStore,
                                                            project: Path) -> None:
    remote_store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle", graph="http://other/g")
    build(remote_settings)
    (project / "data" / "tiny.ttl").rename(project / "data" / "renamed.ttl")
    build(remote_settings)
    iris = {g.iri for g in remote_store.graphs()}
    assert TINY not in iris and "https://w3id.org/fikg/graph/renamed" in iris
    assert "http://other/g" in iris  # graphs outside the project's namespace are left alone


def test_validation_failure_publishes_nothing(remote_settings: Settings, remote_store: RemoteStore) -> None:
    build(remote_settings)
    before = live_state(remote_store)
    failing = ValidationReport(False, [], rdflib.Graph())
    with pytest.raises(ValidationError):
        build(remote_settings, validator=lambda store: failing)
    assert live_state(remote_store) == before


def test_failure_half_way_leaves_live_graphs_and_is_cleaned_up(remote_settings: Settings,
                                                               remote_store: RemoteStore, project: Path) -> None:
    build(remote_settings)
    before = live_state(remote_store)
    write_big_data(project, 2_000)

    def fail_half_way(step: str, done: int, total: int) -> None:
        if step.startswith("pushing") and done > total // 2:
            raise ConnectionError("network gone")

    with pytest.raises(ConnectionError):
        build(remote_settings.with_(remote_chunk_triples=200), progress=fail_half_way)
    assert live_state(remote_store) == before
    assert remote_store.staging_graphs()  # the half-pushed staging graph is there, unseen by graphs()
    build(remote_settings)
    assert remote_store.staging_graphs() == []
    assert remote_store.count_triples("https://w3id.org/fikg/graph/big") == 2_000


KILLABLE_BUILD = """
import os
import sys
from pathlib import Path

from kg.build.pipeline import build
from kg.settings import load_settings

remote = {k: v for k, v in os.environ.items() if k.startswith("KG_REMOTE_")}  # the server's, from the test
settings = load_settings(environ=remote, project_dir=Path(sys.argv[1]), store="remote", store_path=":memory:",
                         remote_chunk_triples=500, reasoning=False)
build(settings, progress=lambda step, done, total: print(step, done, total, flush=True))
print("finished", flush=True)
"""


def test_kill_half_way_leaves_live_graphs_unchanged(remote_settings: Settings, remote_store: RemoteStore,
                                                    project: Path, server: Server) -> None:
    build(remote_settings)
    before = live_state(remote_store)
    write_big_data(project, 20_000)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | server.environment()
    process = subprocess.Popen([sys.executable, "-c", KILLABLE_BUILD, str(project)], stdout=subprocess.PIPE,
                               text=True, cwd=Path(__file__).parents[2], env=environment)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("pushing big") and int(line.split()[-2]) >= 5_000:
                os.kill(process.pid, signal.SIGKILL)
                break
            assert not line.startswith("finished"), "the build ended before it could be killed"
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert remote_store.staging_graphs()  # killed while pushing
    assert live_state(remote_store) == before


def test_swap_applies_nothing_when_the_staging_graphs_vanished(remote_settings: Settings,
                                                               remote_store: RemoteStore) -> None:
    build(remote_settings)
    before = live_state(remote_store)
    remote_store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle",
                           graph="urn:fikg:staging:other:0:add")
    change = GraphChange(TINY, added=[ox.Triple(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/b"),
                                                ox.NamedNode("http://ex/c"))])
    # another publication cleared this run's guard graph (and any of its staging graphs)
    update = swap_update("urn:fikg:staging:other:guard", [(change, "urn:fikg:staging:other:0:add", "")], [])
    with pytest.raises((StoreError, UpdateError)):  # Oxigraph: "does not exist"; Virtuoso: "never created"
        remote_store.update(update)
    assert live_state(remote_store) == before


def test_rebuild_swaps_only_the_changes_and_ends_equal_to_the_build(remote_settings: Settings,
                                                                    remote_store: RemoteStore,
                                                                    project: Path) -> None:
    restriction = "<http://ex/c> <http://ex/r> [ <http://ex/on> <http://ex/p> ; <http://ex/list> (1 2 3) ] .\n"
    (project / "data" / "lists.ttl").write_text(restriction + "<http://ex/c> <http://ex/label> \"one\" .\n")
    build(remote_settings)
    remote_store.load_data("<http://ex/w> <http://ex/written> <http://ex/api> .", "text/turtle", graph=TINY)
    (project / "data" / "lists.ttl").write_text(restriction + "<http://ex/c> <http://ex/label> \"two\" .\n")
    steps: list[tuple[str, int, int]] = []
    build(remote_settings, progress=lambda *step: steps.append(step))
    pushed = [s for s in steps if s[0].startswith("pushing")]
    # the changed label (removed and added) and the triple written through the API (removed): no blank nodes
    assert pushed and pushed[-1][2] == 3
    local = EmbeddedStore(None)
    build(remote_settings.with_(store="embedded"), store=local)
    assert {g.iri: g.triples for g in remote_store.graphs()} == {g.iri: g.triples for g in local.graphs()}
    for graph in local.graphs():
        exported = rdflib.Graph().parse(data=remote_store.export("application/n-triples", graph.iri), format="nt")
        expected = rdflib.Graph().parse(data=local.export("application/n-triples", graph.iri), format="nt")
        assert isomorphic(exported, expected), graph.iri
    (project / "data" / "lists.ttl").write_text(restriction.replace("(1 2 3)", "(1 2 4)"))
    build(remote_settings)  # a changed blank-node structure is replaced as a whole
    lists = rdflib.Graph().parse(data=remote_store.export("application/n-triples",
                                                         "https://w3id.org/fikg/graph/lists"), format="nt")
    assert isomorphic(lists, rdflib.Graph().parse(data=restriction.replace("(1 2 3)", "(1 2 4)"), format="turtle"))
    assert remote_store.staging_graphs() == []


def test_blank_signature_ignores_labels_and_sees_structure() -> None:
    one = list(ox.parse("<http://ex/c> <http://ex/r> [ <http://ex/on> <http://ex/p> ; <http://ex/l> (1 2) ] .",
                        format=ox.RdfFormat.TURTLE))
    again = list(ox.parse("<http://ex/c> <http://ex/r> [ <http://ex/on> <http://ex/p> ; <http://ex/l> (1 2) ] .",
                          format=ox.RdfFormat.TURTLE))
    other = list(ox.parse("<http://ex/c> <http://ex/r> [ <http://ex/on> <http://ex/p> ; <http://ex/l> (2 1) ] .",
                          format=ox.RdfFormat.TURTLE))
    assert {q.subject for q in one} != {q.subject for q in again}  # fresh blank nodes
    assert blank_signature([q.triple for q in one]) == blank_signature([q.triple for q in again])
    assert blank_signature([q.triple for q in one]) != blank_signature([q.triple for q in other])
