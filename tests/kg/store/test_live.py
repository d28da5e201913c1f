"""kg.connection: opening the configured store, and LiveStore following new publications."""

from __future__ import annotations

import pytest

from kg.build.pipeline import build
from kg.errors import StoreError
from kg.settings import Settings
from kg.store.live import LiveStore, open_store, store_exists

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triples(store) -> int:
    return int(store.select(COUNT)[0]["n"].value)


def test_nothing_to_open_before_the_first_build(settings: Settings) -> None:
    assert not store_exists(settings)
    with pytest.raises(StoreError, match="kg build"):
        open_store(settings)


def test_live_store_keeps_its_store_until_a_new_publication(settings: Settings, project) -> None:
    build(settings)
    live = LiveStore(settings)
    try:
        first = live.get()
        assert live.get() is first and live.get() is first  # no reopening while nothing is published
        before = triples(first)
        (project / "data" / "more.ttl").write_text("<http://ex/x> <http://ex/y> <http://ex/z> .\n")
        build(settings)
        second = live.get()
        assert second is not first
        assert triples(second) == before + 1
        assert live.get() is second
        assert triples(first) == before  # a request still holding the old store keeps reading it
    finally:
        live.close()
