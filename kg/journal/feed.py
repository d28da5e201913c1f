"""The change feed: the journal's transactions, in order, cut into pages of bounded size (GET /changes).

A page is what follows one change (``after``; the start of the journal when None): the next transactions
in journal order, at most ``limit`` of them and at most ``max_bytes`` of RDF Patch — except that a single
transaction larger than ``max_bytes`` is served alone (a transaction is never split). A page is
*complete* when it can never change: it holds ``limit`` transactions, or the transaction after its last
one exists and did not fit in its bytes. Since the journal is append-only and a transaction's text never
changes once it is visible, a complete page is immutable (cacheable for ever); the last page of the
journal, not complete, grows as changes are appended. Each page's ETag is a hash of ``after``, ``limit``
and the ids it holds: ids are never reused (``uuid:``), so equal ETags mean equal bytes.

The bytes served are the journal's as stored (:meth:`kg.journal.log.Journal.text`): every term in
N-Quads syntax with absolute IRIs, and blank nodes with the labels the journal gave them — stable across
the whole feed (the sources' by :mod:`kg.journal.labels`, an API write's as the store keeps them), so a
``D`` row names the very blank node an earlier ``A`` row added. Nothing here reads the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import UnknownChangeError
from kg.journal.log import Entry, Journal


@dataclass(frozen=True)
class FeedPage:
    """One page of the feed: consecutive journal entries, and whether the page can still change."""

    after: str | None
    limit: int
    entries: tuple[Entry, ...]
    complete: bool

    @property
    def last(self) -> str | None:
        """The id of the page's last change (what a consumer asks ``after`` next); None for an empty page."""
        return self.entries[-1].id if self.entries else None

    @property
    def etag(self) -> str:
        """A strong entity tag (quoted): the same for the same transactions, whatever the time of asking."""
        text = "\n".join([self.after or "", str(self.limit), *(e.id for e in self.entries)])
        return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40] + '"'


def cut_page(following: Sequence[Entry], *, after: str | None, limit: int, max_bytes: int) -> FeedPage:
    """The page made of the first of ``following`` (the entries after ``after``, in journal order)."""
    taken: list[Entry] = []
    size = 0
    for entry in following:
        if len(taken) == limit or (taken and size + entry.length > max_bytes):
            return FeedPage(after, limit, tuple(taken), complete=True)  # the next one exists and did not fit
        taken.append(entry)
        size += entry.length
    return FeedPage(after, limit, tuple(taken), complete=len(taken) == limit)


def feed_page(journal: Journal, *, after: str | None, limit: int, max_bytes: int) -> FeedPage:
    """The page of ``journal`` after ``after``; UnknownChangeError for an id the journal does not hold."""
    try:
        following = journal.entries(after=after)
    except KeyError:
        raise UnknownChangeError(after or "") from None
    return cut_page(following, after=after, limit=limit, max_bytes=max_bytes)


def page_text(journal: Journal, page: FeedPage) -> bytes:
    """The page as RDF Patch: its transactions' text, one after the other, as the journal stores them."""
    return journal.text(page.entries)


def change(journal: Journal, id: str) -> Entry:
    """One change's entry; UnknownChangeError when the journal does not hold it."""
    try:
        return journal.entry(id)
    except KeyError:
        raise UnknownChangeError(id) from None
