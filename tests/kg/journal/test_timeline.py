"""kg.journal.timeline: change ids, release names and dates resolved to a version of the journal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kg.errors import QueryParameterError, UnknownVersionError
from kg.journal import Journal
from kg.journal.releases import make_release
from kg.journal.timeline import parse_instant, resolve_version

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def dated_journal() -> Journal:
    journal = Journal(None)
    for day in range(3):
        journal.append(added=[], removed=[], client="test", operation="update", time=START + timedelta(days=day))
    return journal


def test_ids_release_names_and_dates_name_versions() -> None:
    journal = dated_journal()
    first, second, third = journal.entries()
    assert resolve_version(journal, version=second.id) == second
    assert resolve_version(journal, version=second.id.removeprefix("uuid:")) == second
    make_release(journal, "v1", "the first", lambda before, head: False)
    assert resolve_version(journal, version="v1") == third
    assert resolve_version(journal, as_of="2026-12-02T12:00:00Z") == second
    assert resolve_version(journal, as_of="2026-12-02T09:00:00+00:00") == second  # at the very time: that one
    assert resolve_version(journal, as_of="2026-12-03") == second  # a date alone: its start (UTC)
    assert resolve_version(journal, as_of="2030-01-01") == third
    assert resolve_version(journal, as_of="2026-12-01T17:30:00+08:00") == first  # 09:30 UTC


def test_what_cannot_be_shown() -> None:
    journal = dated_journal()
    with pytest.raises(UnknownVersionError, match="before the first publication"):
        resolve_version(journal, as_of="2026-11-30")
    with pytest.raises(UnknownVersionError, match="no version"):
        resolve_version(journal, version="v9")
    with pytest.raises(UnknownVersionError, match="no change yet"):
        resolve_version(Journal(None), as_of="2026-12-01")
    with pytest.raises(QueryParameterError):
        resolve_version(journal, version="v1", as_of="2026-12-01")
    with pytest.raises(QueryParameterError):
        parse_instant("yesterday")
