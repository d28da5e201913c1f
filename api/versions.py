"""Reading an old version: ``?version=`` / ``?asOf=`` on /sparql, /id/…, /api/… and the pages.

:func:`versioned` resolves the parameters against the journal (:mod:`kg.journal.timeline`: a change id,
a release name, or a date-time) and gives the store to read: the live store when the version asked for
is the current one, else that version's in-memory snapshot (:class:`kg.store.snapshots.VersionSnapshots`,
kept in ``app.state.version_snapshots``). It notes the version in the request's scope
(``kg.version``), and :class:`VersionHeaders` says which version was shown on the answer:
``Memento-Datetime`` (RFC 7089: when that version came to be), ``X-KG-Version`` (its change id) and
``X-KG-Release`` (its release name, if it has one); pages show a banner (``api/templates/base.html``).
Queries over a snapshot run in an executor of their own (``app.state.version_executor``, one warm
worker), with every limit of the live one, so that switching between versions never retires the live
data's worker pool. Replaying is CPU-bound: it always runs in a thread, never on the event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from typing import Annotated
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import Depends, FastAPI, HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.journal import open_journal
from kg.journal.log import Entry, Journal
from kg.journal.releases import releases
from kg.journal.timeline import resolve_version
from kg.query.executor import QueryExecutor
from kg.store.base import Store
from kg.store.snapshots import VersionSnapshots

PARAMETERS = ("version", "asOf")
SCOPE_KEY = "kg.version"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ShownVersion:
    """The version an answer shows: its journal change, its release name if any, and whether it is the current one."""

    entry: Entry
    release: str | None
    current: bool

    def query(self) -> str:
        """The query string that asks for this version again (for links)."""
        return urlencode({"version": self.release or self.entry.id})


def asked(params: Mapping[str, object]) -> bool:
    """Whether the request asks for a version."""
    return any(name in params for name in PARAMETERS)


def versioned(request: Request, version: str | None, as_of: str | None) -> Store:
    """The store of the version asked for (the live store for the current one); notes it in the scope."""
    live = request.app.state.live_store.get()
    journal = open_journal(request.app.state.settings, live)
    entry = resolve_version(journal, version=version, as_of=as_of)  # UnknownVersionError: 404
    release = next((r.name for r in reversed(releases(journal)) if r.change == entry.id), None)
    current = entry.id == journal.head
    request.scope[SCOPE_KEY] = ShownVersion(entry, release, current)
    return live if current else snapshots(request.app).store(journal, entry)


def store_at(request: Request, journal: Journal, entry: Entry) -> Store:
    """The store of ``entry``'s version: the live one for the head, else its snapshot (replayed if need be)."""
    if entry.id == journal.head:
        return request.app.state.live_store.get()
    return snapshots(request.app).store(journal, entry)


def versioned_store(request: Request) -> Store:
    """The dependency: the live store, or the version ``?version=`` / ``?asOf=`` name (plain ``def``: a replay
    runs in FastAPI's thread pool)."""
    params = request.query_params
    if not asked(params):
        return request.app.state.live_store.get()
    return versioned(request, _one(params.getlist("version")), _one(params.getlist("asOf")))


VersionedStoreDep = Annotated[Store, Depends(versioned_store)]


async def for_query(request: Request, params: Mapping[str, Sequence[str]], store: Store,
                    executor: QueryExecutor) -> tuple[Store, QueryExecutor]:
    """The store and executor a SPARQL query runs on: those given, or the version's (URL or form parameters)."""
    if not asked(params):
        return store, executor
    chosen = await anyio.to_thread.run_sync(versioned, request, _one(params.get("version", [])),
                                            _one(params.get("asOf", [])))
    return (store, executor) if chosen is store else (chosen, version_executor(request.app))


def snapshots(app: FastAPI) -> VersionSnapshots:
    """The app's snapshots of old versions (made on first use)."""
    with _LOCK:
        if getattr(app.state, "version_snapshots", None) is None:
            app.state.version_snapshots = VersionSnapshots(app.state.settings.version_snapshots)
        return app.state.version_snapshots


def version_executor(app: FastAPI) -> QueryExecutor:
    """The executor of queries over old versions (made on first use; closed by :func:`close`)."""
    with _LOCK:
        if getattr(app.state, "version_executor", None) is None:
            app.state.version_executor = QueryExecutor(app.state.settings, workers=1)
        return app.state.version_executor


def close(app: FastAPI) -> None:
    """Stop the old versions' executor and forget the snapshots (the app stops)."""
    with _LOCK:
        executor = getattr(app.state, "version_executor", None)
        app.state.version_executor = app.state.version_snapshots = None
    if executor is not None:
        executor.close()


def shown_version(request: Request) -> ShownVersion | None:
    """The version this request shows, once :func:`versioned` chose it (None: the live data, not asked)."""
    return request.scope.get(SCOPE_KEY)


class VersionHeaders:
    """ASGI middleware: an answer that shows a version asked for says which (``Memento-Datetime``, ``X-KG-Version``,
    ``X-KG-Release``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_version(message: Message) -> None:
            shown = scope.get(SCOPE_KEY)
            if message["type"] == "http.response.start" and shown is not None and message["status"] < 400:
                headers = list(message.get("headers", []))
                when = format_datetime(shown.entry.time.astimezone(UTC), usegmt=True)
                headers.append((b"memento-datetime", when.encode()))
                headers.append((b"x-kg-version", shown.entry.id.encode()))
                if shown.release:
                    headers.append((b"x-kg-release", shown.release.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_version)


def _one(values: Sequence[str]) -> str | None:
    if len(values) > 1:
        raise HTTPException(400, "give the version parameter once")
    return values[0] if values else None
