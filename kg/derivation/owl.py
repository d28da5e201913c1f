"""OWL 2 RL triples of the nodes and node pairs a write can change, computed on a small scratch store.

The compiled rules (:mod:`kg.materialise`) are local: whether ``x a C`` is entailed depends only on x's
types and on which properties x has as subject and as object (cax-sco, cls-uni, prp-dom, prp-rng), and
whether ``s P o`` (P not transitive) is entailed depends only on the triples between s and o
(prp-spo1, prp-inv1/2, prp-symp). So for a set of *type keys* (nodes) and *pair keys* (node pairs) the
entailed triples after a write are computed by running the same compiled rules over a scratch store
holding the T-box, each type key's types and one stand-in triple per property it has (in the state
after the write, from counts), and every triple between each pair — the answer is then kept only for
the keys. The caller (:mod:`kg.derivation.maintenance`) falls back to a full derivation wherever this
locality does not hold (T-box changes, transitive properties, a functional property given two values).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from kg.derivation.change import AssertedChange, values
from kg.rdf.model import NamedNode, Quad, Term, Triple
from kg.reasoning.owl_rl import OWL, RDF, RDFS, materialise
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore

TYPE = NamedNode(RDF + "type")
SUBCLASS = NamedNode(RDFS + "subClassOf")
STAND_IN = NamedNode("urn:x-kg-derivation:some-node")  # the other end of a stand-in triple: not ours
TBOX_PREDICATES = tuple(NamedNode(iri) for iri in (
    RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range", OWL + "inverseOf",
    OWL + "unionOf", RDF + "first", RDF + "rest"))
PROPERTY_TYPES = tuple(NamedNode(OWL + name) for name in ("SymmetricProperty", "TransitiveProperty",
                                                         "FunctionalProperty"))
NTRIPLES = "application/n-triples"
FUNCTIONAL_BATCH = 200  # subjects per VALUES block when reading a functional property's stored values

Pair = tuple[NamedNode, NamedNode]


def asserted(pattern: str, derived_graph: str, own_default: bool) -> str:
    """``pattern`` over the asserted triples: every graph but the derived one. When the store's own default
    graph holds triples (``own_default``), the union less what the derived graph holds (it holds only what
    no other graph asserts), which a GRAPH pattern cannot say and costs a lookup per solution."""
    if own_default:
        return f"{pattern} FILTER NOT EXISTS {{ GRAPH <{derived_graph}> {{ {pattern} }} }}"
    return f"GRAPH ?g {{ {pattern} }} FILTER(?g != <{derived_graph}>)"


def has_own_default_graph(store: Store) -> bool:
    """Whether the store's own default graph holds a triple (the union the derivation reads includes it)."""
    return bool(store.select_default_graph("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))


def tbox_triples(store: Store, derived_graph: str, own_default: bool) -> list[Triple]:
    """The asserted triples the compiled rules read their axioms from (the derived graph left out)."""
    predicates = " ".join(map(str, TBOX_PREDICATES))
    kinds = " ".join(map(str, PROPERTY_TYPES))
    axioms = asserted("?s ?p ?o", derived_graph, own_default)
    kinds_of = asserted(f"?s {TYPE} ?o", derived_graph, own_default)
    query = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ {{ VALUES ?p {{ {predicates} }} {axioms} }} "
             f"UNION {{ VALUES ?o {{ {kinds} }} {kinds_of} BIND({TYPE} AS ?p) }} }}")
    return [Triple(r["s"], r["p"], r["o"]) for r in store.select(query)]


def functional_values(store: Store, derived_graph: str, change: AssertedChange,
                      functional: Iterable[NamedNode], own_default: bool) -> bool:
    """Whether the write leaves a subject with two values of a functional property (prp-fp would then give
    owl:sameAs, which only the reference reasoner follows).

    Linear in the change: the written values are grouped by (subject, property) once, and the stored values
    read per property in blocks of subjects (a load of thousands of observations is a handful of queries)."""
    functional = set(functional)
    after: dict[tuple[Term, NamedNode], set[Term]] = {}
    for t in change.added:
        if t.predicate in functional:
            after.setdefault((t.subject, t.predicate), set()).add(t.object)
    gone: dict[tuple[Term, NamedNode], set[Term]] = {}
    for t in change.removed:
        if (t.subject, t.predicate) in after:
            gone.setdefault((t.subject, t.predicate), set()).add(t.object)
    for (subject, prop), objects in _stored_values(store, derived_graph, after, own_default):
        after[(subject, prop)] |= objects - gone.get((subject, prop), set())
    return any(len(objects) > 1 for objects in after.values())


def _stored_values(store: Store, derived_graph: str, keys: Iterable[tuple[Term, NamedNode]],
                   own_default: bool) -> Iterable[tuple[tuple[Term, NamedNode], set[Term]]]:
    """The asserted values of each (subject, property) of ``keys``: VALUES blocks per property for IRIs,
    one bound query per blank-node subject (a blank node cannot be named in query text)."""
    by_property: dict[NamedNode, list[Term]] = {}
    for subject, prop in keys:
        by_property.setdefault(prop, []).append(subject)
    for prop, subjects in by_property.items():
        pattern = asserted(f"?s {prop} ?o", derived_graph, own_default)
        named = sorted((s for s in subjects if isinstance(s, NamedNode)), key=str)
        for start in range(0, len(named), FUNCTIONAL_BATCH):
            block = " ".join(map(str, named[start:start + FUNCTIONAL_BATCH]))
            found: dict[Term, set[Term]] = {}
            for row in store.select(f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?s {{ {block} }} {pattern} }}"):
                found.setdefault(row["s"], set()).add(row["o"])
            yield from (((subject, prop), objects) for subject, objects in found.items())
        for blank in (s for s in subjects if not isinstance(s, NamedNode)):
            rows = store.select(f"SELECT DISTINCT ?s ?o WHERE {{ {pattern} }}", s=blank)
            yield (blank, prop), {r["o"] for r in rows}


class OwlScope:
    """Computes the OWL 2 RL triples of given keys in the state after the write."""

    def __init__(self, store: Store, derived_graph: str, change: AssertedChange, tbox: list[Triple],
                 base_iri: str, own_default: bool) -> None:
        self.store = store
        self.own_default = own_default
        self.graph = derived_graph
        self.change = change
        self.tbox = tbox
        self.base_iri = base_iri

    def entailed(self, type_keys: set[NamedNode], pair_keys: set[Pair]) -> set[Triple]:
        """The entailed, not asserted triples ``x a C`` for x in ``type_keys`` and ``s P o`` for (s, o) in
        ``pair_keys`` (either way round), after the write."""
        scratch = EmbeddedStore(None)
        try:
            triples = set(self.tbox) | self._type_evidence(type_keys) | self._pair_triples(pair_keys)
            scratch.add_quads(Quad(t.subject, t.predicate, t.object, NamedNode("urn:x-kg-derivation:scratch"))
                                  for t in triples)
            chunks = materialise(scratch, None, self.base_iri)
        finally:
            scratch.close()
        pairs = pair_keys | {(o, s) for s, o in pair_keys}
        kept = set()
        for chunk in chunks:
            for quad in ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES):
                triple = quad.triple
                if triple.predicate == TYPE:
                    if triple.subject in type_keys:
                        kept.add(triple)
                elif triple.predicate != SUBCLASS and (triple.subject, triple.object) in pairs:
                    kept.add(triple)
        return kept

    def _type_evidence(self, nodes: set[NamedNode]) -> set[Triple]:
        """Per node, after the write: its types, and one stand-in triple per property it has as subject
        and as object (what cax-sco, cls-uni, prp-dom and prp-rng read)."""
        types: set[Triple] = set()
        counts: Counter[tuple[Term, NamedNode, bool]] = Counter()
        for block in values(nodes):
            rows = self._select(f"SELECT ?n ?o WHERE {{ VALUES ?n {{ {block} }} "
                                f"{asserted(f'?n {TYPE} ?o', self.graph, self.own_default)} }}")
            types.update(Triple(r["n"], TYPE, r["o"]) for r in rows)
            for outgoing, pattern in ((True, "?n ?p ?x"), (False, "?x ?p ?n")):
                rows = self._select(f"SELECT ?n ?p (COUNT(DISTINCT ?x) AS ?c) WHERE {{ VALUES ?n {{ {block} }} "
                                    f"{asserted(pattern, self.graph, self.own_default)} }} GROUP BY ?n ?p")
                for r in rows:
                    counts[(r["n"], r["p"], outgoing)] += int(r["c"].value)
        for triple in self.change.removed:
            types.discard(triple)
            for node, outgoing in ((triple.subject, True), (triple.object, False)):
                if node in nodes:
                    counts[(node, triple.predicate, outgoing)] -= 1
        for triple in self.change.added:
            if triple.predicate == TYPE and triple.subject in nodes:
                types.add(triple)
            for node, outgoing in ((triple.subject, True), (triple.object, False)):
                if node in nodes:
                    counts[(node, triple.predicate, outgoing)] += 1
        stand_ins = {Triple(node, prop, STAND_IN) if outgoing else Triple(STAND_IN, prop, node)
                     for (node, prop, outgoing), count in counts.items()
                     if count > 0 and prop != TYPE and prop not in TBOX_PREDICATES}  # axioms: in self.tbox
        return types | stand_ins

    def _pair_triples(self, pairs: set[Pair]) -> set[Triple]:
        """Every asserted triple between the two nodes of each pair, after the write."""
        ordered = sorted(pairs | {(o, s) for s, o in pairs}, key=str)
        found: set[Triple] = set()
        for start in range(0, len(ordered), 200):
            rows = " ".join(f"({s} {o})" for s, o in ordered[start:start + 200])
            pattern = asserted("?s ?p ?o", self.graph, self.own_default)
            found.update(Triple(r["s"], r["p"], r["o"]) for r in self._select(
                f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?o) {{ {rows} }} {pattern} }}"))
        both = set(ordered)
        found -= self.change.removed
        found |= {t for t in self.change.added if (t.subject, t.object) in both}
        return found

    def _select(self, query: str) -> list[dict[str, Term]]:
        return self.store.select(query)
