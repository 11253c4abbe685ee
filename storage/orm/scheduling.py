"""Tables of scheduled work: occurrences (one per scheduled post), check-in answers and the
loop-backs offered on them, digest subscriptions and when each channel last had a digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.orm.base import ID, Base, UTCDateTime


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
    # An open blocker is shown on the project's later check-ins until someone marks it resolved.
    blockers_resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    blockers_resolved_by: Mapped[str | None] = mapped_column(String(32))
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
    __table_args__ = (UniqueConstraint("team_id", "channel_id", "scope", name="uq_channel_digests_team_channel_scope"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    # The digest's filter (``DigestFilter.encode()``; "" for the whole portfolio): a filtered digest
    # does not move the point a full digest of the same channel measures its changes from.
    scope: Mapped[str] = mapped_column(String(80), default="", server_default="")
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())
