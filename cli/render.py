"""Turning query results into terminal tables and plain text (labels instead of bare IRIs)."""

from __future__ import annotations

from rich.table import Table

from kg.rdf.model import BlankNode, Literal, NamedNode, Term
from kg.rdf.vocab import PREFIXES
from kg.store.base import Store

_LABELS = """
SELECT ?e ?label ?lang WHERE {{
  VALUES ?e {{ {values} }}
  ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  FILTER(LANGMATCHES(LANG(?label), ?lang))
}}
"""


# Shorter names for display only (not valid Turtle prefixes for every IRI, so never serialised).
_DISPLAY_PREFIXES = {**PREFIXES, "id": "https://w3id.org/fikg/id/", "shapes": "https://w3id.org/fikg/shapes#"}


def compact_iri(iri: str) -> str:
    """``fikg:Industry``, ``id:industry/hydrogen-energy`` for known namespaces, else the IRI itself."""
    for prefix, namespace in _DISPLAY_PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def fetch_labels(store: Store, iris: set[str], lang: str) -> dict[str, str]:
    """rdfs:label in ``lang`` for each IRI that has one (one query for all)."""
    if not iris:
        return {}
    values = " ".join(str(NamedNode(i)) for i in sorted(iris))  # engine-serialised, so safely escaped
    rows = store.select(_LABELS.format(values=values), lang=Literal(lang))
    return {row["e"].value: row["label"].value for row in rows}


def term_text(term: Term, labels: dict[str, str] | None = None) -> str:
    """A readable rendering of one term."""
    if isinstance(term, NamedNode):
        label = (labels or {}).get(term.value)
        return f"{label} ({compact_iri(term.value)})" if label else compact_iri(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def rows_table(store: Store, variables: list[str], rows: list[dict[str, Term]], lang: str = "en") -> Table:
    """A rich table with labels in ``lang`` next to each IRI."""
    iris = {t.value for row in rows for t in row.values() if isinstance(t, NamedNode)}
    labels = fetch_labels(store, iris, lang)
    table = Table(*variables, show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*(term_text(row[v], labels) if v in row else "" for v in variables))
    return table
