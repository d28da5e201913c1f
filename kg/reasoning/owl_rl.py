"""OWL 2 RL materialisation compiled for the ontology at hand and run inside the store.

The T-box (class and property axioms, read from the store) is small: its closures are computed in
Python and become one SPARQL CONSTRUCT per class and per property that gains triples, evaluated by
the store where the data already is. Each CONSTRUCT keeps what :func:`kg.reasoning.reference.infer` keeps
(new triples about our IRIs, nothing trivial, nothing already asserted), so the result is the graph
the reference reasoner gives (``tests/kg/reasoning/test_owl_rl.py`` compares them).

Covered rules: cax-sco and the subclass closure of our classes (scm-sco), prp-spo1, prp-dom,
prp-rng, prp-inv1/2, prp-symp, prp-trp, cls-uni. Axioms that only constrain (disjointness,
differentFrom, functional properties when no subject has two values) derive no triples. Anything
else a reasoner would act on raises :class:`Uncovered`, and the caller falls back to the reference
reasoner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.formats import ntriples
from kg.rdf.vocab import ONTOLOGY_NS
from kg.store.base import Store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = ox.NamedNode(RDF + "type")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
NTRIPLES = "application/n-triples"

# Predicates that carry axioms the compiled rules do not implement (equality, class expressions
# other than unions, chains, keys, cardinalities): their presence sends the build to the reference.
UNCOVERED_PREDICATES = tuple(OWL + name for name in (
    "sameAs", "equivalentClass", "equivalentProperty", "intersectionOf", "complementOf", "oneOf",
    "hasValue", "someValuesFrom", "allValuesFrom", "onProperty", "onClass", "hasSelf",
    "propertyChainAxiom", "hasKey", "disjointUnionOf", "cardinality", "qualifiedCardinality",
    "maxCardinality", "maxQualifiedCardinality", "minCardinality", "minQualifiedCardinality"))
UNCOVERED_TYPES = tuple(OWL + name for name in ("InverseFunctionalProperty", "ReflexiveProperty"))
# Classes a reasoner gives meaning to: a derived membership in one of them would change the rules.
_OPEN_CLASSES = {OWL + "Thing", RDFS + "Resource", RDFS + "Literal"}
_TRIVIAL_TYPES = {OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual", RDFS + "Class", OWL + "Class"}
_SCHEMA_PROPERTIES = {RDF + "type", RDF + "first", RDF + "rest", RDFS + "subClassOf", RDFS + "subPropertyOf",
                      RDFS + "domain", RDFS + "range"}

Node = ox.NamedNode | ox.BlankNode
Effect = tuple[ox.NamedNode, bool]  # (property, reversed): s P o gives s Q o, or o Q s when reversed


class Uncovered(KgError):
    """The ontology uses a construct the compiled rules do not implement (the message names it)."""


@dataclass
class TBox:
    """The axioms the compiled rules act on, as read from the store."""

    subclass: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    member_of: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))  # class → unions
    subproperty: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=lambda: defaultdict(set))
    inverse: dict[ox.NamedNode, set[ox.NamedNode]] = field(default_factory=lambda: defaultdict(set))
    domain: dict[ox.NamedNode, set[Node]] = field(default_factory=lambda: defaultdict(set))
    range: dict[ox.NamedNode, set[Node]] = field(default_factory=lambda: defaultdict(set))
    symmetric: set[ox.NamedNode] = field(default_factory=set)
    transitive: set[ox.NamedNode] = field(default_factory=set)
    functional: set[ox.NamedNode] = field(default_factory=set)

    def properties(self) -> set[ox.NamedNode]:
        """Every property some axiom names."""
        named = set(self.subproperty) | set(self.inverse) | set(self.domain) | set(self.range)
        named |= self.symmetric | self.transitive | self.functional
        for targets in (*self.subproperty.values(), *self.inverse.values()):
            named |= targets
        return named

    def effects(self, prop: ox.NamedNode) -> set[Effect]:
        """The (property, reversed) pairs one ``prop`` triple yields: spo1, inv1/2 and symp, closed."""
        seen = {(prop, False)}
        todo = [(prop, False)]
        while todo:
            current, flipped = todo.pop()
            steps = [(sup, flipped) for sup in self.subproperty.get(current, ())]
            steps += [(inv, not flipped) for inv in self.inverse.get(current, ())]
            if current in self.symmetric:
                steps.append((current, not flipped))
            for step in steps:
                if step not in seen:
                    seen.add(step)
                    todo.append(step)
        return seen

    def superclasses(self, cls: Node, *, unions: bool = True) -> set[Node]:
        """``cls`` and every class above it (through union membership too, unless ``unions`` is off)."""
        seen = {cls}
        todo = [cls]
        while todo:
            current = todo.pop()
            above = set(self.subclass.get(current, ()))
            if unions:
                above |= self.member_of.get(current, set())
            for sup in above - seen:
                seen.add(sup)
                todo.append(sup)
        return seen


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def read_tbox(store: Store, graphs: list[str] | None) -> TBox:
    """The axioms in ``graphs``; :class:`Uncovered` if any needs rules this module lacks."""

    def rows(sparql: str) -> list[dict]:
        return store.query(sparql, default_graphs=graphs).rows()

    listed = " ".join(f"<{p}>" for p in UNCOVERED_PREDICATES)
    for row in rows(f"SELECT DISTINCT ?p WHERE {{ VALUES ?p {{ {listed} }} ?s ?p ?o }}"):
        raise Uncovered(f"the ontology or data use {row['p'].value}")
    listed = " ".join(f"<{t}>" for t in UNCOVERED_TYPES)
    for row in rows(f"SELECT DISTINCT ?t WHERE {{ VALUES ?t {{ {listed} }} ?s a ?t }}"):
        raise Uncovered(f"the ontology declares a {row['t'].value}")
    if rows("SELECT ?c WHERE { ?x a ?c FILTER(isBlank(?c)) } LIMIT 1"):
        raise Uncovered("some resource is typed with an anonymous class expression")
    tbox = TBox()
    for row in rows(f"SELECT ?c ?d WHERE {{ ?c <{RDFS}subClassOf> ?d }}"):
        tbox.subclass[row["c"]].add(row["d"])
    for row in rows(f"SELECT ?u ?c WHERE {{ ?u <{OWL}unionOf>/<{RDF}rest>*/<{RDF}first> ?c }}"):
        tbox.member_of[row["c"]].add(row["u"])
    for kind, target in (("subPropertyOf", tbox.subproperty), ("domain", tbox.domain), ("range", tbox.range)):
        for row in rows(f"SELECT ?p ?x WHERE {{ ?p <{RDFS}{kind}> ?x }}"):
            anonymous = kind == "subPropertyOf" and not isinstance(row["x"], ox.NamedNode)
            if not isinstance(row["p"], ox.NamedNode) or anonymous:
                raise Uncovered(f"rdfs:{kind} on an anonymous property")
            target[row["p"]].add(row["x"])
    for row in rows(f"SELECT ?p ?q WHERE {{ ?p <{OWL}inverseOf> ?q }}"):
        if not (isinstance(row["p"], ox.NamedNode) and isinstance(row["q"], ox.NamedNode)):
            raise Uncovered("owl:inverseOf on an anonymous property")
        tbox.inverse[row["p"]].add(row["q"])
        tbox.inverse[row["q"]].add(row["p"])
    for name, target in (("SymmetricProperty", tbox.symmetric), ("TransitiveProperty", tbox.transitive),
                         ("FunctionalProperty", tbox.functional)):
        target.update(row["p"] for row in rows(f"SELECT DISTINCT ?p WHERE {{ ?p a <{OWL}{name}> }}")
                      if isinstance(row["p"], ox.NamedNode))
    _check_schema_terms(tbox)
    return tbox


def _check_schema_terms(tbox: TBox) -> None:
    """Axioms about RDF/RDFS/OWL terms themselves would let derived triples change the rules: refuse them."""
    schema = (RDF, RDFS, OWL)
    for prop in tbox.properties():
        if prop.value in _SCHEMA_PROPERTIES or prop.value.startswith(OWL):
            raise Uncovered(f"an axiom about the schema property {prop.value}")
    sinks = {c for targets in (*tbox.subclass.values(), *tbox.domain.values(), *tbox.range.values())
             for c in targets}
    sources = set(tbox.subclass) | set(tbox.member_of) | {u for us in tbox.member_of.values() for u in us}
    for cls in sinks | sources:
        iri = _iri(cls)
        if iri is None or not iri.startswith(schema):
            continue
        if iri in _OPEN_CLASSES and cls not in sources:
            continue  # a superclass, domain or range nothing further hangs on
        raise Uncovered(f"an axiom makes {iri} a subclass or union member")


def _quote(text: str) -> str:
    return str(ox.Literal(text))


def _ours_filter(variable: str, prefixes: Iterable[str]) -> str:
    tests = " || ".join(f"STRSTARTS(STR(?{variable}), {_quote(p)})" for p in prefixes)
    return f"FILTER(isIRI(?{variable}) && ({tests}))"


def compile_rules(tbox: TBox, base_iri: str) -> list[str]:
    """One CONSTRUCT per class and per property that gains triples, over the asserted graphs."""
    prefixes = (base_iri, ONTOLOGY_NS)
    effects = {prop: tbox.effects(prop) for prop in tbox.properties()}
    return _type_rules(tbox, effects, prefixes) + _property_rules(tbox, effects, prefixes)


def _type_rules(tbox: TBox, effects: dict[ox.NamedNode, set[Effect]], prefixes: tuple[str, ...]) -> list[str]:
    """cax-sco, cls-uni, prp-dom, prp-rng: per class, its members through subclasses and property ends."""
    by_class: dict[Node, tuple[set, set, set]] = defaultdict(lambda: (set(), set(), set()))
    for cls in set(tbox.subclass) | set(tbox.member_of):
        if isinstance(cls, ox.NamedNode):  # anonymous classes have no asserted members (read_tbox checks)
            for sup in tbox.superclasses(cls) - {cls}:
                by_class[sup][0].add(cls)
    for prop, yields in effects.items():
        for end, (forward, backward) in ((1, (tbox.domain, tbox.range)), (2, (tbox.range, tbox.domain))):
            direct = set()
            for target, flipped in yields:
                direct |= (backward if flipped else forward).get(target, set())
            for cls in direct:
                for sup in tbox.superclasses(cls):
                    by_class[sup][end].add(prop)
    queries = []
    for cls, (classes, subjects, objects) in sorted(by_class.items(), key=lambda item: str(item[0])):
        if not isinstance(cls, ox.NamedNode) or cls.value in _TRIVIAL_TYPES:
            continue
        branches = []
        if classes:
            branches.append(f"{{ VALUES ?c {{ {' '.join(sorted(map(str, classes)))} }} ?x a ?c }}")
        branches += [f"{{ ?x {p} ?any }}" for p in sorted(map(str, subjects))]
        branches += [f"{{ ?any {p} ?x }}" for p in sorted(map(str, objects))]
        queries.append(f"CONSTRUCT {{ ?x a {cls} }} WHERE {{ {{ SELECT DISTINCT ?x WHERE {{ "
                       f"{' UNION '.join(branches)} }} }} {_ours_filter('x', prefixes)} "
                       f"FILTER NOT EXISTS {{ ?x a {cls} }} }}")
    return queries


def _path(sources: Iterable[Effect]) -> str:
    return "|".join(f"{'^' if flipped else ''}{prop}" for prop, flipped in sorted(sources, key=str))


def _property_rules(tbox: TBox, effects: dict[ox.NamedNode, set[Effect]], prefixes: tuple[str, ...]) -> list[str]:
    """prp-spo1, prp-inv1/2, prp-symp, prp-trp: per property, the triples other properties give it.

    A transitive property's triples are the closure of every one-step source (a property path ``+``);
    a property above a transitive one also gets that one's closure.
    """
    sources: dict[ox.NamedNode, set[Effect]] = defaultdict(set)  # property → (source, reversed)
    for prop, yields in effects.items():
        for target, flipped in yields:
            if (target, flipped) != (prop, False) or target in tbox.transitive:
                sources[target].add((prop, flipped))
    queries = []
    for prop, direct in sorted(sources.items(), key=lambda item: str(item[0])):
        if prop in tbox.transitive:
            branches = [f"{{ ?s ({_path(direct)})+ ?o }}"]
        else:
            branches = [f"{{ ?o {s} ?s }}" if flipped else f"{{ ?s {s} ?o }}" for s, flipped in sorted(direct, key=str)]
            for lower in sorted(tbox.transitive - {prop}, key=str):
                for target, flipped in sorted(effects.get(lower, ()), key=str):
                    if target == prop:
                        first, last = ("?o", "?s") if flipped else ("?s", "?o")
                        branches.append(f"{{ {first} ({_path(sources[lower])})+ {last} }}")
        queries.append(f"CONSTRUCT {{ ?s {prop} ?o }} WHERE {{ {' UNION '.join(branches)} "
                       f"{_ours_filter('s', prefixes)} FILTER(!isBlank(?o)) FILTER NOT EXISTS {{ ?s {prop} ?o }} }}")
    return queries


def subclass_closure(tbox: TBox, base_iri: str) -> list[ox.Triple]:
    """``C rdfs:subClassOf D`` for our classes and every named class above them, not yet asserted."""
    prefixes = (base_iri, ONTOLOGY_NS)
    triples = []
    for cls in tbox.subclass:
        if not isinstance(cls, ox.NamedNode) or not cls.value.startswith(prefixes):
            continue
        for sup in tbox.superclasses(cls, unions=False) - {cls} - tbox.subclass[cls]:
            if isinstance(sup, ox.NamedNode):
                triples.append(ox.Triple(cls, SUBCLASS, sup))
    return sorted(triples, key=str)


def check_functional(store: Store, graphs: list[str] | None, tbox: TBox) -> None:
    """:class:`Uncovered` if a functional property could give owl:sameAs (prp-fp): a subject with two values."""
    effects = {prop: tbox.effects(prop) for prop in tbox.properties()}
    for prop in sorted(tbox.functional, key=str):
        produced = {(p, f) for p, yields in effects.items() for (t, f) in yields if t == prop} - {(prop, False)}
        if produced:
            raise Uncovered(f"the functional property {prop.value} is also derived from other properties")
        if store.query(f"ASK {{ ?x {prop} ?a, ?b FILTER(!sameTerm(?a, ?b)) }}", default_graphs=graphs).boolean:
            raise Uncovered(f"some subject has two values of the functional property {prop.value}")


def materialise(store: Store, graphs: list[str] | None, base_iri: str) -> list[bytes]:
    """The OWL 2 RL triples ``graphs`` entail about our IRIs and do not assert, as N-Triples chunks.

    ``graphs=None`` reads the union of all named graphs (much faster than a list of graphs: one index
    lookup per pattern instead of one per graph). Raises :class:`Uncovered` (before any work on the
    data) when the ontology needs the reference reasoner.
    """
    tbox = read_tbox(store, graphs)
    check_functional(store, graphs, tbox)
    chunks = []
    closure = subclass_closure(tbox, base_iri)
    if closure:
        chunks.append(ntriples(closure).encode("utf-8"))
    for query in compile_rules(tbox, base_iri):
        chunks.append(store.query(query, default_graphs=graphs).serialize(NTRIPLES))
    return chunks
