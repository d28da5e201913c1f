"""The ontology: parses, metadata, every term labelled and defined, imports resolve offline, DL-safe typing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = URIRef("https://w3id.org/fikg/ontology")
TERM_TYPES = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
# the datatypes of the OWL 2 datatype map that the data uses or may use
OWL2_DATATYPES = {XSD.integer, XSD.decimal, XSD.string, XSD.boolean, XSD.dateTime, XSD.dateTimeStamp,
                  RDF.PlainLiteral, RDF.langString, None}


def _terms(ontology: Graph):
    for t in TERM_TYPES:
        yield from ((s, t) for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef))
    for s in ontology.subjects(RDF.type, OWL.NamedIndividual):
        yield s, OWL.NamedIndividual


def test_header(ontology: Graph):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/fikg/ontology/1.0.0")
    titles = {t.language for t in ontology.objects(ONTOLOGY, DCTERMS.title)}
    assert titles == {"zh", "en"}
    for p in (DCTERMS.creator, DCTERMS.license, DCTERMS.created, DCTERMS.modified):
        assert ontology.value(ONTOLOGY, p) is not None, p


def test_every_term_has_zh_en_labels_and_definitions(ontology: Graph):
    terms = list(_terms(ontology))
    assert len(terms) > 100
    for term, _kind in terms:
        labels = sorted(label.language for label in ontology.objects(term, RDFS.label))
        assert labels == ["en", "zh"], term
        definitions = sorted(d.language for d in ontology.objects(term, SKOS.definition))
        assert definitions == ["en", "zh"], term


def test_no_term_is_both_kinds_of_property(ontology: Graph):
    kinds = {}
    for term, kind in _terms(ontology):
        if kind == OWL.NamedIndividual:
            continue
        assert term not in kinds, (term, kinds.get(term), kind)
        kinds[term] = kind


def test_every_property_used_in_data_is_declared(ontology: Graph, data: Graph):
    declared = {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t)}
    builtin = {RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso, OWL.imports, OWL.versionIRI,
               OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
    used = {p for p in data.predicates()}
    assert used - declared - builtin == set()
    objects_of_object_props = {p for p in used if (p, RDF.type, OWL.ObjectProperty) in ontology}
    for p in objects_of_object_props:
        assert all(isinstance(o, URIRef) for o in data.objects(None, p)), p
    for p in (p for p in used if (p, RDF.type, OWL.DatatypeProperty) in ontology):
        assert all(isinstance(o, Literal) and o.datatype in OWL2_DATATYPES for o in data.objects(None, p)), p


def test_every_class_used_in_data_is_declared(ontology: Graph, data: Graph):
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    builtin = {OWL.Ontology, OWL.Axiom, OWL.NamedIndividual}
    used = set(data.objects(None, RDF.type))
    assert used - declared - builtin == set()


def test_every_import_resolves_through_the_catalog():
    for folder in (ROOT / "ontology", ROOT / "data"):
        catalog = ET.parse(folder / "catalog-v001.xml").getroot()
        mapping = {u.get("name"): (folder / u.get("uri")).resolve()
                   for u in catalog if u.tag.endswith("uri")}
        files = list(folder.glob("*.ttl")) + list(folder.glob("modules/*.ttl"))
        todo = [f for f in files]
        seen = set()
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            g = Graph().parse(f, format="turtle")
            for target in g.objects(None, OWL.imports):
                assert str(target) in mapping, (f, target)
                assert mapping[str(target)].exists(), mapping[str(target)]
                todo.append(mapping[str(target)])
        assert (ROOT / "ontology" / "kg.ttl").resolve() in seen


def test_catalog_maps_every_ontology_iri_in_the_folder():
    catalog = ET.parse(ROOT / "ontology" / "catalog-v001.xml").getroot()
    names = {u.get("name") for u in catalog}
    for f in [ROOT / "ontology" / "kg.ttl", *(ROOT / "ontology" / "modules").glob("*.ttl")]:
        g = Graph().parse(f, format="turtle")
        for iri in g.subjects(RDF.type, OWL.Ontology):
            assert str(iri) in names, iri
            assert str(g.value(iri, OWL.versionIRI)) in names, iri


def test_no_gyear_or_date_outside_annotations(ontology: Graph, data: Graph):
    annotation = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    for g in (ontology, data):
        for _s, p, o in g:
            if isinstance(o, Literal) and o.datatype in (XSD.gYear, XSD.date):
                assert p in annotation, (p, o)
