"""The releases: GET /versions (JSON, HTML, Turtle, JSON-LD…) and /versions/{name} (one release).

A release (``kg release NAME --note TEXT``, :mod:`kg.journal.releases`) names one version of the dataset;
every journal change is a version too (GET /changes), a release is one people cite. The list says which
version is current and, for each release, its note, its change, whether the ontology changed, and the
links that use it (``/sparql?version=``, ``/diff`` from the release before). The RDF form is the DCAT
description of :mod:`kg.resources.version_catalog`, which the VoID description (/.well-known/void) holds too.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.conneg import choose
from api.deps import SettingsDep, StoreDep
from api.html import render
from api.server_url import server_url
from kg.errors import UnknownVersionError
from kg.journal import open_journal
from kg.journal.releases import find_release, releases
from kg.rdf.formats import serialize
from kg.resources.version_catalog import release_triples, releases_json

router = APIRouter(tags=["versions"])
RDF_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
LIST_TYPES = ["application/json", "text/html", *RDF_TYPES]


@router.get("/versions", summary="The releases (named versions) of the dataset, newest first, and the current version")
def list_versions(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    media_type = choose(request.headers.get("accept"), LIST_TYPES)
    journal = open_journal(settings, store)
    known = releases(journal)
    server = server_url(request, settings)
    headers = {"Vary": "Accept"}
    if media_type in RDF_TYPES:
        return Response(serialize(release_triples(known, settings.base_iri, server), media_type),
                        media_type=media_type, headers=headers)
    head = journal.entries()[-1] if len(journal) else None
    current = {"change": head.id, "time": head.time.isoformat()} if head else None
    listing = releases_json(known, server, current)
    if media_type == "application/json":
        return JSONResponse(listing, headers=headers)
    return render(request, "versions.html", {"listing": listing})


@router.get("/versions/{name}", summary="One release: its note, change and links (JSON)")
def one_version(name: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    journal = open_journal(settings, store)
    if find_release(journal, name) is None:
        raise UnknownVersionError(f"no release called {name[:80]!r} (see GET /versions)", name)
    listed = releases_json(releases(journal), server_url(request, settings), None)["releases"]
    return JSONResponse(next(r for r in listed if r["name"] == name))
