"""A real Virtuoso 7 for the tests: Debian's package, a throw-away database, loopback only.

:func:`virtuoso_binaries` installs Debian's ``virtuoso-opensource-7-bin`` when ``virtuoso-t`` is
missing (``apt-get``, non-interactive, no input: it works in CI, which runs as root). That package
holds the server and ``isql-vt`` and nothing else; ``virtuoso-opensource`` (which depends on it) also
installs a system service whose installation starts a server on every interface with the default
``dba`` password, which a test machine does not want.

:class:`VirtuosoServer` writes its own ``virtuoso.ini`` into a new temporary directory (database,
log, ports on 127.0.0.1 only, the [SPARQL] limits), starts ``virtuoso-t`` in the foreground, waits
until ``/sparql`` answers, then, through ``isql-vt`` on the loopback SQL port, creates the one
account the store writes with (``kg_writer``, role ``SPARQL_UPDATE`` and nothing else, random
password) and gives ``dba`` a random password. Queries go to ``/sparql`` as Virtuoso's anonymous
``SPARQL`` account, updates to ``/sparql-auth`` and bulk writes to ``/sparql-graph-crud-auth``
(HTTP Digest). :meth:`VirtuosoServer.stop` stops the process and removes the directory.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from kg.build.remote_publication import blank_closed_chunks
from kg.settings import Settings
from kg.store.remote import RemoteStore
from kg.store.remote_virtuoso import SYSTEM_GRAPHS

PACKAGE = "virtuoso-opensource-7-bin"
WRITER = "kg_writer"
ROW_LIMIT = 10_000_000  # ResultSetMaxRows: above any answer the tests and benchmarks read whole
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {row_limit}
MaxQueryExecutionTime = {timeout_s}
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binaries() -> tuple[str, str]:
    """``virtuoso-t`` and ``isql-vt``, installing Debian's package first when they are missing."""
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        install_virtuoso()
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        raise RuntimeError(f"virtuoso-t is missing and could not be installed: apt-get install -y {PACKAGE}")
    return server, isql


def install_virtuoso() -> None:
    """``apt-get install -y virtuoso-opensource-7-bin`` (after ``apt-get update`` if the lists lack it)."""
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", PACKAGE]
    with open(Path(tempfile.gettempdir()) / "kg-virtuoso-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one installation at a time on this machine
        if shutil.which("virtuoso-t"):
            return
        for command in (install, ["apt-get", "update"], install):
            done = subprocess.run(command, env=environment, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=600, check=False)
            if command is install and done.returncode == 0:
                return
        raise RuntimeError(f"apt-get install {PACKAGE} failed ({done.returncode}): {done.stderr[-2000:]}")


class VirtuosoServer:
    """One ``virtuoso-t`` on 127.0.0.1 with a throw-away database directory and its own ``virtuoso.ini``."""

    def __init__(self, *, timeout_s: int = 10, row_limit: int = ROW_LIMIT, buffers: int = 10_000,
                 seconds_to_start: float = 120.0) -> None:
        from tests.helpers.stores import free_port

        binary, self.isql = virtuoso_binaries()
        self.directory = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
        self.sql_port, self.http_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.user, self.password = WRITER, secrets.token_hex(12)
        self._dba_password = "dba"  # a new database's; replaced by a random one at start
        (self.directory / "virtuoso.ini").write_text(INI.format(
            dir=self.directory, sql_port=self.sql_port, http_port=self.http_port, row_limit=row_limit,
            timeout_s=timeout_s, buffers=buffers, dirty_buffers=buffers * 3 // 4), encoding="utf-8")
        self.process = subprocess.Popen([binary, "+configfile", str(self.directory / "virtuoso.ini"), "+foreground"],
                                        cwd=self.directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        try:
            self._wait_until_up(seconds_to_start)
            self._create_accounts()
        except BaseException:
            self.stop()
            raise

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def _wait_until_up(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log()[-2000:]}")
            try:
                if httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=2).is_success:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"Virtuoso did not answer at {self.base} within {seconds} s: {self.log()[-2000:]}")

    def _create_accounts(self) -> None:
        """The writer (SPARQL_UPDATE only), and a random dba password instead of the well-known one."""
        new = secrets.token_hex(12)
        self.sql(f"DB.DBA.USER_CREATE('{WRITER}', '{self.password}'); GRANT SPARQL_UPDATE TO \"{WRITER}\"; "
                 f"DB.DBA.USER_CHANGE_PASSWORD('dba', 'dba', '{new}');")
        self._dba_password = new

    def sql(self, statements: str) -> str:
        """Run SQL as dba through isql-vt on the loopback SQL port."""
        done = subprocess.run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", self._dba_password,
                               f"exec={statements}"],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:  # isql-vt exits 0 on SQL errors
            raise RuntimeError(f"isql-vt failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done.stdout

    def log(self) -> str:
        try:
            return (self.directory / "virtuoso.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _writer(self) -> httpx.Client:
        return httpx.Client(auth=httpx.DigestAuth(self.user, self.password), timeout=300)

    def graphs(self) -> list[str]:
        """Every graph with triples except Virtuoso's own (staging graphs included)."""
        with self.store() as store:
            return [g for g in store.graph_names() + store.staging_graphs() if g not in SYSTEM_GRAPHS]

    def clear(self) -> None:
        """Drop every graph but Virtuoso's own (``DROP ALL`` would drop those too)."""
        graphs = self.graphs()
        if graphs:
            with self._writer() as client:
                update = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
                client.post(self.update_url, data={"update": update}).raise_for_status()

    def load_dataset(self, nquads: bytes) -> None:
        """Add N-Quads, one Graph Store POST per graph (Virtuoso has no default graph to put the others in)."""
        by_graph: dict[str, list[ox.Triple]] = {}
        for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise ValueError("Virtuoso has no default graph of its own: every triple needs a named graph")
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        with self._writer() as client:
            for graph, triples in by_graph.items():
                for chunk in blank_closed_chunks(triples, 50_000):  # a blank-node structure stays in one request
                    client.post(self.store_url, params={"graph": graph}, content=ox.serialize(
                        chunk, format=ox.RdfFormat.N_TRIPLES), headers={"Content-Type": "application/n-triples"},
                                ).raise_for_status()

    def store(self, **options: Any) -> RemoteStore:
        """A RemoteStore over this server (the writer's account; the engine named, not recognised)."""
        return RemoteStore(self.query_url, update_url=self.update_url, store_url=self.store_url, user=self.user,
                           password=self.password, engine="virtuoso", **{"timeout": 30.0, **options})

    def settings(self, settings: Settings) -> Settings:
        """``settings`` pointed at this server (``KG_STORE=remote``); the remote timeout is the query timeout."""
        return settings.with_(store="remote", remote_query_url=self.query_url, remote_update_url=self.update_url,
                              remote_store_url=self.store_url, remote_user=self.user, remote_password=self.password,
                              remote_engine="virtuoso", remote_timeout=settings.query_timeout)

    def environment(self) -> dict[str, str]:
        """The ``KG_REMOTE_*`` variables that point the CLI at this server."""
        return {"KG_STORE": "remote", "KG_REMOTE_QUERY_URL": self.query_url, "KG_REMOTE_UPDATE_URL": self.update_url,
                "KG_REMOTE_STORE_URL": self.store_url, "KG_REMOTE_USER": self.user,
                "KG_REMOTE_PASSWORD": self.password, "KG_REMOTE_ENGINE": "virtuoso"}

    def stop(self) -> None:
        """Stop the server (SIGTERM: Virtuoso's quick shutdown) and remove its directory."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)
