"""Wording shared by several views: rating scales, scores, advice, metric lines."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.kit import esc
from domain.advice import Advice, Severity
from domain.assessment import MetricStatus
from domain.gate import GATE
from domain.model import GateQuestion
from domain.scoring import QUADRANT_ADVICE, Priority, Quadrant

RATING_SCALES: dict[str, tuple[str, ...]] = {
    "cheap_prediction": ("none", "a little", "some", "much", "prediction becomes nearly free"),
    "business_value": ("none", "small", "moderate", "large", "very large"),
    "friction_removed": ("none", "a little", "some", "much", "fully automated"),
    "rules_replaced": (
        "no rules today",
        "a few simple rules",
        "some rules",
        "many rules",
        "a tangle of hand-written rules",
    ),
    "data_availability": ("none yet", "hard to get", "some", "most of it", "plenty, ready to use"),
    "labeling_cost": ("no labels needed", "cheap", "moderate", "expensive", "very expensive / experts only"),
    "accuracy_requirement": ("errors are cheap", "low", "moderate", "high", "must almost never fail"),
    "problem_difficulty": ("solved problem", "easy", "moderate", "hard", "research problem"),
}

QUADRANT_EMOJI = {
    Quadrant.DO_NOW: "🟢",
    Quadrant.QUICK_WIN: "🔵",
    Quadrant.STRATEGIC_BET: "🟠",
    Quadrant.DEPRIORITIZE: "⚪",
}


def quadrant_text(priority: Priority) -> str:
    q = priority.quadrant
    return f"{QUADRANT_EMOJI[q]} {q.label}"


def score_line(priority: Priority, gate_failed: Sequence[GateQuestion] = ()) -> str:
    """Scores, quadrant and what the quadrant says to do, unless the gate says otherwise."""
    verdict = QUADRANT_ADVICE[priority.quadrant]
    if gate_failed:
        verdict = f"⛔ but the gate failed ({gate_note(gate_failed)}): settle that before anything else."
    return (
        f"*Impact {priority.impact.value:.0f}* · *Feasibility {priority.feasibility.value:.0f}* · "
        f"{quadrant_text(priority)}: {verdict}"
    )


def gate_note(gate_failed: Sequence[GateQuestion]) -> str:
    return ", ".join(GATE[q].attention for q in gate_failed)


def drivers_line(priority: Priority) -> str:
    tops = [c.describe() for c in priority.impact.top(2)] + [c.describe() for c in priority.feasibility.top(2)]
    return "Top drivers: " + "; ".join(tops) if tops else "No driver rated yet."


def advice_lines(advice: list[Advice]) -> list[str]:
    """A line each, escaped: advice quotes what people typed (a metric's name)."""
    return [("⚠️ " if a.severity is Severity.WARNING else "💡 ") + esc(a.text) for a in advice]


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def metric_line(status: MetricStatus) -> str:
    metric = status.metric
    if metric is None:
        return "_No optimizing metric yet._"
    best = status.best_baseline
    unit = f" {esc(metric.unit)}" if metric.unit else ""
    baseline = f"{num(best.value)} ({best.kind.value.replace('_', '-')})" if best else "—"
    arrow = "↑" if metric.direction.value == "higher" else "↓"
    line = f"*{esc(metric.name)}* {arrow}: current {num(status.current)}{unit} · target {num(metric.target)}{unit} · best baseline {baseline}"
    thresholds = [esc(m.describe()) for m in status.thresholds]
    if thresholds:
        line += "\nThresholds: " + "; ".join(thresholds)
    return line
