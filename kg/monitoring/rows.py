"""Rows of observations as a client sends them: CSV (``target,date,value[,obs_status][,source]``) or RDF Data
Cube in JSON-LD (or any RDF syntax), read into :class:`ObservationRow` before anything is resolved.

CSV: lines before the header that start with ``#`` are comments; ``row`` 1 is the first row after the header
and ``line`` the line of the file it starts on. RDF: every node with an ``sdmx-measure:obsValue`` is one row;
its ``fikg:refIndicator`` stands for the target (the target whose indicator it is), the last segment of its
``fikg:refPeriod`` (``…/id/period/2025``, ``…/id/period/2026-06-30``) for the date, its ``sdmx-attribute:
obsStatus`` and ``dcterms:source`` for theirs; the node's own IRI is not kept (an observation's IRI is minted
from its key). Malformed input is an :class:`~kg.errors.ObservationError` naming the row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from kg.errors import ObservationError, RowProblem
from kg.rdf.model import BlankNode, Literal, NamedNode
from kg.rdf.payload import parse_triples

COLUMNS = ("target", "date", "value", "obs_status", "source")
REQUIRED = ("target", "date", "value")
MAX_ROWS = 10_000  # one request; more go in several
FIKG = "https://w3id.org/fikg/ontology#"
OBS_VALUE = "http://purl.org/linked-data/sdmx/2009/measure#obsValue"
OBS_STATUS = "http://purl.org/linked-data/sdmx/2009/attribute#obsStatus"
SOURCE = "http://purl.org/dc/terms/source"


@dataclass(frozen=True)
class ObservationRow:
    """One observation as sent: every field a text (empty when not given), and where it was."""

    row: int | None
    target: str
    date: str
    value: str
    obs_status: str = ""
    source: str = ""
    line: int | None = None
    node: str | None = None

    def problem(self, reason: str, column: str | None = None) -> RowProblem:
        return RowProblem(self.row, reason, self.line, column, self.node)


def read_csv(text: str) -> list[ObservationRow]:
    """The rows of a CSV text (UTF-8, a BOM allowed)."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].startswith("#") or not lines[skipped].strip()):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:])))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        reason = (f"the header must name the columns {','.join(REQUIRED)}[,obs_status][,source]"
                  + (f"; missing: {', '.join(missing)}" if missing else "")
                  + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
        raise ObservationError([RowProblem(0, reason, skipped + 1)])
    rows, problems, start = [], [], skipped + 2
    for number, fields in enumerate(reader, start=1):
        line, start = start, skipped + reader.line_num + 1
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            problems.append(RowProblem(number, f"{len(fields)} fields, the header has {len(header)}", line))
            continue
        values = {name: field.strip() for name, field in zip(header, fields, strict=True)}
        rows.append(ObservationRow(number, values["target"], values["date"], values["value"],
                                   values.get("obs_status", ""), values.get("source", ""), line))
    _check_size(rows, problems)
    return rows


def read_rdf(data: bytes | str, media_type: str, base_iri: str | None = None) -> list[ObservationRow]:
    """The observations of an RDF payload (JSON-LD, Turtle, …): one row per node with a value."""
    triples = parse_triples(data, media_type, base_iri=base_iri)
    nodes: dict[str, dict[str, list]] = {}
    for triple in triples:
        subject = triple.subject
        key = f"_:{subject.value}" if isinstance(subject, BlankNode) else subject.value
        nodes.setdefault(key, {}).setdefault(triple.predicate.value, []).append(triple.object)
    rows, problems = [], []
    for node, values in nodes.items():
        if OBS_VALUE not in values:
            continue
        fields = {}
        for name, predicate in (("target", FIKG + "refIndicator"), ("date", FIKG + "refPeriod"),
                                ("value", OBS_VALUE), ("obs_status", OBS_STATUS), ("source", SOURCE)):
            terms = values.get(predicate, [])
            if len(terms) > 1:
                problems.append(RowProblem(None, f"{len(terms)} values of <{predicate}>, one at most", None, name,
                                           node))
            fields[name] = _text(terms[0]) if terms else ""
        fields["date"] = fields["date"].rstrip("/").rsplit("/", 1)[-1] if "/" in fields["date"] else fields["date"]
        rows.append(ObservationRow(None, node=node, **fields))
    _check_size(rows, problems)
    return rows


def _text(term: object) -> str:
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def _check_size(rows: list[ObservationRow], problems: list[RowProblem]) -> None:
    if problems:
        raise ObservationError(problems)
    if not rows:
        raise ObservationError([RowProblem(None, "no observation: nothing to load")])
    if len(rows) > MAX_ROWS:
        raise ObservationError([RowProblem(None, f"{len(rows)} rows; at most {MAX_ROWS} in one request")])
