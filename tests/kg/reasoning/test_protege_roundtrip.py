"""The Protégé round trip: save as Protégé does (OWL API: OWL/XML, RDF/XML; owlready2), reload, lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
import rdflib.collection
from rdflib.namespace import OWL, RDF, XSD

from kg.rdf.normalise import canonical_blank_nodes
from kg.reasoning import owlapi
from kg.reasoning.dl import owl_copy
from tests.helpers.project import DATA

ROOT = Path(__file__).parents[3]
DECLARATIONS = {OWL.NamedIndividual, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                OWL.AnnotationProperty, OWL.Thing, rdflib.RDFS.Datatype}


def sources() -> list[list[Path]]:
    """The tiny fixtures, and each of the project's real source files (Protégé opens them one by one)."""
    cases = [[DATA / "tiny-ontology.ttl", DATA / "tiny-data.ttl"], [DATA / "taxonomy.ttl"]]
    real = sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "ontology" / "modules").glob("*.ttl")) \
        + sorted((ROOT / "data").glob("*.ttl"))
    return cases + [[path] for path in real]


def load(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    for triple in list(graph.triples((None, OWL.imports, None))):
        graph.remove(triple)
    return graph


def without_added_declarations(saved: rdflib.Graph, original: rdflib.Graph) -> rdflib.Graph:
    """Drop the entity declarations a saving tool adds (Protégé declares every entity)."""
    kept = rdflib.Graph()
    for s, p, o in saved:
        if p == RDF.type and o in DECLARATIONS and (s, p, o) not in original:
            continue
        if p == RDF.type and o == OWL.Class and isinstance(s, rdflib.BNode):
            continue  # an anonymous class expression needs no type triple; the OWL API omits it
        kept.add((s, p, o))
    return kept


SYMMETRIC = {OWL.inverseOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.disjointWith, OWL.sameAs,
             OWL.differentFrom}


SET_VALUED = {OWL.unionOf, OWL.intersectionOf, OWL.oneOf, OWL.members, OWL.disjointUnionOf}


def symmetric_normalised(graph: rdflib.Graph) -> rdflib.Graph:
    """Equivalent forms made equal: symmetric axioms one way round, plain literals as xsd:string
    (RDF 1.1: they are the same literal), and the members of set-valued lists (unionOf …) sorted."""
    result = rdflib.Graph()
    for s, p, o in graph:
        if p in SYMMETRIC and isinstance(o, rdflib.URIRef) and isinstance(s, rdflib.URIRef) and str(o) < str(s):
            s, o = o, s
        if isinstance(o, rdflib.Literal) and o.language is None and o.datatype is None:
            o = rdflib.Literal(str(o), datatype=XSD.string)
        result.add((s, p, o))
    for s, p, head in list(result):
        if p in SET_VALUED and isinstance(head, rdflib.BNode):
            members = sorted(rdflib.collection.Collection(result, head), key=lambda t: t.n3())
            rdflib.collection.Collection(result, head).clear()
            result.remove((s, p, head))
            fresh = rdflib.BNode()
            rdflib.collection.Collection(result, fresh, members)
            result.add((s, p, fresh))
    return result


def skolemised(graph: rdflib.Graph) -> set[tuple]:
    """Triples with blank nodes named by their content (linear; general isomorphism is exponential)."""
    return set(canonical_blank_nodes(graph))


def merged_axioms(graph: rdflib.Graph) -> rdflib.Graph:
    """One owl:Axiom node per annotated triple (the OWL API merges annotations of the same axiom),
    and owl:AllDifferent written out as pairwise owl:differentFrom."""
    result = rdflib.Graph()
    annotations: dict[tuple, set] = {}
    axioms = set(graph.subjects(RDF.type, OWL.Axiom))
    for s, p, o in graph:
        if s in axioms:
            key = (graph.value(s, OWL.annotatedSource), graph.value(s, OWL.annotatedProperty),
                   graph.value(s, OWL.annotatedTarget))
            annotations.setdefault(key, set()).add((p, o))
        else:
            result.add((s, p, o))
    for pairs in annotations.values():
        node = rdflib.BNode()
        for p, o in pairs:
            result.add((node, p, o))
    for group in list(result.subjects(RDF.type, OWL.AllDifferent)):
        head = result.value(group, OWL.members) or result.value(group, OWL.distinctMembers)
        members = list(rdflib.collection.Collection(result, head)) if head else []
        for a in members:
            for b in members:
                if a != b:
                    result.add((a, OWL.differentFrom, b))
        rdflib.collection.Collection(result, head).clear() if head else None
        for triple in list(result.triples((group, None, None))):
            result.remove(triple)
    return result


def assert_same(saved: rdflib.Graph, original: rdflib.Graph) -> None:
    saved, original = merged_axioms(saved), merged_axioms(original)
    original = symmetric_normalised(original)
    for triple in list(original.triples((None, RDF.type, OWL.Class))):
        if isinstance(triple[0], rdflib.BNode):
            original.remove(triple)
    normalised = symmetric_normalised(without_added_declarations(saved, original))
    a, b = skolemised(normalised), skolemised(original)
    if a != b:
        missing = sorted(b - a)[:5]
        extra = sorted(a - b)[:5]
        pytest.fail(f"round trip changed the graph; missing {missing}, extra {extra}")


def without_trailing_slash(graph: rdflib.Graph) -> rdflib.Graph:
    def strip(t: rdflib.term.Node) -> rdflib.term.Node:
        return rdflib.URIRef(str(t).rstrip("/")) if isinstance(t, rdflib.URIRef) else t

    result = rdflib.Graph()
    for triple in graph:
        result.add(tuple(strip(t) for t in triple))
    return result


def test_catalogs_resolve_every_import_to_a_local_file() -> None:
    for catalog in [ROOT / "ontology" / "catalog-v001.xml", ROOT / "data" / "catalog-v001.xml"]:
        if not catalog.is_file():
            continue
        entries = owlapi.read_catalog(catalog)
        for iri, path in entries.items():
            assert path.is_file(), f"{catalog}: {iri} maps to missing {path}"
        for source in catalog.parent.rglob("*.ttl"):
            for imported in rdflib.Graph().parse(source).objects(None, OWL.imports):
                assert str(imported) in entries, f"{source}: import {imported} not in {catalog}"


@pytest.mark.skipif(not owlapi.java_available(), reason="Java is not installed")
@pytest.mark.parametrize("paths", sources(), ids=lambda ps: "+".join(p.stem for p in ps))
def test_owlapi_owlxml_and_rdfxml_round_trip(paths: list[Path], tmp_path: Path) -> None:
    catalog = paths[0].parent / "catalog-v001.xml"  # as Protégé: imports resolve through the file's catalog
    catalog = catalog if catalog.is_file() else (ROOT / "ontology" / "catalog-v001.xml")
    rdfxml = tmp_path / "in.owl"
    graph_with_imports = rdflib.Graph()
    for path in paths:
        graph_with_imports.parse(path, format="turtle")
    graph_with_imports.serialize(rdfxml, format="xml")
    owlxml = owlapi.convert(rdfxml, tmp_path / "saved.owx", "owlxml", catalog=catalog)
    back = owlapi.convert(owlxml, tmp_path / "back.owl", "rdfxml", catalog=catalog)
    assert_same(rdflib.Graph().parse(back, format="xml"), graph_with_imports)


@pytest.mark.parametrize(("paths", "fmt"), [(paths, "rdfxml") for paths in sources()]
                         + [(paths, "ntriples") for paths in sources()[:2]],  # both formats on the fixtures
                         ids=lambda v: "+".join(p.stem for p in v) if isinstance(v, list) else v)
def test_owlready2_round_trip(paths: list[Path], fmt: str, tmp_path: Path) -> None:
    import owlready2

    original = load(paths)
    rdfxml = owl_copy(original, tmp_path / "in.owl")
    world = owlready2.World()
    ontology = world.get_ontology(rdfxml.as_uri()).load()
    saved = tmp_path / f"saved.{fmt}"
    ontology.save(file=str(saved), format=fmt)
    world.close()
    reloaded = rdflib.Graph().parse(saved, format="xml" if fmt == "rdfxml" else "nt")
    # owlready2 (not Protégé) drops the trailing "/" of IRIs that end in one, e.g. the licence IRI
    # https://creativecommons.org/licenses/by/4.0/ — compare with that one known quirk undone.
    assert_same(without_trailing_slash(reloaded), without_trailing_slash(original))
