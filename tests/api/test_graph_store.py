"""The Graph Store HTTP Protocol at /store: ?default and ?graph=, reads open, writes gated."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.helpers.api import AUTH, TECHNOLOGY, TOKEN, open_client, tiny_settings, total
from tests.helpers.shapes import TECHNOLOGY_SHAPE

DATA_GRAPH = "https://w3id.org/fikg/graph/tiny"
NEW_GRAPH = "http://ex/graph/new"
TURTLE = {"Content-Type": "text/turtle", **AUTH}


@pytest.fixture
def client(tmp_path: Path, store_kind: str):
    settings = tiny_settings(tmp_path, write_token=TOKEN)
    (settings.project_dir / "shapes").mkdir()
    (settings.project_dir / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    with open_client(settings, store_kind) as client:
        yield client


@pytest.mark.parametrize(("accept", "expected", "marker"), [
    (None, "text/turtle", "Third-generation"),
    ("application/n-triples", "application/n-triples", "<https://w3id.org/fikg/id/"),
    ("application/rdf+xml", "application/rdf+xml", "rdf:RDF"),
    ("application/ld+json", "application/ld+json", "@id"),
])
def test_get_a_named_graph_in_the_negotiated_format(client: TestClient, accept, expected, marker) -> None:
    response = client.get("/store", params={"graph": DATA_GRAPH}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected and marker in response.text
    assert "Accept" in response.headers["vary"]


def test_head_absent_graphs_and_bad_targets(client: TestClient) -> None:
    head = client.head("/store", params={"graph": DATA_GRAPH})
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0
    assert client.get("/store", params={"graph": "http://ex/none"}).status_code == 404
    assert client.get("/store").status_code == 400
    assert client.get("/store?default&graph=http://ex/g").status_code == 400
    for iri in ("http://a/%zz", "http://[::1"):  # passed a regex before, then failed in the engine (D14)
        assert client.get("/store", params={"graph": iri}).status_code == 400
    assert client.get("/store", params={"graph": DATA_GRAPH}, headers={"Accept": "image/png"}).status_code == 406


def test_put_creates_then_replaces_a_graph(client: TestClient) -> None:
    created = client.put("/store", params={"graph": NEW_GRAPH}, content="<http://ex/a> <http://ex/p> 1 .",
                         headers=TURTLE)
    assert created.status_code == 201
    replaced = client.put("/store", params={"graph": NEW_GRAPH}, content="<http://ex/b> <http://ex/p> 2 .",
                          headers=TURTLE)
    assert replaced.status_code == 204
    body = client.get("/store", params={"graph": NEW_GRAPH}, headers={"Accept": "application/n-triples"}).text
    assert "<http://ex/b>" in body and "<http://ex/a>" not in body
    assert total(client) == 24


def test_post_merges_and_delete_removes(client: TestClient) -> None:
    client.put("/store", params={"graph": NEW_GRAPH}, content="<http://ex/a> <http://ex/p> 1 .", headers=TURTLE)
    merged = client.post("/store", params={"graph": NEW_GRAPH}, content='<http://ex/b> <http://ex/p> "2" .',
                         headers={"Content-Type": "application/n-triples", **AUTH})
    assert merged.status_code == 204 and total(client) == 25
    assert client.delete("/store", params={"graph": NEW_GRAPH}, headers=AUTH).status_code == 204
    assert client.get("/store", params={"graph": NEW_GRAPH}).status_code == 404
    assert client.delete("/store", params={"graph": NEW_GRAPH}, headers=AUTH).status_code == 404
    assert total(client) == 23


def test_the_default_graph(client: TestClient) -> None:
    assert client.get("/store?default").text == ""  # the build puts everything in named graphs
    assert client.put("/store?default", content="<http://ex/d> <http://ex/p> 'd' .", headers=TURTLE).status_code == 204
    assert "<http://ex/d>" in client.get("/store?default", headers={"Accept": "application/n-triples"}).text
    assert client.delete("/store?default", headers=AUTH).status_code == 204
    assert client.get("/store?default").text == ""


def test_writes_need_the_token(client: TestClient) -> None:
    payload = "<http://ex/a> <http://ex/p> 1 ."
    assert client.put("/store", params={"graph": NEW_GRAPH}, content=payload,
                      headers={"Content-Type": "text/turtle"}).status_code == 401
    assert client.post("/store", params={"graph": NEW_GRAPH}, content=payload,
                       headers={"Content-Type": "text/turtle", "Authorization": "Bearer wrong"}).status_code == 403
    assert client.delete("/store", params={"graph": DATA_GRAPH}).status_code == 401
    assert total(client) == 23


def test_bad_payloads_are_refused_and_change_nothing(client: TestClient) -> None:
    broken = client.put("/store", params={"graph": DATA_GRAPH}, content="<http://ex/a> <http://ex/p> .",
                        headers=TURTLE)
    assert broken.status_code == 400 and broken.json()["line"] == 1
    unknown = client.put("/store", params={"graph": NEW_GRAPH}, content="a,b",
                         headers={"Content-Type": "text/csv", **AUTH})
    assert unknown.status_code == 415
    invalid = client.put("/store", params={"graph": DATA_GRAPH}, content=f"<http://ex/t> a <{TECHNOLOGY}> .",
                         headers=TURTLE)
    assert invalid.status_code == 422 and "sh:ValidationReport" in invalid.text
    assert total(client) == 23


def test_body_cap_applies_to_graph_store_writes(tmp_path: Path, store_kind: str) -> None:
    with open_client(tiny_settings(tmp_path, write_token=TOKEN, max_body_bytes=64), store_kind) as client:
        payload = "<http://ex/a> <http://ex/p> " + '"' + "x" * 100 + '" .'
        assert client.put("/store", params={"graph": NEW_GRAPH}, content=payload, headers=TURTLE).status_code == 413


def test_post_to_the_store_itself_creates_a_new_graph(client: TestClient) -> None:
    created = client.post("/store", content="<http://ex/a> <http://ex/p> 1 .", headers=TURTLE)
    assert created.status_code == 201
    graph = created.headers["location"]
    assert graph.startswith("https://w3id.org/fikg/graph/created/")
    assert "<http://ex/a>" in client.get("/store", params={"graph": graph}, headers={"Accept": "text/turtle"}).text


def test_rdf_star_triple_terms_in_a_payload_are_400_and_change_nothing(client: TestClient) -> None:
    """Review D16: a triple term in a PUT or POST body was a 500 (ShapesError) instead of a client error."""
    before = total(client)
    for body in ("<urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> .",
                 "<< <urn:a> <urn:b> <urn:c> >> <urn:q> <urn:r> ."):
        for method in (client.put, client.post):
            response = method("/store", params={"graph": NEW_GRAPH}, content=body, headers=TURTLE)
            assert response.status_code == 400, response.text
            assert "RDF-star triple terms are not supported" in response.json()["detail"]
    assert total(client) == before


def multipart(*parts: tuple[str, str]) -> tuple[bytes, dict[str, str]]:
    boundary = "kg-test-boundary"
    body = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"p{n}\"; filename=\"p{n}\"\r\n"
                   f"Content-Type: {kind}\r\n\r\n{text}\r\n" for n, (kind, text) in enumerate(parts))
    return (body + f"--{boundary}--\r\n").encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                     **AUTH}


def test_a_multipart_post_merges_every_part_in_one_write(client: TestClient) -> None:
    graph = "http://ex/form"
    body, headers = multipart(("text/turtle", "<http://ex/a> <http://ex/p> _:x . _:x <http://ex/q> 1 ."),
                              ("application/n-triples", "<http://ex/a> <http://ex/p> _:x .\n"))
    assert client.post("/store", params={"graph": graph}, content=body, headers=headers).status_code == 201
    got = client.get("/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}).text
    assert len(got.splitlines()) == 3  # the two parts' _:x are two nodes: labels are local to a document
    assert len(client.get("/audit").json()["writes"]) == 1


def test_a_multipart_part_that_is_not_rdf_is_refused(client: TestClient) -> None:
    body, headers = multipart(("text/turtle", "<http://ex/a> <http://ex/p> 1 ."), ("application/pdf", "%PDF-1.4"))
    answer = client.post("/store", params={"graph": "http://ex/form"}, content=body, headers=headers)
    assert answer.status_code == 415 and "application/pdf" in answer.text
    assert client.get("/store", params={"graph": "http://ex/form"}).status_code == 404
