"""Versions of the dataset: every change of the journal is one, named by its id, a release's name or a date.

``?version=`` takes a change id (``uuid:…``, the ``H id`` of the feed; the ``uuid:`` may be left out) or
a release name (:mod:`kg.journal.releases`); ``?asOf=`` takes an ISO 8601 date-time (a date alone is its
start, a time without a zone is UTC) and picks the last change made at or before it. :func:`resolve_version`
turns either into the journal entry whose dataset is meant: the dataset after that change, which
:func:`kg.journal.replay.replay` gives with ``upto=`` that id. An unknown name or id, or a date before the
first publication, is an :class:`~kg.errors.UnknownVersionError` (404); a malformed date, or both
parameters at once, a :class:`~kg.errors.QueryParameterError` (400).
"""

from __future__ import annotations

from datetime import UTC, datetime

from kg.errors import QueryParameterError, UnknownVersionError
from kg.journal.log import Entry, Journal
from kg.journal.patch import ID_PREFIX
from kg.journal.releases import find_release

MAX_REFERENCE_CHARS = 200


def resolve_version(journal: Journal, *, version: str | None = None, as_of: str | None = None) -> Entry:
    """The entry ``version`` (change id or release name) or ``as_of`` (date-time) names."""
    if version is not None and as_of is not None:
        raise QueryParameterError("give either version or asOf, not both")
    if version is None and as_of is None:
        raise QueryParameterError("give version (a change id or a release name) or asOf (an ISO 8601 date-time)")
    if version is not None:
        return _by_reference(journal, version.strip())
    return _by_date(journal, parse_instant(as_of or ""))


def resolve_reference(journal: Journal, reference: str) -> Entry:
    """One parameter that may be either (``/diff?from=…&to=…``): a change id or release name, else a date-time."""
    try:
        return _by_reference(journal, reference.strip())
    except UnknownVersionError:
        try:
            instant = parse_instant(reference)
        except QueryParameterError:
            raise UnknownVersionError(f"no version {reference[:80]!r}: neither a change id of the journal, a release "
                                      "name, nor an ISO 8601 date-time", reference) from None
        return _by_date(journal, instant)


def head_entry(journal: Journal) -> Entry:
    """The current version's entry; UnknownVersionError when the journal is empty."""
    head = journal.head
    if head is None:
        raise UnknownVersionError("the journal holds no change yet: there is no version to show")
    return journal.entry(head)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or date-time as an aware datetime (UTC when no zone is given); 400 when malformed."""
    try:
        instant = datetime.fromisoformat(text.strip()[:MAX_REFERENCE_CHARS])
    except ValueError:
        raise QueryParameterError(f"asOf must be an ISO 8601 date-time such as 2026-12-08T05:00:00Z, "
                                  f"not {text[:80]!r}") from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def describe_entry(entry: Entry) -> str:
    """A short description of a version, for messages and banners."""
    return f"{entry.id} ({entry.time.isoformat(timespec='seconds')}, {entry.operation} by {entry.client})"


def _by_reference(journal: Journal, reference: str) -> Entry:
    if not reference or len(reference) > MAX_REFERENCE_CHARS:
        raise QueryParameterError("version must be a change id (uuid:…) or a release name")
    release = find_release(journal, reference)
    ids = [reference] if release is None else [release.change]
    if release is None and not reference.startswith(ID_PREFIX):
        ids.append(ID_PREFIX + reference)
    for id in ids:
        try:
            return journal.entry(id)
        except KeyError:
            continue
    raise UnknownVersionError(f"no version {reference[:80]!r}: neither a change id of the journal (see GET /changes) "
                              "nor a release name (see GET /versions)", reference)


def _by_date(journal: Journal, instant: datetime) -> Entry:
    entries = journal.entries()
    if not entries:
        raise UnknownVersionError("the journal holds no change yet: there is no version to show", instant.isoformat())
    found = None
    for entry in entries:  # in journal order, which is the order of their times
        if entry.time > instant:
            break
        found = entry
    if found is None:
        raise UnknownVersionError(f"asOf {instant.isoformat()} is before the first publication "
                                  f"({entries[0].time.isoformat(timespec='seconds')}): the dataset did not exist yet",
                                  instant.isoformat())
    return found
