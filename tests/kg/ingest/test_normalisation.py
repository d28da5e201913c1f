"""Normalising a text before the rules read it: punctuation in Chinese text, document numbers, line ends."""

from __future__ import annotations

from kg.ingest.normalisation import normalise


def test_half_width_marks_in_chinese_text_become_full_width():
    result = normalise("各辖市、区人民政府,市各委办局:\n为加快发展;现通知如下.(责任单位:市工信局)")
    assert result.text == "各辖市、区人民政府，市各委办局：\n为加快发展；现通知如下.（责任单位：市工信局）"
    assert result.marks == 5 and result.looks_copied  # a bracket pair counts once


def test_numbers_and_latin_words_keep_their_marks():
    result = normalise("产值3,000亿元，碳化硅(SiC)衬底，10:30开会")
    assert result.text == "产值3,000亿元，碳化硅(SiC)衬底，10:30开会"
    assert result.marks == 0 and not result.looks_copied


def test_a_bracket_pair_across_a_line_break_is_one_pair():
    assert normalise("建设平台。(责任单位:\n市工信局)").text == "建设平台。（责任单位：\n市工信局）"


def test_document_numbers_get_their_brackets():
    result = normalise("常政发[2025]9号\n依据苏政发（2023）104号")
    assert result.text == "常政发〔2025〕9号\n依据苏政发〔2023〕104号"
    assert result.numbers == 2


def test_an_official_text_is_left_as_it_is():
    text = "各市、县（市、区）人民政府：\n为加快培育发展未来产业，提出如下意见。\r\n"
    assert normalise(text).text == text.replace("\r\n", "\n")
