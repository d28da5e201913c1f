"""SELECT rows made or changed in Python (dicts of terms) serialised as the engine serialises results: the rows
become SPARQL results JSON, which pyoxigraph parses and writes in the format asked for (CSV, TSV, XML, JSON).
Named queries whose rows get computed columns (``target-progress``: the progress status) answer through here.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.rdf.formats import result_format
from kg.rdf.model import BlankNode, Literal, NamedNode, Term


def serialize_solutions(variables: list[str], rows: list[dict[str, Term]], media_type: str) -> bytes:
    """``rows`` (unbound variables left out) in the SPARQL results format of ``media_type``."""
    fmt = result_format(media_type)
    if fmt is None:
        raise ValueError(f"not a SPARQL results media type: {media_type}")
    document = {"head": {"vars": variables},
                "results": {"bindings": [{name: _binding(term) for name, term in row.items() if name in variables}
                                         for row in rows]}}
    parsed = ox.parse_query_results(json.dumps(document).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.oxigraph)


def _binding(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            binding["datatype"] = term.datatype.value
        return binding
    raise TypeError(f"not a term of a SELECT row: {term!r}")
