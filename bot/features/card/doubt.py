"""The card's "verdict in doubt" line: a check-in's No or silence makes a verdict out of date."""

from __future__ import annotations

from bot.slack.kit import day
from domain.checkin_health import Health
from domain.model import Stage
from domain.project import Project

LOOPED_BACK_TO = {Health.METRIC_NO: Stage.PLANNING, Health.DATA_NO: Stage.DATA}  # where the method sends each No
DOUBTS = {
    Health.METRIC_NO: (
        "the latest check-in said the metric no longer reflects what matters",
        "agree on a metric again (Edit) before trusting this verdict; the next check-in confirms it",
    ),
    Health.DATA_NO: (
        "the latest check-in said the data no longer holds",
        "re-rate data availability and labeling cost (Edit) or loop back to data (Move stage); "
        "the next check-in confirms it",
    ),
    Health.SILENT: (
        "check-ins go unanswered",
        "nobody has confirmed lately that the metric and the data still hold; answer the next check-in",
    ),
}


def doubt_line(health: Health, project: Project | None = None) -> str | None:
    """Why the verdict may be out of date (a check-in said No, or nobody answers), or None; once
    the project has looped back where the No points, that is said instead of advising it."""
    if health not in DOUBTS:
        return None
    why, what = DOUBTS[health]
    back = project.transitions[-1] if project is not None and project.transitions else None
    if back is not None and back.loop_back and back.to_stage is LOOPED_BACK_TO.get(health):
        what = f"it looped back to {back.to_stage.label} on {day(back.at)}; the next check-in confirms the verdict"
    return f"⚠️ *Verdict in doubt:* {why}. {what[0].upper()}{what[1:]}."
