"""kg/resolution/normalise.py: the ways one name is written share one normal form; words, segments, bigrams."""

from __future__ import annotations

import pytest

from kg.resolution.normalise import bigrams, english_words, has_han, normal_form, segments, similarity, singular


@pytest.mark.parametrize(("a", "b"), [
    ("SiC", "ｓｉｃ"),  # full-width letters, case
    ("CAR-T", "ＣＡＲ－Ｔ"),  # full-width hyphen
    ("CAR-T", "car t"),  # hyphen and space
    ("Ga₂O₃", "ga2o3"),  # subscripts
    ("三（三）", "三(三)"),  # full-width brackets
    ("AI 大模型", "AI大模型"),  # spaces
    ("细胞和基因技术", "细胞与基因技术"),  # particles 和 / 与
    ("碳捕集利用及封存", "碳捕集利用与封存"),  # 及 / 与
    ("新型的储能", "新型储能"),  # 的
    ("all-solid-state batteries", "All Solid State Battery"),  # plural, case, hyphens
    ("CAR-T cell therapies", "car-t cell therapy"),  # -ies plural
    ("solid-state hydrogen storage", "Solid State Hydrogen Storage"),
])
def test_ways_of_writing_a_name_share_its_normal_form(a: str, b: str) -> None:
    assert normal_form(a) == normal_form(b)


@pytest.mark.parametrize(("a", "b"), [("SiC", "GaN"), ("氢能", "氢能源"), ("glass", "glas"), ("储能", "储氢")])
def test_different_names_keep_different_forms(a: str, b: str) -> None:
    assert normal_form(a) != normal_form(b)


def test_singular_keeps_short_words_and_double_s() -> None:
    assert [singular(w) for w in ["technologies", "batteries", "fibres", "hts", "glass", "gas"]] == [
        "technology", "battery", "fibre", "hts", "glass", "gas"]


def test_english_words_are_singular_without_stop_words() -> None:
    assert english_words("Production of Hydrogen from Seawater") == {"production", "hydrogen", "seawater"}
    assert english_words("6G and beyond") == {"6g", "beyond"}
    assert english_words("海水制氢") == frozenset()


def test_segments_of_chinese_names_hold_their_words() -> None:
    assert {"飞轮", "储能"} <= segments("飞轮储能", search=True)
    assert segments("碳化硅") <= segments("碳化硅衬底及外延材料", search=True)
    assert has_han("AI大模型") and not has_han("CAR-T")


def test_bigram_similarity_is_dice_of_normal_forms() -> None:
    assert similarity(bigrams("纳硫电池"), bigrams("钠硫电池")) == pytest.approx(2 * 2 / 6)
    assert similarity(bigrams("SiC"), bigrams("ｓｉｃ")) == 1.0
    assert similarity(bigrams("区块链"), bigrams("海水制氢")) == 0.0
    assert bigrams("氢") == {"氢"}  # one character: itself
    assert similarity(bigrams(""), bigrams("氢")) == 0.0
