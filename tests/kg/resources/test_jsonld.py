"""JSON-LD documents: framing around an entity, the published context, the round trip, the dumps."""

from __future__ import annotations

import hashlib
import json
import os

import pyoxigraph as ox
import pytest
from pyld import jsonld

from kg.errors import UnknownEntityError
from kg.resources import jsonld as export
from kg.store.embedded import EmbeddedStore

ID = "https://w3id.org/fikg/id/"
LONG = bool(os.environ.get("KG_LONG_TESTS"))


def entities(store: EmbeddedStore) -> list[str]:
    return sorted({q.subject.value for q in store.quads() if isinstance(q.subject, ox.NamedNode)
                   and q.subject.value.startswith(ID)})


def round_trip(store: EmbeddedStore, iri: str) -> None:
    triples = export.entity_triples(store, iri)
    document = export.frame_entity(triples, iri)
    assert document["@context"] == export.context_url()
    assert export.expand_to_triples(document) == triples, iri


def test_industry_document_has_technologies_measures_agencies_and_targets(real_store: EmbeddedStore) -> None:
    iri = ID + "industry/hydrogen-energy"
    document = export.frame_entity(export.entity_triples(real_store, iri), iri)
    assert document["@id"] == "id:industry/hydrogen-energy"
    assert document["label"] == {"zh": "氢能", "en": "hydrogen energy"}
    assert "id:technology/hydrogen-production-from-seawater" in {t["@id"] for t in document["technologies"]}
    measures = {m["@id"]: m for m in document["namedByMeasures"]}
    scenario = measures["id:measure/strengthen-application-scenario-pull"]
    parties = [r["agent"]["label"]["zh"] if isinstance(r["agent"], dict) else r["agent"]
               for r in scenario["responsibilities"]]
    assert parties[:3] == ["省工业和信息化厅", "省发展改革委", "省科技厅"] and len(parties) == 14
    assert [r["position"] for r in scenario["responsibilities"]] == list(range(1, 15))
    assert scenario["targets"]["quantity"] == 50  # 到2030年，建设50个以上开放应用场景


def test_measure_document_orders_parties_and_cites_its_provision(real_store: EmbeddedStore) -> None:
    iri = ID + "measure/strengthen-application-scenario-pull"
    document = export.frame_entity(export.entity_triples(real_store, iri), iri)
    assert [r["position"] for r in document["responsibilities"]] == list(range(1, 15))
    assert document["responsibilities"][0]["isLead"] is True
    provision = document["provision"]  # embedded once; elsewhere referenced by its @id
    assert (provision["@id"] if isinstance(provision, dict) else provision) == "id:provision/jiangsu-2023-104-3-3"
    assert "三(三) 强化场景应用牵引" in json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize("iri", [ID + "industry/hydrogen-energy", ID + "measure/increase-support",
                                 ID + "agency/provincial-department-of-science-and-technology",
                                 ID + "target/2030-open-application-scenarios", ID + "document/jiangsu-2023-104"])
def test_round_trip_of_central_entities(real_store: EmbeddedStore, iri: str) -> None:
    round_trip(real_store, iri)


def test_round_trip_of_every_entity(real_store: EmbeddedStore) -> None:
    """Every entity; of the 4000-odd derived coverage nodes (one shape, made by one rule) every 50th,
    unless KG_LONG_TESTS is set (then all of them: a few minutes)."""
    everything = entities(real_store)
    coverage = [iri for iri in everything if iri.startswith(ID + "coverage/")]
    chosen = [iri for iri in everything if not iri.startswith(ID + "coverage/")] + coverage[:: 1 if LONG else 50]
    assert len(chosen) > 800
    for iri in chosen:
        round_trip(real_store, iri)


def test_list_document_of_a_kind(real_store: EmbeddedStore) -> None:
    document = export.frame_kind(export.kind_triples(real_store, "industry"))
    nodes = document["@graph"]
    assert len(nodes) == 14 and all(node["label"]["zh"] for node in nodes)
    assert export.expand_to_triples(document) == export.kind_triples(real_store, "industry")


def test_unknown_entity(real_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError):
        export.entity_triples(real_store, ID + "industry/no-such-industry")


def test_context_maps_short_keys_and_loader_refuses_other_urls() -> None:
    context = export.build_context()
    assert context["label"] == {"@id": "http://www.w3.org/2000/01/rdf-schema#label", "@container": "@language"}
    assert context["@vocab"] == "https://w3id.org/fikg/ontology#"
    loader = export.document_loader()
    assert loader(export.context_url(), {})["document"]["@context"] == context
    with pytest.raises(jsonld.JsonLdError):
        loader("https://example.org/other-context.jsonld", {})
    remote = {"@context": "https://example.org/other-context.jsonld", "@id": "https://x.example/a", "p": "v"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(remote, {"documentLoader": loader})


@pytest.mark.parametrize("name", sorted(export.DUMP_FORMATS))
def test_dumps_carry_size_and_checksum(real_store: EmbeddedStore, name: str) -> None:
    dump = export.make_dump(real_store, name)
    assert dump.size == len(dump.body) > 100_000
    assert dump.sha256 == hashlib.sha256(dump.body).hexdigest()
    if name == "dataset.nq":
        quads = list(ox.parse(dump.body, format=ox.RdfFormat.N_QUADS))
        assert len(quads) == sum(g.triples for g in real_store.graphs())
