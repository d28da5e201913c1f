"""kg journal refill: the store made again from the journal alone, on disk and on a remote engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from kg.build.pipeline import build
from kg.build.refill import refill
from kg.errors import StoreError
from kg.journal import open_journal, replay
from kg.settings import Settings, load_settings
from kg.store.live import open_store
from kg.store.publication import Publication
from kg.writes import gate
from tests.helpers.stores import OxigraphServer

NOTES = "https://w3id.org/fikg/graph/notes"
runner = CliRunner()


def test_a_lost_store_is_made_again_from_the_journal(settings: Settings, project: Path) -> None:
    disk = settings.with_(validate=False)
    (project / "data" / "nodes.ttl").write_text("<http://ex/n> <http://ex/has> [ <http://ex/part> 1 ] .\n")
    build(disk)
    with open_store(disk) as store:
        gate.add_to_graph(store, NOTES, "<http://ex/a> <http://ex/b> 'written' .", "text/turtle", disk)
        before = set(store.quads())
    path = disk.resolved_store_path
    shutil.rmtree(path.with_name(path.name + ".generations"))
    path.unlink()  # the store is gone; the journal is not
    env = {"KG_PROJECT_DIR": str(project), "KG_STORE_PATH": str(path)}
    result = runner.invoke(app, ["journal", "refill"], env=env)
    assert result.exit_code == 0, result.output
    assert f"refilled {len(before)} quads" in result.stdout
    with open_store(disk) as store:
        assert set(store.quads()) == before  # blank nodes with the labels the journal gives them
    generation = Publication(path).current()
    assert Publication(path).journal_mark(generation) == open_journal(disk).head


def test_an_empty_journal_refills_nothing(settings: Settings) -> None:
    with pytest.raises(StoreError, match="journal is empty"):
        refill(settings)


def test_a_replaced_remote_engine_is_refilled(project: Path, tmp_path: Path) -> None:
    server = OxigraphServer()
    try:
        remote = server.settings(load_settings(environ={}, project_dir=project, validate=False,
                                               store_path=tmp_path / "var" / "store"))
        build(remote)
        with open_store(remote) as store:
            gate.add_to_graph(store, NOTES, "<http://ex/a> <http://ex/b> 'written' .", "text/turtle", remote)
        expected = {q for q in replay(open_journal(remote))}
        server.clear()  # the engine lost everything
        done = refill(remote)
        with open_store(remote) as store:
            assert set(store.quads()) == expected and done.quads == len(expected)
    finally:
        server.stop()
