"""The ``Project`` aggregate: a project in one Slack workspace, and the rules every change obeys.

Use cases load a project, make one call here, record history and commit. Each method checks
its rules first and changes nothing when one is broken (it raises a ``DomainError``); when all
hold it applies the change and keeps ``stage_entered_at`` and ``updated_at`` true.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from domain import lifecycle
from domain.errors import DomainError
from domain.metric_series import ReadingKey, find_reading, metric_changed, series_key
from domain.metrics import (
    MAX_READINGS,
    Baseline,
    Direction,
    MetricChange,
    MetricReading,
    MetricRole,
    fold_readings,
)
from domain.model import CheckinSchedule, ChecklistItem, DataPlan, Problem, Scope, Stage, Transition
from domain.project_refusals import archived_refusal, no_metric_refusal
from domain.values import DomainModel

MAX_BASELINES = 20
PROBLEM_FIELDS = ("name", "statement", "owner_id", "channel_id")


def check_scope(scope: Scope) -> None:
    """Rules a stored project's scope must satisfy beyond field shapes."""
    if scope.optimizing_count() > 1:
        names = ", ".join(m.name for m in scope.metrics if m.role is MetricRole.OPTIMIZING)
        raise DomainError(
            f"metrics: exactly one optimizing metric is allowed, got {scope.optimizing_count()} ({names}); "
            "make the others satisficing thresholds",
            field="metrics",
            rule="one_optimizing_metric",
        )
    names = [m.name.lower() for m in scope.metrics]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise DomainError(
            f"metrics: the metric “{duplicates[0]}” is listed twice", field="metrics", rule="unique_metric"
        )


def _baseline_identity(baseline: Baseline) -> tuple[object, ...]:
    return (baseline.kind, baseline.description, baseline.value, baseline.source, baseline.human_level)


class Project(DomainModel):
    """A project in one Slack workspace. ``id`` is None until it is stored."""

    id: int | None = None
    team_id: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    problem: Problem
    scope: Scope = Field(default_factory=Scope)
    stage: Stage = Stage.PLANNING
    stage_entered_at: datetime
    transitions: list[Transition] = Field(default_factory=list)
    readings: list[MetricReading] = Field(default_factory=list)
    metric_changes: list[MetricChange] = Field(default_factory=list)
    checkin: CheckinSchedule | None = None
    archived: bool = False
    created_at: datetime
    updated_at: datetime
    card_channel: str | None = None
    card_ts: str | None = None
    silent_since: datetime | None = None
    data_plan: DataPlan | None = None

    @classmethod
    def start(
        cls, team_id: str, problem: Problem, *, scope: Scope, checkin: CheckinSchedule | None, now: datetime
    ) -> Project:
        """A new project in planning, once its scope obeys the rules."""
        check_scope(scope)
        return cls(
            team_id=team_id,
            problem=problem,
            scope=scope,
            stage_entered_at=now,
            checkin=checkin,
            created_at=now,
            updated_at=now,
        )

    @property
    def ref(self) -> str:
        return self.problem.ref

    @property
    def name(self) -> str:
        return self.problem.name

    @property
    def metric_series(self) -> int:
        """The optimizing metric's current definition: 1, then one more at each redefinition."""
        return 1 + sum(1 for change in self.metric_changes if change.new_series)

    @property
    def series_readings(self) -> list[MetricReading]:
        """The readings measured on the current definition of the optimizing metric."""
        return [r for r in self.readings if r.series == self.metric_series]

    @property
    def current_value(self) -> float | None:
        """The latest reading on the current metric: none yet right after a redefinition."""
        readings = self.series_readings
        return readings[-1].value if readings else None

    def series_names(self) -> dict[int, str]:
        """What each series measured (the metric's description without its target), oldest first."""
        redefinitions = [c for c in self.metric_changes if c.new_series]
        current = self.scope.optimizing
        first = redefinitions[0].previous if redefinitions else (current.describe() if current else None)
        names = [first or "the metric", *(c.current for c in redefinitions)]
        return {n: name.split(", target ")[0] for n, name in enumerate(names, start=1)}

    @property
    def last_redefinition(self) -> MetricChange | None:
        """The latest change that started a new series, to say on the card (who, when, why)."""
        return next((c for c in reversed(self.metric_changes) if c.new_series), None)

    def require_active(self) -> None:
        """An archived project is read-only."""
        if self.archived:
            raise archived_refusal(self.ref)

    def edit(
        self,
        *,
        problem: Problem,
        scope: Scope | None,
        checkin: CheckinSchedule | None,
        clear_checkin: bool,
        metric_change_reason: str,
        actor: str,
        now: datetime,
    ) -> list[str]:
        """Replace what an edit changes; redefining the optimizing metric needs a reason, kept in
        ``metric_changes``. Returns the names of what changed, for the history."""
        self.require_active()
        change: MetricChange | None = None
        if scope is not None:
            check_scope(scope)
            before, after = self.scope.optimizing, scope.optimizing
            if metric_changed(before, after, reason=metric_change_reason):
                assert before is not None and after is not None
                change = MetricChange(
                    previous=before.describe(),
                    current=after.describe(),
                    reason=metric_change_reason,
                    actor=actor,
                    at=now,
                    new_series=series_key(before) != series_key(after),
                )
        changed = [k for k in PROBLEM_FIELDS if getattr(problem, k) != getattr(self.problem, k)]
        self.problem = problem
        if change is not None:
            self.metric_changes.append(change)
        if scope is not None:
            scope = self._baselines_keep_their_series(scope)
            if scope != self.scope:
                changed.append("scope")
            self.scope = scope
        if checkin is not None or clear_checkin:
            if checkin != self.checkin:
                changed.append("checkin")
            self.checkin = checkin
        self.updated_at = now
        return changed

    def move_to(self, target: Stage, *, reason: str, actor: str, now: datetime) -> Transition:
        """Move along the method's stages (``domain.lifecycle`` says which moves exist)."""
        self.require_active()
        move = lifecycle.transition(self.stage, target, reason=reason, actor=actor, now=now)
        self.transitions.append(move)
        self.stage, self.stage_entered_at, self.updated_at = target, now, now
        return move

    def archive(self, *, now: datetime) -> None:
        self.require_active()
        self.archived, self.updated_at = True, now

    def unarchive(self, *, now: datetime) -> None:
        """Back in the portfolio; check-ins resume from now on (none for the archived weeks), and a
        silence from before the archive is forgotten."""
        if not self.archived:
            raise DomainError(f"`{self.ref}` is not archived: nothing to do.", field="ref", rule="not_archived")
        self.archived, self.updated_at, self.silent_since = False, now, None
        if self.checkin is not None:
            self.checkin = self.checkin.model_copy(update={"since": now})

    def remove_reading(self, key: ReadingKey, *, now: datetime) -> MetricReading:
        """Take back one reading (an undo, or a deletion from the history); the current value is
        then the latest reading left. Refused when it is gone already or folded into a summary."""
        self.require_active()
        removed = self.readings.pop(find_reading(self.readings, key))
        self.updated_at = now
        return removed

    def record(self, reading: MetricReading) -> None:
        """A reading of the optimizing metric; past ``MAX_READINGS`` the older half is folded into one
        summary, so that a project measured every few minutes by a pipeline stays quick to load."""
        self.require_active()
        if self.scope.optimizing is None:
            raise no_metric_refusal(self.ref)
        self.record_reading(reading.model_copy(update={"series": self.metric_series}))
        self.updated_at = reading.at

    def record_reading(self, reading: MetricReading) -> None:
        """Append a reading, folding the oldest past the cap (no rule checked: readings as stored)."""
        self.readings.append(reading)
        if len(self.readings) > MAX_READINGS:
            self.readings = fold_readings(self.readings, keep=MAX_READINGS // 2)

    def add_baseline(self, baseline: Baseline, *, now: datetime) -> None:
        self.require_active()
        if len(self.scope.baselines) >= MAX_BASELINES:
            raise DomainError(
                f"baselines: a project keeps at most {MAX_BASELINES} baselines", field="baselines", rule="max_baselines"
            )
        self.scope.baselines.append(baseline.model_copy(update={"series": self.metric_series}))
        self.updated_at = now

    def _baselines_keep_their_series(self, scope: Scope) -> Scope:
        """An edit sends every baseline again: one already kept keeps the series it was measured
        on; a new one is measured on the current metric."""
        known = {_baseline_identity(b): b.series for b in self.scope.baselines}
        series = [known.get(_baseline_identity(b), self.metric_series) for b in scope.baselines]
        kept = [b.model_copy(update={"series": n}) for b, n in zip(scope.baselines, series, strict=True)]
        return scope.model_copy(update={"baselines": kept})

    def stale_baselines(self) -> list[Baseline]:
        """Baselines measured on an earlier definition of the metric: to measure again."""
        return [b for b in self.scope.baselines if b.series != self.metric_series]

    def set_checklist(self, ticked: set[ChecklistItem], *, now: datetime) -> bool:
        """The feasibility steps ticked by hand; False when nothing changed."""
        self.require_active()
        if self.scope.checklist == ticked:
            return False
        self.scope.checklist = set(ticked)
        self.updated_at = now
        return True

    def plan_data(self, plan: DataPlan) -> bool:
        """Write (or rewrite) the data plan; False when its text is what it already says."""
        self.require_active()
        if self.data_plan is not None and self.data_plan.text == plan.text:
            return False
        self.data_plan, self.updated_at = plan, plan.at
        return True

    def fall_silent(self, now: datetime) -> bool:
        """Nobody answered the last check-in; True when that is news."""
        if self.silent_since is not None:
            return False
        self.silent_since = now
        return True

    def hear_from(self) -> bool:
        """Someone answered a check-in; True when the project was silent."""
        if self.silent_since is None:
            return False
        self.silent_since = None
        return True

    def place_card(self, channel: str, ts: str) -> None:
        """Where the card was posted, so it can be updated in place."""
        self.card_channel, self.card_ts = channel, ts

    def best_baseline(self) -> Baseline | None:
        """The tightest lower bound: the best-valued baseline by the optimizing metric's direction."""
        metric = self.scope.optimizing
        valued = [b for b in self.scope.baselines if b.value is not None and b.series == self.metric_series]
        if not valued:
            return None
        if metric is None or metric.direction is Direction.HIGHER:
            return max(valued, key=lambda b: b.value)  # type: ignore[arg-type,return-value]
        return min(valued, key=lambda b: b.value)  # type: ignore[arg-type,return-value]

