"""GET /changes, /changes/{id} and /changes/ldes: the journal as a feed, over a real app and store."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from api.main import create_app
from kg.build.pipeline import build
from kg.journal import apply_transaction, read_transactions
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project

NOTES = "https://w3id.org/fikg/graph/notes"
WRITE = {"Authorization": "Bearer secret", "Content-Type": "application/sparql-update"}
AS = "https://www.w3.org/ns/activitystreams#"


@pytest.fixture
def client(tmp_path) -> Iterator[TestClient]:
    settings = load_settings(environ={}, project_dir=make_project(tmp_path / "project"), store_path=":memory:",
                             reasoning=False, query_workers=1, write_tokens="ministry:secret", feed_page_changes=2)
    store = EmbeddedStore(None)
    build(settings, store=store)
    with TestClient(create_app(settings, store=store)) as test_client:
        test_client.app.state.test_store = store
        for update in (f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> a <http://ex/Thing> ; <http://ex/b> 1 }} }}",
                       f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/c> _:n . _:n <http://ex/d> 2 }} }}",
                       f"DELETE WHERE {{ GRAPH <{NOTES}> {{ <http://ex/a> ?p ?o }} }}"):
            assert test_client.post("/update", content=update, headers=WRITE).status_code == 200
        yield test_client


def follow(client: TestClient, url: str = "/changes") -> tuple[list[bytes], list]:
    """Every page from ``url`` on, following rel=next until a page is empty."""
    bodies, answers = [], []
    while True:
        answer = client.get(url)
        assert answer.status_code == 200
        if not answer.content:
            return bodies, answers
        bodies.append(answer.content)
        answers.append(answer)
        url = answer.links["next"]["url"]


def test_the_feed_replayed_is_the_live_dataset(client) -> None:
    bodies, answers = follow(client)
    assert len(bodies) == 2  # the build's publication and three writes, two a page
    assert all(a.headers["content-type"].startswith("application/rdf-patch") for a in answers)
    transactions = [t for body in bodies for t in read_transactions(body.decode("utf-8"))]
    assert transactions[0].operation == "build" and transactions[0].prev is None
    assert [t.prev for t in transactions[1:]] == [t.id for t in transactions[:-1]]
    replica = ox.Store()
    for transaction in transactions:
        apply_transaction(replica, transaction)
    assert set(replica) == set(client.app.state.test_store.quads())


def test_complete_pages_are_immutable_and_the_last_one_is_revalidated(client) -> None:
    first = client.get("/changes")
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert first.headers["etag"].startswith('"')
    last = client.get(first.links["next"]["url"])
    assert last.headers["cache-control"] == "public, max-age=31536000, immutable"  # two changes: full
    tail = client.get(last.links["next"]["url"])
    assert tail.content == b"" and tail.headers["cache-control"] == "no-cache"
    again = client.get(last.links["next"]["url"], headers={"If-None-Match": tail.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    client.post("/update", content=f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/z> <http://ex/b> 3 }} }}",
                headers=WRITE)
    grown = client.get(last.links["next"]["url"], headers={"If-None-Match": tail.headers["etag"]})
    assert grown.status_code == 200 and b"<http://ex/z>" in grown.content
    assert grown.headers["cache-control"] == "no-cache"


def test_after_and_limit_and_one_change(client) -> None:
    ids = [t.id for t in read_transactions(client.get("/changes", params={"limit": 1}).text)]
    assert len(ids) == 1
    following = list(read_transactions(client.get("/changes", params={"after": ids[0], "limit": 1}).text))
    assert len(following) == 1 and following[0].prev == ids[0]
    assert client.get("/changes", params={"after": "", "limit": 1}).content == \
        client.get("/changes", params={"limit": 1}).content  # an empty `after`: the start
    one = client.get(f"/changes/{following[0].id}")
    assert one.headers["cache-control"].endswith("immutable")
    assert [t.id for t in read_transactions(one.text)] == [following[0].id]


def test_an_unknown_change_is_404_problem_json(client) -> None:
    for answer in (client.get("/changes", params={"after": "uuid:unknown"}), client.get("/changes/uuid:unknown"),
                   client.get("/changes/ldes", params={"after": "uuid:unknown"})):
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["title"] == "UnknownChangeError"


def test_the_ldes_stream_has_one_member_per_change_with_create_update_delete(client) -> None:
    turtle = client.get("/changes/ldes", params={"limit": 100}, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "Accept" in turtle.headers["vary"]
    graph = ox.Store()
    graph.load(turtle.content, format=ox.RdfFormat.TURTLE)
    members = [r["m"] for r in graph.query(
        "SELECT ?m WHERE { ?s a <https://w3id.org/ldes#EventStream> ; <https://w3id.org/tree#member> ?m ; "
        f"<https://w3id.org/ldes#timestampPath> <{AS}published> }}")]
    assert len(members) == 2  # the server's page size is 2: `limit` cannot raise it
    everything = client.get("/changes/ldes", headers={"Accept": "application/ld+json"})
    assert everything.headers["content-type"].startswith("application/ld+json")
    pages = [everything]
    while (nxt := pages[-1].links.get("next")) is not None:
        pages.append(client.get(nxt["url"], headers={"Accept": "application/ld+json"}))
    stream = ox.Store()
    for page in pages:
        stream.load(page.content, format=ox.RdfFormat.JSON_LD)
    kinds = {(r["kind"].value.removeprefix(AS), r["patch"].value.rsplit("/", 1)[-1]) for r in stream.query(
        f"SELECT ?kind ?patch WHERE {{ ?m <http://purl.org/dc/terms/hasPart> ?p . ?p a ?kind ; <{AS}object> "
        f"<http://ex/a> . ?m <{AS}url>/<{AS}href> ?patch }}")}
    ids = [t.id for body in follow(client)[0] for t in read_transactions(body.decode("utf-8"))]
    assert kinds == {("Create", ids[1]), ("Update", ids[2]), ("Delete", ids[3])}
    immutable = stream.query("ASK { ?n <https://w3id.org/ldes#immutable> true }")
    assert bool(immutable)
    again = client.get("/changes/ldes", headers={"Accept": "application/ld+json"})
    assert again.content == everything.content and again.headers["etag"] == everything.headers["etag"]
    assert again.headers["etag"] != turtle.headers["etag"]
    as_turtle = rdflib.Graph().parse(data=client.get("/changes/ldes", headers={"Accept": "text/turtle"}).text,
                                     format="turtle")
    as_json = rdflib.Graph().parse(data=everything.text, format="json-ld")
    assert isomorphic(as_json, as_turtle) and len(as_json) > 20  # the same stream in both syntaxes
    assert everything.json()["@context"]["ldes"] == "https://w3id.org/ldes#"
    revalidated = client.get("/changes/ldes", headers={"Accept": "application/ld+json",
                                                       "If-None-Match": everything.headers["etag"]})
    assert revalidated.status_code == 304


def test_head_answers_like_get_without_a_body(client) -> None:
    for path in ("/changes", "/changes/ldes"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(got.content))
        assert head.headers["etag"] == got.headers["etag"] and head.headers["link"] == got.headers["link"]
