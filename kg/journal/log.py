"""The journal on disk: an append-only RDF Patch file, one transaction per accepted change, fsynced.

The journal lives in one directory (setting ``journal``; :func:`kg.journal.open_journal`): the file
``journal.rdfp`` holds the transactions (:mod:`kg.journal.patch`) one after the other, each chained
to the one before by ``H prev``. An append (:meth:`Journal.appending`) takes the journal's lock (a
thread lock, and ``flock`` on ``journal.lock`` against other processes such as ``kg build``), writes
the transaction, and ``fsync``\\ s the file — and the directory when the file was created — before it
lets the caller commit the change to the store; a commit that fails truncates the file back to where
the append began, so the journal never claims a change the store did not take. Only then does the
transaction become visible to readers of this process (:meth:`Journal.entries`).

Opening the journal reads the file once and keeps an index of its transactions (offsets and headers,
not the quads). A file whose tail holds an unfinished transaction (a crash in the middle of an
append) is cut back to the end of the last complete one, with a warning in the log saying so.
``directory=None`` keeps the journal in memory (for in-memory stores and tests): the same behaviour,
nothing durable.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kg.journal.patch import ID_PREFIX, Transaction, read_transactions, write_transaction
from kg.rdf.model import Quad

LOG = logging.getLogger("kg.journal")
FILE_NAME = "journal.rdfp"
LOCK_NAME = ".journal.lock"  # hidden: not part of the journal (a backup leaves it out)
_END = b"TC .\n"


@dataclass(frozen=True)
class Entry:
    """A transaction as the index knows it: where it is, and its headers (not its quads)."""

    id: str
    prev: str | None
    offset: int
    length: int
    time: datetime
    client: str
    operation: str
    added: int
    removed: int
    graphs: tuple[str, ...]
    generation: str | None  # a build's publication: the generation it published
    folded: tuple[str, ...]  # a squash: the ids of the API changes it marks folded into the sources

    @property
    def is_build(self) -> bool:
        return self.operation == "build"

    @property
    def is_api_change(self) -> bool:
        """A write through the gate (SPARQL Update, Graph Store), as opposed to a build or a squash."""
        return self.operation not in ("build", "squash")


class Journal:
    """One journal: its transactions in order, appended under a lock and durable before they are visible."""

    def __init__(self, directory: Path | None, *, repair: bool = True) -> None:
        """``repair=False`` reads the journal as it is (a copy being counted): nothing is locked or cut."""
        self.directory = directory
        self._lock = threading.RLock()
        self._entries: list[Entry] = []
        self._by_id: dict[str, int] = {}
        self._end = 0  # bytes of the file the index covers
        self._memory = bytearray()
        self._file_locks = 0  # depth of this process's hold on the file lock (flock is not re-entrant)
        if directory is not None and self._path.exists() and repair:
            with self._lock, self._file_lock():  # a repair must not cut an append another process is making
                self._scan(repair=True)
        elif directory is not None:
            self._scan(repair=False)

    # Reading
    def __len__(self) -> int:
        return len(self._entries)

    @property
    def head(self) -> str | None:
        """The id of the last transaction (None when the journal is empty)."""
        self.refresh()
        return self._entries[-1].id if self._entries else None

    def entries(self, *, after: str | None = None) -> list[Entry]:
        """The transactions in order; with ``after``, only those that follow it (KeyError for an unknown id)."""
        self.refresh()
        with self._lock:
            start = 0 if after is None else self._by_id[after] + 1
            return self._entries[start:]

    def entry(self, id: str) -> Entry:
        """One transaction's index entry (KeyError when unknown)."""
        self.refresh()
        with self._lock:
            return self._entries[self._by_id[id]]

    def read(self, entry: Entry) -> Transaction:
        """The whole transaction, quads included."""
        return next(read_transactions(self._read(entry.offset, entry.length).decode("utf-8")))

    def transactions(self, *, after: str | None = None) -> Iterator[Transaction]:
        """Every transaction (or those after ``after``), quads included, in order."""
        for entry in self.entries(after=after):
            yield self.read(entry)

    def text(self, entries: Sequence[Entry]) -> bytes:
        """The RDF Patch text of consecutive entries, as stored."""
        if not entries:
            return b""
        return self._read(entries[0].offset, entries[-1].offset + entries[-1].length - entries[0].offset)

    def refresh(self) -> None:
        """Index what other processes appended since this process last looked."""
        if self.directory is None or not self._path.exists() or self._path.stat().st_size == self._end:
            return  # (an append in another process is visible here once its transaction is complete)
        with self._lock:
            if self._file_locks:  # this process is appending: the bytes past the index are its own, uncommitted
                return
            self._scan(repair=False)

    # Appending
    @contextmanager
    def appending(self, *, added: Sequence[Quad], removed: Sequence[Quad], client: str, operation: str,
                  graphs: Sequence[str] = (), extra: Sequence[tuple[str, str]] = (),
                  time: datetime | None = None) -> Iterator[Transaction]:
        """Append one transaction and make it durable, then yield it: the caller commits the change to the
        store inside the ``with``. If that raises, the transaction is cut from the journal again."""
        with self._lock, self._file_lock():
            self._scan(repair=True)  # catch up with other processes (and repair a crashed one's tail)
            transaction = Transaction(f"{ID_PREFIX}{uuid.uuid4()}", self._entries[-1].id if self._entries else None,
                                      time or datetime.now(UTC), client, operation, added, removed,
                                      tuple(graphs), tuple(extra))
            data = write_transaction(transaction).encode("utf-8")
            start = self._end
            self._write(start, data)
            try:
                yield transaction
            except BaseException:
                self._truncate(start)
                raise
            self._index(transaction, start, len(data))
            self._end = start + len(data)

    def append(self, **fields) -> Transaction:
        """Append a transaction that needs no commit of its own (a build's publication is committed by
        publishing its generation: see :mod:`kg.build`)."""
        with self.appending(**fields) as transaction:
            return transaction

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal's lock (no other process or thread appends meanwhile)."""
        with self._lock, self._file_lock():
            self._scan(repair=True)
            yield

    # Storage
    @property
    def _path(self) -> Path:
        assert self.directory is not None
        return self.directory / FILE_NAME

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        if self.directory is None or self._file_locks:
            self._file_locks += 1
            try:
                yield
            finally:
                self._file_locks -= 1
            return
        self._ensure_directory()
        with open(self.directory / LOCK_NAME, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._file_locks += 1
            try:
                yield
            finally:
                self._file_locks -= 1
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _ensure_directory(self) -> None:
        assert self.directory is not None
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            _fsync_directory(self.directory.parent)

    def _read(self, offset: int, length: int) -> bytes:
        if self.directory is None:
            return bytes(self._memory[offset:offset + length])
        with open(self._path, "rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def _write(self, offset: int, data: bytes) -> None:
        if self.directory is None:
            del self._memory[offset:]
            self._memory += data
            return
        created = not self._path.exists()
        with open(self._path, "r+b" if not created else "wb") as handle:
            handle.truncate(offset)
            handle.seek(offset)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_directory(self.directory)

    def _truncate(self, size: int) -> None:
        if self.directory is None:
            del self._memory[size:]
            return
        with open(self._path, "r+b") as handle:
            handle.truncate(size)
            handle.flush()
            os.fsync(handle.fileno())

    def _scan(self, *, repair: bool) -> None:
        """Index the transactions after :attr:`_end`; with ``repair``, cut an unfinished tail off the file."""
        if self.directory is None or not self._path.exists():
            return
        if self._path.stat().st_size < self._end:  # another process cut a transaction this one had indexed
            self._entries, self._by_id, self._end = [], {}, 0
        with open(self._path, "rb") as handle:
            handle.seek(self._end)
            tail = handle.read()
        complete = tail.rfind(b"\n" + _END) + 1 + len(_END) if tail.rfind(b"\n" + _END) >= 0 else 0
        if tail.startswith(_END):
            complete = max(complete, len(_END))
        for transaction, offset, length in _split(tail[:complete], self._end):
            self._index(transaction, offset, length)
        self._end += complete
        if complete < len(tail) and repair:
            LOG.warning("journal %s: its last transaction was cut short (a crash during an append); %d byte(s) "
                        "removed, the journal ends with its last complete transaction %s", self._path,
                        len(tail) - complete, self._entries[-1].id if self._entries else "(none)")
            self._truncate(self._end)

    def _index(self, transaction: Transaction, offset: int, length: int) -> None:
        generation = transaction.header("generation")
        entry = Entry(transaction.id, transaction.prev, offset, length, transaction.time, transaction.client,
                      transaction.operation, len(transaction.added), len(transaction.removed), transaction.graphs,
                      generation[0] if generation else None, tuple(transaction.header("folded")))
        self._by_id[entry.id] = len(self._entries)
        self._entries.append(entry)


def _split(data: bytes, base: int) -> Iterator[tuple[Transaction, int, int]]:
    """Each complete transaction in ``data`` with its offset (``base`` + position) and length."""
    position = 0
    while position < len(data):
        end = data.find(b"\n" + _END, position)
        end = len(data) if end < 0 else end + 1 + len(_END)
        chunk = data[position:end]
        if chunk.strip():
            yield next(read_transactions(chunk.decode("utf-8"), quads=False)), base + position, end - position
        position = end


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot open a directory for fsync
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
