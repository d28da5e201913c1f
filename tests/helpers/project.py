"""The tiny project the tests run on: its fixture files, two IRIs in it, and a copy in a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
INDUSTRY = "https://w3id.org/fikg/id/industry/third-generation-semiconductors"
SIC = "https://w3id.org/fikg/id/technology/silicon-carbide"


def make_project(root: Path) -> Path:
    """A project directory holding the tiny ontology and data fixtures."""
    (root / "ontology").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(DATA / "tiny-ontology.ttl", root / "ontology" / "kg.ttl")
    shutil.copy(DATA / "tiny-data.ttl", root / "data" / "tiny.ttl")
    return root
