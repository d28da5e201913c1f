"""The engine as the reference: what pyoxigraph makes of a text, to compare kg.sparql's parse with.

Queries run on an empty in-memory store and updates on a fresh one, so nothing they do matters
except whether they parse: a SyntaxError means refused, any other outcome (a result, a runtime
error such as DROP of a missing graph, or a refused fetch: every SERVICE and LOAD in the tests
names port 9, which the engine's HTTP client will not even try) means accepted.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QuerySyntaxError
from kg.sparql.parser import parse_query, parse_update

_KINDS = {"QuerySolutions": "select", "QueryBoolean": "ask", "QueryTriples": "graph"}


def engine_query(text: str, base_iri: str | None = None) -> str | None:
    """The engine's result kind ("select", "ask", "graph") or None when it refuses the text."""
    try:
        result = ox.Store().query(text, base_iri=base_iri)
    except SyntaxError:
        return None
    except (OSError, RuntimeError, ValueError):
        return "parsed"  # it parsed, then failed to run (an unknown function, a refused SERVICE)
    return _KINDS[type(result).__name__]


def our_query(text: str, base_iri: str | None = None) -> str | None:
    """The same for kg.sparql's parser: the form as the engine's result kind, or None."""
    try:
        form = parse_query(text, base_iri=base_iri).form
    except QuerySyntaxError:
        return None
    return "graph" if form in ("construct", "describe") else form


def engine_update(text: str, base_iri: str | None = None) -> bool:
    try:
        ox.Store().update(text, base_iri=base_iri)
    except SyntaxError:
        return False
    except (OSError, RuntimeError, ValueError):
        return True  # parsed, then failed to run (DROP of a missing graph, a refused LOAD)
    return True


def our_update(text: str, base_iri: str | None = None) -> bool:
    try:
        parse_update(text, base_iri=base_iri)
    except QuerySyntaxError:
        return False
    return True


def same_query(text: str, base_iri: str | None = None) -> tuple[str | None, str | None]:
    """(engine, ours), with "parsed" matched by any form of ours."""
    engine, ours = engine_query(text, base_iri), our_query(text, base_iri)
    return (ours if engine == "parsed" and ours else engine), ours
