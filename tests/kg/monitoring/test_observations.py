"""The loader on a copy of the real graph: what it writes, what replacing takes away (in any graph), and that a
refused load leaves every quad of the store as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.errors import ObservationError
from kg.monitoring.observations import load_observations
from kg.monitoring.rows import read_csv
from kg.query.executor import QueryExecutor
from kg.rdf.model import Literal, NamedNode, Quad
from kg.store.embedded import EmbeddedStore
from kg.writes.gate import stage
from tests.helpers.built_graph import built_store
from tests.helpers.monitoring import HEADER, ID, monitoring_settings

SETTINGS = monitoring_settings()
PILOT = ID + "target/2030-provincial-future-industry-pilot-zones"
KEY = ID + "observation/jiangsu-2023-104-target-monitoring/provincial-future-industry-pilot-zones-built/"
VALUE = NamedNode("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture
def store() -> EmbeddedStore:
    return stage(built_store())


@pytest.fixture(scope="module")
def executor() -> Iterator[QueryExecutor]:
    with QueryExecutor(SETTINGS, workers=1) as pool:
        yield pool


def load(store: EmbeddedStore, executor: QueryExecutor, body: str):
    return load_observations(store, read_csv(HEADER + body), SETTINGS, executor=executor, client="test")


def values(store: EmbeddedStore, key: str) -> list[tuple[str, str]]:
    quads = store.oxigraph().quads_for_pattern(NamedNode(key), VALUE, None)
    return sorted((q.object.value, q.graph_name.value) for q in quads)


def test_an_observation_and_its_day_are_written_to_the_observations_graph(store, executor) -> None:
    result = load(store, executor, f"{PILOT},2026-06-30,9,P,a release\n")
    assert result.created == [KEY + "2026-06-30"] and result.added == 6 + 7  # the day's facts and the observation's
    assert values(store, KEY + "2026-06-30") == [("9", "https://w3id.org/fikg/graph/observations")]


def test_a_value_held_in_another_graph_is_replaced_too(store, executor) -> None:
    other = NamedNode("https://w3id.org/fikg/graph/notes")
    load(store, executor, f"{PILOT},2025,8,,\n")
    held = Quad(NamedNode(KEY + "2025"), VALUE, Literal("8", datatype=INTEGER), other)
    store.oxigraph().add(held)  # the same value, also stated elsewhere (as a Graph Store write could)
    store.oxigraph().remove(Quad(held.subject, VALUE, held.object, NamedNode("https://w3id.org/fikg/graph/observations")))
    result = load(store, executor, f"{PILOT},2025,9,,\n")
    assert result.replaced == [KEY + "2025"]
    assert values(store, KEY + "2025") == [("9", "https://w3id.org/fikg/graph/observations")]


def test_a_refused_load_leaves_every_quad_as_it_was(store, executor) -> None:
    load(store, executor, f"{PILOT},2024,5,,\n")
    before = set(store.oxigraph())
    with pytest.raises(ObservationError) as refused:
        load(store, executor, f"{PILOT},2025,6,,\n{PILOT},2025,7,,\n{PILOT},2026,-1,,\n")
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "date"), (3, "value")]
    assert set(store.oxigraph()) == before
