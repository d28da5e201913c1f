"""kg fmt: a stable sorted Turtle form that keeps every triple."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import LoadError
from kg.rdf.normalise import format_files
from tests.helpers.project import DATA


def test_format_is_stable_and_lossless(tmp_path: Path) -> None:
    target = tmp_path / "data.ttl"
    target.write_text((DATA / "tiny-data.ttl").read_text())
    assert format_files([target]) == [target]
    assert format_files([target], check=True) == []  # idempotent
    assert isomorphic(rdflib.Graph().parse(target), rdflib.Graph().parse(DATA / "tiny-data.ttl"))


def test_broken_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "broken.ttl"
    target.write_text((DATA / "broken.ttl").read_text())
    with pytest.raises(LoadError):
        format_files([target])
    assert target.read_text() == (DATA / "broken.ttl").read_text()
