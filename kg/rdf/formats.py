"""RDF and SPARQL-results formats: names, media types, file extensions and pyoxigraph's enums; and the one
way triples are written in them (:func:`serialize`, :func:`ntriples`) with the one prefix rule
(:func:`prefixes_for`: the project's prefixes where a format can declare them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import StoreError
from kg.rdf.model import Quad, Triple
from kg.rdf.vocab import PREFIXES


@dataclass(frozen=True)
class Format:
    """One serialisation: a short name, its media type, a file extension and pyoxigraph's enum."""

    name: str
    media_type: str
    extension: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat  # pyoxigraph's enum for it
    datasets: bool = False


RDF_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
        Format("ntriples", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
        Format("rdfxml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
        Format("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, datasets=True),
        Format("nquads", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, datasets=True),
        Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, datasets=True),
    )
}

RESULT_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/sparql-results+json", "srj", ox.QueryResultsFormat.JSON),
        Format("xml", "application/sparql-results+xml", "srx", ox.QueryResultsFormat.XML),
        Format("csv", "text/csv", "csv", ox.QueryResultsFormat.CSV),
        Format("tsv", "text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
    )
}

# Media types that clients send for the same format (aliases resolve to the canonical entry).
_ALIASES = {
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/json": "jsonld",
    "application/x-trig": "trig",
}

_EXTENSIONS = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml", "owl": "rdfxml", "xml": "rdfxml",
               "jsonld": "jsonld", "json": "jsonld", "nq": "nquads", "trig": "trig"}


def rdf_format(name_or_media_type: str) -> Format | None:
    """The RDF format for a short name (``turtle``), a media type or a file extension."""
    key = name_or_media_type.split(";")[0].strip().lower()
    if key in RDF_FORMATS:
        return RDF_FORMATS[key]
    for fmt in RDF_FORMATS.values():
        if fmt.media_type == key:
            return fmt
    alias = _ALIASES.get(key) or _EXTENSIONS.get(key.lstrip("."))
    return RDF_FORMATS[alias] if alias else None


def result_format(name_or_media_type: str) -> Format | None:
    """The SPARQL results format for a short name (``json``) or a media type."""
    key = name_or_media_type.split(";")[0].strip().lower()
    if key in RESULT_FORMATS:
        return RESULT_FORMATS[key]
    return next((f for f in RESULT_FORMATS.values() if f.media_type == key), None)


def require_rdf_format(media_type: str) -> Format:
    """The RDF format for a media type, or StoreError naming the supported ones."""
    fmt = rdf_format(media_type)
    if fmt is None:
        raise StoreError(f"unsupported RDF format {media_type!r}")
    return fmt


def prefixes_for(fmt: Format) -> dict[str, str] | None:
    """The project's prefixes for a format that declares prefixes (Turtle, TriG, RDF/XML), else None."""
    return PREFIXES if fmt.name in {"turtle", "trig", "rdfxml"} else None


def serialize(items: Iterable[Triple] | Iterable[Quad], media_type: str) -> bytes:
    """Triples (or quads, for a dataset format) in the RDF format of ``media_type``, with :func:`prefixes_for`."""
    fmt = require_rdf_format(media_type)
    return ox.serialize(items, format=fmt.oxigraph, prefixes=prefixes_for(fmt)) or b""


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples text ("" for none): valid as a payload and inside ``INSERT DATA`` / ``DELETE DATA``."""
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
