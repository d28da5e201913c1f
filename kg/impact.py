"""What a write can affect: the focus nodes to re-validate, and the subgraph their checks read.

The shapes in ``shapes/`` read, from a focus node F (the contract every shape keeps):

- F's own triples, and whether F has incoming triples of a predicate (orphans, ``sh:inversePath``
  with ``sh:minCount`` at most 1);
- the triples of F's values (their types for ``sh:class``, a responsibility's position, the triple an
  ``owl:Axiom`` annotates);
- chains of ``skos:broader`` and ``eli:is_part_of`` from F or from its values, and the triples of
  the nodes on them (the taxonomy path, the document a cited provision belongs to and its year);
- the type and labels of nodes that share a Chinese label with F (unique labels per kind);
- the ``rdfs:subClassOf`` hierarchy.

So a changed triple ``s p o`` can change the results of: s and o; the nodes that point at s; the
nodes whose chains pass through s, and the nodes that point at those; and the nodes that share a
Chinese label with s or have a changed label. :func:`affected_nodes` computes that set on the store
after the write, and :func:`extract_subgraph` what those nodes' checks read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kg.model import BlankNode, Literal, NamedNode, Quad, Term, Triple
from kg.store import Store

HIERARCHY = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
CHAIN = "(<http://www.w3.org/2004/02/skos/core#broader>|<http://data.europa.eu/eli/ontology#is_part_of>)"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
BATCH = 500  # nodes per VALUES block

Node = NamedNode | BlankNode


@dataclass(frozen=True)
class Touched:
    """The subjects and objects of the quads a write added or removed (iterating gives both)."""

    subjects: frozenset[Term] = frozenset()
    objects: frozenset[Term] = frozenset()
    hierarchy: bool = False  # the write changed rdfs:subClassOf: any node may be affected

    def __iter__(self) -> Iterator[Term]:
        return iter(self.subjects | self.objects)


def touched_terms(quads: Iterable[Quad]) -> Touched:
    """What the written ``quads`` touch."""
    quads = list(quads)
    return Touched(frozenset(q.subject for q in quads), frozenset(q.object for q in quads),
                   any(q.predicate.value == HIERARCHY for q in quads))


def affected_nodes(store: Store, changed: Touched | Iterable[Term]) -> set[Node]:
    """The focus nodes whose validation results a write touching ``changed`` can alter.

    A plain collection of terms is read as subjects (the safe side: subjects affect more).
    """
    touched = changed if isinstance(changed, Touched) else Touched(frozenset(changed))
    subjects = {t for t in touched.subjects if isinstance(t, NamedNode | BlankNode)}
    objects = {t for t in touched.objects if isinstance(t, NamedNode | BlankNode)}
    labels = {t for t in touched if isinstance(t, Literal) and t.language and t.language.startswith("zh")}
    on_chains = subjects | _select(store, subjects, f"?n ^{CHAIN}+ ?x")
    affected = objects | on_chains | _select(store, on_chains, "?x ?p ?n")
    affected |= _select(store, subjects, f"?n {LABEL} ?label . FILTER(langMatches(lang(?label), 'zh')) "
                                         f"?x {LABEL} ?label")
    if labels:
        affected |= _select(store, labels, f"?x {LABEL} ?n")
    return affected


def extract_subgraph(store: Store, focus: set[Node]) -> list[Triple]:
    """Every triple the checks of the ``focus`` nodes read (see the module docstring)."""
    triples: set[Triple] = set()
    patterns = (
        "?n ?p ?o . BIND(?n AS ?s)",  # the node's own triples
        f"?n {CHAIN}* ?s . ?s ?p ?o",  # its chains, with the triples of the nodes on them
        f"?n ?q ?v . FILTER(!isLiteral(?v)) ?v {CHAIN}* ?s . ?s ?p ?o",  # its values, their triples and chains
        f"?n {LABEL} ?l . FILTER(langMatches(lang(?l), 'zh')) ?s {LABEL} ?l . "
        f"{{ ?s {TYPE} ?o . BIND({TYPE} AS ?p) }} UNION {{ ?s {LABEL} ?o . BIND({LABEL} AS ?p) }}",
    )
    for pattern in patterns:
        for rows in _batches(store, focus, f"SELECT DISTINCT ?n ?s ?p ?o WHERE {{ {pattern} }}"):
            triples.update(Triple(r["s"], r["p"], r["o"]) for r in rows)
    incoming = "SELECT ?n ?p (SAMPLE(?x) AS ?s) WHERE { ?x ?p ?n . FILTER(?x != ?n) } GROUP BY ?n ?p"
    for rows in _batches(store, focus, incoming):  # one referrer per predicate is all a check needs
        triples.update(Triple(r["s"], r["p"], r["n"]) for r in rows)
    hierarchy = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{HIERARCHY}> ?o }}"
    triples.update(Triple(r["s"], NamedNode(HIERARCHY), r["o"]) for r in store.select(hierarchy))
    return sorted(triples, key=str)


def _select(store: Store, values: set[Term], pattern: str) -> set[Node]:
    """The ``?x`` of ``pattern`` for every ``?n`` in ``values``."""
    found: set[Node] = set()
    for rows in _batches(store, values, f"SELECT DISTINCT ?n ?x WHERE {{ {pattern} }}"):
        found.update(r["x"] for r in rows if isinstance(r["x"], NamedNode | BlankNode))
    return found


def _batches(store: Store, values: set[Term], query: str) -> Iterator[list[dict[str, Term]]]:
    """Run ``query`` (which projects ``?n``) for every ``?n`` in ``values``: VALUES blocks, and one
    bound query per blank node (a blank node cannot be named in query text)."""
    ordered = sorted((v for v in values if not isinstance(v, BlankNode)), key=str)
    where = query.index("WHERE {") + len("WHERE {")
    for start in range(0, len(ordered), BATCH):
        block = " ".join(str(v) for v in ordered[start:start + BATCH])
        yield store.select(f"{query[:where]} VALUES ?n {{ {block} }} {query[where:]}")
    for blank in (v for v in values if isinstance(v, BlankNode)):
        yield store.select(query, n=blank)
