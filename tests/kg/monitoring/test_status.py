"""The progress rule, status by status, with the edges of its thresholds and a target met before its year."""

from __future__ import annotations

import pytest

from kg.monitoring.status import STATUSES, Point, Progress, progress_status

# A target of 100 due at the end of 2030 (time 2031.0); first observation 0 at the end of 2020 (2021.0):
# the required pace is 10 a year, so the latest value after two years sets the ratio: 19 → 0.95, 12 → 0.6.
T, DUE, START = 100, 2031.0, Point(2021.0, 0)


def status(*points: Point, target: float = T, due: float | None = DUE) -> Progress:
    return progress_status(target, due, list(points))


def test_no_observation_is_no_data() -> None:
    assert status() == Progress("no_data")


def test_a_target_already_met_is_achieved_whatever_came_before() -> None:
    assert status(Point(2024.0, 100)).status == "achieved"  # one observation that meets it is enough
    assert status(START, Point(2022.0, 150)).status == "achieved"
    assert status(START, Point(2035.0, 100)).status == "achieved"  # met late is met: not missed


def test_after_the_due_time_unmet_is_missed() -> None:
    assert status(START, Point(2031.5, 99)).status == "missed"
    assert status(START, Point(2031.0, 99)).status != "missed"  # at the due time itself: still judged by pace


def test_one_observation_short_of_the_target_is_insufficient_data() -> None:
    assert status(Point(2024.0, 40)).status == "insufficient_data"
    assert status(Point(2024.0, 40), Point(2024.0, 41)).status == "insufficient_data"  # one time only


@pytest.mark.parametrize(("latest", "expected"), [
    (25, "on_track"),
    (19, "on_track"),  # ratio exactly 0.95
    (18.9, "needs_acceleration"),
    (12, "needs_acceleration"),  # ratio exactly 0.6
    (11.9, "limited_progress"),
    (0, "limited_progress"),  # no change: ratio 0
    (-1, "deterioration"),
])
def test_the_pace_ratio_and_its_edges(latest: float, expected: str) -> None:
    progress = status(START, Point(2022.0, 5), Point(2023.0, latest))
    assert progress.status == expected
    assert progress.required_pace == 10 and progress.observed_pace == latest / 2
    assert progress.ratio == pytest.approx(latest / 20)


def test_the_ratio_edges_are_exact() -> None:
    assert status(START, Point(2023.0, 19)).ratio == 0.95
    assert status(START, Point(2023.0, 12)).ratio == 0.6


def test_the_series_order_does_not_matter() -> None:
    assert status(Point(2023.0, 19), START) == status(START, Point(2023.0, 19))


def test_falling_back_below_a_target_met_at_first_is_deterioration_without_a_ratio() -> None:
    progress = status(Point(2022.0, 120), Point(2024.0, 90))
    assert progress.status == "deterioration" and progress.ratio is None and progress.observed_pace == -15


def test_an_annual_target_is_judged_on_its_latest_year_alone() -> None:
    assert status(Point(2024.0, 18), Point(2025.0, 16), target=15, due=None) == Progress("achieved")
    assert status(Point(2024.0, 18), Point(2026.0, 15), target=15, due=None) == Progress("achieved")  # the edge
    assert status(Point(2025.0, 16), Point(2026.0, 12), target=15, due=None) == Progress("behind")
    assert status(target=15, due=None) == Progress("no_data")


def test_every_status_is_reachable() -> None:
    seen = {status().status, status(Point(2024.0, 100)).status, status(START, Point(2032.0, 1)).status,
            status(Point(2024.0, 1)).status, status(START, Point(2023.0, 30)).status,
            status(START, Point(2023.0, 14)).status, status(START, Point(2023.0, 2)).status,
            status(START, Point(2023.0, -2)).status, status(Point(2024.0, 1), target=15, due=None).status}
    assert seen == set(STATUSES)
