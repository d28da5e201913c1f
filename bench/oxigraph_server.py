"""Start and stop an Oxigraph server (``oxigraph serve`` from the PyPI package) for the remote benchmarks."""

from __future__ import annotations

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


@contextmanager
def oxigraph_server(location: Path | None = None) -> Iterator[str]:
    """An on-disk Oxigraph server on 127.0.0.1 and a free port; yields its base URL."""
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
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)
