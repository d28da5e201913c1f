"""kg.resources.version_diff: a difference per entity (added, removed, changed) and one entity side by side."""

from __future__ import annotations

from kg.journal import Journal
from kg.journal.differences import difference
from kg.rdf.model import Literal, NamedNode, Quad
from kg.resources.version_diff import as_json, side_by_side, summarise
from kg.store.snapshots import VersionSnapshots

G, DERIVED = NamedNode("http://ex/g"), "http://ex/inferred"
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
A, B, C = NamedNode("http://ex/a"), NamedNode("http://ex/b"), NamedNode("http://ex/c")


def test_entities_added_removed_and_changed_with_labels() -> None:
    journal = Journal(None)
    a_zh, b_en, p = Quad(A, LABEL, Literal("甲", language="zh"), G), Quad(B, LABEL, Literal("B", language="en"), G), \
        NamedNode("http://ex/p")
    journal.append(added=[a_zh, b_en, Quad(A, p, Literal("1"), G)], removed=[], client="t", operation="build")
    journal.append(added=[Quad(C, LABEL, Literal("丙", language="zh"), G), Quad(A, p, Literal("2"), G),
                          Quad(A, NamedNode("http://ex/q"), B, NamedNode(DERIVED))],
                   removed=[b_en, Quad(A, p, Literal("1"), G)], client="t", operation="update")
    first, second = journal.entries()
    snapshots = VersionSnapshots(2)
    before, after = snapshots.store(journal, first), snapshots.store(journal, second)
    summary = summarise(difference(journal, first, second), before, after, DERIVED)
    statuses = {e.iri: e.status for e in summary.entities}
    assert statuses == {"http://ex/a": "changed", "http://ex/b": "removed", "http://ex/c": "added"}
    assert summary.derived == 1 and summary.added == 3 and summary.removed == 2
    a = next(e for e in summary.entities if e.iri == "http://ex/a")
    assert a.labels.zh == "甲" and [(p.removed, p.added) for p in a.properties] == [((Literal("1"),), (Literal("2"),))]
    assert as_json(summary)["entities"][0]["properties"][0]["added"] == ['"2"']
    rows, labels = side_by_side("http://ex/a", before, after, DERIVED)
    assert [(r.predicate, r.differs) for r in rows] == [("http://ex/p", True), (LABEL.value, False)]
    assert labels["http://ex/a"].zh == "甲"
