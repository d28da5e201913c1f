"""The real graph with the write gate on, for the target-monitoring tests: an app over a copy of it, and the
example observations (docs/examples/observations-example.csv, invented data) cut at a year."""

from __future__ import annotations

from pathlib import Path

from kg.settings import Settings
from kg.writes.gate import stage
from tests.helpers.api import TOKEN
from tests.helpers.built_graph import built_store, real_settings
from tests.helpers.stores import StoreClient, app_client

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CSV = ROOT / "docs" / "examples" / "observations-example.csv"
ID = "https://w3id.org/fikg/id/"
HEADER = "target,date,value,obs_status,source\n"


def monitoring_settings() -> Settings:
    """The real project's settings with the SHACL gate on and a write token."""
    return real_settings().with_(validate=True, write_token=TOKEN)


def monitoring_client(kind: str = "embedded") -> StoreClient:
    """An app over a fresh copy of the real graph in a store of ``kind``, writes validated."""
    return app_client(kind, monitoring_settings(), stage(built_store()))


def example_csv(until: float | None = None) -> str:
    """The example file, only its rows dated before the end of year ``until`` (None: every row)."""
    lines = EXAMPLE_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    head = [line for line in lines if line.startswith("#") or line.startswith("target,")]
    rows = [line for line in lines if line not in head]
    kept = [row for row in rows if until is None or int(row.split(",")[1][:4]) <= until]
    return "".join(head + kept)
