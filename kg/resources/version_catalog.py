"""The releases described for consumers: /versions (JSON, HTML, RDF) and the dataset's VoID/DCAT description.

Each release (:mod:`kg.journal.releases`) is a version of the dataset in DCAT 3's terms: ``<{server}/versions/
{name}>`` is a ``dcat:Dataset`` with ``dcat:version`` (its name), ``dcat:previousVersion`` (the release before),
``dcterms:isVersionOf`` the dataset (which lists it with ``dcat:hasVersion``), its note as
``dcterms:description``, ``dcterms:issued``, the journal change it names as ``dcterms:identifier``, and the
SPARQL endpoint answering as of it (``?version={name}``). When the ontology changed since the previous
release, the release's ontology — ``<{server}/ontology?version={name}>``, which serves it — is an
``owl:Ontology`` with ``owl:versionInfo`` the release's name, ``prov:specializationOf`` the ontology's IRI.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

import pyoxigraph as ox

from kg.journal.releases import Release
from kg.rdf.vocab import PREFIXES

DCAT = "http://www.w3.org/ns/dcat#"
OWL, PROV = PREFIXES["owl"], PREFIXES["prov"]


def release_url(server: str, name: str) -> str:
    return f"{server.rstrip('/')}/versions/{quote(name, safe='')}"


def release_triples(releases: Sequence[Release], base_iri: str, server: str) -> list[ox.Triple]:
    """The releases as DCAT versions of the dataset (``{base_iri}dataset``, as in VoID)."""
    dct, xsd, rdfs = PREFIXES["dcterms"], PREFIXES["xsd"], PREFIXES["rdfs"]
    server = server.rstrip("/")
    dataset = ox.NamedNode(base_iri.rstrip("/") + "/dataset")
    ontology = ox.NamedNode(base_iri.rstrip("/") + "/ontology")
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    out: list[ox.Triple] = []
    previous = None
    for release in releases:
        node = n(release_url(server, release.name))
        asked = quote(release.name, safe="")
        out += [ox.Triple(dataset, n(DCAT + "hasVersion"), node), ox.Triple(node, rdf_type, n(DCAT + "Dataset")),
                ox.Triple(node, n(dct + "isVersionOf"), dataset),
                ox.Triple(node, n(DCAT + "version"), ox.Literal(release.name)),
                ox.Triple(node, n(dct + "identifier"), ox.Literal(release.change)),
                ox.Triple(node, n(dct + "issued"), ox.Literal(release.time, datatype=n(xsd + "dateTime"))),
                ox.Triple(node, n(rdfs + "seeAlso"), n(f"{server}/sparql?version={asked}"))]
        if release.note:
            out.append(ox.Triple(node, n(dct + "description"), ox.Literal(release.note)))
        if previous is not None:
            out.append(ox.Triple(node, n(DCAT + "previousVersion"), previous))
        if release.ontology_changed:
            version = n(f"{server}/ontology?version={asked}")
            out += [ox.Triple(node, n(dct + "hasPart"), version), ox.Triple(version, rdf_type, n(OWL + "Ontology")),
                    ox.Triple(version, n(OWL + "versionInfo"), ox.Literal(release.name)),
                    ox.Triple(version, n(PROV + "specializationOf"), ontology)]
        previous = node
    return out


def releases_json(releases: Sequence[Release], server: str, current: dict | None) -> dict:
    """The releases as plain JSON, newest first, with the links that use them."""
    server = server.rstrip("/")
    listed = []
    for index, release in enumerate(releases):
        asked = quote(release.name, safe="")
        before = releases[index - 1].name if index else None
        listed.append({"name": release.name, "note": release.note, "change": release.change, "time": release.time,
                       "ontology_changed": release.ontology_changed, "url": release_url(server, release.name),
                       "sparql": f"{server}/sparql?version={asked}",
                       "diff_from_previous": (f"{server}/diff?from={quote(before, safe='')}&to={asked}"
                                              if before else None)})
    return {"current": current, "releases": listed[::-1]}
