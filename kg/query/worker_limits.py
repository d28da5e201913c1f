"""What a query worker may spend on one query: memory (watched and capped) and priority (lowered when long).

A :class:`QueryGuard` runs one thread in the worker that wakes every :data:`TICK` seconds while a
query is being evaluated (pyoxigraph releases the GIL while it evaluates and serialises):

- **memory**: the worker's anonymous resident memory (``/proc/self/statm``: resident minus
  file-backed) is compared with what it was when the worker was forked; the pages it shares with its
  zygote (the data) were already counted then, so the difference is what the queries allocated. Past
  ``limit`` bytes the guard calls ``on_exceeded`` (which reports a typed error to the executor) and
  the process exits at once. ``RLIMIT_AS`` (address space) is set at ``backstop`` bytes above the
  size at fork, so an allocation too large and too fast for the thread fails in the kernel instead:
  the worker then dies, and the executor reports a failed worker. (Not for workers reading RocksDB,
  whose address space grows with the files it maps.)
- **priority**: a query still running after ``demote_after`` seconds gets the lowest CPU priority
  (nice 19), so short queries forked meanwhile take the CPU first. Priority cannot be raised back
  without privileges, so a demoted worker retires after answering (:meth:`QueryGuard.finish`).

A worker also retires when its queries left it holding more than a quarter of the limit (the
allocator keeps freed memory), so an idle pool stays as small as when it started.

Imports only the standard library: ``kg/query/worker.py`` (run by path) imports it.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Callable

TICK = 0.01  # seconds between two looks at the memory of a running query
IDLE_TICK = 0.05  # seconds between two looks for a query that started (a query is not waited for: it costs)
_PAGE = os.sysconf("SC_PAGE_SIZE")


def anonymous_memory() -> int:
    """This process's resident memory that is not backed by a file, in bytes."""
    with open("/proc/self/statm", "rb") as statm:
        fields = statm.read().split()
    return (int(fields[1]) - int(fields[2])) * _PAGE


def address_space() -> int:
    """This process's virtual memory size, in bytes."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[0]) * _PAGE


class QueryGuard:
    """Watches the queries of one worker process (see the module docstring)."""

    def __init__(self, limit: int | None, demote_after: float | None, on_exceeded: Callable[[], None],
                 *, backstop: int | None = None) -> None:
        self.limit, self.demote_after, self.on_exceeded = limit, demote_after, on_exceeded
        self.baseline = anonymous_memory()
        self.demoted = False
        self.last_used = 0  # bytes allocated when the thread last looked (queries shorter than TICK: not looked)
        self._started: float | None = None
        self.lock = threading.Lock()  # held while the worker sends a message (the guard's report included)
        if limit is not None and backstop is not None:
            ceiling = address_space() + backstop
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        if limit is not None or demote_after is not None:
            threading.Thread(target=self._watch, name="query-guard", daemon=True).start()

    def start(self) -> None:
        """A query begins."""
        self._started = time.monotonic()

    def finish(self) -> bool:
        """The query ended; whether this worker should retire (demoted, or holding too much memory)."""
        self._started = None
        grown = self.limit is not None and self.last_used > self.limit // 4  # as the thread last saw it
        return self.demoted or grown

    def used(self) -> int:
        """Bytes allocated since the worker started."""
        return anonymous_memory() - self.baseline

    def _watch(self) -> None:
        main = os.getpid()  # the main thread's id is the process id: setpriority(PRIO_PROCESS) targets it
        while True:
            started = self._started
            time.sleep(TICK if started is not None else IDLE_TICK)  # never woken by a query: no GIL ping-pong
            if started is None or started != self._started:
                continue
            if self.limit is not None:
                self.last_used = self.used()
            if self.limit is not None and self.last_used > self.limit:
                with self.lock:
                    if self._started is not None:
                        self.on_exceeded()
                        os._exit(3)
            if (self.demote_after is not None and not self.demoted
                    and time.monotonic() - started > self.demote_after):
                os.setpriority(os.PRIO_PROCESS, main, 19)
                self.demoted = True
