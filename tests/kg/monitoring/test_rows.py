"""Reading rows: CSV with comments, a BOM, quoted fields and line numbers; RDF Data Cube nodes; malformed input."""

from __future__ import annotations

import pytest

from kg.errors import ObservationError
from kg.monitoring.rows import ObservationRow, read_csv, read_rdf

T = "https://w3id.org/fikg/id/target/2030-open-application-scenarios"


def test_comments_a_bom_and_quoted_fields_keep_row_and_line_numbers() -> None:
    text = (f"\ufeff# invented\n# data\ntarget,date,value,obs_status,source\n{T},2024,8,,\n\n"
            f'{T},2025,9,P,"two\nlines, and a comma"\n{T},2026,10,,\n')
    rows = read_csv(text)
    assert [(r.row, r.line, r.date) for r in rows] == [(1, 4, "2024"), (3, 6, "2025"), (4, 8, "2026")]
    assert rows[1].source == "two\nlines, and a comma" and rows[1].obs_status == "P"


def test_the_columns_may_come_in_any_order_and_the_optional_ones_may_be_missing() -> None:
    (row,) = read_csv(f"Value,Target,Date\n 7 ,{T}, 2025\n")
    assert row == ObservationRow(1, T, "2025", "7", "", "", 2)


@pytest.mark.parametrize(("text", "reason"), [
    ("goal,when,value\nx,2025,1\n", "missing: target, date"),
    ("target,date,value,colour\nx,2025,1,red\n", "unknown: colour"),
    ("target,date,value\n", "no observation"),
    ("", "missing: target, date, value"),
    ("target,date,value\nx,2025\n", "2 fields, the header has 3"),
])
def test_malformed_files_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ObservationError) as refused:
        read_csv(text)
    assert reason in str(refused.value)


def test_data_cube_nodes_become_rows() -> None:
    turtle = f"""@prefix fikg: <https://w3id.org/fikg/ontology#> .
    @prefix m: <http://purl.org/linked-data/sdmx/2009/measure#> .
    _:a fikg:refIndicator <https://w3id.org/fikg/id/indicator/x> ;
        fikg:refPeriod <https://w3id.org/fikg/id/period/2026-06-30> ; m:obsValue 4 ;
        <http://purl.org/dc/terms/source> "release" .
    <{T}> <http://www.w3.org/2000/01/rdf-schema#label> "not an observation" ."""
    (row,) = read_rdf(turtle, "text/turtle")
    assert (row.target, row.date, row.value, row.source, row.row) == (
        "https://w3id.org/fikg/id/indicator/x", "2026-06-30", "4", "release", None)
    assert row.node.startswith("_:")


def test_a_node_with_two_values_is_refused() -> None:
    turtle = """<http://ex/o> <http://purl.org/linked-data/sdmx/2009/measure#obsValue> 1, 2 ."""
    with pytest.raises(ObservationError) as refused:
        read_rdf(turtle, "text/turtle")
    assert refused.value.problems[0].node == "http://ex/o" and refused.value.problems[0].column == "value"
