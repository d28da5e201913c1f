"""Workers answer from an in-memory copy of an on-disk store that fits (settings.serve_memory_max_triples)."""

from __future__ import annotations

import pytest

from kg.build.pipeline import build
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from kg.store.live import open_store
from kg.writes import gate

TSV = "text/tab-separated-values"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


@pytest.mark.parametrize(("limit", "kind"), [(2_000_000, "disk-memory"), (10, "disk"), (0, "disk")])
def test_the_size_limit_chooses_memory_or_disk(settings: Settings, limit: int, kind: str) -> None:
    build(settings)
    store = open_store(settings)
    try:
        with QueryExecutor(settings.with_(serve_memory_max_triples=limit), workers=1) as executor:
            assert executor._source(store).kind == kind
    finally:
        store.close()


def test_memory_copy_answers_exactly_as_the_disk_and_follows_writes(settings: Settings, executor) -> None:
    build(settings)
    store = open_store(settings)
    try:
        with QueryExecutor(settings, workers=1) as memory, \
                QueryExecutor(settings.with_(serve_memory_max_triples=0), workers=1) as disk:
            request = QueryRequest(ALL, TSV)
            assert memory.execute(store, request).body == disk.execute(store, request).body
            gate.apply_update(store, "INSERT DATA { <http://ex/a> <http://ex/b> 'written' }", settings,
                              executor=executor)
            after = memory.execute(store, request).body
            assert b'"written"' in after  # the write reached the disk store, and the copy was refreshed
            assert after == disk.execute(store, request).body
            assert store.ask("ASK { <http://ex/a> <http://ex/b> 'written' }")  # the durable copy has it
    finally:
        store.close()
