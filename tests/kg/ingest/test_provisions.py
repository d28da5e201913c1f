"""Splitting a document into provisions and sentences, page breaks repaired."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.provisions import cn_number, repair_lines, split_document, split_sentences

EXCERPT = Path(__file__).parents[2] / "data" / "ingest" / "excerpt.txt"


def test_provisions_keep_the_documents_numbering():
    document = split_document(EXCERPT.read_text(encoding="utf-8"))
    kinds = {key: prov.kind for key, prov in document.provisions.items()}
    assert kinds == {"preamble": "Preamble", "1": "Part", "1-1": "Section", "2": "Part", "2-1": "Section",
                     "2-1-1": "Item", "2-1-2": "Item", "3": "Part", "3-1": "Section", "closing": "Closing"}
    assert document.provisions["2-1-2"].number == "二(一)2"
    assert document.provisions["2-1-2"].title == "氢能"
    assert document.provisions["2"].children == ["2-1"]


def test_metadata_lines_are_read():
    document = split_document(EXCERPT.read_text(encoding="utf-8"))
    assert document.title == "省政府关于加快培育发展未来产业的指导意见"
    assert document.number == "苏政发〔2023〕104号"
    assert document.issuer == "江苏省人民政府"
    assert document.date == "2023年11月6日"


def test_page_breaks_inside_words_are_repaired():
    document = split_document(EXCERPT.read_text(encoding="utf-8"))
    texts = [s.text for s in document.sentences.values()]
    assert "到2030年，重点领域实现重大突破，培育一批头部企业。" in texts
    assert len(document.repairs) == 2  # the title across two lines, and 培⏎育


def test_headings_and_page_numbers_are_not_joined():
    lines, repairs = repair_lines("一、总体要求\n\n（一）主要目标。\n\n- 3 -\n\n到2025年，建设\n\n10个平台。")
    assert lines == ["一、总体要求", "（一）主要目标。", "到2025年，建设10个平台。"]
    assert len(repairs) == 1


def test_responsibility_clause_is_a_sentence_of_its_own():
    pieces = split_sentences("推动发展。加快建设。（省科技厅、省发展改革委等按职责分工负责）")
    assert pieces == ["推动发展。", "加快建设。", "（省科技厅、省发展改革委等按职责分工负责）"]


def test_sentence_keys_and_positions():
    document = split_document(EXCERPT.read_text(encoding="utf-8"))
    sentences = document.provisions["3-1"].sentences
    assert [s.key for s in sentences] == ["3-1-s1", "3-1-s2", "3-1-s3", "3-1-s4"]
    assert sentences[0].text == "（一）突出产业创新策源。"
    positions = [s.document_position for s in document.sentences.values()]
    assert positions == list(range(1, len(positions) + 1))


def test_chinese_numbers():
    assert [cn_number(n) for n in ("一", "九", "十", "十一", "二十", "二十三")] == [1, 9, 10, 11, 20, 23]


def test_text_without_structure_gives_no_provisions():
    document = split_document("今天天气很好，我们去公园散步。\n公园里有很多人。")
    assert document.numbered == []
    assert len(document.sentences) >= 1


CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def test_a_text_copied_from_the_web_is_normalised_and_its_line_breaks_joined():
    document = split_document((CORPUS / "changzhou-2025-9.txt").read_text(encoding="utf-8"))
    assert document.number == "常政发〔2025〕9号" and document.normalised.looks_copied
    texts = {key: s.text for key, s in document.sentences.items()}
    assert texts["1-s2"] == "到2027年，全市未来产业集聚发展态势初步形成，产业规模突破500亿元。"
    assert texts["4-1-s3"] == "（责任单位：市工信局）"  # a clause broken inside its brackets
    assert texts["2-1-s1"] == "（一）新型储能。"  # a heading with its body on the same line, cut by a break
    assert texts["4-3-s4"] == "各辖市、区要结合实际，抓好本通知贯彻落实。"
    assert document.issuers == ["常州市人民政府"] and document.date == "2025年3月12日"


def test_signature_lines_give_every_issuer():
    document = split_document((CORPUS / "miit-2025-38.txt").read_text(encoding="utf-8"))
    assert document.issuers == ["工业和信息化部", "科学技术部", "国家发展改革委", "教育部", "财政部",
                                "人力资源社会保障部"]
    assert [s.text for s in document.provisions["2-1"].sentences][2] == "专栏1　未来产业重点方向"


def test_an_annex_after_the_date_is_a_provision_with_a_sentence_a_row():
    document = split_document((CORPUS / "anhui-2025-16.txt").read_text(encoding="utf-8"))
    annex = document.provisions["annex"]
    assert (annex.kind, annex.number, annex.title) == ("Annex", "附件", "重点任务分工表")
    assert annex.sentences[3].text == "1\t实施前沿技术攻关行动\t省科技厅\t省发展改革委、省经济和信息化厅"
    closing = [s.text for s in document.provisions["closing"].sentences]
    assert closing == ["附件：重点任务分工表", "安徽省人民政府办公厅", "2025年5月20日"]
