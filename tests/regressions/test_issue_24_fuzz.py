"""The fuzzing job of issue 24: generated and mutated queries, updates and payloads sent to a real uvicorn.

It fails on any 500, any crash of the server, any freeze (a request not answered within its limit plus a
margin, or ``ASK {}`` slow while the fuzzing runs) and any outbound connection (SERVICE, LOAD, XML entities
and JSON-LD contexts all point at a listener that must record nothing). Bounded by default; many more
cases with ``KG_LONG_TESTS=1``. The figures are written to test-artifacts/reliability/fuzz-server.json for
docs/security.md.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.helpers.network import Listener
from tests.helpers.sparql_fuzz import SparqlFuzzer
from tests.reliability.conftest import LONG, TOKENS, Server, record_figures

CASES = 4000 if LONG else 240
QUERY_TIMEOUT, UPDATE_TIMEOUT = 2, 3
MARGIN = 15  # seconds over a request's own limit before it counts as a freeze (the machine is shared)
AUTH = {"Authorization": f"Bearer {TOKENS['ministry']}"}
GRAPH = "https://w3id.org/fikg/graph/fuzz"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    recorder = Listener()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def fuzz_server(serve: Callable[..., Server]) -> Server:
    return serve(KG_QUERY_TIMEOUT=str(QUERY_TIMEOUT), KG_UPDATE_TIMEOUT=str(UPDATE_TIMEOUT), KG_QUERY_WORKERS="2",
                 KG_MAX_ROWS="500", KG_QUERY_MEMORY_MB="512", KG_MAX_RESULT_BYTES=str(4 << 20),
                 KG_MAX_BODY_BYTES=str(1 << 20))


def send(client: httpx.Client, fuzzer: SparqlFuzzer, index: int) -> tuple[str, httpx.Response, float]:
    """One generated request (its kind, the answer, the seconds it took)."""
    roll = index % 10
    started = time.monotonic()
    if roll < 5:
        text = fuzzer.query()
        text = fuzzer.mutate(text) if roll >= 3 else text
        if roll % 2 and len(str(httpx.QueryParams({"query": text}))) < 60_000:  # longer ones by POST (URL length)
            response = client.get("/sparql", params={"query": text})
        else:
            response = client.post("/sparql", content=text.encode("utf-8", "surrogatepass"),
                                   headers={"Content-Type": "application/sparql-query"})
        return "query", response, time.monotonic() - started
    if roll < 8:
        text = fuzzer.update(GRAPH)
        text = fuzzer.mutate(text) if roll == 7 else text
        response = client.post("/update", content=text.encode("utf-8", "surrogatepass"),
                               headers={"Content-Type": "application/sparql-update", **AUTH})
        return "update", response, time.monotonic() - started
    media, body = fuzzer.payload()
    method = "PUT" if roll == 8 else "POST"
    response = client.request(method, "/store", params={"graph": GRAPH}, content=body,
                              headers={"Content-Type": media, **AUTH})
    return "payload", response, time.monotonic() - started


def test_fuzzing_finds_no_500_no_crash_no_freeze_and_no_connection(fuzz_server: Server, listener: Listener) -> None:
    fuzzer = SparqlFuzzer(seed=24, listener_url=listener.url)
    kinds, statuses, failures = Counter(), Counter(), []
    slowest_ask = 0.0
    with httpx.Client(base_url=fuzz_server.url, timeout=UPDATE_TIMEOUT + QUERY_TIMEOUT + MARGIN) as client:
        for index in range(CASES):
            try:
                kind, response, took = send(client, fuzzer, index)
            except httpx.TransportError as exc:  # no answer at all: a crash or a freeze
                failures.append((index, "no answer", repr(exc)))
                assert fuzz_server.process.poll() is None, f"case {index} killed the server"
                continue
            kinds[kind] += 1
            statuses[response.status_code] += 1
            if response.status_code == 500:
                failures.append((index, kind, response.text[:300]))
            if took > UPDATE_TIMEOUT + MARGIN:
                failures.append((index, kind, f"answered after {took:.1f} s"))
            if index % 20 == 0:
                started = time.monotonic()
                assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
                slowest_ask = max(slowest_ask, time.monotonic() - started)
    record_figures("fuzz-server", {"cases": CASES, "by_kind": dict(kinds),
                                   "statuses": {str(k): v for k, v in sorted(statuses.items())},
                                   "failures": len(failures), "connections": len(listener.connections),
                                   "slowest_ask_seconds": round(slowest_ask, 3)})
    assert fuzz_server.process.poll() is None, "the server died"
    assert failures == [], failures[:10]
    assert listener.connections == [], "a generated request made the server connect to the listener"
    assert slowest_ask < 2.0, slowest_ask
