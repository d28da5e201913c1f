"""The second wall against SSRF: query workers cannot open network sockets (kg/query/sandbox.py).

The SERVICE queries here go to the workers directly, past the screen (``QueryExecutor._execute``
does not screen), so only the wall stands between them and a real listener on 127.0.0.1. With
``allow_service`` the same query reaches the listener: the test can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.query import sandbox
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from tests.helpers.network import CountingListener as Listener

ROOT = Path(__file__).resolve().parents[3]
JSON = "application/sparql-results+json"


@pytest.fixture
def listener():
    probe = Listener()
    yield probe
    probe.close()


def service_queries(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/sparql"
    return [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
            f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}"]


def run_unscreened(executor: QueryExecutor, store, sparql: str) -> str:
    """Give the query to a worker without screening it; what happened, in a word."""
    try:
        executor._execute(store, QueryRequest(sparql, JSON), None)
    except StoreError as exc:
        return f"error: {exc}"
    return "answered"


def test_the_filter_leaves_only_unix_sockets() -> None:
    script = textwrap.dedent("""
        import json, socket, sys
        sys.path.insert(0, sys.argv[1])
        import sandbox  # by path, as the worker imports it: no kg package needed
        sandbox.deny_network()
        outcome = {}
        kinds = [("tcp", socket.AF_INET, socket.SOCK_STREAM), ("udp", socket.AF_INET, socket.SOCK_DGRAM),
                 ("tcp6", socket.AF_INET6, socket.SOCK_STREAM), ("netlink", socket.AF_NETLINK, socket.SOCK_RAW)]
        for name, family, kind in kinds:
            try:
                socket.socket(family, kind).close()
                outcome[name] = "opened"
            except PermissionError:
                outcome[name] = "refused"
        left, right = socket.socketpair()
        left.send(b"x")
        outcome["unix"] = right.recv(1).decode()
        outcome["denied"] = sandbox.network_denied()
        print(json.dumps(outcome))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(ROOT / "kg" / "query")], capture_output=True, text=True,
                          timeout=60, check=True)
    assert json.loads(done.stdout) == {"tcp": "refused", "udp": "refused", "tcp6": "refused", "netlink": "refused",
                                       "unix": "x", "denied": True}


def test_the_program_checks_the_architecture_first() -> None:
    first, second = sandbox.program()[:2]
    assert first == (0x20, 0, 0, 4)  # load seccomp_data.arch
    assert second[3] == sandbox.AUDIT_ARCH_X86_64
    assert sandbox.program()[-1] == (0x06, 0, 0, sandbox.SECCOMP_RET_KILL_PROCESS)


def test_a_worker_given_service_directly_reaches_nothing(settings: Settings, memory_store, listener) -> None:
    with QueryExecutor(settings.with_(query_timeout=10), workers=1) as executor:
        outcomes = [run_unscreened(executor, memory_store, query) for query in service_queries(listener.port)]
        time.sleep(0.3)  # a connection in flight would be accepted by now
    assert listener.connections == 0, outcomes
    assert "Permission denied" in outcomes[0] and "Permission denied" in outcomes[2]
    assert outcomes[1] == "answered"  # SILENT: the failure is swallowed, and still nothing went out


def test_with_service_allowed_the_same_query_reaches_the_listener(settings: Settings, memory_store, listener) -> None:
    with QueryExecutor(settings.with_(query_timeout=10, allow_service=True), workers=1) as executor:
        run_unscreened(executor, memory_store, service_queries(listener.port)[0])
        deadline = time.monotonic() + 5
        while listener.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert listener.connections >= 1


def test_sandbox_off_is_honoured_and_a_bad_value_refused(settings: Settings, memory_store, listener) -> None:
    with QueryExecutor(settings.with_(query_timeout=10, worker_sandbox="off"), workers=1) as executor:
        run_unscreened(executor, memory_store, service_queries(listener.port)[0])
        deadline = time.monotonic() + 5
        while listener.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert listener.connections >= 1
    with pytest.raises(StoreError, match="worker_sandbox"):
        QueryExecutor(settings.with_(worker_sandbox="maybe"))


def test_when_the_filter_cannot_be_installed_queries_fail_loudly(tmp_path: Path) -> None:
    """The kernel caps the instructions of a process's filters (32,768 in all): a parent that used them
    up leaves its zygote unable to add its own. Every query must then fail, naming the setting."""
    script = textwrap.dedent("""
        import ctypes, sys
        from kg.query import sandbox
        from kg.store.embedded import EmbeddedStore
        from kg.errors import StoreError
        from kg.query.executor import QueryExecutor, QueryRequest
        from kg.settings import load_settings
        installed = 0
        while True:  # fill the kernel's budget with copies of the filter
            try:
                sandbox.deny_network()
            except sandbox.SandboxError:
                break
            installed += 1
        store = EmbeddedStore(None)
        settings = load_settings(environ={}, project_dir=sys.argv[1], store_path=":memory:", query_timeout=20)
        with QueryExecutor(settings, workers=1) as executor:
            try:
                executor.execute(store, QueryRequest("ASK {}", "application/sparql-results+json"))
            except StoreError as exc:
                print(installed, exc)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    installed, _, message = done.stdout.strip().partition(" ")
    assert int(installed) > 100
    assert "worker_sandbox" in message and "cannot be cut off from the network" in message
