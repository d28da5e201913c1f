"""Named queries over REST: ``GET /queries`` (the catalogue) and ``GET /queries/{name}?…`` (one answer).

One route per query is generated from the catalogue at startup, so /docs documents each with its
parameters, schemas and examples; a catch-all route answers 404 for unknown names. Answers are a JSON
list of rows, CSV, or SPARQL results JSON, by ``Accept`` or ``format=``. No SPARQL text in this file.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request, Response

from api.conneg import choose
from api.deps import SettingsDep, StoreDep
from kg.monitoring.progress import QUERY as PROGRESS_QUERY
from kg.monitoring.progress import STATUS_COLUMNS, with_status
from kg.query.executor import QueryExecutor, QueryRequest
from kg.query.named import Catalog, NamedQuery, asserted_graphs, json_rows, parse_flag
from kg.query.solutions import serialize_solutions

ROWS_JSON = "application/json"
CSV = "text/csv"
SPARQL_JSON = "application/sparql-results+json"
ANSWER_TYPES = [ROWS_JSON, CSV, SPARQL_JSON]
FORMAT_NAMES = {"json": ROWS_JSON, "csv": CSV, "srj": SPARQL_JSON, "sparql-json": SPARQL_JSON}
_CONTROL_DOCS = [
    {"name": "format", "in": "query", "required": False, "description": "json (rows), csv or srj; overrides Accept",
     "schema": {"type": "string", "enum": sorted(FORMAT_NAMES)}},
    {"name": "inferred", "in": "query", "required": False,
     "description": "include the build's inferred graph (coverage, OWL 2 RL entailments)",
     "schema": {"type": "boolean", "default": True}},
]
# Named queries whose rows get columns computed in Python (one implementation of a rule SPARQL cannot share):
# the query's name -> (the columns, the function adding them to the rows).
COMPUTED_COLUMNS = {PROGRESS_QUERY: (STATUS_COLUMNS, with_status)}


def example_url(query: NamedQuery) -> str:
    """The query's path with its example parameters."""
    params = query.example_values()
    return f"/queries/{query.name}" + (f"?{urlencode(params)}" if params else "")


def choose_media_type(request: Request) -> str:
    """``format=`` if given, else the Accept header; 406 when nothing offered is acceptable."""
    name = request.query_params.get("format")
    if name:
        if name not in FORMAT_NAMES:
            raise HTTPException(400, f"format must be one of {', '.join(sorted(FORMAT_NAMES))}")
        return FORMAT_NAMES[name]
    return choose(request.headers.get("accept"), ANSWER_TYPES)


def answer(query: NamedQuery, request: Request, store: StoreDep, settings: SettingsDep,
           executor: QueryExecutor) -> Response:
    """Bind, run (in a killable worker, with the time limit and row cap of /sparql) and render one named query."""
    media_type = choose_media_type(request)
    inferred = parse_flag("inferred", request.query_params.get("inferred"))
    bound = query.bind(store, dict(request.query_params), base_iri=settings.base_iri)
    graphs = () if inferred else tuple(asserted_graphs(store, settings.base_iri))
    wanted = CSV if media_type == CSV else SPARQL_JSON
    computed = COMPUTED_COLUMNS.get(query.name)
    if computed is not None:
        wanted = SPARQL_JSON
    result = executor.execute(store, QueryRequest(bound.text, wanted, graphs, bindings=tuple(bound.bindings.items())))
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["X-SPARQL-MaxRows"] = str(settings.max_rows)
    if computed is not None:
        return _with_computed_columns(query, result.result(), computed, media_type, headers)
    if media_type == ROWS_JSON:
        body = json.dumps(json_rows(result.result().rows()), ensure_ascii=False).encode("utf-8")
        return Response(body, media_type=ROWS_JSON, headers=headers)
    if media_type == CSV:
        headers["Content-Disposition"] = f'inline; filename="{query.name}.csv"'
        return Response(result.body, media_type="text/csv; charset=utf-8", headers=headers)
    return Response(result.body, media_type=SPARQL_JSON, headers=headers)


def _with_computed_columns(query: NamedQuery, result, computed, media_type: str, headers: dict) -> Response:
    """The answer of a query of :data:`COMPUTED_COLUMNS`: its rows with the computed columns, in any format."""
    columns, add = computed
    variables = [*result.variables, *columns]
    rows = add(result.rows())
    if media_type == ROWS_JSON:
        return Response(json.dumps(json_rows(rows), ensure_ascii=False).encode("utf-8"), media_type=ROWS_JSON,
                        headers=headers)
    if media_type == CSV:
        headers["Content-Disposition"] = f'inline; filename="{query.name}.csv"'
    body = serialize_solutions(variables, rows, media_type)
    return Response(body, media_type="text/csv; charset=utf-8" if media_type == CSV else media_type, headers=headers)


def openapi_for(query: NamedQuery) -> dict:
    """The OpenAPI operation details of one query: its parameters with schemas and examples."""
    parameters = [{"name": p.name, "in": "query", "required": p.required, "description": p.description,
                   "schema": p.schema(), **({"example": p.example} if p.example is not None else {})}
                  for p in query.parameters]
    content = {media: {} for media in ANSWER_TYPES}
    return {"parameters": parameters + _CONTROL_DOCS,
            "responses": {"200": {"description": "the rows", "content": content},
                          "400": {"description": "a missing or malformed parameter"},
                          "404": {"description": "an entity parameter names nothing (with suggestions)"}}}


def build_router(catalog: Catalog) -> APIRouter:
    """The catalogue route, one documented route per named query, and the 404 catch-all."""
    router = APIRouter(prefix="/queries", tags=["named queries"])

    @router.get("", summary="The catalogue of named queries")
    def list_queries() -> list[dict]:
        return [{**query.summary(), "url": f"/queries/{query.name}", "example_url": example_url(query)}
                for query in catalog]

    for query in catalog:
        router.add_api_route(
            f"/{query.name}", _handler(query), methods=["GET"], response_class=Response,
            summary=f"{query.title} · {query.titles.get('zh', '')}".strip(" ·"),
            description=f"{query.description}\n\nExample: `{example_url(query)}`",
            openapi_extra=openapi_for(query), operation_id=f"query_{query.name.replace('-', '_')}")

    @router.get("/{name}", include_in_schema=False)
    def unknown_query(name: str) -> Response:
        catalog.get(name)  # UnknownQueryError: 404
        raise HTTPException(404)

    return router


def _handler(query: NamedQuery):
    def run_named_query(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
        return answer(query, request, store, settings, request.app.state.executor)

    run_named_query.__name__ = f"run_{query.name.replace('-', '_')}"
    return run_named_query
