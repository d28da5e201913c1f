"""kg observe load: the example CSV into an on-disk store of the real project, and a refused file naming its rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.helpers.monitoring import EXAMPLE_CSV, HEADER, ID, ROOT

runner = CliRunner()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?o <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v }"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The real project built into a store on disk (the SHACL gate off: the API tests run it on loads)."""
    store = tmp_path_factory.mktemp("observe") / "store"
    env = {"KG_PROJECT_DIR": str(ROOT), "KG_STORE_PATH": str(store), "KG_VALIDATE": "false",
           "KG_REASONING": "false"}
    built = runner.invoke(app, ["build"], env=env)
    assert built.exit_code == 0, built.output
    return env


def observed(env: dict[str, str]) -> list[str]:
    return runner.invoke(app, ["query", COUNT, "-f", "csv"], env=env).stdout.split()


def test_the_example_loads_then_reloads_unchanged(env: dict[str, str]) -> None:
    loaded = runner.invoke(app, ["observe", "load", str(EXAMPLE_CSV)], env=env)
    assert loaded.exit_code == 0, loaded.output
    assert "17 row(s): 17 created, 0 replaced, 0 unchanged" in loaded.stdout
    again = runner.invoke(app, ["observe", "load", str(EXAMPLE_CSV)], env=env)
    assert "0 created, 0 replaced, 17 unchanged" in again.stdout
    assert observed(env) == ["n", "17"]
    journal = runner.invoke(app, ["journal", "--client", "cli"], env=env)  # the load is a write like any other
    assert journal.exit_code == 0 and "cli" in journal.stdout and "update" in journal.stdout


def test_a_refused_file_names_each_row_and_loads_nothing(env: dict[str, str], tmp_path: Path) -> None:
    before = observed(env)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}{ID}target/2030-open-application-scenarios,2027,30,,\n"
                   f"{ID}target/2030-open-application-scenarios,2041,30,,\nnobody,2027,-1,,\n", encoding="utf-8")
    refused = runner.invoke(app, ["observe", "load", str(bad)], env=env)
    assert refused.exit_code == 1
    assert f"{bad}:3 row 2 (date): the date 2041 is outside the policy's span" in refused.output.replace("\n", "")
    assert f"{bad}:4 row 3 (target)" in refused.output
    assert "nothing was loaded: 2 row(s) refused" in refused.output
    assert observed(env) == before
