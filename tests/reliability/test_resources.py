"""Large queries and large results over a real uvicorn (with uvloop): answered, bounded, streamed.

Review D11: valid queries over ~208 KB got 500 under uvloop (the worker socket went non-blocking
behind Python's back). Review D7: a large result was held whole by the server for as long as its
client took to read it; three clients that never read kept 479 MB resident. Here the result is a
single 32 MiB row (21 nested CONCAT doublings), the limits small, and the server's memory is read
from /proc while clients sit on their answers.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers.execution import doubling_row, rss

MB = 1 << 20
DIRECT = {"Content-Type": "application/sparql-query"}


def padded_query(size: int) -> bytes:
    """A valid query of ``size`` bytes: ASK {} and a comment."""
    head = b"ASK {} #"
    return head + b"x" * (size - len(head))


@pytest.fixture
def server(start_server):
    return start_server(KG_MAX_BODY_BYTES=str(10 * MB), KG_QUERY_MEMORY_MB="1024",
                        KG_MAX_RESULT_BYTES=str(48 * MB), KG_QUERY_TIMEOUT="30")


def uses_uvloop(server) -> bool:
    return any("uvloop" in line for line in Path(f"/proc/{server.process.pid}/maps").read_text().splitlines())


@pytest.mark.parametrize("size", [1 * MB, 9 * MB])
def test_large_valid_queries_are_answered(server, size: int) -> None:
    assert uses_uvloop(server)  # the loop under which D11 happened
    reply = httpx.post(f"{server.url}/sparql", content=padded_query(size),
                       headers={**DIRECT, "Accept": "application/sparql-results+json"}, timeout=60)
    assert reply.status_code == 200, reply.text[:500]
    assert reply.json()["boolean"] is True


def test_a_large_result_is_streamed_whole_to_a_reader_and_a_head_gets_its_length(server) -> None:
    query = {"query": doubling_row(21)}  # one row of 32 MiB
    with httpx.stream("GET", f"{server.url}/sparql", params=query, headers={"Accept": "text/csv"},
                      timeout=60) as reply:
        assert reply.status_code == 200
        size = sum(len(chunk) for chunk in reply.iter_bytes())
    assert size == int(reply.headers["content-length"]) > 32 * MB
    head = httpx.head(f"{server.url}/sparql", params=query, headers={"Accept": "text/csv"}, timeout=60)
    assert head.status_code == 200 and int(head.headers["content-length"]) == size


def test_clients_that_never_read_do_not_pin_the_servers_memory(server) -> None:
    query = httpx.Request("GET", f"{server.url}/sparql", params={"query": doubling_row(21)},
                          headers={"Accept": "text/csv"})
    request = (f"GET {query.url.raw_path.decode()} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n\r\n").encode()
    httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"})
    # the label and search indexes are built after start (in the background): built before the baseline
    assert httpx.get(f"{server.url}/search/suggest", params={"q": "氢"}, timeout=60).status_code == 200
    before = rss(server.process.pid)
    sleepers = []
    try:
        for _ in range(3):
            sleeper = socket.create_connection(("127.0.0.1", server.port))
            sleeper.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sleeper.sendall(request)
            sleepers.append(sleeper)
        peak = before
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            peak = max(peak, rss(server.process.pid))
            time.sleep(0.05)
        started = time.monotonic()
        assert httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"}, timeout=10).status_code == 200
        ask = time.monotonic() - started
    finally:
        for sleeper in sleepers:
            sleeper.close()
    print(f"3 clients not reading a 32 MiB result each: server RSS {before / MB:.0f} -> peak {peak / MB:.0f} MiB; "
          f"ASK meanwhile {ask * 1000:.0f} ms")
    assert peak - before < 24 * MB  # not 3 × 32 MiB: the server holds a chunk per client, not the result
    assert ask < 2.0  # no worker is held by the clients that do not read


def test_over_the_limits_the_client_gets_a_clear_507(server) -> None:
    memory = httpx.post(f"{server.url}/sparql", content=doubling_row(25).encode(),
                        headers={**DIRECT, "Accept": "text/csv"}, timeout=60)
    assert memory.status_code == 507 and "KG_QUERY_MEMORY_MB" in memory.json()["detail"]
    size = httpx.post(f"{server.url}/sparql", content=doubling_row(22).encode(),  # 64 MiB > 48 MiB
                      headers={**DIRECT, "Accept": "text/csv"}, timeout=60)
    assert size.status_code == 507 and "KG_MAX_RESULT_BYTES" in size.json()["detail"]
    assert httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"}).status_code == 200
