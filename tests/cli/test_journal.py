"""kg journal (list, --since, --client), kg journal export (TriG) and kg journal squash, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from cli.main import app
from kg.journal import open_journal
from kg.settings import load_settings
from kg.store.live import open_store
from kg.writes import gate

runner = CliRunner()
NOTES = "https://w3id.org/fikg/graph/notes"
SIC = "https://w3id.org/fikg/id/technology/silicon-carbide"


@pytest.fixture
def written(project: Path) -> dict[str, str]:
    """A built store, then two API writes by two clients."""
    env = {"KG_PROJECT_DIR": str(project), "KG_STORE_PATH": str(project / "var" / "store"), "KG_VALIDATE": "false"}
    assert runner.invoke(app, ["build"], env=env).exit_code == 0
    config = load_settings(environ=env)
    with open_store(config) as store:
        gate.add_to_graph(store, NOTES, f"<{SIC}> <http://ex/note> 'a note' .", "text/turtle", config,
                          client="ministry")
        gate.delete_graph(store, "https://w3id.org/fikg/graph/tiny", config, client="analyst")
    return env


def test_the_changes_are_listed_and_filtered(written: dict[str, str]) -> None:
    listed = runner.invoke(app, ["journal"], env=written)
    assert listed.exit_code == 0, listed.output
    assert "kg build" in listed.stdout and "ministry" in listed.stdout and "analyst" in listed.stdout
    only = runner.invoke(app, ["journal", "--client", "ministry"], env=written)
    assert "ministry" in only.stdout and "analyst" not in only.stdout and "kg build" not in only.stdout
    first = open_journal(load_settings(environ=written)).entries()[0].id
    after = runner.invoke(app, ["journal", "--since", first], env=written)
    assert "kg build" not in after.stdout and "2 change(s)" in after.output
    assert runner.invoke(app, ["journal", "--since", "yesterday"], env=written).exit_code == 1


def test_export_gives_the_api_changes_as_trig(written: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["journal", "export", "-o", str(tmp_path / "changes.trig")], env=written)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "changes.trig").read_text()
    quads = set(ox.parse(text.encode(), format=ox.RdfFormat.TRIG))
    assert quads == {ox.Quad(ox.NamedNode(SIC), ox.NamedNode("http://ex/note"), ox.Literal("a note"),
                             ox.NamedNode(NOTES))}
    removed = [line for line in text.splitlines() if line.startswith("# <")]
    assert len(removed) == 11 and all("graph/tiny" in line for line in removed)  # delete these from data/
    assert all(e.id in text for e in open_journal(load_settings(environ=written)).entries()[1:])


def test_squash_stops_builds_from_reapplying_folded_changes(written: dict[str, str], project: Path) -> None:
    (project / "data" / "notes.ttl").write_text(f"<{SIC}> <http://ex/note> 'a note' .\n")  # the editor folds one
    before = runner.invoke(app, ["build"], env=written)
    assert before.exit_code == 0 and "re-applied 2 API change(s) from the journal; 1 conflict(s)" in before.stdout
    assert "conflict: " in before.output  # the insert the sources now hold is reported
    squashed = runner.invoke(app, ["journal", "squash"], env=written)
    assert squashed.exit_code == 0 and "folded 2 change(s)" in squashed.stdout
    after = runner.invoke(app, ["build"], env=written)
    assert "re-applied 0 API change(s)" in after.stdout and "conflict: " not in after.output
    assert runner.invoke(app, ["journal", "squash"], env=written).output.strip() == "no API change to fold"
    with open_store(load_settings(environ=written), read_only=True) as store:
        assert store.count_triples("https://w3id.org/fikg/graph/tiny") == 11  # the delete was not folded: back


def test_kg_release_names_the_current_version_durably(written: dict[str, str]) -> None:
    made = runner.invoke(app, ["release", "2026.12", "--note", "首次发布: the first release"], env=written)
    assert made.exit_code == 0, made.output
    assert "release 2026.12" in made.stdout and "the first release" in made.stdout
    journal = open_journal(load_settings(environ=written))
    assert (journal.directory / "releases.jsonl").is_file()
    again = runner.invoke(app, ["release", "2026.12"], env=written)
    assert again.exit_code == 1 and "already called" in again.output
    config = load_settings(environ=written)
    with open_store(config) as store:
        gate.add_to_graph(store, NOTES, f"<{SIC}> <http://ex/note> 'another' .", "text/turtle", config, client="x")
    second = runner.invoke(app, ["release", "2026.12.1", "--note", "a note more"], env=written)
    assert second.exit_code == 0 and "the ontology is unchanged" in second.stdout  # only the notes graph changed
