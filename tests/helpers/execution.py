"""Queries and stores for tests of the query executor: a count, a runaway query, a generated store."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.store.embedded import EmbeddedStore

JSON = "application/sparql-results+json"


TIMEOUT = 2.5


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


# A cross product of the tiny data with itself 20 times: far more rows than any test waits for.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"


def generated_store(triples: int = 500) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.add_quads(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                                ox.Literal(i), ox.NamedNode("http://example.org/g")) for i in range(triples))
    return store


def doubling_row(doublings: int) -> str:
    """The review's one-row result of 16 × 2^doublings characters (25: 537 MB)."""
    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(doublings))
    return f'SELECT ?v{doublings} WHERE {{ BIND("0123456789abcdef" AS ?v0) {binds} }}'


def rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (FileNotFoundError, ProcessLookupError):
        return 0
