"""Domain objects ↔ rows. Kept apart from the repositories so both stay short."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from domain.gate import failed
from domain.metrics import Baseline, Metric, MetricChange, MetricReading
from domain.model import CheckinSchedule, DataPlan, Problem, Rated, Scope, Stage, Transition
from domain.project import Project
from domain.project_worth import monthly_value
from domain.scoring import ScoringWeights, prioritize
from storage.orm import (
    BaselineRow,
    MetricChangeRow,
    MetricRow,
    ProjectRow,
    ReadingRow,
    TransitionRow,
)

ECONOMICS_KEY = "_economics"
"""``Scope.economics`` rides in the ``answers`` JSON column under this key (no migration): answers'
own keys are question ids, which never start with an underscore."""


def _ratings(raw: dict[str, Any]) -> dict[str, Rated]:
    return {k: Rated.model_validate(v) for k, v in raw.items()}


def to_domain(row: ProjectRow) -> Project:
    return Project.model_construct(
        id=row.id,
        team_id=row.team_id,
        problem=Problem.model_construct(
            name=row.name,
            ref=row.ref,
            statement=row.statement,
            owner_id=row.owner_id,
            channel_id=row.channel_id,
            creator_id=row.creator_id,
        ),
        scope=Scope.model_validate(
            {
                "gate": row.gate or {},
                "checklist": row.checklist or [],
                "archetype": row.archetype,
                "answers": {k: v for k, v in (row.answers or {}).items() if k != ECONOMICS_KEY},
                "economics": (row.answers or {}).get(ECONOMICS_KEY),
                "data_flywheel": row.data_flywheel,
                "impact": _ratings(row.impact or {}),
                "feasibility": _ratings(row.feasibility or {}),
                "hard_flags": set(row.hard_flags or []),
                "metrics": [
                    Metric(
                        role=m.role,
                        name=m.name,
                        direction=m.direction,
                        target=m.target,
                        unit=m.unit,
                        comparator=m.comparator,
                        threshold=m.threshold,
                        weights=m.weights or {},
                    )
                    for m in row.metrics
                ],
                "baselines": [
                    Baseline(
                        kind=b.kind,
                        description=b.description,
                        value=b.value,
                        source=b.source,
                        human_level=b.human_level,
                        precision=b.precision,
                        recall=b.recall,
                        series=b.series or 1,
                    )
                    for b in row.baselines
                ],
            }
        ),
        stage=Stage(row.stage),
        stage_entered_at=row.stage_entered_at,
        transitions=[
            Transition(
                from_stage=t.from_stage,
                to_stage=t.to_stage,
                loop_back=t.loop_back,
                reason=t.reason,
                actor=t.actor,
                at=t.at,
            )
            for t in row.transitions
        ],
        readings=[
            MetricReading(
                value=r.value, at=r.at, actor=r.actor, note=r.note, series=r.series or 1,
                source_url=r.source_url, run_id=r.run_id,
            )  # fmt: skip
            for r in row.readings
        ],
        metric_changes=[
            MetricChange(
                previous=c.previous,
                current=c.current,
                reason=c.reason,
                actor=c.actor,
                at=c.at,
                new_series=c.new_series if c.new_series is not None else True,
            )
            for c in row.metric_changes
        ],
        checkin=CheckinSchedule.model_validate(row.checkin) if row.checkin else None,
        archived=row.archived,
        created_at=row.created_at,
        updated_at=row.updated_at,
        card_channel=row.card_channel,
        card_ts=row.card_ts,
        silent_since=row.silent_since,
        data_plan=DataPlan.model_validate(row.data_plan) if row.data_plan else None,
    )


def apply_scores(project: Project, row: ProjectRow, weights: ScoringWeights) -> None:
    """The derived columns a ranked list reads instead of loading and scoring every project."""
    priority = prioritize(project.scope, weights)
    row.impact_score, row.feasibility_score = priority.impact.value, priority.feasibility.value
    row.combined_score = round(priority.combined, 6)
    row.quadrant = priority.quadrant.value
    row.gate_failed = bool(failed(project.scope.gate))
    worth = monthly_value(project.scope)
    row.worth_per_month = None if worth is None else round(worth, 2)  # as domain.ranking.worth_key rounds it
    row.impact_rated, row.feasibility_rated = priority.impact.rated, priority.feasibility.rated
    metric = project.scope.optimizing
    row.metric_name, row.metric_target = (metric.name, metric.target) if metric else (None, None)
    row.current_value = project.current_value


def apply(project: Project, row: ProjectRow, weights: ScoringWeights) -> None:
    """Write ``project`` onto ``row``: scalar fields replaced, child lists synchronised.

    Transitions and metric changes are append-only, so only new ones are added; readings are
    synchronised row by row (``_sync_readings``: a reading may be taken back or folded).
    """
    apply_scores(project, row, weights)
    p, s = project.problem, project.scope
    row.team_id = project.team_id
    row.ref, row.name, row.statement = p.ref, p.name, p.statement
    row.owner_id, row.channel_id, row.creator_id = p.owner_id, p.channel_id, p.creator_id
    row.archetype = s.archetype.value if s.archetype else None
    row.gate = {q.value: a.value for q, a in s.gate.items()}
    row.checklist = sorted(i.value for i in s.checklist)
    row.answers = dict(s.answers) | ({ECONOMICS_KEY: s.economics.model_dump()} if s.economics else {})
    row.data_flywheel = s.data_flywheel
    row.impact = {k.value: v.model_dump() for k, v in s.impact.items()}
    row.feasibility = {k.value: v.model_dump() for k, v in s.feasibility.items()}
    row.hard_flags = sorted(f.value for f in s.hard_flags)
    row.stage = project.stage.value
    row.stage_entered_at = project.stage_entered_at
    row.checkin = project.checkin.model_dump(mode="json") if project.checkin else None
    row.archived = project.archived
    row.card_channel, row.card_ts = project.card_channel, project.card_ts
    row.silent_since = project.silent_since
    row.data_plan = project.data_plan.model_dump(mode="json") if project.data_plan else None
    row.created_at, row.updated_at = project.created_at, project.updated_at
    team = project.team_id

    wanted_metrics = [
        MetricRow(
            team_id=team,
            position=i,
            role=m.role.value,
            name=m.name,
            direction=m.direction.value,
            target=m.target,
            unit=m.unit,
            comparator=m.comparator.value if m.comparator else None,
            threshold=m.threshold,
            weights=dict(m.weights),
        )
        for i, m in enumerate(s.metrics)
    ]
    if [_metric_key(r) for r in row.metrics] != [_metric_key(r) for r in wanted_metrics]:
        row.metrics = wanted_metrics
    wanted_baselines = [
        BaselineRow(
            team_id=team,
            position=i,
            kind=b.kind.value,
            description=b.description,
            value=b.value,
            source=b.source,
            human_level=b.human_level.value if b.human_level else None,
            precision=b.precision,
            recall=b.recall,
            series=b.series,
        )
        for i, b in enumerate(s.baselines)
    ]
    if [_baseline_key(r) for r in row.baselines] != [_baseline_key(r) for r in wanted_baselines]:
        row.baselines = wanted_baselines
    _sync_readings(project, row)
    for move in project.transitions[len(row.transitions) :]:
        row.transitions.append(
            TransitionRow(
                team_id=team,
                from_stage=move.from_stage.value,
                to_stage=move.to_stage.value,
                loop_back=move.loop_back,
                reason=move.reason,
                actor=move.actor,
                at=move.at,
            )
        )
    for change in project.metric_changes[len(row.metric_changes) :]:
        row.metric_changes.append(
            MetricChangeRow(
                team_id=team,
                previous=change.previous,
                current=change.current,
                reason=change.reason,
                actor=change.actor,
                at=change.at,
                new_series=change.new_series,
            )
        )


def _sync_readings(project: Project, row: ProjectRow) -> None:
    """Make the rows say ``project.readings``, touching only what changed: a row that is the next
    reading stays, any other goes (one taken back, or the older half folded into a summary), and
    the readings after the last kept row are added, so the rows keep the readings' order."""
    wanted = [_reading_key(r) for r in project.readings]
    kept = 0
    removed = False
    for stored in list(row.readings):
        if kept < len(wanted) and _reading_key(stored) == wanted[kept]:
            kept += 1
        else:
            row.readings.remove(stored)
            removed = True
    session = object_session(row)
    if removed and session is not None and project.readings[kept:]:
        session.flush()  # the DELETEs first: a reading written again keeps its run id (unique per project)
    for reading in project.readings[kept:]:
        row.readings.append(
            ReadingRow(
                team_id=project.team_id,
                value=reading.value,
                note=reading.note,
                actor=reading.actor,
                at=reading.at,
                series=reading.series,
                source_url=reading.source_url,
                run_id=reading.run_id,
            )
        )


def _reading_key(reading: ReadingRow | MetricReading) -> tuple[object, ...]:
    at = reading.at.replace(tzinfo=None) if reading.at.tzinfo else reading.at
    return (reading.value, at, reading.actor, reading.note, reading.series, reading.run_id)


def _metric_key(r: MetricRow) -> tuple[object, ...]:
    return (
        r.position,
        r.role,
        r.name,
        r.direction,
        r.target,
        r.unit,
        r.comparator,
        r.threshold,
        sorted((r.weights or {}).items()),
    )


def _baseline_key(r: BaselineRow) -> tuple[object, ...]:
    return (r.position, r.kind, r.description, r.value, r.source, r.human_level, r.precision, r.recall, r.series)
