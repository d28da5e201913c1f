"""Actions, milestones and mentions: clause joining rules, goals of a year, longest names first."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.ingest.actions import clauses, find_actions
from kg.ingest.draft import FIKG, build_draft
from kg.ingest.extraction import extract
from kg.ingest.linking import EntityIndex, link
from kg.ingest.naming import english_label
from kg.ingest.provisions import Sentence, split_document
from kg.rdf.vocab import DEFAULT_BASE

EXCERPT = Path(__file__).parents[2] / "data" / "ingest" / "excerpt.txt"


@pytest.fixture(scope="module")
def excerpt_draft():
    """The excerpt's extraction, its draft graph (read only) and the draft's entities by Chinese label."""
    document = split_document(EXCERPT.read_text(encoding="utf-8"))
    extraction = extract(document)
    entities = link(extraction, EntityIndex(), DEFAULT_BASE)
    graph = build_draft(document, extraction, entities, "x", DEFAULT_BASE).graph
    zh = {str(o): s for s, o in graph.subject_objects(rdflib.RDFS.label) if o.language == "zh"}
    return extraction, graph, zh


def _clauses(text: str) -> list[str]:
    return clauses(Sentence("1-1-s2", "1-1", 2, 2, text))


def test_clauses_split_on_commas_and_join_what_spans_one():
    assert _clauses("强化技术转移机构建设，加大研发投入。") == ["强化技术转移机构建设", "加大研发投入"]
    # a year alone takes the clause after it
    assert _clauses("统筹布局，到2030年，建设20个先导区。") == ["统筹布局", "到2030年，建设20个先导区"]
    # a frame whose object is a noun phrase, before a directive verb
    assert _clauses("面向重点领域，支持企业共建创新联合体。") == ["面向重点领域，支持企业共建创新联合体"]
    assert _clauses("以产业应用需求为牵引，引导高校布局基础研究。") == ["以产业应用需求为牵引，引导高校布局基础研究"]
    # not when the frame clause is a predicate of its own, or the next clause opens with no directive
    assert _clauses("面向社会有序开放，推动前沿科技创新应用。") == ["面向社会有序开放", "推动前沿科技创新应用"]
    assert _clauses("瞄准量子科技等前沿领域，多方向开展技术预研。") == ["瞄准量子科技等前沿领域", "多方向开展技术预研"]
    # a purpose frame runs to its verb; a continuation with 成为 stays with its subject
    assert _clauses("为全省构建产业体系，形成新质生产力，提供新的产业支柱。") == [
        "为全省构建产业体系，形成新质生产力，提供新的产业支柱"]
    assert _clauses("产业实现从大到强，成为重要驱动力量。") == ["产业实现从大到强，成为重要驱动力量"]


def test_actions_and_milestones_of_the_excerpt():
    document = split_document(EXCERPT.read_text(encoding="utf-8"))
    measures = {"3-1"}
    actions, milestones = find_actions(document, measures)
    wordings = [a.wording for a in actions]
    assert "高标准建设国家第三代半导体技术创新中心" in wordings
    assert not any(w.startswith(("为加快", "提出如下")) or "按职责分工负责" in w for w in wordings)
    assert not any(w in ("第三代半导体", "优先发展2个成长型未来产业") for w in wordings)  # headings
    goals = {(m.year, m.wording) for m in milestones}
    assert (2025, "南京、苏州率先建设未来产业先导区") in goals
    assert (2030, "重点领域实现重大突破") in goals
    positions = [a.position for a in actions if a.provision == "2-1-1"]
    assert positions == list(range(1, len(positions) + 1))


def test_milestones_leave_out_quantitative_targets_and_draft_links_them(excerpt_draft):
    extraction, graph, zh = excerpt_draft
    assert not any("10个未来产业（技术）研究院" in m.wording for m in extraction.milestones)
    milestone = zh["南京、苏州率先建设未来产业先导区"]
    assert (milestone, rdflib.RDF.type, FIKG.Milestone) in graph
    assert graph.value(milestone, FIKG.targetYear).toPython() == 2025
    named = {str(n) for o in graph.objects(milestone, FIKG.mentions) for n in graph.objects(o, rdflib.RDFS.label)}
    assert {"南京", "苏州"} <= named
    provision = rdflib.URIRef(DEFAULT_BASE + "id/provision/x-1-1")
    assert (provision, FIKG.hasTarget, milestone) in graph


def test_mentions_take_the_longest_name_and_measures_name_industries(excerpt_draft):
    _, graph, zh = excerpt_draft
    action = zh["高标准建设国家第三代半导体技术创新中心"]
    mentioned = {zh_label for zh_label, s in zh.items() if (action, FIKG.mentions, s) in graph}
    assert mentioned == {"国家第三代半导体技术创新中心"}  # not also the industry inside its name
    for measure in graph.subjects(rdflib.RDF.type, FIKG.KeyMeasure):
        flag = graph.value(measure, FIKG.appliesToAllFutureIndustries)
        assert flag is not None
        assert flag.toPython() == (graph.value(measure, FIKG.namesIndustry) is None)


def test_new_growth_industries_get_their_item_number(excerpt_draft):
    _, graph, zh = excerpt_draft
    assert graph.value(zh["第三代半导体"], FIKG.sectionPosition).toPython() == 1
    assert graph.value(zh["氢能"], FIKG.sectionPosition).toPython() == 2


def test_english_labels_compose_known_names_or_stay_drafts():
    known = {"苏州": "Suzhou", "第三代半导体": "third-generation semiconductors"}
    assert english_label("苏州实验室", known, proper=True) == ("Suzhou Laboratory", False)
    assert english_label("国家第三代半导体技术创新中心", known) == (
        "national third-generation semiconductors technology innovation centre", False)
    label, draft = english_label("紫金山实验室", known, proper=True)
    assert draft and label == "zijinshan laboratory"  # pinyin: the reviewer writes it
    assert english_label("未来产业天使基金", {})[1]  # glossary words alone: still a draft
    assert english_label("苏州", {"苏州": "Suzhou"})[1]  # a name is never looked up as itself


def test_actor_groups_in_actions():
    from kg.ingest.actors import find_actor_groups
    from kg.ingest.model import Action

    def groups(wording: str, platforms: frozenset[str] = frozenset()) -> dict[str, str | None]:
        found = find_actor_groups([Action("3-1", "3-1-s2", wording, 1)], set(platforms))
        return {m.label: m.wording for m in found}

    assert set(groups("支持企业与高校、科研院所共建创新联合体")) == {"企业", "高校", "科研院所"}
    assert set(groups("鼓励顶尖科学家领衔重大基础研究项目")) == {"顶尖科学家"}
    assert groups("鼓励政策性、开发性金融机构创新金融产品") == {"政策性金融机构": "政策性、开发性金融机构",
                                                               "开发性金融机构": "政策性、开发性金融机构"}
    assert groups("强化全省技术转移机构建设") == {"技术转移机构": None}
    assert groups("建设企业技术中心", frozenset({"企业技术中心"})) == {}  # part of a platform's name
