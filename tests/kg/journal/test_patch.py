"""RDF Patch: a transaction written and read back is the same transaction, in the rdf-delta shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kg.errors import LoadError
from kg.journal.patch import Transaction, read_transactions, write_transaction
from kg.rdf.model import BlankNode, DefaultGraph, Literal, NamedNode, Quad

G = NamedNode("https://w3id.org/fikg/graph/notes")
A, P = NamedNode("http://ex/a"), NamedNode("http://ex/p")


def sample() -> Transaction:
    added = [Quad(A, P, Literal("line one\nline two", language="zh"), G),
             Quad(BlankNode("b0"), P, A, DefaultGraph()),
             Quad(A, P, Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")), G)]
    removed = [Quad(A, P, BlankNode("b0"), G)]
    return Transaction("uuid:1", "uuid:0", datetime(2026, 12, 8, 1, 2, 3, 456, tzinfo=UTC), "ministry 部",
                       "update", added, removed, (G.value,), (("generation", '"g1"'),))


def test_a_transaction_reads_back_as_written() -> None:
    original = sample()
    (again,) = read_transactions(write_transaction(original))
    assert again == Transaction(original.id, original.prev, original.time, original.client, original.operation,
                                list(original.added), list(original.removed), original.graphs, original.extra)
    assert again.header("generation") == ["g1"]


def test_the_text_is_rdf_patch_with_absolute_terms() -> None:
    lines = write_transaction(sample()).splitlines()
    assert lines[:2] == ["H id <uuid:1> .", "H prev <uuid:0> ."]
    assert lines[lines.index("TX .") + 1] == "D <http://ex/a> <http://ex/p> _:b0 <https://w3id.org/fikg/graph/notes> ."
    assert "A _:b0 <http://ex/p> <http://ex/a> ." in lines  # the default graph: no fourth term
    assert lines[-1] == "TC ."
    assert all(line.endswith(" .") for line in lines)


def test_blank_node_labels_are_kept() -> None:
    (again,) = read_transactions(write_transaction(sample()))
    assert BlankNode("b0") in {q.subject for q in again.added}


def test_an_unfinished_transaction_is_an_error() -> None:
    text = write_transaction(sample())
    with pytest.raises(LoadError, match="ends inside a transaction"):
        list(read_transactions(text[: text.index("TC .")]))


def test_counting_rows_without_parsing_them() -> None:
    (counted,) = read_transactions(write_transaction(sample()), quads=False)
    assert (len(counted.added), len(counted.removed)) == (3, 1)
