"""target-progress and the progress report on the real graph with the example observations (invented data),
loaded in three steps as releases would arrive: each target shows the status the example was designed for."""

from __future__ import annotations

import pytest

from kg.monitoring.observations import load_observations
from kg.monitoring.progress import progress_rows, target_progress
from kg.monitoring.rows import read_csv
from kg.query.executor import QueryExecutor
from kg.query.named import json_rows
from kg.store.embedded import EmbeddedStore
from kg.writes.gate import stage
from tests.helpers.built_graph import built_store
from tests.helpers.monitoring import ID, ROOT, example_csv, monitoring_settings

QUERIES = ROOT / "queries"
BASE = "https://w3id.org/fikg/"
# target slug -> status once the rows to the end of 2024, to the end of 2025, and all rows are loaded
DESIGN = {
    "2025-future-industry-platform-carriers": ("needs_acceleration", "needs_acceleration", "missed"),
    "2025-future-industry-leading-talents": ("insufficient_data", "achieved", "achieved"),
    "annual-forward-looking-technology-projects": ("achieved", "achieved", "behind"),
    "2030-provincial-future-industry-pilot-zones": ("insufficient_data", "on_track", "on_track"),
    "2030-open-application-scenarios": ("insufficient_data", "limited_progress", "needs_acceleration"),
    "2030-future-industry-innovation-talents": ("no_data", "insufficient_data", "deterioration"),
}


@pytest.fixture(scope="module")
def steps() -> list[EmbeddedStore]:
    """Copies of the real graph after each step of loading the example (validated by the gate)."""
    settings = monitoring_settings()
    store, copies = stage(built_store()), []
    with QueryExecutor(settings, workers=1) as executor:
        for until in (2024, 2025, None):
            load_observations(store, read_csv(example_csv(until)), settings, executor=executor)
            copies.append(stage(store))
    return copies


def statuses(store: EmbeddedStore) -> dict[str, str]:
    return {row["iri"].removeprefix(ID + "target/"): row["status"] for row in json_rows(progress_rows(store, QUERIES))}


def test_every_target_shows_its_designed_status_at_each_step(steps: list[EmbeddedStore]) -> None:
    got = {slug: tuple(statuses(store)[slug] for store in steps) for slug in DESIGN}
    assert got == DESIGN


def test_without_observations_every_target_has_no_data() -> None:
    assert set(statuses(built_store()).values()) == {"no_data"}
    assert len(statuses(built_store())) == 6


def test_the_rows_carry_the_earliest_and_latest_observation_and_the_ratio(steps: list[EmbeddedStore]) -> None:
    rows = {row["iri"].removeprefix(ID + "target/"): row for row in json_rows(progress_rows(steps[-1], QUERIES))}
    pilot = rows["2030-provincial-future-industry-pilot-zones"]
    assert (pilot["observations"], pilot["first_value"], pilot["latest_value"]) == (3, 2, 11)
    assert pilot["latest_period"] == ID + "period/2026"
    assert pilot["ratio"] == pytest.approx(1.1667) and pilot["required_pace"] == pytest.approx(18 / 7, abs=1e-4)
    assert "ratio" not in rows["2025-future-industry-leading-talents"]  # achieved: no ratio
    carriers = rows["2025-future-industry-platform-carriers"]
    assert carriers["latest_period"] == ID + "period/2026-06-30" and carriers["latest_value"] == 9


def test_the_report_of_one_target(steps: list[EmbeddedStore]) -> None:
    report = target_progress(steps[-1], QUERIES, BASE, "2030-open-application-scenarios")
    assert report is not None and report.status == "needs_acceleration"
    assert report.section == "三(三)" and "建设50个以上开放应用场景" in report.sentence["text"]
    assert report.target_year == 2030 and report.quantity == 50 and report.comparator == "atLeast"
    assert [(o.date, o.value, o.obs_status) for o in report.series] == [("2023", 6, "A"), ("2025", 11, "A"),
                                                                         ("2026", 22, "E")]
    assert report.latest == report.series[-1] and report.series[0].time == 2024.0
    assert report.observed_pace == pytest.approx(16 / 3, abs=1e-4)
    assert report.measure is not None and report.agencies
    assert all(a["label"].get("zh") for a in report.agencies)


def test_a_target_of_the_general_goals_has_no_measure_and_no_agency(steps: list[EmbeddedStore]) -> None:
    report = target_progress(steps[-1], QUERIES, BASE, "2025-future-industry-leading-talents")
    assert report is not None and report.measure is None and report.agencies == []
    assert report.section == "一(二)"


def test_an_unknown_slug_has_no_report(steps: list[EmbeddedStore]) -> None:
    assert target_progress(steps[-1], QUERIES, BASE, "no-such-target") is None

