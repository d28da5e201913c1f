"""Backups of the published on-disk store and of the journal of changes (:mod:`kg.journal`), and restoring them.

A backup is a directory::

    DIR/store/          pyoxigraph's backup (a RocksDB checkpoint) of the published generation
    DIR/journal/        the journal of changes (setting ``journal``; kg.journal.files)
    DIR/manifest.json   when, which generation, how many quads (per graph), every file's SHA-256

:func:`backup_store` takes it from a store open in this process, with writes held off
(:func:`kg.write_limits.writes_paused`): every write is one transaction, so each is wholly in the copy or
wholly out of it, and the journal copied is of the same moment. RocksDB lets one process write a
store; when a server holds it (:func:`store_in_use`), that server takes the backup
(``POST /admin/backup``, which ``kg backup`` calls). On one file system the checkpoint hard-links
the store's immutable files, so a backup costs little space until the store changes.

:func:`restore` verifies every checksum, copies the store into a fresh generation, checks its quad
count against the manifest, and publishes it atomically (:mod:`kg.store.publication`): a running server
follows, as after a build; the restored generation is marked with the restored journal's last
transaction. It refuses to replace a store or a journal unless ``force`` is given.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.journal import Journal, forget_journals
from kg.journal.files import copy_journal, journal_directory
from kg.settings import Settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from kg.store.publication import Publication
from kg.write_limits import writes_paused

FORMAT = "fikg-backup/1"
MANIFEST = "manifest.json"
STORE_DIR, JOURNAL_DIR = "store", "journal"
_COUNT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``checksum`` covers every file's path and SHA-256 (``files``)."""

    created: str
    generation: str
    quads: int
    graphs: dict[str, int]
    journal_entries: int
    checksum: str
    files: dict[str, str] = field(default_factory=dict)  # relative path → SHA-256
    format: str = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise StoreError(f"{directory} is not a backup: cannot read {MANIFEST}: {exc}") from exc
        if manifest.format != FORMAT:
            raise StoreError(f"{directory}: unknown backup format {manifest.format!r} (expected {FORMAT})")
        return manifest


def published_generation(settings: Settings) -> Path:
    """The generation directory the store path publishes (StoreError for a remote or in-memory store)."""
    if settings.store != "embedded":
        raise StoreError("kg backup and kg restore work on the embedded store; back up a remote SPARQL engine "
                         "with its own tools (and `kg build` can refill it from the sources)")
    path = settings.resolved_store_path
    if path is None:
        raise StoreError("the store is in memory (store_path = \":memory:\"): there is nothing on disk to back up")
    generation = Publication(path).current()
    if generation is None:
        raise StoreError(f"no store has been built at {path}: run `kg build` first")
    return generation


def store_in_use(generation: Path) -> bool:
    """Whether a process (a server) holds the store open for writing: RocksDB's lock on its LOCK file."""
    try:
        fd = os.open(generation / "LOCK", os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases a lock taken here
    return False


def backup_local(settings: Settings, target: Path) -> Manifest:
    """Back up the published store from this process (no server may hold it: see :func:`store_in_use`)."""
    generation = published_generation(settings)
    if store_in_use(generation):
        raise StoreError(f"a running server holds {generation}: take the backup through it (kg backup does)")
    store = EmbeddedStore(generation)
    try:
        return backup_store(store, target, settings)
    finally:
        store.close()


def backup_store(store: Store, target: Path, settings: Settings) -> Manifest:
    """A consistent copy of ``store`` and the journal into ``target`` (absent or empty), with its manifest."""
    if store.path is None:
        raise StoreError("the store is in memory: there is nothing on disk to back up")
    created = _claim(target)
    try:
        with writes_paused():
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            try:
                store.oxigraph().backup(str(target / STORE_DIR))
            except OSError as exc:
                raise StoreError(f"cannot back up the store into {target}: {exc}") from exc
            entries = copy_journal(journal_directory(settings), target / JOURNAL_DIR)
        quads, graphs = _count(target / STORE_DIR)
        files = _checksums(target)
        manifest = Manifest(stamp, store.path.name, quads, graphs, entries, _overall(files), files)
        _write_atomically(target / MANIFEST, manifest.to_json())
        return manifest
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for child in target.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


def verify(backup: Path) -> Manifest:
    """The backup's manifest, once every file is there with the checksum it records (else StoreError)."""
    manifest = Manifest.read(backup)
    found = _checksums(backup)
    missing = sorted(set(manifest.files) - set(found))
    extra = sorted(set(found) - set(manifest.files))
    changed = sorted(p for p in set(found) & set(manifest.files) if found[p] != manifest.files[p])
    if missing or extra or changed or _overall(manifest.files) != manifest.checksum:
        details = "; ".join(f"{what}: {', '.join(paths[:5])}" for what, paths in
                            (("missing", missing), ("not in the manifest", extra), ("changed", changed)) if paths)
        raise StoreError(f"the backup in {backup} is damaged ({details or 'the manifest checksum does not match'})")
    return manifest


def restore(settings: Settings, backup: Path, *, force: bool = False) -> Manifest:
    """Publish the backup in ``backup`` as the store (and put its journal in place); see the module doc."""
    manifest = verify(backup)
    path = settings.resolved_store_path
    if settings.store != "embedded" or path is None:
        raise StoreError("kg restore restores the embedded on-disk store (KG_STORE=embedded with a store path)")
    publication = Publication(path)
    journal = journal_directory(settings)
    if not force:
        if publication.current() is not None:
            raise StoreError(f"{path} already holds a store: restore into an empty store path, or give --force "
                             "to replace it (a running server follows the new store)")
        if journal.is_dir() and any(journal.iterdir()):
            raise StoreError(f"{journal} already holds a journal: give --force to replace it")
    staged_journal = journal.with_name(f".{journal.name}.restoring")
    shutil.rmtree(staged_journal, ignore_errors=True)
    with publication.building() as generation:
        for source in sorted((backup / STORE_DIR).iterdir()):
            shutil.copy2(source, generation / source.name)  # copies, not links: RocksDB appends to its logs
        quads, _ = _count(generation)
        if quads != manifest.quads:
            raise StoreError(f"the restored store holds {quads} quads, the manifest says {manifest.quads}")
        copy_journal(backup / JOURNAL_DIR, staged_journal)
        head = Journal(staged_journal, repair=False).head if staged_journal.is_dir() else None
        if head is not None:  # the backup holds the journal up to its last transaction (taken together)
            publication.mark_journal(generation, head)
        publication.publish(generation)
    _swap_journal(staged_journal, journal)
    forget_journals()  # this process's view of the replaced journal
    return manifest


def _swap_journal(staged: Path, journal: Path) -> None:
    """Put the restored journal in place (the one it replaces is kept beside it, renamed)."""
    if journal.exists():
        journal.rename(journal.with_name(f"{journal.name}.replaced-{time.strftime('%Y%m%dT%H%M%S')}"))
    if staged.exists():
        journal.parent.mkdir(parents=True, exist_ok=True)
        staged.rename(journal)


def _claim(target: Path) -> bool:
    """Make ``target`` the backup's directory; whether it was created here (an existing one must be empty)."""
    if target.exists():
        if not target.is_dir() or any(target.iterdir()):
            raise StoreError(f"{target} exists and is not an empty directory: give a new one for the backup")
        return False
    try:
        target.mkdir(parents=True)
    except OSError as exc:
        raise StoreError(f"cannot create {target}: {exc}") from exc
    return True


def _count(store_dir: Path) -> tuple[int, dict[str, int]]:
    """Quads in all, and per named graph, of the store in ``store_dir`` (opened read-only, then closed)."""
    try:
        store = ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the store in {store_dir}: {exc}") from exc
    try:
        graphs = {row["g"].value: int(row["n"].value) for row in store.query(_COUNT_GRAPHS)}
        return len(store), dict(sorted(graphs.items()))
    finally:
        del store


def _checksums(directory: Path) -> dict[str, str]:
    """SHA-256 of every file under the backup's store and journal directories, by relative path."""
    sums = {}
    for part in (STORE_DIR, JOURNAL_DIR):
        for root, _, files in os.walk(directory / part):
            for name in files:
                file = Path(root) / name
                digest = hashlib.sha256()
                with open(file, "rb") as handle:
                    for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                        digest.update(chunk)
                sums[file.relative_to(directory).as_posix()] = digest.hexdigest()
    return dict(sorted(sums.items()))


def _overall(files: dict[str, str]) -> str:
    lines = "".join(f"{path}\t{digest}\n" for path, digest in sorted(files.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


__all__ = ["Manifest", "backup_local", "backup_store", "published_generation", "restore", "store_in_use", "verify"]
