"""Build and atomic publication: failures of every kind leave the published store answering."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build.pipeline import build, discover_sources
from kg.errors import LoadError, ValidationError
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.store.live import open_store
from kg.validation.report import ValidationReport, read_results
from tests.helpers.project import DATA

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def published_count(settings: Settings) -> int:
    with open_store(settings, read_only=True) as store:
        return int(store.select(COUNT)[0]["n"].value)


def test_sources_get_one_named_graph_each(project: Path) -> None:
    graphs = [s.graph for s in discover_sources(project, "https://w3id.org/fikg/")]
    assert graphs == ["https://w3id.org/fikg/graph/ontology", "https://w3id.org/fikg/graph/tiny"]


def test_extra_data_files_and_directories_are_built_with_data(project: Path, tmp_path: Path) -> None:
    extra = tmp_path / "documents"
    extra.mkdir()
    (extra / "other-document.ttl").write_text(
        "<https://w3id.org/fikg/id/industry/other> <http://www.w3.org/2000/01/rdf-schema#label> \"其他\"@zh .\n",
        encoding="utf-8")
    single = tmp_path / "single.ttl"
    single.write_text("<https://w3id.org/fikg/id/industry/single> <http://www.w3.org/2000/01/rdf-schema#label> "
                      "\"单独\"@zh .\n", encoding="utf-8")
    settings = load_settings(environ={"KG_EXTRA_DATA": f"{extra}:{single}"}, project_dir=project,
                             store_path=":memory:", validate=False)
    graphs = [s.graph for s in discover_sources(project, settings.base_iri, settings.extra_data_paths)]
    assert graphs[-2:] == ["https://w3id.org/fikg/graph/other-document", "https://w3id.org/fikg/graph/single"]
    store = EmbeddedStore(None)
    build(settings, store=store)
    labels = {r["label"].value for r in store.select(
        "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }")}
    assert {"其他", "单独", "第三代半导体"} <= labels


def test_build_publishes_a_store_that_answers(settings: Settings) -> None:
    summary = build(settings)
    assert summary.triples == 23
    assert published_count(settings) == 23
    assert settings.resolved_store_path.is_symlink()


def test_broken_source_leaves_previous_store_answering(settings: Settings, project: Path) -> None:
    build(settings)
    before = settings.resolved_store_path.resolve()
    shutil.copy(DATA / "broken.ttl", project / "data" / "broken.ttl")
    with pytest.raises(LoadError) as info:
        build(settings)
    assert "broken.ttl:3:" in str(info.value)
    assert settings.resolved_store_path.resolve() == before
    assert published_count(settings) == 23


def test_validation_failure_is_not_published(settings: Settings, project: Path) -> None:
    build(settings)
    (project / "data" / "more.ttl").write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")

    def refuse(store) -> ValidationReport:
        import rdflib

        return ValidationReport(False, read_results(rdflib.Graph()), rdflib.Graph())

    with pytest.raises(ValidationError):
        build(settings, validator=refuse)
    assert published_count(settings) == 23


def test_validation_hook_is_called_with_the_loaded_store(settings: Settings) -> None:
    seen: list[int] = []

    def record(store) -> ValidationReport:
        import rdflib

        seen.append(store.count_triples())
        return ValidationReport(True, [], rdflib.Graph())

    build(settings, validator=record)
    assert seen == [23]


def test_rebuild_replaces_and_prunes_generations(settings: Settings, project: Path) -> None:
    for _ in range(4):
        build(settings)
    generations = [p for p in settings.resolved_store_path.with_name("store.generations").iterdir() if p.is_dir()]
    assert len(generations) <= 2
    (project / "data" / "more.ttl").write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    build(settings)
    assert published_count(settings) == 24


KILLED_BUILD = """
import sys, time
from pathlib import Path
from kg.build.pipeline import build
from kg.settings import load_settings

def hang(store):
    Path(sys.argv[2]).write_text("validating")
    time.sleep(60)

project = Path(sys.argv[1])
build(load_settings(environ={}, project_dir=project, store_path=project / "var" / "store"), validator=hang)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_build_killed_half_way_leaves_old_store(settings: Settings, project: Path, tmp_path: Path,
                                                sig: signal.Signals) -> None:
    build(settings)
    (project / "data" / "more.ttl").write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    marker = tmp_path / "marker"
    process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(project), str(marker)],
                               cwd=Path(__file__).parents[3])
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, "the build ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, sig)
    process.wait(timeout=30)
    assert published_count(settings) == 23
    build(settings)  # the next build cleans up and publishes
    assert published_count(settings) == 24


def test_build_leaves_no_dataset_file_behind(settings: Settings) -> None:
    """The on-disk build writes its generation through a dataset file; a killed build's file goes at the next."""
    root = settings.resolved_store_path.with_name("store.generations")
    root.mkdir(parents=True)
    (root / ".20200101T000000-000000000.nq").write_text("<http://ex/a> <http://ex/b> <http://ex/c> <http://ex/g> .\n")
    build(settings)
    assert list(root.glob("*.nq")) + list(root.glob(".*.nq")) == []
    assert published_count(settings) == 23
