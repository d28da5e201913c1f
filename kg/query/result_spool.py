"""How a query worker writes a result: natively serialised, cut at the row cap, bounded in bytes, spooled.

pyoxigraph serialises a result as it evaluates it, writing 8 KB at a time into a Python object
(``serialize(output=…)``, with the GIL released in between). The worker's output object is a
:class:`Spool`: the first :data:`INLINE_BYTES` stay in memory and travel back in the reply; past that
the spool continues in a file at a path the executor chose (on disk, in the system's temporary
directory), which the executor opens and streams to the client at the client's pace. So a result is
never held whole in memory, neither here nor in the API process, and the worker is free for the next
query as soon as the result is written, however slowly the client reads. Every write counts towards
``max_bytes``: one byte more and the query stops with :class:`ResultTooLargeError` (the client gets a
clean error; nothing was sent yet, since a result is sent only once it is complete).

The row cap (``max_rows``) holds for every format. Every format spends at least one byte per row, so a
result whose native serialisation ends within ``max_rows`` bytes cannot have too many rows: that
first pass is the answer (the common case: small results). Otherwise the query runs again: SELECT
results as TSV (one row per line) or SPARQL XML (one ``<result>`` per row), cut after ``max_rows``
rows; for the other formats a TSV pass that keeps nothing first counts the rows, then either a
native pass writes the answer (not too many rows) or the cut XML is converted to the format asked
for as it is parsed back. Graph results go triple by triple, stopped after ``max_rows`` triples.

Imports only pyoxigraph and the standard library: ``kg/query/worker.py`` (run by path) imports it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import BinaryIO

import pyoxigraph as ox

INLINE_BYTES = 1 << 18  # results up to this size travel in the reply; larger ones through a spool file

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class ResultTooLargeError(Exception):
    """The result needs more than ``max_bytes`` bytes."""


class _Stop(Exception):
    """Raised from a write to stop the engine early (a probe that is long enough, a row cap reached)."""


class Spool:
    """A binary output kept in memory up to ``inline`` bytes, then in a file at ``path``; at most ``max_bytes``."""

    def __init__(self, path: str, *, max_bytes: int | None, inline: int = INLINE_BYTES) -> None:
        self.path, self.max_bytes, self.inline = path, max_bytes, inline
        self.size = 0
        self._memory = bytearray()
        self._file: BinaryIO | None = None

    def write(self, data: bytes) -> int:
        size = len(data)
        if self.max_bytes is not None and self.size + size > self.max_bytes:
            raise ResultTooLargeError(f"the result is larger than {self.max_bytes} bytes")
        self.size += size
        if self._file is None and len(self._memory) + size <= self.inline:
            self._memory += data
            return size
        if self._file is None:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            self._file = os.fdopen(descriptor, "wb")
            self._file.write(self._memory)
            self._memory = bytearray()
        self._file.write(data)
        return size

    def flush(self) -> None:
        pass  # the file is flushed when closed

    @property
    def spooled(self) -> bool:
        return self._file is not None

    def finish(self) -> bytes:
        """Close the file (if any); what stayed in memory (empty when spooled)."""
        if self._file is not None:
            self._file.close()
        return bytes(self._memory)

    def discard(self) -> None:
        """Forget the content, removing the file."""
        if self._file is not None:
            self._file.close()
            self._file = None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
        self._memory = bytearray()
        self.size = 0


class _Probe:
    """Writes into ``spool`` and stops the engine once more than ``limit`` bytes came."""

    def __init__(self, spool: Spool, limit: int) -> None:
        self.spool, self.limit, self.overflowed = spool, limit, False

    def write(self, data: bytes) -> int:
        if self.spool.size + len(data) > self.limit:
            self.overflowed = True
            raise _Stop
        return self.spool.write(data)

    def flush(self) -> None:
        pass


class _LineCut:
    """Writes the first ``lines`` lines into ``spool``; stops the engine when a line more begins."""

    def __init__(self, spool: Spool, lines: int) -> None:
        self.spool, self.remaining, self.cut = spool, lines, False

    def write(self, data: bytes) -> int:
        if self.cut:
            raise _Stop  # pyoxigraph's buffer flushes once more when dropped after a stop
        view = memoryview(data)
        start = 0
        while self.remaining:
            end = data.find(b"\n", start)
            if end < 0:
                self.spool.write(view[start:])
                return len(data)
            self.spool.write(view[start:end + 1])
            start, self.remaining = end + 1, self.remaining - 1
        if start < len(data):
            self.cut = True
            raise _Stop
        return len(data)

    def flush(self) -> None:
        pass


def write_result(run: object, spool: Spool, media_type: str, max_rows: int | None) -> bool:
    """Evaluate (``run()`` gives a fresh result each call) into ``spool``; whether the row cap cut it."""
    result: Result = run()  # type: ignore[operator]
    if isinstance(result, ox.QueryBoolean):
        spool.write(result.serialize(format=results_format(media_type)))
        return False
    graph = isinstance(result, ox.QueryTriples)
    target = rdf_format(media_type) if graph else results_format(media_type)
    if max_rows is None:
        result.serialize(output=spool, format=target)
        return False
    probe = _Probe(spool, max_rows)
    with contextlib.suppress(_Stop):
        result.serialize(output=probe, format=target)
    if not probe.overflowed:
        return False
    del result  # the first pass's evaluation state goes before the second pass starts
    spool.discard()
    if graph:
        return _capped_triples(run(), spool, target, max_rows)  # type: ignore[operator]
    if target not in (ox.QueryResultsFormat.TSV, ox.QueryResultsFormat.XML):
        rows = _LineCut(_Counter(), max_rows + 1)  # TSV: the header, then one line per row; nothing kept
        with contextlib.suppress(_Stop):
            run().serialize(output=rows, format=ox.QueryResultsFormat.TSV)  # type: ignore[operator]
        if not rows.cut:  # not too many rows after all: the native serialisation is the answer
            run().serialize(output=spool, format=target)  # type: ignore[operator]
            return False
    return _capped_solutions(run(), spool, target, max_rows)  # type: ignore[operator]


class _Counter:
    """A sink that keeps nothing (for a pass that only counts rows)."""

    def write(self, data: bytes) -> int:
        return len(data)


def _capped_triples(result: ox.QueryTriples, spool: Spool, target: ox.RdfFormat, max_rows: int) -> bool:
    cut = [False]

    def first(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
        for number, triple in enumerate(triples):
            if number == max_rows:
                cut[0] = True
                return
            yield triple

    ox.serialize(first(iter(result)), output=spool, format=target)
    return cut[0]


def _capped_solutions(result: ox.QuerySolutions, spool: Spool, target: ox.QueryResultsFormat, max_rows: int) -> bool:
    if target == ox.QueryResultsFormat.TSV:
        lines = _LineCut(spool, max_rows + 1)  # the header, then the rows
        with contextlib.suppress(_Stop):
            result.serialize(output=lines, format=target)
        return lines.cut
    xml = spool if target == ox.QueryResultsFormat.XML else Spool(spool.path + ".rows", max_bytes=spool.max_bytes)
    try:
        rows = _XmlRowCut(xml, max_rows)
        with contextlib.suppress(_Stop):
            result.serialize(output=rows, format=ox.QueryResultsFormat.XML)
        rows.finish()
        if xml is spool:
            return rows.cut
        kept = xml.finish()  # parsed back as XML: pyoxigraph's TSV and JSON parsers refuse values over 16 MiB
        solutions = (ox.parse_query_results(path=xml.path, format=ox.QueryResultsFormat.XML) if xml.spooled
                     else ox.parse_query_results(kept, format=ox.QueryResultsFormat.XML))
        solutions.serialize(output=spool, format=target)
    finally:
        if xml is not spool:
            xml.discard()
    return rows.cut


class _XmlRowCut:
    """Writes SPARQL XML results into ``spool`` up to ``rows`` rows, then closes the document.

    Each row opens with ``<result>``, a text that cannot occur elsewhere in pyoxigraph's output (``<``
    is escaped in values), so counting it counts rows; the last few bytes of each write are held
    back until the next one, in case a tag is split between two writes.
    """

    TAG = b"<result>"

    def __init__(self, spool: Spool, rows: int) -> None:
        self.spool, self.remaining, self.cut = spool, rows, False
        self._pending = b""

    def write(self, data: bytes) -> int:
        if self.cut:
            raise _Stop  # pyoxigraph's buffer flushes once more when dropped after a stop
        buffer = self._pending + bytes(data)
        start = 0
        while (found := buffer.find(self.TAG, start)) >= 0:
            if self.remaining == 0:
                self.spool.write(buffer[:found])
                self._pending, self.cut = b"", True
                raise _Stop
            self.remaining -= 1
            start = found + len(self.TAG)
        keep = max(start, len(buffer) - len(self.TAG) + 1)
        self.spool.write(buffer[:keep])
        self._pending = buffer[keep:]
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        """What was held back, or the end of the document when the rows were cut."""
        self.spool.write(b"</results></sparql>" if self.cut else self._pending)
        self._pending = b""


def results_format(media_type: str) -> ox.QueryResultsFormat:
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not a SPARQL results media type: {media_type}")
    return fmt


def rdf_format(media_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not an RDF media type: {media_type}")
    return fmt
