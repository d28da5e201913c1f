"""What a document says of itself (type, date, issuers, addressees) and of other documents (references)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.metadata import document_type, find_metadata, iso_date
from kg.ingest.provisions import split_document

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def metadata(name: str):
    return find_metadata(split_document((CORPUS / f"{name}.txt").read_text(encoding="utf-8")))


@pytest.mark.parametrize("title,slug", [
    ("工业和信息化部等六部门关于加快未来产业创新发展的实施意见", "implementation-opinions"),
    ("省政府关于加快培育发展未来产业的指导意见", "guiding-opinions"),
    ("国务院关于推动未来产业发展的意见", "opinions"),
    ("安徽省未来产业创新发展行动方案（2025—2027年）", "action-plan"),
    ("常州市人民政府关于加快培育未来产业的通知", "notice"),
    ("未来产业发展报告", None),
])
def test_the_type_is_the_genre_the_title_ends_with(title, slug):
    assert document_type(title) == slug


def test_dates():
    assert iso_date("2025年4月18日") == "2025-04-18" and iso_date("四月") is None


def test_every_signature_line_gives_its_issuers_in_order():
    meta = metadata("miit-2025-38")
    assert [name for name, _s in meta.issuers] == ["工业和信息化部", "科学技术部", "国家发展改革委", "教育部", "财政部",
                                                   "人力资源社会保障部"]
    assert [s for _n, s in meta.issuers] == ["closing-s1", "closing-s1", "closing-s2", "closing-s2", "closing-s3",
                                              "closing-s3"]
    assert meta.date == "2025-04-18" and meta.type == "implementation-opinions"
    assert [name for name, _s in meta.addressees][1:] == ["有关中央企业", "有关行业协会"]


def test_an_annex_line_before_the_signature_is_no_issuer():
    meta = metadata("anhui-2025-16")
    assert meta.issuers == [("安徽省人民政府办公厅", "closing-s2")]
    assert [name for name, _s in meta.addressees] == ["各市人民政府", "省政府各部门、各直属机构"]


def test_without_a_signature_the_title_names_the_issuer():
    text = "科技部关于推动未来产业的通知\n（国科发〔2025〕3号）\n各省科技厅：\n一、总体要求\n推动发展。"
    meta = find_metadata(split_document(text))
    assert meta.issuers == [("科技部", "preamble-s1")] and meta.date is None


def test_references_take_their_relation_from_the_verb_before_them():
    rows = [(r.relation, r.title, r.number, r.sentence) for r in metadata("miit-2025-38").references]
    assert rows == [
        ("implements", "国务院关于培育壮大新兴产业和未来产业的指导意见", "国发〔2024〕21号", "preamble-s5"),
        ("based_on", "制造业技术创新体系建设行动计划", "工信部科〔2023〕56号", "preamble-s5"),
        ("cites", "产业基础再造工程实施方案", None, "2-2-s3"),
    ]
    web = metadata("changzhou-2025-9").references  # half-width in the file; a title without its number
    assert [(r.relation, r.title) for r in web] == [("implements", "省政府关于加快培育发展未来产业的指导意见"),
                                                    ("based_on", "常州市国民经济和社会发展第十四个五年规划纲要")]


def test_a_bare_document_number_is_a_reference_and_the_documents_own_is_not():
    text = ("关于试点的通知\n（试发〔2025〕1号）\n各市：\n一、总体要求\n"
            "根据国发〔2024〕21号文件精神，落实试发〔2025〕1号。")
    rows = [(r.relation, r.number) for r in find_metadata(split_document(text)).references]
    assert rows == [("based_on", "国发〔2024〕21号")]
