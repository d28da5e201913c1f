"""The write path's one step into the journal: record a validated change, durably, around its commit.

:func:`recorded` is what :mod:`kg.gate` calls with a write's whole change — the quads it removes and
adds (the derived graph's changes included, once they are computed with it) — just before it commits
that change to the store. The order is: validated change → journal append + ``fsync`` → store commit
→ acknowledgement. A commit that fails cuts the transaction from the journal again (the journal never
claims a change the store did not take); a crash between the append and the commit leaves a
transaction that is replayed onto the store when it is next opened (:func:`kg.journal.replay.catch_up`),
so the store then holds all of the change, never part of it.

A store generation that a build has replaced is refused (:class:`~kg.errors.StoreError`): the change
would land in a store that no longer answers. The server opens the new generation on its next request.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError
from kg.journal.patch import Transaction
from kg.journal.registry import open_journal
from kg.rdf.model import NamedNode, Quad
from kg.settings import Settings
from kg.store.base import Store
from kg.store.publication import Publication


@contextmanager
def recorded(store: Store, settings: Settings, *, added: Sequence[Quad], removed: Sequence[Quad], client: str,
             operation: str, graphs: Sequence[str | None] = (), created: Sequence[NamedNode] = (),
             dropped: Sequence[NamedNode] = ()) -> Iterator[Transaction]:
    """Append the change to ``store``'s journal (durable on return), then let the caller commit it."""
    journal = open_journal(settings, store)
    extra = [*(("created", f"{g}") for g in created), *(("dropped", f"{g}") for g in dropped)]
    with journal.appending(added=added, removed=removed, client=client, operation=operation,
                           graphs=[g for g in graphs if g], extra=extra) as transaction:
        check_current(store, settings)
        yield transaction


def check_current(store: Store, settings: Settings) -> None:
    """StoreError when ``store`` is an on-disk generation other than the published one (a build replaced
    it while the write was on its way; builds publish under the journal's lock, so this is decided)."""
    path, link = store.path, settings.resolved_store_path
    if path is None or link is None or settings.store != "embedded":
        return
    published = Publication(link).current()
    if published is not None and published.resolve() != Path(path).resolve():
        raise StoreError(f"a build has published a new store ({published.name}) since this request opened "
                         f"{Path(path).name}; nothing was changed: send the write again")
