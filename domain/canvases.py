"""Canvases MLScope keeps current: a project's brief and a digest channel's portfolio page.

A ``CanvasRecord`` says which Slack canvas holds which document (``kind`` brief: ``key`` the
project's id; kind portfolio: ``key`` the digest channel) and the digest of each part last
written, so that a change edits only the parts it changed. A canvas is claimed before it is
created (``canvas_id`` None meanwhile): two clicks on "Open brief" create one canvas.

A ``CanvasRefusal`` remembers, per workspace, that Slack forbade canvases there (the plan, the
granted scopes, an admin's policy): nothing asks Slack again until ``RETRY_AFTER`` has passed,
and then only when a person asks; updates in the background never do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class CanvasKind(StrEnum):
    BRIEF = "brief"
    PORTFOLIO = "portfolio"


# A claim whose canvas never arrived (the process died between claim and create) may be taken again.
CLAIM_EXPIRES = timedelta(minutes=2)
# After a refusal, a person asking again is told from memory until then; then Slack is asked once more.
RETRY_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class CanvasRecord:
    team_id: str
    kind: CanvasKind
    key: str
    canvas_id: str | None  # None: claimed, being created
    claimed_at: datetime
    parts: dict[str, str] = field(default_factory=dict)  # part key -> digest of its Markdown as last written

    def changed(self, parts: dict[str, str]) -> list[str]:
        """The keys of ``parts`` (part key -> Markdown) whose Markdown differs from what was written."""
        return [key for key, markdown in parts.items() if self.parts.get(key) != digest_of(markdown)]


@dataclass(frozen=True)
class CanvasRefusal:
    team_id: str
    error: str  # Slack's error code, e.g. missing_scope
    method: str  # the Web API method refused
    at: datetime

    def asks_again(self, now: datetime) -> bool:
        return now - self.at >= RETRY_AFTER


def digest_of(markdown: str) -> str:
    return hashlib.sha256(markdown.encode()).hexdigest()[:16]


def digests(parts: dict[str, str]) -> dict[str, str]:
    return {key: digest_of(markdown) for key, markdown in parts.items()}
