"""A target's progress drawn as inline SVG geometry (no script, no CDN): the target's line and the observed
values, in a fixed view box the page scales. The template (api/templates/targets.html) writes the elements; the
status colours them (api/static/site.css, ``.status-…``).

Time runs along x in fractional years, each value at the end of its period, so a tick labelled 2025 stands at
the end of 2025 (where a target due by 2025 falls due). The target's line is the level it must reach and, for a
target due by a year, the required path from the first observation to that level at the due time — the line
the pace ratio compares the observed path with. An annual target (每年) is a level every year must reach.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from kg.monitoring.progress import TargetProgress

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 14, 14, 30
FIRST_YEAR = 2023  # the policy's year of issue: where every chart starts
END_MARGIN = 0.4  # years drawn after the last point or due time
STATUS_LABELS = {  # (zh, en)
    "achieved": ("已实现", "achieved"),
    "on_track": ("按期推进", "on track"),
    "needs_acceleration": ("需加快", "needs acceleration"),
    "limited_progress": ("进展有限", "limited progress"),
    "deterioration": ("倒退", "deterioration"),
    "missed": ("未按期实现", "missed"),
    "behind": ("未达年度目标", "behind"),
    "insufficient_data": ("数据不足", "insufficient data"),
    "no_data": ("暂无数据", "no data"),
}


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    date: str
    value: float | int
    obs_status: str


@dataclass(frozen=True)
class Chart:
    """SVG coordinates (view box ``0 0 width height``) of one target's chart."""

    width: int
    height: int
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    level: tuple[float, float, float, float]  # the target's level: x1, y1, x2, y2
    required: tuple[float, float, float, float] | None  # the required path, first observation to due time
    due_x: float | None
    points: list[ChartPoint] = field(default_factory=list)

    @property
    def observed_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def plot(self) -> tuple[int, int, int, int]:
        """The plot area: left, top, right, bottom."""
        return LEFT, TOP, self.width - RIGHT, self.height - BOTTOM


def progress_chart(progress: TargetProgress) -> Chart:
    """The chart of ``progress``."""
    due = None if progress.target_year is None or progress.period == "annual" else progress.target_year + 1.0
    times = [o.time for o in progress.series]
    start = float(min([FIRST_YEAR, *(math.floor(t) - 1 for t in times)]))
    last = float(max([FIRST_YEAR + 4, *(math.ceil(t) for t in times), *([due] if due else [])]))
    end = last + END_MARGIN  # room for the last point and the last year's label
    target = float(progress.quantity)
    top = max([target, *(float(o.value) for o in progress.series)]) * 1.15 or 1.0
    bottom = min([0.0, *(float(o.value) for o in progress.series)])

    def x(t: float) -> float:
        return LEFT + (t - start) / (end - start) * (WIDTH - LEFT - RIGHT)

    def y(v: float) -> float:
        return HEIGHT - BOTTOM - (v - bottom) / (top - bottom) * (HEIGHT - TOP - BOTTOM)

    step = 1 if last - start <= 8 else 2
    x_ticks = [(x(t), str(int(t) - 1)) for t in range(int(start) + 1, int(last) + 1) if (int(last) - t) % step == 0]
    y_ticks = sorted({(y(v), _number(v)) for v in (bottom, target)})
    required = None
    if due is not None and progress.series and progress.series[0].time < due:
        first = progress.series[0]
        required = (x(first.time), y(float(first.value)), x(due), y(target))
    points = [ChartPoint(x(o.time), y(float(o.value)), o.date, o.value, o.obs_status) for o in progress.series]
    return Chart(WIDTH, HEIGHT, x_ticks, y_ticks, (x(start), y(target), x(end), y(target)), required,
                 None if due is None else x(due), points)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
