"""kg.journal.ldes: what each change does to the entities it touches, decided from the journal alone."""

from __future__ import annotations

from kg.journal import Journal
from kg.journal.feed import feed_page
from kg.journal.ldes import EntityLedger, stream_triples
from kg.rdf.model import BlankNode, Literal, NamedNode, Quad

TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
A, B = NamedNode("http://ex/a"), NamedNode("http://ex/b")
G, DERIVED = NamedNode("http://ex/g"), NamedNode("http://ex/inferred")


def change(journal: Journal, added=(), removed=()) -> None:
    journal.append(added=list(added), removed=list(removed), client="test", operation="update")


def test_create_update_delete_follow_the_subject_s_triples_across_changes() -> None:
    journal = Journal(None)
    typed, label = Quad(A, TYPE, NamedNode("http://ex/T"), G), Quad(A, LABEL, Literal("a"), G)
    derived = Quad(A, TYPE, NamedNode("http://ex/Super"), DERIVED)
    change(journal, [label])  # a subject without a type: an update, not a create
    change(journal, [typed, derived, Quad(B, LABEL, Literal("b"), G)])  # its first type (and B, untyped)
    change(journal, [Quad(A, TYPE, NamedNode("http://ex/U"), G)])  # one more type: an update
    change(journal, removed=[typed, derived, label])  # not its last triple (U is left): an update
    change(journal, removed=[Quad(A, TYPE, NamedNode("http://ex/U"), G)])  # its last one: a delete
    change(journal, [typed])  # typed again: a create
    change(journal, [Quad(BlankNode("n"), LABEL, Literal("x"), G), Quad(A, LABEL, BlankNode("n"), G)])
    ledger = EntityLedger()
    verdicts = [ledger.verdicts(journal, entry) for entry in journal.entries()]
    assert verdicts == [[("Update", A)], [("Create", A), ("Update", B)], [("Update", A)], [("Update", A)],
                        [("Delete", A)], [("Create", A)], [("Update", A)]]  # blank-node subjects are not listed
    assert EntityLedger().verdicts(journal, journal.entries()[4]) == [("Delete", A)]  # asked out of order


def test_a_page_has_one_member_per_change_and_links_the_next_page() -> None:
    journal = Journal(None)
    for number in range(3):
        change(journal, [Quad(NamedNode(f"http://ex/s{number}"), TYPE, NamedNode("http://ex/T"), G)])
    page = feed_page(journal, after=None, limit=2, max_bytes=10**6)
    triples = stream_triples(journal, page, "http://host")
    members = [t.object.value for t in triples if t.predicate.value == "https://w3id.org/tree#member"]
    assert members == [f"http://host/changes/{e.id}" for e in journal.entries()[:2]]
    nodes = [t.object.value for t in triples if t.predicate.value == "https://w3id.org/tree#node"]
    assert nodes == [f"http://host/changes/ldes?after={journal.entries()[1].id}"]
    assert stream_triples(journal, page, "http://host") == triples  # the same page, the same triples
