"""RDF and SPARQL-results formats: names, media types, file extensions and pyoxigraph's enums."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import StoreError


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
