"""The project's prefixes (``fikg:``, ``id:``, ``rdfs:``, ``skos:`` …) declared for a query that does not declare them.

People write ``fikg:Measure`` and ``id:industry/hydrogen-energy`` in ``/sparql`` and ``kg query`` the way
the query editor shows them. :func:`declare_project_prefixes` reads the query's prologue with the
parser (:meth:`kg.sparql.terms.Reader.prologue`), so it knows which prefixes the query declares itself
(an explicit ``PREFIX`` wins), and puts a declaration of each other project prefix before the text, on
its first line, for the engine. Errors are reported on the text as written: :func:`check_query` parses
it with the prefixes declared to the parser, so positions and "unknown prefix 'x:'" refer to what the
person typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.errors import QuerySyntaxError
from kg.rdf.vocab import DEFAULT_BASE, PREFIXES, entity_prefix
from kg.sparql.limits import Limits
from kg.sparql.parser import parse_query
from kg.sparql.terms import Mismatch
from kg.sparql.update import UpdateReader


def project_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The vocabulary prefixes of :data:`kg.vocab.PREFIXES` and ``id:`` for the entities under ``base``."""
    return {**PREFIXES, "id": entity_prefix(base)}


def declare_project_prefixes(text: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``text`` with the prefixes it does not declare itself declared before it (on its first line)."""
    prefixes = project_prefixes() if prefixes is None else prefixes
    reader = UpdateReader(text, None, Limits())
    try:
        declared = {name for name, _ in reader.prologue().prefixes}
    except (Mismatch, QuerySyntaxError, ValueError):  # ValueError: a malformed IRI in a declaration
        return text
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared]
    return " ".join(missing) + " " + text if missing else text


def check_query(text: str, prefixes: Mapping[str, str] | None = None, *, base_iri: str | None = None) -> None:
    """QuerySyntaxError, positioned in ``text`` as written, if the query does not parse with ``prefixes``."""
    parse_query(text, base_iri=base_iri, prefixes=project_prefixes() if prefixes is None else prefixes)
