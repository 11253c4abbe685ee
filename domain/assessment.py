"""A project's assessment, computed once: priority, gate verdict, advice, checklist progress, metric status.

Cards, ``show``, App Home and digests render an ``Assessment`` instead of asking scoring, the
gate, advice, the checklist and the metric one after the other. Nothing in it depends on the
clock, so it takes no ``now``: how long a project has been in its stage is the digest's own rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from domain.advice import Advice, Severity, advise
from domain.checkin_health import CheckinState, Health, health
from domain.checklist import ITEMS, ChecklistLine, progress
from domain.gate import failed
from domain.metrics import Baseline, Metric, MetricChange, MetricReading
from domain.model import GateQuestion
from domain.project import Project
from domain.project_worth import worth_of
from domain.ranking import Ranked
from domain.scoring import Priority, ScoringWeights, prioritize
from domain.worth_appraisal import Worth


@dataclass(frozen=True)
class ChecklistProgress:
    """How far the feasibility checklist is, and its next step in the method's order."""

    done: int
    total: int
    next_step: ChecklistLine | None

    @property
    def complete(self) -> bool:
        return self.next_step is None


@dataclass(frozen=True)
class MetricStatus:
    """Where the optimizing metric stands: its latest reading against its target and baselines."""

    metric: Metric | None
    current: float | None
    best_baseline: Baseline | None
    thresholds: tuple[Metric, ...]
    stale_baselines: tuple[Baseline, ...] = ()  # measured on an earlier definition: to re-measure
    redefinition: MetricChange | None = None  # the latest change that started the current series
    earlier_readings: bool = False  # readings exist, but on an earlier definition only
    latest: MetricReading | None = None  # the reading ``current`` comes from (its source link, if a pipeline's)

    @property
    def target_met(self) -> bool | None:
        if self.metric is None or self.current is None:
            return None
        return self.metric.meets_target(self.current)


@dataclass(frozen=True)
class Assessment:
    """Each part is computed on first use and kept: a card uses them all, a digest line two."""

    project: Project
    priority: Priority
    currency: str | None = None  # the workspace's when the caller read it (the money line and its advice)
    checkin: CheckinState | None = None  # the latest posted check-in, when the caller read it

    @property
    def health(self) -> Health:
        """How the check-ins stand; a "No" or silence puts the verdict in doubt (the card says so)."""
        return health(self.project, self.checkin)

    @cached_property
    def worth(self) -> Worth | None:
        """What the model is worth a month (``domain.project_worth``), None when nothing was answered.

        Raises DomainError when the stated precision and recall cannot be (see ``domain.worth``)."""
        return worth_of(self.project.scope, self.project.metric_series)

    @cached_property
    def gate_failed(self) -> tuple[GateQuestion, ...]:
        return tuple(failed(self.project.scope.gate))

    @cached_property
    def advice(self) -> tuple[Advice, ...]:
        return tuple(advise(self.project.scope, self.currency, self.project.metric_series))

    @property
    def warnings(self) -> tuple[Advice, ...]:
        return tuple(a for a in self.advice if a.severity is Severity.WARNING)

    @cached_property
    def checklist(self) -> ChecklistProgress:
        done, next_step = progress(self.project.scope)
        return ChecklistProgress(done, len(ITEMS), next_step)

    @cached_property
    def metric(self) -> MetricStatus:
        scope = self.project.scope
        project = self.project
        return MetricStatus(
            scope.optimizing,
            project.current_value,
            project.best_baseline(),
            tuple(scope.satisficing),
            tuple(project.stale_baselines()),
            project.last_redefinition,
            bool(project.readings) and not project.series_readings,
            project.series_readings[-1] if project.series_readings else None,
        )


def assess(
    project: Project, weights: ScoringWeights, currency: str | None = None, checkin: CheckinState | None = None
) -> Assessment:
    return Assessment(project, prioritize(project.scope, weights), currency, checkin)


def assess_ranked(ranked: Ranked) -> Assessment:
    """The assessment of a project already ranked (its priority is not computed twice)."""
    return Assessment(ranked.project, ranked.priority)
