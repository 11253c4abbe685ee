"""What values a metric can take, and a reading typed as a person writes it (issue 18).

- **Percent** metrics (unit "%", or a share-like name such as accuracy or recall whose target is
  written between 1 and 100) lie in 0–100: "71.5%" and "71.5" are both 71.5.
- **Share** metrics (a share-like name, no unit, target 0–1 or none) lie in 0–1: "71.5%" is
  0.715, and "71.5" is refused with the reading it probably means.
- **Free** metrics (latency in ms, revenue per user…) take any finite number; a "%" typed after
  one is refused (its unit says what it is measured in).

A value impossible for its metric is a field error that changes nothing. A possible value far
from the series (``far_from``: ten times larger or smaller than the latest reading, or the other
sign) is recorded only once the person confirms it: "0.78" on a percent metric at 78 is a slip.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError, parse
from domain.metrics import Metric, MetricReading
from domain.project import Project

PERCENT_UNITS = {"%", "percent", "pct", "percentage"}
SHARE_NAMES = re.compile(
    r"accuracy|precision|recall|\bf1\b|f-?score|\bauc\b|\biou\b|\bmap\b|ndcg|hit ?rate|sensitivity|specificity"
    r"|\bshare\b|\brate\b|coverage",
    re.IGNORECASE,
)
FAR = 10.0  # a reading this many times larger or smaller than the latest asks for confirmation


class Scale(StrEnum):
    PERCENT = "percent"
    SHARE = "share"
    FREE = "free"


def scale_of(metric: Metric) -> Scale:
    if metric.unit.strip().lower() in PERCENT_UNITS:
        return Scale.PERCENT
    if metric.unit.strip() or metric.weights or not SHARE_NAMES.search(metric.name):
        return Scale.FREE
    if metric.target is not None and 1 < metric.target <= 100:
        return Scale.PERCENT  # "accuracy, target 90": the team writes it in percent
    return Scale.SHARE


def _g(value: float) -> str:
    return f"{value:.6g}"


def reading_value(metric: Metric, number: float, *, percent: bool = False) -> float:
    """The value to record for ``number`` as typed (``percent``: it ended with "%"), or a DomainError."""
    if not math.isfinite(number):
        raise DomainError("value: Input should be a finite number", field="value", rule="finite_number")
    scale = scale_of(metric)
    if scale is Scale.FREE:
        if percent:
            unit = f"in {metric.unit}" if metric.unit else "without a unit"
            raise DomainError(
                f"value: “{metric.name}” is measured {unit}, not in %: type the number as you measured it.",
                field="value",
                rule="not_a_percent_metric",
            )
        return number
    if scale is Scale.SHARE:
        value = number / 100 if percent else number
        if not 0 <= value <= 1:
            hint = f" Did you mean {_g(number / 100)} ({_g(number)}%)?" if 1 < number <= 100 and not percent else ""
            raise DomainError(
                f"value: {metric.name} lies between 0 and 1, so {_g(number)}{'%' if percent else ''} cannot be.{hint}",
                field="value",
                rule="out_of_scale",
            )
        return value
    if not 0 <= number <= 100:
        raise DomainError(
            f"value: {metric.name} is a percentage (0–100), so {_g(number)} cannot be.",
            field="value",
            rule="out_of_scale",
        )
    return number


def far_from(value: float, latest: float | None) -> bool:
    """True when ``value`` is ten times larger or smaller than the latest reading, or of the other sign."""
    if latest is None or value == latest:
        return False
    if value == 0 or latest == 0:
        return max(abs(value), abs(latest)) >= 1  # from 0.0 to 0.7 is a model learning; from 0 to 78 a slip
    if (value > 0) != (latest > 0):
        return True
    ratio = abs(value) / abs(latest)
    return ratio >= FAR or ratio <= 1 / FAR


class FarFromSeries(DomainError):
    """A possible reading far from the series: recorded once the person confirms it."""

    def __init__(self, value: float, latest: float, unit: str):
        unit_text = f" {unit}" if unit else ""
        super().__init__(
            f"value: {_g(value)}{unit_text} is far from the latest reading ({_g(latest)}{unit_text}). "
            "If it is right, confirm it.",
            field="value",
            rule="far_from_series",
        )
        self.value = value
        self.latest = latest
        self.unit = unit
        self.meant = _meant(value, latest)


def _meant(value: float, latest: float) -> float | None:
    """What a slip probably meant: a hundred times off (a share typed for a percentage, or the
    other way round) and then close to the series; None when no such reading is near."""
    for guess in (value * 100, value / 100):
        if not far_from(guess, latest):
            return guess
    return None


def typed_reading(
    project: Project, number: float, *, percent: bool, confirmed: bool, at: datetime, actor: str, note: str | None
) -> MetricReading:
    """The reading to record for ``number`` as typed: on the metric's scale, confirmed when far.

    A project without an optimizing metric gets the number as typed: ``Project.record`` refuses it."""
    value = typed_value(project.scope.optimizing, project.current_value, number, percent=percent, confirmed=confirmed)
    return parse(MetricReading, {"value": value, "at": at, "actor": actor, "note": note or None})


def typed_value(metric: Metric | None, latest: float | None, number: float, *, percent: bool, confirmed: bool) -> float:
    """``number`` on ``metric``'s scale, refused when far from ``latest`` (the current series'
    latest reading) unless ``confirmed``; as typed when there is no metric (the caller refuses it)."""
    value = number if metric is None else reading_value(metric, number, percent=percent)
    if metric is not None and latest is not None and not confirmed and far_from(value, latest):
        raise FarFromSeries(value, latest, metric.unit)
    return value
