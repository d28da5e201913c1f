"""Rule-based extraction on an excerpt of the seed document."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.extraction import extract
from kg.ingest.measures import agent_class
from kg.ingest.model import Extraction
from kg.ingest.provisions import split_document

EXCERPT = Path(__file__).parents[2] / "data" / "ingest" / "excerpt.txt"


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract(split_document(EXCERPT.read_text(encoding="utf-8")))


def labels(extraction: Extraction, kind: str) -> set[str]:
    return {m.label for m in extraction.of_kind(kind)}


def test_responsible_parties_in_the_texts_order(extraction):
    (measure,) = extraction.measures
    assert measure.provision == "3-1"
    assert measure.cls == "KeyMeasure"
    assert measure.parties == ("省科技厅", "省发展改革委", "省工业和信息化厅")
    assert measure.open_list is True


def test_targets_with_year_or_period_quantity_and_comparator(extraction):
    rows = {(t.provision, t.year, t.period, t.quantity, t.comparator, t.counted) for t in extraction.targets}
    assert rows == {
        ("1-1", 2025, None, 10, "exactly", ("未来产业（技术）研究院", "未来技术学院", "未来产业科技园")),
        ("3-1", None, "annual", 15, "atLeast", ("前瞻技术研发项目",)),
        ("3-1", 2030, None, 50, "atLeast", ("开放应用场景",)),
    }


def test_list_counts_are_not_targets(extraction):
    assert all(t.quantity != 2 for t in extraction.targets)  # "等2个成长型未来产业" counts a list


def test_industries_and_their_classes(extraction):
    classes = {m.label: m.cls for m in extraction.of_kind("industry")}
    assert classes == {"第三代半导体": "GrowthFutureIndustry", "氢能": "GrowthFutureIndustry",
                       "量子科技": "FrontierFutureIndustry"}
    assert extraction.about_industry == {"2-1-1": "第三代半导体", "2-1-2": "氢能"}


def test_technologies_take_the_class_of_their_lists_head(extraction):
    techs = {m.label: (m.cls, m.industry, m.broader) for m in extraction.of_kind("technology")}
    assert techs["电力电子器件"] == ("Product", "第三代半导体", None)
    assert techs["氧化镓"] == ("Material", "第三代半导体", "超宽禁带半导体材料")
    assert techs["海水制氢"] == ("Technology", "氢能", "可再生能源制氢关键技术")
    assert {"氢燃料电池汽车", "氢冶金"} <= labels(extraction, "scenario")


def test_platforms_regions_and_no_generic_names(extraction):
    platforms = labels(extraction, "platform")
    assert {"国家第三代半导体技术创新中心", "苏州实验室", "紫金山实验室", "未来产业先导区"} <= platforms
    assert "重大创新平台" not in platforms
    assert labels(extraction, "region") == {"南京", "苏州"}  # 苏州实验室 names a laboratory, not the city


@pytest.mark.parametrize(("name", "cls"), [
    ("省科技厅", "ProvincialDepartment"), ("省委组织部", "PartyOrgan"), ("江苏证监局", "CentralBodyBranch"),
    ("各设区市人民政府", "CollectiveParty"), ("省推进战略性新兴产业发展工作领导小组成员单位", "CollectiveParty"),
    ("省推进战略性新兴产业发展工作领导小组", "CoordinationBody"), ("某某中心", "Agency"),
])
def test_agency_classes(name, cls):
    assert agent_class(name)[0] == cls


def test_unknown_party_is_doubted():
    assert agent_class("某某中心")[1] is not None


CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def corpus(name: str) -> Extraction:
    return extract(split_document((CORPUS / f"{name}.txt").read_text(encoding="utf-8")))


def test_directions_of_a_national_text_and_the_technologies_of_their_column():
    result = corpus("miit-2025-38")
    directions = [m for m in result.of_kind("industry") if m.position]
    assert [(m.label, m.position) for m in directions] == [("未来制造", 1), ("未来信息", 2), ("未来材料", 3),
                                                            ("未来能源", 4), ("未来空间", 5), ("未来健康", 6)]
    by_industry = {m.label: m.industry for m in result.of_kind("technology")}
    assert by_industry["超导材料"] == "未来材料" and by_industry["模拟仿真"] == "未来制造"
    assert "技术和产品" not in by_industry and "先进制造方式" not in by_industry


def test_what_was_expected_and_not_found_is_noted():
    notes = " ".join(corpus("miit-2025-38").notes)
    assert "no measure has a responsible party" in notes
    text = "关于某事的意见\n一、总体要求\n（一）目标。\n推动发展。"
    bare = " ".join(extract(split_document(text)).notes)
    for missing in ("no quantitative target", "no issuer", "no date of issue", "no addressees"):
        assert missing in bare


def test_a_text_copied_from_the_web_is_flagged():
    notes = " ".join(corpus("changzhou-2025-9").notes)
    assert "looks copied from a web page" in notes
    assert "looks copied" not in " ".join(corpus("anhui-2025-16").notes)
