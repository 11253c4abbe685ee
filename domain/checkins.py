"""Check-ins: the habit of asking whether the metric and the data still hold.

Pure rules: which due time to plan (at most one catch-up after downtime), what a "No" leads to,
and the states an occurrence (one scheduled post) goes through.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.model import CheckinSchedule, Stage
from domain.recurrence import next_due

MAX_STEPS = 2000  # cadences are at least weekly-ish: this covers decades of downtime


class Question(StrEnum):
    METRIC = "metric"
    DATA = "data"
    BASELINES = "baselines"


QUESTIONS = {
    Question.METRIC: "Does the metric still capture what matters to users and the business?",
    Question.DATA: "Does the data still hold (volume, label quality, matches production)?",
    Question.BASELINES: "Has any baseline changed (a new paper, a better rule, a human benchmark)?",
}


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class OccurrenceKind(StrEnum):
    CHECKIN = "checkin"
    NUDGE = "nudge"
    DIGEST = "digest"
    CHART = "chart"  # the digest's chart, uploaded into the digest's thread


class OccurrenceStatus(StrEnum):
    PENDING = "pending"  # due; waiting to be claimed (or retried after a 429/5xx)
    POSTING = "posting"  # a holder is calling Slack now; a taker must first look for the message
    POSTED = "posted"  # Slack's ts recorded
    SKIPPED = "skipped"  # no longer needed (project archived or paused, nudge already answered)


@dataclass
class Occurrence:
    """One scheduled post, unique by (project, kind, due time) or (channel, kind, due time)."""

    team_id: str
    kind: OccurrenceKind
    due_at: datetime
    project_id: int | None = None
    subscription_id: int | None = None
    parent_id: int | None = None
    id: int | None = None
    status: OccurrenceStatus = OccurrenceStatus.PENDING
    claimed_by: str | None = None
    lease_until: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    channel: str | None = None
    ts: str | None = None
    posted_at: datetime | None = None
    posting_at: datetime | None = None  # when a holder began calling Slack (bounds a search after a crash)
    last_error: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class Response:
    """One person's answers to one check-in; editable until the next check-in is posted."""

    occurrence_id: int
    team_id: str
    user_id: str
    answers: dict[Question, Answer] = field(default_factory=dict)
    metric_value: float | None = None
    blockers: str = ""
    notes: str = ""
    updated_at: datetime | None = None
    # Inputs since the last check-in: the method measures effort, not only results.
    experiments: int | None = None
    labels: int | None = None


@dataclass(frozen=True)
class Inputs:
    """Effort since the last check-in, summed over everyone who answered."""

    experiments: int = 0
    labels: int = 0

    @classmethod
    def of(cls, responses: Iterable[Response]) -> Inputs:
        given = list(responses)
        return cls(sum(r.experiments or 0 for r in given), sum(r.labels or 0 for r in given))

    def __bool__(self) -> bool:
        return bool(self.experiments or self.labels)

    def describe(self) -> str:
        parts = []
        if self.experiments:
            parts.append(f"{self.experiments:,} experiment{'s' if self.experiments != 1 else ''}")
        if self.labels:
            parts.append(f"{self.labels:,} example{'s' if self.labels != 1 else ''} labelled")
        return ", ".join(parts)


def due_to_plan(schedule: CheckinSchedule, *, since: datetime, now: datetime) -> datetime | None:
    """The latest due time in (since, now], or None. Missed earlier ones are not caught up:
    after downtime a project gets one check-in, not one per missed period."""
    if schedule.paused:
        return None
    latest: datetime | None = None
    cursor = since
    for _ in range(MAX_STEPS):
        due = next_due(schedule, cursor)
        if due > now:
            return latest
        latest, cursor = due, due
    return latest


@dataclass(frozen=True)
class OpenBlocker:
    """A blocker someone reported at an earlier check-in, not yet marked resolved: it carries forward."""

    occurrence_id: int  # the check-in it was reported at
    user_id: str
    text: str
    reported_at: datetime  # that check-in's due time


@dataclass(frozen=True)
class CheckinNote:
    """The latest note someone gave in a check-in's details, for the digest's line (issue 19)."""

    user_id: str
    text: str
    at: datetime  # when they saved it


@dataclass(frozen=True)
class Away:
    """Someone away until an instant (``domain.away``): no nudges or mentions of them till then."""

    user_id: str
    name: str  # how they are named while away, without a mention
    until: datetime


@dataclass(frozen=True)
class LoopBackOffer:
    target: Stage
    reason: str


def loop_back_for(question: Question, answer: Answer, stage: Stage) -> LoopBackOffer | None:
    """What the method prescribes after a "No": revisit the metric in planning, or go back to data."""
    if answer is not Answer.NO:
        return None
    if question is Question.METRIC and stage is not Stage.PLANNING:
        return LoopBackOffer(Stage.PLANNING, "the metric no longer captures what matters")
    if question is Question.DATA and stage in (Stage.TRAINING, Stage.DEPLOYMENT):
        return LoopBackOffer(Stage.DATA, "the data no longer holds")
    return None


def next_step_in_place(question: Question, answer: Answer, stage: Stage) -> LoopBackOffer | None:
    """After a "No" with nowhere to loop back to (the project is there already): the step the method
    takes there, offered in place (``target`` is the project's own stage): revise the metric in
    planning; a plan for the data in planning or data."""
    if answer is not Answer.NO:
        return None
    if question is Question.METRIC and stage is Stage.PLANNING:
        return LoopBackOffer(stage, "the metric no longer captures what matters")
    if question is Question.DATA and stage in (Stage.PLANNING, Stage.DATA):
        return LoopBackOffer(stage, "the data no longer holds")
    return None


def backoff(attempts: int, *, base: float = 5.0, cap: float = 300.0) -> timedelta:
    """Delay before retrying after a 5xx or a network error: 5 s, 10 s, 20 s … at most 5 min."""
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))
