"""A query's serialised result as the executor hands it over: small in memory, large in a spool file.

A worker writes a result larger than :data:`~kg.query.result_spool.INLINE_BYTES` into a file of the
executor's spool directory (:mod:`kg.query.result_spool`). The executor opens it and unlinks it at once, so
the disk space goes back to the system when the answer is closed, or when the process ends, however
it ends. A :class:`QueryAnswer` over such a file reads it in chunks (:meth:`~QueryAnswer.chunks`,
:meth:`~QueryAnswer.stream` for an event loop): the HTTP layer sends a large result at the client's
pace without ever holding it in memory. :attr:`~QueryAnswer.body` reads it whole, for callers that
need the bytes (named queries, tests): the result's size is bounded by ``max_result_bytes``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import BinaryIO

import anyio.to_thread
import pyoxigraph as ox

from kg.query import worker
from kg.store.base import QueryResult

CHUNK_BYTES = 1 << 16


class QueryAnswer:
    """The serialised result (``body`` bytes, or an open spool file); ``truncated`` when the row cap cut it."""

    def __init__(self, body: bytes | BinaryIO, media_type: str, truncated: bool = False,
                 size: int | None = None) -> None:
        self.media_type, self.truncated = media_type, truncated
        self._inline = body if isinstance(body, bytes) else None
        self._file = None if isinstance(body, bytes) else body
        if size is None:
            size = len(body) if isinstance(body, bytes) else os.fstat(body.fileno()).st_size
        self.size = size

    @property
    def spooled(self) -> bool:
        """Whether the result is in a file (large) rather than in memory."""
        return self._file is not None

    @property
    def body(self) -> bytes:
        """The whole result (read from the spool file if need be)."""
        if self._inline is not None:
            return self._inline
        return b"".join(self.chunks())

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The result in pieces of at most ``size`` bytes."""
        if self._inline is not None:
            yield from (self._inline[i:i + size] for i in range(0, len(self._inline), size))
            return
        offset = 0
        while offset < self.size:
            chunk = self._read(offset, size)
            offset += len(chunk)
            yield chunk

    async def stream(self, size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        """:meth:`chunks` for an event loop (file reads in a thread); closes the answer at the end."""
        try:
            if self._inline is not None:
                for chunk in self.chunks(size):
                    yield chunk
                return
            offset = 0
            while offset < self.size:
                chunk = await anyio.to_thread.run_sync(self._read, offset, size)
                offset += len(chunk)
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        """Release the spool file (its space returns to the system)."""
        if self._file is not None:
            self._file.close()

    def result(self) -> QueryResult:
        """The answer parsed back into a :class:`QueryResult` (for SPARQL results formats)."""
        fmt = ox.QueryResultsFormat.from_media_type(self.media_type)
        if fmt is None:
            raise ValueError(f"not a SPARQL results media type: {self.media_type}")
        return QueryResult(ox.parse_query_results(self.body, format=fmt))

    def _read(self, offset: int, size: int) -> bytes:
        assert self._file is not None
        chunk = os.pread(self._file.fileno(), min(size, self.size - offset), offset)
        if not chunk:
            raise OSError(f"the spooled result ended early, at byte {offset} of {self.size}")
        return chunk


def open_spooled(path: str, size: int) -> BinaryIO:
    """The spool file a worker wrote, opened and already unlinked."""
    file = open(path, "rb")  # noqa: SIM115 (closed by the QueryAnswer that owns it)
    os.unlink(path)
    if os.fstat(file.fileno()).st_size != size:
        file.close()
        raise OSError(f"the spooled result has {size} bytes announced but not written")
    return file


def capped(result: QueryResult, media_type: str, max_rows: int) -> QueryAnswer:
    """The result with at most ``max_rows`` rows or triples, through a one-row-per-line format.

    A remote engine's result is read once, so it is written as TSV (or N-Triples) first, cut, and
    converted to the format asked for; ``truncated`` says whether anything was cut.
    """
    graph = result.kind == "graph"
    lines = result.serialize("application/n-triples" if graph else "text/tab-separated-values")
    kept, truncated = worker.first_rows(lines, graph, max_rows)
    return QueryAnswer(worker.from_lines(kept, graph, media_type), media_type, truncated)
