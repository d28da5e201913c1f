"""The progress status of a quantitative target: the project's rule, one pure function (issue 21).

Learnt from Open SDG's progress measure, but ours: times are fractional years at the *end* of a reference
period (a year's value is the value reached by the end of it), and a target due by year Y is due at the end
of Y (``due`` = Y + 1). With the observations in time order, the latest (t1, x1) and the earliest (t0, x0):

- ``no_data`` without observations;
- an annual target (每年, ``due`` None) is judged on its latest year alone: ``achieved`` or ``behind``;
- ``achieved`` if the latest value meets the target (x1 ≥ T);
- ``missed`` if the latest observation is after the target's due time and the target is not met;
- ``insufficient_data`` with observations at one time only that do not meet the target;
- otherwise ratio = observed pace / required pace, observed = (x1 − x0)/(t1 − t0), required =
  (T − x0)/(due − t0): ``on_track`` from 0.95, ``needs_acceleration`` from 0.6, ``limited_progress`` from 0,
  ``deterioration`` below 0. When the earliest value already met the target (required pace ≤ 0) and the latest
  does not, there is no ratio and the status is ``deterioration``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ON_TRACK, NEEDS_ACCELERATION, LIMITED_PROGRESS = 0.95, 0.6, 0.0  # lowest ratio of each status
STATUSES = ("achieved", "on_track", "needs_acceleration", "limited_progress", "deterioration", "missed", "behind",
            "insufficient_data", "no_data")


@dataclass(frozen=True)
class Point:
    """One observation: ``time`` in fractional years (the end of its reference period) and its value."""

    time: float
    value: float


@dataclass(frozen=True)
class Progress:
    """A status of :data:`STATUSES`; the ratio and the paces (units a year) where the rule computes them."""

    status: str
    ratio: float | None = None
    required_pace: float | None = None
    observed_pace: float | None = None


def progress_status(target: float, due: float | None, series: Sequence[Point]) -> Progress:
    """The status of a target of value ``target`` due at ``due`` (None: annual) given its observations."""
    if not series:
        return Progress("no_data")
    ordered = sorted(series, key=lambda p: p.time)
    first, latest = ordered[0], ordered[-1]
    if due is None:
        return Progress("achieved" if latest.value >= target else "behind")
    if latest.value >= target:
        return Progress("achieved")
    if latest.time > due:
        return Progress("missed")
    if latest.time <= first.time:
        return Progress("insufficient_data")
    observed = (latest.value - first.value) / (latest.time - first.time)
    required = (target - first.value) / (due - first.time)
    if required <= 0:  # met at first, no longer: falling back is deterioration, and there is no ratio
        return Progress("deterioration", None, required, observed)
    ratio = observed / required
    status = ("on_track" if ratio >= ON_TRACK else "needs_acceleration" if ratio >= NEEDS_ACCELERATION else
              "limited_progress" if ratio >= LIMITED_PROGRESS else "deterioration")
    return Progress(status, ratio, required, observed)
