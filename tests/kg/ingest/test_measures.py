"""Measures and their responsible parties: the genre's clause forms, task sections, a task table."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.measures import find_measures, parse_clause
from kg.ingest.provisions import split_document

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


@pytest.mark.parametrize("clause,parties,leads,open_list", [
    ("（省科技厅、省发展改革委等按职责分工负责）", ("省科技厅", "省发展改革委"), 1, True),
    ("（责任单位：市发改委、市工信局）", ("市发改委", "市工信局"), 1, False),
    ("（牵头单位：市工信局；配合单位：市科技局、市商务局）", ("市工信局", "市科技局", "市商务局"), 1, False),
    ("（牵头单位：市工信局、市财政局；配合单位：市科技局等）", ("市工信局", "市财政局", "市科技局"), 2, True),
    ("（省科技厅牵头，省财政厅、省教育厅配合）", ("省科技厅", "省财政厅", "省教育厅"), 1, False),
])
def test_the_genres_responsibility_clauses(clause, parties, leads, open_list):
    assert parse_clause(clause) == (parties, leads, open_list)


@pytest.mark.parametrize("text", ["（此件公开发布）", "（一）", "（2025—2027年）", "推动发展。"])
def test_other_brackets_are_no_responsibility_clause(text):
    assert parse_clause(text) is None


def test_task_sections_are_measures_even_without_a_clause():
    measures = find_measures(split_document((CORPUS / "miit-2025-38.txt").read_text(encoding="utf-8")))
    assert [(m.provision, m.cls) for m in measures][:2] == [("2-1", "KeyMeasure"), ("2-2", "KeyMeasure")]
    assert len(measures) == 10 and all(m.parties == () and m.sentence is None for m in measures)
    assert measures[-1].cls == "SafeguardMeasure"


def test_a_task_table_gives_the_parties_of_the_task_its_row_names():
    measures = {m.provision: m for m in find_measures(split_document(
        (CORPUS / "anhui-2025-16.txt").read_text(encoding="utf-8")))}
    pilot = measures["3-2"]
    assert pilot.parties == ("省发展改革委", "省科技厅", "省经济和信息化厅", "各市人民政府")
    assert pilot.leads == 2 and pilot.sentence == "annex-s5"
    assert measures["4-2"].parties == ()  # 强化要素保障 has no row: nobody is assigned


def test_a_closing_paragraph_after_the_clause_does_not_hide_it():
    measures = {m.provision: m for m in find_measures(split_document(
        (CORPUS / "changzhou-2025-9.txt").read_text(encoding="utf-8")))}
    assert measures["4-3"].parties == ("市委人才办", "市人社局")
