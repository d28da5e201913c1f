"""Log formats: one JSON object per line with the request id; probes and raw URLs kept out of access logs."""

from __future__ import annotations

import json
import logging

import pytest

from api.observability.logs import REQUEST_ID, AccessLogFilter, JsonFormatter, configure_logging
from kg.settings import Settings


def record(message: str, *args: object, **attributes: object) -> logging.LogRecord:
    entry = logging.LogRecord("api.requests", logging.INFO, __file__, 1, message, args or None, None)
    entry.__dict__.update(attributes)
    return entry


def test_a_json_line_has_time_level_request_id_and_fields() -> None:
    token = REQUEST_ID.set("abc-1")
    try:
        line = JsonFormatter().format(record("GET %s %d", "/sparql", 200, fields={"route": "/sparql", "status": 200,
                                                                                   "duration_ms": 1.5}))
    finally:
        REQUEST_ID.reset(token)
    entry = json.loads(line)
    assert "\n" not in line and entry["time"].endswith("Z") and entry["level"] == "info"
    assert {k: entry[k] for k in ("message", "request_id", "route", "status", "duration_ms")} == \
        {"message": "GET /sparql 200", "request_id": "abc-1", "route": "/sparql", "status": 200, "duration_ms": 1.5}


def test_an_exception_is_in_the_same_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        entry = record("failed", exc_info=sys.exc_info())
    parsed = json.loads(JsonFormatter().format(entry))
    assert "ValueError: boom" in parsed["exception"] and "request_id" not in parsed


@pytest.mark.parametrize(("path", "kept"), [("/healthz", False), ("/readyz?verbose=1", False), ("/metrics", False),
                                            ("/sparql?query=ASK%7B%7D", True), ("/", True)])
def test_probes_stay_out_of_uvicorns_access_log(path: str, kept: bool) -> None:
    access = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", path, "1.1", 200), None)
    assert AccessLogFilter().filter(access) is kept
    assert AccessLogFilter(drop_all=True).filter(access) is False  # JSON: our request line replaces it


def test_json_format_reaches_uvicorns_handlers(settings: Settings) -> None:
    handler = logging.StreamHandler()
    uvicorn = logging.getLogger("uvicorn.error")
    uvicorn.addHandler(handler)
    try:
        configure_logging(settings.with_(log_format="json"))
        assert isinstance(handler.formatter, JsonFormatter)
        with pytest.raises(ValueError, match="log_format"):
            configure_logging(settings.with_(log_format="xml"))
    finally:
        uvicorn.removeHandler(handler)
        configure_logging(settings)
