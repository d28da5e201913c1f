"""kg.resources.version_catalog: releases as DCAT versions of the dataset, and as JSON."""

from __future__ import annotations

import pyoxigraph as ox

from kg.journal.releases import Release
from kg.resources.version_catalog import release_triples, releases_json

DCAT = "http://www.w3.org/ns/dcat#"
OWL_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
RELEASES = [Release("v1", "uuid:1", "2026-12-01T00:00:00+00:00", "first", True),
            Release("v2", "uuid:2", "2026-12-02T00:00:00+00:00", "", False)]


def test_each_release_is_a_version_and_the_ontology_version_only_where_it_changed() -> None:
    triples = release_triples(RELEASES, "https://w3id.org/fikg/", "http://kg.example/")
    v1, v2 = ox.NamedNode("http://kg.example/versions/v1"), ox.NamedNode("http://kg.example/versions/v2")
    dataset = ox.NamedNode("https://w3id.org/fikg/dataset")
    assert ox.Triple(dataset, ox.NamedNode(DCAT + "hasVersion"), v2) in triples
    assert ox.Triple(v2, ox.NamedNode(DCAT + "previousVersion"), v1) in triples
    infos = [t for t in triples if t.predicate == OWL_VERSION_INFO]
    assert [(t.subject.value, t.object.value) for t in infos] == [("http://kg.example/ontology?version=v1", "v1")]


def test_json_lists_newest_first_with_the_diff_from_the_release_before() -> None:
    listing = releases_json(RELEASES, "http://kg.example", {"change": "uuid:3"})
    assert [r["name"] for r in listing["releases"]] == ["v2", "v1"]
    assert listing["releases"][0]["diff_from_previous"] == "http://kg.example/diff?from=v1&to=v2"
    assert listing["releases"][1]["diff_from_previous"] is None
