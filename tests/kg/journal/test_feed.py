"""kg.journal.feed: pages of bounded size over a real (in-memory) journal, complete or still growing."""

from __future__ import annotations

import pytest

from kg.errors import UnknownChangeError
from kg.journal import Journal, read_transactions
from kg.journal.feed import change, feed_page, page_text
from kg.rdf.model import NamedNode, Quad


def journal_of(count: int, *, big: int | None = None) -> Journal:
    journal = Journal(None)
    for number in range(count):
        objects = range(200) if number == big else range(1)
        added = [Quad(NamedNode(f"http://ex/s{number}"), NamedNode("http://ex/p"), NamedNode(f"http://ex/o{o}"))
                 for o in objects]
        journal.append(added=added, removed=[], client="test", operation="update")
    return journal


def test_pages_follow_one_another_in_journal_order_and_only_the_last_grows() -> None:
    journal = journal_of(7)
    ids = [e.id for e in journal.entries()]
    first = feed_page(journal, after=None, limit=3, max_bytes=10**6)
    second = feed_page(journal, after=first.last, limit=3, max_bytes=10**6)
    last = feed_page(journal, after=second.last, limit=3, max_bytes=10**6)
    assert [e.id for p in (first, second, last) for e in p.entries] == ids
    assert (first.complete, second.complete, last.complete) == (True, True, False)
    assert feed_page(journal, after=ids[-1], limit=3, max_bytes=10**6).entries == ()


def test_a_complete_page_keeps_its_etag_and_the_growing_one_changes_it() -> None:
    journal = journal_of(4)
    complete = feed_page(journal, after=None, limit=3, max_bytes=10**6)
    growing = feed_page(journal, after=complete.last, limit=3, max_bytes=10**6)
    journal.append(added=[], removed=[], client="test", operation="update")
    assert feed_page(journal, after=None, limit=3, max_bytes=10**6).etag == complete.etag
    grown = feed_page(journal, after=complete.last, limit=3, max_bytes=10**6)
    assert grown.etag != growing.etag and len(grown.entries) == 2


def test_the_byte_bound_cuts_a_page_but_never_a_transaction() -> None:
    journal = journal_of(5, big=2)
    entries = journal.entries()
    bound = entries[0].length + entries[1].length + 10
    first = feed_page(journal, after=None, limit=100, max_bytes=bound)
    assert [e.id for e in first.entries] == [e.id for e in entries[:2]] and first.complete
    alone = feed_page(journal, after=first.last, limit=100, max_bytes=bound)
    assert [e.id for e in alone.entries] == [entries[2].id] and alone.complete  # larger than the bound: alone
    assert len(page_text(journal, alone)) == entries[2].length > bound


def test_the_text_is_rdf_patch_that_reads_back_as_the_journal_s_transactions() -> None:
    journal = journal_of(3)
    page = feed_page(journal, after=None, limit=10, max_bytes=10**6)
    read = list(read_transactions(page_text(journal, page).decode("utf-8")))
    assert [t.id for t in read] == [e.id for e in journal.entries()]
    assert [t.added for t in read] == [journal.read(e).added for e in journal.entries()]
    assert read[1].prev == read[0].id


def test_an_unknown_id_is_a_typed_error() -> None:
    journal = journal_of(1)
    with pytest.raises(UnknownChangeError):
        feed_page(journal, after="uuid:nope", limit=3, max_bytes=10**6)
    with pytest.raises(UnknownChangeError):
        change(journal, "uuid:nope")
