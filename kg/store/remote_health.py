"""Whether a remote SPARQL engine answers, said once per change, and what it holds at start.

:class:`EngineHealth` is told of every request's fate by :class:`kg.store.remote.RemoteStore`: one log
line when the engine goes away (connection refused, 502/503/504), one when it answers again, with
how long it was away; nothing in between, however many requests fail. :func:`check_engine` asks an
engine at start (and the API's readiness monitor asks it again): is it reachable, does it hold any
data, and — with ``remote_union = "native"`` — is its default graph really the union of its named
graphs. An engine that is not is refused (:class:`~kg.errors.StoreError`), since every query would
silently see less than the data.

The log lines name the engine's address (they are the operator's); answers to clients never do
(:mod:`api.errors`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import KgError, StoreError

if TYPE_CHECKING:
    from kg.store.base import Store

log = logging.getLogger("kg.remote")

STAGING_PREFIX = "urn:fikg:staging:"  # kg.remote's staging graphs: not data
_ANY_NAMED_TRIPLE = ("SELECT ?g ?s ?p WHERE { GRAPH ?g { ?s ?p ?o } "
                     f'FILTER(isIRI(?s) && !STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }} LIMIT 1')


class EngineHealth:
    """Up or down, as the last request found it; logs each change once."""

    def __init__(self, name: str) -> None:
        self.name = name  # the engine's address, for the operator's log only
        self.up: bool | None = None  # None: not asked yet
        self.reason = ""
        self.since = time.monotonic()
        self._lock = threading.Lock()

    def answered(self) -> None:
        """A request got an answer (any HTTP status but 502/503/504)."""
        if self.up:
            return  # the hot path: one attribute read
        with self._lock:
            was, away = self.up, time.monotonic() - self.since
            self.up, self.reason, self.since = True, "", time.monotonic()
        if was is False:
            log.warning("the SPARQL engine at %s answers again, after %.0f s away", self.name, away)

    def unreachable(self, reason: str) -> None:
        """A request could not reach the engine, or the engine said it is unavailable."""
        with self._lock:
            was = self.up
            self.up, self.reason = False, reason
            if was is not False:
                self.since = time.monotonic()
        if was is True:  # unreachable from the start is said once by whoever started it (api.observability)
            log.error("the SPARQL engine at %s went away: %s", self.name, reason)


@dataclass(frozen=True)
class EngineCheck:
    """What :func:`check_engine` found: ``problem`` is None when queries will be answered."""

    reachable: bool
    empty: bool | None  # None: not known (unreachable)
    problem: str | None  # for clients: never the engine's address
    cause: str = ""  # for the operator's log: the engine's or the network's own words

    @property
    def ready(self) -> bool:
        return self.problem is None


def check_engine(store: Store) -> EngineCheck:
    """Reachable? Holding data? With ``union = "native"``, is the default graph the union?

    StoreError when the engine answers but does not give the union it was said to give.
    """
    try:
        rows = store.select_default_graph(_ANY_NAMED_TRIPLE)
    except KgError as exc:
        return EngineCheck(False, None, "the SPARQL engine is unreachable", str(exc))
    if not rows:
        return EngineCheck(True, True, "the SPARQL engine holds no data yet: run `kg build` to publish to it")
    if getattr(store, "union", None) == "native":
        _require_native_union(store, rows[0])
    return EngineCheck(True, False, None)


def _require_native_union(store: Store, row: dict) -> None:
    """The default graph must show a triple that one named graph holds, else the setting is wrong."""
    subject, predicate, graph = row["s"], row["p"], row["g"]
    try:
        seen = store.select_default_graph(f"SELECT ?o WHERE {{ {subject} {predicate} ?o }} LIMIT 1")
    except KgError as exc:
        raise StoreError(f"cannot check remote_union = \"native\": {exc}") from exc
    if not seen:
        raise StoreError(
            "remote_union = \"native\" (KG_REMOTE_UNION) but the SPARQL engine's default graph is not the union "
            f"of its named graphs: {graph} holds {subject} {predicate} …, which a query without a dataset does "
            "not see. Configure the engine to query the union by default, or set KG_REMOTE_UNION=parameter "
            "(Oxigraph server), list, or the IRI of the engine's union graph")


__all__ = ["EngineCheck", "EngineHealth", "check_engine"]
