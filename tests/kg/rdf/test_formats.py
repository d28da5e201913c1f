"""kg/rdf/formats.py: formats by name, media type or extension; the one writer and its one prefix rule."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.rdf.formats import RDF_FORMATS, ntriples, prefixes_for, rdf_format, serialize
from kg.rdf.model import Literal, NamedNode, Quad, Triple

LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TRIPLES = [Triple(NamedNode("http://ex/s"), LABEL, Literal('碳化硅 "SiC"\n', language="zh"))]


@pytest.mark.parametrize(("given", "name"), [("text/turtle; charset=utf-8", "turtle"), ("ttl", "turtle"),
                                             ("application/xml", "rdfxml"), ("nq", "nquads"), ("jsonld", "jsonld")])
def test_a_format_is_found_by_media_type_alias_or_extension(given: str, name: str) -> None:
    assert rdf_format(given) is RDF_FORMATS[name]


def test_prefixes_only_where_a_format_declares_them() -> None:
    declaring = {name for name, fmt in RDF_FORMATS.items() if prefixes_for(fmt)}
    assert declaring == {"turtle", "trig", "rdfxml"}
    assert b"rdfs:label" in serialize(TRIPLES, "text/turtle")
    assert b"rdfs:label" not in serialize(TRIPLES, "application/n-triples")


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_what_is_written_reads_back(name: str) -> None:
    fmt = RDF_FORMATS[name]
    items = [Quad(t.subject, t.predicate, t.object, NamedNode("http://ex/g")) for t in TRIPLES] if fmt.datasets \
        else TRIPLES
    read = list(ox.parse(serialize(items, fmt.media_type), format=fmt.oxigraph))
    assert [q.triple for q in read] == TRIPLES


def test_ntriples_text_and_an_unknown_format() -> None:
    assert ntriples([]) == ""
    assert [q.triple for q in ox.parse(ntriples(iter(TRIPLES)).encode(), format=ox.RdfFormat.N_TRIPLES)] == TRIPLES
    with pytest.raises(StoreError, match="unsupported RDF format"):
        serialize(TRIPLES, "text/html")
