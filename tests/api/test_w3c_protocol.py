"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol test manifests, replayed against the app.

Each test is a sequence of HTTP requests with expected status classes, booleans, result kinds
or graphs. Paths are mapped onto this server: ``/sparql/`` → ``/sparql`` (queries) or ``/update``
(updates), ``/gsp`` → ``/store``; every request carries the write token. Cases that do not apply
are skipped with the reason in ``NOT_APPLICABLE``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from tests.helpers.api import open_client, tiny_settings
from tests.helpers.project import DATA

SUITE = DATA / "w3c-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = "w3c-token"
STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404},
          **{f"StatusCode{n}xx": set(range(n * 100, n * 100 + 100)) for n in (2, 3, 4, 5)}}
NOT_APPLICABLE: dict[str, str] = {}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}


def load_manifest(name: str) -> tuple[rdflib.Graph, list[rdflib.URIRef]]:
    graph = rdflib.Graph().parse(SUITE / name, format="turtle", publicID=(SUITE / name).as_uri())
    manifest = graph.value(predicate=rdflib.RDF.type, object=MF.Manifest, any=True)
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


PROTOCOL = load_manifest("protocol-manifest.ttl")
GRAPH_STORE = load_manifest("graph-store-manifest-indirect.ttl")
CASES = [pytest.param(graph, entry, id=entry.split("#")[-1])
         for graph, entries in (PROTOCOL, GRAPH_STORE) for entry in entries]


def local(term: rdflib.term.Node) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def headers_of(graph: rdflib.Graph, node: rdflib.term.Node) -> dict[str, str]:
    items = graph.value(node, HT.headers)
    return {str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
            for h in (Collection(graph, items) if items else [])}


def body_of(graph: rdflib.Graph, node: rdflib.term.Node) -> tuple[str | None, str]:
    body = graph.value(node, HT.body)
    if body is None:
        return None, "utf-8"
    return str(graph.value(body, CNT.chars)), str(graph.value(body, CNT.characterEncoding) or "utf-8")


def target(method: str, path: str, headers: dict[str, str], body: str | None) -> str:
    """The path on this server: /gsp → /store, /sparql/ → /sparql or /update."""
    parts = urlsplit(path)
    query = f"?{parts.query}" if parts.query else ""
    if parts.path.startswith("/gsp"):
        return "/store" + query
    kind = headers.get("content-type", "")
    is_update = kind.startswith("application/sparql-update") or (
        kind.startswith("application/x-www-form-urlencoded") and (body or "").startswith("update=")
    ) or (method == "GET" and "update=" in parts.query)
    return ("/update" if is_update and method == "POST" else "/sparql") + query


def check_response(graph: rdflib.Graph, expected: rdflib.term.Node, response, name: str) -> None:
    allowed = set().union(*(STATUS[local(s)] for s in graph.objects(expected, MF.expectedStatus)))
    if allowed:
        assert response.status_code in allowed, f"{name}: {response.status_code} {response.text[:300]}"
    kind = response.headers.get("content-type", "").split(";")[0]
    form = graph.value(expected, MF.expectedFormat)
    if form is not None and str(form) == "boolean" and graph.value(expected, MF.expectedBoolean) is not None:
        answer = json.loads(response.text)["boolean"] if "json" in kind else "<boolean>true</boolean>" in response.text
        assert answer == graph.value(expected, MF.expectedBoolean).toPython(), name
    elif form is not None and str(form) == "RDF":
        assert kind in RDF_TYPES, name
    elif form is not None and str(form) == "tabular":
        assert kind.startswith(("application/sparql-results", "text/csv", "text/tab-separated-values")), name
    wanted_type = headers_of(graph, expected).get("content-type")
    if wanted_type:
        assert kind == wanted_type.split(";")[0].strip(), name
    text, _ = body_of(graph, expected)
    if text is not None and kind in RDF_TYPES:
        wanted = rdflib.Graph().parse(data=text, format=RDF_TYPES[wanted_type.split(";")[0].strip()])
        got = rdflib.Graph().parse(data=response.text, format=RDF_TYPES[kind])
        assert isomorphic(wanted, got), f"{name}: {response.text}"


@pytest.mark.parametrize(("graph", "entry"), CASES)
def test_w3c_protocol_case(graph: rdflib.Graph, entry: rdflib.URIRef, tmp_path: Path, store_kind: str) -> None:
    name = local(entry)
    if name in NOT_APPLICABLE:
        pytest.skip(NOT_APPLICABLE[name])
    settings = tiny_settings(tmp_path, write_token=TOKEN)
    with open_client(settings, store_kind) as client:
        store = client.app.state.live_store.get()
        for data in graph.objects(entry, UT.graphData):
            store.load(Path(urlsplit(str(graph.value(data, UT.graph))).path),
                       graph=str(graph.value(data, rdflib.RDFS.label)))
        action, location = graph.value(entry, MF.action), ""
        for request in Collection(graph, graph.value(action, HT.requests)):
            method = str(graph.value(request, HT.methodName))
            headers = headers_of(graph, request)
            text, encoding = body_of(graph, request)
            path = target(method, str(graph.value(request, HT.absolutePath)).replace("$LOCATION$", location),
                          headers, text)
            response = client.request(method, path, content=text.encode(encoding) if text is not None else None,
                                      headers={**headers, "Authorization": f"Bearer {TOKEN}"})
            check_response(graph, graph.value(request, HT.resp), response, name)
            location = response.headers.get("location", location)
