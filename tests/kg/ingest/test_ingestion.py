"""`kg ingest` end to end on the tiny project: draft file, linking, determinism, bad input."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from kg.errors import IngestError
from kg.ingest import ingest, review_markdown
from kg.settings import load_settings

DATA = Path(__file__).parents[2] / "data" / "ingest"
EXCERPT = DATA / "excerpt.txt"
FIKG = rdflib.Namespace("https://w3id.org/fikg/ontology#")
ID = "https://w3id.org/fikg/id/"


@pytest.fixture
def config(project: Path):
    shutil.copy(DATA / "known-agency.ttl", project / "data" / "known.ttl")
    return load_settings(environ={}, project_dir=project, store_path=":memory:")


def test_draft_is_written_where_asked_and_nothing_else_changes(config, tmp_path):
    before = sorted(p.name for p in (config.project_dir / "data").iterdir())
    review = ingest(EXCERPT, "excerpt-2023", config, output=tmp_path / "draft.ttl")
    assert review.output == tmp_path / "draft.ttl"
    assert sorted(p.name for p in (config.project_dir / "data").iterdir()) == before
    graph = rdflib.Graph().parse(review.output, format="turtle")
    assert (rdflib.URIRef(ID + "document/excerpt-2023"), rdflib.RDF.type, FIKG.PolicyDocument) in graph


def test_default_output_is_data_slug_ttl(config):
    review = ingest(EXCERPT, "excerpt-2023", config, validate=False)
    assert review.output == config.project_dir / "data" / "excerpt-2023.ttl"


def test_existing_namesakes_are_proposed_never_written_onto(config, tmp_path):
    review = ingest(EXCERPT, "excerpt-2023", config, output=tmp_path / "d.ttl", validate=False)
    matched = {e.label: e.matches for e in review.matched}
    assert matched["氢能"] == [(ID + "industry/hydrogen-energy", "exactMatch")]  # by its label
    assert matched["苏州"] == [(ID + "region/suzhou", "closeMatch")]  # by its alias
    agency = next(e for e in review.entities if e.label == "省科技厅")
    assert agency.matches == [] and any("relative to its issuer" in d for d in agency.doubts)
    graph = rdflib.Graph().parse(tmp_path / "d.ttl", format="turtle")
    for held in ("industry/hydrogen-energy", "region/suzhou", "agency/provincial-department-of-science-and-technology"):
        assert list(graph.predicate_objects(rdflib.URIRef(ID + held))) == []  # nothing written onto them
    own = rdflib.URIRef(next(e.iri for e in review.entities if e.label == "氢能"))
    assert str(own).startswith(ID + "industry/excerpt-2023-")  # minted in the document's namespace
    assert (own, rdflib.SKOS.exactMatch, rdflib.URIRef(ID + "industry/hydrogen-energy")) in graph
    assert rdflib.Literal("氢能（苏政发〔2023〕104号）", lang="zh") in set(graph.objects(own, rdflib.RDFS.label))
    assert rdflib.Literal("氢能", lang="zh") in set(graph.objects(own, rdflib.SKOS.altLabel))
    lead = rdflib.URIRef(ID + "responsibility/excerpt-2023-3-1-1")
    assert graph.value(lead, FIKG.agent) == rdflib.URIRef(agency.iri)


def test_every_relation_carries_its_sentence(config, tmp_path):
    ingest(EXCERPT, "excerpt-2023", config, output=tmp_path / "d.ttl", validate=False)
    graph = rdflib.Graph().parse(tmp_path / "d.ttl", format="turtle")
    owl = rdflib.OWL
    axioms = {(graph.value(a, owl.annotatedSource), graph.value(a, owl.annotatedProperty),
               graph.value(a, owl.annotatedTarget)): a for a in graph.subjects(rdflib.RDF.type, owl.Axiom)}
    target = rdflib.URIRef(ID + "target/excerpt-2023-3-1-t2")
    axiom = axioms[(target, FIKG.comparator, FIKG.atLeast)]
    sentence = graph.value(axiom, FIKG.statedIn)
    assert "建设50个以上开放应用场景" in str(graph.value(sentence, FIKG.text))
    for s, p, o in graph:
        if p in (FIKG.agent, FIKG.hasResponsibility, FIKG.counts, FIKG.belongsToIndustry):
            assert (s, p, o) in axioms


def test_same_ingest_twice_gives_the_same_bytes(config, tmp_path):
    ingest(EXCERPT, "excerpt-2023", config, output=tmp_path / "a.ttl", validate=False)
    ingest(EXCERPT, "excerpt-2023", config, output=tmp_path / "b.ttl", validate=False)
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_reingest_over_its_own_draft_is_stable(config):
    first = ingest(EXCERPT, "excerpt-2023", config, validate=False)
    text = first.output.read_bytes()
    second = ingest(EXCERPT, "excerpt-2023", config, validate=False)  # its own data/ file is not linked against
    assert second.output.read_bytes() == text


def test_review_reports_shacl_and_sections(config, tmp_path):
    review = ingest(EXCERPT, "excerpt-2023", config, output=tmp_path / "d.ttl")
    assert review.conforms is True  # the tiny project has no shapes
    text = review_markdown(review)
    for heading in ("## Uncertain entities", "## English labels to write", "## The document",
                    "## References to other documents", "## Match proposals", "## New entities", "## Targets",
                    "## Milestones", "## Actions", "## SHACL"):
        assert heading in text


def test_document_without_structure_gets_a_report_and_no_draft(config, tmp_path):
    review = ingest(DATA / "prose.txt", "prose", config, output=tmp_path / "p.ttl")
    assert review.output is None and not (tmp_path / "p.ttl").exists()
    notes = " ".join(review.extraction.notes + review.notes)
    assert "none of the expected structure" in notes and "nothing to draft" in notes


@pytest.mark.parametrize(("content", "message"), [(b"", "empty"), (b"\xff\xfe\x00bad", "not UTF-8")])
def test_unreadable_input_is_a_clear_error(config, tmp_path, content, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        ingest(path, "x", config, output=tmp_path / "x.ttl")
    assert not (tmp_path / "x.ttl").exists()


def test_missing_file_and_bad_slug(config, tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        ingest(tmp_path / "absent.txt", "x", config)
    with pytest.raises(IngestError, match="lower-case ASCII"):
        ingest(EXCERPT, "Not A Slug", config)


def test_cli_ingest_writes_draft_and_markdown(config, tmp_path, monkeypatch):
    from cli.main import app

    monkeypatch.setenv("KG_PROJECT_DIR", str(config.project_dir))
    monkeypatch.setenv("KG_STORE_PATH", ":memory:")
    result = CliRunner().invoke(app, ["ingest", str(EXCERPT), "--id", "excerpt-2023", "--output",
                                      str(tmp_path / "d.ttl"), "--report", str(tmp_path / "r.md")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d.ttl").is_file()
    assert "## Match proposals" in (tmp_path / "r.md").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["ingest", str(DATA / "prose.txt"), "--id", "prose", "--output",
                                   str(tmp_path / "p.ttl")])
    assert bad.exit_code == 1 and "no draft written" in bad.output


LONG = bool(os.environ.get("KG_LONG_TESTS"))
PROJECT = Path(__file__).parents[3]
SEED = PROJECT / ".." / "shared" / "seed" / "000_f231d5761afd8f34.txt"


@pytest.mark.skipif(not LONG or not SEED.is_file(), reason="about a minute: set KG_LONG_TESTS=1 (needs the seed)")
def test_seed_draft_conforms_to_the_project_shapes(tmp_path):
    """The seed's draft, linked against the project, passes the real shapes; warnings only, each with advice."""
    from kg.ingest.review import advice

    real = load_settings(environ={}, project_dir=PROJECT, store_path=":memory:")
    review = ingest(SEED, "seed-draft", real, output=tmp_path / "seed.ttl")
    assert review.report is not None
    assert review.report.violations == [], [(r.focus, r.source) for r in review.report.violations]
    assert review.conforms is True
    assert len(review.report.warnings) <= 3
    assert all(not advice(r).startswith("see the message") for r in review.report.warnings)


def test_a_new_document_drafts_to_a_conforming_graph(tmp_path):
    """Another city's guidance (tests/data/ingest/other.txt): new industries, technologies, a laboratory and
    agencies are minted; known names give match proposals; the draft passes the project's real shapes as written."""
    real = load_settings(environ={}, project_dir=PROJECT, store_path=":memory:")
    review = ingest(DATA / "other.txt", "other-2024-7", real, output=tmp_path / "other.ttl")
    assert review.report is not None and review.report.results == [], review_markdown(review)
    new = {e.label: e for e in review.new}
    assert {"类脑智能", "深海装备", "神经形态芯片", "脑机接口", "杭州类脑实验室"} <= set(new)
    assert {e.label for e in review.matched} >= {"未来产业先导区", "开放应用场景"}
    # pinyin and glossary words: the review lists them (a namesake's English is the project's)
    assert all(e.english_draft for e in new.values() if not e.matches)
    graph = rdflib.Graph().parse(review.output, format="turtle")
    industry = rdflib.URIRef(new["深海装备"].iri)
    assert graph.value(industry, FIKG.sectionPosition).toPython() == 2
    measure = rdflib.URIRef(ID + "measure/other-2024-7-3-1")
    assert graph.value(measure, FIKG.appliesToAllFutureIndustries).toPython() is False
    assert (measure, FIKG.namesIndustry, industry) in graph
    milestone = rdflib.URIRef(ID + "milestone/other-2024-7-1-m01")
    assert graph.value(milestone, FIKG.targetYear).toPython() == 2027
    # the curated graph has a provision labelled 二 重点方向 too: built together, the labels must differ
    part = rdflib.URIRef(ID + "provision/other-2024-7-2")
    assert rdflib.Literal("二 重点方向（示政发〔2024〕7号）", lang="zh") in set(graph.objects(part, rdflib.RDFS.label))
