"""The layers of docs/architecture.md hold: the import-linter contracts in pyproject.toml are kept.

The contracts: imports point down the layers (interfaces, services, engines, store, sparql, settings, rdf,
errors), kg never imports api or cli, the query worker imports nothing of kg but its siblings, and no
package of kg has an import circle. The second test breaks a copy of the tree on purpose, so a contract
that checked nothing would be noticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"

pytest.importorskip("importlinter", reason="import-linter is in the test extra")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with the project's contracts over the packages in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([sys.executable, "-c", LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=300)


def test_the_layer_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    for package in ("kg", "api", "cli"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "static"))
    base = tmp_path / "kg" / "store" / "base.py"
    base.write_text(base.read_text(encoding="utf-8") + "\nfrom kg.writes import gate  # noqa\n", encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert "kg.store.base -> kg.writes.gate" in done.stdout
