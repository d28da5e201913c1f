"""Differences between versions: GET /diff (RDF Patch, JSON or an HTML summary) and /diff/entity (对照).

``from`` and ``to`` each name a version: a change id, a release name or an ISO 8601 date-time
(:func:`kg.journal.timeline.resolve_reference`); ``to`` defaults to the current version. The difference is
read from the journal alone (:mod:`kg.journal.differences`); as ``application/rdf-patch`` (the default) it
is one transaction that turns the ``from`` dataset into the ``to`` dataset. As JSON or HTML it is summarised
per entity with zh/en labels (:mod:`kg.resources.version_diff`), which reads both versions (old ones
replayed into snapshots: :mod:`api.versions`). /diff/entity shows one entity's properties in both versions
side by side. Replays and summaries are CPU-bound: these are plain ``def`` routes (FastAPI's thread pool).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse

from api.conneg import choose
from api.deps import SettingsDep
from api.html import render
from api.versions import store_at
from kg.journal import MEDIA_TYPE, open_journal
from kg.journal.differences import as_patch, difference
from kg.journal.log import Entry, Journal
from kg.journal.timeline import head_entry, resolve_reference
from kg.rdf.model import Literal, NamedNode, Term
from kg.rdf.vocab import INFERRED_GRAPH, PREFIXES, graph_iri
from kg.resources.version_diff import as_json, side_by_side, summarise
from kg.resources.views import Labels, is_iri

router = APIRouter(tags=["versions"])
DIFF_TYPES = [MEDIA_TYPE, "application/json", "text/html"]
PAGE_TYPES = ["text/html", "application/json"]
FromQuery = Annotated[str, Query(alias="from", description="a change id, a release name or an ISO 8601 date-time")]
ToQuery = Annotated[str | None, Query(description="the same kinds of version; default: the current one")]


@router.get("/diff", summary="What changed between two versions: RDF Patch, or a summary per entity (JSON, HTML)")
def diff(request: Request, settings: SettingsDep, from_: FromQuery, to: ToQuery = None) -> Response:
    media_type = choose(request.headers.get("accept"), DIFF_TYPES)
    journal = open_journal(settings, request.app.state.live_store.get())
    source, target = _versions(journal, from_, to)
    found = difference(journal, source, target)
    headers = {"Vary": "Accept"}
    if media_type == MEDIA_TYPE:
        return Response(as_patch(found), media_type=MEDIA_TYPE, headers=headers)
    summary = summarise(found, store_at(request, journal, source), store_at(request, journal, target),
                        graph_iri(settings.base_iri, INFERRED_GRAPH))
    if media_type == "application/json":
        return JSONResponse({"from": _version(source), "to": _version(target), **as_json(summary)}, headers=headers)
    return render(request, "diff.html", {"source": source, "target": target, "summary": summary,
                                         "from_ref": from_, "to_ref": to or target.id,
                                         **_term_helpers(summary.labels)})


@router.get("/diff/entity", summary="One entity in two versions, side by side (对照): HTML or JSON")
def entity_side_by_side(request: Request, settings: SettingsDep, iri: Annotated[str, Query()],
                        from_: FromQuery, to: ToQuery = None) -> Response:
    media_type = choose(request.headers.get("accept"), PAGE_TYPES)
    if not is_iri(iri):
        raise HTTPException(400, "iri must be an absolute IRI")
    journal = open_journal(settings, request.app.state.live_store.get())
    source, target = _versions(journal, from_, to)
    rows, labels = side_by_side(iri, store_at(request, journal, source), store_at(request, journal, target),
                                graph_iri(settings.base_iri, INFERRED_GRAPH))
    if media_type == "application/json":
        return JSONResponse({"iri": iri, "from": _version(source), "to": _version(target),
                             "properties": [{"predicate": r.predicate, "before": [str(t) for t in r.before],
                                             "after": [str(t) for t in r.after], "differs": r.differs}
                                            for r in rows]})
    return render(request, "diff_entity.html", {"iri": iri, "source": source, "target": target, "rows": rows,
                                                **_term_helpers(labels)})


def _versions(journal: Journal, from_: str, to: str | None) -> tuple[Entry, Entry]:
    return resolve_reference(journal, from_), resolve_reference(journal, to) if to else head_entry(journal)


@dataclass(frozen=True)
class TermView:
    """How a page shows a term: an IRI (with its labels, if any) or a literal's text and language."""

    iri: str | None = None
    labels: Labels | None = None
    text: str = ""
    lang: str | None = None


def _term_helpers(labels: dict[str, Labels]) -> dict:
    def view(term: Term) -> TermView:
        if isinstance(term, NamedNode):
            return view_iri(term.value)
        if isinstance(term, Literal):
            return TermView(text=term.value, lang=term.language)
        return TermView(text=str(term))

    def view_iri(iri: str) -> TermView:
        return TermView(iri=iri, labels=labels.get(iri), text=compact(iri))
    return {"view": view, "view_iri": view_iri}


def compact(iri: str) -> str:
    """``rdfs:label`` for ``http://www.w3.org/2000/01/rdf-schema#label``: the project's prefixes, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _version(entry: Entry) -> dict:
    return {"id": entry.id, "time": entry.time.isoformat(), "operation": entry.operation, "client": entry.client}
