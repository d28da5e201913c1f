"""The derived graph's change for one write, computed before the write commits.

After every write the derived graph (``…/graph/inferred``) must be what :func:`kg.derivation.whole.derive` gives
for the data: OWL 2 RL entailments O (compiled rules, :mod:`kg.materialise`) and the coverage rules R
over the asserted and OWL 2 RL triples, less what any other graph asserts (U). So with U, O and R
after the write, a triple is derived iff it is not in U and is in O or R.

:func:`derived_change` works from the write's change to U (:mod:`kg.derivation.change`). O can only
change at the nodes and node pairs the change touches (:mod:`kg.derivation.owl`: *keys*); R only for the
technologies a changed triple of U or O reaches (:mod:`kg.derivation.rules`). The candidates — the
changed triples, what O gives for the keys, what the derived graph holds for them, what R gives for
the technologies before and after — are each decided exactly; the keys grow with the candidates until
every candidate lies inside them (usually at once). R is evaluated on scratch stores holding what its
solutions read, in the states before and after the write.

Where that locality does not hold — a change to the axioms (T-box) or to a functional property's
values, a transitive property, an ontology the compiled rules do not cover, the reference reasoner, a
rule this package does not know — the whole graph is derived anew on a copy and diffed
(:mod:`kg.derivation.full`): slower, and just as exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from kg.derivation import rules
from kg.derivation.change import AssertedChange, Membership, iris
from kg.derivation.full import rederive
from kg.derivation.owl import (
    PROPERTY_TYPES,
    TBOX_PREDICATES,
    TYPE,
    OwlScope,
    functional_values,
    has_own_default_graph,
    tbox_triples,
)
from kg.rdf.model import BlankNode, NamedNode, Quad, Triple
from kg.rdf.vocab import INFERRED_GRAPH, graph_iri
from kg.reasoning.owl_rl import UNCOVERED_PREDICATES, UNCOVERED_TYPES, TBox, Uncovered, read_tbox
from kg.settings import Settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore

MAX_ROUNDS = 6  # rounds of key growth before falling back (the real graph needs one or two)
_SCHEMA_PREDICATES = frozenset({*TBOX_PREDICATES, *(NamedNode(p) for p in UNCOVERED_PREDICATES)})
_SCHEMA_TYPES = frozenset({*PROPERTY_TYPES, *(NamedNode(t) for t in UNCOVERED_TYPES)})
_SCRATCH = NamedNode("urn:x-kg-derivation:scratch")

Pair = tuple[NamedNode, NamedNode]
_VERDICTS: WeakKeyDictionary[Store, tuple[frozenset[Triple], TBox | str]] = WeakKeyDictionary()  # see _tbox


@dataclass(frozen=True)
class DerivedChange:
    """The quads the derived graph gains and loses, and how they were found."""

    added: list[Quad] = field(default_factory=list)
    removed: list[Quad] = field(default_factory=list)
    full: str | None = None  # why the whole graph was derived anew, when it was

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def derived_change(store: Store, added: Sequence[Quad], removed: Sequence[Quad], settings: Settings) -> DerivedChange:
    """How the derived graph changes when ``added`` and ``removed`` (quads outside it) are committed."""
    graph = graph_iri(settings.base_iri, INFERRED_GRAPH)
    membership = Membership(store, graph, added, removed)
    change = membership.change()
    if not change:
        return DerivedChange()
    own_default = has_own_default_graph(store)
    axioms = tbox_triples(store, graph, own_default) if settings.reasoning else []
    reason = _full_reason(store, change, settings, graph, axioms, own_default)
    if reason is None:
        try:
            gained, lost = _incremental(store, membership, change, settings, graph, axioms, own_default)
        except Uncovered as exc:
            reason = str(exc)
    if reason is not None:
        _VERDICTS.pop(store, None)  # the change may make the ontology covered or not: read it again next time
        gained, lost = rederive(store, added, removed, settings, graph)
    name = NamedNode(graph)
    return DerivedChange(sorted((Quad(t.subject, t.predicate, t.object, name) for t in gained), key=str),
                         sorted((Quad(t.subject, t.predicate, t.object, name) for t in lost), key=str), reason)


def _full_reason(store: Store, change: AssertedChange, settings: Settings, graph: str,
                 axioms: list[Triple], own_default: bool) -> str | None:
    """Why this change needs a full derivation (None: it can be maintained incrementally)."""
    if settings.reasoning and settings.reasoner != "compiled":
        return f"the {settings.reasoner} reasoner"
    if not rules.covered(settings.project_dir):
        return "a rule in queries/rules/ that the incremental derivation does not know"
    for triple in change.triples():
        if triple.predicate in _SCHEMA_PREDICATES:
            return f"a change to the axioms ({triple.predicate.value})"
        if triple.predicate == TYPE and (triple.object in _SCHEMA_TYPES or isinstance(triple.object, BlankNode)):
            return f"a change to the axioms (a {triple.object})"
    if rules.reads_blank_nodes(change.triples()):
        return "a blank node where the coverage rules read"
    if not settings.reasoning:
        return None
    tbox = _tbox(store, axioms)
    if isinstance(tbox, str):
        return tbox
    if tbox.transitive:
        return "a transitive property (its closure is not local)"
    if functional_values(store, graph, change, tbox.functional, own_default):
        return "a functional property given a second value"
    return None


def _tbox(store: Store, axioms: list[Triple]) -> TBox | str:
    """The ontology's axioms as the compiled rules read them from ``store``, or why they cannot be compiled.

    :func:`kg.materialise.read_tbox` also looks through all the data (an anonymous class as a type, an
    uncovered construct used on data), which at 1M triples costs more than the rest of a write's
    derivation: its verdict is kept per store while the axioms stay the same. Only a change that takes the
    full derivation can alter it (axioms, uncovered constructs, anonymous types: :func:`_full_reason`),
    and :func:`derived_change` forgets the verdict then.
    """
    key = frozenset(axioms)
    cached = _VERDICTS.get(store)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        verdict: TBox | str = read_tbox(store, None)
    except Uncovered as exc:
        verdict = str(exc)
    _VERDICTS[store] = (key, verdict)
    return verdict


def _incremental(store: Store, membership: Membership, change: AssertedChange, settings: Settings,
                 graph: str, axioms: list[Triple], own_default: bool) -> tuple[set[Triple], set[Triple]]:
    """The triples gained and lost, maintained incrementally (see the module docstring)."""
    scope = None
    if settings.reasoning:
        scope = OwlScope(store, graph, change, axioms, settings.base_iri, own_default)
    rule_texts = rules.rule_texts(settings.project_dir)
    type_keys: set[NamedNode] = set()
    pair_keys: set[Pair] = set()
    _add_keys(change.triples(), type_keys, pair_keys)
    technologies: set[NamedNode] = set()
    entailed: set[Triple] = set()
    held: set[Triple] = set()
    new_types, new_pairs = set(type_keys), set(pair_keys)
    for _ in range(MAX_ROUNDS):  # each key's answers depend on the key alone: only new keys are asked
        entailed |= scope.entailed(new_types, new_pairs) if scope else set()
        held |= _derived_in_keys(store, graph, new_types, new_pairs)
        candidates = set(change.triples()) | entailed | held
        membership.load(candidates)
        changed = {t for t in candidates  # in U or O: after the write, and before it (the derived graph, R too)
                   if (membership.after(t) or t in entailed) != (membership.before(t) or t in held)}
        technologies |= rules.affected_technologies(store, changed) | rules.owners(store, candidates)
        produced_before, produced_after = _rules(store, rule_texts, technologies, changed, membership, entailed)
        produced = produced_before | produced_after
        known_types, known_pairs = set(type_keys), set(pair_keys)
        _add_keys(produced, type_keys, pair_keys)
        new_types, new_pairs = type_keys - known_types, pair_keys - known_pairs
        owners = rules.owners(store, produced) - technologies
        if not new_types and not new_pairs and not owners:
            break
        technologies |= owners
    else:
        raise Uncovered(f"the keys kept growing for {MAX_ROUNDS} rounds")
    candidates |= produced
    membership.load(candidates)
    after = {t for t in candidates if not membership.after(t) and (t in entailed or t in produced_after)}
    before = {t for t in candidates if membership.derived(t)}
    return after - before, before - after


def _rules(store: Store, rule_texts: list[str], technologies: set[NamedNode], changed: set[Triple],
           membership: Membership, entailed: set[Triple]) -> tuple[set[Triple], set[Triple]]:
    """The rules' output for ``technologies`` before and after the write, each on a scratch store of what
    their solutions read (:func:`kg.derivation.rules.context`, asked of the store before the write; the
    changed triples are then applied for the state after it)."""
    seeds = technologies | {n for t in changed for n in (t.subject, t.object) if isinstance(n, NamedNode)}
    read = rules.context(store, seeds)
    produced = []
    for state in (read, (read - changed) | {t for t in changed if membership.after(t) or t in entailed}):
        scratch = EmbeddedStore(None)
        try:
            scratch.add_quads(Quad(t.subject, t.predicate, t.object, _SCRATCH) for t in state)
            produced.append(rules.evaluate(scratch, rule_texts, technologies))
        finally:
            scratch.close()
    return produced[0], produced[1]


def _derived_in_keys(store: Store, graph: str, type_keys: set[NamedNode], pair_keys: set[Pair]) -> set[Triple]:
    """What the derived graph holds now for the keys: types of the type keys, triples between the pairs."""
    from kg.derivation.change import values

    found: set[Triple] = set()
    for block in values(type_keys):
        rows = store.select(f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {block} }} GRAPH <{graph}> {{ ?s {TYPE} ?o }} }}")
        found.update(Triple(r["s"], TYPE, r["o"]) for r in rows)
    ordered = sorted(pair_keys | {(o, s) for s, o in pair_keys}, key=str)
    for start in range(0, len(ordered), 200):
        rows = " ".join(f"({s} {o})" for s, o in ordered[start:start + 200])
        found.update(Triple(r["s"], r["p"], r["o"]) for r in store.select(
            f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?o) {{ {rows} }} GRAPH <{graph}> {{ ?s ?p ?o }} "
            f"FILTER(?p != {TYPE}) }}"))
    return found


def _add_keys(triples: set[Triple] | frozenset[Triple], type_keys: set[NamedNode], pair_keys: set[Pair]) -> None:
    """Add the keys of ``triples`` (type keys: both ends; pair keys: the two ends of a non-type triple)."""
    for triple in triples:
        type_keys.update(iris((triple.subject, triple.object)))
        ends = (triple.subject, triple.object)
        between_iris = isinstance(ends[0], NamedNode) and isinstance(ends[1], NamedNode)
        if triple.predicate != TYPE and between_iris and ends[::-1] not in pair_keys:
            pair_keys.add(ends)
