"""The impact × feasibility chart: one labelled point per project, quadrant lines. PNG bytes.

matplotlib is imported when a chart is drawn, not at start-up, and uses the Agg backend (no screen).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from domain.digest import Digest
from domain.ranking import Ranked
from domain.scoring import Quadrant, ScoringWeights

COLORS = {
    Quadrant.DO_NOW: "#2e7d32",
    Quadrant.QUICK_WIN: "#1565c0",
    Quadrant.STRATEGIC_BET: "#ef6c00",
    Quadrant.DEPRIORITIZE: "#9e9e9e",
}
LABELLED = 40  # the top of the ranking is labelled; beyond that labels would be unreadable


@dataclass(frozen=True)
class Series:
    """One legend entry: points as (feasibility, impact)."""

    label: str
    color: str
    points: list[tuple[float, float]]


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


def _label_the_top(ax: Any, digest: Digest) -> None:
    for entry in digest.entries[:LABELLED]:
        r = entry.ranked
        if not on_grid(r):
            continue
        ax.annotate(
            f"{r.rank}. {r.project.ref}",
            (r.priority.feasibility.value, r.priority.impact.value),
            textcoords="offset points",
            xytext=(4, 4),
            fontsize=7,
        )


def portfolio_chart(digest: Digest, weights: ScoringWeights | None = None) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    weights = weights or ScoringWeights()
    fig = Figure(figsize=(8, 6), dpi=100)
    ax = fig.subplots()
    for one in chart_series(digest):
        xs, ys = [x for x, _ in one.points], [y for _, y in one.points]
        ax.scatter(xs, ys, s=36, c=one.color, label=one.label, alpha=0.8, edgecolors="white", linewidths=0.5)
    _label_the_top(ax, digest)
    ax.axvline(weights.feasibility_threshold, color="#555555", linewidth=0.8, linestyle="--")
    ax.axhline(weights.impact_threshold, color="#555555", linewidth=0.8, linestyle="--")
    ax.set_xlim(-2, 102)
    ax.set_ylim(-2, 102)
    ax.set_xlabel("Feasibility")
    ax.set_ylabel("Impact")
    ax.set_title(f"ML portfolio: impact × feasibility ({digest.scope.describe().replace('<@', '@').replace('>', '')})")
    for x, y, text in ((75, 98, "Do now"), (25, 98, "Strategic bet"), (75, 2, "Quick win"), (25, 2, "Deprioritize")):
        ax.text(x, y, text, ha="center", va="top" if y > 50 else "bottom", fontsize=9, color="#555555")
    note = unscored_note(digest)
    if note:
        fig.text(0.99, 0.01, note, ha="right", va="bottom", fontsize=8, color="#555555", style="italic")
    if chart_series(digest):
        ax.legend(loc="lower left", fontsize=8, framealpha=0.8)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
