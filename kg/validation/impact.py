"""What a write can affect: the focus nodes to re-validate, and the subgraph their checks read.

The shapes in ``shapes/`` read, from a focus node F (the contract every shape keeps):

- F's own triples, and whether F has incoming triples of a predicate (orphans, ``sh:inversePath``
  with ``sh:minCount`` at most 1);
- the triples of F's values (their types for ``sh:class``, a responsibility's position, the triple an
  ``owl:Axiom`` annotates);
- chains of ``skos:broader`` and ``eli:is_part_of`` from F or from its values, and the triples of
  the nodes on them (the taxonomy path, the document a cited provision belongs to and its year); for an
  observation, ``qb:dataSet``, ``qb:structure`` and ``qb:component`` to its component specifications
  (Data Cube IC-11, IC-13, IC-14), and the other observations of its data set (IC-12, duplicates);
- the type, labels and documents (cited provisions and their chains) of nodes that share a Chinese label
  with F (unique labels per kind within a document);
- the ``rdfs:subClassOf`` hierarchy.

So a changed triple ``s p o`` can change the results of: s and o; the nodes that point at s; the
nodes whose chains pass through s, and the nodes that point at those; the observations of a data set
that s is an observation of, or that o is; and the nodes that share a Chinese label with s or have a
changed label. :func:`affected_nodes` computes that set on the store
after the write, and :func:`extract_subgraph` what those nodes' checks read.

Cost is linear in what the change touches: chains are followed one step at a time from the nodes not
reached yet (:func:`_closure`), never as a path query from each of many nodes (a 3,000-link chain
written at once would make every node walk the whole chain: quadratic), and label sharers are found
through the labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.rdf.model import BlankNode, Literal, NamedNode, Quad, Term, Triple
from kg.store.base import Store

HIERARCHY = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
QB = "http://purl.org/linked-data/cube#"
# The chains a check follows from a node: the taxonomy, the document's parts, and an observation's data set,
# its structure and the structure's component specifications (Data Cube IC-11, IC-13, IC-14).
# Followed as two closures: the taxonomy and document chains do not meet the cube's, and one path over the five
# predicates makes pyoxigraph's closure queries about twice as slow.
CHAIN = "(<http://www.w3.org/2004/02/skos/core#broader>|<http://data.europa.eu/eli/ontology#is_part_of>)"
CUBE_CHAIN = f"(<{QB}dataSet>|<{QB}structure>|<{QB}component>)"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
BATCH = 500  # nodes per VALUES block
ANNOTATED_SOURCE = "<http://www.w3.org/2002/07/owl#annotatedSource>"
ANNOTATED_TARGET = "<http://www.w3.org/2002/07/owl#annotatedTarget>"
ANNOTATED_PROPERTY = "<http://www.w3.org/2002/07/owl#annotatedProperty>"
# What the checks of a node read of the nodes it points at (besides the annotated triple of an owl:Axiom).
READ_FROM_VALUES = frozenset({"http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                              "http://www.w3.org/2000/01/rdf-schema#label", HIERARCHY,
                              "http://www.w3.org/2004/02/skos/core#broader",
                              "http://data.europa.eu/eli/ontology#is_part_of", "https://w3id.org/fikg/ontology#position"})
# The documents of the label sharers (labels are unique within a document): the links from a sharer to its
# cited provisions (a sentence: its provision), up their eli:is_part_of chains, and the types on the way.
SHARERS_DOCUMENTS = (
    f"SELECT DISTINCT ?n ?s ?p ?o WHERE {{ ?sharer {LABEL} ?n . ?sharer (<https://w3id.org/fikg/ontology#sourceProvision>"
    f"|<http://purl.org/dc/terms/isPartOf>)?/<http://data.europa.eu/eli/ontology#is_part_of>* ?s . "
    f"VALUES ?p {{ <https://w3id.org/fikg/ontology#sourceProvision> <http://purl.org/dc/terms/isPartOf> "
    f"<http://data.europa.eu/eli/ontology#is_part_of> {TYPE} }} ?s ?p ?o }}")
PATH_START_LIMIT = 8  # a frontier this small is followed to the end of its chains in one query

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


def derived_touches(quads: Iterable[Quad], shapes_dir: Path | None = None, store: Store | None = None) -> Touched:
    """What a change to the derived graph touches, as a checked write touches it.

    A referrer's checks read only some triples of its values (:data:`READ_FROM_VALUES`: types, labels,
    chains, positions; derived triples are never the annotated triple of an owl:Axiom in our data), so a
    derived triple with another predicate (a coverage triple, an inverse property) touches its subject
    and object as nodes to re-check, without the subject's referrers (it goes with the objects).

    With ``shapes_dir`` and ``store`` (read before the write), a derived triple whose predicate no shape
    names is read by the checks only as *some* triple pointing at its object (the orphan check): its
    subject is not touched, and its object only when the change may leave it with no referrer or give it
    its first. An agency gains or loses ``fikg:coversTechnology…`` triples and coverage nodes by the
    thousand at 1M; re-checking it would read every technology it covers.
    """
    quads = list(quads)
    named = _named_by_shapes(shapes_dir) if shapes_dir is not None else None

    def read(predicate: NamedNode) -> bool:
        return named is None or store is None or predicate.value in READ_FROM_VALUES \
            or _local_name(predicate.value) in named

    unread = [q for q in quads if not read(q.predicate)]
    quads = [q for q in quads if read(q.predicate)]
    subjects = frozenset(q.subject for q in quads if q.predicate.value in READ_FROM_VALUES)
    objects = frozenset(q.object for q in quads) | frozenset(q.subject for q in quads
                                                             if q.predicate.value not in READ_FROM_VALUES)
    if unread and store is not None:
        objects |= _referrers_may_run_out(store, unread)
    return Touched(subjects, objects, any(q.predicate.value == HIERARCHY for q in quads))


def write_touches(store: Store, quads: Iterable[Quad], read: frozenset[str],
                  beyond: frozenset[str] | None = None) -> Touched:
    """What a write of ``quads`` touches, knowing the predicates the shapes read (``read``:
    :func:`kg.validation.read_set.predicates_read`) and those they read of nodes other than the focus node
    (``beyond``: :func:`kg.validation.read_set.predicates_read_beyond_focus`; None: all of ``read``). ``store``
    is read before the write.

    A triple whose predicate no shape names is seen only by the checks that read triples of any predicate
    (:func:`kg.validation.read_set.wildcard_patterns`): the orphan check of its object (touched only when the
    write may give it its first referrer or take its last), the ``owl:Axiom`` annotations of the triple (an
    annotation checks that its triple is asserted), and the Data Cube checks of an observation (an observation's
    triples are touched as :func:`touched_terms` touches them). A triple whose predicate is read only of the
    focus node touches its subject and object, and the annotations of the triple, but not the nodes that point
    at its subject. So an ``rdfs:comment`` on an agency touches nothing, and a new English label the agency
    alone, where :func:`touched_terms` would re-validate every node that points at the agency.
    """
    quads = list(quads)
    beyond = read if beyond is None else beyond
    partial = [q for q in quads if q.predicate.value not in beyond and q.predicate.value != HIERARCHY]
    observations = {q.subject for q in quads if q.predicate.value == f"{QB}dataSet"}
    subjects = {q.subject for q in partial} - observations
    for rows in _batches(store, subjects, f"SELECT DISTINCT ?n WHERE {{ ?n <{QB}dataSet> ?x }}"):
        observations.update(r["n"] for r in rows)
    partial = [q for q in partial if q.subject not in observations]
    skipped = set(partial)
    touched = touched_terms(q for q in quads if q not in skipped)
    if not partial:
        return touched
    unread = [q for q in partial if q.predicate.value not in read]
    local = {t for q in partial if q.predicate.value in read for t in (q.subject, q.object)}
    annotations: set[Term] = set()  # the owl:Axiom annotations of the triples
    query = f"SELECT ?n ?x ?p WHERE {{ ?x {ANNOTATED_SOURCE} ?n ; {ANNOTATED_PROPERTY} ?p }}"
    pairs = {(q.subject, q.predicate) for q in partial}
    for rows in _batches(store, {q.subject for q in partial}, query):
        annotations.update(r["x"] for r in rows if (r["n"], r["p"]) in pairs)
    objects = touched.objects | local | annotations | (_referrers_may_run_out(store, unread) if unread else set())
    return Touched(touched.subjects, frozenset(objects), touched.hierarchy)


def _referrers_may_run_out(store: Store, quads: list[Quad]) -> frozenset[Term]:
    """The objects of ``quads`` (to be added or removed) that have no referrer now, or no more than the
    quads that point at them: the change may give them their first referrer or take their last."""
    pointing = Counter(q.object for q in set(quads) if isinstance(q.object, NamedNode | BlankNode))
    query = (f"SELECT ?n ?p (COUNT(DISTINCT ?x) AS ?c) WHERE {{ ?x ?p ?n FILTER(?x != ?n && "
             f"?p != {ANNOTATED_SOURCE} && ?p != {ANNOTATED_TARGET}) }} GROUP BY ?n ?p")
    referred: Counter[Term] = Counter()
    for rows in _batches(store, set(pointing), query):
        for r in rows:
            referred[r["n"]] += int(r["c"].value)
    return frozenset(n for n, count in pointing.items() if referred[n] <= count)


@lru_cache(maxsize=4)
def _shapes_text(shapes_dir: Path, stamp: tuple[float, ...]) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(shapes_dir.glob("*.ttl")))


def _named_by_shapes(shapes_dir: Path) -> str:
    """The text of the shapes (a predicate's local name found in it may be read by some check)."""
    stamp = tuple(path.stat().st_mtime for path in sorted(shapes_dir.glob("*.ttl")))
    return _shapes_text(shapes_dir, stamp)


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def merged(first: Touched, second: Touched) -> Touched:
    """What two changes touch together."""
    return Touched(first.subjects | second.subjects, first.objects | second.objects,
                   first.hierarchy or second.hierarchy)


def affected_nodes(store: Store, changed: Touched | Iterable[Term]) -> set[Node]:
    """The focus nodes whose validation results a write touching ``changed`` can alter.

    A plain collection of terms is read as subjects (the safe side: subjects affect more). The set is
    the same whether ``store`` is read before or after the write: a chain or a referrer that the
    write adds or removes starts at one of the write's subjects, which are in the set either way.
    """
    return _affected(store, changed)[0]


def _affected(store: Store, changed: Touched | Iterable[Term]) -> tuple[set[Node], set[Node]]:
    """The affected nodes, and the written subjects with the nodes whose chains pass through them."""
    touched = changed if isinstance(changed, Touched) else Touched(frozenset(changed))
    subjects = {t for t in touched.subjects if isinstance(t, NamedNode | BlankNode)}
    objects = {t for t in touched.objects if isinstance(t, NamedNode | BlankNode)}
    labels = {t for t in touched if isinstance(t, Literal) and t.language and t.language.startswith("zh")}
    on_chains = subjects | _closure(store, subjects, f"^{CHAIN}")  # the nodes whose chains pass through them
    on_chains |= _closure(store, subjects, f"^{CUBE_CHAIN}")
    affected = objects | on_chains | _select(store, on_chains, "?x ?p ?n")
    # IC-12 compares an observation with the others of its data set: a touched observation, or a data set
    # an observation joined or left, affects every observation of the data set (its own are on_chains)
    data_sets = objects | _select(store, subjects, f"?n <{QB}dataSet> ?x")
    affected |= _select(store, data_sets, f"?x <{QB}dataSet> ?n")
    labels |= _chinese_labels(store, subjects)
    if labels:
        affected |= _select(store, labels, f"?x {LABEL} ?n")
    return affected, on_chains


def overlay_subgraph(store: Store, added: list[Quad], removed: list[Quad], *,
                     touched: Touched | None = None, beyond: frozenset[str] | None = None) -> list[Triple]:
    """What :func:`kg.validation.shacl.validate_affected` reads, as if the change were applied to ``store``.

    ``store`` is read before the write (nothing is copied). Blank nodes in ``added`` are new ones unless
    the store holds them (an embedded store tells; a remote one is only given new ones).
    The result holds, in the state after the write, the triples :func:`extract_subgraph` takes for
    the affected nodes (their own triples and chains, their values' triples and chains, label
    sharers), every triple pointing at a node on a changed chain, one remaining triple per predicate
    pointing at an object of a removed triple, and the class hierarchy: enough for
    :func:`affected_nodes` and :func:`extract_subgraph` on it to give what they give on the store after
    the write. The write must not change
    ``rdfs:subClassOf`` (that validates the whole store). ``touched``: what the change touches, when
    not :func:`touched_terms` of it (a change with derived triples: :func:`derived_touches`).
    """
    touched = touched if touched is not None else touched_terms([*added, *removed])
    fresh = {t for q in added for t in (q.subject, q.object) if isinstance(t, BlankNode) and not _held(store, t)}
    live = Touched(touched.subjects - fresh, touched.objects - fresh, touched.hierarchy)
    focus, on_chains = _affected(store, live)
    triples = set(extract_subgraph(store, focus, beyond))
    for rows in _batches(store, on_chains, "SELECT ?n ?x ?p WHERE { ?x ?p ?n }"):
        triples.update(Triple(r["x"], r["p"], r["n"]) for r in rows)
    gone = _gone(store, added, removed)
    objects = {q.object for q in removed if isinstance(q.object, NamedNode | BlankNode)} - on_chains
    triples |= _remaining_referrers(store, objects, gone)
    triples -= gone
    triples.update(q.triple for q in added)
    return sorted(triples, key=str)


def _remaining_referrers(store: Store, nodes: set[Term], gone: set[Triple]) -> set[Triple]:
    """Per node and predicate, one triple pointing at the node that the change leaves, if any: what the
    checks of a node whose referrer was removed read (whether it still has one), without every referrer
    of a node many point at (an agency a derived coverage node no longer names)."""
    lost = Counter((t.object, t.predicate) for t in gone)
    found: set[Triple] = set()
    crowded: set[Term] = set()  # a node whose sampled referrer is gone, and that has others
    query = "SELECT ?n ?p (COUNT(DISTINCT ?x) AS ?c) (SAMPLE(?x) AS ?s) WHERE { ?x ?p ?n } GROUP BY ?n ?p"
    for rows in _batches(store, nodes, query):
        for r in rows:
            triple = Triple(r["s"], r["p"], r["n"])
            if triple not in gone:
                found.add(triple)
            elif int(r["c"].value) > lost[(r["n"], r["p"])]:
                crowded.add(r["n"])
    for rows in _batches(store, crowded, "SELECT ?n ?x ?p WHERE { ?x ?p ?n }"):
        found.update(Triple(r["x"], r["p"], r["n"]) for r in rows)
    return found


def _gone(store: Store, added: list[Quad], removed: list[Quad]) -> set[Triple]:
    """The triples of ``removed`` that no graph holds any more once the change is applied."""
    candidates = {q.triple for q in removed} - {q.triple for q in added}
    removed_set = set(removed)
    return {t for t in candidates if all(q in removed_set for q in _quads_of(store, t))}


def _held(store: Store, blank: BlankNode) -> bool:
    """Whether the store holds a triple about or pointing at ``blank`` (a remote store cannot be asked)."""
    if not store.in_process:
        return False
    engine = store.oxigraph()
    return any(True for _ in engine.quads_for_pattern(blank, None, None, None)) or \
        any(True for _ in engine.quads_for_pattern(None, None, blank, None))


def _quads_of(store: Store, triple: Triple) -> list[Quad]:
    """The quads of ``triple`` in any graph of the store."""
    if store.in_process:
        return list(store.oxigraph().quads_for_pattern(triple.subject, triple.predicate, triple.object, None))
    rows = store.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                        s=triple.subject, p=triple.predicate, o=triple.object)
    return [Quad(triple.subject, triple.predicate, triple.object, r["g"]) for r in rows]


def extract_subgraph(store: Store, focus: set[Node], beyond: frozenset[str] | None = None) -> list[Triple]:
    """Every triple the checks of the ``focus`` nodes read (see the module docstring).

    With ``beyond`` (:func:`kg.validation.read_set.predicates_read_beyond_focus`), of the nodes other than the
    focus nodes (their values, the nodes on their chains) only the triples of those predicates, and of an
    ``owl:Axiom``'s annotated source the annotated triple: an agency that covers a thousand technologies is not
    read whole because a coverage node names it.
    """
    triples: set[Triple] = set()
    # the nodes, their values and every node on their chains (zero steps included), with all their triples
    starts = focus | _select(store, focus, "?n ?q ?x . FILTER(!isLiteral(?x))")
    if _binds_blank_nodes(store):
        on_chains = starts | _closure(store, starts, CHAIN) | _closure(store, starts, CUBE_CHAIN)
    else:  # blank nodes are reached inside the queries, from the named nodes before them
        on_chains = {n for n in starts if isinstance(n, NamedNode)}
        on_chains |= _closure(store, on_chains, CHAIN, named_only=True) | \
            _closure(store, on_chains, CUBE_CHAIN, named_only=True)
        for chain in (CHAIN, CUBE_CHAIN):
            for anchors, step in ((on_chains, chain), (focus, "?q")):  # blank nodes on chains, blank values
                query = f"SELECT ?n ?s ?p ?o WHERE {{ ?n {step} ?b . FILTER(isBlank(?b)) ?b {chain}* ?s . ?s ?p ?o }}"
                for rows in _batches(store, anchors, query):
                    triples.update(Triple(r["s"], r["p"], r["o"]) for r in rows)
    whole = on_chains if beyond is None else focus & on_chains
    for rows in _batches(store, whole, "SELECT ?n ?p ?o WHERE { ?n ?p ?o }"):
        triples.update(Triple(r["n"], r["p"], r["o"]) for r in rows)
    if beyond is not None:
        predicates = " ".join(f"<{p}>" for p in sorted(beyond))
        query = f"SELECT ?n ?p ?o WHERE {{ VALUES ?p {{ {predicates} }} ?n ?p ?o }}"
        for rows in _batches(store, on_chains - focus, query):
            triples.update(Triple(r["n"], r["p"], r["o"]) for r in rows)
        annotated = (f"SELECT ?n ?s ?p ?o WHERE {{ ?n {ANNOTATED_SOURCE} ?s ; {ANNOTATED_PROPERTY} ?p ; "
                     f"{ANNOTATED_TARGET} ?o . ?s ?p ?o }}")
        for rows in _batches(store, focus, annotated):
            triples.update(Triple(r["s"], r["p"], r["o"]) for r in rows)
    sharing = f"SELECT DISTINCT ?n ?s ?p ?o WHERE {{ ?s {LABEL} ?n . {{ ?s {TYPE} ?o . BIND({TYPE} AS ?p) }} " \
              f"UNION {{ ?s {LABEL} ?o . BIND({LABEL} AS ?p) }} }}"  # the kinds and labels of the label sharers
    for rows in _batches(store, _chinese_labels(store, focus), sharing):
        triples.update(Triple(r["s"], r["p"], r["o"]) for r in rows)
    for rows in _batches(store, _chinese_labels(store, focus), SHARERS_DOCUMENTS):
        triples.update(Triple(r["s"], r["p"], r["o"]) for r in rows)
    incoming = "SELECT ?n ?p (SAMPLE(?x) AS ?s) WHERE { ?x ?p ?n . FILTER(?x != ?n) } GROUP BY ?n ?p"
    for rows in _batches(store, focus, incoming):  # one referrer per predicate is all a check needs
        triples.update(Triple(r["s"], r["p"], r["n"]) for r in rows)
    hierarchy = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{HIERARCHY}> ?o }}"
    triples.update(Triple(r["s"], NamedNode(HIERARCHY), r["o"]) for r in store.select(hierarchy))
    return sorted(triples, key=str)


def _closure(store: Store, start: set[Node], path: str, *, named_only: bool = False) -> set[Node]:
    """The nodes reached from ``start`` by one or more steps along ``path`` (IRIs only, if ``named_only``).

    Breadth first, each node expanded once: the work is linear in the edges walked, however the start
    nodes lie on each other's chains. A frontier of at most :data:`PATH_START_LIMIT` nodes is followed
    to its end in one path query (a long chain is then not one query per link), which costs at most
    that many times the nodes it reaches. That query is written ``?n path ?y . ?y (path)* ?x`` (the same
    nodes as ``?n (path)+ ?x``): Virtuoso 7 refuses a transitive path whose start is bound by ``VALUES``
    alone ("transitive start not given"), and takes it from a triple pattern.
    """
    reached: set[Node] = set()
    frontier = set(start)
    while frontier:
        steps = f"?n {path} ?y . ?y ({path})* ?x" if len(frontier) <= PATH_START_LIMIT else f"?n {path} ?x"
        frontier = _select(store, frontier, steps + (" . FILTER(isIRI(?x))" if named_only else "")) - reached
        reached |= frontier
    return reached


def _binds_blank_nodes(store: Store) -> bool:
    """Whether a query on ``store`` can be given a blank node (the embedded store; a remote one cannot)."""
    return store.in_process


def _chinese_labels(store: Store, nodes: set[Node]) -> set[Term]:
    """The Chinese labels (``zh``, ``zh-*``) of ``nodes``."""
    found: set[Term] = set()
    query = f"SELECT DISTINCT ?n ?x WHERE {{ ?n {LABEL} ?x . FILTER(langMatches(lang(?x), 'zh')) }}"
    for rows in _batches(store, nodes, query):
        found.update(r["x"] for r in rows)
    return found


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
