"""Servers for the regression tests of issue 24: real uvicorn processes on 127.0.0.1 over a tiny on-disk
project (tests/data/tiny-*.ttl) whose writes are validated by one shape (tests/data/regression/shapes.ttl).

Each module asks for servers with the settings its probes need (``serve(KG_QUERY_TIMEOUT="3", …)``); they
are stopped, and their process groups killed, when the module ends.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.settings import Settings, load_settings
from tests.helpers.project import DATA, make_project
from tests.reliability.conftest import Server, server_environment

PAGE = os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(scope="module")
def regression_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The tiny project, with the regression shape, built into an on-disk store."""
    project = make_project(tmp_path_factory.mktemp("regression") / "project")
    (project / "shapes").mkdir()
    shutil.copy(DATA / "regression" / "shapes.ttl", project / "shapes" / "technology.ttl")
    settings = load_settings(environ={}, project_dir=project, store_path=project / "var" / "store",
                             reasoning=False)
    build(settings)
    return settings


@pytest.fixture(scope="module")
def serve(regression_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A factory of servers over the regression store; every one is stopped when the module ends."""
    servers: list[Server] = []
    logs = tmp_path_factory.mktemp("logs")

    def start(**extra: str) -> Server:
        server = Server(server_environment(regression_settings, **extra), logs / f"server-{len(servers)}.log")
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def process_rss_mb(pid: int) -> float:
    """Resident memory of one process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group (a server and its query workers), in MiB."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
                total += int(fields[21]) * PAGE  # rss in pages
        except (OSError, ValueError, IndexError):
            continue
    return total / (1 << 20)
