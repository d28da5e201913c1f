"""The request being answered, for code that holds no ``Request``: its id.

:class:`api.observability.requests.RequestObserver` sets :data:`REQUEST_ID` for each HTTP request
(the ASGI scope carries the same value as ``kg.request_id``); :func:`api.errors.problem_body` puts it
in every problem+json body and :mod:`api.observability.logs` in every log record of the request.
It lives apart from both so that neither has to import the other.
"""

from __future__ import annotations

import contextvars

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("kg_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being answered, or None outside one."""
    return REQUEST_ID.get()


__all__ = ["REQUEST_ID", "current_request_id"]
