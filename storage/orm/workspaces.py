"""Per-workspace tables outside the projects: the workspace's settings, its leads, the requests
from Slack already seen (replayed to Slack's retries), who is away, and the readings API's tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.orm.base import ID, Base, UTCDateTime


class WorkspaceRow(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    weights: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # bumped with every write to the workspace's projects or weights: the read cache's key
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # who may read the portfolio (domain.visibility): members (the default) or everyone
    visibility: Mapped[str] = mapped_column(String(16), default="members", server_default="members")
    # the card's money line is said in it (domain.worth_sentence); NULL reads as EUR
    currency: Mapped[str | None] = mapped_column(String(3))
    # ISO dates on which nothing is posted (domain.holidays); NULL reads as none
    holidays: Mapped[list[str] | None] = mapped_column(JSON)
    # the digest's "no reading for N weeks" (domain.attention); NULL reads as the default, 4
    stale_readings_weeks: Mapped[int | None] = mapped_column(Integer)


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


class AwayRow(Base):
    """Someone away until an instant (``/mlproject away``): no nudges or mentions of them till then."""

    __tablename__ = "people_away"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_people_away_team_user"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(80))  # said instead of a mention while they are away
    until: Mapped[datetime] = mapped_column(UTCDateTime())
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiTokenRow(Base):
    """A token of the readings API: its SHA-256 only (domain/api_token_use_cases.py says why no salt)."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("team_id", "name", name="uq_api_tokens_team_name"),
        UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
