"""Screening SPARQL text before the engine sees it, decided from the parse: what it is (a query of
some form, or an update), whether it calls SERVICE or LOAD (refused unless the settings allow them),
and whether it is within the structural limits.

The text is parsed by :mod:`kg.sparql.parser`, which reads it exactly as the engine does, so every
SERVICE the engine would call (``SERVICE:x``, ``SERVICE SILENT ?e``, inside sub-selects, OPTIONAL,
MINUS, EXISTS, an update's WHERE) is in the tree, and nothing else is (``"SERVICE"`` in a string,
``?service``, ``ex:service``, a comment). Text that does not parse is refused: what cannot be read
cannot be cleared. Screenings of short texts are remembered (clients repeat their queries) in a cache
bounded in bytes; refused texts are not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from kg.errors import ForbiddenOperationError, QueryParameterError, QuerySyntaxError, QueryTooComplexError
from kg.settings import Settings
from kg.sparql.limits import Limits
from kg.sparql.operations import DeleteWhere, Load, Modify, Update
from kg.sparql.parser import parse_query, parse_update
from kg.sparql.terms import valid_iri
from kg.sparql.tree import (
    BindPattern,
    Exists,
    FilterPattern,
    GraphPattern,
    MinusPattern,
    OptionalPattern,
    Query,
    QueryForm,
    ServicePattern,
    SubSelect,
    UnionPattern,
    Variable,
)

__all__ = ["Screening", "ServiceCall", "parse_screened_update", "screen_query", "screen_update", "valid_iri",
           "with_using"]

CACHED_TEXT_CHARS = 16_384  # longer texts are screened each time, not remembered
CACHE_BUDGET_CHARS = 4_000_000  # all remembered texts together


@dataclass(frozen=True)
class ServiceCall:
    """One SERVICE in the text: its endpoint (an IRI, or a variable's name with ``variable``), SILENT or not."""

    endpoint: str
    variable: bool = False
    silent: bool = False


@dataclass(frozen=True)
class Screening:
    """What the text is and what it asks the engine to reach."""

    form: QueryForm | None  # None for an update
    services: tuple[ServiceCall, ...] = ()
    loads: tuple[str, ...] = ()  # the IRIs LOAD fetches
    depth: int = 0  # the deepest nesting of group graph patterns

    @property
    def is_update(self) -> bool:
        return self.form is None


def screen_query(text: str, settings: Settings, *, base_iri: str | None = None) -> Screening:
    """The screening of a query; QuerySyntaxError (an update sent as a query too, and texts over a limit),
    ForbiddenOperationError for SERVICE unless ``settings.allow_service``."""
    return _screened("query", text, base_iri, settings)


def screen_update(text: str, settings: Settings, *, base_iri: str | None = None) -> Screening:
    """The screening of an update; QuerySyntaxError (a query sent as an update too), ForbiddenOperationError
    for LOAD unless ``settings.allow_load`` and for SERVICE unless ``settings.allow_service``."""
    return _screened("update", text, base_iri, settings)


def parse_screened_update(text: str, settings: Settings, *, base_iri: str | None = None) -> Update:
    """The update's tree, screened as :func:`screen_update` screens it (same errors), parsed once: for the
    code that goes on to compute the update's effect from the tree (kg.writes)."""
    try:
        update = parse_update(text, base_iri=base_iri, limits=Limits.from_settings(settings))
    except QueryTooComplexError:
        raise
    except QuerySyntaxError:
        screen_update(text, settings, base_iri=base_iri)  # the screen's words (e.g. a query sent as an update)
        raise
    _refuse(_update_screening(update), settings)
    return update


def with_using(text: str, graphs: list[str], named_graphs: list[str], *, base_iri: str | None = None,
               settings: Settings | None = None) -> str:
    """The update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses.

    They set the dataset of every ``DELETE/INSERT … WHERE`` operation, so they go right before each
    such operation's WHERE; an update that names its own dataset (USING, WITH) or uses the ``DELETE
    WHERE`` shorthand cannot take them (400), nor can text that is not an update.
    """
    if not graphs and not named_graphs:
        return text
    for iri in [*graphs, *named_graphs]:
        if not valid_iri(iri):
            raise QueryParameterError(f"not an absolute IRI: {iri[:200]!r}")
    limits = Limits.from_settings(settings) if settings is not None else Limits()
    update = parse_update(text, base_iri=base_iri, limits=limits)
    clause = "".join(f"USING <{g}> " for g in graphs) + "".join(f"USING NAMED <{g}> " for g in named_graphs)
    pieces, start = [], 0
    for operation in update.operations:
        if isinstance(operation, Modify) and (operation.using or operation.with_graph is not None):
            own = "USING" if operation.using else "WITH"
            raise QueryParameterError(f"the update has its own {own} clause: it cannot also take using-graph-uri "
                                      "or using-named-graph-uri parameters")
        if isinstance(operation, DeleteWhere):
            raise QueryParameterError("using-graph-uri cannot apply to the DELETE WHERE shorthand: "
                                      "write DELETE { … } WHERE { … }")
        if isinstance(operation, Modify):
            pieces.append(text[start:operation.where_offset] + clause)
            start = operation.where_offset
    return "".join(pieces) + text[start:]


def _refuse(screening: Screening, settings: Settings) -> None:
    if screening.loads and not settings.allow_load:
        raise ForbiddenOperationError("LOAD is disabled on this server (setting allow_load)")
    if screening.services and not settings.allow_service:
        raise ForbiddenOperationError("SERVICE (federated query) is disabled on this server (setting allow_service)")


# Parsing and the cache
def _screened(kind: str, text: str, base_iri: str | None, settings: Settings) -> Screening:
    """The screening, from the cache or parsed; cached only when accepted under these settings."""
    limits = Limits.from_settings(settings)
    key = (kind, text, base_iri, limits, settings.allow_service, settings.allow_load)
    found = _CACHE.get(key)
    if found is None:
        found = _screen(kind, text, base_iri, limits)
        _refuse(found, settings)
        _CACHE.put(key, found, len(text))
    return found


def _screen(kind: str, text: str, base_iri: str | None, limits: Limits) -> Screening:
    """Parse as ``kind``; when that fails, a text of the other kind is told where to go."""
    parse, other = (parse_query, parse_update) if kind == "query" else (parse_update, parse_query)
    try:
        tree = parse(text, base_iri=base_iri, limits=limits)
    except QueryTooComplexError:
        raise
    except QuerySyntaxError as exc:
        try:
            other(text, base_iri=base_iri, limits=limits)
        except QuerySyntaxError:
            raise exc from None
        if kind == "query":
            raise QuerySyntaxError("this is a SPARQL Update: send it to the update endpoint (/update), "
                                   "not /sparql") from None
        raise QuerySyntaxError("this is a SPARQL query: send it to the query endpoint (/sparql), "
                               "not /update") from None
    finder = _Finder()
    if isinstance(tree, Query):
        finder.query(tree.body, 0)
        return Screening(tree.form, tuple(finder.services), (), finder.depth)
    assert isinstance(tree, Update)
    return _update_screening(tree)


def _update_screening(update: Update) -> Screening:
    finder = _Finder()
    for operation in update.operations:
        if isinstance(operation, Modify):
            finder.group(operation.where, 1)
    loads = tuple(op.source.value for op in update.operations if isinstance(op, Load))
    return Screening(None, tuple(finder.services), loads, finder.depth)


class _Finder:
    """Walks a tree for every SERVICE, in patterns and in expressions (EXISTS), noting the deepest group."""

    def __init__(self) -> None:
        self.services: list[ServiceCall] = []
        self.depth = 0

    def query(self, body: Any, depth: int) -> None:
        modifiers = body.modifiers
        for expression in [*(e for e, _ in modifiers.group_by), *modifiers.having,
                           *(c.expression for c in modifiers.order_by),
                           *(p.expression for p in getattr(body, "projection", None) or () if p.expression)]:
            self.expression(expression, depth)
        if body.where is not None:
            self.group(body.where, depth + 1)

    def group(self, group: Any, depth: int) -> None:
        self.depth = max(self.depth, depth)
        if isinstance(group, SubSelect):
            self.query(group.query, depth)
            return
        for element in group.elements:
            if isinstance(element, ServicePattern):
                endpoint = element.endpoint
                self.services.append(ServiceCall(endpoint.name if isinstance(endpoint, Variable) else endpoint.value,
                                                 isinstance(endpoint, Variable), element.silent))
                self.group(element.group, depth + 1)
            elif isinstance(element, UnionPattern):
                for branch in element.branches:
                    self.group(branch, depth + 1)
            elif isinstance(element, OptionalPattern | MinusPattern | GraphPattern):
                self.group(element.group, depth + 1)
            elif isinstance(element, FilterPattern | BindPattern):
                self.expression(element.expression, depth)

    def expression(self, expression: Any, depth: int) -> None:
        if isinstance(expression, Exists):
            self.group(expression.pattern, depth + 1)
        for child in getattr(expression, "operands", None) or getattr(expression, "arguments", None) or ():
            self.expression(child, depth)
        argument = getattr(expression, "argument", None)
        if argument is not None:
            self.expression(argument, depth)


class _Cache:
    """Least-recently-used screenings of short texts, within a budget of characters."""

    def __init__(self, entry_chars: int, budget_chars: int) -> None:
        self.entry_chars, self.budget_chars = entry_chars, budget_chars
        self._entries: OrderedDict[tuple, tuple[Screening, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Screening | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: tuple, screening: Screening, size: int) -> None:
        if size > self.entry_chars:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (screening, size)
            self._chars += size
            while self._chars > self.budget_chars:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._chars -= dropped

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def chars(self) -> int:
        return self._chars

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0


_CACHE = _Cache(CACHED_TEXT_CHARS, CACHE_BUDGET_CHARS)
