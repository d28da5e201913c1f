"""Quantitative targets: numbers in words, comparators, and the year of a goal paragraph."""

from __future__ import annotations

import pytest

from kg.ingest.provisions import split_document
from kg.ingest.targets import arabic, find_targets, numeral_value

GOALS = """关于培育未来产业的实施意见
（试发〔2025〕1号）
各市人民政府：
一、总体要求
（一）工作目标。
到2027年，产业实力显著提升。推动百项标志性产品实现产业化应用。培育百家左右领军企业，打造十个以上特色集群。建设一批孵化器。研发投入力争翻一番。全省营业收入突破3000亿元。
到2030年，涌现二十家以上生态主导型企业。
发展壮大产业集群，建设5个示范基地。
试市人民政府
2025年1月2日
"""


@pytest.mark.parametrize("text,value", [("一", 1), ("十", 10), ("二十", 20), ("百", 100), ("三百", 300),
                                        ("一千二百", 1200), ("两", 2), ("一二", None)])
def test_numerals(text, value):
    assert numeral_value(text) == value


def test_numbers_in_words_before_a_measure_word_become_digits():
    assert arabic("推动百项产品，打造十个以上集群，涌现二十家企业") == "推动100项产品，打造10个以上集群，涌现20家企业"
    assert arabic("建设一批孵化器，“十四五”时期，提供一站式服务") == "建设一批孵化器，“十四五”时期，提供一站式服务"


def test_targets_in_words_carry_the_year_of_their_goal_paragraph():
    targets, counted = find_targets(split_document(GOALS))
    rows = [(t.sentence, t.year, t.quantity, t.unit, t.comparator) for t in targets]
    assert rows == [
        ("1-1-s3", 2027, 100, "项", "exactly"),
        ("1-1-s4", 2027, 100, "家", None),  # 左右: about, no comparator
        ("1-1-s4", 2027, 10, "个", "atLeast"),
        ("1-1-s6", 2027, 2, "倍", "exactly"),  # 翻一番: a doubling; 力争 changes nothing
        ("1-1-s7", 2027, 3000, "亿元", "atLeast"),  # 突破, the subject first
        ("1-1-s8", 2030, 20, "家", "atLeast"),
        ("1-1-s9", None, 5, "个", "exactly"),  # a new paragraph: no year in scope, and the target says so
    ]
    assert targets[-1].doubt is not None
    assert targets[0].wording == "推动百项标志性产品实现产业化应用"  # as written, in words
    assert {m.label for m in counted} >= {"标志性产品", "领军企业", "特色集群", "生态主导型企业"}
    assert not any("一批" in t.wording for t in targets)  # 一批 has no quantity: a milestone, not a target
