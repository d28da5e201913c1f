"""OpenTelemetry traces, when ``trace_exporter`` is ``otlp`` or ``console`` (the ``otel`` extra).

Off by default, and then free: this module is imported only when traces are configured, and with
it the OpenTelemetry SDK and instrumentation (a test checks that an unconfigured server has neither
loaded). When on, the outermost layer of the application is the OpenTelemetry ASGI middleware
(``opentelemetry-instrumentation-asgi``, the one ``opentelemetry-instrumentation-fastapi`` installs;
that instrumentor expects Starlette's stack as the outermost layer and would leave out the
``/sparql`` fast path that wraps it, so it is placed here directly, around everything): one server
span per request, named by method and route template (the router's own match, set as the answer starts).

What a span never holds: the query or update text (the ``query`` and ``update`` parameters are
replaced by ``sha256:`` and the first 16 hex digits of the text's SHA-256 in ``url.query``,
``http.target``, ``http.url`` and ``url.full``; the span gets ``kg.query.hash`` for POSTed queries
too) and the write token (``Authorization`` and cookies are sanitised even when an operator asks
for request headers with ``OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST``). Exporter
settings are OpenTelemetry's own (``OTEL_EXPORTER_OTLP_ENDPOINT``, ``OTEL_SERVICE_NAME``…).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qsl, urlencode

from opentelemetry import trace
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from starlette.types import ASGIApp, Scope

from api.observability.requests import query_hash, route_template

EXPORTERS = ("otlp", "console")
HASHED_PARAMETERS = frozenset({"query", "update"})
SANITISED_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]
URL_ATTRIBUTES = ("url.query", "http.target", "http.url", "url.full")
UNTRACED = "healthz,readyz,metrics"  # probes and scrapes (regular expressions matched against the URL)


def redacted_query_string(raw: str) -> str:
    """The URL's query string with the query and update texts replaced by their hash."""
    pairs = parse_qsl(raw, keep_blank_values=True)
    return urlencode([(name, f"sha256:{query_hash(value)}" if name in HASHED_PARAMETERS else value)
                      for name, value in pairs])


class Tracing:
    """A tracer provider with its exporter, the ASGI middleware around the application, and the span hooks."""

    def __init__(self, exporter: str | SpanExporter) -> None:
        resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "fikg")})
        self.provider = TracerProvider(resource=resource)
        self.provider.add_span_processor(_processor(exporter))

    def wrap(self, app: Any, inner: ASGIApp) -> ASGIApp:
        """The OpenTelemetry middleware around ``inner`` (the application's outermost layer)."""
        return OpenTelemetryMiddleware(
            inner, excluded_urls=UNTRACED, default_span_details=_span_details,
            server_request_hook=_redact, tracer_provider=self.provider,
            http_capture_headers_sanitize_fields=SANITISED_HEADERS, exclude_spans=["receive", "send"])

    @staticmethod
    def on_response(scope: Scope, status: int) -> None:
        """As the answer starts (routed, inside the request's span): the route template, the query's hash."""
        span = trace.get_current_span()
        if not span.is_recording():
            return
        route = route_template(scope)
        span.update_name(f"{scope.get('method', 'HTTP')} {route}")
        span.set_attribute("http.route", route)
        text = scope.get("kg.query_text")
        if text is not None:
            span.set_attribute("kg.query.hash", query_hash(text) or "")

    def shutdown(self) -> None:
        self.provider.shutdown()


def _processor(exporter: str | SpanExporter) -> SpanProcessor:
    if not isinstance(exporter, str):
        return SimpleSpanProcessor(exporter)  # given (tests: the in-memory exporter): spans at once
    if exporter == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return SimpleSpanProcessor(ConsoleSpanExporter())
    if exporter == "otlp":
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError as exc:
            raise RuntimeError("trace_exporter = \"otlp\" needs opentelemetry-exporter-otlp-proto-http: "
                               "pip install 'fikg[otel]'") from exc
        return BatchSpanProcessor(OTLPSpanExporter())
    raise ValueError(f"setting trace_exporter: expected none, {' or '.join(EXPORTERS)}, got {exporter!r}")


def _span_details(scope: Scope) -> tuple[str, dict[str, str]]:
    """The span's first name: the method (the route is known once routed; :meth:`Tracing.on_response` names it)."""
    return scope.get("method", "HTTP"), {}


def _redact(span: Any, scope: Scope) -> None:
    """Server request hook: no query or update text in the URL attributes the middleware set."""
    raw = scope.get("query_string", b"").decode("latin-1")
    if not raw or not span.is_recording():
        return
    redacted = redacted_query_string(raw)
    attributes = getattr(span, "attributes", None) or {}
    for key in URL_ATTRIBUTES:
        value = attributes.get(key)
        if isinstance(value, str):
            span.set_attribute(key, value.replace(raw, redacted) if raw in value else _strip_query(value, redacted))


def _strip_query(value: str, redacted: str) -> str:
    """A URL attribute whose query part is spelled differently from the raw one: replace that part."""
    base, separator, _ = value.partition("?")
    return f"{base}?{redacted}" if separator else (redacted if "=" in value else value)


__all__ = ["Tracing", "redacted_query_string"]
