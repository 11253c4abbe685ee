"""Wording shared by several views: rating scales, scores, advice, metric lines."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.kit import day, esc
from domain.advice import Advice, Severity
from domain.assessment import MetricStatus
from domain.gate import GATE
from domain.metric_scale import Scale
from domain.metrics import MetricReading
from domain.model import DRIVER_LABELS, FeasibilityDriver, GateQuestion, ImpactDriver
from domain.project import Project
from domain.scoring import QUADRANT_ADVICE, Priority, Quadrant, Score
from domain.worth_sentence import format_money

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
    Quadrant.UNSCORED: "❔",
}
NOT_SCORED = f"{QUADRANT_EMOJI[Quadrant.UNSCORED]} not yet scored"
BLOCKED_HEADING = "*⛔ Blocked by the gate* (ranked last until the answer changes)"


def with_blocked_heading(lines: list[str], blocked: list[bool]) -> list[str]:
    """A ranked list's lines with the gate-blocked group's heading before its first line (they rank last)."""
    if True not in blocked:
        return lines
    first = blocked.index(True)
    return [*lines[:first], BLOCKED_HEADING, *lines[first:]]


DRIVERS = (len(ImpactDriver), len(FeasibilityDriver))


def short_verdict(
    impact: float,
    feasibility: float,
    quadrant: Quadrant,
    rated: tuple[int, int] | None,
    gate_failed: Sequence[GateQuestion] = (),
) -> str:
    """A list line's scores and quadrant: ``I 33 (2/4 rated) / F 70 · 🟢 Do now``, or not yet scored,
    or blocked by the gate (which decides before the grid: no quadrant then).

    A score resting on some drivers only says so: it is a floor, not the project's score."""
    if gate_failed:
        scores = "" if quadrant is Quadrant.UNSCORED else f"I {impact:.0f} / F {feasibility:.0f} · "
        return f"{scores}⛔ blocked by the gate ({gate_note(gate_failed)})"
    if quadrant is Quadrant.UNSCORED:
        return NOT_SCORED + ("" if rated is None else f" ({sum(rated)}/{sum(DRIVERS)} drivers rated)")

    def one(letter: str, value: float, k: int | None, n: int) -> str:
        return f"{letter} {value:.0f}" + ("" if k is None or k == n else f" ({k}/{n} rated)")

    i_rated, f_rated = rated if rated is not None else (None, None)
    return (
        f"{one('I', impact, i_rated, DRIVERS[0])} / {one('F', feasibility, f_rated, DRIVERS[1])} · "
        f"{QUADRANT_EMOJI[quadrant]} {quadrant.label}"
    )


def short_worth(worth: float | None, currency: str) -> str:
    """`` · 💰 about 4,900 €/month`` at target for a list line; empty when not known (never 0)."""
    if worth is None:
        return ""
    if worth == 0:
        return " · 💰 worth nothing at target"
    said = format_money(worth, currency)
    return f" · 💰 {'loses ' if worth < 0 else ''}about {said}/month at target"


def quadrant_text(priority: Priority) -> str:
    q = priority.quadrant
    return f"{QUADRANT_EMOJI[q]} {q.label}"


def score_text(name: str, score: Score) -> str:
    """``Impact 62``, or, with drivers unrated, how much is rated and the range it could still take."""
    if score.complete:
        return f"*{name} {score.value:.0f}*"
    if score.rated == 0:  # nothing to show but the range: a 0 here would read as a verdict
        return f"*{name} not rated* (could be {score.low:.0f}–{score.high:.0f})"
    return (
        f"*{name} {score.value:.0f}* ({score.rated} of {score.drivers} drivers rated; "
        f"could be {score.low:.0f}–{score.high:.0f})"
    )


def to_rate_text(priority: Priority) -> str:
    """What to rate before the project gets a verdict, the next one first."""
    names = [DRIVER_LABELS[d].lower() for d in priority.to_rate]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"rate {listed} for a verdict (next: {names[0]})"


def score_line(
    priority: Priority,
    gate_failed: Sequence[GateQuestion] = (),
    *,
    archived: bool = False,
    worth: float | None = None,
) -> str:
    """Scores, quadrant and what the quadrant says to do, unless the gate or the archive says
    otherwise; a provisional verdict and a loss at target are said with it, never hidden behind it."""
    verdict = QUADRANT_ADVICE[priority.quadrant] if priority.scored else to_rate_text(priority) + "."
    if priority.could_be:
        others = " or ".join(q.label for q in priority.could_be)
        verdict += f" Provisional: once the other drivers are rated, it could be {others}."
    if worth is not None and worth < 0 and priority.scored:
        verdict += " But at its own target it loses money (💰 below): fix the target or the economics first."
    scores = f"{score_text('Impact', priority.impact)} · {score_text('Feasibility', priority.feasibility)}"
    if archived:  # no quadrant: "Do now" on an archived project would still read as advice
        return f"{scores} · 🗄️ Archived: out of the ranking, nothing to decide."
    if gate_failed:  # the gate decides before the grid: the quadrant is only what the scores alone say
        alone = f" On its scores alone: {quadrant_text(priority)}." if priority.scored else ""
        return f"{scores} · ⛔ *Blocked by the gate* ({gate_note(gate_failed)}): settle that before anything else.{alone}"
    return f"{scores} · {quadrant_text(priority)}: {verdict}"


def flags_line(priority: Priority) -> str | None:
    """What each hard-problem flag took off feasibility (each takes a share of what the others left)."""
    flags = priority.feasibility.flags
    if not flags:
        return None
    names = ", ".join(c.label.removeprefix("Hard problem: ") for c in flags)
    if all(round(abs(c.points), 1) == 0 for c in flags):
        return f"🧗 Hard problems ({names}): nothing left to take, feasibility was already 0 before them."
    removed = "; ".join(f"{c.label.removeprefix('Hard problem: ')} −{abs(c.points):.1f}" for c in flags)
    return (
        f"🧗 Hard problems lower feasibility by the same share each, of what the others left "
        f"(so the first listed takes the most points): {removed}."
    )


def gate_note(gate_failed: Sequence[GateQuestion]) -> str:
    return ", ".join(GATE[q].attention for q in gate_failed)


def drivers_line(priority: Priority) -> str:
    """What moved each score most, impact apart from feasibility (their points are on different scales)."""
    parts = [
        f"{name} mostly from " + "; ".join(c.describe() for c in tops)
        for name, score in (("Impact", priority.impact), ("Feasibility", priority.feasibility))
        if (tops := score.top(2))
    ]
    return " · ".join(parts) if parts else "No driver rated yet."


def advice_lines(advice: list[Advice]) -> list[str]:
    """A line each, escaped: advice quotes what people typed (a metric's name)."""
    return [("⚠️ " if a.severity is Severity.WARNING else "💡 ") + esc(a.text) for a in advice]


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def measured(value: float | None, unit: str, *, mrkdwn: bool = True) -> str:
    """A metric's value with its unit, as the card shows it: ``78 %``, ``3000 examples``; ``—`` when
    unknown. ``mrkdwn=False``: the unit as typed (a table cell is not mrkdwn)."""
    if value is None:
        return "—"
    return f"{value:g} {esc(unit) if mrkdwn else unit}" if unit else f"{value:g}"


def metric_line(status: MetricStatus) -> str:
    metric = status.metric
    if metric is None:
        return "_No optimizing metric yet._"
    best = status.best_baseline
    unit = f" {esc(metric.unit)}" if metric.unit else ""
    baseline = f"{num(best.value)} ({best.kind.value.replace('_', '-')})" if best else "—"
    arrow = "↑" if metric.direction.value == "higher" else "↓"
    current = f"{num(status.current)}{unit}{source_link(status.latest)}" if status.current is not None else "—"
    if status.current is None and status.earlier_readings:
        current = "— (no reading since the metric changed)"
    line = f"*{esc(metric.name)}* {arrow}: current {current} · target {num(metric.target)}{unit} · best baseline {baseline}"
    thresholds = [esc(m.describe()) for m in status.thresholds]
    if thresholds:
        line += "\nThresholds: " + "; ".join(thresholds)
    return line


def metric_change_lines(status: MetricStatus) -> list[str]:
    """The latest redefinition (from what, to what, who, when, why) and the baselines to re-measure."""
    lines: list[str] = []
    change = status.redefinition
    if change is not None:
        before = esc((change.previous or "—").split(", target ")[0])
        after = esc(change.current.split(", target ")[0])
        lines.append(
            f"📐 Metric changed from *{before}* to *{after}* on {day(change.at)} by <@{change.actor}>: {esc(change.reason)}"
        )
    if status.stale_baselines:
        stale = ", ".join(f"{esc(b.description)} {num(b.value)}" for b in status.stale_baselines[:5])
        more = f" and {len(status.stale_baselines) - 5} more" if len(status.stale_baselines) > 5 else ""
        lines.append(f"🔁 Measured on an earlier metric, to re-measure: {stale}{more}")
    return lines


SCALE_EXAMPLES = {
    Scale.PERCENT: "e.g. 71.5 or 71.5%",
    Scale.SHARE: "e.g. 0.715 or 71.5%",
    Scale.FREE: "e.g. 3,000 or 0.8",
}
SCALE_HINTS = {
    Scale.PERCENT: "A percentage, 0–100: 71.5 or 71.5%.",
    Scale.SHARE: "From 0 to 1: 0.715, or 71.5% for the same.",
    Scale.FREE: "As measured; 3,000 and 0,8 are read as people write them.",
}


def metric_facts(project: Project) -> str:
    """What a dialog recording a reading or a baseline should show: the metric, its direction,
    unit and target, the latest reading on it and the best baseline."""
    metric = project.scope.optimizing
    if metric is None:
        return "_No optimizing metric yet._"
    unit = f" {esc(metric.unit)}" if metric.unit else ""
    better = "higher is better" if metric.direction.value == "higher" else "lower is better"
    latest = project.series_readings[-1] if project.series_readings else None
    best = project.best_baseline()
    parts = [
        f"*{esc(metric.name)}* ({better}{', unit ' + esc(metric.unit) if metric.unit else ''})",
        f"target {num(metric.target)}{unit if metric.target is not None else ''}",
        f"latest {latest.value:g}{unit} on {day(latest.at)}" if latest else "no reading yet",
        f"best baseline {num(best.value)}{unit} ({esc(best.description)})" if best else _no_baseline(project),
    ]
    return " · ".join(parts)


def source_link(reading: MetricReading | None) -> str:
    """`` (from <url|run>)`` after a value a pipeline pushed with its source (the readings API), else nothing."""
    link = run_link(reading) if reading else ""
    return f" (from {link})" if link else ""  # "78 % 4711" read as one number


def run_link(reading: MetricReading) -> str:
    """``<url|run 4711>`` to the run a pipeline pushed the reading from; empty without a source URL.
    The URL was checked on the way in (http(s), none of ``<>|``, no spaces); ``&`` is escaped as Slack asks."""
    if not reading.source_url:
        return ""
    label = esc(f"run {reading.run_id}" if reading.run_id else "its run").replace("|", "¦")[:44]
    return f"<{reading.source_url.replace('&', '&amp;')}|{label}>"


def _no_baseline(project: Project) -> str:
    stale = len(project.stale_baselines())
    return f"no baseline on this metric yet ({stale} to re-measure)" if stale else "no baseline yet"
