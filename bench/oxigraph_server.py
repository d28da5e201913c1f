"""Start and stop an Oxigraph server (``oxigraph serve`` from the PyPI package) for the remote benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far: robust to other load on the machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def oxigraph_server(location: Path | None = None) -> Iterator[tuple[str, int]]:
    """An on-disk Oxigraph server on 127.0.0.1 and a free port; yields its base URL and process id."""
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        raise SystemExit("oxigraph is not installed: python3 -m pip install oxigraph")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="oxigraph-bench-") as scratch:
        where = location or Path(scratch)
        process = subprocess.Popen([binary, "serve", "--location", str(where), "--bind", f"127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).is_success:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            else:
                raise SystemExit("oxigraph serve did not start")
            yield base, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)
