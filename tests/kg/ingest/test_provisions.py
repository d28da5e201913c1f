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
