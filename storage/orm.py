"""Tables. Every one carries ``team_id``: a workspace never reads another's rows.

Ratings, flags and archetype answers live in JSON columns of ``projects`` (they are read and
written as a whole); metrics, baselines, readings and transitions get rows of their own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (naive storage) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


ID = BigInteger().with_variant(Integer(), "sqlite")


class WorkspaceRow(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    weights: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # bumped with every write to the workspace's projects or weights: the read cache's key
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # who may read the portfolio (domain.visibility): members (the default) or everyone
    visibility: Mapped[str] = mapped_column(String(16), default="members", server_default="members")


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
    # Derived on every save (and when the workspace's weights change) so that lists rank in SQL.
    impact_score: Mapped[float] = mapped_column(Float, default=0.0)
    feasibility_score: Mapped[float] = mapped_column(Float, default=0.0)
    combined_score: Mapped[float] = mapped_column(Float, default=0.0)
    quadrant: Mapped[str] = mapped_column(String(16), default="deprioritize")
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

    project: Mapped[ProjectRow] = relationship(back_populates="baselines")


class ReadingRow(_ProjectChild, Base):
    __tablename__ = "metric_readings"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    project: Mapped[ProjectRow] = relationship(back_populates="readings")


class MetricChangeRow(_ProjectChild, Base):
    __tablename__ = "metric_changes"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    previous: Mapped[str | None] = mapped_column(Text)
    current: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

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


class OccurrenceRow(Base):
    """One scheduled post. ``dedupe_key`` makes planning idempotent across replicas."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_occurrences_dedupe_key"),
        Index("ix_occurrences_due", "status", "next_attempt_at"),
        Index("ix_occurrences_project_kind", "project_id", "kind"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    dedupe_key: Mapped[str] = mapped_column(String(120))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    subscription_id: Mapped[int | None] = mapped_column(ID)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    posting_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when Slack was first called
    last_error: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ResponseRow(Base):
    """One person's answers to one check-in."""

    __tablename__ = "checkin_responses"
    __table_args__ = (UniqueConstraint("occurrence_id", "user_id", name="uq_checkin_responses_occurrence_user"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    metric_value: Mapped[float | None] = mapped_column(Float)
    blockers: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    experiments: Mapped[int | None] = mapped_column(Integer)
    labels: Mapped[int | None] = mapped_column(Integer)
    # Two quick clicks of one person (two questions) must not overwrite each other's answer.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class OfferRow(Base):
    """A loop-back offered in a check-in thread: at most one per check-in and question."""

    __tablename__ = "checkin_offers"
    __table_args__ = (UniqueConstraint("occurrence_id", "question", name="uq_checkin_offers_occurrence_question"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubscriptionRow(Base):
    """A channel subscribed to scheduled digests."""

    __tablename__ = "digest_subscriptions"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_digest_subscriptions_team_channel"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    schedule: Mapped[dict[str, Any]] = mapped_column(JSON)
    scope: Mapped[str] = mapped_column(String(40), default="")
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChannelDigestRow(Base):
    """When a channel last received a digest: "what changed" starts there."""

    __tablename__ = "channel_digests"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_channel_digests_team_channel"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeliveryRow(Base):
    """A request from Slack seen once: its Slack id and the response we gave (replayed to retries)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_deliveries_team_key"),
        Index("ix_deliveries_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    status: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LeadRow(Base):
    """A workspace's MLScope leads: they may change any project."""

    __tablename__ = "leads"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_leads_team_user"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    added_by: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
