"""The CLI and the app chosen by settings alone (KG_STORE=remote), against each real engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app
from kg.settings import Settings
from tests.remote.conftest import Server

runner = CliRunner()


@pytest.fixture
def env(project: Path, server: Server) -> dict[str, str]:
    return {"KG_PROJECT_DIR": str(project), **server.environment()}


def test_build_query_stats_and_export_over_the_remote(env: dict[str, str]) -> None:
    built = runner.invoke(app, ["build"], env=env)
    assert built.exit_code == 0, built.output
    stats = runner.invoke(app, ["stats", "--format", "json"], env=env)
    assert stats.exit_code == 0, stats.output
    graphs = json.loads(stats.stdout)["graphs"]
    assert "https://w3id.org/fikg/graph/tiny" in graphs
    counted = runner.invoke(app, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"], env=env)
    assert counted.exit_code == 0 and int(counted.stdout.split()[-1]) == sum(graphs.values())
    exported = runner.invoke(app, ["export", "--format", "ntriples"], env=env)
    assert exported.exit_code == 0 and "碳化硅" in exported.stdout


def test_cli_says_clearly_when_the_remote_is_down(env: dict[str, str]) -> None:
    down = {**env, "KG_REMOTE_QUERY_URL": "http://127.0.0.1:9/query"}
    result = runner.invoke(app, ["query", "ASK {}"], env=down)
    assert result.exit_code == 1 and "unreachable" in result.output


def test_app_opens_the_remote_from_settings(remote_settings: Settings, server: Server) -> None:
    with TestClient(create_app(remote_settings)) as client:
        response = client.get("/sparql", params={"query": "ASK {}"},
                              headers={"Accept": "application/sparql-results+json"})
    assert response.json()["boolean"] is True
