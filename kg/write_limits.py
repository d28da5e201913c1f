"""How long a write may take, end to end, and the one lock writes take (and a backup, to hold them off).

A write (SPARQL Update, Graph Store PUT/POST/DELETE) gets a :class:`Deadline` when the gate receives
it: the setting ``update_timeout`` (``KG_UPDATE_TIMEOUT``, 60 s by default) bounds waiting for the
write lock, computing the delta, validating and committing together. The lock is waited for no
longer than the deadline (:func:`write_lock`), each phase checks the deadline before it starts
(:meth:`Deadline.check`), and SHACL validation — the phase that can run long — runs in a process
that is killed at the deadline (:mod:`kg.validation.worker`). Past the deadline the write is refused
with :class:`~kg.errors.WriteTimeoutError` (503) before anything is committed, so nothing changes,
and the lock is released for the next writer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kg.errors import WriteTimeoutError

_LOCK = threading.Lock()  # one write at a time: the delta, its validation and its commit see the same base


@dataclass(frozen=True)
class Deadline:
    """The moment (``time.monotonic()``) a write must be done by, and the limit it came from."""

    at: float
    limit: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now."""
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float:
        """Seconds left (0 when past)."""
        return max(0.0, self.at - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def check(self, phase: str) -> None:
        """WriteTimeoutError when the deadline has passed; ``phase`` is what the write was about to do."""
        if self.passed():
            raise self.error(phase)

    def error(self, phase: str) -> WriteTimeoutError:
        return WriteTimeoutError(f"the write ran past its time limit of {self.limit:g} s (update_timeout) "
                                 f"while {phase}: it was stopped and nothing was changed")


@contextmanager
def write_lock(deadline: Deadline) -> Iterator[None]:
    """Hold the write lock; WriteTimeoutError when another write holds it past ``deadline``."""
    if not _LOCK.acquire(timeout=deadline.remaining()):
        raise deadline.error("waiting for another write to finish")
    try:
        yield
    finally:
        _LOCK.release()


@contextmanager
def writes_paused() -> Iterator[None]:
    """No write commits while the body runs (:mod:`kg.store.backup` takes its consistent copy here): the write
    lock, held without a deadline; a write that arrives meanwhile waits for it within its own deadline."""
    with _LOCK:
        yield
