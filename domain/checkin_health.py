"""How a project's check-ins stand: the latest posted one's answers, or silence (digests, cards).

A "No" to "does the metric still reflect what matters?" or "does the data still hold?" puts the
project's verdict in doubt until a later check-in says it holds (issue 17: the card's verdict
must not ignore it); a check-in that went unanswered until the next makes it silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.checkins import Answer, Question, Response
from domain.project import Project


class Health(StrEnum):
    HOLDS = "holds"  # the latest check-in was answered and nothing said No
    METRIC_NO = "metric_no"
    DATA_NO = "data_no"
    WAITING = "waiting"  # posted, not answered yet
    SILENT = "silent"  # a check-in went unanswered until the next one
    NONE = "none"  # no check-in yet (or no schedule)


HEALTH_LABELS = {
    Health.HOLDS: "✅ holds",
    Health.METRIC_NO: "❌ metric",
    Health.DATA_NO: "❌ data",
    Health.WAITING: "⏳ waiting",
    Health.SILENT: "🔇 silent",
    Health.NONE: "—",
}


@dataclass(frozen=True)
class CheckinState:
    """A project's latest posted check-in, its answers, and whether the one before was ignored."""

    posted: bool
    responses: tuple[Response, ...] = ()


def health(project: Project, state: CheckinState | None) -> Health:
    if project.silent_since is not None:
        return Health.SILENT
    if state is None or not state.posted:
        return Health.NONE
    if not state.responses:
        return Health.WAITING
    answers = [a for r in state.responses for q in (Question.METRIC, Question.DATA) if (a := r.answers.get(q))]
    # numbers and notes alone (the details form) answer neither question: it does not "hold" yet
    if any(r.answers.get(Question.METRIC) is Answer.NO for r in state.responses):
        return Health.METRIC_NO
    if any(r.answers.get(Question.DATA) is Answer.NO for r in state.responses):
        return Health.DATA_NO
    return Health.HOLDS if answers else Health.WAITING
