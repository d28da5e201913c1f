"""Named queries: ``queries/*.rq`` files whose header comments describe them.

Header lines (before the query text), each ``# key: value``; lines that start with ``#`` and two
spaces continue the entry above::

    # title:       Agencies covering a technology
    # title@zh:    负责某项技术的机构
    # description: …
    #   … more of the description
    # param:       technology  entity(technology)  required  example=碳化硅  -- the technology

Parameter types: ``iri``, ``entity`` (any entity), ``entity(KIND)`` (an entity of a kind of
:data:`kg.resolution.PARAMETER_KINDS`: technology, industry, measure, agency), ``measure`` (the same as
``entity(measure)``), ``string``, ``integer``, ``year``, and ``choice(a|b|c)``; an optional parameter
may carry ``default=…``. An entity parameter is resolved by :mod:`kg.resolution` (IRI, CURIE, label,
altLabel, normal form, words, similarity; a measure's section number) and joined into the query as a
``VALUES`` block of every concept it names, with ``?P_kind``, ``?P_match`` and ``?P_matched_label``
saying what each is and how it matched (P is the parameter's name). Other values are bound with
substitutions, never spliced into the text, so they must be projected (SEP-0007). Rows render as
JSON objects with plain values.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryParameterError, UnknownEntityError, UnknownQueryError
from kg.rdf.model import BlankNode, Literal, NamedNode, Term
from kg.rdf.vocab import DEFAULT_BASE, INFERRED_GRAPH, graph_iri
from kg.resolution import Resolution, document_entities, resolve
from kg.sparql.binding import join_values
from kg.store.base import QueryResult, Store

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = NamedNode(XSD + "integer")
CONTROL_PARAMETERS = frozenset({"format", "lang", "inferred"})  # read by the callers, not bound

_HEADER = re.compile(r"^#\s*([\w@-]+)\s*:\s*(.*)$")
_CHOICE = re.compile(r"^choice\(([^)]*)\)$")

_ENTITY = re.compile(r"^entity(?:\((\w+)\))?$")


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a named query."""

    name: str
    type: str
    required: bool
    example: str | None = None
    description: str = ""
    default: str | None = None

    @property
    def is_entity(self) -> bool:
        return self.type == "measure" or _ENTITY.match(self.type) is not None

    @property
    def entity_kind(self) -> str | None:
        """The kind of entity the parameter takes (None: any kind); only for entity parameters."""
        if self.type == "measure":
            return "measure"
        match = _ENTITY.match(self.type)
        return match.group(1) if match else None

    @property
    def choices(self) -> list[str]:
        match = _CHOICE.match(self.type)
        return match.group(1).split("|") if match else []

    def schema(self) -> dict[str, object]:
        """The parameter as a JSON Schema (for the catalogue and OpenAPI)."""
        schema: dict[str, object] = {"type": "integer" if self.type in {"integer", "year"} else "string"}
        if self.choices:
            schema["enum"] = self.choices
        elif self.type == "iri":
            schema["format"] = "iri"
        if self.default is not None:
            schema["default"] = self.default
        if self.example is not None:
            schema["examples"] = [self.example]
        return schema

    def summary(self) -> dict[str, object]:
        kind = "choice" if self.choices else "entity" if self.is_entity else self.type
        return {"name": self.name, "type": kind, "entity_kind": self.entity_kind, "required": self.required,
                "description": self.description, "example": self.example, "default": self.default,
                "schema": self.schema()}


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

    def example_values(self) -> dict[str, str]:
        """The parameters' examples (what the catalogue and the docs show)."""
        return {p.name: p.example for p in self.parameters if p.example is not None}

    def summary(self) -> dict[str, object]:
        """The query as the catalogue lists it."""
        return {"name": self.name, "title": self.title, "titles": self.titles, "description": self.description,
                "parameters": [p.summary() for p in self.parameters], "example": self.example_values()}

    def bind(self, store: Store, values: dict[str, str], *, base_iri: str = DEFAULT_BASE) -> BoundQuery:
        """Check the raw parameter values, resolve the entity ones and bind them all (UnknownEntityError with
        suggestions when an entity parameter names nothing)."""
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known - CONTROL_PARAMETERS)
        if unknown:
            raise QueryParameterError(f"unknown parameter(s) for {self.name}: {', '.join(unknown)}")
        text, bindings, resolutions = self.text, {}, {}
        within = None  # the entities of the documents asked about: the other names are resolved among them first
        for param in sorted(self.parameters, key=lambda p: p.entity_kind != "document"):
            raw = values.get(param.name) or param.default
            if raw is None or raw.strip() == "":
                if param.required:
                    raise QueryParameterError(f"{self.name}: parameter {param.name!r} is required")
                continue
            if param.is_entity:
                try:
                    resolution = resolve(store, raw, param.entity_kind, base=base_iri, within=within)
                except UnknownEntityError as exc:
                    exc.parameter = param.name
                    raise
                resolutions[param.name] = resolution
                if param.entity_kind == "document" and not resolution.wrong_kind:
                    within = document_entities(store, resolution.iris)
                text = join_values(text, *resolution_rows(param.name, resolution))
            else:
                bindings[param.name] = convert_value(param, raw)
        return BoundQuery(text, bindings, resolutions)

    def run(self, store: Store, values: dict[str, str], *, inferred: bool = True,
            base_iri: str = DEFAULT_BASE) -> QueryResult:
        """Bind the parameters and run the query; ``inferred=False`` leaves out the build's derived graph."""
        bound = self.bind(store, values, base_iri=base_iri)
        return store.query(bound.text, bound.bindings,
                           default_graphs=None if inferred else asserted_graphs(store, base_iri))


@dataclass(frozen=True)
class BoundQuery:
    """A named query ready to run: its text with the entity parameters joined in, the other values to bind,
    and what each entity parameter resolved to."""

    text: str
    bindings: dict[str, Term]
    resolutions: dict[str, Resolution]


def resolution_rows(name: str, resolution: Resolution) -> tuple[list[str], list[list[Term]]]:
    """The VALUES columns and rows of an entity parameter: each concept, its kind, the tier and the name that
    matched (plain literals: an engine may drop language tags in a block of several rows)."""
    variables = [name, f"{name}_kind", f"{name}_match", f"{name}_matched_label"]
    rows = [[NamedNode(m.iri), Literal(m.kind), Literal(m.tier), Literal(m.matched_label)]
            for m in resolution.matches]
    return variables, rows


def asserted_graphs(store: Store, base_iri: str = DEFAULT_BASE) -> list[str]:
    """Every named graph except the derived one (``…/graph/inferred``), from the store's list of its graphs."""
    derived = graph_iri(base_iri, INFERRED_GRAPH)
    return [graph for graph in store.graph_names() if graph != derived]


def parse_flag(name: str, raw: str | None, default: bool = True) -> bool:
    """A true/false request parameter."""
    if raw is None or raw == "":
        return default
    if raw.lower() in {"true", "1", "yes"}:
        return True
    if raw.lower() in {"false", "0", "no"}:
        return False
    raise QueryParameterError(f"parameter {name!r} must be true or false, got {raw!r}")


def convert_value(param: Parameter, raw: str) -> Term:
    """One raw value of a parameter that is not an entity as the RDF term its type asks for."""
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
    if param.choices:
        if raw not in param.choices:
            raise QueryParameterError(
                f"parameter {param.name!r} must be one of {', '.join(param.choices)}, got {raw!r}")
        return Literal(raw)
    return Literal(raw)


HEADER_KEYS = ("title", "description", "summary", "param")


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header (``# key: value`` lines; indented ``#`` lines continue one)."""
    text = path.read_text(encoding="utf-8")
    entries: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if match and match.group(1).lower().startswith(HEADER_KEYS):
            entries.append([match.group(1).lower(), match.group(2).strip()])
        elif entries and line[1:].startswith("  "):
            entries[-1][1] = f"{entries[-1][1]} {line[1:].strip()}".strip()
    query = NamedQuery(name=path.stem, text=text)
    for key, value in entries:
        if key.startswith("title"):
            query.titles[key.partition("@")[2] or "en"] = value
        elif key in {"summary", "description"}:
            query.description = (query.description + " " + value).strip()
        elif key == "param":
            query.parameters.append(parse_parameter(value, path))
    return query


def parse_parameter(spec: str, path: Path) -> Parameter:
    """``name type required|optional [example=…] [default=…] [-- description]``."""
    spec, _, description = spec.partition("--")
    words = spec.split()
    if len(words) < 2:
        raise QueryParameterError(f"{path}: malformed param header {spec!r}")
    options = dict(w.partition("=")[::2] for w in words[2:] if "=" in w)
    required = "required" in words[2:]
    return Parameter(words[0], words[1], required, options.get("example"), description.strip(),
                     options.get("default"))


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
            close = difflib.get_close_matches(name, list(self.queries), n=1, cutoff=0.6) or [
                known for known in self.queries if name and known.startswith(name)][:1]
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise UnknownQueryError(f"no named query {name!r}{hint}") from None

    def __contains__(self, name: str) -> bool:
        return name in self.queries

    def __iter__(self):
        return iter(self.queries.values())


def json_value(term: Term) -> object:
    """A term as a plain JSON value: IRIs as strings, integers and booleans as numbers and booleans."""
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        try:
            if datatype in {XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"}:
                return int(term.value)
            if datatype == XSD + "boolean":
                return term.value in {"true", "1"}
            if datatype in {XSD + "decimal", XSD + "double", XSD + "float"}:
                return float(term.value)
        except ValueError:
            return term.value
        return term.value
    return str(term)


def json_rows(rows: list[dict[str, Term]]) -> list[dict[str, object]]:
    """SELECT rows as JSON objects (unbound variables left out)."""
    return [{name: json_value(term) for name, term in row.items()} for row in rows]
