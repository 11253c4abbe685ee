"""The impact × feasibility chart, made to be read at the size Slack shows it inline. PNG bytes.

- A point per project on the grid (``on_grid``), coloured by quadrant; quadrant lines at the
  workspace's thresholds, each quadrant's name in its corner.
- Labels for the top of the ranking (``LABELLED`` points), at 14 pt (twice the former 7 pt),
  placed so that no two overlap (``chart_labels``); projects with equal scores share one point and
  one label ("3 projects: a, b, c", cut with a count when long). A label that fits nowhere is left
  out, and the footnote says how many points carry no label.
- Projects whose latest check-in said No (the metric or the data no longer holds) are ringed in
  red: their verdict is in doubt (docs/design.md, "The digest's chart").
- The legend sits under the plot, outside it; the footnote counts what the grid leaves off.

matplotlib is imported when a chart is drawn, not at start-up, and uses the Agg backend (no screen).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.features.digests.chart_labels import Box, place
from domain.checkin_health import Health
from domain.digest import Digest, Entry
from domain.ranking import Ranked
from domain.scoring import Quadrant, ScoringWeights

COLORS = {
    Quadrant.DO_NOW: "#2e7d32",
    Quadrant.QUICK_WIN: "#1565c0",
    Quadrant.STRATEGIC_BET: "#ef6c00",
    Quadrant.DEPRIORITIZE: "#9e9e9e",
}
CORNERS = {  # where each quadrant's name goes, in axes fractions: impact up, feasibility right
    Quadrant.DO_NOW: (0.99, 0.99, "right", "top"),
    Quadrant.STRATEGIC_BET: (0.01, 0.99, "left", "top"),
    Quadrant.QUICK_WIN: (0.99, 0.01, "right", "bottom"),
    Quadrant.DEPRIORITIZE: (0.01, 0.01, "left", "bottom"),
}
IN_DOUBT = (Health.METRIC_NO, Health.DATA_NO)
RING = "#c62828"
LABELLED = 20  # points labelled at most, from the top of the ranking
LABEL_PT = 14  # twice the former 7 pt
NAMES_SHOWN = 3  # a shared label names this many projects, then counts the rest
LABEL_CHARS = 36
SIZE_IN, DPI = (8.0, 6.8), 160  # 1280 × 1088 pixels: sharp when Slack scales it down, ~100 KB
MARKER, CROWD = 64, 150  # points²: a dot 8 pt wide, smaller beyond CROWD points (area shared out)


@dataclass(frozen=True)
class Series:
    """One legend entry: points as (feasibility, impact)."""

    label: str
    color: str
    points: list[tuple[float, float]]


@dataclass(frozen=True)
class Group:
    """The projects drawn at one point (equal scores), best ranked first: one label for all."""

    xy: tuple[float, float]
    ranked: tuple[Ranked, ...]

    @property
    def label(self) -> str:
        return group_label([(r.rank, r.project.ref) for r in self.ranked])


def chart_series(digest: Digest) -> list[Series]:
    """What the chart plots: a series per quadrant, of the projects on the grid (see ``on_grid``)."""
    series = []
    for quadrant, color in COLORS.items():
        points = [_xy(e.ranked) for e in digest.entries if on_grid(e.ranked) and e.ranked.priority.quadrant is quadrant]
        if points:
            series.append(Series(f"{quadrant.label} ({len(points)})", color, points))
    return series


def on_grid(r: Ranked) -> bool:
    """Unscored projects are left off (a point would place them on missing answers), and so are
    those blocked by the gate (their quadrant alone would say "do now" of a project rules would do)."""
    return r.priority.scored and not r.blocked


def in_doubt(entry: Entry) -> bool:
    """On the grid, and the latest check-in said the metric or the data no longer holds: ringed."""
    return on_grid(entry.ranked) and entry.health in IN_DOUBT


def groups(digest: Digest) -> list[Group]:
    """The points on the grid, projects with equal scores together, in ranking order."""
    by_xy: dict[tuple[float, float], list[Ranked]] = {}
    for e in digest.entries:
        if on_grid(e.ranked):
            by_xy.setdefault(_xy(e.ranked), []).append(e.ranked)
    found = [Group(xy, tuple(sorted(rs, key=lambda r: r.rank))) for xy, rs in by_xy.items()]
    return sorted(found, key=lambda g: g.ranked[0].rank)


def group_label(ranked: Sequence[tuple[int, str]]) -> str:
    """ "3. churn" for one project; "3 projects: churn, fraud, leads" for several at one point,
    "7 projects: churn, fraud +5" when the names would not fit."""
    if len(ranked) == 1:
        rank, ref = ranked[0]
        return _cut(f"{rank}. {ref}")
    head, refs = f"{len(ranked)} projects: ", [ref for _, ref in ranked]
    for shown in range(min(NAMES_SHOWN, len(refs)), 0, -1):
        rest = len(refs) - shown
        text = head + ", ".join(refs[:shown]) + (f" +{rest}" if rest else "")
        if len(text) <= LABEL_CHARS:
            return text
    return _cut(head + refs[0], f" +{len(refs) - 1}")


def _cut(text: str, tail: str = "") -> str:
    room = LABEL_CHARS - len(tail)
    return (text if len(text) <= room else text[: room - 1] + "…") + tail


def unscored_count(digest: Digest) -> int:
    """Projects not yet scored (those blocked by the gate are counted with the blocked)."""
    return sum(1 for e in digest.entries if not e.ranked.priority.scored and not e.ranked.blocked)


def blocked_count(digest: Digest) -> int:
    return sum(1 for e in digest.entries if e.ranked.blocked)


def unscored_note(digest: Digest) -> str | None:
    """The footnote naming what the grid leaves off."""
    unscored, blocked = unscored_count(digest), blocked_count(digest)
    parts = ([f"{unscored} not yet scored"] if unscored else []) + (
        [f"{blocked} blocked by the gate"] if blocked else []
    )
    return f"{' · '.join(parts)} (left off the grid)" if parts else None


def _xy(r: Ranked) -> tuple[float, float]:
    return (r.priority.feasibility.value, r.priority.impact.value)


def draw(digest: Digest, weights: ScoringWeights | None = None) -> Any:
    """The chart as a matplotlib Figure (on an Agg canvas), labels placed: ``portfolio_chart`` saves it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    weights = weights or ScoringWeights()
    fig = Figure(figsize=SIZE_IN, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.24, 0.87, 0.66))  # fixed: labels are placed in these pixels
    ax.set_xlim(-3, 103)
    ax.set_ylim(-10, 110)  # bands above 100 and below 0 for the quadrants' names: never over a point
    ax.set_yticks(range(0, 101, 20))
    ax.axvline(weights.feasibility_threshold, color="#555555", linewidth=1, linestyle="--", zorder=1)
    ax.axhline(weights.impact_threshold, color="#555555", linewidth=1, linestyle="--", zorder=1)
    ax.set_xlabel("Feasibility →", fontsize=13)
    ax.set_ylabel("Impact →", fontsize=13)
    ax.tick_params(labelsize=12)
    scope = digest.scope.describe().replace("<@", "@").replace(">", "")
    ax.set_title(f"ML portfolio: impact × feasibility ({scope})", fontsize=15)
    drawn = groups(digest)
    size = MARKER * min(1.0, CROWD / max(1, len(drawn))) ** 0.5
    for one in chart_series(digest):
        xs, ys = [x for x, _ in one.points], [y for _, y in one.points]
        ax.scatter(xs, ys, s=size, c=one.color, label=one.label, edgecolors="white", linewidths=0.6, zorder=3)
    doubt = [_xy(e.ranked) for e in digest.entries if in_doubt(e)]
    if doubt:
        ax.scatter(
            *zip(*doubt, strict=True),
            s=size * 4,
            facecolors="none",
            edgecolors=RING,
            linewidths=2,
            zorder=4,
            label=f"Check-in said No ({len(doubt)})",
        )
    names = [
        ax.text(
            x,
            y,
            q.label,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=13,
            fontweight="bold",
            color=COLORS[q],
            alpha=0.75,
            zorder=2,
        )
        for q, (x, y, ha, va) in CORNERS.items()
    ]
    unlabelled = _label(ax, drawn, names, size, doubt)
    _legend(fig, ax)
    note = " · ".join(
        part
        for part in (
            unscored_note(digest),
            f"{unlabelled} project{'s' if unlabelled != 1 else ''} on the grid not labelled (see the digest)"
            if unlabelled
            else None,
        )
        if part
    )
    if note:
        fig.text(0.99, 0.012, note, ha="right", va="bottom", fontsize=12, color="#555555", style="italic")
    return fig


def _label(ax: Any, drawn: list[Group], names: list[Any], size: float, ringed: list[tuple[float, float]]) -> int:
    """Label the top ``LABELLED`` points without overlaps; how many projects on the grid carry no label."""
    import numpy as np
    from matplotlib import patheffects
    from matplotlib.lines import Line2D
    from matplotlib.transforms import IdentityTransform

    renderer = ax.figure.canvas.get_renderer()
    px = ax.transData.transform(np.array([g.xy for g in drawn])) if drawn else np.zeros((0, 2))
    texts = [
        ax.annotate(
            g.label,
            g.xy,
            xytext=(0, 0),
            textcoords="offset pixels",
            ha="left",
            va="bottom",
            fontsize=LABEL_PT,
            color="#212121",
            zorder=5,
            gid="label",
            path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
        )
        for g in drawn[:LABELLED]
    ]
    sizes = [(b.width, b.height) for b in (t.get_window_extent(renderer) for t in texts)]
    frame = _box(ax.get_window_extent(renderer))
    inner = (frame[0] + 2, frame[1] + 2, frame[2] - 2, frame[3] - 2)
    radius = (size**0.5) / 2 * ax.figure.dpi / 72
    spots = place(
        [((float(p[0]), float(p[1])), wh) for p, wh in zip(px, sizes, strict=False)],
        frame=inner,
        obstacles=[_box(n.get_window_extent(renderer)) for n in names],
        points=px,
        radius=radius,
        clear=ax.transData.transform(np.array(ringed)) if ringed else None,
        near=(2 if ringed else 1) * radius + 3,  # clear of a ring (twice a dot's width) too
    )
    labelled = 0
    for text, spot, p, group in zip(texts, spots, px, drawn, strict=False):
        if spot is None:
            text.remove()
            continue
        labelled += len(group.ranked)
        text.xyann = (spot.box[0] - p[0], spot.box[1] - p[1])
        if spot.far:
            x0, y0, x1, y1 = spot.leader(float(p[0]), float(p[1]))
            ax.add_line(
                Line2D([x0, x1], [y0, y1], transform=IdentityTransform(), color="#757575", linewidth=0.9, zorder=2)
            )
    return sum(len(g.ranked) for g in drawn) - labelled


def _box(b: Any) -> Box:
    return (b.x0, b.y0, b.x1, b.y1)


def _legend(fig: Any, ax: Any) -> None:
    """Under the plot, outside it: never over a point."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.045),
            ncol=min(len(handles), 3),
            fontsize=13,
            frameon=False,
            markerscale=1.0,
            handletextpad=0.3,
            columnspacing=1.5,
        )


def portfolio_chart(digest: Digest, weights: ScoringWeights | None = None) -> bytes:
    """The chart as PNG bytes, for the digest's thread."""
    out = io.BytesIO()
    draw(digest, weights).savefig(out, format="png")
    return out.getvalue()
