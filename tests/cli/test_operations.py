"""kg backup / kg restore at the command line, kg build to a remote saying where, kg serve refusing an engine
configured unlike the settings and saying so over an empty one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.helpers.stores import POOL, free_port

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
DATA = "<http://ex/s> <http://ex/p> <http://ex/o> <https://w3id.org/fikg/graph/tiny> .\n"


@pytest.fixture
def env(project: Path) -> dict[str, str]:
    return {"KG_PROJECT_DIR": str(project), "KG_STORE_PATH": str(project / "var" / "store"), "KG_REASONING": "false"}


def test_backup_then_restore_into_an_empty_store_path(env: dict[str, str], tmp_path: Path) -> None:
    assert runner.invoke(app, ["build"], env=env).exit_code == 0
    backed_up = runner.invoke(app, ["backup", str(tmp_path / "backup")], env=env)
    assert backed_up.exit_code == 0, backed_up.output
    assert "backed up generation" in backed_up.stdout and "23 quads in 2 graph(s)" in backed_up.stdout
    elsewhere = {**env, "KG_STORE_PATH": str(tmp_path / "restored" / "store")}
    restored = runner.invoke(app, ["restore", str(tmp_path / "backup")], env=elsewhere)
    assert restored.exit_code == 0 and "restored generation" in restored.stdout
    counted = runner.invoke(app, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"], env=elsewhere)
    assert counted.stdout.split() == ["n", "23"]
    again = runner.invoke(app, ["restore", str(tmp_path / "backup")], env=elsewhere)
    assert again.exit_code == 1 and "--force" in again.output
    assert runner.invoke(app, ["restore", "--force", str(tmp_path / "backup")], env=elsewhere).exit_code == 0


def test_a_backup_of_a_store_a_server_holds_needs_the_admin_token(env: dict[str, str], tmp_path: Path) -> None:
    assert runner.invoke(app, ["build"], env=env).exit_code == 0
    generation = next(p for p in (Path(env["KG_STORE_PATH"]).parent / "store.generations").iterdir() if p.is_dir())
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(generation)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        refused = runner.invoke(app, ["backup", str(tmp_path / "backup")], env=env)
        no_server = runner.invoke(app, ["backup", str(tmp_path / "backup"), "--server",
                                        f"http://127.0.0.1:{free_port()}"], env={**env, "KG_ADMIN_TOKEN": "t"})
    finally:
        holder.kill()
        holder.wait()
    assert refused.exit_code == 1 and "KG_ADMIN_TOKEN" in refused.output
    assert no_server.exit_code == 1 and "no server answers" in no_server.output


def test_build_to_a_remote_says_where_it_published(env: dict[str, str]) -> None:
    server = POOL.acquire()
    try:
        remote = {**env, "KG_STORE": "remote", "KG_REMOTE_QUERY_URL": server.query_url,
                  "KG_REMOTE_UPDATE_URL": server.update_url, "KG_REMOTE_STORE_URL": server.store_url}
        built = runner.invoke(app, ["build"], env=remote)
    finally:
        POOL.release(server)
    assert built.exit_code == 0, built.output
    assert f"→ the SPARQL engine at {server.query_url}" in built.stdout and "memory" not in built.stdout


def serve(env: dict[str, str], **extra: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environment.update({**env, **extra, "PYTHONPATH": str(ROOT)})
    return subprocess.Popen([sys.executable, "-c", "from cli.main import main; main()", "serve"], cwd=ROOT,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_serve_refuses_native_union_over_an_engine_without_it(env: dict[str, str]) -> None:
    server = POOL.acquire()
    try:
        httpx.post(server.store_url, content=DATA, headers={"Content-Type": "application/n-quads"},
                   timeout=30).raise_for_status()
        process = serve(env, KG_STORE="remote", KG_REMOTE_QUERY_URL=server.query_url, KG_REMOTE_UNION="native",
                        KG_PORT=str(free_port()))
        output, _ = process.communicate(timeout=60)
    finally:
        POOL.release(server)
    assert process.returncode == 1 and "not the union of its named graphs" in output
    assert "Traceback" not in output and "serving on" not in output


def test_serve_over_an_empty_engine_says_so_and_is_not_ready(env: dict[str, str]) -> None:
    server, port = POOL.acquire(), free_port()
    process = serve(env, KG_STORE="remote", KG_REMOTE_QUERY_URL=server.query_url, KG_PORT=str(port))
    try:
        deadline, ready = time.monotonic() + 60, None
        while time.monotonic() < deadline and ready is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
            except httpx.TransportError:
                time.sleep(0.1)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        POOL.release(server)
    assert ready is not None and ready.status_code == 503 and "holds no data" in ready.json()["detail"]
    assert "holds no data yet: run `kg build`" in output
