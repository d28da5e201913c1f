"""Fixtures for the graph tests: the ontology and the data, loaded straight from Turtle."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILES = [ROOT / "ontology" / "kg.ttl", *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]
DATA_FILES = sorted((ROOT / "data").glob("*.ttl"))
FIKG = Namespace("https://w3id.org/fikg/ontology#")
ID = "https://w3id.org/fikg/id/"
DOC = "jiangsu-2023-104"


def _load(files: list[Path]) -> Graph:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return _load(ONTOLOGY_FILES)


@pytest.fixture(scope="session")
def data() -> Graph:
    return _load(DATA_FILES)


@pytest.fixture(scope="session")
def graph(ontology: Graph, data: Graph) -> Graph:
    g = Graph()
    for t in ontology:
        g.add(t)
    for t in data:
        g.add(t)
    return g


@pytest.fixture(scope="session")
def store() -> ox.Store:
    s = ox.Store()
    for f in [*ONTOLOGY_FILES, *DATA_FILES]:
        s.load(path=str(f), format=ox.RdfFormat.TURTLE)
    return s


@pytest.fixture(scope="session")
def sparql(store: ox.Store):
    """A function running a SELECT over ontology + data, returning rows of plain strings."""
    return lambda query: _select(store, query)


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    prefixes = (
        "PREFIX fikg: <https://w3id.org/fikg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    )
    result = store.query(prefixes + query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]
