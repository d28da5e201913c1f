"""Rendering HTML for people: the templates, the page language, links to entity pages, security headers,
the error page, the static assets and the API docs served without a CDN. The pages' routes are in
:mod:`api.routers.pages`; :mod:`api.errors` and :mod:`api.unavailable` answer in HTML through here too.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.versions import ShownVersion, shown_version
from kg.rdf.vocab import entity_prefix
from kg.resources.kinds import kind_name
from kg.resources.views import LANGUAGES, Resource

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
LINKABLE_SCHEMES = ("http://", "https://")


class StaticAssets(StaticFiles):
    """Static files with ``nosniff`` (they are only ever CSS, JS, licences and images)."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def serve_api_docs_locally(app: FastAPI) -> None:
    """Replace FastAPI's /docs (Swagger UI from a CDN) by the same page over the vendored Swagger UI."""
    if not app.docs_url or not app.openapi_url:
        return
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) != app.docs_url]
    title, openapi_url = f"{app.title} · API", app.openapi_url

    @app.get(app.docs_url, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=openapi_url, title=title, swagger_favicon_url="data:,",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url)


def chosen_language(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get("lang")
    if asked in LANGUAGES:
        return asked
    accept = (request.headers.get("accept-language") or "").lower()
    return "zh" if accept.startswith("zh") else "en"


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    lang = chosen_language(request)
    settings = request.app.state.settings
    prefix = entity_prefix(settings.base_iri)
    shown = shown_version(request)
    page = {"request": request, "lang": lang, "other_lang": "en" if lang == "zh" else "zh",
            "href": lambda r: versioned_link(page_link(r, prefix), shown), "version_shown": shown,
            "t": lambda zh, en: zh if lang == "zh" else en,
            "kind_name": lambda kind: kind_name(kind).get(lang, kind), **context}
    response = templates.TemplateResponse(request, template, page, status_code=status_code, headers=SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax", path="/")
    return response


def versioned_link(link: str | None, shown: ShownVersion | None) -> str | None:
    """A link to one of our pages keeps the version the page shows (an old one: the reader stays in it)."""
    if link is None or shown is None or shown.current or not link.startswith("/entity/"):
        return link
    return f"{link}?{shown.query()}"


def page_link(resource: Resource | str, prefix: str) -> str | None:
    """Where a link to an IRI goes: the page of an entity (``…/id/{kind}/{slug}`` → ``/entity/{kind}/{slug}``),
    else the IRI itself if it is an http(s) address, else None: an IRI of another scheme (``javascript:``,
    ``data:``, …) is shown as text, never made a link."""
    iri = resource if isinstance(resource, str) else resource.iri
    if iri.startswith(prefix):
        return "/entity/" + iri[len(prefix):]
    return iri if iri.lower().startswith(LINKABLE_SCHEMES) else None


def error_page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The HTML answer of an error on a page (api/errors.py decides when): the status and what went wrong."""
    response = render(request, "error.html", {"status": status, "title": HTTPStatus(status).phrase, "detail": detail},
                      status_code=status)
    response.headers.update(headers or {})
    return response
