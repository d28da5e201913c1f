"""Atomic publication of on-disk stores.

The published store path (``var/store``) is a symbolic link to one generation directory under
``var/store.generations/``. A build fills a fresh generation and then swaps the link with one
``rename``, which POSIX makes atomic: readers see the old store or the new one, never a mix.
A build that fails or is killed leaves the link untouched; its half-written generation carries
no ``.published`` marker and is removed by the next build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError

_MARKER = ".published"
_JOURNAL_MARK = ".journal"  # beside a generation: the id of the last journal transaction it holds (kg.journal)


class Publication:
    """The generations behind one published store path."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.root = link.with_name(link.name + ".generations")

    def current(self) -> Path | None:
        """The generation the link points to, or None before the first publication."""
        if self.link.is_symlink():
            return (self.link.parent / os.readlink(self.link)).resolve()
        if self.link.is_dir():  # a plain directory (made by hand or by an older version)
            return self.link.resolve()
        return None

    @contextmanager
    def building(self) -> Iterator[Path]:
        """Hold the build lock and yield a fresh, empty generation directory."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".build.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(f"another build is running on {self.link}") from exc
            self._prune()
            generation = self.root / f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}"
            generation.mkdir()
            yield generation

    def publish(self, generation: Path) -> None:
        """Point the link at ``generation`` in one atomic rename; call it inside :meth:`building`."""
        (self.root / (generation.name + _MARKER)).touch()
        if self.link.is_dir() and not self.link.is_symlink():
            self._adopt_plain_directory()
        temporary = self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp")
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(os.path.relpath(generation, self.link.parent))
        os.replace(temporary, self.link)
        _fsync_directory(self.link.parent)
        self._prune()

    def mark_journal(self, generation: Path, transaction: str) -> None:
        """Note that ``generation`` holds the journal up to ``transaction`` (its publication, or a restored
        journal's last one): what :func:`kg.journal.replay.catch_up` replays after when it is opened."""
        mark = self.root / (generation.name + _JOURNAL_MARK)
        mark.write_text(transaction + "\n", encoding="utf-8")
        with open(mark, "rb") as handle:
            os.fsync(handle.fileno())

    def journal_mark(self, generation: Path) -> str | None:
        """The journal transaction ``generation`` holds everything up to (None: not known)."""
        mark = self.root / (generation.name + _JOURNAL_MARK)
        return mark.read_text(encoding="utf-8").strip() or None if mark.is_file() else None

    def _adopt_plain_directory(self) -> None:
        adopted = self.root / "adopted"
        shutil.move(str(self.link), adopted)
        (self.root / ("adopted" + _MARKER)).touch()

    def _prune(self, keep: int = 2) -> None:
        """Remove unpublished generations and all but the ``keep`` newest published ones."""
        current = self.current()
        generations = sorted(p for p in self.root.iterdir() if p.is_dir())
        published = [g for g in generations if (self.root / (g.name + _MARKER)).exists()]
        keep_set = set(published[-keep:]) | ({current} if current else set())
        for generation in generations:
            if generation.resolve() not in {k.resolve() for k in keep_set}:
                shutil.rmtree(generation, ignore_errors=True)
                (self.root / (generation.name + _MARKER)).unlink(missing_ok=True)
                (self.root / (generation.name + _JOURNAL_MARK)).unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
