"""Every named query answers the same on the embedded store, the Oxigraph server and Virtuoso.

The real graph of the document is built once, copied into each engine, and every named query of the
catalogue is asked with its example parameters (and a few SPARQL queries over the whole union) through
the app on each store; the answers must be equal, row for row and in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.helpers.built_graph import built_store, real_settings
from tests.helpers.stores import POOLS, REMOTE_KINDS, app_client
from tests.remote.conftest import known_gap

KINDS = REMOTE_KINDS  # tests/helpers/stores.py's names: "remote" (the Oxigraph server) and "virtuoso"
NAMED = sorted(path.stem for path in (Path(__file__).parents[2] / "queries").glob("*.rq"))
# Virtuoso 7.2.5 evaluates a property path inside FILTER NOT EXISTS (or MINUS) whose ends are bound
# outside it wrongly: the "most specific class" filter of these queries lets general classes through.
VIRTUOSO_WRONG = {"platforms", "regions"}
# The named queries scoped to their document (issue 23): Virtuoso 7.2.5 fails to compile some (sqlo.c:1075) and
# answers others differently (docs/deploy.md, "Named queries scoped to their document").
VIRTUOSO_DOCUMENT_SCOPED = {"agencies-for-technology", "industries", "measures-of-agency", "search", "sources",
                            "targets", "technologies-of-industry"}
ANSWERS_NOTHING_ON_THE_SEED = {"related-documents"}  # the seed states no link to another document
UNION_QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "ASK { ?s <https://w3id.org/fikg/ontology#isLead> true }",
]


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, TestClient]]:
    real = built_store()
    opened = {"embedded": app_client("embedded", real_settings(), real)}
    opened.update({kind: app_client(kind, real_settings(), real) for kind in KINDS})
    try:
        yield {kind: client.__enter__() for kind, client in opened.items()}
    finally:
        for client in opened.values():
            client.__exit__(None, None, None)
        for kind in KINDS:
            POOLS[kind].close()


def answers(clients: dict[str, TestClient], path: str, **params: str) -> dict[str, object]:
    """The answer of each store to one request (JSON rows, or SPARQL JSON results)."""
    found = {}
    for kind, client in clients.items():
        response = client.get(path, params=params, headers={"Accept": "application/json"}
                              if path.startswith("/queries") else {"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, (kind, path, response.text)
        found[kind] = response.json()
    return found


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMED)
def test_every_named_query_answers_alike_on_every_store(clients: dict[str, TestClient], name: str, kind: str,
                                                        request: pytest.FixtureRequest) -> None:
    if name in VIRTUOSO_WRONG:
        known_gap(request, "virtuoso", "Virtuoso: property path in NOT EXISTS")
    if name in VIRTUOSO_DOCUMENT_SCOPED:
        known_gap(request, "virtuoso", "Virtuoso 7.2.5: the document-scoped named queries (docs/deploy.md)")
    example = next(q["example_url"] for q in clients["embedded"].get("/queries").json() if q["name"] == name)
    url = urlsplit(example)
    found = answers({k: clients[k] for k in ("embedded", kind)}, url.path, **dict(parse_qsl(url.query)))
    assert found["embedded"] or name in ANSWERS_NOTHING_ON_THE_SEED, name
    assert found[kind] == found["embedded"]


@pytest.mark.parametrize("sparql", UNION_QUERIES)
def test_queries_over_the_union_answer_alike(clients: dict[str, TestClient], sparql: str) -> None:
    found = answers(clients, "/sparql", query=sparql)
    for kind in KINDS:
        assert found[kind] == found["embedded"], kind
