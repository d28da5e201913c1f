"""Named queries: ``queries/*.rq`` files whose header comments describe them.

Header lines (before the query text), each ``# key: value``::

    # title:       Agencies covering a technology
    # title@zh:    负责某项技术的机构
    # description: …
    # param:       technology  entity  required  example=碳化硅  -- the technology (IRI or label)

Parameter types: ``iri``, ``entity`` (an IRI or an exact zh/en label), ``string``, ``integer``,
``year``, and ``choice(a|b|c)``. Values are bound with substitutions, never spliced into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryParameterError, UnknownEntityError, UnknownQueryError
from kg.model import Literal, NamedNode, Term
from kg.store import QueryResult, Store

XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")

_HEADER = re.compile(r"^#\s*([\w@-]+)\s*:\s*(.*)$")
_CHOICE = re.compile(r"^choice\(([^)]*)\)$")

_FIND_ENTITY = """
SELECT DISTINCT ?entity ?text WHERE {
  ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  FILTER(STR(?label) = ?text || (LANG(?label) = "en" && LCASE(STR(?label)) = LCASE(?text)))
} LIMIT 5
"""
_ALL_LABELS = "SELECT DISTINCT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a named query."""

    name: str
    type: str
    required: bool
    example: str | None = None
    description: str = ""

    @property
    def choices(self) -> list[str]:
        match = _CHOICE.match(self.type)
        return match.group(1).split("|") if match else []


@dataclass
class NamedQuery:
    """A query read from a ``.rq`` file, with its header."""

    name: str
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    description: str = ""
    parameters: list[Parameter] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.titles.get("en") or next(iter(self.titles.values()), self.name)

    def bind(self, store: Store, values: dict[str, str]) -> dict[str, Term]:
        """Check and convert raw parameter values into RDF terms."""
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known - {"format", "lang", "inferred"})
        if unknown:
            raise QueryParameterError(f"unknown parameter(s) for {self.name}: {', '.join(unknown)}")
        bindings: dict[str, Term] = {}
        for param in self.parameters:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if param.required:
                    raise QueryParameterError(f"{self.name}: parameter {param.name!r} is required")
                continue
            bindings[param.name] = convert_value(store, param, raw)
        return bindings

    def run(self, store: Store, values: dict[str, str]) -> QueryResult:
        """Bind the parameters and run the query."""
        return store.query(self.text, self.bind(store, values))


def convert_value(store: Store, param: Parameter, raw: str) -> Term:
    """One raw value as the RDF term its parameter type asks for."""
    kind = param.type
    if kind in {"integer", "year"}:
        try:
            return Literal(str(int(raw)), datatype=XSD_INTEGER)
        except ValueError as exc:
            raise QueryParameterError(f"parameter {param.name!r} must be an integer, got {raw!r}") from exc
    if kind == "iri":
        try:
            return NamedNode(raw)
        except ValueError as exc:
            raise QueryParameterError(f"parameter {param.name!r} must be an IRI: {exc}") from exc
    if kind == "entity":
        return resolve_entity(store, raw)
    if param.choices:
        if raw not in param.choices:
            raise QueryParameterError(
                f"parameter {param.name!r} must be one of {', '.join(param.choices)}, got {raw!r}")
        return Literal(raw)
    return Literal(raw)


def resolve_entity(store: Store, value: str) -> NamedNode:
    """An entity by IRI or by exact zh or en label (en case-insensitive)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and " " not in value:
        try:
            return NamedNode(value)
        except ValueError:
            pass
    rows = store.select(_FIND_ENTITY, text=Literal(value))
    if rows:
        return rows[0]["entity"]
    raise UnknownEntityError(value, suggest_labels(store, value))


def suggest_labels(store: Store, value: str, limit: int = 5) -> list[str]:
    """The labels closest to ``value`` (difflib ratio), for 'did you mean' answers."""
    import difflib

    labels = sorted({str(row["label"].value) for row in store.select(_ALL_LABELS)})
    return difflib.get_close_matches(value, labels, n=limit, cutoff=0.3)


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key.startswith("title"):
            query.titles[key.partition("@")[2] or "en"] = value
        elif key in {"summary", "description"}:
            query.description = (query.description + " " + value).strip()
        elif key == "param":
            query.parameters.append(parse_parameter(value, path))
    return query


def parse_parameter(spec: str, path: Path) -> Parameter:
    """``name type required|optional [example=…] [-- description]``."""
    spec, _, description = spec.partition("--")
    words = spec.split()
    if len(words) < 2:
        raise QueryParameterError(f"{path}: malformed param header {spec!r}")
    example = next((w.partition("=")[2] for w in words[2:] if w.startswith("example=")), None)
    required = "required" in words[2:]
    return Parameter(words[0], words[1], required, example, description.strip())


class Catalog:
    """All named queries of a directory, read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        files = sorted(directory.glob("*.rq")) if directory.is_dir() else []
        self.queries = {q.name: q for q in map(parse_named_query, files)}

    def get(self, name: str) -> NamedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise UnknownQueryError(f"no named query {name!r}") from None

    def __contains__(self, name: str) -> bool:
        return name in self.queries

    def __iter__(self):
        return iter(self.queries.values())
