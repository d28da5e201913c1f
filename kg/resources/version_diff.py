"""What changed between two versions, per entity, for people: a summary of a difference and a side-by-side view.

:func:`summarise` turns a :class:`~kg.journal.differences.Difference` (quads added and removed) into one
:class:`EntityChange` per subject: ``added`` (it had no triple in the older version), ``removed`` (it has
none in the newer) or ``changed``, with each property's removed and added values and the entity's zh/en
labels (from the newer version, else the older). Quads of the derived graph are left out (they follow
from the asserted ones; the RDF Patch of the difference keeps them) and counted. :func:`side_by_side`
(对照) gives one entity's properties in both versions, row by row, marking the rows that differ. Both read
the two versions' stores through the :class:`~kg.store.base.Store` interface; nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.journal.differences import Difference
from kg.rdf.model import BlankNode, Literal, NamedNode, Term
from kg.resources.views import Labels, labels_of
from kg.store.base import Store

MAX_ENTITIES = 500  # a summary lists at most this many entities (the RDF Patch has everything)


@dataclass(frozen=True)
class PropertyChange:
    """One property of an entity: the values the newer version lost and gained."""

    predicate: str
    removed: tuple[Term, ...]
    added: tuple[Term, ...]


@dataclass(frozen=True)
class EntityChange:
    """One subject of the difference: added, removed or changed, its labels and its properties' changes."""

    iri: str
    status: str  # "added", "removed" or "changed"
    labels: Labels
    properties: tuple[PropertyChange, ...]


@dataclass(frozen=True)
class Summary:
    """A difference for people: the entities it touches (at most MAX_ENTITIES) and its size."""

    entities: tuple[EntityChange, ...]
    total_entities: int
    added: int
    removed: int
    derived: int  # quads of the derived graph among them (not in ``entities``)
    labels: dict[str, Labels]  # of the predicates and the IRIs among the values


@dataclass(frozen=True)
class SideBySideRow:
    """One property of an entity in two versions."""

    predicate: str
    before: tuple[Term, ...]
    after: tuple[Term, ...]

    @property
    def differs(self) -> bool:
        return set(self.before) != set(self.after)


def summarise(diff: Difference, before: Store, after: Store, derived_graph: str) -> Summary:
    """The difference per entity, with labels from ``after`` (else ``before``)."""
    derived = NamedNode(derived_graph)
    asserted_added = [q for q in diff.added if q.graph_name != derived]
    asserted_removed = [q for q in diff.removed if q.graph_name != derived]
    by_subject: dict[str, dict[str, tuple[set, set]]] = defaultdict(lambda: defaultdict(lambda: (set(), set())))
    for quad in asserted_removed:
        by_subject[_key(quad.subject)][quad.predicate.value][0].add(quad.object)
    for quad in asserted_added:
        by_subject[_key(quad.subject)][quad.predicate.value][1].add(quad.object)
    subjects = sorted(by_subject)[:MAX_ENTITIES]
    iris = [s for s in subjects if not s.startswith("_:")]
    had, has = _described(before, iris), _described(after, iris)
    named = {p for s in subjects for p in by_subject[s]} | {
        o.value for s in subjects for pair in by_subject[s].values() for side in pair for o in side
        if isinstance(o, NamedNode)}
    labels = {**labels_of(before, [*iris, *named]), **labels_of(after, [*iris, *named])}
    entities = []
    for subject in subjects:
        status = "changed" if subject.startswith("_:") else (
            "added" if subject not in had else "removed" if subject not in has else "changed")
        properties = tuple(PropertyChange(p, _sorted(gone), _sorted(new))
                           for p, (gone, new) in sorted(by_subject[subject].items()))
        entities.append(EntityChange(subject, status, labels.get(subject, Labels()), properties))
    return Summary(tuple(entities), len(by_subject), len(diff.added), len(diff.removed),
                   len(diff.added) + len(diff.removed) - len(asserted_added) - len(asserted_removed), labels)


def side_by_side(iri: str, before: Store, after: Store, derived_graph: str) -> tuple[list[SideBySideRow], dict]:
    """The rows of ``iri``'s properties in both versions (asserted graphs), and the labels to show them with."""
    old, new = _properties(before, iri, derived_graph), _properties(after, iri, derived_graph)
    rows = [SideBySideRow(p, _sorted(old.get(p, ())), _sorted(new.get(p, ()))) for p in sorted({*old, *new})]
    named = {r.predicate for r in rows} | {t.value for r in rows for t in (*r.before, *r.after)
                                           if isinstance(t, NamedNode)}
    return rows, {**labels_of(before, [iri, *named]), **labels_of(after, [iri, *named])}


def as_json(summary: Summary) -> dict:
    """The summary as plain JSON (terms as N-Triples text, labels in zh and en)."""
    def label(iri: str) -> dict:
        found = summary.labels.get(iri, Labels())
        return {"zh": found.zh, "en": found.en}
    return {"added_quads": summary.added, "removed_quads": summary.removed, "derived_quads": summary.derived,
            "entities_total": summary.total_entities,
            "entities": [{"iri": e.iri, "status": e.status, "label": {"zh": e.labels.zh, "en": e.labels.en},
                          "properties": [{"predicate": p.predicate, "label": label(p.predicate),
                                          "removed": [str(t) for t in p.removed], "added": [str(t) for t in p.added]}
                                         for p in e.properties]} for e in summary.entities]}


def _properties(store: Store, iri: str, derived_graph: str) -> dict[str, list[Term]]:
    subject, derived = NamedNode(iri), NamedNode(derived_graph)  # checked IRIs: nothing can break out
    rows = store.select(f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ {subject} ?p ?o }} FILTER(?g != {derived}) }}")
    found: dict[str, list[Term]] = defaultdict(list)
    for row in rows:
        if row["o"] not in found[row["p"].value]:
            found[row["p"].value].append(row["o"])
    return found


def _described(store: Store, iris: Sequence[str]) -> set[str]:
    if not iris:
        return set()
    values = " ".join(str(NamedNode(i)) for i in iris)
    rows = store.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    return {row["s"].value for row in rows}


def _key(subject: Term) -> str:
    return f"_:{subject.value}" if isinstance(subject, BlankNode) else subject.value


def _sorted(terms: Iterable[Term]) -> tuple[Term, ...]:
    return tuple(sorted(terms, key=lambda t: (not isinstance(t, Literal), str(t))))


__all__ = ["EntityChange", "PropertyChange", "SideBySideRow", "Summary", "as_json", "side_by_side", "summarise"]
