"""A world to validate: the ontology and the conforming base world (tests/data/shapes/base.ttl) in a store."""

from __future__ import annotations

from kg.rdf.model import NamedNode
from kg.store.embedded import EmbeddedStore
from tests.helpers.shapes import FIXTURES, ROOT

GRAPH = NamedNode("https://w3id.org/fikg/graph/test")


def new_world() -> EmbeddedStore:
    """The ontology and the conforming base world in an in-memory store."""
    store = EmbeddedStore(None)
    for path in [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]:
        store.load(path, graph=f"https://w3id.org/fikg/graph/ontology/{path.stem}")
    store.load(FIXTURES / "base.ttl", graph=GRAPH.value)
    return store


def keys(results) -> list[tuple]:
    return sorted(r.key for r in results)
