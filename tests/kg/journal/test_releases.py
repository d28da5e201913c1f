"""kg.journal.releases: named versions, durable beside the journal, names never reused."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.journal import Journal
from kg.journal.releases import FILE_NAME, find_release, make_release, ontology_version, releases


def test_a_release_names_the_head_and_survives_reopening(tmp_path) -> None:
    journal = Journal(tmp_path / "journal")
    journal.append(added=[], removed=[], client="test", operation="build")
    asked = []
    first = make_release(journal, "2026.12", "首次发布 first release", lambda *pair: asked.append(pair) or True)
    assert first.change == journal.head and first.ontology_changed and asked == []  # the first: always changed
    journal.append(added=[], removed=[], client="test", operation="update")
    second = make_release(journal, "2026.12.1", "a fix", lambda before, head: asked.append((before, head)) or False)
    assert asked == [(first.change, journal.head)] and not second.ontology_changed
    reopened = Journal(tmp_path / "journal")
    assert [r.name for r in releases(reopened)] == ["2026.12", "2026.12.1"]
    assert find_release(reopened, "2026.12").note == "首次发布 first release"
    assert ontology_version(reopened) == "2026.12"
    assert (tmp_path / "journal" / FILE_NAME).read_text(encoding="utf-8").count("\n") == 2


@pytest.mark.parametrize("name", ["", "uuid:1234", "uuid-x", "has space", "a/b", "x" * 65, "-lead"])
def test_bad_names_are_refused(name: str) -> None:
    journal = Journal(None)
    journal.append(added=[], removed=[], client="test", operation="build")
    with pytest.raises(KgError):
        make_release(journal, name, "", lambda *pair: False)
    assert releases(journal) == []


def test_names_are_never_reused_and_an_empty_journal_has_nothing_to_release() -> None:
    with pytest.raises(KgError, match="nothing to release"):
        make_release(Journal(None), "v1", "", lambda *pair: False)
    journal = Journal(None)
    journal.append(added=[], removed=[], client="test", operation="build")
    make_release(journal, "v1", "", lambda *pair: False)
    with pytest.raises(KgError, match="already called"):
        make_release(journal, "v1", "", lambda *pair: False)
