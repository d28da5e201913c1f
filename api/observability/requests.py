"""The outermost ASGI layer: every request gets an id, is timed, counted and (in JSON) logged.

:class:`RequestObserver` wraps the whole application, the ``/sparql`` fast path included
(``api.main.App``), so every request is seen the same way:

- its id: the client's ``X-Request-ID`` when it is a short token of letters, digits, ``.``, ``_``
  or ``-``, else a new one; sent back in the ``X-Request-ID`` header of every answer, put in
  problem+json bodies (:mod:`api.errors`) and in every log record of the request;
- the route *template* (``/entity/{kind}/{slug}``, not the path: the number of series is bounded),
  method and status, counted with the latency (:mod:`api.observability.metrics`);
- an exception, or a 500 not logged already (:mod:`api.errors` logs the ones it answers with their
  cause), is logged at ERROR with the request id; expected refusals (503 for a timeout or an
  outage, 507…) are counted, not logged one by one;
- with ``log_format = "json"``, one line per request (:mod:`api.observability.logs`).

Handlers leave two facts in the ASGI scope for it: ``kg.query_text`` (the SPARQL text; only its
hash is ever logged or traced) and ``kg.client`` (the writer's name).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observability.logs import QUIET_PATHS
from api.observability.metrics import HttpMetrics
from api.request_context import REQUEST_ID

log = logging.getLogger("api.requests")

_PREFIX = secrets.token_hex(3)  # this process's ids: <prefix>-<counter>, unique across restarts in practice
_COUNTER = itertools.count(1)
_ID_HEADER = b"x-request-id"
_ID_CHARACTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"
_MAX_ID = 64
Hook = Callable[[Scope, int], None]


def route_template(scope: Scope) -> str:
    """The matched route's path template; ``/sparql`` for the fast path, ``(unmatched)`` for no route."""
    route = scope.get("route")
    if route is not None:
        return getattr(route, "path", None) or "(unmatched)"
    return "/sparql" if scope.get("path") == "/sparql" else "(unmatched)"


def query_hash(text: str | None) -> str | None:
    """The first 16 hex digits of the SHA-256 of a query's text: the same query, the same hash."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16] if text is not None else None


def _client_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == _ID_HEADER:
            if 0 < len(value) <= _MAX_ID and not value.translate(None, _ID_CHARACTERS):
                return value.decode("ascii")
            return None
    return None


class RequestObserver:
    """ASGI middleware: request id, metrics, error log lines and (optionally) JSON request lines."""

    def __init__(self, app: ASGIApp, *, metrics: HttpMetrics | None = None, log_requests: bool = False,
                 on_response: tuple[Hook, ...] = ()) -> None:
        self.app = app
        self.metrics = metrics
        self.log_requests = log_requests
        self.on_response = on_response  # called as the answer starts (routed by then), e.g. to name the trace span

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        request_id = _client_id(scope) or f"{_PREFIX}-{next(_COUNTER):x}"
        scope["kg.request_id"] = request_id
        token = REQUEST_ID.set(request_id)
        id_header = (_ID_HEADER, request_id.encode("ascii"))
        status = 0

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), id_header]}  # never the app's own
                for hook in self.on_response:
                    hook(scope, status)
            await send(message)

        error: BaseException | None = None
        try:
            await self.app(scope, receive, observed_send)
        except BaseException as exc:
            error = exc
            raise
        finally:
            self._finish(scope, status or 500, time.perf_counter() - started, error)
            REQUEST_ID.reset(token)

    def _finish(self, scope: Scope, status: int, seconds: float, error: BaseException | None) -> None:
        route = route_template(scope)
        if self.metrics is not None:
            self.metrics.observe(route, scope["method"], status, seconds)
        if error is not None or (status == 500 and not scope.get("kg.error_logged")):
            log.error("request %s: %s %s answered %d%s", scope["kg.request_id"], scope["method"], route, status,
                      f" ({type(error).__name__}: {error})" if error is not None else "")
        if self.log_requests and scope["path"] not in QUIET_PATHS:
            self._log_line(scope, route, status, seconds)

    @staticmethod
    def _log_line(scope: Scope, route: str, status: int, seconds: float) -> None:
        fields: dict[str, Any] = {"event": "request", "method": scope["method"], "route": route, "status": status,
                                  "duration_ms": round(seconds * 1000, 3)}
        digest = query_hash(scope.get("kg.query_text"))
        if digest is not None:
            fields["query_hash"] = digest
        if scope.get("kg.client"):
            fields["client"] = scope["kg.client"]
        log.info("%s %s %d", scope["method"], route, status, extra={"fields": fields})


__all__ = ["RequestObserver", "query_hash", "route_template"]
