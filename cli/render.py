"""Turning query results into terminal tables and plain text (labels instead of bare IRIs)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Group, RenderableType
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


_NAME_COLUMN = re.compile(r"(?:\w+_)?label_[a-z]{2}")  # label_zh, technology_label_en: an entity's name again


def name_text(term: Term, labels: dict[str, str], show_iri: bool) -> str:
    """An IRI by its label in the chosen language (its compact IRI beside it with ``show_iri``, or alone
    when it has no label); other terms as :func:`term_text`."""
    if not isinstance(term, NamedNode):
        return term_text(term)
    label = labels.get(term.value)
    if label is None:
        return compact_iri(term.value)
    return f"{label} ({compact_iri(term.value)})" if show_iri else label


def rows_table(store: Store, variables: list[str], rows: list[dict[str, Term]], lang: str = "en", *,
               show_iri: bool = False, width: int = 80) -> RenderableType:
    """Rows for a terminal: each entity named once, by its label in ``lang`` (the query's own ``label_xx``
    columns left out when an entity column names it); headers without ``?``; as records, one field a line,
    when the columns do not fit in ``width``."""
    iris = {t.value for row in rows for t in row.values() if isinstance(t, NamedNode)}
    labels = fetch_labels(store, iris, lang)
    has_entities = any(isinstance(row.get(v), NamedNode) for row in rows for v in variables)
    shown = [v for v in variables if not (has_entities and _NAME_COLUMN.fullmatch(v.lstrip("?")))] or variables
    headers = [v.lstrip("?") for v in shown]
    cells = [[name_text(row[v], labels, show_iri) if v in row else "" for v in shown] for row in rows]
    widths = [max([cell_len(h), *(cell_len(line) for r in cells for line in r[i].splitlines() or [""])])
              for i, h in enumerate(headers)]
    if sum(widths) + 3 * len(widths) + 1 <= width:
        table = Table(*headers, show_lines=False, header_style="bold")
        for row in cells:
            table.add_row(*row)
        return table
    records: list[RenderableType] = []
    for number, row in enumerate(cells, start=1):
        record = Table(show_header=False, box=None, padding=(0, 1), title=f"— {number} —", title_justify="left")
        record.add_column(style="bold", no_wrap=True)
        record.add_column(overflow="fold")
        for header, value in zip(headers, row, strict=True):
            if value:
                record.add_row(header, value)
        records.append(record)
    return Group(*records)
