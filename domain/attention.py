"""Why a lead should look at a project now: the digest's "needs attention" list (issues 5, 17, 19).

Every reason is said in words a lead can act on. The list covers: check-ins that said No or go
unanswered; a stage held too long; the gate (a No, or questions still open); a project not yet
scored (and what to rate); no optimizing metric, no baseline, baselines to re-measure after a
metric change; no reading for N weeks on a project that has a metric (N a workspace setting,
``stale_weeks``: 4 by default, 1 to 26);
blockers reported at a check-in more than a week ago; a model that loses money at its own target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.assessment import Assessment
from domain.checkin_health import Health
from domain.errors import DomainError
from domain.gate import GATE, open_questions
from domain.model import DRIVER_LABELS
from domain.project import Project
from domain.project_worth import monthly_value

DEFAULT_STUCK_AFTER = timedelta(days=60)
DEFAULT_STALE_WEEKS, STALE_WEEKS_MIN, STALE_WEEKS_MAX = 4, 1, 26  # a workspace's "no reading for N weeks"
QUIET_AFTER = timedelta(weeks=DEFAULT_STALE_WEEKS)  # no reading for this long: is anyone measuring?
BLOCKER_OLD_AFTER = timedelta(days=7)


def stale_weeks(weeks: int) -> int:
    """A workspace's N in "no reading for N weeks", or a DomainError saying the bounds."""
    if not STALE_WEEKS_MIN <= weeks <= STALE_WEEKS_MAX:
        raise DomainError(
            f"“{weeks}” weeks is out of bounds: no reading for {STALE_WEEKS_MIN} to {STALE_WEEKS_MAX} weeks "
            f"(the default is {DEFAULT_STALE_WEEKS}).",
            field="stale_readings",
            rule="stale_weeks_bounds",
        )
    return weeks


@dataclass(frozen=True)
class Blocker:
    """A blocker someone reported at the latest check-in, and when."""

    user_id: str
    text: str
    since: datetime


def reasons(
    project: Project,
    assessment: Assessment,
    health: Health,
    blockers: Sequence[Blocker],
    now: datetime,
    *,
    stuck_after: timedelta = DEFAULT_STUCK_AFTER,
    quiet_after: timedelta = QUIET_AFTER,
) -> list[str]:
    """Each reason this project needs a lead's attention, most pressing first."""
    found = _checkins(health) + _gate(project, assessment) + _scoring(assessment)
    stuck = now - project.stage_entered_at
    if stuck > stuck_after:
        found.append(f"in {project.stage.value} for {stuck.days} days")
    found += _metric(project, assessment, now, quiet_after)
    found += [
        f"blocker open {(now - b.since).days} days: {b.text[:80]}" for b in blockers if now - b.since > BLOCKER_OLD_AFTER
    ]
    worth = monthly_value(project.scope)
    if worth is not None and worth < 0:
        found.append("loses money at its own target (see its card)")
    return found


def _checkins(health: Health) -> list[str]:
    said = {
        Health.METRIC_NO: "the metric no longer holds (check-in)",
        Health.DATA_NO: "the data no longer holds (check-in)",
        Health.SILENT: "check-ins go unanswered",
    }
    return [said[health]] if health in said else []


def _gate(project: Project, assessment: Assessment) -> list[str]:
    failed = [f"gate: {GATE[q].attention}" for q in assessment.gate_failed]
    still_open = [GATE[q].short for q in open_questions(project.scope.gate)]
    return failed + ([f"gate still open: {', '.join(still_open)}"] if still_open else [])


def _scoring(assessment: Assessment) -> list[str]:
    priority = assessment.priority
    if priority.scored:
        return []
    names = ", ".join(DRIVER_LABELS[d].lower() for d in priority.to_rate)
    return [f"not yet scored: rate {names}"]


def _metric(project: Project, assessment: Assessment, now: datetime, quiet_after: timedelta) -> list[str]:
    found = [] if project.scope.baselines else ["no baseline"]
    if assessment.metric.metric is None:
        return ["no optimizing metric", *found]
    if project.stale_baselines():
        found.append("baselines to re-measure on the new metric")
    readings = project.series_readings
    last = readings[-1].at if readings else None
    if last is not None and now - last > quiet_after:
        found.append(f"no reading for {(now - last).days // 7} weeks")
    elif last is None and now - project.created_at > quiet_after:
        found.append(f"no reading in {(now - project.created_at).days // 7} weeks")
    return found
