"""`kg serve` as a person runs it (issue 16 item 7), over real processes: "serving on" with the home page's URL
once the port answers; a second server on the same store, or on a port in use, refused in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cli.serving import home_url


@pytest.fixture
def env(project: Path) -> dict[str, str]:
    return {**os.environ, "KG_PROJECT_DIR": str(project), "KG_STORE_PATH": str(project / "var" / "store"),
            "KG_REASONING": "false"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def first(env: dict[str, str]) -> Iterator[tuple[subprocess.Popen, int, list[str]]]:
    """A running kg serve, once it has said it serves (its stderr lines up to then)."""
    port = free_port()
    process = serve(env, port)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while not any(line.startswith("serving on") for line in lines):
            assert process.poll() is None and time.monotonic() < deadline, "".join(lines)
            lines.append(process.stderr.readline())
        yield process, port, lines
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serving_on_is_said_once_the_home_page_answers(first) -> None:
    _, port, lines = first
    announced = next(line for line in lines if line.startswith("serving on"))
    assert announced.split()[2] == f"http://127.0.0.1:{port}/" and "(home page)" in announced
    assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200  # at once, no retry


def test_a_second_server_on_the_same_store_is_refused_in_one_line(first, env: dict[str, str]) -> None:
    process, _, _ = first
    second = serve(env, free_port())
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 1
    assert stderr.strip().splitlines() == [
        f"error: the store is in use by another kg serve (pid {process.pid}): {env['KG_STORE_PATH']}"]


def test_a_port_in_use_is_refused_in_one_line(first, env: dict[str, str], tmp_path: Path) -> None:
    _, port, _ = first
    other = {**env, "KG_STORE_PATH": str(tmp_path / "other-store")}
    second = serve(other, port)
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 1 and "Traceback" not in stderr
    assert stderr.strip().splitlines() == [f"error: cannot listen on 127.0.0.1:{port}: it is in use"]


def test_the_lock_goes_with_the_server(env: dict[str, str]) -> None:
    """A server killed with SIGKILL leaves its lock file, but not its lock: the next one serves."""
    port = free_port()
    process = serve(env, port)
    deadline = time.monotonic() + 120
    while not process.stderr.readline().startswith("serving on"):
        assert process.poll() is None and time.monotonic() < deadline
    process.kill()
    process.wait(timeout=30)
    again = serve(env, port)
    try:
        while not again.stderr.readline().startswith("serving on"):
            assert again.poll() is None and time.monotonic() < deadline + 60
    finally:
        again.terminate()
        again.wait(timeout=30)


@pytest.mark.parametrize(("host", "url"), [("0.0.0.0", "http://localhost:80/"), ("::1", "http://[::1]:80/"),
                                           ("127.0.0.1", "http://127.0.0.1:80/")])
def test_home_url(host: str, url: str) -> None:
    assert home_url(host, 80) == url
