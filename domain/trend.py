"""The optimizing metric over time: the readings of its current definition against its target and
best baseline (what ``show``'s chart draws and the card's sparkline says), and how it moved since a
moment (the digest's direction since the channel's last digest).

Pure. Readings of an earlier definition of the metric are never part of a trend: they measured
something else (``Project.series_readings``). Unknown stays unknown: no target, no baseline or a
single reading is said as such, never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.metrics import Direction
from domain.project import Project

BARS = "▁▂▃▄▅▆▇█"
SPARK_MAX = 20  # readings a sparkline shows (the newest); a chart shows them all


@dataclass(frozen=True)
class Point:
    at: datetime
    value: float


@dataclass(frozen=True)
class Trend:
    """The current metric's readings, oldest first, with what they are measured against."""

    metric: str
    unit: str
    direction: Direction
    points: tuple[Point, ...]
    target: float | None
    baseline: float | None
    baseline_kind: str | None

    @property
    def chartable(self) -> bool:
        """Two readings make a line; one is a point the card already states."""
        return len(self.points) >= 2

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points]


def trend_of(project: Project) -> Trend | None:
    """The trend of ``project``'s optimizing metric, or None when it has none."""
    metric = project.scope.optimizing
    if metric is None:
        return None
    best = project.best_baseline()
    return Trend(
        metric=metric.name,
        unit=metric.unit,
        direction=metric.direction,
        points=tuple(Point(r.at, r.value) for r in project.series_readings),
        target=metric.target,
        baseline=best.value if best else None,
        baseline_kind=best.kind.value.replace("_", "-") if best else None,
    )


def sparkline(values: list[float], reference: Iterable[float | None] = ()) -> str:
    """One bar per value, low to high on a range that holds the values and the ``reference`` lines
    (the target, the best baseline), so that noise far from both reads as the small move it is;
    with nothing else to measure against, the values' own range (all equal: mid-height bars)."""
    if not values:
        return ""
    span = [*values, *(r for r in reference if r is not None)]
    low, high = min(span), max(span)
    if high == low:
        return BARS[3] * len(values)
    top = len(BARS) - 1
    return "".join(BARS[round((v - low) / (high - low) * top)] for v in values)


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def trend_line(trend: Trend) -> str:
    """The text the chart stands for: '▃▄▅▆ 0.61 → 0.7 (4 readings) · target 0.8 · best baseline 0.55'
    (the bars on a scale that holds target and baseline). One reading is no trend: no bar, no arrow."""
    values = trend.values
    unit = f" {trend.unit}" if trend.unit else ""
    shown = values[-SPARK_MAX:]
    earlier = "…" if len(values) > SPARK_MAX else ""
    bars = sparkline(shown, (trend.target, trend.baseline))
    head = f"{earlier}{bars} {num(values[0])} → {num(values[-1])}{unit} ({len(values)} readings)"
    if len(values) == 1:
        head = f"{num(values[0])}{unit} (one reading: no trend yet)"
    target = f"target {num(trend.target)}{unit}" if trend.target is not None else "no target"
    baseline = f"best baseline {num(trend.baseline)}" if trend.baseline is not None else "no baseline measured"
    return f"{head} · {target} · {baseline}"


def alt_text(trend: Trend, zone: str = "UTC") -> str:
    """What the chart shows, in words, for those who cannot see it (an image block needs one); its
    dates in ``zone`` (an IANA name: the reader's, as the chart draws them)."""
    first, last = (Point(p.at.astimezone(ZoneInfo(zone)), p.value) for p in (trend.points[0], trend.points[-1]))
    unit = f" {trend.unit}" if trend.unit else ""
    target = f"target {num(trend.target)}{unit}" if trend.target is not None else "no target"
    baseline = (
        f"best baseline {num(trend.baseline)} ({trend.baseline_kind})" if trend.baseline is not None else "no baseline"
    )
    return (
        f"{trend.metric} ({trend.direction.value} is better) over time: {len(trend.points)} readings, "
        f"{num(first.value)}{unit} on {first.at:%Y-%m-%d} to {num(last.value)}{unit} on {last.at:%Y-%m-%d}; "
        f"{target}; {baseline}{'' if zone == 'UTC' else f'; dates in {zone}'}."
    )[:2000]


@dataclass(frozen=True)
class Movement:
    """How the current metric moved: from the value it had (the last reading at or before the
    moment, else the first after it) to the latest reading."""

    first: float
    last: float
    direction: Direction
    readings: int  # readings since the moment

    @property
    def arrow(self) -> str:
        return "↗" if self.last > self.first else ("↘" if self.last < self.first else "→")

    @property
    def better(self) -> bool | None:
        """True if it moved the right way for the metric, False the wrong way, None if it did not move."""
        if self.last == self.first:
            return None
        return (self.last > self.first) == (self.direction is Direction.HIGHER)

    def describe(self, unit: str = "") -> str:
        """``↗ 61 → 67 % (better)``: ``unit``, the metric's, as the caller's text needs it (escaped for Slack)."""
        verdict = {True: "better", False: "worse", None: "unchanged"}[self.better]
        return f"{self.arrow} {num(self.first)} → {num(self.last)}{' ' + unit if unit else ''} ({verdict})"


def movement_since(project: Project, since: datetime) -> Movement | None:
    """The current metric's movement since ``since``; None with no reading since, or nothing to
    compare the only reading with."""
    metric = project.scope.optimizing
    readings = project.series_readings
    after = [r for r in readings if r.at > since]
    if metric is None or not after:
        return None
    before = [r for r in readings if r.at <= since]
    first = before[-1].value if before else after[0].value
    if not before and len(after) == 1:
        return None
    return Movement(first, after[-1].value, metric.direction, len(after))
