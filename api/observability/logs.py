"""The server's log: text (uvicorn's style) or one JSON object per line (``log_format = "json"``).

In JSON, every record is one line with ``time`` (UTC, ISO 8601), ``level``, ``logger``,
``message``, the ``request_id`` of the request it belongs to (a context variable set by
:class:`api.observability.requests.RequestObserver`, so records from deep inside a request carry
it too) and ``exception`` (the traceback) when there is one. Each request adds one line of its own
(``event = "request"``: method, route template, status, duration, the SHA-256 prefix of the query
text, and the client's name for writes) — never the query text, never a token: uvicorn's access
lines, which hold the raw URL, are left out in JSON. Health checks and scrapes (``/healthz``,
``/readyz``, ``/metrics``) are never in the access log, in either format.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from api.request_context import REQUEST_ID  # set by the request observer; read by JsonFormatter
from kg.settings import Settings

QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})  # probes and scrapes: not in any access log
FORMATS = ("text", "json")
TEXT_FORMAT = "%(levelname)s:     %(name)s: %(message)s"
_OWN_LOGGERS = ("kg", "api")
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
                    .replace("+00:00", "Z"),
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class AccessLogFilter(logging.Filter):
    """Keeps probes and scrapes out of uvicorn's access log; in JSON, all of uvicorn's access lines."""

    def __init__(self, drop_all: bool = False) -> None:
        super().__init__()
        self.drop_all = drop_all

    def filter(self, record: logging.LogRecord) -> bool:
        if self.drop_all:
            return False  # the request line (api.requests) replaces it, without the raw URL
        args = record.args if isinstance(record.args, tuple) else ()
        path = str(args[2]).split("?", 1)[0] if len(args) >= 3 else ""  # uvicorn: (client, method, path, …)
        return path not in QUIET_PATHS


def configure_logging(settings: Settings) -> None:
    """Set the log format and levels for the server (idempotent: the latest settings win)."""
    if settings.log_format not in FORMATS:
        raise ValueError(f"setting log_format: expected text or json, got {settings.log_format!r}")
    json_format = settings.log_format == "json"
    access = logging.getLogger("uvicorn.access")
    for old in [f for f in access.filters if isinstance(f, AccessLogFilter)]:
        access.removeFilter(old)
    access.addFilter(AccessLogFilter(drop_all=json_format))
    level = settings.log_level.upper()
    formatter: logging.Formatter = JsonFormatter() if json_format else logging.Formatter(TEXT_FORMAT)
    for name in _OWN_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        _own_handler(logger, formatter)
    if json_format:
        for name in _UVICORN_LOGGERS:
            for handler in logging.getLogger(name).handlers:
                handler.setFormatter(formatter)


def uvicorn_log_config(settings: Settings) -> dict[str, Any]:
    """uvicorn's logging configuration, in JSON when asked (``kg serve`` passes it: uvicorn configures
    its logging after the app is made, which would undo :func:`configure_logging`)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    if settings.log_format == "json":
        for name in config["formatters"]:
            config["formatters"][name] = {"()": f"{JsonFormatter.__module__}.JsonFormatter"}
    return config


def _own_handler(logger: logging.Logger, formatter: logging.Formatter) -> None:
    """A stderr handler for ``logger``, unless the records already reach one (a host that set up logging)."""
    ours = [h for h in logger.handlers if getattr(h, "kg_own", False)]
    if ours:
        ours[0].setFormatter(formatter)
        return
    if logger.handlers or logging.getLogger().handlers:
        return  # e.g. pytest's capture, or a --log-config: theirs
    handler = logging.StreamHandler()
    handler.kg_own = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter)
    logger.addHandler(handler)


__all__ = ["REQUEST_ID", "AccessLogFilter", "JsonFormatter", "configure_logging", "uvicorn_log_config"]
