"""Reliability fixtures: real uvicorn servers on 127.0.0.1 over on-disk stores, and the long-run switch.

Tests marked ``slow`` (long fuzzing, load and crash runs) are skipped unless ``KG_LONG_TESTS=1``;
their short versions run by default. Every server a test starts listens on loopback only and is
stopped (killed if need be) when the test ends. Measured figures are written as JSON under
``test-artifacts/reliability/`` for docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from kg.build.pipeline import build
from kg.settings import Settings, load_settings
from tests.helpers.project import make_project

LONG = os.environ.get("KG_LONG_TESTS") == "1"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "reliability"
TOKENS = {"ministry": "ministry-secret-token-1", "analyst": "analyst-secret-token-2"}
AUTH = {"Authorization": f"Bearer {TOKENS['ministry']}"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the long variants unless KG_LONG_TESTS=1."""
    if LONG:
        return
    skip = pytest.mark.skip(reason="long run: set KG_LONG_TESTS=1")
    for item in items:
        if "slow" in item.keywords and str(item.path).startswith(str(Path(__file__).parent)):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a server (or `kg` command) over ``settings``' project and store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_PROJECT_DIR": str(settings.project_dir), "KG_STORE_PATH": str(settings.store_path),
                "KG_WRITE_TOKENS": ",".join(f"{n}:{t}" for n, t in TOKENS.items()),
                "KG_REASONING": "false", "KG_QUERY_TIMEOUT": "5", "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


@dataclass
class Server:
    """A uvicorn process serving the app on 127.0.0.1."""

    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 30.0) -> Server:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
                 "--port", str(self.port), "--log-level", "info"],
                env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not start in time")

    def kill(self) -> None:
        """kill -9 the server and its query workers (its process group)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # any worker left behind


@pytest.fixture
def disk_settings(tmp_path: Path) -> Settings:
    """A tiny project with a built on-disk store (no reasoning: it is not what these tests exercise)."""
    project = make_project(tmp_path / "project")
    settings = load_settings(environ={}, project_dir=project, store_path=project / "var" / "store",
                             reasoning=False)
    build(settings)
    return settings


@pytest.fixture
def start_server(disk_settings: Settings, tmp_path: Path) -> Iterator:
    """A factory of servers over ``disk_settings``' store; all are stopped at the end."""
    servers: list[Server] = []

    def start(**extra: str) -> Server:
        server = Server(server_environment(disk_settings, **extra), tmp_path / "server.log")
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def record_figures(name: str, figures: dict) -> None:
    """Keep a test's measured figures for docs/reliability.md."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}{'-long' if LONG else ''}.json").write_text(json.dumps(figures, indent=1) + "\n")
