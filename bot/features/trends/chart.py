"""The trend chart: the current metric's readings over time, against its target and best baseline. PNG bytes.

Like the digest's chart (``bot.features.digests.chart``): matplotlib is imported when a chart is
drawn, not at start-up, and draws on the Agg backend (no screen). What is drawn is
``domain.trend.Trend``; a line that is unknown (no target, no baseline) is not drawn.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from domain.metrics import Direction
from domain.trend import Trend

READINGS = "#1565c0"
TARGET = "#2e7d32"
BASELINE = "#9e9e9e"
MAX_TICKS = 5  # dates on the time axis: readable at the size Slack shows the image

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def trend_chart(trend: Trend, zone: str = "UTC") -> bytes:
    """The chart as PNG bytes; its time axis in ``zone`` (the reader's IANA timezone)."""
    fig = trend_figure(trend, zone)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def trend_figure(trend: Trend, zone: str = "UTC") -> Figure:
    """The figure: readings against target and baseline; dates placed by ``AutoDateLocator`` (at
    most ``MAX_TICKS``) and labelled by ``ConciseDateFormatter``, both in ``zone``, which the axis names."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    unit = f" ({trend.unit})" if trend.unit else ""
    fig = Figure(figsize=(7, 3.2), dpi=100)
    ax = fig.subplots()
    ys = trend.values
    dated = trend.points[0].at != trend.points[-1].at  # readings recorded at one instant: drawn in order
    xs = [p.at for p in trend.points] if dated else list(range(1, len(ys) + 1))
    ax.plot(xs, ys, marker="o", markersize=4, color=READINGS, label=f"{trend.metric} ({len(ys)} readings)")
    if trend.target is not None:
        ax.axhline(trend.target, color=TARGET, linestyle="--", linewidth=1, label=f"target {trend.target:g}")
    if trend.baseline is not None:
        ax.axhline(
            trend.baseline, color=BASELINE, linestyle=":", linewidth=1.2,
            label=f"best baseline {trend.baseline:g} ({trend.baseline_kind})",
        )  # fmt: skip
    better = "higher" if trend.direction is Direction.HIGHER else "lower"
    ax.set_title(f"{trend.metric}: {better} is better", fontsize=10)
    ax.set_ylabel(f"{trend.metric}{unit}", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=7, framealpha=0.8)
    if dated:
        tz = ZoneInfo(zone)
        locator = AutoDateLocator(tz=tz, minticks=3, maxticks=MAX_TICKS)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=tz))
        ax.set_xlabel(f"time in {zone}", fontsize=7)
    else:
        ax.set_xlabel("reading", fontsize=8)
    fig.tight_layout()
    return fig
