"""The project aggregate's tables: the project row, its child rows, its audit trail and drafts.

Ratings, flags and archetype answers live in JSON columns of ``projects`` (they are read and
written as a whole); metrics, baselines, readings and transitions get rows of their own. A draft is
a scope not yet finished: one per person and workspace.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.orm.base import ID, Base, UTCDateTime

RUN_ID_UNIQUE = "uq_metric_readings_project_run"


class ProjectRow(Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("team_id", "ref", name="uq_projects_team_ref"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    ref: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    statement: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32), default="")
    creator_id: Mapped[str] = mapped_column(String(32))
    archetype: Mapped[str | None] = mapped_column(String(32))
    gate: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    checklist: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    data_flywheel: Mapped[bool | None] = mapped_column()
    impact: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    feasibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hard_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    stage: Mapped[str] = mapped_column(String(16))
    stage_entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checkin: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    archived: Mapped[bool] = mapped_column(default=False)
    card_channel: Mapped[str | None] = mapped_column(String(32))
    card_ts: Mapped[str | None] = mapped_column(String(32))
    silent_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    data_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # domain.data_plan: text, actor, at (0027)
    # Derived on every save (and when the workspace's weights change) so that lists rank in SQL.
    impact_score: Mapped[float] = mapped_column(Float, default=0.0)
    feasibility_score: Mapped[float] = mapped_column(Float, default=0.0)
    combined_score: Mapped[float] = mapped_column(Float, default=0.0)
    quadrant: Mapped[str] = mapped_column(String(16), default="deprioritize")
    gate_failed: Mapped[bool] = mapped_column(default=False, server_default=false())  # ranked after all others
    worth_per_month: Mapped[float | None] = mapped_column(Float)  # at target, rounded to a cent; None: not known
    impact_rated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    feasibility_rated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    metric_name: Mapped[str | None] = mapped_column(String(80))
    metric_target: Mapped[float | None] = mapped_column(Float)
    current_value: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Optimistic concurrency: every UPDATE says which version it read (``WHERE version = …``) and
    # moves it on; a writer that read an older one changes nothing and hears ``StaleDataError``.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    metrics: Mapped[list[MetricRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="MetricRow.position"
    )
    baselines: Mapped[list[BaselineRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="BaselineRow.position"
    )
    readings: Mapped[list[ReadingRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ReadingRow.id"
    )
    transitions: Mapped[list[TransitionRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="TransitionRow.id"
    )
    metric_changes: Mapped[list[MetricChangeRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="MetricChangeRow.id"
    )


class _ProjectChild:
    """Columns every child table shares: its own id, the workspace, the project."""

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))


class MetricRow(_ProjectChild, Base):
    __tablename__ = "metrics"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(80))
    direction: Mapped[str] = mapped_column(String(8))
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="")
    comparator: Mapped[str | None] = mapped_column(String(2))
    threshold: Mapped[float | None] = mapped_column(Float)
    weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)

    project: Mapped[ProjectRow] = relationship(back_populates="metrics")


class BaselineRow(_ProjectChild, Base):
    __tablename__ = "baselines"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    human_level: Mapped[str | None] = mapped_column(String(32))
    precision: Mapped[float | None] = mapped_column(Float)  # its operating point as a decision task (0022)
    recall: Mapped[float | None] = mapped_column(Float)
    series: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # the metric definition measured on

    project: Mapped[ProjectRow] = relationship(back_populates="baselines")


class ReadingRow(_ProjectChild, Base):
    __tablename__ = "metric_readings"
    # A pipeline's retried call records once: the run id is unique per project (NULLs never clash).
    __table_args__ = (UniqueConstraint("project_id", "run_id", name=RUN_ID_UNIQUE),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    series: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # the metric definition measured on
    source_url: Mapped[str | None] = mapped_column(String(500))  # a pipeline's run page (readings API)
    run_id: Mapped[str | None] = mapped_column(String(100))

    project: Mapped[ProjectRow] = relationship(back_populates="readings")


class MetricChangeRow(_ProjectChild, Base):
    __tablename__ = "metric_changes"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    previous: Mapped[str | None] = mapped_column(Text)
    current: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_series: Mapped[bool] = mapped_column(default=True, server_default=true())  # False: only the target moved

    project: Mapped[ProjectRow] = relationship(back_populates="metric_changes")


class TransitionRow(_ProjectChild, Base):
    __tablename__ = "transitions"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    loop_back: Mapped[bool] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    project: Mapped[ProjectRow] = relationship(back_populates="transitions")


class HistoryRow(Base):
    """The audit trail: every change, by whom, when."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_team_project", "team_id", "project_id"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class DraftRow(Base):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_drafts_team_user"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    step: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # compare-and-set writes
