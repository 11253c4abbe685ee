"""Canvases MLScope keeps current (a project's brief, a digest channel's portfolio page), and the
workspaces where Slack forbade canvases (``domain.canvases``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.orm.base import ID, Base, UTCDateTime


class CanvasRow(Base):
    __tablename__ = "canvases"
    __table_args__ = (UniqueConstraint("team_id", "kind", "key", name="uq_canvases_team_kind_key"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # brief | portfolio
    key: Mapped[str] = mapped_column(String(32))  # the project's id, or the digest channel
    canvas_id: Mapped[str | None] = mapped_column(String(32))  # NULL: claimed, being created
    parts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # part key -> digest of what was written
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CanvasRefusalRow(Base):
    """Slack forbade canvases in this workspace (the plan, the scopes, a policy): remembered, not retried."""

    __tablename__ = "canvas_refusals"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    error: Mapped[str] = mapped_column(String(80))
    method: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
