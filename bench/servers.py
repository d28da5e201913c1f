"""The servers the benchmark compares, each started on 127.0.0.1 and a free port, and always stopped.

    kg-disk          our API (uvicorn, default settings) over the published on-disk store
    kg-memory        our API over an in-memory store holding the same dataset
    oxigraph-disk    the Oxigraph server (PyPI ``oxigraph``) over an on-disk store
    oxigraph-memory  the Oxigraph server in memory (no ``--location``), loaded through its Graph Store
    rdflib-endpoint  the Python peer (PyPI ``rdflib-endpoint``), in memory (rdflib has no disk mode here)

All serve the same N-Quads dataset (our build's output: ontology, data and derived graphs) with the
union of the named graphs as the default graph.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from http_throughput import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
SERVERS = ("kg-disk", "kg-memory", "oxigraph-disk", "oxigraph-memory", "rdflib-endpoint")
STORAGE = {"kg-disk": "disk", "kg-memory": "memory", "oxigraph-disk": "disk", "oxigraph-memory": "memory",
           "rdflib-endpoint": "memory"}


@dataclass
class Server:
    """A running server: its query URL and process (for memory readings)."""

    name: str
    url: str
    process: subprocess.Popen
    startup_seconds: float


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} is not installed: python3 -m pip install -e '.[bench]'")
    return found


@contextmanager
def running(name: str, command: list[str], probe: str, *, env: dict[str, str] | None = None,
            startup: float = 600) -> Iterator[tuple[subprocess.Popen, float]]:
    """Start a process, wait (bounded) until ``probe`` answers 2xx, and stop it afterwards."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = _WATCHES[process.pid] = MemoryWatch(process.pid)
    watch.start()
    try:
        deadline = time.monotonic() + startup
        with httpx.Client(timeout=5) as client:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode} before answering")
                try:
                    answer = client.get(probe)
                    if answer.is_success:
                        break
                    if answer.status_code >= 400:
                        raise RuntimeError(f"{name} answers {answer.status_code} to {probe}")
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not answer within {startup:g} s")
                time.sleep(0.1)
        yield process, time.perf_counter() - started
    finally:
        watch.stop()
        _WATCHES.pop(process.pid, None)
        stop(process)


def kg_env(project: Path, store_path: str) -> dict[str, str]:
    """Our server's settings: the project's defaults, quiet logs."""
    # The time limit is raised so that a worker's first query, which includes reading the data into
    # memory (tens of seconds at 1M triples), is not stopped: see docs/benchmarks.md.
    return {"KG_PROJECT_DIR": str(project), "KG_STORE_PATH": store_path, "KG_LOG_LEVEL": "warning",
            "KG_QUERY_TIMEOUT": "600", "PYTHONPATH": str(ROOT)}


@contextmanager
def server(name: str, project: Path, dataset: Path, scratch: Path, *,
           env: dict[str, str] | None = None) -> Iterator[Server]:
    """Start the named server over the dataset; yield it while it runs (``env``: our server's settings on top)."""
    extra = env or {}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if name in ("kg-disk", "kg-memory"):
        if name == "kg-disk":
            settings = {**kg_env(project, str(project / "var" / "store")), **extra}
            command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
                       "--port", str(port), "--log-level", "warning", "--no-access-log"]
        else:
            settings = {**kg_env(project, ":memory:"), **extra}
            command = [sys.executable, __file__, str(port), str(dataset)]
        with running(name, command, f"{base}/sparql?query=ASK%7B%7D", env=settings) as (process, seconds):
            yield Server(name, f"{base}/sparql", process, seconds)
    elif name.startswith("oxigraph"):
        oxigraph = _binary("oxigraph")
        command = [oxigraph, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        if name == "oxigraph-disk":
            location = scratch / "oxigraph-store"
            if not location.exists():
                subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(dataset)],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
            command += ["--location", str(location)]
        with running(name, command, f"{base}/query?query=ASK%7B%7D") as (process, seconds):
            if name == "oxigraph-memory":
                started = time.perf_counter()
                httpx.post(f"{base}/store", content=dataset.read_bytes(),
                           headers={"Content-Type": "application/n-quads"}, timeout=1800).raise_for_status()
                seconds += time.perf_counter() - started
            yield Server(name, f"{base}/query", process, seconds)
    elif name == "rdflib-endpoint":
        command = [_binary("rdflib-endpoint"), "serve", str(dataset), "--host", "127.0.0.1", "--port", str(port)]
        with running(name, command, f"{base}/?query=ASK%7B%7D", startup=1800) as (process, seconds):
            yield Server(name, f"{base}/", process, seconds)  # rdflib-endpoint 0.6 answers at the root
    else:
        raise SystemExit(f"unknown server {name!r}; known: {', '.join(SERVERS)}")


def _tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


class MemoryWatch(threading.Thread):
    """Samples the proportional set size (PSS) summed over a process tree, keeping the peak.

    RSS counts a page shared by several processes (forked workers sharing one in-memory copy) once per
    process; PSS splits it between them, so the sum over the tree is the memory the server really uses.
    The kernel keeps no PSS high-water mark, hence the sampling (every ``interval`` seconds).
    """

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._halt = threading.Event()

    def sample(self) -> int:
        total = 0
        for pid in _tree(self.pid):
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            except OSError:
                continue
        self.peak_kib = max(self.peak_kib, total)
        return total

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._halt.set()


_WATCHES: dict[int, MemoryWatch] = {}


def peak_pss_mib(process: subprocess.Popen) -> float | None:
    """Peak PSS summed over the server and its workers (sampled since it started), None if not watched."""
    watch = _WATCHES.get(process.pid)
    if watch is None:
        return None
    watch.sample()
    return watch.peak_kib / 1024


def peak_memory_mib(process: subprocess.Popen) -> dict[str, float | int | None]:
    """Peak RSS sum (VmHWM, shared pages counted per process), peak PSS sum, and the process count."""
    rss, processes = peak_rss_mib(process)
    return {"rss_mib": rss, "pss_mib": peak_pss_mib(process), "processes": processes}


def peak_rss_mib(process: subprocess.Popen) -> tuple[float, int]:
    """Peak resident memory (VmHWM) summed over the server and its worker processes, and how many there are.

    Workers forked from one zygote share its in-memory copy: their RSS counts it again each;
    :func:`peak_pss_mib` gives the shared share once."""
    total = 0
    pids = _tree(process.pid)
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024, len(pids)


def serve_memory(port: int, dataset: Path) -> None:
    """Our app over an in-memory store holding ``dataset`` (settings from KG_* variables)."""
    import uvicorn

    sys.path.insert(0, str(ROOT))
    from api.main import create_app
    from kg.settings import load_settings
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(None)
    store.load(dataset, media_type="application/n-quads")
    uvicorn.run(create_app(load_settings(), store=store), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    serve_memory(int(sys.argv[1]), Path(sys.argv[2]))
