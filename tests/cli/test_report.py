"""kg.reporting: validating files and printing reports with labels, messages in the requested language."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from cli.report import print_report, validate_files
from kg.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "shapes"


def test_a_report_table_shows_labels_the_shape_and_the_message_in_the_language(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text((FIXTURES / "base.ttl").read_text() + (FIXTURES / "responsibility-agent.ttl").read_text())
    report, store = validate_files(load_settings(environ={}, project_dir=ROOT, store_path=":memory:"), [broken])
    console = Console(record=True, width=300)
    print_report(console, report, "zh", store)
    text = console.export_text()
    assert "举措责任单位2 (id:responsibility/m-2)" in text and "海水制氢 (id:technology/seawater)" in text
    assert "ResponsibilityAgentShape" in text and "责任单位必须恰为一个机构" in text
    assert "does not conform: 1 violation(s), 0 warning(s)" in text


def test_blank_node_focus_nodes_print_without_label_lookups(tmp_path: Path) -> None:
    broken = tmp_path / "axiom.ttl"
    broken.write_text((FIXTURES / "base.ttl").read_text() + """
        [] a owl:Axiom ; owl:annotatedSource id:technology\\/seawater ;
           owl:annotatedProperty fikg:belongsToIndustry ; owl:annotatedTarget id:document\\/doc ;
           fikg:statedIn id:sentence\\/doc-1-s1 ; fikg:statedInProvision id:provision\\/doc-1 .""")
    report, store = validate_files(load_settings(environ={}, project_dir=ROOT, store_path=":memory:"), [broken])
    console = Console(record=True, width=300)
    print_report(console, report, "en", store)
    assert "AxiomAssertedConstraint" in console.export_text()
