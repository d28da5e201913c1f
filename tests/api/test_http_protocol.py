"""Requests uvicorn's parser cannot read get the API's problem+json 400 (M1), over a real uvicorn on
127.0.0.1 running the app with each of the two protocols ``kg serve`` may use."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.http_protocol import PROTOCOL, ProblemH11Protocol
from api.main import create_app
from tests.helpers.api import tiny_settings
from tests.helpers.stores import free_port


@pytest.fixture(params=[PROTOCOL, ProblemH11Protocol], ids=lambda protocol: protocol.__name__)
def port(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[int]:
    chosen = free_port()
    config = uvicorn.Config(create_app(tiny_settings(tmp_path)), host="127.0.0.1", port=chosen, http=request.param,
                            log_level="error", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield chosen
    server.should_exit = True
    thread.join(timeout=30)


def exchange(port: int, raw: bytes) -> tuple[bytes, bytes]:
    """Send raw bytes, read until the server closes; the head and the body of its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return head, body


@pytest.mark.parametrize("raw", [b"GET /\x00 HTTP/1.1\r\nHost: a\r\n\r\n", b"NOT HTTP AT ALL\r\n\r\n",
                                 b"GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n"])
def test_an_unreadable_request_gets_problem_json(port: int, raw: bytes) -> None:
    head, body = exchange(port, raw)
    assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/problem+json" in head.lower()
    assert json.loads(body) == {"title": "Bad Request", "status": 400,
                                "detail": "the server cannot read this HTTP request"}


def test_a_readable_request_is_answered_by_the_app(port: int) -> None:
    head, body = exchange(port, b"GET /no/such/path HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404") and json.loads(body)["status"] == 404

