"""The difference between two versions of the dataset, from the journal alone (GET /diff).

Every transaction is exact (it removes only quads that are there and adds only quads that are not), so
between version A and a later version B the first change touching a quad tells whether A held it (a
removal: it did; an addition: it did not) and the last one whether B holds it. :func:`difference` reads
the transactions between the two once, keeps those two facts per quad, and gives the quads B adds and
the ones it removes — without replaying either version. From a later version to an earlier one it is the
same difference, reversed. Applying it to version A gives version B exactly (blank nodes keep the
journal's stable labels). :func:`as_patch` writes it as one RDF Patch transaction (``D`` rows, then ``A``
rows) with ``H from``/``H to`` headers naming the two versions (and an ``H id`` made from them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.journal.log import Entry, Journal
from kg.rdf.model import Quad


@dataclass(frozen=True)
class Difference:
    """What turns the dataset of version ``source`` into that of ``target``."""

    source: Entry
    target: Entry
    added: tuple[Quad, ...]
    removed: tuple[Quad, ...]

    @property
    def empty(self) -> bool:
        return not self.added and not self.removed


def difference(journal: Journal, source: Entry, target: Entry) -> Difference:
    """The quads to add to and remove from ``source``'s dataset to get ``target``'s."""
    entries = journal.entries()
    positions = {entry.id: index for index, entry in enumerate(entries)}
    start, end = positions[source.id], positions[target.id]
    if start > end:
        back = difference(journal, target, source)
        return Difference(source, target, back.removed, back.added)
    first: dict[Quad, bool] = {}  # quad -> its first touch was an addition (so the source lacked it)
    last: dict[Quad, bool] = {}  # quad -> its last touch was an addition (so the target holds it)
    for entry in entries[start + 1:end + 1]:
        transaction = journal.read(entry)
        for quad in transaction.removed:
            first.setdefault(quad, False)
            last[quad] = False
        for quad in transaction.added:
            first.setdefault(quad, True)
            last[quad] = True
    added = sorted((q for q, now in last.items() if now and first[q]), key=str)
    removed = sorted((q for q, now in last.items() if not now and not first[q]), key=str)
    return Difference(source, target, tuple(added), tuple(removed))


def as_patch(diff: Difference) -> str:
    """The difference as one RDF Patch transaction: headers naming both versions, removals, then additions."""
    digest = hashlib.sha256(f"{diff.source.id} {diff.target.id}".encode()).hexdigest()[:32]
    lines = [f"H id <urn:fikg:diff:{digest}> .", f"H from <{diff.source.id}> .", f"H to <{diff.target.id}> .", "TX ."]
    text = "\n".join(lines) + "\n" + _rows("D", diff.removed) + _rows("A", diff.added) + "TC .\n"
    return text


def _rows(code: str, quads: Sequence[Quad]) -> str:
    if not quads:
        return ""
    text = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(f"{code} {line}\n" for line in text.splitlines())
