"""``kg replicate`` over a real uvicorn: killed (SIGKILL) half-way through the feed, run again, it holds
exactly what the server's journal describes; with ``--to-sparql``, a real ``oxigraph serve`` holds it
skolemised."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.build.pipeline import build
from kg.build.replication import mark_path
from kg.journal import Journal, replay
from kg.journal.skolem import skolemise
from kg.settings import load_settings
from tests.helpers.project import make_project
from tests.helpers.stores import OxigraphServer
from tests.reliability.conftest import AUTH, ROOT, Server, server_environment

WRITES = 40


def kg_replicate(url: str, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from cli.main import main; main()", "replicate", url,
                             "--store", str(store)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.timeout(600)
def test_killed_half_way_then_resumed(tmp_path) -> None:
    project = make_project(tmp_path / "project")
    settings = load_settings(environ={}, project_dir=project, store_path=project / "var" / "store", reasoning=False)
    build(settings)
    server = Server(server_environment(settings, KG_FEED_PAGE_CHANGES="1"), tmp_path / "server.log").start()
    try:
        for number in range(WRITES):
            update = f"INSERT DATA {{ GRAPH <https://w3id.org/fikg/graph/n> {{ <http://ex/s{number}> <http://ex/p> " \
                     f"{number} ; <http://ex/q> [ <http://ex/r> {number} ] }} }}"
            answer = httpx.post(f"{server.url}/update", content=update, timeout=30,
                                headers={"Content-Type": "application/sparql-update", **AUTH})
            assert answer.status_code == 200
        replica = tmp_path / "replica" / "store"
        first = kg_replicate(server.url, replica)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (mark_path(replica).exists() and _applied(replica, settings) >= 5):
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait()
        stopped_at = _applied(replica, settings)
        assert 5 <= stopped_at < WRITES + 1, "the replica must be killed half-way"
        second = kg_replicate(server.url, replica)
        out, err = second.communicate(timeout=300)
        assert second.returncode == 0, err.decode()
        assert f"{WRITES + 1 - stopped_at} change(s) applied" in out.decode()
    finally:
        server.stop()
    journal = Journal(settings.resolved_journal_path, repair=False)
    engine = ox.Store(str(replica))
    assert set(engine) == set(replay(journal))
    assert json.loads(mark_path(replica).read_text())["last"] == journal.entries()[-1].id


def _applied(replica: Path, settings) -> int:
    """How many changes of the journal the replica's mark says it holds."""
    try:
        last = json.loads(mark_path(replica).read_text())["last"]
    except (OSError, ValueError, KeyError):
        return 0
    ids = [e.id for e in Journal(settings.resolved_journal_path, repair=False).entries()]
    return ids.index(last) + 1


@pytest.mark.timeout(600)
def test_into_an_oxigraph_server(tmp_path) -> None:
    project = make_project(tmp_path / "project")
    settings = load_settings(environ={}, project_dir=project, store_path=project / "var" / "store", reasoning=False)
    build(settings)
    server = Server(server_environment(settings), tmp_path / "server.log").start()
    engine = OxigraphServer()
    try:
        update = "INSERT DATA { GRAPH <http://ex/g> { <http://ex/s> <http://ex/q> [ <http://ex/r> 1 ] } }"
        assert httpx.post(f"{server.url}/update", content=update, timeout=30,
                          headers={"Content-Type": "application/sparql-update", **AUTH}).status_code == 200
        run = subprocess.run([sys.executable, "-c", "from cli.main import main; main()", "replicate", server.url,
                              "--to-sparql", engine.update_url, "--store", str(tmp_path / "mark")], cwd=ROOT,
                             capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
        assert run.returncode == 0, run.stderr.decode()
        assert "2 change(s) applied" in run.stdout.decode()
        dump = httpx.get(engine.store_url, headers={"Accept": "application/n-quads"}, timeout=60).content
    finally:
        server.stop()
        engine.stop()
    expected = {skolemise(q) for q in replay(Journal(settings.resolved_journal_path, repair=False))}
    assert set(ox.parse(dump, format=ox.RdfFormat.N_QUADS)) == expected
