"""Every CLI command through typer's CliRunner against a temporary store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.helpers.project import DATA

runner = CliRunner()


@pytest.fixture
def env(project: Path) -> dict[str, str]:
    return {"KG_PROJECT_DIR": str(project), "KG_STORE_PATH": str(project / "var" / "store")}


@pytest.fixture
def built(env: dict[str, str]) -> dict[str, str]:
    result = runner.invoke(app, ["build"], env=env)
    assert result.exit_code == 0, result.output
    return env


def test_build_reports_counts(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["build"], env=env)
    assert result.exit_code == 0
    assert "23 triples" in result.stdout


def test_query_counts_triples(built: dict[str, str]) -> None:
    result = runner.invoke(app, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], env=built)
    assert result.exit_code == 0
    assert "23" in result.stdout


def test_query_table_shows_labels(built: dict[str, str]) -> None:
    q = "SELECT ?t WHERE { ?t a <https://w3id.org/fikg/ontology#Technology> } ORDER BY ?t"
    assert "Silicon carbide" in runner.invoke(app, ["query", q], env=built).stdout
    assert "碳化硅" in runner.invoke(app, ["query", q, "--lang", "zh"], env=built).stdout


@pytest.mark.parametrize("fmt,needle", [("json", '"bindings"'), ("csv", "id/technology/silicon-carbide\n"),
                                        ("tsv", "?t\n")])
def test_query_formats(built: dict[str, str], fmt: str, needle: str) -> None:
    q = "SELECT ?t WHERE { ?t a <https://w3id.org/fikg/ontology#Technology> }"
    result = runner.invoke(app, ["query", q, "--format", fmt], env=built)
    assert result.exit_code == 0
    assert needle in result.stdout


def test_query_from_rq_file_and_named_query(built: dict[str, str], project: Path, tmp_path: Path) -> None:
    rq = tmp_path / "techs.rq"
    rq.write_text("SELECT ?t WHERE { ?t a <https://w3id.org/fikg/ontology#Technology> }")
    assert "Gallium nitride" in runner.invoke(app, ["query", str(rq)], env=built).stdout
    (project / "queries").mkdir()
    (project / "queries" / "technologies-of-industry.rq").write_text(
        "# title: Technologies of an industry\n"
        "# param: industry entity required example=第三代半导体\n"
        "SELECT ?iri ?industry WHERE { ?iri <https://w3id.org/fikg/ontology#industry> ?industry } ORDER BY ?iri\n")
    result = runner.invoke(app, ["query", "technologies-of-industry", "--param", "industry=第三代半导体",
                                 "--format", "csv"], env=built)
    assert result.exit_code == 0, result.output
    assert "silicon-carbide" in result.stdout and "gallium-nitride" in result.stdout


def test_malformed_query_is_one_line_error(built: dict[str, str]) -> None:
    result = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p }"], env=built)
    assert result.exit_code == 1
    assert "error" in result.output and "Traceback" not in result.output


def test_unknown_query_name_is_a_one_line_did_you_mean(built: dict[str, str], project: Path) -> None:
    (project / "queries").mkdir()
    (project / "queries" / "agencies-for-technology.rq").write_text("# title: A\nSELECT * WHERE { ?s ?p ?o }\n")
    result = runner.invoke(app, ["query", "agencies-for-tech"], env=built)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no named query 'agencies-for-tech' (did you mean agencies-for-technology?)" in result.output
    assert "syntax" not in result.output.lower()
    missing = runner.invoke(app, ["query", "nowhere.rq"], env=built)
    assert missing.exit_code == 1 and "no query file 'nowhere.rq'" in missing.output


def test_project_prefixes_are_declared_and_an_explicit_prefix_wins(built: dict[str, str]) -> None:
    result = runner.invoke(app, ["query", "SELECT ?t WHERE { ?t a fikg:Technology }", "--format", "csv"], env=built)
    assert result.exit_code == 0, result.output
    assert "gallium-nitride" in result.stdout
    own = "PREFIX fikg: <http://example.org/other#> SELECT ?t WHERE { ?t a fikg:Technology }"
    assert runner.invoke(app, ["query", own, "--format", "csv"], env=built).stdout.strip() == "t"
    unknown = runner.invoke(app, ["query", "SELECT * WHERE { ?s x:p ?o }"], env=built)
    assert unknown.exit_code == 1 and "unknown prefix 'x:'" in unknown.output


def test_build_parse_error_names_file_line_column(env: dict[str, str], project: Path) -> None:
    shutil.copy(DATA / "broken.ttl", project / "data" / "broken.ttl")
    result = runner.invoke(app, ["build"], env=env)
    assert result.exit_code == 1
    assert "broken.ttl:3:" in result.output
    assert "Traceback" not in result.output


def test_query_without_store_says_build_first(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["query", "ASK {}"], env=env)
    assert result.exit_code == 1
    assert "kg build" in result.output


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"])
def test_export_formats(built: dict[str, str], fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--output", str(out)], env=built)
    assert result.exit_code == 0
    assert "silicon-carbide" in out.read_text(encoding="utf-8")


def test_stats_json(built: dict[str, str]) -> None:
    result = runner.invoke(app, ["stats", "--format", "json"], env=built)
    payload = json.loads(result.stdout)
    assert payload["triples"] == 23
    assert payload["classes"]["https://w3id.org/fikg/ontology#Technology"] == 2


def test_stats_table(built: dict[str, str]) -> None:
    result = runner.invoke(app, ["stats"], env=built)
    assert "fikg:Technology" in result.stdout


def test_validate_without_shapes_conforms(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["validate"], env=env)
    assert result.exit_code == 0
    assert "conforms" in result.stdout


def test_build_writes_distribution_files(env: dict[str, str], project: Path) -> None:
    runner.invoke(app, ["build"], env=env)
    import rdflib

    owl = rdflib.Graph().parse(project / "dist" / "kg.owl", format="xml")
    assert len(owl) == 23
    assert (project / "dist" / "kg.ttl").is_file() and (project / "dist" / "kg-full.ttl").is_file()


def test_reason_consistent_and_inconsistent(env: dict[str, str], project: Path) -> None:
    from kg.reasoning.dl import reasoning_available

    if not reasoning_available():
        pytest.skip("Java is not installed")
    result = runner.invoke(app, ["reason"], env=env)
    assert result.exit_code == 0, result.output
    assert "consistent" in result.stdout
    result = runner.invoke(app, ["reason", str(DATA / "inconsistent.ttl")], env=env)
    assert result.exit_code == 1
    assert "inconsistent" in result.stdout and "Provincial Department of Science and Technology" in result.stdout


def test_profile_reports_violations(env: dict[str, str]) -> None:
    from kg.reasoning.owlapi import java_available

    if not java_available():
        pytest.skip("Java is not installed")
    ontology = str(Path(env["KG_PROJECT_DIR"]) / "ontology" / "kg.ttl")
    assert runner.invoke(app, ["profile", ontology], env=env).exit_code == 0
    result = runner.invoke(app, ["profile", str(DATA / "not-dl.ttl")], env=env)
    assert result.exit_code == 1
    assert "IllegalPunning" in result.stdout and "DatatypeOutsideMap" in result.stdout


def test_fmt_check_then_fix(env: dict[str, str], project: Path) -> None:
    assert runner.invoke(app, ["fmt", "--check"], env=env).exit_code == 1  # fixtures are hand-written
    assert runner.invoke(app, ["fmt"], env=env).exit_code == 0
    assert runner.invoke(app, ["fmt", "--check"], env=env).exit_code == 0


def test_serve_answers_ask_on_a_fresh_store(env: dict[str, str]) -> None:
    """The README's main command: `kg serve` builds the store, then answers /sparql?query=ASK{}."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
                               env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK{}"},
                                     headers={"Accept": "application/sparql-results+json"}, timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "kg serve did not answer within 120 s"
                time.sleep(0.5)
        assert response.status_code == 200
        assert response.json()["boolean"] is True
        description = httpx.get(f"http://127.0.0.1:{port}/sparql", timeout=5,
                                headers={"Accept": "text/turtle", "X-Forwarded-Proto": "https"})
        assert f"<http://127.0.0.1:{port}/sparql>" in description.text  # not trusted without --proxy-headers
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_query_table_names_each_entity_once_and_shows_iris_on_request(built: dict[str, str]) -> None:
    q = ("SELECT ?t ?label_en WHERE { ?t a <https://w3id.org/fikg/ontology#Technology> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?label_en FILTER(LANG(?label_en) = 'en') } ORDER BY ?t")
    plain = runner.invoke(app, ["query", q], env=built).stdout
    assert "Silicon carbide" in plain and "id:technology/" not in plain
    assert "label_en" not in plain and "?t" not in plain  # the name is the entity column's; no ? in headers
    with_iri = runner.invoke(app, ["query", q, "--iri"], env=built).stdout
    assert "Silicon carbide (id:technology/silicon-carbide)" in with_iri


def test_a_wide_result_is_shown_as_records_in_80_columns(built: dict[str, str]) -> None:
    wide = ", ".join(f'"a value long enough to crowd the line {i}" AS ?column_{i}' for i in range(4))
    q = f"SELECT ?t ({wide.replace(', ', ') (')}) WHERE {{ ?t a <https://w3id.org/fikg/ontology#Technology> }}"
    output = runner.invoke(app, ["query", q], env=built, terminal_width=80).stdout
    assert "— 1 —" in output and "column_3" in output
    assert max(len(line) for line in output.splitlines()) <= 80
