"""JSON-LD that expands out of the box: pyld's own default document loader (HTTP, no custom loader) expands
every ``/api`` document of a running server, its ``@context`` fetched from that server."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
from pyld import jsonld

from kg.resources import jsonld as export


def triples_by_default_loader(url: str) -> set:
    """The document at ``url`` as triples, everything fetched by pyld's default loader."""
    nquads = jsonld.to_rdf(url, {"format": "application/n-quads"})
    return {q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}


def test_every_api_document_expands_with_pyld_default_loader(start_server) -> None:
    server = start_server()
    assert "requests" in type(jsonld.get_document_loader()).__module__  # pyld's own HTTP loader, not ours
    index = httpx.get(f"{server.url}/api", timeout=10).json()
    assert triples_by_default_loader(f"{server.url}/api")  # the index itself
    lists = [member["@id"] for member in index["member"]]
    assert lists and all(url.startswith(server.url) for url in lists)
    expanded = 0
    for list_url in lists:
        listing = httpx.get(list_url, timeout=10).json()
        assert listing["@context"] == export.served_context_url(server.url)
        assert triples_by_default_loader(list_url) == export.expand_to_triples(listing)
        for node in listing.get("@graph", [])[:2]:
            entity_url = f"{list_url}/{node['@id'].rsplit('/', 1)[1]}"
            document = httpx.get(entity_url, timeout=10).json()
            assert triples_by_default_loader(entity_url) == export.expand_to_triples(document)
            expanded += 1
    assert expanded >= len(lists)
