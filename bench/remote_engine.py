"""The engines the remote benchmarks run against: an Oxigraph server or Virtuoso 7, on disk, on loopback.

Both are the servers the test suite starts (tests/helpers/stores.py, tests/helpers/virtuoso.py), here with the limits
of a benchmark: an hour for any query, and for Virtuoso about 1.3 GB of page buffers (its default
80 MB makes a 1M-triple publication mostly disk-bound) and ResultSetMaxRows above the data.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers.stores import OxigraphServer, Server
from tests.helpers.virtuoso import VirtuosoServer

ENGINES = ("oxigraph", "virtuoso")
LABELS = {"oxigraph": "Oxigraph server", "virtuoso": "Virtuoso"}
SECONDS = 3600
VIRTUOSO_BUFFERS = 170_000  # 8 KB pages


@contextmanager
def engine_server(name: str) -> Iterator[Server]:
    """A running engine of kind ``name`` with its data in a temporary directory; stopped on exit."""
    with tempfile.TemporaryDirectory(prefix=f"{name}-bench-") as scratch:
        if name == "oxigraph":
            server: Server = OxigraphServer(Path(scratch), timeout_s=SECONDS)
        elif name == "virtuoso":
            server = VirtuosoServer(timeout_s=SECONDS, buffers=VIRTUOSO_BUFFERS)
        else:
            raise SystemExit(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")
        try:
            yield server
        finally:
            server.stop()
