"""What the ticker asks of the features that post on a schedule, and what they give back.

Each kind of occurrence (check-in, nudge, digest, chart) belongs to a feature, which registers a
``Poster`` for it (``bot.app``). The ticker claims due work, hands each kind's claimed occurrences
to its poster at once (so a poster reads what it needs in one go), and posts what comes back. It
knows no message, no chart and no feature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from domain.checkins import Occurrence, OccurrenceKind
from domain.ports import UnitOfWork

ClientFor = Callable[[str], WebClient]


@dataclass
class Post:
    """One occurrence ready to go out: where, what, and what to do when it has."""

    occ: Occurrence
    channel: str
    message: dict[str, Any]
    thread_ts: str | None = None
    file: bytes | None = None  # a chart: uploaded privately, then shown by an image block in the thread
    fallback: dict[str, Any] | None = None  # posted instead, once, if Slack refuses the message's blocks
    begun: bool = False  # marked as being posted already (with the rest of the tick's posts)


@dataclass(frozen=True)
class Skip:
    """Not to be posted, for this reason (recorded on the occurrence)."""

    reason: str


@dataclass(frozen=True)
class AskAgain:
    """Slack did not answer a question the post depends on: try again soon (with back-off)."""

    error: str


Prepared = Post | Skip | AskAgain | None  # None: nothing to post


@dataclass
class Round:
    """What posters share during one tick: the time it runs at, and a cache for answers asked of
    Slack once per tick (whether a channel is shared, say)."""

    deps: Deps
    client_for: ClientFor
    now: datetime
    cache: dict[Any, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Poster:
    """``prepare``: what to post for each claimed occurrence of the kind, by id. ``follow_up``: the
    occurrence to post right after one of this kind went out (a digest's chart), if any."""

    prepare: Callable[[Round, list[Occurrence]], Mapping[int, Prepared]]
    follow_up: Callable[[UnitOfWork, int], int | None] | None = None


Posters = Mapping[OccurrenceKind, Poster]
