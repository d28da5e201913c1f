"""Content negotiation: a parametrised table from Accept header to the chosen type (or None)."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from api.conneg import choose, negotiate

RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"]
GRAPHS = ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]


@pytest.mark.parametrize(("accept", "offered", "chosen"), [
    (None, RESULTS, "application/sparql-results+json"),
    ("", RESULTS, "application/sparql-results+json"),
    ("*/*", GRAPHS, "text/turtle"),
    ("text/csv", RESULTS, "text/csv"),
    ("TEXT/CSV", RESULTS, "text/csv"),
    ("text/csv;charset=utf-8", RESULTS, "text/csv"),
    ("application/sparql-results+xml, application/sparql-results+json", RESULTS, "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0.5, application/sparql-results+xml", RESULTS,
     "application/sparql-results+xml"),
    ("text/*", RESULTS, "text/csv"),
    ("text/*;q=0.3, text/tab-separated-values", RESULTS, "text/tab-separated-values"),
    ("*/*;q=0.1, text/csv;q=0.2", RESULTS, "text/csv"),
    ("application/*;q=0.9, text/csv;q=0.8", RESULTS, "application/sparql-results+json"),
    ("text/csv;q=0, */*", RESULTS, "application/sparql-results+json"),
    ("text/*, text/csv;q=0", RESULTS, "text/tab-separated-values"),
    ("image/png", RESULTS, None),
    ("application/sparql-results+json;q=0", RESULTS, None),
    ("text/turtle;q=0.9, application/rdf+xml", GRAPHS, "application/rdf+xml"),
    ("application/ld+json;q=bogus, text/turtle;q=0.1", GRAPHS, "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", GRAPHS, "text/turtle"),
    (",,text/turtle", GRAPHS, "text/turtle"),
])
def test_negotiate(accept: str | None, offered: list[str], chosen: str | None) -> None:
    assert negotiate(accept, offered) == chosen


def test_choose_answers_406_listing_the_offered_types_with_vary() -> None:
    assert choose("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"]) == \
        "application/ld+json"
    with pytest.raises(HTTPException) as refused:
        choose("image/png", ["text/turtle", "application/ld+json"])
    assert refused.value.status_code == 406
    assert refused.value.detail == "acceptable: text/turtle, application/ld+json"
    assert refused.value.headers == {"Vary": "Accept"}
