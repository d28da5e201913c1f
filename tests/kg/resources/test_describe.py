"""The linked-data view of a resource: its links both ways, labels in both languages, its sources."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import UnknownEntityError
from kg.rdf.formats import serialize
from kg.resources.describe import describe, ontology_graphs
from kg.store.embedded import EmbeddedStore

ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def test_description_has_outgoing_incoming_labels_and_sources(real_store: EmbeddedStore) -> None:
    iri = ID + "technology/hydrogen-production-from-seawater"
    triples = describe(real_store, iri)
    node = ox.NamedNode(iri)
    outgoing = {(t.predicate.value, t.object) for t in triples if t.subject == node}
    assert (FIKG + "belongsToIndustry", ox.NamedNode(ID + "industry/hydrogen-energy")) in outgoing
    assert {(LABEL, ox.Literal("海水制氢", language="zh")), (LABEL, ox.Literal("hydrogen production from seawater",
                                                                               language="en"))} <= outgoing
    incoming = {t.subject.value for t in triples if t.object == node}
    assert ID + "technology/key-technologies-for-producing-hydrogen-from-renewable-energy" in incoming  # narrower
    industry_labels = {t.object.value for t in triples
                       if t.subject.value == ID + "industry/hydrogen-energy" and t.predicate.value == LABEL}
    assert industry_labels == {"氢能", "hydrogen energy"}
    texts = [t.object.value for t in triples if t.predicate.value == FIKG + "text"]
    assert any("海水制氢" in text for text in texts)
    statements = [t for t in triples if isinstance(t.subject, ox.BlankNode)]  # axioms: where each fact is stated
    assert any(t.predicate.value == FIKG + "statedIn" for t in statements)


def test_unknown_resource(real_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError):
        describe(real_store, ID + "industry/no-such-industry")
    with pytest.raises(UnknownEntityError):
        describe(real_store, "not an iri")


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples", "application/rdf+xml",
                                        "application/ld+json"])
def test_serialisations_parse_back(real_store: EmbeddedStore, media_type: str) -> None:
    triples = describe(real_store, ID + "measure/increase-support")
    body = serialize(triples, media_type)
    formats = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
    assert len({q.triple for q in ox.parse(body, format=formats[media_type])}) == len(triples)


def test_ontology_graphs(real_store: EmbeddedStore) -> None:
    graphs = ontology_graphs(real_store)
    assert "https://w3id.org/fikg/graph/ontology" in graphs and len(graphs) >= 5
    assert ontology_graphs(real_store, module="industry") == ["https://w3id.org/fikg/graph/ontology/industry"]
    assert ontology_graphs(real_store, module="nothing") == []
