"""The impact × feasibility chart: one labelled point per project, quadrant lines. PNG bytes.

matplotlib is imported when a chart is drawn, not at start-up, and uses the Agg backend (no screen).
"""

from __future__ import annotations

import io

from domain.digest import Digest
from domain.scoring import Quadrant, ScoringWeights

COLORS = {
    Quadrant.DO_NOW: "#2e7d32",
    Quadrant.QUICK_WIN: "#1565c0",
    Quadrant.STRATEGIC_BET: "#ef6c00",
    Quadrant.DEPRIORITIZE: "#9e9e9e",
}
LABELLED = 40  # the top of the ranking is labelled; beyond that labels would be unreadable


def portfolio_chart(digest: Digest, weights: ScoringWeights | None = None) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    weights = weights or ScoringWeights()
    fig = Figure(figsize=(8, 6), dpi=100)
    ax = fig.subplots()
    for quadrant, color in COLORS.items():
        points = [e.ranked for e in digest.entries if e.ranked.priority.quadrant is quadrant]
        if points:
            ax.scatter(
                [r.priority.feasibility.value for r in points],
                [r.priority.impact.value for r in points],
                s=36,
                c=color,
                label=f"{quadrant.label} ({len(points)})",
                alpha=0.8,
                edgecolors="white",
                linewidths=0.5,
            )
    for entry in digest.entries[:LABELLED]:
        r = entry.ranked
        ax.annotate(
            f"{r.rank}. {r.project.ref}",
            (r.priority.feasibility.value, r.priority.impact.value),
            textcoords="offset points",
            xytext=(4, 4),
            fontsize=7,
        )
    ax.axvline(weights.feasibility_threshold, color="#555555", linewidth=0.8, linestyle="--")
    ax.axhline(weights.impact_threshold, color="#555555", linewidth=0.8, linestyle="--")
    ax.set_xlim(-2, 102)
    ax.set_ylim(-2, 102)
    ax.set_xlabel("Feasibility")
    ax.set_ylabel("Impact")
    ax.set_title(f"ML portfolio: impact × feasibility ({digest.scope.describe().replace('<@', '@').replace('>', '')})")
    for x, y, text in ((75, 98, "Do now"), (25, 98, "Strategic bet"), (75, 2, "Quick win"), (25, 2, "Deprioritize")):
        ax.text(x, y, text, ha="center", va="top" if y > 50 else "bottom", fontsize=9, color="#555555")
    if digest.entries:
        ax.legend(loc="lower left", fontsize=8, framealpha=0.8)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
