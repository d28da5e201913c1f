"""The chart geometry: values at the end of their period, the target's level and required path, the due time."""

from __future__ import annotations

import pytest

from kg.monitoring.chart import HEIGHT, STATUS_LABELS, WIDTH, progress_chart
from kg.monitoring.progress import Observation, TargetProgress
from kg.monitoring.status import STATUSES


def report(series: list[tuple[str, float, float]], year: int | None = 2030, period: str | None = None,
           quantity: int = 20) -> TargetProgress:
    observations = [Observation(f"http://ex/o/{date}", date, f"http://ex/p/{date}", time, value, "A", "")
                    for date, time, value in series]
    return TargetProgress("http://ex/t", "t", {}, quantity, "exactly", "个", year, period, None, None, {}, None, [],
                          "on_track", None, None, None, observations[-1] if observations else None, observations)


def test_values_stand_at_the_end_of_their_year_and_the_target_falls_due_at_the_end_of_its_year() -> None:
    chart = progress_chart(report([("2023", 2024.0, 2), ("2025", 2026.0, 8)]))
    left, top, right, bottom = chart.plot
    labels = dict((label, x) for x, label in chart.x_ticks)
    assert [p.x for p in chart.points] == [labels["2023"], labels["2025"]]
    assert chart.due_x == pytest.approx(labels["2030"])
    assert 0 < right - chart.due_x < 0.05 * (right - left)  # the axis ends just after the due time
    assert chart.points[0].y > chart.points[1].y  # higher values higher up
    assert chart.level[1] == chart.level[3] == chart.required[3]  # the level, reached by the required path
    assert chart.required[:2] == (chart.points[0].x, chart.points[0].y)  # from the first observation
    assert all(left <= p.x <= right and top <= p.y <= bottom for p in chart.points)
    assert (chart.width, chart.height) == (WIDTH, HEIGHT)


def test_an_annual_target_is_a_level_without_a_due_time() -> None:
    chart = progress_chart(report([("2024", 2025.0, 18), ("2026", 2027.0, 12)], year=None, period="annual",
                                  quantity=15))
    assert chart.due_x is None and chart.required is None and len(chart.points) == 2


def test_without_observations_the_chart_has_the_target_only() -> None:
    chart = progress_chart(report([]))
    assert chart.points == [] and chart.required is None and chart.observed_path == ""
    assert [label for _, label in chart.y_ticks] == ["20", "0"]


def test_every_status_has_a_label_in_both_languages() -> None:
    assert set(STATUS_LABELS) == set(STATUSES)
    assert all(zh and en for zh, en in STATUS_LABELS.values())
