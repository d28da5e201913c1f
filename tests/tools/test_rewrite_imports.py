"""tools/rewrite_imports.py: old imports of moved modules become new ones, idempotently, and nothing else changes."""

# rewrite_imports: skip-file  (the old imports below are the tool's test cases)
from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("rewrite_imports", ROOT / "tools" / "rewrite_imports.py")
rewrite_imports = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rewrite_imports)
rewrite = rewrite_imports.rewrite_source

CASES = [
    ("from kg.gate import apply_update\n", "from kg.writes.gate import apply_update\n"),
    ("from kg import gate, telemetry\n", "from kg.writes import gate\nfrom kg import telemetry\n"),
    ("from kg import queries\n", "from kg.query import named as queries\n"),
    ("from kg import queries as q\n", "from kg.query import named as q\n"),
    ("from kg.validation import validate_store\n", "from kg.validation.shacl import validate_store\n"),
    ("from kg.build import build\n", "from kg.build.pipeline import build\n"),
    ("import kg.validation  # noqa: F401\n", "import kg.validation.shacl  # noqa: F401\n"),
    ("x = kg.gate.data_version\n", "x = kg.writes.gate.data_version\n"),
    ("from kg.writes import versions\n", "from kg.store import versions\n"),
    ("from kg.validation import ValidationReport, ValidationResult\n",
     "from kg.validation.shacl import ValidationReport\nfrom kg.validation.report import ValidationResult\n"),
    ("from kg.ingest.extraction import Mention, extract\n",
     "from kg.ingest.model import Mention\nfrom kg.ingest.extraction import extract\n"),
    ("from kg.gate import apply_update, data_version\n",
     "from kg.writes.gate import apply_update\nfrom kg.store.versions import data_version\n"),
    ('monkeypatch.setattr("kg.gate._LOCK", 1)\n', 'monkeypatch.setattr("kg.writes.gate._LOCK", 1)\n'),
    ('run([sys.executable, "-m", "kg.cli", "build"])\n', 'run([sys.executable, "-m", "cli.main", "build"])\n'),
    ('run(["-c", "from kg.cli import main; main()"])\n', 'run(["-c", "from cli.main import main; main()"])\n'),
    ('S = textwrap.dedent("""\n    from kg import sandbox\n    sandbox.x()\n""")\n',
     'S = textwrap.dedent("""\n    from kg.query import sandbox\n    sandbox.x()\n""")\n'),
    ('w = ("import sys; from kg.embedded import EmbeddedStore;"\n     "s = 1")\n',
     'w = ("import sys; from kg.store.embedded import EmbeddedStore;"\n     "s = 1")\n'),
]

UNCHANGED = [
    'log = logging.getLogger("kg.remote")\n',  # a logger's name, not a module
    'path = "kg.ttl"\n',
    "from kg import Store, load_settings\n",  # the package's own re-exports
    "from kg.validation import shacl, worker\n",  # already the new layout
    "from kg.store.base import Store\n",
    "from kg.sparql.screening import screen_query\n",
    "from api.main import create_app\n",
]


@pytest.mark.parametrize(("old", "new"), CASES)
def test_old_imports_become_new_ones(old: str, new: str) -> None:
    assert rewrite(old) == new


@pytest.mark.parametrize("source", UNCHANGED + [new for _, new in CASES])
def test_the_rewrite_is_idempotent_and_leaves_other_code_alone(source: str) -> None:
    assert rewrite(source) == source


def test_every_new_module_exists_and_no_old_one_is_left() -> None:
    for old, new in rewrite_imports.MOVES.items():
        assert (ROOT / (new.replace(".", "/") + ".py")).is_file(), new
        assert not (ROOT / (old.replace(".", "/") + ".py")).is_file(), old


def test_the_command_rewrites_files_in_place_and_check_reports_them(tmp_path: Path) -> None:
    module = tmp_path / "pkg" / "user.py"
    module.parent.mkdir()
    module.write_text(textwrap.dedent("""\
        from kg import gate  # the gate
        from kg.store import Store
    """))
    assert rewrite_imports.main(["--check", str(tmp_path)]) == 1
    assert rewrite_imports.main([str(tmp_path)]) == 0
    assert module.read_text() == "from kg.writes import gate  # the gate\nfrom kg.store.base import Store\n"
    assert rewrite_imports.main(["--check", str(tmp_path)]) == 0
